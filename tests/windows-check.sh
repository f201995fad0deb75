#!/usr/bin/env bash
# Runs pv-bulletin.exe (x86_64-pc-windows-gnu, cross-built with mingw-w64) under
# Wine, as an office clerk would use it, and compares with the Linux build:
#   1. `build` of the sample data/: the output tree is byte-identical to the Linux
#      binary's (.xlsx included; no PDFs are built);
#   2. `check` of a copy of the sample with broken files prints the same
#      diagnostics as Linux, with the Chinese of the message and the source line
#      intact (piped, and on a terminal through Wine's console);
#   3. `new 我的简报` then `build` inside it (a Chinese folder name): the project
#      and its site are byte-identical to Linux's `new` + `build` (same date);
#   4. `import stations` of the site's own downloads/stations.xlsx changes no
#      data file;
#   5. a build into a folder with Chinese names, deeper than Windows' old 260-
#      character limit;
#   6. `serve` rebuilds after an edit in a sub-folder (Wine's change notifications
#      miss those: serve polls under Wine);
#   7. a build while another program holds an .xlsx of the output open (as Excel
#      does; tests/windows/hold-open.c) fails naming the file and leaves the whole
#      output as it was; once it is closed, the build goes through.
#
#   tests/windows-check.sh                      # builds the .exe (WINDOWS_PROFILE, default dev)
#   tests/windows-check.sh --exe PATH.exe --linux PATH   # test given binaries
#
# Wine: Debian 12's Wine 8.0 lacks bcryptprimitives.dll (added in 8.13), whose
# ProcessPrng Rust's std calls at start-up, so the .exe would exit silently. A
# test-only shim (tests/windows/bcryptprimitives-shim.c, over RtlGenRandom) is
# built with mingw and copied beside a scratch copy of the .exe. It is never
# shipped. On Wine >= 8.13 or real Windows it is not needed.
#
# The .exe's profile does not change its output (tested: the output must be
# byte-identical to the Linux release build either way); CI uses the debug
# build, which compiles faster.
#
# Needs Debian's wine, wine64 and gcc-mingw-w64-x86-64, and the Rust target
# x86_64-pc-windows-gnu (.ci/run installs them). Run outside CI without them, it
# skips with a message; in CI (CI=true) a missing tool is a failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root"

exe=""
linux=""
while [ $# -gt 0 ]; do
  case "$1" in
    --exe) exe=$(realpath "$2"); shift 2 ;;
    --linux) linux=$(realpath "$2"); shift 2 ;;
    *) echo "windows-check: unknown argument $1" >&2; exit 2 ;;
  esac
done

missing=()
command -v wine >/dev/null || missing+=("wine (apt-get install wine wine64)")
command -v x86_64-w64-mingw32-gcc >/dev/null || missing+=("x86_64-w64-mingw32-gcc (apt-get install gcc-mingw-w64-x86-64)")
if [ -z "$exe" ] && ! rustup target list --installed 2>/dev/null | grep -qx x86_64-pc-windows-gnu; then
  missing+=("the Rust target (rustup target add x86_64-pc-windows-gnu)")
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "${CI:-}" = "true" ]; then
    printf 'windows check: missing tools in CI:\n  %s\n' "${missing[@]}" >&2
    exit 1
  fi
  printf 'windows check SKIPPED: missing\n  %s\n(.ci/run installs them.)\n' "${missing[@]}"
  exit 0
fi

t_start=$(date +%s)
secs() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f s", b - a }'; }
fail() { printf 'windows check FAILED: %s\n' "$*" >&2; exit 1; }

# Cargo's target directory (CARGO_TARGET_DIR when set, as a shared cache).
target_dir=${CARGO_TARGET_DIR:-$root/target}
if [ -z "$exe" ]; then
  profile=${WINDOWS_PROFILE:-dev}
  dir=$([ "$profile" = dev ] && echo debug || echo "$profile")
  echo "== cargo build --profile $profile --target x86_64-pc-windows-gnu"
  t0=$(date +%s.%N)
  CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
    cargo build --locked --profile "$profile" --target x86_64-pc-windows-gnu
  echo "compiled in $(secs "$t0")"
  exe="$target_dir/x86_64-pc-windows-gnu/$dir/pv-bulletin.exe"
fi
if [ -z "$linux" ]; then
  cargo build --locked --release -q
  linux="$target_dir/release/pv-bulletin"
