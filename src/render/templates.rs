//! The tera templates, embedded in the binary so the tool works from any directory.

use anyhow::{anyhow, Result};
use serde::Serialize;
use tera::{Context, Tera};

/// Every built-in template, by name (its path under `templates/`).
pub const BUILTIN: [(&str, &str); 4] = [
    ("style.css", include_str!("../../templates/style.css")),
    ("index.html", include_str!("../../templates/index.html")),
    ("issue.html", include_str!("../../templates/issue.html")),
    ("chart.html", include_str!("../../templates/chart.html")),
];

/// Parsed once per build; rendering takes `&self` so pages can share it.
pub struct Templates {
    tera: Tera,
}

impl Templates {
    pub fn builtin() -> Result<Self> {
        let mut tera = Tera::new();
        tera.add_raw_templates(BUILTIN)
            .map_err(|e| anyhow!("built-in templates do not parse: {e}"))?;
        Ok(Templates { tera })
    }

    /// Renders `name` with `context`; `.html` templates escape every value.
    pub fn render(&self, name: &str, context: &impl Serialize) -> Result<String> {
        let context = Context::from_serialize(context)
            .map_err(|e| anyhow!("cannot pass data to template `{name}`: {e}"))?;
        self.tera
            .render(name, &context)
            .map_err(|e| anyhow!("template `{name}` failed to render: {e}"))
    }
}
