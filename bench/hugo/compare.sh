#!/usr/bin/env bash
# pv-bulletin against Hugo on the same page set from the same data (issue #27): every
# station, county, issue (articles, 本期数据 tables, charts), village notice, the notice
# lists, archive and index. bench/hugo/prepare.py turns the data into Hugo content
# (timed apart, not counted); Hugo renders it with the layouts in bench/hugo/site, its
# charts drawn in the browser by Chart.js from JSON in the page. Then Pagefind's CLI
# (npm) indexes the largest subset of Hugo's output this machine's memory holds, as a
# Hugo site adds search.
#
#   bench/hugo/compare.sh DATA_DIR PV_BINARY WORKDIR
#
# Prints the BENCHMARKS.md section on stdout; progress on stderr; everything measured,
# with the load average before and after each timing, in WORKDIR/compare.log.
# Environment: RUNS (paired runs, default 3); HUGO_SHOTS (where the screenshots go,
# default WORKDIR/shots); PAGEFIND_BUDGET_MB (peak RSS the Pagefind run may reach,
# default the smaller of 12 000 and 65 % of MemAvailable); PAGEFIND=0 skips Pagefind.
# Needs Debian's hugo, python3 with PyYAML, npm (Chart.js and Pagefind come from the
# npm registry at the versions in bench/hugo/package-lock.json), /usr/bin/time;
# chromium for the screenshots (skipped without it).
set -euo pipefail
# Fresh builds draw every chart picture: the chart store in the user's cache
# directory (README, "Word out") is off unless the caller sets it.
export PV_BULLETIN_CACHE_DIR="${PV_BULLETIN_CACHE_DIR-}"
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=$(cd "$1" && pwd)
bin=$2
work=$3
RUNS=${RUNS:-3}
shots=${HUGO_SHOTS:-$work/shots}
mkdir -p "$work" "$shots"
log="$work/compare.log"
: >"$log"
say() { echo "$*" >&2; echo "$*" >>"$log"; }
# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"

for tool in hugo npm /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "Hugo comparison skipped: \`$tool\` not found (apt-get install hugo npm time)."; exit 0; }
done
python3 -c "import yaml" 2>/dev/null || { echo "Hugo comparison skipped: PyYAML not found (apt-get install python3-yaml)."; exit 0; }

