//! Where the data and templates are, and how strict a run is.

use crate::publish::chart_png::ChartStore;
use std::path::{Path, PathBuf};

/// Where the data and templates are, and how strict to be.
#[derive(Clone, Debug)]
pub struct Options {
    pub data_dir: PathBuf,
    /// Overrides for the built-in templates; by default `templates/` beside the
    /// data directory, when it exists.
    pub templates_dir: Option<PathBuf>,
    pub deny_warnings: bool,
    /// With `build --pdf`: the browser that prints the issue and notice pages.
    pub pdf_browser: Option<PathBuf>,
    /// With `build --docx`: every village notice as a Word file too (issues always
    /// get one).
    pub docx_notices: bool,
    /// Chart pictures earlier builds on this machine drew (the user's cache
    /// directory, or `PV_BULLETIN_CACHE_DIR`); `None` draws them again.
    pub chart_store: Option<ChartStore>,
}

impl Options {
    pub fn new(data_dir: &Path) -> Self {
        let beside = data_dir
            .parent()
            .map(|p| {
                if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                }
            })
            .map(|p| p.join("templates"))
            .filter(|t| t.is_dir());
        Options {
            data_dir: data_dir.to_path_buf(),
            templates_dir: beside,
            deny_warnings: false,
            pdf_browser: None,
            docx_notices: false,
            chart_store: ChartStore::for_user(),
        }
    }
}