fi
[ -f "$exe" ] || fail "no $exe"
[ -x "$linux" ] || fail "no $linux"

work=$(mktemp -d "${TMPDIR:-/tmp}/pv-windows-check.XXXXXX")
export WINEPREFIX=${WINEPREFIX:-$root/target/wine-prefix}
export WINEDEBUG=${WINEDEBUG:--all}
export LC_ALL=C.UTF-8     # Wine maps Windows file names to UTF-8 unix names
cleanup() {
  wineserver -k 2>/dev/null || true   # this prefix's server only, started by this script
  rm -rf "$work"
}
trap cleanup EXIT

echo "== test-only shim bcryptprimitives.dll (Wine $(wine --version 2>/dev/null | sed 's/^wine-//'))"
mkdir "$work/bin"
cp "$exe" "$work/bin/pv-bulletin.exe"
x86_64-w64-mingw32-gcc -O2 -shared -o "$work/bin/bcryptprimitives.dll" \
  "$here/windows/bcryptprimitives-shim.c" "$here/windows/bcryptprimitives-shim.def" -ladvapi32
if [ ! -d "$WINEPREFIX" ]; then
  t0=$(date +%s.%N)
  wineboot -i >/dev/null 2>&1 || true
  echo "wine prefix created in $(secs "$t0")"
fi
win() { wine "$work/bin/pv-bulletin.exe" "$@"; }

echo "== --version"
win --version | tee "$work/version.txt"
grep -q "pv-bulletin $(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -1)" "$work/version.txt" \
  || fail "--version does not name the version"

# zip_entries_same A B: the two zips hold the same names and bytes (headers aside).
zip_entries_same() {
  python3 - "$1" "$2" <<'PY'
import sys, zipfile
a, b = (zipfile.ZipFile(p) for p in sys.argv[1:])
same = a.namelist() == b.namelist() and all(a.read(n) == b.read(n) for n in a.namelist())
sys.exit(0 if same else 1)
PY
}

# docx_same_but_pictures A B: the Word files hold the same parts, byte for byte,
# but for their pictures (word/media/), which are the chart PNGs.
docx_same_but_pictures() {
  python3 - "$1" "$2" <<'PY'
import sys, zipfile
a, b = (zipfile.ZipFile(p) for p in sys.argv[1:])
names = [n for n in a.namelist() if not n.startswith("word/media/")]
same = a.namelist() == b.namelist() and all(a.read(n) == b.read(n) for n in names)
sys.exit(0 if same else 1)
PY
}

# same_tree A B WHAT: byte-identical trees (no PDFs are built here anyway). Chart
# PNGs are drawn with the machine's fonts (Wine has none of Linux's CJK fonts), so
# they must exist under the same names, and the Word files must be the same but
# for those pictures. The build cache beside an output records each file's inode and
# time and the program's own digest, so it belongs to the machine that wrote it.
same_tree() {
  (cd "$1" && find . -name '*.png' | sort) >"$work/png-a.txt"
  (cd "$2" && find . -name '*.png' | sort) >"$work/png-b.txt"
  diff "$work/png-a.txt" "$work/png-b.txt" >&2 || fail "$3: the chart PNGs are not the same files"
  for x in $(cd "$1" && find . -name '*.docx'); do
    docx_same_but_pictures "$1/$x" "$2/$x" || fail "$3: ${x#./} differs beyond its pictures"
  done
  if ! diff -r -x '*.pdf' -x .pv-bulletin-pdf-cache -x '*.pv-bulletin-cache' -x '*.png' -x '*.docx' "$1" "$2" >"$work/diff.txt"; then
    head -40 "$work/diff.txt" >&2
    # Say whether a differing workbook differs only in its zip headers.
    sed -n 's/^Binary files \(.*\.xlsx\) and \(.*\) differ$/\1 \2/p' "$work/diff.txt" |
      while read -r x y; do
        if zip_entries_same "$x" "$y"; then
          echo "  ${x#"$1"/}: same entries, only the zip headers differ" >&2
        else
          echo "  ${x#"$1"/}: the workbook contents differ" >&2
        fi
      done
    fail "$3: $(grep -c . "$work/diff.txt") differing lines/files between $1 and $2"
  fi
}

