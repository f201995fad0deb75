//! Dates as bulletins print them: `2017年3月28日`.

use crate::model::Date;

/// `2017年3月28日`
pub fn date_zh(d: Date) -> String {
    format!("{}年{}月{}日", d.year, d.month, d.day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(date_zh(Date::new(2017, 3, 28).unwrap()), "2017年3月28日");
    }
}
