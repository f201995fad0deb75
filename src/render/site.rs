//! The whole site's pages, in parallel: issues, counties, stations and the
//! village notices, each handed to an [`Emit`] callback as soon as it is ready.

use super::charts::{draw_chart, trends::station_trend};
use super::county_charts::{county_charts, overview_charts};
use super::issue::{self, Photos};
use super::pages::{county, index, notice, station};
use super::templates::Templates;
use super::{Emit, OutputFile, Selection};
use crate::compute::notices::{count_notices, notice_dates, notice_years, notices_of};
use crate::compute::Metrics;
use crate::diagnostics::Diagnostics;
use crate::model::Dataset;
use crate::paths;
use anyhow::Result;
use rayon::prelude::*;

/// Renders the issue pages, the only pages whose content (article chart blocks
/// and images) can hold errors, to check them; returns those errors. Photos are
/// found and their headers checked, not embedded (the pages are for checking).
pub fn render_issues(
    data: &Dataset,
    metrics: &Metrics<'_>,
    templates: &Templates,
    emit: &Emit,
) -> Result<Diagnostics> {
    render_issues_of(
        data,
        metrics,
        templates,
        &Selection::all(),
        Photos::Check,
        emit,
    )
}

/// [`render_issues`] for the issues `selection` names.
fn render_issues_of(
    data: &Dataset,
    metrics: &Metrics<'_>,
    templates: &Templates,
    selection: &Selection,
    photos: Photos,
    emit: &Emit,
) -> Result<Diagnostics> {
    let issues = issue::IssueRenderer {
        data,
        metrics,
        templates,
        photos,
        counted: true,
    };
    let found: Vec<Diagnostics> = data
        .bulletins
        .par_iter()
        .filter(|b| selection.issue(b.meta.number))
        .map(|b| {
            let mut diagnostics = Diagnostics::default();
            let html = issues.render(b, &mut diagnostics)?;
            emit(OutputFile::new(paths::issue_page(b.meta.number), html))?;
            Ok(diagnostics)
        })
        .collect::<Result<_>>()?;
    let mut all = Diagnostics::default();
    found.into_iter().for_each(|d| all.extend(d));
    Ok(all)
}

/// What rendering the whole site produced besides its files.
#[derive(Debug, Default)]
pub struct Summary {
    pub diagnostics: Diagnostics,
    pub charts: usize,
}

/// How many pages [`render_site`] emits, for progress reporting.
pub fn file_count(data: &Dataset, metrics: &Metrics<'_>) -> usize {
    let fixed = 5; // index, archive, search, counties overview, notices index
    let (notices, lists) = count_notices(data, metrics);
    fixed + notices + lists + data.bulletins.len() + data.counties.len() + data.stations.len()
}

/// How many pages [`render_selected`] emits for `selection` (downloads aside).
pub fn selected_count(data: &Dataset, metrics: &Metrics<'_>, selection: &Selection) -> usize {
    if *selection == Selection::all() {
        return file_count(data, metrics);
    }
    let flags = [
        selection.site_pages as usize * 3,
        selection.counties_page as usize,
        selection.notices_index as usize,
    ];
    let issues = data
        .bulletins
        .iter()
        .filter(|b| selection.issue(b.meta.number));
    let counties = data
        .counties
        .iter()
        .filter(|c| selection.county_page(&c.id));
    let stations = data
        .stations
        .iter()
        .filter(|s| selection.station_page(&s.id));
    let mut count =
        flags.iter().sum::<usize>() + issues.count() + counties.count() + stations.count();
    if selection.any_notice() || selection.any_notice_list() {
        let dates = notice_dates(data, metrics);
        let mut lists = std::collections::BTreeSet::new();
        for (s, history) in data.stations.iter().zip(&metrics.histories) {
            for year in notice_years(history)
                .into_iter()
                .filter(|y| dates.contains_key(y))
            {
                count += selection.notice(&s.id) as usize;
                if selection.notice_list(&s.county) {
                    lists.insert((year, s.county.as_str()));
                }
            }
        }
        count += lists.len();
    }
    count
}

/// Renders every page of the site; returns problems found on the way.
pub fn render_site(
    data: &Dataset,
    metrics: &Metrics<'_>,
    templates: &Templates,
    emit: &Emit,
) -> Result<Summary> {
    render_selected(data, metrics, templates, &Selection::all(), emit)
}

/// Renders the files `selection` names (for the data at hand: a selected station
/// without notices gets none).
pub fn render_selected(
    data: &Dataset,
    metrics: &Metrics<'_>,
    templates: &Templates,
    selection: &Selection,
    emit: &Emit,
) -> Result<Summary> {
    if selection.site_pages {
        emit(OutputFile::new(
            paths::INDEX,
            templates.render("index.html", &index::index_page(data))?,
        ))?;
        emit(OutputFile::new(
            paths::ARCHIVE,
            templates.render("archive.html", &index::archive_page(data))?,
        ))?;
        emit(OutputFile::new(
            paths::SEARCH_PAGE,
            templates.render("search.html", &index::search_page(data))?,
        ))?;
    }
    let diagnostics = render_issues_of(data, metrics, templates, selection, Photos::Embed, emit)?;
    render_counties(data, metrics, templates, selection, emit)?;
    render_stations(data, metrics, templates, selection, emit)?;
    render_notices(data, metrics, templates, selection, emit)?;
    Ok(Summary {
        diagnostics,
        charts: templates.figures(),
    })
}

