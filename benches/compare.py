#!/usr/bin/env python3
"""shop against Hugo (and Zola, where installed): build time and peak memory, same shop.

Usage: benches/compare.sh [--sizes 1000,10000] [--runs 3] [--seed 1] [--no-write]

For each size, benches/gen_shop.py makes a shop of that many products (no images) and
hugo_site.py makes the Hugo site of the same product files, with templates that mirror
shop's theme. Everything is built into tmpfs (/dev/shm), so the disk is not measured:
first once each, untimed, to check that both did the same work, then --runs times each,
alternating, every build into an empty output folder. shop is timed twice per run: with an
empty cache, so it also draws every QR code of the shop (a cold build, as in a fresh
clone), and right after that with the QR codes in its cache (every later build). Hugo
keeps nothing between builds of this site. Each build runs under
`/usr/bin/time -f "%e %U %S %M"`: wall seconds, user and system CPU seconds, peak resident
KB. CPU time is the steadier figure when other work shares the cores.

The check fails the run: both outputs must have the same number of HTML pages and the
peer's HTML must be within 25% of shop's in bytes. A page is an HTML file that is not a
redirect stub (`http-equiv="refresh"`): Hugo always writes one at each listing's
/page/1/, a URL shop does not make; they are counted and printed apart.

It prints the table and the shop/Hugo ratios, and writes them with a description of the
machine between `<!-- compare -->` and `<!-- /compare -->` in docs/benchmarks.md
(not with --no-write).
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap

import hugo_site

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOC = os.path.join(ROOT, "docs", "benchmarks.md")
BEGIN, END = "<!-- compare -->", "<!-- /compare -->"
TIME = "/usr/bin/time"
SIZE_TOLERANCE = 0.25
WIDTH = 90  # docs/*.md wrap prose at 90 columns


def fail(message):
    """Stops the run with a message that says what to do."""
    sys.exit(f"compare: {message}")


def run(cmd, **kwargs):
    """Runs a command, failing the run with its output if it fails."""
    done = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        fail(f"`{' '.join(cmd)}` failed (exit {done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout


def check_tools():
    """Every tool the run needs, or a message naming the missing one and how to get it."""
    needs = [("cargo", "install Rust with rustup"),
             ("hugo", "install it with `sudo apt-get install -y hugo`")]
    for tool, how in needs:
        if not shutil.which(tool):
            fail(f"`{tool}` is not on PATH: {how}")
    if not os.access(TIME, os.X_OK):
        fail(f"{TIME} is missing (the shell's `time` cannot report peak memory): "
             "install it with `sudo apt-get install -y time`")


def build_shop():
    """Builds shop's release binary and returns its path (honours CARGO_TARGET_DIR)."""
    print("building shop: cargo build --release --locked", flush=True)
    run(["cargo", "build", "--release", "--locked"], cwd=ROOT)
    meta = json.loads(run(["cargo", "metadata", "--format-version", "1", "--no-deps"],
                          cwd=ROOT))
    return os.path.join(meta["target_directory"], "release", "shop")


def timed(cmd, scratch):
    """Runs `cmd` under /usr/bin/time; returns (wall s, CPU s, peak RSS in KB)."""
    report = os.path.join(scratch, "time.txt")
    run([TIME, "-f", "%e %U %S %M", "-o", report] + cmd)
    with open(report) as f:
        wall, user, system, kilobytes = f.read().split()[-4:]
    return float(wall), float(user) + float(system), int(kilobytes)


def census(folder):
    """What a build wrote: HTML pages, their bytes, redirect stubs, all files, all bytes."""
    pages = html = stubs = files = size = 0
    for parent, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(parent, name)
            files += 1
            size += os.path.getsize(path)
            if not name.endswith(".html"):
                continue
            with open(path, "rb") as f:
                data = f.read()
            if b'http-equiv="refresh"' in data:
                stubs += 1
            else:
                pages += 1
                html += len(data)
    return {"pages": pages, "html": html, "stubs": stubs, "files": files, "size": size}


class Tool:
    """One way to build a site of a given size, and what its builds measured and wrote."""

    def __init__(self, name, command, reset=lambda size: None):
        self.name = name
        self.command = command  # (size, output folder) -> argv
        self.reset = reset  # size -> None: removes what earlier builds left to reuse
        self.samples = {}  # size -> [(wall s, CPU s, KB)]
        self.census = {}  # size -> census() of the output

    def build(self, size, out, scratch):
        """One build into an empty `out`; returns (wall s, CPU s, KB)."""
        shutil.rmtree(out, ignore_errors=True)
        self.reset(size)
        return timed(self.command(size, out), scratch)


