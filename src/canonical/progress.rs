//! Progress files in the layout `import` and `gen-sample` write and most offices
//! keep: a `quarter:` line, `stations:`, then one flow mapping per line
//! (`  - { station: a-1, generation_kwh: 52000, revenue_yuan: 44200 }`). The
//! writer ([`write`]) and the fast reader ([`read`]) of that layout, side by side.
//!
//! serde_yaml reads such a file at about 30 MB/s, and a national data set has
//! 170 MB of them; no YAML crate that keeps serde_yaml's behaviour is faster
//! (serde-saphyr took 1.7 times as long on a 30,000-station quarter). This reader
//! takes only the narrowest form of that layout — plain numbers, ids and status
//! words, each key once — and gives up on anything else: a quoted string, a
//! comment after an entry, a key it does not know, a number with a sign, an
//! exponent or leading zeros, a value of the wrong kind. Then the file is read by
//! serde_yaml as before, so every error and its position is the one serde_yaml
//! gives; what this reader accepts, serde_yaml reads to the same value (tested
//! against it, `tests/fuzz.rs`).

use crate::model::{Decimal, Distribution, ProgressEntry, ProgressFile, Quarter, Status};
use compact_str::CompactString;

/// The file, when it is in the layout this reader takes; `None` otherwise. Only
/// the space counts as blank, as for YAML (not every Unicode space).
pub fn read(text: &str) -> Option<ProgressFile> {
    if !plain_lines(text) {
        return None;
    }
    let mut lines = text
        .lines()
        .map(|l| l.trim_end_matches([' ', '\r']))
        .filter(|l| !l.is_empty() && !l.starts_with('#'));
    let quarter: Quarter = lines.next()?.strip_prefix("quarter: ")?.parse().ok()?;
    if lines.next()? != "stations:" {
        return None;
    }
    // As many entries as lines, less the two above: a vector grown by doubling
    // would hold up to twice the entries' memory (a national quarter: 55,000).
    let mut stations = Vec::with_capacity(text.lines().count().saturating_sub(2));
    for line in lines {
        let body = line.strip_prefix("  - {")?.strip_suffix('}')?;
        stations.push(entry(body)?);
    }
    if stations.is_empty() {
        return None;
    }
    Some(ProgressFile { quarter, stations })
}

/// Whether the text has only characters YAML prints, no tab (an error where YAML
/// looks for indentation) and only `\n` (or `\r\n`) line breaks: a lone `\r`,
/// NEL, LS or PS breaks a line for YAML, not for [`str::lines`].
fn plain_lines(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let ok = match c {
            '\r' => chars.peek() == Some(&'\n'),
            '\n' => true,
            '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' => false,
            c => {
                matches!(c, '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
            }
        };
        if !ok {
            return false;
        }
    }
    true
}

/// One flow mapping's `key: value, …` (the braces taken off).
fn entry(body: &str) -> Option<ProgressEntry> {
    let mut e = ProgressEntry::default();
    let mut seen: u32 = 0;
    let mut station = None;
    let mut rest = body;
    while !rest.trim_matches(' ').is_empty() {
        let (key, after) = rest.trim_start_matches(' ').split_once(": ")?;
        let value;
        (value, rest) = match after.trim_start_matches(' ').strip_prefix('{') {
            Some(inner) => {
                let (map, next) = inner.split_once('}')?;
                let next = next.trim_start_matches(' ');
                let next = match next.strip_prefix(',') {
                    Some(r) => r,
                    None if next.is_empty() => "",
                    None => return None,
                };
                (Value::Map(map), next)
            }
            None => match after.split_once(',') {
                Some((v, next)) => (Value::Plain(v.trim_matches(' ')), next),
                None => (Value::Plain(after.trim_matches(' ')), ""),
            },
        };
        let bit = field(&mut e, &mut station, key, value)?;
        if seen & bit != 0 {
            return None; // a key twice: serde_yaml's error
        }
        seen |= bit;
    }
    e.station = station?;
    Some(e)
}

enum Value<'a> {
    Plain(&'a str),
    Map(&'a str),
}

impl<'a> Value<'a> {
    fn plain(self) -> Option<&'a str> {
        match self {
            Value::Plain(v) => Some(v),
            Value::Map(_) => None,
        }
    }
}

