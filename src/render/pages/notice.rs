//! The village 收益分配公示 pages (one A4 page per station and year) and their index.

use super::{county_path, station_path, Fact, Nav, Section, SiteContext};
use crate::compute::notices::{notice_path, Figures, Notice};
use crate::model::{Dataset, Use};
use crate::render::format::{date_zh, grouped, int};
use serde::Serialize;

#[derive(Serialize)]
pub struct NoticeRow {
    pub label: &'static str,
    pub part: bool,
    /// One cell per quarter, then the year.
    pub cells: Vec<String>,
}

#[derive(Serialize)]
pub struct NoticePage {
    pub site: SiteContext,
    pub nav: Nav,
    pub title: String,
    pub station_href: String,
    pub facts: Vec<Fact>,
    /// 统计期间, e.g. `2017年1月1日至2017年12月31日`.
    pub period: String,
    /// Column headers: the quarters, then 全年合计.
    pub columns: Vec<String>,
    pub rows: Vec<NoticeRow>,
    pub date: String,
    pub until: String,
    pub days: u32,
    pub phone: Option<String>,
}

type Cell = fn(&Figures) -> Option<f64>;

/// The rows of a notice's table, in the order the notice board shows them.
fn row_specs() -> [(&'static str, bool, Cell); 14] {
    [
        ("发电量（千瓦时）", false, |f| {
            Some(f.generation_kwh)
        }),
        ("光伏收益（元）", false, |f| Some(f.revenue_yuan)),
        ("电费收入", true, |f| f.tariff_yuan),
        ("国家补贴", true, |f| f.subsidy_yuan),
        ("运维费用（元）", false, |f| f.om_cost_yuan),
        ("土地租金（元）", false, |f| f.land_rent_yuan),
        ("收益分配合计（元）", false, |f| f.distributed_yuan),
        (Use::PublicJobs.label_zh(), true, |f| {
            f.by_use_yuan.map(|p| p[0])
        }),
        (Use::PublicWelfare.label_zh(), true, |f| {
            f.by_use_yuan.map(|p| p[1])
        }),
        (Use::Rewards.label_zh(), true, |f| {
            f.by_use_yuan.map(|p| p[2])
        }),
        (Use::Other.label_zh(), true, |f| f.by_use_yuan.map(|p| p[3])),
        ("公益岗位（个）", false, |f| {
            f.public_jobs.map(f64::from)
        }),
        ("收益到户户数（户）", false, |f| {
            f.households_paid.map(f64::from)
        }),
        ("国家补贴拖欠（期末，元）", false, |f| {
            f.subsidy_arrears_yuan
        }),
    ]
}

pub fn notice_page(data: &Dataset, n: &Notice<'_>) -> NoticePage {
    let s = n.station;
    let county = data
        .counties
        .iter()
        .find(|c| c.id == s.county)
        .map_or(s.county.as_str(), |c| c.name.as_str());
    let place = format!(
        "{}{}{}",
        county,
        s.town.clone().unwrap_or_default(),
        s.village.clone().unwrap_or_default()
    );
    let facts = vec![
        Fact::new("电站名称", s.name.clone()),
        Fact::new("所在地", place),
        Fact::new(
            "装机容量",
            format!("{}千瓦（{}）", grouped(s.capacity_kw, 1), s.kind.label_zh()),
        ),
        Fact::new("并网时间", s.grid_date.map_or("—".into(), date_zh)),
        Fact::new("覆盖村数", format!("{}个", s.villages_served)),
        Fact::new(
            "受益贫困户",
            format!("{}户", int(f64::from(s.beneficiary_households))),
        ),
    ];
    let mut columns: Vec<String> = n
        .quarters
        .iter()
        .map(|(q, _)| format!("第{}季度", q.q))
        .collect();
    columns.push("全年合计".into());
    let rows = row_specs()
        .into_iter()
        .map(|(label, part, cell)| NoticeRow {
            label,
            part,
            cells: n
                .quarters
                .iter()
                .map(|(_, f)| f)
                .chain(std::iter::once(&n.total))
                .map(|f| cell(f).map_or("—".into(), int))
                .collect(),
        })
        .collect();
    let first = n.quarters.first().map(|(q, _)| q.first_day());
    let last = n.quarters.last().map(|(q, _)| q.last_day());
    let period = match (first, last) {
        (Some(a), Some(b)) => format!("{}至{}", date_zh(a), date_zh(b)),
        _ => format!("{}年", n.year),
    };
    NoticePage {
        site: SiteContext::new(&data.site),
        nav: Nav::deep(Section::Notices),
        title: format!("{}{}年度收益分配公示", s.name, n.year),
        station_href: format!("../../{}", station_path(&s.id)),
        facts,
        period,
        columns,
        rows,
        date: date_zh(n.date),
        until: date_zh(n.until),
        days: data.site.notice.days,
        phone: data.site.notice.phone.clone(),
    }
}

#[derive(Serialize)]
pub struct NoticeLink {
    pub name: String,
    pub href: String,
    pub village: String,
    pub revenue: String,
    pub distributed: String,
}

#[derive(Serialize)]
pub struct NoticeCounty {
    pub name: String,
    pub href: String,
    pub notices: Vec<NoticeLink>,
}

#[derive(Serialize)]
pub struct NoticeYear {
    pub year: i32,
    pub date: String,
    pub counties: Vec<NoticeCounty>,
}

#[derive(Serialize)]
pub struct NoticesIndex {
    pub site: SiteContext,
    pub nav: Nav,
    pub years: Vec<NoticeYear>,
}

/// `notices/index.html`: the notices by year (newest first), then county.
pub fn notices_index(data: &Dataset, notices: &[Notice<'_>]) -> NoticesIndex {
    let mut years: Vec<NoticeYear> = Vec::new();
    for n in notices.iter().rev() {
        if years.last().is_none_or(|y| y.year != n.year) {
            years.push(NoticeYear {
                year: n.year,
                date: date_zh(n.date),
                counties: Vec::new(),
            });
        }
    }
    for y in &mut years {
        for c in &data.counties {
            let links: Vec<NoticeLink> = notices
                .iter()
                .filter(|n| n.year == y.year && n.station.county == c.id)
                .map(|n| NoticeLink {
                    name: n.station.name.clone(),
                    href: format!("../{}", notice_path(n.year, &n.station.id)),
                    village: n.station.village.clone().unwrap_or_default(),
                    revenue: int(n.total.revenue_yuan),
                    distributed: n.total.distributed_yuan.map_or("—".into(), int),
                })
                .collect();
            if !links.is_empty() {
                y.counties.push(NoticeCounty {
                    name: c.name.clone(),
                    href: format!("../{}", county_path(&c.id)),
                    notices: links,
                });
            }
        }
    }
    NoticesIndex {
        site: SiteContext::new(&data.site),
        nav: Nav::nested(Section::Notices),
        years,
    }
}
