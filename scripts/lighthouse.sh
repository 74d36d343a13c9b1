#!/usr/bin/env bash
# Lighthouse on the example shop, as a visitor on a phone sees it: builds the shop, serves
# the output as a static host would (text gzip-compressed, scripts/lighthouse/serve.py),
# and audits the home page, a product page (with the variant picker) and a list page with
# the mobile preset and default throttling, RUNS times
# each (3 unless told). The median run of each page goes to docs/lighthouse/<page>.json and
# the scores table into README.md between the lighthouse markers.
# Needs Node 20, Python 3 and Chromium (CHROME_PATH, /usr/bin/chromium by default).
# Too slow for CI (about a minute per run); run it after changing the theme.
#
#   THEME=compact scripts/lighthouse.sh   # the example shop on another theme: the same
#                                         # three pages, reports in docs/lighthouse/themes/,
#                                         # README left alone
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
port=${PORT:-8790}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}

(cd scripts/lighthouse && { [ -d node_modules/lighthouse ] || npm install --no-audit --no-fund --ignore-scripts --loglevel=error; })
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
shop=example-shop
if [[ -n "${THEME:-}" ]]; then
  mkdir "$work/shop"
  cp -r example-shop/. "$work/shop/"
  sed -i "s/^theme: .*/theme: $THEME/" "$work/shop/shop.yaml"
  grep -q "^theme: $THEME\$" "$work/shop/shop.yaml" || echo "theme: $THEME" >>"$work/shop/shop.yaml"
  shop="$work/shop"
fi
cargo run --release --quiet -- build "$shop" -o "$work/site" -q
python3 scripts/lighthouse/serve.py "$port" "$work/site" >/dev/null 2>&1 &
server=$!
sleep 1

pages=(home:/ product:/products/deep-field-giclee/ list:/products/)
reports=docs/lighthouse
if [[ -n "${THEME:-}" ]]; then
  pages=("$THEME-home:/" "$THEME-product:/products/deep-field-giclee/" "$THEME-list:/products/")
  reports=docs/lighthouse/themes
  mkdir -p "$reports"
fi
for entry in "${pages[@]}"; do
  name=${entry%%:*}
  path=${entry#*:}
  for n in $(seq 1 "$runs"); do
    scripts/lighthouse/node_modules/.bin/lighthouse "http://127.0.0.1:$port$path" \
      --quiet --output=json --output-path="$work/$name-$n.json" \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --user-data-dir=$work/profile-$name-$n"
  done
done

names=("${pages[@]%%:*}")
table=$(node scripts/lighthouse/summarize.mjs "$work" "$reports" "${names[@]}")
echo "$table"
[[ -n "${THEME:-}" ]] && exit 0
python3 - "$table" <<'PY'
import re, sys
readme = open("README.md", encoding="utf-8").read()
block = "<!-- lighthouse -->\n" + sys.argv[1] + "\n<!-- /lighthouse -->"
updated = re.sub(r"<!-- lighthouse -->.*?<!-- /lighthouse -->", lambda _: block, readme, flags=re.S)
open("README.md", "w", encoding="utf-8").write(updated)
PY
