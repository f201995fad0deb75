//! `serve` on a loopback port: the page is served, an edit to the data shows up
//! after the automatic rebuild, and bad data is reported without stopping the server.

mod common;

use common::{Project, ARTICLE};
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
    let host = address.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
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

#[test]
fn serves_rebuilds_and_survives_bad_data() {
    let p = Project::valid();
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
    let (status, body) = get(&address, "/issues/7.html");
    assert_eq!(status, 200, "the server is still up");
    assert!(
        body.contains("改过的标题"),
        "the last good site is still served"
    );
    drop(server);
}
