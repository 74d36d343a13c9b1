//! Writing: each product read from the export into front matter ([`FrontMatter`]) and a
//! product file with its photos to fetch, added to the [`Plan`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Serialize;

use super::{DEFAULT_OPTION, Photo, Product, Reader, Variant};
use crate::content::AssetKind;
use crate::fs::{MAX_NAME_BYTES, cut, fitted_name};
use crate::import::{Download, Plan};
use crate::money::Money;

impl Reader<'_> {
    /// Turns one product into its files and photos.
    pub(super) fn add(&mut self, plan: &mut Plan, product: Product) {
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
                price: variant.price.map(Money::decimal),
                compare_at_price: variant.compare_at_price.map(Money::decimal),
                stock: variant.stock,
                image: self.photo(variant, photos),
            };
            front_matter.variants.push(entry);
        }
        front_matter.share_price();
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
        self.price = variant.price.map(Money::decimal);
        self.compare_at_price = variant.compare_at_price.map(Money::decimal);
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
