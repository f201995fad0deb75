#!/usr/bin/env bash
# Release archives for the offices' own computers, cross-built on this Debian:
#
#   target/dist/pv-bulletin-<version>-x86_64-pc-windows-gnu.zip        Windows 10/11, x64
#   target/dist/pv-bulletin-<version>-x86_64-unknown-linux-gnu.tar.gz  信创 Linux x86_64 (glibc >= 2.28)
#   target/dist/pv-bulletin-<version>-aarch64-unknown-linux-gnu.tar.gz 信创 Linux arm64  (glibc >= 2.28)
#   target/dist/SHA256SUMS
#
# Each archive holds one folder pv-bulletin-<version>-<target>/ with the stripped
# binary, 快速开始.txt, 使用说明.txt (docs/使用说明.md), LICENSE and
# THIRD-PARTY-LICENSES.txt (the repository's THIRD-PARTY-LICENSES, which the
# binary also prints with --licenses: cargo-about's notices of the crates compiled
# in, from the exact lockfile; dev/licenses.sh). Nothing else: in
# particular never the test-only Wine shim DLL (tests/windows/), which is refused.
#
#   dist/build.sh                 # build all three, pack, SHA256SUMS
#   dist/build.sh --check         # ... then test every archive (below)
#   dist/build.sh --no-build --check   # test the archives already in target/dist
#   TARGETS="x86_64-pc-windows-gnu" dist/build.sh     # only some targets
#
# How each is built (one release compile each, about 12 min on 2 cores):
#   Windows: `cargo build --release --target x86_64-pc-windows-gnu`, linked by
#     Debian's mingw-w64 (gcc-mingw-w64-x86-64). Needs Windows 10 or later (Rust's
#     std imports ProcessPrng from bcryptprimitives.dll); only system DLLs imported.
#   Linux: `cargo zigbuild --release --target <arch>-unknown-linux-gnu.2.28`: linked
#     by zig against glibc 2.28's symbols, so it starts on 银河麒麟 Kylin V10 and 统信
#     UOS V20 (glibc 2.28) and anything newer. glibc rather than a static musl build:
#     measured on a 10k-station build, see dist/README.md. `LINUX_LIBC=musl` builds
#     x86_64-unknown-linux-musl / aarch64-unknown-linux-musl instead (static).
#     cargo-zigbuild and zig come from PyPI: `pip install cargo-zigbuild ziglang`
#     (the script installs them if missing).
#
# --check, for each archive built (or found, with --no-build):
#   - the archive lists exactly the expected files, and no .dll;
#   - the binary's `--version` names the version (and the target, when the source
#     prints it);
#   - Linux: `objdump -T` shows no GLIBC_ symbol version newer than 2.28 (glibc
#     builds) or no dynamic section at all (musl builds);
#   - x86_64 Linux: builds the sample data/ and compares the output tree byte for
#     byte with the developer build's (`cargo build --release`, target/release);
#   - aarch64 Linux: the same under qemu-user (`qemu-aarch64 -L /usr/aarch64-linux-gnu`);
#   - Windows: tests/windows-check.sh with the archived .exe (Wine, with the shim
#     DLL in a scratch folder): sample build identical to Linux, check, new, import.
# PDFs are not built (no --pdf), so nothing differs by browser.
#
# Debian packages: gcc-mingw-w64-x86-64 (Windows), binutils-aarch64-linux-gnu
# (aarch64 objdump/strip), qemu-user + libc6-dev-arm64-cross (--check of aarch64),
# wine + wine64 (--check of Windows), musl-tools (LINUX_LIBC=musl), zip is not
# needed (python3 writes the zip). Rust targets are added with rustup if missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

check=0
build=1
for arg in "$@"; do
  case "$arg" in
    --check) check=1 ;;
    --no-build) build=0 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "dist/build.sh: unknown argument $arg (see --help)" >&2; exit 2 ;;
  esac
done

LINUX_LIBC=${LINUX_LIBC:-glibc}
GLIBC=${GLIBC:-2.28}
case "$LINUX_LIBC" in
  glibc) linux_x86=x86_64-unknown-linux-gnu linux_arm=aarch64-unknown-linux-gnu ;;
  musl) linux_x86=x86_64-unknown-linux-musl linux_arm=aarch64-unknown-linux-musl ;;
  *) echo "LINUX_LIBC must be glibc or musl" >&2; exit 2 ;;
