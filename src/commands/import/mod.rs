//! `import stations|progress FILE`: a ledger (台账) or a quarter's figures from
//! Excel, WPS or CSV into the data directory, through the model and the same
//! validation as `check`. Nothing is written when anything is wrong: the new
//! files are checked in a copy of the data directory first, then each changed
//! file is replaced atomically.

mod cells;
mod columns;
mod merge;
mod records;
mod sheet;
mod yaml;

use super::print_diagnostics;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, FieldPath};
use crate::pipeline::{self, Options};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(clap::Subcommand)]
pub enum What {
    /// Stations from a ledger (电站台账) into stations/<county>.yaml
    Stations {
        /// .xlsx, .xls, .ods or .csv (UTF-8 or GB18030)
        file: PathBuf,
        /// The sheet to read [default: the first visible one]
        #[arg(long)]
        sheet: Option<String>,
        /// The county (its id in counties.yaml) when the sheet has no county column
        #[arg(long)]
        county: Option<String>,
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// Print what would change and write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// A quarter's figures per station into progress/<quarter>.yaml
    Progress {
        file: PathBuf,
        /// The quarter the figures are for, e.g. 2017Q1
        #[arg(long)]
        quarter: String,
        #[arg(long)]
        sheet: Option<String>,
        #[arg(long, default_value = "data")]
        data: PathBuf,
        #[arg(long)]
        dry_run: bool,
    },
}

pub fn run(args: Args) -> Result<ExitCode> {
    let (file, sheet, data, dry_run) = match &args.what {
        What::Stations {
            file,
            sheet,
            data,
            dry_run,
            ..
        } => (file, sheet, data, *dry_run),
        What::Progress {
            file,
            sheet,
            data,
            dry_run,
            ..
        } => (file, sheet, data, *dry_run),
    };
    let loaded = crate::load::load(data)?;
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let table = match sheet::read(file, sheet.as_deref()) {
        Ok(t) => t,
        Err(message) => {
            return fail(
                data,
                Diagnostic::error(Code::InvalidValue, name, FieldPath::root(), message),
            )
        }
    };
    if let Some(note) = &table.note {
        eprintln!("{name}: {note}");
    }
    let header = match columns::find_header(&table) {
        Ok(h) => h,
        Err((r, c, message)) => {
            let at = records::Source {
                file: &name,
                table: &table,
                header: &columns::Header {
                    row: 0,
                    columns: vec![],
                },
            }
            .at(r, c);
            return fail(
                data,
                Diagnostic::error(Code::MissingField, at, FieldPath::root(), message),
            );
        }
    };
    let source = records::Source {
        file: &name,
        table: &table,
        header: &header,
    };
    let mut found = Diagnostics::default();
    let plan = match &args.what {
        What::Stations { county, .. } => merge::stations(
            &loaded.dataset,
            data,
            &source,
            county.as_deref(),
            &mut found,
        ),
        What::Progress { quarter, .. } => {
            merge::progress(&loaded.dataset, data, &source, quarter, &mut found)
        }
    };
    if found.has_errors() {
        print_diagnostics(&found, data);
        eprintln!("import failed: {}; nothing was written", found.summary());
        return Ok(ExitCode::FAILURE);
    }
    print_diagnostics(&found, data);
    for line in &plan.summary {
        eprintln!("{line}");
    }
    let changed: Vec<&(String, String)> = plan
        .files
        .iter()
        .filter(|(rel, text)| std::fs::read_to_string(data.join(rel)).ok().as_deref() != Some(text))
        .collect();
    if changed.is_empty() {
        eprintln!("nothing to change: the data already matches {name}");
        return Ok(ExitCode::SUCCESS);
    }
    let (copy, checked) = check_in_copy(data, &changed)?;
    if checked.diagnostics.has_errors() {
        print_diagnostics(&checked.diagnostics, &copy.path().join("data"));
        eprintln!(
            "import failed: the imported data does not pass `check` ({}); nothing was written",
            checked.diagnostics.summary()
        );
        return Ok(ExitCode::FAILURE);
    }
    if dry_run {
        for (rel, _) in &changed {
            eprintln!("would write {rel}");
        }
        eprintln!("dry run: nothing was written");
        return Ok(ExitCode::SUCCESS);
    }
    for (rel, text) in &changed {
        write_atomically(&data.join(rel), text)?;
        eprintln!("wrote {rel}");
    }
    eprintln!(
        "imported {name}; `check` passes ({})",
        checked.diagnostics.summary()
    );
    Ok(ExitCode::SUCCESS)
}

fn fail(data: &Path, d: Diagnostic) -> Result<ExitCode> {
    let mut all = Diagnostics::default();
    all.push(d);
    print_diagnostics(&all, data);
    eprintln!("import failed; nothing was written");
    Ok(ExitCode::FAILURE)
}

/// Runs `check` on a copy of the data directory with the new files in place.
fn check_in_copy(
    data: &Path,
    changed: &[&(String, String)],
) -> Result<(tempfile::TempDir, pipeline::Report)> {
    let tmp = tempfile::tempdir().context("cannot create a temporary directory")?;
    let copy = tmp.path().join("data");
    for entry in walkdir::WalkDir::new(data) {
        let entry = entry?;
        let rel = entry.path().strip_prefix(data)?;
        let target = copy.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    for (rel, text) in changed {
        let target = copy.join(rel);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(target, text)?;
    }
    let mut options = Options::new(&copy);
    options.templates_dir = None;
    let report = pipeline::check_with(&options)?;
    Ok((tmp, report))
}

/// Writes beside the target and renames, so a crash leaves the old file or the new.
fn write_atomically(path: &Path, text: &str) -> Result<()> {
    let dir = path.parent().context("no parent directory")?;
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut tmp, text.as_bytes())?;
    tmp.persist(path)
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok(())
}

/// What an import would write: (path relative to the data directory, content),
/// and lines for the user about what changes.
pub struct Plan {
    pub files: Vec<(String, String)>,
    pub summary: Vec<String>,
}
