//! The compact theme: products as rows of a dense list, newest first on the home page.

mod common;

use common::{build, read, select, write_shop};

#[test]
fn compact_theme_lists_products_as_rows_with_their_facts() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: Spare Parts\nbase_url: https://parts.example/\ncurrency: EUR\ntheme: compact\ncategories:\n  gears: {}\n",
        ),
        (
            "products/old-gear.md",
            "---\ntitle: Old Gear\nprice: 5\nsku: G-1\ncondition: used\ndate: 2026-01-02\ncategories: [gears]\nbuy:\n  stripe: https://buy.stripe.com/g1\n---\nWorn but true.\n",
        ),
        (
            "products/new-gear.md",
            "---\ntitle: New Gear\nprice: 9\nstock: 0\ndate: 2026-03-04\ncategories: [gears]\n---\nFresh.\n",
        ),
        (
            "products/undated.md",
            "---\ntitle: Undated\nprice: 1\n---\n",
        ),
    ]);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);

    let home = read(&out.join("index.html"));
    assert_eq!(
        select(&home, ".home__newest .row__title", ""),
        ["New Gear", "Old Gear", "Undated"],
        "the home page lists the newest products first, undated ones last"
    );
    assert_eq!(select(&home, "form.header-search", "action"), ["/search/"]);
    assert!(home.contains("href=\"/assets/compact.css\""));
    assert!(out.join("assets/compact.css").is_file());

    let list = read(&out.join("categories/gears/index.html"));
    assert_eq!(select(&list, "ul.grid > li.row", "class").len(), 2);
    assert_eq!(select(&list, ".row__sku", ""), ["G-1"]);
    assert_eq!(select(&list, ".row__condition", ""), ["Used"]);
    assert_eq!(
        select(&list, ".row__action a", "href"),
        [
            "/products/new-gear/",
            "https://buy.stripe.com/g1?client_reference_id=G-1"
        ],
        "an item that can be bought links to checkout, a sold-out one to its page"
    );
    assert_eq!(select(&list, ".state--out", ""), ["Sold out"]);

    let product = read(&out.join("products/old-gear/index.html"));
    assert_eq!(
        select(&product, ".facts th", ""),
        ["SKU", "Condition", "Category"]
    );
    assert_eq!(
        select(&product, ".product__details .prose", ""),
        ["Worn but true."]
    );
}
