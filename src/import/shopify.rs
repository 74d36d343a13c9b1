//! Shopify's product export (`products_export.csv`): one product over several rows that
//! share a Handle. The first row holds the product, later rows add variants, photos or both.
//!
//! Reading goes in three steps: rows into [`Product`]s (every mistake with its CSV line),
//! then each product into front matter ([`FrontMatter`]), then files into a [`Plan`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Serialize;

use super::{Download, Plan};
use crate::content::{AssetKind, record_line};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::fs::{MAX_NAME_BYTES, cut, fitted_name};
use crate::money::{self, Currency, Money};

/// The columns read, beside the three `OptionN Name` / `OptionN Value` pairs.
const CARRIED: &[&str] = &[
    "Handle",
    "Title",
    "Body (HTML)",
    "Vendor",
    "Type",
    "Tags",
    "Published",
    "Variant SKU",
    "Variant Inventory Tracker",
    "Variant Inventory Qty",
    "Variant Inventory Policy",
    "Variant Requires Shipping",
    "Variant Price",
    "Variant Compare At Price",
    "Image Src",
    "Image Position",
    "Image Alt Text",
    "SEO Description",
    "Google Shopping / Condition",
    "Google Shopping / MPN",
    "Variant Image",
    "Status",
];

/// Shopify columns `shop` has no place for.
const LEFT_OUT: &[&str] = &[
    "Product Category",
    "Variant Grams",
    "Variant Fulfillment Service",
    "Variant Taxable",
    "Variant Barcode",
    "Gift Card",
    "SEO Title",
    "Variant Weight Unit",
    "Variant Tax Code",
    "Cost per item",
];

/// Families of Shopify columns `shop` has no place for: Google Shopping attributes, prices
/// per market, and metafields.
const LEFT_OUT_PREFIXES: &[&str] = &[
    "Google Shopping / ",
    "Included / ",
    "Price / ",
    "Compare At Price / ",
    "Option1 Linked To",
    "Option2 Linked To",
    "Option3 Linked To",
];

/// What Shopify writes for a product without options: one option `Title`, one value.
const DEFAULT_OPTION: (&str, &str) = ("Title", "Default Title");

/// Reads an export into the files to write; the diagnostics name `csv` and a line.
pub fn plan(bytes: &[u8], csv: &Path, currency: Currency) -> (Plan, Diagnostics) {
    let mut reader = Reader {
        csv,
        currency,
        diagnostics: Diagnostics::default(),
    };
    let products = reader.products(bytes);
    let mut plan = Plan::default();
    for product in products {
        reader.add(&mut plan, product);
    }
    (plan, reader.diagnostics)
}

/// One product as the export describes it, gathered from its rows.
#[derive(Debug)]
struct Product {
    handle: String,
    line: usize,
    title: String,
    body: String,
    vendor: String,
    kind: String,
    tags: String,
    draft: bool,
    summary: String,
    condition: String,
    mpn: String,
    /// `Option1 Name` to `Option3 Name`, empty where unused.
    option_names: [String; 3],
    variants: Vec<Variant>,
    images: Vec<Photo>,
}

/// One purchasable version, from one row.
#[derive(Debug)]
struct Variant {
    line: usize,
    /// `Option1 Value` to `Option3 Value`.
    values: [String; 3],
    sku: String,
    price: Option<Money>,
    compare_at_price: Option<Money>,
    stock: Option<u32>,
    /// Inventory Policy `continue`: Shopify keeps selling it at stock 0.
    sells_when_out: bool,
    /// Requires Shipping is not `FALSE`.
    ships: bool,
    image: String,
}

/// A product photo, by address.
#[derive(Debug)]
struct Photo {
    /// The CSV line of its row, for warnings about it.
    line: usize,
    url: String,
    position: Option<u32>,
    alt: String,
}

/// One CSV row with its header, read by column name.
struct Row<'a> {
    line: usize,
    header: &'a HashMap<String, usize>,
    record: &'a csv::StringRecord,
}

impl Row<'_> {
    /// The trimmed value of a column; empty when the export has no such column.
    fn get(&self, column: &str) -> &str {
        self.header
            .get(column)
            .and_then(|&i| self.record.get(i))
            .map(str::trim)
            .unwrap_or_default()
    }

    fn option_value(&self, n: usize) -> &str {
        self.get(&format!("Option{n} Value"))
    }

    /// A variant row sets an option value, a SKU or a price; the others only add photos.
    fn is_variant(&self) -> bool {
        (1..=3).any(|n| !self.option_value(n).is_empty())
            || !self.get("Variant SKU").is_empty()
            || !self.get("Variant Price").is_empty()
    }
}

/// Reads rows and keeps every problem found, each at its CSV line.
struct Reader<'a> {
    csv: &'a Path,
    currency: Currency,
    diagnostics: Diagnostics,
}

