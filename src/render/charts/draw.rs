//! Drawing primitives shared by the layouts: palette, fonts, text widths, axis labels
//! and legends, on plotters' SVG backend.
//!
//! Text is drawn as `sans-serif`; the page stylesheet swaps in a CJK font stack, so the
//! SVG stays small and Chinese renders with the reader's own fonts. Label areas are
//! sized for CJK widths here, since plotters cannot measure text without a font file.
//! The palette is one red ramp of falling lightness, so series stay apart in
//! greyscale print.

use crate::format::grouped;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Dark to light; sequential series (statuses) use it light to dark.
pub(super) const RAMP: [RGBColor; 5] = [
    RGBColor(0x6e, 0x0f, 0x0f),
    RGBColor(0xb0, 0x30, 0x2a),
    RGBColor(0xd9, 0x6c, 0x5c),
    RGBColor(0xec, 0xa8, 0x9b),
    RGBColor(0xf7, 0xdc, 0xd5),
];
pub(super) const INK: RGBColor = RGBColor(0x33, 0x33, 0x33);
pub(super) const GRID: RGBColor = RGBColor(0xe2, 0xe2, 0xe2);
/// Width of every chart in SVG units; pages scale it with CSS.
pub(super) const WIDTH: u32 = 720;
pub(super) const FONT: &str = "sans-serif";

pub(super) type DrawResult = Result<(), Box<dyn std::error::Error>>;
pub(super) type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

/// Rough rendered width of `text` at `size` px: CJK glyphs are square, Latin narrower.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.6 } else { 1.0 })
        .sum::<f64>()
        * size
}

/// A round axis maximum with some headroom above `max`.
pub fn nice_ceiling(max: f64) -> f64 {
    if !max.is_finite() || max <= 0.0 {
        return 1.0;
    }
    let target = max * 1.08;
    let magnitude = 10f64.powf(target.log10().floor());
    [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|v| *v >= target)
        .unwrap_or(10.0 * magnitude)
}

/// An axis tick (plotters' tick values are floats: 0.30000000000000004 is the
/// tick at 0.3).
pub(super) fn axis_label(v: f64) -> String {
    let exact = crate::model::number::from_f64(v).unwrap_or_default();
    if v.fract().abs() < 1e-9 {
        grouped(exact, 0)
    } else {
        grouped(exact, 1)
    }
}

pub(super) fn font(size: f64) -> TextStyle<'static> {
    (FONT, size).into_font().color(&INK)
}

pub(super) enum Swatch {
    Box,
    Line,
}

/// A row of legend entries across the top strip.
pub(super) fn legend(area: &Area<'_>, items: &[(&str, RGBColor, Swatch)]) -> DrawResult {
    let mut x = 60i32;
    for (name, color, swatch) in items {
        match swatch {
            Swatch::Box => area.draw(&Rectangle::new([(x, 12), (x + 14, 26)], color.filled()))?,
            Swatch::Line => {
                area.draw(&PathElement::new(
                    vec![(x - 2, 19), (x + 16, 19)],
                    color.stroke_width(2),
                ))?;
                area.draw(&Circle::new((x + 7, 19), 3, color.filled()))?;
            }
        }
        area.draw(&Text::new(
            name.to_string(),
            (x + 20, 19),
            font(15.0).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        x += 20 + text_width(name, 13.0) as i32 + 22;
    }
    Ok(())
}

pub(super) fn category_label(
    categories: &[String],
) -> impl Fn(&SegmentValue<usize>) -> String + '_ {
    move |v| match v {
        SegmentValue::CenterOf(i) => categories.get(*i).cloned().unwrap_or_default(),
        _ => String::new(),
    }
}

/// `n` category slots. plotters' integer ranges include their end, so `0..n` would
/// add an empty slot after the last category.
pub(super) fn segments(
    n: usize,
) -> plotters::coord::ranged1d::SegmentedCoord<plotters::coord::types::RangedCoordusize> {
    (0..n.saturating_sub(1)).into_segmented()
}

/// Pixels left free on each side of a bar, so bars stay slim when few.
pub(super) fn bar_margin(n: usize) -> u32 {
    let slot = 620 / n.max(1) as u32;
    (slot / 4).clamp(3, 60)
}
