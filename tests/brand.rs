//! `brand:` settings: they change the CSS variables every theme reads, point out colour
//! pairs that are hard to read, put the logo, icons, hero, announcement and featured
//! collections on the pages, and are checked like every other setting.

mod common;

use std::path::{Path, PathBuf};

use common::{build, read, run, select, write_shop};

const PRODUCTS: [(&str, &str); 3] = [
    (
        "products/mug.md",
        "---\ntitle: Blue Mug\nprice: 20\ncategories: [Mugs]\n---\nA mug.\n",
    ),
    (
        "products/vase.md",
        "---\ntitle: Tall Vase\nprice: 40\ncategories: [Vases]\n---\nA vase.\n",
    ),
    (
        "products/bowl.md",
        "---\ntitle: Bowl\nprice: 15\ncategories: [Mugs]\n---\nA bowl.\n",
    ),
];

/// A shop with `brand` (YAML under `brand:`, already indented) and any extra files.
fn shop_with_brand(brand: &str, extra: &str) -> tempfile::TempDir {
    let config = format!(
        "title: Clay & Co\nbase_url: https://clay.example/shop/\ncurrency: EUR\ndescription: Pots from Porto.\nbrand:\n{brand}{extra}"
    );
    let mut files = vec![("shop.yaml", config.as_str())];
    files.extend(PRODUCTS);
    write_shop(&files)
}

fn built(brand: &str, extra: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = shop_with_brand(brand, extra);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    (dir, out)
}

/// The value of `--brand-NAME` in the published stylesheet.
fn variable(out: &Path, name: &str) -> String {
    let css = read(&out.join("assets/shop.css"));
    let start = css
        .find(&format!("--brand-{name}: "))
        .unwrap_or_else(|| panic!("--brand-{name} in {css}"));
    let value = &css[start + name.len() + 10..];
    value[..value.find(';').expect("a value")].to_owned()
}

fn write_png(path: &Path, width: u32, height: u32) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    image::RgbaImage::from_pixel(width, height, image::Rgba([20, 90, 200, 255]))
        .save(path)
        .unwrap();
}

