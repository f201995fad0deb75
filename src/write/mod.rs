//! Stage 5 — write: put the rendered site on disk without ever losing the old one.
//!
//! Files are written into a staging directory beside the output directory while
//! the site renders. When there is no previous output, the staging directory holds
//! the whole site and is swapped in with two renames. When there is one, only the
//! files whose bytes differ from the old output are staged, and they are moved over
//! their old versions at the end (see [`commit`]): a rebuild that changes one page
//! rewrites one file. Either way nothing touches the output before every file was
//! rendered, so a failure leaves the previous output untouched. The tool only ever
//! replaces a directory that holds its marker file, so it cannot delete a directory
//! it did not create.

mod commit;
mod lock;
mod staging;
mod stamp;
mod target;
#[cfg(test)]
mod tests;

pub use lock::{lock_path, OutputLock, STAGING_MARKER};
pub use staging::{lock_output, parent_and_name, write_site, write_site_to, Staging};
pub use stamp::{stamps, Stamp};

use std::fs;
use std::io::Write as _;
use std::path::Path;

/// Marks an output directory as written by pv-bulletin (and so safe to replace).
pub const MARKER: &str = ".pv-bulletin-output";

/// Where files go. The real file system in production; tests put a failing one in
/// its place to simulate a full disk in the middle of a build, or a file another
/// program holds open when the new site is moved in.
pub trait Sink: Sync {
    /// Writes a new file; returns its stamp.
    fn write(&self, path: &Path, bytes: &[u8]) -> std::io::Result<Stamp>;

    /// Moves a file or folder (within one file system) when the site is put in place.
    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        fs::rename(from, to)
    }
}

/// The real file system.
pub struct Disk;

impl Sink for Disk {
    fn write(&self, path: &Path, bytes: &[u8]) -> std::io::Result<Stamp> {
        let mut file = fs::File::create(path)?;
        file.write_all(bytes)?;
        Ok(Stamp::of(&file.metadata()?))
    }
}

/// What a committed build changed in the output directory.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Files written because they are new or their bytes differ.
    pub written: usize,
    /// Files the build produced with the bytes already on disk.
    pub unchanged: usize,
    pub removed: usize,
}
