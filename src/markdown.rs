//! Markdown: CommonMark plus tables, footnotes, strikethrough, task lists, smart punctuation
//! and heading ids. Also finds the local images a body uses, so they can be checked and
//! copied before rendering.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use crate::web::is_on_site;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// True when a link target is a file beside the Markdown rather than a site path or a URL.
pub fn is_relative_file(target: &str) -> bool {
    !(target.is_empty()
        || target.starts_with('/')
        || target.starts_with('#')
        || target.contains(':'))
}

/// A link or image of a body, with the byte offset of its Markdown in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The target as written: a relative file, a site path or a URL.
    pub target: String,
    /// True for an image, false for a link.
    pub image: bool,
    /// An image's alt text (empty for links).
    pub alt: String,
    /// Byte offset in the body, to compute a line for diagnostics.
    pub offset: usize,
}

/// Every link and image of a body, in order.
pub fn references(body: &str) -> Vec<Reference> {
    let mut found: Vec<Reference> = Vec::new();
    let mut in_image = false;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                in_image = true;
                found.push(Reference {
                    target: dest_url.to_string(),
                    image: true,
                    alt: String::new(),
                    offset: range.start,
                });
            }
            Event::Start(Tag::Link { dest_url, .. }) => found.push(Reference {
                target: dest_url.to_string(),
                image: false,
                alt: String::new(),
                offset: range.start,
            }),
            Event::End(TagEnd::Image) => in_image = false,
            Event::Text(t) | Event::Code(t) if in_image => {
                if let Some(image) = found.last_mut() {
                    image.alt.push_str(&t);
                }
            }
            _ => {}
        }
    }
    found
}

/// The images of a body that are files beside the Markdown, in order.
pub fn local_images(body: &str) -> Vec<Reference> {
    references(body)
        .into_iter()
        .filter(|r| r.image && is_relative_file(&r.target))
        .collect()
}

/// The text of the first paragraph, for summaries and meta descriptions.
pub fn first_paragraph(body: &str) -> String {
    let mut text = String::new();
    let mut inside = false;
    for event in Parser::new_ext(body, options()) {
        match event {
            Event::Start(Tag::Paragraph) => inside = true,
            Event::End(TagEnd::Paragraph) if inside => break,
            Event::Text(t) | Event::Code(t) if inside => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if inside => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_owned()
}

/// Renders a body to HTML, giving every heading an id (from its text, unique in the page)
/// so sections can be linked to, putting every table in a box of its own that scrolls
/// sideways (a wide table never widens the page), and prefixing site paths (`/about/`) with `base_path` so
/// links still work when the shop lives under a sub-path.
///
/// `picture` turns a local image (its relative path and alt text) into responsive markup;
/// when it gives nothing, the plain `<img>` stays.
pub fn render(
    body: &str,
    base_path: &str,
    picture: &dyn Fn(&str, &str) -> Option<String>,
) -> String {
    let events: Vec<Event> = Parser::new_ext(body, options()).collect();
    let top = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level),
            _ => None,
        })
        .min()
        .unwrap_or(HeadingLevel::H2);
    let mut used = HashSet::new();
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let text = heading_text(&events[i + 1..]);
                let wanted = match id {
                    Some(id) => id.to_string(),
                    None => heading_id(&text),
                };
                let id = unique_id(wanted, &mut used);
                out.push(Event::Start(Tag::Heading {
                    level: shift(*level, top),
                    id: Some(CowStr::from(id)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                out.push(Event::End(TagEnd::Heading(shift(*level, top))));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => out.push(Event::Start(Tag::Link {
                link_type: *link_type,
                dest_url: with_base_path(dest_url, base_path),
                title: title.clone(),
                id: id.clone(),
            })),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let alt = image_alt(&events[i + 1..]);
                let markup = is_relative_file(dest_url)
                    .then(|| picture(dest_url, &alt.text))
                    .flatten();
                match markup {
                    Some(html) => {
                        out.push(Event::InlineHtml(CowStr::from(html)));
                        i += alt.events + 1;
                    }
                    None => out.push(Event::Start(Tag::Image {
                        link_type: *link_type,
                        dest_url: with_base_path(dest_url, base_path),
                        title: title.clone(),
                        id: id.clone(),
                    })),
                }
            }
            Event::Start(Tag::Table(_)) => {
                out.push(Event::Html(CowStr::from(TABLE_BOX_START)));
                out.push(events[i].clone());
            }
            Event::End(TagEnd::Table) => {
                out.push(events[i].clone());
                out.push(Event::Html(CowStr::from("</div>\n")));
            }
            other => out.push(other.clone()),
        }
        i += 1;
    }
    let mut html_out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut html_out, out.into_iter());
    html_out
}

/// Opens the box a table scrolls in on its own when wider than the screen, so the page
/// never does; focusable, so keyboard users can scroll it too.
const TABLE_BOX_START: &str = "<div class=\"table-scroll\" tabindex=\"0\">\n";

