//! One browser, many tabs: pages printed to PDF over the DevTools protocol, with
//! the page's own `@page` size and margins, and stamped with the page's date.

use super::{closing, Job};
use anyhow::{anyhow, Context, Result};
use headless_chrome::protocol::cdp::Page;
use headless_chrome::types::PrintToPdfOptions;
use headless_chrome::{Browser, LaunchOptions};
use std::ffi::OsStr;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

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
}