# Chart.js for the pages, the Pagefind CLI for the search index: pinned, from npm.
say "== npm: chart.js and pagefind (bench/hugo/package-lock.json)"
npm_dir="$work/npm"
mkdir -p "$npm_dir"
cp "$here/package.json" "$here/package-lock.json" "$npm_dir/"
(cd "$npm_dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
chartjs_version=$(node -p "require('$npm_dir/node_modules/chart.js/package.json').version")
pagefind="$npm_dir/node_modules/.bin/pagefind"

# The site: layouts, the stylesheets pv-bulletin inlines (base.css spliced in where the
# template includes it), Chart.js (MIT, its licence header kept) under static/js.
site="$work/site"
rm -rf "$site"
cp -r "$here/site" "$site"
mkdir -p "$site/layouts/partials" "$site/static/js"
for css in style print notice; do
  awk -v base="$root/templates/base.css" '/\{% include "base.css" %\}/ { while ((getline l < base) > 0) print l; next } { print }' \
    "$root/templates/$css.css" >"$site/layouts/partials/$css.css"
done
cp "$npm_dir/node_modules/chart.js/dist/chart.umd.js" "$site/static/js/"

say "== prepare.py on $data"
t0=$(date +%s.%N)
/usr/bin/time -f "TIME %e %M" python3 -B "$here/prepare.py" "$data" "$site" >"$work/prepare.out" 2>"$work/prepare.err" || { cat "$work/prepare.err" >&2; exit 1; }
prep=$(awk '/^TIME/ {print $2}' "$work/prepare.err")
prep_rss=$(awk '/^TIME/ {print int($3 / 1024)}' "$work/prepare.err")
say "$(cat "$work/prepare.out") in $prep s, peak RSS $prep_rss MB"
content_files=$(find "$site/content" -type f | wc -l)
content_size=$(du -sb "$site/content" | awk '{printf "%.0f MB", $1 / 1e6}')

# Pages by type: issues, counties, stations, notices, notice lists, and the others
# (index, archive, search, counties.html, notices/index.html).
pages_by_type() {
  (cd "$1" && find . -name '*.html' -not -path './pagefind/*' | sed 's|^\./||') | awk -F/ '
    { t = "other" }
    $1 == "issues" { t = "issues" } $1 == "counties" { t = "counties" } $1 == "stations" { t = "stations" }
    $1 == "notices" && NF == 3 { t = "notices" } $1 == "notices" && NF == 4 { t = "notice lists" }
    { c[t]++; n++ }
    END { printf "%d (issues %d, counties %d, stations %d, notices %d, notice lists %d, other %d)", n, c["issues"], c["counties"], c["stations"], c["notices"], c["notice lists"], c["other"] }'
}

# Paired: each run builds pv-bulletin (every chart picture drawn), pv-bulletin again
# with its chart pictures in a chart store (as every build after the first on a
# machine has them), then Hugo, so all three see the same machine.
pv_out="$work/pv-out"; hugo_out="$work/hugo-out"; warm_out="$work/pv-warm"
store="$work/chart-store"
rm -rf "$store" "$warm_out" "$work/.pv-warm."*
PV_BULLETIN_CACHE_DIR="$store" "$bin" build --data "$data" --out "$warm_out" >/dev/null 2>&1
rm -rf "$warm_out" "$work/.pv-warm."*
pwalls=(); wwalls=(); hwalls=(); prss=0; wrss=0; hrss=0; rows=""
for i in $(seq "$RUNS"); do
  # Only one site on tmpfs at a time but in the last run, whose two are compared below:
  # at 30,000 stations Hugo's pages take ~2 GB and its process ~10 GB.
  rm -rf "$pv_out" "$hugo_out" "$work/.pv-out.lock" "$work/.pv-out.pv-bulletin-cache"
  l0=$(load)
  /usr/bin/time -f "TIME %e %M" "$bin" build --data "$data" --out "$pv_out" --timings 2>"$work/pvlog" >/dev/null
  l1=$(load)
  pw=$(awk '/^TIME/ {print $2}' "$work/pvlog"); pr=$(awk '/^TIME/ {print $3}' "$work/pvlog")
  [ "$i" -lt "$RUNS" ] && rm -rf "$pv_out"
  lw=$(load)
  PV_BULLETIN_CACHE_DIR="$store" /usr/bin/time -f "TIME %e %M" "$bin" build --data "$data" --out "$warm_out" --timings 2>"$work/pvwlog" >/dev/null
  grep -q "0 drawn" "$work/pvwlog" || { echo "the chart store did not hold every picture:" >&2; cat "$work/pvwlog" >&2; exit 1; }
  ww=$(awk '/^TIME/ {print $2}' "$work/pvwlog"); wr=$(awk '/^TIME/ {print $3}' "$work/pvwlog")
  if [ "$i" = "$RUNS" ]; then  # the pictures from the store are the pictures drawn
    diff -rq --exclude='.pv-*' "$pv_out" "$warm_out" >&2 || { echo "the chart store changed the site" >&2; exit 1; }
  fi
  rm -rf "$warm_out" "$work/.pv-warm."*
  l2=$(load)
  /usr/bin/time -f "TIME %e %M" hugo --quiet --source "$site" -d "$hugo_out" 2>"$work/hlog" >/dev/null || { cat "$work/hlog" >&2; exit 1; }
  l3=$(load)
  hw=$(awk '/^TIME/ {print $2}' "$work/hlog"); hr=$(awk '/^TIME/ {print $3}' "$work/hlog")
  pwalls+=("$pw"); wwalls+=("$ww"); hwalls+=("$hw")
  (( pr > prss )) && prss=$pr
  (( wr > wrss )) && wrss=$wr
  (( hr > hrss )) && hrss=$hr
  say "run $i: pv-bulletin $pw s, $((pr / 1024)) MB (load $l0 → $l1); with the chart store $ww s, $((wr / 1024)) MB (load $lw → $l2); Hugo $hw s, $((hr / 1024)) MB (load $l2 → $l3)"
  rows+="| $i | $pw s | $ww s | $hw s | $l0 → $l1 | $lw → $l2 | $l2 → $l3 |"$'\n'
done
rm -rf "$store"
pwall=$(printf '%s\n' "${pwalls[@]}" | median)
wwall=$(printf '%s\n' "${wwalls[@]}" | median)
hwall=$(printf '%s\n' "${hwalls[@]}" | median)
ratio=$(awk -v h="$hwall" -v p="$pwall" 'BEGIN {printf "%.2f", p / h}')
wratio=$(awk -v h="$hwall" -v p="$wwall" 'BEGIN {printf "%.2f", p / h}')
pv_pages=$(pages_by_type "$pv_out")
hugo_pages=$(pages_by_type "$hugo_out")
pv_summary=$(awk '/^built/' "$work/pvlog")
hugo_files=$(find "$hugo_out" -type f | wc -l)
hugo_size=$(du -sb "$hugo_out" | awk '{printf "%.0f MB", $1 / 1e6}')
say "pv-bulletin pages: $pv_pages"
say "Hugo pages:        $hugo_pages"

# Do the pages say the same? Every page at small sizes, a sample of ~3,000 at large ones.
total=$(find "$hugo_out" -name '*.html' | wc -l)
every=$(( total > 3000 ? total / 3000 : 1 ))
same=$(python3 -B "$here/samepages.py" "$pv_out" "$hugo_out" --every "$every" --show 3 || true)
say "$same"
same_line=$(echo "$same" | awk -v every="$every" '/^SUMMARY/ {
  for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
  printf "**%d of the %d pages compared differ** (%s)", v["differing"], v["compared"], every == 1 ? "every page both sites have" : "one page in " every }')

# Screenshots: one page of each type from both sites, for the check by eye.
browser=$(command -v chromium || command -v chromium-browser || true)
shot_list=""
if [ -n "$browser" ]; then
  # (awk 'NR == 1' rather than head: head would cut the pipe short, a failure under pipefail)
  issue=$(cd "$hugo_out/issues" && ls | sort -n | tail -1)
  county=$(cd "$hugo_out/counties" && ls | sort | awk 'NR == 1')
  station=$(cd "$hugo_out/stations" && grep -l 'data-chart=' -r . | sort | awk 'NR == 1 {sub(/^\.\//, ""); print}')
  notice=$(cd "$hugo_out/notices" && find . -mindepth 2 -maxdepth 2 -name '*.html' | sort | tail -1 | sed 's|^\./||')
  list=$(cd "$hugo_out/notices" && find . -path '*/by-county/*.html' | sort | tail -1 | sed 's|^\./||')
  for page in index.html archive.html counties.html "counties/$county" "stations/$station" "issues/$issue" \
              notices/index.html "notices/$list" "notices/$notice"; do
    name=$(echo "$page" | tr '/' '_' | sed 's/\.html$//')
    for side in pv hugo; do
      dir=$([ $side = pv ] && echo "$pv_out" || echo "$hugo_out")
      height=$([ "${page%%/*}" = issues ] && echo 9000 || echo 2000)
      timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=5000 \
        --window-size=1200,$height --screenshot="$shots/$name.$side.png" "file://$dir/$page" >/dev/null 2>&1 || true
    done
    shot_list+="\`$name.{pv,hugo}.png\` ($page), "
  done
  say "screenshots in $shots: ${shot_list%, }"
fi

# Pagefind needs memory more than anything else here: pv-bulletin's output and Hugo's
# content files go (Hugo's output stays to be indexed), and the load of the browser
# settles for half a minute.
rm -rf "$pv_out" "$site/content"
sleep 30

# Pagefind's CLI on Hugo's output: the pages in this order — index, archive, overview
# pages, issues, counties, stations, notice lists, then notices — as many as the memory
# budget allows. Its peak RSS grows with the pages indexed: three small runs fit
# RSS = a + b·(other pages) + c·(notices), and the largest run is picked from that.
pagefind_section="Pagefind skipped (PAGEFIND=0)."
if [ "${PAGEFIND:-1}" != 0 ]; then
  order="$work/pagefind-order"
  (cd "$hugo_out" && {
    ls index.html archive.html counties.html search.html notices/index.html 2>/dev/null
    ls issues/*.html | sort -t/ -k2 -n; ls counties/*.html; ls stations/*.html
    find notices -path '*/by-county/*.html' | sort
  }) >"$order.rest"
  (cd "$hugo_out" && find notices -mindepth 2 -maxdepth 2 -name '*.html' | sort) >"$order.notices"
  n_rest=$(wc -l <"$order.rest"); n_notices=$(wc -l <"$order.notices")
  # pagefind_run REST NOTICES: index the first REST other pages and NOTICES notices;
  # sets PF_WALL, PF_RSS (kB), PF_SIZE (bytes), PF_LOAD (before → after).
  pagefind_run() {
    local dir="$work/pagefind-site"
    rm -rf "$dir"; mkdir -p "$dir"
    { head -n "$1" "$order.rest"; head -n "$2" "$order.notices"; } | (cd "$hugo_out" && xargs -d '\n' cp -l --parents -t "$dir")
    local l0; l0=$(load)
    /usr/bin/time -f "TIME %e %M" "$pagefind" --site "$dir" >"$work/pflog" 2>&1 || { tail -20 "$work/pflog" >&2; exit 1; }
    PF_LOAD="$l0 → $(load)"
    PF_WALL=$(awk '/^TIME/ {print $2}' "$work/pflog"); PF_RSS=$(awk '/^TIME/ {print $3}' "$work/pflog")
    PF_SIZE=$(du -sb "$dir/pagefind" | cut -f1); PF_FILES=$(find "$dir/pagefind" -type f | wc -l)
    PF_PAGES=$(sed -n 's/.*Indexed \([0-9]*\) pages.*/\1/p' "$work/pflog")
    say "pagefind: $1 other pages + $2 notices ($PF_PAGES indexed): $PF_WALL s, $((PF_RSS / 1024)) MB (load $PF_LOAD)"
    rm -rf "$dir"
  }
  small=$(( n_rest < 3000 ? n_rest / 3 : 1000 ))
  more=$(( n_notices < 3 * small ? n_notices / 2 : 2 * small ))
  pagefind_run "$small" 0; r1=$PF_RSS
  pagefind_run $((3 * small)) 0; r2=$PF_RSS
  pagefind_run "$small" "$more"; r3=$PF_RSS
  avail=$(awk '/MemAvailable/ {print int($2 / 1024)}' /proc/meminfo)
  budget=${PAGEFIND_BUDGET_MB:-$(( avail * 65 / 100 < 12000 ? avail * 65 / 100 : 12000 ))}
  # kB per page of each kind, and what the budget leaves for notices after every other page.
  read -r per_rest per_notice base fit <<<"$(awk -v r1="$r1" -v r2="$r2" -v r3="$r3" -v s="$small" -v m="$more" \
    -v rest="$n_rest" -v nn="$n_notices" -v budget="$budget" 'BEGIN {
      b = (r2 - r1) / (2 * s); c = (r3 - r1) / m; a = r1 - b * s;
      if (c <= 0) c = b;
      fit = int((budget * 1024 - a - b * rest) / c); if (fit > nn) fit = nn; if (fit < 0) fit = 0;
      printf "%.0f %.0f %.0f %d", b, c, a, fit }')"
  say "pagefind model: $((base / 1024)) MB + $per_rest kB per other page + $per_notice kB per notice; budget $budget MB (MemAvailable $avail MB) → all $n_rest other pages + $fit of $n_notices notices"
  rest_take=$n_rest
  if [ "$fit" -le 0 ]; then  # not even every other page fits: as many of those as the budget allows
    rest_take=$(awk -v a="$base" -v b="$per_rest" -v budget="$budget" -v rest="$n_rest" 'BEGIN { n = int((budget * 1024 - a) / b); print (n < rest ? n : rest) }')
  fi
  pagefind_run "$rest_take" "$fit"
  pagefind_section="Pagefind $(node -p "require('$npm_dir/node_modules/pagefind/package.json').version") (the npm package's CLI,
\`pagefind --site\`, as a Hugo site adds search) on a copy of Hugo's output holding **$PF_PAGES pages**:
$( [ "$rest_take" = "$n_rest" ] && echo "every page but the notices ($n_rest: index, archive, overview pages, issues, counties, stations, notice lists)" || echo "the first $rest_take of the $n_rest pages other than notices" ) and
$fit of the $n_notices village notices (by year, then station id). Three small runs first
($small and $((3 * small)) other pages, $small + $more notices: $((r1 / 1024)), $((r2 / 1024)) and $((r3 / 1024)) MB) put its peak RSS at
about $((base / 1024)) MB + $per_rest kB per other page + $per_notice kB per notice; the subset is the largest that
stays within $budget MB (65 % of the $avail MB available then, at most 12 GB), since the machine is shared.
All $((n_rest + n_notices)) pages would need about $(awk -v a="$base" -v b="$per_rest" -v c="$per_notice" -v r="$n_rest" -v n="$n_notices" 'BEGIN {printf "%.1f", (a + b * r + c * n) / 1048576}') GB.

| Pagefind CLI on Hugo's output | pages | wall | peak RSS | index | load before → after |
|---|---|---|---|---|---|
| the subset above | $PF_PAGES | $PF_WALL s | $((PF_RSS / 1024)) MB | $(awk -v s="$PF_SIZE" 'BEGIN {printf "%.1f MB", s / 1e6}') in $PF_FILES files | $PF_LOAD |

pv-bulletin indexes its whole site for search inside the build timed above: every
station as a short record, while it renders the pages, then the issue and county pages;
notices are not indexed."
fi

cat <<MD
Same data set ($(basename "$data"): $(cat "$work/prepare.out" | sed 's/^hugo content: //')), the same page set on both sides.
Hugo $(hugo version | awk '{print $2}') renders every page pv-bulletin writes — each station, county and
issue page, every village notice and notice list, the archive, the index, the overview
pages and the search page — with the same fields, tables, sentences and stylesheets
(\`bench/hugo/site/layouts\`). Its content files ($content_files, $content_size of JSON front matter,
plus each issue's articles as Markdown) are written by \`bench/hugo/prepare.py\`, which
computes every figure as pv-bulletin does and formats it: **${prep} s** (peak RSS
${prep_rss} MB), not counted. Charts: Hugo's pages carry each chart's series as JSON and
draw it in the browser with Chart.js $chartjs_version (from npm, \`static/js/chart.umd.js\`);
pv-bulletin draws them as inline SVG. Hugo writes no downloads (CSV, Excel), Word files
or chart PNGs and no search index; pv-bulletin's build below does all of them.

| | pages written | files (size) | wall, median of $RUNS paired runs | peak RSS |
|---|---|---|---|---|
| pv-bulletin | $pv_pages | $(echo "$pv_summary" | sed -E 's/^built ([0-9,]+) files \(.*; ([0-9.]+ [KMG]B)\).*/\1 (\2)/') | **$pwall s** | $((prss / 1024)) MB |
| pv-bulletin, chart pictures from the chart store | the same | the same, byte for byte | **$wwall s** | $((wrss / 1024)) MB |
| Hugo | $hugo_pages | $hugo_files ($hugo_size) | **$hwall s** | $((hrss / 1024)) MB |

pv-bulletin ÷ Hugo wall time, paired runs: **$ratio** with every chart picture drawn
(a first build on a machine), **$wratio** with the pictures in the chart store (every
later build on it; target ≤ 0.20; below 1: pv-bulletin is faster). Each run, with the
load average (1, 5, 15 min) before and after:

| run | pv-bulletin | pv-bulletin, chart store | Hugo | load, pv-bulletin | load, chart store | load, Hugo |
|---|---|---|---|---|---|---|
$rows
Same content: \`bench/hugo/samepages.py\` compares the text and link targets of the two
sites' pages in order (charts by their title, summary and data table): $same_line.
$( [ -n "$shot_list" ] && echo "Screenshots of one page of each type from both sites (1200 px wide; issue pages 9000 px tall, others 2000) for the check by eye: ${shot_list%, }." )

### Search index for the Hugo site

$pagefind_section
MD
