//! Bad input ends in a clear error — file, line, column, field path, what was
//! expected — a non-zero exit, and an untouched previous site.

mod common;

use common::{snapshot, stderr, Project, PROGRESS, STATIONS};

/// Runs `check` and `build` on the broken project; both must fail with `expected`
/// in their output. Returns the report.
fn fails_with(p: &Project, expected: &[&str]) -> String {
    let check = p.run("check");
    let report = stderr(&check);
    assert!(!check.status.success(), "check should fail:\n{report}");
    for e in expected {
        assert!(report.contains(e), "expected `{e}` in:\n{report}");
    }
    let build = p.run("build");
    assert!(
        !build.status.success(),
        "build should fail:\n{}",
        stderr(&build)
    );
    assert!(!p.out().exists(), "a failed build writes nothing");
    report
}

#[test]
fn yaml_syntax_error() {
    let p = Project::valid();
    p.write(
        "stations/alpha.yaml",
        "- id: alpha-1\n  name: x\n   county: alpha\n",
    );
    let report = fails_with(
        &p,
        &["error[yaml-syntax]: stations/alpha.yaml:3:10: [0]: mapping values are not allowed in this context"],
    );
    assert!(
        !report.contains("unknown station"),
        "no cascade from the unreadable file:\n{report}"
    );
}

#[test]
fn wrong_type() {
    let p = Project::valid();
    p.write(
        "stations/alpha.yaml",
        &STATIONS.replace("capacity_kw: 100", "capacity_kw: 187.2kW"),
    );
    fails_with(
        &p,
        &["error[invalid-value]: stations/alpha.yaml:5:16: [0].capacity_kw: invalid type: string \"187.2kW\", expected a number"],
    );
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let p = Project::valid();
    p.write(
        "stations/alpha.yaml",
        &STATIONS.replace("capacity_kw: 100", "capcity_kw: 100"),
    );
    fails_with(
        &p,
        &[
            "error[unknown-field]: stations/alpha.yaml:5:3: [0].capcity_kw: unknown field `capcity_kw`, expected one of",
            "= help: did you mean `capacity_kw`?",
        ],
    );
}

#[test]
fn duplicate_station_id_across_files() {
    let p = Project::valid();
    p.write(
        "stations/beta.yaml",
        "- id: alpha-1\n  name: 重复\n  county: alpha\n  kind: village\n  capacity_kw: 50\n  status: planned\n",
    );
    fails_with(
        &p,
        &["error[duplicate]: stations/beta.yaml:1:7: [0].id: duplicate station id `alpha-1`, first defined at stations/alpha.yaml: [0]"],
    );
}

#[test]
fn progress_references_unknown_station() {
    let p = Project::valid();
    p.write(
        "progress/2017Q1.yaml",
        &PROGRESS.replace("station: alpha-1", "station: alpha-9"),
    );
    fails_with(
        &p,
        &[
            "error[unknown-reference]: progress/2017Q1.yaml:3:14: stations[0].station: unknown station `alpha-9`",
            "= help: did you mean `alpha-1`?",
        ],
    );
}

#[test]
fn invalid_quarter_string() {
    let p = Project::valid();
    p.write(
        "progress/2017Q1.yaml",
        &PROGRESS.replace("quarter: 2017Q1", "quarter: 2017-Q1"),
    );
    fails_with(
        &p,
        &["error[invalid-value]: progress/2017Q1.yaml:1:10: quarter: expected a quarter as YYYYQn with n in 1..4 (e.g. 2017Q1), found `2017-Q1`"],
    );
}

#[test]
fn generation_above_physical_maximum() {
    let p = Project::valid();
    p.write(
        "progress/2017Q1.yaml",
        &PROGRESS.replace("25000", "2500000"),
    );
    // 100 kW × 24 h × 90 days = 216 000 kWh
    fails_with(
        &p,
        &["error[physical-limit]: progress/2017Q1.yaml:4:21: stations[0].generation_kwh: 2500000 kWh is more than the station can physically produce in 2017Q1: 100 kW × 24 h × 90 days = 216000 kWh"],
    );
}

#[test]
fn article_in_undeclared_column() {
    let p = Project::valid();
    p.write(
        "bulletins/7/01-news.md",
        "---\ncolumn: 工作动向\ntitle: 测试文章\n---\n正文。\n",
    );
    fails_with(
        &p,
        &[
            "error[unknown-reference]: bulletins/7/01-news.md:2:9: column: column `工作动向` is not declared in bulletins/7/bulletin.yaml",
            "= help: did you mean `工作动态`?",
        ],
    );
}

