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
mod locate;
mod merge;
mod period;
mod records;
pub mod sheet;

use crate::contain::{self, Reader};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, FieldPath};
use crate::load;
use crate::model::{Dataset, Quarter};
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
    /// Into `progress/<quarter>.yaml`: merged field by field into existing
    /// entries, or with `replace` replacing them; `force` imports a sheet that
    /// names another quarter.
    Progress {
        quarter: String,
        replace: bool,
        force: bool,
    },
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
/// lines for the user about what changes, and where each record came from.
#[derive(Default)]
pub struct Plan {
    pub files: Vec<(String, String)>,
    pub summary: Vec<String>,
    pub located: Vec<merge::Located>,
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
    let loaded = load::load(&request.data)?;
    let name = file_name(&request.file);
    let table = match read_file(&request.file, &name, request.sheet.as_deref()) {
        Ok(table) => table,
        Err(d) => {
            outcome.diagnostics.push(d);
            outcome.ending = Ending::Unreadable;
            return Ok(outcome);
        }
    };
    outcome.notes.extend(table.notes.iter().cloned());
    let into = (&loaded.dataset, request.data.as_path(), &request.what);
    let Some((plan, header)) = plan(into, &name, &table, &mut outcome) else {
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
    if let Some(d) = too_large(&name, &changed) {
        outcome.diagnostics.push(d);
        outcome.ending = Ending::Refused;
        return Ok(outcome);
    }
    let (copy, mut report) = apply::check_in_copy(data, &changed)?;
    let src = records::Source {
        file: &name,
        table: &table,
        header: &header,
        today: load_today()?,
    };
    locate::to_cells(&mut report.diagnostics, &plan.located, &src);
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

/// Reads the spreadsheet, with a panic inside any of its readers contained: a
/// file that crashes calamine is an error like any other corrupt file.
fn read_file(path: &Path, name: &str, sheet: Option<&str>) -> Result<sheet::Table, Diagnostic> {
    let read = contain::reading(name, Reader::Spreadsheet, || sheet::read(path, sheet));
    match read {
        Ok(Ok(table)) => Ok(table),
        Ok(Err(refusal)) => Err(Diagnostic::error(
            refusal.code,
            name,
            FieldPath::root(),
            refusal.message,
        )),
        Err(panicked) => Err(Diagnostic::error(
            Code::InvalidValue,
            name,
            FieldPath::root(),
            panicked.to_string(),
        )
        .with_hint(Some(
            "open it in Excel or WPS and save it again (as .xlsx), then import that file".into(),
        ))),
    }
}

fn load_today() -> Result<crate::model::Date> {
    crate::model::calendar::today().map_err(anyhow::Error::msg)
}

/// The files the import would write and the sheet's header, or `None` when
/// the sheet has errors (they are in `outcome.diagnostics`).
fn plan(
    (data, dir, what): (&Dataset, &Path, &What),
    name: &str,
    table: &sheet::Table,
    outcome: &mut Outcome,
) -> Option<(Plan, columns::Header)> {
    let header = match columns::find_header(table, &data.site.terms) {
        Ok(h) => h,
        Err((r, c, message)) => {
            let at = records::Source::at_cell(name, table, r, c);
            outcome.diagnostics.push(Diagnostic::error(
                Code::MissingField,
                at,
                FieldPath::root(),
                message,
            ));
            outcome.ending = Ending::Unreadable;
            return None;
        }
    };
    let today = match load_today() {
        Ok(t) => t,
        Err(e) => {
            outcome.diagnostics.push(Diagnostic::error(
                Code::InvalidValue,
                "PV_BULLETIN_TODAY",
                FieldPath::root(),
                e.to_string(),
            ));
            return None;
        }
    };
    let source = records::Source {
        file: name,
        table,
        header: &header,
        today,
    };
    let found = &mut outcome.diagnostics;
    let plan = match what {
        What::Stations { county } => merge::stations(data, dir, &source, county.as_deref(), found),
        What::Progress {
            quarter,
            replace,
            force,
        } => {
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
                return None;
            };
            if !force {
                period::check(&source, q, found);
            }
            merge::progress(data, dir, &source, q, *replace, found)
        }
    };
    (!found.has_errors()).then_some((plan, header))
}

/// Everything an import does before writing, from the spreadsheet's bytes and
/// without containing panics: for the fuzz targets (`fuzz/`), which must see a
/// panic as the crash it is. Returns what was found and the files it would write.
pub fn plan_bytes(
    data: &Dataset,
    dir: &Path,
    bytes: Vec<u8>,
    ext: &str,
    what: &What,
) -> (Diagnostics, Vec<(String, String)>) {
    let mut outcome = Outcome {
        notes: Vec::new(),
        diagnostics: Diagnostics::default(),
        summary: Vec::new(),
        ending: Ending::Refused,
    };
    let table = match sheet::read_bytes(bytes, ext, None) {
        Ok(t) => t,
        Err(refusal) => {
            let d = Diagnostic::error(refusal.code, "fuzz", FieldPath::root(), refusal.message);
            outcome.diagnostics.push(d);
            return (outcome.diagnostics, vec![]);
        }
    };
    let plan = plan((data, dir, what), "fuzz", &table, &mut outcome);
    let files = plan.map(|(p, _)| p.files).unwrap_or_default();
    (outcome.diagnostics, files)
}

/// A file the import would write that the loader would then refuse (over
/// `load::encoding::MAX_FILE_BYTES`): refused here, naming the spreadsheet.
fn too_large(name: &str, files: &[(String, String)]) -> Option<Diagnostic> {
    let limit = load::encoding::MAX_FILE_BYTES;
    let (rel, text) = files.iter().find(|(_, t)| t.len() as u64 > limit)?;
    Some(
        Diagnostic::error(
            Code::FileTooLarge,
            name,
            FieldPath::root(),
            format!(
                "importing it would make {rel} {} MB, over the {} MB a data file may hold",
                (text.len() as u64).div_ceil(1024 * 1024),
                limit / 1024 / 1024
            ),
        )
        .with_hint(Some(
            "move some of that county's stations into another file under stations/ \
             (e.g. stations/<county>-2.yaml; existing stations stay in their file on import), \
             then import again"
                .into(),
        )),
    )
}

/// The file's name as the user sees it in messages.
fn file_name(file: &Path) -> String {
    file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
