//! Typed YAML parsing that turns every serde error into a [`Diagnostic`] with the
//! file, line, column, field path, what was expected, and a "did you mean" hint for
//! misspelt keys and enum values.

use super::positions::PositionIndex;
use crate::contain::{self, Reader};
use crate::diagnostics::{suggest, Code, Diagnostic, FieldPath, Position};
use crate::model::calendar;
use serde::de::DeserializeOwned;

/// Parses `text` (from `file`, whose first line is `line_offset + 1`) into `T`.
/// A panic inside the YAML parser is contained: an error naming the file.
pub fn parse<T: DeserializeOwned>(
    file: &str,
    text: &str,
    line_offset: usize,
) -> Result<T, Diagnostic> {
    contain::reading(file, Reader::Yaml, || {
        parse_uncontained(file, text, line_offset)
    })
    .unwrap_or_else(|panicked| {
        Err(Diagnostic::error(
            Code::YamlSyntax,
            file,
            FieldPath::root(),
            panicked.to_string(),
        )
        .with_hint(Some(
            "check the file for damage, or restore it from a backup".into(),
        )))
    })
}

fn parse_uncontained<T: DeserializeOwned>(
    file: &str,
    text: &str,
    line_offset: usize,
) -> Result<T, Diagnostic> {
    // Fast path: tracking the field path costs a third of the parse time, and is
    // only needed to describe an error.
    if let Ok(value) = serde_yaml::from_str(text) {
        return Ok(value);
    }
    let deserializer = serde_yaml::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|err| {
        let path = convert_path(err.path());
        let inner = err.into_inner();
        let (message, hint) = explain(&inner.to_string());
        let reported = inner.location().map(|l| Position {
            line: l.line() + line_offset,
            column: l.column(),
        });
        let index = PositionIndex::build(text, line_offset);
        let code = classify(&message, &index);
        // serde names the duplicate key only in its message; point at its second use.
        let path = match (code, quoted_after(&message, "duplicate field `", '`')) {
            (Code::DuplicateKey, Some(key)) => path.key(key),
            _ => path,
        };
        // Errors raised while converting a value (a bad quarter, date or number) carry
        // the position of the enclosing mapping; the path pins down the value itself.
        // Unknown keys are best shown at the key, which serde_yaml reports; after a
        // syntax error serde_yaml's position is where the parser stopped.
        let position = match code {
            Code::DuplicateKey => index.duplicate(&path).or(reported),
            Code::InvalidValue | Code::OutOfRange | Code::PhysicalLimit if !path.is_root() => {
                index.locate_exact(&path).or(reported)
            }
            _ => reported,
        };
        let hint = hint.or_else(|| tab_hint(code, text, position, line_offset));
        Diagnostic::error(code, file, path, message)
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

/// The class of a serde_yaml error, given what the event parser made of the text.
fn classify(message: &str, index: &PositionIndex) -> Code {
    let too_complex =
        |m: &str| m.contains("recursion limit exceeded") || m.contains("repetition limit exceeded");
    if too_complex(message) || index.error.as_deref().is_some_and(too_complex) {
        Code::YamlTooComplex
    } else if !index.is_complete() {
        Code::YamlSyntax
    } else if message.starts_with("unknown field") {
        Code::UnknownField
    } else if message.starts_with("missing field") {
        Code::MissingField
    } else if message.starts_with("duplicate field") || message.starts_with("duplicate entry") {
        Code::DuplicateKey
    } else if message.contains("more than one document") {
        Code::YamlSyntax
    } else if message.contains("expected a number 0 or more, found NaN") {
        // Numbers that no decimal holds are refused while parsing (see
        // `model::number`), in the words and class validation uses for them.
        Code::OutOfRange
    } else if message.contains("is beyond any plausible figure") {
        Code::PhysicalLimit
    } else {
        Code::InvalidValue
    }
}

/// Tabs are the most common cause of "cannot start any token" from spreadsheet tools.
fn tab_hint(code: Code, text: &str, at: Option<Position>, line_offset: usize) -> Option<String> {
    let line = at?.line.checked_sub(line_offset + 1)?;
    (code == Code::YamlSyntax && text.lines().nth(line)?.contains('\t'))
        .then(|| "this line contains a tab: YAML indents with spaces only".to_string())
}

/// Rewrites serde's wording for people who edit YAML by hand, and derives a hint.
fn explain(raw: &str) -> (String, Option<String>) {
    let message = strip_location(raw);
    let message = strip_path_prefix(&message);
    let hint = misspelt_name_hint(message)
        .or_else(|| chinese_label_hint(message))
        .or_else(|| number_hint(message))
        .or_else(|| calendar_hint(message));
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

/// The text between the first pair of backticks or quotes after `marker`.
fn quoted_after<'a>(message: &'a str, marker: &str, close: char) -> Option<&'a str> {
    let rest = &message[message.find(marker)? + marker.len()..];
    rest.split(close).next()
}

/// `status: 已并网` → "write `grid_connected` (已并网)".
fn chinese_label_hint(message: &str) -> Option<String> {
    use crate::model::{StationKind, Status};
    let wrong = quoted_after(message, "unknown variant `", '`')?;
    let code = Status::ALL
        .iter()
        .find(|s| s.label_zh() == wrong)
        .map(|s| serde_yaml::to_string(s).unwrap_or_default())
        .or_else(|| {
            StationKind::ALL
                .iter()
                .find(|k| k.label_zh() == wrong || format!("{}电站", k.label_zh()) == wrong)
                .map(|k| serde_yaml::to_string(k).unwrap_or_default())
        })?;
    Some(format!("write `{}` for {wrong}", code.trim()))
}

/// Numbers typed the way spreadsheets show them: `187.2kW`, `1,234`, `１８７`.
fn number_hint(message: &str) -> Option<String> {
    if !message.contains("expected f64") && !message.contains("expected u32") {
        return None;
    }
    let found = quoted_after(message, "invalid type: string \"", '"')?;
    let ascii: String = found
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '，' => ',',
            c => c,
        })
        .collect();
    let digits: String = ascii
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
        .collect();
    if digits.is_empty() || digits.parse::<f64>().is_err() {
        return None;
    }
    let why = if ascii != found {
        "use ASCII digits"
    } else if found.contains(',') {
        "no thousands separators"
    } else {
        "the number alone, without a unit (the unit is in the field name)"
    };
    Some(format!("write `{digits}` ({why})"))
}

