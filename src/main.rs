//! The `pv-bulletin` command line: parses the arguments and hands each command to its
//! module under `src/commands/`.

use anyhow::Result;
use clap::{Parser, Subcommand};
use pv_bulletin::commands::{build, check, gen_sample, import, new, new_issue, serve, template};
use std::process::ExitCode;

/// Rendering allocates many short-lived strings; mimalloc measured ~15 % faster
/// builds than the system allocator on the 30 000-station benchmark.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `pv-bulletin --version`: the version and the target the binary was built for
/// (set by build.rs), e.g. `pv-bulletin 0.1.0 (x86_64-pc-windows-gnu)`.
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("PV_BULLETIN_TARGET"),
    ")"
);

#[derive(Parser)]
#[command(
    name = "pv-bulletin",
    version = VERSION,
    about = "Render 光伏扶贫工作简报 (PV poverty-alleviation briefing bulletins) from YAML data into a static, self-contained HTML site."
)]
#[command(arg_required_else_help = true)]
struct Cli {
    /// Print the licences of the third-party code in this binary and exit.
    #[arg(long)]
    licenses: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Validate the data and render the site into the output directory.
    ///
    /// The site is written to a staging directory and swapped in at the end, so a
    /// failed build leaves the previous output untouched.
    #[command(
        after_help = "Examples:\n  pv-bulletin build\n  pv-bulletin build --data ./data --out ./public"
    )]
    Build(build::Args),
    /// Build, serve the site on 127.0.0.1, and rebuild whenever a data or template
    /// file changes. Errors are printed; the last good site stays online.
    #[command(
        after_help = "Examples:\n  pv-bulletin serve\n  pv-bulletin serve --port 8080 --data ./data"
    )]
    Serve(serve::Args),
    /// Create a new project: data/ with one county, three stations, this quarter's
    /// figures and issue 第1期, ready to build.
    #[command(
        after_help = "Examples:\n  pv-bulletin new my-bulletin\n  cd my-bulletin && pv-bulletin build"
    )]
    New(new::Args),
    /// Start the next issue: next number, today's date and quarter, columns and
    /// 主送/抄送 copied from the previous issue, one article to fill in.
    #[command(
        name = "new-issue",
        after_help = "Examples:\n  pv-bulletin new-issue\n  PV_BULLETIN_TODAY=2018-01-15 pv-bulletin new-issue --data ./data"
    )]
    NewIssue(new_issue::Args),
    /// Generate a synthetic data set of any size (deterministic by seed), for
    /// benchmarks or trying the tool out.
    #[command(
        name = "gen-sample",
        after_help = "Examples:\n  pv-bulletin gen-sample --out /tmp/big --stations 30000 --quarters 24 --issues 100\n  pv-bulletin build --data /tmp/big --out /tmp/big-site"
    )]
    GenSample(gen_sample::Args),
    /// Validate the data and report every problem found, without writing anything.
    #[command(
        after_help = "Examples:\n  pv-bulletin check\n  pv-bulletin check --data ./data --deny-warnings"
    )]
    Check(check::Args),
    /// Import stations (a ledger, 台账) or a quarter's figures from .xlsx, .xls,
    /// .ods or .csv into the data directory; the result must pass `check`.
    #[command(
        after_help = "Examples:\n  pv-bulletin import stations 电站台账.xlsx --county nanxi\n  pv-bulletin import progress 2017年一季度.xlsx --quarter 2017Q1 --dry-run"
    )]
    Import(import::Args),
    /// Write a blank ledger workbook (sheets 电站台账 and 季度运行) that imports
    /// with no mapping.
    #[command(after_help = "Examples:\n  pv-bulletin template 台账模板.xlsx")]
    Template(template::Args),
}

fn main() -> ExitCode {
    no_huge_pages();
    pv_bulletin::contain::install_hook();
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Asks Linux not to back this process with transparent huge pages. mimalloc
/// advises them for its arenas, so every first touch zeroes 2 MiB and the
/// process holds whole huge pages it uses a part of. Measured (BENCHMARKS.md, "A
/// national site"): at 30 000 stations peak RSS 565–575 → 478–491 MB for a whole
/// build, in the same time, and 439–457 → 355–376 MB for an edited article's, with
/// half the kernel time (zeroing pages); at 100 000 stations 1,080–1,216 →
/// 1,005–1,125 MB, for 10–15 % more CPU time (more TLB misses): the price of the
/// 1 GB target there.
/// (`MIMALLOC_ALLOW_THP=0` does the same, but only when set before the program
/// starts.) Children (Chromium for the PDFs) inherit the setting: it changes
/// their memory use, not what they write.
#[cfg(target_os = "linux")]
fn no_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes an integer flag and touches no memory of
    // ours; failure (an old kernel) leaves things as they were.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn no_huge_pages() {}

/// THIRD-PARTY-LICENSES, generated by `dev/licenses.sh` (cargo-about) from the
/// exact lockfile; `tests/licenses.rs` fails when it no longer matches.
const THIRD_PARTY_LICENSES: &str = include_str!("../THIRD-PARTY-LICENSES");

fn run(cli: Cli) -> Result<ExitCode> {
    let Some(command) = cli.command else {
        // clap requires a command unless --licenses was given.
        print!("{THIRD_PARTY_LICENSES}");
        return Ok(ExitCode::SUCCESS);
    };
    match command {
        Command::Build(args) => build::run(args),
        Command::Serve(args) => serve::run(args),
        Command::New(args) => new::run(args),
        Command::NewIssue(args) => new_issue::run(args),
        Command::GenSample(args) => gen_sample::run(args),
        Command::Check(args) => check::run(args),
        Command::Import(args) => import::run(args),
        Command::Template(args) => template::run(args),
    }
}
