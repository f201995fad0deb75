//! Drawing a [`ChartData`] with plotters' SVG backend, into a string.
//!
//! Text is drawn as `sans-serif`; the page stylesheet swaps in a CJK font stack, so the
//! SVG stays small and Chinese renders with the reader's own fonts. Label areas are
//! sized for CJK widths here, since plotters cannot measure text without a font file.
//! The palette is one red ramp of falling lightness, so series stay apart in
//! greyscale print.

use super::data::{ChartData, Layout};
use crate::render::format::grouped;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Dark to light; sequential series (statuses) use it light to dark.
const RAMP: [RGBColor; 5] = [
    RGBColor(0x6e, 0x0f, 0x0f),
    RGBColor(0xb0, 0x30, 0x2a),
    RGBColor(0xd9, 0x6c, 0x5c),
    RGBColor(0xec, 0xa8, 0x9b),
    RGBColor(0xf7, 0xdc, 0xd5),
];
const INK: RGBColor = RGBColor(0x33, 0x33, 0x33);
const GRID: RGBColor = RGBColor(0xe2, 0xe2, 0xe2);
const WIDTH: u32 = 720;
const FONT: &str = "sans-serif";

type DrawResult = Result<(), Box<dyn std::error::Error>>;
type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

/// Draws `d` and returns inline SVG with `<title>` and `<desc>`, scaled by CSS.
pub fn svg(d: &ChartData, id: &str) -> String {
    let height = height_of(d);
    let mut buf = String::new();
    let drawn = {
        let root = SVGBackend::with_string(&mut buf, (WIDTH, height)).into_drawing_area();
        let result = draw(&root, d);
        root.present().map_err(Into::into).and(result)
    };
    if drawn.is_err() || d.categories.is_empty() {
        buf = empty_svg(height);
    }
    finish(&buf, d, id)
}

fn height_of(d: &ChartData) -> u32 {
    match d.layout {
        Layout::RankedBars { .. } => (70 + 26 * d.categories.len() as u32).max(160),
        _ => 380,
    }
}

fn draw(root: &Area<'_>, d: &ChartData) -> DrawResult {
    root.fill(&WHITE)?;
    if d.categories.is_empty() {
        return Ok(());
    }
    match &d.layout {
        Layout::StackedBars => stacked_bars(root, d),
        Layout::RankedBars { reference, flagged } => ranked_bars(root, d, reference, flagged),
        Layout::BarsAndLine => bars_and_line(root, d),
        Layout::Lines => lines(root, d),
    }
}

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

fn axis_label(v: f64) -> String {
    if v.fract().abs() < 1e-9 {
        grouped(v, 0)
    } else {
        grouped(v, 1)
    }
}

fn font(size: f64) -> TextStyle<'static> {
    (FONT, size).into_font().color(&INK)
}

enum Swatch {
    Box,
    Line,
}

/// A row of legend entries across the top strip.
fn legend(area: &Area<'_>, items: &[(&str, RGBColor, Swatch)]) -> DrawResult {
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

fn category_label(categories: &[String]) -> impl Fn(&SegmentValue<usize>) -> String + '_ {
    move |v| match v {
        SegmentValue::CenterOf(i) => categories.get(*i).cloned().unwrap_or_default(),
        _ => String::new(),
    }
}

