//! Calendar types the data speaks in: plain dates (`2017-03-28`) and quarters (`2017Q1`).
//!
//! Both are parsed strictly while loading, so a malformed value is reported with the
//! line and column of the YAML scalar that holds it.

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A calendar date without time zone, as written in the data (`YYYY-MM-DD`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The date `days` days later (`days` = 0 is the same day).
    pub fn plus_days(self, days: u32) -> Date {
        let mut d = self;
        for _ in 0..days {
            d = d.next_day();
        }
        d
    }

    /// The following calendar day.
    pub fn next_day(self) -> Date {
        if self.day < days_in_month(self.year, self.month) {
            Date {
                day: self.day + 1,
                ..self
            }
        } else if self.month < 12 {
            Date {
                month: self.month + 1,
                day: 1,
                ..self
            }
        } else {
            Date {
                year: self.year + 1,
                month: 1,
                day: 1,
            }
        }
    }

    /// The quarter this date falls in.
    pub fn quarter(&self) -> Quarter {
        Quarter {
            year: self.year,
            q: ((self.month - 1) / 3 + 1) as u8,
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let expected = || format!("expected a date as YYYY-MM-DD (e.g. 2017-03-28), found `{s}`");
        let parts: Vec<&str> = s.trim().split('-').collect();
        if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
            return Err(expected());
        }
        let year = parts[0].parse::<i32>().map_err(|_| expected())?;
        let month = parts[1].parse::<u32>().map_err(|_| expected())?;
        let day = parts[2].parse::<u32>().map_err(|_| expected())?;
        Date::new(year, month, day).ok_or_else(|| format!("`{s}` is not a real calendar date"))
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(de::Error::custom)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The canonical form of a date written another common way (`2017/3/28`,
/// `2017.3.28`, `2017年3月28日`, `2017-3-28`), for a "did you mean" hint. The data
/// itself must use `YYYY-MM-DD`.
pub fn normalise_date(s: &str) -> Option<String> {
    let parts: Vec<&str> = s
        .trim()
        .split(['/', '.', '-', '年', '月', '日'])
        .filter(|p| !p.is_empty())
        .collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let date = Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
    Some(date.to_string())
}

/// The canonical form of a quarter written another common way (`2017-Q1`,
/// `2017q1`, `2017 Q1`, `2017年第1季度`, `2017年一季度`).
pub fn normalise_quarter(s: &str) -> Option<String> {
    let s = s.trim();
    let year: String = s.chars().take_while(char::is_ascii_digit).collect();
    let rest = &s[year.len()..];
    let q = rest.chars().rev().find_map(|c| match c {
        '1' | '一' => Some(1),
        '2' | '二' => Some(2),
        '3' | '三' => Some(3),
        '4' | '四' => Some(4),
        _ => None,
    })?;
    let year: i32 = year.parse().ok()?;
    (year > 999).then(|| format!("{year}Q{q}"))
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// A calendar quarter (`2017Q1`), the period every progress report and bulletin covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    pub year: i32,
    /// 1..=4
    pub q: u8,
}

impl Quarter {
    pub fn new(year: i32, q: u8) -> Option<Quarter> {
        (1..=4).contains(&q).then_some(Quarter { year, q })
    }

    /// The quarter before this one (环比 compares against it).
    pub fn previous(&self) -> Quarter {
        if self.q == 1 {
            Quarter {
                year: self.year - 1,
                q: 4,
            }
        } else {
            Quarter {
                year: self.year,
                q: self.q - 1,
            }
        }
    }

    /// The same quarter one year earlier (同比 compares against it).
    pub fn year_before(&self) -> Quarter {
        Quarter {
            year: self.year - 1,
            q: self.q,
        }
    }

    pub fn first_day(&self) -> Date {
        Date {
            year: self.year,
            month: u32::from(self.q) * 3 - 2,
            day: 1,
        }
    }

    pub fn last_day(&self) -> Date {
        let month = u32::from(self.q) * 3;
        Date {
            year: self.year,
            month,
            day: days_in_month(self.year, month),
        }
    }

    /// Number of days in the quarter; bounds generation (kW × 24 h × days).
    pub fn days(&self) -> u32 {
        let first = u32::from(self.q) * 3 - 2;
        (first..first + 3)
            .map(|m| days_in_month(self.year, m))
            .sum()
    }

    /// Chinese label, e.g. `2017年第1季度`.
    pub fn label_zh(&self) -> String {
        format!("{}年第{}季度", self.year, self.q)
    }

    /// Short label for chart axes, e.g. `17Q1`.
    pub fn short_label(&self) -> String {
        format!("{:02}Q{}", self.year.rem_euclid(100), self.q)
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}Q{}", self.year, self.q)
    }
}

impl FromStr for Quarter {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err =
            || format!("expected a quarter as YYYYQn with n in 1..4 (e.g. 2017Q1), found `{s}`");
        let (year, q) = s.split_once('Q').ok_or_else(err)?;
        if year.len() != 4 || q.len() != 1 {
            return Err(err());
        }
        let year = year.parse::<i32>().map_err(|_| err())?;
        let q = q.parse::<u8>().map_err(|_| err())?;
        Quarter::new(year, q).ok_or_else(err)
    }
}

impl<'de> Deserialize<'de> for Quarter {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(de::Error::custom)
    }
}

