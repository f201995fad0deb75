//! Page geometry in Word units, computed once from millimetres (GB/T 9704 by default),
//! the section properties and the odd/even page-number footers.
//!
//! Units: 1 mm = 1440 / 25.4 ≈ 56.69 twips (dxa); 1 twip = 635 EMU; sizes in half-points.
//! A4 210 × 297 mm → 11906 × 16838; margins 37/35/28/26 mm → 2098/1984/1587/1474
//! (28 mm is 1587.4 twips, so 1587, not 1588); 版心 8845 × 12756 twips.

use super::model::{Fonts, PageSetup, TypeSizes};
use super::xml;

/// Twips in one millimetre.
pub const TWIPS_PER_MM: f64 = 1440.0 / 25.4;
/// EMU (drawing units) in one twip.
pub const EMU_PER_TWIP: i64 = 635;

/// Millimetres to twips, rounded to the nearest.
pub fn mm_to_twips(mm: f64) -> i64 {
    (mm * TWIPS_PER_MM).round() as i64
}

/// Points to twips.
pub fn pt_to_twips(pt: f64) -> i64 {
    (pt * 20.0).round() as i64
}

/// Points to half-points (`w:sz`).
pub fn half_points(pt: f64) -> i64 {
    (pt * 2.0).round() as i64
}

/// Everything the writer needs in twips.
#[derive(Debug, Clone, PartialEq)]
pub struct Geometry {
    pub page_w: i64,
    pub page_h: i64,
    pub top: i64,
    pub bottom: i64,
    pub left: i64,
    pub right: i64,
    /// 版心 width and height.
    pub text_w: i64,
    pub text_h: i64,
    /// Exact body line pitch: the 版心 height over the lines per page, rounded down
    /// so that all of them fit (225 mm / 22 → 579).
    pub line: i64,
    /// `w:charSpace` for the character grid, in 1/4096 pt added to the body size
    /// (rounded down so that 28 characters always fit: −842 for the defaults).
    pub char_space: i64,
    /// Without the grid: body character spacing (`w:spacing w:val`, in 1/20 pt, ≤ 0)
    /// so that 28 characters fit (−5 = −0.25 pt for the defaults).
    pub char_spacing: i64,
    /// Widest table: the 版心 width, at most 156 mm (8844).
    pub table_w: i64,
    /// Line height of the footer paragraph.
    pub footer_line: i64,
    /// `w:footer`: page bottom edge to the bottom of the footer line, so that the page
    /// number's line starts `page_number_gap_mm` under the 版心.
    pub footer_dist: i64,
    /// Two body characters, the first-line indent fallback.
    pub indent2: i64,
    /// One character of table text.
    pub table_char: i64,
}

impl Geometry {
    pub fn new(page: &PageSetup, sizes: &TypeSizes) -> Self {
        let page_w = mm_to_twips(page.width_mm);
        let page_h = mm_to_twips(page.height_mm);
        let (top, bottom) = (
            mm_to_twips(page.margin_top_mm),
            mm_to_twips(page.margin_bottom_mm),
        );
        let (left, right) = (
            mm_to_twips(page.margin_left_mm),
            mm_to_twips(page.margin_right_mm),
        );
        let text_w = page_w - left - right;
        let text_h = page_h - top - bottom;
        let line = text_h / i64::from(page.lines_per_page.max(1));
        let pitch_pt = text_w as f64 / 20.0 / f64::from(page.chars_per_line.max(1));
        let char_space = ((pitch_pt - sizes.body) * 4096.0).floor() as i64;
        let char_spacing = if page.char_grid {
            0
        } else {
            ((pitch_pt - sizes.body) * 20.0).floor().min(0.0) as i64
        };
        let footer_line = pt_to_twips(sizes.page_number + 4.0);
        let gap = mm_to_twips(page.page_number_gap_mm - FOOTER_INK_OFFSET_MM);
        let footer_dist = bottom - gap - footer_line;
        Geometry {
            page_w,
            page_h,
            top,
            bottom,
            left,
            right,
            text_w,
            text_h,
            line,
            char_space,
            char_spacing,
            table_w: text_w.min(mm_to_twips(156.0)),
            footer_line,
            footer_dist: footer_dist.max(0),
            indent2: pt_to_twips(sizes.body * 2.0),
            table_char: pt_to_twips(sizes.table),
        }
    }
}

/// The digits' ink starts this far below the top of the footer line (LibreOffice,
/// 14 pt in an 18 pt exact line: measured 1.3 mm), so the line box starts that much
/// higher for the ink to sit `page_number_gap_mm` under the 版心.
const FOOTER_INK_OFFSET_MM: f64 = 1.3;

