#!/usr/bin/env python3
"""Checks a printed issue PDF against the GB/T 9704 numbers (BULLETIN-STYLE.md), using
poppler's pdfinfo and `pdftotext -bbox`:

  - every page is A4;
  - page 1's text starts 28 mm from the left and 37 mm from the top (±2 mm);
  - every page carries its number as `— N —` below the 版心;
  - page 1 carries the masthead title, the last page the 印发 line;
  - no page but the last is less than half filled.

Usage: check_pdf.py FILE.pdf MASTHEAD_TITLE
Prints one line per page and exits non-zero on any failure.
"""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
LEFT, TOP, HEIGHT = 28 * MM, 37 * MM, 225 * MM
TOLERANCE = 2 * MM


def pages(pdf):
    xhtml = subprocess.run(["pdftotext", "-bbox", pdf, "-"], check=True,
                           capture_output=True, text=True).stdout
    root = ET.fromstring(xhtml)
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    for page in root.iter("{http://www.w3.org/1999/xhtml}page"):
        words = [(w.text or "", float(w.get("xMin")), float(w.get("yMin")),
                  float(w.get("xMax")), float(w.get("yMax")))
                 for w in page.findall(".//x:word", ns)]
        yield float(page.get("width")), float(page.get("height")), words


def ink_start(pdf):
    """Where the ink starts on page 1: (left, top) in points, from a 72 dpi greyscale
    rendering. Word boxes from pdftotext carry the font's whole ascent and descent, so
    the glyphs themselves are measured instead."""
    pgm = subprocess.run(["pdftoppm", "-r", "72", "-gray", "-f", "1", "-l", "1",
                          "-singlefile", pdf], check=True, capture_output=True).stdout
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", pgm)
    width, height = int(header.group(1)), int(header.group(2))
    pixels = pgm[header.end():]
    body_bottom = int((TOP + HEIGHT) * 1)  # 72 dpi: one pixel per point
    dark = [(x, y) for y in range(min(height, body_bottom)) for x in range(width)
            if pixels[y * width + x] < 160]
    return min(x for x, _ in dark), min(y for _, y in dark)


def main(pdf, title):
    failures = []
    all_pages = list(pages(pdf))
    if not all_pages:
        failures.append("no pages")
    for n, (width, height, words) in enumerate(all_pages, start=1):
        last = n == len(all_pages)
        if abs(width - A4[0]) > 2 or abs(height - A4[1]) > 2:
            failures.append(f"page {n}: {width:.0f} x {height:.0f} pt is not A4")
        body = [w for w in words if w[4] <= TOP + HEIGHT + 1]
        footer = [w[0] for w in words if w[2] > TOP + HEIGHT]
        number = any(footer[i:i + 3] == ["—", str(n), "—"] for i in range(len(footer)))
        if not number:
            failures.append(f"page {n}: no page number `— {n} —` below the 版心 (found {footer})")
        fill = (max((w[4] for w in body), default=TOP) - TOP) / HEIGHT
        if not last and fill < 0.5:
            failures.append(f"page {n}: only {fill:.0%} of the 版心 is filled")
        text = "".join(w[0] for w in words)
        if n == 1:
            left, top = ink_start(pdf)
            print(f"  page 1: ink starts {left / MM:.1f} mm from the left, {top / MM:.1f} mm from the top")
            if abs(left - LEFT) > TOLERANCE:
                failures.append(f"page 1: text starts {left / MM:.1f} mm from the left, not 28 mm")
            if abs(top - TOP) > TOLERANCE:
                failures.append(f"page 1: text starts {top / MM:.1f} mm from the top, not 37 mm")
            if title not in text:
                failures.append(f"page 1: no masthead `{title}`")
        if last and "印发" not in text:
            failures.append(f"page {n} (last): no 印发 line")
        print(f"  page {n}: {fill:.0%} filled, number {'ok' if number else 'MISSING'}")
    for f in failures:
        print(f"FAIL {pdf}: {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
