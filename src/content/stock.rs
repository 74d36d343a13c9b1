//! `stock.csv` at the shop's root (`sku,stock` lines): stock counts a script or a
//! scheduled job can update without touching the Markdown. It overrides the `stock:` of
//! the product or variant with that SKU.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use super::Product;
use crate::diagnostics::{Diagnostic, Diagnostics, Position};

/// The file's name in the shop folder.
pub const STOCK_FILE: &str = "stock.csv";

/// Reads `stock.csv` when there is one and applies it; every bad line is an error naming
/// it.
pub(super) fn apply_stock_file(
    root: &Path,
    products: &mut [Arc<Product>],
    diagnostics: &mut Diagnostics,
) {
    let Ok(text) = std::fs::read_to_string(root.join(STOCK_FILE)) else {
        return;
    };
    let mut known: HashMap<String, (usize, Option<usize>)> = HashMap::new();
    for (p, product) in products.iter().enumerate() {
        if let Some(sku) = &product.sku {
            known.insert(sku.clone(), (p, None));
        }
        for (v, variant) in product.variants.iter().enumerate() {
            if let Some(sku) = &variant.sku {
                known.insert(sku.clone(), (p, Some(v)));
            }
        }
    }
    for (n, line) in text.lines().enumerate() {
        let error = |message: String, hint: &str| {
            Diagnostic::error(STOCK_FILE, Position::new(n + 1, 1), message)
                .with_hint(hint)
                .with_source(&text)
        };
        let line = line.trim();
        if line.is_empty() || (n == 0 && line.eq_ignore_ascii_case("sku,stock")) {
            continue;
        }
        let Some((sku, count)) = line.split_once(',') else {
            diagnostics.push(error(
                format!("`{line}` is not `sku,stock`"),
                "write one product or variant per line: its SKU, a comma, and the items left",
            ));
            continue;
        };
        let sku = sku.trim().trim_matches('"');
        let Ok(count) = count.trim().trim_matches('"').parse::<u32>() else {
            diagnostics.push(error(
                format!("`{}` is not a number of items", count.trim()),
                "write the items left as a whole number, 0 for sold out",
            ));
            continue;
        };
        let Some(&(p, variant)) = known.get(sku) else {
            diagnostics.push(error(
                format!("no product or variant has the SKU `{sku}`"),
                "check the SKU against the products' `sku:`, or remove the line",
            ));
            continue;
        };
        let product = Arc::make_mut(&mut products[p]);
        match variant {
            Some(v) => product.variants[v].stock = Some(count),
            None => product.stock = Some(count),
        }
        product.fingerprint = crate::fingerprint((product.fingerprint, sku, count));
    }
}
