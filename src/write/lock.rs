//! One build at a time per output directory, and clean-up after builds that died.
//!
//! A build holds an exclusive lock on `.<out>.lock` beside the output directory from
//! before it creates its staging directory until after the swap. Holding it, the
//! build may remove what earlier builds of the same output left behind when they were
//! killed (power cut, `kill -9`, a CI time-out): staging directories, recognised by
//! the marker file every staging directory gets, and old outputs moved aside for a
//! swap that never finished, recognised by the output marker. Nothing without a
//! marker is ever touched.

use anyhow::{Context, Result};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Weak};

/// Written into every staging directory as soon as it is created.
pub const STAGING_MARKER: &str = ".pv-bulletin-staging";

/// An exclusive lock on one output directory, released when the last handle is
/// dropped. A thread that holds it can take it again (another handle to the same
/// lock): `build` takes it before it reads what the output holds, and keeps it
/// while the stages below take it for their staging directory.
pub struct OutputLock {
    _file: Arc<File>,
}

thread_local! {
    /// The locks this thread holds, by lock file.
    static HELD: RefCell<HashMap<PathBuf, Weak<File>>> = RefCell::new(HashMap::new());
}

/// Path of the lock file for output `name` in `parent`.
pub fn lock_path(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.lock"))
}

impl OutputLock {
    /// Takes the lock, waiting (and saying so on stderr) while another build holds it.
    pub fn acquire(parent: &Path, name: &str) -> Result<OutputLock> {
        let path = lock_path(parent, name);
        let held = HELD.with(|h| h.borrow().get(&path).and_then(Weak::upgrade));
        if let Some(file) = held {
            return Ok(OutputLock { _file: file });
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("cannot open the lock file `{}`", path.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                eprintln!(
                    "waiting: another pv-bulletin build is writing `{}` (lock `{}`)",
                    parent.join(name).display(),
                    path.display()
                );
                file.lock()
                    .with_context(|| format!("cannot lock `{}`", path.display()))?;
            }
            Err(TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock `{}`", path.display()))
            }
        }
        let file = Arc::new(file);
        HELD.with(|h| {
            let mut held = h.borrow_mut();
            held.retain(|_, lock| lock.strong_count() > 0);
            held.insert(path, Arc::downgrade(&file));
        });
        Ok(OutputLock { _file: file })
    }
}

/// Removes the staging and moved-aside directories that killed builds of output
/// `name` left in `parent`. Call only while holding that output's [`OutputLock`].
/// Returns what was removed.
pub fn remove_stale(parent: &Path, name: &str, output_marker: &str) -> Vec<PathBuf> {
    let staging = format!(".{name}.new-");
    let moved = format!(".{name}.old-");
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let marker = if file_name.starts_with(&staging) {
            STAGING_MARKER
        } else if file_name.starts_with(&moved) {
            output_marker
        } else {
            continue;
        };
        // A real directory (not a link to one) that carries our marker.
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        let path = entry.path();
        if is_dir && path.join(marker).is_file() && fs::remove_dir_all(&path).is_ok() {
            removed.push(path);
        }
    }
    removed.sort();
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_only_marked_leftovers_of_the_same_output() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path();
        let mk = |name: &str, marker: Option<&str>| {
            fs::create_dir(p.join(name)).unwrap();
            if let Some(m) = marker {
                fs::write(p.join(name).join(m), "").unwrap();
            }
        };
        mk(".public.new-abc", Some(STAGING_MARKER));
        mk(".public.old-42", Some(".pv-bulletin-output"));
        mk(".public.new-unmarked", None);
        mk(".other.new-xyz", Some(STAGING_MARKER));
        mk("public", Some(".pv-bulletin-output"));
        let removed = remove_stale(p, "public", ".pv-bulletin-output");
        assert_eq!(
            removed,
            vec![p.join(".public.new-abc"), p.join(".public.old-42")]
        );
        assert!(
            p.join(".public.new-unmarked").is_dir(),
            "no marker: not ours"
        );
        assert!(p.join(".other.new-xyz").is_dir(), "another output's");
        assert!(p.join("public").is_dir());
    }

    #[test]
    fn a_second_lock_waits_for_the_first() {
        let tmp = tempfile::tempdir().unwrap();
        let first = OutputLock::acquire(tmp.path(), "public").unwrap();
        let other = File::options()
            .write(true)
            .open(lock_path(tmp.path(), "public"))
            .unwrap();
        assert!(matches!(other.try_lock(), Err(TryLockError::WouldBlock)));
        drop(first);
        assert!(other.try_lock().is_ok());
    }

    #[test]
    fn the_thread_that_holds_a_lock_can_take_it_again() {
        let tmp = tempfile::tempdir().unwrap();
        let outer = OutputLock::acquire(tmp.path(), "public").unwrap();
        let inner = OutputLock::acquire(tmp.path(), "public").unwrap();
        let other = File::options()
            .write(true)
            .open(lock_path(tmp.path(), "public"))
            .unwrap();
        drop(inner);
        assert!(
            matches!(other.try_lock(), Err(TryLockError::WouldBlock)),
            "held until the last handle goes"
        );
        let path = tmp.path().to_path_buf();
        let elsewhere = std::thread::spawn(move || {
            let f = File::options()
                .write(true)
                .open(lock_path(&path, "public"))
                .unwrap();
            matches!(f.try_lock(), Err(TryLockError::WouldBlock))
        });
        assert!(elsewhere.join().unwrap(), "other threads wait");
        drop(outer);
        assert!(other.try_lock().is_ok());
    }
}
