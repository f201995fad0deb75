//! What a build leaves behind for a rebuild to start from: the data, the figures
//! computed from it, what the rules found, and what the output directory holds.

use crate::compute::Metrics;
use crate::model::{Dataset, StationData};
use crate::publish::search::IndexedPages;
use crate::validate::StationChecks;
use crate::write::Stamp;
use std::collections::BTreeMap;
use std::sync::Arc;

self_cell::self_cell!(
    /// The station data with the figures computed from it.
    pub struct Computed {
        owner: Arc<StationData>,
        #[covariant]
        dependent: Metrics,
    }
);

impl Computed {
    pub fn of(data: Arc<StationData>) -> Computed {
        Computed::new(data, |d| Metrics::compute(d))
    }
}

/// What the output directory holds and what it was built from.
pub struct Built {
    pub data: Dataset,
    pub computed: Computed,
    pub checks: StationChecks,
    /// The issue and county pages as the page index read them (after a build
    /// from the cache, only those rendered; the others are read from the output
    /// when the page index is built again).
    pub pages: IndexedPages,
    /// Every file of the output but its marker, relative, with its stamp.
    pub files: BTreeMap<String, Stamp>,
}
