//! The generated period: quarters from 2016Q1 on, their days, and dates inside them.

/// The first year of every generated data set.
pub const FIRST_YEAR: i32 = 2016;

/// Equivalent hours by quarter of the year: winter low, spring and summer high.
pub const SEASON_HOURS: [f64; 4] = [235.0, 330.0, 320.0, 245.0];

pub fn quarter_name(i: usize) -> String {
    format!("{}Q{}", FIRST_YEAR + (i / 4) as i32, i % 4 + 1)
}

/// Days in quarter `i` and the date at fraction `f` of it.
pub fn quarter_days(i: usize) -> u32 {
    let year = FIRST_YEAR + (i / 4) as i32;
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    [if leap { 91 } else { 90 }, 91, 92, 92][i % 4]
}

pub fn date_in_quarter(i: usize, f: f64) -> String {
    let year = FIRST_YEAR + (i / 4) as i32;
    let first_month = (i % 4) as u32 * 3 + 1;
    let day_of_quarter = ((f * f64::from(quarter_days(i) - 1)) as u32).min(quarter_days(i) - 1);
    let mut month = first_month;
    let mut day = day_of_quarter + 1;
    loop {
        let dim = match month {
            2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if day <= dim {
            break;
        }
        day -= dim;
        month += 1;
    }
    format!("{year}-{month:02}-{day:02}")
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
