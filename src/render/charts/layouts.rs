//! The four chart layouts, drawn with plotters on an SVG drawing area.

use super::axes::{category_mesh, value_label_area, x_label_area};
use super::cap::GAP;
use super::data::ChartData;
use super::draw::{
    axis_label, bar_margin, font, legend, nice_ceiling, segments, text_width, Area, DrawResult,
    Swatch, GRID, INK, RAMP,
};
use super::spec::ChartKind;
use crate::format::grouped;
use crate::model::Decimal;
use plotters::coord::ranged1d::SegmentedCoord;
use plotters::coord::types::{RangedCoordf64, RangedCoordusize};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A value as the drawing's coordinate (labels are formatted from the exact value).
fn f(v: &Decimal) -> f64 {
    rust_decimal::prelude::ToPrimitive::to_f64(v).unwrap_or(0.0)
}

pub fn stacked_bars(root: &Area<'_>, d: &ChartData) -> DrawResult {
    let (top_strip, plot) = root.split_vertically(40);
    // Sequential data (statuses: 规划 … 已并网) reads light to dark; categories dark to light.
    let sequential = d.series.len() == 5;
    let color = |s: usize| {
        if sequential {
            RAMP[4 - s]
        } else {
            RAMP[s % RAMP.len()]
        }
    };
    let items: Vec<_> = d
        .series
        .iter()
        .enumerate()
        .map(|(s, series)| (series.name.as_str(), color(s), Swatch::Box))
        .collect();
    legend(&top_strip, &items)?;
    let n = d.categories.len();
    let totals: Vec<Decimal> = (0..n)
        .map(|i| d.series.iter().map(|s| s.values[i]).sum())
        .collect();
    let top = nice_ceiling(totals.iter().map(f).fold(0.0, f64::max));
    let unit = d.series.first().map_or("", |s| s.unit);
    let mut chart = ChartBuilder::on(&plot)
        .margin_right(16)
        .margin_top(8)
        .x_label_area_size(x_label_area(&d.categories))
        .y_label_area_size(value_label_area(top, true))
        .build_cartesian_2d(segments(n), 0f64..top)?;
    category_mesh(&mut chart, &plot, &d.categories, Some(unit))?;
    let margin = bar_margin(n);
    for (s, series) in d.series.iter().enumerate() {
        let rects = (0..n)
            .filter(|i| series.values[*i] > Decimal::ZERO)
            .map(|i| {
                let bottom: Decimal = d.series[..s].iter().map(|x| x.values[i]).sum();
                let mut r = Rectangle::new(
                    [
                        (SegmentValue::Exact(i), f(&bottom)),
                        (SegmentValue::Exact(i + 1), f(&(bottom + series.values[i]))),
                    ],
                    color(s).filled(),
                );
                r.set_margin(0, 0, margin, margin);
                r
            });
        chart.draw_series(rects)?;
    }
    // No total over the gap of a cut ranking (see `cap`).
    let shown = totals
        .iter()
        .enumerate()
        .filter(|(i, _)| d.categories[*i] != GAP);
    chart.draw_series(shown.map(|(i, t)| {
        Text::new(
            grouped(*t, if top < 10.0 { 2 } else { 0 }),
            (SegmentValue::CenterOf(i), f(t)),
            font(14.0).pos(Pos::new(HPos::Center, VPos::Bottom)),
        )
    }))?;
    Ok(())
}