esac
TARGETS=${TARGETS:-"x86_64-pc-windows-gnu $linux_x86 $linux_arm"}

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
[ -n "$version" ] || { echo "no version in Cargo.toml" >&2; exit 1; }
# Archive timestamps: the last commit's, so the same commit packs the same way.
# Not exported to cargo: the cc crate reruns build scripts when it changes.
stamp=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
dist="$root/target/dist"
builds="$root/target/dist-build"   # one CARGO_TARGET_DIR per target, below
mkdir -p "$dist" "$builds"

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'dist/build.sh: %s\n' "$*" >&2; exit 1; }
elapsed() { local s=$(( $(date +%s) - $1 )); printf '%dm%02ds' $((s / 60)) $((s % 60)); }
size_mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f MB", b / 1e6 }'; }

exe_name() { case "$1" in *windows*) echo pv-bulletin.exe ;; *) echo pv-bulletin ;; esac; }
archive_name() {
  case "$1" in
    *windows*) echo "pv-bulletin-$version-$1.zip" ;;
    *) echo "pv-bulletin-$version-$1.tar.gz" ;;
  esac
}
strip_tool() {
  case "$1" in
    x86_64-pc-windows-gnu) echo x86_64-w64-mingw32-strip ;;
    aarch64-*) echo aarch64-linux-gnu-strip ;;
    *) echo strip ;;
  esac
}
objdump_tool() { case "$1" in aarch64-*) echo aarch64-linux-gnu-objdump ;; *) echo objdump ;; esac; }

need_cmd() { command -v "$1" >/dev/null || die "$1 not found; install $2"; }

ensure_rust_target() {
  rustup target list --installed 2>/dev/null | grep -qx "$1" || rustup target add "$1"
}

ensure_zigbuild() {
  if ! command -v cargo-zigbuild >/dev/null || ! python3 -c 'import ziglang' 2>/dev/null; then
    say "installing cargo-zigbuild and ziglang from PyPI"
    python3 -m pip install -q cargo-zigbuild ziglang
  fi
}

# compile TARGET: a release build; prints the path of the unstripped binary.
compile() {
  local target=$1 start dir bin
  start=$(date +%s)
  ensure_rust_target "$target"
  case "$target" in
    x86_64-pc-windows-gnu)
      need_cmd x86_64-w64-mingw32-gcc "Debian's gcc-mingw-w64-x86-64"
      dir="$builds/windows"
      CARGO_TARGET_DIR="$dir" \
      CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
        cargo build --release --locked --target "$target" >&2
      ;;
    *-linux-gnu)
      ensure_zigbuild
      dir="$builds/$target-glibc$GLIBC"   # one per target: they would rebuild each other's build scripts
      CARGO_TARGET_DIR="$dir" cargo zigbuild --release --locked --target "$target.$GLIBC" >&2
      ;;
    x86_64-unknown-linux-musl)
      need_cmd musl-gcc "Debian's musl-tools"
      dir="$builds/$target"
      CARGO_TARGET_DIR="$dir" cargo build --release --locked --target "$target" >&2
      ;;
    aarch64-unknown-linux-musl)
      # No Debian musl cross compiler: zig provides the C compiler and linker.
      ensure_zigbuild
      dir="$builds/$target"
      CARGO_TARGET_DIR="$dir" cargo zigbuild --release --locked --target "$target" >&2
      ;;
    *) die "unknown target $target" ;;
  esac
  bin="$dir/$target/release/$(exe_name "$target")"
  [ -f "$bin" ] || die "no binary at $bin"
  say "$target: compiled in $(elapsed "$start"), $(size_mb "$bin") unstripped"
  echo "$bin"
}

