//! A translated shop: the same catalogue with each product, page and post in another
//! language where a translation exists, and in the shop's own language (marked
//! `untranslated`) where none does. Prices, stock, SKUs, photos and categories always come
//! from the original, so the languages never disagree on what is for sale.

use std::sync::Arc;

use foldhash::HashMap;

use super::video::VideoSource;
use super::{
    Asset, Image, Page, Product, ProductOption, Site, Taxonomy, Translation, Variant, joined_values,
};

impl Site {
    /// The shop as a reader of `language` (one of `languages:`) sees it.
    pub fn localized(&self, language: &str) -> Site {
        let settings = self
            .config
            .languages
            .get(language)
            .cloned()
            .unwrap_or_default();
        let mut config = self.config.clone();
        config.language = language.to_owned();
        config.url_prefix = format!("/{}", language.to_lowercase());
        config.title = settings.title.clone().unwrap_or(config.title);
        config.description = settings.description.clone().unwrap_or(config.description);
        config.menu = settings.menu.clone().unwrap_or(config.menu);
        config.strings = settings.strings.clone();
        if let Some(texts) = &settings.brand {
            config.brand.localize(texts);
        }
        let categories = self
            .categories
            .iter()
            .map(|c| {
                let text = settings.categories.get(&c.term.slug);
                Taxonomy {
                    title: text
                        .and_then(|t| t.title.clone())
                        .unwrap_or(c.title.clone()),
                    description: text
                        .map(|t| t.description.clone())
                        .filter(|d| !d.is_empty())
                        .unwrap_or(c.description.clone()),
                    ..c.clone()
                }
            })
            .collect();
        let tag_names: HashMap<String, &String> = settings
            .tags
            .iter()
            .map(|(tag, name)| (slug::slugify(tag), name))
            .collect();
        let tags = self
            .tags
            .iter()
            .map(|t| Taxonomy {
                title: tag_names
                    .get(&t.term.slug)
                    .map_or(t.title.clone(), |name| (*name).clone()),
                ..t.clone()
            })
            .collect();
        let pages = |pages: &[Arc<Page>]| -> Vec<Arc<Page>> {
            pages
                .iter()
                .map(|p| Arc::new(localized_page(p, language)))
                .collect()
        };
        Site {
            root: self.root.clone(),
            config,
            products: self
                .products
                .iter()
                .map(|p| Arc::new(localized_product(p, language)))
                .collect(),
            pages: pages(&self.pages),
            posts: pages(&self.posts),
            categories,
            tags,
            static_files: self.static_files.clone(),
            testimonials: self.testimonials.clone(),
        }
    }
}

/// Photos with their alt texts in the translation's words where it gives them.
fn localized_images(images: &[Image], translation: &Translation) -> Vec<Image> {
    images
        .iter()
        .map(|image| Image {
            alt: translation
                .alt
                .get(&image.output)
                .cloned()
                .unwrap_or(image.alt.clone()),
            ..image.clone()
        })
        .collect()
}

/// The original's files and those only the translation names (its own photos or QR
/// codes), each once.
fn merged_assets(original: &[Asset], translation: &Translation) -> Vec<Asset> {
    let mut assets = original.to_vec();
    for asset in &translation.assets {
        if !assets.iter().any(|a| a.output == asset.output) {
            assets.push(asset.clone());
        }
    }
    assets
}

/// The files to copy beside a product's page in another language: all but its video
/// files, which every language plays from the copy beside the original page, since a film
/// is too big to publish once per language.
fn without_video_files(mut assets: Vec<Asset>, product: &Product) -> Vec<Asset> {
    assets.retain(|asset| {
        !product.videos.iter().any(|video| {
            matches!(&video.source, VideoSource::File { source, .. } if *source == asset.source)
        })
    });
    assets
}

/// The product's options and variants in the translation's words: option names and
/// values, and variant names (made of the values, or the translation's `variants:`); SKUs,
/// prices and payment links stay the original's.
fn localized_options(product: &Product, t: &Translation) -> (Vec<ProductOption>, Vec<Variant>) {
    let name_of = |option: &str| {
        t.options
            .get(option)
            .and_then(|o| o.name.clone())
            .unwrap_or(option.to_owned())
    };
    let value_of = |option: &str, value: &str| {
        t.options
            .get(option)
            .and_then(|o| o.values.get(value).cloned())
            .unwrap_or(value.to_owned())
    };
    let options = product
        .options
        .iter()
        .map(|o| ProductOption {
            name: name_of(&o.name),
            values: o.values.iter().map(|v| value_of(&o.name, v)).collect(),
            original: o.original.clone(),
        })
        .collect();
    let variants = product
        .variants
        .iter()
        .map(|v| {
            let picked: Vec<(String, String)> = v
                .options
                .iter()
                .map(|(option, value)| (name_of(option), value_of(option, value)))
                .collect();
            let named_by_values = !v.options.is_empty() && v.name == joined_values(&v.options);
            Variant {
                name: if named_by_values {
                    joined_values(&picked)
                } else {
                    t.variants.get(&v.name).unwrap_or(&v.name).clone()
                },
                options: picked,
                ..v.clone()
            }
        })
        .collect();
    (options, variants)
}

fn localized_product(product: &Product, language: &str) -> Product {
    let fingerprint = crate::digest::fingerprint((product.fingerprint, language));
    let Some(t) = product.translations.get(language) else {
        return Product {
            fingerprint,
            untranslated: true,
            assets: without_video_files(product.assets.clone(), product),
            ..product.clone()
        };
    };
    let assets = without_video_files(merged_assets(&product.assets, t), product);
    let (options, variants) = localized_options(product, t);
    Product {
        fingerprint,
        slug: if t.slug.is_empty() {
            product.slug.clone()
        } else {
            t.slug.clone()
        },
        title: t.title.clone(),
        summary: t.summary.clone().unwrap_or(product.summary.clone()),
        body: t.body.clone().unwrap_or(product.body.clone()),
        images: localized_images(&product.images, t),
        buy: match &t.buy {
            Some(buy) => buy.clone().with_original_stripe_link(&product.buy),
            None => product.buy.clone(),
        },
        assets,
        options,
        variants,
        origin: t.origin.clone(),
        file: t.file.clone(),
        ..product.clone()
    }
}

fn localized_page(page: &Page, language: &str) -> Page {
    let Some(t) = page.translations.get(language) else {
        return Page {
            untranslated: true,
            ..page.clone()
        };
    };
    let assets = merged_assets(&page.assets, t);
    Page {
        slug: if t.slug.is_empty() {
            page.slug.clone()
        } else {
            t.slug.clone()
        },
        title: t.title.clone(),
        summary: t.summary.clone().unwrap_or(page.summary.clone()),
        body: t.body.clone().unwrap_or(page.body.clone()),
        images: localized_images(&page.images, t),
        assets,
        origin: t.origin.clone(),
        file: t.file.clone(),
        ..page.clone()
    }
}