fn image_size(path: &Path) -> (u32, u32) {
    image::image_dimensions(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The file a URL of the site (under `/shop`) was written to.
fn file_of(out: &Path, url: &str) -> PathBuf {
    out.join(url.strip_prefix("/shop/").expect("under the base path"))
}

#[test]
fn settings_change_the_css_variables_and_defaults_keep_the_old_look() {
    let (_dir, out) = built("  name: Clay & Co\n", "");
    for (name, value) in [
        ("primary", "#1f1d1a"),
        ("accent", "#9a3412"),
        ("background", "#faf8f5"),
        ("text", "#1f1d1a"),
        ("surface", "#ffffff"),
        ("radius", "10px"),
        ("space", "1"),
    ] {
        assert_eq!(variable(&out, name), value, "default {name}");
    }
    assert!(variable(&out, "heading-font").starts_with("\"Iowan Old Style\""));

    let (_dir, out) = built(
        "  colors:\n    primary: \"#0B5FFF\"\n    accent: rgb(180, 30, 60)\n    background: \"#fff\"\n    text: \"#222\"\n  font: humanist\n  heading_font: slab\n  radius: pill\n  density: spacious\n",
        "",
    );
    for (name, value) in [
        ("primary", "#0b5fff"),
        ("on-primary", "#ffffff"),
        ("accent", "#b41e3c"),
        ("background", "#ffffff"),
        ("text", "#222222"),
        ("radius", "18px"),
        ("button-radius", "999px"),
        ("space", "1.35"),
    ] {
        assert_eq!(variable(&out, name), value, "{name}");
    }
    assert!(variable(&out, "font").starts_with("Seravek, "));
    assert!(variable(&out, "heading-font").starts_with("Rockwell, "));
    let css = read(&out.join("assets/shop.css"));
    assert!(
        css.find("--brand-primary:") < css.find("--ink: var(--brand-primary)"),
        "the variables come before the theme's rules"
    );
    assert!(
        !out.join("assets/fonts").exists(),
        "system fonts need no files"
    );
}

#[test]
fn the_brand_name_feeds_structured_data_in_both_forms() {
    for brand in ["  name: Clay & Co\n", "  Clay & Co\n"] {
        let (_dir, out) = built(brand, "");
        let product = read(&out.join("products/mug/index.html"));
        assert_eq!(common::product_data(&product)["brand"]["name"], "Clay & Co");
    }
}

#[test]
fn a_hard_to_read_pair_is_a_warning_naming_both_colours() {
    let dir = shop_with_brand(
        "  colors:\n    background: \"#ffffff\"\n    text: \"#777\"\n",
        "",
    );
    let (code, stderr) = run(&["build"], dir.path());
    assert_eq!(code, Some(0), "a warning does not stop a build: {stderr}");
    assert!(
        stderr.contains(
            "warning: `text` #777777 on `background` #ffffff has a contrast of 4.47:1, below the 4.5:1 WCAG AA asks of text"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("shop.yaml:8:11"),
        "at the text colour: {stderr}"
    );
    assert!(
        stderr.contains("text: \"#767676\" reaches 4.54:1"),
        "{stderr}"
    );
    let (code, stderr) = run(&["check", "--production"], dir.path());
    assert_eq!(code, Some(1), "{stderr}");

    let dir = shop_with_brand("  colors:\n    accent: \"#f0c0a0\"\n", "");
    let (_, stderr) = run(&["build"], dir.path());
    assert!(
        stderr.contains("`accent` #f0c0a0 on `background` #faf8f5"),
        "{stderr}"
    );
    let (_, stderr) = run(&["build"], shop_with_brand("  name: X\n", "").path());
    assert!(
        !stderr.contains("contrast"),
        "the defaults read well: {stderr}"
    );
}

#[test]
fn mistakes_are_errors_at_their_line_and_column() {
    let dir = shop_with_brand("  name: X\n", "");
    write_png(&dir.path().join("brand/flat.png"), 4, 4);
    std::fs::write(
        dir.path().join("brand/blank.svg"),
        "<svg><path d=\"M0 0\"/></svg>",
    )
    .unwrap();
    let cases = [
        (
            "  colors:\n    primary: blue\n",
            "shop.yaml:7:14",
            "`blue` is not a colour",
        ),
        (
            "  colors:\n    primary: #1f6feb\n",
            "shop.yaml:7:5",
            "in YAML an unquoted `#` starts a comment",
        ),
        (
            "  colours:\n    primary: \"#fff\"\n",
            "shop.yaml:6:3",
            "unknown field `colours`, did you mean `colors`?",
        ),
        (
            "  radius: round\n",
            "shop.yaml:6:11",
            "unknown variant `round`",
        ),
        (
            "  featured: [mugs, vasse]\n",
            "shop.yaml:6:20",
            "there is no category `vasse`",
        ),
        (
            "  logo: brand/logo.png\n",
            "shop.yaml:6:9",
            "`brand/logo.png` is not a file in the shop folder",
        ),
        (
            "  logo: ../logo.png\n",
            "shop.yaml:6:9",
            "is not a path inside the shop folder",
        ),
        ("  logo: brand/blank.svg\n", "shop.yaml:6:9", "no viewBox"),
        (
            "  announcement: {text: Sale, until: soon}\n",
            "shop.yaml:6:37",
            "`soon` is not a date",
        ),
        (
            "  hero:\n    button: {label: Go, url: mugs}\n",
            "shop.yaml:7:30",
            "`mugs` is neither a site path nor a web address",
        ),
    ];
    for (brand, at, message) in cases {
        let config = format!(
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\ndescription: D\nbrand:\n{brand}"
        );
        std::fs::write(dir.path().join("shop.yaml"), config).unwrap();
        let (code, stderr) = run(&["build"], dir.path());
        assert_eq!(code, Some(1), "{brand}: {stderr}");
        assert!(stderr.contains(message), "{brand}: {stderr}");
        assert!(stderr.contains(at), "{brand}: want {at} in {stderr}");
    }
    let config =
        "title: T\nbase_url: https://t.example/\ncurrency: EUR\nbrand:\n  featured: [vasse]\n";
    std::fs::write(dir.path().join("shop.yaml"), config).unwrap();
    let (_, stderr) = run(&["build"], dir.path());
    assert!(stderr.contains("did you mean `vases`?"), "{stderr}");
}

#[test]
fn hero_announcement_and_featured_collections_are_on_the_pages() {
    let (dir, out) = built(
        "  hero:\n    heading: Pots for every day\n    text: Thrown by hand.\n    button: {label: See the vases, url: /categories/vases/}\n  announcement:\n    text: Free shipping this week\n    link: /products/\n  featured: [vases, mugs]\n",
        "",
    );
    let home = read(&out.join("index.html"));
    assert_eq!(select(&home, "h1", ""), ["Pots for every day"]);
    assert_eq!(select(&home, ".hero__text", ""), ["Thrown by hand."]);
    assert_eq!(
        select(&home, ".hero .button", "href"),
        ["/shop/categories/vases/"]
    );
    assert_eq!(select(&home, ".hero .button", ""), ["See the vases"]);
    let product = read(&out.join("products/mug/index.html"));
    for page in [&home, &product] {
        assert_eq!(
            select(page, "header .announcement a", ""),
            ["Free shipping this week"]
        );
        assert_eq!(
            select(page, "header .announcement a", "href"),
            ["/shop/products/"]
        );
    }
    assert_eq!(
        select(&home, ".collection h2", ""),
        ["Vases", "Mugs"],
        "in the order written"
    );
    assert_eq!(
        select(&home, "[aria-labelledby=collection-mugs] .card__title", ""),
        ["Blue Mug", "Bowl"],
        "the category's products"
    );
    assert_eq!(
        select(&home, ".collection .more", "href"),
        ["/shop/categories/vases/", "/shop/categories/mugs/"]
    );

    // The last day is shown; the day after, builds leave it out and `check` says so.
    let config = dir.path().join("shop.yaml");
    let text = read(&config).replace("    link: /products/\n", "    until: 2000-01-01\n");
    std::fs::write(&config, text).unwrap();
    build(dir.path(), &out, &[]);
    let home = read(&out.join("index.html"));
    assert!(select(&home, ".announcement", "").is_empty(), "ended");
    let (code, stderr) = run(&["check"], dir.path());
    assert_eq!(code, Some(0));
    assert!(
        stderr.contains("advice: the announcement ended on 2000-01-01"),
        "{stderr}"
    );

    let (_dir, out) = built("  name: Clay & Co\n", "");
    let home = read(&out.join("index.html"));
    assert_eq!(
        select(&home, "h1", ""),
        ["Clay & Co"],
        "the title by default"
    );
    assert_eq!(select(&home, ".hero__text", ""), ["Pots from Porto."]);
    assert_eq!(select(&home, ".hero .button", "href"), ["/shop/products/"]);
    assert!(select(&home, ".announcement, .collection", "").is_empty());
}

#[test]
fn a_raster_logo_is_processed_and_makes_the_icons() {
    let dir = shop_with_brand(
        "  logo: brand/logo.png\n  colors:\n    background: \"#fdf6e3\"\n",
        "",
    );
    write_png(&dir.path().join("brand/logo.png"), 600, 150);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let home = read(&out.join("index.html"));
    let logo = |attribute| select(&home, "header .brand img", attribute).remove(0);
    assert_eq!(logo("alt"), "Clay & Co");
    assert_eq!((logo("width"), logo("height")), ("320".into(), "80".into()));
    assert_eq!(logo("sizes"), "160px");
    assert!(logo("srcset").contains(" 160w, ") && logo("srcset").ends_with(" 320w"));
    assert_eq!(image_size(&file_of(&out, &logo("src"))), (320, 80));

    let favicon = select(&home, "link[rel=icon]", "href").remove(0);
    assert_eq!(select(&home, "link[rel=icon]", "type"), ["image/png"]);
    assert_eq!(image_size(&file_of(&out, &favicon)), (32, 32));
    let touch = select(&home, "link[rel=apple-touch-icon]", "href").remove(0);
    let touch = image::open(file_of(&out, &touch)).unwrap().into_rgba8();
    assert_eq!(touch.dimensions(), (180, 180));
    assert_eq!(
        touch.get_pixel(90, 5).0,
        [0xfd, 0xf6, 0xe3, 255],
        "padded with the background"
    );
    assert_eq!(touch.get_pixel(90, 90).0, [20, 90, 200, 255], "the logo");
    assert!(!out.join("brand").exists(), "the original is not published");
}

#[test]
fn an_svg_logo_is_published_as_it_is_and_is_the_favicon() {
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 50\"><rect width=\"200\" height=\"50\"/></svg>";
    let dir = shop_with_brand("  logo: brand/logo.svg\n", "");
    std::fs::create_dir_all(dir.path().join("brand")).unwrap();
    std::fs::write(dir.path().join("brand/logo.svg"), svg).unwrap();
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let home = read(&out.join("index.html"));
    let src = select(&home, "header .brand img", "src").remove(0);
    assert!(
        src.starts_with("/shop/images/logo.") && src.ends_with(".svg"),
        "{src}"
    );
    assert_eq!(read(&file_of(&out, &src)), svg);
    assert_eq!(select(&home, "header .brand img", "width"), ["200"]);
    assert_eq!(select(&home, "header .brand img", "height"), ["50"]);
    assert_eq!(select(&home, "link[rel=icon]", "href"), [src]);
    assert_eq!(select(&home, "link[rel=icon]", "type"), ["image/svg+xml"]);
    assert!(
        select(&home, "link[rel=apple-touch-icon]", "href").is_empty(),
        "touch icons need a raster icon"
    );

    let (_dir, out) = built("  name: X\n", "");
    let home = read(&out.join("index.html"));
    assert_eq!(
        select(&home, "link[rel=icon]", "href"),
        ["/shop/assets/favicon.svg"],
        "the theme's icon by default"
    );
    assert_eq!(select(&home, "header .brand", ""), ["Clay & Co"]);
}

#[test]
fn a_hero_photo_is_responsive_and_loads_first() {
    let dir = shop_with_brand(
        "  hero: {image: brand/hero.png, alt: A shelf of pots}\n",
        "",
    );
    write_png(&dir.path().join("brand/hero.png"), 1000, 600);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let home = read(&out.join("index.html"));
    let img = |attribute| select(&home, ".hero img", attribute).remove(0);
    assert_eq!(img("alt"), "A shelf of pots");
    assert_eq!(img("fetchpriority"), "high");
    assert_eq!((img("width"), img("height")), ("1000".into(), "600".into()));
    assert!(img("srcset").contains(" 480w, ") && img("srcset").contains(" 800w, "));
    assert_eq!(select(&home, ".hero source", "type"), ["image/webp"]);
}

#[test]
fn inter_is_self_hosted_only_when_chosen_and_never_on_cjk_pages() {
    let (_dir, out) = built("  font: inter\n", "languages:\n  ja: {title: 粘土}\n");
    let css = read(&out.join("assets/shop.css"));
    assert!(css.contains("font-display: swap"));
    assert!(css.contains(":root:lang(ja)"));
    for weight in [400, 600] {
        let font = out.join(format!("assets/fonts/inter-{weight}.woff2"));
        assert_eq!(&std::fs::read(&font).unwrap()[..4], b"wOF2");
    }
    let home = read(&out.join("index.html"));
    assert_eq!(
        select(&home, "link[rel=preload][as=font]", "href"),
        ["/shop/assets/fonts/inter-400.woff2"]
    );
    let japanese = read(&out.join("ja/index.html"));
    assert!(select(&japanese, "link[rel=preload]", "href").is_empty());
}

#[test]
fn hero_and_announcement_texts_translate() {
    let (_dir, out) = built(
        "  hero:\n    heading: Pots\n    button: {label: Shop, url: /products/}\n  announcement: {text: Open today, link: /products/}\n",
        "languages:\n  zh-CN:\n    brand:\n      hero: {heading: 陶器, button: {label: 选购}}\n      announcement: {text: 今日营业}\n",
    );
    let chinese = read(&out.join("zh-cn/index.html"));
    assert_eq!(select(&chinese, "h1", ""), ["陶器"]);
    assert_eq!(select(&chinese, ".hero .button", ""), ["选购"]);
    assert_eq!(
        select(&chinese, ".hero .button", "href"),
        ["/shop/zh-cn/products/"]
    );
    assert_eq!(select(&chinese, ".announcement a", ""), ["今日营业"]);
    let english = read(&out.join("index.html"));
    assert_eq!(select(&english, "h1", ""), ["Pots"]);
}

#[test]
fn nothing_loads_from_another_host() {
    let dir = shop_with_brand(
        "  logo: brand/logo.png\n  font: inter\n  hero: {image: brand/logo.png}\n  announcement: {text: Hi}\n  featured: [mugs]\n",
        "",
    );
    write_png(&dir.path().join("brand/logo.png"), 300, 100);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let home = read(&out.join("index.html"));
    let loaded = [
        "img",
        "source",
        "script",
        "link[rel=stylesheet]",
        "link[rel=icon]",
        "link[rel=preload]",
        "link[rel=apple-touch-icon]",
    ];
    for css in loaded {
        for attribute in ["src", "href", "srcset"] {
            for url in select(&home, css, attribute)
                .iter()
                .filter(|u| !u.is_empty())
            {
                assert!(url.starts_with("/shop/"), "{css} {attribute}: {url}");
            }
        }
    }
    let stylesheet = read(&out.join("assets/shop.css"));
    assert!(
        !stylesheet.contains("http"),
        "no font or image from elsewhere"
    );
}
