#!/usr/bin/env bash
# End-to-end test of the demo app: installs www/ from the packed tarball (scripts/build-pkg.sh
# must have run), builds it and the emulator, then `node --test tests/e2e/`, which starts its own
# in-memory emulator serving www/dist and drives Debian's Chromium (and, for the main flow,
# WebKitGTK's MiniBrowser: demo.webkit.test.mjs). Screenshots of every screen
# land in test-artifacts/demo-*.png.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
[ -d node_modules/playwright-core ] || { echo "test-demo: run scripts/setup.sh first (playwright-core)"; exit 1; }

www/scripts/install.sh
(cd www && npm run build --silent)
ls www/dist/assets/*.wasm >/dev/null 2>&1 || { echo "test-demo: the build emitted no .wasm asset"; exit 1; }
cargo build --quiet -p cometchat-emulator
node --test tests/e2e/
