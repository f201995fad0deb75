//! How figures, dates and text are written out, shared by every stage: validation
//! messages, computed summaries, pages, downloads and the serve page all format
//! through here, so a figure reads the same wherever it appears. Depends on the
//! model only.

mod bidi;
pub mod columns;
mod dates;
mod html;
mod notes;
mod numbers;
mod units;
pub mod xlsx;

pub use bidi::{escape_for_templates, is_bidi_control, strip_bidi};
pub use dates::date_zh;
pub use html::escape_html;
pub use notes::{adds_up, legend, Marks, NOT_APPLICABLE, NOT_REPORTED, ROUNDING_NOTE};
pub use numbers::{
    exact, grouped, grouped_len, int, magnitude, percent, percent_value, plain, push_plain, round,
    signed_percent, signed_points, split_decimal,
};
pub use units::{shown, with_unit, Unit};

/// Columns `text` takes in a terminal or a spreadsheet cell: East Asian wide
/// characters take two (Unicode's East Asian Width, by the `unicode-width` crate).
pub fn display_width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}
