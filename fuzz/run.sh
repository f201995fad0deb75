#!/usr/bin/env bash
# Runs every fuzz target for MINUTES each, one after the other, at the lowest
# priority (the machine is shared), and prints per target: executions per
# second, total executions, and crashes (kept under fuzz/artifacts/<target>/).
#
#   fuzz/run.sh 30              # 30 minutes per target
#   TARGETS="markdown" fuzz/run.sh 5
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# Memory is limited to 1 GB per input (-rss_limit_mb), time to 10 s per input:
# an input over either is a finding like a crash.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."
minutes=${1:?usage: fuzz/run.sh MINUTES}
targets=${TARGETS:-"import_stations import_progress load_yaml markdown import_article"}
mkdir -p fuzz/logs
if [ ! -d fuzz/corpus/import_article ]; then bash fuzz/seeds.sh; fi
nice -n 19 cargo +nightly fuzz build -O -s none >/dev/null || exit 1
for t in $targets; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  log="fuzz/logs/$t.log"
  echo "== $t for $minutes min (log: $log)"
  nice -n 19 cargo +nightly fuzz run -O -s none "$t" "fuzz/corpus/$t" -- \
    -max_total_time=$((minutes * 60)) -rss_limit_mb=1024 -timeout=10 \
    -max_len=131072 -print_final_stats=1 -artifact_prefix="fuzz/artifacts/$t/" \
    >"$log" 2>&1
  status=$?
  execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log" | tail -1)
  speed=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+)/\1/p' "$log" | tail -1)
  found=$(find "fuzz/artifacts/$t" -type f | wc -l)
  echo "$t: ${speed:-?} exec/s, ${execs:-?} executions, exit $status, $found artifact(s) in fuzz/artifacts/$t/"
done
