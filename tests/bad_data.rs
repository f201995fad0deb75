//! A corpus of small broken data sets. Each case edits the valid fixture in one
//! place and names the exact class of problem (`error[code]`), where it is
//! (`file:line:col`), and words the message or hint must contain. Errors must also
//! make `build` fail without writing; warnings must fail only `--deny-warnings`.

mod common;

use common::{stderr, Project, PROGRESS, STATIONS};

enum Edit {
    Write(&'static str, String),
    Bytes(&'static str, Vec<u8>),
    Remove(&'static str),
}

struct Case {
    name: &'static str,
    edits: Vec<Edit>,
    /// `error[code]: file:line:col` (or `warning[…]`), as printed.
    expect: &'static str,
    contains: &'static [&'static str],
}

fn w(file: &'static str, text: impl Into<String>) -> Edit {
    Edit::Write(file, text.into())
}

fn stations(from: &str, to: &str) -> Edit {
    assert!(STATIONS.contains(from), "fixture lacks {from}");
    w("stations/alpha.yaml", STATIONS.replacen(from, to, 1))
}

fn progress(from: &str, to: &str) -> Edit {
    assert!(PROGRESS.contains(from), "fixture lacks {from}");
    w("progress/2017Q1.yaml", PROGRESS.replacen(from, to, 1))
}

const STATION_3: &str = "- id: alpha-3\n  name: 三号电站\n  county: alpha\n  kind: village\n  capacity_kw: 60\n  status: planned\n";

fn cases() -> Vec<Case> {
    vec![
        // ---- YAML
        Case {
            name: "wrong indentation",
            edits: vec![stations("  name: 一号", "   name: 一号")],
            expect: "error[yaml-syntax]: stations/alpha.yaml:2:",
            contains: &[],
        },
        Case {
            name: "tab indentation",
            edits: vec![stations("  name: 一号", "\tname: 一号")],
            expect: "error[yaml-syntax]: stations/alpha.yaml:2:",
            contains: &["YAML indents with spaces only"],
        },
        Case {
            name: "unclosed quote",
            edits: vec![stations(
                "name: 一号村级光伏电站",
                "name: \"一号村级光伏电站",
            )],
            expect: "error[yaml-syntax]: stations/alpha.yaml:",
            contains: &["while scanning a quoted scalar"],
        },
        Case {
            name: "duplicate key",
            edits: vec![stations(
                "  county: alpha\n",
                "  county: alpha\n  county: alpha\n",
            )],
            expect: "error[duplicate-key]: stations/alpha.yaml:4:11: [0].county",
            contains: &["duplicate field `county`"],
        },
        Case {
            name: "nesting too deep",
            edits: vec![stations(
                "name: 一号村级光伏电站",
                &format!("name: {}{}", "[".repeat(2000), "]".repeat(2000)),
            )],
            expect: "error[yaml-too-complex]: stations/alpha.yaml:",
            contains: &[],
        },
        Case {
            name: "two documents in one file",
            edits: vec![w(
                "site.yaml",
                format!("{}---\n{}", common::SITE, common::SITE),
            )],
            expect: "error[yaml-syntax]: site.yaml",
            contains: &["more than one document"],
        },
        Case {
            name: "file too large",
            edits: vec![w("stations/huge.yaml", "# padding\n".repeat(5_300_000))],
            expect: "error[file-too-large]: stations/huge.yaml",
            contains: &["Split it into several files"],
        },
        Case {
            name: "empty site.yaml",
            edits: vec![w("site.yaml", "\n")],
            expect: "error[empty-file]: site.yaml",
            contains: &[],
        },
        Case {
            name: "empty stations file",
            edits: vec![w("stations/empty.yaml", "")],
            expect: "warning[empty-file]: stations/empty.yaml",
            contains: &["nothing loaded"],
        },
        Case {
            name: "GBK file",
            // "name: 光伏" with 光伏 in GBK.
            edits: vec![Edit::Bytes(
                "counties.yaml",
                b"- id: alpha\n  name: \xb9\xe2\xb7\xfc\n".to_vec(),
            )],
            expect: "error[encoding]: counties.yaml",
            contains: &["looks like GBK/GB18030", "iconv -f GB18030 -t UTF-8"],
        },
        Case {
            name: "yaml file outside the layout",
            edits: vec![w("stations.yaml", "- id: x\n")],
            expect: "warning[unexpected-file]: stations.yaml",
            contains: &["not part of the data layout"],
        },
        Case {
            name: "article without front matter",
            edits: vec![w("bulletins/7/01-news.md", "正文。\n")],
            expect: "error[article-format]: bulletins/7/01-news.md",
            contains: &["must start with a `---` line"],
        },
        Case {
            name: "missing site.yaml",
            edits: vec![Edit::Remove("site.yaml")],
            expect: "error[missing-file]: site.yaml",
            contains: &[],
        },
        // ---- types and values
        Case {
            name: "unit typed after the number",
            edits: vec![stations("capacity_kw: 100", "capacity_kw: 187.2kW")],
            expect: "error[invalid-value]: stations/alpha.yaml:5:16: [0].capacity_kw",
            contains: &["expected a number", "write `187.2` (the number alone"],
        },
        Case {
            name: "thousands separator",
            edits: vec![progress("generation_kwh: 25000", "generation_kwh: 25,000")],
            expect: "error[invalid-value]: progress/2017Q1.yaml:4:21: stations[0].generation_kwh",
            contains: &["write `25000` (no thousands separators)"],
        },
        Case {
            name: "full-width digits",
            edits: vec![stations("capacity_kw: 100", "capacity_kw: １８７")],
            expect: "error[invalid-value]: stations/alpha.yaml:5:16: [0].capacity_kw",
            contains: &["write `187` (use ASCII digits)"],
        },
        Case {
            name: "negative capacity",
            edits: vec![stations("capacity_kw: 100", "capacity_kw: -100")],
            expect: "error[out-of-range]: stations/alpha.yaml:5:16: [0].capacity_kw",
            contains: &["expected a number greater than 0, found -100"],
        },
        Case {
            name: "NaN generation",
            edits: vec![progress("generation_kwh: 25000", "generation_kwh: .nan")],
            expect: "error[out-of-range]: progress/2017Q1.yaml:4:21: stations[0].generation_kwh",
            contains: &["found NaN"],
        },
        Case {
            name: "negative count",
            edits: vec![stations(
                "beneficiary_households: 30",
                "beneficiary_households: -30",
            )],
            expect: "error[invalid-value]: stations/alpha.yaml:8:27: [0].beneficiary_households",
            contains: &["expected a whole number (0 or more)"],
        },
        Case {
            name: "date with slashes",
            edits: vec![stations("grid_date: 2016-05-01", "grid_date: 2016/5/1")],
            expect: "error[invalid-value]: stations/alpha.yaml:7:14: [0].grid_date",
            contains: &[
                "expected a date as YYYY-MM-DD",
                "did you mean `2016-05-01`?",
            ],
        },
        Case {
            name: "date in Chinese",
            edits: vec![stations("grid_date: 2016-05-01", "grid_date: 2016年5月1日")],
            expect: "error[invalid-value]: stations/alpha.yaml:7:14: [0].grid_date",
            contains: &["did you mean `2016-05-01`?"],
        },
        Case {
            name: "impossible date",
            edits: vec![stations("grid_date: 2016-05-01", "grid_date: 2017-02-29")],
            expect: "error[invalid-value]: stations/alpha.yaml:7:14: [0].grid_date",
            contains: &["`2017-02-29` is not a real calendar date"],
        },
        Case {
            name: "quarter with a dash",
            edits: vec![progress("quarter: 2017Q1", "quarter: 2017-Q1")],
            expect: "error[invalid-value]: progress/2017Q1.yaml:1:10: quarter",
            contains: &["did you mean `2017Q1`?"],
        },
        Case {
            name: "quarter in lower case",
            edits: vec![progress("quarter: 2017Q1", "quarter: 2017q1")],
            expect: "error[invalid-value]: progress/2017Q1.yaml:1:10: quarter",
            contains: &["did you mean `2017Q1`?"],
        },
        Case {
            name: "status in Chinese",
            edits: vec![stations("status: grid_connected", "status: 已并网")],
            expect: "error[invalid-value]: stations/alpha.yaml:6:11: [0].status",
            contains: &[
                "unknown variant `已并网`",
                "write `grid_connected` for 已并网",
            ],
        },
        Case {
            name: "misspelt status",
            edits: vec![stations("status: grid_connected", "status: grid_conected")],
            expect: "error[invalid-value]: stations/alpha.yaml:6:11: [0].status",
            contains: &["did you mean `grid_connected`?"],
        },
        Case {
            name: "misspelt kind",
            edits: vec![stations("kind: village", "kind: vilage")],
            expect: "error[invalid-value]: stations/alpha.yaml:4:9: [0].kind",
            contains: &["did you mean `village`?"],
        },
        Case {
            name: "missing required field",
            edits: vec![stations("  name: 一号村级光伏电站\n", "")],
            expect: "error[missing-field]: stations/alpha.yaml:1:3: [0]",
            contains: &["missing field `name`"],
        },
        Case {
            name: "grid-connected without grid date",
            edits: vec![stations("  grid_date: 2016-05-01\n", "")],
            expect: "error[missing-field]: stations/alpha.yaml:1:3: [0].grid_date",
            contains: &["needs its grid_date"],
        },
        // ---- consistency
        Case {
            name: "duplicate id across files",
            edits: vec![w(
                "stations/beta.yaml",
                STATION_3.replace("alpha-3", "alpha-2"),
            )],
            expect: "error[duplicate]: stations/beta.yaml:1:7: [0].id",
            contains: &["first defined at stations/alpha.yaml: [1]"],
        },
        Case {
            name: "unknown county",
            edits: vec![stations("county: alpha", "county: alhpa")],
            expect: "error[unknown-reference]: stations/alpha.yaml:3:11: [0].county",
            contains: &["unknown county `alhpa`", "did you mean `alpha`?"],
        },
        Case {
            name: "quarter reported twice",
            edits: vec![w("progress/2017Q1-again.yaml", PROGRESS)],
            expect: "error[duplicate]: progress/2017Q1.yaml:1:10: quarter",
            contains: &["quarter 2017Q1 is reported twice; first in progress/2017Q1-again.yaml"],
        },
        Case {
            name: "station twice in one quarter",
            edits: vec![w(
                "progress/2017Q1.yaml",
                format!("{PROGRESS}  - station: alpha-1\n"),
            )],
            expect: "error[duplicate]: progress/2017Q1.yaml:6:14: stations[1].station",
            contains: &["appears twice in 2017Q1"],
        },
        Case {
            name: "generation above the physical maximum",
            edits: vec![progress("generation_kwh: 25000", "generation_kwh: 250000")],
            expect: "error[physical-limit]: progress/2017Q1.yaml:4:21: stations[0].generation_kwh",
            contains: &["100 kW × 24 h × 90 days = 216000 kWh"],
        },
        Case {
            name: "distributed more than revenue",
            edits: vec![progress(
                "revenue_yuan: 20000",
                "revenue_yuan: 20000\n    distributed_yuan: 30000",
            )],
            expect:
                "warning[inconsistent]: progress/2017Q1.yaml:6:23: stations[0].distributed_yuan",
            contains: &["exceeds this quarter's revenue"],
        },
        Case {
            name: "generation before grid connection",
            edits: vec![stations("grid_date: 2016-05-01", "grid_date: 2017-05-01")],
            expect: "error[inconsistent]: progress/2017Q1.yaml:4:21: stations[0].generation_kwh",
            contains: &["was not grid-connected by 2017-03-31 (its grid_date is 2017-05-01)"],
        },
        Case {
            name: "downtime longer than the quarter",
            edits: vec![progress(
                "revenue_yuan: 20000",
                "revenue_yuan: 20000\n    downtime_days: 95",
            )],
            expect: "error[out-of-range]: progress/2017Q1.yaml:6:20: stations[0].downtime_days",
            contains: &["expected 0..90"],
        },
        Case {
            name: "bulletin quarter without data",
            edits: vec![w(
                "bulletins/7/bulletin.yaml",
                common::BULLETIN.replace("quarter: 2017Q1", "quarter: 2017Q2"),
            )],
            expect: "error[missing-data]: bulletins/7/bulletin.yaml:3:10: quarter",
            contains: &["add progress/2017Q2.yaml, or set `data_section: false`"],
        },
        Case {
            name: "two bulletins with one number",
            edits: vec![
                w("bulletins/8/bulletin.yaml", common::BULLETIN),
                w("bulletins/8/01.md", common::ARTICLE),
            ],
            expect: "error[duplicate]: bulletins/8/bulletin.yaml:1:9: number",
            contains: &["issue number 7 is used twice (also in bulletins/7/bulletin.yaml)"],
        },
        Case {
            name: "column without articles",
            edits: vec![Edit::Remove("bulletins/7/02-lead.md")],
            expect: "warning[unused]: bulletins/7/bulletin.yaml:4:11: columns[0]",
            contains: &["column `领导重视` has no articles"],
        },
        // ---- plausibility bounds
        Case {
            name: "capacity typed in W",
            edits: vec![stations("capacity_kw: 100\n", "capacity_kw: 187200000\n")],
            expect: "error[physical-limit]: stations/alpha.yaml:5:16: [0].capacity_kw",
            contains: &[
                "187,200,000 kW is more than 1,000,000 kW",
                "is the unit W, not kW? 187,200,000 W = 187200 kW",
            ],
        },
        Case {
            name: "village station of 2 MW",
            edits: vec![stations("capacity_kw: 100\n", "capacity_kw: 2000\n")],
            expect: "warning[out-of-range]: stations/alpha.yaml:5:16: [0].capacity_kw",
            contains: &["a village station (村级) of 2,000 kW is unusually large"],
        },
        Case {
            name: "investment typed in 万元",
            edits: vec![stations(
                "capacity_kw: 100\n",
                "capacity_kw: 100\n  investment_yuan: 72.5\n",
            )],
            expect: "warning[out-of-range]: stations/alpha.yaml:6:20: [0].investment_yuan",
            contains: &["72.5 yuan for 100 kW is 1 yuan per kW", "is the unit 万元, not 元? 72.5 万元 = 725,000 元"],
        },
        Case {
            name: "runaway exponent",
            edits: vec![progress("revenue_yuan: 20000", "revenue_yuan: 2e17")],
            expect: "error[physical-limit]: progress/2017Q1.yaml:5:19: stations[0].revenue_yuan",
            contains: &["beyond any plausible figure (more than 10^15)"],
        },
        // ---- the money trail
        Case {
            name: "tariff and subsidy do not add up to revenue",
            edits: vec![progress(
                "revenue_yuan: 20000",
                "revenue_yuan: 20000\n    tariff_yuan: 8000\n    subsidy_yuan: 11000",
            )],
            expect: "error[inconsistent]: progress/2017Q1.yaml:7:19: stations[0].subsidy_yuan",
            contains: &[
                "tariff_yuan (8000) + subsidy_yuan (11000) = 19000 yuan, but revenue_yuan is 20000",
                "did you mean revenue_yuan: 19000?",
            ],
        },
        Case {
            name: "uses do not add up to what was distributed",
            edits: vec![progress(
                "revenue_yuan: 20000",
                "revenue_yuan: 20000\n    distributed_yuan: 15000\n    distribution: { public_jobs_yuan: 9000, public_welfare_yuan: 3000 }",
            )],
            expect: "error[inconsistent]: progress/2017Q1.yaml:7:19: stations[0].distribution",
            contains: &["the uses add up to 12000 yuan, but distributed_yuan is 15000"],
        },
        Case {
            name: "negative maintenance cost",
            edits: vec![progress(
                "revenue_yuan: 20000",
                "revenue_yuan: 20000\n    om_cost_yuan: -500",
            )],
            expect: "error[out-of-range]: progress/2017Q1.yaml:6:19: stations[0].om_cost_yuan",
            contains: &["expected a number 0 or more, found -500"],
        },
        Case {
            name: "land rent that is not a number",
            edits: vec![progress(
                "revenue_yuan: 20000",
                "revenue_yuan: 20000\n    land_rent_yuan: .nan",
            )],
            expect: "error[out-of-range]: progress/2017Q1.yaml:6:21: stations[0].land_rent_yuan",
            contains: &["expected a number 0 or more, found NaN"],
        },
        Case {
            name: "negative part of the distribution",
            edits: vec![progress(
                "revenue_yuan: 20000",
                "revenue_yuan: 20000\n    distribution:\n      rewards_yuan: -10",
            )],
            expect: "error[out-of-range]: progress/2017Q1.yaml:7:21: stations[0].distribution.rewards_yuan",
            contains: &[],
        },
        Case {
            name: "misspelt use",
            edits: vec![progress(
                "revenue_yuan: 20000",
                "revenue_yuan: 20000\n    distribution:\n      public_job_yuan: 10",
            )],
            expect: "error[unknown-field]: progress/2017Q1.yaml:7:7: stations[0].distribution.public_job_yuan",
            contains: &["did you mean `public_jobs_yuan`?"],
        },
        Case {
            name: "everything distributed as other",
            edits: vec![progress(
                "revenue_yuan: 20000",
                "revenue_yuan: 20000\n    distribution: { other_yuan: 12000 }",
            )],
            expect: "warning[inconsistent]: progress/2017Q1.yaml:6:33: stations[0].distribution.other_yuan",
            contains: &["not be handed out evenly as cash"],
        },
        Case {
            name: "more households paid than benefit",
            edits: vec![progress(
                "revenue_yuan: 20000",
                "revenue_yuan: 20000\n    households_paid: 45",
            )],
            expect: "warning[inconsistent]: progress/2017Q1.yaml:6:22: stations[0].households_paid",
            contains: &["45 households paid, but station `alpha-1` lists 30 beneficiary households"],
        },
        Case {
            name: "notice period of no days",
            edits: vec![w("site.yaml", format!("{}notice: {{ phone: 0558-1234567, days: 0 }}\n", common::SITE))],
            expect: "error[out-of-range]: site.yaml:4:",
            contains: &["expected 1..365 days of 公示期, found 0"],
        },
        // ---- hostile ids
        Case {
            name: "id climbing out of the output",
            edits: vec![stations("id: alpha-2", "id: ../../x")],
            expect: "error[invalid-id]: stations/alpha.yaml:10:7: [1].id",
            contains: &["use lowercase ASCII letters, digits and `-` only"],
        },
        Case {
            name: "id with a slash",
            edits: vec![stations("id: alpha-2", "id: alpha/2")],
            expect: "error[invalid-id]: stations/alpha.yaml:10:7: [1].id",
            contains: &[],
        },
        Case {
            name: "id in Chinese",
            edits: vec![w("counties.yaml", "- id: 甲县\n  name: 甲县\n")],
            expect: "error[invalid-id]: counties.yaml:1:7: [0].id",
            contains: &[],
        },
    ]
}

#[test]
fn every_bad_input_is_classified_and_located() {
    let mut failures = Vec::new();
    let cases = cases();
    for case in &cases {
        let p = Project::valid();
        for edit in &case.edits {
            match edit {
                Edit::Write(f, t) => p.write(f, t),
                Edit::Bytes(f, b) => p.write_bytes(f, b),
                Edit::Remove(f) => p.remove(f),
            }
        }
        let is_warning = case.expect.starts_with("warning");
        let check = p.run_with("check", &["--deny-warnings"]);
        let report = stderr(&check);
        let mut problems = Vec::new();
        if check.status.success() {
            problems.push("check --deny-warnings succeeded".to_string());
        }
        if !report.lines().any(|l| l.starts_with(case.expect)) {
            problems.push(format!("no line starting with `{}`", case.expect));
        }
        for c in case.contains {
            if !report.contains(c) {
                problems.push(format!("missing `{c}`"));
            }
        }
        let build = p.run("build");
        if build.status.success() != is_warning {
            problems.push(format!(
                "build {} for a {}",
                if is_warning { "failed" } else { "succeeded" },
                if is_warning { "warning" } else { "error" }
            ));
        }
        if !is_warning && p.out().exists() {
            problems.push("a failed build wrote output".into());
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{}:\n  {}\n  report:\n{}",
                case.name,
                problems.join("\n  "),
                report
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
