//! Charts over many categories — a province's 130 counties, a county's 200
//! stations — draw the top and the bottom of the ranking, not hundreds of thin
//! bars: the page stays a bulletin (an issue at 30,000 stations under 300 KB),
//! prints, and rasterises to a picture of a sensible size. The picture and the
//! data table under it show the same rows; the summary sentence speaks of every
//! category, and the site's downloads (数据下载: counties.xlsx, stations.xlsx, the
//! issue's ranking) hold them all.

use super::data::{ChartData, Layout};
use crate::model::Decimal;

/// Most categories a chart draws.
pub const MAX_CATEGORIES: usize = 30;
/// Categories drawn at each end of the ranking when there are more.
pub const EACH_END: usize = MAX_CATEGORIES / 2;
/// The category drawn between the top and the bottom, with no bar.
pub const GAP: &str = "……";

/// What a chart with more than [`MAX_CATEGORIES`] categories draws, and the note
/// that says so (without its full stop: the page adds where the rest is); `None` when it draws them all. Rankings (`RankedBars`) are
/// already in rank order; stacked bars are ranked by their stack's total (ties
/// in data order). Time series (`Lines`, `BarsAndLine`) are never cut.
pub fn for_drawing(d: &ChartData) -> Option<(ChartData, String)> {
    let n = d.categories.len();
    if n <= MAX_CATEGORIES {
        return None;
    }
    let order: Vec<usize> = match d.layout {
        Layout::RankedBars { .. } => (0..n).collect(),
        Layout::StackedBars => {
            let total = |i: usize| -> Decimal { d.series.iter().map(|s| s.values[i]).sum() };
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|a, b| total(*b).cmp(&total(*a)).then(a.cmp(b)));
            order
        }
        Layout::Lines | Layout::BarsAndLine => return None,
    };
    let kept: Vec<Option<usize>> = order[..EACH_END]
        .iter()
        .map(|i| Some(*i))
        .chain([None])
        .chain(order[n - EACH_END..].iter().map(|i| Some(*i)))
        .collect();
    let mut drawn = d.clone();
    drawn.categories = kept
        .iter()
        .map(|k| k.map_or(GAP.to_string(), |i| d.categories[i].clone()))
        .collect();
    for (drawn, full) in drawn.series.iter_mut().zip(&d.series) {
        drawn.values = kept
            .iter()
            .map(|k| k.map_or(Decimal::ZERO, |i| full.values[i]))
            .collect();
    }
    if let (Layout::RankedBars { flagged, .. }, Layout::RankedBars { flagged: all, .. }) =
        (&mut drawn.layout, &d.layout)
    {
        *flagged = kept
            .iter()
            .map(|k| k.is_some_and(|i| all.get(i).copied().unwrap_or(false)))
            .collect();
    }
    let note = format!(
        "共{n}个{}，图表列出排名前{EACH_END}位和后{EACH_END}位",
        d.category_header
    );
    Some((drawn, note))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::charts::data::Series;
    use crate::render::charts::ChartKind;

    fn chart(n: usize, layout: Layout) -> ChartData {
        ChartData {
            kind: ChartKind::CapacityByCounty,
            title: "t".into(),
            category_header: "县（区）".into(),
            categories: (0..n).map(|i| format!("c{i}")).collect(),
            series: vec![
                Series {
                    name: "a".into(),
                    unit: "兆瓦",
                    values: (0..n).map(|i| Decimal::from(i as i64)).collect(),
                    decimals: 0,
                },
                Series {
                    name: "b".into(),
                    unit: "兆瓦",
                    values: (0..n).map(|i| Decimal::from((i % 3) as i64)).collect(),
                    decimals: 0,
                },
            ],
            layout,
            summary: String::new(),
        }
    }

    #[test]
    fn thirty_categories_are_all_drawn() {
        assert!(for_drawing(&chart(30, Layout::StackedBars)).is_none());
    }

    #[test]
    fn stacked_bars_keep_the_largest_and_smallest_totals_in_rank_order() {
        let (drawn, note) = for_drawing(&chart(40, Layout::StackedBars)).unwrap();
        assert_eq!(drawn.categories.len(), 31);
        // Totals are i + i % 3: c38 = 40, c39 = 39, c37 = 38 lead; c0 = 0 is last.
        assert_eq!(drawn.categories[0], "c38");
        assert_eq!(drawn.categories[1], "c39");
        assert_eq!(drawn.categories[2], "c37");
        assert_eq!(drawn.categories[15], GAP);
        assert_eq!(drawn.categories[30], "c0");
        assert_eq!(drawn.series[0].values[15], Decimal::ZERO);
        assert_eq!(drawn.series[1].values[0], Decimal::from(2));
        assert_eq!(note, "共40个县（区），图表列出排名前15位和后15位");
    }

    #[test]
    fn rankings_keep_their_order_and_flags() {
        let flagged: Vec<bool> = (0..50).map(|i| i >= 45).collect();
        let layout = Layout::RankedBars {
            reference: None,
            flagged,
        };
        let (drawn, _) = for_drawing(&chart(50, layout)).unwrap();
        let names: Vec<&str> = drawn.categories.iter().map(String::as_str).collect();
        assert_eq!(&names[..2], ["c0", "c1"]);
        assert_eq!(names[14], "c14");
        assert_eq!(names[15], GAP);
        assert_eq!(&names[16..18], ["c35", "c36"]);
        assert_eq!(names[30], "c49");
        let Layout::RankedBars { flagged, .. } = drawn.layout else {
            panic!("a ranking stays one");
        };
        assert_eq!(flagged.iter().filter(|f| **f).count(), 5);
        assert!(!flagged[15] && flagged[30]);
    }

    #[test]
    fn the_drawn_chart_and_its_table_show_the_same_rows_and_say_so() {
        let drawn = crate::render::charts::draw_chart(&chart(40, Layout::StackedBars), "c");
        assert_eq!(drawn.table.rows.len(), 31);
        assert_eq!(drawn.table.rows[0][0], "c38");
        assert_eq!(
            drawn.table.rows[15],
            vec![GAP.to_string(), String::new(), String::new()]
        );
        assert_eq!(drawn.table.rows[30][0], "c0");
        assert_eq!(drawn.note, "共40个县（区），图表列出排名前15位和后15位");
        assert!(drawn.svg.contains(">\nc38\n<") && !drawn.svg.contains(">\nc20\n<"));
        let whole = crate::render::charts::draw_chart(&chart(30, Layout::StackedBars), "c");
        assert_eq!((whole.table.rows.len(), whole.note.as_str()), (30, ""));
    }

    #[test]
    fn time_series_are_never_cut() {
        assert!(for_drawing(&chart(40, Layout::Lines)).is_none());
        assert!(for_drawing(&chart(40, Layout::BarsAndLine)).is_none());
    }
}
