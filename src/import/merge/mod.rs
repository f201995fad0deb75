//! Imported rows merged with the data already there: [`stations`] into the
//! station files, [`progress`] into a quarter's file.

mod progress;
mod stations;

pub use progress::progress;
pub use stations::stations;

/// Where a sheet row went: record `index` of the data file `file` (relative to
/// the data directory) came from table row `row`. `check`'s findings on that
/// record are reported at the row's cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Located {
    pub file: String,
    pub index: usize,
    pub row: usize,
}
