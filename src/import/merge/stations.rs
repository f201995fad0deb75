//! Imported station rows merged with the stations already there. An 编号 column
//! names the id; otherwise a station of the same name in the same county keeps its
//! id; otherwise the next free `<county>-<n>`. Existing stations keep their file
//! and place; new ones go to `stations/<county>.yaml`; stations missing from the
//! sheet are kept and listed.

use super::Located;
use crate::canonical;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, FieldPath};
use crate::import::columns::Field;
use crate::import::records::{self, Source, StationRow};
use crate::import::Plan;
use crate::model::{Dataset, Station};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// The stations of the sheet merged into the station files.
pub fn stations(
    data: &Dataset,
    dir: &Path,
    src: &Source,
    county: Option<&str>,
    found: &mut Diagnostics,
) -> Plan {
    let counties: Vec<&crate::model::County> = data.counties.iter().map(|c| &c.value).collect();
    if let Some(c) = county.filter(|c| !counties.iter().any(|k| k.id == *c)) {
        found.push(Diagnostic::error(
            Code::UnknownReference,
            "--county",
            FieldPath::root(),
            format!("`{c}` is not a county id in counties.yaml"),
        ));
        return Plan::default();
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
    let mut merge = Merge {
        index: Index::new(&files),
        files,
        seen: HashMap::new(),
        next: BTreeMap::new(),
        counts: [0; 3],
        changed: BTreeSet::new(),
        located: Vec::new(),
    };
    for row in rows {
        merge.row(&row, src, found);
    }
    merge.plan(dir)
}

/// The station files as the rows are merged into them.
struct Merge {
    files: BTreeMap<String, Vec<Station>>,
    index: Index,
    /// Ids of the stations the sheet names, and the row that named each.
    seen: HashMap<String, String>,
    /// The last number given to a new station, and its width, by county.
    next: BTreeMap<String, (u32, usize)>,
    /// Stations added, updated, unchanged.
    counts: [usize; 3],
    /// Files with a station added or updated: only they are written.
    changed: BTreeSet<String>,
    located: Vec<Located>,
}

impl Merge {
    /// Merges one row: its station found by 编号, else by name, else new.
    fn row(&mut self, row: &StationRow, src: &Source, found: &mut Diagnostics) {
        // An 编号 names the station; only without one does the name decide.
        let existing = match &row.id {
            Some(id) => self.index.by_id.get(id.as_str()).cloned(),
            None => match self.index.by_name(&row.county, &row.name) {
                Ok(found) => found,
                Err(ids) => {
                    found.push(ambiguous_name(row, &ids));
                    return;
                }
            },
        };
        let id = match (&row.id, &existing) {
            (Some(id), _) => id.clone(),
            (None, Some((f, i))) => self.files[f][*i].id.clone(),
            (None, None) => new_id(&self.files, &mut self.next, &row.county),
        };
        if let Some(first) = self.seen.get(&id) {
            found.push(Diagnostic::error(
                Code::Duplicate,
                row.at.clone(),
                FieldPath::root(),
                format!(
                    "station `{}` ({id}) appears twice in the sheet: here and at {first}",
                    row.name
                ),
            ));
            return;
        }
        self.seen.insert(id.clone(), row.at.clone());
        let (file, index) = match existing {
            Some((f, i)) => {
                let old = &self.files[&f][i];
                let new = merged(old, row, &id, src);
                let same = &new == old;
                self.counts[if same { 2 } else { 1 }] += 1;
                if !same {
                    self.changed.insert(f.clone());
                }
                self.files.get_mut(&f).expect("file")[i] = new;
                (f, i)
            }
            None => {
                let station = merged(&blank(), row, &id, src);
                let file = format!("stations/{}.yaml", row.county);
                let list = self.files.entry(file.clone()).or_default();
                list.push(station);
                let i = list.len() - 1;
                self.index.insert(&list[i], file.clone(), i);
                self.counts[0] += 1;
                self.changed.insert(file.clone());
                (file, i)
            }
        };
        self.located.push(Located {
            file,
            index,
            row: row.row,
        });
    }

    /// The files holding a station of the sheet, and the summary: stations added,
    /// updated, unchanged, and those of the sheet's counties it does not list.
    fn plan(self, dir: &Path) -> Plan {
        let touched: BTreeSet<&str> = self.seen.keys().map(String::as_str).collect();
        let imported_counties: BTreeSet<&str> = self
            .files
            .values()
            .flatten()
            .filter(|s| touched.contains(s.id.as_str()))
            .map(|s| s.county.as_str())
            .collect();
        let kept: Vec<String> = self
            .files
            .values()
            .flatten()
            .filter(|s| {
                imported_counties.contains(s.county.as_str()) && !touched.contains(s.id.as_str())
            })
            .map(|s| format!("{} ({})", s.name, s.id))
            .collect();
        let [added, updated, unchanged] = self.counts;
        let mut summary = vec![format!(
            "stations: {added} added, {updated} updated, {unchanged} unchanged, {} kept (not in the sheet)",
            kept.len()
        )];
        if !kept.is_empty() {
            summary.push(format!("  kept, not in the sheet: {}", kept.join("、")));
        }
        // A file whose stations are all unchanged is not rewritten (not even into
        // the canonical layout), so "unchanged" is the truth about the file too.
        let files = self
            .files
            .iter()
            .filter(|(rel, _)| self.changed.contains(*rel))
            .map(|(rel, list)| {
                let old = std::fs::read_to_string(dir.join(rel)).unwrap_or_default();
                let text = canonical::stations::write(&canonical::leading_comments(&old), list);
                let text = canonical::with_bom_of(&old, text);
                (rel.clone(), text)
            })
            .collect();
        Plan {
            files,
            summary,
            located: self.located,
        }
    }
}

/// A row without 编号 whose name several stations of its county share.
fn ambiguous_name(row: &StationRow, ids: &[String]) -> Diagnostic {
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
    .with_hint(Some("add an 编号 column with the station ids".into()))
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
        monitored_households: if has(Field::MonitoredHouseholds) {
            row.monitored
        } else {
            old.monitored_households
        },
        land_use: pick(Field::LandUse, row.land_use.clone(), &old.land_use),
        om_provider: pick(Field::OmProvider, row.om_provider.clone(), &old.om_provider),
    }
}
