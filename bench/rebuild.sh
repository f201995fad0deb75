#!/usr/bin/env bash
# Measures `build` into an output that already holds the site (the build cache
# beside it, see README "build"), against a build of the whole site and the copy
# floor (`cp -a` of the same output tree), all in one run on the same machine.
# Prints the "Rebuilds in place" section of BENCHMARKS.md on stdout.
#
#   bench/rebuild.sh BIN DATA WORK [RUNS]
#
# BIN: a release pv-bulletin; DATA: a data directory (not changed: it is copied);
# WORK: a scratch directory on the file system to measure (tmpfs: /dev/shm).
# bench/run.sh calls it for its largest size; run alone, splice its output into
# BENCHMARKS.md with `bench/rebuild.sh … > section.md` and an editor, or
# UPDATE=1 to replace the section in place.
set -euo pipefail
# Fresh builds draw every chart picture: the chart store in the user's cache
# directory (README, "Word out") is off unless the caller sets it.
export PV_BULLETIN_CACHE_DIR="${PV_BULLETIN_CACHE_DIR-}"
bin=$1; data=$2; work=$3; runs=${4:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$work"
rb="$work/rebuild-data"; out="$work/rb-out"; fresh="$work/rb-fresh"; copy="$work/rb-copy"
rm -rf "$rb"; cp -r "$data" "$rb"
stations=$(cat "$rb"/stations/*.yaml | grep -c '^- id:')

# shellcheck source=bench/lib.sh
. "$root/bench/lib.sh"
# timed LOG CMD…: runs CMD with its stderr in LOG; prints "wall_s rss_kb cpu_s"
# (CPU = user + system: what the build cost when the machine is shared)
timed() {
  local log=$1; shift
  /usr/bin/time -f "TIME %e %M %U %S" "$@" 2>"$log" || { cat "$log" >&2; exit 1; }
  awk '/^TIME/ {printf "%s %s %.2f\n", $2, $3, $4 + $5}' "$log"
}
# build OUT: one build of the copied data into OUT; prints "wall_s rss_kb cpu_s"
build() { timed "$work/rblog" "$bin" build --data "$rb" --out "$1"; }
# rendered: "N M" from "rendered N of M files; the rest unchanged" of the last build,
# or "all all" after a build of the whole site
rendered() {
  sed -nE 's/^rendered ([0-9,]+) of ([0-9,]+) files; the rest unchanged.*/\1 of \2/p' "$work/rblog" | tr -d , | grep . || echo "all (whole build)"
}

# A build of the whole site into a new directory, and the copy of its output.
full=(); floor=()
for _ in $(seq "$runs"); do
  rm -rf "$fresh" "$copy"
  read -r wall full_rss full_cpu <<<"$(build "$fresh")"; full+=("$wall")
  floor+=("$(timed "$work/cplog" cp -a "$fresh" "$copy" | cut -d' ' -f1)")
done
files=$(sed -nE 's/^built ([0-9]+) files.*/\1/p' "$work/rblog")
size=$(du -sb "$fresh" | awk '{printf "%.1f GB", $1 / 1e9}')
rm -rf "$copy"
full_wall=$(printf '%s\n' "${full[@]}" | median)
floor_wall=$(printf '%s\n' "${floor[@]}" | median)

# The site to rebuild: built once, so its cache is beside it.
rm -rf "$out"; mv "$fresh" "$out"; mv "$(dirname "$fresh")/.rb-fresh.pv-bulletin-cache" "$(dirname "$out")/.rb-out.pv-bulletin-cache"
rows=""
row() { # WHAT: one timed build into the existing site, after the edit already made
  local wall rss cpu; read -r wall rss cpu <<<"$(build "$out")"
  rows+="| $1 | $wall s | $cpu s | $(( rss / 1024 )) MB | $(rendered) |"$'\n'
}
for i in $(seq "$runs"); do row "nothing changed (run $i)"; done
issue=$(printf '%s\n' "$rb"/bulletins/*/ | sort -V | tail -1)
articles=("$issue"*.md); article=${articles[0]}
for i in $(seq "$runs"); do
  echo "补充一句（第${i}次）。" >>"$article"
  row "one sentence added to \`${article#"$rb"/}\` (run $i)"
done
station_files=("$rb"/stations/*.yaml); station_file=${station_files[0]}
sed -i '0,/^  name: /s//  name: 改名/' "$station_file"
row "one station renamed in \`${station_file#"$rb"/}\`"
# Without a usable cache (here: removed) the build renders the whole site again.
rm -f "$(dirname "$out")/.rb-out.pv-bulletin-cache"
row "nothing changed, build cache removed"
rm -rf "$out" "$(dirname "$out")/.rb-out.pv-bulletin-cache" "$rb"

ratio=$(awk -v f="$full_wall" -v c="$floor_wall" 'BEGIN {printf "%.1f", f / c}')
section="\`build\` into an output that already holds the $stations-station site ($files files, $size):
only what can have changed since the build that left the cache beside it is rendered.

| build | wall | CPU (user + sys) | peak RSS | files rendered |
|---|---|---|---|---|
| whole site into a new directory (median of $runs) | $full_wall s | $full_cpu s | $(( full_rss / 1024 )) MB | all $files |
$rows
Load average while measuring: $(load) on $(nproc) cores (a shared
machine inflates wall times; CPU time is what the build itself spent).
Targets (issue #27): nothing changed ≤ 2 s, one article edited ≤ 2 s.

Copy floor: \`cp -a\` of the same output tree takes **$floor_wall s** (median of $runs, same run);
the whole build is **$ratio ×** that (target ≤ 3 ×)."

if [ "${UPDATE:-0}" = 1 ]; then
  python3 - "$root/BENCHMARKS.md" "$section" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
new, n = re.subn(r"(## Rebuilds in place\n\n).*?(?=\n## )", lambda m: m.group(1) + section + "\n", text, flags=re.S)
assert n == 1, "no 'Rebuilds in place' section in BENCHMARKS.md"
open(path, "w", encoding="utf-8").write(new)
PY
fi
printf '%s\n' "$section"
