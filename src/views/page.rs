//! Pages and posts as templates see them, their Markdown rendered.

use std::path::Path;

use serde::Serialize;

use super::ViewBuilder;
use super::image::{BODY_SIZES, ImageView, picture_html};
use crate::content::Page;
use crate::markdown;

/// A page or post as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    /// Title.
    pub title: String,
    /// Slug.
    pub slug: String,
    /// URL under the base path.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// Summary.
    pub summary: String,
    /// Body rendered to HTML.
    pub content: String,
    /// `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Images.
    pub images: Vec<ImageView>,
    /// Free data.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Shown in the shop's own language on a translated page, for want of a translation.
    pub untranslated: bool,
}

impl ViewBuilder<'_> {
    /// The view of a page or post, body rendered.
    pub fn page_view(&self, page: &Page) -> PageView {
        let path = page.path();
        PageView {
            title: page.title.clone(),
            slug: page.slug.clone(),
            url: self.urls.path(&path),
            permalink: self.urls.permalink(&path),
            summary: page.summary.clone(),
            content: self.body_html(&page.body, &page.file, &path),
            date: page.date.clone(),
            updated: page.updated.clone(),
            tags: page.tags.iter().map(|t| t.name.clone()).collect(),
            images: self.images(&path, &page.images),
            untranslated: page.untranslated,
            extra: page.extra.clone(),
        }
    }

    /// A body rendered to HTML, its local photos as responsive `<picture>` elements.
    pub(super) fn body_html(&self, body: &str, file: &Path, page_path: &str) -> String {
        let folder = self
            .site
            .root
            .join(file)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let picture = |src: &str, alt: &str| -> Option<String> {
            let view = self.image_view(page_path, &folder.join(src), src, alt);
            (!view.srcset.is_empty()).then(|| picture_html(&view, BODY_SIZES))
        };
        markdown::render(body, self.urls.base_path(), &picture)
    }
}
