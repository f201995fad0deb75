//! The generated period: quarters from 2016Q1 on, their days, and dates inside them
//! (the calendar is `model::calendar`'s).

use crate::model::Quarter;

/// The first year of every generated data set.
pub const FIRST_YEAR: i32 = 2016;

/// Equivalent hours by quarter of the year: winter low, spring and summer high.
pub const SEASON_HOURS: [f64; 4] = [235.0, 330.0, 320.0, 245.0];

/// Quarter `i` (0-based) of the generated period.
pub fn quarter(i: usize) -> Quarter {
    let first = Quarter::new(FIRST_YEAR, 1).expect("a quarter");
    (0..i).fold(first, |q, _| q.next())
}

pub fn quarter_name(i: usize) -> String {
    quarter(i).to_string()
}

/// Days in quarter `i`.
pub fn quarter_days(i: usize) -> u32 {
    quarter(i).days()
}

/// The date at fraction `f` of quarter `i`.
pub fn date_in_quarter(i: usize, f: f64) -> String {
    let days = quarter_days(i);
    let day_of_quarter = ((f * f64::from(days - 1)) as u32).min(days - 1);
    quarter(i).first_day().plus_days(day_of_quarter).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_stay_inside_their_quarter() {
        assert_eq!(date_in_quarter(0, 0.0), "2016-01-01");
        assert_eq!(date_in_quarter(0, 0.999), "2016-03-30");
        assert_eq!(date_in_quarter(1, 0.5), "2016-05-16");
        assert_eq!(date_in_quarter(7, 1.0), "2017-12-31");
        assert_eq!(quarter_name(5), "2017Q2");
    }
}
