//! Loading the whole shop: every content file read and checked in parallel (reusing what a
//! previous build of `shop serve` read), then the checks across files (unique SKUs and
//! paths, stock and reviews), the catalogue order, the taxonomies and the translated sites.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::cache::{self, Cached, Changed, Dep, LoadCache};
use super::files::{SectionFiles, check_translations, content_files, static_files};
use super::loader::FileLoader;
use super::paths::check_unique_paths;
use super::taxonomy::{categories, check_tag_translations, taxonomies_by_name};
use super::{
    Asset, Drafts, Page, Product, Section, Site, Taxonomy, downloads, reviews, stock, stripe_lock,
};
use crate::config::Config;
use crate::diagnostics::{Diagnostics, display_path};

/// The result of loading: the model of what was valid, and every problem found.
#[derive(Debug)]
pub struct Loaded {
    /// The shop.
    pub site: Site,
    /// The shop in each of `languages:`, in their order. Made once here, where their paths
    /// are checked, and handed to rendering, since localizing 10,000 products is not free.
    pub translated: Vec<Site>,
    /// Errors and warnings, sorted by file and position.
    pub diagnostics: Diagnostics,
}

/// The files of the section `folder`, listed again only when the watcher's report says
/// they may have changed.
fn section_files(
    root: &Path,
    folder: &str,
    cache: &mut LoadCache,
    diagnostics: &mut Diagnostics,
) -> Arc<SectionFiles> {
    cache.section(root.join(folder), || {
        let mut found = Diagnostics::default();
        let files = content_files(root, folder, &mut found);
        let clean = found.is_empty();
        diagnostics.extend(found);
        (files, clean)
    })
}

/// Reads and checks files in parallel (each file is independent), reusing the cached result
/// of every file whose dependencies are unchanged; keeps file order and adds every file's
/// diagnostics.
fn load_each<T: Clone + Send + Sync>(
    files: &[PathBuf],
    cache: &mut cache::Results<T>,
    changed: Option<&Changed>,
    diagnostics: &mut Diagnostics,
    read: impl Fn(&Path, &mut Diagnostics) -> (Option<T>, Vec<Dep>) + Sync,
) -> Vec<T> {
    let previous: Vec<Option<Cached<T>>> =
        files.iter().map(|f| cache.remove(f.as_os_str())).collect();
    cache.clear();
    let results: Vec<Cached<T>> = files
        .par_iter()
        .zip(previous)
        .map(|(file, previous)| {
            match previous.and_then(|mut hit| hit.is_current(changed).then_some(hit)) {
                Some(hit) => hit,
                None => {
                    let mut found = Diagnostics::default();
                    let (item, deps) = read(file, &mut found);
                    Cached {
                        deps,
                        item,
                        diagnostics: found,
                    }
                }
            }
        })
        .collect();
    let mut items = Vec::with_capacity(results.len());
    for (file, result) in files.iter().zip(results) {
        diagnostics.extend(result.diagnostics.clone());
        items.extend(result.item.clone());
        cache.insert(file.clone().into_os_string(), result);
    }
    items
}

/// Puts products in catalogue order: by `weight`, newest `date` first (undated last), then
/// title, then file, which makes the order total, so a parallel sort is deterministic.
/// Weight and date are first read into a compact key, compared without following a pointer
/// to each product: sorting 10,000 products through their pointers was a tenth of a
/// `shop serve` rebuild. The key decides only where the full order would decide the same.
fn sort_catalogue(products: &mut Vec<Arc<Product>>) {
    use std::cmp::Reverse;
    let full = |a: &Product, b: &Product| {
        (a.weight, Reverse(&a.date), &a.title, &a.file).cmp(&(
            b.weight,
            Reverse(&b.date),
            &b.title,
            &b.file,
        ))
    };
    let digits: Vec<Option<u64>> = products
        .iter()
        .map(|p| date_digits(p.date.as_deref()))
        .collect();
    // A date not written `YYYY-MM-DD` would not sort by its digits: compare whole products.
    let dated = digits.iter().all(Option::is_some);
    type Key = (i64, Reverse<u64>);
    let mut keyed: Vec<(Key, Arc<Product>)> = products
        .drain(..)
        .zip(digits)
        .map(|(p, d)| ((p.weight, Reverse(d.filter(|_| dated).unwrap_or(0))), p))
        .collect();
    keyed.par_sort_unstable_by(|(ka, a), (kb, b)| ka.cmp(kb).then_with(|| full(a, b)));
    products.extend(keyed.into_iter().map(|(_, p)| p));
}

