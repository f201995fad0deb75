//! The index (issues newest first, with their reading guides and the downloads) and
//! the archive by year.

use super::issue::{article_anchor, columns_of, IssueHeader};
use super::{Nav, Section, SiteContext};
use crate::model::{Bulletin, Dataset};
use crate::paths;

use serde::Serialize;

fn newest_first(data: &Dataset) -> Vec<&Bulletin> {
    let mut bulletins: Vec<&Bulletin> = data.bulletins.iter().collect();
    bulletins.sort_by_key(|b| std::cmp::Reverse(b.meta.number));
    bulletins
}

#[derive(Serialize)]
pub struct GuideItem {
    pub column: String,
    pub anchor: String,
    pub title: String,
}

#[derive(Serialize)]
pub struct IndexEntry {
    pub number: u32,
    pub title: String,
    pub date: String,
    pub quarter: String,
    pub href: String,
    /// The issue's PDF (linked when built with `--pdf`).
    pub pdf: String,
    /// The issue's Word file (always built).
    pub docx: String,
    pub guide: Vec<GuideItem>,
}

#[derive(Serialize)]
pub struct IndexPage {
    pub site: SiteContext,
    pub nav: Nav,
    pub issues: Vec<IndexEntry>,
    pub downloads: Vec<Download>,
}

/// A CSV file offered for download.
#[derive(Serialize)]
pub struct Download {
    pub href: String,
    /// The same table as `.xlsx`.
    pub xlsx_href: String,
    pub label: String,
}

/// Index entries, newest issue first.
pub fn index_page(data: &Dataset) -> IndexPage {
    let issues = newest_first(data)
        .into_iter()
        .map(|b| {
            let header = IssueHeader::new(&data.site, b);
            let mut n = 0;
            let guide = columns_of(b)
                .into_iter()
                .flat_map(|(_, column, articles)| articles.into_iter().map(move |a| (column, a)))
                .map(|(column, a)| {
                    n += 1;
                    GuideItem {
                        column: column.to_string(),
                        anchor: article_anchor(n),
                        title: a.meta.title.clone(),
                    }
                })
                .collect();
            IndexEntry {
                number: header.number,
                title: header.title,
                date: header.date,
                quarter: header.quarter,
                href: paths::issue_page(b.meta.number),
                pdf: paths::pdf_of(&paths::issue_page(b.meta.number)),
                docx: paths::docx_of(&paths::issue_page(b.meta.number)),
                guide,
            }
        })
        .collect();
    let mut downloads = vec![
        Download {
            xlsx_href: paths::xlsx_of(paths::STATIONS_CSV),
            href: paths::STATIONS_CSV.into(),
            label: "电站名录（全部电站基本信息）".into(),
        },
        Download {
            xlsx_href: paths::xlsx_of(paths::QUARTERLY_CSV),
            href: paths::QUARTERLY_CSV.into(),
            label: "分季度电站运行数据（发电量、收益、分配）".into(),
        },
        Download {
            xlsx_href: paths::xlsx_of(paths::COUNTIES_CSV),
            href: paths::COUNTIES_CSV.into(),
            label: format!("各{}分季度汇总", data.site.subdivision),
        },
    ];
    downloads.extend(
        newest_first(data)
            .into_iter()
            .filter(|b| b.meta.data_section)
            .map(|b| Download {
                xlsx_href: paths::xlsx_of(&paths::ranking_csv(b.meta.number)),
                href: paths::ranking_csv(b.meta.number),
                label: format!(
                    "第{}期各{}目标完成情况排名",
                    b.meta.number, data.site.subdivision
                ),
            }),
    );
    IndexPage {
        site: SiteContext::new(&data.site),
        nav: Nav::top(Section::Issues),
        issues,
        downloads,
    }
}

#[derive(Serialize)]
pub struct ArchiveIssue {
    pub number: u32,
    pub title: String,
    pub date: String,
    pub quarter: String,
    pub href: String,
    /// The issue's PDF (linked when built with `--pdf`) and Word file.
    pub pdf: String,
    pub docx: String,
}

#[derive(Serialize)]
pub struct ArchiveYear {
    pub year: i32,
    pub issues: Vec<ArchiveIssue>,
}

#[derive(Serialize)]
pub struct ArchivePage {
    pub site: SiteContext,
    pub nav: Nav,
    pub years: Vec<ArchiveYear>,
}

/// Issues grouped by the year of their date, newest year and issue first.
pub fn archive_page(data: &Dataset) -> ArchivePage {
    let mut years: Vec<ArchiveYear> = Vec::new();
    for b in newest_first(data) {
        let year = b.meta.date.year;
        let h = IssueHeader::new(&data.site, b);
        let entry = ArchiveIssue {
            number: h.number,
            title: h.title,
            date: h.date,
            quarter: h.quarter,
            href: paths::issue_page(b.meta.number),
            pdf: paths::pdf_of(&paths::issue_page(b.meta.number)),
            docx: paths::docx_of(&paths::issue_page(b.meta.number)),
        };
        match years.iter_mut().find(|y| y.year == year) {
            Some(y) => y.issues.push(entry),
            None => years.push(ArchiveYear {
                year,
                issues: vec![entry],
            }),
        }
    }
    years.sort_by_key(|y| std::cmp::Reverse(y.year));
    ArchivePage {
        site: SiteContext::new(&data.site),
        nav: Nav::top(Section::Archive),
        years,
    }
}

/// `search.html`: the site, the navigation and the station indexes Pagefind's UI
/// merges into the results; the UI does the rest.
#[derive(Serialize)]
pub struct SearchPage {
    pub site: SiteContext,
    pub nav: Nav,
    /// Bundle paths (`pagefind/stations-1/`, …), relative to the site root.
    pub station_bundles: Vec<String>,
}

pub fn search_page(data: &Dataset) -> SearchPage {
    SearchPage {
        site: SiteContext::new(&data.site),
        nav: Nav::top(Section::Search),
        station_bundles: crate::paths::station_bundles(data)
            .into_iter()
            .map(|dir| format!("{dir}/"))
            .collect(),
    }
}
