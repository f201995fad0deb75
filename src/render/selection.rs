//! Which files of the site a render produces: all of them (a build), or those an
//! edit can change (`serve`, see `pipeline::changes`).

use std::collections::BTreeSet;

/// The files to render. Each field names a kind of file; [`Selection::all`] takes
/// every one. A station brings its notices of every year; a county its notice lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// `index.html`, `archive.html` and `search.html`.
    pub site_pages: bool,
    /// Every issue page, or those in `issues`.
    pub all_issues: bool,
    pub issues: BTreeSet<u32>,
    /// `counties.html`.
    pub counties_page: bool,
    /// Every county page (and notice list), or those in `counties`.
    pub all_counties: bool,
    pub counties: BTreeSet<String>,
    /// Every station page (and its notices), or those in `stations`.
    pub all_stations: bool,
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
            all_counties: true,
            all_stations: true,
            notices_index: true,
            downloads: true,
            ..Selection::default()
        }
    }

    pub fn issue(&self, number: u32) -> bool {
        self.all_issues || self.issues.contains(&number)
    }

    pub fn county(&self, id: &str) -> bool {
        self.all_counties || self.counties.contains(id)
    }

    pub fn station(&self, id: &str) -> bool {
        self.all_stations || self.stations.contains(id)
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
        self.all_counties |= other.all_counties;
        self.counties.extend(other.counties);
        self.all_stations |= other.all_stations;
        self.stations.extend(other.stations);
        self.notices_index |= other.notices_index;
        self.downloads |= other.downloads;
    }

    /// Whether `path` (relative to the site root) is of the files this selection
    /// renders: a file it covers but no longer renders has gone from the site.
    pub fn covers(&self, path: &str) -> bool {
        let stem = |p: &str| p.strip_suffix(".html").map(str::to_string);
        let parts: Vec<&str> = path.split('/').collect();
        match parts.as_slice() {
            ["index.html" | "archive.html" | "search.html"] => self.site_pages,
            ["counties.html"] => self.counties_page,
            ["issues", page] => stem(page)
                .and_then(|n| n.parse().ok())
                .is_some_and(|n| self.issue(n)),
            ["counties", page] => stem(page).is_some_and(|c| self.county(&c)),
            ["stations", page] => stem(page).is_some_and(|s| self.station(&s)),
            ["notices", "index.html"] => self.notices_index,
            ["notices", _, "by-county", page] => stem(page).is_some_and(|c| self.county(&c)),
            ["notices", _, page] => stem(page).is_some_and(|s| self.station(&s)),
            ["downloads", _] => self.downloads,
            _ => false,
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
    }
}
