//! `shop check --production` refuses what must not go live: an example or local address,
//! `shop init`'s sample products as it wrote them, a product nobody can pay for.

mod common;

use common::{run, shop, write_shop};

/// The `error:` headlines of stderr, each with the `-->` location under it.
fn errors(stderr: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = stderr.lines().collect();
    lines
        .windows(2)
        .filter_map(|pair| {
            let message = pair[0].strip_prefix("error: ")?;
            let location = pair[1].strip_prefix("  --> ")?;
            Some((message.to_owned(), location.to_owned()))
        })
        .collect()
}

#[test]
fn a_shop_as_init_wrote_it_does_not_go_live() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("new-shop");
    shop().arg("init").arg(&root).assert().success();
    let (code, stderr) = run(&["check", "--production"], &root);
    assert_eq!(code, Some(1), "{stderr}");
    let sample = "this is `shop init`'s sample product, unchanged";
    assert_eq!(
        errors(&stderr),
        [
            (sample.into(), "products/linen-apron/index.md:2:8".into()),
            (sample.into(), "products/stoneware-mug/index.md:2:8".into()),
            (
                "base_url `https://example.com/` is an example address, which buyers cannot reach"
                    .into(),
                "shop.yaml:4:11".into()
            ),
            (
                "the contact address `hello@example.com` is an example address".into(),
                "shop.yaml:11:10".into()
            ),
        ],
        "{stderr}"
    );
    assert!(
        stderr.contains("help: make it one of your products, or delete `products/linen-apron/`"),
        "{stderr}"
    );
    // A plain check and a build are fine: the seller is still working on it.
    let (code, stderr) = run(&["check"], &root);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn a_local_address_and_a_product_nobody_can_pay_for_do_not_go_live() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: http://localhost:1111/\ncurrency: EUR\n",
        ),
        ("products/mug.md", "---\ntitle: Mug\nprice: 12\n---\n"),
        (
            "products/bowl.md",
            "---\ntitle: Bowl\nprice: 20\nbuy:\n  paypal: https://www.paypal.com/ncp/payment/B0WL\n---\n",
        ),
    ]);
    let (code, stderr) = run(&["check", "--production"], dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(
        errors(&stderr),
        [
            (
                "`Mug` has a price but no way to buy it".into(),
                "products/mug.md:3:8".into()
            ),
            (
                "base_url `http://localhost:1111/` is this computer (localhost), which buyers cannot reach".into(),
                "shop.yaml:2:11".into()
            ),
        ],
        "{stderr}"
    );
    assert!(
        stderr.contains("help: add `buy:` with a payment link"),
        "{stderr}"
    );
    // Checked for the address the build will use, the address is fine.
    let output = shop()
        .args(["check", "--production", "--base-url", "https://mugs.test/"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(errors(&stderr).len(), 1, "{stderr}");
}

#[test]
fn a_variant_nobody_can_pay_for_is_named_and_one_that_can_is_not() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.test/\ncurrency: EUR\n",
        ),
        (
            "products/print.md",
            "---\ntitle: Print\nvariants:\n  - name: A4\n    price: 20\n    buy: {paypal: https://www.paypal.com/ncp/payment/A4}\n  - name: A3\n    price: 30\n---\n",
        ),
        (
            "products/card.md",
            "---\ntitle: Card\nvariants:\n  - {name: Blue, price: 4}\n  - {name: Red, price: 4}\n---\n",
        ),
    ]);
    let (code, stderr) = run(&["check", "--production"], dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(
        errors(&stderr),
        [
            (
                "`Card` has a price but no way to buy it".into(),
                "products/card.md:4:3".into()
            ),
            (
                "variant `A3` has a price but no way to buy it".into(),
                "products/print.md:8:12".into()
            ),
        ],
        "{stderr}"
    );
}

#[test]
fn the_basket_is_a_way_to_buy_what_it_can_hold() {
    let dir = write_shop(&[
        (
            "shop.yaml",
            "title: T\nbase_url: https://t.test/\ncurrency: EUR\nbasket: true\norder_by_message: [whatsapp]\ncontact: {whatsapp: \"+351912345678\"}\nshipping: [{countries: [PT], alone: 4}]\n",
        ),
        (
            "products/mug.md",
            "---\ntitle: Mug\nprice: 12\nsku: MUG\n---\n",
        ),
        ("products/bowl.md", "---\ntitle: Bowl\nprice: 20\n---\n"),
        (
            "products/card.md",
            "---\ntitle: Card\nvariants:\n  - {name: Blue, price: 4, sku: CARD-B}\n  - {name: Red, price: 4}\n---\n",
        ),
    ]);
    let (code, stderr) = run(&["check", "--production"], dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(
        errors(&stderr),
        [
            (
                "`Bowl` has a price but no way to buy it".into(),
                "products/bowl.md:3:8".into()
            ),
            (
                "variant `Red` has a price but no way to buy it".into(),
                "products/card.md:5:24".into()
            ),
        ],
        "{stderr}"
    );
}
