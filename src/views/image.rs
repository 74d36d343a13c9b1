//! Photos as templates see them: every processed size in WebP and a fallback, square
//! thumbnails and the share image; and the same `<picture>` markup for photos in Markdown.

use std::path::Path;

use serde::Serialize;

use super::ViewBuilder;
use crate::content::Image;
use crate::images::Version;

/// A photo.
#[derive(Debug, Clone, Serialize)]
pub struct ImageView {
    /// URL of the largest fallback (JPEG or PNG), or of the file itself when it is not a
    /// photo the pipeline processes (an SVG).
    pub url: String,
    /// Alternative text.
    pub alt: String,
    /// Pixel width of `url` (0 when unknown).
    pub width: u32,
    /// Pixel height of `url` (0 when unknown).
    pub height: u32,
    /// `srcset` of the fallback versions; empty when not processed.
    pub srcset: String,
    /// `srcset` of the WebP versions; empty when not processed, and for a photo published as
    /// JPEG or PNG only because a size of it is beyond WebP's 16,383 px.
    pub webp_srcset: String,
    /// MIME type of the fallback versions.
    pub mime: &'static str,
    /// Every responsive size, narrowest first, for templates that build their own markup.
    pub versions: Vec<VersionView>,
    /// Square thumbnails for cards (main product photos).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub square: Option<SquareView>,
    /// Absolute URL of the 1200x630 share image (main product photos).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<String>,
}

/// One responsive size of a photo in both formats.
#[derive(Debug, Clone, Serialize)]
pub struct VersionView {
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
    /// URL of the WebP file; empty for a photo without WebP versions.
    pub webp: String,
    /// URL of the JPEG or PNG file.
    pub fallback: String,
}

/// Square versions of a photo, for grids.
#[derive(Debug, Clone, Serialize)]
pub struct SquareView {
    /// URL of the smallest fallback.
    pub url: String,
    /// Its side in pixels.
    pub size: u32,
    /// `srcset` of the fallbacks.
    pub srcset: String,
    /// `srcset` of the WebP versions.
    pub webp_srcset: String,
}

/// How wide a photo in a page's text is shown: the text column, or the screen on phones.
pub(super) const BODY_SIZES: &str = "(min-width: 46rem) 42rem, 100vw";

/// A `<picture>` with WebP and fallback sources, explicit size (no layout shift) and lazy
/// loading, for photos inside Markdown; the theme's `partials/picture.html` does the same.
/// A photo without WebP versions gets the `<img>` alone (a `<source>` needs a `srcset`).
pub(super) fn picture_html(image: &ImageView, sizes: &str) -> String {
    let e = |text: &str| {
        let mut out = Vec::new();
        let _ = tera::escape_html(text, &mut out);
        String::from_utf8(out).unwrap_or_default()
    };
    let (open, close) = if image.webp_srcset.is_empty() {
        (String::new(), "")
    } else {
        (
            format!(
                r#"<picture><source type="image/webp" srcset="{}" sizes="{sizes}">"#,
                e(&image.webp_srcset)
            ),
            "</picture>",
        )
    };
    format!(
        r#"{open}<img src="{}" srcset="{}" sizes="{sizes}" width="{}" height="{}" alt="{}" loading="lazy" decoding="async">{close}"#,
        e(&image.url),
        e(&image.srcset),
        image.width,
        image.height,
        e(&image.alt)
    )
}

impl<'a> ViewBuilder<'a> {
    fn srcset(&self, versions: impl Iterator<Item = &'a Version>) -> String {
        versions
            .map(|v| format!("{} {}w", self.urls.file(&format!("/{}", v.path)), v.width))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The view of one image: every processed version when it is a photo, else the file
    /// copied beside the page.
    pub fn image_view(&self, page_path: &str, source: &Path, output: &str, alt: &str) -> ImageView {
        let Some(photo) = self.images.get(source) else {
            return ImageView {
                url: self.urls.path(&format!("{page_path}{output}")),
                alt: alt.to_owned(),
                width: 0,
                height: 0,
                srcset: String::new(),
                webp_srcset: String::new(),
                mime: "",
                versions: Vec::new(),
                square: None,
                share: None,
            };
        };
        let largest = photo.sizes.last();
        let square = (!photo.squares.is_empty()).then(|| SquareView {
            url: self
                .urls
                .file(&format!("/{}", photo.squares[0].fallback.path)),
            size: photo.squares[0].fallback.width,
            srcset: self.srcset(photo.squares.iter().map(|p| &p.fallback)),
            webp_srcset: self.srcset(photo.squares.iter().filter_map(|p| p.webp.as_ref())),
        });
        ImageView {
            url: largest
                .map(|p| self.urls.file(&format!("/{}", p.fallback.path)))
                .unwrap_or_default(),
            alt: alt.to_owned(),
            width: largest.map_or(0, |p| p.fallback.width),
            height: largest.map_or(0, |p| p.fallback.height),
            srcset: self.srcset(photo.sizes.iter().map(|p| &p.fallback)),
            webp_srcset: self.srcset(photo.sizes.iter().filter_map(|p| p.webp.as_ref())),
            mime: photo.fallback.mime(),
            versions: photo
                .sizes
                .iter()
                .map(|p| VersionView {
                    width: p.fallback.width,
                    height: p.fallback.height,
                    webp: p
                        .webp
                        .as_ref()
                        .map(|v| self.urls.file(&format!("/{}", v.path)))
                        .unwrap_or_default(),
                    fallback: self.urls.file(&format!("/{}", p.fallback.path)),
                })
                .collect(),
            square,
            share: photo
                .share
                .as_ref()
                .map(|v| self.urls.absolute(&self.urls.file(&format!("/{}", v.path)))),
        }
    }

    pub(super) fn images(&self, page_path: &str, images: &[Image]) -> Vec<ImageView> {
        images
            .iter()
            .map(|image| self.image_view(page_path, &image.source, &image.output, &image.alt))
            .collect()
    }
}
