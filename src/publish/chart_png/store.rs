//! The chart store: chart PNGs kept by stamp in the user's cache directory, so a
//! build into a new output directory (a clean clone, `--out` somewhere else, an
//! output deleted by hand) takes the pictures an earlier build on this machine
//! drew instead of drawing them again. Drawing is most of what the PNGs cost
//! (about 19 ms of CPU a picture at 300 dpi; 845 of them at 30 k stations).
//!
//! The same idea as Hugo's `resources/_gen` and Zola's `processed_images`, but
//! outside the project: nothing is added beside the data, and it is only a cache —
//! a missing, unreadable or damaged entry is drawn again, a store that cannot be
//! written is not used. Entries are named by their stamp (what they were drawn
//! from, see `word::pictures`), carry it inside, and are written whole (a
//! temporary file renamed into place), so a build never takes a wrong or
//! half-written picture. Entries unused for [`KEEP_UNUSED`] are removed.
//!
//! Where: `$PV_BULLETIN_CACHE_DIR/charts` when that is set (set it empty to turn
//! the store off), else the platform's cache directory: `$XDG_CACHE_HOME` or
//! `~/.cache` on Linux, `%LOCALAPPDATA%` on Windows, `~/Library/Caches` on macOS,
//! each with `pv-bulletin/charts`. (The `dirs` crate would find these, but it pulls
//! in an MPL-2.0 crate that the project's licence policy does not accept.)

use super::stamp_of;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// The environment variable that moves (or, empty, turns off) the store.
pub const ENV: &str = "PV_BULLETIN_CACHE_DIR";

/// How long an entry no build has taken is kept.
pub const KEEP_UNUSED: Duration = Duration::from_secs(30 * 24 * 3600);

/// The last 12 bytes of every whole PNG: the `IEND` chunk.
const IEND: [u8; 12] = [0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82];

/// A directory of chart PNGs named by stamp.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartStore {
    dir: PathBuf,
}

impl ChartStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        ChartStore { dir: dir.into() }
    }

    /// The store this machine's builds share, or `None` when it is turned off or
    /// no cache directory is known.
    pub fn for_user() -> Option<ChartStore> {
        let base = match std::env::var_os(ENV) {
            Some(dir) if dir.is_empty() => return None,
            Some(dir) => PathBuf::from(dir),
            None => user_cache_dir()?.join("pv-bulletin"),
        };
        Some(ChartStore::new(base.join("charts")))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the picture stamped `stamp` is kept: a folder per first two hex
    /// digits, so no folder grows past a few hundred entries.
    fn path(&self, stamp: &str) -> Option<PathBuf> {
        let hex = |s: &str| s.bytes().all(|b| b.is_ascii_hexdigit());
        let shard = stamp.get(..2).filter(|_| stamp.len() >= 16 && hex(stamp))?;
        Some(self.dir.join(shard).join(format!("{stamp}.png")))
    }

    /// The picture stamped `stamp`, when the store holds it whole; marks it used.
    pub fn get(&self, stamp: &str) -> Option<Vec<u8>> {
        let path = self.path(stamp)?;
        let png = std::fs::read(&path).ok()?;
        if stamp_of(&png) != Some(stamp) || !png.ends_with(&IEND) {
            return None;
        }
        // Only the age of an entry decides whether it is pruned; a store that
        // cannot be touched still serves.
        if let Ok(file) = std::fs::File::options().write(true).open(&path) {
            let _ = file.set_modified(SystemTime::now());
        }
        Some(png)
    }

    /// Keeps `png` as the picture stamped `stamp`. Best effort: a store that
    /// cannot be written is simply not used.
    pub fn put(&self, stamp: &str, png: &[u8]) {
        static SERIAL: AtomicU64 = AtomicU64::new(0);
        let Some(path) = self.path(stamp) else { return };
        let Some(folder) = path.parent() else { return };
        if std::fs::create_dir_all(folder).is_err() {
            return;
        }
        let serial = SERIAL.fetch_add(1, Ordering::Relaxed);
        let temporary = folder.join(format!(".{stamp}.{}.{serial}.tmp", std::process::id()));
        if std::fs::write(&temporary, png).is_err() || std::fs::rename(&temporary, &path).is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
    }

    /// Removes entries (and temporary files left by a killed build) last used
    /// more than `keep` ago; returns how many. Errors are ignored: another build
    /// may be pruning too.
    pub fn prune(&self, keep: Duration) -> usize {
        let now = SystemTime::now();
        let old = |path: &Path| {
            std::fs::metadata(path)
                .and_then(|m| m.modified())
                .is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age > keep))
        };
        let Ok(folders) = std::fs::read_dir(&self.dir) else {
            return 0;
        };
        let mut removed = 0;
        for folder in folders.flatten().map(|e| e.path()).filter(|p| p.is_dir()) {
            let Ok(entries) = std::fs::read_dir(&folder) else {
                continue;
            };
            for path in entries.flatten().map(|e| e.path()) {
                let ours = path.extension().is_some_and(|e| e == "png" || e == "tmp");
                if ours && old(&path) && std::fs::remove_file(&path).is_ok() {
                    removed += 1;
                }
            }
        }
        removed
    }
}

