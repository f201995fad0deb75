#!/usr/bin/env bash
# Measures pv-bulletin (release build) on the sample data and on synthetic data of
# 1k, 3k, 10k and 30k stations (24 quarters, 100 issues), with per-stage timings
# and peak RSS; compares with Hugo building the same page set (bench/hugo/compare.sh,
# with Pagefind's CLI on Hugo's output); runs the criterion stage benchmarks; and
# writes everything to BENCHMARKS.md.
#
# It also times a rebuild in place from the build cache (nothing changed, one
# article edited, bench/rebuild.sh) against the copy floor, the
# incremental rebuilds of `serve` at the largest size (bench/serve_latency.py), and
# one build at LARGE stations (default 100 000; LARGE=0 skips it).
#
#   bench/run.sh              # full run, about half an hour on 2 cores
#   SIZES="1000 3000" RUNS=1 LARGE=0 bench/run.sh   # quicker
#
# Output goes to tmpfs (/dev/shm) when present, so disk speed does not dominate;
# set BENCH_DIR to measure a real disk. Needs /usr/bin/time; the Hugo comparison
# needs Debian's hugo, python3 with PyYAML and npm (skipped with a note otherwise), and
# saves its screenshots under target/bench-hugo-shots/.
set -euo pipefail
# Fresh builds draw every chart picture: the chart store in the user's cache
# directory (README, "Word out") is off unless the caller sets it.
export PV_BULLETIN_CACHE_DIR="${PV_BULLETIN_CACHE_DIR-}"
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
SIZES=${SIZES:-"1000 3000 10000 30000"}
RUNS=${RUNS:-3}
LARGE=${LARGE:-100000}
QUARTERS=24
ISSUES=100
base=${BENCH_DIR:-$( [ -d /dev/shm ] && echo /dev/shm || echo /tmp )}
work=$(mktemp -d "$base/pv-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

cargo build --release -q
bin="$root/target/release/pv-bulletin"

# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

# build DATA OUT LOG: one timed build; prints "wall_s rss_kb"
build_once() {
  rm -rf "$2"
  /usr/bin/time -f "TIME %e %M" "$bin" build --data "$1" --out "$2" --timings 2>"$3"
  awk '/^TIME/ {print $2, $3}' "$3"
}

# measure DATA LABEL: RUNS builds; sets WALL (median), RSS (max), STAGES (of the last run)
measure() {
  local walls=() rss=0 line
  for _ in $(seq "$RUNS"); do
    line=$(build_once "$1" "$work/out" "$work/log")
    walls+=("${line% *}")
    (( ${line#* } > rss )) && rss=${line#* }
  done
  WALL=$(printf '%s\n' "${walls[@]}" | median)
  RSS=$rss
  STAGES=$(awk '/^  (load|validate|compute|render|search|commit)/ {sub(/^  /, ""); printf "%s; ", $0}' "$work/log" | sed 's/  */ /g')
  FILES=$(awk '/^built/ {print $2}' "$work/log")
  # "built N files (…; 781.7 MB) into …": the size is the number before the unit.
  SIZE=$(sed -nE 's/^built .*; ([0-9.]+) (KB|MB|GB)\) into .*/\1 \2/p' "$work/log")
}

echo "== sample data"
RUNS_SAVED=$RUNS; RUNS=5
measure data sample
sample_wall=$WALL; sample_rss=$RSS; sample_stages=$STAGES; sample_files=$FILES
RUNS=$RUNS_SAVED

rows=""
for n in $SIZES; do
  echo "== $n stations"
  d="$work/data-$n"
  "$bin" gen-sample --out "$d" --stations "$n" --quarters $QUARTERS --issues $ISSUES --seed 1 2>/dev/null
  measure "$d" "$n"
  per=$(awk -v w="$WALL" -v n="$n" 'BEGIN {printf "%.3f", w * 1000 / n}')
  rows+="| $n | $FILES | $SIZE | $WALL s | $(( RSS / 1024 )) MB | $per ms | $STAGES |"$'\n'
  eval "wall_$n=$WALL"
done

# The same largest build once more, onto the real disk, to show what disk speed adds.
disk_note=""
if [ "$base" = /dev/shm ]; then
  echo "== ${SIZES##* } stations onto disk"
  disk_out="$root/target/bench-disk-out"
  rm -rf "$disk_out"; sync
  line=$(build_once "$work/data-${SIZES##* }" "$disk_out" "$work/disklog")
  rm -rf "$disk_out"
  disk_note="The same ${SIZES##* }-station build written to this machine's disk (under target/) instead of tmpfs: **${line% *} s** wall, peak RSS $(( ${line#* } / 1024 )) MB — the difference is the time the disk takes to absorb the output."
fi

# The search index of the largest build (Pagefind, written by the "search index" stage).
largest=${SIZES##* }
search_files=$(find "$work/out/pagefind" -type f | wc -l)
search_size=$(du -sb "$work/out/pagefind" | awk '{printf "%.1f MB", $1 / 1e6}')
search_time=$(awk '/^  search index/ {print $3}' "$work/log")
search_section="At $largest stations: **$search_size** in $search_files files under \`pagefind/\`, built in
**$search_time s** (the \`search index\` stage of the last run above, included in its wall time).
Issue and county pages are indexed without their charts and tables; each station by its key
facts, in $(ls -d "$work/out/pagefind/stations-"* 2>/dev/null | wc -l) shards that the search page merges."

# Import: the largest build's own stations.xlsx ($largest rows) back into its data.
echo "== import of a $largest-row ledger"
imp="$work/import-data"
rm -rf "$imp"; cp -r "$work/data-$largest" "$imp"
import_once() {
  /usr/bin/time -f "TIME %e %M" "$bin" import stations "$work/out/downloads/stations.xlsx" --data "$imp" 2>"$work/implog" || { cat "$work/implog" >&2; exit 1; }
  awk '/^TIME/ {printf "%s s | %d MB", $2, $3 / 1024}' "$work/implog"
}
import_same=$(import_once)
first_county=$(ls "$imp/stations" | head -1)
county_rows=$(grep -c '^- id:' "$imp/stations/$first_county")
rm "$imp/stations/$first_county"
import_new=$(import_once)
# The deleted file's comment line at its top is gone with it; the stations must match.
if diff -q <(grep -v '^#' "$imp/stations/$first_county") <(grep -v '^#' "$work/data-$largest/stations/$first_county") >/dev/null; then
  same_file=yes
else
  same_file=no
fi
import_section="\`pv-bulletin import stations downloads/stations.xlsx\` ($largest rows, $(du -b "$work/out/downloads/stations.xlsx" | awk '{printf "%.1f MB", $1 / 1e6}'))
into the data it was built from:

| import | wall | peak RSS |
|---|---|---|
| unchanged ledger: nothing to change | $import_same |
| \`stations/$first_county\` deleted first: its $county_rows stations added, file written, \`check\` run | $import_new |

The re-created \`stations/$first_county\` is identical to the original apart from the comment
line the deleted file had at its top: $same_file."

# Against Hugo: the same page set from the same data, paired runs, and Pagefind's CLI on
# Hugo's output (bench/hugo/compare.sh; it says what it skips and why).
echo "== Hugo on $largest stations"
hugo_section=$(RUNS=$RUNS HUGO_SHOTS="$root/target/bench-hugo-shots" \
  bench/hugo/compare.sh "$work/data-$largest" "$bin" "$work/hugo")

# Rebuilds in place (from the build cache) against a whole build and the copy floor.
echo "== rebuilds of $largest stations in place"
rebuild_section=$(bench/rebuild.sh "$bin" "$work/data-$largest" "$work/rebuild" "$RUNS")

# serve: edits at the largest size, timed from the save to the page served.
echo "== serve at $largest stations"
sv="$work/serve"; rm -rf "$sv"; mkdir -p "$sv"; cp -r "$work/data-$largest" "$sv/data"
serve_rows=$(python3 bench/serve_latency.py "$bin" "$sv/data" "$sv/public" | awk '{
  what = $1 == "article" ? "an article (one sentence added)" : $1 == "station" ? "a station file (one name changed)" : $1 == "progress" ? "a progress file (one figure changed)" : "a page template (station.html)";
  target = $1 == "article" ? "≤ 0.5 s" : $1 == "template" ? "≤ the full build" : "≤ 2 s";
  printf "| %s | %.2f s | %s | %.2f s |\n", what, $2, target, $3 }')
serve_section="\`pv-bulletin serve\` on the $largest-station data; each edit is timed from the moment the
file is written until a GET of the page shows it (\`bench/serve_latency.py\`, polling every
5 ms), and until serve reports the downloads and search index updated too.

| edit | on the served page | target | everything (downloads, search) |
|---|---|---|---|
$serve_rows"

large_section="Skipped (LARGE=0)."
if [ "$LARGE" -gt 0 ]; then
  echo "== $LARGE stations"
  d="$work/data-large"
  "$bin" gen-sample --out "$d" --stations "$LARGE" --quarters $QUARTERS --issues $ISSUES --seed 1 2>/dev/null
  line=$(build_once "$d" "$work/large-out" "$work/largelog")
  large_stages=$(awk '/^  (load|validate|compute|render|search|commit)/ {sub(/^  /, ""); printf "%s; ", $0}' "$work/largelog" | sed 's/  */ /g')
  large_files=$(awk '/^built/ {print $2}' "$work/largelog")
  large_size=$(sed -nE 's/^built .*; ([0-9.]+) (KB|MB|GB)\) into .*/\1 \2/p' "$work/largelog")
  rm -rf "$work/large-out" "$d"
  large_section="$LARGE stations, $QUARTERS quarters, $ISSUES issues (one run): **${line% *} s** wall, peak RSS
**$(( ${line#* } / 1024 )) MB** (targets: ≤ 12 s, ≤ 800 MB); $large_files files, $large_size. Stages: $large_stages"
fi

# PDFs (build --pdf): 100 issues and the notices of a small office, printed by headless
# Chromium; then a rebuild with nothing changed, and one after editing one article.
pdf_section="PDF benchmark skipped: no browser (apt-get install chromium fonts-noto-cjk)."
browser=${PV_BULLETIN_BROWSER:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
if [ -n "$browser" ]; then
  echo "== PDFs: $ISSUES issues"
  d="$work/pdf-data"; out="$work/pdf-out"
  "$bin" gen-sample --out "$d" --stations 40 --counties 4 --quarters $QUARTERS --issues $ISSUES --seed 1 2>/dev/null
  pdf_build() {
    /usr/bin/time -f "TIME %e" "$bin" build --data "$d" --out "$out" --pdf --browser "$browser" 2>"$work/pdflog"
    echo "$(awk '/^TIME/ {print $2}' "$work/pdflog") $(sed -nE 's/.*; ([0-9]+) PDFs \(([0-9]+) printed, ([0-9]+) unchanged\).*/\1 \2 \3/p' "$work/pdflog")"
  }
  rm -rf "$out"
  read -r first_wall pdfs first_printed _ <<<"$(pdf_build)"
  read -r again_wall _ again_printed _ <<<"$(pdf_build)"
  echo "补充一句。" >> "$d/bulletins/$ISSUES/01.md"
  read -r edit_wall _ edit_printed _ <<<"$(pdf_build)"
  issue_pages=$(pdfinfo "$out/issues/$ISSUES.pdf" | awk '/^Pages:/ {print $2}')
  pdf_section="\`gen-sample --stations 40 --counties 4 --quarters $QUARTERS --issues $ISSUES\`: $ISSUES issue pages
and the villages' 收益分配公示, $pdfs PDFs in all, printed by $($browser --version 2>/dev/null | head -1)
over the DevTools protocol, $(nproc) cores. An issue prints to about $issue_pages A4 pages.

| build --pdf | PDFs printed | wall |
|---|---|---|
| first (empty output) | $first_printed | $first_wall s |
| again, nothing changed | $again_printed | $again_wall s |
| after one sentence added to one article | $edit_printed | $edit_wall s |"
fi

echo "== criterion stage benchmarks (sample data)"
crit=$(cargo bench -q --bench stages -- --quick 2>/dev/null | awk '/time:/ {
  name=$0; sub(/ +time:.*/, "", name); sub(/^ +/, "", name);
  if (name == "") name = prev; mid=$0; sub(/.*time: +\[[^ ]+ [^ ]+ /, "", mid); sub(/ [^ ]+ [^ ]+\]$/, "", mid);
  printf "| %s | %s |\n", name, mid } { if ($0 !~ /time:/ && $1 != "") prev=$0 }')

cpu=$(awk -F: '/model name/ {sub(/^ /, "", $2); print $2; exit}' /proc/cpuinfo)
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
cat > BENCHMARKS.md <<MD
# Benchmarks

Written by \`bench/run.sh\` on $(date -u +%Y-%m-%d). Machine: $(nproc) cores ($cpu), $mem,
$(uname -sr). Release build of pv-bulletin $(awk -F'"' '/^version/ {print $2; exit}' Cargo.toml).
Output written to \`$base\`$( [ "$base" = /dev/shm ] && echo " (tmpfs: measures the tool, not the disk)").
Wall time is the median of $RUNS runs of \`pv-bulletin build\`; peak RSS the maximum.

## Sample site (\`data/\`, target < 0.3 s)

$sample_files files in **$sample_wall s** wall, peak RSS $(( sample_rss / 1024 )) MB (median of 5). Stages: $sample_stages

## Synthetic data: $QUARTERS quarters, $ISSUES issues, every page type, a chart on every station page

Target for 30 000 stations: < 10 s wall, < 1.5 GB peak RSS. "per station" is wall ÷
stations: flat means cost grows linearly.

| stations | files | output | wall | peak RSS | per station | stages (last run) |
|---|---|---|---|---|---|---|
$rows
$disk_note

## Search index

$search_section

## Import from a spreadsheet

$import_section

## Against Hugo

$hugo_section

## Rebuilds in place

$rebuild_section

## Incremental rebuilds under \`serve\`

$serve_section

## A national site

$large_section

## PDFs (\`build --pdf\`)

$pdf_section

## Stages in isolation (criterion, sample data, \`cargo bench --bench stages\`)

| benchmark | time (median estimate) |
|---|---|
$crit
MD
echo "wrote BENCHMARKS.md"
