//! Imported rows merged with the data already there. Stations: an 编号 column
//! names the id; otherwise a station of the same name in the same county keeps
//! its id; otherwise the next free `<county>-<n>`. Existing stations keep their
//! file and place; new ones go to `stations/<county>.yaml`; stations missing
//! from the sheet are kept and listed. Progress: rows are matched by id or name,
//! replace that station's entry in `progress/<quarter>.yaml` and keep the rest.

use super::columns::Field;
use super::records::{self, Source, StationRow};
use super::yaml;
use super::Plan;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, FieldPath};
use crate::model::{Dataset, ProgressEntry, Quarter, Station};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

pub fn stations(
    data: &Dataset,
    dir: &Path,
    src: &Source,
    county: Option<&str>,
    found: &mut Diagnostics,
) -> Plan {
    let counties: Vec<&crate::model::County> = data.counties.iter().map(|c| &c.value).collect();
    if let Some(c) = county {
        if !counties.iter().any(|k| k.id == c) {
            found.push(Diagnostic::error(
                Code::UnknownReference,
                "--county",
                FieldPath::root(),
                format!("`{c}` is not a county id in counties.yaml"),
            ));
            return Plan {
                files: vec![],
                summary: vec![],
            };
        }
    }
    let rows = records::stations(src, &counties, county, found);
    // Existing stations by file, in file order.
    let mut files: BTreeMap<String, Vec<Station>> = BTreeMap::new();
    for s in &data.stations {
        files
            .entry(s.origin.file.clone())
            .or_default()
            .push(s.value.clone());
    }
    let mut index = Index::new(&files);
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let (mut added, mut updated, mut unchanged) = (0, 0, 0);
    let mut next: BTreeMap<String, (u32, usize)> = BTreeMap::new();
    for row in rows {
        // An 编号 names the station; only without one does the name decide.
        let existing = match &row.id {
            Some(id) => index.by_id.get(id.as_str()).cloned(),
            None => match index.by_name(&row.county, &row.name) {
                Ok(found) => found,
                Err(ids) => {
                    found.push(
                        Diagnostic::error(
                            Code::Duplicate,
                            row.at.clone(),
                            FieldPath::root(),
                            format!(
                                "电站名称: `{}` names {} stations in `{}` ({})",
                                row.name,
                                ids.len(),
                                row.county,
                                ids.join(", ")
                            ),
                        )
                        .with_hint(Some("add an 编号 column with the station ids".into())),
                    );
                    continue;
                }
            },
        };
        let id = match (&row.id, &existing) {
            (Some(id), _) => id.clone(),
            (None, Some((f, i))) => files[f][*i].id.clone(),
            (None, None) => new_id(&files, &mut next, &row.county),
        };
        if !seen.insert(id.clone()) {
            found.push(Diagnostic::error(
                Code::Duplicate,
                row.at.clone(),
                FieldPath::root(),
                format!("station `{}` ({id}) appears twice in the sheet", row.name),
            ));
            continue;
        }
        match existing {
            Some((f, i)) => {
                let old = &files[&f][i];
                let new = merged(old, &row, &id, src);
                if &new == old {
                    unchanged += 1;
                } else {
                    updated += 1;
                }
                files.get_mut(&f).expect("file")[i] = new;
            }
            None => {
                let station = merged(&blank(), &row, &id, src);
                let file = format!("stations/{}.yaml", row.county);
                let list = files.entry(file.clone()).or_default();
                list.push(station);
                index.insert(&list[list.len() - 1], file, list.len() - 1);
                added += 1;
            }
        }
    }
    let touched: BTreeSet<&str> = seen.iter().map(String::as_str).collect();
    let imported_counties: BTreeSet<String> = files
        .values()
        .flatten()
        .filter(|s| touched.contains(s.id.as_str()))
        .map(|s| s.county.clone())
        .collect();
    let kept: Vec<String> = files
        .values()
        .flatten()
        .filter(|s| imported_counties.contains(&s.county) && !touched.contains(s.id.as_str()))
        .map(|s| format!("{} ({})", s.name, s.id))
        .collect();
    let mut summary = vec![format!(
        "stations: {added} added, {updated} updated, {unchanged} unchanged, {} kept (not in the sheet)",
        kept.len()
    )];
    if !kept.is_empty() {
        summary.push(format!("  kept, not in the sheet: {}", kept.join("、")));
    }
    let out = files
        .into_iter()
        .filter(|(_, list)| list.iter().any(|s| touched.contains(s.id.as_str())))
        .map(|(rel, list)| {
            let old = std::fs::read_to_string(dir.join(&rel)).unwrap_or_default();
            let text = yaml::stations_file(&yaml::leading_comments(&old), &list);
            (rel, text)
        })
        .collect();
    Plan {
        files: out,
        summary,
    }
}

/// Where each station is (file, position), by id and by county and name: a
/// 30,000-row ledger is matched in one pass, not a scan per row.
struct Index {
    by_id: HashMap<String, (String, usize)>,
    by_name: HashMap<(String, String), Vec<(String, usize)>>,
}

