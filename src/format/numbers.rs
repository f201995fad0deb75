//! Numbers as bulletins print them: thousands separators, 万/亿 for large amounts,
//! percentages and signed changes (环比/同比) — one place for every figure shown,
//! used by validation messages, computed summaries, pages and downloads alike.
//!
//! Every figure arrives exact (a [`Decimal`], see `model::number`) and is rounded
//! here, once, half away from zero (四舍五入, as statistical publications round):
//! 2.675 → 2.68, 0.125 → 0.13, where binary floating point gave 2.67.

use rust_decimal::{Decimal, RoundingStrategy};

/// The one rounding of a shown figure: 四舍五入 to `places` decimals, with
/// exactly `places` decimals (`2.5` to 2 places is `2.50`); never `-0`.
pub fn round(value: Decimal, places: usize) -> Decimal {
    let places = places.min(20) as u32;
    let mut r = value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(places);
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    r
}

/// `value` rounded to `places` decimals, as sign, integer part and fraction digits.
pub fn split_decimal(value: Decimal, places: usize) -> (bool, u128, u128) {
    let r = round(value, places);
    let magnitude = r.mantissa().unsigned_abs();
    let scale = 10u128.pow(r.scale());
    (r.is_sign_negative(), magnitude / scale, magnitude % scale)
}

