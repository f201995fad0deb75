//! `serve`: build, serve the output on 127.0.0.1, and rebuild whenever a data or
//! template file changes. A build with errors prints them and keeps the previous
//! site online; the server never stops because of bad data.

use super::{human_size, options, print_diagnostics, SiteArgs};
use crate::pipeline::{self, Options, Report};
use anyhow::{anyhow, Context, Result};
use notify::{RecursiveMode, Watcher};
use std::path::{Component, Path, PathBuf};
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
    on_build(&pipeline::build_with(options, out, &|_, _| {}));
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
                on_build(&pipeline::build_with(options, out, &|_, _| {}));
            }
        });
        for request in server.incoming_requests() {
            let response = respond(out, request.url());
            let _ = request.respond(response);
        }
    });
    drop(watcher);
    Ok(())
}

type Response = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

fn respond(out: &Path, url: &str) -> Response {
    let Some(path) = resolve(out, url) else {
        return text(404, "not found");
    };
    match std::fs::read(&path) {
        Ok(bytes) => {
            let mut response = tiny_http::Response::from_data(bytes);
            for (name, value) in [
                ("Content-Type", content_type(&path)),
                ("Cache-Control", "no-store"),
            ] {
                if let Ok(h) = tiny_http::Header::from_bytes(name, value) {
                    response.add_header(h);
                }
            }
            response
        }
        Err(_) => text(404, "not found"),
    }
}

fn text(status: u16, body: &str) -> Response {
    tiny_http::Response::from_data(body.as_bytes().to_vec()).with_status_code(status)
}

/// The file a URL path names inside `out`, refusing anything that climbs out.
fn resolve(out: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path)?;
    let mut file = out.to_path_buf();
    for c in Path::new(decoded.trim_start_matches('/')).components() {
        match c {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_site() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("issues")).unwrap();
        std::fs::write(tmp.path().join("index.html"), "i").unwrap();
        std::fs::write(tmp.path().join("issues/7.html"), "7").unwrap();
        assert_eq!(
            resolve(tmp.path(), "/"),
            Some(tmp.path().join("index.html"))
        );
        assert_eq!(
            resolve(tmp.path(), "/issues/7.html?x=1#a"),
            Some(tmp.path().join("issues/7.html"))
        );
        assert_eq!(
            resolve(tmp.path(), "/issues/%37.html"),
            Some(tmp.path().join("issues/7.html"))
        );
        assert_eq!(resolve(tmp.path(), "/../etc/passwd"), None);
        assert_eq!(resolve(tmp.path(), "/issues/%2e%2e/%2e%2e/x"), None);
        assert_eq!(resolve(tmp.path(), "/missing.html"), None);
    }
}