impl Index {
    fn new(files: &BTreeMap<String, Vec<Station>>) -> Self {
        let mut index = Index {
            by_id: HashMap::new(),
            by_name: HashMap::new(),
        };
        for (f, list) in files {
            for (i, s) in list.iter().enumerate() {
                index.insert(s, f.clone(), i);
            }
        }
        index
    }

    fn insert(&mut self, s: &Station, file: String, i: usize) {
        self.by_id.insert(s.id.clone(), (file.clone(), i));
        self.by_name
            .entry((s.county.clone(), s.name.clone()))
            .or_default()
            .push((file, i));
    }

    /// The one station of that name in that county, if any; the ids when the
    /// name is ambiguous.
    fn by_name(&self, county: &str, name: &str) -> Result<Option<(String, usize)>, Vec<String>> {
        match self.by_name.get(&(county.to_string(), name.to_string())) {
            None => Ok(None),
            Some(one) if one.len() == 1 => Ok(Some(one[0].clone())),
            Some(many) => Err(many
                .iter()
                .filter_map(|(f, i)| {
                    self.by_id
                        .iter()
                        .find(|(_, at)| at.0 == *f && at.1 == *i)
                        .map(|(id, _)| id.clone())
                })
                .collect()),
        }
    }
}

/// The next free `<county>-<n>`, as wide as the county's existing numbers
/// (`nanxi-001` → `nanxi-305`; `alpha-1` → `alpha-3`).
fn new_id(
    files: &BTreeMap<String, Vec<Station>>,
    next: &mut BTreeMap<String, (u32, usize)>,
    county: &str,
) -> String {
    let (n, width) = next.entry(county.to_string()).or_insert_with(|| {
        let prefix = format!("{county}-");
        let numbers: Vec<&str> = files
            .values()
            .flatten()
            .filter_map(|s| s.id.strip_prefix(&prefix))
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .collect();
        let max = numbers
            .iter()
            .filter_map(|n| n.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        let width = numbers.iter().map(|n| n.len()).max().unwrap_or(3);
        (max, width)
    });
    *n += 1;
    format!("{county}-{n:0width$}", width = *width)
}

fn blank() -> Station {
    serde_yaml::from_str(
        "{id: x, name: x, county: x, kind: village, capacity_kw: 0, status: planned}",
    )
    .expect("blank station")
}

/// The row's values over the old station's: a column the sheet has replaces the
/// field (even with a blank); a column it lacks leaves the field as it was.
fn merged(old: &Station, row: &StationRow, id: &str, src: &Source) -> Station {
    let has = |f: Field| src.header.find(f).is_some();
    let pick = |f: Field, new: Option<String>, old: &Option<String>| {
        if has(f) {
            new
        } else {
            old.clone()
        }
    };
    Station {
        id: id.to_string(),
        name: row.name.clone(),
        county: row.county.clone(),
        town: pick(Field::Town, row.town.clone(), &old.town),
        village: pick(Field::Village, row.village.clone(), &old.village),
        kind: if has(Field::Kind) { row.kind } else { old.kind },
        capacity_kw: if has(Field::CapacityKw) {
            row.capacity_kw
        } else {
            old.capacity_kw
        },
        status: if has(Field::Status) {
            row.status
        } else {
            old.status
        },
        grid_date: if has(Field::GridDate) {
            row.grid_date
        } else {
            old.grid_date
        },
        investment_yuan: if has(Field::InvestmentYuan) {
            row.investment_yuan
        } else {
            old.investment_yuan
        },
        villages_served: row
            .villages_served
            .filter(|_| has(Field::VillagesServed))
            .unwrap_or(old.villages_served),
        beneficiary_households: if has(Field::Households) {
            row.households
        } else {
            old.beneficiary_households
        },
        beneficiary_people: if has(Field::People) {
            row.people
        } else {
            old.beneficiary_people
        },
        land_use: pick(Field::LandUse, row.land_use.clone(), &old.land_use),
        om_provider: pick(Field::OmProvider, row.om_provider.clone(), &old.om_provider),
    }
}

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
                                at.clone(),
                                FieldPath::root(),
                                format!(
                                    "电站名称: `{name}` names {} stations ({})",
                                    many.len(),
                                    many.join(", ")
                                ),
                            )
                            .with_hint(Some("add an 编号 column with the station ids".into())),
                        );
                        continue;
                    }
                }
            }
            _ => None,
        };
        let Some(station) = station else {
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
    let comments = yaml::leading_comments(&old);
    let text = yaml::progress_file(&comments, &q.to_string(), &entries);
    Plan {
        files: vec![(rel, text)],
        summary: vec![format!(
            "progress {q}: {added} stations added, {replaced} replaced, {unchanged} unchanged, {} kept (not in the sheet)",
            entries.len() - added - replaced - unchanged
        )],
    }
}
