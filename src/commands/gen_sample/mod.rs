//! `gen-sample`: synthetic data sets of any size, deterministic by seed, for
//! benchmarks and trying the tool out. The figures follow the same physical model
//! as the shipped sample: 60–300 kW village stations, some joint-village and
//! centralized ones, seasonal output of 230–330 h per quarter, a 0.98 yuan/kWh
//! tariff with partial settlement.

mod bulletins;
mod periods;
mod progress;
mod rng;
mod stations;

use anyhow::{bail, Context, Result};
use periods::quarter_name;
use rng::Rng;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// Directory to create (must not exist or be empty)
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, default_value_t = 1000)]
    pub stations: usize,
    #[arg(long, default_value_t = 8)]
    pub quarters: usize,
    #[arg(long, default_value_t = 4)]
    pub issues: usize,
    /// Number of counties [default: one per 100 stations, 4 to 200]
    #[arg(long)]
    pub counties: Option<usize>,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let started = Instant::now();
    let options = Options {
        stations: args.stations,
        quarters: args.quarters,
        issues: args.issues,
        counties: args.counties,
        seed: args.seed,
    };
    let summary = generate(&options, &args.out)?;
    eprintln!(
        "generated {} counties, {} stations, {} quarters, {} issues ({} files) into `{}` in {:.2} s",
        summary.counties,
        summary.stations,
        summary.quarters,
        summary.issues,
        summary.files,
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    pub stations: usize,
    pub quarters: usize,
    pub issues: usize,
    /// Default: one county per 100 stations, 4 to 200.
    pub counties: Option<usize>,
    pub seed: u64,
}

/// Counts of what was written.
#[derive(Debug, PartialEq, Eq)]
pub struct Summary {
    pub counties: usize,
    pub stations: usize,
    pub quarters: usize,
    pub issues: usize,
    pub files: usize,
}

/// Writes a complete data directory into `out`, which must not exist or be empty.
pub fn generate(opts: &Options, out: &Path) -> Result<Summary> {
    if opts.stations == 0 || opts.quarters == 0 {
        bail!("--stations and --quarters must be at least 1");
    }
    if out.exists() && fs::read_dir(out)?.next().is_some() {
        bail!(
            "`{}` is not empty; choose a new directory for the generated data",
            out.display()
        );
    }
    let mut rng = Rng(opts.seed);
    let n_counties = opts
        .counties
        .unwrap_or((opts.stations / 100).clamp(4, 200))
        .max(1);
    let mut files = 0;
    let mut write = |rel: &str, text: &str| -> Result<()> {
        let path = out.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)
                .with_context(|| format!("cannot create `{}`", dir.display()))?;
        }
        files += 1;
        fs::write(&path, text).with_context(|| format!("cannot write `{}`", path.display()))
    };
    write(
        "site.yaml",
        "# 示例数据 (synthetic sample data from `pv-bulletin gen-sample`)\n\
         title: 光伏扶贫工作简报\nissuer: 示例省扶贫开发领导小组办公室\nregion: 示例省\n\
         motto: 精准扶贫 精准脱贫\nsample: true\n",
    )?;
    let (stations, station_yaml) = stations::stations(opts, n_counties, &mut rng);
    write(
        "counties.yaml",
        &stations::counties_yaml(opts, n_counties, &stations, &mut rng),
    )?;
    for (c, yaml) in station_yaml.iter().enumerate() {
        write(
            &format!("stations/c{:03}.yaml", c + 1),
            &format!("# 示例数据 (synthetic)\n{yaml}"),
        )?;
    }
    for q in 0..opts.quarters {
        let text = progress::progress_yaml(q, opts, &stations, &mut rng);
        write(&format!("progress/{}.yaml", quarter_name(q)), &text)?;
    }
    for i in 0..opts.issues {
        for (path, text) in bulletins::issue_files(i, opts, n_counties, &mut rng) {
            write(&path, &text)?;
        }
    }
    Ok(Summary {
        counties: n_counties,
        stations: opts.stations,
        quarters: opts.quarters,
        issues: opts.issues,
        files,
    })
}
