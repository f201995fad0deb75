//! A build of the whole site: every page and download, the search indexes, feeds
//! and PDFs, staged and put in place at the end.

use super::built::{Built, Computed};
use super::output::Output;
use super::{finish, Options, Report};
use crate::load::{Loaded, SourceFiles};
use crate::model::Dataset;
use crate::progress::{Progress, Step};
use crate::publish::{downloads, feeds, print, search, word};
use crate::render::{self, templates::Templates, Emit, Selection};
use crate::validate::{self, StationChecks};
use crate::write::{Disk, Staging};
use anyhow::Result;
use std::collections::BTreeSet;
use std::path::Path;

/// The templates of a run: the built-in ones with the user's overrides.
pub fn templates(options: &Options) -> Result<Templates> {
    Ok(Templates::with_overrides(options.templates_dir.as_deref())?
        .with_pdf_links(options.pdf_browser.is_some()))
}

/// Runs the rules over `dataset` (the station rules again unless `kept` says what
/// they found, the station data being the same) and adds what they found to
/// `report`.
pub fn check_data(
    report: &mut Report,
    dataset: &Dataset,
    kept: Option<&StationChecks>,
    progress: &Progress,
) -> StationChecks {
    let checks = report.time(progress, "validate", || match kept {
        Some(checks) => checks.clone(),
        None => validate::check_station_data(dataset),
    });
    report.diagnostics.extend(checks.diagnostics.clone());
    report
        .diagnostics
        .extend(validate::check_bulletins(dataset, &checks));
    checks
}

/// What [`render_files`] found and drew.
pub struct Rendered {
    pub diagnostics: crate::diagnostics::Diagnostics,
    /// Charts on the pages.
    pub charts: usize,
    /// Where the chart PNGs came from.
    pub pictures: word::pictures::Tally,
}

/// The pages `selection` names with their Word files and chart PNGs, and, when it
/// asks for them, the downloads, side by side (the quarterly table is one long
/// single-threaded job).
pub fn render_files(
    data: &Dataset,
    metrics: &crate::compute::Metrics<'_>,
    templates: &Templates,
    selection: &Selection,
    word: word::Setup<'_>,
    emit: &Emit,
) -> Result<Rendered> {
    let (pages, (files, word)) = rayon::join(
        || render::render_selected(data, metrics, templates, selection, emit),
        || {
            rayon::join(
                || match selection.downloads {
                    true => downloads::render(data, metrics, emit),
                    false => Ok(()),
                },
                || word::render(data, metrics, templates, selection, word, emit),
            )
        },
    );
    files?;
    let (mut pages, word) = (pages?, word?);
    pages.diagnostics.extend(word.diagnostics);
    Ok(Rendered {
        diagnostics: pages.diagnostics,
        charts: pages.charts,
        pictures: word.pictures,
    })
}

/// Where the Word stage of a build into `out` reads and what it writes.
pub fn word_setup<'a>(options: &'a Options, out: &'a Path) -> word::Setup<'a> {
    word::Setup {
        previous: out,
        notices: options.docx_notices,
        store: options.chart_store.as_ref(),
    }
}

/// Validates (unless `checked`: then its diagnostics are among `loaded`'s),
/// computes (unless given) and renders the whole site, with its search indexes,
/// feeds and PDFs, into `out`. Returns the site built, or `None` when the data has
/// errors (then nothing was written).
pub fn build_all(
    options: &Options,
    out: &Path,
    report: &mut Report,
    loaded: Loaded,
    checked: Option<(StationChecks, Option<Computed>)>,
    progress: &Progress,
) -> Result<Option<Built>> {
    report.diagnostics = loaded.diagnostics;
    let (checks, computed) = match checked {
        Some(checked) => checked,
        None => (check_data(report, &loaded.dataset, None, progress), None),
    };
    if report.diagnostics.fails(options.deny_warnings) {
        finish(report, &loaded.sources);
        return Ok(None);
    }
    let dataset = loaded.dataset;
    let computed = match computed {
        Some(c) => c,
        None => report.time(progress, "compute", || {
            Computed::of(dataset.station_data.clone())
        }),
    };
    let built = Built {
        data: dataset,
        computed,
        checks,
        pages: Default::default(),
        files: Default::default(),
    };
    write_all(options, out, report, built, &loaded.sources, progress)
}

