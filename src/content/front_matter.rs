//! Front matter in three steps, as Zola does it: split the file (here), deserialize the
//! YAML into typed structs ([`crate::yaml`]), then check meaning (`loader`).

use std::path::Path;

use crate::diagnostics::{Diagnostic, Position};

/// A Markdown file cut into its YAML front matter and its body.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// How many lines of the file come before the YAML (the opening `---`).
    pub yaml_line_offset: usize,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
}

/// Cuts `text` into front matter and body; a file without front matter is an error, since
/// every product, page and post needs at least a title.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let missing = || {
        Diagnostic::error(path, Position::START, "missing front matter")
            .with_hint("start the file with a line `---`, then YAML such as `title: Linen apron`, then another `---` line")
            .with_source(text)
    };
    let first_line_end = text.find('\n').ok_or_else(missing)?;
    if text[..first_line_end].trim_end() != "---" {
        return Err(missing());
    }
    let rest = &text[first_line_end + 1..];
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Ok(Split {
                yaml: &rest[..offset],
                yaml_line_offset: 1,
                body: &rest[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error(path, Position::START, "front matter is not closed")
            .with_hint("add a line `---` after the last YAML line, before the description")
            .with_source(text),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let text = "---\ntitle: A\n---\nBody\n";
        let split = split(Path::new("a.md"), text).unwrap();
        assert_eq!(split.yaml, "title: A\n");
        assert_eq!(split.body, "Body\n");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let err = split(Path::new("a.md"), "---\ntitle: A\n").unwrap_err();
        assert!(err.message.contains("not closed"));
    }

    mod properties {
        //! Splitting takes any text without panicking, and a file built from front matter
        //! and a body splits back into exactly those two.

        use super::*;
        use proptest::prelude::*;

        /// YAML-ish lines: none of them is a `---` line, so the front matter ends where the
        /// generator closes it.
        fn yaml_lines() -> impl Strategy<Value = String> {
            prop::collection::vec(
                "[a-z_]{1,8}: [ -~\u{a0}-\u{2ff}\u{4e00}-\u{4e10}]{0,20}",
                0..8,
            )
            .prop_map(|lines| lines.into_iter().map(|l| l + "\n").collect())
        }

        proptest! {
            #[test]
            fn split_never_panics_and_errors_point_at_the_start(text in "\\PC*") {
                match split(Path::new("a.md"), &text) {
                    Ok(found) => {
                        prop_assert!(text.contains(found.yaml));
                        prop_assert!(text.ends_with(found.body));
                    }
                    Err(d) => prop_assert_eq!(d.position, Position::START),
                }
            }

            #[test]
            fn split_gives_back_what_was_joined(
                yaml in yaml_lines(),
                body in "(\\PC|\n)*",
                bom in any::<bool>(),
                crlf in any::<bool>(),
            ) {
                let newline = if crlf { "\r\n" } else { "\n" };
                let text = format!(
                    "{}---{newline}{yaml}---{newline}{body}",
                    if bom { "\u{feff}" } else { "" }
                );
                let found = split(Path::new("a.md"), &text).unwrap();
                prop_assert_eq!(found.yaml, yaml.as_str());
                prop_assert_eq!(found.body, body.as_str());
                prop_assert_eq!(found.yaml_line_offset, 1);
            }
        }
    }
}
