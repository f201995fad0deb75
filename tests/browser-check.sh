#!/usr/bin/env bash
# Checks the built sample site as a person would see it:
#   1. every generated HTML page passes the Nu HTML Checker (vnu) with no errors;
#   2. headless Chromium opens an issue, a county and a station page from file://,
#      on a desktop and a phone viewport, with no console error, no page error and
#      no network request; screenshots and an A4 PDF go to target/browser-check/;
#   3. `build --pdf` prints every issue in the GB/T 9704 layout (checked with poppler's
#      pdfinfo, pdftotext -bbox and pdftoppm by browser/check_pdf.py) and every village
#      收益分配公示 on exactly one A4 page.
#
# Needs java, node, Debian's chromium and fonts-noto-cjk, and `npm ci` in
# tests/browser (.ci/run installs all of them). Run outside CI without them, it
# skips with a message; in CI (CI=true) a missing tool is a failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
vnu="$here/browser/node_modules/vnu-jar/build/dist/vnu.jar"

missing=()
command -v java >/dev/null || missing+=("java (apt-get install default-jre-headless)")
command -v node >/dev/null || missing+=("node")
command -v pdfinfo >/dev/null || missing+=("pdfinfo (apt-get install poppler-utils)")
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing+=("chromium (apt-get install chromium fonts-noto-cjk)")
[ -f "$vnu" ] || missing+=("vnu-jar (cd tests/browser && npm ci)")
[ -d "$here/browser/node_modules/playwright-core" ] || missing+=("playwright-core (cd tests/browser && npm ci)")
if [ ${#missing[@]} -gt 0 ]; then
  if [ "${CI:-}" = "true" ]; then
    printf 'browser check: missing tools in CI:\n  %s\n' "${missing[@]}" >&2
    exit 1
  fi
  printf 'browser check SKIPPED: missing\n  %s\n(`cargo test` does not need these; .ci/run installs them.)\n' "${missing[@]}"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
site="$work/public"
(cd "$root" && cargo run --release -q -- build --data data --out "$site" --pdf --browser "${CHROMIUM:-/usr/bin/chromium}")

echo "== page sizes (issue pages must stay under 300 KB)"
for f in "$site"/issues/*.html; do
  printf '  %-16s %7d bytes\n' "issues/$(basename "$f")" "$(wc -c <"$f")"
done
printf '  %-16s %7d bytes (largest county page)\n' "counties/*" "$(find "$site/counties" -name '*.html' -exec wc -c {} + | sort -n | tail -2 | head -1 | awk '{print $1}')"
printf '  %-16s %7d bytes (largest station page)\n' "stations/*" "$(find "$site/stations" -name '*.html' -exec wc -c {} + | sort -n | tail -2 | head -1 | awk '{print $1}')"

pages=$(find "$site" -name '*.html' | wc -l)
echo "== Nu HTML Checker on $pages pages"
java -Xss4m -jar "$vnu" --errors-only --skip-non-html "$site"
echo "vnu: no errors in $pages pages"

echo "== headless Chromium from file://"
shots="$root/target/browser-check"
rm -rf "$shots"
node "$here/browser/check.mjs" "$site" "$shots" issues/22.html counties/nanxi.html stations/nanxi-003.html \
  notices/index.html notices/2017/by-county/donghu.html notices/2017/donghu-001.html

echo "== search: search.html?q=<village> over HTTP, from a sub-folder as a host would serve it"
village=$(sed -n 's/^  village: *//p' "$root/data/stations/nanxi.yaml" | head -1)
station=$(sed -n 's/^- id: *//p' "$root/data/stations/nanxi.yaml" | head -1)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work" >/dev/null 2>&1 &
http_pid=$!
trap 'kill $http_pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $port))" 2>/dev/null && break; sleep 0.1; done
node "$here/browser/search.mjs" "http://127.0.0.1:$port/public/" "$site" "$village" "/public/stations/$station.html" "$shots"

echo "== PDFs: GB/T 9704 layout of every issue, one A4 page per village notice"
title=$(sed -n 's/^title: *//p' "$root/data/site.yaml" | head -1)
grep -q 'href="22.pdf"' "$site/issues/22.html" || { echo "issue page does not link its PDF" >&2; exit 1; }
grep -q 'href="issues/22.pdf"' "$site/index.html" || { echo "index does not link the PDFs" >&2; exit 1; }
for pdf in "$site"/issues/*.pdf; do
  echo "$(basename "$pdf"): $(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}') pages"
  python3 "$here/browser/check_pdf.py" "$pdf" "$title"
done
last=$(ls "$site"/issues/*.pdf | sort -V | tail -1)
pages=$(pdfinfo "$last" | awk '/^Pages:/ {print $2}')
pdftoppm -r 60 -png -f 1 -l 1 "$last" "$shots/issue-pdf-first"
pdftoppm -r 60 -png -f "$pages" -l "$pages" "$last" "$shots/issue-pdf-last"
notices=0
for pdf in $(find "$site/notices" -name '*.pdf'); do
  info=$(pdfinfo "$pdf")
  if ! grep -q '^Pages: *1$' <<<"$info" || ! grep -q 'Page size:.*(A4)' <<<"$info"; then
    echo "notice $pdf is not one A4 page:" >&2; echo "$info" >&2; exit 1
  fi
  notices=$((notices + 1))
done
[ "$notices" -gt 0 ] || { echo "no notice PDFs were built" >&2; exit 1; }
pdftoppm -r 60 -png -singlefile "$site/notices/2017/donghu-001.pdf" "$shots/notice-pdf"
echo "notices: $notices PDFs, each one A4 page; PNGs of the first and last issue page and a notice in $shots"