fn stacked_bars(root: &Area<'_>, d: &ChartData) -> DrawResult {
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
    let totals: Vec<f64> = (0..n)
        .map(|i| d.series.iter().map(|s| s.values[i]).sum())
        .collect();
    let top = nice_ceiling(totals.iter().copied().fold(0.0, f64::max));
    let unit = d.series.first().map_or("", |s| s.unit);
    let mut chart = ChartBuilder::on(&plot)
        .margin_right(16)
        .margin_top(8)
        .x_label_area_size(34)
        .y_label_area_size(70)
        .build_cartesian_2d(segments(n), 0f64..top)?;
    let labels = category_label(&d.categories);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .x_labels(n)
        .x_label_formatter(&labels)
        .y_label_formatter(&|v| axis_label(*v))
        .y_desc(unit)
        .label_style(font(15.0))
        .axis_desc_style(font(15.0))
        .draw()?;
    let margin = bar_margin(n);
    for (s, series) in d.series.iter().enumerate() {
        let rects = (0..n).filter(|i| series.values[*i] > 0.0).map(|i| {
            let bottom: f64 = d.series[..s].iter().map(|x| x.values[i]).sum();
            let mut r = Rectangle::new(
                [
                    (SegmentValue::Exact(i), bottom),
                    (SegmentValue::Exact(i + 1), bottom + series.values[i]),
                ],
                color(s).filled(),
            );
            r.set_margin(0, 0, margin, margin);
            r
        });
        chart.draw_series(rects)?;
    }
    chart.draw_series(totals.iter().enumerate().map(|(i, t)| {
        Text::new(
            grouped(*t, if top < 10.0 { 2 } else { 0 }),
            (SegmentValue::CenterOf(i), *t),
            font(14.0).pos(Pos::new(HPos::Center, VPos::Bottom)),
        )
    }))?;
    Ok(())
}

/// `n` category slots. plotters' integer ranges include their end, so `0..n` would
/// add an empty slot after the last category.
fn segments(
    n: usize,
) -> plotters::coord::ranged1d::SegmentedCoord<plotters::coord::types::RangedCoordusize> {
    (0..n.saturating_sub(1)).into_segmented()
}

/// Pixels left free on each side of a bar, so bars stay slim when few.
fn bar_margin(n: usize) -> u32 {
    let slot = 620 / n.max(1) as u32;
    (slot / 4).clamp(3, 60)
}

