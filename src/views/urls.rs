//! Site paths made URLs: under the base path, and a translated page's language prefix.

use crate::config::Config;

/// Turns site paths into URLs under the base path. Pages of a language other than the
/// shop's own live under its prefix (`/zh-cn/products/apron/`); files every language
/// shares (photos, theme assets) do not.
#[derive(Debug, Clone)]
pub struct Urls {
    base_path: String,
    /// `https://example.com` without the base path.
    origin: String,
    /// `""`, or `/zh-cn` for a page of another language.
    prefix: String,
}

impl Urls {
    /// From the configured base URL and the language the pages are in.
    pub fn new(config: &Config) -> Urls {
        let base_path = config.base_path().to_owned();
        let base_url = config.base_url.as_str().trim_end_matches('/');
        Urls {
            origin: base_url[..base_url.len() - base_path.len()].to_owned(),
            base_path,
            prefix: config.url_prefix.clone(),
        }
    }

    /// A page's URL: `/products/apron/` under the base path and the language's prefix,
    /// `/shop/zh-cn/products/apron/`.
    pub fn path(&self, path: &str) -> String {
        format!("{}{}{path}", self.base_path, self.prefix)
    }

    /// A shared file's URL, under the base path only: `/shop/images/apron.jpg`.
    pub fn file(&self, path: &str) -> String {
        format!("{}{path}", self.base_path)
    }

    /// The absolute URL of a page, for canonical links.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.origin, self.path(path))
    }

    /// The absolute URL of a URL made by [`Urls::path`] or [`Urls::file`], for
    /// `og:image` and feeds, which must be absolute.
    pub fn absolute(&self, url: &str) -> String {
        format!("{}{url}", self.origin)
    }

    /// The base path, `""` or `/shop`.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }
}
