//! Numbers as bulletins print them: thousands separators, 万/亿 for large amounts,
//! percentages and signed changes (环比/同比) — one place for every figure shown,
//! used by validation messages, computed summaries and pages alike.

/// Rounds to `places` decimals and groups the integer part by thousands: `1,234.57`.
///
/// Works on the scaled integer (exact for the magnitudes in the data) because float
/// formatting dominated page rendering in profiles.
pub fn grouped(value: f64, places: usize) -> String {
    let Some((negative, int_part, frac)) = split_decimal(value, places) else {
        return "—".into();
    };
    let digits = int_part.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + places + 2);
    if negative {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if places > 0 {
        out.push('.');
        out.push_str(&format!("{frac:0places$}"));
    }
    out
}

/// The length in bytes of [`grouped`]`(value, places)`, without building it: the
/// spreadsheet downloads size their columns by it for every one of their cells.
pub fn grouped_len(value: f64, places: usize) -> usize {
    let Some((negative, int_part, _)) = split_decimal(value, places) else {
        return "—".len();
    };
    let digits = int_part.checked_ilog10().map_or(1, |d| d as usize + 1);
    usize::from(negative) + digits + (digits - 1) / 3 + if places > 0 { places + 1 } else { 0 }
}

/// `value` rounded to `places` decimals, as sign, integer part and fraction digits;
/// `None` for non-finite values or beyond what an `i64` holds exactly.
pub fn split_decimal(value: f64, places: usize) -> Option<(bool, u64, u64)> {
    let scale = 10u64.checked_pow(u32::try_from(places).ok()?)?;
    let scaled = (value * scale as f64).round();
    if !scaled.is_finite() || scaled.abs() >= 9.0e15 {
        return None;
    }
    let magnitude = scaled.abs() as u64;
    Some((scaled < 0.0, magnitude / scale, magnitude % scale))
}

/// A plain decimal without separators (`-1234.5`), for CSV.
pub fn plain(value: f64, places: usize) -> String {
    let mut out = String::new();
    push_plain(&mut out, value, places);
    out
}

/// [`plain`], appended to `out` (a CSV download writes millions of them).
pub fn push_plain(out: &mut String, value: f64, places: usize) {
    use std::fmt::Write;
    // Writing to a String cannot fail.
    let _ = match split_decimal(value, places) {
        Some((negative, int_part, frac)) => {
            let sign = if negative { "-" } else { "" };
            if places == 0 {
                write!(out, "{sign}{int_part}")
            } else {
                write!(out, "{sign}{int_part}.{frac:0places$}")
            }
        }
        None if value.is_finite() => write!(out, "{value}"),
        None => Ok(()),
    };
}

/// An integer with thousands separators: `12,345`.
pub fn int(value: f64) -> String {
    grouped(value, 0)
}

/// A large amount with the customary Chinese magnitude: `(8.61, "万")`, `(1.23, "亿")`,
/// or the plain integer below 10 000.
pub fn magnitude(value: f64) -> (String, &'static str) {
    let abs = value.abs();
    if abs >= 1e8 {
        (grouped(value / 1e8, 2), "亿")
    } else if abs >= 1e4 {
        (grouped(value / 1e4, 2), "万")
    } else {
        (int(value), "")
    }
}

/// `+12.3%`, `-4.5%`, or `—` when there is nothing to compare against.
pub fn signed_percent(change: Option<f64>) -> String {
    match change {
        Some(c) if c.is_finite() => {
            let text = grouped(c * 100.0, 1);
            if text.starts_with('-') || text == "0.0" {
                format!("{text}%")
            } else {
                format!("+{text}%")
            }
        }
        _ => "—".into(),
    }
}

/// A change in percentage points (`0.05` → `+5.0个百分点`), or `—`.
pub fn signed_points(change: Option<f64>) -> String {
    match signed_percent(change).strip_suffix('%') {
        Some(points) => format!("{points}个百分点"),
        None => "—".into(),
    }
}

/// `87.5%`, or `—`.
pub fn percent(ratio: Option<f64>) -> String {
    match ratio {
        Some(r) if r.is_finite() => format!("{}%", grouped(r * 100.0, 1)),
        _ => "—".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping() {
        assert_eq!(int(0.0), "0");
        assert_eq!(int(999.0), "999");
        assert_eq!(int(1234567.0), "1,234,567");
        assert_eq!(int(-1234.4), "-1,234");
        assert_eq!(grouped(1234.567, 2), "1,234.57");
        assert_eq!(grouped(-0.01, 1), "0.0");
        assert_eq!(grouped(0.125, 2), "0.13");
        assert_eq!(grouped(-2.5, 0), "-3");
        assert_eq!(plain(1234.5, 1), "1234.5");
        assert_eq!(plain(-0.04, 1), "0.0");
        assert_eq!(plain(187.0, 0), "187");
        assert_eq!(int(f64::NAN), "—");
    }

    #[test]
    fn grouped_len_is_the_length_of_grouped() {
        for (v, d) in [
            (0.0, 0),
            (9.0, 0),
            (999.0, 0),
            (1000.0, 0),
            (-1234.4, 0),
            (999.96, 1),
            (-0.01, 1),
            (1234567.891, 2),
            (f64::NAN, 1),
            (1e17, 0),
        ] {
            assert_eq!(grouped_len(v, d), grouped(v, d).len(), "{v} to {d} places");
        }
        assert_eq!(grouped_len(1234567.0, 1), "1,234,567.0".len());
    }

    proptest::proptest! {
        #[test]
        fn grouped_len_agrees_everywhere(v in -1e13f64..1e13, d in 0usize..3) {
            proptest::prop_assert_eq!(grouped_len(v, d), grouped(v, d).len());
        }

        #[test]
        fn push_plain_appends_plain(v in -1e13f64..1e13, d in 0usize..3) {
            let mut out = String::from("x,");
            push_plain(&mut out, v, d);
            proptest::prop_assert_eq!(out, format!("x,{}", plain(v, d)));
        }
    }

    #[test]
    fn magnitudes() {
        assert_eq!(magnitude(9999.0), ("9,999".into(), ""));
        assert_eq!(magnitude(86120.0), ("8.61".into(), "万"));
        assert_eq!(magnitude(123_456_789.0), ("1.23".into(), "亿"));
    }

    #[test]
    fn percentages() {
        assert_eq!(signed_percent(Some(0.1234)), "+12.3%");
        assert_eq!(signed_percent(Some(-0.045)), "-4.5%");
        assert_eq!(signed_percent(Some(0.0)), "0.0%");
        assert_eq!(signed_percent(None), "—");
        assert_eq!(percent(Some(0.875)), "87.5%");
        assert_eq!(percent(Some(12.5)), "1,250.0%");
    }
}
