//! Stage 4 — render: Markdown articles, charts and tera templates into page files,
//! all in memory. Nothing touches the disk until the `write` stage.

pub mod format;
pub mod markdown;
pub mod pages;
pub mod templates;

use crate::compute::Metrics;
use crate::diagnostics::Diagnostics;
use crate::model::{Bulletin, Dataset};
use anyhow::Result;
use pages::{
    article_anchor, column_anchor, columns_of, ArticleContext, Closing, ColumnContext, DataSection,
    IssueHeader, IssuePage, Nav, SiteContext,
};
use templates::Templates;

/// One file of the output site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output root, `/`-separated, made only of validated ids
    /// and fixed names, so it cannot leave the output directory.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The rendered site and any problems found on the way (e.g. bad chart blocks).
#[derive(Debug, Default)]
pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub diagnostics: Diagnostics,
}

/// Renders every page of the site.
pub fn render_site(data: &Dataset, metrics: &Metrics<'_>) -> Result<Rendered> {
    let templates = Templates::builtin()?;
    let mut out = Rendered::default();
    let index = pages::index_page(data);
    out.files.push(OutputFile {
        path: "index.html".into(),
        bytes: templates.render("index.html", &index)?.into_bytes(),
    });
    for b in &data.bulletins {
        let page = issue_page(data, metrics, b, &mut out.diagnostics);
        out.files.push(OutputFile {
            path: pages::issue_path(b.meta.number),
            bytes: templates.render("issue.html", &page)?.into_bytes(),
        });
    }
    Ok(out)
}

fn issue_page(
    data: &Dataset,
    metrics: &Metrics<'_>,
    b: &Bulletin,
    diagnostics: &mut Diagnostics,
) -> IssuePage {
    let mut n = 0;
    let columns = columns_of(b)
        .into_iter()
        .map(|(i, name, articles)| ColumnContext {
            name: name.to_string(),
            anchor: column_anchor(i),
            articles: articles
                .into_iter()
                .map(|a| {
                    n += 1;
                    let anchor = article_anchor(n);
                    let rendered = markdown::render(&a.body, a.body_line, &format!("{anchor}-"));
                    let html = embed_charts(rendered, a, diagnostics);
                    ArticleContext {
                        anchor,
                        title: a.meta.title.clone(),
                        author: a.meta.author.clone(),
                        html,
                    }
                })
                .collect(),
        })
        .collect();
    IssuePage {
        site: SiteContext::new(&data.site),
        nav: Nav { root: "../" },
        issue: IssueHeader::new(&data.site, b),
        columns,
        data: DataSection::new(data, metrics, b),
        closing: Closing::new(b),
    }
}

/// Replaces chart placeholders in an article with the charts they ask for.
fn embed_charts(
    rendered: markdown::RenderedMarkdown,
    article: &crate::model::Article,
    diagnostics: &mut Diagnostics,
) -> String {
    let mut html = rendered.html;
    for (i, block) in rendered.charts.iter().enumerate() {
        diagnostics.push(
            crate::diagnostics::Diagnostic::error(
                article.origin.file.clone(),
                crate::diagnostics::FieldPath::root(),
                "chart blocks are not supported yet",
            )
            .at(Some(crate::diagnostics::Position {
                line: block.line,
                column: 1,
            })),
        );
        html = html.replace(&markdown::chart_placeholder(i), "");
    }
    html
}
