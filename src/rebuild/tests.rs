//! What `changes::plan` renders again for each kind of edit.

use super::changes::*;
use super::fingerprint::{Fingerprint, Inputs};
use crate::model::Status;
use crate::model::{Dataset, Quarter};
use crate::paths::Index;
use crate::render::templates::Templates;
use std::collections::BTreeSet;
use std::sync::Arc;

fn sample() -> Dataset {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    crate::load::load(&dir).unwrap().dataset
}

/// The fingerprint of `data` (with no template overrides); each progress file's
/// "bytes" are its value, as edits here change values, not files.
fn print(data: &Dataset) -> Fingerprint {
    let files = data
        .progress
        .iter()
        .map(|p| (p.origin.file.clone(), crate::digest::debug(&p.value)))
        .collect();
    let inputs = Inputs {
        files: &files,
        templates: Default::default(),
        settings: 0,
    };
    Fingerprint::of(data, inputs, None)
}

/// The plan for editing the sample with `edit`.
fn plan_for(edit: impl FnOnce(&mut Dataset)) -> Plan {
    let old = sample();
    let mut new = old.clone();
    edit(&mut new);
    plan(&print(&old), &print(&new))
}

fn q(s: &str) -> Quarter {
    s.parse().unwrap()
}

#[test]
fn nothing_changed_nothing_to_do() {
    assert_eq!(plan_for(|_| {}), Plan::default());
}

#[test]
fn an_article_renders_its_issue_and_the_guides() {
    let p = plan_for(|d| {
        let b = d
            .bulletins
            .iter_mut()
            .find(|b| b.meta.number == 24)
            .unwrap();
        b.articles[0].body.push_str("补充一句。");
    });
    assert!(!p.full);
    assert_eq!(p.pages.issues, BTreeSet::from([24]));
    assert!(p.pages.site_pages && !p.pages.all_issues && p.pages.stations.is_empty());
    assert_eq!(p.later.indexes, BTreeSet::from([Index::Pages]));
    assert!(!p.later.downloads && p.later.feeds);
}

#[test]
fn a_picture_renders_its_issue_and_the_guides() {
    use crate::model::ImageFile;
    let picture = |digest| {
        let header = Err(crate::model::ImageProblem::NotAnImage(None));
        Arc::new(ImageFile::new(
            "data/bulletins/23/images/a.jpg".into(),
            digest,
            header,
        ))
    };
    let with = |d: &mut Dataset, digest| {
        let b = d
            .bulletins
            .iter_mut()
            .find(|b| b.meta.number == 23)
            .unwrap();
        b.images.insert("a.jpg".into(), picture(digest));
    };
    for edit in [
        Box::new(|d: &mut Dataset| with(d, 1)) as Box<dyn FnOnce(&mut Dataset)>,
        Box::new(|d: &mut Dataset| with(d, 2)),
    ] {
        let p = plan_for(edit);
        assert!(!p.full);
        assert_eq!(p.pages.issues, BTreeSet::from([23]), "added");
    }
    // The same picture read again (a new `Arc`, the same bytes) changes nothing.
    let old = {
        let mut d = sample();
        with(&mut d, 7);
        d
    };
    let mut new = old.clone();
    with(&mut new, 7);
    assert_eq!(plan(&print(&old), &print(&new)), Plan::default());
    with(&mut new, 8);
    let p = plan(&print(&old), &print(&new));
    assert_eq!(p.pages.issues, BTreeSet::from([23]), "edited");
}

#[test]
fn a_quarters_figures_render_that_quarter_and_later() {
    let p = plan_for(|d| {
        let file = d
            .progress
            .iter_mut()
            .find(|f| f.quarter == q("2017Q2"))
            .unwrap();
        let file = Arc::make_mut(file);
        file.value.stations[0].generation_kwh += crate::model::Decimal::ONE;
    });
    let station = sample()
        .progress
        .iter()
        .find(|f| f.quarter == q("2017Q2"))
        .unwrap()
        .stations[0]
        .station
        .clone();
    assert!(!p.full);
    assert_eq!(p.pages.stations, BTreeSet::from([station.to_string()]));
    let county = station.split('-').next().unwrap().to_string();
    assert_eq!(p.pages.counties, BTreeSet::from([county]));
    // Issues 23 (2017Q2), 24 (2017Q3) and 25 (2017Q4); not 22 (2017Q1).
    assert_eq!(p.pages.issues, BTreeSet::from([23, 24, 25]));
    assert!(!p.pages.all_issues && !p.pages.site_pages);
    assert!(p.pages.counties_page && p.pages.notices_index && p.later.downloads);
    assert!(
        p.later.indexes.contains(&Index::Pages) && p.later.indexes.contains(&Index::Stations(1))
    );
}

