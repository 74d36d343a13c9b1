//! Product videos: an MP4 or WebM file beside the product, or a video on YouTube, Vimeo or
//! Bilibili. A link to a host is recognised in every form its share button and address bar
//! give, reduced to the video's ID (checked character by character, so nothing but the ID
//! reaches a page's attributes) and rebuilt as the host's privacy-friendlier player address:
//! the page shows that player only after a click, so no visitor contacts the host unasked.

use std::path::{Path, PathBuf};

use url::Url;

use super::Image;

/// A product video, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Video {
    /// Where it plays from.
    pub source: VideoSource,
    /// `title:` as written; none means the product's title, so a translation's applies.
    pub title: Option<String>,
    /// The still shown before it plays (`poster:`), a photo beside the product.
    pub poster: Option<Image>,
}

/// Where a video plays from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VideoSource {
    /// A file beside the product, published once and shared by every language.
    File {
        /// Absolute source path.
        source: PathBuf,
        /// Its site path in the shop's own language: `/products/apron/making-of.mp4`.
        path: String,
        /// `video/mp4` or `video/webm`.
        mime: &'static str,
    },
    /// A video on a host, played in the host's player once asked for.
    Embed(Embed),
}

/// A video host whose player a page may embed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VideoHost {
    /// youtube.com, played from youtube-nocookie.com.
    Youtube,
    /// vimeo.com, played with `dnt=1` (no tracking).
    Vimeo,
    /// bilibili.com.
    Bilibili,
}

impl VideoHost {
    /// For class names and templates: `youtube`, `vimeo`, `bilibili`.
    pub fn key(self) -> &'static str {
        match self {
            VideoHost::Youtube => "youtube",
            VideoHost::Vimeo => "vimeo",
            VideoHost::Bilibili => "bilibili",
        }
    }

    /// The host's own name, for "Watch on YouTube".
    pub fn name(self) -> &'static str {
        match self {
            VideoHost::Youtube => "YouTube",
            VideoHost::Vimeo => "Vimeo",
            VideoHost::Bilibili => "Bilibili",
        }
    }

    /// What a link to one of its videos looks like, for hints.
    fn example(self) -> &'static str {
        match self {
            VideoHost::Youtube => {
                "https://www.youtube.com/watch?v=dQw4w9WgXcQ or https://youtu.be/dQw4w9WgXcQ"
            }
            VideoHost::Vimeo => "https://vimeo.com/76979871",
            VideoHost::Bilibili => "https://www.bilibili.com/video/BV1GJ411x7h7",
        }
    }
}

/// A video on a host, as the page links to it and embeds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embed {
    /// Which host.
    pub host: VideoHost,
    /// The host's player for this video, loaded only on click:
    /// `https://www.youtube-nocookie.com/embed/ID`.
    pub embed_url: String,
    /// The video's page on its host, the link visitors without JavaScript follow.
    pub watch_url: String,
}

/// Why a video link was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VideoLinkError {
    /// Not a URL at all.
    #[error("`{0}` is not a valid link")]
    Invalid(String),
    /// `http:`, `javascript:`, `data:`...
    #[error("`{url}` is not an https link (scheme `{scheme}`)")]
    NotHttps {
        /// The link.
        url: String,
        /// Its scheme.
        scheme: String,
    },
    /// `https://youtube.com@evil.example/`: the real host comes after the `@`.
    #[error("`{0}` hides its real host behind an `@`")]
    Credentials(String),
    /// A host whose player is not embedded.
    #[error("`{url}` is on `{host}`, not on YouTube, Vimeo or Bilibili")]
    UnknownHost {
        /// The link.
        url: String,
        /// The host found.
        host: String,
    },
    /// A short link (`b23.tv`), which names the video only after a redirect.
    #[error("`{0}` is a short link")]
    ShortLink(String),
    /// A link to the host that names no video, or a malformed ID.
    #[error("`{url}` is not a link to one {} video", host.name())]
    NoVideo {
        /// The link.
        url: String,
        /// The host it is on.
        host: VideoHost,
    },
}

