//! Diagnostics: what went wrong with the data, where, and what was expected.
//!
//! Every stage reports problems as [`Diagnostic`]s instead of failing fast, so `check`
//! can list every problem in one run. Positions (line/column) are filled in either by
//! the YAML parser (syntax and type errors) or afterwards from the source text
//! (see `load::positions`), so validators only need to know the field path.

use std::fmt;

/// One step of a path into a YAML document.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// A path into a YAML document, printed like `[12].capacity_kw` or `stations[3].station`.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FieldPath(pub Vec<Segment>);

impl FieldPath {
    pub fn root() -> Self {
        FieldPath(Vec::new())
    }

    pub fn key(&self, key: &str) -> Self {
        let mut p = self.0.clone();
        p.push(Segment::Key(key.to_string()));
        FieldPath(p)
    }

    pub fn index(&self, i: usize) -> Self {
        let mut p = self.0.clone();
        p.push(Segment::Index(i));
        FieldPath(p)
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Segment::Key(k) if i == 0 => write!(f, "{k}")?,
                Segment::Key(k) => write!(f, ".{k}")?,
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    /// Information only (e.g. a file that is not data and was skipped); never fails.
    Note,
}

/// The class of a problem, printed as `error[code]` so it can be looked up in the
/// README and matched by tests and scripts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// Not valid YAML (indentation, tabs, unclosed quotes …).
    YamlSyntax,
    /// Nesting or alias expansion beyond the parser's limits.
    YamlTooComplex,
    /// Not UTF-8 (e.g. saved as GBK).
    Encoding,
    FileTooLarge,
    EmptyFile,
    /// A required file is missing.
    MissingFile,
    /// A file outside the data layout.
    UnexpectedFile,
    /// An article without its `---` front matter.
    ArticleFormat,
    UnknownField,
    MissingField,
    DuplicateKey,
    /// Wrong type or a value outside the allowed list or format.
    InvalidValue,
    InvalidId,
    Duplicate,
    UnknownReference,
    OutOfRange,
    /// More than a station can physically produce.
    PhysicalLimit,
    /// Figures that contradict each other (e.g. generation before grid connection).
    Inconsistent,
    /// No progress data for a bulletin's quarter.
    MissingData,
    Empty,
    /// Declared but not used (a column without articles).
    Unused,
    ChartBlock,
    /// The Word file of an issue or one of its chart pictures could not be made
    /// as the page is (the page itself is built).
    Docx,
    /// A picture an article shows (`![说明](images/x.jpg)`) that cannot be shown.
    ArticleImage,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::YamlSyntax => "yaml-syntax",
            Code::YamlTooComplex => "yaml-too-complex",
            Code::Encoding => "encoding",
            Code::FileTooLarge => "file-too-large",
            Code::EmptyFile => "empty-file",
            Code::MissingFile => "missing-file",
            Code::UnexpectedFile => "unexpected-file",
            Code::ArticleFormat => "article-format",
            Code::UnknownField => "unknown-field",
            Code::MissingField => "missing-field",
            Code::DuplicateKey => "duplicate-key",
            Code::InvalidValue => "invalid-value",
            Code::InvalidId => "invalid-id",
            Code::Duplicate => "duplicate",
            Code::UnknownReference => "unknown-reference",
            Code::OutOfRange => "out-of-range",
            Code::PhysicalLimit => "physical-limit",
            Code::Inconsistent => "inconsistent",
            Code::MissingData => "missing-data",
            Code::Empty => "empty",
            Code::Unused => "unused",
            Code::ChartBlock => "chart-block",
            Code::Docx => "docx",
            Code::ArticleImage => "article-image",
        }
    }
}

/// A 1-based line and column in a source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One problem found in the data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    /// File relative to the data directory (`stations/lixin.yaml`).
    pub file: String,
    pub position: Option<Position>,
    pub field: FieldPath,
    /// What is wrong and what was expected.
    pub message: String,
    /// A suggestion, e.g. "did you mean `capacity_kw`?".
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(
        code: Code,
        file: impl Into<String>,
        field: FieldPath,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.into(),
            position: None,
            field,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(
        code: Code,
        file: impl Into<String>,
        field: FieldPath,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, field, message)
        }
    }

    pub fn note(code: Code, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(code, file, FieldPath::root(), message)
        }
    }

    pub fn at(mut self, position: Option<Position>) -> Self {
        self.position = position;
        self
    }

    pub fn with_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, "{label}[{}]", self.code.as_str())?;
        if !self.file.is_empty() {
            // About the machine rather than a file (a font not installed): no file.
            write!(f, ": {}", self.file)?;
        }
        if let Some(p) = self.position {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        if !self.field.is_root() {
            write!(f, ": {}", self.field)?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  = help: {hint}")?;
        }
        Ok(())
    }
}

/// All problems found in one run, printed grouped by file and sorted by line.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// Whether the run fails: any error, or any warning when warnings are denied.
    pub fn fails(&self, deny_warnings: bool) -> bool {
        self.has_errors() || (deny_warnings && self.warning_count() > 0)
    }

    /// Sorts by file, then line, so the report reads top to bottom like the files.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (
                &a.file,
                a.position.map(|p| (p.line, p.column)),
                &a.field,
                &a.message,
            )
                .cmp(&(
                    &b.file,
                    b.position.map(|p| (p.line, p.column)),
                    &b.field,
                    &b.message,
                ))
        });
        self.items.dedup();
    }

    /// A one-line tally, e.g. `3 errors, 1 warning`.
    pub fn summary(&self) -> String {
        fn plural(n: usize, word: &str) -> String {
            if n == 1 {
                format!("1 {word}")
            } else {
                format!("{n} {word}s")
            }
        }
        format!(
            "{}, {}",
            plural(self.error_count(), "error"),
            plural(self.warning_count(), "warning")
        )
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

/// "Did you mean …?" for a misspelt name: the closest candidate, if it is close enough.
pub fn suggest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::normalized_damerau_levenshtein(wrong, c);
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.filter(|(score, _)| *score >= 0.5)
        .map(|(_, c)| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_display() {
        let p = FieldPath::root().index(12).key("capacity_kw");
        assert_eq!(p.to_string(), "[12].capacity_kw");
        let p = FieldPath::root().key("stations").index(3).key("station");
        assert_eq!(p.to_string(), "stations[3].station");
    }

    #[test]
    fn suggests_close_names_only() {
        let fields = ["capacity_kw", "county", "status"];
        assert_eq!(
            suggest("capcity_kw", fields).as_deref(),
            Some("did you mean `capacity_kw`?")
        );
        assert_eq!(suggest("zzzz", fields), None);
    }

    #[test]
    fn display_has_file_line_field_and_hint() {
        let d = Diagnostic::error(
            Code::InvalidValue,
            "stations/a.yaml",
            FieldPath::root().index(0).key("x"),
            "bad",
        )
        .at(Some(Position { line: 3, column: 5 }))
        .with_hint(Some("did you mean `y`?".into()));
        assert_eq!(
            d.to_string(),
            "error[invalid-value]: stations/a.yaml:3:5: [0].x: bad\n  = help: did you mean `y`?"
        );
    }
}
