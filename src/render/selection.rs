//! Which files of the site a render produces: all of them (a build), or those an
//! edit can change (`serve`, see `pipeline::changes`).

use crate::paths::Kind;
use std::collections::BTreeSet;

/// The files to render. Each field names a kind of file; [`Selection::all`] takes
/// every one. A station named in `stations` brings its notices of every year; a
/// county in `counties` its notice lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// `index.html`, `archive.html` and `search.html`.
    pub site_pages: bool,
    /// Every issue page, or those in `issues`.
    pub all_issues: bool,
    pub issues: BTreeSet<u32>,
    /// `counties.html`.
    pub counties_page: bool,
    /// Every county page, every county's notice lists; or those of `counties`.
    pub all_county_pages: bool,
    pub all_notice_lists: bool,
    pub counties: BTreeSet<String>,
    /// Every station page, every notice; or those of `stations`.
    pub all_station_pages: bool,
    pub all_notices: bool,
    pub stations: BTreeSet<String>,
    /// `notices/index.html`.
    pub notices_index: bool,
    /// The CSV and `.xlsx` downloads.
    pub downloads: bool,
}

impl Selection {
    /// The whole site.
    pub fn all() -> Selection {
        Selection {
            site_pages: true,
            all_issues: true,
            counties_page: true,
            all_county_pages: true,
            all_notice_lists: true,
            all_station_pages: true,
            all_notices: true,
            notices_index: true,
            downloads: true,
            ..Selection::default()
        }
    }

    pub fn issue(&self, number: u32) -> bool {
        self.all_issues || self.issues.contains(&number)
    }

    pub fn county_page(&self, id: &str) -> bool {
        self.all_county_pages || self.counties.contains(id)
    }

    pub fn notice_list(&self, county: &str) -> bool {
        self.all_notice_lists || self.counties.contains(county)
    }

    pub fn station_page(&self, id: &str) -> bool {
        self.all_station_pages || self.stations.contains(id)
    }

    pub fn notice(&self, station: &str) -> bool {
        self.all_notices || self.stations.contains(station)
    }

    /// Whether any notice list is selected.
    pub fn any_notice_list(&self) -> bool {
        self.all_notice_lists || !self.counties.is_empty()
    }

    /// Whether any notice is selected.
    pub fn any_notice(&self) -> bool {
        self.all_notices || !self.stations.is_empty()
    }

    /// Whether anything is selected.
    pub fn is_empty(&self) -> bool {
        *self == Selection::default()
    }

    /// Adds what `other` selects.
    pub fn extend(&mut self, other: Selection) {
        self.site_pages |= other.site_pages;
        self.all_issues |= other.all_issues;
        self.issues.extend(other.issues);
        self.counties_page |= other.counties_page;
        self.all_county_pages |= other.all_county_pages;
        self.all_notice_lists |= other.all_notice_lists;
        self.counties.extend(other.counties);
        self.all_station_pages |= other.all_station_pages;
        self.all_notices |= other.all_notices;
        self.stations.extend(other.stations);
        self.notices_index |= other.notices_index;
        self.downloads |= other.downloads;
    }

    /// Whether `path` (relative to the site root) is of the files this selection
    /// renders: a file it covers but no longer renders has gone from the site.
    pub fn covers(&self, path: &str) -> bool {
        match Kind::of(path) {
            Some(Kind::SitePage) => self.site_pages,
            Some(Kind::CountiesPage) => self.counties_page,
            Some(Kind::Issue(n)) => self.issue(n),
            Some(Kind::County(c)) => self.county_page(c),
            Some(Kind::Station(s)) => self.station_page(s),
            Some(Kind::NoticesIndex) => self.notices_index,
            Some(Kind::NoticeList { county }) => self.notice_list(county),
            Some(Kind::Notice { station }) => self.notice(station),
            Some(Kind::Download) => self.downloads,
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_selection_covers_the_files_it_renders() {
        let s = Selection {
            issues: [25].into(),
            counties: ["nanxi".to_string()].into(),
            stations: ["nanxi-001".to_string()].into(),
            ..Selection::default()
        };
        for path in [
            "issues/25.html",
            "counties/nanxi.html",
            "stations/nanxi-001.html",
            "notices/2017/nanxi-001.html",
            "notices/2017/by-county/nanxi.html",
        ] {
            assert!(s.covers(path), "{path}");
        }
        for path in [
            "issues/24.html",
            "issues/25.pdf",
            "index.html",
            "counties.html",
            "stations/nanxi-002.html",
            "notices/index.html",
            "notices/2017/by-county/donghu.html",
            "downloads/stations.csv",
            "pagefind/pagefind-entry.json",
            "feed.xml",
        ] {
            assert!(!s.covers(path), "{path}");
        }
        let all = Selection::all();
        assert!(all.covers("notices/2016/donghu-003.html") && all.covers("downloads/x.xlsx"));
        assert!(
            !all.covers("pagefind/pagefind-entry.json"),
            "search is not rendered"
        );
        assert!(Selection::default().is_empty() && !all.is_empty());
        let pages_only = Selection {
            all_station_pages: true,
            ..Selection::default()
        };
        assert!(pages_only.covers("stations/x.html") && !pages_only.covers("notices/2017/x.html"));
    }
}