def check_fair(size, shop, peer):
    """Fails the run unless `peer` made as many pages as shop and about as much HTML."""
    ours, theirs = shop.census[size], peer.census[size]
    for tool, c in ((shop, ours), (peer, theirs)):
        stubs = f" (+{c['stubs']:,} redirect stubs, not counted)" if c["stubs"] else ""
        print(f"  {tool.name}: {c['pages']:,} HTML pages{stubs}, {c['html']:,} bytes of "
              f"HTML; {c['files']:,} files, {c['size']:,} bytes in all", flush=True)
    if theirs["pages"] != ours["pages"]:
        fail(f"NOT THE SAME WORK: {peer.name} made {theirs['pages']:,} HTML pages for "
             f"{size:,} products, shop {ours['pages']:,}: fix the peer site (benches/hugo/)")
    if abs(theirs["html"] - ours["html"]) > SIZE_TOLERANCE * ours["html"]:
        fail(f"NOT THE SAME WORK: {peer.name}'s HTML is {theirs['html']:,} bytes, shop's "
             f"{ours['html']:,}, more than {SIZE_TOLERANCE:.0%} apart: make the peer's "
             "templates (benches/hugo/layouts/) show what shop's theme shows")


def machine():
    """One line about the machine and the toolchains, for the table's reader."""
    cpu = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        kb = int(f.readline().split()[1])
    system = platform.platform()
    if os.path.exists("/etc/os-release"):
        with open("/etc/os-release") as f:
            fields = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
        system = fields.get("PRETTY_NAME", system).strip('"')
    rustc = run(["rustc", "--version"]).strip()
    hugo = run(["hugo", "version"]).split()[1]
    return (f"{os.cpu_count()} cores ({cpu}), {kb / 1024 ** 2:.1f} GiB RAM, {system}, "
            f"{rustc}, Hugo {hugo}")


def median_range(values, unit, digits):
    """'0.31 s (0.30-0.33)': the median and the spread of the runs."""
    fmt = f"{{:.{digits}f}}"
    return (f"{fmt.format(statistics.median(values))} {unit} "
            f"({fmt.format(min(values))}-{fmt.format(max(values))})")


def table(sizes, shops, peers, runs):
    """The Markdown table, and one line of shop/peer ratios per shop variant and peer."""
    lines = [f"| products | build | wall time, median (min-max of {runs}) | "
             "CPU (user + sys), median | peak RSS, median (min-max) | HTML pages | HTML | "
             "all files |",
             "|---|---|---|---|---|---|---|---|"]
    ratios = []
    for size in sizes:
        for tool in shops + peers:
            wall, cpu, kb = zip(*tool.samples[size])
            c = tool.census[size]
            lines.append(f"| {size:,} | {tool.name} | {median_range(wall, 's', 2)} | "
                         f"{statistics.median(cpu):.2f} s | "
                         f"{median_range([k / 1024 for k in kb], 'MiB', 0)} | "
                         f"{c['pages']:,} | {c['html'] / 1e6:.1f} MB | "
                         f"{c['files']:,}, {c['size'] / 1e6:.1f} MB |")
        for shop in shops:
            for peer in peers:
                wall, cpu, rss = [statistics.median(a) / statistics.median(b) for a, b in
                                  zip(zip(*shop.samples[size]), zip(*peer.samples[size]))]
                ratios.append(f"{size:,} products, {shop.name} / {peer.name}: wall time "
                              f"**{wall:.2f}**, CPU **{cpu:.2f}**, peak RSS **{rss:.2f}**")
    return lines, ratios


def read_doc():
    """docs/benchmarks.md and where its compare section starts and ends, or a failure."""
    with open(DOC) as f:
        text = f.read()
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        fail(f"{DOC} has no `{BEGIN}` ... `{END}` section to replace: put the two "
             "comments where the table belongs")
    return text, start + len(BEGIN), end


