//! Staging, swapping in and updating in place, on a real temporary directory.

use super::target::safe_relative;
use super::*;
use crate::render::OutputFile;
use std::fs;
use std::path::Path;

/// What is in `dir`, but the lock file (it stays, so locking never races).
fn entries_beside(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".lock"))
        .collect();
    names.sort();
    names
}

fn file(path: &str, text: &str) -> OutputFile {
    OutputFile {
        path: path.into(),
        bytes: text.as_bytes().to_vec(),
    }
}

#[test]
fn writes_then_replaces_own_output() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    fs::create_dir(&data).unwrap();
    let out = tmp.path().join("public");
    write_site(
        &out,
        &data,
        &[file("index.html", "one"), file("issues/1.html", "x")],
    )
    .unwrap();
    assert_eq!(fs::read_to_string(out.join("issues/1.html")).unwrap(), "x");
    assert!(out.join(MARKER).is_file());
    write_site(&out, &data, &[file("index.html", "two")]).unwrap();
    assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
    assert!(
        !out.join("issues/1.html").exists(),
        "stale pages are removed"
    );
    assert_eq!(
        entries_beside(tmp.path()),
        ["data", "public"],
        "no staging or old directories left behind"
    );
}

#[test]
fn refuses_foreign_nonempty_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("docs");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("thesis.txt"), "precious").unwrap();
    let err = write_site(&out, &tmp.path().join("data"), &[file("index.html", "x")]).unwrap_err();
    assert!(
        err.to_string().contains("not created by pv-bulletin"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(out.join("thesis.txt")).unwrap(),
        "precious"
    );
}

#[test]
fn refuses_overlap_with_data_and_root() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    fs::create_dir(&data).unwrap();
    assert!(write_site(&data, &data, &[]).is_err());
    assert!(write_site(tmp.path(), &data, &[]).is_err());
    assert!(write_site(&data.join("out"), &data, &[]).is_err());
    assert!(write_site(Path::new("/"), &data, &[]).is_err());
}

/// Fails every write after the first `ok` ones, like a disk that fills up.
struct FullDisk {
    ok: usize,
    writes: std::sync::atomic::AtomicUsize,
}

impl Sink for FullDisk {
    fn write(&self, path: &Path, bytes: &[u8]) -> std::io::Result<super::Stamp> {
        let n = self
            .writes
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if n >= self.ok {
            return Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "No space left on device",
            ));
        }
        super::Disk.write(path, bytes)
    }
}

#[test]
fn full_disk_mid_build_leaves_old_site_and_no_staging() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    fs::create_dir(&data).unwrap();
    let out = tmp.path().join("public");
    write_site(
        &out,
        &data,
        &[file("index.html", "old"), file("issues/1.html", "old")],
    )
    .unwrap();
    let sink = FullDisk {
        ok: 2,
        writes: Default::default(),
    };
    let new = [
        file("index.html", "new"),
        file("a.html", "new"),
        file("b.html", "new"),
    ];
    let err = write_site_to(&sink, &out, &data, &new).unwrap_err();
    let message = format!("{err:#}");
    assert!(message.contains("cannot write `b.html`"), "{message}");
    assert!(message.contains("previous output"), "{message}");
    assert!(message.contains("No space left on device"), "{message}");
    assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
    assert_eq!(
        fs::read_to_string(out.join("issues/1.html")).unwrap(),
        "old"
    );
    assert_eq!(
        entries_beside(tmp.path()),
        ["data", "public"],
        "staging directory removed"
    );
}

#[test]
fn unwritable_location_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let blocker = tmp.path().join("file");
    fs::write(&blocker, "not a directory").unwrap();
    let data = tmp.path().join("data");
    fs::create_dir(&data).unwrap();
    let err = write_site(&blocker.join("public"), &data, &[file("index.html", "x")]).unwrap_err();
    assert!(format!("{err:#}").contains("cannot create"), "{err:#}");
}

/// Inode (on Unix) and modification time: what rsync and static hosts look at.
fn identity(path: &Path) -> (u64, std::time::SystemTime) {
    let m = fs::metadata(path).unwrap();
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&m);
    #[cfg(not(unix))]
    let inode = 0;
    (inode, m.modified().unwrap())
}

#[test]
fn a_rebuild_rewrites_only_what_changed_and_removes_what_is_gone() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    fs::create_dir(&data).unwrap();
    let out = tmp.path().join("public");
    let first = [
        file("index.html", "one"),
        file("issues/1.html", "x"),
        file("issues/2.html", "y"),
        file("old/gone.html", "z"),
    ];
    let changes = write_site(&out, &data, &first).unwrap();
    assert_eq!(changes.written, 4, "a first build writes everything");
    let kept = identity(&out.join("issues/1.html"));
    let second = [
        file("index.html", "two"),
        file("issues/1.html", "x"),
        file("issues/2.html", "y"),
        file("issues/3.html", "new"),
    ];
    let changes = write_site(&out, &data, &second).unwrap();
    assert_eq!(
        changes,
        Changes {
            written: 2,
            unchanged: 2,
            removed: 1
        }
    );
    assert_eq!(identity(&out.join("issues/1.html")), kept, "not rewritten");
    assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
    assert_eq!(
        fs::read_to_string(out.join("issues/3.html")).unwrap(),
        "new"
    );
    assert!(
        !out.join("old").exists(),
        "stale file and its folder removed"
    );
    assert!(out.join(MARKER).is_file());
    assert_eq!(entries_beside(tmp.path()), ["data", "public"]);
}

