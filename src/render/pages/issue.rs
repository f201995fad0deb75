//! The issue page: header, articles by column, the 本期数据 tables and the 版记.

use super::money::{alert_rows, alerts_note, money_table, AlertRow, MoneyRowContext};
use super::{Nav, SiteContext};
use crate::compute::alerts::{om_alerts, worst_first};
use crate::compute::kpi::kpis;
use crate::compute::money_table::money_rows;
use crate::compute::ranking::{rank_counties, CountyRank};
use crate::compute::Metrics;
use crate::format::{
    date_zh, grouped, int, legend, percent, signed_percent, with_unit, Marks, NOT_APPLICABLE,
    NOT_REPORTED,
};
use crate::model::{Article, Bulletin, Dataset, Decimal, Site, Status};
use crate::paths;
use crate::render::charts::{Chart, Figure};
use serde::Serialize;

#[derive(Serialize)]
pub struct IssueHeader {
    pub number: u32,
    pub title: String,
    pub date: String,
    pub quarter: String,
}

impl IssueHeader {
    pub fn new(site: &Site, b: &Bulletin) -> Self {
        IssueHeader {
            number: b.meta.number,
            title: b.meta.title.clone().unwrap_or_else(|| site.title.clone()),
            date: date_zh(b.meta.date),
            quarter: b.meta.quarter.label_zh(),
        }
    }
}

#[derive(Serialize)]
pub struct ArticleContext {
    pub anchor: String,
    pub title: String,
    pub author: Option<String>,
    /// Sanitized HTML (see `render::markdown`).
    pub html: String,
    /// What the HTML was made from, for the outputs made from the same page (the
    /// .docx): the Markdown and its charts, one per chart block in order (`None`
    /// for a block that was refused).
    #[serde(skip)]
    pub source: ArticleSource,
    #[serde(skip)]
    pub charts: Vec<Option<Chart>>,
}

/// An article's Markdown, and where it is (for messages about it).
#[derive(Clone, Debug, Default)]
pub struct ArticleSource {
    /// The file, relative to the data directory.
    pub file: String,
    pub markdown: String,
    /// The line of the file the Markdown starts at.
    pub body_line: usize,
}

impl ArticleSource {
    pub fn of(a: &Article) -> Self {
        ArticleSource {
            file: a.origin.file.clone(),
            markdown: a.body.clone(),
            body_line: a.body_line,
        }
    }
}

#[derive(Serialize)]
pub struct ColumnContext {
    pub name: String,
    pub anchor: String,
    pub articles: Vec<ArticleContext>,
}

/// The bulletin's articles grouped by column in declared order; within a column by
/// `order`, then file name. Columns without articles are left out.
pub fn columns_of(b: &Bulletin) -> Vec<(usize, &str, Vec<&Article>)> {
    let mut out = Vec::new();
    for (i, name) in b.meta.columns.iter().enumerate() {
        let mut articles: Vec<&Article> = b
            .articles
            .iter()
            .filter(|a| &a.meta.column == name)
            .collect();
        articles.sort_by(|a, b| {
            (a.meta.order.unwrap_or(i64::MAX), &a.file_stem)
                .cmp(&(b.meta.order.unwrap_or(i64::MAX), &b.file_stem))
        });
        if !articles.is_empty() {
            out.push((i + 1, name.as_str(), articles));
        }
    }
    out
}

/// Anchor of a column section and of the n-th article (1-based, page order).
pub fn column_anchor(i: usize) -> String {
    format!("col-{i}")
}

pub fn article_anchor(n: usize) -> String {
    format!("art-{n}")
}

#[derive(Serialize)]
pub struct Closing {
    pub main_to: String,
    pub copy_to: String,
    pub copies: Option<u32>,
}

impl Closing {
    pub fn new(b: &Bulletin) -> Self {
        Closing {
            main_to: b.meta.main_to.join("，"),
            copy_to: b.meta.copy_to.join("，"),
            copies: b.meta.copies,
        }
    }
}

/// `（312座电站填报）` for a figure only some stations report; empty otherwise.
pub fn coverage_note(coverage: Option<(usize, usize)>) -> String {
    match coverage {
        Some((reporting, _)) if reporting > 0 => format!("（{reporting}座电站填报）"),
        _ => String::new(),
    }
}

#[derive(Serialize)]
pub struct KpiRow {
    pub label: String,
    /// e.g. `（312座电站填报）` when only some stations report the figure.
    pub coverage: String,
    pub value: String,
    pub unit: String,
    pub qoq: String,
    pub yoy: String,
}

#[derive(Serialize)]
pub struct StatusRow {
    pub label: &'static str,
    pub stations: String,
    pub capacity_kw: String,
}

#[derive(Serialize)]
pub struct RankRow {
    pub rank: usize,
    pub name: String,
    pub grid_kw: String,
    pub target_kw: String,
    pub completion: String,
    pub stations: String,
    pub households: String,
    pub generation: String,
    pub hours: String,
    pub revenue: String,
}

impl RankRow {
    fn new(r: &CountyRank) -> Self {
        let of_target = |done: Option<Decimal>, target: Option<u32>| {
            let done = done.map_or(NOT_REPORTED.into(), int);
            match target {
                Some(t) => format!("{done}/{}", int(t)),
                None => done,
            }
        };
        let wan = |v: Decimal| grouped(v / Decimal::from(10_000), 2);
        RankRow {
            rank: r.rank,
            name: r.name.clone(),
            grid_kw: int(r.grid_connected_kw),
            target_kw: r.target_kw.map_or(NOT_APPLICABLE.into(), int),
            completion: percent(r.completion),
            stations: of_target(Some(r.grid_connected_stations.into()), r.target_stations),
            households: of_target(r.beneficiary_households, r.target_households),
            generation: wan(r.generation_kwh),
            hours: r
                .utilisation_hours
                .map_or(NOT_APPLICABLE.into(), |h| grouped(h, 1)),
            revenue: wan(r.revenue_yuan),
        }
    }
}

