//! Imported quarter figures merged with the quarter's file: rows are matched by
//! id or name. A station's existing entry is merged field by field — fields the
//! sheet has a column for replace the entry's, fields it lacks stay as the office
//! entered them — or, with `--replace`, replaced by the row.

use super::Located;
use crate::canonical;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, FieldPath};
use crate::import::columns::Field;
use crate::import::records::{self, ProgressRow, Source};
use crate::import::Plan;
use crate::model::{Dataset, ProgressEntry, Quarter};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The figures of the sheet merged into the quarter's file.
pub fn progress(
    data: &Dataset,
    dir: &Path,
    src: &Source,
    q: Quarter,
    replace: bool,
    found: &mut Diagnostics,
) -> Plan {
    let rows = records::progress(src, found);
    let rel = format!("progress/{q}.yaml");
    let existing = data.progress.iter().find(|p| p.quarter == q);
    let mut entries: Vec<ProgressEntry> = existing.map(|p| p.stations.clone()).unwrap_or_default();
    let (mut added, mut updated, mut unchanged) = (0, 0, 0);
    let mut changed_fields: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut located = Vec::new();
    let index = Stations::new(data);
    let mut position_of: HashMap<String, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.station.to_string(), i))
        .collect();
    for row in rows {
        let Some(station) = index.of(&row, found) else {
            continue;
        };
        if let Some(first) = seen.get(&station) {
            found.push(Diagnostic::error(
                Code::Duplicate,
                row.at.clone(),
                FieldPath::root(),
                format!("station `{station}` appears twice in the sheet: here and at {first}"),
            ));
            continue;
        }
        seen.insert(station.clone(), row.at.clone());
        let index = match position_of.get(&station).copied() {
            Some(i) => {
                let new = match replace {
                    true => ProgressEntry {
                        station: station.as_str().into(),
                        ..row.entry.clone()
                    },
                    false => merged(&entries[i], &row.entry, src),
                };
                let fields = differing(&entries[i], &new);
                if fields.is_empty() {
                    unchanged += 1;
                } else {
                    updated += 1;
                    for f in fields {
                        *changed_fields.entry(f).or_default() += 1;
                    }
                }
                entries[i] = new;
                i
            }
            None => {
                entries.push(ProgressEntry {
                    station: station.as_str().into(),
                    ..row.entry.clone()
                });
                added += 1;
                position_of.insert(station.clone(), entries.len() - 1);
                entries.len() - 1
            }
        };
        located.push(Located {
            file: rel.clone(),
            index,
            row: row.row,
        });
    }
    let kept = entries.len() - added - updated - unchanged;
    let mut summary = vec![format!(
        "progress {q}: {added} stations added, {updated} updated, {unchanged} unchanged, {kept} kept (not in the sheet){}",
        if replace { " (--replace: updated entries hold only the sheet's fields)" } else { "" }
    )];
    if !changed_fields.is_empty() {
        let list: Vec<String> = changed_fields
            .iter()
            .map(|(f, n)| format!("{f} ({n})"))
            .collect();
        summary.push(format!("  fields changed: {}", list.join(", ")));
    }
    // A file whose entries are all unchanged is not rewritten (not even into the
    // canonical layout), so "unchanged" is the truth about the file too.
    let files = if added + updated == 0 {
        vec![]
    } else {
        let old = std::fs::read_to_string(dir.join(&rel)).unwrap_or_default();
        let comments = canonical::leading_comments(&old);
        let text = canonical::progress::write(&comments, &q.to_string(), &entries);
        vec![(rel, canonical::with_bom_of(&old, text))]
    };
    Plan {
        files,
        summary,
        located,
    }
}

/// The entry with the row's values in the fields the sheet has a column for.
fn merged(old: &ProgressEntry, new: &ProgressEntry, src: &Source) -> ProgressEntry {
    let has = |f: Field| src.header.find(f).is_some();
    let mut out = old.clone();
    let mut money = old.money().clone();
    macro_rules! take {
        ($to:expr, $from:expr; $($field:ident: $column:expr),* $(,)?) => {
            $(if has($column) {
                $to.$field = $from.$field.clone();
            })*
        };
    }
    take!(
        out, new;
        status: Field::Status,
        generation_kwh: Field::GenerationKwh,
        revenue_yuan: Field::RevenueYuan,
        distributed_yuan: Field::DistributedYuan,
        public_jobs: Field::PublicJobs,
        downtime_days: Field::DowntimeDays,
    );
    take!(
        money, new.money();
        tariff_yuan: Field::TariffYuan,
        subsidy_yuan: Field::SubsidyYuan,
        om_cost_yuan: Field::OmCostYuan,
        land_rent_yuan: Field::LandRentYuan,
        households_paid: Field::HouseholdsPaid,
    );
    out.set_money(money);
    out
}

/// The names of the fields (as in the YAML) that differ between two entries.
fn differing(a: &ProgressEntry, b: &ProgressEntry) -> Vec<&'static str> {
    let mut out = Vec::new();
    macro_rules! compare {
        ($a:expr, $b:expr; $($field:ident),*) => {
            $(if $a.$field != $b.$field {
                out.push(stringify!($field));
            })*
        };
    }
    compare!(a, b; status, generation_kwh, revenue_yuan, distributed_yuan, public_jobs, downtime_days);
    compare!(
        a.money(), b.money();
        tariff_yuan,
        subsidy_yuan,
        subsidy_arrears_yuan,
        om_cost_yuan,
        land_rent_yuan,
        distribution,
        households_paid
    );
    out
}

/// The stations by id and by name: a 200,000-row sheet is matched in one pass,
/// not a scan of the stations per row.
struct Stations<'a> {
    ids: std::collections::HashSet<&'a str>,
    by_name: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> Stations<'a> {
    fn new(data: &'a Dataset) -> Self {
        let mut by_name: HashMap<&str, Vec<&str>> = HashMap::new();
        for s in &data.stations {
            by_name
                .entry(s.name.as_str())
                .or_default()
                .push(s.id.as_str());
        }
        Stations {
            ids: data.stations.iter().map(|s| s.id.as_str()).collect(),
            by_name,
        }
    }

    /// The station a row names: by 编号 when it is a station's id, else by name
    /// when exactly one station has it; else an error at the row.
    fn of(&self, row: &ProgressRow, found: &mut Diagnostics) -> Option<String> {
        let at = row.at.as_str();
        let station = match (&row.id, &row.name) {
            (Some(id), _) if self.ids.contains(id.as_str()) => Some(id.clone()),
            (_, Some(name)) => match self.by_name.get(name.as_str()).map(Vec::as_slice) {
                Some([one]) => Some(one.to_string()),
                None | Some([]) => None,
                Some(many) => {
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
            },
            _ => None,
        };
        if station.is_none() {
            let what = row.id.clone().or(row.name.clone()).unwrap_or_default();
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
}
