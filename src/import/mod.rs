//! Import: a ledger (台账) or a quarter's figures from Excel, WPS or CSV into the
//! data directory, through the model and the same validation as `check`.
//!
//! [`sheet`] reads the file into a table, [`columns`] finds the header,
//! [`records`] turns rows into stations and figures (every problem at its
//! `FILE:SHEET!CELL`), [`merge`] merges them with the data already there and
//! `crate::canonical` writes the files in the canonical layout; [`apply`] checks them in a
//! copy of the data directory and replaces each changed file atomically. Nothing
//! is written when anything is wrong.

mod apply;
pub mod article;
mod cells;
pub mod columns;
mod merge;
mod records;
mod sheet;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, FieldPath};
use crate::load;
use anyhow::Result;
use std::path::{Path, PathBuf};

/// What to import, and where.
#[derive(Clone, Debug)]
pub struct Request {
    /// The spreadsheet: .xlsx, .xls, .ods or .csv.
    pub file: PathBuf,
    /// The sheet to read (default: the first visible one).
    pub sheet: Option<String>,
    /// The data directory.
    pub data: PathBuf,
    pub what: What,
    /// Say what would change; write nothing.
    pub dry_run: bool,
}

/// Stations or a quarter's figures.
#[derive(Clone, Debug)]
pub enum What {
    /// Into `stations/<county>.yaml`; `county` when the sheet has no county column.
    Stations { county: Option<String> },
    /// Into `progress/<quarter>.yaml`.
    Progress { quarter: String },
}

/// What an import did, for the command to tell the user.
pub struct Outcome {
    /// Notes about reading the file (e.g. which encoding a CSV was in).
    pub notes: Vec<String>,
    /// Problems found in the sheet (with warnings only, the import went on).
    pub diagnostics: Diagnostics,
    /// Lines about what changes (stations added, updated, unchanged, kept …).
    pub summary: Vec<String>,
    pub ending: Ending,
}

/// How an import ended.
pub enum Ending {
    /// The file cannot be read, or has no header row: nothing was written.
    Unreadable,
    /// The rows have errors: nothing was written.
    Refused,
    /// The data already matches the file.
    Unchanged,
    /// The new data does not pass `check` (its diagnostics quote files in
    /// `copy`): nothing was written.
    FailsCheck {
        copy: tempfile::TempDir,
        report: crate::pipeline::Report,
    },
    /// These files were written (or, with `dry_run`, would be); `check` passes.
    Written {
        files: Vec<String>,
        dry_run: bool,
        report: crate::pipeline::Report,
    },
}

/// What an import would write: (path relative to the data directory, content),
/// and lines for the user about what changes.
pub struct Plan {
    pub files: Vec<(String, String)>,
    pub summary: Vec<String>,
}

/// Reads the file, merges it with the data and, when everything checks, writes
/// the changed files.
pub fn run(request: &Request) -> Result<Outcome> {
    let mut outcome = Outcome {
        notes: Vec::new(),
        diagnostics: Diagnostics::default(),
        summary: Vec::new(),
        ending: Ending::Refused,
    };
    let Some(plan) = plan(request, &mut outcome)? else {
        return Ok(outcome);
    };
    outcome.summary = plan.summary;
    let data = &request.data;
    let changed: Vec<(String, String)> = plan
        .files
        .into_iter()
        .filter(|(rel, text)| std::fs::read_to_string(data.join(rel)).ok().as_deref() != Some(text))
        .collect();
    if changed.is_empty() {
        outcome.ending = Ending::Unchanged;
        return Ok(outcome);
    }
    let (copy, report) = apply::check_in_copy(data, &changed)?;
    if report.diagnostics.has_errors() {
        outcome.ending = Ending::FailsCheck { copy, report };
        return Ok(outcome);
    }
    if !request.dry_run {
        for (rel, text) in &changed {
            apply::write_atomically(&data.join(rel), text.as_bytes())?;
        }
    }
    outcome.ending = Ending::Written {
        files: changed.into_iter().map(|(rel, _)| rel).collect(),
        dry_run: request.dry_run,
        report,
    };
    Ok(outcome)
}

/// The files the import would write, or `None` when the sheet has errors (they
/// are in `outcome.diagnostics`).
fn plan(request: &Request, outcome: &mut Outcome) -> Result<Option<Plan>> {
    let loaded = load::load(&request.data)?;
    let name = file_name(&request.file);
    let refuse = |outcome: &mut Outcome, code, at: String, message: String| {
        outcome
            .diagnostics
            .push(Diagnostic::error(code, at, FieldPath::root(), message));
        outcome.ending = Ending::Unreadable;
        Ok(None)
    };
    let table = match sheet::read(&request.file, request.sheet.as_deref()) {
        Ok(t) => t,
        Err(message) => return refuse(outcome, Code::InvalidValue, name, message),
    };
    outcome.notes.extend(table.note.clone());
    let header = match columns::find_header(&table) {
        Ok(h) => h,
        Err((r, c, message)) => {
            let at = records::Source::at_cell(&name, &table, r, c);
            return refuse(outcome, Code::MissingField, at, message);
        }
    };
    let source = records::Source {
        file: &name,
        table: &table,
        header: &header,
    };
    let found = &mut outcome.diagnostics;
    let plan = match &request.what {
        What::Stations { county } => merge::stations(
            &loaded.dataset,
            &request.data,
            &source,
            county.as_deref(),
            found,
        ),
        What::Progress { quarter } => {
            merge::progress(&loaded.dataset, &request.data, &source, quarter, found)
        }
    };
    Ok((!found.has_errors()).then_some(plan))
}

/// The file's name as the user sees it in messages.
fn file_name(file: &Path) -> String {
    file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
