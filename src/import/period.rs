//! The period a progress sheet names: a title such as 2017年第二季度发电量统计表,
//! a sheet called 2017Q2, a header 2017年一季度发电量. Figures imported under
//! another quarter than the sheet says would be silently wrong, so a mismatch is
//! an error at the cell that names the period, with the `--quarter` it suggests
//! (`--force` imports anyway).

use super::records::Source;
use super::sheet::Value;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, FieldPath};
use crate::model::Quarter;

/// A period named in a text: a quarter, or only a year.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Named {
    Quarter(Quarter),
    Year(i32),
}

/// The first period named in `text`, if any.
pub fn named_in(text: &str) -> Option<Named> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut i = 0;
    while i + 4 <= chars.len() {
        let digits: String = chars[i..i + 4].iter().collect();
        let is_year = digits.chars().all(|c| c.is_ascii_digit())
            && (i == 0 || !chars[i - 1].is_ascii_digit())
            && chars.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        let year: i32 = match digits.parse() {
            Ok(y) if is_year && (2000..=2099).contains(&y) => y,
            _ => {
                i += 1;
                continue;
            }
        };
        let rest = &chars[i + 4..];
        if let Some(q) = quarter_after(rest) {
            if let Some(q) = Quarter::new(year, q) {
                return Some(Named::Quarter(q));
            }
        }
        if rest.first() == Some(&'年') {
            return Some(Named::Year(year));
        }
        i += 4;
    }
    None
}

/// `Q2`, `-Q2`, `年第二季度`, `年二季度`, `年2季度` right after a year.
fn quarter_after(rest: &[char]) -> Option<u8> {
    let digit = |c: char| match c {
        '1' | '一' => Some(1),
        '2' | '二' => Some(2),
        '3' | '三' => Some(3),
        '4' | '四' => Some(4),
        _ => None,
    };
    let mut at = 0;
    if rest.first() == Some(&'-') {
        at = 1;
    }
    if matches!(rest.get(at), Some('Q' | 'q')) {
        return rest.get(at + 1).copied().and_then(digit);
    }
    if rest.first() != Some(&'年') {
        return None;
    }
    at = 1;
    if rest.get(at) == Some(&'第') {
        at += 1;
    }
    let q = rest.get(at).copied().and_then(digit)?;
    (rest.get(at + 1) == Some(&'季')).then_some(q)
}

/// Errors for each title row, imported header or the sheet name that names
/// another period than `quarter`.
pub fn check(src: &Source, quarter: Quarter, found: &mut Diagnostics) {
    let mut report = |at: String, text: &str, named: Named| {
        let (said, suggestion) = match named {
            Named::Quarter(q) if q != quarter => (q.to_string(), q.to_string()),
            Named::Year(y) if y != quarter.year => (
                format!("{y}年"),
                Quarter::new(y, quarter.q).map_or(String::new(), |q| q.to_string()),
            ),
            _ => return,
        };
        found.push(
            Diagnostic::error(
                Code::Inconsistent,
                at,
                FieldPath::root(),
                format!(
                    "`{}` names {said}, but the figures are being imported as {quarter}",
                    text.trim()
                ),
            )
            .with_hint(Some(format!(
                "did you mean --quarter {suggestion}? If the figures really are {quarter}'s, \
                 pass --force"
            ))),
        );
    };
    if let Some(named) = named_in(&src.table.sheet) {
        let at = format!("{}:{}", src.file, src.table.sheet);
        report(at, &src.table.sheet, named);
    }
    let imported: Vec<usize> = src.header.columns.iter().map(|c| c.index).collect();
    for (r, row) in src.table.rows.iter().enumerate().take(src.header.row + 1) {
        for (c, cell) in row.iter().enumerate() {
            let Value::Text(text) = cell else { continue };
            if r == src.header.row && !imported.contains(&c) {
                continue;
            }
            if let Some(named) = named_in(text) {
                report(src.at(r, c), text, named);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_as_offices_write_them() {
        let q = |y, n| Some(Named::Quarter(Quarter::new(y, n).unwrap()));
        assert_eq!(named_in("2017年第二季度发电量统计表"), q(2017, 2));
        assert_eq!(named_in("2017年一季度"), q(2017, 1));
        assert_eq!(named_in("2017 年 3 季度"), q(2017, 3));
        assert_eq!(named_in("2018Q4"), q(2018, 4));
        assert_eq!(named_in("2018-q1"), q(2018, 1));
        assert_eq!(
            named_in("甲县光伏扶贫电站台账（2017年）"),
            Some(Named::Year(2017))
        );
        assert_eq!(named_in("发电量（千瓦时）"), None);
        assert_eq!(named_in("电话 0558-20170"), None);
        assert_eq!(named_in("12017年"), None);
    }
}