quickstart_windows() {
  cat <<EOF
pv-bulletin $version（Windows 10/11，64 位）快速开始
================================================

1. 把这个压缩包解压到一个文件夹，例如 D:\\扶贫办\\pv-bulletin。
   （请先解压再用，不要在压缩包里直接打开。）

2. 打开解压出的文件夹，在窗口上方的地址栏里输入 cmd 然后按回车，
   会打开一个黑色的命令窗口，当前位置就是这个文件夹。
   （pv-bulletin.exe 要在命令窗口里使用，双击它只会一闪而过。）

3. 在命令窗口里依次输入下面几行，每行输完按回车：

   .\\pv-bulletin new 我的简报
   cd 我的简报
   ..\\pv-bulletin serve

   第一行新建一个名为“我的简报”的简报项目（里面有示例数据，可以直接生成）；
   第三行开始预览，窗口里会显示一个地址，例如 http://127.0.0.1:8000/ 。

4. 用浏览器（Edge、Chrome、360 等）打开窗口里显示的地址，就能看到简报网站。
   修改 我的简报\\data 里的文件并保存后，网页会自动刷新。
   结束预览：在命令窗口里按 Ctrl+C。

5. 正式生成：在“我的简报”文件夹里输入 ..\\pv-bulletin build ，
   网站生成在 我的简报\\public 文件夹中；public\\issues 里每期简报是一个
   单独的 .html 文件，可以直接作为邮件附件发送。

详细说明（填台账、导入、写稿、生成 PDF 和 Word、常见错误怎么办）
见同一文件夹中的《使用说明.txt》。

核对下载是否完整：在 PowerShell 中输入
   Get-FileHash pv-bulletin-$version-x86_64-pc-windows-gnu.zip
显示的 SHA256 值应与下载页 SHA256SUMS 文件中这一行的值相同。
EOF
}

quickstart_linux() {
  local arch=$1
  cat <<EOF
pv-bulletin $version（Linux $arch，银河麒麟 V10 / 统信 UOS V20 及更新的系统）快速开始
================================================

1. 解压（在终端里，或在文件管理器里右键“解压到此处”）：

   tar xzf pv-bulletin-$version-$arch-unknown-linux-gnu.tar.gz
   cd pv-bulletin-$version-$arch-unknown-linux-gnu

2. 在终端里依次输入：

   ./pv-bulletin new 我的简报
   cd 我的简报
   ../pv-bulletin serve

   第一行新建一个名为“我的简报”的简报项目（里面有示例数据，可以直接生成）；
   第三行开始预览，终端里会显示一个地址，例如 http://127.0.0.1:8000/ 。

3. 用浏览器打开终端里显示的地址，就能看到简报网站。
   修改 我的简报/data 里的文件并保存后，网页会自动刷新。
   结束预览：在终端里按 Ctrl+C。

4. 正式生成：在“我的简报”文件夹里输入 ../pv-bulletin build ，
   网站生成在 我的简报/public 中。

想在任何文件夹里直接输入 pv-bulletin：把它复制到 ~/.local/bin
（mkdir -p ~/.local/bin && cp pv-bulletin ~/.local/bin/，重新打开终端）。

详细说明见同一文件夹中的《使用说明.txt》。

核对下载是否完整：sha256sum -c SHA256SUMS --ignore-missing
（SHA256SUMS 与压缩包放在同一文件夹）。
EOF
}

# For Windows' Notepad: UTF-8 with a byte-order mark and CRLF line ends.
to_windows_text() { printf '\xef\xbb\xbf'; sed 's/$/\r/'; }

