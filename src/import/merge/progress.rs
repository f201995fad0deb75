//! Imported quarter figures merged with the quarter's file: rows are matched by
//! id or name, replace that station's entry in `progress/<quarter>.yaml` and keep
//! the rest.

use crate::canonical;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, FieldPath};
use crate::import::records::{self, Source};
use crate::import::Plan;
use crate::model::{Dataset, ProgressEntry, Quarter};
use std::collections::BTreeSet;
use std::path::Path;

/// The figures of the sheet merged into the quarter's file.
pub fn progress(
    data: &Dataset,
    dir: &Path,
    src: &Source,
    quarter: &str,
    found: &mut Diagnostics,
) -> Plan {
    let Ok(q) = quarter.parse::<Quarter>() else {
        found.push(
            Diagnostic::error(
                Code::InvalidValue,
                "--quarter",
                FieldPath::root(),
                format!("`{quarter}` is not a quarter"),
            )
            .with_hint(Some("write it as 2017Q1".into())),
        );
        return Plan {
            files: vec![],
            summary: vec![],
        };
    };
    let rows = records::progress(src, found);
    let rel = format!("progress/{q}.yaml");
    let existing = data.progress.iter().find(|p| p.quarter == q);
    let mut entries: Vec<ProgressEntry> = existing.map(|p| p.stations.clone()).unwrap_or_default();
    let (mut added, mut replaced, mut unchanged) = (0, 0, 0);
    let mut seen = BTreeSet::new();
    for (at, id, name, mut entry) in rows {
        let Some(station) = station_of(data, &at, id, name, found) else {
            continue;
        };
        if !seen.insert(station.clone()) {
            found.push(Diagnostic::error(
                Code::Duplicate,
                at,
                FieldPath::root(),
                format!("station `{station}` appears twice in the sheet"),
            ));
            continue;
        }
        entry.station = station.clone();
        match entries.iter().position(|e| e.station == station) {
            Some(i) => {
                entry.distribution = entry.distribution.or(entries[i].distribution.clone());
                entry.subsidy_arrears_yuan = entry
                    .subsidy_arrears_yuan
                    .or(entries[i].subsidy_arrears_yuan);
                if entries[i] == entry {
                    unchanged += 1;
                } else {
                    replaced += 1;
                }
                entries[i] = entry;
            }
            None => {
                entries.push(entry);
                added += 1;
            }
        }
    }
    let old = std::fs::read_to_string(dir.join(&rel)).unwrap_or_default();
    let comments = canonical::leading_comments(&old);
    let text = canonical::with_bom_of(
        &old,
        canonical::progress::write(&comments, &q.to_string(), &entries),
    );
    Plan {
        files: vec![(rel, text)],
        summary: vec![format!(
            "progress {q}: {added} stations added, {replaced} replaced, {unchanged} unchanged, {} kept (not in the sheet)",
            entries.len() - added - replaced - unchanged
        )],
    }
}

/// The station a row names: by 编号 when it is a station's id, else by name when
/// exactly one station has it; else an error at the row.
fn station_of(
    data: &Dataset,
    at: &str,
    id: Option<String>,
    name: Option<String>,
    found: &mut Diagnostics,
) -> Option<String> {
    let station = match (&id, &name) {
        (Some(id), _) if data.stations.iter().any(|s| &s.id == id) => Some(id.clone()),
        (_, Some(name)) => {
            let matches: Vec<&str> = data
                .stations
                .iter()
                .filter(|s| &s.name == name)
                .map(|s| s.id.as_str())
                .collect();
            match matches.as_slice() {
                [one] => Some(one.to_string()),
                [] => None,
                many => {
                    found.push(
                        Diagnostic::error(
                            Code::Duplicate,
                            at,
                            FieldPath::root(),
                            format!(
                                "电站名称: `{name}` names {} stations ({})",
                                many.len(),
                                many.join(", ")
                            ),
                        )
                        .with_hint(Some("add an 编号 column with the station ids".into())),
                    );
                    return None;
                }
            }
        }
        _ => None,
    };
    if station.is_none() {
        let what = id.or(name).unwrap_or_default();
        found.push(
            Diagnostic::error(
                Code::UnknownReference,
                at,
                FieldPath::root(),
                format!("no station `{what}` in stations/"),
            )
            .with_hint(Some(
                "import the ledger first (pv-bulletin import stations), or fix the name".into(),
            )),
        );
    }
    station
}
