//! `new`: a new project that builds at once.
//!
//! Dates come from the machine's clock in its own time zone; `PV_BULLETIN_TODAY`
//! (`YYYY-MM-DD`) overrides it, for tests and for preparing an issue ahead of time.

use crate::model::calendar;
use crate::model::Date;
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Directory to create (must not exist or be empty)
    pub dir: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let dir = args.dir;
    let files = new_project(&dir)?;
    eprintln!(
        "created {} files in `{}`. Next:",
        files.len(),
        dir.display()
    );
    let program = std::env::args_os().next().map_or_else(
        || "pv-bulletin".to_string(),
        |arg0| run_from(&dir, Path::new(&arg0)),
    );
    eprintln!("  cd {}", dir.display());
    eprintln!("  {program} build    # writes public/; open public/index.html");
    eprintln!("  {program} serve    # preview at http://127.0.0.1:8000/, rebuilt on every save");
    Ok(ExitCode::SUCCESS)
}

/// How to start this program from inside the new project `dir`, given the path it
/// was started by (`arg0`): `pv-bulletin` when that was found on PATH; else that
/// path as seen from `dir` — `..\pv-bulletin` after `.\pv-bulletin new 我的简报`,
/// which is how the release archives' quick start goes.
fn run_from(dir: &Path, arg0: &Path) -> String {
    use std::path::Component;
    let name = arg0
        .file_stem()
        .map_or("pv-bulletin".into(), |n| n.to_string_lossy());
    if arg0.parent().is_none_or(|p| p.as_os_str().is_empty()) {
        return name.into_owned();
    }
    let relative_steps: Option<Vec<Component>> = dir
        .components()
        .filter(|c| *c != Component::CurDir)
        .map(|c| matches!(c, Component::Normal(_)).then_some(Component::ParentDir))
        .collect();
    let path = match relative_steps {
        Some(up) if arg0.is_relative() => up
            .into_iter()
            .chain(arg0.components().filter(|c| *c != Component::CurDir))
            .collect::<PathBuf>(),
        _ => std::path::absolute(arg0).unwrap_or_else(|_| arg0.to_path_buf()),
    };
    let shown = path.display().to_string();
    if shown.contains(' ') {
        format!("\"{shown}\"")
    } else {
        shown
    }
}

/// Today's date where the office is (see [`calendar::today`]).
pub fn today() -> Result<Date> {
    calendar::today().map_err(anyhow::Error::msg)
}

/// Writes a new file, creating its folder.
pub fn write_new(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    }
    fs::write(path, text).with_context(|| format!("cannot write `{}`", path.display()))
}