impl Reader<'_> {
    fn at(&self, line: usize) -> (PathBuf, Position) {
        (self.csv.to_path_buf(), Position::new(line, 1))
    }

    fn error(&mut self, line: usize, message: String, hint: &str) {
        let (path, position) = self.at(line);
        self.diagnostics
            .push(Diagnostic::error(path, position, message).with_hint(hint));
    }

    fn warning(&mut self, line: usize, message: String, hint: &str) {
        let (path, position) = self.at(line);
        self.diagnostics
            .push(Diagnostic::warning(path, position, message).with_hint(hint));
    }

    /// Every product of the export, in the order of their first rows.
    fn products(&mut self, bytes: &[u8]) -> Vec<Product> {
        let mut csv = csv::ReaderBuilder::new().from_reader(bytes);
        let names = match csv.headers() {
            Ok(names) => names.clone(),
            Err(err) => {
                self.csv_error(bytes, &err);
                return Vec::new();
            }
        };
        let header = self.header(&names);
        if !header.contains_key("Handle") {
            self.error(
                1,
                "the first line has no `Handle` column".into(),
                "export the products from Shopify admin (Products > Export) and import that file as it is",
            );
            return Vec::new();
        }
        let mut products: IndexMap<String, Product> = IndexMap::new();
        let mut filled = vec![false; names.len()];
        for result in csv.records() {
            match result {
                Ok(record) => {
                    for (filled, value) in filled.iter_mut().zip(&record) {
                        *filled |= !value.trim().is_empty();
                    }
                    let line = record_line(bytes, record.position());
                    let row = Row {
                        line,
                        header: &header,
                        record: &record,
                    };
                    self.row(&row, &mut products);
                }
                Err(err) => self.csv_error(bytes, &err),
            }
        }
        self.left_out(&names, &filled);
        products.into_values().collect()
    }

    fn csv_error(&mut self, bytes: &[u8], err: &csv::Error) {
        let line = record_line(bytes, err.position());
        self.error(
            line,
            format!("cannot read this CSV row: {err}"),
            "import the file exactly as Shopify exported it (UTF-8, every row with the same columns)",
        );
    }

    /// Column positions by name, warning about columns this importer does not know.
    fn header(&mut self, names: &csv::StringRecord) -> HashMap<String, usize> {
        let unknown: Vec<String> = names
            .iter()
            .filter(|name| column(name) == Column::Unknown)
            .map(|name| format!("`{name}`"))
            .collect();
        if !unknown.is_empty() {
            self.warning(
                1,
                format!("unknown columns, not carried over: {}", unknown.join(", ")),
                "this importer reads Shopify's product export; see docs/import.md for the columns it reads",
            );
        }
        names
            .iter()
            .enumerate()
            .map(|(i, name)| (name.trim().to_owned(), i))
            .collect()
    }

    /// One warning naming the Shopify columns that hold values `shop` has no place for.
    fn left_out(&mut self, names: &csv::StringRecord, filled: &[bool]) {
        let left_out: Vec<&str> = names
            .iter()
            .zip(filled)
            .filter(|&(name, &filled)| filled && column(name) == Column::LeftOut)
            .map(|(name, _)| name)
            .collect();
        if !left_out.is_empty() {
            self.warning(
                1,
                format!(
                    "these columns are not carried over: {}",
                    left_out.join(", ")
                ),
                "shop has no place for them; see docs/import.md",
            );
        }
    }

    /// Adds one row to its product: the product itself, a variant, a photo.
    fn row(&mut self, row: &Row, products: &mut IndexMap<String, Product>) {
        let handle = row.get("Handle");
        if handle.is_empty() {
            self.error(
                row.line,
                "this row has no Handle".into(),
                "every row names its product by Handle; give it the Handle of the product it belongs to",
            );
            return;
        }
        let title = row.get("Title");
        match products.get_mut(handle) {
            Some(product) if !title.is_empty() => {
                let first = product.line;
                self.error(
                    row.line,
                    format!(
                        "Handle `{handle}` names a second product (the first is on line {first})"
                    ),
                    "every product needs its own Handle",
                );
            }
            Some(product) => self.extend(product, row),
            None if title.is_empty() => self.error(
                row.line,
                format!("the first row of `{handle}` has no Title"),
                "the first row of a product holds its Title, Body, Vendor and options",
            ),
            None => {
                let mut product = Self::product(row);
                self.extend(&mut product, row);
                products.insert(handle.to_owned(), product);
            }
        }
    }

    /// The product fields of its first row.
    fn product(row: &Row) -> Product {
        let status = row.get("Status").to_ascii_lowercase();
        let draft = status == "draft"
            || status == "archived"
            || row.get("Published").eq_ignore_ascii_case("false");
        Product {
            handle: row.get("Handle").to_owned(),
            line: row.line,
            title: row.get("Title").to_owned(),
            body: row.get("Body (HTML)").to_owned(),
            vendor: row.get("Vendor").to_owned(),
            kind: row.get("Type").to_owned(),
            tags: row.get("Tags").to_owned(),
            draft,
            summary: row.get("SEO Description").to_owned(),
            condition: row.get("Google Shopping / Condition").to_ascii_lowercase(),
            mpn: row.get("Google Shopping / MPN").to_owned(),
            option_names: [1, 2, 3].map(|n| row.get(&format!("Option{n} Name")).to_owned()),
            variants: Vec::new(),
            images: Vec::new(),
        }
    }

    /// Adds the variant and the photo a row carries.
    fn extend(&mut self, product: &mut Product, row: &Row) {
        let src = row.get("Image Src");
        if !src.is_empty() {
            let position = row.get("Image Position").parse().ok();
            product.images.push(Photo {
                line: row.line,
                url: src.to_owned(),
                position,
                alt: row.get("Image Alt Text").to_owned(),
            });
        }
        if row.is_variant() {
            let variant = self.variant(product, row);
            product.variants.push(variant);
        }
    }

    fn variant(&mut self, product: &Product, row: &Row) -> Variant {
        let values = [1, 2, 3].map(|n| row.option_value(n).to_owned());
        for (i, value) in values.iter().enumerate() {
            let name = &product.option_names[i];
            let n = i + 1;
            if name.is_empty() && !value.is_empty() {
                self.error(
                    row.line,
                    format!("Option{n} Value `{value}` but `{}` has no Option{n} Name", product.handle),
                    "name the option on the product's first row (Option1 Name: Size), or clear the value",
                );
            } else if !name.is_empty() && value.is_empty() {
                self.error(
                    row.line,
                    format!("this variant has no value for the option `{name}`"),
                    "every variant picks one value of each of the product's options",
                );
            }
        }
        let price = self.price(row, "Variant Price");
        if price.is_none() && row.get("Variant Price").is_empty() {
            self.error(
                row.line,
                "this variant has no Variant Price".into(),
                "write its price, such as 25 or 25.00",
            );
        }
        let compare_at_price = self.compare_at_price(row, price);
        Variant {
            line: row.line,
            values,
            sku: row.get("Variant SKU").to_owned(),
            price,
            compare_at_price,
            stock: self.stock(row),
            sells_when_out: row
                .get("Variant Inventory Policy")
                .eq_ignore_ascii_case("continue"),
            ships: !row
                .get("Variant Requires Shipping")
                .eq_ignore_ascii_case("false"),
            image: row.get("Variant Image").to_owned(),
        }
    }

    /// A price column, `None` when empty or wrong (an error for the latter).
    fn price(&mut self, row: &Row, column: &str) -> Option<Money> {
        let text = row.get(column);
        if text.is_empty() {
            return None;
        }
        match money::parse_price(text, self.currency) {
            Ok(money) => Some(money),
            Err(err) => {
                self.error(row.line, format!("bad {column}: {err}"), &err.hint());
                None
            }
        }
    }

    /// The compare-at price, left out with a warning when it is not above the price.
    fn compare_at_price(&mut self, row: &Row, price: Option<Money>) -> Option<Money> {
        let compare_at = self.price(row, "Variant Compare At Price")?;
        match price {
            Some(price) if compare_at.minor <= price.minor => {
                self.warning(
                    row.line,
                    format!(
                        "Variant Compare At Price {} is not above the Variant Price {}: left out",
                        decimal(compare_at),
                        decimal(price)
                    ),
                    "shop shows a compare-at price struck through as the earlier, higher price; add one above the price if the item is on sale",
                );
                None
            }
            _ => Some(compare_at),
        }
    }

    /// Items left, when Shopify tracks them: a blank Inventory Tracker means not tracked.
    fn stock(&mut self, row: &Row) -> Option<u32> {
        let tracked = !row.header.contains_key("Variant Inventory Tracker")
            || !row.get("Variant Inventory Tracker").is_empty();
        let text = row.get("Variant Inventory Qty");
        if !tracked || text.is_empty() {
            return None;
        }
        match text.parse::<i64>() {
            Ok(n) if n < 0 => {
                self.warning(
                    row.line,
                    format!("Variant Inventory Qty {n} is below zero: imported as sold out (0)"),
                    "shop does not sell more than it has; raise the stock when more arrive",
                );
                Some(0)
            }
            Ok(n) => Some(u32::try_from(n).unwrap_or(u32::MAX)),
            Err(_) => {
                self.error(
                    row.line,
                    format!("Variant Inventory Qty `{text}` is not a whole number"),
                    "write how many are left, such as 12",
                );
                None
            }
        }
    }

    /// Turns one product into its files and photos.
    fn add(&mut self, plan: &mut Plan, product: Product) {
        // Cut to the file name limit: a slug of Chinese is longer than the Handle, and no
        // longer Shopify's address anyway.
        let slug = cut(&slug::slugify(&product.handle), MAX_NAME_BYTES).to_owned();
        if slug.is_empty() {
            self.error(
                product.line,
                format!(
                    "cannot make a folder name from the Handle `{}`",
                    product.handle
                ),
                "give the product a Handle with letters or digits",
            );
            return;
        }
        let path = Path::new("products").join(&slug).join("index.md");
        if plan.files.iter().any(|(taken, _)| *taken == path) {
            self.error(
                product.line,
                format!(
                    "the Handle `{}` makes the folder `products/{slug}` of an earlier product",
                    product.handle
                ),
                "give every product its own Handle",
            );
            return;
        }
        let Some(front_matter) = self.front_matter(&product, &slug, &mut plan.downloads) else {
            return;
        };
        let variants = front_matter.variants.len();
        let text = product_file(&front_matter, &product.body);
        plan.files.push((path, text));
        plan.counts.products += 1;
        plan.counts.variants += variants;
        plan.counts.drafts += usize::from(product.draft);
    }

    /// The front matter of a product; `None` when its rows had errors.
    fn front_matter(
        &mut self,
        product: &Product,
        slug: &str,
        downloads: &mut Vec<Download>,
    ) -> Option<FrontMatter> {
        let errors = self.diagnostics.error_count();
        let mut photos = Photos::new(slug);
        let images = self.images(product, &mut photos);
        let mut front_matter = FrontMatter {
            title: product.title.clone(),
            draft: product.draft,
            brand: non_empty(&product.vendor),
            mpn: non_empty(&product.mpn),
            condition: self.condition(product),
            summary: non_empty(&product.summary),
            categories: non_empty(&product.kind).into_iter().collect(),
            tags: split_tags(&product.tags),
            images,
            ..FrontMatter::default()
        };
        match product.variants.as_slice() {
            [] => self.error(
                product.line,
                format!("`{}` has no variant with a Variant Price", product.handle),
                "give the product's first row its Variant Price",
            ),
            [only] if is_simple(product, only) => {
                front_matter.simple(only);
                if let Some(image) = self.photo(only, &mut photos)
                    && !front_matter.images.iter().any(|i| i.src == image)
                {
                    front_matter.images.push(ImageEntry {
                        src: image,
                        alt: None,
                    });
                }
            }
            variants => self.variants(product, variants, &mut front_matter, &mut photos),
        }
        self.availability_and_kind(product, &mut front_matter);
        downloads.extend(photos.downloads);
        (self.diagnostics.error_count() == errors).then_some(front_matter)
    }

    /// `availability: backorder` when Shopify keeps selling every variant at stock 0, and
    /// `kind: digital` when no variant is shipped. `shop` decides both per product, so
    /// variants that disagree on selling at 0 keep the default, with a warning.
    fn availability_and_kind(&mut self, product: &Product, front_matter: &mut FrontMatter) {
        let variants = &product.variants;
        let continuing = variants.iter().filter(|v| v.sells_when_out).count();
        if continuing == variants.len() && continuing > 0 {
            front_matter.availability = Some("backorder".into());
        } else if continuing > 0 {
            self.warning(
                product.line,
                format!(
                    "only some variants of `{}` keep selling when out of stock: imported as sold out at 0",
                    product.handle
                ),
                "add `availability: backorder` to the product if all of them should",
            );
        }
        if !variants.is_empty() && variants.iter().all(|v| !v.ships) {
            front_matter.kind = Some("digital".into());
        }
    }

    /// The product photos in Shopify's order, each once.
    fn images(&mut self, product: &Product, photos: &mut Photos) -> Vec<ImageEntry> {
        let mut ordered: Vec<&Photo> = product.images.iter().collect();
        ordered.sort_by_key(|p| p.position.unwrap_or(u32::MAX));
        let mut images: Vec<ImageEntry> = Vec::new();
        for photo in ordered {
            match photos.local(&photo.url) {
                Some(src) if images.iter().all(|i| i.src != src) => images.push(ImageEntry {
                    src,
                    alt: non_empty(&photo.alt),
                }),
                Some(_) => {}
                None => self.unusable_photo(photo.line, &photo.url),
            }
        }
        images
    }

    /// The local file of a variant's photo.
    fn photo(&mut self, variant: &Variant, photos: &mut Photos) -> Option<String> {
        if variant.image.is_empty() {
            return None;
        }
        let local = photos.local(&variant.image);
        if local.is_none() {
            self.unusable_photo(variant.line, &variant.image);
        }
        local
    }

    fn unusable_photo(&mut self, line: usize, url: &str) {
        self.warning(
            line,
            format!("photo `{url}` is not a JPEG, PNG or WebP web address: left out"),
            "convert it to one of those formats and add it to the product's images",
        );
    }

    fn condition(&mut self, product: &Product) -> Option<String> {
        match product.condition.as_str() {
            "" | "new" => None,
            "used" | "refurbished" => Some(product.condition.clone()),
            other => {
                self.warning(
                    product.line,
                    format!("Google Shopping / Condition `{other}` is not new, used or refurbished: left out"),
                    "add `condition:` to the product if it is not new",
                );
                None
            }
        }
    }

    /// Options and variants, with one price on the product when they all share it.
    fn variants(
        &mut self,
        product: &Product,
        variants: &[Variant],
        front_matter: &mut FrontMatter,
        photos: &mut Photos,
    ) {
        let names: Vec<(usize, &String)> = product
            .option_names
            .iter()
            .enumerate()
            .filter(|(_, name)| !name.is_empty())
            .collect();
        if names.is_empty() {
            let second = variants.get(1).map_or(product.line, |v| v.line);
            self.error(
                second,
                format!(
                    "`{}` has several variants but no Option1 Name",
                    product.handle
                ),
                "name what the variants differ in (Option1 Name: Size) on the product's first row",
            );
            return;
        }
        let mut seen: HashMap<Vec<&str>, usize> = HashMap::new();
        for variant in variants {
            let key: Vec<&str> = names
                .iter()
                .map(|&(i, _)| variant.values[i].as_str())
                .collect();
            if let Some(first) = seen.insert(key.clone(), variant.line) {
                self.error(
                    variant.line,
                    format!(
                        "this variant has the same options as the one on line {first}: {}",
                        key.join(" / ")
                    ),
                    "every variant needs its own combination of option values",
                );
            }
            for &(i, name) in &names {
                let values = front_matter.options.entry(name.clone()).or_default();
                if !values.contains(&variant.values[i]) {
                    values.push(variant.values[i].clone());
                }
            }
            let entry = VariantEntry {
                options: names
                    .iter()
                    .map(|&(i, name)| (name.clone(), variant.values[i].clone()))
                    .collect(),
                sku: non_empty(&variant.sku),
                price: variant.price.map(decimal),
                compare_at_price: variant.compare_at_price.map(decimal),
                stock: variant.stock,
                image: self.photo(variant, photos),
            };
            front_matter.variants.push(entry);
        }
        front_matter.share_price();
    }
}

