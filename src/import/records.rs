//! Sheet rows into stations and progress entries. Every problem becomes a
//! diagnostic at `FILE:SHEET!CELL` naming the header; a 合计 row is skipped and
//! checked against the sum of the rows above it.

use super::cells;
use super::columns::{Field, Header};
use super::sheet::{Table, Value};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, FieldPath};
use crate::model::number::{self, Decimal};
use crate::model::{County, Date, MoneyTrail, ProgressEntry, StationKind, Status};

/// Where the rows come from, for messages.
pub struct Source<'a> {
    pub file: &'a str,
    pub table: &'a Table,
    pub header: &'a Header,
    /// Today where the office is: later dates are refused.
    pub today: Date,
}

impl Source<'_> {
    /// `台账.xlsx:电站台账!F10`, or `台账.csv:F10` for a CSV.
    pub fn at(&self, row: usize, col: usize) -> String {
        Self::at_cell(self.file, self.table, row, col)
    }

    /// [`Source::at`] before the header is known.
    pub fn at_cell(file: &str, table: &Table, row: usize, col: usize) -> String {
        let cell = table.cell(row, col);
        match table.sheet.as_str() {
            "" => format!("{file}:{cell}"),
            sheet => format!("{file}:{sheet}!{cell}"),
        }
    }

    fn value(&self, row: &[Value], field: Field) -> Option<(usize, Value, f64, String)> {
        let col = self.header.find(field)?;
        let v = row.get(col.index).cloned().unwrap_or(Value::Empty);
        Some((col.index, v, col.factor, col.header.clone()))
    }
}

/// One imported station row, before ids are assigned.
#[derive(Clone, Debug)]
pub struct StationRow {
    pub at: String,
    /// The row in the table (for pointing at its cells later).
    pub row: usize,
    pub id: Option<String>,
    pub name: String,
    pub county: String,
    pub town: Option<String>,
    pub village: Option<String>,
    pub kind: StationKind,
    pub capacity_kw: Decimal,
    pub status: Status,
    pub grid_date: Option<Date>,
    pub investment_yuan: Option<Decimal>,
    pub villages_served: Option<u32>,
    pub households: Option<u32>,
    pub people: Option<u32>,
    pub monitored: Option<u32>,
    pub land_use: Option<String>,
    pub om_provider: Option<String>,
}

/// Collects the problems of one row; each getter reports at the cell.
struct Row<'a, 'b> {
    src: &'a Source<'b>,
    r: usize,
    cells: &'a [Value],
    found: &'a mut Diagnostics,
}

impl Row<'_, '_> {
    fn report(&mut self, col: usize, header: &str, message: String, hint: Option<&str>) {
        self.found.push(
            Diagnostic::error(
                Code::InvalidValue,
                self.src.at(self.r, col),
                FieldPath::root(),
                format!("{header}: {message}"),
            )
            .with_hint(hint.map(str::to_string)),
        );
    }

    fn text(&mut self, field: Field) -> Option<String> {
        let (_, v, _, _) = self.src.value(self.cells, field)?;
        cells::text(&v)
    }

    fn number(&mut self, field: Field) -> Option<Decimal> {
        let (col, v, factor, header) = self.src.value(self.cells, field)?;
        match cells::number(&v) {
            // The decimal the cell shows, times the unit exactly: 0.3 MW is 300 kW
            // (300.00000000000006 in binary floating point).
            Ok(Some(n)) => {
                match exact(n, factor) {
                    Some(value) if value.abs() < Decimal::from(1_000_000_000_000_000i64) => {
                        return Some(value)
                    }
                    _ => {}
                }
                self.report(
                    col,
                    &header,
                    format!("{} is too large to be a real figure", cells::as_typed(&v)),
                    Some("type the figure in the unit of the header, e.g. 187.2"),
                );
                None
            }
            Ok(None) => None,
            Err(e) => {
                self.report(
                    col,
                    &header,
                    e,
                    Some("type the figure as digits, e.g. 187.2"),
                );
                None
            }
        }
    }

    fn count(&mut self, field: Field) -> Option<u32> {
        let (col, v, _, header) = self.src.value(self.cells, field)?;
        cells::count(&v).unwrap_or_else(|e| {
            self.report(col, &header, e, None);
            None
        })
    }

    /// A date between 2000-01-01 (no PV poverty-alleviation station is older)
    /// and today: anything else is a typo or Excel's serial arithmetic gone wrong,
    /// never silently imported.
    fn date(&mut self, field: Field) -> Option<Date> {
        let (col, v, _, header) = self.src.value(self.cells, field)?;
        let date = cells::date(&v).unwrap_or_else(|e| {
            self.report(col, &header, e, Some("use a date cell or 2017-02-15"));
            None
        })?;
        let today = self.src.today;
        if date < Date::new(2000, 1, 1).expect("a date") || date > today {
            self.report(
                col,
                &header,
                format!(
                    "{date} is {} (the cell holds {})",
                    if date > today {
                        "in the future"
                    } else {
                        "before 2000"
                    },
                    cells::as_typed(&v)
                ),
                Some("type the date as 2017-02-15, or check the cell's year"),
            );
            return None;
        }
        Some(date)
    }

