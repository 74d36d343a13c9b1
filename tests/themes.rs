//! Every embedded theme builds the example shop with only `theme:` changed, and passes the
//! default theme's bars: zero Nu Html Checker errors, no broken internal link, nothing loaded
//! from another host; and each theme other than `default` really lays pages out its own way.

mod common;

use std::path::PathBuf;

use common::checks::{assert_links_resolve, html_files, loaded_urls, nu_html_errors};
use common::{build, example_shop_with_theme, read};

#[test]
fn every_theme_builds_the_example_shop_valid_linked_and_self_contained() {
    let themes = shop::render::theme_names();
    assert!(
        themes.contains(&"default") && themes.contains(&"editorial"),
        "{themes:?}"
    );
    let work = tempfile::tempdir().unwrap();
    let mut product_pages = Vec::new();
    let mut previous: Option<PathBuf> = None;
    for theme in &themes {
        let shop = example_shop_with_theme(&work.path().join(theme), theme, previous.as_deref());
        let out = work.path().join("sites").join(theme);
        build(&shop, &out, &["--base-url", "https://name.github.io/shop/"]);

        let (links, fragments) = assert_links_resolve(&out, "/shop/");
        assert!(
            links > 100 && fragments > 50,
            "{theme}: {links} links, {fragments} fragments"
        );
        for file in html_files(&out) {
            for url in loaded_urls(&read(&file)) {
                assert!(
                    url.starts_with("/shop/"),
                    "{theme}: {} loads {url}",
                    file.display()
                );
            }
        }
        for css in walkdir::WalkDir::new(out.join("assets"))
            .into_iter()
            .flatten()
        {
            if css.path().extension().is_some_and(|x| x == "css") {
                assert!(
                    !read(css.path()).contains("http"),
                    "{theme}: {}",
                    css.path().display()
                );
            }
        }
        product_pages.push(read(&out.join("products/deep-field-giclee/index.html")));
        previous = Some(shop);
    }
    let sites = work.path().join("sites");
    if let Some(report) = nu_html_errors(&sites) {
        assert!(report.is_empty(), "HTML errors:\n{report}");
    }
    for (theme, page) in themes.iter().zip(&product_pages).skip(1) {
        assert_ne!(
            page, &product_pages[0],
            "{theme}'s product page is the default's"
        );
    }
}

#[test]
fn editorial_reads_the_brand_settings_and_keeps_the_buying_parts() {
    let work = tempfile::tempdir().unwrap();
    let shop = example_shop_with_theme(work.path(), "editorial", None);
    let out = work.path().join("public");
    build(&shop, &out, &[]);
    let home = read(&out.join("index.html"));
    assert!(home.contains("/assets/editorial.css"));
    assert_eq!(
        common::select(&home, "h1", ""),
        ["Galaxies, eyes and slow mornings, printed by hand"]
    );
    assert_eq!(
        common::select(&home, ".ed-story a.more", "href"),
        ["/about/"]
    );
    assert_eq!(
        common::select(&home, ".ed-tile__link", "href"),
        ["/categories/prints/", "/categories/cards/"],
        "brand.featured, in its order"
    );
    let product = read(&out.join("products/deep-field-giclee/index.html"));
    assert!(
        product.contains("class=\"choices\"") && product.contains("class=\"choice__input\""),
        "the variant picker's markup"
    );
    assert!(product.contains("/assets/variants.js"));
    let brand = read(&out.join("assets/shop.css"));
    assert!(brand.contains("--brand-primary: #1f1d1a;"), "brand.colors");
    let own = read(&out.join("assets/editorial.css"));
    assert!(
        own.contains("var(--serif)") && own.contains("var(--space)"),
        "brand fonts and density"
    );
}

#[test]
fn init_starts_a_shop_on_the_theme_asked_for_and_refuses_an_unknown_one() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("gallery");
    let (code, stderr) = common::run(&["init", "--theme", "editorial"], &dir);
    assert_eq!(code, Some(0), "{stderr}");
    let config = read(&dir.join("shop.yaml"));
    assert!(config.contains("\ntheme: editorial\n"), "{config}");
    assert!(
        config.contains("one of compact, default, editorial"),
        "names the themes"
    );
    assert!(
        config.contains("#   colors:"),
        "the brand settings, commented"
    );
    build(&dir, &dir.join("public"), &[]);
    assert!(read(&dir.join("public/index.html")).contains("/assets/editorial.css"));

    let plain = work.path().join("plain");
    assert_eq!(common::run(&["init"], &plain).0, Some(0));
    assert!(read(&plain.join("shop.yaml")).contains("\ntheme: default\n"));

    let wrong = work.path().join("wrong");
    let (code, stderr) = common::run(&["init", "--theme", "editoral"], &wrong);
    assert_eq!(code, Some(2), "a usage error");
    assert!(
        stderr.contains("editoral") && stderr.contains("default") && stderr.contains("editorial"),
        "{stderr}"
    );
    assert!(!wrong.exists(), "nothing written");
}
