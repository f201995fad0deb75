//! Fuzzing the loader, validator and renderer: random edits of a valid data set
//! (YAML punctuation, deletions, duplicated lines, truncation, arbitrary text) must
//! produce diagnostics, never a panic. Runs a bounded number of cases (256 by
//! default; set PROPTEST_CASES for a longer run).

mod common;

use common::Project;
use proptest::prelude::*;
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
}
