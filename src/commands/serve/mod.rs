//! `serve`: build, serve the output on 127.0.0.1, and rebuild whenever a data or
//! template file changes. Open tabs reload after each build; while the data has
//! errors every page shows them, and the last good site stays on disk. The server
//! never stops because of bad data.

mod http;
mod live;
mod watching;

use super::{human_size, options, print_report, SiteArgs};
use crate::pipeline::{Options, Report};
use crate::rebuild::{Hints, Session};
use crate::report;
use anyhow::{anyhow, Result};
use live::Live;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};
use watching::Changes;

#[derive(clap::Args)]
pub struct Args {
    /// The output directory is served from here.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Port on 127.0.0.1 (0 picks a free one)
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// Print the wall time of each stage of every build and rebuild
    #[arg(long)]
    pub timings: bool,
    /// Look for changes every half second instead of waiting for the system's
    /// change notifications: for data on a network drive or a shared folder, whose
    /// notifications may not arrive. Also set by PV_BULLETIN_POLL=1, and chosen by
    /// itself under Wine, whose notifications miss edits in sub-folders.
    #[arg(long)]
    pub poll: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let SiteArgs {
        data,
        out,
        templates,
    } = args.site;
    let options = options(&data, templates, false);
    let data = &data;
    let timings = args.timings;
    let poll = watching::poll_wanted(args.poll);
    let on_build = |step: Step, result: &Result<Report>, took: Duration| match result {
        Ok(report) => {
            print_report(report);
            if timings {
                for (stage, took) in &report.timings {
                    eprintln!("  {stage:<15} {:>8.3} s", took.as_secs_f64());
                }
            }
            if report.diagnostics.has_errors() {
                eprintln!(
                    "build failed: {}; still serving the last good site",
                    report.diagnostics.summary()
                );
                return;
            }
            let changes = report.changes;
            let seconds = took.as_secs_f64();
            match step {
                Step::Build => eprintln!(
                    "built {} files ({}) in {seconds:.2} s",
                    report.files_written,
                    human_size(report.bytes_written),
                ),
                Step::Rebuild { later } => eprintln!(
                    "rebuilt {} files in {seconds:.2} s ({} changed, {} removed){}",
                    report.files_written,
                    changes.written,
                    changes.removed,
                    if later { "; the downloads and search index follow" } else { "" }
                ),
                Step::CatchUp => eprintln!(
                    "updated the downloads and search index in {seconds:.2} s ({} changed, {} removed)",
                    changes.written, changes.removed
                ),
            }
        }
        Err(e) => eprintln!("error: {e:#}"),
    };
    let on_ready = |address: &str| {
        eprintln!(
            "serving `{}` at {address} — rebuilding on changes in `{}`; Ctrl-C to stop",
            out.display(),
            data.display()
        );
        if let Some(why) = poll {
            eprintln!("  looking for changes every half second ({why})");
        }
    };
    serve(
        &options,
        &out,
        args.port,
        poll.is_some(),
        &on_build,
        &on_ready,
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Which kind of run a report is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The whole site (the first build, or after a change that needs it).
    Build,
    /// The pages an edit changed; `later`: the downloads and search index follow.
    Rebuild { later: bool },
    /// The downloads and search index after a rebuild.
    CatchUp,
}

/// Told about every run, with how long it took.
pub type OnBuild<'a> = dyn Fn(Step, &Result<Report>, Duration) + Sync + 'a;

/// Changes closer together than this are taken as one edit (editors write several
/// times per save).
const SETTLE: Duration = Duration::from_millis(60);

/// Serves `out` on `127.0.0.1:port` (0 picks a free port), rebuilding from
/// `options` on every change: the pages an edit changed first, then the downloads
/// and search index (see [`Session`]). `poll`: look for changes by scanning
/// rather than through the system's notifications. `on_build` is told about each
/// run (the initial build included); `on_ready` gets the address once the server
/// listens. Runs until the process is stopped.
pub fn serve(
    options: &Options,
    out: &Path,
    port: u16,
    poll: bool,
    on_build: &OnBuild,
    on_ready: &dyn Fn(&str),
) -> Result<()> {
    let live = Live::default();
    let started = Instant::now();
    let (first, session) = match Session::open(options, out, QUIET) {
        Ok((report, session)) => (Ok(report), Some(session)),
        Err(e) => (Err(e), None),
    };
    on_build(Step::Build, &first, started.elapsed());
    live.finished(failure(&first));
    // Watch before saying where we listen: an edit made as soon as the address
    // is known must not be missed.
    let (watcher, changed) = watching::watch(options, poll)?;
    let server = tiny_http::Server::http(("127.0.0.1", port))
        .map_err(|e| anyhow!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let address = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| anyhow!("the server has no IP address"))?;
    on_ready(&format!("http://{address}/"));

    let rebuilder = Rebuilder {
        options,
        out,
        on_build,
        live: &live,
        session,
        changed,
        // The form the watchers report paths in (on Windows without the `\\?\`
        // prefix that `canonicalize` adds, which they never give).
        data_dir: dunce::canonicalize(&options.data_dir).unwrap_or(options.data_dir.clone()),
    };
    std::thread::scope(|scope| {
        scope.spawn(move || rebuilder.run());
        answer(&server, out, &live, scope);
    });
    drop(watcher);
    Ok(())
}

/// Progress bars would interleave with the server's lines: rebuilds run quietly.
const QUIET: &crate::progress::Progress = &crate::progress::quiet;

/// Answers GET and HEAD requests from `out` until the server stops; reload polls
/// get a thread each because they wait for the next build.
fn answer<'scope>(
    server: &tiny_http::Server,
    out: &'scope Path,
    live: &'scope Live,
    scope: &'scope std::thread::Scope<'scope, '_>,
) {
    for request in server.incoming_requests() {
        if !matches!(
            request.method(),
            tiny_http::Method::Get | tiny_http::Method::Head
        ) {
            let _ = request.respond(http::method_not_allowed());
            continue;
        }
        let url = request.url().to_string();
        if url.starts_with(live::RELOAD_PATH) {
            scope.spawn(move || {
                let generation = live.wait_past(live::since(&url), live::POLL);
                let _ = request.respond(http::text(200, &generation.to_string()));
            });
            continue;
        }
        let _ = request.respond(page(out, &url, live));
    }
}

