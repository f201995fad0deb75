//! Imported rows merged with the data already there: [`stations`] into the
//! station files, [`progress`] into a quarter's file.

mod progress;
mod stations;

pub use progress::progress;
pub use stations::stations;
