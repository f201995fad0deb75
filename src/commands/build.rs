//! `build`: validate, render and write the site, with a progress bar on a terminal.

use super::{count, human_size, options, print_report, SiteArgs};
use crate::format::int;
use crate::pipeline::{Reuse, Step};
use crate::publish::chart_png::store::ENV;
use crate::publish::print::browser::{find_browser, Platform};
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
    /// The browser to print with, any Chromium-based one (奇安信可信浏览器, UOS 浏览器 …)
    /// [default: PV_BULLETIN_BROWSER, else chromium, chromium-browser, google-chrome
    /// or microsoft-edge on PATH; on Windows chrome.exe, msedge.exe or chromium.exe on
    /// PATH, else Chrome or Edge where they install]
    #[arg(long, value_name = "PATH", requires = "pdf")]
    pub browser: Option<PathBuf>,
    /// Also write every village notice as a Word file (notices/<year>/<id>.docx),
    /// for villages that edit it before posting; issues always get one
    #[arg(long)]
    pub docx: bool,
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
    options.docx_notices = args.docx;
    if args.pdf {
        // Before anything is rendered: without a browser, nothing changes.
        let env = std::env::var("PV_BULLETIN_BROWSER").ok();
        let path = std::env::var_os("PATH");
        options.pdf_browser = Some(find_browser(
            args.browser.as_deref(),
            env.as_deref(),
            path.as_deref(),
            &Platform::current(),
        )?);
    }
    let display = StageDisplay::new(started);
    let progress = |step: Step| display.show(step);
    let report = crate::rebuild::build(&options, &out, &progress)?;
    display.bar.finish_and_clear();
    print_report(&report);
    if args.timings {
        for (stage, took) in &report.timings {
            eprintln!("  {stage:<15} {:>8.3} s", took.as_secs_f64());
        }
        let pictures = report.pictures;
        let store = match &options.chart_store {
            Some(store) => format!("the chart store `{}`", store.dir().display()),
            None => format!("the chart store (off: {} is empty)", ENV),
        };
        eprintln!(
            "  chart pictures: {} drawn, {} from the previous output, {} from {store}",
            pictures.drawn, pictures.reused, pictures.stored
        );
        if let Some((pages, read)) = report.page_index {
            eprintln!(
                "  page index: {pages} pages, {read} read back from the output \
                 (the others rendered now or kept in the build cache)"
            );
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
    let changes = report.changes;
    let changed = if changes.unchanged + changes.removed == 0 {
        String::new()
    } else {
        format!(
            "; {} changed, {} unchanged, {} removed",
            changes.written, changes.unchanged, changes.removed
        )
    };
    let site = format!(
        "{}, {}, {}",
        count(report.issues, "issue"),
        count(report.counties, "county"),
        count(report.stations, "station"),
    );
    let seconds = started.elapsed().as_secs_f64();
    match &report.reuse {
        Reuse::Partial { files } => eprintln!(
            "rendered {} of {} files; the rest unchanged ({site}; {}{pdfs}) into `{}` in \
             {seconds:.2} s{changed}",
            int(report.files_written),
            int(*files),
            human_size(report.bytes_written),
            out.display(),
        ),
        reuse => {
            if let Reuse::Unusable(why) = reuse {
                eprintln!("built the whole site: {why}");
            }
            eprintln!(
                "built {} files ({site}, {}; {}{pdfs}) into `{}` in {seconds:.2} s{changed}",
                report.files_written,
                count(report.charts, "chart"),
                human_size(report.bytes_written),
                out.display(),
            )
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The bar on stderr: which stage is running and, when it counts units, how far
/// it is. Shown from the first stage on (loading at 30,000 stations takes
/// seconds), but only once the build has run for [`SHOW_BAR_AFTER`].
struct StageDisplay {
    bar: ProgressBar,
    started: Instant,
}

impl StageDisplay {
    fn new(started: Instant) -> Self {
        StageDisplay {
            bar: ProgressBar::hidden(),
            started,
        }
    }

    fn show(&self, step: Step) {
        if self.bar.is_hidden()
            && self.started.elapsed() > SHOW_BAR_AFTER
            && std::io::stderr().is_terminal()
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.bar.enable_steady_tick(Duration::from_millis(120));
        }
        match step {
            Step::Stage(stage) => {
                self.bar.set_style(style("{spinner} {msg} {elapsed}"));
                self.bar.set_message(describe(stage));
            }
            Step::Total(total) => {
                // Count first, style last: a tick in between must not draw the
                // last stage's count against this stage's total.
                self.bar.set_position(0);
                self.bar.set_length(total as u64);
                self.bar.set_style(style(
                    "{spinner} {msg} {human_pos}/{human_len} {wide_bar} {elapsed}",
                ));
            }
            Step::Done(done) => self.bar.set_position(done as u64),
        }
    }
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template).expect("valid progress template")
}

/// What the user sees for each stage of [`pipeline::Report::timings`].
fn describe(stage: &'static str) -> &'static str {
    match stage {
        "load" => "loading data files",
        "validate" => "checking the data",
        "compute" => "computing figures",
        "read the build cache" => "checking what the last build left",
        "render + write" => "rendering files",
        "search index" => "indexing pages for search",
        "print PDFs" => "printing PDFs",
        "commit" => "putting the new files in place",
        other => other,
    }
}