echo "== 1. build of the sample data under Wine, compared with Linux"
cp -r "$root/data" "$work/data"
(cd "$work" && "$linux" build --data data --out site-linux 2>linux-build.log) || { cat "$work/linux-build.log"; fail "Linux build"; }
t0=$(date +%s.%N)
(cd "$work" && win build --data data --out site-windows 2>windows-build.log) || { cat "$work/windows-build.log"; fail "Windows build"; }
echo "Windows build of the sample under Wine: $(secs "$t0") ($(find "$work/site-windows" -type f | wc -l) files)"
tail -1 "$work/windows-build.log"
same_tree "$work/site-linux" "$work/site-windows" "sample build"
echo "output tree byte-identical to Linux's, .xlsx included"

echo "== 2. check of broken files: the same readable diagnostics as Linux"
cp -r "$root/data" "$work/broken"
# A Chinese status label where the key is wanted, and a misspelt key.
sed -i '0,/^  status: grid_connected/s//  status: 已并网/' "$work/broken/stations/donghu.yaml"
sed -i '0,/^  capacity_kw:/s//  capcity_kw:/' "$work/broken/stations/nanxi.yaml"
grep -q '已并网' "$work/broken/stations/donghu.yaml" || fail "could not break stations/donghu.yaml"
set +e
(cd "$work" && "$linux" check --data broken 2>check-linux.txt); rc_linux=$?
(cd "$work" && win check --data broken 2>check-windows.txt); rc_windows=$?
set -e
[ "$rc_linux" = 1 ] && [ "$rc_windows" = 1 ] || fail "check exit status: Linux $rc_linux, Windows $rc_windows (want 1)"
# Windows may spell the folder separator `\`; nothing else may differ.
sed 's#\\#/#g' "$work/check-windows.txt" >"$work/check-windows-slash.txt"
sed 's#\\#/#g' "$work/check-linux.txt" >"$work/check-linux-slash.txt"
diff "$work/check-linux-slash.txt" "$work/check-windows-slash.txt" || fail "check output differs from Linux's"
grep -q 'help: write `grid_connected` for 已并网' "$work/check-windows.txt" || fail "the Chinese of the diagnostic is not in the output"
iconv -f UTF-8 -t UTF-8 "$work/check-windows.txt" >/dev/null || fail "check output is not UTF-8"
sed -n '1,5p' "$work/check-windows.txt"
# On a terminal, Rust writes through the Windows console (WriteConsoleW), which
# Wine renders in the terminal's UTF-8: the Chinese must survive that path too.
if command -v script >/dev/null; then
  (cd "$work" && script -qec "wine bin/pv-bulletin.exe check --data broken" /dev/null >check-tty.txt 2>&1) || true
  grep -q '已并网' "$work/check-tty.txt" || { cat -v "$work/check-tty.txt" | head -20; fail "Chinese lost on Wine's console"; }
  if grep -q $'\u2190\\[' "$work/check-tty.txt"; then fail "raw escape sequences (←[) on the console"; fi
  echo "on a terminal (Wine console): Chinese intact, no raw escapes"
fi

echo "== 3. new 我的简报 + build, compared with Linux"
export PV_BULLETIN_TODAY=2026-11-02
mkdir "$work/new-linux" "$work/new-windows"
(cd "$work/new-linux" && "$linux" new 我的简报 2>/dev/null && cd 我的简报 && "$linux" build 2>/dev/null) || fail "Linux new + build"
(cd "$work/new-windows" && win new 我的简报 2>new.log && cd 我的简报 && wine "$work/bin/pv-bulletin.exe" build 2>build.log) \
  || { cat "$work/new-windows/new.log" "$work/new-windows/我的简报/build.log" 2>/dev/null; fail "Windows new + build"; }
cat "$work/new-windows/new.log"
rm -f "$work/new-windows/我的简报/build.log"
[ -f "$work/new-windows/我的简报/public/index.html" ] || fail "no public/index.html after new + build"
same_tree "$work/new-linux/我的简报" "$work/new-windows/我的简报" "new + build"
echo "project and site byte-identical to Linux's"
unset PV_BULLETIN_TODAY

echo "== 4. import stations of the site's own downloads/stations.xlsx changes nothing"
cp -r "$root/data" "$work/reimport"
(cd "$work" && win import stations site-windows/downloads/stations.xlsx --data reimport 2>import.log) \
  || { cat "$work/import.log"; fail "import stations"; }
tail -2 "$work/import.log"
diff -r "$root/data" "$work/reimport" >/dev/null || { diff -r "$root/data" "$work/reimport" | head -20; fail "import of the site's own stations.xlsx changed the data"; }
echo "data unchanged"

