//! YAML documents (front matter, `shop.yaml`, `reviews.yaml`) deserialized into typed
//! structs, then checked for meaning elsewhere, as Zola does it. Positions of every key and
//! value are kept, so errors found after parsing still point at the right line and column
//! of the file. Below config and content, which both read YAML.

use std::collections::HashMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostics::{Diagnostic, Position, closest};

mod words;

/// Where each key and value of a YAML document stands, by dotted path (`buy.stripe`,
/// `variants.1.price`), in file coordinates.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    values: HashMap<String, Position>,
    keys: HashMap<String, Position>,
    scalars: HashMap<String, String>,
    duplicates: Vec<(String, Position)>,
    /// Where the YAML first nests deeper than [`MAX_DEPTH`].
    too_deep: Option<Position>,
}

/// How deep front matter may nest. Real front matter nests three or four levels; the typed
/// parse takes time quadratic in the depth of `[[[[…` before its own limit of 128 applies,
/// so deeper YAML is refused before it gets there.
pub const MAX_DEPTH: usize = 64;

impl Positions {
    /// Where the value at `path` starts; falls back to its key, then to the file start.
    pub fn value(&self, path: &str) -> Position {
        self.find(path).unwrap_or(Position::START)
    }

    /// Where the value (or else the key) at `path` stands, when the document has it.
    pub fn find(&self, path: &str) -> Option<Position> {
        self.values
            .get(path)
            .or_else(|| self.keys.get(path))
            .copied()
    }

    /// Where the key of `path` stands; falls back to its value.
    pub fn key(&self, path: &str) -> Position {
        self.keys
            .get(path)
            .or_else(|| self.values.get(path))
            .copied()
            .unwrap_or(Position::START)
    }

    /// The text of a scalar exactly as written (without quotes): prices are read from here,
    /// never from a parsed float.
    pub fn scalar(&self, path: &str) -> Option<&str> {
        self.scalars.get(path).map(String::as_str)
    }

    /// What diagnostics made after loading use: where each value stands (a key's
    /// position where it has no value) and the one scalar they read, `summary`. A loaded
    /// product keeps its positions for the whole build, and the key positions and the text
    /// of every scalar were a sixth of a 10,000-product build's memory.
    pub fn retained(&self) -> Positions {
        let mut values = self.values.clone();
        for (path, position) in &self.keys {
            values.entry(path.clone()).or_insert(*position);
        }
        let summary = self.scalars.get_key_value("summary");
        Positions {
            values,
            scalars: summary
                .map(|(k, v)| (k.clone(), v.clone()))
                .into_iter()
                .collect(),
            ..Positions::default()
        }
    }

    /// Keys written twice in one mapping, with the position of the second.
    pub fn duplicates(&self) -> &[(String, Position)] {
        &self.duplicates
    }

    /// Maps every key path of `yaml` to its position, shifted by `line_offset` lines.
    pub fn of(yaml: &str, line_offset: usize) -> Positions {
        let mut walker = PositionWalker {
            line_offset,
            ..PositionWalker::default()
        };
        // Events one at a time rather than `Parser::load`, which recurses once per level of
        // nesting and overflowed the stack on 2,000 nested mappings: the walk stops where
        // the nesting passes the limit. A syntax error is reported by the typed parse;
        // positions found so far stay useful. Only nesting past this parser's limit (255
        // `[`) is reported from here, since the typed parse would take minutes to reach its
        // own.
        let mut parser = Parser::new_from_str(yaml);
        while walker.positions.too_deep.is_none() {
            match parser.next_token() {
                Ok((Event::StreamEnd | Event::DocumentEnd, _)) => break,
                Ok((event, mark)) => walker.on_event(event, mark),
                Err(err) => {
                    if err.info() == "recursion limit exceeded" {
                        walker.positions.too_deep = Some(walker.position(*err.marker()));
                    }
                    break;
                }
            }
        }
        walker.positions
    }
}

enum Frame {
    Mapping { path: String, key: Option<String> },
    Sequence { path: String, index: usize },
}

