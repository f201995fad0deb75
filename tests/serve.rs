//! `serve` on a loopback port: the page is served, an edit to the data shows up
//! after the automatic rebuild, and bad data is reported without stopping the server.

mod common;

use common::{copy_dir, sample_data, snapshot, stderr, Project, ARTICLE, STATIONS};
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
    start_on(&p.data(), &p.out())
}

fn start_on(
    data: &std::path::Path,
    out: &std::path::Path,
) -> (Server, String, Vec<String>, mpsc::Receiver<String>) {
    start_with(data, out, &[])
}

fn start_with(
    data: &std::path::Path,
    out: &std::path::Path,
    extra: &[&str],
) -> (Server, String, Vec<String>, mpsc::Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
        .args(["serve", "--port", "0", "--data"])
        .arg(data)
        .arg("--out")
        .arg(out)
        .args(extra)
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
        // Generous: serve builds the site before it prints its address, and the
        // machine running the tests may be busy (a hang guard, not a timing test).
        let line = log
            .recv_timeout(Duration::from_secs(180))
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
    // On Linux the program runs without transparent huge pages (src/main.rs);
    // kernels before 5.0 do not say.
    #[cfg(target_os = "linux")]
    {
        let status = std::fs::read_to_string(format!("/proc/{}/status", server.0.id())).unwrap();
        if let Some(line) = status.lines().find(|l| l.starts_with("THP_enabled:")) {
            assert_eq!(line.split_whitespace().nth(1), Some("0"), "{line}");
        }
    }

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

/// Waits until serve has rebuilt after an edit and, when it said the downloads
/// and search index follow, until they are updated too; returns what it printed.
fn until_idle(log: &mpsc::Receiver<String>) -> Vec<String> {
    let mut lines = Vec::new();
    let mut waiting_for_catch_up = false;
    loop {
        let line = log
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("serve went quiet: {lines:?}"));
        let rebuilt = line.starts_with("rebuilt ");
        let failed = line.starts_with("build failed");
        let caught_up = line.starts_with("updated the downloads");
        if rebuilt {
            waiting_for_catch_up = line.contains("follow");
        }
        lines.push(line);
        if failed || caught_up || (rebuilt && !waiting_for_catch_up) {
            return lines;
        }
    }
}

