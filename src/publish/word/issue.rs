//! An issue as a Word file, made from its page's context (`render::issue`): the
//! same 版头, 导读, articles, 本期数据 and 版记, the same words and figures.

use super::article::{self, Embeds};
use super::data;
use super::figures::Figures;
use crate::model::{Bulletin, Dataset};
use crate::publish::docx::{
    self, Article, Block, Closing, Column, Document, Guide, GuideGroup, Masthead, Picture,
    Properties,
};
use crate::render::charts::Chart;
use crate::render::pages::issue::{ArticleContext, IssuePage};
use crate::render::photos;
use std::sync::Arc;

/// The tallest a photo is printed: a portrait photo at the full 156 mm of the
/// 版心 would fill most of a page.
const PHOTO_MAX_HEIGHT_MM: f64 = 120.0;

/// What the site says about sample data, kept in the Word file's properties (the
/// printed page leaves the notice out, so does the document's body).
const SAMPLE_NOTE: &str = "示例数据（sample data）：本站内容为演示用虚构数据。";

/// The Word document of the issue whose page is `page`.
pub fn document(
    page: &IssuePage,
    b: &Bulletin,
    data: &Dataset,
    figures: &mut Figures<'_, '_>,
) -> Document {
    let issue_no = format!("第{}期", page.issue.number);
    let mut guide = Guide {
        groups: page
            .columns
            .iter()
            .map(|c| GuideGroup {
                tag: c.name.clone(),
                titles: c.articles.iter().map(|a| a.title.clone()).collect(),
            })
            .collect(),
        extra: Vec::new(),
    };
    if let Some(d) = &page.data {
        guide
            .extra
            .push(format!("【本期数据】{}", data::title(d, &page.site)));
    }
    let columns = page
        .columns
        .iter()
        .map(|c| Column {
            name: c.name.clone(),
            articles: c
                .articles
                .iter()
                .map(|a| article_of(a, b, figures))
                .collect(),
        })
        .collect();
    let appendix = page
        .data
        .as_ref()
        .map_or(Vec::new(), |d| data::blocks(d, &page.site, figures));
    let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let date = b.meta.date;
    Document {
        props: Properties {
            title: format!("{} {issue_no}", page.issue.title),
            author: page.site.issuer.clone(),
            date: docx_date(date),
            description: data.site.sample.then(|| SAMPLE_NOTE.to_string()),
        },
        masthead: Some(Masthead {
            title: page.issue.title.clone(),
            issue_no,
            issuer: page.site.issuer.clone(),
            date: page.issue.date.clone(),
            star: true,
            motto: page.site.motto.clone(),
        }),
        guide: Some(guide),
        columns,
        appendix,
        closing: Some(Closing {
            main_to: non_empty(&page.closing.main_to),
            copy_to: non_empty(&page.closing.copy_to),
            issuer: page.site.issuer.clone(),
            date: page.issue.date.clone(),
            copies: page.closing.copies,
        }),
        ..Document::default()
    }
}

fn article_of(a: &ArticleContext, b: &Bulletin, figures: &mut Figures<'_, '_>) -> Article {
    // Messages about the article's charts name the article's file.
    let issue_file = std::mem::replace(&mut figures.file, a.source.file.clone());
    let mut embeds = ArticleEmbeds {
        charts: &a.charts,
        bulletin: b,
        figures,
    };
    let body = article::blocks(&a.source.markdown, &mut embeds);
    figures.file = issue_file;
    Article {
        title: a.title.clone(),
        byline: a.author.clone(),
        body,
    }
}

/// An article's charts (drawn for its page) and pictures.
struct ArticleEmbeds<'a, 'p, 'e> {
    charts: &'a [Option<Chart>],
    bulletin: &'a Bulletin,
    figures: &'a mut Figures<'p, 'e>,
}

impl Embeds for ArticleEmbeds<'_, '_, '_> {
    fn chart(&mut self, i: usize) -> Vec<Block> {
        match self.charts.get(i) {
            Some(Some(chart)) => self.figures.blocks(chart),
            // A refused chart block: an error on the page, nothing here.
            _ => Vec::new(),
        }
    }

    /// A photo from the issue's folder, as the page embeds it (scaled to at
    /// most 1,200 px and re-encoded, decoded once for both): full 版心 width at
    /// most, and no taller than [`PHOTO_MAX_HEIGHT_MM`]. A photo the page cannot
    /// show is an error there; here it stays its alt text.
    fn image(&mut self, dest: &str, alt: &str) -> Option<Picture> {
        let file = photos::find(self.bulletin, dest).ok()?;
        let picture = photos::embedded(file).ok()?;
        let alt = alt.trim().to_string();
        Some(Picture {
            bytes: Arc::new(picture.file_bytes()?),
            dpi: 0.0,
            max_height_mm: Some(PHOTO_MAX_HEIGHT_MM),
            caption: alt.clone(),
            description: alt,
        })
    }
}

/// A date for the document properties.
pub fn docx_date(d: crate::model::Date) -> docx::Date {
    let year = u16::try_from(d.year).unwrap_or(1980);
    docx::Date::new(year, d.month as u8, d.day as u8)
}
