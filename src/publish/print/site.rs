//! `build --pdf`: every issue page and village notice, printed from the staging
//! directory, reusing the PDFs of pages that did not change.

use super::{browser, Cache, Job, Printer, Summary, CACHE};
use crate::compute::notices::notices;
use crate::compute::Metrics;
use crate::model::Dataset;
use crate::paths;
use crate::render::OutputFile;
use crate::write::Staging;
use anyhow::{Context, Result};
use std::path::Path;

/// How pages are printed; part of the cache key, so a change to the printing itself
/// (options, the 版记 placement) prints every page again.
const RECIPE: &str = concat!("pv-bulletin ", env!("CARGO_PKG_VERSION"), " print 2");

/// The pages `build --pdf` prints: every issue, and every village notice.
pub fn jobs(data: &Dataset, metrics: &Metrics<'_>) -> Vec<Job> {
    let mut jobs: Vec<Job> = data
        .bulletins
        .iter()
        .map(|b| Job {
            closing_at_bottom: true,
            ..Job::beside(&paths::issue_page(b.meta.number), b.meta.date)
        })
        .collect();
    jobs.extend(
        notices(data, metrics)
            .iter()
            .map(|n| Job::beside(&paths::notice_page(n.year, &n.station.id), n.date)),
    );
    jobs
}

/// Prints the staged pages of `jobs` into the staging directory, reusing the PDFs of
/// `previous` (the output being replaced) whose page did not change, and writes the
/// new manifest. The browser is only started when something must be printed.
pub fn print_site(
    jobs: &[Job],
    staging: &Staging<'_>,
    previous: &Path,
    browser: &Path,
) -> Result<Summary> {
    let old = Cache::read(previous);
    let version = browser_version(browser);
    let mut cache = Cache::default();
    let mut to_print = Vec::new();
    let mut summary = Summary::default();
    for job in jobs {
        // Read once: hashed here, and printed from memory if it changed.
        let html = String::from_utf8(staging.read(&job.html)?)
            .with_context(|| format!("the staged `{}` is not UTF-8", job.html))?;
        let key = Cache::key(html.as_bytes(), &format!("{version} {RECIPE}"));
        let reusable = old
            .matches(&job.pdf, &key)
            .then(|| std::fs::read(previous.join(&job.pdf)).ok())
            .flatten();
        match reusable {
            Some(bytes) => {
                staging.write(&OutputFile::new(job.pdf.clone(), bytes))?;
                summary.reused += 1;
            }
            None => to_print.push((job.clone(), html)),
        }
        cache.insert(&job.pdf, key);
    }
    if !to_print.is_empty() {
        browser::check_cjk_font()?;
        let printer = Printer::launch(browser)?;
        // The work is mostly the browser's; two tabs per core keep it busy.
        let workers = std::thread::available_parallelism()
            .map_or(2, |n| n.get() * 2)
            .clamp(2, 8);
        summary.printed = printer.print_all(&to_print, workers, &|job, bytes| {
            staging.write(&OutputFile::new(job.pdf.clone(), bytes))
        })?;
    }
    staging.write(&OutputFile::new(CACHE, cache.to_text()))?;
    Ok(summary)
}

/// The browser's own version line (`chromium --version`), part of the cache key,
/// read without starting the browser.
fn browser_version(browser: &Path) -> String {
    std::process::Command::new(browser)
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| browser.display().to_string())
}
