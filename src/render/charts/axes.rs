//! The axes of the category charts (stacked bars, bars and line, lines): how much
//! room their labels take, and the labels themselves.

use super::draw::{axis_label, category_label, font, text_width, Area, DrawResult, GRID};
use plotters::coord::ranged1d::SegmentedCoord;
use plotters::coord::types::{RangedCoordf64, RangedCoordusize};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A chart with categories along x and values along y.
pub(super) type CategoryChart<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<SegmentedCoord<RangedCoordusize>, RangedCoordf64>>;

/// More categories than this along x have their labels turned upright, so
/// neighbours' names do not run into each other.
const UPRIGHT_LABELS: usize = 12;

/// Pixels from the x axis to where an upright label starts: plotters' tick (from 1
/// to 6 px under the axis) and a gap.
const UPRIGHT_GAP: i32 = 9;

/// Pixels under the x axis for the category labels.
pub(super) fn x_label_area(categories: &[String]) -> u32 {
    match categories.len() > UPRIGHT_LABELS {
        true => {
            let longest = categories
                .iter()
                .map(|c| text_width(c, 14.0))
                .fold(0.0, f64::max);
            (longest as u32 + 12).clamp(34, 160)
        }
        false => 34,
    }
}

/// Pixels beside a value axis reaching `top`: its widest tick label (the top one,
/// as plotters sets `font(15.0)`: 12.1 px, digits about 0.55 em wide, separators
/// 0.3 em) with the tick's 8 px and a 4 px gap, and, with a unit, the 18 px of the
/// turned title outside it. At least the 70 px that 400,000 and a title take; a
/// national total (10,000,000 人) needs more, and was cut at the picture's edge.
pub(super) fn value_label_area(top: f64, titled: bool) -> u32 {
    let ems: f64 = axis_label(top)
        .chars()
        .map(|c| if c.is_ascii_digit() { 0.55 } else { 0.3 })
        .sum();
    let title = if titled { 18.0 } else { 4.0 };
    ((ems * 12.1 + 8.0 + title).ceil() as u32).max(70)
}

/// The axes every category chart shares: a label per category (upright when
/// many), six value labels, horizontal grid lines only, and the unit on the value
/// axis. `area` is the one the chart was built on.
pub(super) fn category_mesh(
    chart: &mut CategoryChart<'_, '_>,
    area: &Area<'_>,
    categories: &[String],
    unit: Option<&str>,
) -> DrawResult {
    let labels = category_label(categories);
    let upright = categories.len() > UPRIGHT_LABELS;
    let mut mesh = chart.configure_mesh();
    mesh.disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_labels(categories.len())
        .y_labels(6)
        .y_label_formatter(&|v| axis_label(*v))
        .label_style(font(15.0))
        .axis_desc_style(font(15.0));
    if let Some(unit) = unit {
        mesh.y_desc(unit);
    }
    // Upright names are drawn below; plotters still draws the ticks, with an
    // empty label each that `svg::finish` drops.
    let none = |_: &SegmentValue<usize>| String::new();
    match upright {
        true => mesh.x_label_formatter(&none),
        false => mesh.x_label_formatter(&labels),
    };
    mesh.draw()?;
    if upright {
        upright_labels(chart, area, categories)?;
    }
    Ok(())
}

/// The categories' names turned clockwise (read top to bottom, as Chinese set
/// upright is), each starting just under its tick. plotters centres an
/// x label on its tick whatever position its style asks for, so a turned name ran
/// half its length up into the bars.
fn upright_labels(
    chart: &CategoryChart<'_, '_>,
    area: &Area<'_>,
    categories: &[String],
) -> DrawResult {
    let style = font(14.0)
        .transform(FontTransform::Rotate90)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let (base_x, base_y) = area.get_base_pixel();
    for (i, name) in categories.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(SegmentValue::CenterOf(i), 0.0));
        let (x, y) = (x - base_x, y - base_y);
        area.draw(&Text::new(
            name.as_str(),
            (x, y + UPRIGHT_GAP),
            style.clone(),
        ))?;
    }
    Ok(())
}
