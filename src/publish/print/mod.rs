//! Stage 6, with `build --pdf` — print: every issue page and village notice as a PDF,
//! through a real browser engine (headless Chromium, Chrome or Edge driven over the
//! DevTools protocol by `headless_chrome`), so the PDF is the page as a browser
//! prints it: the GB/T 9704 print stylesheet, page numbers in the `@page` margin
//! boxes, Chinese fonts.
//!
//! PDFs go into the staging directory like every page, so a failed or interrupted
//! print leaves the previous site as it was. A page whose HTML has not changed since
//! the previous build (same SHA-256, same browser) is not printed again: its PDF is
//! copied from the previous output, found through the manifest [`CACHE`]. Pages
//! print in parallel, one browser tab per worker.

pub mod browser;
mod cache;
mod closing;

pub use cache::{Cache, CACHE};

use crate::compute::notices::notices;
use crate::compute::Metrics;
use crate::model::Dataset;
use crate::paths;

use crate::render::OutputFile;
use crate::write::Staging;
use anyhow::{anyhow, Context, Result};
use headless_chrome::protocol::cdp::Page;
use headless_chrome::types::PrintToPdfOptions;
use headless_chrome::{Browser, LaunchOptions};
use std::ffi::OsStr;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

/// One page to print: its HTML (already written in the staging directory) and
/// where the PDF goes, both relative to the site root; `date` stamps the PDF.
#[derive(Clone, Debug)]
pub struct Job {
    pub html: String,
    pub pdf: String,
    /// `YYYYMMDD`: the issue (or notice) date, written as the PDF's creation date
    /// so that the same page prints to the same bytes.
    pub date: String,
    /// Issue pages: the 版记 goes to the bottom of the last page (see [`closing`]).
    pub closing_at_bottom: bool,
}

impl Job {
    /// The PDF path beside an `.html` page.
    pub fn beside(html: &str, date: crate::model::Date) -> Job {
        Job {
            html: html.to_string(),
            pdf: crate::paths::pdf_of(html),
            date: format!("{:04}{:02}{:02}", date.year, date.month, date.day),
            closing_at_bottom: false,
        }
    }
}

/// What a print run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub printed: usize,
    pub reused: usize,
}

/// How pages are printed; part of the cache key, so a change to the printing itself
/// (options, the 版记 placement) prints every page again.
const RECIPE: &str = concat!("pv-bulletin ", env!("CARGO_PKG_VERSION"), " print 2");

/// A running headless browser.
pub struct Printer {
    browser: Browser,
}

/// Flags for a headless browser that must not reach the network or keep state.
const ARGS: [&str; 6] = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-background-networking",
    "--hide-scrollbars",
];

impl Printer {
    pub fn launch(path: &Path) -> Result<Printer> {
        let args: Vec<&OsStr> = ARGS.iter().map(OsStr::new).collect();
        let options = LaunchOptions {
            path: Some(path.to_path_buf()),
            headless: true,
            // Sandboxing needs user namespaces, which containers and root often lack;
            // the pages printed are our own, loaded from file:// with no network.
            sandbox: false,
            args,
            idle_browser_timeout: Duration::from_secs(600),
            ..LaunchOptions::default()
        };
        let browser = Browser::new(options)
            .map_err(|e| anyhow!("cannot start `{}` to print PDFs: {e}", path.display()))?;
        Ok(Printer { browser })
    }