/// What becomes of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Carried,
    LeftOut,
    Unknown,
}

fn column(name: &str) -> Column {
    let name = name.trim();
    let option =
        (1..=3).any(|n| name == format!("Option{n} Name") || name == format!("Option{n} Value"));
    if option || CARRIED.contains(&name) {
        Column::Carried
    } else if LEFT_OUT.contains(&name)
        || LEFT_OUT_PREFIXES.iter().any(|p| name.starts_with(p))
        || name.contains("metafields")
    {
        Column::LeftOut
    } else {
        Column::Unknown
    }
}

/// A product without options: no option names, or Shopify's single `Title: Default Title`.
fn is_simple(product: &Product, variant: &Variant) -> bool {
    let named: Vec<usize> = (0..3)
        .filter(|&i| !product.option_names[i].is_empty())
        .collect();
    match named.as_slice() {
        [] => true,
        [i] => {
            (
                product.option_names[*i].as_str(),
                variant.values[*i].as_str(),
            ) == DEFAULT_OPTION
        }
        _ => false,
    }
}

/// Local file names for photo addresses, unique within one product folder.
struct Photos {
    folder: PathBuf,
    by_url: HashMap<String, String>,
    downloads: Vec<Download>,
}

impl Photos {
    fn new(slug: &str) -> Photos {
        Photos {
            folder: Path::new("products").join(slug),
            by_url: HashMap::new(),
            downloads: Vec::new(),
        }
    }

