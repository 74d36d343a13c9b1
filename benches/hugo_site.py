"""The Hugo peer of a generated shop: the same products as a Hugo site, for comparisons.

`write_site(SHOP_DIR, SITE_DIR)` copies SHOP_DIR/products/*.md (front matter and Markdown as
they are) into SITE_DIR/content/products/ and adds the layouts in benches/hugo/layouts/,
which mirror shop's default theme so both tools do comparable work: the same product page
(price formatted in the currency, stock, buy buttons, variants, rendered description,
category and tag links, JSON-LD), listings paginated at shop's 24 per page (all products,
each category, each tag), the printable catalogue (200 in-stock products per page), home,
search, thanks and 404 pages, a search index, one feed, a sitemap and robots.txt, and
shop's theme files under /assets/. Shared by compare.sh (builds) and hugo_peer_latency.py
(`hugo server`), so a change to the peer changes both.
"""
import glob
import os
import shutil

import gen_shop

HERE = os.path.dirname(os.path.abspath(__file__))
THEME_STATIC = os.path.join(HERE, "..", "themes", "default", "static")

# Shop makes no taxonomy overview (/tags/) and no per-list feeds, and its first listing page
# has no /page/1/ redirect: disableKinds, outputs and disableAliases turn these off in Hugo.
# Shop publishes products dated in the future; Hugo needs buildFuture for that.
CONFIG = """baseURL = "{base_url}"
title = "{title}"
languageCode = "en"
paginate = {per_page}
disableAliases = true
disableKinds = ["taxonomy"]
ignoreErrors = ["error-disable-taxonomy"]
enableRobotsTXT = true
buildFuture = true
[params]
currency = "{currency}"
currency_symbol = "{symbol}"
email = "{email}"
[taxonomies]
category = "categories"
tag = "tags"
[outputs]
home = ["HTML", "RSS", "SearchIndex"]
section = ["HTML"]
term = ["HTML"]
page = ["HTML"]
[outputFormats.SearchIndex]
mediaType = "application/json"
baseName = "search"
isPlainText = true
notAlternative = true
[services.rss]
limit = 20
"""

SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}

# Pages shop makes without a content file: (path under content/, front matter).
PAGES = [
    ("products/_index.md", "title: All products"),
    ("catalog/_index.md", "title: Catalogue"),
    ("search.md", "title: Search\nlayout: search"),
    ("thanks.md", "title: Thank you for your order\nlayout: thanks"),
]


def write_site(shop, site, base_url=gen_shop.BASE_URL, per_page=24):
    """Writes the Hugo site for the shop in `shop` into `site` (created; must not exist)."""
    products = glob.glob(os.path.join(shop, "products", "*.md"))
    if not products:
        raise SystemExit(f"{shop}/products/ has no *.md files: give a shop made by "
                         "benches/gen_shop.py without --photo")
    content = os.path.join(site, "content")
    os.makedirs(os.path.join(content, "products"))
    for path in products:
        shutil.copy(path, os.path.join(content, "products"))
    for path, front_matter in PAGES:
        os.makedirs(os.path.dirname(os.path.join(content, path)), exist_ok=True)
        with open(os.path.join(content, path), "w") as f:
            f.write(f"---\n{front_matter}\n---\n")
    shutil.copytree(os.path.join(HERE, "hugo", "layouts"), os.path.join(site, "layouts"))
    shutil.copytree(THEME_STATIC, os.path.join(site, "static", "assets"))
    with open(os.path.join(site, "config.toml"), "w") as f:
        f.write(CONFIG.format(base_url=base_url, title=gen_shop.TITLE, per_page=per_page,
                              currency=gen_shop.CURRENCY,
                              symbol=SYMBOLS[gen_shop.CURRENCY], email=gen_shop.EMAIL))
