//! The canonical YAML an import writes: the same layout a person writes by hand
//! (block style, one `- id:` block per station in the model's key order; one
//! flow line per station in a progress file). The comment lines at the top of an
//! existing file are kept; comments between records are not (documented).

use crate::model::{Date, ProgressEntry, Station, StationKind, Status};
use serde::Serialize;

/// A station as written: unknown values left out rather than `null`.
#[derive(Serialize)]
struct StationOut<'a> {
    id: &'a str,
    name: &'a str,
    county: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    town: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    village: Option<&'a str>,
    kind: StationKind,
    #[serde(serialize_with = "whole_or_decimal")]
    capacity_kw: f64,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    grid_date: Option<Date>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "whole_or_decimal_opt"
    )]
    investment_yuan: Option<f64>,
    /// Always written, as in hand-written files and `gen-sample`, although 1 is the
    /// default: dropping it would rewrite every existing station on re-import.
    villages_served: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    beneficiary_households: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    beneficiary_people: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    land_use: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    om_provider: Option<&'a str>,
}

/// `100`, not serde_yaml's `100.0`: the way people (and the sample) write kW and yuan.
fn whole_or_decimal<S: serde::Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    let whole = v.fract() == 0.0 && v.abs() < 9.0e15;
    if whole {
        s.serialize_i64(*v as i64)
    } else {
        s.serialize_f64(*v)
    }
}

fn whole_or_decimal_opt<S: serde::Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => whole_or_decimal(v, s),
        None => s.serialize_none(),
    }
}

/// The comment block at the top of an existing file (kept on rewrite).
pub fn leading_comments(old: &str) -> String {
    old.lines()
        .take_while(|l| l.trim_start().starts_with('#') || l.trim().is_empty())
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("{l}\n"))
        .collect()
}

pub fn stations_file(comments: &str, stations: &[Station]) -> String {
    let out: Vec<StationOut> = stations
        .iter()
        .map(|s| StationOut {
            id: &s.id,
            name: &s.name,
            county: &s.county,
            town: s.town.as_deref(),
            village: s.village.as_deref(),
            kind: s.kind,
            capacity_kw: s.capacity_kw,
            status: s.status,
            grid_date: s.grid_date,
            investment_yuan: s.investment_yuan,
            villages_served: s.villages_served,
            beneficiary_households: s.beneficiary_households,
            beneficiary_people: s.beneficiary_people,
            land_use: s.land_use.as_deref(),
            om_provider: s.om_provider.as_deref(),
        })
        .collect();
    let body = if out.is_empty() {
        "[]\n".to_string()
    } else {
        serde_yaml::to_string(&out).unwrap_or_default()
    };
    format!("{comments}{body}")
}

/// A progress file: `quarter:` and one `{ … }` line per station. Ids are
/// validated `[a-z0-9-]` and the rest are numbers, so nothing needs quoting.
pub fn progress_file(comments: &str, quarter: &str, entries: &[ProgressEntry]) -> String {
    let mut out = format!("{comments}quarter: {quarter}\nstations:\n");
    for e in entries {
        let mut parts = vec![format!("station: {}", e.station)];
        if let Some(s) = e.status {
            parts.push(format!("status: {}", status_key(s)));
        }
        if e.generation_kwh != 0.0 || e.revenue_yuan != 0.0 || e.status.is_none() {
            parts.push(format!("generation_kwh: {}", num(e.generation_kwh)));
            parts.push(format!("revenue_yuan: {}", num(e.revenue_yuan)));
        }
        let optional = [
            ("distributed_yuan", e.distributed_yuan),
            ("public_jobs", e.public_jobs.map(f64::from)),
            ("downtime_days", e.downtime_days.map(f64::from)),
            ("tariff_yuan", e.tariff_yuan),
            ("subsidy_yuan", e.subsidy_yuan),
            ("subsidy_arrears_yuan", e.subsidy_arrears_yuan),
            ("om_cost_yuan", e.om_cost_yuan),
            ("land_rent_yuan", e.land_rent_yuan),
        ];
        for (key, value) in optional {
            if let Some(v) = value {
                parts.push(format!("{key}: {}", num(v)));
            }
        }
        if let Some(d) = &e.distribution {
            parts.push(format!(
                "distribution: {{ public_jobs_yuan: {}, public_welfare_yuan: {}, rewards_yuan: {}, other_yuan: {} }}",
                num(d.public_jobs_yuan),
                num(d.public_welfare_yuan),
                num(d.rewards_yuan),
                num(d.other_yuan)
            ));
        }
        if let Some(h) = e.households_paid {
            parts.push(format!("households_paid: {h}"));
        }
        out.push_str(&format!("  - {{ {} }}\n", parts.join(", ")));
    }
    out
}

fn status_key(s: Status) -> &'static str {
    match s {
        Status::Planned => "planned",
        Status::Tendering => "tendering",
        Status::UnderConstruction => "under_construction",
        Status::Built => "built",
        Status::GridConnected => "grid_connected",
    }
}

/// Whole numbers without `.0`; others with up to 4 decimals (万元 × 10,000 may
/// leave float noise).
fn num(v: f64) -> String {
    let rounded = (v * 10_000.0).round() / 10_000.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        let s = format!("{rounded:.4}");
        s.trim_end_matches('0').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_people_write_them() {
        assert_eq!(num(187200.0), "187200");
        assert_eq!(num(1.2345 * 10_000.0), "12345");
        assert_eq!(num(0.1 + 0.2), "0.3");
        let station = |capacity_kw: f64, investment: Option<f64>| StationOut {
            id: "a-1",
            name: "甲",
            county: "a",
            town: None,
            village: None,
            kind: StationKind::Village,
            capacity_kw,
            status: Status::Planned,
            grid_date: None,
            investment_yuan: investment,
            villages_served: 1,
            beneficiary_households: None,
            beneficiary_people: None,
            land_use: None,
            om_provider: None,
        };
        let yaml = serde_yaml::to_string(&station(100.0, Some(763900.0))).unwrap();
        assert!(yaml.contains("capacity_kw: 100\n"), "{yaml}");
        assert!(yaml.contains("investment_yuan: 763900\n"), "{yaml}");
        assert!(yaml.contains("villages_served: 1\n"), "{yaml}");
        let yaml = serde_yaml::to_string(&station(187.2, None)).unwrap();
        assert!(yaml.contains("capacity_kw: 187.2\n"), "{yaml}");
        assert!(!yaml.contains("investment_yuan"), "{yaml}");
        assert_eq!(leading_comments("# a\n# b\n- id: x\n# c\n"), "# a\n# b\n");
    }
}
