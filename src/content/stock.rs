//! `stock.csv` at the shop's root (`sku,stock` lines): stock counts a script or a
//! scheduled job can update without touching the Markdown. It overrides the `stock:` of
//! the product or variant with that SKU.
//!
//! The file is read as CSV (what Excel and scripts write: a byte order mark, CRLF line
//! ends, quoted SKUs holding commas), and a file that is there but cannot be read is an
//! error, never taken for no file: products would sell at their front-matter stock.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use super::Product;
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::fs::read_optional;

/// The file's name in the shop folder.
pub const STOCK_FILE: &str = "stock.csv";

/// Reads `stock.csv` when there is one and applies it; every bad line is an error naming
/// it, but for a SKU nobody has while not `all_loaded` (it may be the failed product's).
pub(super) fn apply_stock_file(
    root: &Path,
    products: &mut [Arc<Product>],
    all_loaded: bool,
    diagnostics: &mut Diagnostics,
) {
    let Some(text) = read_optional(root, STOCK_FILE, diagnostics) else {
        return;
    };
    let known = skus(products);
    let error = |line: usize, message: String, hint: &str| {
        Diagnostic::error(STOCK_FILE, Position::new(line, 1), message)
            .with_hint(hint)
            .with_source(&text)
    };
    // The line each SKU was first listed on.
    let mut listed: HashMap<String, usize> = HashMap::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    for (n, record) in reader.records().enumerate() {
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                let line = record_line(text.as_bytes(), err.position());
                diagnostics.push(error(
                    line,
                    format!("cannot read this line: {err}"),
                    "write one product or variant per line: its SKU, a comma, and the items left",
                ));
                continue;
            }
        };
        let line = record_line(text.as_bytes(), record.position());
        let fields = filled_fields(&record);
        let is_header = n == 0
            && fields.len() == 2
            && fields[0].eq_ignore_ascii_case("sku")
            && fields[1].eq_ignore_ascii_case("stock");
        if fields.is_empty() || is_header {
            continue;
        }
        let [sku, count] = fields[..] else {
            diagnostics.push(error(
                line,
                format!("`{}` is not `sku,stock`", fields.join(",")),
                "write one product or variant per line: its SKU, a comma, and the items left",
            ));
            continue;
        };
        let Ok(count) = count.parse::<u32>() else {
            diagnostics.push(error(
                line,
                format!("`{count}` is not a number of items"),
                "write the items left as a whole number, 0 for sold out",
            ));
            continue;
        };
        if let Some(first) = listed.insert(sku.to_owned(), line) {
            diagnostics.push(error(
                line,
                format!("the SKU `{sku}` is listed twice (first on line {first})"),
                "keep one line per SKU: remove this one or the other",
            ));
            continue;
        }
        let Some(&(p, variant)) = known.get(sku) else {
            if all_loaded {
                diagnostics.push(error(
                    line,
                    format!("no product or variant has the SKU `{sku}`"),
                    "check the SKU against the products' `sku:`, or remove the line",
                ));
            }
            continue;
        };
        let product = Arc::make_mut(&mut products[p]);
        match variant {
            Some(v) => product.variants[v].stock = Some(count),
            None => product.stock = Some(count),
        }
        product.fingerprint = crate::digest::fingerprint((product.fingerprint, sku, count));
    }
}

/// Where each SKU is: the product's index, and the variant's when it is a variant's.
fn skus(products: &[Arc<Product>]) -> HashMap<String, (usize, Option<usize>)> {
    let mut known = HashMap::new();
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
    known
}

/// A record's fields without the empty ones at its end, which spreadsheets add when
/// another row of the sheet has more columns.
fn filled_fields(record: &csv::StringRecord) -> Vec<&str> {
    let mut fields: Vec<&str> = record.iter().collect();
    while fields.last().is_some_and(|f| f.is_empty()) {
        fields.pop();
    }
    fields
}

/// The 1-based line a CSV record (or a CSV error) starts on. The `csv` crate's own line
/// count is one too low after a CRLF line end: it ends a record at the `\r` and counts the
/// `\n` with the next record. So the line is counted here from the record's byte offset,
/// past the line ends before its first byte.
pub(crate) fn record_line(bytes: &[u8], position: Option<&csv::Position>) -> usize {
    let Some(position) = position else {
        return 1;
    };
    let offset = usize::try_from(position.byte())
        .unwrap_or(usize::MAX)
        .min(bytes.len());
    let start = bytes[offset..]
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n'))
        .map_or(bytes.len(), |i| offset + i);
    bytes[..start].iter().filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line of every record of `text`.
    fn lines(text: &str) -> Vec<usize> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        reader
            .records()
            .map(|r| record_line(text.as_bytes(), r.unwrap().position()))
            .collect()
    }

    #[test]
    fn record_lines_are_the_same_with_lf_and_crlf() {
        assert_eq!(lines("a,1\nb,2\n\nc,3\n"), [1, 2, 4]);
        assert_eq!(lines("a,1\r\nb,2\r\n\r\nc,3\r\n"), [1, 2, 4]);
        assert_eq!(lines("\u{feff}\"a\nb\",1\r\nc,2\r\n"), [1, 3]);
    }
}
