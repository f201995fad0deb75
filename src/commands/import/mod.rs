//! `import stations|progress FILE` and `import article FILE.docx…`: the
//! arguments, and what the import did, told to the user. The imports themselves
//! are [`crate::import`] and [`crate::import::article`].

mod article;

use super::{print_diagnostics, print_report};
use crate::import::{self, Ending, Request, What};
use anyhow::Result;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: Kind,
}

#[derive(clap::Subcommand)]
pub enum Kind {
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
        /// Replace each station's entry with the sheet's row, dropping the fields
        /// the sheet has no column for [default: merge field by field]
        #[arg(long)]
        replace: bool,
        /// Import even though the sheet's title or headers name another quarter
        #[arg(long)]
        force: bool,
    },
    /// Word submissions (.docx) into an issue as articles, with their pictures
    Article(article::Args),
}

impl Kind {
    /// The spreadsheet import's request (`None` for an article import).
    fn request(self) -> Option<Request> {
        Some(match self {
            Kind::Stations {
                file,
                sheet,
                county,
                data,
                dry_run,
            } => Request {
                file,
                sheet,
                data,
                what: What::Stations { county },
                dry_run,
            },
            Kind::Progress {
                file,
                quarter,
                sheet,
                data,
                dry_run,
                replace,
                force,
            } => Request {
                file,
                sheet,
                data,
                what: What::Progress {
                    quarter,
                    replace,
                    force,
                },
                dry_run,
            },
            Kind::Article(_) => return None,
        })
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    if let Kind::Article(args) = args.what {
        return article::run(args);
    }
    let request = args.what.request().expect("a spreadsheet import");
    let data = &request.data;
    let outcome = import::run(&request)?;
    let name = request.file.file_name().map_or_else(
        || request.file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    for note in &outcome.notes {
        eprintln!("{name}: {note}");
    }
    print_diagnostics(&outcome.diagnostics, data);
    match outcome.ending {
        Ending::Unreadable => {
            eprintln!("import failed; nothing was written");
            return Ok(ExitCode::FAILURE);
        }
        Ending::Refused => {
            let found = outcome.diagnostics.summary();
            eprintln!("import failed: {found}; nothing was written");
            return Ok(ExitCode::FAILURE);
        }
        _ => {}
    }
    for line in &outcome.summary {
        eprintln!("{line}");
    }
    match outcome.ending {
        Ending::Unreadable | Ending::Refused => unreachable!("told above"),
        Ending::Unchanged => {
            eprintln!("nothing to change: the data already matches {name}");
            Ok(ExitCode::SUCCESS)
        }
        Ending::FailsCheck { copy, report } => {
            let _copy = copy; // the diagnostics quote its files
            print_report(&report);
            eprintln!(
                "import failed: the imported data does not pass `check` ({}); nothing was written",
                report.diagnostics.summary()
            );
            Ok(ExitCode::FAILURE)
        }
        Ending::Written {
            files,
            dry_run,
            report,
        } => {
            for rel in &files {
                match dry_run {
                    true => eprintln!("would write {rel}"),
                    false => eprintln!("wrote {rel}"),
                }
            }
            match dry_run {
                true => eprintln!("dry run: nothing was written"),
                false => eprintln!(
                    "imported {name}; `check` passes ({})",
                    report.diagnostics.summary()
                ),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
