#!/usr/bin/env bash
# Image pipeline benchmark: `shop build` on 100 products with one 12-megapixel photo each,
# against Hugo's image processing and `vipsthumbnail` making the same 13 versions per photo.
#
# Usage: benches/images.sh
#   WORK=/tmp/shop-images-bench  work folder (photos, sites, outputs; never committed)
#   PHOTOS=100                   how many products/photos
#   HUGO_PHOTOS=$PHOTOS          give Hugo only the first N photos (its time is then scaled)
#
# Needs a Rust toolchain (cargo); installs with apt-get what is missing: mate-backgrounds
# (the source photographs), libvips-tools (vips, vipsthumbnail), hugo (extended) and time.
# Nothing in the test suite uses it. Every step runs under `timeout`.
#
# The 13 versions of a photo (what `shop` makes of a product's first photo with the default
# `images:` settings): widths 480, 800, 1200, 1600 as WebP q80 and JPEG q82, 320x320 and
# 640x640 centre crops as WebP q80 and JPEG q82, and a 1200x630 centre-cropped JPEG q82.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work=${WORK:-/tmp/shop-images-bench}
photos=${PHOTOS:-100}
hugo_photos=${HUGO_PHOTOS:-$photos}
backgrounds=/usr/share/backgrounds/mate

# --- Tools --------------------------------------------------------------------------------
missing=()
[ -d "$backgrounds/nature" ] || missing+=(mate-backgrounds)
command -v vipsthumbnail >/dev/null || missing+=(libvips-tools)
command -v hugo >/dev/null || missing+=(hugo)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    timeout 600 $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive timeout 900 $sudo apt-get install -y -q \
        --no-install-recommends "${missing[@]}"
fi
if ! hugo version | grep -q extended; then
    echo "error: hugo is not the extended edition (it cannot encode WebP): $(hugo version)" >&2
    exit 1
fi
timeout 1200 cargo build --release --quiet
shop=$repo/target/release/shop

mkdir -p "$work"
echo "Work folder: $work" >&2

