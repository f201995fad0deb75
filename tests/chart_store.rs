//! The chart store (`PV_BULLETIN_CACHE_DIR`): a build into a new output directory
//! takes the chart PNGs an earlier build drew, byte for byte; turned off or
//! unwritable, every picture is drawn and the build is the same.

mod common;

use common::{build_sample_with, snapshot};
use std::path::Path;

/// Builds the sample into `out` with the store at `store` (`""`: off); returns the
/// `chart pictures:` line of `--timings`.
fn build(out: &Path, store: &Path) -> String {
    let said = build_sample_with(out, &["--timings"], &[("PV_BULLETIN_CACHE_DIR", store)]);
    said.lines()
        .find(|l| l.trim_start().starts_with("chart pictures:"))
        .unwrap_or_else(|| panic!("no chart pictures line in:\n{said}"))
        .trim()
        .to_string()
}

/// `(drawn, from the previous output, from the store)` of a `chart pictures:` line.
fn counts(line: &str) -> (usize, usize, usize) {
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    (numbers[0], numbers[1], numbers[2])
}

#[test]
fn a_new_output_takes_the_pictures_an_earlier_build_drew() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("cache");
    let first = build(&tmp.path().join("one"), &store);
    let (drawn, reused, _) = counts(&first);
    assert!(drawn > 10, "{first}");
    assert_eq!(reused, 0, "{first}");
    assert!(
        first.contains(&store.join("charts").display().to_string()),
        "{first}"
    );

    let second = build(&tmp.path().join("two"), &store);
    let (drawn_again, reused, stored) = counts(&second);
    assert_eq!((drawn_again, reused), (0, 0), "{second}");
    assert_eq!(stored, counts(&first).0 + counts(&first).2, "{second}");
    let one = snapshot(&tmp.path().join("one"));
    let two = snapshot(&tmp.path().join("two"));
    assert!(one.iter().any(|(path, _)| path.ends_with("-chart-1.png")));
    assert_eq!(one, two, "the same site, PNGs and Word files included");
}

#[test]
fn without_a_usable_store_every_picture_is_drawn_and_the_site_is_the_same() {
    let tmp = tempfile::tempdir().unwrap();
    let off = build(&tmp.path().join("off"), Path::new(""));
    assert!(off.contains("off: PV_BULLETIN_CACHE_DIR is empty"), "{off}");
    let (drawn, reused, stored) = counts(&off);
    assert!(drawn > 10 && reused == 0 && stored == 0, "{off}");

    // A file where the store's folder would be: nothing can be kept, nothing fails.
    let blocked = tmp.path().join("blocked");
    std::fs::write(&blocked, "not a folder").unwrap();
    let first = build(&tmp.path().join("a"), &blocked);
    let second = build(&tmp.path().join("b"), &blocked);
    assert_eq!(counts(&first).0, drawn, "{first}");
    assert_eq!(counts(&second).0, drawn, "{second}");
    assert_eq!(
        snapshot(&tmp.path().join("off")),
        snapshot(&tmp.path().join("b"))
    );
}
