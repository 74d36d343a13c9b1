//! Site paths: every product, page and alias claims one address of the site, and these
//! rules keep those addresses safe, off the pages the shop generates itself, and unique.
//!
//! Aliases are checked here one by one as files are read; uniqueness is checked once every
//! file is read, because a clash is between two files.

use foldhash::{HashMap, HashMapExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::front_matter;
use super::{Page, Product};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fs::MAX_NAME_BYTES;
use crate::web::is_on_site;
use crate::yaml::Positions;

/// What an error says of a part of a site path longer than [`MAX_NAME_BYTES`] (each part
/// names a folder or file of the built site): `what` is the part, `bytes` its length.
pub(super) fn too_long(what: &str, bytes: usize) -> String {
    format!("{what} is {bytes} bytes long, more than the {MAX_NAME_BYTES} a file name may have")
}

/// An alias as an output-relative site path: `/old/` or `/old.html`; `None` when unsafe.
pub(super) fn normalize_alias(alias: &str) -> Option<String> {
    let alias = alias.trim();
    let bad = !is_on_site(alias)
        || alias.contains(['?', '#', '\\'])
        || alias.split('/').any(|part| part == ".." || part == ".");
    if bad || alias == "/" {
        return None;
    }
    if alias.ends_with('/') || alias.ends_with(".html") {
        Some(alias.to_owned())
    } else {
        Some(format!("{alias}/"))
    }
}

/// Paths of listings, theme assets and the 404 page, which no alias may take.
pub(super) fn is_generated_path(alias: &str) -> bool {
    matches!(
        alias,
        "/products/"
            | "/posts/"
            | "/search/"
            | "/404.html"
            | "/sitemap.xml"
            | "/atom.xml"
            | "/robots.txt"
            | "/search.json"
            | "/thanks/"
            | "/basket/"
    ) || [
        "/assets/",
        "/categories/",
        "/tags/",
        "/feeds/",
        "/catalog/",
        "/qr/",
    ]
    .iter()
    .any(|prefix| alias.starts_with(prefix))
        || is_pagination_path(alias)
}

/// `/products/page/2/`, `/categories/prints/page/3/`.
fn is_pagination_path(alias: &str) -> bool {
    let parts: Vec<&str> = alias.trim_matches('/').split('/').collect();
    parts.len() >= 2
        && parts[parts.len() - 2] == "page"
        && parts[parts.len() - 1].chars().all(|c| c.is_ascii_digit())
}

/// Every site path must belong to one file: product and page slugs, and aliases. The later
/// claim is reported, at its own `slug` or alias, naming the file that holds the path.
pub(super) fn check_unique_paths(
    root: &Path,
    products: &[Arc<Product>],
    pages: &[Arc<Page>],
    diagnostics: &mut Diagnostics,
) {
    let claims = products
        .iter()
        .map(|p| (p.path(), &p.file, &p.aliases))
        .chain(pages.iter().map(|p| (p.path(), &p.file, &p.aliases)))
        .flat_map(|(path, file, aliases)| {
            std::iter::once((path, file, None)).chain(
                aliases
                    .iter()
                    .enumerate()
                    .map(move |(i, a)| (a.clone(), file, Some(i))),
            )
        });
    let mut claimed: HashMap<String, (&PathBuf, Option<usize>)> = HashMap::new();
    for (path, file, alias) in claims {
        let Some(&(first, first_alias)) = claimed.get(&path) else {
            claimed.insert(path, (file, alias));
            continue;
        };
        let holder = match first_alias {
            None => format!("the address of {}", first.display()),
            Some(_) => format!("an alias of {}", first.display()),
        };
        let (key, message, hint) = match alias {
            None => (
                "slug".to_owned(),
                format!("duplicate slug: `{path}` is already {holder}"),
                "give one of them another slug with `slug:` in its front matter",
            ),
            Some(i) => (
                format!("aliases.{i}"),
                format!("alias `{path}` is already {holder}"),
                "remove the alias or change it to a path nothing else uses",
            ),
        };
        let source = std::fs::read_to_string(root.join(file)).unwrap_or_default();
        let positions = front_matter::split(file, &source)
            .map(|s| Positions::of(s.yaml, s.yaml_line_offset))
            .unwrap_or_default();
        diagnostics.push(
            Diagnostic::error(file.as_path(), positions.key(&key), message)
                .with_hint(hint)
                .with_source(&source),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_stay_on_the_site() {
        assert_eq!(normalize_alias("/old").as_deref(), Some("/old/"));
        assert_eq!(normalize_alias("/old.html").as_deref(), Some("/old.html"));
        assert!(normalize_alias("/../etc/").is_none());
        assert!(normalize_alias("https://x.org/").is_none());
        assert!(normalize_alias("//x.org/").is_none());
        assert!(is_generated_path("/products/"));
        assert!(is_generated_path("/assets/shop.css/"));
        assert!(!is_generated_path("/products/old-name/"));
        assert!(is_generated_path("/products/page/2/"));
        assert!(!is_generated_path("/page/about/"));
    }
}