impl Serialize for Quarter {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The calendar date `days` after 1970-01-01 (H. Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0).to_string(), "1970-01-01");
        assert_eq!(civil_from_days(17_253).to_string(), "2017-03-28");
        assert_eq!(civil_from_days(20_415).to_string(), "2025-11-23");
        assert_eq!(civil_from_days(-1).to_string(), "1969-12-31");
    }

    #[test]
    fn adds_days_across_months_and_years() {
        let d = |y, m, day| Date::new(y, m, day).unwrap();
        assert_eq!(d(2018, 1, 10).plus_days(6), d(2018, 1, 16));
        assert_eq!(d(2017, 12, 28).plus_days(7), d(2018, 1, 4));
        assert_eq!(d(2016, 2, 28).plus_days(1), d(2016, 2, 29));
        assert_eq!(d(2017, 2, 28).plus_days(1), d(2017, 3, 1));
        assert_eq!(d(2017, 3, 1).plus_days(0), d(2017, 3, 1));
    }

    #[test]
    fn parses_and_rejects_dates() {
        assert_eq!(
            "2017-02-15".parse::<Date>(),
            Ok(Date::new(2017, 2, 15).unwrap())
        );
        assert!("2017-02-29".parse::<Date>().is_err());
        assert!("2016-02-29".parse::<Date>().is_ok());
        assert!("2017/3/28".parse::<Date>().is_err());
        assert!("2017-3-28".parse::<Date>().is_err());
    }

    #[test]
    fn quarter_arithmetic() {
        let q: Quarter = "2017Q1".parse().unwrap();
        assert_eq!(q.previous().to_string(), "2016Q4");
        assert_eq!(q.year_before().to_string(), "2016Q1");
        assert_eq!(q.days(), 90);
        assert_eq!("2016Q1".parse::<Quarter>().unwrap().days(), 91);
        assert_eq!("2017Q3".parse::<Quarter>().unwrap().days(), 92);
        assert_eq!(q.last_day().to_string(), "2017-03-31");
        assert_eq!(
            Date::new(2017, 8, 1).unwrap().quarter().to_string(),
            "2017Q3"
        );
    }

    #[test]
    fn suggests_canonical_forms() {
        assert_eq!(normalise_date("2017/3/28").as_deref(), Some("2017-03-28"));
        assert_eq!(
            normalise_date("2017年3月28日").as_deref(),
            Some("2017-03-28")
        );
        assert_eq!(normalise_date("2017/2/30"), None);
        assert_eq!(normalise_quarter("2017-Q1").as_deref(), Some("2017Q1"));
        assert_eq!(normalise_quarter("2017q3").as_deref(), Some("2017Q3"));
        assert_eq!(
            normalise_quarter("2017年第二季度").as_deref(),
            Some("2017Q2")
        );
        assert_eq!(normalise_quarter("Q1"), None);
    }

    #[test]
    fn rejects_malformed_quarters() {
        for bad in ["2017Q5", "2017Q0", "17Q1", "2017-Q1", "2017q1", "2017"] {
            assert!(bad.parse::<Quarter>().is_err(), "{bad} should be rejected");
        }
    }
}
