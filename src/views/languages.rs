//! Where each page is in every language of a translated shop: for the language switcher,
//! `hreflang` links and the sitemap. Listings and other generated pages keep their path
//! under each language's prefix; products, pages and posts may have a translated slug.

use foldhash::{HashMap, HashMapExt};

use serde::Serialize;

use super::{Strings, Urls};
use crate::content::Site;

/// One language version of the page being rendered.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct LanguageView {
    /// BCP 47 tag, for `hreflang` and `lang`.
    pub code: String,
    /// The language's name in itself (`简体中文`), for the switcher.
    pub name: String,
    /// The language's name in the page's language (`英语` for English on a Chinese
    /// page), for sentences such as the "not translated yet" notice.
    pub name_here: String,
    /// Absolute URL of this page in that language.
    pub url: String,
    /// True for the language of the page being rendered.
    pub current: bool,
}

struct Language {
    code: String,
    name: String,
    urls: Urls,
}

/// Every language of the shop, the shop's own first, and the paths that differ.
pub struct Alternates {
    languages: Vec<Language>,
    /// A content page's path in the shop's language -> its path in each language.
    paths: HashMap<String, Vec<String>>,
    /// For each language, a content page's path in it -> its path in the shop's language.
    originals: Vec<HashMap<String, String>>,
    /// For each language, the name of every language in it, in the same order.
    names_in: Vec<Vec<String>>,
    /// A digest of all of the above, for telling whether the alternates changed.
    fingerprint: u64,
}

/// A language's name in the language whose UI strings are `strings`: its
/// `language_<code>` string (`language_zh_cn`), else its primary language's
/// (`language_fr` for `fr-CA`).
fn name_in(strings: &Strings, code: &str) -> Option<String> {
    let key = |code: &str| format!("language_{}", code.to_lowercase().replace('-', "_"));
    let primary = code.split('-').next().unwrap_or(code);
    strings
        .get(&key(code))
        .or_else(|| strings.get(&key(primary)))
        .cloned()
}

impl Alternates {
    /// From the shop and its translated versions, in `languages:` order, each with its
    /// UI strings, which name it in itself (`language_name`) and name the others.
    pub fn new(sites: &[(&Site, &Strings)]) -> Alternates {
        let paths_of = |site: &Site| -> Vec<String> {
            let products = site.products.iter().map(|p| p.path());
            let pages = site.pages.iter().chain(&site.posts).map(|p| p.path());
            products.chain(pages).collect()
        };
        let all: Vec<Vec<String>> = sites.iter().map(|(site, _)| paths_of(site)).collect();
        let mut paths = HashMap::new();
        let mut originals = vec![HashMap::new(); sites.len()];
        if let Some(own) = all.first() {
            for (i, path) in own.iter().enumerate() {
                let versions: Vec<String> = all.iter().map(|p| p[i].clone()).collect();
                for (language, version) in versions.iter().enumerate() {
                    originals[language].insert(version.clone(), path.clone());
                }
                paths.insert(path.clone(), versions);
            }
        }
        let languages: Vec<Language> = sites
            .iter()
            .map(|(site, strings)| Language {
                code: site.config.language.clone(),
                name: strings
                    .get("language_name")
                    .cloned()
                    .unwrap_or(site.config.language.clone()),
                urls: Urls::new(&site.config),
            })
            .collect();
        let names_in: Vec<Vec<String>> = sites
            .iter()
            .map(|(_, strings)| {
                languages
                    .iter()
                    .map(|l| name_in(strings, &l.code).unwrap_or(l.name.clone()))
                    .collect()
            })
            .collect();
        let homes: Vec<(&str, &str, String)> = languages
            .iter()
            .map(|l| (l.code.as_str(), l.name.as_str(), l.urls.permalink("/")))
            .collect();
        Alternates {
            fingerprint: crate::digest::fingerprint((&all, homes, &names_in)),
            languages,
            names_in,
            paths,
            originals,
        }
    }

    /// A shop in one language: no alternates.
    pub fn single() -> Alternates {
        Alternates {
            languages: Vec::new(),
            paths: HashMap::new(),
            originals: Vec::new(),
            names_in: Vec::new(),
            fingerprint: 0,
        }
    }

    /// A digest of the languages and of each page's path in them.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// The page at `path` in language `current` (an index into the languages), in every
    /// language; empty for a shop in one language.
    pub fn of(&self, current: usize, path: &str) -> Vec<LanguageView> {
        if self.languages.len() < 2 {
            return Vec::new();
        }
        let original = self.originals[current]
            .get(path)
            .map_or(path, String::as_str);
        self.languages
            .iter()
            .enumerate()
            .map(|(i, language)| {
                let version = self
                    .paths
                    .get(original)
                    .map_or(original, |versions| versions[i].as_str());
                LanguageView {
                    code: language.code.clone(),
                    name: language.name.clone(),
                    name_here: self.names_in[current][i].clone(),
                    url: language.urls.permalink(version),
                    current: i == current,
                }
            })
            .collect()
    }
}
