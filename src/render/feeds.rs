//! What the shop publishes for machines rather than readers: the Atom and Merchant Center
//! feeds, the sitemap files (reused from the previous build when nothing they show changed)
//! and `robots.txt`.

use foldhash::{HashMap, HashSet};

use super::{RenderError, Rendered, output_file};
use crate::content::Site;
use crate::output::{FileContent, Output};
use crate::seo;
use crate::views::languages::Alternates;
use crate::views::{ProductView, Urls};

/// The language's Atom feed and Google Merchant Center feed.
pub(super) fn add_feeds(
    site: &Site,
    urls: &Urls,
    cards: &[&ProductView],
    output: &mut Output,
) -> Result<(), RenderError> {
    output.add(
        "atom.xml",
        FileContent::Bytes(seo::atom(site, urls).into_bytes().into()),
    )?;
    let google = seo::merchant::google(cards, &site.config, urls);
    output.add(
        "feeds/google.xml",
        FileContent::Bytes(google.into_bytes().into()),
    )?;
    Ok(())
}

/// Which pages the sitemap lists: every page but redirects, files copied from `static/`,
/// the 404, search, thanks and printable catalogue pages.
struct SitemapFilter<'a> {
    redirects: HashSet<String>,
    copied: HashSet<&'a str>,
}

impl<'a> SitemapFilter<'a> {
    fn new(site: &'a Site) -> SitemapFilter<'a> {
        let aliases = site.products.iter().flat_map(|p| p.aliases.iter()).chain(
            site.pages
                .iter()
                .chain(&site.posts)
                .flat_map(|p| p.aliases.iter()),
        );
        SitemapFilter {
            redirects: aliases.map(|alias| output_file(alias)).collect(),
            copied: site
                .static_files
                .iter()
                .map(|f| f.output.as_str())
                .collect(),
        }
    }

    fn lists(&self, path: &str) -> bool {
        path.ends_with(".html")
            && !matches!(path, "404.html" | "search/index.html" | "thanks/index.html")
            && !path.starts_with("catalog/")
            && !self.redirects.contains(path)
            && !self.copied.contains(path)
    }
}

/// A digest of everything the sitemap shows: the pages it lists, their photos, dates and
/// language versions. A rebuild that changes none of it (a product's title or price)
/// reuses the sitemap instead of sorting 30,000 paths again.
fn sitemap_digest(
    site: &Site,
    cards: &[&ProductView],
    alternates: &Alternates,
    listed: impl Iterator<Item = u64>,
) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = crate::digest::fingerprinter();
    // The output is hashed, so its paths are summed: the same set in any order.
    listed.fold(0u64, u64::wrapping_add).hash(&mut hasher);
    alternates.fingerprint().hash(&mut hasher);
    for (product, card) in site.products.iter().zip(cards) {
        (&product.slug, &product.updated, &product.date).hash(&mut hasher);
        card.images.iter().for_each(|i| i.url.hash(&mut hasher));
    }
    for page in site.pages.iter().chain(&site.posts) {
        (page.path(), &page.updated, &page.date).hash(&mut hasher);
    }
    hasher.finish()
}

/// The sitemap files and `robots.txt` (unless the shop's `static/` has its own); the
/// sitemap of the previous build when nothing it shows changed.
pub(super) fn add_sitemap_and_robots(
    site: &Site,
    urls: &Urls,
    cards: &[&ProductView],
    alternates: &Alternates,
    previous: &mut Option<(u64, Vec<Rendered>)>,
    output: &mut Output,
) -> Result<(), RenderError> {
    let filter = SitemapFilter::new(site);
    let listed = || output.paths().filter(|path| filter.lists(path));
    let key = sitemap_digest(
        site,
        cards,
        alternates,
        listed().map(crate::digest::fingerprint),
    );
    let files = match previous.take() {
        Some((k, files)) if k == key => files,
        _ => {
            let mut listed: Vec<&str> = listed().collect();
            listed.sort_unstable();
            sitemap_files(site, urls, cards, alternates, &listed)
        }
    };
    for (file, xml) in &files {
        output.add(file.clone(), xml.clone())?;
    }
    *previous = Some((key, files));
    if !site.static_files.iter().any(|f| f.output == "robots.txt") {
        output.add(
            "robots.txt",
            FileContent::Bytes(seo::robots(urls).into_bytes().into()),
        )?;
    }
    Ok(())
}

/// The sitemap files listing the pages at `listed` (output paths, sorted).
fn sitemap_files(
    site: &Site,
    urls: &Urls,
    cards: &[&ProductView],
    alternates: &Alternates,
    listed: &[&str],
) -> Vec<Rendered> {
    let photos: HashMap<String, Vec<String>> = site
        .products
        .iter()
        .zip(cards)
        .map(|(product, card)| {
            let images = card.images.iter().map(|i| urls.absolute(&i.url));
            (product.path(), images.collect())
        })
        .collect();
    let pages: Vec<seo::SitemapPage> = listed
        .iter()
        .map(|file| {
            let path = format!("/{}", file.trim_end_matches("index.html"));
            let images = photos.get(&path).cloned().unwrap_or_default();
            let versions = alternates.of(0, &path);
            seo::SitemapPage {
                path,
                images,
                versions,
            }
        })
        .collect();
    seo::sitemaps(site, urls, &pages)
        .into_iter()
        .map(|(file, xml)| (file, FileContent::Bytes(xml.into_bytes().into())))
        .collect()
}
