//! `serve` on a loopback port: the page is served, an edit to the data shows up
//! after the automatic rebuild, and bad data is reported without stopping the server.

mod common;

use common::{Project, ARTICLE, STATIONS};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Stops the server however the test ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(address: &str, path: &str) -> (u16, String) {
    request(address, "GET", path)
}

fn request(address: &str, method: &str, path: &str) -> (u16, String) {
    let host = address.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map_or(String::new(), |(_, b)| b.to_string());
    (status, body)
}

/// Waits (bounded) until `condition` holds, polling.
fn eventually(what: &str, mut condition: impl FnMut() -> bool) {
    let start = Instant::now();
    while !condition() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Starts `serve` on a free port; returns the server, its address, the lines it
/// printed before the address, and the rest of its log as it comes.
fn start(p: &Project) -> (Server, String, Vec<String>, mpsc::Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
        .args(["serve", "--port", "0", "--data"])
        .arg(p.data())
        .arg("--out")
        .arg(p.out())
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let server = Server(child);
    let (lines, log) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let mut seen = Vec::new();
    let address = loop {
        let line = log
            .recv_timeout(Duration::from_secs(30))
            .expect("serve printed its address");
        seen.push(line.clone());
        if let Some(i) = line.find("http://127.0.0.1:") {
            break line[i..].split_whitespace().next().unwrap().to_string();
        }
    };
    (server, address, seen, log)
}

#[test]
fn serves_rebuilds_and_survives_bad_data() {
    let p = Project::valid();
    let (server, address, seen, log) = start(&p);
    assert!(
        seen.iter().any(|l| l.starts_with("built ")),
        "initial build: {seen:?}"
    );

    let (status, body) = get(&address, "/issues/7.html");
    assert_eq!(status, 200);
    assert!(body.contains("测试文章"));
    assert_eq!(get(&address, "/../../etc/passwd").0, 404);

    p.write(
        "bulletins/7/01-news.md",
        &ARTICLE.replace("测试文章", "改过的标题"),
    );
    eventually("the edit to be served", || {
        get(&address, "/issues/7.html").1.contains("改过的标题")
    });

    p.write("stations/alpha.yaml", "- id: alpha-1\n  capcity_kw: 1\n");
    let mut report = Vec::new();
    eventually("the error to be reported", || {
        while let Ok(line) = log.try_recv() {
            report.push(line);
        }
        report
            .iter()
            .any(|l| l.contains("still serving the last good site"))
    });
    assert!(
        report.iter().any(|l| l.contains("error[unknown-field]")),
        "{report:?}"
    );
    eventually("the diagnostics in the browser", || {
        let (status, body) = get(&address, "/issues/7.html");
        status == 500 && body.contains("error[unknown-field]")
    });
    let (_, body) = get(&address, "/");
    assert!(
        body.contains("stations/alpha.yaml:2:3") && body.contains("capcity_kw"),
        "every page shows file:line:col and the source line: {body}"
    );
    let on_disk = std::fs::read_to_string(p.out().join("issues/7.html")).unwrap();
    assert!(
        on_disk.contains("改过的标题"),
        "the last good site stays on disk"
    );
    let style = get(&address, "/downloads/stations.csv");
    assert_eq!(style.0, 200, "assets are still served");

    p.write("stations/alpha.yaml", STATIONS);
    eventually("the fixed site to be served again", || {
        let (status, body) = get(&address, "/issues/7.html");
        status == 200 && body.contains("改过的标题")
    });
    drop(server);
}

#[test]
fn live_reload_is_served_not_written() {
    let p = Project::valid();
    let (server, address, _, _log) = start(&p);
    let (status, served) = get(&address, "/issues/7.html");
    assert_eq!(status, 200);
    assert!(served.contains("<script data-pv-bulletin-live-reload>"));
    let on_disk = std::fs::read_to_string(p.out().join("issues/7.html")).unwrap();
    assert!(
        !on_disk.contains("<script"),
        "files on disk stay script-free"
    );
    let css = get(&address, "/pagefind/pagefind-ui.css").1;
    assert!(
        !css.contains("live-reload"),
        "only HTML pages get the script"
    );

    // The page polls with the build counter it was served at; the poll answers
    // with a newer counter once an edit has been rebuilt.
    let generation: u64 = served
        .split("var g=")
        .nth(1)
        .and_then(|r| r.split(';').next())
        .and_then(|n| n.parse().ok())
        .expect("the script carries the build counter");
    let poll = {
        let address = address.clone();
        std::thread::spawn(move || {
            get(
                &address,
                &format!("/__pv-bulletin/reload?since={generation}"),
            )
        })
    };
    std::thread::sleep(Duration::from_millis(300));
    p.write(
        "bulletins/7/01-news.md",
        &ARTICLE.replace("正文。", "正文。补充一句。"),
    );
    let (status, answer) = poll.join().unwrap();
    assert_eq!(status, 200);
    assert!(
        answer.trim().parse::<u64>().unwrap() > generation,
        "the poll reports the rebuild: {answer}"
    );
    assert!(get(&address, "/issues/7.html").1.contains("补充一句"));

    for method in ["POST", "PUT", "DELETE"] {
        assert_eq!(
            request(&address, method, "/issues/7.html").0,
            405,
            "{method}"
        );
    }
    drop(server);
}
