//! One issue page: articles (with their chart blocks and photos) and the 本期数据
//! section.
//!
//! [`IssueRenderer::page`] builds what the page is made of (its context, with the
//! charts kept beside their HTML), which the template lays out and from which the
//! Word file of the issue is made (`publish::word`), so both say the same.

use super::charts::{render_chart, Chart, ChartContext, ChartKind, ChartSpec, Figure};
use super::markdown::{self, RenderedMarkdown};
use super::pages::issue::{
    article_anchor, column_anchor, columns_of, ArticleContext, ArticleSource, Closing,
    ColumnContext, DataSection, IssueHeader, IssuePage,
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

/// Numbers the charts of one page (`chart-1`, …) and names the PNG beside it.
struct Charts<'a> {
    ctx: ChartContext<'a>,
    page: String,
    count: usize,
}

impl Charts<'_> {
    /// The chart `spec` asks for, with the next id and its PNG's name.
    fn next(&mut self, spec: &ChartSpec) -> Chart {
        self.count += 1;
        let id = format!("chart-{}", self.count);
        let png = paths::chart_png(&self.page, &id);
        render_chart(spec, &self.ctx, &id).with_png(&self.page, &png)
    }
}

impl IssueRenderer<'_> {
    /// The issue page as HTML.
    pub fn render(&self, b: &Bulletin, diagnostics: &mut Diagnostics) -> Result<String> {
        let page = self.page(b, diagnostics)?;
        self.templates.render("issue.html", &page)
    }

    /// What the issue page is made of; chart blocks and photos that cannot be
    /// shown are reported in `diagnostics` and left out.
    pub fn page(&self, b: &Bulletin, diagnostics: &mut Diagnostics) -> Result<IssuePage> {
        let mut charts = Charts {
            ctx: ChartContext {
                data: self.data,
                metrics: self.metrics,
                quarter: b.meta.quarter,
            },
            page: paths::issue_page(b.meta.number),
            count: 0,
        };
        let pending = self.articles(b)?;
        let columns = self.columns(b, pending, &mut charts, diagnostics)?;
        let mut data = DataSection::new(self.data, self.metrics, b);
        if let Some(section) = data.as_mut() {
            let mut figures = |kinds: &[ChartKind]| -> Result<Vec<Figure>> {
                kinds
                    .iter()
                    .map(|k| self.figure(charts.next(&ChartSpec::of(*k))))
                    .collect()
            };
            section.trend_charts = figures(&TREND_CHARTS)?;
            section.build_charts = figures(&BUILD_CHARTS)?;
            section.ranking_charts = figures(&RANKING_CHARTS)?;
            if !section.money.is_empty() {
                section.money_charts = figures(&[ChartKind::DistributionByUse])?;
            }
        }
        Ok(IssuePage {
            site: SiteContext::new(&self.data.site),
            nav: Nav::nested(Section::Issues),
            ranking_csv: format!("../{}", paths::ranking_csv(b.meta.number)),
            ranking_xlsx: format!("../{}", paths::xlsx_of(&paths::ranking_csv(b.meta.number))),
            docx: docx_link(b.meta.number),
            issue: IssueHeader::new(&self.data.site, b),
            columns,
            data,
            closing: Closing::new(b),
        })
    }

    /// Every article rendered to sanitized HTML, in the issue's order, with its
    /// photos decoded side by side when the page embeds them.
    fn articles<'b>(&self, b: &'b Bulletin) -> Result<Vec<Pending<'b>>> {
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
        Ok(pending)
    }

    /// The articles grouped by column, with their charts and photos in place.
    fn columns(
        &self,
        b: &Bulletin,
        pending: Vec<Pending<'_>>,
        charts: &mut Charts<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Result<Vec<ColumnContext>> {
        let mut columns: Vec<ColumnContext> = Vec::new();
        for (i, name, _) in columns_of(b) {
            columns.push(ColumnContext {
                name: name.to_string(),
                anchor: column_anchor(i),
                articles: Vec::new(),
            });
        }
        for p in pending {
            let (html, article_charts) =
                self.embed_charts(&p.rendered, p.article, charts, diagnostics)?;
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
                source: ArticleSource::of(p.article),
                charts: article_charts,
            });
        }
        Ok(columns)
    }
    /// A chart with its HTML `<figure>`: title, SVG, summary, data table, PNG link.
    fn figure(&self, chart: Chart) -> Result<Figure> {
        let html = self.templates.figure(&chart)?;
        Ok(Figure { chart, html })
    }

    /// Replaces the article's chart placeholders with charts; a bad chart block is
    /// reported at its line and left out. Returns the HTML and the charts, one per
    /// block.
    fn embed_charts(
        &self,
        rendered: &RenderedMarkdown,
        article: &Article,
        charts: &mut Charts<'_>,
        diagnostics: &mut Diagnostics,
    ) -> Result<(String, Vec<Option<Chart>>)> {
        let mut html = rendered.html.clone();
        let mut drawn = Vec::new();
        for (i, block) in rendered.charts.iter().enumerate() {
            let figure = match ChartSpec::parse(&block.source, self.data) {
                Ok(spec) => Some(self.figure(charts.next(&spec))?),
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
                    None
                }
            };
            let shown = figure.as_ref().map_or("", |f| f.html.as_str());
            html = html.replace(&rendered.chart_placeholder(i), shown);
            drawn.push(figure.map(|f| f.chart));
        }
        Ok((html, drawn))
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

/// The issue page's link to its Word file (beside it).
fn docx_link(number: u32) -> String {
    let path = paths::docx_of(&paths::issue_page(number));
    path.rsplit('/').next().unwrap_or(&path).to_string()
}
