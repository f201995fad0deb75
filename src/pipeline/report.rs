//! What a run found and wrote, and how long each stage took.

use crate::diagnostics::Diagnostics;
use crate::progress::{Progress, Step};
use crate::publish::print;
use std::time::{Duration, Instant};

/// What a run found and, for `build`, what it wrote.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Diagnostics,
    /// The data files the diagnostics point into, as parsed (for source lines).
    pub sources: crate::load::SourceFiles,
    /// Files written; 0 when the data had errors (the old output is left as it was).
    pub files_written: usize,
    pub bytes_written: usize,
    /// What the site holds (for the summary line).
    pub issues: usize,
    pub counties: usize,
    pub stations: usize,
    pub charts: usize,
    /// Where the chart PNGs came from: drawn, the previous output, the chart store.
    pub pictures: crate::publish::word::pictures::Tally,
    /// Whether `feed.xml` and `sitemap.xml` were written (the site has a `base_url`).
    pub feeds: bool,
    /// Files of the Pagefind search index (under `pagefind/`).
    pub search_files: usize,
    /// When a build into an existing site indexed the pages again: how many
    /// pages the page index holds, and how many of them had to be read back from
    /// the output (neither rendered now nor kept in the build cache).
    pub page_index: Option<(usize, usize)>,
    /// What the build changed in the output directory (files written because they
    /// are new or differ, files already as built, files removed).
    pub changes: crate::write::Changes,
    /// With `--pdf`: PDFs printed now, and reused from the previous output.
    pub pdfs: print::Summary,
    /// Wall time of each stage, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// Whether the build started from what the previous one left (`build` into
    /// an existing site), and how.
    pub reuse: Reuse,
}

/// How a build used the previous build of the same output.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Reuse {
    /// A build of the whole site, as the first build of an output is.
    #[default]
    None,
    /// A build of the whole site although the output holds one: why its record
    /// of what it was built from could not be used.
    Unusable(String),
    /// Only the files that can have changed were rendered (`files_written`), of
    /// the `files` pages and downloads the site has.
    Partial { files: usize },
}

impl Report {
    /// Runs one stage: announces it to `progress`, then records its wall time.
    pub(crate) fn time<T>(
        &mut self,
        progress: &Progress,
        stage: &'static str,
        f: impl FnOnce() -> T,
    ) -> T {
        progress(Step::Stage(stage));
        let started = Instant::now();
        let out = f();
        self.timings.push((stage, started.elapsed()));
        out
    }
}
