//! GB/T 9704 puts the 版记 (主送/抄送, 印发) at the bottom of the last page. CSS has
//! no "last page" selector and the browser tells a script nothing about pages, so
//! the page is printed twice: first with an invisible link after the 版记, whose
//! rectangle in the PDF says where the content ends on the last page; then with the
//! 版记's top margin grown by the space left below it. If that second print ran
//! onto another page, the first one is kept. The page on disk is not changed.

use super::pdf::print_page;
use anyhow::Result;

/// The bottom margin of issue pages in `print.css` (GB/T 9704: 297 − 37 − 225 mm).
const BOTTOM_MARGIN_PT: f64 = 35.0 * 72.0 / 25.4;

/// The 版记 is the last `</footer>` of an issue page.
const CLOSING_END: &str = "</footer>";
const MARK_ID: &str = "pv-print-end";

/// Prints `html` with its 版记 moved to the bottom of its last page.
pub fn print_with_closing_at_bottom(tab: &headless_chrome::Tab, html: &str) -> Result<Vec<u8>> {
    let Some(at) = html.rfind(CLOSING_END).map(|i| i + CLOSING_END.len()) else {
        return print_page(tab, html.to_string());
    };
    let mark = format!(
        "<a id=\"{MARK_ID}\" href=\"#{MARK_ID}\" style=\"display:block;height:1px;width:1px\"></a>"
    );
    let marked = format!("{}{mark}{}", &html[..at], &html[at..]);
    let first = print_page(tab, marked)?;
    let Some(top) = mark_top(&first) else {
        return Ok(first);
    };
    // Keep a point in hand against rounding, so the 版记 never spills over.
    let room = top - BOTTOM_MARGIN_PT - 1.0;
    if room < 2.0 {
        return Ok(first);
    }
    let style = format!(
        "<style>@media print {{ footer.closing {{ margin-top: calc(8mm + {room:.1}pt); }} }}</style>"
    );
    let moved = format!("{}{style}{}", &html[..at], &html[at..]);
    let second = print_page(tab, moved)?;
    Ok(if page_count(&second) == page_count(&first) {
        second
    } else {
        first
    })
}

/// The top edge (points from the page bottom) of the mark's link rectangle: the
/// last `/Rect [x1 y1 x2 y2]` before the last `/Dest /pv-print-end`.
pub fn mark_top(pdf: &[u8]) -> Option<f64> {
    let text = String::from_utf8_lossy(pdf);
    let dest = text.rfind(&format!("/Dest /{MARK_ID}"))?;
    let rect = text[..dest].rfind("/Rect [")?;
    let inner = &text[rect + "/Rect [".len()..];
    let numbers: Vec<f64> = inner
        .split(']')
        .next()?
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    numbers.get(3).copied()
}

/// Pages in a PDF as Chromium (Skia) writes it: one `/Type /Page` object each.
pub fn page_count(pdf: &[u8]) -> usize {
    let needle = b"/Type /Page";
    pdf.windows(needle.len() + 1)
        .filter(|w| &w[..needle.len()] == needle && w[needle.len()] != b's')
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"<</Type /Pages /Count 2>>\n<</Type /Page\n/Parent 1 0 R>>\n<</Type /Page\n>>\n\
        <</Type /Annot\n/Subtype /Link\n/Rect [86.25 606.4 171.75 620.6]\n/A <</URI (x)>>>>\n\
        <</Type /Annot\n/Subtype /Link\n/Rect [517.5 426.41998 521.71875 445.91998]\n/Dest /pv-print-end\n>>";

    #[test]
    fn finds_the_mark_and_counts_pages() {
        assert_eq!(mark_top(PDF), Some(445.91998));
        assert_eq!(page_count(PDF), 2);
        assert_eq!(mark_top(b"<</Type /Page>>"), None);
    }
}
