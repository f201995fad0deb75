//! pv-bulletin: renders photovoltaic poverty-alleviation briefing bulletins
//! (光伏扶贫工作简报) from YAML data into a static, self-contained HTML site.
//!
//! The pipeline, one module per stage:
//! [`load`] → [`validate`] → [`compute`] → [`render`] → [`write`], chained by
//! [`pipeline`]. Beside it:
//! - [`publish`]: the outputs besides the pages (downloads, search, feeds, PDFs);
//! - [`rebuild`]: `serve`'s incremental rebuilds;
//! - [`import`]: spreadsheets into the data directory;
//! - [`commands`]: the command line, one thin module per command.
//!
//! Shared by all of them, depending on nothing but [`model`]: [`format`] (how
//! figures, dates and text are written), [`paths`] (every output path),
//! [`canonical`] (the layout of the data files), [`diagnostics`], [`report`],
//! [`progress`] and [`contain`] (a panic inside a reader of hostile bytes becomes
//! an error naming the file). No module uses one that comes after it in this order.

// Diagnostics are returned by value on the error path only; boxing them would
// complicate every call site for no measurable gain.
#![allow(clippy::result_large_err)]

pub mod canonical;
pub mod commands;
pub mod compute;
pub mod contain;
pub mod diagnostics;
pub mod digest;
pub mod format;
pub mod import;
pub mod load;
pub mod model;
pub mod paths;
pub mod pipeline;
pub mod progress;
pub mod publish;
pub mod rebuild;
pub mod render;
pub mod report;
pub mod validate;
pub mod write;
