#!/usr/bin/env bash
# Installs the demo's dependencies the way a user would, from the packed tarball.
#
# Why not just `npm ci`: package-lock.json pins the tarball's sha512, and npm's cache is keyed by
# it, so after `scripts/build-pkg.sh` repacks dist/cometchat-wasm-0.1.0.tgz with the same version,
# `npm ci` silently reinstalls the *old* cached copy. So: third-party deps from the lock (only
# when it changed), then the current tarball with `npm install --no-save` (lock untouched), then
# a byte check against dist/package/ so a stale copy can never be built or tested.
set -euo pipefail
cd "$(dirname "$0")/.."
tgz=../dist/cometchat-wasm-0.1.0.tgz
[ -f "$tgz" ] || { echo "www: $tgz is missing: run scripts/build-pkg.sh"; exit 1; }
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.www-lock; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.www-lock
fi
npm install --no-save --no-audit --no-fund --loglevel=error "$tgz"
# .www-lock must survive `npm install` (it does: it is not a package); re-check freshness.
for f in index.js index.d.ts cometchat_wasm.js cometchat_wasm_bg.wasm exception.js; do
  if [ -f ../dist/package/$f ] && ! cmp -s ../dist/package/$f node_modules/cometchat-wasm/$f; then
    echo "www: node_modules/cometchat-wasm/$f differs from dist/package/$f (stale install)"; exit 1
  fi
done
echo "www: cometchat-wasm installed from $tgz"