/// Turns the watcher's reports into rebuilds: the changed pages at once, then the
/// downloads and search index unless another edit comes in first.
struct Rebuilder<'a> {
    options: &'a Options,
    out: &'a Path,
    on_build: &'a OnBuild<'a>,
    live: &'a Live,
    /// None while the data has never built: the next edit tries a full build.
    session: Option<Session>,
    changed: Changes,
    data_dir: PathBuf,
}

impl Rebuilder<'_> {
    /// Runs until the watcher goes away.
    fn run(mut self) {
        let mut waiting: Vec<PathBuf> = Vec::new();
        loop {
            if waiting.is_empty() {
                match self.changed.recv() {
                    Ok(paths) => waiting = paths,
                    Err(_) => return,
                }
            }
            while let Ok(paths) = self.changed.recv_timeout(SETTLE) {
                waiting.extend(paths);
            }
            let hints = hints(&self.data_dir, std::mem::take(&mut waiting));
            self.rebuild(&hints);
            waiting = self.catch_up();
        }
    }

    /// The pages the hinted edit changed (or the whole site while there is no session).
    fn rebuild(&mut self, hints: &Hints) {
        let started = Instant::now();
        let result = match self.session.as_mut() {
            Some(s) => s.rebuild(hints, QUIET).transpose(),
            None => Some(
                Session::open(self.options, self.out, QUIET).map(|(report, s)| {
                    self.session = Some(s);
                    report
                }),
            ),
        };
        let Some(result) = result else { return };
        let later = self.session.as_ref().is_some_and(Session::has_pending);
        (self.on_build)(Step::Rebuild { later }, &result, started.elapsed());
        self.live.finished(failure(&result));
    }

    /// The downloads and search index; returns the paths of any edit that
    /// arrived meanwhile (the work left over waits for the rebuild they start).
    fn catch_up(&mut self) -> Vec<PathBuf> {
        while let Some(s) = self.session.as_mut().filter(|s| s.has_pending()) {
            if let Ok(paths) = self.changed.try_recv() {
                return paths;
            }
            let started = Instant::now();
            let arrived = std::cell::RefCell::new(Vec::new());
            let edited = || {
                while let Ok(paths) = self.changed.try_recv() {
                    arrived.borrow_mut().extend(paths);
                }
                !arrived.borrow().is_empty()
            };
            let result = s.catch_up(QUIET, &edited);
            if let Some(result) = result.transpose() {
                (self.on_build)(Step::CatchUp, &result, started.elapsed());
            }
            let arrived = arrived.into_inner();
            if !arrived.is_empty() {
                return arrived;
            }
        }
        Vec::new()
    }
}

/// The data files a watcher reported, relative to the data directory.
fn hints(data_dir: &Path, paths: Vec<PathBuf>) -> Hints {
    let data = paths
        .iter()
        .filter_map(|p| p.strip_prefix(data_dir).ok())
        .map(|rel| rel.to_string_lossy().replace('\\', "/"))
        .collect();
    Hints { data }
}

/// The diagnostics of a failed build as the terminal shows them, without colour.
fn failure(result: &Result<Report>) -> Option<String> {
    match result {
        Ok(report) if !report.diagnostics.has_errors() => None,
        Ok(report) => Some(report::render_all(
            &report.diagnostics,
            &mut report::Sources::of(&report.sources),
            report::Style::plain(),
        )),
        Err(e) => Some(format!("error: {e:#}")),
    }
}

/// The response for a GET of `url`: the file, with the reload script in HTML
/// pages; while the latest build failed, HTML pages show its diagnostics instead.
fn page(out: &Path, url: &str, live: &Live) -> http::Response {
    let Some(path) = http::resolve(out, url) else {
        return http::text(404, "not found");
    };
    let Ok(bytes) = std::fs::read(&path) else {
        return http::text(404, "not found");
    };
    if path.extension().is_none_or(|e| e != "html") {
        return http::file(&path, bytes);
    }
    match live.now() {
        (generation, None) => http::file(&path, live::inject(&bytes, generation)),
        (generation, Some(diagnostics)) => {
            http::file(&path, live::failure_page(&diagnostics, generation)).with_status_code(500)
        }
    }
}
