//! Display units of the figures: the unit word and the magnitude a reader expects
//! (`8.61万千瓦`, `350户`).

use super::numbers::{grouped, int, magnitude};

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
    Hours,
    YuanPerKw,
    /// A ratio, shown as a percentage.
    Percent,
    YuanPerHousehold,
}

/// A figure with its display unit, e.g. `("8.61", "万千瓦")` or `("350", "户")`.
pub fn with_unit(value: f64, unit: Unit) -> (String, String) {
    let scaled = |base: &str| {
        let (n, m) = magnitude(value);
        (n, format!("{m}{base}"))
    };
    match unit {
        Unit::Kw => scaled("千瓦"),
        Unit::Kwh => scaled("千瓦时"),
        Unit::Yuan => scaled("元"),
        Unit::Stations => (int(value), "座".into()),
        Unit::Households => (int(value), "户".into()),
        Unit::People => (int(value), "人".into()),
        Unit::Jobs => (int(value), "个".into()),
        Unit::Hours => (grouped(value, 1), "小时".into()),
        Unit::YuanPerKw => (grouped(value, 1), "元/千瓦".into()),
        Unit::Percent => (grouped(value * 100.0, 1), "%".into()),
        Unit::YuanPerHousehold => (grouped(value, 0), "元/户".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units() {
        assert_eq!(
            with_unit(86120.0, Unit::Kw),
            ("8.61".into(), "万千瓦".into())
        );
        assert_eq!(
            with_unit(350.0, Unit::Households),
            ("350".into(), "户".into())
        );
        assert_eq!(
            with_unit(312.46, Unit::Hours),
            ("312.5".into(), "小时".into())
        );
    }
}
