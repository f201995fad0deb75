//! How `serve` learns that the data changed: the system's change notifications
//! (inotify, ReadDirectoryChangesW, FSEvents, through `notify`) or, where those
//! miss edits, a look at every file's size and time every half second (notify's
//! `PollWatcher`).
//!
//! Wine's notifications (Wine 8.0, ReadDirectoryChangesW over a whole tree) report
//! nothing for files in folders below the first level that existed when the
//! watch began — an edit of `bulletins/7/01-news.md` went unseen — so under Wine
//! `serve` polls by itself. `--poll` (or `PV_BULLETIN_POLL=1`) does the same for
//! network drives and shared folders, whose notifications may not arrive either.

use crate::load::is_lock_file;
use crate::pipeline::Options;
use anyhow::{Context, Result};
use notify::{Config, PollWatcher, RecursiveMode, Watcher};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

/// The paths a watcher reports, one batch per event.
pub type Changes = mpsc::Receiver<Vec<PathBuf>>;

/// How often a polling watcher looks: a data folder holds hundreds of files, not
/// hundreds of thousands, so a look costs about a millisecond.
const POLL_EVERY: Duration = Duration::from_millis(500);

/// Why `serve` should poll rather than wait for notifications; `None`: wait.
pub fn poll_wanted(flag: bool) -> Option<&'static str> {
    let env = std::env::var_os("PV_BULLETIN_POLL").is_some_and(|v| !v.is_empty() && v != "0");
    if flag {
        Some("--poll")
    } else if env {
        Some("PV_BULLETIN_POLL is set")
    } else if under_wine() {
        Some("under Wine, whose change notifications miss edits in sub-folders")
    } else {
        None
    }
}

/// A watcher on the data (and templates) directory, and the paths it reports,
/// absolute and in the form [`dunce::canonicalize`] gives.
pub fn watch(options: &Options, poll: bool) -> Result<(Box<dyn Watcher + Send>, Changes)> {
    let (changes, changed) = mpsc::channel::<Vec<PathBuf>>();
    let handler = move |event: notify::Result<notify::Event>| {
        if let Some(paths) = event.ok().and_then(worth_a_rebuild) {
            let _ = changes.send(paths);
        }
    };
    let mut watcher: Box<dyn Watcher + Send> = if poll {
        // notify's poller compares modification times in whole seconds, so an
        // edit in the same second as the previous scan would be missed for good;
        // comparing contents too catches it (a hash of the data files per scan:
        // cheap for a county's data, and only in this fallback mode).
        let config = Config::default()
            .with_poll_interval(POLL_EVERY)
            .with_compare_contents(true);
        Box::new(PollWatcher::new(handler, config).context("cannot scan the data directory")?)
    } else {
        Box::new(
            notify::recommended_watcher(handler)
                .context("cannot watch the data directory for changes")?,
        )
    };
    let dirs = std::iter::once(&options.data_dir).chain(&options.templates_dir);
    for dir in dirs {
        let dir = dunce::canonicalize(dir).unwrap_or_else(|_| dir.clone());
        watcher
            .watch(&dir, RecursiveMode::Recursive)
            .with_context(|| format!("cannot watch `{}`", dir.display()))?;
    }
    Ok((watcher, changed))
}

/// The paths of `event` that may change the site: none for a read, and none for
/// the lock files office programs keep beside an open document (`~$台账.xlsx`),
/// which come and go as the ledger is opened and closed. An event without paths
/// (the watcher lost track) is passed on: the rebuild then looks at every file.
fn worth_a_rebuild(event: notify::Event) -> Option<Vec<PathBuf>> {
    if event.kind.is_access() {
        return None;
    }
    if event.paths.is_empty() {
        return Some(Vec::new());
    }
    let paths: Vec<PathBuf> = event
        .paths
        .into_iter()
        .filter(|p| !p.file_name().is_some_and(is_lock_file))
        .collect();
    (!paths.is_empty()).then_some(paths)
}

/// Whether this Windows program runs under Wine: Wine's ntdll exports
/// `wine_get_version`, Windows' does not (the check Wine's own documentation gives).
#[cfg(windows)]
fn under_wine() -> bool {
    use windows_sys::Win32::System::LibraryLoader::{GetModuleHandleA, GetProcAddress};
    // SAFETY: both names are NUL-terminated; the module handle is not freed.
    unsafe {
        let ntdll = GetModuleHandleA(c"ntdll.dll".as_ptr().cast());
        !ntdll.is_null() && GetProcAddress(ntdll, c"wine_get_version".as_ptr().cast()).is_some()
    }
}

#[cfg(not(windows))]
fn under_wine() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, EventKind, ModifyKind};

    fn event(kind: EventKind, paths: &[&str]) -> notify::Event {
        let mut e = notify::Event::new(kind);
        e.paths = paths.iter().map(PathBuf::from).collect();
        e
    }

    #[test]
    fn office_lock_files_and_reads_do_not_rebuild() {
        let modify = EventKind::Modify(ModifyKind::Any);
        let create = EventKind::Create(CreateKind::File);
        assert_eq!(worth_a_rebuild(event(create, &["/d/~$台账.xlsx"])), None);
        assert_eq!(worth_a_rebuild(event(modify, &["/d/.~lock.a.yaml#"])), None);
        assert_eq!(
            worth_a_rebuild(event(EventKind::Access(AccessKind::Any), &["/d/site.yaml"])),
            None
        );
        assert_eq!(
            worth_a_rebuild(event(modify, &["/d/~$台账.xlsx", "/d/stations/a.yaml"])),
            Some(vec![PathBuf::from("/d/stations/a.yaml")])
        );
        assert_eq!(
            worth_a_rebuild(event(modify, &["/d/台账.xlsx"])),
            Some(vec![PathBuf::from("/d/台账.xlsx")])
        );
        assert_eq!(worth_a_rebuild(event(EventKind::Any, &[])), Some(vec![]));
    }

    #[test]
    fn polling_is_asked_for_by_flag() {
        assert_eq!(poll_wanted(true), Some("--poll"));
    }
}
