//! Product videos as templates see them: a file plays in the page's own `<video>`, a video
//! on a host is a link to it there that the theme's script turns into a click-to-load
//! player (`partials/video.html`, `assets/video.js`).

use serde::Serialize;

use super::{ImageView, ViewBuilder};
use crate::content::Product;
use crate::content::video::VideoSource;

/// The width the player's still is picked at. A poster loads with the page, beside the
/// photo that is its largest paint: a 1,200 px JPEG (209 KB in the example shop) took the
/// product page's Lighthouse performance from 100 to 95 on a phone. 800 px WebP is sharp
/// in the product column and often the very file the gallery's first photo loads.
const POSTER_WIDTH: u32 = 800;

/// A product video.
#[derive(Debug, Clone, Serialize)]
pub struct VideoView {
    /// `title:`, else the product's title (in the page's language).
    pub title: String,
    /// `youtube`, `vimeo` or `bilibili` for a video on a host; absent for a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<&'static str>,
    /// The host's name, `YouTube`; absent for a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_name: Option<&'static str>,
    /// The file's URL; absent for a video on a host.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub src: Option<String>,
    /// The file's MIME type, `video/mp4` or `video/webm`; absent for a video on a host.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mime: Option<&'static str>,
    /// The host's player (`https://www.youtube-nocookie.com/embed/ID`), to load only when
    /// the visitor asks; absent for a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub embed_url: Option<String>,
    /// The video's page on its host, for the link shown without JavaScript; absent for a
    /// file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub watch_url: Option<String>,
    /// The still shown before it plays: `poster:`, else the product's first photo (never
    /// a picture from the video's host, which would contact it before Play); absent when
    /// there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub poster: Option<ImageView>,
    /// One version of the still sized for the player, for `<video poster>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub poster_url: Option<String>,
}

impl ViewBuilder<'_> {
    /// The product's videos; `images` are its photo views, the first the still of a video
    /// without a `poster:`.
    pub(super) fn video_views(&self, product: &Product, images: &[ImageView]) -> Vec<VideoView> {
        let page = product.path();
        product
            .videos
            .iter()
            .map(|video| {
                let own = video
                    .poster
                    .as_ref()
                    .map(|i| self.image_view(&page, &i.source, &i.output, &i.alt));
                let mut view = VideoView {
                    title: video.title.clone().unwrap_or(product.title.clone()),
                    host: None,
                    host_name: None,
                    src: None,
                    mime: None,
                    embed_url: None,
                    watch_url: None,
                    poster: None,
                    poster_url: None,
                };
                match &video.source {
                    VideoSource::File { path, mime, .. } => {
                        view.src = Some(self.urls.file(path));
                        view.mime = Some(mime);
                    }
                    VideoSource::Embed(embed) => {
                        view.host = Some(embed.host.key());
                        view.host_name = Some(embed.host.name());
                        view.embed_url = Some(embed.embed_url.clone());
                        view.watch_url = Some(embed.watch_url.clone());
                    }
                }
                // Beside the video's title the still is decorative: no alt text of its own.
                let poster = own.or_else(|| images.first().cloned()).map(|mut still| {
                    still.alt.clear();
                    still
                });
                view.poster_url = poster.as_ref().map(still_for_player);
                view.poster = poster;
                view
            })
            .collect()
    }
}

/// The narrowest version at least [`POSTER_WIDTH`] wide, else the widest there is, as WebP
/// (which every browser that plays these videos shows) when there is one.
fn still_for_player(image: &ImageView) -> String {
    let version = image
        .versions
        .iter()
        .find(|v| v.width >= POSTER_WIDTH)
        .or(image.versions.last());
    match version {
        Some(v) if !v.webp.is_empty() => v.webp.clone(),
        Some(v) => v.fallback.clone(),
        None => image.url.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::VersionView;

    fn photo(widths: &[u32]) -> ImageView {
        ImageView {
            url: "/images/largest.jpg".into(),
            alt: String::new(),
            width: 0,
            height: 0,
            srcset: String::new(),
            webp_srcset: String::new(),
            mime: "image/jpeg",
            versions: widths
                .iter()
                .map(|&width| VersionView {
                    width,
                    height: width / 2,
                    webp: format!("/images/a-{width}.webp"),
                    fallback: format!("/images/a-{width}.jpg"),
                })
                .collect(),
            square: None,
            share: None,
        }
    }

    #[test]
    fn the_player_still_is_sharp_but_no_larger_than_needed() {
        assert_eq!(
            still_for_player(&photo(&[480, 800, 1600])),
            "/images/a-800.webp"
        );
        assert_eq!(
            still_for_player(&photo(&[480, 900, 1600])),
            "/images/a-900.webp"
        );
        assert_eq!(still_for_player(&photo(&[480, 640])), "/images/a-640.webp");
        assert_eq!(still_for_player(&photo(&[])), "/images/largest.jpg");
    }
}