/// Sets `key`; returns the key's bit (to find a key given twice), `None` for a key
/// or value this reader does not take.
fn field(
    e: &mut ProgressEntry,
    station: &mut Option<CompactString>,
    key: &str,
    value: Value<'_>,
) -> Option<u32> {
    let number = |v: Value<'_>| v.plain().and_then(number);
    let count = |v: Value<'_>| v.plain().and_then(count);
    Some(match key {
        "station" => {
            *station = Some(id(value.plain()?)?.into());
            1
        }
        "status" => {
            e.status = Some(status(value.plain()?)?);
            1 << 1
        }
        "generation_kwh" => {
            e.generation_kwh = number(value)?;
            1 << 2
        }
        "revenue_yuan" => {
            e.revenue_yuan = number(value)?;
            1 << 3
        }
        "distributed_yuan" => {
            e.distributed_yuan = Some(number(value)?);
            1 << 4
        }
        "public_jobs" => {
            e.public_jobs = Some(count(value)?);
            1 << 5
        }
        "downtime_days" => {
            e.downtime_days = Some(count(value)?);
            1 << 6
        }
        "tariff_yuan" => {
            e.money_mut().tariff_yuan = Some(number(value)?);
            1 << 7
        }
        "subsidy_yuan" => {
            e.money_mut().subsidy_yuan = Some(number(value)?);
            1 << 8
        }
        "subsidy_arrears_yuan" => {
            e.money_mut().subsidy_arrears_yuan = Some(number(value)?);
            1 << 9
        }
        "om_cost_yuan" => {
            e.money_mut().om_cost_yuan = Some(number(value)?);
            1 << 10
        }
        "land_rent_yuan" => {
            e.money_mut().land_rent_yuan = Some(number(value)?);
            1 << 11
        }
        "households_paid" => {
            e.money_mut().households_paid = Some(count(value)?);
            1 << 12
        }
        "distribution" => {
            let Value::Map(map) = value else { return None };
            e.money_mut().distribution = Some(distribution(map)?);
            1 << 13
        }
        _ => return None,
    })
}

fn distribution(map: &str) -> Option<Distribution> {
    let mut d = Distribution::default();
    let mut seen = [false; 4];
    for pair in map.split(',') {
        let (key, value) = pair.trim_matches(' ').split_once(": ")?;
        let (slot, i) = match key {
            "public_jobs_yuan" => (&mut d.public_jobs_yuan, 0),
            "public_welfare_yuan" => (&mut d.public_welfare_yuan, 1),
            "rewards_yuan" => (&mut d.rewards_yuan, 2),
            "other_yuan" => (&mut d.other_yuan, 3),
            _ => return None,
        };
        if std::mem::replace(&mut seen[i], true) {
            return None;
        }
        *slot = number(value.trim_matches(' '))?;
    }
    Some(d)
}

/// A station id as YAML reads it as a plain string: starting with a letter, of
/// `[a-z0-9-]`, and not a word YAML reads as something else.
fn id(v: &str) -> Option<&str> {
    let mut chars = v.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !matches!(
            v,
            "null" | "true" | "false" | "y" | "n" | "yes" | "no" | "on" | "off"
        );
    ok.then_some(v)
}

fn status(v: &str) -> Option<Status> {
    Some(match v {
        "planned" => Status::Planned,
        "tendering" => Status::Tendering,
        "under_construction" => Status::UnderConstruction,
        "built" => Status::Built,
        "grid_connected" => Status::GridConnected,
        _ => return None,
    })
}

/// Digits, with an optional fraction: no sign, exponent, or leading zeros, and
/// at most 15 of them, so serde_yaml reads them to the same decimal (through an
/// `f64`, see `model::number`). Parsed straight from the text: exact.
fn number(v: &str) -> Option<Decimal> {
    let (int, frac) = match v.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (v, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let plain_int = digits(int) && (int == "0" || !int.starts_with('0'));
    let ok = plain_int && int.len() + frac.map_or(0, str::len) <= 15 && frac.is_none_or(digits);
    if !ok {
        return None;
    }
    v.parse::<Decimal>().ok().map(|d| d.normalize())
}

/// A whole number that fits a `u32`.
fn count(v: &str) -> Option<u32> {
    let plain =
        !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) && (v == "0" || !v.starts_with('0'));
    if !plain || v.len() > 9 {
        return None;
    }
    v.parse().ok()
}

