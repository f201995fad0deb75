//! `check`'s findings on imported records, moved to the cells they came from.
//! The import writes the new files into a copy of the data directory and runs
//! `check` there; a range, id, duplicate, reference or plausibility error on
//! record 12 of `stations/jia.yaml` is then reported at `台账.xlsx:电站台账!G14`
//! with the header and the value as the user typed it, not at a line of a file
//! the user never saw.

use super::cells;
use super::columns::{match_header, Field};
use super::merge::Located;
use super::records::Source;
use super::sheet::Value;
use crate::diagnostics::{Diagnostic, Diagnostics, FieldPath, Segment};
use std::collections::HashMap;

/// Rewrites the diagnostics on records that came from the sheet; returns how
/// many were moved.
pub fn to_cells(diagnostics: &mut Diagnostics, located: &[Located], src: &Source) -> usize {
    let rows: HashMap<(&str, usize), usize> = located
        .iter()
        .map(|l| ((l.file.as_str(), l.index), l.row))
        .collect();
    let mut moved = 0;
    for d in &mut diagnostics.items {
        let Some((index, key)) = record_of(&d.field) else {
            continue;
        };
        let Some(&row) = rows.get(&(d.file.as_str(), index)) else {
            continue;
        };
        *d = at_cell(d, src, row, key.as_deref());
        moved += 1;
    }
    moved
}

/// The record index and the first key inside it: `[3].capacity_kw` (a station
/// file) or `stations[3].station` (a progress file).
fn record_of(path: &FieldPath) -> Option<(usize, Option<String>)> {
    let segments = match path.0.first() {
        Some(Segment::Key(k)) if k == "stations" => &path.0[1..],
        _ => &path.0[..],
    };
    let Some(Segment::Index(i)) = segments.first() else {
        return None;
    };
    let key = match segments.get(1) {
        Some(Segment::Key(k)) => Some(k.clone()),
        _ => None,
    };
    Some((*i, key))
}

/// The column a YAML key came from.
fn field_of(key: &str) -> Option<Field> {
    match key {
        "station" | "id" => Some(Field::Id),
        "beneficiary_households" => Some(Field::Households),
        "beneficiary_people" => Some(Field::People),
        _ => match match_header(key) {
            Some(Ok((field, _))) => Some(field),
            _ => None,
        },
    }
}

fn at_cell(d: &Diagnostic, src: &Source, row: usize, key: Option<&str>) -> Diagnostic {
    let column = key
        .and_then(field_of)
        .and_then(|f| {
            src.header.find(f).or_else(|| {
                (f == Field::Id)
                    .then(|| src.header.find(Field::Name))
                    .flatten()
            })
        })
        .or_else(|| src.header.find(Field::Name));
    let (col, header) = column.map_or((0, None), |c| (c.index, Some(c.header.clone())));
    let value = src.table.rows[row].get(col).unwrap_or(&Value::Empty);
    let mut message = String::new();
    if let Some(h) = header {
        message.push_str(&format!("{h}: "));
    }
    if *value != Value::Empty {
        message.push_str(&format!("{}: ", cells::as_typed(value)));
    }
    message.push_str(&d.message);
    Diagnostic {
        file: src.at(row, col),
        position: None,
        field: FieldPath::root(),
        message,
        ..d.clone()
    }
}