/// `YYYY-MM-DD` as the number `YYYYMMDD`, which orders like the text; 0 for no date, which
/// sorts undated products last; `None` for a date written otherwise.
fn date_digits(date: Option<&str>) -> Option<u64> {
    const DIGITS: [usize; 8] = [0, 1, 2, 3, 5, 6, 8, 9];
    let Some(date) = date else { return Some(0) };
    let bytes = date.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && DIGITS.iter().all(|&i| bytes[i].is_ascii_digit());
    shaped.then(|| {
        DIGITS
            .iter()
            .fold(0, |n, &i| n * 10 + u64::from(bytes[i] - b'0'))
    })
}

/// A SKU names one thing for sale across the whole shop: a product without variants or
/// one variant. The later use is the error, at its `sku:`.
fn check_unique_skus(products: &[Arc<Product>], diagnostics: &mut Diagnostics) {
    let mut first: foldhash::HashMap<&str, &Path> = foldhash::HashMap::default();
    for product in products {
        // The key is spelt out only for an error: most shops have none, and 10,000 SKUs.
        let own = product.sku.as_deref().map(|sku| (sku, None));
        let variants = product
            .variants
            .iter()
            .enumerate()
            .filter_map(|(i, v)| Some((v.sku.as_deref()?, Some(i))));
        for (sku, variant) in own.into_iter().chain(variants) {
            match first.get(sku) {
                Some(other) => diagnostics.push(
                    crate::diagnostics::Diagnostic::error(
                        &product.file,
                        product.origin.positions.value(
                            &variant.map_or("sku".to_owned(), |i| format!("variants.{i}.sku")),
                        ),
                        format!("SKU `{sku}` is already used by {}", other.display()),
                    )
                    .with_hint("give every product and variant its own SKU: it is the order reference buyers and payment notes quote")
                    .with_source(&product.origin.source),
                ),
                None => {
                    first.insert(sku, &product.file);
                }
            }
        }
    }
}

/// Reads and checks every product, page and post of the shop in `root`.
pub fn load(root: &Path, config: Config, drafts: Drafts) -> Loaded {
    load_cached(root, config, drafts, &mut LoadCache::default())
}

/// Reads and checks one product file as [`load`] does for each (split, YAML, every rule on
/// its values), without the folder walk and the shop-wide checks around it. Public for the
/// stage benchmarks (`benches/stages.rs`), which time this step on its own.
pub fn load_product(
    root: &Path,
    file: &Path,
    config: &Config,
) -> (Option<Arc<Product>>, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let (product, _) = read_product(root, file, config, &mut diagnostics);
    (product, diagnostics)
}

/// One product file read and checked, with what its result depends on.
fn read_product(
    root: &Path,
    file: &Path,
    config: &Config,
    found: &mut Diagnostics,
) -> (Option<Arc<Product>>, Vec<Dep>) {
    let mut loader = FileLoader::new(root, file, config, found);
    let product = loader.product().map(Arc::new);
    (product, loader.into_deps())
}

/// The slugs, from their file names, of the product `files` that did not load.
fn failed_names(root: &Path, files: &[PathBuf], loaded: &[Arc<Product>]) -> Vec<String> {
    let loaded: HashSet<&Path> = loaded.iter().map(|p| p.file.as_path()).collect();
    files
        .iter()
        .filter(|file| !loaded.contains(display_path(root, file).as_path()))
        .filter_map(|file| {
            let named = match file.file_name() {
                Some(name) if name == "index.md" => file.parent()?.file_name(),
                _ => file.file_stem(),
            };
            Some(slug::slugify(named?.to_string_lossy()))
        })
        .collect()
}

