#!/usr/bin/env bash
# make test-bundlers: the packed package in a minimal app per tool (webpack, Rollup, esbuild,
# Vite, Next.js, plain Node, an import map), each installed from the tarball with `npm ci` from
# its own lockfile, built with its tool and run in headless Chromium against a fresh emulator
# (examples/test.mjs); then the backend recipes (the Next.js route handlers and a plain Node
# server: token endpoint, profile sync, deletion, no API key in what the browser loads) against
# the emulator (examples/backend.test.mjs). Installs what the machine lacks first, like `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PWD/node_modules/.bin:$PATH"
export NEXT_TELEMETRY_DISABLED=1
step() { printf '\n==> test-bundlers: %s\n' "$*"; }

step "package: build and pack (dist/cometchat-wasm-*.tgz)"
scripts/build-pkg.sh
cargo build --quiet -p cometchat-emulator

step "examples/: each app built with its tool, in Chromium against the emulator"
node --test examples/test.mjs

step "examples/: the backend recipes (Next.js route handlers, a plain Node server) against the emulator"
node --test examples/backend.test.mjs
