#!/usr/bin/env python3
"""Peer measurement for `shop serve`: Hugo's server on the same products and the same edit.

Usage: benches/hugo_peer_latency.py SHOP_DIR [--edits 20]
Makes the Hugo peer site of SHOP_DIR (hugo_site.py: the same product files, templates that
mirror shop's theme) in a temporary folder, starts `hugo server` (its default fast-render
mode), edits one product per round and times the write until Hugo prints that the rebuild
finished ("Total in ... ms"), which is when it tells browsers to reload. Prints p50, p95
and max in milliseconds.
"""
import argparse
import glob
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time

from hugo_site import write_site
from latency_stats import summary


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("shop")
    ap.add_argument("--edits", type=int, default=20)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="hugo-peer-")
    write_site(args.shop, work, base_url="http://127.0.0.1:1313/")
    server = subprocess.Popen(["hugo", "server", "--source", work, "--port", "1313",
                               "--bind", "127.0.0.1", "--disableBrowserError"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(l) for l in server.stdout], daemon=True).start()
    try:
        while "Web Server is available" not in lines.get(timeout=120):
            pass
        products = sorted(p for p in glob.glob(os.path.join(work, "content", "products", "*.md"))
                          if os.path.basename(p) != "_index.md")
        target = products[len(products) // 2]
        with open(target) as f:
            original = f.read()
        samples = []
        for i in range(args.edits):
            time.sleep(0.3)
            while not lines.empty():
                lines.get()
            start = time.perf_counter()
            with open(target, "w") as f:
                f.write(original.replace("title: ", f"title: Edit {i} ", 1))
            while "Total in" not in lines.get(timeout=30):
                pass
            samples.append((time.perf_counter() - start) * 1000)
        print(f"hugo server, {len(products)} products, {args.edits} edits: " + summary(samples))
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
