#!/usr/bin/env python3
"""Writes a synthetic shop of N products for build-time measurements.

Usage: benches/gen_shop.py DIR --products 1000 [--seed 1] [--no-variants]
                           [--photo FILE.jpg [--images M]]
With --photo, each product is a folder with M copies of the JPEG (default 1), each made
distinct by a few bytes after the end-of-image marker (decoders ignore them, the cache's
content hash does not), so every product's every photo is encoded.
Deterministic for a given seed: titles, Markdown descriptions, 3 categories, tags, prices,
some sales, sold-out items, variants on every fifth product (unless --no-variants) and
payment links. The shop-wide values are constants here so that the Hugo peer site
(hugo_site.py) shows the same title, address and currency.
"""
import argparse
import os
import random

WORDS = ("linen cotton walnut oak stoneware porcelain indigo saffron harbour tide river "
         "meadow ember slate copper brass willow juniper fig sage clay salt pine").split()
CATEGORIES = ["Prints", "Cards", "Homeware"]
TITLE = "Generated Shop"
BASE_URL = "https://gen.example/"
CURRENCY = "EUR"
EMAIL = "hello@gen.example"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--products", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--variants", action=argparse.BooleanOptionalAction, default=True,
                    help="give every fifth product two variants (default: on)")
    ap.add_argument("--photo", help="a JPEG every product gets distinct copies of")
    ap.add_argument("--images", type=int, default=1, metavar="M",
                    help="photos per product with --photo (default 1)")
    args = ap.parse_args()
    if args.images < 1 or (args.images != 1 and not args.photo):
        ap.error("--images M needs --photo FILE.jpg and M >= 1")
    rng = random.Random(args.seed)
    photo = open(args.photo, "rb").read() if args.photo else None
    photos = [f"photo-{n}.jpg" if n else "photo.jpg" for n in range(args.images)]
    os.makedirs(os.path.join(args.dir, "products"), exist_ok=True)
    with open(os.path.join(args.dir, "shop.yaml"), "w") as f:
        f.write(f"title: {TITLE}\nbase_url: {BASE_URL}\ncurrency: {CURRENCY}\n"
                f"contact:\n  email: {EMAIL}\n")
    for i in range(args.products):
        title = " ".join(rng.choice(WORDS).capitalize() for _ in range(3)) + f" {i}"
        cents = rng.randint(400, 20000)
        lines = ["---", f"title: {title}", f'price: "{cents // 100}.{cents % 100:02d}"']
        if i % 7 == 0:
            lines.append(f"compare_at_price: {cents // 100 + 10}")
        if i % 13 == 0:
            lines.append("stock: 0")
        lines += [f"sku: GEN-{i:06d}", f"categories: [{CATEGORIES[i % 3]}]",
                  f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]",
                  f"date: 2026-{1 + i % 12:02d}-{1 + i % 28:02d}", "buy:",
                  f"  stripe: https://buy.stripe.com/gen{i:08d}", "  email: true"]
        if args.variants and i % 5 == 0:
            lines.append("variants:")
            for size, extra in (("Small", 0), ("Large", 12)):
                lines += [f"  - name: {size}", f"    sku: GEN-{i:06d}-{size[0]}",
                          f"    price: {cents // 100 + extra}",
                          "    buy:", f"      stripe: https://buy.stripe.com/gen{i:08d}{size[0]}"]
        if photo:
            lines.append(f"images: [{', '.join(photos)}]")
        lines.append("---")
        paragraphs = []
        for _ in range(3):
            sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 40)))
            paragraphs.append(sentence.capitalize() + ".")
        paragraphs.append("- " + "\n- ".join(rng.choice(WORDS) for _ in range(4)))
        text = "\n".join(lines) + "\n" + "\n\n".join(paragraphs) + "\n"
        if photo:
            folder = os.path.join(args.dir, "products", f"p{i:06d}")
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, "index.md"), "w") as f:
                f.write(text)
            for n, name in enumerate(photos):
                with open(os.path.join(folder, name), "wb") as f:
                    f.write(photo + (f"product {i} photo {n}" if n else f"product {i}").encode())
        else:
            with open(os.path.join(args.dir, "products", f"p{i:06d}.md"), "w") as f:
                f.write(text)


if __name__ == "__main__":
    main()
