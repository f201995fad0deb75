//! `build`: validate, render and write the site, with a progress bar on a terminal.

use super::{count, human_size, options, print_diagnostics, SiteArgs};
use crate::pipeline;
use crate::print::browser::find_browser;
use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Treat warnings as errors (nothing is written when there are any)
    #[arg(long)]
    pub deny_warnings: bool,
    /// Print the wall time of each stage
    #[arg(long)]
    pub timings: bool,
    /// Also print every issue and village notice to PDF (issues/<n>.pdf …) with
    /// headless Chromium, Chrome or Edge; unchanged pages are not printed again
    #[arg(long)]
    pub pdf: bool,
    /// The browser to print with [default: PV_BULLETIN_BROWSER, else chromium,
    /// chromium-browser, google-chrome or microsoft-edge on PATH]
    #[arg(long, value_name = "PATH", requires = "pdf")]
    pub browser: Option<PathBuf>,
}

/// Only builds that take a while get a bar, and only on a terminal.
const SHOW_BAR_AFTER: Duration = Duration::from_millis(500);

pub fn run(args: Args) -> Result<ExitCode> {
    let started = Instant::now();
    let SiteArgs {
        data,
        out,
        templates,
    } = args.site;
    let mut options = options(&data, templates, args.deny_warnings);
    if args.pdf {
        // Before anything is rendered: without a browser, nothing changes.
        let env = std::env::var("PV_BULLETIN_BROWSER").ok();
        let path = std::env::var_os("PATH");
        options.pdf_browser = Some(find_browser(
            args.browser.as_deref(),
            env.as_deref(),
            path.as_deref(),
        )?);
    }
    let bar = ProgressBar::hidden();
    bar.set_style(
        ProgressStyle::with_template("{spinner} rendering {pos}/{len} files {wide_bar} {elapsed}")
            .expect("valid progress template"),
    );
    let progress = |done: usize, total: usize| {
        if bar.is_hidden() && started.elapsed() > SHOW_BAR_AFTER && std::io::stderr().is_terminal()
        {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let report = pipeline::build_with(&options, &out, &progress)?;
    bar.finish_and_clear();
    print_diagnostics(&report.diagnostics, &data);
    if args.timings {
        for (stage, took) in &report.timings {
            eprintln!("  {stage:<15} {:>8.3} s", took.as_secs_f64());
        }
    }
    if report.diagnostics.fails(args.deny_warnings) {
        eprintln!(
            "build failed: {}; `{}` was left unchanged",
            report.diagnostics.summary(),
            out.display()
        );
        return Ok(ExitCode::FAILURE);
    }
    if !report.feeds {
        eprintln!("no feed.xml or sitemap.xml: set base_url in site.yaml to publish them");
    }
    let pdfs = if args.pdf {
        format!(
            "; {} ({} printed, {} unchanged)",
            count(report.pdfs.printed + report.pdfs.reused, "PDF"),
            report.pdfs.printed,
            report.pdfs.reused
        )
    } else {
        String::new()
    };
    eprintln!(
        "built {} files ({}, {}, {}, {}; {}{pdfs}) into `{}` in {:.2} s",
        report.files_written,
        count(report.issues, "issue"),
        count(report.counties, "county"),
        count(report.stations, "station"),
        count(report.charts, "chart"),
        human_size(report.bytes_written),
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