/// The village 收益分配公示 pages and their index, one county at a time (the notices
/// of a national site would otherwise all sit in memory at once).
fn render_notices(
    data: &Dataset,
    metrics: &Metrics<'_>,
    templates: &Templates,
    selection: &Selection,
    emit: &Emit,
) -> Result<()> {
    if !selection.notices_index && !selection.any_notice_list() && !selection.any_notice() {
        return Ok(());
    }
    let place: std::collections::HashMap<&str, usize> = data
        .counties
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut stations: Vec<Vec<usize>> = vec![Vec::new(); data.counties.len()];
    for (i, s) in data.stations.iter().enumerate() {
        if let Some(&c) = place.get(s.county.as_str()) {
            stations[c].push(i);
        }
    }
    let totals: Vec<Vec<notice::GroupTotals>> = data
        .counties
        .par_iter()
        .zip(&stations)
        .map(|(c, own)| {
            let wanted = selection.notices_index
                || selection.notice_list(&c.id)
                || own.iter().any(|&i| selection.notice(&data.stations[i].id));
            if !wanted {
                return Ok(Vec::new());
            }
            let notices = notices_of(data, metrics, own);
            let groups = notice::group_notices(data, &notices);
            for g in groups.iter().filter(|_| selection.notice_list(&c.id)) {
                emit(OutputFile::new(
                    paths::notice_list(g.year, &c.id),
                    templates.render("notice_list.html", &notice::notice_list(data, g))?,
                ))?;
            }
            for n in notices.iter().filter(|n| selection.notice(&n.station.id)) {
                emit(OutputFile::new(
                    paths::notice_page(n.year, &n.station.id),
                    templates.render("notice.html", &notice::notice_page(data, n))?,
                ))?;
            }
            Ok(groups.iter().map(notice::GroupTotals::of).collect())
        })
        .collect::<Result<_>>()?;
    if selection.notices_index {
        let mut groups: Vec<notice::GroupTotals> = totals.into_iter().flatten().collect();
        groups.sort_by_key(|g| {
            (
                std::cmp::Reverse(g.year),
                place.get(g.county.id.as_str()).copied(),
            )
        });
        emit(OutputFile::new(
            paths::NOTICES_INDEX,
            templates.render("notices.html", &notice::notices_index(data, &groups))?,
        ))?;
    }
    Ok(())
}

/// One page per station, with its trend chart.
fn render_stations(
    data: &Dataset,
    metrics: &Metrics<'_>,
    templates: &Templates,
    selection: &Selection,
    emit: &Emit,
) -> Result<()> {
    data.stations
        .par_iter()
        .zip(&metrics.histories)
        .filter(|(s, _)| selection.station_page(&s.id))
        .try_for_each(|(s, history)| {
            let chart = if s.grid_date.is_some() && !metrics.quarters.is_empty() {
                let chart_data = station_trend(s, history, &metrics.quarters);
                Some(templates.figure(&draw_chart(&chart_data, "chart-1"))?)
            } else {
                None
            };
            let page = station::station_page(data, s, history, &metrics.quarters, chart);
            emit(OutputFile::new(
                paths::station_page(&s.id),
                templates.render("station.html", &page)?,
            ))
        })
}

/// The counties overview and one page per county, at the latest quarter with data.
fn render_counties(
    data: &Dataset,
    metrics: &Metrics<'_>,
    templates: &Templates,
    selection: &Selection,
    emit: &Emit,
) -> Result<()> {
    if selection.counties_page {
        let figures = overview_charts(data, metrics)
            .iter()
            .map(|c| templates.figure(c))
            .collect::<Result<Vec<_>>>()?;
        let overview = county::counties_page(data, metrics, figures);
        emit(OutputFile::new(
            paths::COUNTIES_PAGE,
            templates.render("counties.html", &overview)?,
        ))?;
    }
    data.counties
        .par_iter()
        .filter(|c| selection.county_page(&c.id))
        .try_for_each(|c| {
            let charts = county_charts(data, metrics, c);
            let html = |charts: &[crate::render::charts::Chart]| {
                charts
                    .iter()
                    .map(|c| templates.figure(c))
                    .collect::<Result<Vec<_>>>()
            };
            let page = county::county_page(
                data,
                metrics,
                c,
                html(&charts.figures)?,
                html(&charts.money)?,
            );
            emit(OutputFile::new(
                paths::county_page(&c.id),
                templates.render("county.html", &page)?,
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_count_matches_what_is_rendered() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        let loaded = crate::load::load(&dir).unwrap();
        let data = &loaded.dataset;
        let metrics = Metrics::compute(data);
        let templates = Templates::builtin().unwrap();
        let count = std::sync::atomic::AtomicUsize::new(0);
        let emit = |_: OutputFile| {
            count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok(())
        };
        render_site(data, &metrics, &templates, &emit).unwrap();
        assert_eq!(count.into_inner(), file_count(data, &metrics));
        let some = Selection {
            site_pages: true,
            issues: [25].into(),
            counties: ["nanxi".to_string()].into(),
            stations: ["donghu-003".to_string(), "nanxi-001".to_string()].into(),
            ..Selection::default()
        };
        let count = std::sync::atomic::AtomicUsize::new(0);
        let emit = |_: OutputFile| {
            count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok(())
        };
        render_selected(data, &metrics, &templates, &some, &emit).unwrap();
        let rendered = count.into_inner();
        assert!(rendered > 7, "notices and lists too: {rendered}");
        assert_eq!(rendered, selected_count(data, &metrics, &some));
        let downloads = std::sync::atomic::AtomicUsize::new(0);
        crate::publish::downloads::render(data, &metrics, &|_| {
            downloads.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok(())
        })
        .unwrap();
        assert_eq!(
            downloads.into_inner(),
            crate::publish::downloads::file_count(data, &metrics)
        );
    }
}