    /// The file name the photo at `url` is saved as; `None` for what is not a photo.
    fn local(&mut self, url: &str) -> Option<String> {
        let parsed = url::Url::parse(url).ok()?;
        if let Some(name) = self.by_url.get(parsed.as_str()) {
            return Some(name.clone());
        }
        let wanted = file_name(&parsed)?;
        let name = self.unique(&wanted);
        self.by_url.insert(parsed.to_string(), name.clone());
        self.downloads.push(Download {
            url: parsed.to_string(),
            path: self.folder.join(&name),
        });
        Some(name)
    }

    /// `name`, or `stem-2.ext`, `stem-3.ext`... (cut to fit) when another address took it.
    fn unique(&self, name: &str) -> String {
        let taken = |candidate: &String| self.by_url.values().any(|n| n == candidate);
        let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
        let mut candidate = name.to_owned();
        let mut n = 2;
        while taken(&candidate) {
            candidate = fitted_name(stem, &format!("-{n}.{extension}"));
            n += 1;
        }
        candidate
    }
}

/// A safe file name from the last segment of a web address, query dropped:
/// `.../files/Green%20Shirt.JPG?v=1` becomes `green-shirt.jpg`; cut to the file name limit
/// (an address has none, and a slug of Chinese is longer than the name).
fn file_name(url: &url::Url) -> Option<String> {
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let segment = url.path_segments()?.next_back()?;
    let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
    let (stem, extension) = decoded.rsplit_once('.')?;
    let extension = extension.to_ascii_lowercase();
    let stem = slug::slugify(stem);
    let name = fitted_name(&stem, &format!(".{extension}"));
    let is_photo = AssetKind::of_image(Path::new(&name)) == AssetKind::Photo;
    (is_photo && !stem.is_empty()).then_some(name)
}

