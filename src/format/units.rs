//! Display units of the figures: the unit word and the magnitude a reader expects
//! (`8.61万千瓦`, `350户`).

use super::numbers::{grouped, magnitude, magnitude_of, round};
use rust_decimal::Decimal;

/// How a figure is measured; the display unit is picked from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Unit {
    Kw,
    Stations,
    Kwh,
    Yuan,
    Households,
    People,
    Jobs,
    Villages,
    Hours,
    YuanPerKw,
    /// A ratio, shown as a percentage.
    Percent,
    YuanPerHousehold,
}

impl Unit {
    /// Whether the figure switches to 万/亿 by magnitude.
    fn scaled(self) -> Option<&'static str> {
        match self {
            Unit::Kw => Some("千瓦"),
            Unit::Kwh => Some("千瓦时"),
            Unit::Yuan => Some("元"),
            _ => None,
        }
    }

    /// Decimals shown, for the units that do not switch magnitude.
    fn places(self) -> usize {
        match self {
            Unit::Hours | Unit::YuanPerKw | Unit::Percent => 1,
            _ => 0,
        }
    }

    /// The unit word of an unscaled figure.
    fn word(self) -> &'static str {
        match self {
            Unit::Kw => "千瓦",
            Unit::Kwh => "千瓦时",
            Unit::Yuan => "元",
            Unit::Stations => "座",
            Unit::Households => "户",
            Unit::People => "人",
            Unit::Jobs => "个",
            Unit::Villages => "个",
            Unit::Hours => "小时",
            Unit::YuanPerKw => "元/千瓦",
            Unit::Percent => "%",
            Unit::YuanPerHousehold => "元/户",
        }
    }

    /// The unit word when the figure is unknown (no magnitude to pick).
    pub fn base_word(self) -> &'static str {
        self.word()
    }
}

/// A figure with its display unit, e.g. `("8.61", "万千瓦")` or `("350", "户")`.
pub fn with_unit(value: Decimal, unit: Unit) -> (String, String) {
    match unit.scaled() {
        Some(base) => {
            let (n, m) = magnitude(value);
            (n, format!("{m}{base}"))
        }
        None if unit == Unit::Percent => {
            (grouped(value * Decimal::ONE_HUNDRED, 1), unit.word().into())
        }
        None => (grouped(value, unit.places()), unit.word().into()),
    }
}

/// The figure as [`with_unit`] shows it, back in the figure's own unit (yuan,
/// kW, a ratio): `12,345.67元` shown as `1.23万元` is 12,300. Whether shown parts
/// add up to a shown total is decided on these.
pub fn shown(value: Decimal, unit: Unit) -> Decimal {
    match unit.scaled() {
        Some(_) => {
            let (divisor, word) = magnitude_of(value);
            let places = if word.is_empty() { 0 } else { 2 };
            round(value / divisor, places) * divisor
        }
        None if unit == Unit::Percent => {
            round(value * Decimal::ONE_HUNDRED, 1) / Decimal::ONE_HUNDRED
        }
        None => round(value, unit.places()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::number::dec;

    #[test]
    fn units() {
        assert_eq!(
            with_unit(dec("86120"), Unit::Kw),
            ("8.61".into(), "万千瓦".into())
        );
        assert_eq!(
            with_unit(dec("350"), Unit::Households),
            ("350".into(), "户".into())
        );
        assert_eq!(
            with_unit(dec("312.46"), Unit::Hours),
            ("312.5".into(), "小时".into())
        );
        assert_eq!(
            with_unit(dec("0.3335"), Unit::Percent),
            ("33.4".into(), "%".into())
        );
    }

    #[test]
    fn shown_values_are_what_the_reader_sees() {
        assert_eq!(shown(dec("12345.67"), Unit::Yuan), dec("12300"));
        assert_eq!(shown(dec("9999.5"), Unit::Yuan), dec("10000"));
        assert_eq!(shown(dec("0.33333"), Unit::Percent), dec("0.333"));
    }
}