impl VideoLinkError {
    /// How to fix it.
    pub fn hint(&self) -> String {
        match self {
            VideoLinkError::UnknownHost { .. } => "link a video on YouTube, Vimeo or Bilibili, or put an MP4 or WebM file beside the product and write its name".into(),
            VideoLinkError::ShortLink(_) => "open the short link in a browser and paste the full address it leads to, such as https://www.bilibili.com/video/BV1GJ411x7h7".into(),
            VideoLinkError::NoVideo { host, .. } => format!(
                "copy the address of the video's own page, such as {}",
                host.example()
            ),
            VideoLinkError::Credentials(_) => "paste the video's address exactly as its host shows it, without a user name or `@`".into(),
            _ => "write the video's full address, starting with https://".into(),
        }
    }
}

/// True when `src` is written as a link (it has a scheme) rather than as a file name.
pub fn is_link(src: &str) -> bool {
    Url::parse(src.trim()).is_ok()
}

/// The MIME type of a video file browsers play everywhere, by its extension.
pub fn file_type(path: &Path) -> Option<&'static str> {
    let extension = path.extension()?.to_string_lossy().to_ascii_lowercase();
    match extension.as_str() {
        "mp4" => Some("video/mp4"),
        "webm" => Some("video/webm"),
        _ => None,
    }
}

/// Recognises a link to a video on YouTube, Vimeo or Bilibili, in any form the host gives
/// out, and builds its player and watch addresses from the ID alone.
pub fn embed(text: &str) -> Result<Embed, VideoLinkError> {
    let text = text.trim();
    let url = Url::parse(text).map_err(|_| VideoLinkError::Invalid(text.to_owned()))?;
    if url.scheme() != "https" {
        return Err(VideoLinkError::NotHttps {
            url: text.to_owned(),
            scheme: url.scheme().to_owned(),
        });
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(VideoLinkError::Credentials(text.to_owned()));
    }
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let segments: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|s| !s.is_empty()).collect())
        .unwrap_or_default();
    let query = |key: &str| {
        url.query_pairs()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
    };
    let (kind, found) = match host {
        "youtube.com" | "m.youtube.com" | "youtube-nocookie.com" | "youtu.be" => {
            let id = match (host, segments.as_slice()) {
                ("youtu.be", [id]) => Some((*id).to_owned()),
                (_, ["watch"]) => query("v"),
                (_, ["shorts" | "embed" | "live" | "v", id]) => Some((*id).to_owned()),
                _ => None,
            };
            let start = query("t").or_else(|| query("start"));
            (
                VideoHost::Youtube,
                id.and_then(|id| youtube(&id, start.as_deref())),
            )
        }
        "vimeo.com" | "player.vimeo.com" => {
            let found = match segments.as_slice() {
                ["video", id] => vimeo(id, query("h").as_deref()),
                [id] => vimeo(id, None),
                [id, hash] if is_digits(id) => vimeo(id, Some(hash)),
                ["channels", _, id] | ["groups", _, "videos", id] => vimeo(id, None),
                _ => None,
            };
            (VideoHost::Vimeo, found)
        }
        "bilibili.com" | "m.bilibili.com" | "player.bilibili.com" => {
            let id = match segments.as_slice() {
                ["video", id] => Some((*id).to_owned()),
                ["player.html"] => query("bvid").or_else(|| query("aid").map(|a| format!("av{a}"))),
                _ => None,
            };
            (VideoHost::Bilibili, id.and_then(|id| bilibili(&id)))
        }
        "b23.tv" => return Err(VideoLinkError::ShortLink(text.to_owned())),
        _ => {
            return Err(VideoLinkError::UnknownHost {
                url: text.to_owned(),
                host: host.to_owned(),
            });
        }
    };
    let (embed_url, watch_url) = found.ok_or_else(|| VideoLinkError::NoVideo {
        url: text.to_owned(),
        host: kind,
    })?;
    Ok(Embed {
        host: kind,
        embed_url,
        watch_url,
    })
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