pub fn ranked_bars(
    root: &Area<'_>,
    d: &ChartData,
    reference: &Option<(Decimal, String)>,
    flagged: &[bool],
) -> DrawResult {
    let n = d.categories.len();
    let values = &d.series[0].values;
    let max = values
        .iter()
        .chain(reference.as_ref().map(|r| &r.0))
        .map(f)
        .fold(0.0, f64::max);
    let top = nice_ceiling(max);
    let shown = short_labels(&d.categories);
    let label_width = shown
        .iter()
        .map(|c| text_width(c, 13.0))
        .fold(40.0, f64::max)
        + 16.0;
    let (top_strip, plot) = root.split_vertically(34);
    ranked_legend(&top_strip, d, flagged)?;
    let mut chart = ChartBuilder::on(&plot)
        .margin_right(70)
        .margin_top(6)
        .x_label_area_size(30)
        .y_label_area_size(label_width as u32)
        .build_cartesian_2d(0f64..top, segments(n))?;
    // Rank 1 is drawn at the top: category j sits in row n-1-j.
    let row = |j: usize| n - 1 - j;
    ranked_mesh(&mut chart, &shown)?;
    let margin = if n > 12 { 3 } else { 5 };
    chart.draw_series(values.iter().enumerate().map(|(j, v)| {
        let flag = flagged.get(j).copied().unwrap_or(false);
        let style = if flag {
            RAMP[3].filled()
        } else {
            RAMP[1].filled()
        };
        let mut r = Rectangle::new(
            [
                (0.0, SegmentValue::Exact(row(j))),
                (f(v), SegmentValue::Exact(row(j) + 1)),
            ],
            style,
        );
        r.set_margin(margin, margin, 0, 0);
        r
    }))?;
    let (decimals, unit) = (d.series[0].decimals, d.series[0].unit);
    let suffix = if unit == "%" { "%" } else { "" };
    let shown = values
        .iter()
        .enumerate()
        .filter(|(j, _)| d.categories[*j] != GAP);
    chart.draw_series(shown.map(|(j, v)| {
        Text::new(
            format!("{}{suffix}", grouped(*v, decimals)),
            (f(v), SegmentValue::CenterOf(row(j))),
            font(14.0).pos(Pos::new(HPos::Left, VPos::Center)),
        )
    }))?;
    if let Some((x, label)) = reference {
        let x = &f(x);
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(*x, SegmentValue::Exact(0)), (*x, SegmentValue::Last)],
            INK.stroke_width(1),
        )))?;
        chart.draw_series(std::iter::once(Text::new(
            label.clone(),
            (*x, SegmentValue::Last),
            font(13.0).pos(Pos::new(HPos::Center, VPos::Bottom)),
        )))?;
    }
    Ok(())
}

/// A chart with values along x and ranked categories down y.
type RankedChart<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, SegmentedCoord<RangedCoordusize>>>;