/// A progress file: `quarter:` and one `{ … }` line per station. Ids are
/// validated `[a-z0-9-]` and the rest are numbers, so nothing needs quoting.
pub fn write(comments: &str, quarter: &str, entries: &[ProgressEntry]) -> String {
    let mut out = format!("{comments}quarter: {quarter}\nstations:\n");
    for e in entries {
        let mut parts = vec![format!("station: {}", e.station)];
        if let Some(s) = e.status {
            parts.push(format!("status: {}", s.key()));
        }
        if !e.generation_kwh.is_zero() || !e.revenue_yuan.is_zero() || e.status.is_none() {
            parts.push(format!("generation_kwh: {}", num(e.generation_kwh)));
            parts.push(format!("revenue_yuan: {}", num(e.revenue_yuan)));
        }
        let money = e.money();
        let optional = [
            ("distributed_yuan", e.distributed_yuan),
            ("public_jobs", e.public_jobs.map(Decimal::from)),
            ("downtime_days", e.downtime_days.map(Decimal::from)),
            ("tariff_yuan", money.tariff_yuan),
            ("subsidy_yuan", money.subsidy_yuan),
            ("subsidy_arrears_yuan", money.subsidy_arrears_yuan),
            ("om_cost_yuan", money.om_cost_yuan),
            ("land_rent_yuan", money.land_rent_yuan),
        ];
        for (key, value) in optional {
            if let Some(v) = value {
                parts.push(format!("{key}: {}", num(v)));
            }
        }
        if let Some(d) = &money.distribution {
            parts.push(format!(
                "distribution: {{ public_jobs_yuan: {}, public_welfare_yuan: {}, rewards_yuan: {}, other_yuan: {} }}",
                num(d.public_jobs_yuan),
                num(d.public_welfare_yuan),
                num(d.rewards_yuan),
                num(d.other_yuan)
            ));
        }
        if let Some(h) = money.households_paid {
            parts.push(format!("households_paid: {h}"));
        }
        out.push_str(&format!("  - {{ {} }}\n", parts.join(", ")));
    }
    out
}

/// The decimal as people write it: whole numbers without `.0`, no trailing zeros.
fn num(v: Decimal) -> String {
    crate::format::exact(v)
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_written_as_people_write_them() {
        use crate::model::number::dec;
        assert_eq!(num(dec("187200")), "187200");
        assert_eq!(num(dec("1.2345") * dec("10000")), "12345");
        assert_eq!(num(dec("0.1") + dec("0.2")), "0.3");
        assert_eq!(num(dec("11814.50")), "11814.5");
    }

    use super::*;

    fn both(
        text: &str,
    ) -> (
        Option<ProgressFile>,
        Result<ProgressFile, serde_yaml::Error>,
    ) {
        (read(text), serde_yaml::from_str(text))
    }

    #[test]
    fn the_canonical_layout_reads_as_serde_yaml_reads_it() {
        let text = "# 示例数据\nquarter: 2017Q4\nstations:\n  - { station: donghu-001, generation_kwh: 14032, revenue_yuan: 11814.5, distributed_yuan: 9330, public_jobs: 1, distribution: { public_jobs_yuan: 5580, other_yuan: 1270 }, households_paid: 17 }\n  - { station: donghu-005, status: built }\r\n";
        let (fast, slow) = both(text);
        assert_eq!(fast.as_ref(), Some(&slow.unwrap()));
        assert_eq!(fast.unwrap().stations[1].status, Some(Status::Built));
    }

    #[test]
    fn the_sample_progress_files_read_fast_and_the_same() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/progress");
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let (fast, slow) = both(&text);
            assert_eq!(
                fast.expect("the sample is in the canonical layout"),
                slow.unwrap()
            );
        }
    }

    #[test]
    fn anything_else_is_left_to_serde_yaml() {
        for entry in [
            "station: \"a-1\", generation_kwh: 1",                // quoted
            "station: a-1, generation_kwh: 1e3",                  // exponent
            "station: a-1, generation_kwh: -5",                   // sign
            "station: a-1, generation_kwh: 007",                  // leading zeros
            "station: a-1, public_jobs: 1.5",                     // not a whole number
            "station: a-1, public_jobs: 4294967296",              // too large
            "station: a-1, generation_kwh: 1, generation_kwh: 2", // twice
            "station: a-1, genration_kwh: 1",                     // unknown key
            "station: a-1, status: 已并网",                       // a label, not the code
            "station: null",                                      // YAML's null
            "station: 123",                                       // a number
            "generation_kwh: 1",                                  // no station
            "station: a-1, generation_kwh:1",                     // not a key: value pair
        ] {
            let text = format!("quarter: 2017Q1\nstations:\n  - {{ {entry} }}\n");
            assert!(read(&text).is_none(), "{entry}");
        }
        let with_comment = "quarter: 2017Q1\nstations:\n  - { station: a-1 } # note\n";
        assert!(read(with_comment).is_none());
        let lone_cr = "#\r x\nquarter: 2017Q1\nstations:\n  - { station: a-1 }\n";
        assert!(
            read(lone_cr).is_none(),
            "a lone CR breaks the comment line for YAML"
        );
        let block = "quarter: 2017Q1\nstations:\n  - station: a-1\n    generation_kwh: 1\n";
        assert!(read(block).is_none(), "block style");
        assert!(read("quarter: 2017-Q1\nstations:\n  - { station: a-1 }\n").is_none());
    }
}
