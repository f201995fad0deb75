//! Rules for `bulletins/<number>/`: unique numbers, declared columns, data to report on.

use super::Report;
use crate::diagnostics::suggest;
use crate::diagnostics::Code;
use crate::model::{Bulletin, Dataset, Quarter};
use std::collections::{BTreeMap, BTreeSet};

pub fn check_bulletins(data: &Dataset, quarters: &BTreeSet<Quarter>, out: &mut Report) {
    let mut numbers: BTreeMap<u32, &str> = BTreeMap::new();
    for b in &data.bulletins {
        let meta = &b.meta;
        if let Some(first) = numbers.insert(meta.number, &b.origin.file) {
            out.error(
                Code::Duplicate,
                &b.origin.field("number"),
                format!(
                    "issue number {} is used twice (also in {first})",
                    meta.number
                ),
            );
        }
        if meta.number == 0 {
            out.error(
                Code::OutOfRange,
                &b.origin.field("number"),
                "expected an issue number of 1 or more",
            );
        }
        if meta.data_section && !quarters.contains(&meta.quarter) && data.complete("progress/") {
            out.error(
                Code::MissingData,
                &b.origin.field("quarter"),
                format!(
                    "no progress data for {}: add progress/{}.yaml, or set `data_section: false`",
                    meta.quarter, meta.quarter
                ),
            );
        }
        check_columns(b, out);
    }
}

/// Columns are declared once each, every article names a declared one, and a
/// declared column without articles is a warning.
fn check_columns(b: &Bulletin, out: &mut Report) {
    let meta = &b.meta;
    if meta.columns.is_empty() {
        out.error(
            Code::Empty,
            &b.origin.field("columns"),
            "expected at least one column (栏目)",
        );
    }
    let mut declared = BTreeSet::new();
    for (i, column) in meta.columns.iter().enumerate() {
        if column.trim().is_empty() {
            out.error(
                Code::Empty,
                &b.origin.field("columns").index(i),
                "must not be empty",
            );
        } else if !declared.insert(column.as_str()) {
            out.error(
                Code::Duplicate,
                &b.origin.field("columns").index(i),
                format!("column `{column}` is listed twice"),
            );
        }
    }
    let mut used = BTreeSet::new();
    for a in &b.articles {
        if declared.contains(a.meta.column.as_str()) {
            used.insert(a.meta.column.as_str());
        } else {
            let hint = suggest(&a.meta.column, declared.iter().copied());
            out.error(
                Code::UnknownReference,
                &a.origin.field("column"),
                format!(
                    "column `{}` is not declared in {} (columns: {})",
                    a.meta.column,
                    b.origin.file,
                    meta.columns.join("、")
                ),
            )
            .hint = hint;
        }
        if a.meta.title.trim().is_empty() {
            out.error(Code::Empty, &a.origin.field("title"), "must not be empty");
        }
    }
    for (i, column) in meta.columns.iter().enumerate() {
        if !used.contains(column.as_str()) {
            out.warning(
                Code::Unused,
                &b.origin.field("columns").index(i),
                format!("column `{column}` has no articles; it will not appear"),
            );
        }
    }
}
