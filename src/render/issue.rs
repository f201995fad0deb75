//! One issue page: articles (with their chart blocks) and the 本期数据 section.

use super::charts::{render_chart, ChartContext, ChartKind, ChartSpec};
use super::markdown::{self, RenderedMarkdown};
use super::pages::issue::{
    article_anchor, column_anchor, columns_of, ArticleContext, Closing, ColumnContext, DataSection,
    IssueHeader, IssuePage,
};
use super::pages::{Nav, Section, SiteContext};
use super::templates::Templates;
use crate::compute::Metrics;
use crate::contain::{self, Reader};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, FieldPath, Position};
use crate::model::{Article, Bulletin, Dataset};
use crate::paths;

use anyhow::Result;

/// Charts of the generated data section, grouped by the table they follow.
const TREND_CHARTS: [ChartKind; 2] = [ChartKind::GenerationTrend, ChartKind::BeneficiariesTrend];
const BUILD_CHARTS: [ChartKind; 2] = [ChartKind::CapacityByCounty, ChartKind::StatusPipeline];
const RANKING_CHARTS: [ChartKind; 2] = [ChartKind::TargetCompletion, ChartKind::UtilisationHours];

/// Renders issue pages, numbering charts so their ids are unique on a page.
pub struct IssueRenderer<'a> {
    pub data: &'a Dataset,
    pub metrics: &'a Metrics<'a>,
    pub templates: &'a Templates,
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
        let mut n = 0;
        let mut columns = Vec::new();
        for (i, name, articles) in columns_of(b) {
            let mut contexts = Vec::new();
            for a in articles {
                n += 1;
                let anchor = article_anchor(n);
                let prefix = format!("{anchor}-");
                // A panic inside the Markdown parser fails this build naming the
                // article, like any bad input (nothing is written).
                let rendered = contain::reading(&a.origin.file, Reader::Markdown, || {
                    markdown::render(&a.body, a.body_line, &prefix)
                })?;
                let html = self.embed_charts(rendered, a, &charts, &mut next_id, diagnostics)?;
                contexts.push(ArticleContext {
                    anchor,
                    title: a.meta.title.clone(),
                    author: a.meta.author.clone(),
                    html,
                });
            }
            columns.push(ColumnContext {
                name: name.to_string(),
                anchor: column_anchor(i),
                articles: contexts,
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
        rendered: RenderedMarkdown,
        article: &Article,
        ctx: &ChartContext<'_>,
        next_id: &mut impl FnMut() -> String,
        diagnostics: &mut Diagnostics,
    ) -> Result<String> {
        let mut html = rendered.html;
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
            html = html.replace(&markdown::chart_placeholder(i), &figure);
        }
        Ok(html)
    }
}