    /// Prints `jobs`, each with its page's HTML, writing each PDF with `write`, on
    /// `workers` tabs at once. Stops at the first failure.
    pub fn print_all(
        &self,
        jobs: &[(Job, String)],
        workers: usize,
        write: &(dyn Fn(&Job, Vec<u8>) -> Result<()> + Sync),
    ) -> Result<usize> {
        let queue = Mutex::new(jobs.iter());
        let failed: Mutex<Option<anyhow::Error>> = Mutex::new(None);
        let printed = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..workers.clamp(1, jobs.len().max(1)) {
                scope.spawn(|| {
                    let result = (|| -> Result<()> {
                        let tab = self.browser.new_tab().map_err(|e| anyhow!("{e}"))?;
                        tab.set_default_timeout(Duration::from_secs(120));
                        loop {
                            if failed.lock().map_or(true, |f| f.is_some()) {
                                return Ok(());
                            }
                            let Some((job, html)) = queue.lock().ok().and_then(|mut q| q.next())
                            else {
                                return Ok(());
                            };
                            let pdf = if job.closing_at_bottom {
                                closing::print_with_closing_at_bottom(&tab, html)
                            } else {
                                print_page(&tab, html.clone())
                            }
                            .with_context(|| format!("cannot print `{}` to PDF", job.html))?;
                            write(job, stamp_dates(pdf, &job.date))?;
                            printed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        }
                    })();
                    if let Err(e) = result {
                        if let Ok(mut f) = failed.lock() {
                            f.get_or_insert(e);
                        }
                    }
                });
            }
        });
        match failed.into_inner().ok().flatten() {
            Some(e) => Err(e),
            None => Ok(printed.into_inner()),
        }
    }
}

/// Prints one page: its HTML is put straight into the tab's document (pages are
/// self-contained, so nothing else needs loading, and no wait for the network to go
/// idle), printed with the page's own `@page` size and margins (A4, GB/T 9704),
/// backgrounds on (the red masthead rule), and no browser header or footer (the
/// page numbers come from the stylesheet).
pub(crate) fn print_page(tab: &headless_chrome::Tab, html: String) -> Result<Vec<u8>> {
    let tree = tab
        .call_method(Page::GetFrameTree(None))
        .map_err(|e| anyhow!("{e}"))?;
    tab.call_method(Page::SetDocumentContent {
        frame_id: tree.frame_tree.frame.id,
        html,
    })
    .map_err(|e| anyhow!("{e}"))?;
    let options = PrintToPdfOptions {
        display_header_footer: Some(false),
        print_background: Some(true),
        prefer_css_page_size: Some(true),
        margin_top: Some(0.0),
        margin_bottom: Some(0.0),
        margin_left: Some(0.0),
        margin_right: Some(0.0),
        generate_tagged_pdf: Some(true),
        ..PrintToPdfOptions::default()
    };
    tab.print_to_pdf(Some(options)).map_err(|e| anyhow!("{e}"))
}

/// Chromium stamps each PDF with the time of printing; the page's own date is put in
/// its place (same length, so the cross-reference offsets stay valid), so the same
/// page prints to the same bytes.
pub fn stamp_dates(mut pdf: Vec<u8>, yyyymmdd: &str) -> Vec<u8> {
    for key in [&b"/CreationDate (D:"[..], &b"/ModDate (D:"[..]] {
        let mut from = 0;
        while let Some(i) = find(&pdf[from..], key) {
            let start = from + i + key.len();
            let digits = pdf[start..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if digits >= 14 {
                let stamp = format!("{yyyymmdd}000000");
                pdf[start..start + 14].copy_from_slice(stamp.as_bytes());
            }
            from = start;
        }
    }
    pdf
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_stamped_in_place() {
        let pdf =
            b"<< /CreationDate (D:20261124051216+00'00')\n/ModDate (D:20261124051216+00'00')>>"
                .to_vec();
        let out = stamp_dates(pdf.clone(), "20180119");
        assert_eq!(out.len(), pdf.len());
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.matches("D:20180119000000+00'00'").count(), 2, "{text}");
    }

    #[test]
    fn jobs_put_the_pdf_beside_the_page() {
        let d = crate::model::Date::new(2018, 1, 9).unwrap();
        let job = Job::beside("issues/25.html", d);
        assert_eq!(job.pdf, "issues/25.pdf");
        assert_eq!(job.date, "20180109");
    }
}
