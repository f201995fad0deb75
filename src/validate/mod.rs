//! Stage 2 — validate: the checks types alone cannot express — ranges, references
//! between files, uniqueness, and physical plausibility.
//!
//! Every rule pushes a diagnostic with the record's field path and goes on, so one
//! run reports every problem. Positions are filled in afterwards from the sources.

mod bulletins;
mod money;
mod plausible;
mod progress;
mod registry;
mod stations;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::format::exact;
use crate::model::{Dataset, Decimal, Origin, Quarter};
use std::collections::BTreeSet;

pub use registry::is_valid_id;

/// Runs every rule over the data set.
pub fn validate(data: &Dataset) -> Diagnostics {
    let checked = check_station_data(data);
    let mut diagnostics = checked.diagnostics.clone();
    diagnostics.extend(check_bulletins(data, &checked));
    diagnostics
}

/// What the rules for the station data (site, counties, stations, progress) found,
/// and what the bulletin rules need from them: kept by `serve` while only
/// bulletins change.
#[derive(Clone, Debug, Default)]
pub struct StationChecks {
    pub diagnostics: Diagnostics,
    /// Quarters that have a progress file.
    quarters: BTreeSet<Quarter>,
}

/// The rules for everything but the bulletins.
pub fn check_station_data(data: &Dataset) -> StationChecks {
    let mut out = Report::default();
    stations::check_site(data, &mut out);
    let counties = stations::check_counties(data, &mut out);
    let stations = stations::check_stations(data, &counties, &mut out);
    let quarters = progress::check_progress(data, &stations, &mut out);
    StationChecks {
        diagnostics: out.diagnostics,
        quarters,
    }
}

/// The rules for the bulletins and their articles.
pub fn check_bulletins(data: &Dataset, station: &StationChecks) -> Diagnostics {
    let mut out = Report::default();
    bulletins::check_bulletins(data, &station.quarters, &mut out);
    out.diagnostics
}

/// Collects diagnostics, addressing them by a record's origin.
#[derive(Default)]
struct Report {
    diagnostics: Diagnostics,
}

impl Report {
    fn error(&mut self, code: Code, at: &Origin, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Diagnostic::error(
            code,
            at.file.clone(),
            at.path.clone(),
            message,
        ))
    }

    fn warning(&mut self, code: Code, at: &Origin, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Diagnostic::warning(
            code,
            at.file.clone(),
            at.path.clone(),
            message,
        ))
    }

    fn push(&mut self, d: Diagnostic) -> &mut Diagnostic {
        self.diagnostics.items.push(d);
        self.diagnostics.items.last_mut().expect("just pushed")
    }

    /// A figure that must be a finite number ≥ 0 (or > 0 when `strict`) and below
    /// [`plausible::MAX_FIGURE`].
    /// `at` is only called when there is something to report: building field paths
    /// for every figure of a national data set would dominate validation.
    fn non_negative(&mut self, at: impl FnOnce() -> Origin, value: Decimal, strict: bool) -> bool {
        let ok = if strict {
            value > Decimal::ZERO
        } else {
            value >= Decimal::ZERO
        };
        if ok && value > plausible::MAX_FIGURE {
            self.error(
                Code::PhysicalLimit,
                &at(),
                format!(
                    "{} is beyond any plausible figure (more than 10^15); \
                     is it a typing error or a runaway exponent?",
                    exact(value)
                ),
            );
            return false;
        }
        if !ok {
            let want = if strict {
                "greater than 0"
            } else {
                "0 or more"
            };
            self.error(
                Code::OutOfRange,
                &at(),
                format!("expected a number {want}, found {}", exact(value)),
            );
        }
        ok
    }
}