/// Replaces the first `from` in a file of `dir` with `to`.
fn edit(dir: &std::path::Path, rel: &str, from: &str, to: &str) {
    let path = dir.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no `{from}`");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Runs `pv-bulletin build` on `data` into `out`; returns what it printed.
fn build(data: &std::path::Path, out: &std::path::Path) -> String {
    build_with(data, out, &[])
}

/// [`build`] with more options.
fn build_with(data: &std::path::Path, out: &std::path::Path, options: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
        .arg("build")
        .args(options)
        .arg("--data")
        .arg(data)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    stderr(&o)
}

/// Asserts that `out` holds byte for byte what a build of `data` into a new
/// directory `fresh` writes.
fn same_as_a_full_build(
    data: &std::path::Path,
    out: &std::path::Path,
    fresh: &std::path::Path,
    what: &str,
) {
    let _ = std::fs::remove_dir_all(fresh);
    let said = build(data, fresh);
    assert!(said.contains("built "), "a first build: {said}");
    let (kept, built) = (snapshot(out), snapshot(fresh));
    let names = |s: &[(String, Vec<u8>)]| -> std::collections::BTreeSet<String> {
        s.iter().map(|f| f.0.clone()).collect()
    };
    let (a, b) = (names(&kept), names(&built));
    let only_kept: Vec<_> = a.difference(&b).collect();
    let only_built: Vec<_> = b.difference(&a).collect();
    assert!(
        only_kept.is_empty() && only_built.is_empty(),
        "after {what}: files only in the updated site {only_kept:?}, only in a full build \
         {only_built:?}"
    );
    for ((path, a), (_, b)) in kept.iter().zip(&built) {
        assert!(a == b, "after {what}: {path} differs from a full build");
    }
}

#[test]
fn rebuilds_after_edits_are_byte_for_byte_a_full_build() {
    // The sample, with a template override beside the data so template edits count.
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let templates = tmp.path().join("templates");
    let out = tmp.path().join("public");
    copy_dir(&sample_data(), &data);
    std::fs::create_dir(&templates).unwrap();
    let station_template =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/station.html");
    std::fs::copy(station_template, templates.join("station.html")).unwrap();
    let (_server, _address, _, log) = start_on(&data, &out);

    let photo = |seed: u8| {
        let img = image::RgbImage::from_fn(300, 200, |x, y| {
            image::Rgb([
                (x as u8).wrapping_mul(seed),
                (y as u8).wrapping_add(seed),
                90,
            ])
        });
        let mut bytes = std::io::Cursor::new(Vec::new());
        img.write_to(&mut bytes, image::ImageFormat::Jpeg).unwrap();
        bytes.into_inner()
    };
    let edits: [(&str, &dyn Fn()); 9] = [
        ("an article", &|| {
            let article = data.join("bulletins/25/01-leaders.md");
            let text = std::fs::read_to_string(&article).unwrap();
            std::fs::write(&article, format!("{text}\n补充一句：本段为测试所加。\n")).unwrap();
        }),
        ("a station's capacity", &|| {
            edit(
                &data,
                "stations/nanxi.yaml",
                "capacity_kw: ",
                "capacity_kw: 1",
            )
        }),
        ("a station's name only", &|| {
            edit(&data, "stations/donghu.yaml", "  name: ", "  name: 改名")
        }),
        ("a quarter's figures", &|| {
            edit(
                &data,
                "progress/2017Q4.yaml",
                "generation_kwh: ",
                "generation_kwh: 1",
            )
        }),
        ("an older quarter", &|| {
            edit(
                &data,
                "progress/2016Q2.yaml",
                "revenue_yuan: ",
                "revenue_yuan: 2",
            )
        }),
        ("a new station", &|| {
            let file = data.join("stations/qinghe.yaml");
            let text = std::fs::read_to_string(&file).unwrap();
            let added = "- id: qinghe-099\n  name: 新建村级光伏电站\n  county: qinghe\n  kind: village\n  capacity_kw: 120\n  status: under_construction\n";
            std::fs::write(&file, format!("{text}{added}")).unwrap();
        }),
        ("a template", &|| {
            edit(&templates, "station.html", "<h1>", "<h1 class=\"edited\">")
        }),
        ("a photo and the article showing it", &|| {
            let images = data.join("bulletins/24/images");
            std::fs::create_dir_all(&images).unwrap();
            std::fs::write(images.join("site.jpg"), photo(3)).unwrap();
            let article = data.join("bulletins/24/02-news.md");
            let text = std::fs::read_to_string(&article).unwrap();
            std::fs::write(&article, format!("{text}\n![电站现场](images/site.jpg)\n")).unwrap();
        }),
        ("the photo alone", &|| {
            std::fs::write(data.join("bulletins/24/images/site.jpg"), photo(7)).unwrap();
        }),
    ];
    for (what, apply) in edits {
        apply();
        let said = until_idle(&log);
        assert!(
            said.iter().any(|l| l.starts_with("rebuilt ")),
            "{what}: {said:?}"
        );
        same_as_a_full_build(&data, &out, &tmp.path().join("fresh"), what);
    }
    // A change that breaks the data is reported and leaves the site as it was; the
    // fix is rebuilt from the last good site.
    let before = snapshot(&out);
    edit(
        &data,
        "stations/beitang.yaml",
        "capacity_kw: ",
        "capacity_kw: -",
    );
    assert!(until_idle(&log)
        .iter()
        .any(|l| l.starts_with("build failed")));
    assert!(snapshot(&out) == before, "a failed rebuild writes nothing");
    edit(
        &data,
        "stations/beitang.yaml",
        "capacity_kw: -",
        "capacity_kw: 2",
    );
    until_idle(&log);
    let o = Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
        .args(["build", "--data"])
        .arg(&data)
        .arg("--out")
        .arg(tmp.path().join("fresh2"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        snapshot(&out) == snapshot(&tmp.path().join("fresh2")),
        "after the fix"
    );
}

/// An edit: what it is, whether a build from the cache renders only part of the
/// site after it, and how to make it.
type Edit<'a> = (&'static str, bool, Box<dyn Fn() + 'a>);

/// The edits a build from the cache must get right, on the sample with a
/// template override.
fn edits<'a>(data: &'a std::path::Path, templates: &'a std::path::Path) -> Vec<Edit<'a>> {
    let append = |rel: &'static str, text: &'static str| {
        move || {
            let file = data.join(rel);
            let old = std::fs::read_to_string(&file).unwrap();
            std::fs::write(&file, format!("{old}{text}")).unwrap();
        }
    };
    vec![
        ("nothing", true, Box::new(|| {})),
        ("an article", true, Box::new(append("bulletins/25/01-leaders.md", "\n补充一句：本段为测试所加。\n"))),
        ("a comment in a station file", true, Box::new(append("stations/nanxi.yaml", "# 备注\n"))),
        ("a station's capacity", true, Box::new(|| edit(data, "stations/nanxi.yaml", "capacity_kw: ", "capacity_kw: 1"))),
        ("a station's name only", true, Box::new(|| edit(data, "stations/donghu.yaml", "  name: ", "  name: 改名"))),
        ("a quarter's figures", true, Box::new(|| edit(data, "progress/2017Q4.yaml", "generation_kwh: ", "generation_kwh: 1"))),
        ("an older quarter", true, Box::new(|| edit(data, "progress/2016Q2.yaml", "revenue_yuan: ", "revenue_yuan: 2"))),
        ("a new station", true, Box::new(append("stations/qinghe.yaml", "- id: qinghe-099\n  name: 新建村级光伏电站\n  county: qinghe\n  kind: village\n  capacity_kw: 120\n  status: under_construction\n"))),
        ("a station removed", true, Box::new(|| {
            let file = data.join("stations/qinghe.yaml");
            let text = std::fs::read_to_string(&file).unwrap();
            let cut = text.find("- id: qinghe-099").unwrap();
            std::fs::write(&file, &text[..cut]).unwrap();
        })),
        ("a picture beside an article", true, Box::new(|| {
            std::fs::create_dir_all(data.join("bulletins/24/images")).unwrap();
            std::fs::write(data.join("bulletins/24/images/photo.png"), b"not yet used").unwrap();
        })),
        ("a page template", true, Box::new(|| edit(templates, "station.html", "<h1>", "<h1 class=\"edited\">"))),
        ("a shared template", false, Box::new(|| {
            std::fs::write(templates.join("notice.css"), "p { margin: 0 }\n").unwrap();
        })),
        ("an issue's settings", false, Box::new(|| edit(data, "bulletins/23/bulletin.yaml", "copies: ", "copies: 1"))),
        ("the site", false, Box::new(|| edit(data, "site.yaml", "title: ", "title: 新"))),
        ("an article removed", true, Box::new(|| std::fs::remove_file(data.join("bulletins/25/01-leaders.md")).unwrap())),
    ]
}

#[test]
fn builds_from_the_cache_are_byte_for_byte_a_full_build() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let templates = tmp.path().join("templates");
    let out = tmp.path().join("public");
    copy_dir(&sample_data(), &data);
    std::fs::create_dir(&templates).unwrap();
    let station_template =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/station.html");
    std::fs::copy(station_template, templates.join("station.html")).unwrap();
    let first = build(&data, &out);
    assert!(
        first.contains("built ") && !first.contains("whole site:"),
        "{first}"
    );
    let cache = tmp.path().join(".public.pv-bulletin-cache");
    assert!(cache.is_file(), "the cache sits beside the output");
    for (what, partial, apply) in edits(&data, &templates) {
        apply();
        let said = build(&data, &out);
        let rendered_part = said.contains("rendered ") && said.contains("the rest unchanged");
        assert_eq!(rendered_part, partial, "after {what}: {said}");
        same_as_a_full_build(&data, &out, &tmp.path().join("fresh"), what);
    }
    let said = build(&data, &out);
    assert!(said.contains("rendered 0 of "), "nothing changed: {said}");
}

#[test]
fn the_page_index_reads_back_no_page_from_the_output() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let out = tmp.path().join("public");
    copy_dir(&sample_data(), &data);
    build(&data, &out);
    let article = data.join("bulletins/25/01-leaders.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, format!("{text}\n补充一句。\n")).unwrap();
    let said = build_with(&data, &out, &["--timings"]);
    let line = said
        .lines()
        .find(|l| l.trim_start().starts_with("page index:"))
        .unwrap_or_else(|| panic!("no page index line:\n{said}"));
    // The edited issue's page is rendered again; the other issue and county pages
    // come from the build cache, none from the output.
    let pages = std::fs::read_dir(out.join("issues"))
        .unwrap()
        .chain(std::fs::read_dir(out.join("counties")).unwrap())
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "html")
        })
        .count();
    assert!(
        line.contains(&format!("page index: {pages} pages, 0 read back")),
        "{line}"
    );
    same_as_a_full_build(&data, &out, &tmp.path().join("fresh"), "an article");
}

