#!/usr/bin/env bash
# Lists the dependencies that are behind their current release. Run it monthly
# (docs/maintenance.md says what to do with its output).
#
#   dev/deps.sh            # report only; changes nothing
#
# Two questions, answered with cargo alone (no tool to compile, nothing written):
#  1. Which locked crates (direct and transitive) have a newer semver-compatible
#     release that `cargo update` would take, and which are held back by a
#     requirement (`cargo update --dry-run --verbose`: "Unchanged X (available: Y)").
#  2. For each direct dependency of the crate (and of fuzz/), its locked version
#     against the newest release on the registry (`cargo info`, asked from an empty
#     directory so it does not answer with the locked version). A major bump needs
#     a Cargo.toml edit and usually code changes.
# Exit status: 0 when everything is current, 3 when `cargo update` would change
# the lockfile or a direct dependency is behind its newest release.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

echo "== semver-compatible updates (cargo update --dry-run --verbose)"
compatible=$(cargo update --dry-run --verbose 2>&1 | grep -E '^ +(Updating|Adding|Removing|Unchanged) [a-z0-9_-]+ v' || true)
if [ -z "$compatible" ]; then echo "  none"; else echo "$compatible"; fi

echo
echo "== direct dependencies: locked vs newest release"
empty=$(mktemp -d)
trap 'rmdir "$empty"' EXIT
behind=0
printf '  %-22s %-22s %s\n' crate locked newest
while read -r name version _; do
  locked=${version#v}
  line=$(cd "$empty" && cargo info --quiet "$name" 2>/dev/null | grep -m1 '^version:' || true)
  # "version: 1.20.1 (latest 2.4.0)" or "version: 0.38.0"
  newest=$(sed -nE 's/^version: ([^ ]+)( \(latest ([^)]+)\))?.*/\3 \1/p' <<<"$line" | awk '{print $1}')
  mark=""
  if [ -z "$newest" ]; then
    mark="(registry did not answer)"
  elif [[ "$newest" == *-* ]]; then
    mark="(newest is a pre-release; not taken)"
  elif [ "${newest%%+*}" != "${locked%%+*}" ]; then
    mark="BEHIND"
    behind=1
  fi
  printf '  %-22s %-22s %s %s\n' "$name" "$locked" "${newest:-?}" "$mark"
done < <(
  { cargo tree --depth 1 -e normal,dev,build --prefix none
    [ -f fuzz/Cargo.toml ] && cargo tree --manifest-path fuzz/Cargo.toml --depth 1 -e normal --prefix none
  } 2>/dev/null | grep -v '(' | sort -u
)

# "Unchanged X (available: Y)" for a transitive crate means a dependent pins it
# (e.g. crypto-common pins generic-array =0.14.7): listed, not actionable here;
# a held-back direct dependency shows as BEHIND above.
if grep -qE '^ *Updating [a-z0-9_-]+ v' <<<"$compatible"; then behind=1; fi
echo
if [ "$behind" = 1 ]; then
  echo "something is behind: see docs/maintenance.md"
  exit 3
fi
echo "everything is current"