echo "== 5. a deep folder with Chinese names (over 260 characters)"
deep="$work/扶贫办/简报"
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do deep="$deep/第${i}层文件夹_光伏扶贫电站工作简报"; done
mkdir -p "$deep"
cp -r "$root/data" "$deep/data"
echo "path length from the drive root: $(printf '%s' "Z:$deep/public/stations/nanxi-001.html" | wc -m) characters"
# Run from $work with relative paths: Windows (and Wine) cannot make a folder past
# MAX_PATH the working directory, but the program must read and write past it.
rel=${deep#"$work"/}
(cd "$work" && win build --data "$rel/data" --out "$rel/public" 2>deep-build.log) \
  || { tail -5 "$work/deep-build.log"; fail "build in a deep Chinese folder"; }
same_tree "$work/site-linux" "$deep/public" "deep-folder build"
echo "built, byte-identical"

echo "== 6. serve sees an edit in a sub-folder"
cp -r "$root/data" "$work/serve-data"
(cd "$work" && exec wine "$work/bin/pv-bulletin.exe" serve --port 0 --data serve-data --out serve-site >serve.log 2>&1) &
serve_pid=$!
address=""
for _ in $(seq 1 240); do
  address=$(grep -o 'http://127.0.0.1:[0-9]*/' "$work/serve.log" | head -1 || true)
  [ -n "$address" ] && break
  sleep 0.5
done
[ -n "$address" ] || { cat "$work/serve.log"; fail "serve did not start"; }
sed -n '/serving/,$p' "$work/serve.log"
article=$(ls "$work"/serve-data/bulletins/25/*.md | head -1)
sed -i '0,/^title: .*/s//title: 在Wine下修改的标题/' "$article"
seen=""
for _ in $(seq 1 120); do
  # To a file, not through a pipe: grep -q stops at the first match, curl then
  # fails writing the rest of the 110 KB page, and pipefail made that a miss.
  curl -s -m 10 -o "$work/served.html" "${address}issues/25.html" || true
  if grep -q '在Wine下修改的标题' "$work/served.html" 2>/dev/null; then seen=yes; break; fi
  sleep 0.5
done
kill "$serve_pid" 2>/dev/null || true
wait "$serve_pid" 2>/dev/null || true
[ -n "$seen" ] || { cat "$work/serve.log"; fail "serve did not rebuild after an edit in bulletins/25/"; }
echo "the edit was served"

echo "== 7. an .xlsx of the output held open, as Excel does"
x86_64-w64-mingw32-gcc -O2 -municode -o "$work/bin/hold-open.exe" "$here/windows/hold-open.c"
cp -r "$root/data" "$work/held-data"
(cd "$work" && win build --data held-data --out held-site 2>/dev/null) || fail "first build"
before=$(cd "$work/held-site" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
(cd "$work" && exec wine bin/hold-open.exe 'held-site\downloads\stations.xlsx' held.ready held.release) &
hold_pid=$!
for _ in $(seq 1 120); do [ -f "$work/held.ready" ] && break; sleep 0.5; done
[ -f "$work/held.ready" ] || fail "hold-open.exe did not open the file"
# A station renamed: its pages, the county's, the issues and stations.xlsx change.
sed -i '0,/^  name: .*/s//  name: 改名后的村级光伏电站/' "$work/held-data/stations/nanxi.yaml"
set +e
(cd "$work" && win build --data held-data --out held-site 2>held.log); rc=$?
set -e
cat "$work/held.log" | tail -2
touch "$work/held.release"
wait "$hold_pid" 2>/dev/null || true
[ "$rc" = 1 ] || fail "the build did not fail (exit $rc)"
grep -q 'stations.xlsx` is open in another program' "$work/held.log" || fail "the message does not name the open file"
grep -q "Nothing in \`held-site\` was changed" "$work/held.log" || fail "the message does not say the output is unchanged"
after=$(cd "$work/held-site" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
[ "$before" = "$after" ] || fail "the output changed although the build failed"
(cd "$work" && win build --data held-data --out held-site 2>held2.log) || { cat "$work/held2.log"; fail "build after closing"; }
grep -q '改名后的村级光伏电站' "$work/held-site/stations/nanxi-001.html" || fail "the second build did not update the site"
echo "refused whole while open; built once closed"

echo "windows check passed in $(( $(date +%s) - t_start )) s"
