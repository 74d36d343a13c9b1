#!/usr/bin/env bash
# Load on `shop serve`: wrk, 10 s, 50 connections, 2 threads, on one product page; prints
# wrk's summary and the server's resident memory before and after.
# Usage: benches/serve_load.sh [SHOP_DIR] [PAGE]   (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
shop_dir=${1:-example-shop}
page=${2:-/products/launch-pad-riso/}
cargo build --release --quiet
log=$(mktemp)
target/release/shop serve "$shop_dir" --port 0 -q >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 50); do grep -q "Serving at" "$log" && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$log" | head -1)
rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$server/status"; }
curl -sf "${url%/}$page" >/dev/null
echo "RSS before: $(rss)"
wrk -t2 -c50 -d10s --latency "${url%/}$page"
echo "RSS after:  $(rss)"
