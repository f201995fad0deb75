#!/usr/bin/env python3
"""Checks an issue .docx as LibreOffice lays it out, against the GB/T 9704 numbers
(BULLETIN-STYLE.md) and the browser's PDF of the same issue:

  - every page is A4;
  - the page count is within ±1 of the browser's PDF;
  - page 1's ink starts 37 ± 1.5 mm from the top and 28 ± 1.5 mm from the left;
  - every page carries `— N —` below the 版心, odd pages on the right half and even
    pages on the left half (the .docx has different odd and even footers).

Usage: docx_check.py LIBREOFFICE.pdf BROWSER.pdf
Prints one line per page and exits non-zero on any failure. Ink is measured on a
150 dpi greyscale rendering (pdftoppm), word positions with `pdftotext -bbox`.
"""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
LEFT, TOP, HEIGHT = 28 * MM, 37 * MM, 225 * MM
TOLERANCE = 1.5 * MM
DPI = 150


def pages(pdf):
    xhtml = subprocess.run(["pdftotext", "-bbox", pdf, "-"], check=True,
                           capture_output=True, text=True).stdout
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    for page in ET.fromstring(xhtml).iter("{http://www.w3.org/1999/xhtml}page"):
        words = [(w.text or "", float(w.get("xMin")), float(w.get("yMin")),
                  float(w.get("xMax")), float(w.get("yMax")))
                 for w in page.findall(".//x:word", ns)]
        yield float(page.get("width")), float(page.get("height")), words


def ink_start(pdf):
    """(left, top) of page 1's ink inside the 版心 band, in points."""
    pgm = subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-f", "1", "-l", "1",
                          "-singlefile", pdf], check=True, capture_output=True).stdout
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", pgm)
    width, height = int(header.group(1)), int(header.group(2))
    pixels = pgm[header.end():]
    scale = DPI / 72
    bottom = min(height, int((TOP + HEIGHT) * scale))
    left = top = None
    for y in range(bottom):
        row = pixels[y * width:(y + 1) * width]
        xs = [x for x in range(width) if row[x] < 160]
        if xs:
            top = y if top is None else top
            left = min(xs) if left is None else min(left, min(xs))
    return left / scale, top / scale


def main(pdf, browser_pdf):
    failures = []
    all_pages = list(pages(pdf))
    browser_count = len(list(pages(browser_pdf)))
    print(f"  {len(all_pages)} pages in LibreOffice, {browser_count} in the browser's PDF")
    if abs(len(all_pages) - browser_count) > 1:
        failures.append(f"{len(all_pages)} pages, the browser prints {browser_count}")
    for n, (width, height, words) in enumerate(all_pages, start=1):
        if abs(width - A4[0]) > 2 or abs(height - A4[1]) > 2:
            failures.append(f"page {n}: {width:.0f} x {height:.0f} pt is not A4")
        footer = [w for w in words if w[2] > TOP + HEIGHT]
        texts = [w[0] for w in footer]
        at = next((i for i in range(len(texts)) if texts[i:i + 3] == ["—", str(n), "—"]), None)
        if at is None:
            failures.append(f"page {n}: no page number `— {n} —` below the 版心 (found {texts})")
            continue
        x0, x1 = footer[at][1], footer[at + 2][3]
        side = "right" if x0 > width / 2 else "left" if x1 < width / 2 else "centre"
        want = "right" if n % 2 else "left"
        print(f"  page {n}: `— {n} —` at {x0 / MM:.1f}–{x1 / MM:.1f} mm ({side})")
        if side != want:
            failures.append(f"page {n}: page number on the {side}, not the {want}")
    left, top = ink_start(pdf)
    print(f"  page 1: ink starts {left / MM:.1f} mm from the left, {top / MM:.1f} mm from the top")
    if abs(left - LEFT) > TOLERANCE:
        failures.append(f"page 1: ink starts {left / MM:.1f} mm from the left, not 28 ± 1.5 mm")
    if abs(top - TOP) > TOLERANCE:
        failures.append(f"page 1: ink starts {top / MM:.1f} mm from the top, not 37 ± 1.5 mm")
    for f in failures:
        print(f"FAIL {f}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