fn with_base_path<'a>(url: &CowStr<'a>, base_path: &str) -> CowStr<'a> {
    if is_on_site(url) && !base_path.is_empty() {
        CowStr::from(format!("{base_path}{url}"))
    } else {
        url.clone()
    }
}

/// Shifts headings so the body's highest level becomes `<h2>`: the page title is the only
/// `<h1>`, and no level is skipped whether the seller starts with `#` or `##`.
fn shift(level: HeadingLevel, top: HeadingLevel) -> HeadingLevel {
    let n = (level as usize + 2)
        .saturating_sub(top as usize)
        .clamp(2, 6);
    HeadingLevel::try_from(n).unwrap_or(HeadingLevel::H6)
}

/// An image's alt text and how many events it spans before its end.
struct Alt {
    text: String,
    events: usize,
}

fn image_alt(events: &[Event]) -> Alt {
    let mut text = String::new();
    for (n, event) in events.iter().enumerate() {
        match event {
            Event::End(TagEnd::Image) => return Alt { text, events: n },
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    Alt {
        text,
        events: events.len(),
    }
}

fn heading_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

/// A readable id for a heading: its text slugified, `section` when nothing is left.
fn heading_id(text: &str) -> String {
    let id = slug::slugify(text);
    if id.is_empty() { "section".into() } else { id }
}

fn unique_id(wanted: String, used: &mut HashSet<String>) -> String {
    let mut id = wanted.clone();
    let mut n = 1;
    while !used.insert(id.clone()) {
        id = format!("{wanted}-{n}");
        n += 1;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_extensions_and_heading_ids() {
        let html = render(
            "[About](/about/) [x](https://x.org/)\n\n# Care\n\n## Care\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ \"quoted\"\n\n- [x] done\n\nNote[^1]\n\n[^1]: Foot.\n",
            "/shop",
            &|_, _| None,
        );
        assert!(html.contains("href=\"/shop/about/\""), "{html}");
        assert!(html.contains("href=\"https://x.org/\""), "{html}");
        assert!(html.contains("<h2 id=\"care\">Care</h2>"), "{html}");
        assert!(html.contains("<h3 id=\"care-1\">Care</h3>"), "{html}");
        assert!(
            html.contains("<div class=\"table-scroll\" tabindex=\"0\">\n<table>"),
            "a table scrolls in its own box: {html}"
        );
        assert!(html.contains("</table>\n</div>"), "{html}");
        assert!(html.contains("<del>old</del>"));
        assert!(html.contains("“quoted”"));
        assert!(html.contains("checkbox"));
        assert!(html.contains("footnote"));
    }

    #[test]
    fn local_images_become_pictures() {
        let html = render(
            "![A *red* mug](mug.jpg) ![far](https://x.org/a.jpg)\n",
            "",
            &|src, alt| {
                Some(format!(
                    "<picture data-src=\"{src}\" data-alt=\"{alt}\"></picture>"
                ))
            },
        );
        assert!(
            html.contains("<picture data-src=\"mug.jpg\" data-alt=\"A red mug\"></picture>"),
            "{html}"
        );
        assert!(
            html.contains("<img src=\"https://x.org/a.jpg\" alt=\"far\""),
            "{html}"
        );
    }

    #[test]
    fn finds_local_images_only() {
        let images = local_images("![a](a.jpg)\n\n![b](https://x.org/b.jpg)\n\n![c](/c.jpg)\n");
        assert_eq!(images.len(), 1);
        assert_eq!(images[0].target, "a.jpg");
    }

    #[test]
    fn references_carry_alt_text_and_offsets() {
        let body = "See [the shop](/products/).\n\n![A *blue* mug](mug.jpg) ![](bare.jpg)\n";
        let found = references(body);
        let summary: Vec<(&str, bool, &str, usize)> = found
            .iter()
            .map(|r| (r.target.as_str(), r.image, r.alt.as_str(), r.offset))
            .collect();
        assert_eq!(
            summary,
            [
                ("/products/", false, "", 4),
                ("mug.jpg", true, "A blue mug", 29),
                ("bare.jpg", true, "", 54)
            ]
        );
    }

    #[test]
    fn first_paragraph_is_plain_text() {
        assert_eq!(
            first_paragraph("# T\n\nA *fine* `print`.\nNext line.\n\nMore."),
            "A fine print. Next line."
        );
    }

    #[test]
    fn headings_start_at_h2_without_gaps() {
        let html = render("## Sizes\n\n### A4\n", "", &|_, _| None);
        assert!(html.contains("<h2 id=\"sizes\">"), "{html}");
        assert!(html.contains("<h3 id=\"a4\">"), "{html}");
    }

    #[test]
    fn non_ascii_headings_get_readable_ids() {
        assert!(render("# 亚麻围裙\n", "", &|_, _| None).contains("id=\"ya-ma-wei-qun\""));
    }
}