/// [`load`], reusing the results of files unchanged since the build that filled `cache`.
pub fn load_cached(root: &Path, config: Config, drafts: Drafts, cache: &mut LoadCache) -> Loaded {
    cache.use_config(&config.source);
    let mut diagnostics = Diagnostics::default();
    let product_files = section_files(root, "products", cache, &mut diagnostics);
    let mut products = load_each(
        &product_files.originals,
        &mut cache.products,
        cache.changed.as_ref(),
        &mut diagnostics,
        |file, found| read_product(root, file, &config, found),
    );
    let page_files = section_files(root, "pages", cache, &mut diagnostics);
    let post_files = section_files(root, "posts", cache, &mut diagnostics);
    let files: Vec<PathBuf> = page_files
        .originals
        .iter()
        .chain(&post_files.originals)
        .cloned()
        .collect();
    let changed = cache.changed.take();
    let pages = load_each(
        &files,
        &mut cache.pages,
        changed.as_ref(),
        &mut diagnostics,
        |file, found| read_page(root, file, &config, found),
    );
    downloads::count_undownloaded(root, &mut diagnostics);
    // A product that failed to load takes its SKUs and categories with it: a name found
    // nowhere may be one of them, so it is only an error once every product loads (one
    // mistake, one error). Its slug is most likely its file's name.
    let failed = failed_names(root, &product_files.originals, &products);
    let all_loaded = failed.is_empty();
    let languages: Vec<&String> = config.languages.keys().collect();
    for section in [&*product_files, &*page_files, &*post_files] {
        check_translations(root, section, &languages, &mut diagnostics);
    }
    check_unique_skus(&products, &mut diagnostics);
    stock::apply_stock_file(root, &mut products, all_loaded, &mut diagnostics);
    stripe_lock::apply_stripe_lock(root, &mut products, &mut diagnostics);
    let testimonials = reviews::apply_reviews_file(root, &mut products, &failed, &mut diagnostics);
    let before = diagnostics.error_count();
    check_unique_paths(root, &products, &pages, &mut diagnostics);
    let paths_unique = diagnostics.error_count() == before;

    let (products, pages, posts) = publish(products, pages, drafts);

    let static_files = static_files(root, &mut diagnostics);
    let (categories, tags) = taxonomies(&config, &products, &static_files, &mut diagnostics);
    let slugs: Vec<&str> = categories.iter().map(|c| c.term.slug.as_str()).collect();
    if all_loaded {
        diagnostics.extend(config.brand.check_featured(&config, &slugs));
        diagnostics.extend(check_tag_translations(&config, &tags));
    }
    diagnostics.extend(config.brand.contrast_warnings(&config));
    let site = Site {
        root: root.to_path_buf(),
        config,
        products,
        pages,
        posts,
        categories,
        tags,
        static_files,
        testimonials,
    };
    let translated: Vec<Site> = site
        .config
        .languages
        .keys()
        .map(|language| site.localized(language))
        .collect();
    if paths_unique {
        // Translated slugs may meet each other or an untranslated page's in one language.
        for translated in &translated {
            check_translated_paths(root, translated, &mut diagnostics);
        }
    }
    diagnostics.sort();
    Loaded {
        site,
        translated,
        diagnostics,
    }
}

/// The categories (checked against `categories:` and `static/`) and tags, made side by
/// side.
fn taxonomies(
    config: &Config,
    products: &[Arc<Product>],
    static_files: &[Asset],
    diagnostics: &mut Diagnostics,
) -> (Vec<Taxonomy>, Vec<Taxonomy>) {
    let ((categories, found), tags) = rayon::join(
        || {
            let mut found = Diagnostics::default();
            let categories = categories(config, products, static_files, &mut found);
            (categories, found)
        },
        || taxonomies_by_name(products, |p| &p.tags),
    );
    diagnostics.extend(found);
    (categories, tags)
}

/// One page or post file read and checked, with what its result depends on.
fn read_page(
    root: &Path,
    file: &Path,
    config: &Config,
    found: &mut Diagnostics,
) -> (Option<Arc<Page>>, Vec<Dep>) {
    let section = if file.starts_with(root.join("posts")) {
        Section::Posts
    } else {
        Section::Pages
    };
    let mut loader = FileLoader::new(root, file, config, found);
    let page = loader.page(section).map(Arc::new);
    (page, loader.into_deps())
}

/// Products, pages and posts, in that order.
type Published = (Vec<Arc<Product>>, Vec<Arc<Page>>, Vec<Arc<Page>>);

/// The products, pages and posts to publish (drafts only with `drafts`), each in its
/// order: the catalogue's, pages by weight then title, posts newest first.
fn publish(
    mut products: Vec<Arc<Product>>,
    mut pages: Vec<Arc<Page>>,
    drafts: Drafts,
) -> Published {
    let published = |draft: bool| !draft || drafts == Drafts::Include;
    products.retain(|p| published(p.draft));
    pages.retain(|p| published(p.draft));
    sort_catalogue(&mut products);
    let (mut posts, mut pages): (Vec<Arc<Page>>, Vec<Arc<Page>>) =
        pages.into_iter().partition(|p| p.section == Section::Posts);
    posts.sort_by(|a, b| (&b.date, &a.title).cmp(&(&a.date, &b.title)));
    pages.sort_by(|a, b| (a.weight, &a.title).cmp(&(b.weight, &b.title)));
    (products, pages, posts)
}

