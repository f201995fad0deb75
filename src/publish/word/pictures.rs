//! The chart PNGs of one build: each drawn once, and not at all when the previous
//! output already holds it.
//!
//! A picture is known by its stamp: the SHA-256 of the recipe (renderer and
//! settings), the fonts found and the chart's SVG with its page-specific ids taken
//! out. The stamp is written into the PNG (a `tEXt` chunk), so the previous
//! output's file at the same path is reused when its stamp matches — a build into
//! an existing site draws only the charts that changed — and charts that repeat
//! within a build (issues of one quarter share their 本期数据 charts) are drawn
//! once.

use crate::publish::chart_png::{self, ChartStore, FontSet, PngError, Raster};
use crate::render::charts::Chart;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// How charts are drawn; part of the stamp, so a change here draws every chart
/// again.
const RECIPE: &str = concat!(
    "pv-bulletin ",
    env!("CARGO_PKG_VERSION"),
    " chart-png 3 resvg 0.49 glyph-sprites"
);

/// The system's fonts, loaded the first time a chart is drawn in this process
/// (`serve` keeps them for its rebuilds).
fn fonts() -> &'static FontSet {
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    FONTS.get_or_init(FontSet::system)
}

type Drawn = Arc<OnceLock<Result<Arc<Vec<u8>>, PngError>>>;

/// The PNGs of one build.
pub struct ChartPictures<'a> {
    /// The output being replaced, whose pictures may be reused.
    previous: &'a Path,
    /// Pictures earlier builds on this machine drew, and where this one keeps
    /// what it draws.
    store: Option<&'a ChartStore>,
    /// Pictures of this build by stamp (issue charts only: they repeat).
    drawn: Mutex<HashMap<String, Drawn>>,
    /// Whether the missing CJK font has been reported.
    warned: AtomicBool,
    pub counts: Counts,
}

/// How many pictures were drawn, taken from the previous output, and taken from
/// the chart store.
#[derive(Default, Debug)]
pub struct Counts {
    pub drawn: AtomicUsize,
    pub reused: AtomicUsize,
    pub stored: AtomicUsize,
}

/// [`Counts`] once the stage is over, for the build's report.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct Tally {
    pub drawn: usize,
    pub reused: usize,
    pub stored: usize,
}

impl Counts {
    pub fn tally(&self) -> Tally {
        Tally {
            drawn: self.drawn.load(Ordering::Relaxed),
            reused: self.reused.load(Ordering::Relaxed),
            stored: self.stored.load(Ordering::Relaxed),
        }
    }
}

impl<'a> ChartPictures<'a> {
    pub fn new(previous: &'a Path, store: Option<&'a ChartStore>) -> Self {
        ChartPictures {
            previous,
            store,
            drawn: Mutex::default(),
            warned: AtomicBool::new(false),
            counts: Counts::default(),
        }
    }

    /// True the first time it is asked while no CJK font is installed: then the
    /// build says so, once.
    pub fn missing_font_first_time(&self) -> bool {
        !fonts().has_cjk() && !self.warned.swap(true, Ordering::Relaxed)
    }

    /// The PNG of `chart`, to be written at `path`: from the previous output when
    /// its stamp matches, else from this build's pictures (`shared`: charts that
    /// may repeat), else from the chart store, else drawn now (and stored).
    pub fn png(&self, chart: &Chart, path: &str, shared: bool) -> Result<Arc<Vec<u8>>, PngError> {
        let svg = neutral_svg(chart);
        let stamp = stamp(&svg, &fonts().fingerprint());
        if let Ok(old) = std::fs::read(self.previous.join(path)) {
            if chart_png::stamp_of(&old) == Some(stamp.as_str()) {
                self.counts.reused.fetch_add(1, Ordering::Relaxed);
                return Ok(Arc::new(old));
            }
        }
        let draw = || {
            if let Some(png) = self.store.and_then(|s| s.get(&stamp)) {
                self.counts.stored.fetch_add(1, Ordering::Relaxed);
                return Ok(Arc::new(png));
            }
            self.counts.drawn.fetch_add(1, Ordering::Relaxed);
            let png = chart_png::svg_to_png(&svg, &Raster::chart(Some(stamp.clone())), fonts())?;
            if let Some(store) = self.store {
                store.put(&stamp, &png);
            }
            Ok(Arc::new(png))
        };
        if !shared {
            return draw();
        }
        let cell = {
            let mut drawn = self.drawn.lock().unwrap_or_else(|e| e.into_inner());
            drawn.entry(stamp.clone()).or_default().clone()
        };
        cell.get_or_init(draw).clone()
    }
}

