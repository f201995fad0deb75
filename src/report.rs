//! Diagnostics for people at a terminal, in the manner of rustc and cargo:
//!
//! ```text
//! error[unknown-field]: stations/alpha.yaml:5:3: [0].capcity_kw: unknown field `capcity_kw`, …
//!   |
//! 5 |   capcity_kw: 100
//!   |   ^^^^^^^^^^
//!   = help: did you mean `capacity_kw`?
//! ```
//!
//! The first line is the plain one-line form (`Diagnostic`'s `Display`), so editors
//! and scripts can still jump to `file:line:col`; the source line and caret follow.
//! Colour is used only on a terminal that shows it, and never when `NO_COLOR` is set.

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::load::SourceFiles;
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::Path;

/// Whether to colour the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

impl Style {
    /// Colour when stderr is a terminal that shows it and `NO_COLOR` is unset or empty.
    pub fn detect() -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            color: !no_color && std::io::stderr().is_terminal() && console_shows_colour(),
        }
    }

    pub fn plain() -> Style {
        Style { color: false }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// A Windows console shows escape codes as colours only in virtual-terminal mode,
/// which each program must switch on. The `console` crate (indicatif's, for the
/// progress bars) switches it on when asked whether the console has colours, and
/// says no where the console refuses — `cmd.exe` with its legacy mode, or before
/// Windows 10 — which then gets plain text rather than `←[1;31merror`. Text itself
/// needs nothing: Rust writes to a console in UTF-16, whatever its code page.
#[cfg(windows)]
fn console_shows_colour() -> bool {
    console::Term::stderr().features().colors_supported()
}

#[cfg(not(windows))]
fn console_shows_colour() -> bool {
    true
}

/// Reads source lines on demand, each file once, through the loader's checked
/// reader: a file edited since it was parsed shows no line rather than a newer
/// line under an old position.
pub struct Sources {
    files: SourceFiles,
    lines: HashMap<String, Option<Vec<String>>>,
}

impl Sources {
    /// The files a run parsed, checked against what it parsed.
    pub fn of(files: &SourceFiles) -> Sources {
        Sources {
            files: files.clone(),
            lines: HashMap::new(),
        }
    }

    /// Files under `root`, read as they are (nothing was parsed from them).
    pub fn new(root: &Path) -> Sources {
        Sources::of(&SourceFiles::unchecked(root))
    }

    /// Line `n` (1-based) of `file`, or `None` if it cannot be read as text.
    pub fn line(&mut self, file: &str, n: usize) -> Option<String> {
        let files = &self.files;
        let lines = self.lines.entry(file.to_string()).or_insert_with(|| {
            let text = files.read_checked(file)?;
            Some(text.lines().map(str::to_string).collect())
        });
        lines.as_ref()?.get(n.checked_sub(1)?).cloned()
    }
}

/// A kind of warning with more than this many instances is summarised…
const FLOOD: usize = 5;
/// …showing this many of them, then one line counting the rest.
const SHOWN_OF_FLOOD: usize = 3;

/// Renders every diagnostic, with source snippets where the line is known. Errors
/// are all shown; a flood of warnings of one kind (a ledger without a column can
/// give hundreds) is shown by its first few and a count of the rest.
pub fn render_all(diagnostics: &Diagnostics, sources: &mut Sources, style: Style) -> String {
    let mut totals: HashMap<WarningKind, usize> = HashMap::new();
    for d in diagnostics
        .items
        .iter()
        .filter(|d| d.severity == Severity::Warning)
    {
        *totals.entry(WarningKind::of(d)).or_default() += 1;
    }
    let mut seen: HashMap<WarningKind, usize> = HashMap::new();
    let mut out = String::new();
    for d in &diagnostics.items {
        if d.severity != Severity::Warning {
            out.push_str(&render(d, sources, style));
            continue;
        }
        let kind = WarningKind::of(d);
        let total = totals[&kind];
        let n = seen.entry(kind.clone()).or_default();
        *n += 1;
        if total <= FLOOD || *n <= SHOWN_OF_FLOOD {
            out.push_str(&render(d, sources, style));
        } else if *n == SHOWN_OF_FLOOD + 1 {
            out.push_str(&format!(
                "{}: … and {} more like this ({})\n",
                style.paint("1;33", &format!("warning[{}]", d.code.as_str())),
                total - SHOWN_OF_FLOOD,
                kind.describe()
            ));
        }
    }
    out
}

/// What makes warnings "alike": class, the field they are about, and the message
/// with its numbers and quoted values blanked out.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct WarningKind {
    code: &'static str,
    field: String,
    shape: String,
}

impl WarningKind {
    fn of(d: &Diagnostic) -> WarningKind {
        let path = d.field.to_string();
        let field = path
            .rsplit(['.', ']'])
            .find(|s| !s.is_empty())
            .unwrap_or_default()
            .to_string();
        WarningKind {
            code: d.code.as_str(),
            field,
            shape: shape(&d.message),
        }
    }

    fn describe(&self) -> String {
        if self.field.is_empty() {
            self.shape.clone()
        } else {
            format!("`{}`: {}", self.field, self.shape)
        }
    }
}

