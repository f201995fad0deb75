//! The marks of statistical tables and the notes under them: "…" for a figure not
//! reported, "—" for one that does not apply (no base to compare with, no target,
//! a station not running the whole quarter), the legend saying so, and the note
//! that rounded parts need not add up to the rounded total.

use rust_decimal::Decimal;

/// A figure that should be there but was not reported (填报).
pub const NOT_REPORTED: &str = "…";

/// A figure that does not apply: nothing to compare with, no target, no whole
/// quarter of running.
pub const NOT_APPLICABLE: &str = "—";

/// Under a table or sentence whose shown parts do not add up to its shown total.
pub const ROUNDING_NOTE: &str = "因四舍五入，分项之和与合计可能不等。";

/// Which marks a table's cells use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    pub not_reported: bool,
    pub not_applicable: bool,
}

impl Marks {
    /// The marks in `cells` (figures only; names may contain anything).
    pub fn of<'a>(cells: impl IntoIterator<Item = &'a str>) -> Marks {
        let mut marks = Marks::default();
        for c in cells {
            marks.not_reported |= c.contains(NOT_REPORTED);
            marks.not_applicable |= c.contains(NOT_APPLICABLE);
        }
        marks
    }

    pub fn add(&mut self, other: Marks) {
        self.not_reported |= other.not_reported;
        self.not_applicable |= other.not_applicable;
    }
}

/// The legend under a table for the marks it uses; empty when it uses none.
pub fn legend(marks: Marks) -> String {
    match (marks.not_reported, marks.not_applicable) {
        (true, true) => "注：“…”表示未填报，“—”表示不适用或无可比数据。".into(),
        (true, false) => "注：“…”表示未填报。".into(),
        (false, true) => "注：“—”表示不适用或无可比数据。".into(),
        (false, false) => String::new(),
    }
}

/// Whether parts, as shown (rounded), add up to the total as shown.
pub fn adds_up(shown_parts: &[Decimal], shown_total: Decimal) -> bool {
    shown_parts.iter().sum::<Decimal>() == shown_total
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{shown, Unit};
    use crate::model::number::dec;

    #[test]
    fn legends_name_the_marks_used() {
        assert_eq!(legend(Marks::of(["1,234", "+5.0%"])), "");
        assert_eq!(legend(Marks::of(["…", "+5.0%"])), "注：“…”表示未填报。");
        assert_eq!(
            legend(Marks::of(["…", "—/300"])),
            "注：“…”表示未填报，“—”表示不适用或无可比数据。"
        );
    }

    /// Three equal uses are 33.3 % each, 99.9 % together: the note is due. Two
    /// halves are 50.0 % each: it is not.
    #[test]
    fn a_third_each_does_not_add_up_to_the_whole() {
        let third = dec("1") / dec("3");
        let parts = [third, third, third].map(|p| shown(p, Unit::Percent));
        assert_eq!(parts[0], dec("0.333"));
        assert!(!adds_up(&parts, shown(dec("1"), Unit::Percent)));
        let halves = [dec("0.5"), dec("0.5")].map(|p| shown(p, Unit::Percent));
        assert!(adds_up(&halves, shown(dec("1"), Unit::Percent)));
        // Amounts in 万元: 1.234万 + 1.234万 shown as 1.23 + 1.23, total 2.47.
        let parts = [dec("12340"), dec("12340")].map(|p| shown(p, Unit::Yuan));
        assert!(!adds_up(&parts, shown(dec("24680"), Unit::Yuan)));
    }
}
