#!/usr/bin/env bash
# Installs the demo's dependencies the way a user would, from the packed tarball.
#
# The tarball is rebuilt under the same version whenever the package changes, so package-lock.json
# must not pin its sha512: with a pinned hash, `npm ci` fails with EINTEGRITY on a fresh machine
# and, worse, silently reinstalls the *old* copy from npm's cache (keyed by that hash) on this one.
# So the lock's cometchat-wasm entry has no "integrity" (a plain `npm install` adds one back; it is
# removed here), third-party deps come from the lock with `npm ci` (only when it changed), the
# current tarball is installed with `npm install --no-save` (lock untouched), and the installed
# files are compared byte for byte with dist/package/ so a stale copy is never built or tested.
set -euo pipefail
cd "$(dirname "$0")/.."
tgz=../dist/cometchat-wasm-0.1.0.tgz
[ -f "$tgz" ] || { echo "www: $tgz is missing: run scripts/build-pkg.sh"; exit 1; }
node -e '
  const fs = require("fs"), lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
  const entry = lock.packages["node_modules/cometchat-wasm"];
  if (entry && "integrity" in entry) {
    delete entry.integrity;
    fs.writeFileSync("package-lock.json", JSON.stringify(lock, null, 2) + "\n");
    console.log("www: removed the pinned tarball hash from package-lock.json (see scripts/install.sh)");
  }'
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.www-lock; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.www-lock
fi
npm install --no-save --no-audit --no-fund --loglevel=error "$tgz"
# Every code file the package ships (the build's own list, not a copy of it that could drift).
for f in $(cd ../dist/package 2>/dev/null && ls -- *.js *.d.ts *.wasm 2>/dev/null); do
  if ! cmp -s ../dist/package/$f node_modules/cometchat-wasm/$f; then
    echo "www: node_modules/cometchat-wasm/$f differs from dist/package/$f (stale install)"; exit 1
  fi
done
echo "www: cometchat-wasm installed from $tgz"