/// Checks that no two pages of a translated site claim one path. Translations claim last,
/// so a clash is reported at the translation's slug.
fn check_translated_paths(root: &Path, translated: &Site, diagnostics: &mut Diagnostics) {
    let mut products = translated.products.clone();
    products.sort_by_key(|p| !p.untranslated);
    let mut pages: Vec<Arc<Page>> = translated
        .pages
        .iter()
        .chain(&translated.posts)
        .cloned()
        .collect();
    pages.sort_by_key(|p| !p.untranslated);
    check_unique_paths(root, &products, &pages, diagnostics);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A shop folder with a `shop.yaml` and an empty `products/`.
    fn empty_shop() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("shop.yaml"),
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\n",
        )
        .unwrap();
        std::fs::create_dir(dir.path().join("products")).unwrap();
        dir
    }

    #[test]
    fn catalogue_order_is_weight_then_newest_then_title_then_file() {
        let dir = empty_shop();
        let root = dir.path();
        let config = crate::config::load(root, None).unwrap();
        let files = [
            ("a", "weight: 0\ndate: 2026-03-01\ntitle: B"),
            ("b", "date: 2026-03-01\ntitle: A"),
            ("c", "title: C"),
            ("d", "weight: -1\ndate: 2025-01-01\ntitle: D"),
            ("e", "date: 2026-12-31\ntitle: E"),
            ("f", "date: 2026-03-01\ntitle: A"),
        ];
        let mut products: Vec<Arc<Product>> = files
            .iter()
            .rev()
            .map(|(name, front)| {
                let file = root.join(format!("products/{name}.md"));
                std::fs::write(&file, format!("---\n{front}\nprice: 1\n---\n")).unwrap();
                load_product(root, &file, &config).0.expect("valid")
            })
            .collect();
        sort_catalogue(&mut products);
        let order: Vec<&str> = products.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(order, ["d", "e", "b", "f", "a", "c"]);
        assert_eq!(date_digits(Some("2026-03-01")), Some(20260301));
        assert_eq!(date_digits(None), Some(0));
        assert_eq!(date_digits(Some("2026--1-02")), None);
    }

    #[test]
    fn loading_makes_each_translated_site_once_in_language_order() {
        let dir = empty_shop();
        let root = dir.path();
        std::fs::write(
            root.join("shop.yaml"),
            "title: T\nbase_url: https://t.example/\ncurrency: EUR\nlanguages:\n  zh-CN: {title: 潮汐}\n  de: {}\n",
        )
        .unwrap();
        std::fs::write(
            root.join("products/mug.md"),
            "---\ntitle: Mug\nprice: 5\n---\n",
        )
        .unwrap();
        let config = crate::config::load(root, None).unwrap();
        let loaded = load(root, config, Drafts::Exclude);
        assert!(loaded.diagnostics.is_empty(), "{}", loaded.diagnostics);
        let made: Vec<(&str, &str, &str)> = loaded
            .translated
            .iter()
            .map(|s| {
                (
                    s.config.language.as_str(),
                    s.config.url_prefix.as_str(),
                    s.config.title.as_str(),
                )
            })
            .collect();
        assert_eq!(made, [("zh-CN", "/zh-cn", "潮汐"), ("de", "/de", "T")]);
        assert_eq!(loaded.translated[1].products[0].slug, "mug");
    }

    #[test]
    fn one_product_file_loads_alone_with_its_diagnostics() {
        let dir = empty_shop();
        let root = dir.path();
        let good = root.join("products/apron.md");
        std::fs::write(&good, "---\ntitle: Apron\nprice: \"38.50\"\n---\nLinen.\n").unwrap();
        let bad = root.join("products/mug.md");
        std::fs::write(&bad, "---\ntitle: Mug\nprise: 12\n---\n").unwrap();
        let config = crate::config::load(root, None).unwrap();

        let (product, diagnostics) = load_product(root, &good, &config);
        let product = product.expect("a valid product");
        assert_eq!(
            (product.title.as_str(), product.slug.as_str()),
            ("Apron", "apron")
        );
        assert_eq!(product.price.map(|p| p.minor), Some(3850));
        assert!(diagnostics.is_empty(), "{diagnostics}");

        let (product, diagnostics) = load_product(root, &bad, &config);
        assert!(product.is_none());
        let found = diagnostics.to_string();
        assert!(
            found.starts_with("error: unknown field `prise`, did you mean `price`?")
                && found.contains("--> products/mug.md:3:1"),
            "{found}"
        );
    }
}
