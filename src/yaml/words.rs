//! YAML syntax mistakes said in the seller's words: a tab, a line out of line, a `: ` inside
//! text. The parser names the grammar rule it stopped on ("found character that cannot start
//! any token"); these name the mistake, where it is, and what to type instead.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Position, count};

/// A syntax mistake in file coordinates, ready to become a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Mistake {
    position: Position,
    message: String,
    hint: String,
}

impl Mistake {
    /// The mistake as an error of the file at `path`.
    pub(super) fn diagnostic(self, path: &Path) -> Diagnostic {
        Diagnostic::error(path, self.position, self.message).with_hint(self.hint)
    }
}

/// The first tab where YAML wants spaces: in a line's indentation, or right after a key's
/// colon. Checked before parsing, since the parsers disagree on `price:<tab>7` and the
/// mistake would surface later as a wrong value at the wrong place. `offset` is the number of
/// file lines above the YAML.
pub(super) fn tab(yaml: &str, offset: usize) -> Option<Mistake> {
    yaml.lines().enumerate().find_map(|(i, line)| {
        let content = line.trim_start_matches([' ', '\t']);
        if content.is_empty() || content.starts_with('#') {
            return None;
        }
        let indentation = &line[..line.len() - content.len()];
        if let Some(column) = indentation.find('\t') {
            return Some(Mistake {
                position: Position::new(i + 1 + offset, column + 1),
                message: "this line is indented with a tab: use spaces".into(),
                hint: "YAML counts spaces only: replace the tab with spaces, lined up with the line it belongs with".into(),
            });
        }
        let (key, value) = key_and_value(line)?;
        let after_colon = &line[key.end..];
        after_colon.starts_with(":\t").then(|| Mistake {
            position: Position::new(i + 1 + offset, line[..key.end].chars().count() + 2),
            message: format!("there is a tab after `{}:`: use a space", key.name),
            hint: format!("write `{}: {}`", key.name, value.trim()),
        })
    })
}

/// The parser's syntax error `message` at `line` and `column` of the YAML (1-based), said in
/// the seller's words where it is one of the common mistakes; `None` otherwise.
pub(super) fn explain(
    message: &str,
    line: usize,
    column: usize,
    yaml: &str,
    offset: usize,
) -> Option<Mistake> {
    let lines: Vec<&str> = yaml.lines().collect();
    let index = line.checked_sub(1)?;
    if message.starts_with("mapping values are not allowed") {
        return colon_in_text(lines.get(index)?, line + offset, column)
            .or_else(|| misaligned(&lines, index, offset));
    }
    let out_of_line = [
        "did not find expected '-' indicator",
        "did not find expected key",
        "block sequence entries are not allowed",
    ];
    if out_of_line.iter().any(|m| message.starts_with(m)) {
        return misaligned(&lines, index, offset);
    }
    if message.contains("more than one document") {
        // An indented first line: the parser only notices at the next line that is not.
        let first = lines.iter().position(|l| Start::of(l).is_some())?;
        return misaligned(&lines, first, offset);
    }
    None
}

/// A key at the start of a line (after its indentation and a list's `- `).
struct Key<'a> {
    name: &'a str,
    /// Byte offset in the line where the key ends (at its colon).
    end: usize,
}

/// The key of a `key: value` line and the text after its colon.
fn key_and_value(line: &str) -> Option<(Key<'_>, &str)> {
    let content = line.trim_start_matches(' ');
    let content = content.strip_prefix("- ").unwrap_or(content);
    let start = line.len() - content.len();
    let length = content
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .filter(|&n| n > 0 && content[n..].starts_with(':'))?;
    let end = start + length;
    Some((
        Key {
            name: &line[start..end],
            end,
        },
        &line[end + 1..],
    ))
}

/// `summary: Care: dishwasher safe`: the parser stops at the second `: `, which belongs to
/// the text. `column` is where it stopped; at the key's own colon, this is not the mistake.
fn colon_in_text(line: &str, file_line: usize, column: usize) -> Option<Mistake> {
    let (key, value) = key_and_value(line)?;
    let key_colon = line[..key.end].chars().count() + 1;
    if column <= key_colon {
        return None;
    }
    let text = value.trim();
    let value_column = key_colon + 1 + value.chars().take_while(|c| *c == ' ').count();
    Some(Mistake {
        position: Position::new(file_line, value_column),
        message: "this text contains `: `: put it in quotes".into(),
        hint: format!("write `{}: {}`", key.name, quoted(text)),
    })
}

/// Text in YAML quotes: double quotes, or single ones when it holds a double quote.
fn quoted(text: &str) -> String {
    if text.contains('"') {
        format!("'{}'", text.replace('\'', "''"))
    } else {
        format!("\"{text}\"")
    }
}