/// The generated 本期数据 section.
#[derive(Serialize)]
pub struct DataSection {
    pub quarter: String,
    pub quarter_end: String,
    pub year: i32,
    /// The 综述 sentence the section opens with (see [`super::overview`]).
    pub overview: String,
    pub kpis: Vec<KpiRow>,
    /// The legend of the marks the KPI table uses ("…", "—").
    pub kpi_note: String,
    pub statuses: Vec<StatusRow>,
    pub ranking: Vec<RankRow>,
    pub ranking_note: String,
    /// Chart figures, placed beside the tables they illustrate.
    pub trend_charts: Vec<Figure>,
    pub build_charts: Vec<Figure>,
    pub ranking_charts: Vec<Figure>,
    /// The 收益分配 table; empty when the quarter reports no money-trail figure.
    pub money: Vec<MoneyRowContext>,
    /// The legend and rounding note under the 收益分配 table.
    pub money_note: String,
    pub money_charts: Vec<Figure>,
    /// 运维预警: stations that need maintenance attention — all of them, or the
    /// `issue_rows` worst when there are more (then `alerts_more` says so).
    pub alerts: Vec<AlertRow>,
    pub alerts_note: String,
    /// How many stations are flagged in all.
    pub alerts_total: String,
    pub alerts_more: Option<AlertsMore>,
}

/// The line under a shortened 运维预警 table: 共 N 座，完整名单见附件.
#[derive(Serialize)]
pub struct AlertsMore {
    pub total: String,
    pub shown: String,
    /// The whole list, relative to the issue page.
    pub csv: String,
    pub xlsx: String,
}

impl AlertsMore {
    fn new(b: &Bulletin, total: usize, shown: usize) -> Self {
        let csv = paths::alerts_csv(b.meta.number);
        AlertsMore {
            total: int(total),
            shown: int(shown),
            xlsx: format!("../{}", paths::xlsx_of(&csv)),
            csv: format!("../{csv}"),
        }
    }
}

impl DataSection {
    /// `None` when the issue opts out or its quarter has no data.
    pub fn new(data: &Dataset, metrics: &Metrics<'_>, b: &Bulletin) -> Option<Self> {
        let q = b.meta.quarter;
        let totals = metrics.region.get(&q).filter(|_| b.meta.data_section)?;
        let kpis: Vec<KpiRow> = kpis(metrics, q, &data.site.terms)
            .into_iter()
            .map(|k| {
                let (value, unit) = match k.value {
                    Some(v) => with_unit(v, k.unit),
                    None => (NOT_REPORTED.into(), k.unit.base_word().into()),
                };
                KpiRow {
                    label: k.label,
                    coverage: coverage_note(k.coverage),
                    value,
                    unit,
                    qoq: signed_percent(k.qoq),
                    yoy: signed_percent(k.yoy),
                }
            })
            .collect();
        let statuses = Status::ALL
            .iter()
            .enumerate()
            .map(|(i, s)| StatusRow {
                label: s.label_zh(),
                stations: int(totals.stations_by_status[i]),
                capacity_kw: int(totals.capacity_by_status_kw[i]),
            })
            .collect();
        let ranking: Vec<RankRow> = rank_counties(data, metrics, q)
            .iter()
            .map(RankRow::new)
            .collect();
        let kpi_note =
            legend(Marks::of(kpis.iter().flat_map(|k| {
                [k.value.as_str(), k.qoq.as_str(), k.yoy.as_str()]
            })));
        let ranking_note = legend(Marks::of(ranking.iter().flat_map(|r| {
            [
                r.target_kw.as_str(),
                r.completion.as_str(),
                r.stations.as_str(),
                r.households.as_str(),
                r.hours.as_str(),
            ]
        })));
        let (money, money_note) = money_table(money_rows(&metrics.region, q));
        let flagged = om_alerts(metrics, q, None);
        let limit = data.site.issue_rows;
        let alerts_more = (flagged.len() > limit).then(|| AlertsMore::new(b, flagged.len(), limit));
        let alerts = match alerts_more {
            Some(_) => alert_rows(data, &worst_first(&flagged)[..limit], "../"),
            None => alert_rows(data, &flagged, "../"),
        };
        let alerts_note = alerts_note(&alerts);
        Some(DataSection {
            quarter: q.label_zh(),
            quarter_end: date_zh(q.last_day()),
            year: q.year,
            overview: super::overview::overview(totals, q, &data.site.region, &data.site.terms),
            kpis,
            kpi_note,
            statuses,
            ranking,
            ranking_note,
            trend_charts: Vec::new(),
            build_charts: Vec::new(),
            ranking_charts: Vec::new(),
            money,
            money_note,
            money_charts: Vec::new(),
            alerts_total: int(flagged.len()),
            alerts,
            alerts_note,
            alerts_more,
        })
    }
}

#[derive(Serialize)]
pub struct IssuePage {
    pub site: SiteContext,
    pub nav: Nav,
    /// Links to this issue's ranking table as CSV and as .xlsx.
    pub ranking_csv: String,
    pub ranking_xlsx: String,
    /// Link to the issue's Word file, beside the page.
    pub docx: String,
    pub issue: IssueHeader,
    pub columns: Vec<ColumnContext>,
    pub data: Option<DataSection>,
    pub closing: Closing,
}