#[derive(Default)]
struct PositionWalker {
    line_offset: usize,
    stack: Vec<Frame>,
    positions: Positions,
    /// Scalar text by anchor id, so `price: *p` reads the anchored text.
    anchors: HashMap<usize, String>,
}

fn join(path: &str, segment: &str) -> String {
    if path.is_empty() {
        segment.to_owned()
    } else {
        format!("{path}.{segment}")
    }
}

impl PositionWalker {
    fn position(&self, mark: Marker) -> Position {
        Position::new(mark.line() + self.line_offset, mark.col() + 1)
    }

    /// The path of the value that comes next, or `None` when the next scalar is a key.
    fn next_value_path(&mut self, mark: Marker, scalar: Option<&str>) -> Option<String> {
        let position = self.position(mark);
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Sequence { path, index }) => {
                let value_path = join(path, &index.to_string());
                *index += 1;
                Some(value_path)
            }
            Some(Frame::Mapping { path, key }) => match key.take() {
                Some(k) => Some(join(path, &k)),
                None => {
                    let k = scalar.unwrap_or_default().to_owned();
                    let key_path = join(path, &k);
                    if self.positions.keys.contains_key(&key_path) {
                        self.positions.duplicates.push((key_path.clone(), position));
                    }
                    self.positions.keys.insert(key_path, position);
                    *key = Some(k);
                    None
                }
            },
        }
    }
}

