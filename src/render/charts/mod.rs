//! Charts computed from the data, drawn with plotters into inline SVG.
//!
//! A chart is asked for by a [`ChartSpec`] — from a ```` ```chart ```` block in an
//! article, or by the generated 本期数据 section ([`spec`]). The builder of its kind
//! ([`regional`], [`trends`], [`money`]) turns it into a table of numbers and a
//! one-sentence summary ([`data`]); [`svg`] draws that table with a layout
//! ([`layouts`]) from the drawing primitives ([`draw`]). Data flows one way:
//! spec → kinds → data → svg → layouts → draw. The page
//! shows the SVG with its title, the summary and the table, so readers who cannot see
//! the chart get the same facts.

mod axes;
mod cap;
pub mod data;
pub mod draw;
mod layouts;
mod money;
mod regional;
pub mod spec;
mod svg;
pub mod trends;

use serde::Serialize;
pub use spec::{BlockError, ChartContext, ChartKind, ChartSpec};

/// A rendered chart: the SVG plus the accessible text around it.
#[derive(Clone, Debug, Serialize)]
pub struct Chart {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub svg: String,
    pub table: data::Table,
    /// Said under the summary when the chart draws only part of its categories
    /// (see [`cap`]); empty otherwise.
    pub note: String,
    /// Link to the chart as a PNG beside the page (issue and county charts: see
    /// `publish::word`), offered as 下载图片; `None` for charts without one.
    pub png: Option<String>,
}

impl Chart {
    /// The chart offered as the PNG at `path` (relative to the site root), which
    /// sits in the folder of the page at `page`.
    pub fn with_png(mut self, page: &str, path: &str) -> Chart {
        debug_assert_eq!(
            page.rsplit_once('/').map(|p| p.0),
            path.rsplit_once('/').map(|p| p.0)
        );
        self.png = Some(path.rsplit('/').next().unwrap_or(path).to_string());
        self
    }
}

/// A chart and the HTML `<figure>` a page shows it as. Templates see only the
/// HTML (it serialises as that string, as figures always have); the chart itself
/// is kept for the outputs made from the same page (the .docx, the PNGs).
#[derive(Clone, Debug)]
pub struct Figure {
    pub chart: Chart,
    pub html: String,
}

impl Serialize for Figure {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.html.serialize(s)
    }
}

/// Computes and draws the chart `spec` asks for; `id` must be unique on the page.
pub fn render_chart(spec: &ChartSpec, ctx: &ChartContext<'_>, id: &str) -> Chart {
    let mut chart_data = build(spec, ctx);
    if let Some(title) = &spec.title {
        chart_data.title = title.clone();
    }
    draw_chart(&chart_data, id)
}

/// The numbers behind the chart `spec` asks for, from the builder of its kind.
pub fn build(spec: &ChartSpec, ctx: &ChartContext<'_>) -> data::ChartData {
    match spec.kind {
        ChartKind::CapacityByCounty => regional::capacity_by_county(spec, ctx),
        ChartKind::StatusPipeline => regional::status_pipeline(spec, ctx),
        ChartKind::TargetCompletion => regional::target_completion(spec, ctx),
        ChartKind::GenerationTrend => trends::generation_trend(spec, ctx),
        ChartKind::BeneficiariesTrend => trends::beneficiaries_trend(spec, ctx),
        ChartKind::UtilisationHours => trends::utilisation_hours(spec, ctx),
        ChartKind::DistributionByUse => money::distribution_by_use(spec, ctx),
    }
}

/// Draws already computed chart data: at most [`cap::MAX_CATEGORIES`]
/// categories in the picture and its table (the summary speaks of all).
pub fn draw_chart(chart_data: &data::ChartData, id: &str) -> Chart {
    let (svg, table, note) = match cap::for_drawing(chart_data) {
        Some((drawn, note)) => {
            let mut table = data::Table::of(&drawn);
            // The gap's row says nothing but that rows are left out.
            table.rows[cap::EACH_END]
                .iter_mut()
                .skip(1)
                .for_each(String::clear);
            (svg::svg(&drawn, id), table, note)
        }
        None => (
            svg::svg(chart_data, id),
            data::Table::of(chart_data),
            String::new(),
        ),
    };
    Chart {
        id: id.to_string(),
        title: chart_data.title.clone(),
        summary: chart_data.summary.clone(),
        table,
        svg,
        note,
        png: None,
    }
}

#[cfg(test)]
mod tests;
