//! The QR code files a build publishes: one per product page for the printable catalogue
//! and one per checkout link, the previous build's set when it holds the same codes.

use std::sync::Arc;

use super::RenderedProduct;
use crate::output::SharedFiles;
use crate::views::ProductView;

/// The QR code files the pages of `products` show; the previous build's set when it holds
/// the same codes, as it does after most edits.
pub(super) fn qr_files(
    products: &[Arc<RenderedProduct>],
    previous: &mut Option<(u64, SharedFiles)>,
) -> SharedFiles {
    let files = || products.iter().flat_map(|p| &p.qr_files);
    let key = crate::digest::fingerprint(products.iter().map(|p| p.qr_digest).collect::<Vec<_>>());
    match previous {
        Some((k, shared)) if *k == key => Arc::clone(shared),
        _ => {
            let shared: SharedFiles = Arc::new(files().cloned().collect());
            *previous = Some((key, Arc::clone(&shared)));
            shared
        }
    }
}

/// The texts of the QR codes a product's pages show: its page's address for the catalogue
/// and each checkout link. A sold-out product shows no checkout link and is left out of the
/// catalogue.
pub(super) fn qr_texts(card: &ProductView) -> impl Iterator<Item = &str> {
    let buttons = card
        .buy
        .buttons
        .iter()
        .chain(card.variants.iter().flat_map(|v| &v.buy.buttons));
    let links = buttons.filter(|b| b.qr.is_some()).map(|b| &b.url);
    std::iter::once(&card.permalink)
        .chain(links)
        .filter(|_| !card.sold_out)
        .map(String::as_str)
}