/// Rounds to `places` decimals and groups the integer part by thousands: `1,234.57`.
pub fn grouped(value: impl Into<Decimal>, places: usize) -> String {
    let (negative, int_part, frac) = split_decimal(value.into(), places);
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
pub fn grouped_len(value: Decimal, places: usize) -> usize {
    let (negative, int_part, _) = split_decimal(value, places);
    let digits = int_part.checked_ilog10().map_or(1, |d| d as usize + 1);
    usize::from(negative) + digits + (digits - 1) / 3 + if places > 0 { places + 1 } else { 0 }
}

/// A plain decimal without separators (`-1234.5`), for CSV.
pub fn plain(value: impl Into<Decimal>, places: usize) -> String {
    let mut out = String::new();
    push_plain(&mut out, value.into(), places);
    out
}

/// [`plain`], appended to `out` (a CSV download writes millions of them).
pub fn push_plain(out: &mut String, value: Decimal, places: usize) {
    use std::fmt::Write;
    let (negative, int_part, frac) = split_decimal(value, places);
    let sign = if negative { "-" } else { "" };
    // Writing to a String cannot fail.
    let _ = if places == 0 {
        write!(out, "{sign}{int_part}")
    } else {
        write!(out, "{sign}{int_part}.{frac:0places$}")
    };
}

/// An exact figure as written, for messages: `97404`, `187.2`, never a binary
/// tail such as `97403.99999999959`.
pub fn exact(value: Decimal) -> String {
    value.normalize().to_string()
}

/// An integer with thousands separators: `12,345`.
pub fn int(value: impl Into<Decimal>) -> String {
    grouped(value, 0)
}

/// The customary Chinese magnitude of an amount: (divisor, word) — 亿 from 10^8,
/// 万 from 10^4, none below.
pub fn magnitude_of(value: Decimal) -> (Decimal, &'static str) {
    let abs = value.abs();
    if abs >= Decimal::from(100_000_000) {
        (Decimal::from(100_000_000), "亿")
    } else if abs >= Decimal::from(10_000) {
        (Decimal::from(10_000), "万")
    } else {
        (Decimal::ONE, "")
    }
}

/// A large amount with the customary Chinese magnitude: `(8.61, "万")`, `(1.23, "亿")`,
/// or the plain integer below 10 000.
pub fn magnitude(value: Decimal) -> (String, &'static str) {
    match magnitude_of(value) {
        (d, "") => (grouped(value / d, 0), ""),
        (d, word) => (grouped(value / d, 2), word),
    }
}

/// `ratio` as a percentage rounded once to one decimal (`0.875` → `87.5`).
pub fn percent_value(ratio: Decimal) -> Decimal {
    round(ratio * Decimal::ONE_HUNDRED, 1)
}

/// `+12.3%`, `-4.5%`, or `—` when there is nothing to compare against.
pub fn signed_percent(change: Option<Decimal>) -> String {
    match change {
        Some(c) => {
            let text = grouped(c * Decimal::ONE_HUNDRED, 1);
            if text.starts_with('-') || text == "0.0" {
                format!("{text}%")
            } else {
                format!("+{text}%")
            }
        }
        None => super::NOT_APPLICABLE.into(),
    }
}

/// A change in percentage points (`0.05` → `+5.0个百分点`), or `—`: how rates
/// (完成率, 分配率, shares) change, never as a percentage of a percentage.
pub fn signed_points(change: Option<Decimal>) -> String {
    match change {
        Some(_) => format!("{}个百分点", signed_percent(change).trim_end_matches('%')),
        None => super::NOT_APPLICABLE.into(),
    }
}

/// `87.5%`, or `—`.
pub fn percent(ratio: Option<Decimal>) -> String {
    match ratio {
        Some(r) => format!("{}%", grouped(r * Decimal::ONE_HUNDRED, 1)),
        None => super::NOT_APPLICABLE.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::number::dec;

    #[test]
    fn grouping() {
        assert_eq!(int(0), "0");
        assert_eq!(int(999), "999");
        assert_eq!(int(1234567), "1,234,567");
        assert_eq!(int(dec("-1234.4")), "-1,234");
        assert_eq!(grouped(dec("1234.567"), 2), "1,234.57");
        assert_eq!(grouped(dec("-0.01"), 1), "0.0");
        assert_eq!(grouped(dec("-2.5"), 0), "-3");
        assert_eq!(grouped(dec("2.5"), 2), "2.50");
        assert_eq!(plain(dec("1234.5"), 1), "1234.5");
        assert_eq!(plain(dec("-0.04"), 1), "0.0");
        assert_eq!(plain(187, 0), "187");
    }

    /// 四舍五入 from the decimal written, where binary floating point rounds
    /// 2.675 (stored as 2.67499999999999982…) down.
    #[test]
    fn rounds_half_up_once_from_the_exact_value() {
        assert_eq!(grouped(dec("2.675"), 2), "2.68");
        assert_eq!(grouped(dec("0.125"), 2), "0.13");
        assert_eq!(grouped(dec("1.005"), 2), "1.01");
        assert_eq!(grouped(dec("0.045"), 2), "0.05");
        assert_eq!(grouped(dec("-2.675"), 2), "-2.68");
        assert_eq!(grouped(dec("2.674999"), 2), "2.67");
        // Once: 2.6749 is 2.67, not 2.675 → 2.68.
        assert_eq!(grouped(dec("2.6749"), 2), "2.67");
        assert_eq!(percent(Some(dec("0.00125"))), "0.1%");
        assert_eq!(percent(Some(dec("0.0125"))), "1.3%");
        assert_eq!(percent(Some(dec("0.02675"))), "2.7%");
        assert_eq!(magnitude(dec("26750")), ("2.68".into(), "万"));
    }

    #[test]
    fn messages_show_the_figure_as_written() {
        let rows = ["10980.95", "25857.16", "23826.62", "6470.32", "30268.95"];
        let sum: Decimal = rows.iter().map(|s| dec(s)).sum();
        assert_eq!(exact(sum), "97404");
        assert_eq!(exact(dec("187.20")), "187.2");
        // What binary floating point made of the same sum:
        let float: f64 = rows.iter().map(|s| s.parse::<f64>().unwrap()).sum();
        assert_eq!(format!("{float}"), "97403.99999999999");
    }

    #[test]
    fn grouped_len_is_the_length_of_grouped() {
        for (v, d) in [
            ("0", 0),
            ("9", 0),
            ("999", 0),
            ("1000", 0),
            ("-1234.4", 0),
            ("999.96", 1),
            ("-0.01", 1),
            ("1234567.891", 2),
            ("100000000000000000", 0),
        ] {
            assert_eq!(
                grouped_len(dec(v), d),
                grouped(dec(v), d).len(),
                "{v} to {d} places"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn grouped_len_agrees_everywhere(v in -10_000_000_000_000i64..10_000_000_000_000, s in 0u32..4, d in 0usize..3) {
            let v = Decimal::new(v, s);
            proptest::prop_assert_eq!(grouped_len(v, d), grouped(v, d).len());
        }

        #[test]
        fn push_plain_appends_plain(v in -10_000_000_000_000i64..10_000_000_000_000, s in 0u32..4, d in 0usize..3) {
            let v = Decimal::new(v, s);
            let mut out = String::from("x,");
            push_plain(&mut out, v, d);
            proptest::prop_assert_eq!(out, format!("x,{}", plain(v, d)));
        }
    }

    #[test]
    fn magnitudes() {
        assert_eq!(magnitude(dec("9999")), ("9,999".into(), ""));
        assert_eq!(magnitude(dec("86120")), ("8.61".into(), "万"));
        assert_eq!(magnitude(dec("123456789")), ("1.23".into(), "亿"));
    }

    #[test]
    fn percentages() {
        assert_eq!(signed_percent(Some(dec("0.1234"))), "+12.3%");
        assert_eq!(signed_percent(Some(dec("-0.045"))), "-4.5%");
        assert_eq!(signed_percent(Some(dec("0"))), "0.0%");
        assert_eq!(signed_percent(Some(dec("-0.0004"))), "0.0%");
        assert_eq!(signed_percent(None), "—");
        assert_eq!(signed_points(Some(dec("0.05"))), "+5.0个百分点");
        assert_eq!(signed_points(Some(dec("-0.1234"))), "-12.3个百分点");
        assert_eq!(percent(Some(dec("0.875"))), "87.5%");
        assert_eq!(percent(Some(dec("12.5"))), "1,250.0%");
    }
}