# --- 1. Photos ----------------------------------------------------------------------------
# 13 real photographs (12 nature wallpapers, 1280-2560 px, and the 5640x3172 elephants),
# each scaled and cropped to 4000x3000. Photo i uses source i mod 13 and variant i div 13:
# crop centre/low/high/attention, then the same four mirrored. Each gets mild luminance grain
# (sigma 4, seed i), so files are sized like camera JPEGs (~2-3 MB) rather than smooth
# upscales. JPEG Q90, 4:2:0. Photo number PHOTOS+1 is a spare for the one-photo change.
mapfile -t sources < <(ls "$backgrounds"/nature/*.jpg | sort)
sources+=("$backgrounds/abstract/Elephants_5640x3172.jpg")
make_photo() {
    local i=$1 dir=$2
    shift 2
    local sources=("$@")
    local n=${#sources[@]}
    local src=${sources[$((i % n))]} variant=$((i / n))
    local crops=(centre low high attention)
    local crop=${crops[$((variant % 4))]}
    local out
    out=$(printf '%s/p%03d.jpg' "$dir" $((i + 1)))
    [ -s "$out" ] && return 0
    local tmp
    tmp=$(mktemp -d "$dir/.tmp.XXXXXX")
    vips thumbnail "$src" "$tmp/a.v" 4000 --height 3000 --crop "$crop" --size both
    if [ "$variant" -ge 4 ]; then
        vips flip "$tmp/a.v" "$tmp/b.v" horizontal
    else
        mv "$tmp/a.v" "$tmp/b.v"
    fi
    vips gaussnoise "$tmp/n.v" 4000 3000 --sigma 4 --mean 0 --seed $((i + 1))
    vips add "$tmp/b.v" "$tmp/n.v" "$tmp/s.v"
    vips cast "$tmp/s.v" "$tmp/p.jpg[Q=90,subsample-mode=on]" uchar
    mv "$tmp/p.jpg" "$out"
    rm -rf "$tmp"
}
export -f make_photo
photo_dir=$work/photos
mkdir -p "$photo_dir"
rm -rf "$photo_dir"/.tmp.*
echo "Making $((photos + 1)) photos of 4000x3000..." >&2
seq 0 "$photos" | timeout 1200 xargs -P2 -I{} bash -c 'make_photo "$@"' _ {} "$photo_dir" "${sources[@]}"
mapfile -t all < <(seq -f "$photo_dir/p%03g.jpg" 1 $((photos + 1)))
spare=${all[-1]}
if [ "$(md5sum "${all[@]}" | cut -d' ' -f1 | sort -u | wc -l)" -ne $((photos + 1)) ]; then
    echo "error: the photos are not all distinct" >&2
    exit 1
fi
photo_mb=$(du -cm "${all[@]:0:photos}" | tail -1 | cut -f1)

# --- Measuring ----------------------------------------------------------------------------
# measure NAME CMD...: runs CMD under /usr/bin/time -v (stderr of CMD kept in NAME.err) and
# records wall seconds and peak RSS (MB; for several processes, the largest single one).
declare -A wall rss
measure() {
    local name=$1
    shift
    timeout 1800 /usr/bin/time -v -o "$work/$name.time" "$@" 2>"$work/$name.err" >/dev/null
    wall[$name]=$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, t, ":"); s = 0; for (k = 1; k <= n; k++) s = s * 60 + t[k]; printf "%.2f", s }' \
        "$work/$name.time")
    rss[$name]=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' \
        "$work/$name.time")
    echo "  $name: ${wall[$name]} s, ${rss[$name]} MB" >&2
}
# The "load X, images Y (N encoded), render Z" line of `shop build -v`.
stages() { grep -o 'load .*' "$work/$1.err" || true; }
encoded() { grep -o '([0-9]* encoded)' "$work/$1.err" | tr -dc 0-9; }

# --- 2-3. shop ----------------------------------------------------------------------------
site=$work/shop
out=$work/shop-out
rm -rf "$site" "$out"
mkdir -p "$site/products"
cat >"$site/shop.yaml" <<'EOF'
title: Photo Bench
base_url: "https://bench.example/"
currency: EUR
EOF
for i in $(seq 1 "$photos"); do
    p=$(printf 'p%03d' "$i")
    mkdir -p "$site/products/$p"
    cp "$photo_dir/$p.jpg" "$site/products/$p/photo.jpg"
    cat >"$site/products/$p/index.md" <<EOF
---
title: Print $p
price: $((10 + i % 40))
images: [{src: photo.jpg, alt: "Photograph $p"}]
---
A print of photograph $p.
EOF
done
# -v instead of -q: the same build, plus the stage times on stderr (with both, -q wins).
build() { measure "$1" "$shop" build "$site" -v -o "$out"; }
echo "shop:" >&2
timeout 60 "$shop" clean "$site" -q
sync
build shop-cold
build shop-warm
# The same bytes as another product's photo: the cache is keyed by content, so nothing new.
cp "$(printf '%s/p%03d.jpg' "$photo_dir" $(((photos + 1) / 2)))" "$site/products/p001/photo.jpg"
build shop-dup
# A photo none of the others is: its 13 versions are encoded.
cp "$spare" "$site/products/p001/photo.jpg"
build shop-one
sync

# --- 4. Hugo ------------------------------------------------------------------------------
hsite=$work/hugo
rm -rf "$hsite"
mkdir -p "$hsite/content/products" "$hsite/layouts/_default"
cat >"$hsite/config.toml" <<'EOF'
baseURL = "https://bench.example/"
title = "Photo Bench"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[imaging]
resampleFilter = "Lanczos"
anchor = "Center"
EOF
cat >"$hsite/layouts/_default/list.html" <<'EOF'
<!doctype html><title>{{ .Title }}</title>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
EOF
cat >"$hsite/layouts/_default/single.html" <<'EOF'
<!doctype html><title>{{ .Title }}</title>
{{ with .Resources.GetMatch "photo.jpg" }}{{ $img := . }}
{{ range $w := slice 480 800 1200 1600 }}<picture><source type="image/webp" srcset="{{ ($img.Resize (printf "%dx webp q80" $w)).RelPermalink }}"><img src="{{ ($img.Resize (printf "%dx jpg q82" $w)).RelPermalink }}"></picture>
{{ end }}{{ range $s := slice 320 640 }}<picture><source type="image/webp" srcset="{{ ($img.Fill (printf "%dx%d center webp q80" $s $s)).RelPermalink }}"><img src="{{ ($img.Fill (printf "%dx%d center jpg q82" $s $s)).RelPermalink }}"></picture>
{{ end }}<meta property="og:image" content="{{ ($img.Fill "1200x630 center jpg q82").RelPermalink }}">
{{ end }}
EOF
for i in $(seq 1 "$hugo_photos"); do
    p=$(printf 'p%03d' "$i")
    mkdir -p "$hsite/content/products/$p"
    cp "$photo_dir/$p.jpg" "$hsite/content/products/$p/photo.jpg"
    printf -- '---\ntitle: Print %s\nprice: %d\n---\nA print of photograph %s.\n' \
        "$p" $((10 + i % 40)) "$p" >"$hsite/content/products/$p/index.md"
done
hugo_build() { measure "$1" hugo --quiet --source "$hsite"; }
echo "Hugo ($hugo_photos photos):" >&2
rm -rf "$hsite/resources/_gen" "$hsite/public"
sync
hugo_build hugo-cold
hugo_files=$(find "$hsite/public/products" -type f \( -name '*.jpg' -o -name '*.webp' \) \
    ! -name photo.jpg | wc -l)
hugo_build hugo-warm
cp "$spare" "$hsite/content/products/p001/photo.jpg"
hugo_build hugo-one
sync

# --- 5. vipsthumbnail ---------------------------------------------------------------------
vout=$work/vips-out
rm -rf "$vout"
mkdir -p "$vout"
vips_photo() {
    local in=$1 out
    out=$2/$(basename "$in" .jpg)
    local w s
    for w in 480 800 1200 1600; do
        vipsthumbnail "$in" --size "${w}x" -o "$out-$w.webp[Q=80,strip]"
        vipsthumbnail "$in" --size "${w}x" -o "$out-$w.jpg[Q=82,strip]"
    done
    for s in 320 640; do
        vipsthumbnail "$in" --size "${s}x${s}" --smartcrop centre -o "$out-${s}sq.webp[Q=80,strip]"
        vipsthumbnail "$in" --size "${s}x${s}" --smartcrop centre -o "$out-${s}sq.jpg[Q=82,strip]"
    done
    vipsthumbnail "$in" --size 1200x630 --smartcrop centre -o "$out-share.jpg[Q=82,strip]"
}
export -f vips_photo
echo "vipsthumbnail:" >&2
# One thread per vips process, two processes at once: the two cores.
export VIPS_CONCURRENCY=1
measure vips bash -c 'ls "$1"/p*.jpg | head -n "$2" | xargs -P2 -I{} bash -c "vips_photo {} $3"' \
    _ "$photo_dir" "$photos" "$vout"
vips_files=$(find "$vout" -type f | wc -l)

# --- 6. Table -----------------------------------------------------------------------------
scale=$(awk -v a="$photos" -v b="$hugo_photos" 'BEGIN { printf "%.4f", a / b }')
scaled() { awk -v t="$1" -v s="$scale" 'BEGIN { printf "%.1f", t * s }'; }
shop_files=$(find "$out/images" -type f | wc -l)
hugo_note=""
if [ "$hugo_photos" != "$photos" ]; then
    hugo_note=" (measured on $hugo_photos photos, x$scale: $(scaled "${wall[hugo-cold]}") s)"
fi
cat <<EOF

$photos photos of 4000x3000 (${photo_mb} MB of JPEG), 13 versions each; $(nproc) cores.

| tool | scenario | wall time | peak RSS | notes |
|---|---|---|---|---|
| shop | cold (empty cache) | ${wall[shop-cold]} s | ${rss[shop-cold]} MB | $(stages shop-cold); $shop_files image files |
| shop | warm (nothing changed) | ${wall[shop-warm]} s | ${rss[shop-warm]} MB | $(stages shop-warm) |
| shop | one photo replaced by a copy of another | ${wall[shop-dup]} s | ${rss[shop-dup]} MB | $(encoded shop-dup) encoded; $(stages shop-dup) |
| shop | one photo replaced by a new one | ${wall[shop-one]} s | ${rss[shop-one]} MB | **$(encoded shop-one) encoded**; $(stages shop-one) |
| Hugo $(hugo version | grep -o 'v[0-9.]*' | head -1) | cold (no resources/_gen, no public) | ${wall[hugo-cold]} s$hugo_note | ${rss[hugo-cold]} MB | Lanczos; $hugo_files image files for $hugo_photos photos |
| Hugo | warm (nothing changed) | ${wall[hugo-warm]} s | ${rss[hugo-warm]} MB | |
| Hugo | one photo replaced by a new one | ${wall[hugo-one]} s | ${rss[hugo-one]} MB | |
| vipsthumbnail $(vips --version | grep -o '[0-9.]*' | head -1) | cold, 13 calls per photo, 2 in parallel | ${wall[vips]} s | ${rss[vips]} MB (largest process) | $vips_files image files |
EOF
