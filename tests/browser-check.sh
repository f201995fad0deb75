#!/usr/bin/env bash
# Checks the built sample site as a person would see it:
#   1. every generated HTML page passes the Nu HTML Checker (vnu) with no errors;
#   2. headless Chromium opens an issue, a county and a station page from file://,
#      on a desktop and a phone viewport, with no console error, no page error and
#      no network request; screenshots and an A4 PDF go to target/browser-check/;
#   3. a village 收益分配公示 prints on exactly one A4 page (pdfinfo, poppler-utils).
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
(cd "$root" && cargo run --release -q -- build --data data --out "$site")

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

echo "== a village notice prints on one A4 page"
pages=$(pdfinfo "$shots/notice-a4.pdf" | awk '/^Pages:/ {print $2}')
size=$(pdfinfo "$shots/notice-a4.pdf" | grep -c 'Page size:.*(A4)' || true)
if [ "$pages" != 1 ] || [ "$size" != 1 ]; then
  echo "notice PDF: $pages pages, A4: $size (expected one A4 page)" >&2
  exit 1
fi
pdftoppm -r 60 -png -f 1 -l 1 "$shots/notice-a4.pdf" "$shots/notice-a4"
echo "notice: 1 A4 page, rendered to $shots/notice-a4-1.png"
