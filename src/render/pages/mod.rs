//! Page contexts: what each template receives, with every number already formatted.
//! Templates only lay these strings out.
//!
//! Every link is relative (`nav.root` leads back to the site root), so the site works
//! under any sub-path and from `file://`.

pub mod county;
pub mod index;
pub mod issue;
pub mod money;
pub mod notice;
pub mod overview;
pub mod station;

use crate::model::{Language, Site, Terms};
use serde::Serialize;

#[derive(Serialize)]
pub struct SiteContext {
    pub lang: &'static str,
    pub title: String,
    pub issuer: String,
    pub region: String,
    pub motto: Option<String>,
    pub sample: bool,
    /// Whether the site publishes `feed.xml` (it has a `base_url`).
    pub feed: bool,
    /// What the units in counties.yaml are called (县（区）, 乡镇, 市 …), and the
    /// same as a plain word for compounds (县区与电站, 乡镇与电站).
    pub subdivision: String,
    pub subdivision_word: String,
    /// The words of generated text (`terms:`): `site.terms.programme` is 光伏扶贫 or
    /// 光伏帮扶 in every heading a template writes.
    pub terms: Terms,
}

impl SiteContext {
    pub fn new(site: &Site) -> Self {
        SiteContext {
            lang: match site.language {
                Language::ZhCn => "zh-CN",
                Language::En => "en",
            },
            title: site.title.clone(),
            issuer: site.issuer.clone(),
            region: site.region.clone(),
            motto: site.motto.clone(),
            sample: site.sample,
            feed: site.base_url.is_some(),
            subdivision: site.subdivision.clone(),
            subdivision_word: site.subdivision_word(),
            terms: site.terms.clone(),
        }
    }
}

/// Which part of the site a page belongs to, for the navigation bar.
#[derive(Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Issues,
    Archive,
    Counties,
    Notices,
    Search,
}

/// The navigation bar: the way back to the site root and the current section.
#[derive(Serialize)]
pub struct Nav {
    /// `""` for pages at the root, `"../"` for pages one folder down.
    pub root: &'static str,
    pub section: Section,
}

impl Nav {
    pub fn top(section: Section) -> Self {
        Nav::at_depth(0, section)
    }

    pub fn nested(section: Section) -> Self {
        Nav::at_depth(1, section)
    }

    /// For a page `depth` folders below the site root (at most 3).
    pub fn at_depth(depth: usize, section: Section) -> Self {
        const ROOTS: [&str; 4] = ["", "../", "../../", "../../../"];
        Nav {
            root: ROOTS[depth.min(3)],
            section,
        }
    }
}

/// The legend under a facts table, for the marks its values use.
pub fn facts_note<'a>(facts: impl IntoIterator<Item = &'a Fact>) -> String {
    crate::format::legend(crate::format::Marks::of(
        facts.into_iter().map(|f| f.value.as_str()),
    ))
}

/// A labelled figure in a facts table (`<th>` label, `<td>` value).
#[derive(Serialize)]
pub struct Fact {
    /// Fixed, or in the site's words (受益脱贫户（人口）).
    pub label: String,
    pub value: String,
}

impl Fact {
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        Fact {
            label: label.into(),
            value: value.into(),
        }
    }
}
