//! The tera templates, embedded in the binary so the tool works from any directory.

use super::charts::Chart;
use anyhow::{anyhow, Context as _, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use tera::{Context, Tera};

/// Every built-in template, by name (its path under `templates/`).
pub const BUILTIN: [(&str, &str); 18] = [
    ("base.css", include_str!("../../templates/base.css")),
    ("style.css", include_str!("../../templates/style.css")),
    ("notice.css", include_str!("../../templates/notice.css")),
    ("print.css", include_str!("../../templates/print.css")),
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("archive.html", include_str!("../../templates/archive.html")),
    ("issue.html", include_str!("../../templates/issue.html")),
    (
        "counties.html",
        include_str!("../../templates/counties.html"),
    ),
    ("county.html", include_str!("../../templates/county.html")),
    ("station.html", include_str!("../../templates/station.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("chart.html", include_str!("../../templates/chart.html")),
    (
        "money_table.html",
        include_str!("../../templates/money_table.html"),
    ),
    ("notice.html", include_str!("../../templates/notice.html")),
    ("notices.html", include_str!("../../templates/notices.html")),
    (
        "notice_list.html",
        include_str!("../../templates/notice_list.html"),
    ),
    (
        "alerts_table.html",
        include_str!("../../templates/alerts_table.html"),
    ),
];

/// The template files of an overrides folder: name (relative path, `/`-separated)
/// and path, in name order.
fn overrides(dir: &Path) -> Result<Vec<(String, std::path::PathBuf)>> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read templates `{}`", dir.display()))?;
        let name = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let name = name.to_string_lossy().replace('\\', "/");
        let wanted = name.ends_with(".html") || name.ends_with(".css");
        if entry.file_type().is_file() && wanted && !name.starts_with('.') {
            found.push((name, entry.path().to_path_buf()));
        }
    }
    Ok(found)
}

/// A digest of each template override in `dir`, by name, to tell which changed
/// between builds; a file that cannot be read counts as changed on every build.
pub fn override_digests(dir: Option<&Path>) -> BTreeMap<String, u64> {
    let Some(dir) = dir else {
        return BTreeMap::new();
    };
    overrides(dir)
        .unwrap_or_default()
        .into_iter()
        .map(|(name, path)| {
            let digest = std::fs::read(&path).map_or(u64::MAX, |b| crate::digest::bytes(&b));
            (name, digest)
        })
        .collect()
}

/// Parsed once per build; rendering takes `&self` so pages can share it.
pub struct Templates {
    tera: Tera,
    /// Every template's text, by name (to tell which templates use which).
    sources: BTreeMap<String, String>,
    /// Whether PDFs are built beside issue and notice pages (`build --pdf`), so
    /// pages link to them; every template sees it as `pdf`.
    pdf: bool,
    /// Charts turned into figures so far (for the build summary).
    figures: std::sync::atomic::AtomicUsize,
}

impl Templates {
    pub fn builtin() -> Result<Self> {
        Self::with_overrides(None)
    }

    /// The built-in templates, with any file of the same name (or a new one, e.g. a
    /// partial) from `dir` taking precedence.
    pub fn with_overrides(dir: Option<&Path>) -> Result<Self> {
        let mut sources: BTreeMap<String, String> = BUILTIN
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        if let Some(dir) = dir {
            for (name, path) in overrides(dir)? {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read template `{}`", path.display()))?;
                // A template saved by Notepad starts with a byte-order mark, which
                // would otherwise land in the middle of every page.
                let text = match text.strip_prefix('\u{feff}') {
                    Some(rest) => rest.to_string(),
                    None => text,
                };
                sources.insert(name, text);
            }
        }
        let mut tera = Tera::new();
        // Bidi controls in the data would reverse a `<title>` or an attribute.
        tera.set_escape_fn(crate::format::escape_for_templates);
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| match dir {
                Some(d) => anyhow!("templates in `{}` do not parse: {e}", d.display()),
                None => anyhow!("built-in templates do not parse: {e}"),
            })?;
        Ok(Templates {
            tera,
            sources,
            pdf: false,
            figures: Default::default(),
        })
    }

    /// Whether another template names `name` (extends, includes or imports it).
    pub fn is_used_by_others(&self, name: &str) -> bool {
        let quoted = [format!("\"{name}\""), format!("'{name}'")];
        self.sources
            .iter()
            .any(|(other, text)| other != name && quoted.iter().any(|q| text.contains(q.as_str())))
    }

    /// Makes pages link to the PDFs printed beside them.
    pub fn with_pdf_links(mut self, pdf: bool) -> Self {
        self.pdf = pdf;
        self
    }

    /// A chart as an HTML `<figure>`: title, SVG, summary and data table.
    pub fn figure(&self, chart: &Chart) -> Result<String> {
        self.figures
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.uncounted_figure(chart)
    }

    /// [`Templates::figure`] left out of the count: the Word stage renders the
    /// issues' charts again while the pages are rendered, and counting those made
    /// the summary's chart count depend on how far it had got.
    pub fn uncounted_figure(&self, chart: &Chart) -> Result<String> {
        #[derive(Serialize)]
        struct Context<'a> {
            chart: &'a Chart,
        }
        self.render("chart.html", &Context { chart })
    }

    /// How many chart figures were rendered.
    pub fn figures(&self) -> usize {
        self.figures.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Renders `name` with `context`; `.html` templates escape every value.
    pub fn render(&self, name: &str, context: &impl Serialize) -> Result<String> {
        let mut context = Context::from_serialize(context)
            .map_err(|e| anyhow!("cannot pass data to template `{name}`: {e}"))?;
        context.insert("pdf", &self.pdf);
        self.tera
            .render(name, &context)
            .map_err(|e| anyhow!("template `{name}` failed to render: {e}"))
    }
}
