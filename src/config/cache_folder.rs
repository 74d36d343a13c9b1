//! The image cache folder, which `shop clean` empties: it must hold nothing of the seller's.

use std::path::Path;

use super::SELLER_FOLDERS;
use super::brand::BrandImages;
use super::checks::Checker;
use crate::fs::absolute;

/// A cache folder `shop clean` can empty without touching the seller's files: a folder
/// inside the shop that, links resolved, is not the shop folder or one around it, and is not,
/// holds or lies inside a source folder, `.git/` or the folder of an image `brand:` names.
pub(super) fn check_cache_folder(checker: &mut Checker, cache: &Path, brand: &BrandImages) {
    let escapes = cache.is_absolute()
        || cache
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir))
        || cache.as_os_str().is_empty();
    if escapes {
        checker.push(
            checker
                .at(
                    "images.cache",
                    format!("`{}` is not a folder inside the shop", cache.display()),
                )
                .with_hint("write a relative folder name such as .shop-cache"),
        );
    } else if let Some(clash) = cache_clash(cache, checker.root, brand) {
        checker.push(checker.at("images.cache", clash).with_hint(CACHE_HINT));
    }
}

/// How to fix a cache folder that would take the seller's files with it.
pub(super) const CACHE_HINT: &str = "`shop clean` empties the cache folder: give the cache a new folder of its own, such as .shop-cache";

/// How the cache folder lies to another folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Overlap {
    /// They are the same folder.
    Same,
    /// The cache is inside the other.
    Inside,
    /// The cache holds the other.
    Around,
}

impl Overlap {
    /// How `cache` lies to `other`, both absolute with links resolved; `None` when apart.
    pub(super) fn of(cache: &Path, other: &Path) -> Option<Overlap> {
        if cache == other {
            Some(Overlap::Same)
        } else if cache.starts_with(other) {
            Some(Overlap::Inside)
        } else if other.starts_with(cache) {
            Some(Overlap::Around)
        } else {
            None
        }
    }

    /// The message saying so: "cache folder `.` is the shop folder".
    pub(super) fn message(self, cache: &Path, other: &str) -> String {
        let relation = match self {
            Overlap::Same => "is",
            Overlap::Inside => "is inside",
            Overlap::Around => "contains",
        };
        format!("cache folder `{}` {relation} {other}", cache.display())
    }
}

/// What the cache folder `cache` would take with it, if anything: the shop folder, a source
/// folder, `.git/` or the folder of a brand image, compared with links resolved.
fn cache_clash(cache: &Path, root: &Path, brand: &BrandImages) -> Option<String> {
    let cache_abs = absolute(&root.join(cache));
    let root_abs = absolute(root);
    if let Some(overlap) = Overlap::of(&cache_abs, &root_abs).filter(|o| *o != Overlap::Inside) {
        return Some(overlap.message(cache, "the shop folder"));
    }
    let sources = SELLER_FOLDERS.iter().map(|name| {
        let folder = root.join(name);
        (folder, format!("the shop's `{name}/` folder"))
    });
    let brand_folders = brand.all().filter_map(|(key, file)| {
        let folder = file.parent()?;
        let name = folder.strip_prefix(root).ok()?.display().to_string();
        Some((
            folder.to_path_buf(),
            format!("`{name}/`, which holds `{key}`"),
        ))
    });
    sources.chain(brand_folders).find_map(|(folder, what)| {
        let folder = absolute(&folder);
        let overlap = Overlap::of(&cache_abs, &folder).filter(|_| folder != root_abs)?;
        Some(overlap.message(cache, &what))
    })
}
