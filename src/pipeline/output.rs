//! Where rendered files go during a build: into the staging directory, counted,
//! listed (by the staging directory), and (issue and county pages) kept for the search index.

use crate::progress::{Progress, Step};
use crate::publish::search::{IndexedPages, SearchPages};
use crate::render::OutputFile;
use crate::write::Staging;
use anyhow::Result;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Receives every file of a build, from any thread.
pub struct Output<'a> {
    staging: &'a Staging<'a>,
    progress: &'a Progress<'a>,
    kept: SearchPages,
    files: AtomicUsize,
    bytes: AtomicUsize,
}

impl<'a> Output<'a> {
    pub fn new(staging: &'a Staging<'a>, progress: &'a Progress<'a>) -> Self {
        Output {
            staging,
            progress,
            kept: SearchPages::default(),
            files: AtomicUsize::new(0),
            bytes: AtomicUsize::new(0),
        }
    }

    /// A rendered file: counted (for the progress bar and the summary) and written.
    pub fn emit(&self, file: OutputFile) -> Result<()> {
        let done = self.files.fetch_add(1, Ordering::Relaxed) + 1;
        self.bytes.fetch_add(file.bytes.len(), Ordering::Relaxed);
        (self.progress)(Step::Done(done));
        self.write(file)
    }

    /// A file written without counting it as rendered (search index, feeds).
    pub fn write(&self, file: OutputFile) -> Result<()> {
        self.kept.keep(&file)?;
        self.staging.write(&file)
    }

    /// Files rendered, and their bytes.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.files.load(Ordering::Relaxed),
            self.bytes.load(Ordering::Relaxed),
        )
    }

    /// Every path written so far (the staging directory's list: PDFs are written
    /// to it directly, after the pages).
    pub fn paths(&self) -> BTreeSet<String> {
        self.staging.produced()
    }

    /// The pages kept for the search index so far, taken out.
    pub fn take_pages(&self) -> IndexedPages {
        self.kept.take()
    }
}