def write_doc(section):
    """Replaces the text between the compare markers in docs/benchmarks.md."""
    text, start, end = read_doc()
    with open(DOC, "w") as f:
        f.write(text[:start] + "\n" + section + "\n" + text[end:])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000",
                    help="comma-separated product counts (default 1000,10000)")
    ap.add_argument("--runs", type=int, default=3, help="timed builds per tool and size")
    ap.add_argument("--seed", type=int, default=1, help="gen_shop.py's seed")
    ap.add_argument("--no-write", action="store_true",
                    help="print the table without writing docs/benchmarks.md")
    args = ap.parse_args()
    try:
        sizes = [int(s) for s in args.sizes.split(",")]
    except ValueError:
        ap.error(f"--sizes takes numbers separated by commas, like 1000,10000; "
                 f"got {args.sizes!r}")
    if args.runs < 1 or any(s < 1 for s in sizes):
        ap.error("--runs and every size must be at least 1")

    check_tools()
    if not args.no_write:
        read_doc()  # before minutes of builds, not after
    zola_note = ("Zola: `zola` is on PATH, but benches/ has no Zola peer site yet, so it "
                 "was not measured." if shutil.which("zola") else
                 "Zola: not measured, no `zola` on PATH.")
    print(zola_note.replace("`", ""))
    shop_bin = build_shop()
    if not os.path.isdir("/dev/shm"):
        print("warning: no /dev/shm, building on disk: the disk's time is in the numbers")
    scratch = tempfile.mkdtemp(prefix="shop-compare-",
                               dir="/dev/shm" if os.path.isdir("/dev/shm") else None)

    def shop_dir(size):
        return os.path.join(scratch, f"shop-{size}")

    def hugo_dir(size):
        return os.path.join(scratch, f"hugo-{size}")

    def shop_build(size, out):
        return [shop_bin, "build", shop_dir(size), "-q", "-o", out]

    cold = Tool("shop, empty cache", shop_build,
                lambda size: shutil.rmtree(os.path.join(shop_dir(size), ".shop-cache"),
                                           ignore_errors=True))
    warm = Tool("shop, QR codes cached", shop_build)
    hugo_version = run(["hugo", "version"]).split()[1].lstrip("v").split("+")[0]
    hugo = Tool(f"Hugo {hugo_version}",
                lambda size, out: ["hugo", "--quiet", "-s", hugo_dir(size), "-d", out])
    shops, peers = [cold, warm], [hugo]
    load_before = os.getloadavg()[0]
    try:
        for size in sizes:
            print(f"{size:,} products: generating; one build each, checked", flush=True)
            run([sys.executable, os.path.join(ROOT, "benches", "gen_shop.py"), shop_dir(size),
                 "--products", str(size), "--seed", str(args.seed)])
            hugo_site.write_site(shop_dir(size), hugo_dir(size))
            out = os.path.join(scratch, f"out-{size}")
            for tool in (cold, hugo):
                tool.build(size, out, scratch)
                tool.census[size] = census(out)
            warm.census[size] = cold.census[size]
            check_fair(size, cold, hugo)
            for r in range(args.runs):
                for tool in shops + peers:  # cold before warm: it fills the cache
                    wall, cpu, kb = tool.build(size, out, scratch)
                    tool.samples.setdefault(size, []).append((wall, cpu, kb))
                    print(f"  run {r + 1}/{args.runs}, {tool.name}: {wall:.2f} s, "
                          f"CPU {cpu:.2f} s, {kb / 1024:.0f} MiB", flush=True)
            shutil.rmtree(out, ignore_errors=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    load_after = os.getloadavg()[0]

    lines, ratios = table(sizes, shops, peers, args.runs)
    print("\n" + "\n".join(lines) + "\n\n" + "\n".join(r.replace("**", "") for r in ratios))
    stubs = ", ".join(f"{hugo.census[s]['stubs']:,} at {s:,} products" for s in sizes)
    section = "\n".join([
        textwrap.fill(f"`benches/compare.sh --sizes {args.sizes} --runs {args.runs}`, "
                      f"{datetime.date.today().isoformat()}, on {machine()}. One-minute load "
                      f"average {load_before:.1f} before the runs and {load_after:.1f} after "
                      "(other work may share the cores: CPU time is the steadier figure "
                      "then).", WIDTH),
        "",
        *lines,
        "",
        *(textwrap.fill(r, WIDTH, initial_indent="- ", subsequent_indent="  ")
          for r in ratios),
        "",
        textwrap.fill("Both made the same HTML pages (the script fails otherwise). Hugo also "
                      f"wrote a redirect stub at each listing's `/page/1/` ({stubs}), not "
                      "counted as pages. " + zola_note, WIDTH),
    ])
    if not args.no_write:
        write_doc(section)
        print(f"\nwrote the table into {os.path.relpath(DOC, ROOT)}")


if __name__ == "__main__":
    main()
