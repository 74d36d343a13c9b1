//! `shop import shopify`: Shopify's own sample export and exports written from its
//! documented columns become products that build, every problem named at its CSV line.

mod common;

use std::fs;
use std::path::Path;

use common::{build, read, select, shop, write_shop};

const SHOP_YAML: &str = "title: T\nbase_url: https://t.example/\ncurrency: USD\n";

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Runs `shop ARGS` inside `dir`; returns the exit code, stdout and stderr.
fn run_in(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = shop()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run shop");
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (
        output.status.code(),
        text(&output.stdout),
        text(&output.stderr),
    )
}

/// The front matter of an imported product.
fn front_matter(dir: &Path, handle: &str) -> serde_yaml_ng::Value {
    let text = read(&dir.join("products").join(handle).join("index.md"));
    let yaml = text.split("---\n").nth(1).expect("front matter");
    serde_yaml_ng::from_str(yaml).expect("valid YAML")
}

/// Saves the test photo at every path of images-to-download.txt, as the download loop
/// would; returns how many lines it had.
fn fake_downloads(dir: &Path) -> usize {
    let list = read(&dir.join("images-to-download.txt"));
    for line in list.lines() {
        let (url, path) = line.split_once(' ').expect("URL PATH");
        assert!(url.starts_with("https://"), "{line}");
        fs::copy(fixture("images/gray.jpg"), dir.join(path)).expect("copy photo");
    }
    list.lines().count()
}

/// Where each diagnostic points, in order.
fn positions(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter_map(|line| line.trim().strip_prefix("--> "))
        .collect()
}