/// `2017/3/28` → `2017-03-28`; `2017-Q1` → `2017Q1`.
fn calendar_hint(message: &str) -> Option<String> {
    let found = quoted_after(message, "found `", '`')?;
    let fixed = if message.starts_with("expected a date") {
        calendar::normalise_date(found)?
    } else if message.starts_with("expected a quarter") {
        calendar::normalise_quarter(found)?
    } else {
        return None;
    };
    Some(format!("did you mean `{fixed}`?"))
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

    /// Every class and every rewording depends on serde_yaml's English messages:
    /// each is pinned here with the text that produces it, so that a parser
    /// upgrade that changes a message fails this test instead of quietly
    /// reclassifying an error or leaving serde's wording for people to read.
    #[test]
    fn every_error_class_and_rewording_is_pinned_to_serde_yaml() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            number: f64,
            count: Option<u32>,
            whole: Option<i64>,
            year: Option<i32>,
            flag: Option<bool>,
            list: Option<Vec<u32>>,
            inner: Option<Inner>,
            map: Option<serde_yaml::Value>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Inner {
            x: u32,
        }
        let cases: &[(&str, Code, &str)] = &[
            (
                "number: 1\nnumbr: 2\n",
                Code::UnknownField,
                "unknown field `numbr`",
            ),
            ("count: 1\n", Code::MissingField, "missing field `number`"),
            (
                "number: 1\nnumber: 2\n",
                Code::DuplicateKey,
                "duplicate field `number`",
            ),
            (
                "number: 1\nmap: {a: 1, a: 2}\n",
                Code::DuplicateKey,
                "duplicate entry",
            ),
            (
                "number: 1\n---\nnumber: 2\n",
                Code::YamlSyntax,
                "more than one document",
            ),
            ("number: [1\n", Code::YamlSyntax, ""),
            ("number: x\n", Code::InvalidValue, "expected a number"),
            (
                "number: 1\ncount: -1\n",
                Code::InvalidValue,
                "expected a whole number (0 or more)",
            ),
            (
                "number: 1\nwhole: x\n",
                Code::InvalidValue,
                "expected a whole number",
            ),
            (
                "number: 1\nyear: x\n",
                Code::InvalidValue,
                "expected a whole number (a year)",
            ),
            (
                "number: 1\nflag: x\n",
                Code::InvalidValue,
                "expected true or false",
            ),
            (
                "number: 1\nlist: 3\n",
                Code::InvalidValue,
                "expected a list (lines starting with `- `)",
            ),
            (
                "number: 1\ninner: 3\n",
                Code::InvalidValue,
                "expected a mapping of",
            ),
            ("number:\n", Code::InvalidValue, "missing value (empty)"),
        ];
        for (text, code, words) in cases {
            let d = parse::<T>("f.yaml", text, 0).unwrap_err();
            assert_eq!(d.code, *code, "{text:?}: {}", d.message);
            assert!(d.message.contains(words), "{text:?}: {}", d.message);
            assert!(!d.message.contains(" at line "), "{}", d.message);
        }
        let deep = format!("number: 1\nmap: {}1{}\n", "[".repeat(200), "]".repeat(200));
        let d = parse::<T>("f.yaml", &deep, 0).unwrap_err();
        assert_eq!(d.code, Code::YamlTooComplex, "{}", d.message);
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n".to_string()
            + &(b'b'..=b'z')
                .map(|c| {
                    let prev = if c == b'b' { "a".to_string() } else { ((c - 1) as char).to_string() };
                    format!("{}: &{} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n", c as char, c as char)
                })
                .collect::<String>();
        let d = parse::<std::collections::BTreeMap<String, serde_yaml::Value>>("f.yaml", &bomb, 0)
            .unwrap_err();
        assert_eq!(d.code, Code::YamlTooComplex, "{}", d.message);
    }
}
