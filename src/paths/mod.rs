//! Every output path of the site, in one place: the pages, the downloads, the
//! feeds, the PDFs and the search indexes. Paths are relative to the output root,
//! `/`-separated, and built only from fixed names, numbers and validated ids
//! (`[a-z0-9-]+`), so none can leave the output directory.
//!
//! [`Kind::of`] reads a path back, so that a rebuild can tell which files a
//! selection of pages covers.

mod search;

pub use search::{
    indexes, indexes_of, shard_of_counties, shards, shards_of, station_bundles, Index, BUNDLE_DIR,
};

pub const INDEX: &str = "index.html";
pub const ARCHIVE: &str = "archive.html";
pub const SEARCH_PAGE: &str = "search.html";
pub const COUNTIES_PAGE: &str = "counties.html";
pub const NOTICES_INDEX: &str = "notices/index.html";

pub const STATIONS_CSV: &str = "downloads/stations.csv";
pub const QUARTERLY_CSV: &str = "downloads/quarterly.csv";
pub const COUNTIES_CSV: &str = "downloads/counties.csv";

pub const FEED: &str = "feed.xml";
pub const SITEMAP: &str = "sitemap.xml";

/// An issue page.
pub fn issue_page(number: u32) -> String {
    format!("issues/{number}.html")
}

/// A county page.
pub fn county_page(id: &str) -> String {
    format!("counties/{id}.html")
}

/// A station page.
pub fn station_page(id: &str) -> String {
    format!("stations/{id}.html")
}

/// One station's 收益分配公示 of one year.
pub fn notice_page(year: i32, station_id: &str) -> String {
    format!("notices/{year}/{station_id}.html")
}

/// One county's notices of one year.
pub fn notice_list(year: i32, county_id: &str) -> String {
    format!("notices/{year}/by-county/{county_id}.html")
}

/// An issue's county ranking as CSV.
pub fn ranking_csv(number: u32) -> String {
    format!("downloads/ranking-{number}.csv")
}

/// An issue's whole 运维预警 list as CSV, written when the issue page shows only
/// its head (`issue_rows`).
pub fn alerts_csv(number: u32) -> String {
    format!("downloads/alerts-{number}.csv")
}

/// The `.xlsx` twin of a CSV download.
pub fn xlsx_of(csv_path: &str) -> String {
    format!("{}.xlsx", csv_path.trim_end_matches(".csv"))
}

/// The PDF printed from a page, beside it.
pub fn pdf_of(html_path: &str) -> String {
    format!("{}.pdf", html_path.trim_end_matches(".html"))
}

/// The Word file made from a page, beside it (`issues/25.docx`).
pub fn docx_of(html_path: &str) -> String {
    format!("{}.docx", html_path.trim_end_matches(".html"))
}

/// The PNG of the chart `chart_id` on the page at `html_path`, beside the page
/// (`issues/25-chart-3.png`). Ids are `[a-z0-9-]+`, so the page is found again by
/// cutting the last `-chart-N`.
pub fn chart_png(html_path: &str, chart_id: &str) -> String {
    format!("{}-{chart_id}.png", html_path.trim_end_matches(".html"))
}