    fn required<T>(
        &mut self,
        field: Field,
        what: &str,
        parse: fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        let (col, v, _, header) = self.src.value(self.cells, field)?;
        match cells::text(&v) {
            None => {
                self.report(col, &header, format!("{what} is missing"), None);
                None
            }
            Some(t) => parse(&t)
                .map_err(|e| self.report(col, &header, e, None))
                .ok(),
        }
    }
}

impl Row<'_, '_> {
    /// The county id of the row: its 县（区） column (a county's id or name, with
    /// or without 县/区/市/镇/乡), else `--county`.
    fn county(&mut self, counties: &[&County], county: Option<&str>) -> Option<String> {
        match (self.text(Field::County), county) {
            (Some(c), _) => match counties.iter().find(|k| {
                k.id == c
                    || k.name == c
                    || k.name.trim_end_matches(['县', '区', '市', '镇', '乡']) == c
            }) {
                Some(k) => Some(k.id.clone()),
                None => {
                    let col = self.src.header.find(Field::County).map_or(0, |c| c.index);
                    let known: Vec<&str> = counties.iter().map(|k| k.name.as_str()).collect();
                    let header = self
                        .src
                        .header
                        .find(Field::County)
                        .map_or("县（区）".into(), |c| c.header.clone());
                    self.report(
                        col,
                        &header,
                        format!(
                            "`{c}` is not in counties.yaml (known: {})",
                            known.join("、")
                        ),
                        Some("add it to counties.yaml first, or fix the name"),
                    );
                    None
                }
            },
            (None, Some(c)) => Some(c.to_string()),
            (None, None) => {
                self.report(
                    0,
                    "县（区）",
                    "no county column and no --county".into(),
                    Some("pass --county ID when the sheet holds one county"),
                );
                None
            }
        }
    }

    /// The capacity, and an error at its cell when the column is there but the
    /// cell is empty (unless the cell already has one).
    fn capacity(&mut self) -> Option<Decimal> {
        let capacity = self.number(Field::CapacityKw);
        if capacity.is_none() && self.src.header.find(Field::CapacityKw).is_some() {
            let col = self
                .src
                .header
                .find(Field::CapacityKw)
                .map_or(0, |c| c.index);
            let header = self
                .src
                .header
                .find(Field::CapacityKw)
                .map_or(String::new(), |c| c.header.clone());
            if self
                .found
                .items
                .last()
                .is_none_or(|d| d.file != self.src.at(self.r, col))
            {
                self.report(col, &header, "装机容量 is missing".into(), None);
            }
        }
        capacity
    }
}

/// A cell's number as the decimal it shows, times its column's unit factor.
fn exact(n: f64, factor: f64) -> Option<Decimal> {
    Some(number::from_f64(n)? * number::from_f64(factor)?)
}

/// The data rows: after the header, with a value under one of its columns (a
/// stray value elsewhere, e.g. far right, is not a row), not a 合计 row.
pub fn data_rows(table: &Table, header: &Header) -> Vec<usize> {
    (header.row + 1..table.rows.len())
        .filter(|&r| {
            let row = &table.rows[r];
            let filled = header
                .columns
                .iter()
                .filter(|c| c.field != Field::Ignored)
                .any(|c| row.get(c.index).is_some_and(|v| *v != Value::Empty));
            filled && !cells::is_total(row)
        })
        .collect()
}

/// Stations from the rows; `county` is the `--county` default.
pub fn stations(
    src: &Source,
    counties: &[&County],
    county: Option<&str>,
    found: &mut Diagnostics,
) -> Vec<StationRow> {
    let mut out = Vec::new();
    for r in data_rows(src.table, src.header) {
        if stop_at_error_limit(src, r, found) {
            break;
        }
        let mut row = Row {
            src,
            r,
            cells: &src.table.rows[r],
            found,
        };
        let Some(name) = row.text(Field::Name) else {
            let col = src.header.find(Field::Name).map_or(0, |c| c.index);
            row.report(
                col,
                "电站名称",
                "the station has no name".into(),
                Some("every row needs 电站名称"),
            );
            continue;
        };
        let county_id = row.county(counties, county);
        let kind = row.required(Field::Kind, "电站类型", cells::kind);
        let status = row.required(Field::Status, "建设状态", cells::status);
        let capacity = row.capacity();
        let station = StationRow {
            at: src.at(r, 0),
            row: r,
            id: row.text(Field::Id),
            name,
            county: county_id.unwrap_or_default(),
            town: row.text(Field::Town),
            village: row.text(Field::Village),
            kind: kind.unwrap_or(StationKind::Village),
            capacity_kw: capacity.unwrap_or_default(),
            status: status.unwrap_or(Status::Planned),
            grid_date: row.date(Field::GridDate),
            investment_yuan: row.number(Field::InvestmentYuan),
            villages_served: row.count(Field::VillagesServed),
            households: row.count(Field::Households),
            people: row.count(Field::People),
            monitored: row.count(Field::MonitoredHouseholds),
            land_use: row.text(Field::LandUse),
            om_provider: row.text(Field::OmProvider),
        };
        out.push(station);
    }
    check_total(
        src,
        Field::CapacityKw,
        out.iter().map(|s| s.capacity_kw).sum(),
        found,
    );
    out
}

