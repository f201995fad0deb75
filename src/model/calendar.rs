//! Calendar types the data speaks in: plain dates (`2017-03-28`) and quarters (`2017Q1`).
//!
//! Both are parsed strictly while loading, so a malformed value is reported with the
//! line and column of the YAML scalar that holds it. Day arithmetic and the
//! calendar's rules are jiff's; [`Quarter`], the period every figure belongs to, is
//! ours.

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
        let civil = jiff::civil::Date::new(
            i16::try_from(year).ok()?,
            i8::try_from(month).ok()?,
            i8::try_from(day).ok()?,
        )
        .ok()?;
        Some(Date::of(civil))
    }

    fn of(civil: jiff::civil::Date) -> Date {
        Date {
            year: i32::from(civil.year()),
            month: civil.month() as u32,
            day: civil.day() as u32,
        }
    }

    fn civil(self) -> jiff::civil::Date {
        jiff::civil::date(self.year as i16, self.month as i8, self.day as i8)
    }

    /// The date `days` days later (`days` = 0 is the same day).
    pub fn plus_days(self, days: u32) -> Date {
        Date::of(self.civil() + jiff::Span::new().days(i64::from(days)))
    }

    /// The following calendar day.
    pub fn next_day(self) -> Date {
        self.plus_days(1)
    }

    /// The date `days` after 1970-01-01 (before it, when negative); `None` outside
    /// the years 1–9999.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let span = jiff::Span::new().try_days(days).ok()?;
        jiff::civil::date(1970, 1, 1)
            .checked_add(span)
            .ok()
            .filter(|d| d.year() >= 1)
            .map(Date::of)
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

/// Days in `month` of `year` (0 for a month that does not exist).
pub fn days_in_month(year: i32, month: u32) -> u32 {
    Date::new(year, month, 1).map_or(0, |d| d.civil().days_in_month() as u32)
}

/// Today's date where the office is: the machine's clock read in the machine's
/// time zone (`TZ`, else the system's), so at 07:00 in Beijing on 1 April it is
/// already the second quarter, though it is still 31 March in UTC.
///
/// `PV_BULLETIN_TODAY` overrides the clock: a date (`2018-01-15`, taken as it is)
/// or an instant (`2026-03-31T23:00:00Z`, read in the machine's time zone like the
/// clock), for preparing an issue ahead of time and for tests.
pub fn today() -> Result<Date, String> {
    let zone = jiff::tz::TimeZone::system();
    match std::env::var("PV_BULLETIN_TODAY") {
        Ok(text) => today_from(&text, &zone).map_err(|e| format!("PV_BULLETIN_TODAY: {e}")),
        Err(_) => Ok(date_at(jiff::Timestamp::now(), &zone)),
    }
}

/// The date at `instant` in `zone`: the clock behind [`today`], injectable.
pub fn date_at(instant: jiff::Timestamp, zone: &jiff::tz::TimeZone) -> Date {
    Date::of(instant.to_zoned_datetime(zone.clone()).date())
}

/// `PV_BULLETIN_TODAY`'s value: a date as it is, or an instant read in `zone`.
fn today_from(text: &str, zone: &jiff::tz::TimeZone) -> Result<Date, String> {
    if let Ok(instant) = text.trim().parse::<jiff::Timestamp>() {
        return Ok(date_at(instant, zone));
    }
    text.parse::<Date>()
        .map_err(|e| format!("{e}, or an instant with its offset (e.g. 2026-03-31T23:00:00Z)"))
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

    /// The quarter after this one.
    pub fn next(&self) -> Quarter {
        match self.q {
            4 => Quarter {
                year: self.year + 1,
                q: 1,
            },
            q => Quarter {
                year: self.year,
                q: q + 1,
            },
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        let day = |n| Date::from_days_since_epoch(n).unwrap().to_string();
        assert_eq!(day(0), "1970-01-01");
        assert_eq!(day(17_253), "2017-03-28");
        assert_eq!(day(20_415), "2025-11-23");
        assert_eq!(day(-1), "1969-12-31");
        assert_eq!(Date::from_days_since_epoch(-800_000), None);
        assert_eq!(days_in_month(2016, 2), 29);
        assert_eq!(days_in_month(2100, 2), 28);
        assert_eq!(days_in_month(2017, 13), 0);
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
        assert_eq!(q.previous().next(), q);
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

    /// 07:00 on 1 April in Beijing is 23:00 on 31 March in UTC: an office in
    /// Beijing is already in the second quarter.
    #[test]
    fn today_is_the_date_in_the_offices_time_zone() {
        let instant: jiff::Timestamp = "2026-03-31T23:00:00Z".parse().unwrap();
        let Ok(beijing) = jiff::tz::TimeZone::get("Asia/Shanghai") else {
            eprintln!("skipped: no time zone database for Asia/Shanghai");
            return;
        };
        let there = date_at(instant, &beijing);
        assert_eq!(there, Date::new(2026, 4, 1).unwrap());
        assert_eq!(there.quarter().to_string(), "2026Q2");
        let utc = date_at(instant, &jiff::tz::TimeZone::UTC);
        assert_eq!(utc.quarter().to_string(), "2026Q1");
        // The override: an instant is read in the zone, a date taken as it is.
        let q = |text: &str| today_from(text, &beijing).map(|d| d.quarter().to_string());
        assert_eq!(q("2026-03-31T23:00:00Z").as_deref(), Ok("2026Q2"));
        assert_eq!(q("2026-03-31").as_deref(), Ok("2026Q1"));
        assert!(today_from("31/03/2026", &beijing).is_err());
    }

    #[test]
    fn rejects_malformed_quarters() {
        for bad in ["2017Q5", "2017Q0", "17Q1", "2017-Q1", "2017q1", "2017"] {
            assert!(bad.parse::<Quarter>().is_err(), "{bad} should be rejected");
        }
    }
}