fn is_word(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A YouTube ID is 11 characters of `A-Z a-z 0-9 _ -`; a start time (`90`, `90s`,
/// `1m30s`) is kept in seconds.
fn youtube(id: &str, start: Option<&str>) -> Option<(String, String)> {
    if id.len() != 11 || !is_word(id) {
        return None;
    }
    match start.and_then(seconds).filter(|&s| s > 0) {
        Some(s) => Some((
            format!("https://www.youtube-nocookie.com/embed/{id}?start={s}"),
            format!("https://www.youtube.com/watch?v={id}&t={s}s"),
        )),
        None => Some((
            format!("https://www.youtube-nocookie.com/embed/{id}"),
            format!("https://www.youtube.com/watch?v={id}"),
        )),
    }
}

/// `90`, `90s`, `1m30s`, `1h2m3s` in seconds; `None` for anything else.
fn seconds(text: &str) -> Option<u32> {
    if is_digits(text) {
        return text.parse().ok();
    }
    let mut total: u32 = 0;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
        total = total.checked_add(number.parse::<u32>().ok()?.checked_mul(unit)?)?;
        number.clear();
    }
    number.is_empty().then_some(total)
}

/// A Vimeo ID is digits; an unlisted video also needs its hash (hex digits).
fn vimeo(id: &str, hash: Option<&str>) -> Option<(String, String)> {
    if !is_digits(id) || id.len() > 12 {
        return None;
    }
    match hash {
        Some(h) if h.len() <= 32 && !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit()) => {
            Some((
                format!("https://player.vimeo.com/video/{id}?h={h}&dnt=1"),
                format!("https://vimeo.com/{id}/{h}"),
            ))
        }
        Some(_) => None,
        None => Some((
            format!("https://player.vimeo.com/video/{id}?dnt=1"),
            format!("https://vimeo.com/{id}"),
        )),
    }
}

