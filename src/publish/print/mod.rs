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
mod pdf;
mod site;

pub use cache::{Cache, CACHE};
pub use pdf::{stamp_dates, Printer};
pub use site::{jobs, print_site};

use crate::paths;

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
            pdf: paths::pdf_of(html),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_put_the_pdf_beside_the_page() {
        let d = crate::model::Date::new(2018, 1, 9).unwrap();
        let job = Job::beside("issues/25.html", d);
        assert_eq!(job.pdf, "issues/25.pdf");
        assert_eq!(job.date, "20180109");
    }
}
