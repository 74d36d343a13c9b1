#!/usr/bin/env bash
# The theme gallery of docs/themes.md: builds the example shop once per embedded theme (a
# copy with only `theme:` changed), serves it as a static host would and has headless
# Chromium (Playwright in tests/tools) photograph the home page and a product page at
# 390x844 and 1280x800 into docs/themes/<theme>-<page>-<width>.jpg.
# Needs Node 20, Python 3, Chromium (CHROMIUM, /usr/bin/chromium by default) and
# `npm ci` in tests/tools. Run it after changing a theme and commit the pictures.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-8791}
out=docs/themes
mkdir -p "$out"
(cd tests/tools && { [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --loglevel=error; })
cargo build --quiet
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
for dir in themes/*/; do
  theme=$(basename "$dir")
  rm -rf "$work/shop" "$work/site"
  cp -r example-shop "$work/shop"
  sed -i "s/^theme: .*/theme: $theme/" "$work/shop/shop.yaml"
  grep -q "^theme: $theme$" "$work/shop/shop.yaml"
  "${CARGO_TARGET_DIR:-target}/debug/shop" build "$work/shop" -o "$work/site" -q
  python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/site" >/dev/null 2>&1 &
  server=$!
  sleep 1
  node tests/tools/gallery.mjs "http://127.0.0.1:$port" "$theme" "$out"
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=
  echo "$theme: $(du -ch "$out/$theme"-*.jpg | tail -1 | cut -f1)"
done
