"""Shared by the latency benchmarks: one summary line for a list of samples in ms."""
import statistics


def summary(samples):
    """`p50 X ms, p95 Y ms, max Z ms` (p95 by nearest rank)."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, max {ordered[-1]:.1f} ms"