fn ranked_bars(
    root: &Area<'_>,
    d: &ChartData,
    reference: &Option<(f64, String)>,
    flagged: &[bool],
) -> DrawResult {
    let n = d.categories.len();
    let values = &d.series[0].values;
    let max = values
        .iter()
        .copied()
        .chain(reference.as_ref().map(|r| r.0))
        .fold(0.0, f64::max);
    let top = nice_ceiling(max);
    // Long station names are cut in the chart; the table keeps them whole.
    let shown: Vec<String> = d
        .categories
        .iter()
        .map(|c| {
            if c.chars().count() > 14 {
                format!("{}…", c.chars().take(13).collect::<String>())
            } else {
                c.clone()
            }
        })
        .collect();
    let label_width = shown
        .iter()
        .map(|c| text_width(c, 13.0))
        .fold(40.0, f64::max)
        + 16.0;
    let (top_strip, plot) = root.split_vertically(34);
    // A legend entry for each bar style present.
    let (normal, low) = match d.kind {
        super::ChartKind::TargetCompletion => ("已完成目标", "未完成目标"),
        _ => (d.series[0].name.as_str(), "低于平均水平八成"),
    };
    let mut items = Vec::new();
    if flagged.len() < n || flagged.iter().any(|f| !*f) {
        items.push((normal, RAMP[1], Swatch::Box));
    }
    if flagged.iter().any(|f| *f) {
        items.push((low, RAMP[3], Swatch::Box));
    }
    legend(&top_strip, &items)?;
    let mut chart = ChartBuilder::on(&plot)
        .margin_right(70)
        .margin_top(6)
        .x_label_area_size(30)
        .y_label_area_size(label_width as u32)
        .build_cartesian_2d(0f64..top, segments(n))?;
    // Rank 1 is drawn at the top: category j sits in row n-1-j.
    let row = |j: usize| n - 1 - j;
    let row_label = |v: &SegmentValue<usize>| match v {
        SegmentValue::CenterOf(i) if *i < n => shown[n - 1 - i].clone(),
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .y_labels(n)
        .y_label_formatter(&row_label)
        .x_label_formatter(&|v| axis_label(*v))
        .label_style(font(15.0))
        .draw()?;
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
                (*v, SegmentValue::Exact(row(j) + 1)),
            ],
            style,
        );
        r.set_margin(margin, margin, 0, 0);
        r
    }))?;
    let decimals = d.series[0].decimals;
    let unit = d.series[0].unit;
    chart.draw_series(values.iter().enumerate().map(|(j, v)| {
        Text::new(
            format!(
                "{}{}",
                grouped(*v, decimals),
                if unit == "%" { "%" } else { "" }
            ),
            (*v, SegmentValue::CenterOf(row(j))),
            font(14.0).pos(Pos::new(HPos::Left, VPos::Center)),
        )
    }))?;
    if let Some((x, label)) = reference {
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

fn bars_and_line(root: &Area<'_>, d: &ChartData) -> DrawResult {
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
    let top_left = nice_ceiling(bars.values.iter().copied().fold(0.0, f64::max));
    let top_right = nice_ceiling(line.values.iter().copied().fold(0.0, f64::max));
    let mut chart = ChartBuilder::on(&plot)
        .margin_top(8)
        .x_label_area_size(34)
        .y_label_area_size(70)
        .right_y_label_area_size(70)
        .build_cartesian_2d(segments(n), 0f64..top_left)?
        .set_secondary_coord(segments(n), 0f64..top_right);
    let labels = category_label(&d.categories);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .x_labels(n)
        .x_label_formatter(&labels)
        .y_label_formatter(&|v| axis_label(*v))
        .y_desc(bars.unit)
        .label_style(font(15.0))
        .axis_desc_style(font(15.0))
        .draw()?;
    chart
        .configure_secondary_axes()
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
                (SegmentValue::Exact(i + 1), *v),
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
        .map(|(i, v)| (SegmentValue::CenterOf(i), *v))
        .collect();
    chart.draw_secondary_series(LineSeries::new(points.clone(), RAMP[0].stroke_width(2)))?;
    chart.draw_secondary_series(
        points
            .into_iter()
            .map(|p| Circle::new(p, 4, RAMP[0].filled())),
    )?;
    Ok(())
}

fn lines(root: &Area<'_>, d: &ChartData) -> DrawResult {
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
        .flat_map(|s| s.values.iter().copied())
        .fold(0.0, f64::max);
    let mut chart = ChartBuilder::on(&plot)
        .margin_right(24)
        .margin_top(8)
        .x_label_area_size(34)
        .y_label_area_size(70)
        .build_cartesian_2d(segments(n), 0f64..nice_ceiling(max))?;
    let labels = category_label(&d.categories);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE)
        .bold_line_style(GRID)
        .x_labels(n)
        .x_label_formatter(&labels)
        .y_label_formatter(&|v| axis_label(*v))
        .label_style(font(15.0))
        .draw()?;
    for (s, series) in d.series.iter().enumerate() {
        let color = colors[s % colors.len()];
        let points: Vec<(SegmentValue<usize>, f64)> = series
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| (SegmentValue::CenterOf(i), *v))
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

fn empty_svg(height: u32) -> String {
    format!(
        "<svg width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" xmlns=\"http://www.w3.org/2000/svg\">\n\
         <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-family=\"{FONT}\" font-size=\"14\">暂无数据</text>\n</svg>\n",
        WIDTH / 2,
        height / 2
    )
}

/// Makes plotters' SVG fit for inlining: scalable (viewBox only, sized by CSS),
/// labelled for assistive technology, and with tidy font sizes.
fn finish(raw: &str, d: &ChartData, id: &str) -> String {
    let body_start = raw.find('>').map_or(0, |i| i + 1);
    let view_box = raw[..body_start]
        .split("viewBox=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("0 0 720 380");
    let mut out = String::with_capacity(raw.len() + 256);
    out.push_str(&format!(
        "<svg class=\"chart\" viewBox=\"{view_box}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\n\
         <title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>",
        escape(&d.title),
        escape(&d.summary)
    ));
    out.push_str(&round_font_sizes(&raw[body_start..]));
    out
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// plotters writes font sizes like `12.096774193548388`; one decimal is plenty.
fn round_font_sizes(svg: &str) -> String {
    const KEY: &str = "font-size=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(i) = rest.find(KEY) {
        out.push_str(&rest[..i + KEY.len()]);
        rest = &rest[i + KEY.len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        match rest[..end].parse::<f64>() {
            Ok(v) => out.push_str(&format!("{}", (v * 10.0).round() / 10.0)),
            Err(_) => out.push_str(&rest[..end]),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}