/// The platform's per-user cache directory, as `dirs::cache_dir` finds it.
fn user_cache_dir() -> Option<PathBuf> {
    let var = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    if cfg!(windows) {
        var("LOCALAPPDATA")
    } else if cfg!(target_os = "macos") {
        var("HOME").map(|h| h.join("Library/Caches"))
    } else {
        var("XDG_CACHE_HOME").or_else(|| var("HOME").map(|h| h.join(".cache")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publish::chart_png::{svg_to_png, FontSet, Raster};
    use resvg::usvg::fontdb;

    const STAMP: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    fn picture(stamp: &str) -> Vec<u8> {
        let svg =
            "<svg viewBox=\"0 0 20 10\"><rect width=\"5\" height=\"5\" fill=\"#B0302A\"/></svg>";
        let raster = Raster {
            width_px: 40,
            dpi: 300,
            stamp: Some(stamp.into()),
        };
        svg_to_png(
            svg,
            &raster,
            &FontSet::from_database(fontdb::Database::new()),
        )
        .unwrap()
    }

    #[test]
    fn keeps_a_picture_by_its_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let store = ChartStore::new(dir.path());
        assert_eq!(store.get(STAMP), None);
        let png = picture(STAMP);
        store.put(STAMP, &png);
        assert_eq!(store.get(STAMP), Some(png.clone()));
        let kept = dir.path().join("01").join(format!("{STAMP}.png"));
        assert_eq!(std::fs::read(&kept).unwrap(), png);
        // No temporary file is left beside it.
        assert_eq!(std::fs::read_dir(dir.path().join("01")).unwrap().count(), 1);
    }

    /// A half-written file, or one whose stamp is not its name, is not taken.
    #[test]
    fn a_damaged_or_misnamed_entry_is_drawn_again() {
        let dir = tempfile::tempdir().unwrap();
        let store = ChartStore::new(dir.path());
        let png = picture(STAMP);
        store.put(STAMP, &png);
        let kept = dir.path().join("01").join(format!("{STAMP}.png"));
        std::fs::write(&kept, &png[..png.len() - 20]).unwrap();
        assert_eq!(store.get(STAMP), None, "truncated");
        let other = STAMP.replace("0123", "0124");
        store.put(STAMP, &picture(&other));
        assert_eq!(store.get(STAMP), None, "stamped for another chart");
        // Stamps that are not hex digests name no file (no path out of the store).
        store.put("../../x", &png);
        assert_eq!(store.get("../../x"), None);
        assert!(!dir.path().parent().unwrap().join("x.png").exists());
    }

    #[test]
    fn prunes_entries_unused_for_a_month() {
        let dir = tempfile::tempdir().unwrap();
        let store = ChartStore::new(dir.path());
        let fresh = STAMP.replace("0123", "ab23");
        store.put(STAMP, &picture(STAMP));
        store.put(&fresh, &picture(&fresh));
        let kept = dir.path().join("01").join(format!("{STAMP}.png"));
        let long_ago = SystemTime::now() - KEEP_UNUSED - Duration::from_secs(60);
        let file = std::fs::File::options().write(true).open(&kept).unwrap();
        file.set_modified(long_ago).unwrap();
        drop(file);
        assert_eq!(store.prune(KEEP_UNUSED), 1);
        assert_eq!(store.get(STAMP), None);
        assert!(store.get(&fresh).is_some());
        // Taking an entry marks it used: it survives the next prune.
        let file = std::fs::File::options()
            .write(true)
            .open(dir.path().join("ab").join(format!("{fresh}.png")));
        file.unwrap().set_modified(long_ago).unwrap();
        assert!(store.get(&fresh).is_some());
        assert_eq!(store.prune(KEEP_UNUSED), 0);
    }
}
