//! The order ledger: one CSV line per SKU of each order, from Stripe or recorded by hand. It
//! holds no names, e-mails or addresses: buyers' details stay in Stripe. Lines are only
//! ever added, so the seller's own edits and spreadsheet columns survive.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics, Position};

/// The header of a new ledger.
pub const LEDGER_COLUMNS: &str =
    "date,reference,channel,sku,quantity,amount,postage,discount,currency,country,note";

/// One SKU of one order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// When it was paid for, in UTC: `2026-12-06T10:17:40Z`.
    pub date: String,
    /// The order's short reference (for Stripe, a hash of the Checkout Session id).
    pub reference: String,
    /// `stripe`, `wechat`, `cash`…
    pub channel: String,
    /// The SKU sold; empty when no SKU matches what Stripe sold.
    pub sku: String,
    /// How many.
    pub quantity: u32,
    /// What the buyer paid for the line, after discounts: `28.00`.
    pub amount: String,
    /// The order's postage, on its first line.
    pub postage: String,
    /// The discount taken off the line.
    pub discount: String,
    /// ISO code: `EUR`.
    pub currency: String,
    /// The country it ships to, when known: `PT`.
    pub country: String,
    /// `oversold` when the stock was gone; `no SKU` when nothing matched.
    pub note: String,
}

/// The ledger as read: its text, kept to append to, and the references it holds.
#[derive(Debug, Default)]
pub(super) struct Ledger {
    /// The file's text, as written.
    pub text: String,
    /// Every order reference in it: an order seen again is not recorded twice.
    pub references: HashSet<String>,
}

impl Ledger {
    /// Reads the ledger at `path`; an empty one when there is none.
    pub fn read(path: &Path) -> Result<Ledger, super::SalesError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(source) => {
                return Err(super::SalesError::File {
                    action: "read",
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        let references = rows(&text, path)
            .map_err(super::SalesError::Invalid)?
            .into_iter()
            .map(|row| row.reference)
            .collect();
        Ok(Ledger { text, references })
    }

    /// The text with `rows` added at its end (and the header first in a new ledger).
    pub fn with(&self, rows: &[Row]) -> String {
        let mut text = self.text.clone();
        if text.trim().is_empty() {
            text = format!("{LEDGER_COLUMNS}\n");
        } else if !text.ends_with('\n') {
            text.push('\n');
        }
        let mut writer = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(Vec::new());
        for row in rows {
            // Writing plain strings and numbers into memory cannot fail.
            let _ = writer.serialize(row);
        }
        let added = writer.into_inner().unwrap_or_default();
        text.push_str(&String::from_utf8_lossy(&added));
        text
    }
}

/// Every row of a ledger's text; a diagnostic at each line that cannot be read.
pub(super) fn rows(text: &str, path: &Path) -> Result<Vec<Row>, Diagnostics> {
    let mut found = Vec::new();
    let mut diagnostics = Diagnostics::default();
    // Flexible: the seller's own columns to the right are on their lines, not on ours.
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader.headers().cloned().unwrap_or_default();
    for record in reader.records() {
        let position = record
            .as_ref()
            .map_or_else(|e| e.position(), |r| r.position())
            .cloned();
        let row = record.and_then(|mut record| {
            // Lines written before the seller added a column are one field short.
            while record.len() < headers.len() {
                record.push_field("");
            }
            record.deserialize::<Row>(Some(&headers))
        });
        match row {
            Ok(row) => found.push(row),
            Err(err) => {
                let line = crate::content::record_line(text.as_bytes(), position.as_ref());
                diagnostics.push(
                    Diagnostic::error(
                        path,
                        Position::new(line, 1),
                        format!("cannot read this order: {err}"),
                    )
                    .with_hint(format!(
                        "keep the ledger's columns ({LEDGER_COLUMNS}) and a whole number of items"
                    ))
                    .with_source(text),
                );
            }
        }
    }
    if diagnostics.is_empty() {
        Ok(found)
    } else {
        Err(diagnostics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(reference: &str) -> Row {
        Row {
            date: "2026-12-06T10:00:00Z".into(),
            reference: reference.into(),
            channel: "stripe".into(),
            sku: "MUG, blue".into(),
            quantity: 1,
            amount: "28.00".into(),
            postage: "4.00".into(),
            discount: "0.00".into(),
            currency: "EUR".into(),
            country: "PT".into(),
            note: String::new(),
        }
    }

    #[test]
    fn rows_are_added_after_the_sellers_own_text_and_read_back() {
        let ledger = Ledger {
            text: format!("{LEDGER_COLUMNS}\n2026-12-01T09:00:00Z,a1,cash,MUG,2,50,0,0,EUR,,"),
            ..Ledger::default()
        };
        let text = ledger.with(&[row("b2")]);
        assert!(text.starts_with(&ledger.text));
        let read = rows(&text, Path::new("ledger.csv")).unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!(read[1], row("b2"));
        assert_eq!(read[0].quantity, 2);
    }

    #[test]
    fn the_sellers_own_columns_do_not_stop_the_ledger_being_read() {
        let ledger = Ledger {
            text: format!(
                "{LEDGER_COLUMNS},paid out\n2026-12-01T09:00:00Z,a1,cash,MUG,2,50,0,0,EUR,,,yes\n"
            ),
            ..Ledger::default()
        };
        let read = rows(&ledger.with(&[row("b2")]), Path::new("ledger.csv")).unwrap();
        assert_eq!(read[1], row("b2"));
    }

    #[test]
    fn a_line_that_is_not_an_order_is_an_error_at_its_line() {
        let text =
            format!("{LEDGER_COLUMNS}\r\n2026-12-01T09:00:00Z,a1,cash,MUG,two,50,0,0,EUR,,\r\n");
        let errors = rows(&text, Path::new("ledger.csv")).unwrap_err();
        assert_eq!(errors.0[0].position, Position::new(2, 1));
    }

    #[test]
    fn a_new_ledger_starts_with_its_header() {
        let text = Ledger::default().with(&[row("c3")]);
        assert!(text.starts_with(&format!("{LEDGER_COLUMNS}\n")));
    }
}
