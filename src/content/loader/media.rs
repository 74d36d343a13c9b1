//! The files a content file names: photos, videos with their posters, and images in the
//! Markdown body, each checked to be inside the content's folder and present.

use std::path::{Component, Path};

use super::FileLoader;
use crate::content::cache::Dep;
use crate::content::raw::{RawImage, RawImageEntry, RawVideo, ShortOrLong};
use crate::content::video::{self, Video, VideoSource};
use crate::content::{Asset, AssetKind, Image};
use crate::diagnostics::Position;
use crate::fs::{Unusable, case_twin, file_in, relative_path};
use crate::markdown;

/// The error of a file that is not there; [`missing_src`] reads it back.
fn missing_message(src: &str) -> String {
    format!("file `{src}` not found")
}

/// The file a [`missing_message`] is about: how a build counts photos not downloaded yet
/// into one error.
pub(in crate::content) fn missing_src(message: &str) -> Option<&str> {
    message.strip_prefix("file `")?.strip_suffix("` not found")
}

impl FileLoader<'_> {
    /// Checks a file a front-matter value or Markdown link names: relative, inside the
    /// content's folder (symlinks included), and present.
    pub(super) fn asset(&mut self, at: Position, src: &str) -> Option<Asset> {
        let folder = self.folder();
        let Some(relative) = relative_path(src) else {
            self.error_at(
                at,
                format!("`{src}` points outside the content's folder"),
                "put the file beside the Markdown file (or in a folder below it) and write its relative path, such as `photo.jpg`",
            );
            return None;
        };
        self.deps.push(Dep::presence(&folder.join(relative)));
        let source = match file_in(&folder, relative) {
            Ok(source) => source,
            Err(Unusable::Missing) => {
                let beside = folder
                    .strip_prefix(self.root)
                    .unwrap_or(&folder)
                    .display()
                    .to_string();
                match case_twin(&folder, relative) {
                    Some(twin) => self.error_at(
                        at,
                        format!("file `{src}` not found, did you mean `{twin}`?"),
                        format!("names are case-sensitive: write `{twin}`, or rename the file to `{src}`"),
                    ),
                    None => self.error_at(
                        at,
                        missing_message(src),
                        format!(
                            "put `{src}` in `{beside}/`, or correct the name (it is case-sensitive)"
                        ),
                    ),
                }
                return None;
            }
            Err(Unusable::LinksOut) => {
                self.error_at(
                    at,
                    format!("`{src}` is a link to a file outside the content's folder"),
                    "copy the file into the folder instead of linking to it",
                );
                return None;
            }
        };
        let output = relative
            .components()
            .filter_map(|c| match c {
                Component::Normal(part) => Some(part.to_string_lossy()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("/");
        Some(Asset {
            kind: AssetKind::File,
            source,
            output,
            at,
        })
    }

    pub(super) fn images(
        &mut self,
        raw: &[RawImage],
        title: &str,
        assets: &mut Vec<Asset>,
    ) -> Vec<Image> {
        raw.iter()
            .enumerate()
            .filter_map(|(i, image)| self.image(&format!("images.{i}"), image, title, assets))
            .collect()
    }

    /// One photo named at `key`: checked, kept as an asset, its alt text defaulting to
    /// `title`.
    pub(super) fn image(
        &mut self,
        key: &str,
        image: &RawImage,
        title: &str,
        assets: &mut Vec<Asset>,
    ) -> Option<Image> {
        let (src, alt, key) = match image {
            ShortOrLong::Short(src) => (src.as_str(), title.to_owned(), key.to_owned()),
            ShortOrLong::Long(RawImageEntry { src, alt }) => (
                src.as_str(),
                alt.clone().unwrap_or_else(|| title.to_owned()),
                format!("{key}.src"),
            ),
        };
        let mut asset = self.asset(self.positions.value(&key), src)?;
        asset.kind = AssetKind::of_image(&asset.source);
        let image = Image {
            source: asset.source.clone(),
            output: asset.output.clone(),
            alt,
        };
        push_asset(assets, asset);
        Some(image)
    }

    /// The videos under `videos:`, files beside the product (published once, at
    /// `page_path` and their name) or links to a host; each mistake an error at its value.
    pub(super) fn videos(
        &mut self,
        raw: &[RawVideo],
        page_path: &str,
        assets: &mut Vec<Asset>,
    ) -> Vec<Video> {
        let mut videos = Vec::new();
        for (i, video) in raw.iter().enumerate() {
            let (src, poster, title, key) = match video {
                ShortOrLong::Short(src) => (src, None, None, format!("videos.{i}")),
                ShortOrLong::Long(entry) => (
                    &entry.src,
                    entry.poster.as_ref(),
                    entry.title.as_deref(),
                    format!("videos.{i}.src"),
                ),
            };
            let source = self.video_source(&key, src, page_path, assets);
            let poster = poster.and_then(|p| self.poster(&format!("videos.{i}.poster"), p, assets));
            if let Some(source) = source {
                videos.push(Video {
                    source,
                    title: title
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(str::to_owned),
                    poster,
                });
            }
        }
        videos
    }

    /// A video link checked and turned into its player's address, or a video file checked
    /// (MP4 or WebM, inside the folder, present) and kept as an asset.
    fn video_source(
        &mut self,
        key: &str,
        src: &str,
        page_path: &str,
        assets: &mut Vec<Asset>,
    ) -> Option<VideoSource> {
        if video::is_link(src) {
            return match video::embed(src) {
                Ok(embed) => Some(VideoSource::Embed(embed)),
                Err(err) => {
                    let hint = err.hint();
                    self.error(key, format!("bad video link: {err}"), hint);
                    None
                }
            };
        }
        let Some(mime) = video::file_type(Path::new(src.trim())) else {
            self.error(
                key,
                format!("`{src}` is not an MP4 or WebM video"),
                "every browser plays .mp4 (H.264) and .webm files: export the video as one, or upload it to YouTube, Vimeo or Bilibili and write its link",
            );
            return None;
        };
        let asset = self.asset(self.positions.value(key), src)?;
        let file = VideoSource::File {
            source: asset.source.clone(),
            path: format!("{page_path}{}", asset.output),
            mime,
        };
        push_asset(assets, asset);
        Some(file)
    }

    /// A video's still: a photo beside the product, processed like the product's photos.
    /// A picture on another site is refused, since showing it would contact that site.
    fn poster(&mut self, key: &str, src: &str, assets: &mut Vec<Asset>) -> Option<Image> {
        if video::is_link(src) {
            self.error(
                key,
                format!("poster `{src}` is a link"),
                "save the picture beside the product and write its file name: a picture on another site would be fetched from it before anyone chooses to play",
            );
            return None;
        }
        if AssetKind::of_image(Path::new(src)) != AssetKind::Photo {
            self.error(
                key,
                format!("poster `{src}` is not a JPEG, PNG or WebP photo"),
                "save the still as .jpg, .png or .webp beside the product",
            );
            return None;
        }
        self.image(key, &ShortOrLong::Short(src.to_owned()), "", assets)
    }

    /// Checks the images the Markdown body uses and adds them to the assets.
    pub(super) fn body_images(&mut self, body: &str, body_line: usize, assets: &mut Vec<Asset>) {
        for image in markdown::local_images(body) {
            let line = body_line + body[..image.offset].matches('\n').count();
            if let Some(mut asset) = self.asset(Position::new(line, 1), &image.target) {
                asset.kind = AssetKind::of_image(&asset.source);
                push_asset(assets, asset);
            }
        }
    }
}

pub(super) fn push_asset(assets: &mut Vec<Asset>, asset: Asset) {
    if !assets.iter().any(|a| a.output == asset.output) {
        assets.push(asset);
    }
}