#[test]
fn a_cache_that_does_not_match_the_output_means_a_full_build() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let out = tmp.path().join("public");
    copy_dir(&sample_data(), &data);
    build(&data, &out);
    let cache = tmp.path().join(".public.pv-bulletin-cache");
    let whole = |said: &str, why: &str| {
        assert!(
            said.contains("built the whole site") && said.contains(why),
            "{said}"
        );
    };
    // Damaged: cut short, or bytes changed.
    let bytes = std::fs::read(&cache).unwrap();
    std::fs::write(&cache, &bytes[..bytes.len() / 2]).unwrap();
    whole(&build(&data, &out), "damaged");
    let mut bytes = std::fs::read(&cache).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&cache, &bytes).unwrap();
    whole(&build(&data, &out), "damaged");
    // Written in another format (or by another build of the program).
    let mut bytes = std::fs::read(&cache).unwrap();
    bytes[24] ^= 1;
    std::fs::write(&cache, &bytes).unwrap();
    whole(&build(&data, &out), "another build");
    // The output edited, a file removed, a file added since: put right.
    let page = out.join("issues/25.html");
    let original = std::fs::read(&page).unwrap();
    std::fs::write(&page, b"edited by hand").unwrap();
    std::fs::remove_file(out.join("counties.html")).unwrap();
    std::fs::write(out.join("stray.html"), b"").unwrap();
    let said = build(&data, &out);
    whole(&said, "3 files of the output changed");
    assert_eq!(std::fs::read(&page).unwrap(), original);
    assert!(out.join("counties.html").is_file() && !out.join("stray.html").exists());
    same_as_a_full_build(&data, &out, &tmp.path().join("fresh"), "repairs");
    // A failed build leaves the output and its cache as they were.
    let before = std::fs::read(&cache).unwrap();
    edit(
        &data,
        "stations/beitang.yaml",
        "capacity_kw: ",
        "capacity_kw: -",
    );
    let o = Command::new(env!("CARGO_BIN_EXE_pv-bulletin"))
        .args(["build", "--data"])
        .arg(&data)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert_eq!(std::fs::read(&cache).unwrap(), before);
    // Gone: the whole site, silently (as a first build).
    edit(
        &data,
        "stations/beitang.yaml",
        "capacity_kw: -",
        "capacity_kw: ",
    );
    std::fs::remove_file(&cache).unwrap();
    let said = build(&data, &out);
    assert!(
        said.contains("built ") && !said.contains("whole site"),
        "{said}"
    );
}

#[test]
fn polling_sees_edits_in_sub_folders() {
    // What `serve` does by itself under Wine, whose notifications miss them.
    let p = Project::valid();
    let (_server, address, _, log) = start_with(&p.data(), &p.out(), &["--poll"]);
    let mut lines = Vec::new();
    eventually("the polling note", || {
        while let Ok(line) = log.try_recv() {
            lines.push(line);
        }
        lines
            .iter()
            .any(|l| l.contains("looking for changes every half second (--poll)"))
    });
    p.write(
        "bulletins/7/01-news.md",
        &ARTICLE.replace("测试文章", "轮询看到的标题"),
    );
    eventually("the edit to be served", || {
        get(&address, "/issues/7.html").1.contains("轮询看到的标题")
    });
}
