//! The progress a build reports: every stage from the very start (loading is
//! seconds at 30,000 stations), and counts that end where they said they would.

mod common;

use common::sample_data;
use pv_bulletin::pipeline::{build_with, Options, Step};
use std::sync::Mutex;

#[test]
fn build_reports_every_stage_from_the_start_and_counts_reach_their_totals() {
    let data = sample_data();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let events = Mutex::new(Vec::new());
    let report = build_with(&Options::new(&data), &out, &|step| {
        events.lock().unwrap().push(step)
    })
    .unwrap();
    assert!(!report.diagnostics.fails(false), "{:?}", report.diagnostics);
    let events = events.into_inner().unwrap();

    // Nothing happens before the first stage is announced.
    assert_eq!(events[0], Step::Stage("load"));
    assert!(matches!(events[1], Step::Total(_)), "{:?}", &events[..3]);

    // Group the counts by stage.
    let mut stages: Vec<(&str, Option<usize>, Vec<usize>)> = Vec::new();
    for step in &events {
        match *step {
            Step::Stage(name) => stages.push((name, None, Vec::new())),
            Step::Total(n) => stages.last_mut().unwrap().1 = Some(n),
            Step::Done(n) => stages.last_mut().unwrap().2.push(n),
        }
    }
    let names: Vec<&str> = stages.iter().map(|s| s.0).collect();
    assert_eq!(
        names,
        [
            "load",
            "validate",
            "compute",
            "render + write",
            "search index",
            "commit"
        ]
    );
    let timed: Vec<&str> = report.timings.iter().map(|t| t.0).collect();
    assert_eq!(names, timed, "stages announced are the stages timed");

    // Loading counts the data files (.yaml and .md) under data/.
    let data_files = walkdir::WalkDir::new(&data)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_file()
                && e.path()
                    .extension()
                    .is_some_and(|x| x == "yaml" || x == "md")
        })
        .count();
    assert_eq!(stages[0].1, Some(data_files));

    for (name, total, done) in &stages {
        let Some(total) = total else {
            assert!(done.is_empty(), "{name}: counts without a total");
            continue;
        };
        let mut sorted = done.clone();
        sorted.sort_unstable();
        if *name == "search index" {
            // Station documents indexed while the pages rendered are counted at
            // once when the stage begins (its first count); from there, one by one,
            // up to the total.
            let (&first, &last) = (done.first().unwrap(), sorted.last().unwrap());
            assert_eq!(last, *total, "{name}");
            let after: Vec<usize> = sorted.iter().copied().filter(|&n| n > first).collect();
            assert_eq!(after, (first + 1..=*total).collect::<Vec<_>>(), "{name}");
            continue;
        }
        // Each unit is counted once (from several threads, so not in order) and
        // the last count is the total the stage announced.
        assert_eq!(sorted, (1..=*total).collect::<Vec<_>>(), "{name}");
    }
    assert_eq!(stages[3].1, Some(report.files_written));
    assert!(stages[4].1.unwrap() > report.stations, "pages and stations");
}