#[test]
fn an_incremental_update_touches_only_its_files() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    fs::create_dir(&data).unwrap();
    let out = tmp.path().join("public");
    assert!(
        Staging::update(&Disk, &out, &data).is_err(),
        "nothing to update yet"
    );
    let site = [
        file("index.html", "one"),
        file("stations/a.html", "a"),
        file("stations/b.html", "b"),
    ];
    write_site(&out, &data, &site).unwrap();
    let untouched = identity(&out.join("stations/a.html"));
    let staging = Staging::update(&Disk, &out, &data).unwrap();
    staging.write(&file("index.html", "two")).unwrap();
    staging.write(&file("stations/c.html", "c")).unwrap();
    staging.remove("stations/b.html").unwrap();
    assert_eq!(staging.read("index.html").unwrap(), b"two", "staged");
    assert_eq!(staging.read("stations/a.html").unwrap(), b"a", "as on disk");
    let changes = staging.commit().unwrap();
    assert_eq!((changes.written, changes.removed), (2, 1));
    assert_eq!(identity(&out.join("stations/a.html")), untouched);
    assert!(!out.join("stations/b.html").exists());
    assert_eq!(
        fs::read_to_string(out.join("stations/c.html")).unwrap(),
        "c"
    );
    assert_eq!(entries_beside(tmp.path()), ["data", "public"]);
}

#[test]
fn rejects_escaping_paths() {
    assert!(safe_relative("../x.html").is_err());
    assert!(safe_relative("/etc/passwd").is_err());
    assert!(safe_relative("issues/1.html").is_ok());
}

/// Every file under `dir` with its text: an output before and after, compared whole.
fn tree(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy();
            (
                rel.replace('\\', "/"),
                fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Refuses to move `0` away, as Windows refuses to move a file that Excel or a PDF
/// reader holds open; or, with `into`, refuses to move a new file in there.
struct Refuses {
    path: std::path::PathBuf,
    kind: std::io::ErrorKind,
}

impl Sink for Refuses {
    fn write(&self, path: &Path, bytes: &[u8]) -> std::io::Result<super::Stamp> {
        Disk.write(path, bytes)
    }

    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        if from == self.path || to == self.path {
            return Err(self.kind.into());
        }
        fs::rename(from, to)
    }
}

#[test]
fn a_file_held_open_leaves_the_whole_output_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    fs::create_dir(&data).unwrap();
    let out = tmp.path().join("public");
    let old = [
        file("index.html", "old"),
        file("downloads/stations.xlsx", "old"),
        file("issues/1.pdf", "old"),
        file("gone.html", "old"),
    ];
    write_site(&out, &data, &old).unwrap();
    let before = tree(&out);
    let new = [
        file("index.html", "new"),
        file("downloads/stations.xlsx", "new"),
        file("issues/1.pdf", "new"),
        file("issues/2.html", "new"),
    ];
    // Held early or late in the moves: either way nothing changes.
    for held in [
        "index.html",
        "downloads/stations.xlsx",
        "issues/1.pdf",
        "gone.html",
    ] {
        let sink = Refuses {
            path: out.join(held),
            kind: std::io::ErrorKind::ResourceBusy,
        };
        let message = format!("{:#}", write_site_to(&sink, &out, &data, &new).unwrap_err());
        let shown: std::path::PathBuf = out.join(held).components().collect();
        assert!(
            message.starts_with(&format!(
                "`{}` is open in another program (Excel, WPS or a PDF reader?)",
                shown.display()
            )),
            "{message}"
        );
        assert!(message.contains("close it and build again"), "{message}");
        assert!(message.contains("Nothing in"), "{message}");
        assert_eq!(tree(&out), before, "{held}: the output as it was");
        assert_eq!(entries_beside(tmp.path()), ["data", "public"], "{held}");
    }
    // Closed: the same build goes through.
    let changes = write_site(&out, &data, &new).unwrap();
    assert_eq!((changes.written, changes.removed), (4, 1));
    assert_eq!(fs::read_to_string(out.join("issues/1.pdf")).unwrap(), "new");
    assert!(!out.join("gone.html").exists());
}

#[test]
fn a_failure_moving_in_undoes_the_moves_before_it() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    fs::create_dir(&data).unwrap();
    let out = tmp.path().join("public");
    write_site(
        &out,
        &data,
        &[file("index.html", "old"), file("a/b.html", "old")],
    )
    .unwrap();
    let before = tree(&out);
    // The last file to move in cannot, into a folder that was made for it; and a
    // file now stands where a folder was.
    let new = [
        file("index.html", "new"),
        file("a", "a file now"),
        file("new/page.html", "new"),
    ];
    let sink = Refuses {
        path: out.join("new/page.html"),
        kind: std::io::ErrorKind::PermissionDenied,
    };
    let message = format!("{:#}", write_site_to(&sink, &out, &data, &new).unwrap_err());
    assert!(message.contains("cannot move the new"), "{message}");
    assert!(message.contains("nothing in"), "{message}");
    assert_eq!(tree(&out), before);
    assert!(
        !out.join("new").exists(),
        "the folder made is removed again"
    );
    assert_eq!(entries_beside(tmp.path()), ["data", "public"]);
    write_site(&out, &data, &new).unwrap();
    assert_eq!(fs::read_to_string(out.join("a")).unwrap(), "a file now");
}
