//! What search engines and feed readers read: `sitemap.xml` (every page, with the date it
//! last changed from front matter, never from file times, which a CI clone resets),
//! `robots.txt` pointing at it, and an Atom feed of posts and new products.

pub mod json_ld;
pub mod lint;
pub mod merchant;

use foldhash::HashMap;

use crate::web::escape_xml;

use crate::content::Site;
use crate::views::Urls;
use crate::views::languages::LanguageView;

/// At most this many entries in the Atom feed: readers only show the newest.
const FEED_ENTRIES: usize = 30;

/// The date each content page last changed (`updated`, else `date`), by site path.
fn last_changes(site: &Site) -> HashMap<String, String> {
    let products = site
        .products
        .iter()
        .filter_map(|p| Some((p.path(), p.updated.clone().or_else(|| p.date.clone())?)));
    let pages = site
        .pages
        .iter()
        .chain(&site.posts)
        .filter_map(|p| Some((p.path(), p.updated.clone().or_else(|| p.date.clone())?)));
    products.chain(pages).collect()
}

/// The most URLs one sitemap file may list (sitemaps.org).
const SITEMAP_LIMIT: usize = 50_000;

/// One page for the sitemap: its site path and the absolute URLs of its photos.
pub struct SitemapPage {
    /// `/products/apron/`.
    pub path: String,
    /// Photos shown on the page, for image search.
    pub images: Vec<String>,
    /// The page in every language of a translated shop (empty for one language): each is
    /// listed, and each names all the others with `hreflang`.
    pub versions: Vec<LanguageView>,
}

/// The sitemap files as `(output path, XML)`: `sitemap.xml` alone, or, past 50,000 pages,
/// `sitemap-1.xml`, `sitemap-2.xml`, ... with `sitemap.xml` as their index. `lastmod` comes
/// from the content's `updated`/`date`, never from file times.
pub fn sitemaps(site: &Site, urls: &Urls, pages: &[SitemapPage]) -> Vec<(String, String)> {
    split_sitemaps(site, urls, pages, SITEMAP_LIMIT)
}

fn split_sitemaps(
    site: &Site,
    urls: &Urls,
    pages: &[SitemapPage],
    limit: usize,
) -> Vec<(String, String)> {
    let changes = last_changes(site);
    if pages.len() <= limit {
        return vec![("sitemap.xml".to_owned(), urlset(urls, pages, &changes))];
    }
    let mut files: Vec<(String, String)> = pages
        .chunks(limit)
        .enumerate()
        .map(|(i, chunk)| {
            (
                format!("sitemap-{}.xml", i + 1),
                urlset(urls, chunk, &changes),
            )
        })
        .collect();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (file, _) in &files {
        let loc = escape_xml(&urls.absolute(&urls.file(&format!("/{file}"))));
        index.push_str(&format!("  <sitemap><loc>{loc}</loc></sitemap>\n"));
    }
    index.push_str("</sitemapindex>\n");
    files.push(("sitemap.xml".to_owned(), index));
    files
}

