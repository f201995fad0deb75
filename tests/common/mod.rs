//! Shared helpers for the integration tests: a minimal valid data set that each test
//! breaks in one place, and a way to run the real binary on it.
#![allow(dead_code)]

pub mod docx;
pub mod synthetic;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary project: `data/` with a small valid data set, and room for `public/`.
pub struct Project {
    pub dir: tempfile::TempDir,
}

pub const SITE: &str = "title: 光伏扶贫工作简报\nissuer: 测试市扶贫办\nregion: 测试市\n";
pub const COUNTIES: &str =
    "- id: alpha\n  name: 甲县\n  targets:\n    2017: { capacity_kw: 400 }\n";
pub const STATIONS: &str = "\
- id: alpha-1
  name: 一号村级光伏电站
  county: alpha
  kind: village
  capacity_kw: 100
  status: grid_connected
  grid_date: 2016-05-01
  beneficiary_households: 30
  beneficiary_people: 90
- id: alpha-2
  name: 二号村级光伏电站
  county: alpha
  kind: village
  capacity_kw: 200
  status: built
";
pub const PROGRESS: &str = "\
quarter: 2017Q1
stations:
  - station: alpha-1
    generation_kwh: 25000
    revenue_yuan: 20000
";
pub const BULLETIN: &str = "\
number: 7
date: 2017-04-10
quarter: 2017Q1
columns: [领导重视, 工作动态]
main_to: [市委常委]
copy_to: [各县扶贫办]
copies: 50
";
pub const ARTICLE: &str = "---\ncolumn: 工作动态\ntitle: 测试文章\n---\n正文。\n";

impl Project {
    /// A valid data set: one county, two stations, one quarter, one issue.
    pub fn valid() -> Project {
        let p = Project {
            dir: tempfile::tempdir().unwrap(),
        };
        p.write("site.yaml", SITE);
        p.write("counties.yaml", COUNTIES);
        p.write("stations/alpha.yaml", STATIONS);
        p.write("progress/2017Q1.yaml", PROGRESS);
        p.write("bulletins/7/bulletin.yaml", BULLETIN);
        p.write("bulletins/7/01-news.md", ARTICLE);
        p.write(
            "bulletins/7/02-lead.md",
            "---\ncolumn: 领导重视\ntitle: 领导讲话\n---\n讲话。\n",
        );
        p
    }

    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    /// Writes (or overwrites) a file under `data/`.
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.data().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// Writes raw bytes (e.g. a GBK file) under `data/`.
    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.data().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.data().join(rel)).unwrap();
    }

    /// Runs `pv-bulletin <args> --data data/ [--out public/]` in the project.
    pub fn run(&self, command: &str) -> Output {
        self.run_with(command, &[])
    }

    /// Like `run`, with extra arguments (e.g. `--deny-warnings`).
    pub fn run_with(&self, command: &str, extra: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_pv-bulletin"));
        cmd.arg(command).arg("--data").arg(self.data());
        if command == "build" {
            cmd.arg("--out").arg(self.out());
        }
        cmd.args(extra).current_dir(self.dir.path());
        cmd.output().unwrap()
    }
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir` with its bytes, sorted by path: a snapshot to compare.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Builds the shipped sample data with the real binary into a temporary
/// `public/`; returns the temporary directory (keep it alive) and the site path.
pub fn build_sample() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_sample_into(&out);
    (tmp, out)
}

/// Builds the shipped sample data into `out`; returns what the build said.
pub fn build_sample_into(out: &Path) -> String {
    build_sample_with(out, &[], &[])
}

/// [`build_sample_into`] with extra arguments and environment variables.
pub fn build_sample_with(out: &Path, extra: &[&str], env: &[(&str, &Path)]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
        .args(["build", "--data"])
        .arg(sample_data())
        .arg("--out")
        .arg(out)
        .args(extra)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("built "), "{}", stderr(&o));
    stderr(&o)
}

/// The repository's sample data directory.
pub fn sample_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// Copies the directory tree `from` to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(e.path(), &target).unwrap();
        }
    }
}
