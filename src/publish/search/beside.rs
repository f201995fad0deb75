//! The search indexes of a whole build, made beside the rendering.
//!
//! Station shards need only the data and its figures, not the rendered pages, and
//! they are most of the indexing (at 30,000 stations, six shards of about 2 s of
//! CPU each against 0.3 s for the page index). Built after the rendering, as they
//! once were, they left a core idle whenever the rendering had one thread's work
//! left (between its stages, at its end) and again while the last shard finished.
//! Here they are jobs in the same thread pool as the rendering, taken up whenever a
//! thread has nothing else to do; the page index follows the rendering, and the
//! thread that built it then takes the shards nobody has started. Each shard is
//! still built on its own, documents in a fixed order, so the files are those of
//! building each alone. Its files are written as soon as it is built: the index
//! files are 123 MB at 30,000 stations (about three times that at 100,000), and
//! held until the end of the rendering they were the largest part of the peak.

use super::{build_bundle, bundles, first_error, Bundle, IndexedPages, StationDocs, Write};
use crate::compute::Metrics;
use crate::model::Dataset;
use crate::paths::Index;
use crate::progress::{Progress, Step};
use anyhow::Result;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

/// The station shards of a build, and what has become of them.
pub struct Beside<'a> {
    shards: Vec<Bundle<'a>>,
    /// Whether the page index is among the indexes to build.
    page_index: bool,
    docs: StationDocs<'a>,
    /// The next shard nobody has started.
    next: AtomicUsize,
    /// Documents indexed so far, pages and stations.
    indexed: AtomicUsize,
    progress: &'a Progress<'a>,
    /// Whether the search stage has begun: before, the rendering owns the progress
    /// display, and documents are counted silently.
    announced: AtomicBool,
    /// Set when the build has failed: shards under way stop at their next document.
    stopped: AtomicBool,
    /// Where each index's files go once it is built.
    write: &'a Write<'a>,
    /// Each shard built, by number: how many files it wrote.
    built: Mutex<Vec<(usize, Result<usize>)>>,
    all_built: Condvar,
}

