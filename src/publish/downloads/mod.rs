//! The CSV downloads: station list, quarterly figures per station and per county,
//! each issue's county ranking, and an issue's whole 运维预警 list when its page
//! shows only the `issue_rows` worst.

mod csv;

use crate::compute::alerts::{om_alerts, worst_first};
use crate::compute::money::Money;
use crate::compute::ranking::rank_counties;
use crate::compute::timeline::{connected_whole_quarter, status_at};
use crate::compute::Metrics;
use crate::format::columns::{header_in, Field};
use crate::format::percent_value;
use crate::model::{Bulletin, Dataset};
use crate::paths;
use crate::render::pages::money::alert_reason;
use crate::render::{Emit, OutputFile};
use anyhow::Result;
use csv::{Cell, Csv};
use rayon::prelude::*;

/// Builds one download, as its `.csv` and `.xlsx` files, when called.
pub type Download<'a> = Box<dyn FnOnce() -> Result<[OutputFile; 2]> + Send + 'a>;

/// Every download, as builders that can run in parallel.
pub fn all<'a>(data: &'a Dataset, metrics: &'a Metrics<'a>) -> Vec<Download<'a>> {
    let mut files: Vec<Download<'a>> = vec![
        Box::new(move || file(paths::STATIONS_CSV, stations(data))),
        Box::new(move || file(paths::QUARTERLY_CSV, quarterly(data, metrics))),
        Box::new(move || file(paths::COUNTIES_CSV, counties(data, metrics))),
    ];
    for b in data.bulletins.iter().filter(|b| b.meta.data_section) {
        files.push(Box::new(move || {
            file(
                &paths::ranking_csv(b.meta.number),
                ranking(data, metrics, b),
            )
        }));
        if has_alerts_download(data, metrics, b) {
            files.push(Box::new(move || {
                file(&paths::alerts_csv(b.meta.number), alerts(data, metrics, b))
            }));
        }
    }
    files
}

/// Whether the issue page lists only part of the 运维预警 (and links the whole list).
fn has_alerts_download(data: &Dataset, metrics: &Metrics<'_>, b: &Bulletin) -> bool {
    om_alerts(metrics, b.meta.quarter, None).len() > data.site.issue_rows
}

/// Builds every download and hands each file to `emit`, in parallel.
pub fn render(data: &Dataset, metrics: &Metrics<'_>, emit: &Emit) -> Result<()> {
    all(data, metrics)
        .into_par_iter()
        .try_for_each(|build| build()?.into_iter().try_for_each(emit))
}

/// How many files [`render`] emits, for progress reporting: each table as `.csv`
/// and `.xlsx`.
pub fn file_count(data: &Dataset, metrics: &Metrics<'_>) -> usize {
    let with_data = || data.bulletins.iter().filter(|b| b.meta.data_section);
    let alert_lists = with_data()
        .filter(|b| has_alerts_download(data, metrics, b))
        .count();
    2 * (3 + with_data().count() + alert_lists)
}

fn file(path: &str, csv: Csv) -> Result<[OutputFile; 2]> {
    let (csv_bytes, xlsx) = csv.into_both()?;
    Ok([
        OutputFile::new(path, csv_bytes),
        OutputFile::new(paths::xlsx_of(path), xlsx),
    ])
}

fn text(s: &Option<String>) -> Cell {
    Cell::text(s.clone().unwrap_or_default())
}

fn county_name<'a>(data: &'a Dataset, id: &str) -> &'a str {
    data.counties
        .iter()
        .find(|c| c.id == id)
        .map_or("", |c| c.name.as_str())
}