/// One imported progress row: where it is, the id or name that names its
/// station, and its figures.
pub struct ProgressRow {
    pub at: String,
    pub row: usize,
    pub id: Option<String>,
    pub name: Option<String>,
    pub entry: ProgressEntry,
}

/// Quarter figures from the rows, each with the id or name that names its station.
pub fn progress(src: &Source, found: &mut Diagnostics) -> Vec<ProgressRow> {
    let mut out = Vec::new();
    for r in data_rows(src.table, src.header) {
        if stop_at_error_limit(src, r, found) {
            break;
        }
        let mut row = Row {
            src,
            r,
            cells: &src.table.rows[r],
            found,
        };
        let id = row.text(Field::Id);
        let name = row.text(Field::Name);
        let status = match row.text(Field::Status) {
            Some(t) => cells::status(&t)
                .map_err(|e| {
                    let col = src.header.find(Field::Status).map_or(0, |c| c.index);
                    row.report(col, "建设状态", e, None)
                })
                .ok(),
            None => None,
        };
        let entry = ProgressEntry {
            station: Default::default(),
            status,
            generation_kwh: row.number(Field::GenerationKwh).unwrap_or_default(),
            revenue_yuan: row.number(Field::RevenueYuan).unwrap_or_default(),
            distributed_yuan: row.number(Field::DistributedYuan),
            public_jobs: row.count(Field::PublicJobs),
            downtime_days: row.count(Field::DowntimeDays),
            ..Default::default()
        }
        .with_money(MoneyTrail {
            tariff_yuan: row.number(Field::TariffYuan),
            subsidy_yuan: row.number(Field::SubsidyYuan),
            om_cost_yuan: row.number(Field::OmCostYuan),
            land_rent_yuan: row.number(Field::LandRentYuan),
            households_paid: row.count(Field::HouseholdsPaid),
            ..Default::default()
        });
        out.push(ProgressRow {
            at: src.at(r, 0),
            row: r,
            id,
            name,
            entry,
        });
    }
    let sum = |f: fn(&ProgressRow) -> Decimal| out.iter().map(f).sum();
    check_total(
        src,
        Field::GenerationKwh,
        sum(|p| p.entry.generation_kwh),
        found,
    );
    check_total(
        src,
        Field::RevenueYuan,
        sum(|p| p.entry.revenue_yuan),
        found,
    );
    out
}

/// Errors reported per file: past this many, the rows are not read further, so
/// a sheet of a million bad rows fails in a moment with a readable report.
pub const MAX_ERRORS: usize = 50;

/// Whether the error limit is reached before row `r`; if so, says where reading
/// stopped (once).
pub fn stop_at_error_limit(src: &Source, r: usize, found: &mut Diagnostics) -> bool {
    if found.error_count() < MAX_ERRORS {
        return false;
    }
    found.push(Diagnostic::note(
        Code::InvalidValue,
        src.at(r, 0),
        format!(
            "stopped after {MAX_ERRORS} errors: this row and the {} after it were not checked",
            src.table.rows.len().saturating_sub(r + 1)
        ),
    ));
    true
}

/// A 合计 row's figure in `field` against the sum of the imported rows.
fn check_total(src: &Source, field: Field, sum: Decimal, found: &mut Diagnostics) {
    let Some(col) = src.header.find(field) else {
        return;
    };
    for (r, row) in src.table.rows.iter().enumerate().skip(src.header.row + 1) {
        if !cells::is_total(row) {
            continue;
        }
        let Ok(Some(total)) = cells::number(row.get(col.index).unwrap_or(&Value::Empty)) else {
            continue;
        };
        let Some(total) = exact(total, col.factor) else {
            continue;
        };
        let tolerance = (sum.abs() / Decimal::from(1_000_000)).max(Decimal::new(5, 1));
        if (total - sum).abs() > tolerance {
            found.push(
                Diagnostic::warning(
                    Code::Inconsistent,
                    src.at(r, col.index),
                    FieldPath::root(),
                    format!(
                        "{}: the 合计 row says {}, the rows above add up to {}",
                        col.header,
                        crate::format::exact(total),
                        crate::format::exact(sum)
                    ),
                )
                .with_hint(Some(
                    "the total row is not imported; check for a missing or doubled row".into(),
                )),
            );
        }
    }
}