/// Front matter as `shop` reads it (see `content::raw::RawProduct`), in a stable order.
#[derive(Debug, Default, Serialize)]
struct FrontMatter {
    title: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    draft: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    price: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    compare_at_price: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sku: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stock: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    availability: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    brand: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mpn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    condition: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    categories: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    images: Vec<ImageEntry>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    options: IndexMap<String, Vec<String>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    variants: Vec<VariantEntry>,
}

impl FrontMatter {
    /// Takes the price, SKU and stock of a product's only variant.
    fn simple(&mut self, variant: &Variant) {
        self.price = variant.price.map(decimal);
        self.compare_at_price = variant.compare_at_price.map(decimal);
        self.sku = non_empty(&variant.sku);
        self.stock = variant.stock;
    }

    /// Moves a price every variant shares onto the product, so one `buy:` there serves all.
    fn share_price(&mut self) {
        let Some(first) = self.variants.first() else {
            return;
        };
        let shared = (first.price.clone(), first.compare_at_price.clone());
        if self
            .variants
            .iter()
            .any(|v| (&v.price, &v.compare_at_price) != (&shared.0, &shared.1))
        {
            return;
        }
        (self.price, self.compare_at_price) = shared;
        for variant in &mut self.variants {
            variant.price = None;
            variant.compare_at_price = None;
        }
    }
}

