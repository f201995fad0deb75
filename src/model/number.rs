//! Figures as the data writes them: exact decimals, never binary floating point.
//!
//! Capacities, energies and money are read into [`Decimal`] (rust_decimal: 96-bit
//! integer and a decimal scale, 28 significant digits), so `187.2` is 187.2 and
//! not 187.19999999999998863…, sums of yuan are exact to the fen, and a figure is
//! rounded only once, when it is shown (`crate::format`).
//!
//! serde_yaml hands a plain YAML number to a deserializer as an `f64`; the decimal
//! it was written as is the shortest one that reads back as that `f64` (ryu), which
//! is the written decimal itself for any figure of up to 15 significant digits.
//! The fast reader of canonical progress files (`crate::canonical`) parses the text
//! directly. Quoted strings are refused as before (`expected f64` in serde's words,
//! which the loader rewrites as "expected a number").

pub use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use std::fmt;
use std::str::FromStr;

/// The decimal `v` was written as: the shortest decimal that reads back as `v`
/// (exact for up to 15 significant digits); `None` for NaN, infinities and
/// magnitudes beyond 28 digits.
pub fn from_f64(v: f64) -> Option<Decimal> {
    if !v.is_finite() {
        return None;
    }
    let mut buffer = ryu::Buffer::new();
    let text = buffer.format_finite(v);
    Decimal::from_str(text)
        .or_else(|_| Decimal::from_scientific(text))
        .ok()
        .map(|d| d.normalize())
}

/// A decimal from digits as written (`187.2`, `-5`, `1e3`); `None` otherwise.
pub fn parse(text: &str) -> Option<Decimal> {
    Decimal::from_str(text)
        .or_else(|_| Decimal::from_scientific(text))
        .ok()
}

/// A whole number as a constant: `whole(1_000_000)`.
pub const fn whole(n: u64) -> Decimal {
    Decimal::from_parts(n as u32, (n >> 32) as u32, 0, false, 0)
}

/// A figure for a fixed-point literal in code and tests: `dec("187.2")`.
pub fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).expect("a decimal literal")
}

/// What a figure that cannot be a decimal is reported as; the loader classes
/// these messages (`out-of-range`, `physical-limit`) as validation would have.
fn not_a_figure<E: de::Error>(v: f64) -> E {
    if v.is_nan() {
        E::custom("expected a number 0 or more, found NaN")
    } else {
        E::custom(format!(
            "{v:e} is beyond any plausible figure (more than 10^15); \
             is it a typing error or a runaway exponent?"
        ))
    }
}

struct Figure;

impl<'de> Visitor<'de> for Figure {
    type Value = Decimal;

    /// Serde's own word for a float, so the loader's messages stay the same.
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("f64")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        from_f64(v).ok_or_else(|| not_a_figure(v))
    }
}

/// `#[serde(deserialize_with = "number::figure")]` for a [`Decimal`] field.
pub fn figure<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    d.deserialize_any(Figure)
}

struct OptionalFigure;

impl<'de> Visitor<'de> for OptionalFigure {
    type Value = Option<Decimal>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("f64")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        figure(d).map(Some)
    }
}

/// `#[serde(default, deserialize_with = "number::optional")]` for an optional
/// [`Decimal`] field (`null` or an empty value is `None`, as for `Option<f64>`).
pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    d.deserialize_option(OptionalFigure)
}

/// Serializes a figure as a YAML number: `100`, `187.2`.
pub fn serialize<S: serde::Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    let v = v.normalize();
    if v.scale() == 0 {
        if let Ok(n) = i64::try_from(v) {
            return s.serialize_i64(n);
        }
    }
    s.serialize_f64(rust_decimal::prelude::ToPrimitive::to_f64(&v).unwrap_or(f64::NAN))
}

/// [`serialize`] for an optional figure.
pub fn serialize_optional<S: serde::Serializer>(
    v: &Option<Decimal>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => serialize(v, s),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    struct T {
        #[serde(deserialize_with = "figure")]
        a: Decimal,
        #[serde(default, deserialize_with = "optional")]
        b: Option<Decimal>,
    }

    fn read(yaml: &str) -> Result<T, String> {
        serde_yaml::from_str(yaml).map_err(|e| e.to_string())
    }

    #[test]
    fn figures_are_the_decimals_written() {
        let t = read("a: 2.675\nb: 97403.99\n").unwrap();
        assert_eq!(t.a.to_string(), "2.675");
        assert_eq!(t.b.unwrap().to_string(), "97403.99");
        assert_eq!(read("a: 187.2").unwrap().a, dec("187.2"));
        assert_eq!(read("a: 100").unwrap().a.to_string(), "100");
        assert_eq!(read("a: -5\nb: null").unwrap().b, None);
        assert_eq!(read("a: 1e3").unwrap().a, dec("1000"));
        // Sums are exact: 0.1 + 0.2 is 0.3.
        assert_eq!(dec("0.1") + dec("0.2"), dec("0.3"));
        assert_eq!(from_f64(0.1 + 0.2), Some(dec("0.30000000000000004")));
        assert_eq!(from_f64(123456789012.345), Some(dec("123456789012.345")));
    }

    #[test]
    fn what_is_not_a_figure_is_refused_in_serdes_words() {
        let quoted = read("a: \"187.2\"").unwrap_err();
        assert!(quoted.contains("expected f64"), "{quoted}");
        let nan = read("a: .nan").unwrap_err();
        assert!(nan.contains("found NaN"), "{nan}");
        let huge = read("a: 1e40").unwrap_err();
        assert!(huge.contains("beyond any plausible figure"), "{huge}");
    }
}
