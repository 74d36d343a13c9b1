//! Reviews and testimonials: shown as written, averaged without floats, in structured data
//! only from real entries, and checked (1 to 5 stars, a real date, a product that exists).

mod common;

use common::{build, product_data, read, run, select, write_shop};

const CONFIG: (&str, &str) = (
    "shop.yaml",
    "title: T\nbase_url: https://t.example/\ncurrency: EUR\n",
);

const MUG: (&str, &str) = (
    "products/mug.md",
    "---\ntitle: Mug\nprice: 20\nreviews:\n  - {author: Ana, rating: 5, date: 2026-03-01, verified: true, text: \"Lovely <glaze>.\"}\n  - {author: Bo, rating: 4, date: 2026-05-01, text: Good.}\n---\nA mug.\n",
);

#[test]
fn reviews_are_shown_averaged_and_given_to_search_engines() {
    let dir = write_shop(&[
        CONFIG,
        MUG,
        (
            "reviews.yaml",
            "- {product: mug, author: Cy, rating: 3, date: 2026-04-01, text: Fine.}\n- {author: Di, rating: 5, date: 2026-06-01, text: Fast shipping.}\n",
        ),
        (
            "products/bowl.md",
            "---\ntitle: Bowl\nprice: 30\n---\nA bowl.\n",
        ),
    ]);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let html = read(&out.join("products/mug/index.html"));
    assert_eq!(
        select(&html, ".reviews__summary", ""),
        ["★★★★☆ 4.0 out of 5 · 3 reviews"]
    );
    assert_eq!(
        select(&html, ".review__author", ""),
        ["Bo", "Cy", "Ana"],
        "newest first"
    );
    assert_eq!(
        select(&html, ".review blockquote", "")[2],
        "Lovely <glaze>."
    );
    assert!(html.contains("Lovely &lt;glaze&gt;."), "escaped");
    assert_eq!(
        select(&html, ".review .stars", "aria-label"),
        ["4 out of 5 stars", "3 out of 5 stars", "5 out of 5 stars"]
    );
    assert!(select(&html, ".review figcaption", "")[2].ends_with("Verified purchase"));
    let data = product_data(&html);
    assert_eq!(data["aggregateRating"]["ratingValue"], "4.0");
    assert_eq!(data["aggregateRating"]["reviewCount"], 3);
    assert_eq!(data["review"].as_array().unwrap().len(), 3);
    assert_eq!(data["review"][0]["author"]["name"], "Bo");
    assert_eq!(data["review"][0]["reviewRating"]["ratingValue"], 4);
    let bowl = product_data(&read(&out.join("products/bowl/index.html")));
    assert!(
        bowl.get("aggregateRating").is_none() && bowl.get("review").is_none(),
        "never invented"
    );
    let list = read(&out.join("products/index.html"));
    assert_eq!(select(&list, ".list-header .meta", ""), ["2 products"]);
    let home = read(&out.join("index.html"));
    assert_eq!(select(&home, ".testimonials .review__author", ""), ["Di"]);
}

#[test]
fn ratings_outside_one_to_five_and_unknown_products_are_errors_at_their_place() {
    let dir = write_shop(&[
        CONFIG,
        (
            "products/mug.md",
            "---\ntitle: Mug\nprice: 20\nreviews:\n  - {author: Ana, rating: 6}\n  - {author: Bo, rating: 4, date: yesterday}\n---\n",
        ),
        (
            "reviews.yaml",
            "- author: Cy\n  rating: 0\n- product: vase\n  author: Di\n  rating: 5\n",
        ),
    ]);
    let (code, stderr) = run(&["build"], dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    for expected in [
        "error: a rating of 6 is not 1 to 5 stars\n  --> products/mug.md:5:27",
        "error: `yesterday` is not a date\n  --> products/mug.md:6:35",
        "error: a rating of 0 is not 1 to 5 stars\n  --> reviews.yaml:2:11",
        "error: no product has the slug `vase`\n  --> reviews.yaml:3:12",
        "found 4 problems",
    ] {
        assert!(stderr.contains(expected), "{expected:?} missing:\n{stderr}");
    }
}

#[test]
fn one_review_and_one_product_read_in_the_singular() {
    let dir = write_shop(&[
        CONFIG,
        (
            "products/mug.md",
            "---\ntitle: Mug\nprice: 20\ncategories: [Cups]\nreviews:\n  - {author: Ana, rating: 5}\n---\n",
        ),
    ]);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let html = read(&out.join("products/mug/index.html"));
    assert_eq!(
        select(&html, ".reviews__summary", ""),
        ["★★★★★ 5.0 out of 5 · 1 review"]
    );
    let list = read(&out.join("categories/cups/index.html"));
    assert_eq!(select(&list, ".list-header .meta", ""), ["1 product"]);
}