/// Creates a minimal project in `dir`: `data/` with one county, three stations, the
/// current quarter's figures and issue 第1期. Refuses a non-empty directory.
pub fn new_project(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        bail!("`{}` is not empty; choose a new directory", dir.display());
    }
    let today = today()?;
    let q = today.quarter();
    let connected = Date {
        year: today.year - 1,
        month: 6,
        day: 30,
    };
    let files = [
        (
            ".gitignore",
            "# The site, and its build lock and build cache beside it\n\
             /public/\n/.public.lock\n/.public.pv-bulletin-cache\n"
                .to_string(),
        ),
        (
            "data/site.yaml",
            "# The publication. Replace the names with your office's.\n\
             title: 光伏扶贫工作简报\n\
             issuer: 某某县扶贫开发领导小组办公室\n\
             region: 某某县\n\
             motto: 精准扶贫 精准脱贫\n"
                .to_string(),
        ),
        (
            "data/counties.yaml",
            format!(
                "# Counties (县/市/区) and their yearly targets; ids become file names.\n\
                 - id: my-county\n  name: 某某县\n  targets:\n    {}: {{ capacity_kw: 500, grid_connected_stations: 3, beneficiary_households: 150 }}\n",
                q.year
            ),
        ),
        (
            "data/stations/my-county.yaml",
            format!(
                "# Stations: any number of files in stations/, each a list.\n\
                 - id: my-county-001\n  name: 一号村级光伏电站\n  county: my-county\n  town: 某某镇\n  village: 一号村\n  kind: village\n  capacity_kw: 100\n  status: grid_connected\n  grid_date: {connected}\n  beneficiary_households: 30\n  beneficiary_people: 90\n\
                 - id: my-county-002\n  name: 二号村级光伏电站\n  county: my-county\n  town: 某某镇\n  village: 二号村\n  kind: village\n  capacity_kw: 200\n  status: grid_connected\n  grid_date: {connected}\n  beneficiary_households: 60\n  beneficiary_people: 180\n\
                 - id: my-county-003\n  name: 三号村级光伏电站\n  county: my-county\n  town: 某某镇\n  village: 三号村\n  kind: village\n  capacity_kw: 150\n  status: under_construction\n"
            ),
        ),
        (
            &format!("data/progress/{q}.yaml"),
            format!(
                "# One file per quarter: each station's figures.\n\
                 quarter: {q}\nstations:\n\
                 \x20 - {{ station: my-county-001, generation_kwh: 28000, revenue_yuan: 22000, distributed_yuan: 18000, public_jobs: 3 }}\n\
                 \x20 - {{ station: my-county-002, generation_kwh: 56000, revenue_yuan: 44000, distributed_yuan: 36000, public_jobs: 5 }}\n\
                 \x20 - {{ station: my-county-003, status: under_construction }}\n"
            ),
        ),
        (
            "data/bulletins/1/bulletin.yaml",
            format!(
                "# One folder per issue (期); articles are the .md files beside this one.\n\
                 number: 1\ndate: {today}\nquarter: {q}\ncolumns: [领导重视, 工作动态]\n\
                 main_to: [县委常委, 县政府副县长]\ncopy_to: [各乡镇扶贫工作站]\ncopies: 50\n"
            ),
        ),
        (
            "data/bulletins/1/01-leaders.md",
            "---\ncolumn: 领导重视\ntitle: 县政府召开光伏扶贫工作会议\nauthor: 县扶贫办\n---\n\
             会议听取了全县光伏扶贫电站建设运行情况汇报，部署了下一阶段工作。\n"
                .to_string(),
        ),
        (
            "data/bulletins/1/02-news.md",
            "---\ncolumn: 工作动态\ntitle: 本季度光伏扶贫电站运行情况\n---\n\
             本季度全县光伏扶贫电站运行平稳。\n\n```chart\nkind: generation_trend\n```\n"
                .to_string(),
        ),
    ];
    let mut written = Vec::new();
    for (rel, text) in &files {
        let path = dir.join(rel);
        write_new(&path, text)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(parts: &[&str]) -> String {
        parts.iter().collect::<PathBuf>().display().to_string()
    }

    #[test]
    fn the_next_steps_start_the_program_the_way_it_was_started() {
        let dir = Path::new("我的简报");
        assert_eq!(
            run_from(dir, Path::new("pv-bulletin")),
            "pv-bulletin",
            "on PATH"
        );
        assert_eq!(run_from(dir, Path::new("pv-bulletin.exe")), "pv-bulletin");
        let here = [".", "pv-bulletin"].iter().collect::<PathBuf>();
        assert_eq!(run_from(dir, &here), path(&["..", "pv-bulletin"]));
        assert_eq!(
            run_from(Path::new("a/b"), Path::new("./bin/pv-bulletin")),
            path(&["..", "..", "bin", "pv-bulletin"])
        );
        let absolute = std::env::temp_dir().join("pv-bulletin");
        assert_eq!(run_from(dir, &absolute), absolute.display().to_string());
        let spaced = std::env::temp_dir().join("my tools").join("pv-bulletin");
        assert_eq!(
            run_from(dir, &spaced),
            format!("\"{}\"", spaced.display()),
            "quoted for the shell"
        );
    }
}
