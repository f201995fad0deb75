//! The commands of the `pv-bulletin` binary, one module each. `main.rs` only parses
//! the command line and calls `run`; the pipeline itself lives in [`crate::pipeline`].

pub mod build;
pub mod check;
pub mod gen_sample;
pub mod import;
pub mod new;
pub mod new_issue;
pub mod serve;
pub mod template;

use crate::diagnostics::Diagnostics;
use crate::{pipeline, report};
use std::path::{Path, PathBuf};

/// Where the data, the output and the templates are: shared by `build` and `serve`.
#[derive(clap::Args)]
pub struct SiteArgs {
    /// Data directory (site.yaml, counties.yaml, stations/, progress/, bulletins/)
    #[arg(long, default_value = "data")]
    pub data: PathBuf,
    /// Output directory; replaced only if it is empty or was written by pv-bulletin
    #[arg(long, default_value = "public")]
    pub out: PathBuf,
    /// Templates overriding the built-in ones [default: templates/ beside the data directory, if any]
    #[arg(long)]
    pub templates: Option<PathBuf>,
}

/// Options of the commands that run the pipeline: data, templates and strictness.
pub fn options(data: &Path, templates: Option<PathBuf>, deny_warnings: bool) -> pipeline::Options {
    let defaults = pipeline::Options::new(data);
    pipeline::Options {
        templates_dir: templates.or(defaults.templates_dir),
        deny_warnings,
        ..defaults
    }
}

/// `1 issue`, `4 issues`, `6 counties`.
pub fn count(n: usize, word: &str) -> String {
    match (n, word.strip_suffix('y')) {
        (1, _) => format!("1 {word}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {word}s"),
    }
}

pub fn human_size(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{:.1} GB", b as f64 / (1u64 << 30) as f64),
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / (1u64 << 20) as f64),
        b => format!("{:.1} KB", b as f64 / 1024.0),
    }
}

/// Prints a run's diagnostics with source snippets from the files it parsed.
pub fn print_report(report: &pipeline::Report) {
    print_with(
        &report.diagnostics,
        &mut report::Sources::of(&report.sources),
    );
}

/// Prints diagnostics with source snippets from the files under `dir`, as they are.
pub fn print_diagnostics(diagnostics: &Diagnostics, dir: &Path) {
    print_with(diagnostics, &mut report::Sources::new(dir));
}

fn print_with(diagnostics: &Diagnostics, sources: &mut report::Sources) {
    if !diagnostics.items.is_empty() {
        eprint!(
            "{}",
            report::render_all(diagnostics, sources, report::Style::detect())
        );
    }
}
