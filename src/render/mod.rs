//! Stage 4 — render: Markdown articles, charts and tera templates into page files.
//!
//! Pages are independent, so they are rendered in parallel (rayon) and handed to an
//! [`Emit`] callback as soon as each is ready: the `write` stage streams them to
//! disk, and `check` drops them. Output is the same whatever the thread count.

pub mod charts;
pub mod county_charts;
pub mod issue;
pub mod markdown;
pub mod pages;
pub mod photos;
pub mod selection;
mod site;
pub mod templates;

pub use selection::Selection;
pub use site::{file_count, render_issues, render_selected, render_site, selected_count, Summary};

use anyhow::Result;

/// One file of the output site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output root, `/`-separated, made only of validated ids
    /// and fixed names, so it cannot leave the output directory.
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// Receives each rendered file, from any thread.
pub type Emit<'a> = dyn Fn(OutputFile) -> Result<()> + Sync + 'a;