# pack TARGET BIN: stage the folder and write the archive.
pack() {
  local target=$1 bin=$2 name folder stage arch
  name=$(archive_name "$target")
  folder="pv-bulletin-$version-$target"
  stage=$(mktemp -d "$builds/stage.XXXXXX")
  mkdir "$stage/$folder"
  "$(strip_tool "$target")" -o "$stage/$folder/$(exe_name "$target")" "$bin"
  say "$target: stripped $(size_mb "$stage/$folder/$(exe_name "$target")")"
  [ -f LICENSE ] || die "LICENSE missing"
  [ -f "docs/使用说明.md" ] || die "docs/使用说明.md missing"
  # What `pv-bulletin --licenses` prints: cargo-about's notices for the three
  # targets, from the exact lockfile (dev/licenses.sh; tests/licenses.rs fails when
  # it is stale).
  cp THIRD-PARTY-LICENSES "$stage/third-party.txt"
  case "$target" in
    *windows*)
      quickstart_windows | to_windows_text >"$stage/$folder/快速开始.txt"
      to_windows_text <"docs/使用说明.md" >"$stage/$folder/使用说明.txt"
      to_windows_text <LICENSE >"$stage/$folder/LICENSE.txt"
      to_windows_text <"$stage/third-party.txt" >"$stage/$folder/THIRD-PARTY-LICENSES.txt"
      ;;
    *)
      arch=${target%%-*}
      quickstart_linux "$arch" >"$stage/$folder/快速开始.txt"
      cp "docs/使用说明.md" "$stage/$folder/使用说明.txt"
      cp LICENSE "$stage/$folder/LICENSE"
      cp "$stage/third-party.txt" "$stage/$folder/THIRD-PARTY-LICENSES.txt"
      ;;
  esac
  if find "$stage" -iname '*.dll' | grep -q .; then die "a .dll in the $target archive"; fi
  rm -f "$dist/$name"
  case "$name" in
    *.zip)
      # python3's zipfile: UTF-8 names flagged as such (bit 11; Explorer, 7-Zip and
      # WinRAR read 快速开始.txt right), fixed timestamps, sorted entries.
      python3 - "$stage" "$folder" "$dist/$name" "$stamp" <<'PY'
import os, sys, time, zipfile
stage, folder, out, epoch = sys.argv[1:]
stamp = time.gmtime(int(epoch))[:6]
stamp = max(stamp, (1980, 1, 1, 0, 0, 0))
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    d = zipfile.ZipInfo(folder + "/", stamp)
    d.create_system = 0            # MS-DOS attributes
    d.external_attr = 0x10         # directory
    z.writestr(d, b"")
    for name in sorted(os.listdir(os.path.join(stage, folder))):
        info = zipfile.ZipInfo(folder + "/" + name, stamp)
        info.create_system = 0
        info.external_attr = 0x20  # archive bit, like Explorer's own zips
        info.compress_type = zipfile.ZIP_DEFLATED
        with open(os.path.join(stage, folder, name), "rb") as f:
            z.writestr(info, f.read())
