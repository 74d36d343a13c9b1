//! `stock.csv` rewritten with new counts: each SKU's line changed in place, a line added at
//! the end for a SKU that had none, every other line (the header, comments, the seller's
//! order, CRLF line ends) left as it was.

/// `text` (a `stock.csv`, perhaps empty) with each `(sku, count)` of `counts` set.
pub(super) fn with_counts(text: &str, counts: &[(String, u32)]) -> String {
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
