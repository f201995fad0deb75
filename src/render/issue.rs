//! One issue page: articles (with their chart blocks and photos) and the 本期数据
//! section.

use super::charts::{render_chart, ChartContext, ChartKind, ChartSpec};
use super::markdown::{self, RenderedMarkdown};
use super::pages::issue::{
    article_anchor, column_anchor, columns_of, ArticleContext, Closing, ColumnContext, DataSection,
    IssueHeader, IssuePage,
};
use super::pages::{Nav, Section, SiteContext};
use super::photos;
use super::templates::Templates;
use crate::compute::Metrics;
use crate::contain::{self, Reader};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, FieldPath, Position};
use crate::model::{Article, Bulletin, Dataset};
use crate::paths;

use anyhow::Result;
use rayon::prelude::*;

/// Charts of the generated data section, grouped by the table they follow.
const TREND_CHARTS: [ChartKind; 2] = [ChartKind::GenerationTrend, ChartKind::BeneficiariesTrend];
const BUILD_CHARTS: [ChartKind; 2] = [ChartKind::CapacityByCounty, ChartKind::StatusPipeline];
const RANKING_CHARTS: [ChartKind; 2] = [ChartKind::TargetCompletion, ChartKind::UtilisationHours];

/// Renders issue pages, numbering charts so their ids are unique on a page.
pub struct IssueRenderer<'a> {
    pub data: &'a Dataset,
    pub metrics: &'a Metrics<'a>,
    pub templates: &'a Templates,
    pub photos: Photos,
}

/// What becomes of the photos articles show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Photos {
    /// Embedded in the page (a build).
    Embed,
    /// Found and their headers checked, not decoded: `check` drops the pages, and
    /// scaling a photo takes half a second.
    Check,
}

/// An article rendered to sanitized HTML, waiting for its charts and photos.
struct Pending<'b> {
    column: usize,
    anchor: String,
    article: &'b Article,
    rendered: RenderedMarkdown,
}