/// A message with digits blanked and `quoted` parts elided: `fewer people (#) than …`.
fn shape(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quoted = false;
    for c in message.chars() {
        match c {
            '`' => {
                quoted = !quoted;
                if quoted {
                    out.push_str("`…`");
                }
            }
            _ if quoted => {}
            '0'..='9' => {
                if !out.ends_with('#') {
                    out.push('#');
                }
            }
            '.' | ',' if out.ends_with('#') => {}
            _ => out.push(c),
        }
    }
    out
}

/// Renders one diagnostic.
pub fn render(d: &Diagnostic, sources: &mut Sources, style: Style) -> String {
    let header = d.to_string();
    let header = header.lines().next().unwrap_or_default().to_string();
    let (label, colour) = match d.severity {
        Severity::Error => ("error", "1;31"),
        Severity::Warning => ("warning", "1;33"),
        Severity::Note => ("note", "1;36"),
    };
    // Colour only the leading `error[code]`.
    let mut out = match header.split_once(": ") {
        Some((head, rest)) if head.starts_with(label) => {
            format!(
                "{}: {}\n",
                style.paint(colour, head),
                style.paint("1", rest)
            )
        }
        _ => format!("{header}\n"),
    };
    let gutter = |s: &str| style.paint("1;34", s);
    if let Some(pos) = d.position {
        if let Some(line) = sources.line(&d.file, pos.line) {
            let number = pos.line.to_string();
            let pad = " ".repeat(number.len());
            let line = line.replace('\t', " ");
            let before: String = line.chars().take(pos.column.saturating_sub(1)).collect();
            let token = token_at(&line, pos.column);
            out.push_str(&format!("{pad} {}\n", gutter("|")));
            out.push_str(&format!("{} {} {line}\n", gutter(&number), gutter("|")));
            out.push_str(&format!(
                "{pad} {} {}{}\n",
                gutter("|"),
                " ".repeat(crate::format::display_width(&before)),
                style.paint(
                    colour,
                    &"^".repeat(crate::format::display_width(&token).max(1))
                )
            ));
        }
    }
    if let Some(hint) = &d.hint {
        let pad = d.position.map_or(1, |p| p.line.to_string().len());
        out.push_str(&format!(
            "{} {} {hint}\n",
            " ".repeat(pad),
            style.paint("1", "= help:")
        ));
    }
    out
}

/// The token starting at `column` (1-based, in characters): up to a space, a `:`
/// that ends a key, or — inside `{…}`/`[…]` — a comma or closing bracket.
fn token_at(line: &str, column: usize) -> String {
    let before: String = line.chars().take(column.saturating_sub(1)).collect();
    let in_flow = before.contains(['{', '[']);
    let chars: Vec<char> = line.chars().skip(column.saturating_sub(1)).collect();
    let mut token = String::new();
    for (i, c) in chars.iter().enumerate() {
        let key_end = *c == ':' && chars.get(i + 1).is_none_or(|n| *n == ' ');
        let flow_end = in_flow && matches!(c, ',' | '}' | ']');
        if matches!(c, ' ' | '#') || key_end || flow_end {
            break;
        }
        token.push(*c);
    }
    token
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_widths() {
        assert_eq!(token_at("  capcity_kw: 100", 3), "capcity_kw");
        assert_eq!(token_at("  capacity_kw: 187.2kW", 16), "187.2kW");
        assert_eq!(token_at("- { station: x, generation_kwh: 5 }", 14), "x");
        assert_eq!(token_at("  grid_date: 2016/5/1", 14), "2016/5/1");
        assert_eq!(token_at("    generation_kwh: 25,000", 21), "25,000");
        assert_eq!(crate::format::display_width("状态: "), 6);
    }

    #[test]
    fn floods_of_alike_warnings_are_summarised() {
        use crate::diagnostics::{Code, FieldPath};
        let warning = |i: usize| {
            Diagnostic::warning(
                Code::Inconsistent,
                "stations/a.yaml",
                FieldPath::root().index(i).key("beneficiary_people"),
                format!(
                    "fewer people ({i}) than households ({}); is one of them swapped?",
                    i + 10
                ),
            )
        };
        let mut d = Diagnostics::default();
        d.items.extend((0..9).map(warning));
        d.items.push(Diagnostic::warning(
            Code::Unused,
            "bulletin.yaml",
            FieldPath::root(),
            "column `x` has no articles",
        ));
        d.items.push(Diagnostic::error(
            Code::Empty,
            "site.yaml",
            FieldPath::root(),
            "must not be empty",
        ));
        let text = render_all(
            &d,
            &mut Sources::new(Path::new("/nonexistent")),
            Style::plain(),
        );
        assert_eq!(
            text.matches("fewer people").count(),
            4,
            "3 shown + the summary:\n{text}"
        );
        assert!(text.contains(
            "warning[inconsistent]: … and 6 more like this (`beneficiary_people`: fewer people (#) than households (#); is one of them swapped?)"
        ), "{text}");
        assert!(text.contains("column `x` has no articles"));
        assert!(text.contains("must not be empty"));
        assert_eq!(
            shape("187.2 kW, `a` and `b`; 1,000"),
            "# kW, `…` and `…`; #"
        );
    }

    #[test]
    fn colour_only_when_asked() {
        assert_eq!(Style::plain().paint("1;31", "error"), "error");
        assert_eq!(
            Style { color: true }.paint("1;31", "error"),
            "\x1b[1;31merror\x1b[0m"
        );
    }
}
