//! Fuzzing the loader, validator and renderer: random edits of a valid data set
//! (YAML punctuation, deletions, duplicated lines, truncation, arbitrary text) must
//! produce diagnostics, never a panic. And the fast reader of progress files
//! (`load::flow_lines`) must read exactly what serde_yaml reads, or leave the file
//! to it. Runs a bounded number of cases (256 by
//! default; set PROPTEST_CASES for a longer run).

mod common;

use common::Project;
use proptest::prelude::*;
use pv_bulletin::canonical::progress as flow_lines;
use pv_bulletin::model::ProgressFile;
use pv_bulletin::pipeline;
use std::fs;

const FILES: [&str; 6] = [
    "site.yaml",
    "counties.yaml",
    "stations/alpha.yaml",
    "progress/2017Q1.yaml",
    "bulletins/7/bulletin.yaml",
    "bulletins/7/01-news.md",
];

/// Characters that matter to YAML and Markdown, plus some that merely look odd.
const ALPHABET: &[char] = &[
    ':', '-', ' ', '\n', '\t', '"', '\'', '[', ']', '{', '}', '&', '*', '!', '|', '>', '#', '%',
    '@', '`', '<', '?', ',', '0', '9', '.', 'e', 'é', '光', '\u{feff}', '\r', '\\',
];

#[derive(Clone, Debug)]
enum Mutation {
    Replace(usize, char),
    Insert(usize, char),
    Delete(usize, usize),
    DuplicateLine(usize),
    Truncate(usize),
    Splice(usize, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let ch = proptest::sample::select(ALPHABET);
    prop_oneof![
        (any::<usize>(), ch.clone()).prop_map(|(i, c)| Mutation::Replace(i, c)),
        (any::<usize>(), ch).prop_map(|(i, c)| Mutation::Insert(i, c)),
        (any::<usize>(), 1usize..40).prop_map(|(i, n)| Mutation::Delete(i, n)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), "\\PC{0,12}").prop_map(|(i, s)| Mutation::Splice(i, s)),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = |i: usize| {
        if chars.is_empty() {
            0
        } else {
            i % (chars.len() + 1)
        }
    };
    let mut out = chars.clone();
    match m {
        Mutation::Replace(i, c) if !chars.is_empty() => out[i % chars.len()] = *c,
        Mutation::Replace(..) => {}
        Mutation::Insert(i, c) => out.insert(at(*i), *c),
        Mutation::Delete(i, n) => {
            let start = at(*i).min(out.len());
            let end = (start + n).min(out.len());
            out.drain(start..end);
        }
        Mutation::DuplicateLine(i) => {
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            if lines.is_empty() {
                return text.to_string();
            }
            let k = i % lines.len();
            return [lines[..=k].concat(), lines[k..].concat()].concat();
        }
        Mutation::Truncate(i) => out.truncate(at(*i)),
        Mutation::Splice(i, s) => {
            let pos = at(*i);
            out.splice(pos..pos, s.chars());
        }
    }
    out.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_data_never_panics(file in 0..FILES.len(), mutations in proptest::collection::vec(mutation(), 1..6)) {
        let p = Project::valid();
        let path = p.data().join(FILES[file]);
        let mut text = fs::read_to_string(&path).unwrap();
        for m in &mutations {
            text = apply(&text, m);
        }
        fs::write(&path, &text).unwrap();
        // Ok with diagnostics, or an I/O-level error; a panic fails the test.
        let result = pipeline::check(&p.data());
        prop_assert!(result.is_ok(), "check returned {:?}", result.err());
    }

    #[test]
    fn flow_lines_read_what_serde_yaml_reads(
        entries in proptest::collection::vec(progress_entry(), 1..5),
        mutations in prop_oneof![Just(Vec::new()), proptest::collection::vec(mutation(), 1..3)],
    ) {
        let mut text = format!("# 测试\nquarter: 2017Q1\nstations:\n{}", entries.concat());
        for m in &mutations {
            text = apply(&text, m);
        }
        if let Some(fast) = flow_lines::read(&text) {
            let slow: Result<ProgressFile, _> = serde_yaml::from_str(&text);
            prop_assert!(slow.is_ok(), "fast reader took what serde_yaml refuses: {text:?}");
            prop_assert_eq!(fast, slow.unwrap(), "{:?}", text);
        }
    }
}

/// Values for numeric keys, and values that are wrong for some or all keys.
const NUMBERS: &[&str] = &["0", "1", "25000", "187.5", "0.25", "14032", "9330.75"];
const AWKWARD: &[&str] = &[
    "007",
    "-3",
    "1e3",
    "1_000",
    ".5",
    "4294967296",
    "99999999999999999",
    "null",
    "~",
    "true",
    "yes",
    "已并网",
    "\"b-2\"",
    "'c'",
    "{ rewards_yuan: 1, rewards_yuan: 2 }",
    "{}",
    "[1, 2]",
    "1.5",
    "built",
];
const KEYS: &[&str] = &[
    "status",
    "generation_kwh",
    "revenue_yuan",
    "distributed_yuan",
    "public_jobs",
    "downtime_days",
    "tariff_yuan",
    "subsidy_yuan",
    "households_paid",
    "distribution",
    "genration_kwh",
    "station",
];

/// A value for `key`: usually one of its kind, now and then an awkward one.
fn value_for(key: &'static str) -> BoxedStrategy<String> {
    let fitting: Vec<&'static str> = match key {
        "status" => vec!["built", "grid_connected", "planned"],
        "station" => vec!["a-1", "b-2"],
        "distribution" => vec![
            "{ public_jobs_yuan: 10, other_yuan: 2.5 }",
            "{ rewards_yuan: 7 }",
        ],
        "public_jobs" | "downtime_days" | "households_paid" => vec!["0", "3", "17"],
        _ => NUMBERS.to_vec(),
    };
    prop_oneof![
        4 => proptest::sample::select(fitting),
        1 => proptest::sample::select(AWKWARD),
    ]
    .prop_map(str::to_string)
    .boxed()
}

/// One `  - { … }` line: a station id (usually) and a few keys with values.
fn progress_entry() -> impl Strategy<Value = String> {
    let pair = proptest::sample::select(KEYS)
        .prop_flat_map(|k| value_for(k).prop_map(move |v| format!("{k}: {v}")));
    let id = prop_oneof![4 => Just("a-1"), 4 => Just("b-2"), 1 => Just("null"), 1 => Just("9")];
    (id, proptest::collection::vec(pair, 0..4)).prop_map(|(id, pairs)| {
        let mut all = vec![format!("station: {id}")];
        all.extend(pairs);
        format!("  - {{ {} }}\n", all.join(", "))
    })
}
