//! Stage 4 — render: Markdown articles, charts and tera templates into page files,
//! all in memory. Nothing touches the disk until the `write` stage.

pub mod charts;
pub mod format;
pub mod issue;
pub mod markdown;
pub mod pages;
pub mod templates;

use crate::compute::Metrics;
use crate::diagnostics::Diagnostics;
use crate::model::Dataset;
use anyhow::Result;
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
    let issues = issue::IssueRenderer {
        data,
        metrics,
        templates: &templates,
    };
    for b in &data.bulletins {
        let html = issues.render(b, &mut out.diagnostics)?;
        out.files.push(OutputFile {
            path: pages::issue_path(b.meta.number),
            bytes: html.into_bytes(),
        });
    }
    Ok(out)
}
