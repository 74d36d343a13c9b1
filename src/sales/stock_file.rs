//! The stock of every SKU as sales lower it, and `stock.csv` rewritten with new counts: each SKU's line changed in place, a line added at
//! the end for a SKU that had none, every other line (the header, comments, the seller's
//! order, CRLF line ends) left as it was.

use std::collections::BTreeMap;

use super::ledger::Row;
use crate::content::{Availability, Site};

/// The stock of every SKU, as sales lower it.
pub(super) struct Stock {
    /// Each SKU's items left (`None`: not tracked) and how it sells at 0.
    pub items: BTreeMap<String, (Option<u32>, Availability)>,
    /// The SKUs whose count changed, with the new count, in the order they changed.
    pub changed: Vec<(String, u32)>,
}

impl Stock {
    /// Every SKU of the shop's products and variants, with its stock as loaded (front
    /// matter, then `stock.csv`).
    pub fn of(site: &Site) -> Stock {
        let mut items = BTreeMap::new();
        for product in &site.products {
            if let Some(sku) = &product.sku {
                items.insert(sku.clone(), (product.stock, product.availability));
            }
            for variant in &product.variants {
                if let Some(sku) = &variant.sku {
                    items.insert(sku.clone(), (variant.stock, product.availability));
                }
            }
        }
        Stock {
            items,
            changed: Vec::new(),
        }
    }

    /// Takes a sold line out of stock, never below 0: selling more than is left (two
    /// buyers of the last piece) is said and noted on the line.
    pub fn sell(&mut self, row: &mut Row, say: &mut dyn FnMut(&str), oversold: &mut Vec<String>) {
        let Some((Some(left), availability)) = self.items.get_mut(&row.sku) else {
            return;
        };
        if *left < row.quantity && *availability == Availability::InStock {
            say(&format!(
                "{}: order {} wants {} but {} left: OVERSOLD, contact the buyer",
                row.sku, row.reference, row.quantity, left
            ));
            row.note = "oversold".to_owned();
            oversold.push(row.sku.clone());
        }
        *left = left.saturating_sub(row.quantity);
        let count = *left;
        match self.changed.iter_mut().find(|(sku, _)| *sku == row.sku) {
            Some(entry) => entry.1 = count,
            None => self.changed.push((row.sku.clone(), count)),
        }
    }

    /// `stock.csv`'s new text, when a count changed.
    pub fn file_text(&self, path: &std::path::Path) -> Option<String> {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        (!self.changed.is_empty()).then(|| with_counts(&text, &self.changed))
    }

    /// A SKU's items left (`None`: not tracked) and how it sells at 0.
    pub fn left(&self, sku: &str) -> Option<(Option<u32>, Availability)> {
        self.items.get(sku).copied()
    }
}

/// `text` (a `stock.csv`, perhaps empty) with each `(sku, count)` of `counts` set.
fn with_counts(text: &str, counts: &[(String, u32)]) -> String {
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for (sku, count) in counts {
        let line = stock_line(sku, *count);
        match lines.iter().position(|l| sku_of(l).as_deref() == Some(sku)) {
            Some(i) => lines[i] = line,
            None => {
                if lines.is_empty() {
                    lines.push("sku,stock".to_owned());
                }
                lines.push(line);
            }
        }
    }
    let mut out = lines.join(newline);
    out.push_str(newline);
    out
}

/// The SKU a line of `stock.csv` is about (its first field), if any.
fn sku_of(line: &str) -> Option<String> {
    let line = line.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .trim(csv::Trim::All)
        .from_reader(line.as_bytes());
    let record = reader.records().next()?.ok()?;
    record.get(0).map(str::to_owned)
}

/// `SKU,count`, the SKU quoted when it holds a comma or a quote.
fn stock_line(sku: &str, count: u32) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // Writing two strings into memory cannot fail.
    let _ = writer.write_record([sku, &count.to_string()]);
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_change_in_place_and_new_skus_go_last() {
        let text = "\u{feff}sku,stock\r\nPRINT-A4,5\r\n\"MUG, blue\",2\r\n";
        let counts = [
            ("MUG, blue".to_owned(), 1),
            ("CARD".to_owned(), 9),
            ("PRINT-A4".to_owned(), 0),
        ];
        assert_eq!(
            with_counts(text, &counts),
            "\u{feff}sku,stock\r\nPRINT-A4,0\r\n\"MUG, blue\",1\r\nCARD,9\r\n"
        );
    }

    #[test]
    fn a_missing_file_gets_a_header() {
        assert_eq!(
            with_counts("", &[("MUG".to_owned(), 2)]),
            "sku,stock\nMUG,2\n"
        );
    }
}