impl IssueRenderer<'_> {
    pub fn render(&self, b: &Bulletin, diagnostics: &mut Diagnostics) -> Result<String> {
        let charts = ChartContext {
            data: self.data,
            metrics: self.metrics,
            quarter: b.meta.quarter,
        };
        let mut chart_count = 0;
        let mut next_id = || {
            chart_count += 1;
            format!("chart-{chart_count}")
        };
        let mut pending = Vec::new();
        for (i, _, articles) in columns_of(b) {
            for a in articles {
                let anchor = article_anchor(pending.len() + 1);
                let prefix = format!("{anchor}-");
                // A panic inside the Markdown parser fails this build naming the
                // article, like any bad input (nothing is written).
                let rendered = contain::reading(&a.origin.file, Reader::Markdown, || {
                    markdown::render(&a.body, a.body_line, &prefix)
                })?;
                pending.push(Pending {
                    column: i,
                    anchor,
                    article: a,
                    rendered,
                });
            }
        }
        if self.photos == Photos::Embed {
            // The issue's photos side by side (each takes about half a second),
            // each once whatever the number of articles showing it.
            let found: Vec<_> = pending
                .iter()
                .flat_map(|p| &p.rendered.images)
                .filter_map(|img| photos::find(b, &img.src).ok())
                .collect();
            found.par_iter().for_each(|f| {
                let _ = photos::embedded(f);
            });
        }
        let mut columns: Vec<ColumnContext> = Vec::new();
        for (i, name, _) in columns_of(b) {
            columns.push(ColumnContext {
                name: name.to_string(),
                anchor: column_anchor(i),
                articles: Vec::new(),
            });
        }
        for p in pending {
            let html =
                self.embed_charts(&p.rendered, p.article, &charts, &mut next_id, diagnostics)?;
            let html = self.put_photos(html, b, &p, diagnostics);
            let column = columns
                .iter_mut()
                .find(|c| c.anchor == column_anchor(p.column))
                .expect("every article's column is listed");
            column.articles.push(ArticleContext {
                anchor: p.anchor,
                title: p.article.meta.title.clone(),
                author: p.article.meta.author.clone(),
                html,
            });
        }
        let mut data = DataSection::new(self.data, self.metrics, b);
        if let Some(section) = data.as_mut() {
            let mut figures = |kinds: [ChartKind; 2]| -> Result<Vec<String>> {
                kinds
                    .into_iter()
                    .map(|k| self.figure(&ChartSpec::of(k), &charts, &next_id()))
                    .collect()
            };
            section.trend_charts = figures(TREND_CHARTS)?;
            section.build_charts = figures(BUILD_CHARTS)?;
            section.ranking_charts = figures(RANKING_CHARTS)?;
            if !section.money.is_empty() {
                section.money_charts = vec![self.figure(
                    &ChartSpec::of(ChartKind::DistributionByUse),
                    &charts,
                    &next_id(),
                )?];
            }
        }
        let page = IssuePage {
            site: SiteContext::new(&self.data.site),
            nav: Nav::nested(Section::Issues),
            ranking_csv: format!("../{}", paths::ranking_csv(b.meta.number)),
            ranking_xlsx: format!("../{}", paths::xlsx_of(&paths::ranking_csv(b.meta.number))),
            issue: IssueHeader::new(&self.data.site, b),
            columns,
            data,
            closing: Closing::new(b),
        };
        self.templates.render("issue.html", &page)
    }

    /// A chart as an HTML `<figure>` with its title, summary and data table.
    fn figure(&self, spec: &ChartSpec, ctx: &ChartContext<'_>, id: &str) -> Result<String> {
        self.templates.figure(&render_chart(spec, ctx, id))
    }

    /// Replaces the article's chart placeholders with charts; a bad chart block is
    /// reported at its line and left out.
    fn embed_charts(
        &self,
        rendered: &RenderedMarkdown,
        article: &Article,
        ctx: &ChartContext<'_>,
        next_id: &mut impl FnMut() -> String,
        diagnostics: &mut Diagnostics,
    ) -> Result<String> {
        let mut html = rendered.html.clone();
        for (i, block) in rendered.charts.iter().enumerate() {
            let figure = match ChartSpec::parse(&block.source, self.data) {
                Ok(spec) => self.figure(&spec, ctx, &next_id())?,
                Err(e) => {
                    let mut d = Diagnostic::error(
                        Code::ChartBlock,
                        article.origin.file.clone(),
                        FieldPath::root(),
                        e.message,
                    )
                    .at(Some(Position {
                        line: block.line + e.line,
                        column: e.column,
                    }));
                    d.hint = e.hint;
                    diagnostics.push(d);
                    String::new()
                }
            };
            html = html.replace(&rendered.chart_placeholder(i), &figure);
        }
        Ok(html)
    }

    /// Replaces the article's image placeholders with its photos; an image that
    /// cannot be shown is reported at its line and column, and left out.
    fn put_photos(
        &self,
        mut html: String,
        b: &Bulletin,
        p: &Pending<'_>,
        diagnostics: &mut Diagnostics,
    ) -> String {
        for (i, img) in p.rendered.images.iter().enumerate() {
            let shown = photos::find(b, &img.src)
                .map_err(|u| (u.message, u.hint))
                .and_then(|file| match self.photos {
                    Photos::Check => Ok(String::new()),
                    Photos::Embed => match photos::embedded(file) {
                        Ok(picture) if img.block => Ok(photos::figure(&picture, &img.alt)),
                        Ok(picture) => Ok(photos::inline(&picture, &img.alt)),
                        Err(problem) => {
                            Err((format!("image `{}`: {problem}", img.src.trim()), None))
                        }
                    },
                });
            let shown = shown.unwrap_or_else(|(message, hint)| {
                let mut d = Diagnostic::error(
                    Code::ArticleImage,
                    p.article.origin.file.clone(),
                    FieldPath::root(),
                    message,
                )
                .at(Some(Position {
                    line: img.line,
                    column: img.column,
                }));
                d.hint = hint;
                diagnostics.push(d);
                String::new()
            });
            html = html.replace(&p.rendered.image_placeholder(i), &shown);
        }
        html
    }
}
