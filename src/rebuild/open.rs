//! `build` (and `serve` when it starts) into an output directory: when the build
//! cache beside it describes the output as it is, only what can have changed
//! since is rendered — the plan `serve` makes for an edit, from the fingerprint
//! of the data the output was built from and of the data now — and the
//! downloads and search indexes it touches are built with it, in one commit.
//! Otherwise (no cache, or one that cannot be used) the whole site is built.
//! Either way the output is byte for byte what a build of the whole site writes
//! (`tests/serve.rs` checks it for every kind of edit).

use super::cache;
use super::changes::{self, Plan};
use super::fingerprint::Fingerprint;
use super::session::{inputs, Kept, Later, Session};
use super::stage::OnDisk;
use crate::load::{DataFiles, Loaded};
use crate::paths::Kind;
use crate::pipeline::{finish, full, Computed, Options, Report, Reuse};
use crate::progress::Progress;
use crate::write;
use anyhow::Result;
use std::path::Path;

/// `build`: brings `out` up to date with the data in `options`, from the build
/// cache when it can.
pub fn build(options: &Options, out: &Path, progress: &Progress) -> Result<Report> {
    open_with(options, out, progress, false).map(|(report, _)| report)
}

/// [`build`], keeping what `serve` rebuilds from.
pub(super) fn open(
    options: &Options,
    out: &Path,
    progress: &Progress,
) -> Result<(Report, Session)> {
    open_with(options, out, progress, true)
}

fn open_with(
    options: &Options,
    out: &Path,
    progress: &Progress,
    keep: bool,
) -> Result<(Report, Session)> {
    let mut report = Report::default();
    let files = report.time(progress, "load", || {
        DataFiles::read(&options.data_dir, progress)
    })?;
    let loaded = files.assemble(None);
    let mut session = Session::new(options, out, files);
    report.diagnostics = loaded.diagnostics.clone();
    let checks = full::check_data(&mut report, &loaded.dataset, None, progress);
    if report.diagnostics.fails(options.deny_warnings) {
        finish(&mut report, &loaded.sources);
        return Ok((report, session));
    }
    // From here until the cache is written again, no other build may change the
    // output or its cache.
    let _lock = write::lock_output(out)?;
    let Planned {
        cached,
        print,
        plan,
        computing,
    } = plan_build(options, out, &loaded, keep, &mut report, progress);
    let cached = match cached {
        Some(c) if !plan.full => c,
        _ => {
            let diagnostics = std::mem::take(&mut report.diagnostics);
            let loaded = Loaded {
                diagnostics,
                ..loaded
            };
            let computed = computing.map(Computing::wait);
            session.build_all(
                &mut report,
                loaded,
                Some((checks, computed)),
                print,
                progress,
            )?;
            return Ok((report, session));
        }
    };
    let site_files = cached
        .files
        .keys()
        .filter(|p| Kind::of(p).is_some())
        .count();
    report.reuse = Reuse::Partial { files: site_files };
    report.issues = loaded.dataset.bulletins.len();
    report.counties = loaded.dataset.counties.len();
    report.stations = loaded.dataset.stations.len();
    if plan == Plan::default() && !keep {
        // Nothing to render: the figures are not even computed.
        finish(&mut report, &loaded.sources);
        report.changes.unchanged = cached.files.len();
        if print != cached.print {
            cache::write(out, &print, &cached.files, &cached.pages)?;
        }
        return Ok((report, session));
    }
    let computed = report.time(progress, "compute", || match computing {
        Some(computing) => computing.wait(),
        None => Computed::of(loaded.dataset.station_data.clone()),
    });
    session.disk = Some(OnDisk {
        print: cached.print,
        pages: cached.pages,
        files: cached.files,
    });
    let next = Kept {
        data: loaded.dataset,
        computed,
        checks,
    };
    session.apply(
        &mut report,
        next,
        print,
        &loaded.sources,
        plan,
        Later::Now,
        progress,
    )?;
    if let (Reuse::Partial { files }, Some(disk)) = (&mut report.reuse, &session.disk) {
        // Pages and downloads added or removed by this build.
        *files = disk.files.keys().filter(|p| Kind::of(p).is_some()).count();
        // Every file of the output not written again was left as it was (as a
        // build of the whole site that finds the same bytes reports it).
        report.changes.unchanged = disk.files.len() - report.changes.written;
    }
    Ok((report, session))
}

/// What the build cache beside the output allows this build.
struct Planned {
    /// The cache, checked against the output; `None` when it cannot be used.
    cached: Option<cache::Contents>,
    /// What the output is built from now.
    print: Fingerprint,
    /// What to render; [`Plan::full`] without a usable cache.
    plan: Plan,
    /// The figures, when pages are to be rendered from the cache.
    computing: Option<Computing>,
}

/// Reads the build cache, plans from it, and checks the output's files against it;
/// says in `report` why a cache cannot be used.
fn plan_build(
    options: &Options,
    out: &Path,
    loaded: &Loaded,
    keep: bool,
    report: &mut Report,
    progress: &Progress,
) -> Planned {
    let cached = report.time(progress, "read the build cache", || {
        cache::read_unchecked(out)
    });
    let print = Fingerprint::of(
        &loaded.dataset,
        inputs(options, &loaded.sources),
        cached.as_ref().ok().map(|c| &c.print),
    );
    let mut plan = match &cached {
        Ok(c) => report.time(progress, "plan", || {
            changes::plan_for(&c.print, &print, || full::templates(options))
        }),
        Err(_) => Plan::full(),
    };
    // The figures do not depend on the cache: when pages are to be rendered from
    // it, they are worked out on another core while the output's files are
    // checked (an edited article's build spends about 0.4 s on each).
    let renders = keep || plan != Plan::default();
    let computing = (cached.is_ok() && !plan.full && renders)
        .then(|| Computing::start(loaded.dataset.station_data.clone()));
    let cached = cached.and_then(|c| {
        report.time(progress, "check the output", || cache::check_files(out, &c))?;
        Ok(c)
    });
    if let Err(why) = &cached {
        report.reuse = why.reason().map_or(Reuse::None, Reuse::Unusable);
        plan = Plan::full();
    }
    Planned {
        cached: cached.ok(),
        print,
        plan,
        computing,
    }
}

/// The figures of the data, being worked out on another thread.
struct Computing(std::thread::JoinHandle<Computed>);

impl Computing {
    fn start(data: std::sync::Arc<crate::model::StationData>) -> Self {
        Computing(std::thread::spawn(move || Computed::of(data)))
    }

    /// The figures; a panic while computing them goes on in this thread (where
    /// the build's panic containment catches it).
    fn wait(self) -> Computed {
        self.0
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }
}
