//! Listing pages: which page numbers each page links to, and where page `n` lives.

use serde::Serialize;

/// Links between the pages of a listing.
#[derive(Debug, Clone, Serialize, Hash)]
pub(super) struct Paginator {
    current: usize,
    total: usize,
    previous: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

/// One number of a listing page's links.
#[derive(Debug, Clone, Serialize, Hash)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
    /// Stands for pages left out between its neighbours (number 0, no URL).
    gap: bool,
}

impl Paginator {
    /// The links of page `current` of `total`, with `url` giving page `k`'s address.
    pub(super) fn new(current: usize, total: usize, url: impl Fn(usize) -> String) -> Paginator {
        Paginator {
            current,
            total,
            previous: (current > 1).then(|| url(current - 1)),
            next: (current < total).then(|| url(current + 1)),
            pages: page_window(current, total)
                .into_iter()
                .map(|k| PageLink {
                    number: k.unwrap_or(0),
                    url: k.map(&url).unwrap_or_default(),
                    current: k == Some(current),
                    gap: k.is_none(),
                })
                .collect(),
        }
    }
}

/// Pages linked on each side of the current one; the first and last are always linked.
const PAGE_WINDOW: usize = 2;

/// The page numbers a listing's page `current` of `total` links to, `None` for a gap:
/// `1 … 4 5 [6] 7 8 … 417`. Linking every page would make each of a big shop's listing
/// pages list hundreds of numbers, and the site's size grow with the square of its products.
fn page_window(current: usize, total: usize) -> Vec<Option<usize>> {
    let near = current.saturating_sub(PAGE_WINDOW).max(1)..=(current + PAGE_WINDOW).min(total);
    let mut numbers: Vec<usize> = std::iter::once(1)
        .chain(near)
        .chain(std::iter::once(total))
        .collect();
    numbers.dedup();
    let mut window = Vec::new();
    for (i, &n) in numbers.iter().enumerate() {
        match i.checked_sub(1).map(|j| numbers[j]) {
            Some(before) if n == before + 2 => window.push(Some(before + 1)),
            Some(before) if n > before + 2 => window.push(None),
            _ => {}
        }
        window.push(Some(n));
    }
    window
}

/// The site path of page `n` of a listing at `base` (`/products/` -> `/products/page/2/`).
pub(super) fn listing_page_path(base: &str, n: usize) -> String {
    if n == 1 {
        base.to_owned()
    } else {
        format!("{base}page/{n}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_links_the_ends_and_the_pages_near_the_current_one() {
        let numbers = |current, total| -> Vec<usize> {
            page_window(current, total)
                .into_iter()
                .map(|n| n.unwrap_or(0))
                .collect()
        };
        assert_eq!(numbers(1, 1), [1]);
        assert_eq!(numbers(1, 4), [1, 2, 3, 4]);
        assert_eq!(numbers(6, 417), [1, 0, 4, 5, 6, 7, 8, 0, 417]);
        assert_eq!(
            numbers(4, 9),
            [1, 2, 3, 4, 5, 6, 0, 9],
            "a gap of one page is shown"
        );
        assert_eq!(numbers(417, 417), [1, 0, 415, 416, 417]);
    }
}
