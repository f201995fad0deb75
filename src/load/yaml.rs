//! Typed YAML parsing that turns every serde error into a [`Diagnostic`] with the
//! file, line, column, field path, what was expected, and a "did you mean" hint for
//! misspelt keys and enum values.

use super::positions::PositionIndex;
use crate::diagnostics::{suggest, Diagnostic, FieldPath, Position};
use serde::de::DeserializeOwned;

/// Parses `text` (from `file`, whose first line is `line_offset + 1`) into `T`.
pub fn parse<T: DeserializeOwned>(
    file: &str,
    text: &str,
    line_offset: usize,
) -> Result<T, Diagnostic> {
    let deserializer = serde_yaml::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|err| {
        let path = convert_path(err.path());
        let inner = err.into_inner();
        let (message, hint) = explain(&inner.to_string());
        let reported = inner.location().map(|l| Position {
            line: l.line() + line_offset,
            column: l.column(),
        });
        // Errors raised while converting a value (a bad quarter, date or number) carry
        // the position of the enclosing mapping; the path pins down the value itself.
        // Unknown keys are best shown at the key, which serde_yaml reports.
        let position = if message.starts_with("unknown field") || path.is_root() {
            reported
        } else {
            let index = PositionIndex::build(text, line_offset);
            // A syntax error: serde_yaml's position is where the parser stopped.
            let exact = index.is_complete().then(|| index.locate_exact(&path));
            exact.flatten().or(reported)
        };
        Diagnostic::error(file, path, message)
            .at(position)
            .with_hint(hint)
    })
}

fn convert_path(path: &serde_path_to_error::Path) -> FieldPath {
    use serde_path_to_error::Segment as S;
    let mut out = FieldPath::root();
    for seg in path.iter() {
        out = match seg {
            S::Seq { index } => out.index(*index),
            S::Map { key } => out.key(key),
            S::Enum { variant } => out.key(variant),
            S::Unknown => out,
        };
    }
    out
}

/// Rewrites serde's wording for people who edit YAML by hand, and derives a hint.
fn explain(raw: &str) -> (String, Option<String>) {
    let message = strip_location(raw);
    let message = strip_path_prefix(&message);
    let hint = misspelt_name_hint(message);
    let message = message
        .replace("expected f64", "expected a number")
        .replace("expected u32", "expected a whole number (0 or more)")
        .replace("expected i64", "expected a whole number")
        .replace("expected i32", "expected a whole number (a year)")
        .replace("expected a boolean", "expected true or false")
        .replace(
            "expected a sequence",
            "expected a list (lines starting with `- `)",
        )
        .replace("expected struct", "expected a mapping of")
        .replace("invalid type: unit value", "missing value (empty)");
    (message, hint)
}

/// serde_yaml adds ` at line L column C` after the problem; the diagnostic carries the
/// position itself. Later positions (where a quoted string started) are kept.
fn strip_location(raw: &str) -> String {
    let Some(start) = raw.find(" at line ") else {
        return raw.to_string();
    };
    let rest = &raw[start + " at line ".len()..];
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let line_len = digits(rest);
    let after_line = &rest[line_len..];
    match after_line.strip_prefix(" column ") {
        Some(col) if line_len > 0 && digits(col) > 0 => {
            let end = raw.len() - col.len() + digits(col);
            format!("{}{}", &raw[..start], &raw[end..])
        }
        _ => raw.to_string(),
    }
}

/// serde_yaml prefixes `path: `; the diagnostic carries the path itself.
fn strip_path_prefix(message: &str) -> &str {
    if let Some((prefix, rest)) = message.split_once(": ") {
        let looks_like_path = !prefix.is_empty()
            && !prefix.contains(' ')
            && prefix
                .chars()
                .all(|c| c.is_alphanumeric() || "._[]-".contains(c));
        if looks_like_path {
            return rest;
        }
    }
    message
}

/// For `unknown field `x`, expected one of `a`, `b`` (and unknown variants), suggests
/// the closest expected name.
fn misspelt_name_hint(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (wrong, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    suggest(wrong, candidates.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Station;

    #[test]
    fn unknown_field_has_position_path_and_suggestion() {
        let text = "- id: a\n  name: A\n  county: c\n  kind: village\n  capcity_kw: 10\n  status: planned\n";
        let d = parse::<Vec<Station>>("stations/a.yaml", text, 0).unwrap_err();
        assert_eq!(d.file, "stations/a.yaml");
        assert_eq!(d.position.map(|p| p.line), Some(5));
        assert!(
            d.message.starts_with("unknown field `capcity_kw`"),
            "{}",
            d.message
        );
        assert_eq!(d.hint.as_deref(), Some("did you mean `capacity_kw`?"));
    }

    #[test]
    fn wrong_type_names_field_and_expectation() {
        let text = "- id: a\n  name: A\n  county: c\n  kind: village\n  capacity_kw: 187.2kW\n  status: planned\n";
        let d = parse::<Vec<Station>>("s.yaml", text, 0).unwrap_err();
        assert_eq!(d.field.to_string(), "[0].capacity_kw");
        assert!(d.message.contains("expected a number"), "{}", d.message);
        assert_eq!(d.position.map(|p| (p.line, p.column)), Some((5, 16)));
    }

    #[test]
    fn unknown_enum_value_suggests_nearest() {
        let text = "- id: a\n  name: A\n  county: c\n  kind: vilage\n  capacity_kw: 1\n  status: planned\n";
        let d = parse::<Vec<Station>>("s.yaml", text, 0).unwrap_err();
        assert_eq!(d.hint.as_deref(), Some("did you mean `village`?"));
    }

    #[test]
    fn conversion_error_points_at_the_value() {
        let d =
            parse::<crate::model::ProgressFile>("p.yaml", "quarter: 2017-Q1\nstations: []\n", 0)
                .unwrap_err();
        assert_eq!(d.position.map(|p| (p.line, p.column)), Some((1, 10)));
    }

    #[test]
    fn location_is_cut_from_the_message_but_context_kept() {
        let d = parse::<Vec<Station>>("s.yaml", "- id: a\n  name: \"open\n", 0).unwrap_err();
        assert!(!d.message.contains("at line 3"), "{}", d.message);
        assert!(
            d.message.contains("while scanning a quoted scalar"),
            "{}",
            d.message
        );
    }

    #[test]
    fn syntax_error_has_line() {
        let d = parse::<Vec<Station>>("s.yaml", "- id: a\n  name: [unclosed\n", 0).unwrap_err();
        assert!(d.position.is_some());
    }
}