impl<'a> Beside<'a> {
    /// The indexes `which` (the station shards queued at [`Beside::run`], the page
    /// index built by [`Beside::finish`]), their files given to `write`; the search
    /// stage is reported to `progress`.
    pub fn new(
        which: &[Index],
        (data, metrics): (&'a Dataset, &'a Metrics<'a>),
        progress: &'a Progress<'a>,
        write: &'a Write<'a>,
    ) -> Self {
        let shards: Vec<Index> = which
            .iter()
            .copied()
            .filter(|i| matches!(i, Index::Stations(_)))
            .collect();
        Beside {
            shards: bundles(&shards, None, data),
            page_index: which.contains(&Index::Pages),
            docs: StationDocs { data, metrics },
            next: AtomicUsize::new(0),
            indexed: AtomicUsize::new(0),
            progress,
            announced: AtomicBool::new(false),
            stopped: AtomicBool::new(false),
            write,
            built: Mutex::default(),
            all_built: Condvar::new(),
        }
    }

    /// Runs `work` in the thread pool with every shard queued beside it. `work` is
    /// expected to end with [`Beside::finish`] or [`Beside::stop`]; either way,
    /// this returns once no shard is being built.
    pub fn run<R: Send>(&self, work: impl FnOnce(&Self) -> R + Send) -> R {
        rayon::scope(|scope| {
            for _ in 0..self.shards.len() {
                scope.spawn(|_| {
                    self.build_next();
                });
            }
            work(self)
        })
    }

    /// The build has failed: no more shards are started, and those under way stop.
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::Relaxed);
    }

    /// The page index of `pages`, if asked for (built now, on this thread), then the
    /// shards not yet started; returns, once those under way elsewhere are done,
    /// how many files the indexes wrote (or the first index's error). Reports the
    /// search stage in documents, those indexed before it began counted at once.
    pub fn finish(&self, pages: &IndexedPages) -> Result<usize> {
        let which: &[Index] = if self.page_index {
            &[Index::Pages]
        } else {
            &[]
        };
        let page_index = bundles(which, Some(pages), self.docs.data);
        let total = page_index
            .iter()
            .chain(&self.shards)
            .map(|b| b.docs.len())
            .sum();
        (self.progress)(Step::Total(total));
        self.announced.store(true, Ordering::Relaxed);
        (self.progress)(Step::Done(self.indexed.load(Ordering::Relaxed)));
        let mut all = Vec::new();
        for bundle in &page_index {
            match self.build(bundle) {
                Ok(written) => all.push((self.shards.len(), Ok(written))),
                Err(e) => {
                    self.stop();
                    return Err(e);
                }
            }
        }
        while self.build_next() {}
        let mut built = self.built.lock().unwrap_or_else(|e| e.into_inner());
        while built.len() < self.shards.len() {
            built = self
                .all_built
                .wait(built)
                .unwrap_or_else(|e| e.into_inner());
        }
        all.append(&mut built);
        first_error(all)
    }

    /// Builds one index and writes its files; how many.
    fn build(&self, bundle: &Bundle<'_>) -> Result<usize> {
        let files = build_bundle(bundle, &self.docs, &|| self.added())?;
        let written = files.len();
        files.into_iter().try_for_each(self.write)?;
        Ok(written)
    }

    /// Builds the next shard nobody has started, if any (and the build goes on).
    fn build_next(&self) -> bool {
        if self.stopped.load(Ordering::Relaxed) {
            return false;
        }
        let i = self.next.fetch_add(1, Ordering::Relaxed);
        let Some(shard) = self.shards.get(i) else {
            return false;
        };
        let written = self.build(shard);
        let mut built = self.built.lock().unwrap_or_else(|e| e.into_inner());
        built.push((i, written));
        self.all_built.notify_all();
        true
    }

    /// One more document indexed; whether to go on.
    fn added(&self) -> bool {
        let done = self.indexed.fetch_add(1, Ordering::Relaxed) + 1;
        if self.announced.load(Ordering::Relaxed) {
            (self.progress)(Step::Done(done));
        }
        !self.stopped.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::Metrics;
    use crate::render::OutputFile;

    /// What the indexes wrote, sorted by path.
    #[derive(Default)]
    struct Written(Mutex<Vec<OutputFile>>);

    impl Written {
        fn write(&self, file: OutputFile) -> Result<()> {
            self.0.lock().unwrap().push(file);
            Ok(())
        }

        fn sorted(self) -> Vec<OutputFile> {
            let mut files = self.0.into_inner().unwrap();
            files.sort_by(|a, b| a.path.cmp(&b.path));
            files
        }
    }

    fn sample() -> Dataset {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        crate::load::load(&dir).unwrap().dataset
    }

    fn pages() -> IndexedPages {
        [
            (
                "issues/1.html",
                "<html><body><h1>第1期</h1><p>光伏帮扶</p></body></html>",
            ),
            (
                "counties/c.html",
                "<html><body><h1>南溪县</h1><p>村级电站</p></body></html>",
            ),
        ]
        .into_iter()
        .map(|(p, h)| (p.to_string(), h.to_string()))
        .collect()
    }

    /// Indexed beside other work, the files are those of building each index
    /// alone, one after the other, and the stage's progress ends at its total.
    #[test]
    fn beside_the_rendering_the_indexes_are_those_built_alone() {
        let data = sample();
        let metrics = Metrics::compute(&data.station_data);
        let which = crate::paths::indexes(&data);
        assert!(which.contains(&Index::Stations(1)), "{which:?}");
        let pages = pages();
        let docs = StationDocs {
            data: &data,
            metrics: &metrics,
        };
        let mut alone: Vec<OutputFile> = bundles(&which, Some(&pages), &data)
            .iter()
            .flat_map(|b| build_bundle(b, &docs, &|| true).unwrap())
            .collect();
        alone.sort_by(|a, b| a.path.cmp(&b.path));
        let steps = Mutex::new(Vec::new());
        let progress = |s: Step| steps.lock().unwrap().push(s);
        let written = Written::default();
        let write = |f| written.write(f);
        let beside = Beside::new(&which, (&data, &metrics), &progress, &write);
        let count = beside.run(|b| {
            // Work of its own first, as the rendering is, while the shards build.
            std::thread::sleep(std::time::Duration::from_millis(50));
            b.finish(&pages)
        });
        drop(beside);
        let files = written.sorted();
        assert_eq!((count.unwrap(), files.len()), (alone.len(), alone.len()));
        for (a, b) in files.iter().zip(&alone) {
            assert_eq!((&a.path, &a.bytes), (&b.path, &b.bytes));
        }
        let steps = steps.into_inner().unwrap();
        let total = pages.len() + data.stations.len();
        assert_eq!(steps[0], Step::Total(total));
        assert!(steps.contains(&Step::Done(total)), "{:?}", steps.last());
    }

    /// Without the page index among the indexes, none is built and none counted.
    #[test]
    fn only_the_indexes_asked_for_are_built() {
        let data = sample();
        let metrics = Metrics::compute(&data.station_data);
        let shards = [Index::Stations(1)];
        let written = Written::default();
        let quiet = &crate::progress::quiet;
        let count = super::super::build(&shards, &pages(), (&data, &metrics), quiet, &|f| {
            written.write(f)
        });
        let files = written.sorted();
        assert!(!files.is_empty() && count.unwrap() == files.len());
        assert!(files
            .iter()
            .all(|f| f.path.starts_with("pagefind/stations-1/")));
    }

    /// A build that fails stops its shards: nothing more is indexed, and `run`
    /// returns what the work returned.
    #[test]
    fn a_failed_build_stops_the_shards() {
        let data = sample();
        let metrics = Metrics::compute(&data.station_data);
        let which = crate::paths::indexes(&data);
        let written = Written::default();
        let write = |f| written.write(f);
        let beside = Beside::new(&which, (&data, &metrics), &crate::progress::quiet, &write);
        let got = beside.run(|b| {
            b.stop();
            "failed"
        });
        assert_eq!(got, "failed");
        let built = beside.built.into_inner().unwrap();
        assert!(
            built.iter().all(|(_, files)| files.is_err()),
            "a shard that started stopped at its next document"
        );
        assert!(beside.indexed.load(Ordering::Relaxed) <= which.len());
        assert!(
            written.sorted().is_empty(),
            "a stopped shard writes nothing"
        );
    }
}
