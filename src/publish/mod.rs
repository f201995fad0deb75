//! Publishing outputs beside the pages: what a site offers besides its HTML,
//! each made from the data or from the rendered pages.
//!
//! - [`downloads`]: the tables behind the pages as CSV and `.xlsx`;
//! - [`search`]: the Pagefind indexes of the pages and stations;
//! - [`feeds`]: the Atom feed and the sitemap of a hosted site;
//! - [`print`]: the issue and notice PDFs, printed by a real browser;
//! - [`word`]: the issues (and with `build --docx` the notices) as Word files, and
//!   the issue and county charts as PNG, written with [`docx`] and [`chart_png`].

pub mod chart_png;
pub mod docx;
pub mod downloads;
pub mod feeds;
pub mod print;
pub mod search;
pub mod word;
