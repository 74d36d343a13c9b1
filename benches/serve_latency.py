#!/usr/bin/env python3
"""Save-to-reload latency of `shop serve`: from a file write to the SSE `reload` event.

Usage: benches/serve_latency.py SHOP_DIR [--edits 20] [--binary target/release/shop]
The shop is copied to a temporary folder first; one product file is edited per round
(its title changes), and the time from the write to the `reload` event is recorded, as
is the rebuild time the server reports for it ("Built ... in N ms after a change"; the
rest is the watcher's 50 ms quiet time and the event). Prints p50, p95 and max in
milliseconds of both.
"""
import argparse
import glob
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time

from latency_stats import summary


def read_event(sock_file):
    """Reads lines until a complete SSE event; returns its name."""
    name = None
    while True:
        line = sock_file.readline()
        if not line:
            raise RuntimeError("event stream closed")
        line = line.decode().rstrip("\r\n")
        if line.startswith("event: "):
            name = line[len("event: "):]
        elif line == "" and name:
            return name


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("shop")
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--binary", default="target/release/shop")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="shop-latency-")
    shop = os.path.join(work, "shop")
    shutil.copytree(args.shop, shop, ignore=shutil.ignore_patterns("public"))
    server = subprocess.Popen([args.binary, "serve", shop, "--port", "0"],
                              stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        while "http://" not in line:
            line = server.stdout.readline()
        address = line.split("http://")[1].split("/")[0]
        host, port = address.split(":")
        sock = socket.create_connection((host, int(port)))
        sock.sendall(f"GET /__shop/events HTTP/1.1\r\nHost: {address}\r\n\r\n".encode())
        events = sock.makefile("rb")
        while events.readline() not in (b"\r\n", b"\n"):
            pass  # response headers
        assert read_event(events) == "hello"
        products = sorted(glob.glob(os.path.join(shop, "products", "**", "*.md"), recursive=True))
        target = products[len(products) // 2]
        with open(target) as f:
            original = f.read()
        samples = []
        for i in range(args.edits):
            text = original.replace("title: ", f"title: Edit {i} ", 1)
            start = time.perf_counter()
            with open(target, "w") as f:
                f.write(text)
            while read_event(events) != "reload":
                pass
            samples.append((time.perf_counter() - start) * 1000)
            time.sleep(0.2)
        rebuilds = []
        while len(rebuilds) < args.edits:
            found = re.search(r" in (\d+) ms after a change", server.stdout.readline())
            if found:
                rebuilds.append(float(found.group(1)))
        print(f"{len(products)} products, {args.edits} edits: save to reload "
              + summary(samples) + "; rebuild " + summary(rebuilds))
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
