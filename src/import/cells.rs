//! Cell values into model values: numbers (also stored as text, with thousands
//! separators), dates (Excel date cells and the text dates offices type), and the
//! Chinese labels of kinds and statuses.

use super::sheet::Value;
use crate::model::{Date, StationKind, Status};

/// The text of a cell, trimmed; numbers as written without trailing `.0`.
pub fn text(value: &Value) -> Option<String> {
    match value {
        Value::Text(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
        Value::Number(n) if n.fract() == 0.0 => Some(format!("{n:.0}")),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A number, from a numeric cell or text such as `1,234.5` or ` 187.2 `.
pub fn number(value: &Value) -> Result<Option<f64>, String> {
    match value {
        Value::Empty => Ok(None),
        Value::Number(n) => Ok(Some(*n)),
        Value::Text(t) => {
            let cleaned: String = t
                .chars()
                .filter(|c| !c.is_whitespace() && *c != ',' && *c != '，')
                .collect();
            if cleaned.is_empty() || cleaned == "-" || cleaned == "—" {
                return Ok(None);
            }
            cleaned
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map(Some)
                .ok_or_else(|| format!("expected a number, found {}", t.trim()))
        }
        Value::Date(_) => Err("expected a number, found a date".into()),
        Value::Error(e) => Err(format!("expected a number, found the error cell {e}")),
    }
}

/// The value as the user typed it, for messages: `1e308`, not `inf`.
pub fn as_typed(value: &Value) -> String {
    match value {
        Value::Empty => "an empty cell".into(),
        Value::Text(t) => t.trim().to_string(),
        Value::Number(n) | Value::Date(n) => number_as_typed(*n),
        Value::Error(e) => e.clone(),
    }
}

/// A number as a spreadsheet shows it: `187.2`, `1e308` (never `inf`, never 309
/// digits), `-1e-7`.
pub fn number_as_typed(n: f64) -> String {
    if n != 0.0 && (n.abs() >= 1e15 || n.abs() < 1e-6) {
        format!("{n:e}")
    } else {
        format!("{n}")
    }
}

/// A whole number ≥ 0 (households, days, jobs).
pub fn count(value: &Value) -> Result<Option<u32>, String> {
    match number(value)? {
        None => Ok(None),
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX) => Ok(Some(n as u32)),
        Some(n) => Err(format!(
            "expected a whole number ≥ 0, found {}",
            number_as_typed(n)
        )),
    }
}

/// A date from an Excel date cell or text: 2017-02-15, 2017/2/15, 2017.2.15,
/// 2017年2月15日.
pub fn date(value: &Value) -> Result<Option<Date>, String> {
    match value {
        Value::Empty => Ok(None),
        // Excel counts 1900-02-29, a day that never was (its 1900 leap-year bug):
        // serial 60 is no date, and a cell showing it was typed wrongly.
        Value::Date(serial) | Value::Number(serial) if serial.floor() == 60.0 => Err(
            "serial day 60 is 1900-02-29, a date that does not exist (Excel's 1900 leap-year bug)"
                .into(),
        ),
        Value::Date(serial) | Value::Number(serial) if *serial > 1.0 && *serial < 200_000.0 => {
            from_serial(*serial as i64)
                .map(Some)
                .ok_or_else(|| format!("{} is not a date", number_as_typed(*serial)))
        }
        Value::Text(t) => {
            let t = t.trim();
            if t.is_empty() {
                return Ok(None);
            }
            let parts: Vec<&str> = t
                .trim_end_matches('日')
                .split(['-', '/', '.', '年', '月'])
                .collect();
            let parsed = match parts.as_slice() {
                [y, m, d] => match (y.parse(), m.parse(), d.parse()) {
                    (Ok(y), Ok(m), Ok(d)) => Date::new(y, m, d),
                    _ => None,
                },
                _ => None,
            };
            parsed.map(Some).ok_or_else(|| {
                format!("expected a date such as 2017-02-15 or 2017年2月15日, found {t}")
            })
        }
        Value::Error(e) => Err(format!("expected a date, found the error cell {e}")),
        other => Err(format!("expected a date, found {}", as_typed(other))),
    }
}

/// The calendar date of an Excel serial day number (1900 date system).
fn from_serial(serial: i64) -> Option<Date> {
    // Excel's day 0 is 1899-12-30 (after its 1900 leap-year bug): 25,569 days
    // before 1970-01-01.
    Date::from_days_since_epoch(serial - 25_569)
}

pub fn kind(text: &str) -> Result<StationKind, String> {
    let t = text.trim().trim_end_matches("电站");
    let found = match t {
        "联建" | "联村联建" | "村级联建" => Some(StationKind::JointVillage),
        "集中" | "集中式电站" | "地面集中式" => Some(StationKind::Centralized),
        "户用" | "户用光伏" | "分布式户用" => Some(StationKind::Household),
        _ => StationKind::ALL.into_iter().find(|k| {
            k.label_zh() == t || format!("{k:?}").eq_ignore_ascii_case(&t.replace('_', ""))
        }),
    };
    found.ok_or_else(|| format!("expected 村级, 联村 (联建), 集中式 or 户用, found {text}"))
}

pub fn status(text: &str) -> Result<Status, String> {
    let t = text.trim();
    let found = match t {
        "已建成" | "建成" | "待并网" | "建成未并网" => Some(Status::Built),
        "并网" | "已并网发电" | "并网发电" => Some(Status::GridConnected),
        "招标" | "招标中" => Some(Status::Tendering),
        "建设中" | "施工中" => Some(Status::UnderConstruction),
        _ => Status::ALL.into_iter().find(|s| {
            s.label_zh() == t || format!("{s:?}").eq_ignore_ascii_case(&t.replace('_', ""))
        }),
    };
    found.ok_or_else(|| format!("expected 规划, 招投标, 在建, 建成待并网 or 已并网, found {text}"))
}

/// Whether a row is a 合计/总计/小计 line: its first text says so.
pub fn is_total(row: &[Value]) -> bool {
    row.iter()
        .find_map(|v| match v {
            Value::Text(t) if !t.trim().is_empty() => Some(t.trim()),
            _ => None,
        })
        .is_some_and(|t| {
            let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            ["合计", "总计", "小计", "total"]
                .iter()
                .any(|w| t.to_lowercase().starts_with(w))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_form() {
        let d = Date::new(2017, 2, 15);
        for t in ["2017-02-15", "2017/2/15", "2017.2.15", "2017年2月15日"] {
            assert_eq!(date(&Value::Text(t.into())).unwrap(), d, "{t}");
        }
        assert_eq!(date(&Value::Date(42781.0)).unwrap(), d, "Excel serial");
        assert_eq!(
            from_serial(1),
            Some(Date {
                year: 1899,
                month: 12,
                day: 31
            })
        );
        assert!(date(&Value::Text("二月".into())).is_err());
    }

    #[test]
    fn numbers_and_labels() {
        assert_eq!(
            number(&Value::Text(" 1,234.5 ".into())).unwrap(),
            Some(1234.5)
        );
        assert!(number(&Value::Text("一八七点二".into()))
            .unwrap_err()
            .contains("一八七点二"));
        assert!(number(&Value::Error("#DIV/0!".into()))
            .unwrap_err()
            .contains("#DIV/0!"));
        assert_eq!(count(&Value::Number(3.0)).unwrap(), Some(3));
        assert!(count(&Value::Number(2.5)).is_err());
        assert_eq!(kind("联建").unwrap(), StationKind::JointVillage);
        assert_eq!(kind("村级电站").unwrap(), StationKind::Village);
        assert_eq!(status("建成待并网").unwrap(), Status::Built);
        assert_eq!(status("grid_connected").unwrap(), Status::GridConnected);
        assert!(is_total(&[Value::Empty, Value::Text("合 计".into())]));
        assert!(!is_total(&[Value::Text("合肥村".into())]));
    }
}
