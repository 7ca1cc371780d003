#!/usr/bin/env bash
# examples/install.sh APP: installs one example app the way a user would, from the packed tarball
# (scripts/build-pkg.sh must have run): its third-party dependencies with `npm ci` from its own
# committed package-lock.json (only when the lock changed since the last install), then the
# current dist/cometchat-wasm-*.tgz with `npm install --no-save`, checked byte for byte.
#
# The tarball is repacked under the same version whenever the package changes, so each lock's
# cometchat-wasm entry carries no "integrity" (with one, `npm ci` fails with EINTEGRITY on a fresh
# machine, or reinstalls an old copy from npm's cache); a plain `npm install` adds it back, and it
# is removed here.
set -euo pipefail
cd "$(dirname "$0")/$1"
tgz=../../dist/cometchat-wasm-0.1.0.tgz
[ -f "$tgz" ] || { echo "examples: $tgz is missing: run scripts/build-pkg.sh"; exit 1; }
export NEXT_TELEMETRY_DISABLED=1
node -e '
  const fs = require("fs"), lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
  const entry = lock.packages["node_modules/cometchat-wasm"];
  if (entry && "integrity" in entry) {
    delete entry.integrity;
    fs.writeFileSync("package-lock.json", JSON.stringify(lock, null, 2) + "\n");
    console.log(`examples/${process.argv[1]}: removed the pinned tarball hash from package-lock.json`);
  }' "$1"
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.examples-lock; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.examples-lock
fi
npm install --no-save --no-audit --no-fund --loglevel=error "$tgz"
for f in ../../dist/package/*; do
  cmp -s "$f" "node_modules/cometchat-wasm/${f##*/}" ||
    { echo "examples/$1: node_modules/cometchat-wasm/${f##*/} differs from dist/package (stale install)"; exit 1; }
done