/// Category labels down the side (rank 1 at the top), value labels along the bottom,
/// vertical grid lines only.
fn ranked_mesh(chart: &mut RankedChart<'_, '_>, shown: &[String]) -> DrawResult {
    let n = shown.len();
    let row_label = |v: &SegmentValue<usize>| match v {
        SegmentValue::CenterOf(i) if *i < n => shown[n - 1 - i].clone(),
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .y_labels(n)
        .y_label_formatter(&row_label)
        .x_labels(7)
        .x_label_formatter(&|v| axis_label(*v))
        .label_style(font(15.0))
        .draw()?;
    Ok(())
}

/// Long station names are cut in the chart; the table keeps them whole.
fn short_labels(categories: &[String]) -> Vec<String> {
    categories
        .iter()
        .map(|c| {
            if c.chars().count() > 14 {
                format!("{}…", c.chars().take(13).collect::<String>())
            } else {
                c.clone()
            }
        })
        .collect()
}

/// A legend entry for each bar style present: normal, and flagged (low).
fn ranked_legend(strip: &Area<'_>, d: &ChartData, flagged: &[bool]) -> DrawResult {
    let (normal, low) = match d.kind {
        ChartKind::TargetCompletion => ("已完成目标", "未完成目标"),
        _ => (d.series[0].name.as_str(), "低于平均水平八成"),
    };
    let mut items = Vec::new();
    if flagged.len() < d.categories.len() || flagged.iter().any(|f| !*f) {
        items.push((normal, RAMP[1], Swatch::Box));
    }
    if flagged.iter().any(|f| *f) {
        items.push((low, RAMP[3], Swatch::Box));
    }
    legend(strip, &items)
}

pub fn bars_and_line(root: &Area<'_>, d: &ChartData) -> DrawResult {
    let (top_strip, plot) = root.split_vertically(40);
    let (bars, line) = (&d.series[0], &d.series[1]);
    let bar_name = format!("{}（{}，左轴）", bars.name, bars.unit);
    let line_name = format!("{}（{}，右轴）", line.name, line.unit);
    legend(
        &top_strip,
        &[
            (bar_name.as_str(), RAMP[3], Swatch::Box),
            (line_name.as_str(), RAMP[0], Swatch::Line),
        ],
    )?;
    let n = d.categories.len();
    let top_left = nice_ceiling(bars.values.iter().map(f).fold(0.0, f64::max));
    let top_right = nice_ceiling(line.values.iter().map(f).fold(0.0, f64::max));
    let mut chart = ChartBuilder::on(&plot)
        .margin_top(8)
        .x_label_area_size(x_label_area(&d.categories))
        .y_label_area_size(value_label_area(top_left, true))
        .right_y_label_area_size(value_label_area(top_right, true))
        .build_cartesian_2d(segments(n), 0f64..top_left)?
        .set_secondary_coord(segments(n), 0f64..top_right);
    category_mesh(&mut chart, &plot, &d.categories, Some(bars.unit))?;
    chart
        .configure_secondary_axes()
        .y_labels(6)
        .y_label_formatter(&|v| axis_label(*v))
        .y_desc(line.unit)
        .label_style(font(15.0))
        .axis_desc_style(font(15.0))
        .draw()?;
    let margin = bar_margin(n);
    chart.draw_series(bars.values.iter().enumerate().map(|(i, v)| {
        let mut r = Rectangle::new(
            [
                (SegmentValue::Exact(i), 0.0),
                (SegmentValue::Exact(i + 1), f(v)),
            ],
            RAMP[3].filled(),
        );
        r.set_margin(0, 0, margin, margin);
        r
    }))?;
    let points: Vec<(SegmentValue<usize>, f64)> = line
        .values
        .iter()
        .enumerate()
        .map(|(i, v)| (SegmentValue::CenterOf(i), f(v)))
        .collect();
    chart.draw_secondary_series(LineSeries::new(points.clone(), RAMP[0].stroke_width(2)))?;
    chart.draw_secondary_series(
        points
            .into_iter()
            .map(|p| Circle::new(p, 4, RAMP[0].filled())),
    )?;
    Ok(())
}

pub fn lines(root: &Area<'_>, d: &ChartData) -> DrawResult {
    let (top_strip, plot) = root.split_vertically(40);
    let names: Vec<String> = d
        .series
        .iter()
        .map(|s| format!("{}（{}）", s.name, s.unit))
        .collect();
    let colors = [RAMP[0], RAMP[2]];
    let items: Vec<_> = names
        .iter()
        .zip(colors)
        .map(|(n, c)| (n.as_str(), c, Swatch::Line))
        .collect();
    legend(&top_strip, &items)?;
    let n = d.categories.len();
    let max = d
        .series
        .iter()
        .flat_map(|s| s.values.iter().map(f))
        .fold(0.0, f64::max);
    let mut chart = ChartBuilder::on(&plot)
        .margin_right(24)
        .margin_top(8)
        .x_label_area_size(x_label_area(&d.categories))
        .y_label_area_size(value_label_area(nice_ceiling(max), false))
        .build_cartesian_2d(segments(n), 0f64..nice_ceiling(max))?;
    category_mesh(&mut chart, &plot, &d.categories, None)?;
    for (s, series) in d.series.iter().enumerate() {
        let color = colors[s % colors.len()];
        let points: Vec<(SegmentValue<usize>, f64)> = series
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| (SegmentValue::CenterOf(i), f(v)))
            .collect();
        chart.draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))?;
        chart.draw_series(
            points
                .into_iter()
                .map(|p| Circle::new(p, 4, color.filled())),
        )?;
    }
    Ok(())
}
