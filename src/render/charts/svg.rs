//! A chart's data drawn into inline SVG: picks the layout, then makes plotters'
//! output fit for inlining (viewBox, `<title>`/`<desc>`, tidy font sizes).
//!
//! Data flows one way: kinds → data → this → layouts → drawing primitives.

use super::data::{ChartData, Layout};
use super::draw::{Area, DrawResult, FONT, WIDTH};
use super::layouts;
use crate::format::escape_html;
use plotters::prelude::*;

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

/// White at the left and right of every chart, in px: plotters sets a value axis's
/// turned title (万千瓦时, 万元) against the drawing area's edge, and its glyphs
/// stand about a fifth of their height beyond the baseline it is placed by, so
/// without this they were cut off at the picture's edge.
const SIDE_MARGIN: u32 = 6;

fn draw(root: &Area<'_>, d: &ChartData) -> DrawResult {
    root.fill(&WHITE)?;
    if d.categories.is_empty() {
        return Ok(());
    }
    let root = &root.margin(0, 0, SIDE_MARGIN, SIDE_MARGIN);
    match &d.layout {
        Layout::StackedBars => layouts::stacked_bars(root, d),
        Layout::RankedBars { reference, flagged } => {
            layouts::ranked_bars(root, d, reference, flagged)
        }
        Layout::BarsAndLine => layouts::bars_and_line(root, d),
        Layout::Lines => layouts::lines(root, d),
    }
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
        escape_html(&d.title),
        escape_html(&d.summary)
    ));
    out.push_str(&round_font_sizes(&without_empty_texts(&raw[body_start..])));
    out
}

/// plotters writes a `<text>` element for every label, even an empty one (the
/// ticks of upright category names, which `axes` sets itself); they say nothing.
fn without_empty_texts(svg: &str) -> std::borrow::Cow<'_, str> {
    const EMPTY_END: &str = ">\n\n</text>\n";
    if !svg.contains(EMPTY_END) {
        return svg.into();
    }
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(end) = rest.find(EMPTY_END) {
        let start = rest[..end].rfind("<text").unwrap_or(end);
        out.push_str(&rest[..start]);
        if start == end {
            out.push_str(EMPTY_END);
        }
        rest = &rest[end + EMPTY_END.len()..];
    }
    out.push_str(rest);
    out.into()
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
