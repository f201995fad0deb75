//! The 综述 sentence that opens the 本期数据 section, as published bulletins open
//! their figures: "截至…，全县已并网村级电站11座、联村电站3座，总装机规模2.47兆瓦，
//! 累计实现光伏收益86.32万元，惠及14个村，累计带动脱贫户520户、脱贫人口1,352人。"
//! Every figure comes from [`Totals`]; a figure no station gives is left out of
//! the sentence rather than written as 0.

use crate::compute::Totals;
use crate::format::{date_zh, grouped, with_unit, Unit};
use crate::model::{Decimal, Quarter, StationKind, Terms};
use crate::render::charts::trends::beneficiaries;

/// Capacity the way bulletins write it: 兆瓦 from 1 MW (86.5兆瓦), else 千瓦.
fn capacity(kw: Decimal) -> String {
    if kw >= Decimal::ONE_THOUSAND {
        format!("{}兆瓦", grouped(kw / Decimal::ONE_THOUSAND, 2))
    } else {
        format!("{}千瓦", grouped(kw, 1))
    }
}

/// Grid-connected stations by kind, largest group first in the kinds' order:
/// 村级电站11座、联村电站3座.
fn connected_by_kind(t: &Totals) -> Option<String> {
    let parts: Vec<String> = StationKind::ALL
        .iter()
        .zip(t.connected_by_kind)
        .filter(|(_, n)| *n > 0)
        .map(|(kind, n)| format!("{}电站{}座", kind.label_zh(), grouped(n as u64, 0)))
        .collect();
    (!parts.is_empty()).then(|| parts.join("、"))
}

/// The sentence for `scope` (全市, 全县, a county's name) at the end of quarter `q`.
pub fn overview(t: &Totals, q: Quarter, scope: &str, terms: &Terms) -> String {
    let mut clauses = Vec::new();
    match connected_by_kind(t) {
        Some(kinds) => clauses.push(format!("{scope}{}电站已并网{kinds}", terms.programme)),
        None => clauses.push(format!("{scope}{}电站尚无并网电站", terms.programme)),
    }
    clauses.push(format!("总装机规模{}", capacity(t.capacity_kw)));
    if t.cumulative_revenue_yuan > Decimal::ZERO {
        let (value, unit) = with_unit(t.cumulative_revenue_yuan, Unit::Yuan);
        clauses.push(format!("累计实现光伏收益{value}{unit}"));
    }
    if t.villages_served > 0 {
        clauses.push(format!("惠及{}个村", grouped(t.villages_served, 0)));
    }
    let people = beneficiaries(t, terms);
    if !people.is_empty() {
        clauses.push(format!("累计带动{people}"));
    }
    format!("截至{}，{}。", date_zh(q.last_day()), clauses.join("，"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::number::dec;

    fn q() -> Quarter {
        "2025Q4".parse().unwrap()
    }

    #[test]
    fn the_sentence_names_kinds_capacity_revenue_villages_and_people() {
        let mut t = Totals {
            capacity_kw: dec("2471.5"),
            cumulative_revenue_yuan: dec("863245.5"),
            villages_served: 14,
            beneficiary_households: 520,
            beneficiary_people: 1352,
            ..Totals::default()
        };
        t.connected_by_kind = [11, 3, 0, 0];
        t.reported.households = 14;
        t.reported.people = 14;
        assert_eq!(
            overview(&t, q(), "全县", &crate::model::Preset::Y2021.terms()),
            "截至2025年12月31日，全县光伏帮扶电站已并网村级电站11座、联村电站3座，\
             总装机规模2.47兆瓦，累计实现光伏收益86.32万元，惠及14个村，\
             累计带动脱贫户520户、脱贫人口1,352人。"
        );
    }

    #[test]
    fn unknown_figures_are_left_out_and_small_capacity_is_in_kilowatts() {
        let mut t = Totals {
            capacity_kw: dec("450"),
            ..Totals::default()
        };
        t.connected_by_kind = [0, 0, 1, 0];
        let s = overview(&t, q(), "甲县", &Terms::default());
        assert_eq!(
            s,
            "截至2025年12月31日，甲县光伏扶贫电站已并网集中式电站1座，总装机规模450.0千瓦。"
        );
        let nothing = overview(&Totals::default(), q(), "甲县", &Terms::default());
        assert!(nothing.contains("尚无并网电站"), "{nothing}");
    }
}
