//! Builds that die or overlap: a build killed with SIGKILL leaves its staging
//! directory behind, and the next build of the same output removes it; a second
//! build of an output that is being written waits for the first.

mod common;

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
}

/// A synthetic data set big enough that a debug build takes a while.
fn big_data(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    let o = bin()
        .args([
            "gen-sample",
            "--stations",
            "2000",
            "--quarters",
            "8",
            "--issues",
            "4",
            "--out",
        ])
        .arg(&data)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", common::stderr(&o));
    data
}

fn spawn_build(data: &Path, out: &Path) -> Child {
    bin()
        .arg("build")
        .arg("--data")
        .arg(data)
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Staging directories of output `public` in `dir`.
fn staging_dirs(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".public.new-")
        })
        .collect()
}

#[test]
fn a_killed_build_is_cleaned_up_by_the_next() {
    let tmp = tempfile::tempdir().unwrap();
    let data = big_data(tmp.path());
    let out = tmp.path().join("public");
    let mut child = spawn_build(&data, &out);
    // Wait until the build is writing pages, then kill it as a power cut would.
    let started = Instant::now();
    let staging = loop {
        let found = staging_dirs(tmp.path())
            .into_iter()
            .find(|d| d.join("issues").is_dir());
        if let Some(d) = found {
            break d;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "build ended before it was killed"
        );
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no staging directory appeared"
        );
        std::thread::sleep(Duration::from_millis(5));
    };
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        staging.is_dir(),
        "the killed build leaves its staging directory"
    );
    assert!(!out.exists(), "nothing was swapped in");

    let o = bin()
        .arg("build")
        .arg("--data")
        .arg(&data)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(!staging.exists(), "the next build removed the leftover");
    assert!(staging_dirs(tmp.path()).is_empty());
    assert!(out.join("index.html").is_file());
    assert!(
        !out.join(".pv-bulletin-staging").exists(),
        "the site carries no staging marker"
    );
}

#[test]
fn a_second_build_waits_for_the_first() {
    let p = common::Project::valid();
    let out = p.out();
    // Hold the output's lock as a running build would.
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(p.dir.path().join(".public.lock"))
        .unwrap();
    lock.lock().unwrap();
    let mut child = spawn_build(&p.data(), &out);
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the build did not wait for the lock"
    );
    assert!(!out.exists());
    lock.unlock().unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(common::stderr(&o).contains("waiting: another pv-bulletin build is writing"));
    assert!(out.join("index.html").is_file());
}
