//! Structured diagnostics: what a seller got wrong, where, and how to fix it.
//!
//! Every stage reports user mistakes as [`Diagnostic`]s instead of failing on the first one,
//! so a build shows all of its problems at once, rendered like a compiler error.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How bad a diagnostic is: errors stop a build, warnings only stop `check --production`,
/// advice (how to be found better) stops nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build cannot go on.
    Error,
    /// The build goes on, but the shop should not go live like this.
    Warning,
    /// Worth improving (search results, accessibility), never a reason to hold a shop back.
    Advice,
}

/// A position in a source file, 1-based like every editor shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

impl Position {
    /// The start of a file, for problems that belong to a whole file.
    pub const START: Position = Position { line: 1, column: 1 };

    /// Builds a position from a 1-based line and column.
    pub fn new(line: usize, column: usize) -> Self {
        Position { line, column }
    }
}

/// One problem found in the seller's files, with everything needed to show and fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the shop folder where possible.
    pub path: PathBuf,
    /// Where in the file.
    pub position: Position,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when we can say.
    pub hint: Option<String>,
    /// The offending source line, for the snippet under the message.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// An error at a position of a file.
    pub fn error(path: impl Into<PathBuf>, position: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            position,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    /// A warning at a position of a file.
    pub fn warning(
        path: impl Into<PathBuf>,
        position: Position,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, position, message)
        }
    }

    /// Advice at a position of a file.
    pub fn advice(
        path: impl Into<PathBuf>,
        position: Position,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Advice,
            ..Diagnostic::error(path, position, message)
        }
    }

    /// Adds how to fix the problem.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Attaches the source line the position points into, taken from the file's text.
    pub fn with_source(mut self, source: &str) -> Self {
        self.source_line = source
            .lines()
            .nth(self.position.line.saturating_sub(1))
            .map(str::to_owned);
        self
    }

    /// True for errors, false for warnings.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// Renders like a compiler diagnostic: the headline, `--> path:line:column`, the source
    /// line with a caret under the column, and the hint.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Advice => "advice",
        };
        let Position { line, column } = self.position;
        writeln!(f, "{label}: {}", self.message)?;
        write!(f, "  --> {}:{line}:{column}", self.path.display())?;
        if let Some(source) = &self.source_line {
            let gutter = " ".repeat(line.to_string().len());
            let pad: String = source
                .chars()
                .take(column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n{gutter} |\n{line} | {source}\n{gutter} | {pad}^")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = help: {hint}")?;
        }
        Ok(())
    }
}

/// All diagnostics of a run, in the order they were found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Adds all diagnostics of another run.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// True when at least one diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// The number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
    }

    /// True when there is nothing to report.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sorts by file and position, so output is stable whatever order files were read in.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.path, a.position.line, a.position.column).cmp(&(
                &b.path,
                b.position.line,
                b.position.column,
            ))
        });
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// A number of things in words that agree with it: `1 page`, `2 pages`, `0 posts`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

/// A path as the seller sees it: relative to the shop folder when it lies inside it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// The known name closest to a misspelt one, if any is close enough to be a likely typo:
/// the "did you mean" of a diagnostic.
pub fn closest<'a>(wrong: &str, known: &'a [String]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(wrong, k), k))
        .filter(|(distance, k)| *distance <= 2.max(k.len() / 3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, k)| k.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_a_compiler_diagnostic() {
        let d = Diagnostic::error("products/a.md", Position::new(3, 8), "bad price `abc`")
            .with_hint("write a number such as 38 or \"38.50\"")
            .with_source("---\ntitle: A\nprice: abc\n---\n");
        let text = d.to_string();
        assert_eq!(
            text,
            "error: bad price `abc`\n  --> products/a.md:3:8\n  |\n3 | price: abc\n  |        ^\n  = help: write a number such as 38 or \"38.50\""
        );
    }

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(count(1, "page", "pages"), "1 page");
        assert_eq!(count(0, "post", "posts"), "0 posts");
        assert_eq!(count(2, "HTML page", "HTML pages"), "2 HTML pages");
    }

    #[test]
    fn counts_errors_not_warnings() {
        let mut all = Diagnostics::default();
        all.push(Diagnostic::warning("a", Position::START, "w"));
        assert!(!all.has_errors());
        all.push(Diagnostic::error("a", Position::START, "e"));
        assert_eq!(all.error_count(), 1);
    }
}