/// A column header: a data field's (the one `import` reads back), the site's
/// subdivision label (县（区）, 乡镇, 市 …), or a figure of the download's own.
#[derive(Clone, Copy)]
enum Head {
    Field(Field),
    Subdivision,
    SubdivisionId,
    /// 县（区）平均 (等效利用小时数).
    SubdivisionAverage,
    Text(&'static str),
}

use Head::{Field as F, Text as T};

/// The header row, with the subdivision label from `site.yaml`.
fn headers(data: &Dataset, heads: &[Head]) -> Vec<String> {
    heads
        .iter()
        .map(|head| match *head {
            Head::Field(field) => header_in(field, &data.site.terms),
            Head::Subdivision => data.site.subdivision.clone(),
            Head::SubdivisionId => format!("{}编号", data.site.subdivision_word()),
            Head::SubdivisionAverage => format!("{}平均等效利用小时数", data.site.subdivision),
            Head::Text(text) => text.to_string(),
        })
        .collect()
}

/// The money-trail columns, shared by the per-station and per-county downloads.
const MONEY_COLUMNS: [Head; 10] = [
    F(Field::TariffYuan),
    F(Field::SubsidyYuan),
    T("补贴拖欠（元）"),
    F(Field::OmCostYuan),
    F(Field::LandRentYuan),
    T("公益岗位工资（元）"),
    T("小型公益事业（元）"),
    T("奖励补助（元）"),
    T("其他分配（元）"),
    F(Field::HouseholdsPaid),
];

/// The cells under [`MONEY_COLUMNS`]; empty where nothing was reported.
fn money_cells(m: &Money) -> Vec<Cell> {
    let by_use = |i: usize| Cell::optional(m.by_use_yuan.map(|p| p[i]), 0);
    vec![
        Cell::optional(m.tariff_yuan, 0),
        Cell::optional(m.subsidy_yuan, 0),
        Cell::optional(m.subsidy_arrears_yuan, 0),
        Cell::optional(m.om_cost_yuan, 0),
        Cell::optional(m.land_rent_yuan, 0),
        by_use(0),
        by_use(1),
        by_use(2),
        by_use(3),
        Cell::optional(m.households_paid, 0),
    ]
}

fn stations(data: &Dataset) -> Csv {
    // 监测对象 get a column only when the data gives them for some station.
    let monitored = data
        .stations
        .iter()
        .any(|s| s.monitored_households.is_some());
    let mut heads = vec![
        F(Field::Id),
        F(Field::Name),
        Head::SubdivisionId,
        Head::Subdivision,
        F(Field::Town),
        F(Field::Village),
        F(Field::Kind),
        F(Field::CapacityKw),
        F(Field::Status),
        F(Field::GridDate),
        F(Field::InvestmentYuan),
        F(Field::VillagesServed),
        F(Field::Households),
        F(Field::People),
        F(Field::LandUse),
        F(Field::OmProvider),
    ];
    if monitored {
        heads.insert(14, F(Field::MonitoredHouseholds));
    }
    let mut csv = Csv::named("电站名录", &headers(data, &heads));
    for s in &data.stations {
        let mut row = vec![
            Cell::text(&s.id),
            Cell::text(&s.name),
            Cell::text(&s.county),
            Cell::text(county_name(data, &s.county)),
            text(&s.town),
            text(&s.village),
            Cell::text(s.kind.label_zh()),
            Cell::number(s.capacity_kw, 1),
            Cell::text(s.status.label_zh()),
            Cell::text(s.grid_date.map(|d| d.to_string()).unwrap_or_default()),
            Cell::optional(s.investment_yuan, 0),
            Cell::number(s.villages_served, 0),
            Cell::optional(s.beneficiary_households, 0),
            Cell::optional(s.beneficiary_people, 0),
            text(&s.land_use),
            text(&s.om_provider),
        ];
        if monitored {
            row.insert(14, Cell::optional(s.monitored_households, 0));
        }
        csv.row(row);
    }
    csv
}

fn quarterly(data: &Dataset, metrics: &Metrics<'_>) -> Csv {
    let mut csv = Csv::named(
        "分季度数据",
        &headers(
            data,
            &[
                T("季度"),
                F(Field::Id),
                F(Field::Name),
                Head::Subdivision,
                T("季末状态"),
                F(Field::GenerationKwh),
                T("等效利用小时数"),
                F(Field::RevenueYuan),
                F(Field::DistributedYuan),
                F(Field::PublicJobs),
                F(Field::DowntimeDays),
            ]
            .into_iter()
            .chain(MONEY_COLUMNS)
            .collect::<Vec<_>>(),
        ),
    );
    for &q in &metrics.quarters {
        for (s, history) in data.stations.iter().zip(&metrics.histories) {
            let Some(e) = history.get(&q) else { continue };
            let hours = connected_whole_quarter(s, q).then(|| e.generation_kwh / s.capacity_kw);
            let mut row = vec![
                Cell::text(q.to_string()),
                Cell::text(&s.id),
                Cell::text(&s.name),
                Cell::text(county_name(data, &s.county)),
                Cell::text(status_at(s, history, q).label_zh()),
                Cell::number(e.generation_kwh, 0),
                Cell::optional(hours, 1),
                Cell::number(e.revenue_yuan, 0),
                Cell::optional(e.distributed(), 0),
                Cell::optional(e.public_jobs, 0),
                Cell::optional(e.downtime_days, 0),
            ];
            let mut money = Money::default();
            money.add(e);
            row.extend(money_cells(&money));
            csv.row(row);
        }
    }
    csv
}

fn counties(data: &Dataset, metrics: &Metrics<'_>) -> Csv {
    let mut csv = Csv::named(
        "分季度汇总",
        &headers(
            data,
            &[
                Head::Subdivision,
                T("季度"),
                T("电站总数"),
                T("建设规模（千瓦）"),
                T("已并网电站"),
                T("已并网容量（千瓦）"),
                T("惠及村数"),
                F(Field::GenerationKwh),
                F(Field::RevenueYuan),
                F(Field::DistributedYuan),
                T("累计光伏收益（元）"),
                F(Field::Households),
                F(Field::People),
                F(Field::PublicJobs),
                T("等效利用小时数"),
                T("分配率（%）"),
            ]
            .into_iter()
            .chain(MONEY_COLUMNS)
            .chain([T("户均收益（元）")])
            .collect::<Vec<_>>(),
        ),
    );
    for c in &data.counties {
        let Some(series) = metrics.by_county.get(c.id.as_str()) else {
            continue;
        };
        for (q, t) in series {
            let mut row = vec![
                Cell::text(&c.name),
                Cell::text(q.to_string()),
                Cell::number(t.stations, 0),
                Cell::number(t.capacity_kw, 1),
                Cell::number(t.grid_connected_stations(), 0),
                Cell::number(t.grid_connected_kw(), 1),
                Cell::number(t.villages_served, 0),
                Cell::number(t.generation_kwh, 0),
                Cell::number(t.revenue_yuan, 0),
                Cell::optional(t.distributed(), 0),
                Cell::number(t.cumulative_revenue_yuan, 0),
                Cell::optional(t.households(), 0),
                Cell::optional(t.people(), 0),
                Cell::optional(t.jobs(), 0),
                Cell::optional(t.utilisation_hours(), 1),
                Cell::optional(t.distribution_rate().map(percent_value), 1),
            ];
            row.extend(money_cells(&t.money));
            row.push(Cell::optional(t.money.per_household(), 0));
            csv.row(row);
        }
    }
    csv
}

/// An issue's 运维预警, every flagged station, worst first (the page's order).
fn alerts(data: &Dataset, metrics: &Metrics<'_>, b: &Bulletin) -> Csv {
    let subdivision = &data.site.subdivision;
    let mut csv = Csv::named(
        "运维预警",
        &headers(
            data,
            &[
                F(Field::Id),
                F(Field::Name),
                Head::Subdivision,
                T("等效利用小时数"),
                Head::SubdivisionAverage,
                F(Field::DowntimeDays),
                T("预警原因"),
            ],
        ),
    );
    for a in worst_first(&om_alerts(metrics, b.meta.quarter, None)) {
        csv.row(vec![
            Cell::text(&a.station.id),
            Cell::text(&a.station.name),
            Cell::text(county_name(data, &a.station.county)),
            Cell::optional(a.hours, 1),
            Cell::optional(a.county_average, 1),
            Cell::optional(a.downtime_days, 0),
            Cell::text(alert_reason(&a, subdivision)),
        ]);
    }
    csv
}

fn ranking(data: &Dataset, metrics: &Metrics<'_>, b: &Bulletin) -> Csv {
    let mut csv = Csv::named(
        "目标完成排名",
        &headers(
            data,
            &[
                T("排名"),
                Head::Subdivision,
                T("并网容量（千瓦）"),
                T("年度目标（千瓦）"),
                T("完成率（%）"),
                T("并网电站"),
                T("目标电站"),
                F(Field::Households),
                T("目标户数"),
                T("本季发电量（千瓦时）"),
                T("等效利用小时数"),
                T("本季光伏收益（元）"),
            ],
        ),
    );
    for r in rank_counties(data, metrics, b.meta.quarter) {
        csv.row(vec![
            Cell::number(r.rank, 0),
            Cell::text(&r.name),
            Cell::number(r.grid_connected_kw, 1),
            Cell::optional(r.target_kw, 1),
            Cell::optional(r.completion.map(percent_value), 1),
            Cell::number(r.grid_connected_stations, 0),
            Cell::optional(r.target_stations, 0),
            Cell::optional(r.beneficiary_households, 0),
            Cell::optional(r.target_households, 0),
            Cell::number(r.generation_kwh, 0),
            Cell::optional(r.utilisation_hours, 1),
            Cell::number(r.revenue_yuan, 0),
        ]);
    }
    csv
}