/// The page a chart PNG belongs to: `issues/25-chart-3.png` → `issues/25`.
fn page_of_chart_png(path: &str) -> Option<&str> {
    let stem = path.strip_suffix(".png")?;
    let (page, n) = stem.rsplit_once("-chart-")?;
    (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then_some(page)
}

/// Part `n` (1-based) of a sitemap too long for one file.
pub fn sitemap_part(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

/// Whether `path` is the feed or a sitemap file.
pub fn is_feed(path: &str) -> bool {
    path == FEED || (path.starts_with("sitemap") && path.ends_with(".xml"))
}

/// What a file of the site is, read back from its path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind<'a> {
    /// `index.html`, `archive.html`, `search.html`.
    SitePage,
    CountiesPage,
    Issue(u32),
    County(&'a str),
    Station(&'a str),
    NoticesIndex,
    NoticeList {
        county: &'a str,
    },
    Notice {
        station: &'a str,
    },
    Download,
}

impl<'a> Kind<'a> {
    /// The kind of the page or download at `path`, or of the page a Word file or
    /// chart PNG is made from; `None` for any other file (search indexes, feeds,
    /// PDFs, stylesheets of the search UI).
    pub fn of(path: &'a str) -> Option<Kind<'a>> {
        let html = |p: &'a str| p.strip_suffix(".html");
        let or_docx = |p: &'a str| html(p).or_else(|| p.strip_suffix(".docx"));
        let stem = |p: &'a str| or_docx(p).or_else(|| page_of_chart_png(p));
        if page_of_chart_png(path) == Some("counties") {
            return Some(Kind::CountiesPage);
        }
        let parts: Vec<&str> = path.split('/').collect();
        match parts.as_slice() {
            [INDEX | ARCHIVE | SEARCH_PAGE] => Some(Kind::SitePage),
            [COUNTIES_PAGE] => Some(Kind::CountiesPage),
            ["issues", page] => stem(page)?.parse().ok().map(Kind::Issue),
            ["counties", page] => stem(page).map(Kind::County),
            ["stations", page] => html(page).map(Kind::Station),
            ["notices", "index.html"] => Some(Kind::NoticesIndex),
            ["notices", _, "by-county", page] => {
                html(page).map(|county| Kind::NoticeList { county })
            }
            ["notices", _, page] => or_docx(page).map(|station| Kind::Notice { station }),
            ["downloads", _] => Some(Kind::Download),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_reads_back_as_its_kind() {
        assert_eq!(Kind::of(&issue_page(25)), Some(Kind::Issue(25)));
        assert_eq!(Kind::of(&county_page("nanxi")), Some(Kind::County("nanxi")));
        assert_eq!(Kind::of(&station_page("a-1")), Some(Kind::Station("a-1")));
        assert_eq!(
            Kind::of(&notice_page(2017, "a-1")),
            Some(Kind::Notice { station: "a-1" })
        );
        assert_eq!(
            Kind::of(&notice_list(2017, "nanxi")),
            Some(Kind::NoticeList { county: "nanxi" })
        );
        assert_eq!(Kind::of(NOTICES_INDEX), Some(Kind::NoticesIndex));
        assert_eq!(Kind::of(&xlsx_of(&ranking_csv(3))), Some(Kind::Download));
        assert_eq!(Kind::of(SEARCH_PAGE), Some(Kind::SitePage));
        assert_eq!(Kind::of(COUNTIES_PAGE), Some(Kind::CountiesPage));
        assert_eq!(Kind::of("issues/25.pdf"), None);
        assert_eq!(Kind::of("pagefind/pagefind.js"), None);
    }

    /// Word files and chart PNGs belong to the page they are made from, so a
    /// rebuild of that page covers them.
    #[test]
    fn word_files_and_chart_pictures_read_back_as_their_page() {
        let issue = issue_page(25);
        assert_eq!(docx_of(&issue), "issues/25.docx");
        assert_eq!(chart_png(&issue, "chart-3"), "issues/25-chart-3.png");
        assert_eq!(Kind::of(&docx_of(&issue)), Some(Kind::Issue(25)));
        assert_eq!(
            Kind::of(&chart_png(&issue, "chart-12")),
            Some(Kind::Issue(25))
        );
        // A county whose id itself ends like a chart's.
        let county = county_page("a-chart-1");
        assert_eq!(
            Kind::of(&chart_png(&county, "chart-2")),
            Some(Kind::County("a-chart-1"))
        );
        assert_eq!(
            Kind::of(&chart_png(COUNTIES_PAGE, "chart-1")),
            Some(Kind::CountiesPage)
        );
        let notice = notice_page(2017, "a-1");
        assert_eq!(
            Kind::of(&docx_of(&notice)),
            Some(Kind::Notice { station: "a-1" })
        );
        assert_eq!(Kind::of("issues/25-chart-x.png"), None);
        assert_eq!(Kind::of("issues/25-chart-.png"), None);
        assert_eq!(Kind::of("notices/2017/by-county/nanxi.docx"), None);
    }

    #[test]
    fn twins_sit_beside_their_page() {
        assert_eq!(xlsx_of(STATIONS_CSV), "downloads/stations.xlsx");
        assert_eq!(pdf_of(&issue_page(25)), "issues/25.pdf");
        assert!(is_feed(FEED) && is_feed(&sitemap_part(2)) && !is_feed(INDEX));
    }
}