/// Where a line's content starts: a key (`sku:`, also after `- `) or a list item's `-`.
struct Start<'a> {
    /// The key's name, or `-` for a list item.
    label: &'a str,
    /// Spaces before it.
    indent: usize,
    is_item: bool,
}

impl<'a> Start<'a> {
    /// The starts of a line: a list item line `  - name: S` has two (the `-` and `name:`);
    /// blank and comment lines have none.
    fn all(line: &'a str) -> Vec<Start<'a>> {
        let content = line.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            return Vec::new();
        }
        let indent = line.len() - content.len();
        let mut starts = Vec::new();
        if content.starts_with("- ") || content == "-" {
            starts.push(Start {
                label: "-",
                indent,
                is_item: true,
            });
        }
        if let Some((key, _)) = key_and_value(line) {
            starts.push(Start {
                label: key.name,
                indent: key.end - key.name.len(),
                is_item: false,
            });
        }
        starts
    }

    /// The first start of a line: what the seller lined up.
    fn of(line: &'a str) -> Option<Start<'a>> {
        Start::all(line).into_iter().next()
    }
}

/// A line indented a space or two off the lines it belongs with: names the nearest line it
/// should line up with (above it first, else below).
fn misaligned(lines: &[&str], index: usize, offset: usize) -> Option<Mistake> {
    let own = Start::of(lines.get(index)?)?;
    let (anchor_index, anchor) = (0..index)
        .rev()
        .chain(index + 1..lines.len())
        .flat_map(|i| Start::all(lines[i]).into_iter().map(move |s| (i, s)))
        .find(|(_, s)| {
            s.is_item == own.is_item && s.indent != own.indent && s.indent.abs_diff(own.indent) <= 2
        })?;
    let name = if anchor.is_item {
        "the `-`".to_owned()
    } else {
        format!("`{}:`", anchor.label)
    };
    Some(Mistake {
        position: Position::new(index + 1 + offset, own.indent + 1),
        message: format!(
            "line this up with {name} on line {}",
            anchor_index + 1 + offset
        ),
        hint: format!(
            "this line is indented {}, {name} {}: the lines of one section start in the same column",
            spaces(own.indent),
            spaces(anchor.indent)
        ),
    })
}

fn spaces(n: usize) -> String {
    count(n, "space", "spaces")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(m: &Mistake) -> (usize, usize, &str, &str) {
        (
            m.position.line,
            m.position.column,
            m.message.as_str(),
            m.hint.as_str(),
        )
    }

    #[test]
    fn tabs_in_indentation_and_after_a_colon() {
        let m = tab("title: A\n\tprice: 7\n", 1).unwrap();
        assert_eq!((at(&m).0, at(&m).1), (3, 1));
        let m = tab("title: A\nprice:\t7\n", 1).unwrap();
        assert_eq!(
            at(&m),
            (
                3,
                7,
                "there is a tab after `price:`: use a space",
                "write `price: 7`"
            )
        );
        assert!(tab("title: A\tB\n# \tcomment\n\t\n", 1).is_none());
    }

    #[test]
    fn text_with_a_colon_gets_quoted() {
        let m = explain(
            "mapping values are not allowed in this context",
            2,
            14,
            "title: A\nsummary: Care: \"hot\" water\n",
            1,
        )
        .unwrap();
        assert_eq!(at(&m).0, 3);
        assert_eq!(at(&m).1, 10);
        assert_eq!(at(&m).3, "write `summary: 'Care: \"hot\" water'`");
    }

    mod properties {
        //! Any text, any place the parser may name: no panic, and a place inside the YAML.

        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn explains_any_text_without_panicking(
                yaml in "(\\PC|\n|\t| {1,4}|- |: |#)*",
                line in 0usize..12,
                column in 0usize..40,
            ) {
                let lines = yaml.lines().count().max(1);
                let messages = [
                    "mapping values are not allowed in this context",
                    "did not find expected key",
                    "deserializing from YAML containing more than one document is not supported",
                ];
                for message in messages {
                    if let Some(m) = explain(message, line, column, &yaml, 1) {
                        prop_assert!(m.position.line >= 2 && m.position.line <= lines + 1);
                    }
                }
                if let Some(m) = tab(&yaml, 1) {
                    prop_assert!(m.position.line >= 2 && m.position.line <= lines + 1);
                }
            }
        }
    }

    #[test]
    fn a_line_out_of_line_names_the_line_to_follow() {
        let yaml = "variants:\n  - name: S\n    sku: X\n   price: 3\n";
        let m = explain("did not find expected '-' indicator", 4, 4, yaml, 1).unwrap();
        assert_eq!((at(&m).0, at(&m).1), (5, 4));
        assert_eq!(at(&m).2, "line this up with `sku:` on line 4");
        let yaml = " title: A\nprice: 3\n";
        let m = explain("more than one document", 1, 1, yaml, 1).unwrap();
        assert_eq!(at(&m).2, "line this up with `price:` on line 3");
    }
}