/// A Bilibili ID is `BV` and ten letters or digits, or an older `av` number.
fn bilibili(id: &str) -> Option<(String, String)> {
    let player = "https://player.bilibili.com/player.html";
    let watch = "https://www.bilibili.com/video";
    if let Some(rest) = id.strip_prefix("BV")
        && rest.len() == 10
        && rest.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        return Some((
            format!("{player}?bvid={id}&autoplay=0"),
            format!("{watch}/{id}/"),
        ));
    }
    let number = id.strip_prefix("av").or_else(|| id.strip_prefix("AV"))?;
    (is_digits(number) && number.len() <= 12).then(|| {
        (
            format!("{player}?aid={number}&autoplay=0"),
            format!("{watch}/av{number}/"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> (VideoHost, String, String) {
        let embed = embed(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        (embed.host, embed.embed_url, embed.watch_url)
    }

    #[test]
    fn youtube_in_every_form() {
        let plain = (
            VideoHost::Youtube,
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ".to_owned(),
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ".to_owned(),
        );
        for link in [
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ&list=PL1",
            "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://youtu.be/dQw4w9WgXcQ?si=AbCdEf",
            "https://www.youtube.com/shorts/dQw4w9WgXcQ",
            "https://www.youtube.com/embed/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
            "https://www.youtube.com/live/dQw4w9WgXcQ",
            "  https://WWW.YouTube.com/watch?v=dQw4w9WgXcQ  ",
        ] {
            assert_eq!(urls(link), plain, "{link}");
        }
        let (_, embed_url, watch) = urls("https://youtu.be/dQw4w9WgXcQ?t=1m30s");
        assert_eq!(
            embed_url,
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=90"
        );
        assert_eq!(watch, "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90s");
        let (_, embed_url, _) = urls("https://www.youtube.com/embed/dQw4w9WgXcQ?start=42");
        assert!(embed_url.ends_with("?start=42"));
        let (_, embed_url, _) = urls("https://youtu.be/dQw4w9WgXcQ?t=soon");
        assert!(!embed_url.contains('?'), "an unreadable time is left out");
    }

    #[test]
    fn vimeo_and_bilibili() {
        assert_eq!(
            urls("https://vimeo.com/76979871"),
            (
                VideoHost::Vimeo,
                "https://player.vimeo.com/video/76979871?dnt=1".into(),
                "https://vimeo.com/76979871".into()
            )
        );
        assert_eq!(
            urls("https://player.vimeo.com/video/76979871?h=8a2b4c&autopause=0").1,
            "https://player.vimeo.com/video/76979871?h=8a2b4c&dnt=1"
        );
        assert_eq!(
            urls("https://vimeo.com/76979871/8a2b4c").2,
            "https://vimeo.com/76979871/8a2b4c"
        );
        assert_eq!(
            urls("https://vimeo.com/channels/staffpicks/76979871").1,
            "https://player.vimeo.com/video/76979871?dnt=1"
        );
        let bv = (
            VideoHost::Bilibili,
            "https://player.bilibili.com/player.html?bvid=BV1GJ411x7h7&autoplay=0".to_owned(),
            "https://www.bilibili.com/video/BV1GJ411x7h7/".to_owned(),
        );
        for link in [
            "https://www.bilibili.com/video/BV1GJ411x7h7",
            "https://www.bilibili.com/video/BV1GJ411x7h7/?spm_id_from=333&vd_source=x",
            "https://m.bilibili.com/video/BV1GJ411x7h7",
            "https://player.bilibili.com/player.html?bvid=BV1GJ411x7h7&page=1",
        ] {
            assert_eq!(urls(link), bv, "{link}");
        }
        assert_eq!(
            urls("https://www.bilibili.com/video/av170001").1,
            "https://player.bilibili.com/player.html?aid=170001&autoplay=0"
        );
    }

    #[test]
    fn refuses_what_is_not_a_video_link() {
        let error = |text: &str| embed(text).expect_err(text);
        assert!(matches!(
            error("javascript:alert(1)"),
            VideoLinkError::NotHttps { scheme, .. } if scheme == "javascript"
        ));
        assert!(matches!(
            error("data:text/html,<script>alert(1)</script>"),
            VideoLinkError::NotHttps { .. }
        ));
        assert!(matches!(
            error("http://www.youtube.com/watch?v=dQw4w9WgXcQ"),
            VideoLinkError::NotHttps { scheme, .. } if scheme == "http"
        ));
        assert!(matches!(
            error("https://example.com/video/dQw4w9WgXcQ"),
            VideoLinkError::UnknownHost { host, .. } if host == "example.com"
        ));
        assert!(matches!(
            error("https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ"),
            VideoLinkError::UnknownHost { .. }
        ));
        assert!(matches!(
            error("https://www.youtube.com@evil.example/watch?v=dQw4w9WgXcQ"),
            VideoLinkError::Credentials(_)
        ));
        assert!(matches!(
            error("https://b23.tv/AbCdEf"),
            VideoLinkError::ShortLink(_)
        ));
        assert!(matches!(
            error("youtube.com/watch"),
            VideoLinkError::Invalid(_)
        ));
        for bad in [
            "https://www.youtube.com/watch?v=dQw4w9WgXc\"",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQQ",
            "https://www.youtube.com/watch?v=%3Cscript%3E1",
            "https://youtu.be/dQw4w9<Xc>",
            "https://www.youtube.com/channel/UCuAXFkgsw1L7xaCfnd5JJOw",
            "https://www.youtube.com/watch",
            "https://vimeo.com/7697x871",
            "https://vimeo.com/76979871/not-hex",
            "https://www.bilibili.com/video/BV1GJ411x7h",
            "https://www.bilibili.com/video/BV1GJ411x7h7\"x",
            "https://www.bilibili.com/",
        ] {
            assert!(
                matches!(error(bad), VideoLinkError::NoVideo { .. }),
                "{bad}"
            );
        }
    }

    #[test]
    fn links_and_files() {
        assert!(is_link("https://youtu.be/dQw4w9WgXcQ"));
        assert!(is_link("javascript:alert(1)"));
        assert!(!is_link("making-of.mp4"));
        assert!(!is_link("clips/making-of.webm"));
        assert_eq!(file_type(Path::new("a.MP4")), Some("video/mp4"));
        assert_eq!(file_type(Path::new("a.webm")), Some("video/webm"));
        assert_eq!(file_type(Path::new("a.mov")), None);
        assert_eq!(seconds("1h2m3s"), Some(3723));
        assert_eq!(seconds("1x"), None);
        assert_eq!(seconds("5m1"), None);
    }
}