PY
      ;;
    *.tar.gz)
      chmod 755 "$stage/$folder" "$stage/$folder/pv-bulletin"
      chmod 644 "$stage/$folder"/*.txt "$stage/$folder/LICENSE"
      tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner \
        --mtime="@$stamp" -cf - "$folder" | gzip -9n >"$dist/$name"
      ;;
  esac
  rm -rf "$stage"
  say "$target: $name, $(size_mb "$dist/$name")"
}

# ---------------------------------------------------------------- checks

# unpack ARCHIVE DIR: prints the folder it unpacked.
unpack() {
  case "$1" in
    *.zip) python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$1" "$2" ;;
    *) tar -C "$2" -xzf "$1" ;;
  esac
  find "$2" -mindepth 1 -maxdepth 1 -type d
}

list_archive() {
  case "$1" in
    *.zip) python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$1" ;;
    *) tar -tzf "$1" ;;
  esac | sort
}

# The newest GLIBC_x.y a binary asks for, from its dynamic symbol table.
max_glibc() {
  "$(objdump_tool "$2")" -T "$1" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1
}

# Compares two site trees, PDFs (and the PDF cache) excluded; prints the differences.
same_tree() {
  diff -r -x '*.pdf' -x .pv-bulletin-pdf-cache "$1" "$2"
}

reference_site() {
  if [ ! -d "$work/site-native" ]; then
    say "reference: cargo build --release (the developer build) and the sample site"
    cargo build --release --locked -q
    "$root/target/release/pv-bulletin" build --data "$root/data" --out "$work/site-native" 2>"$work/native.log" \
      || { cat "$work/native.log" >&2; die "the developer build failed on the sample"; }
  fi
  echo "$work/site-native"
}

check_archive() {
  local target=$1 name folder exe expected got glibc_max run ref t0
  name=$(archive_name "$target")
  [ -f "$dist/$name" ] || die "$name not built"
  say "check $name"
  exe=$(exe_name "$target")
  folder="pv-bulletin-$version-$target"
  case "$target" in
    *windows*) expected=$(printf '%s\n' "$folder/" "$folder/LICENSE.txt" "$folder/THIRD-PARTY-LICENSES.txt" "$folder/$exe" "$folder/使用说明.txt" "$folder/快速开始.txt" | sort) ;;
    *) expected=$(printf '%s\n' "$folder/" "$folder/LICENSE" "$folder/THIRD-PARTY-LICENSES.txt" "$folder/$exe" "$folder/使用说明.txt" "$folder/快速开始.txt" | sort) ;;
  esac
  got=$(list_archive "$dist/$name")
  [ "$got" = "$expected" ] || { printf 'expected:\n%s\ngot:\n%s\n' "$expected" "$got" >&2; die "$name: unexpected contents"; }
  grep -q "  $name\$" "$dist/SHA256SUMS" || die "$name not in SHA256SUMS"
  (cd "$dist" && grep "  $name\$" SHA256SUMS | sha256sum -c --quiet -) || die "$name: checksum mismatch"

  local dir="$work/$target"
  mkdir -p "$dir"
  local unpacked
  unpacked=$(unpack "$dist/$name" "$dir")
  local bin="$unpacked/$exe"

  case "$target" in
    *windows*)
      reference_site >/dev/null   # builds target/release/pv-bulletin
      t0=$(date +%s)
      bash "$root/tests/windows-check.sh" --exe "$bin" --linux "$root/target/release/pv-bulletin" \
        || die "$target: tests/windows-check.sh failed"
      say "$target: windows-check passed in $(elapsed "$t0")"
      return
      ;;
  esac

  case "$target" in
    *-linux-gnu)
      glibc_max=$(max_glibc "$bin" "$target")
      say "$target: newest GLIBC symbol version: $glibc_max"
      [ "$(printf '%s\n%s\n' "$glibc_max" "$GLIBC" | sort -V | tail -1)" = "$GLIBC" ] \
        || die "$target needs GLIBC_$glibc_max, newer than $GLIBC"
      ;;
    *-musl)
      if "$(objdump_tool "$target")" -p "$bin" | grep -q NEEDED; then die "$target: not static"; fi
      say "$target: static, no shared libraries"
      ;;
  esac

  case "$target" in
    aarch64-*)
      # Kylin V10 on Kunpeng/Phytium may run a 64 KB-page kernel: the segments must
      # be aligned for it.
      if "$(objdump_tool "$target")" -p "$bin" | awk '$1 == "LOAD" && $NF !~ /2\*\*(1[6-9]|2[0-9])$/ { bad = 1 } END { exit !bad }'; then
        die "$target: a LOAD segment is aligned below 64 KB"
      fi
      say "$target: LOAD segments aligned to 64 KB (fine on 64 KB-page kernels)"
      ;;
  esac
  case "$target" in
    aarch64-*) need_cmd qemu-aarch64 "Debian's qemu-user"; run=(qemu-aarch64 -L /usr/aarch64-linux-gnu "$bin") ;;
    *) run=("$bin") ;;
  esac
  say "$target: $("${run[@]}" --version)"
  "${run[@]}" --version | grep -q "$version" || die "$target: --version does not say $version"
  ref=$(reference_site)
  t0=$(date +%s.%N)
  "${run[@]}" build --data "$root/data" --out "$dir/site" 2>"$dir/build.log" \
    || { cat "$dir/build.log" >&2; die "$target: build of the sample failed"; }
  say "$target: sample built in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f s", b - a }')"
  same_tree "$ref" "$dir/site" >"$dir/diff.txt" || { head -50 "$dir/diff.txt" >&2; die "$target: output differs from the developer build's"; }
  say "$target: output tree byte-identical to the developer build's ($(find "$dir/site" -type f | wc -l) files)"
}

# ---------------------------------------------------------------- main

if [ "$build" = 1 ]; then
  for target in $TARGETS; do
    bin=$(compile "$target")
    pack "$target" "$bin"
  done
  (cd "$dist" && ls pv-bulletin-"$version"-*.zip pv-bulletin-"$version"-*.tar.gz 2>/dev/null | sort | xargs sha256sum >SHA256SUMS)
  say "target/dist:"
  (cd "$dist" && ls -l --time-style=+ pv-bulletin-"$version"-* SHA256SUMS) >&2
fi

if [ "$check" = 1 ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/pv-dist-check.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  for target in $TARGETS; do
    check_archive "$target"
  done
  say "all archives checked"
fi