/// An entry of `images:`.
#[derive(Debug, Serialize)]
struct ImageEntry {
    src: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    alt: Option<String>,
}

/// An entry of `variants:`.
#[derive(Debug, Serialize)]
struct VariantEntry {
    options: IndexMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sku: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    price: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    compare_at_price: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stock: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
}

/// The product file: front matter, then the description as HTML Markdown passes through.
fn product_file(front_matter: &FrontMatter, body: &str) -> String {
    let yaml = serde_yaml_ng::to_string(front_matter)
        .expect("strings, numbers and string-keyed maps always serialize");
    format!("---\n{yaml}---\n{}", markdown_safe_html(body))
}

/// HTML that Markdown renders unchanged: one HTML block, which a blank line would end and
/// an indented line would turn into code, so lines are trimmed and blank ones dropped. The
/// `<div>` makes it a block even when the HTML starts with text or an inline tag.
fn markdown_safe_html(html: &str) -> String {
    let lines: Vec<&str> = html
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    format!("<div>\n{}\n</div>\n", lines.join("\n"))
}

/// A price as plain decimal text in its currency's digits: `25.00`, `1500`.
fn decimal(money: Money) -> String {
    let exponent = money.currency.exponent();
    let scale = 10i64.pow(exponent);
    match exponent {
        0 => money.minor.to_string(),
        digits => format!(
            "{}.{:0width$}",
            money.minor / scale,
            money.minor % scale,
            width = digits as usize
        ),
    }
}

fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// Shopify's comma-separated Tags as a list.
fn split_tags(tags: &str) -> Vec<String> {
    tags.split(',')
        .map(str::trim)
        .filter(|tag| !tag.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Counts;

    const HEADER: &str = "Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Option3 Name,Option3 Value,Variant SKU,Variant Inventory Tracker,Variant Inventory Qty,Variant Price,Variant Compare At Price,Image Src,Image Position,Image Alt Text,Variant Image,Status\n";

    fn import_in(currency: &str, rows: &str) -> (Plan, Diagnostics) {
        let currency = Currency::from_code(currency).unwrap();
        plan(
            format!("{HEADER}{rows}").as_bytes(),
            Path::new("p.csv"),
            currency,
        )
    }

    fn import(rows: &str) -> (Plan, Diagnostics) {
        import_in("USD", rows)
    }

    /// The front matter of the `n`th file, parsed back.
    fn front_matter(plan: &Plan, n: usize) -> serde_yaml_ng::Value {
        let text = &plan.files[n].1;
        let yaml = text.split("---\n").nth(1).unwrap();
        serde_yaml_ng::from_str(yaml).unwrap()
    }

    /// `(line, message)` of every diagnostic.
    fn lines(diagnostics: &Diagnostics) -> Vec<(usize, String)> {
        diagnostics
            .0
            .iter()
            .map(|d| (d.position.line, d.message.clone()))
            .collect()
    }

    #[test]
    fn selling_at_zero_becomes_a_backorder_and_nothing_shipped_a_download() {
        let csv = "Handle,Title,Option1 Name,Option1 Value,Variant Price,Variant Inventory Policy,Variant Requires Shipping\n\
            pot,Pot,Size,S,10,continue,TRUE\n\
            pot,,,L,12,continue,TRUE\n\
            pdf,Pattern,Title,Default Title,5,deny,FALSE\n\
            mix,Mix,Size,S,10,continue,\n\
            mix,,,L,12,deny,\n";
        let usd = Currency::from_code("USD").unwrap();
        let (plan, diagnostics) = super::plan(csv.as_bytes(), Path::new("p.csv"), usd);
        assert_eq!(front_matter(&plan, 0)["availability"], "backorder");
        assert!(front_matter(&plan, 0).get("kind").is_none());
        assert_eq!(front_matter(&plan, 1)["kind"], "digital");
        assert!(front_matter(&plan, 1).get("availability").is_none());
        assert!(front_matter(&plan, 2).get("availability").is_none());
        assert_eq!(
            lines(&diagnostics),
            [(5, "only some variants of `mix` keep selling when out of stock: imported as sold out at 0".to_owned())]
        );
    }

    #[test]
    fn rows_with_one_handle_make_one_product_with_its_variants_and_photos() {
        let (plan, diagnostics) = import(concat!(
            "mug,Mug,<p>Mug</p>,Ana,Cups,\"a, b\",TRUE,Size,S,,,,,M-S,shopify,3,20,,https://cdn.x/mug.jpg?v=1,1,A mug,,active\n",
            "mug,,,,,,,,M,,,,,M-M,shopify,4,22,,,,,https://cdn.x/m.png,\n",
            "mug,,,,,,,,,,,,,,,,,,https://cdn.x/side.jpg,2,Side,,\n",
        ));
        assert!(diagnostics.is_empty(), "{diagnostics}");
        assert_eq!(
            plan.counts,
            Counts {
                products: 1,
                variants: 2,
                drafts: 0
            }
        );
        assert_eq!(plan.files[0].0, Path::new("products/mug/index.md"));
        let yaml = front_matter(&plan, 0);
        assert_eq!(yaml["variants"].as_sequence().unwrap().len(), 2);
        assert_eq!(yaml["variants"][1]["price"], "22.00");
        assert_eq!(yaml["variants"][1]["stock"], 4);
        assert_eq!(yaml["variants"][1]["image"], "m.png");
        assert_eq!(yaml["images"][0]["src"], "mug.jpg");
        assert_eq!(yaml["images"][1]["alt"], "Side");
        assert_eq!(yaml["tags"][1], "b");
        assert_eq!(yaml["brand"], "Ana");
        let urls: Vec<&str> = plan.downloads.iter().map(|d| d.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://cdn.x/mug.jpg?v=1",
                "https://cdn.x/side.jpg",
                "https://cdn.x/m.png"
            ]
        );
    }

    #[test]
    fn default_title_makes_a_simple_product_with_its_price_on_the_product() {
        let (plan, diagnostics) =
            import("hat,Hat,,,,,FALSE,Title,Default Title,,,,,H-1,,7,17.99,22.99,,,,,archived\n");
        assert!(diagnostics.is_empty(), "{diagnostics}");
        let yaml = front_matter(&plan, 0);
        assert_eq!(yaml["price"], "17.99");
        assert_eq!(yaml["compare_at_price"], "22.99");
        assert_eq!(yaml["sku"], "H-1");
        assert_eq!(yaml["draft"], true);
        assert!(yaml.get("variants").is_none() && yaml.get("options").is_none());
        assert!(
            yaml.get("stock").is_none(),
            "a blank tracker means not tracked"
        );
    }

    #[test]
    fn three_options_keep_their_order_and_a_shared_price_moves_to_the_product() {
        let rows: String = [
            ("S", "Red", "Silk"),
            ("M", "Red", "Silk"),
            ("S", "Blue", "Wool"),
        ]
        .iter()
        .enumerate()
        .map(|(i, (a, b, c))| {
            let product = if i == 0 {
                "tie,Tie,,,,,TRUE,Size"
            } else {
                "tie,,,,,,,Size"
            };
            format!("{product},{a},Colour,{b},Fabric,{c},T{i},,,30,,,,,,\n")
        })
        .collect();
        let (plan, diagnostics) = import(&rows);
        assert!(diagnostics.is_empty(), "{diagnostics}");
        let yaml = front_matter(&plan, 0);
        assert_eq!(
            serde_yaml_ng::to_string(&yaml["options"]).unwrap(),
            "Size:\n- S\n- M\nColour:\n- Red\n- Blue\nFabric:\n- Silk\n- Wool\n"
        );
        assert_eq!(yaml["price"], "30.00");
        assert!(yaml["variants"][0].get("price").is_none());
        assert_eq!(yaml["variants"][2]["options"]["Fabric"], "Wool");
    }

    #[test]
    fn every_row_that_makes_no_sense_is_an_error_at_its_line() {
        let (plan, diagnostics) = import(concat!(
            "tee,Tee,,,,,TRUE,Size,S,,,,,,,,25,,,,,,\n",
            ",,,,,,,,M,,,,,,,,25,,,,,,\n",
            "tee,,,,,,,,M,,,,,,,,abc,,,,,,\n",
            "tee,,,,,,,,L,,Red,,,,,,25,,,,,,\n",
            "tee,,,,,,,,S,,,,,,,,26,,,,,,\n",
        ));
        assert_eq!(
            lines(&diagnostics),
            [
                (3, "this row has no Handle".to_owned()),
                (4, "bad Variant Price: `abc` is not a price".to_owned()),
                (
                    5,
                    "Option2 Value `Red` but `tee` has no Option2 Name".to_owned()
                ),
                (
                    6,
                    "this variant has the same options as the one on line 2: S".to_owned()
                ),
            ]
        );
        assert!(diagnostics.0.iter().all(Diagnostic::is_error));
        assert!(
            plan.files.is_empty(),
            "a product with errors is not planned"
        );
    }

    #[test]
    fn lines_count_the_line_breaks_inside_quoted_fields_and_a_bom_is_ignored() {
        let csv = format!(
            "\u{feff}{HEADER}cup,Cup,\"<p>One</p>\n\n<p>Two</p>\",,,,TRUE,,,,,,,,,,5,,,,,,\n,,,,,,,,,,,,,,,,5,,,,,,\n"
        );
        let usd = Currency::from_code("USD").unwrap();
        let (plan, diagnostics) = plan(csv.as_bytes(), Path::new("p.csv"), usd);
        assert_eq!(
            lines(&diagnostics),
            [(5, "this row has no Handle".to_owned())]
        );
        assert_eq!(plan.counts.products, 1);
    }

    #[test]
    fn unknown_columns_and_filled_columns_shop_has_no_place_for_are_warnings() {
        let csv = "Handle,Title,Variant Price,Variant Grams,Gift Card,Swatch\nmug,Mug,5,300,,red\n";
        let usd = Currency::from_code("USD").unwrap();
        let (plan, diagnostics) = plan(csv.as_bytes(), Path::new("p.csv"), usd);
        assert_eq!(
            lines(&diagnostics),
            [
                (1, "unknown columns, not carried over: `Swatch`".to_owned()),
                (
                    1,
                    "these columns are not carried over: Variant Grams".to_owned()
                ),
            ]
        );
        assert!(!diagnostics.has_errors());
        assert_eq!(plan.counts.products, 1);
    }

    #[test]
    fn handles_that_make_the_same_folder_are_an_error() {
        let (plan, diagnostics) = import(concat!(
            "mug,Mug,,,,,TRUE,,,,,,,,,,5,,,,,,\n",
            "Mug,Big mug,,,,,TRUE,,,,,,,,,,6,,,,,,\n",
        ));
        assert_eq!(
            lines(&diagnostics),
            [(
                3,
                "the Handle `Mug` makes the folder `products/mug` of an earlier product".to_owned()
            )]
        );
        assert_eq!(plan.files.len(), 1);
    }

    #[test]
    fn a_compare_at_price_below_the_price_is_left_out_with_a_warning() {
        let (plan, diagnostics) = import(concat!(
            "jeans,Jeans,,,,,TRUE,Size,28,,,,,,,,95,64.95,,,,,draft\n",
            "jeans,,,,,,,,30,,,,,,,,95,,,,,,\n",
        ));
        assert_eq!(
            lines(&diagnostics),
            [(
                2,
                "Variant Compare At Price 64.95 is not above the Variant Price 95.00: left out"
                    .to_owned()
            )]
        );
        assert!(!diagnostics.has_errors());
        let yaml = front_matter(&plan, 0);
        assert_eq!(
            yaml["options"]["Size"][0], "28",
            "option values stay strings"
        );
        assert!(yaml.get("compare_at_price").is_none());
    }

    #[test]
    fn prices_follow_the_shop_currency() {
        let (plan, diagnostics) = import_in("JPY", "cup,Cup,,,,,TRUE,,,,,,,,,,1500,,,,,,\n");
        assert!(diagnostics.is_empty(), "{diagnostics}");
        assert_eq!(front_matter(&plan, 0)["price"], "1500");
        let (_, diagnostics) = import_in("JPY", "cup,Cup,,,,,TRUE,,,,,,,,,,15.50,,,,,,\n");
        assert_eq!(
            lines(&diagnostics),
            [(
                2,
                "bad Variant Price: `15.50` has more decimals than JPY allows (0)".to_owned()
            )]
        );
    }

    #[test]
    fn quoted_html_with_commas_quotes_and_newlines_stays_one_html_block() {
        let body =
            "\"<div class=\"\"a, b\"\">\n    <p>One, \"\"two\"\"</p>\n\n    <p>三</p>\n</div>\"";
        let (plan, diagnostics) = import(&format!("cup,杯子,{body},,,,TRUE,,,,,,,,,,5,,,,,,\n"));
        assert!(diagnostics.is_empty(), "{diagnostics}");
        let text = &plan.files[0].1;
        assert!(text.starts_with("---\ntitle: 杯子\n"), "{text}");
        assert!(
            text.ends_with(
                "---\n<div>\n<div class=\"a, b\">\n<p>One, \"two\"</p>\n<p>三</p>\n</div>\n</div>\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn markdown_safe_html_drops_blank_lines_and_indentation() {
        assert_eq!(
            markdown_safe_html("Plain *text*\n\n    <b>x</b>  \n"),
            "<div>\nPlain *text*\n<b>x</b>\n</div>\n"
        );
        assert_eq!(markdown_safe_html(" \n"), "");
    }

    #[test]
    fn photo_addresses_become_safe_unique_file_names() {
        let mut photos = Photos::new("mug");
        assert_eq!(
            photos
                .local("https://cdn.x/a/Green%20Mug.JPG?v=2")
                .as_deref(),
            Some("green-mug.jpg")
        );
        assert_eq!(
            photos.local("https://cdn.x/b/green-mug.jpg").as_deref(),
            Some("green-mug-2.jpg")
        );
        assert_eq!(
            photos
                .local("https://cdn.x/a/Green%20Mug.JPG?v=2")
                .as_deref(),
            Some("green-mug.jpg")
        );
        assert_eq!(photos.local("https://cdn.x/anim.gif"), None);
        assert_eq!(photos.local("ftp://cdn.x/a.jpg"), None);
        assert_eq!(photos.downloads.len(), 2);
        assert_eq!(
            photos.downloads[1].path,
            Path::new("products/mug/green-mug-2.jpg")
        );
    }
}
