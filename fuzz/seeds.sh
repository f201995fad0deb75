#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets from the project's own files: the
# sample site's downloads (.xlsx, .csv), the blank ledger template, .xls and .ods
# copies of them (when LibreOffice is installed), the sample's YAML files and
# articles. Nothing binary is committed; run.sh calls this when a corpus is empty.
#
#   fuzz/seeds.sh            # fills fuzz/corpus/<target>/
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
corpus="$here/corpus"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/debug/pv-bulletin"

"$bin" build --data "$root/data" --out "$work/site" >/dev/null 2>&1
"$bin" template "$work/template.xlsx" >/dev/null 2>&1
mkdir -p "$work/books"
cp "$work/site/downloads/"*.xlsx "$work/site/downloads/"*.csv "$work/template.xlsx" "$work/books/"
if command -v soffice >/dev/null; then
  for f in "$work/template.xlsx" "$work/site/downloads/stations.xlsx" "$work/site/downloads/quarterly.xlsx"; do
    for fmt in xls ods; do
      soffice --headless --convert-to "$fmt" --outdir "$work/books" "$f" >/dev/null 2>&1 || true
    done
  done
else
  echo "seeds.sh: no LibreOffice (soffice): no .xls/.ods seeds" >&2
fi

# A seed is the selector byte (the format the target reads it as) + the bytes.
selector() { # ext → byte
  case "$1" in xlsx) echo 0 ;; xls) echo 1 ;; ods) echo 2 ;; csv) echo 3 ;; xlsb) echo 4 ;; esac
}
for target in import_stations import_progress; do
  mkdir -p "$corpus/$target"
  for f in "$work/books/"*; do
    ext=${f##*.}
    [ -n "$(selector "$ext")" ] || continue
    # Keep seeds small: libFuzzer mutates better (and faster) below 128 KB.
    [ "$(stat -c %s "$f")" -le 131072 ] || continue
    { printf "\\x$(printf %02x "$(selector "$ext")")"; cat "$f"; } >"$corpus/$target/$(basename "$f")"
  done
done

mkdir -p "$corpus/load_yaml" "$corpus/markdown"
put_yaml() { # selector file
  [ "$(stat -c %s "$2")" -le 65536 ] || return 0
  { printf "\\x$(printf %02x "$1")"; cat "$2"; } >"$corpus/load_yaml/$1-$(echo "$2" | tr / _)"
}
cd "$root/data"
put_yaml 0 site.yaml
put_yaml 1 counties.yaml
for f in stations/*.yaml; do put_yaml 2 "$f"; done
for f in progress/*.yaml; do put_yaml 3 "$f"; done
for f in bulletins/*/bulletin.yaml; do put_yaml 4 "$f"; done
for f in bulletins/*/*.md; do
  put_yaml 5 "$f"
  cp "$f" "$corpus/markdown/$(echo "$f" | tr / _)"
done
# import_article: the sample's articles as Word files (LibreOffice converts a
# plain HTML rendering of each, with a small picture), re-zipped without
# compression so the fuzzer's mutations reach the XML rather than the deflate.
mkdir -p "$corpus/import_article"
if command -v soffice >/dev/null; then
  mkdir -p "$work/articles"
  python3 "$here/seeds_docx.py" "$root/data" "$work/articles"
  (cd "$work/articles" && soffice --headless --convert-to 'docx:MS Word 2007 XML' --outdir "$work/articles/docx" ./*.html >/dev/null 2>&1) || true
  for f in "$work/articles/docx/"*.docx; do
    [ -f "$f" ] || continue
    python3 "$here/seeds_docx.py" --store "$f" "$corpus/import_article/$(basename "$f")"
  done
else
  echo "seeds.sh: no LibreOffice (soffice): no .docx seeds" >&2
fi

for t in import_stations import_progress load_yaml markdown import_article; do
  echo "seeds.sh: $t: $(ls "$corpus/$t" | wc -l) seeds"
done