#[test]
fn check_reports_every_problem_in_one_run() {
    let p = Project::valid();
    p.write(
        "stations/alpha.yaml",
        &STATIONS.replace("capacity_kw: 200", "capacity_kw: -5"),
    );
    p.write(
        "progress/2017Q1.yaml",
        &PROGRESS.replace("station: alpha-1", "station: nope"),
    );
    p.write("counties.yaml", "- id: Alpha\n  name: 甲县\n");
    let report = fails_with(
        &p,
        &[
            "counties.yaml:1:7: [0].id: invalid county id `Alpha`",
            "stations/alpha.yaml:14:16: [1].capacity_kw: expected a number greater than 0, found -5",
            "progress/2017Q1.yaml:3:14: stations[0].station: unknown station `nope`",
        ],
    );
    // Grouped by file, in path order.
    let first = |needle: &str| report.find(needle).unwrap();
    assert!(first("counties.yaml") < first("progress/") && first("progress/") < first("stations/"));
    assert!(report.contains("check failed: "), "{report}");
}

#[test]
fn failed_build_leaves_previous_site_byte_for_byte() {
    let p = Project::valid();
    let ok = p.run("build");
    assert!(ok.status.success(), "{}", stderr(&ok));
    let before = snapshot(&p.out());
    assert!(before.iter().any(|(f, _)| f == "index.html"));

    p.write(
        "stations/alpha.yaml",
        &STATIONS.replace("kind: village", "kind: vilage"),
    );
    let failed = p.run("build");
    assert!(!failed.status.success());
    let report = stderr(&failed);
    assert!(report.contains("did you mean `village`?"), "{report}");
    assert!(report.contains("was left unchanged"), "{report}");
    assert_eq!(snapshot(&p.out()), before, "public/ must be untouched");
    let mut entries: Vec<String> = std::fs::read_dir(p.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    entries.sort();
    assert_eq!(
        entries,
        [
            ".public.lock",
            ".public.pv-bulletin-cache",
            "data",
            "public"
        ],
        "only data/, public/, its lock file and build cache: no staging leftovers"
    );
}

#[test]
fn refuses_to_overwrite_a_foreign_directory() {
    let p = Project::valid();
    std::fs::create_dir_all(p.out()).unwrap();
    std::fs::write(p.out().join("notes.txt"), "mine").unwrap();
    let out = p.run("build");
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("was not created by pv-bulletin"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(p.out().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn missing_data_directory_is_a_clear_error() {
    let p = Project::valid();
    std::fs::remove_dir_all(p.data()).unwrap();
    let out = p.run("check");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("data directory"), "{}", stderr(&out));
}

/// A ledger of `n` grid-connected stations; `people` for each, or none.
fn ledger(n: usize, people: Option<u32>) -> String {
    (1..=n)
        .map(|i| {
            let people = people.map_or(String::new(), |p| format!(", beneficiary_people: {p}"));
            format!(
                "- {{ id: alpha-{i}, name: {i}号村级光伏电站, county: alpha, kind: village, capacity_kw: 100, status: grid_connected, grid_date: 2016-05-01, beneficiary_households: 30{people} }}\n"
            )
        })
        .collect()
}

#[test]
fn a_ledger_without_people_is_unknown_not_zero() {
    let p = Project::valid();
    p.write("stations/alpha.yaml", &ledger(12, None));
    let check = p.run_with("check", &["--deny-warnings"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(stderr(&check).contains("0 warnings"), "{}", stderr(&check));
    let build = p.run("build");
    assert!(build.status.success(), "{}", stderr(&build));
    let page = std::fs::read_to_string(p.out().join("issues/7.html")).unwrap();
    // Households are known for all 12 stations; people for none: not reported,
    // shown as …, with the legend under the table.
    assert!(
        page.contains("<th scope=\"row\">受益贫困户</th><td class=\"num\">360</td>"),
        "households"
    );
    assert!(
        page.contains("<th scope=\"row\">受益贫困人口</th><td class=\"num\">…</td>"),
        "people unknown"
    );
    assert!(page.contains("注：“…”表示未填报"), "the legend");
    let county = std::fs::read_to_string(p.out().join("counties/alpha.html")).unwrap();
    assert!(county.contains("360户（…人）"), "county facts");
}

#[test]
fn partly_reported_counts_say_how_many_stations_reported() {
    let p = Project::valid();
    let mut stations = ledger(3, Some(100));
    stations.push_str(&ledger(5, None).replace("alpha-", "alpha-x"));
    p.write("stations/alpha.yaml", &stations);
    assert!(p.run("build").status.success());
    let page = std::fs::read_to_string(p.out().join("issues/7.html")).unwrap();
    assert!(
        page.contains(
            "<th scope=\"row\">受益贫困人口（3座电站填报）</th><td class=\"num\">300</td>"
        ),
        "people over 3 of 8 stations"
    );
}

#[test]
fn a_flood_of_alike_warnings_is_summarised() {
    let p = Project::valid();
    p.write("stations/alpha.yaml", &ledger(40, Some(10)));
    let check = p.run("check");
    let report = stderr(&check);
    assert_eq!(
        report
            .matches("fewer people (10) than households (30)")
            .count(),
        3,
        "{report}"
    );
    assert!(
        report.contains("warning[inconsistent]: … and 37 more like this"),
        "{report}"
    );
    assert!(report.contains("0 errors, 40 warnings"), "{report}");
}