/// The chart's SVG without the ids that tie it to its page (`chart-3-title` …),
/// which do not change a pixel: the same chart on two pages is one picture.
pub fn neutral_svg(chart: &Chart) -> String {
    let id = &chart.id;
    chart
        .svg
        .replacen(
            &format!("aria-labelledby=\"{id}-title {id}-desc\""),
            "aria-labelledby=\"c-title c-desc\"",
            1,
        )
        .replacen(
            &format!("<title id=\"{id}-title\">"),
            "<title id=\"c-title\">",
            1,
        )
        .replacen(
            &format!("<desc id=\"{id}-desc\">"),
            "<desc id=\"c-desc\">",
            1,
        )
}

/// The stamp of a picture drawn from `svg` with the fonts `fonts`.
fn stamp(svg: &str, fonts: &str) -> String {
    let mut h = Sha256::new();
    for part in [RECIPE, fonts, svg] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(id: &str, svg_body: &str) -> Chart {
        Chart {
            id: id.into(),
            title: "t".into(),
            summary: "s".into(),
            svg: format!(
                "<svg class=\"chart\" viewBox=\"0 0 72 38\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\n\
                 <title id=\"{id}-title\">t</title>\n<desc id=\"{id}-desc\">s</desc>{svg_body}</svg>"
            ),
            table: crate::render::charts::data::Table {
                header: Vec::new(),
                rows: Vec::new(),
            },
            note: String::new(),
            png: None,
        }
    }

    #[test]
    fn the_same_chart_on_two_pages_is_one_picture() {
        let body = "<rect width=\"10\" height=\"10\" fill=\"#B0302A\"/>";
        let (a, b) = (chart("chart-1", body), chart("chart-7", body));
        assert_eq!(neutral_svg(&a), neutral_svg(&b));
        assert!(!neutral_svg(&a).contains("chart-1"));
        let other = chart("chart-1", "<rect width=\"11\" height=\"10\"/>");
        assert_ne!(neutral_svg(&a), neutral_svg(&other));
        assert_ne!(stamp("x", "fonts a"), stamp("x", "fonts b"));
        assert_eq!(stamp("x", "f").len(), 64);
    }

    /// Drawn once for two pages; a second build reuses the first one's file, a
    /// changed chart is drawn again.
    #[test]
    fn draws_once_and_reuses_the_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let body = "<rect width=\"10\" height=\"10\" fill=\"#B0302A\"/>";
        let first = ChartPictures::new(dir.path(), None);
        let a = first.png(&chart("chart-1", body), "issues/1-chart-1.png", true);
        let b = first.png(&chart("chart-2", body), "issues/2-chart-2.png", true);
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a, b);
        assert_eq!(first.counts.drawn.load(Ordering::Relaxed), 1);
        std::fs::create_dir_all(dir.path().join("issues")).unwrap();
        std::fs::write(dir.path().join("issues/1-chart-1.png"), a.as_slice()).unwrap();
        let second = ChartPictures::new(dir.path(), None);
        let again = second.png(&chart("chart-1", body), "issues/1-chart-1.png", false);
        assert_eq!(again.unwrap(), a);
        assert_eq!(second.counts.reused.load(Ordering::Relaxed), 1);
        let changed = chart("chart-1", "<rect width=\"20\" height=\"10\"/>");
        let redrawn = second.png(&changed, "issues/1-chart-1.png", false).unwrap();
        assert_ne!(redrawn, a);
        assert_eq!(second.counts.drawn.load(Ordering::Relaxed), 1);
    }

    /// A build into a new output directory takes what an earlier build stored;
    /// a build without a store draws.
    #[test]
    fn a_new_output_takes_the_pictures_of_the_store() {
        let (store_dir, first_out, second_out) = (
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
        );
        let store = ChartStore::new(store_dir.path());
        let body = "<rect width=\"10\" height=\"10\" fill=\"#B0302A\"/>";
        let path = "counties/c1-chart-1.png";
        let first = ChartPictures::new(first_out.path(), Some(&store));
        let drawn = first.png(&chart("chart-1", body), path, false).unwrap();
        assert_eq!(first.counts.tally().drawn, 1);
        let second = ChartPictures::new(second_out.path(), Some(&store));
        let taken = second.png(&chart("chart-1", body), path, false).unwrap();
        assert_eq!(taken, drawn);
        let tally = second.counts.tally();
        assert_eq!((tally.drawn, tally.reused, tally.stored), (0, 0, 1));
        let without = ChartPictures::new(second_out.path(), None);
        assert_eq!(
            without.png(&chart("chart-1", body), path, false).unwrap(),
            drawn
        );
        assert_eq!(without.counts.tally().drawn, 1);
    }
}
