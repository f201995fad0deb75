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
//! [`super::build`].

use super::{build_bundle, bundles, in_order, Bundle, IndexedPages, StationDocs};
use crate::compute::Metrics;
use crate::model::Dataset;
use crate::paths::Index;
use crate::progress::{Progress, Step};
use crate::render::OutputFile;
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
    built: Mutex<Vec<(usize, Result<Vec<OutputFile>>)>>,
    all_built: Condvar,
}

impl<'a> Beside<'a> {
    /// The indexes `which` (the station shards queued at [`Beside::run`], the page
    /// index built by [`Beside::finish`]); the search stage is reported to
    /// `progress`.
    pub fn new(
        which: &[Index],
        data: &'a Dataset,
        metrics: &'a Metrics<'a>,
        progress: &'a Progress<'a>,
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
    /// shards not yet started, then — once those under way elsewhere are done —
    /// every index file, sorted by path. Reports the search stage in documents,
    /// those indexed before it began counted at once.
    pub fn finish(&self, pages: &IndexedPages) -> Result<Vec<OutputFile>> {
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
            match build_bundle(bundle, &self.docs, &|| self.added()) {
                Ok(files) => all.push((self.shards.len(), Ok(files))),
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
        in_order(all)
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
        let files = build_bundle(shard, &self.docs, &|| self.added());
        let mut built = self.built.lock().unwrap_or_else(|e| e.into_inner());
        built.push((i, files));
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
        let beside = Beside::new(&which, &data, &metrics, &progress);
        let files = beside.run(|b| {
            // Work of its own first, as the rendering is, while the shards build.
            std::thread::sleep(std::time::Duration::from_millis(50));
            b.finish(&pages)
        });
        let files = files.unwrap();
        assert_eq!(files.len(), alone.len());
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
        let files =
            super::super::build(&shards, &pages(), &data, &metrics, &crate::progress::quiet)
                .unwrap();
        assert!(!files.is_empty());
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
        let beside = Beside::new(&which, &data, &metrics, &crate::progress::quiet);
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
    }
}
