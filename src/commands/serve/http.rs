//! The file server half of `serve`: URL → file inside the output directory, with
//! the content type, and nothing outside the output directory.

use std::path::{Component, Path, PathBuf};

pub type Response = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

/// A file from the output directory with its content type; never cached, since
/// it changes on every rebuild.
pub fn file(path: &Path, bytes: Vec<u8>) -> Response {
    let mut response = tiny_http::Response::from_data(bytes);
    for (name, value) in [
        ("Content-Type", content_type(path)),
        ("Cache-Control", "no-store"),
    ] {
        if let Ok(h) = tiny_http::Header::from_bytes(name, value) {
            response.add_header(h);
        }
    }
    response
}

pub fn text(status: u16, body: &str) -> Response {
    tiny_http::Response::from_data(body.as_bytes().to_vec()).with_status_code(status)
}

/// 405 for anything but GET and HEAD: the preview server only reads files.
pub fn method_not_allowed() -> Response {
    let mut response = text(
        405,
        "method not allowed: the preview server only answers GET",
    );
    if let Ok(h) = tiny_http::Header::from_bytes("Allow", "GET, HEAD") {
        response.add_header(h);
    }
    response
}

/// The file a URL path names inside `out`, refusing anything that climbs out.
pub fn resolve(out: &Path, url: &str) -> Option<PathBuf> {
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

pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("pdf") => "application/pdf",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
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
