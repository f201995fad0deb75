//! `import article FILE.docx…`: the arguments, and what the import did.

use crate::commands::{count, print_report};
use crate::import::article::docx::TitleSource;
use crate::import::article::{self, Ending, Imported, Request, TitleFrom};
use anyhow::Result;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
    pv-bulletin import article 西潘楼镇光伏扶贫工作信息.docx --column 基层经验\n  \
    pv-bulletin import article a.docx b.docx --issue 25 --dry-run")]
pub struct Args {
    /// .docx files, one article each, imported in this order
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The issue's number [default: the newest issue]
    #[arg(long)]
    pub issue: Option<u32>,
    /// The column (栏目), one of the issue's [default: its first]
    #[arg(long)]
    pub column: Option<String>,
    /// The title, instead of the one found in the document (one file only)
    #[arg(long)]
    pub title: Option<String>,
    /// The byline, instead of the source line (（××供稿）) found in the document
    #[arg(long)]
    pub author: Option<String>,
    #[arg(long, default_value = "data")]
    pub data: PathBuf,
    /// Print what would be written and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let request = Request {
        files: args.files,
        issue: args.issue,
        column: args.column,
        title: args.title,
        author: args.author,
        data: args.data,
        dry_run: args.dry_run,
    };
    let outcome = article::run(&request)?;
    for note in &outcome.notes {
        eprintln!("note: {note}");
    }
    for imported in &outcome.imported {
        tell(imported);
    }
    let done = match outcome.ending {
        Ending::Refused(refusals) => {
            for r in &refusals {
                match &r.file {
                    Some(file) => eprintln!("error: {file}: {}", r.message),
                    None => eprintln!("error: {}", r.message),
                }
                if let Some(hint) = &r.hint {
                    eprintln!("  = help: {hint}");
                }
            }
            eprintln!("import failed; nothing was written");
            return Ok(ExitCode::FAILURE);
        }
        Ending::FailsCheck { copy, report } => {
            let _copy = copy; // the diagnostics quote its files
            print_report(&report);
            eprintln!(
                "import failed: the imported articles do not pass `check` ({}); nothing was written",
                report.diagnostics.summary()
            );
            return Ok(ExitCode::FAILURE);
        }
        Ending::Written {
            files,
            dry_run,
            report,
        } => {
            let verb = if dry_run { "would write" } else { "wrote" };
            for rel in &files {
                eprintln!("{verb} {rel}");
            }
            (dry_run, report)
        }
    };
    let (dry_run, report) = done;
    let articles = count(outcome.imported.len(), "article");
    let issue = outcome
        .issue
        .map_or(String::new(), |n| format!(" into issue {n}"));
    let column = outcome.column.unwrap_or_default();
    match dry_run {
        true => eprintln!(
            "dry run: {articles}{issue} ({column}) would pass `check`; nothing was written"
        ),
        false => eprintln!(
            "imported {articles}{issue} ({column}); `check` passes ({})",
            report.diagnostics.summary()
        ),
    }
    Ok(ExitCode::SUCCESS)
}

/// What was made of one submission: where it goes, its title and author, what
/// it holds, and what the reader warns about.
fn tell(i: &Imported) {
    eprintln!("{} → {}", i.file, i.article);
    let from = match i.title_from {
        None => "--title",
        Some(TitleFrom::FileName) => "the file name",
        Some(TitleFrom::Document(TitleSource::TitleStyle)) => "the Title style",
        Some(TitleFrom::Document(TitleSource::Centred)) => "the first centred paragraph",
        Some(TitleFrom::Document(TitleSource::LargestFont)) => "the largest type at the top",
    };
    eprintln!("  title: {} (from {from})", i.title);
    match &i.author {
        Some(a) => eprintln!("  author: {a}"),
        None => eprintln!("  author: none found (add one with --author, or in the .md)"),
    }
    let s = &i.stats;
    eprintln!(
        "  {}, {}, {}, {}, {}",
        count(s.paragraphs, "paragraph"),
        count(s.headings, "heading"),
        count(s.tables, "table"),
        count(s.images, "image"),
        count(s.footnotes, "footnote"),
    );
    for w in &i.warnings {
        eprintln!("  warning: {w}");
    }
}
