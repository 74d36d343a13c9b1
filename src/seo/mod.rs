//! What search engines and feed readers read: `sitemap.xml` (every page, with the date it
//! last changed from front matter, never from file times, which a CI clone resets),
//! `robots.txt` pointing at it, and an Atom feed of posts and new products.

pub mod json_ld;
pub mod merchant;

use std::collections::HashMap;

use crate::content::Site;
use crate::render::views::Urls;

/// At most this many entries in the Atom feed: readers only show the newest.
const FEED_ENTRIES: usize = 30;

/// Text made safe for XML (and HTML) text and attribute values.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab and newlines are not allowed in XML 1.0.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

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

/// `sitemap.xml` for the given site paths (every page of the site except redirects and the
/// 404 page), with `lastmod` where the content says when it changed.
pub fn sitemap<'a>(site: &Site, urls: &Urls, paths: impl Iterator<Item = &'a str>) -> String {
    let changes = last_changes(site);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in paths {
        xml.push_str(&format!(
            "  <url><loc>{}</loc>",
            escape_xml(&urls.permalink(path))
        ));
        if let Some(date) = changes.get(path) {
            xml.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt`: everything may be crawled; the sitemap is named.
pub fn robots(urls: &Urls) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        urls.permalink("/sitemap.xml")
    )
}

/// One entry of the feed.
struct Entry<'a> {
    path: String,
    title: &'a str,
    summary: &'a str,
    date: &'a str,
    updated: &'a str,
}

impl<'a> Entry<'a> {
    /// An entry for content with a date; a feed entry needs one.
    fn dated(
        path: String,
        title: &'a str,
        summary: &'a str,
        date: &'a Option<String>,
        updated: &'a Option<String>,
    ) -> Option<Entry<'a>> {
        let date = date.as_deref()?;
        Some(Entry {
            path,
            title,
            summary,
            date,
            updated: updated.as_deref().unwrap_or(date),
        })
    }
}

/// An Atom feed of posts and products, newest first; content without a date is left out.
pub fn atom(site: &Site, urls: &Urls) -> String {
    let posts = site
        .posts
        .iter()
        .filter_map(|p| Entry::dated(p.path(), &p.title, &p.summary, &p.date, &p.updated));
    let products = site
        .products
        .iter()
        .filter_map(|p| Entry::dated(p.path(), &p.title, &p.summary, &p.date, &p.updated));
    let mut entries: Vec<Entry> = posts.chain(products).collect();
    entries.sort_by(|a, b| (b.date, &a.path).cmp(&(a.date, &b.path)));
    entries.truncate(FEED_ENTRIES);
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
        let link = escape_xml(&urls.permalink(&entry.path));
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
    fn xml_escapes_markup_and_drops_control_characters() {
        assert_eq!(escape_xml("a<b>&\"'\u{1}c"), "a&lt;b&gt;&amp;&quot;&apos;c");
    }
}