/// Renders every file of `built`'s site into a staging directory and puts it in
/// place.
fn write_all(
    options: &Options,
    out: &Path,
    report: &mut Report,
    mut built: Built,
    sources: &SourceFiles,
    progress: &Progress,
) -> Result<Option<Built>> {
    let templates = templates(options)?;
    let staging = Staging::create(&Disk, out, &options.data_dir)?;
    let output = Output::new(&staging, progress);
    let (data, metrics) = (&built.data, built.computed.borrow_dependent());
    let indexes = crate::paths::indexes(data);
    let write = |file| output.write(file);
    let beside = search::Beside::new(&indexes, (data, metrics), progress, &write);
    let searched = beside.run(|beside| {
        let pages = render_all(
            options,
            (out, sources),
            report,
            &output,
            &templates,
            &built,
            progress,
        );
        match pages {
            Ok(Some(pages)) => {
                let index = report.time(progress, "search index", || beside.finish(&pages))?;
                Ok(Some((pages, index)))
            }
            failed => {
                beside.stop();
                failed.map(|_| None)
            }
        }
    })?;
    drop(beside);
    let Some((pages, index_files)) = searched else {
        return Ok(None); // dropping the staging directory removes it
    };
    report.search_files = index_files;
    write_extras((options, out), report, &output, &staging, &built, progress)?;
    drop(output);
    let (changes, stamps) = report.time(progress, "commit", || staging.commit_stamped())?;
    report.changes = changes;
    built.pages = pages;
    // Every file went through the staging directory (the PDFs too), and a build
    // of the whole site removes the others: these are the output's files.
    built.files = stamps.into_iter().collect();
    Ok(Some(built))
}

/// Renders and writes every page, download and Word file of `built` (the station
/// search shards being indexed beside). Returns the pages kept for the page index,
/// or `None` when the rendering found errors in the data.
fn render_all(
    options: &Options,
    (out, sources): (&Path, &SourceFiles),
    report: &mut Report,
    output: &Output<'_>,
    templates: &Templates,
    built: &Built,
    progress: &Progress,
) -> Result<Option<search::IndexedPages>> {
    let (data, metrics) = (&built.data, built.computed.borrow_dependent());
    let found = report.time(progress, "render + write", || {
        let total = render::file_count(data, metrics)
            + downloads::file_count(data, metrics)
            + word::file_count(data, metrics, options.docx_notices);
        progress(Step::Total(total));
        let word = word_setup(options, out);
        render_files(data, metrics, templates, &Selection::all(), word, &|f| {
            output.emit(f)
        })
    })?;
    report.diagnostics.extend(found.diagnostics);
    report.charts = found.charts;
    report.pictures = found.pictures;
    report.issues = data.bulletins.len();
    report.counties = data.counties.len();
    report.stations = data.stations.len();
    finish(report, sources);
    if report.diagnostics.fails(options.deny_warnings) {
        return Ok(None);
    }
    (report.files_written, report.bytes_written) = output.counts();
    Ok(Some(output.take_pages()))
}

/// What follows the pages and the search index: the feed and sitemap, the PDFs.
fn write_extras(
    (options, out): (&Options, &Path),
    report: &mut Report,
    output: &Output<'_>,
    staging: &Staging<'_>,
    built: &Built,
    progress: &Progress,
) -> Result<()> {
    let (data, metrics) = (&built.data, built.computed.borrow_dependent());
    if let Some(base_url) = &data.site.base_url {
        output.write(feeds::feed(data, base_url)?)?;
        for file in feeds::sitemaps(base_url, &html_pages(output.paths().iter()))? {
            output.write(file)?;
        }
        report.feeds = true;
    }
    if let Some(browser) = &options.pdf_browser {
        let jobs = print::jobs(data, metrics);
        report.pdfs = report.time(progress, "print PDFs", || {
            print::print_site(&jobs, staging, out, browser)
        })?;
    }
    Ok(())
}

/// The site's HTML pages, sorted (for the sitemap).
pub fn html_pages<'a>(paths: impl Iterator<Item = &'a String>) -> Vec<String> {
    let pages: BTreeSet<&String> = paths.filter(|p| p.ends_with(".html")).collect();
    pages.into_iter().cloned().collect()
}
