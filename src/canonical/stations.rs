//! Station files as pv-bulletin writes them: the layout a person writes by hand,
//! block style, one `- id:` block per station in the model's key order. The
//! comment lines at the top of an existing file are kept; comments between
//! records are not (documented).

use crate::model::{Date, Decimal, Station, StationKind, Status};
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
    #[serde(serialize_with = "crate::model::number::serialize")]
    capacity_kw: Decimal,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    grid_date: Option<Date>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::model::number::serialize_optional"
    )]
    investment_yuan: Option<Decimal>,
    /// Always written, as in hand-written files and `gen-sample`, although 1 is the
    /// default: dropping it would rewrite every existing station on re-import.
    villages_served: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    beneficiary_households: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    beneficiary_people: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    monitored_households: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    land_use: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    om_provider: Option<&'a str>,
}

/// A station file: `comments`, then the stations.
pub fn write(comments: &str, stations: &[Station]) -> String {
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
            monitored_households: s.monitored_households,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_people_write_them() {
        use crate::model::number::dec;
        let station = |capacity_kw: Decimal, investment: Option<Decimal>| StationOut {
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
            monitored_households: None,
            land_use: None,
            om_provider: None,
        };
        let yaml = serde_yaml::to_string(&station(dec("100"), Some(dec("763900")))).unwrap();
        assert!(yaml.contains("capacity_kw: 100\n"), "{yaml}");
        assert!(yaml.contains("investment_yuan: 763900\n"), "{yaml}");
        assert!(yaml.contains("villages_served: 1\n"), "{yaml}");
        let yaml = serde_yaml::to_string(&station(dec("187.2"), None)).unwrap();
        assert!(yaml.contains("capacity_kw: 187.2\n"), "{yaml}");
        assert!(!yaml.contains("investment_yuan"), "{yaml}");
    }
}