/// Relationship ids of the two footers in document.xml.rels.
pub(crate) const FOOTER_ODD_RID: &str = "rIdFooterOdd";
pub(crate) const FOOTER_EVEN_RID: &str = "rIdFooterEven";

/// The body's `w:sectPr`: A4, margins, odd/even footers, the line (and character) grid.
pub(crate) fn sect_pr(g: &Geometry, page: &PageSetup) -> String {
    let grid = if page.char_grid {
        format!(
            "<w:docGrid w:type=\"linesAndChars\" w:linePitch=\"{}\" w:charSpace=\"{}\"/>",
            g.line, g.char_space
        )
    } else {
        format!("<w:docGrid w:type=\"lines\" w:linePitch=\"{}\"/>", g.line)
    };
    let footers = if page.page_numbers {
        format!(
            "<w:footerReference w:type=\"default\" r:id=\"{FOOTER_ODD_RID}\"/>\
             <w:footerReference w:type=\"even\" r:id=\"{FOOTER_EVEN_RID}\"/>"
        )
    } else {
        String::new()
    };
    format!(
        "<w:sectPr>{footers}<w:pgSz w:w=\"{}\" w:h=\"{}\"/>\
         <w:pgMar w:top=\"{}\" w:right=\"{}\" w:bottom=\"{}\" w:left=\"{}\" w:header=\"851\" w:footer=\"{}\" w:gutter=\"0\"/>\
         <w:cols w:space=\"425\"/>{grid}</w:sectPr>",
        g.page_w, g.page_h, g.top, g.right, g.bottom, g.left, g.footer_dist
    )
}

/// A footer with `— N —`: odd pages right-aligned one character in, even pages
/// left-aligned one character in. PAGE is the only field the writer ever emits.
pub(crate) fn footer(odd: bool, sizes: &TypeSizes, fonts: &Fonts) -> String {
    let indent = pt_to_twips(sizes.page_number);
    let (jc, ind) = if odd {
        ("right", format!("<w:ind w:right=\"{indent}\"/>"))
    } else {
        ("left", format!("<w:ind w:left=\"{indent}\"/>"))
    };
    let font = xml::attr(&fonts.page_number);
    let rpr = format!(
        "<w:rPr><w:rFonts w:ascii=\"{font}\" w:hAnsi=\"{font}\" w:eastAsia=\"{font}\"/></w:rPr>"
    );
    let r = |inner: &str| format!("<w:r>{rpr}{inner}</w:r>");
    format!(
        "{}<w:ftr {}><w:p><w:pPr><w:pStyle w:val=\"Footer\"/>{ind}<w:jc w:val=\"{jc}\"/></w:pPr>\
         {}{}{}{}{}{}{}</w:p></w:ftr>",
        super::parts::XML_DECL,
        super::parts::W_NS,
        r("<w:t xml:space=\"preserve\">— </w:t>"),
        r("<w:fldChar w:fldCharType=\"begin\"/>"),
        r("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"),
        r("<w:fldChar w:fldCharType=\"separate\"/>"),
        r("<w:t>1</w:t>"),
        r("<w:fldChar w:fldCharType=\"end\"/>"),
        r("<w:t xml:space=\"preserve\"> —</w:t>"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbt_9704_geometry() {
        let g = Geometry::new(&PageSetup::default(), &TypeSizes::default());
        assert_eq!((g.page_w, g.page_h), (11906, 16838));
        assert_eq!((g.top, g.bottom, g.left, g.right), (2098, 1984, 1587, 1474));
        assert_eq!((g.text_w, g.text_h), (8845, 12756));
        assert_eq!(g.line, 579);
        assert!(g.line * 22 <= g.text_h);
        assert_eq!(g.table_w, 8844);
        // 28 characters at 16 pt + charSpace/4096 pt fit the 版心 width.
        let pitch = 16.0 + g.char_space as f64 / 4096.0;
        assert!(pitch * 28.0 * 20.0 <= g.text_w as f64);
        assert_eq!(g.char_space, -842);
        assert_eq!(g.char_spacing, -5);
        assert!((16.0 - 0.25) * 28.0 * 20.0 <= g.text_w as f64);
        let grid = PageSetup {
            char_grid: true,
            ..PageSetup::default()
        };
        assert_eq!(Geometry::new(&grid, &TypeSizes::default()).char_spacing, 0);
    }
}