fn urlset(urls: &Urls, pages: &[SitemapPage], changes: &HashMap<String, String>) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for page in pages {
        let locs: Vec<String> = if page.versions.is_empty() {
            vec![urls.permalink(&page.path)]
        } else {
            page.versions.iter().map(|v| v.url.clone()).collect()
        };
        for loc in locs {
            xml.push_str(&format!("  <url><loc>{}</loc>", escape_xml(&loc)));
            if let Some(date) = changes.get(&page.path) {
                xml.push_str(&format!("<lastmod>{date}</lastmod>"));
            }
            for version in &page.versions {
                xml.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    escape_xml(&version.code),
                    escape_xml(&version.url)
                ));
            }
            if let Some(own) = page.versions.first() {
                xml.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                    escape_xml(&own.url)
                ));
            }
            for image in &page.images {
                xml.push_str(&format!(
                    "<image:image><image:loc>{}</image:loc></image:image>",
                    escape_xml(image)
                ));
            }
            xml.push_str("</url>\n");
        }
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt`: everything may be crawled; the sitemap is named.
pub fn robots(urls: &Urls) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        urls.absolute(&urls.file("/sitemap.xml"))
    )
}

/// One entry of the feed. Its path is put together only for the entries kept: a shop of
/// 10,000 products spelt out 10,000 paths for a feed of 30.
struct Entry<'a> {
    /// `/products/` or `/posts/`.
    section: &'static str,
    slug: &'a str,
    title: &'a str,
    summary: &'a str,
    date: &'a str,
    updated: &'a str,
}

/// Keeps the `n` newest entries, newest first (ties by path). They are picked before
/// sorting: a shop of 10,000 products sorted them all for a feed of 30.
fn keep_newest(entries: &mut Vec<Entry>, n: usize) {
    let newest_first = |a: &Entry, b: &Entry| {
        b.date
            .cmp(a.date)
            .then_with(|| a.path_bytes().cmp(b.path_bytes()))
    };
    if entries.len() > n {
        entries.select_nth_unstable_by(n, newest_first);
        entries.truncate(n);
    }
    entries.sort_by(newest_first);
}

impl<'a> Entry<'a> {
    /// An entry for content with a date; a feed entry needs one.
    fn dated(
        (section, slug): (&'static str, &'a str),
        title: &'a str,
        summary: &'a str,
        date: &'a Option<String>,
        updated: &'a Option<String>,
    ) -> Option<Entry<'a>> {
        let date = date.as_deref()?;
        Some(Entry {
            section,
            slug,
            title,
            summary,
            date,
            updated: updated.as_deref().unwrap_or(date),
        })
    }

    /// `/products/apron/`.
    fn path(&self) -> String {
        [self.section, self.slug, "/"].concat()
    }

    /// The bytes of [`Self::path`], without putting it together.
    fn path_bytes(&self) -> impl Iterator<Item = u8> + '_ {
        [self.section, self.slug, "/"]
            .into_iter()
            .flat_map(str::bytes)
    }
}

/// An Atom feed of posts and products, newest first; content without a date is left out.
pub fn atom(site: &Site, urls: &Urls) -> String {
    let posts = site.posts.iter().filter_map(|p| {
        Entry::dated(
            ("/posts/", &p.slug),
            &p.title,
            &p.summary,
            &p.date,
            &p.updated,
        )
    });
    let products = site.products.iter().filter_map(|p| {
        Entry::dated(
            ("/products/", &p.slug),
            &p.title,
            &p.summary,
            &p.date,
            &p.updated,
        )
    });
    let mut entries: Vec<Entry> = posts.chain(products).collect();
    keep_newest(&mut entries, FEED_ENTRIES);
    let config = &site.config;
    let newest = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .unwrap_or("1970-01-01");
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <subtitle>{}</subtitle>\n  <id>{}</id>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <updated>{newest}T00:00:00Z</updated>\n  <author><name>{}</name></author>\n",
        escape_xml(&config.language),
        escape_xml(&config.title),
        escape_xml(&config.description),
        escape_xml(&urls.permalink("/")),
        escape_xml(&urls.permalink("/")),
        escape_xml(&urls.permalink("/atom.xml")),
        escape_xml(&config.title),
    );
    for entry in entries {
        let link = escape_xml(&urls.permalink(&entry.path()));
        xml.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{link}</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{link}\"/>\n    <published>{}T00:00:00Z</published>\n    <updated>{}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            escape_xml(entry.title),
            entry.date,
            entry.updated,
            escape_xml(entry.summary),
        ));
    }
    xml.push_str("</feed>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_feed_keeps_the_newest_entries_newest_first() {
        let dates: Vec<String> = (0..100)
            .map(|i| i / 3)
            .map(|i| format!("2026-{:02}-{:02}", 1 + i * 7 % 12, 1 + i * 13 % 28))
            .collect();
        // Slugs where a part of one is the whole of another: ties go by the full path.
        let slugs: Vec<String> = (0..100)
            .map(|i| match i % 3 {
                0 => format!("p{}", i / 3),
                1 => format!("p{}-b", i / 3),
                _ => format!("p{}b", i / 3),
            })
            .collect();
        let entries = || -> Vec<Entry> {
            dates
                .iter()
                .zip(&slugs)
                .map(|(date, slug)| Entry {
                    section: "/products/",
                    slug,
                    title: "",
                    summary: "",
                    date,
                    updated: date,
                })
                .collect()
        };
        let mut expected = entries();
        expected.sort_by(|a, b| (b.date, a.path()).cmp(&(a.date, b.path())));
        expected.truncate(30);
        let mut kept = entries();
        keep_newest(&mut kept, 30);
        let paths = |e: &[Entry]| e.iter().map(Entry::path).collect::<Vec<_>>();
        assert_eq!(paths(&kept), paths(&expected));
    }

    #[test]
    fn past_the_limit_the_sitemap_becomes_an_index_of_parts() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("shop.yaml"),
            "title: T\nbase_url: https://t.example/s/\ncurrency: EUR\n",
        )
        .unwrap();
        let config = crate::config::load(dir.path(), None).unwrap();
        let site = crate::content::load(dir.path(), config, Default::default()).site;
        let urls = Urls::new(&site.config);
        let pages: Vec<SitemapPage> = (0..5)
            .map(|i| SitemapPage {
                path: format!("/p{i}/"),
                images: Vec::new(),
                versions: Vec::new(),
            })
            .collect();

        let whole = split_sitemaps(&site, &urls, &pages, 5);
        assert_eq!(whole.len(), 1);
        assert_eq!(whole[0].1.matches("<url>").count(), 5);

        let parts = split_sitemaps(&site, &urls, &pages, 2);
        let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        assert_eq!(parts[2].1.matches("<url>").count(), 1);
        assert!(parts[3].1.contains("<sitemapindex"));
        assert!(
            parts[3]
                .1
                .contains("<loc>https://t.example/s/sitemap-3.xml</loc>")
        );
    }
}
