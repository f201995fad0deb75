//! `serve`: build, serve the output on 127.0.0.1, and rebuild whenever a data or
//! template file changes. Open tabs reload after each build; while the data has
//! errors every page shows them, and the last good site stays on disk. The server
//! never stops because of bad data.

mod http;
mod live;

use super::{human_size, options, print_diagnostics, SiteArgs};
use crate::pipeline::{self, Options, Report};
use crate::report;
use anyhow::{anyhow, Context, Result};
use live::Live;
use notify::{RecursiveMode, Watcher};
use std::path::Path;
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

#[derive(clap::Args)]
pub struct Args {
    /// The output directory is served from here.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Port on 127.0.0.1 (0 picks a free one)
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let SiteArgs {
        data,
        out,
        templates,
    } = args.site;
    let options = options(&data, templates, false);
    let data = &data;
    let on_build = |result: &Result<Report>| match result {
        Ok(report) => {
            print_diagnostics(&report.diagnostics, data);
            if report.diagnostics.has_errors() {
                eprintln!(
                    "build failed: {}; still serving the last good site",
                    report.diagnostics.summary()
                );
            } else {
                let seconds: f64 = report.timings.iter().map(|(_, t)| t.as_secs_f64()).sum();
                eprintln!(
                    "built {} files ({}) in {seconds:.2} s",
                    report.files_written,
                    human_size(report.bytes_written),
                );
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
    };
    serve(&options, &out, args.port, &on_build, &on_ready)?;
    Ok(ExitCode::SUCCESS)
}

/// Changes closer together than this are taken as one edit (editors write several
/// times per save).
const SETTLE: Duration = Duration::from_millis(250);

/// Serves `out` on `127.0.0.1:port` (0 picks a free port), rebuilding from
/// `options` on every change. `on_build` is told about each build (initial one
/// included); `on_ready` gets the address once the server listens. Runs until the
/// process is stopped.
pub fn serve(
    options: &Options,
    out: &Path,
    port: u16,
    on_build: &(dyn Fn(&Result<Report>) + Sync),
    on_ready: &dyn Fn(&str),
) -> Result<()> {
    let live = Live::default();
    let build = || {
        let result = pipeline::build_with(options, out, &crate::progress::quiet);
        on_build(&result);
        live.finished(failure(&result, &options.data_dir));
    };
    build();
    let server = tiny_http::Server::http(("127.0.0.1", port))
        .map_err(|e| anyhow!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let address = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| anyhow!("the server has no IP address"))?;
    on_ready(&format!("http://{address}/"));

    let (changes, changed) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| !e.kind.is_access()) {
            let _ = changes.send(());
        }
    })
    .context("cannot watch the data directory for changes")?;
    watcher
        .watch(&options.data_dir, RecursiveMode::Recursive)
        .with_context(|| format!("cannot watch `{}`", options.data_dir.display()))?;
    if let Some(templates) = &options.templates_dir {
        watcher
            .watch(templates, RecursiveMode::Recursive)
            .with_context(|| format!("cannot watch `{}`", templates.display()))?;
    }

    std::thread::scope(|scope| {
        scope.spawn(move || {
            while changed.recv().is_ok() {
                while changed.recv_timeout(SETTLE).is_ok() {}
                build();
            }
        });
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
                // A long poll holds its connection open: answer it on its own thread.
                let live = &live;
                scope.spawn(move || {
                    let generation = live.wait_past(live::since(&url), live::POLL);
                    let _ = request.respond(http::text(200, &generation.to_string()));
                });
                continue;
            }
            let _ = request.respond(page(out, &url, &live));
        }
    });
    drop(watcher);
    Ok(())
}

/// The diagnostics of a failed build as the terminal shows them, without colour.
fn failure(result: &Result<Report>, data_dir: &Path) -> Option<String> {
    match result {
        Ok(report) if !report.diagnostics.has_errors() => None,
        Ok(report) => Some(report::render_all(
            &report.diagnostics,
            &mut report::Sources::new(data_dir),
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
