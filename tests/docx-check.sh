#!/usr/bin/env bash
# Checks the issues' Word files as an office would open them: LibreOffice (headless)
# converts every issue .docx of the sample site to PDF, and tests/docx_check.py
# compares it with GB/T 9704 and with Chromium's PDF of the same issue page:
# A4, page count within ±1, page-1 ink 37 ± 1.5 mm from the top and 28 ± 1.5 mm
# from the left, `— N —` on the right of odd and the left of even pages.
# Page images (pdftoppm, 60 dpi) go to target/docx-check/ to be looked at.
#
# Needs soffice (libreoffice-writer-nogui), chromium, poppler-utils and
# fonts-noto-cjk (.ci/run installs them). Without them it skips with a message;
# in CI (CI=true) a missing tool is a failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
chromium=${CHROMIUM:-/usr/bin/chromium}

missing=()
command -v soffice >/dev/null || missing+=("soffice (apt-get install libreoffice-writer-nogui)")
command -v pdfinfo >/dev/null || missing+=("pdfinfo (apt-get install poppler-utils)")
command -v python3 >/dev/null || missing+=("python3")
[ -x "$chromium" ] || missing+=("chromium (apt-get install chromium fonts-noto-cjk)")
if [ ${#missing[@]} -gt 0 ]; then
  if [ "${CI:-}" = "true" ]; then
    printf 'docx check: missing tools in CI:\n  %s\n' "${missing[@]}" >&2
    exit 1
  fi
  printf 'docx check SKIPPED: missing\n  %s\n(`cargo test` does not need these; .ci/run installs them.)\n' "${missing[@]}"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
site="$work/public"
(cd "$root" && cargo run --release -q -- build --data data --out "$site")

shots="$root/target/docx-check"
rm -rf "$shots"
mkdir -p "$shots" "$work/lo" "$work/chrome"

echo "== LibreOffice: every issue .docx to PDF"
# Its own profile, so a user's LibreOffice settings (or a running instance) play no part.
soffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf \
  --outdir "$work/lo" "$site"/issues/*.docx >/dev/null

status=0
for docx in "$site"/issues/*.docx; do
  n=$(basename "$docx" .docx)
  "$chromium" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --print-to-pdf="$work/chrome/$n.pdf" "file://$site/issues/$n.html" 2>/dev/null
  echo "== issue $n"
  python3 "$here/docx_check.py" "$work/lo/$n.pdf" "$work/chrome/$n.pdf" || status=1
  pdftoppm -r 60 -png "$work/lo/$n.pdf" "$shots/$n"
done
echo "page images: $shots/ (look at them)"
exit $status