impl MarkedEventReceiver for PositionWalker {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, _, anchor, _) => {
                if anchor > 0 {
                    self.anchors.insert(anchor, value.clone());
                }
                if let Some(path) = self.next_value_path(mark, Some(&value)) {
                    let position = self.position(mark);
                    self.positions.values.insert(path.clone(), position);
                    self.positions.scalars.insert(path, value);
                }
            }
            Event::Alias(anchor) => {
                if let Some(path) = self.next_value_path(mark, None)
                    && let Some(text) = self.anchors.get(&anchor).cloned()
                {
                    let position = self.position(mark);
                    self.positions.values.insert(path.clone(), position);
                    self.positions.scalars.insert(path, text);
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let path = self.next_value_path(mark, None).unwrap_or_default();
                let position = self.position(mark);
                self.positions.values.insert(path.clone(), position);
                if self.stack.len() >= MAX_DEPTH && self.positions.too_deep.is_none() {
                    self.positions.too_deep = Some(position);
                }
                self.stack.push(match event {
                    Event::MappingStart(..) => Frame::Mapping { path, key: None },
                    _ => Frame::Sequence { path, index: 0 },
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

/// Deserializes YAML into `T`, turning serde errors into diagnostics at the right
/// line of the file, with a "did you mean" for misspelt keys.
pub fn parse<T: DeserializeOwned>(
    path: &Path,
    source: &str,
    yaml: &str,
    line_offset: usize,
    positions: &Positions,
) -> Result<T, Diagnostic> {
    if let Some(tab) = words::tab(yaml, line_offset) {
        return Err(tab.diagnostic(path).with_source(source));
    }
    if let Some((key, position)) = positions.duplicates().first() {
        let name = key.rsplit('.').next().unwrap_or(key);
        return Err(
            Diagnostic::error(path, *position, format!("duplicate key `{name}`"))
                .with_hint("each key may appear once: remove one of them")
                .with_source(source),
        );
    }
    if let Some(position) = positions.too_deep {
        return Err(Diagnostic::error(
            path,
            position,
            format!("front matter nests deeper than {MAX_DEPTH} levels"),
        )
        .with_hint("front matter needs a few levels at most: check for unclosed `[` or `{`, or move the data into a file of its own")
        .with_source(source));
    }
    // An empty document deserializes as unit; parse it as an empty mapping instead so the
    // missing required keys get named.
    let yaml = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_yaml_ng::from_str(yaml).map_err(|err| {
        let (line, column) = err.location().map_or((1, 1), |l| (l.line(), l.column()));
        let raw = err.to_string();
        let message = raw.split(" at line ").next().unwrap_or(&raw);
        match words::explain(message, line, column, yaml, line_offset) {
            Some(mistake) => mistake.diagnostic(path),
            None => {
                let position = Position::new(line + line_offset, column);
                yaml_error_diagnostic(path, position, message)
            }
        }
        .with_source(source)
    })
}

/// Keys that belong inside another one, and the key that must be beside them for the
/// suggestion to fit this document: `stripe:` at the top of a product belongs under `buy:`.
const BELONGS_UNDER: &[(&[&str], &str)] = &[
    (
        &[
            "stripe",
            "paypal",
            "gumroad",
            "lemonsqueezy",
            "custom",
            "wechat",
            "alipay",
            "email",
        ],
        "buy",
    ),
    (&["email", "phone", "whatsapp", "address"], "contact"),
    (
        &[
            "logo",
            "icon",
            "colors",
            "font",
            "heading_font",
            "radius",
            "density",
            "hero",
            "announcement",
        ],
        "brand",
    ),
    (&["primary", "accent", "background", "text"], "colors"),
];

/// The key `field` belongs under, when it is one that is known there and that key is known
/// where the seller wrote it.
fn belongs_under<'a>(field: &str, expected: &[String]) -> Option<&'a str> {
    BELONGS_UNDER
        .iter()
        .find(|(keys, parent)| keys.contains(&field) && expected.iter().any(|e| e == parent))
        .map(|(_, parent)| *parent)
}

/// Keys a seller writes one level too deep: a product's (or a variant's) own keys under
/// its `buy:`, the shop's under `contact:` or `brand:`.
const BELONGS_ABOVE: &[&str] = &[
    "title",
    "price",
    "compare_at_price",
    "sku",
    "stock",
    "images",
    "summary",
    "categories",
    "tags",
    "options",
    "variants",
    "kind",
    "base_url",
    "currency",
    "menu",
    "theme",
];

/// The key `field` was written under by mistake, when it is a key known one level up and
/// the mapping it is in is one of those `BELONGS_UNDER` names.
fn belongs_above<'a>(field: &str, expected: &[String]) -> Option<&'a str> {
    if !BELONGS_ABOVE.contains(&field) {
        return None;
    }
    BELONGS_UNDER
        .iter()
        .find(|(keys, _)| keys.iter().all(|k| expected.iter().any(|e| e == k)))
        .map(|(_, parent)| *parent)
}

/// The message and hint for a known key written a level too high or too low.
fn wrong_level(field: &str, expected: &[String]) -> Option<(String, String)> {
    let under = belongs_under(field, expected).map(|parent| {
        let hint = format!(
            "move this line under `{parent}:` and indent it two spaces more than `{parent}:`"
        );
        (format!("`{field}:` belongs under `{parent}:`"), hint)
    });
    under.or_else(|| {
        belongs_above(field, expected).map(|parent| {
            let hint = format!(
                "move this line out of `{parent}:`: start it in the same column as `{parent}:`"
            );
            (format!("`{field}:` does not go under `{parent}:`"), hint)
        })
    })
}

fn yaml_error_diagnostic(path: &Path, position: Position, message: &str) -> Diagnostic {
    let message = message.to_owned();
    if let Some((field, expected)) = unknown_field(&message) {
        if let Some((message, hint)) = wrong_level(field, &expected) {
            return Diagnostic::error(path, position, message).with_hint(hint);
        }
        let mut diagnostic = Diagnostic::error(path, position, format!("unknown field `{field}`"));
        diagnostic.message = match closest(field, &expected) {
            Some(best) => format!("unknown field `{field}`, did you mean `{best}`?"),
            None => diagnostic.message,
        };
        return diagnostic.with_hint(format!(
            "the known fields here are: {}",
            expected.join(", ")
        ));
    }
    let hint = if message.starts_with("missing field") {
        "add the field to the front matter"
    } else if message.contains("unknown variant") {
        "write one of the values listed, in lower case"
    } else if message.contains("invalid type") {
        "check the value's type: quote text, write lists as [a, b] and numbers without quotes"
    } else {
        "check the YAML syntax near this position: indentation, `key: value` pairs, and quotes around text containing `:` or `#`"
    };
    Diagnostic::error(path, position, message).with_hint(hint)
}

/// Reads serde's "unknown field `x`, expected one of `a`, `b`" message.
fn unknown_field(message: &str) -> Option<(&str, Vec<String>)> {
    let rest = &message[message.find("unknown field `")? + "unknown field `".len()..];
    let (field, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    Some((field, expected))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        price: Option<serde_yaml_ng::Value>,
    }

    #[test]
    fn maps_nested_paths_to_file_positions() {
        let yaml = "title: A\nbuy:\n  stripe: https://x\nvariants:\n  - name: S\n    price: 3\n";
        let positions = Positions::of(yaml, 1);
        assert_eq!(positions.value("title"), Position::new(2, 8));
        assert_eq!(positions.value("buy.stripe"), Position::new(4, 11));
        assert_eq!(positions.value("variants.0.price"), Position::new(7, 12));
        assert_eq!(positions.key("variants.0.price"), Position::new(7, 5));
        assert_eq!(positions.scalar("variants.0.price"), Some("3"));
        let yaml = format!("summary: Short\n{yaml}");
        let full = Positions::of(&yaml, 1);
        let retained = full.retained();
        for path in [
            "summary",
            "title",
            "buy",
            "buy.stripe",
            "variants",
            "variants.0.price",
        ] {
            assert_eq!(retained.value(path), full.value(path), "{path}");
        }
        assert_eq!(retained.scalar("summary"), Some("Short"));
        assert_eq!(retained.scalar("title"), None, "other scalars are not kept");
    }

    #[test]
    fn duplicate_keys_and_aliases() {
        let yaml = "base: &p 38\nprice: *p\nprice: 40\n";
        let positions = Positions::of(yaml, 1);
        assert_eq!(positions.scalar("price"), Some("40"));
        assert_eq!(positions.duplicates()[0].1, Position::new(4, 1));
        let aliased = Positions::of("base: &p 38\nprice: *p\n", 0);
        assert_eq!(aliased.scalar("price"), Some("38"));
    }

    #[test]
    fn unknown_field_suggests_the_closest() {
        let source = "---\ntitle: A\nprise: 3\n---\n";
        let yaml = "title: A\nprise: 3\n";
        let err =
            parse::<Doc>(Path::new("a.md"), source, yaml, 1, &Positions::of(yaml, 1)).unwrap_err();
        assert_eq!(err.message, "unknown field `prise`, did you mean `price`?");
        assert_eq!(err.position, Position::new(3, 1));
        assert_eq!(err.source_line.as_deref(), Some("prise: 3"));
    }

    #[test]
    fn syntax_error_points_into_the_file() {
        let yaml = "title: A\nprice: [3\n";
        let err =
            parse::<Doc>(Path::new("a.md"), "", yaml, 1, &Positions::of(yaml, 1)).unwrap_err();
        assert!(err.position.line >= 3, "{err:?}");
    }

    /// Regression: 200,000 nested `[` kept the typed parse busy for over a minute.
    #[test]
    fn deep_nesting_is_refused_before_the_typed_parse() {
        let depth = MAX_DEPTH + 1;
        let yaml = format!("extra: {}{}\n", "[".repeat(depth), "]".repeat(depth));
        let err =
            parse::<Doc>(Path::new("a.md"), "", &yaml, 1, &Positions::of(&yaml, 1)).unwrap_err();
        assert_eq!(err.message, "front matter nests deeper than 64 levels");
        assert_eq!(err.position, Position::new(2, 8 + MAX_DEPTH - 1));
        let fine = format!("title: A\nprice: {}3{}\n", "[".repeat(60), "]".repeat(60));
        let err = parse::<Doc>(Path::new("a.md"), "", &fine, 1, &Positions::of(&fine, 1));
        assert!(err.is_ok(), "{err:?}");
    }

    mod properties {
        //! Position-finding takes any text without panicking and stays inside the YAML.

        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn positions_stay_inside_the_yaml(yaml in "(\\PC|\n|\t| {2}|- |: |&a |\\*a)*") {
                let positions = Positions::of(&yaml, 1);
                let lines = yaml.lines().count() + 2;
                for position in positions.values.values().chain(positions.keys.values()) {
                    prop_assert!(position.line >= 2 && position.line <= lines, "{position:?}");
                    prop_assert!(position.column >= 1);
                }
            }
        }
    }
}
