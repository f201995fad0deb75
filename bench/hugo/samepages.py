#!/usr/bin/env python3
"""Checks that Hugo's pages say what pv-bulletin's say: for every HTML page both
outputs have (or every N-th, with --every N), the text a reader sees — and the
targets of its links — in page order, with whitespace collapsed. Style sheets,
scripts, the charts' SVG (pv-bulletin) and canvas/JSON (Hugo) are left out: the
charts are compared through their title, summary sentence and data table, which both
pages show as text.

Usage: samepages.py PV_OUT HUGO_OUT [--every N] [--show K]
Prints the pages on one side only, the pages that differ with their first
difference, and a count per folder; exit status 1 when any page differs.
"""
import os
import sys
from collections import Counter
from html.parser import HTMLParser

SKIP = {"style", "script", "svg", "canvas"}


class Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self.skip += 1
        elif not self.skip and tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.out.append(f"[→{href}]")

    def handle_endtag(self, tag):
        if tag in SKIP and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            t = " ".join(data.split())
            if t:
                self.out.append(t)


def text(path):
    p = Text()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    return p.out


def pages(root):
    out = set()
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith(".html"):
                out.add(os.path.relpath(os.path.join(d, f), root))
    return out


def main(argv):
    pv, hugo = argv[0], argv[1]
    every = int(argv[argv.index("--every") + 1]) if "--every" in argv else 1
    show = int(argv[argv.index("--show") + 1]) if "--show" in argv else 5
    a, b = pages(pv), pages(hugo)
    # pv-bulletin's search index folder holds Pagefind's own files, not pages.
    a = {p for p in a if not p.startswith("pagefind/")}
    b = {p for p in b if not p.startswith("pagefind/")}
    only_pv, only_hugo = sorted(a - b), sorted(b - a)
    both = sorted(a & b)[::every]
    differ, checked = [], Counter()
    for rel in both:
        folder = rel.split("/")[0] if "/" in rel else "."
        checked[folder] += 1
        x, y = text(os.path.join(pv, rel)), text(os.path.join(hugo, rel))
        if x != y:
            i = next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
            differ.append((rel, i, x[max(0, i - 2):i + 3], y[max(0, i - 2):i + 3]))
    print(f"pages: pv-bulletin {len(a)}, Hugo {len(b)}; only pv-bulletin {len(only_pv)}, only Hugo {len(only_hugo)}")
    for p in only_pv[:show]:
        print(f"  only pv-bulletin: {p}")
    for p in only_hugo[:show]:
        print(f"  only Hugo: {p}")
    print("compared: " + ", ".join(f"{k} {v}" for k, v in sorted(checked.items())) + f"; differing: {len(differ)}")
    print(f"SUMMARY compared={sum(checked.values())} differing={len(differ)} only_pv={len(only_pv)} only_hugo={len(only_hugo)}")
    for rel, i, x, y in differ[:show]:
        print(f"  {rel} at text item {i}:\n    pv-bulletin: {x}\n    Hugo:        {y}")
    return 1 if differ or only_pv or only_hugo else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