#[test]
fn a_station_record_renders_every_issue() {
    let p = plan_for(|d| d.stations[3].value.status = Status::Planned);
    let id = sample().stations[3].id.clone();
    assert!(!p.full && p.pages.all_issues);
    assert_eq!(p.pages.stations, BTreeSet::from([id]));
}

#[test]
fn a_page_template_renders_its_pages_a_shared_one_everything() {
    let templates = Templates::builtin().unwrap();
    let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    let station = for_templates(&names(&["station.html"]), &templates).unwrap();
    assert!(station.all_station_pages && !station.all_notices && !station.all_issues);
    let both = for_templates(&names(&["issue.html", "notice.html"]), &templates).unwrap();
    assert!(both.all_issues && both.all_notices && !both.all_station_pages);
    for shared in [
        "base.html",
        "style.css",
        "notice.css",
        "chart.html",
        "money_table.html",
        "my-partial.html",
    ] {
        assert_eq!(
            for_templates(&names(&[shared]), &templates),
            None,
            "{shared}"
        );
    }
    let plan = with_templates(Plan::default(), both);
    assert!(plan.pages.all_issues && plan.later.indexes.contains(&Index::Pages));
}

#[test]
fn settings_issues_and_order_render_everything() {
    assert!(plan_for(|d| d.site.value.title.push('！')).full);
    assert!(plan_for(|d| d.counties[0].value.name.push('新')).full);
    assert!(plan_for(|d| d.bulletins[0].meta.copies = Some(1)).full);
    assert!(
        plan_for(|d| d.stations.swap(0, 1)).full,
        "totals are summed in station order"
    );
    assert!(
        plan_for(|d| {
            d.progress.pop();
        })
        .full,
        "the set of quarters"
    );
}

#[test]
fn a_picture_in_an_issue_folder_renders_that_issue_and_other_files_nothing() {
    let data = sample();
    let issue = &data.bulletins[1];
    let folder = issue.origin.file.rsplit_once('/').unwrap().0.to_string();
    let with_files = |files: &[(&str, u64)], settings| {
        let files: std::collections::BTreeMap<String, u64> =
            files.iter().map(|(p, d)| (p.to_string(), *d)).collect();
        let inputs = Inputs {
            files: &files,
            templates: Default::default(),
            settings,
        };
        Fingerprint::of(&data, inputs, None)
    };
    let picture = format!("{folder}/images/photo.jpg");
    let before = with_files(&[(&picture, 1), ("notes.txt", 1)], 0);
    let p = plan(&before, &with_files(&[(&picture, 2), ("notes.txt", 1)], 0));
    assert_eq!(p.pages.issues, BTreeSet::from([issue.meta.number]));
    assert!(p.pages.site_pages && p.later.indexes.contains(&Index::Pages));
    let p = plan(&before, &with_files(&[(&picture, 1), ("notes.txt", 2)], 0));
    assert_eq!(p, Plan::default(), "a file no stage reads");
    let p = plan(&before, &with_files(&[(&picture, 1), ("notes.txt", 1)], 1));
    assert!(p.full, "settings every page depends on");
}

#[test]
fn changed_templates_render_their_pages() {
    let old = print(&sample());
    let mut new = old.clone();
    new.templates.insert("station.html".into(), 1);
    let p = plan_for_templates(&old, &new);
    assert!(!p.full && p.pages.all_station_pages && !p.pages.all_issues);
    new.templates.insert("base.html".into(), 1);
    assert!(plan_for_templates(&old, &new).full, "a shared template");
    assert_eq!(plan_for_templates(&old, &old), Plan::default());
}

fn plan_for_templates(old: &Fingerprint, new: &Fingerprint) -> Plan {
    super::changes::plan_for(old, new, Templates::builtin)
}

#[test]
fn unchanged_progress_files_keep_their_digests() {
    let data = sample();
    let files: std::collections::BTreeMap<String, u64> = data
        .progress
        .iter()
        .map(|p| (p.origin.file.clone(), 5))
        .collect();
    let inputs = || Inputs {
        files: &files,
        templates: Default::default(),
        settings: 0,
    };
    let mut previous = Fingerprint::of(&data, inputs(), None);
    // Same bytes: the previous entries are taken as they are.
    previous.progress[0].entries[0].1 = 42;
    let again = Fingerprint::of(&data, inputs(), Some(&previous));
    assert_eq!(again.progress[0].entries[0].1, 42);
    assert_eq!(again, previous);
    let fresh = Fingerprint::of(&data, inputs(), None);
    assert_ne!(fresh.progress[0].entries[0].1, 42);
}
