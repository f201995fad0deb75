#!/usr/bin/env bash
# Regenerates THIRD-PARTY-LICENSES (embedded in the binary: `pv-bulletin --licenses`,
# and shipped in the release archives) from the exact lockfile, with cargo-about.
# Run after any change to Cargo.lock; tests/licenses.rs fails until you do.
#
#   dev/licenses.sh            # needs: cargo install --locked cargo-about
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-about >/dev/null || { echo "dev/licenses.sh: cargo install --locked cargo-about" >&2; exit 1; }
cargo about generate --locked --offline --fail about.hbs -o THIRD-PARTY-LICENSES.new 2>/dev/null \
  || cargo about generate --locked --fail about.hbs -o THIRD-PARTY-LICENSES.new
mv THIRD-PARTY-LICENSES.new THIRD-PARTY-LICENSES
echo "THIRD-PARTY-LICENSES: $(wc -c <THIRD-PARTY-LICENSES) bytes"
