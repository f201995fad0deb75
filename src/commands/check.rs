//! `check`: validate the data and report every problem, writing nothing.

use super::{options, print_report};
use crate::pipeline;
use anyhow::Result;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Data directory
    #[arg(long, default_value = "data")]
    pub data: PathBuf,
    /// Treat warnings as errors (exit status 1 when there are any)
    #[arg(long)]
    pub deny_warnings: bool,
    /// Templates overriding the built-in ones [default: templates/ beside the data directory, if any]
    #[arg(long)]
    pub templates: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let options = options(&args.data, args.templates, args.deny_warnings);
    let report = pipeline::check_with(&options)?;
    print_report(&report);
    let diagnostics = report.diagnostics;
    if diagnostics.fails(args.deny_warnings) {
        eprintln!("check failed: {}", diagnostics.summary());
        return Ok(ExitCode::FAILURE);
    }
    eprintln!(
        "check passed: {} ({})",
        diagnostics.summary(),
        args.data.display()
    );
    Ok(ExitCode::SUCCESS)
}