/// Imports Shopify's sample export, written as `csv`, into a new shop; checks what it
/// imported and the lines of its warnings, and returns the shop and stderr.
fn import_sample(csv: &str) -> (tempfile::TempDir, String) {
    let dir = write_shop(&[("shop.yaml", SHOP_YAML), ("products.csv", csv)]);
    let (code, stdout, stderr) = run_in(dir.path(), &["import", "shopify", "products.csv"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.starts_with("Imported 3 products (15 variants, 2 drafts) into .\n"),
        "{stdout}"
    );
    assert_eq!(
        positions(&stderr),
        [
            "products.csv:1:1",
            "products.csv:14:1",
            "products.csv:15:1",
            "products.csv:16:1"
        ],
        "{stderr}"
    );
    (dir, stderr)
}

#[test]
fn shopify_sample_imports_as_three_products_that_build() {
    let (dir, stderr) = import_sample(&read(&fixture("import/shopify-product-template.csv")));
    assert!(stderr.starts_with(
        "warning: these columns are not carried over: Product Category, Variant Grams,"
    ));
    assert!(stderr.contains(
        "warning: Variant Compare At Price 64.95 is not above the Variant Price 95.00: left out\n  --> products.csv:14:1"
    ));

    let shirt = front_matter(dir.path(), "example-shirt");
    assert_eq!(shirt["variants"].as_sequence().unwrap().len(), 12);
    assert_eq!(shirt["options"]["Color"].as_sequence().unwrap().len(), 4);
    assert_eq!(shirt["price"], "25.00");
    assert!(shirt.get("draft").is_none());
    let jeans = front_matter(dir.path(), "example-pants");
    assert_eq!(jeans["draft"], true);
    assert_eq!(jeans["variants"].as_sequence().unwrap().len(), 3);
    assert_eq!(jeans["variants"][0]["stock"], 20);
    let beanie = front_matter(dir.path(), "example-hat");
    assert_eq!(beanie["draft"], true);
    assert!(
        beanie.get("variants").is_none(),
        "Default Title is no variant"
    );
    assert_eq!(beanie["price"], "17.99");
    assert_eq!(beanie["condition"], "refurbished");

    assert_eq!(fake_downloads(dir.path()), 12);
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    let html = read(&out.join("products/example-shirt/index.html"));
    assert_eq!(select(&html, ".choice", "").len(), 12);
    assert_eq!(select(&html, ".choice", "")[0], "Green / S");
    assert!(html.contains("<p>This t-shirt is as simple as it gets."));
    assert!(!html.contains("&lt;p&gt;") && !html.contains("<pre>"));
    assert!(
        !out.join("products/example-pants").exists(),
        "drafts stay unpublished"
    );
}

/// Excel and Python's csv module end lines with CRLF: every problem is at the same line as
/// in the file Shopify wrote.
#[test]
fn shopify_sample_with_crlf_line_ends_reports_the_same_lines() {
    let sample = read(&fixture("import/shopify-product-template.csv"));
    assert!(!sample.contains('\r'));
    import_sample(&sample.replace('\n', "\r\n"));
}

/// A photo that cannot be used is reported at its own row, not at the product's first.
#[test]
fn an_unusable_photo_is_reported_at_its_row() {
    let csv = "Handle,Title,Variant Price,Image Src,Image Position\n\
               mug,Mug,5,https://cdn.shopify.com/mug.jpg,1\n\
               mug,,,https://cdn.shopify.com/mug-side.jpg,2\n\
               mug,,,https://cdn.shopify.com/mug.gif,3\n";
    let dir = write_shop(&[("shop.yaml", SHOP_YAML), ("products.csv", csv)]);
    let (code, _, stderr) = run_in(dir.path(), &["import", "shopify", "products.csv"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains(
            "warning: photo `https://cdn.shopify.com/mug.gif` is not a JPEG, PNG or WebP web address: left out\n  --> products.csv:4:1"
        ),
        "{stderr}"
    );
}

#[test]
fn photos_whose_addresses_name_long_files_get_names_that_fit() {
    // 90 Chinese characters are 270 bytes in the address and more as a slug (`bei-` each);
    // the two names are alike but for their end.
    let long = "杯".repeat(90);
    let csv = format!(
        "Handle,Title,Variant Price,Image Src,Image Position\n\
         mug,Mug,5,https://cdn.shopify.com/{long}.jpg,1\n\
         mug,,,https://cdn.shopify.com/{long}2.jpg,2\n"
    );
    let dir = write_shop(&[("shop.yaml", SHOP_YAML), ("products.csv", &csv)]);
    let (code, _, stderr) = run_in(dir.path(), &["import", "shopify", "products.csv"]);
    assert_eq!(code, Some(0), "{stderr}");
    let mug = front_matter(dir.path(), "mug");
    let names: Vec<&str> = mug["images"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|image| image.as_str().or(image["src"].as_str()).unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{mug:?}");
    assert_ne!(names[0], names[1]);
    assert!(
        names
            .iter()
            .all(|n| n.len() <= 255 && n.starts_with("bei-bei")),
        "{names:?}"
    );
    assert_eq!(fake_downloads(dir.path()), 2);
    build(dir.path(), &dir.path().join("public"), &[]);
}

#[test]
fn a_handle_whose_folder_name_would_be_too_long_is_cut_to_fit() {
    // 270 bytes of Handle, 360 as a slug.
    let csv = format!("Handle,Title,Variant Price\n{},Mug,5\n", "杯".repeat(90));
    let dir = write_shop(&[("shop.yaml", SHOP_YAML), ("products.csv", &csv)]);
    let (code, _, stderr) = run_in(dir.path(), &["import", "shopify", "products.csv"]);
    assert_eq!(code, Some(0), "{stderr}");
    let folders: Vec<String> = fs::read_dir(dir.path().join("products"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(folders.len(), 1);
    assert!(
        folders[0].len() <= 255 && folders[0].starts_with("bei-bei"),
        "{folders:?}"
    );
    let out = dir.path().join("public");
    build(dir.path(), &out, &[]);
    assert!(
        out.join("products")
            .join(&folders[0])
            .join("index.html")
            .is_file()
    );
}

const HANDMADE: &str = r#"Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Option3 Name,Option3 Value,Variant SKU,Variant Inventory Qty,Variant Price,Variant Compare At Price,Image Src,Image Position,Image Alt Text,Variant Image,Status
tea-cup,茶杯,"<div class=""care"">
    <p>Hand-thrown, ""glazed"" twice.</p>

    <ul>
        <li>Dishwasher safe</li>
    </ul>
</div>",Studio 陶,Cups,"tea, 茶",TRUE,Title,Default Title,,,,,CUP-1,4,"1,200.00",1500,https://cdn.shopify.com/s/files/cup.jpg?v=9,1,白色茶杯,,active
tea-cup,,,,,,,,,,,,,,,,,https://cdn.shopify.com/s/files/cup-side.webp,2,"Side, with ""handle""",,
silk-tie,Silk tie,<p>A tie.</p>,,Ties,,TRUE,Size,Short,Colour,Red,Fabric,Silk,TIE-SRS,2,40,,https://cdn.shopify.com/s/files/tie.jpg,1,A tie,https://cdn.shopify.com/s/files/red.jpg,active
silk-tie,,,,,,,,Long,,Red,,Silk,TIE-LRS,0,45,50,,,,https://cdn.shopify.com/s/files/red.jpg,
silk-tie,,,,,,,,Short,,Blue,,Wool,TIE-SBW,5,40,,https://cdn.shopify.com/s/files/blue.jpg,2,,https://cdn.shopify.com/s/files/blue.jpg,
"#;

#[test]
fn exports_with_quoted_html_chinese_titles_photo_rows_and_three_options_build() {
    let dir = write_shop(&[
        ("shop/shop.yaml", &SHOP_YAML.replace("USD", "EUR")),
        ("export.csv", HANDMADE),
    ]);
    let (code, stdout, stderr) = run_in(
        dir.path(),
        &["import", "shopify", "export.csv", "--into", "shop"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stderr, "", "nothing to warn about");
    assert!(stdout.starts_with("Imported 2 products (3 variants, 0 drafts) into shop\n"));
    let shop_dir = dir.path().join("shop");
    let cup = front_matter(&shop_dir, "tea-cup");
    assert_eq!(cup["title"], "茶杯");
    assert_eq!(cup["price"], "1200.00");
    assert_eq!(cup["stock"], 4);
    assert_eq!(cup["tags"][1], "茶");
    assert_eq!(cup["images"][1]["src"], "cup-side.webp");
    assert_eq!(cup["images"][1]["alt"], "Side, with \"handle\"");
    let tie = front_matter(&shop_dir, "silk-tie");
    assert_eq!(tie["variants"][1]["compare_at_price"], "50.00");
    assert_eq!(tie["variants"][2]["image"], "blue.jpg");

    assert_eq!(fake_downloads(&shop_dir), 5);
    let out = shop_dir.join("public");
    build(&shop_dir, &out, &[]);
    let html = read(&out.join("products/tea-cup/index.html"));
    assert_eq!(select(&html, "h1", ""), ["茶杯"]);
    assert_eq!(
        select(&html, ".care p", ""),
        ["Hand-thrown, \"glazed\" twice."],
        "the body is HTML, not a code block or escaped text"
    );
    assert_eq!(select(&html, ".care li", ""), ["Dishwasher safe"]);
    assert!(!html.contains("<pre>"));
    let html = read(&out.join("products/silk-tie/index.html"));
    assert_eq!(
        select(&html, ".picker legend", ""),
        ["Size", "Colour", "Fabric"]
    );
    assert_eq!(
        select(&html, ".choice", ""),
        [
            "Short / Red / Silk",
            "Long / Red / Silk (Sold out)",
            "Short / Blue / Wool"
        ]
    );
}

#[test]
fn rows_that_make_no_sense_are_all_reported_and_nothing_is_written() {
    let csv = "Handle,Title,Option1 Name,Option1 Value,Option2 Value,Variant Price\n\
               tee,Tee,Size,S,,25\n\
               ,,,M,,25\n\
               tee,,,M,,25 dollars\n\
               tee,,,L,Red,25\n\
               tee,,,S,,26\n";
    let dir = write_shop(&[("shop.yaml", SHOP_YAML), ("products.csv", csv)]);
    let (code, stdout, stderr) = run_in(dir.path(), &["import", "shopify", "products.csv"]);
    assert_eq!(code, Some(1));
    assert_eq!(stdout, "");
    assert_eq!(
        positions(&stderr),
        [
            "products.csv:3:1",
            "products.csv:4:1",
            "products.csv:5:1",
            "products.csv:6:1"
        ],
        "{stderr}"
    );
    assert!(stderr.contains("error: this row has no Handle\n  --> products.csv:3:1"));
    assert!(stderr.contains("error: bad Variant Price: `25 dollars` is not a price"));
    assert!(stderr.contains("error: Option2 Value `Red` but `tee` has no Option2 Name"));
    assert!(stderr.contains("error: this variant has the same options as the one on line 2: S"));
    assert!(stderr.ends_with("error: found 4 problems; nothing was written\n"));
    assert!(!dir.path().join("products").exists());
}

#[test]
fn existing_files_are_never_replaced() {
    let dir = write_shop(&[
        ("shop.yaml", SHOP_YAML),
        ("products/example-hat/index.md", "my own hat"),
        ("images-to-download.txt", "my list"),
        ("products/example-shirt/tshirts.jpg", "my photo"),
    ]);
    let csv = fixture("import/shopify-product-template.csv");
    let (code, _, stderr) = run_in(
        dir.path(),
        &["import", "shopify", csv.to_str().unwrap(), "--into", "."],
    );
    assert_eq!(code, Some(1));
    assert_eq!(
        positions(&stderr)[4..],
        [
            "images-to-download.txt:1:1",
            "products/example-hat/index.md:1:1",
            "products/example-shirt/tshirts.jpg:1:1"
        ],
        "after the export's four warnings, {stderr}"
    );
    assert!(stderr.ends_with("error: found 3 problems; nothing was written\n"));
    assert!(stderr.contains("error: this file exists already"));
    assert_eq!(
        read(&dir.path().join("products/example-hat/index.md")),
        "my own hat"
    );
    assert!(!dir.path().join("products/example-shirt/index.md").exists());
    assert!(!dir.path().join("products/example-pants").exists());
}

/// An import into a folder with no shop yet: the summary says how the prices were read and
/// what is left, `shop build` names `shop init .`, which adds a shop.yaml and leaves the
/// products alone; until the photos are there, the build says so in one error.
#[test]
fn an_import_into_an_empty_folder_is_finished_by_shop_init() {
    let dir = tempfile::tempdir().unwrap();
    let csv = fixture("import/shopify-product-template.csv");
    let (code, stdout, stderr) = run_in(dir.path(), &["import", "shopify", csv.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    let steps: Vec<&str> = stdout.split("\n\n").skip(1).map(str::trim).collect();
    assert_eq!(
        steps,
        [
            "Prices were read with two decimals: there is no shop.yaml here yet. Run `shop init .` to add one (it leaves the products as they are), and set its `currency:` to your Shopify store's.",
            "12 photos to download first; here, run:\n  while read -r url path; do curl -fsSL -o \"$path\" \"$url\"; done < images-to-download.txt",
            "No way to pay yet for products/example-shirt/, products/example-pants/, products/example-hat/: add `buy:` to each (docs/payments.md).",
        ],
        "{stdout}"
    );
    let shirt = read(&dir.path().join("products/example-shirt/index.md"));

    let (code, _, stderr) = run_in(dir.path(), &["build"]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("`shop init .`"), "{stderr}");
    let (code, stdout, stderr) = run_in(dir.path(), &["init", "."]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("Created shop.yaml"), "{stdout}");
    assert!(
        !stdout.contains("products/"),
        "no sample products: {stdout}"
    );
    assert_eq!(
        read(&dir.path().join("products/example-shirt/index.md")),
        shirt
    );

    let (code, _, stderr) = run_in(dir.path(), &["build"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        "error: 12 photos listed here are not downloaded yet\n  --> images-to-download.txt:1:1\n  = help: in the shop folder, run: while read -r url path; do curl -fsSL -o \"$path\" \"$url\"; done < images-to-download.txt\n\nerror: found 1 problem; nothing was written\n"
    );
    fake_downloads(dir.path());
    let (code, _, stderr) = run_in(dir.path(), &["build"]);
    assert_eq!(code, Some(0), "{stderr}");
}

/// An import into a shop `shop init` made: the prices are read in its currency, and its
/// sample products are pointed out.
#[test]
fn an_import_into_a_new_shop_names_its_currency_and_the_samples_left() {
    let dir = tempfile::tempdir().unwrap();
    shop().arg("init").arg(dir.path()).assert().success();
    let csv = fixture("import/shopify-product-template.csv");
    let (code, stdout, stderr) = run_in(dir.path(), &["import", "shopify", csv.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("\n\nPrices were read in EUR, the currency of shop.yaml.\n"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("\n\n`shop init`'s sample products are still there, unchanged: products/linen-apron/, products/stoneware-mug/. Delete them unless you sell them.\n"),
        "{stdout}"
    );
}
