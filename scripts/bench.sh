#!/usr/bin/env bash
# `make bench`: cometchat-wasm side by side with the official CometChat JS SDK in headless
# Chromium (size, per-call cost, end to end, coalescing, start-up, memory). Builds what it
# measures first: the npm package (as published), the release emulator, the bench's own npm
# deps (the official SDK is a dev dependency of bench/ only). Writes bench/RESULTS.md (and the
# raw numbers in bench/results.json) and prints it. BENCH_QUICK=1: small N, for development.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PWD/node_modules/.bin:$PATH"
start=$(date +%s)

scripts/setup.sh
scripts/build-pkg.sh
echo "==> bench: cargo build --release -p cometchat-emulator"
cargo build --release -p cometchat-emulator
echo "==> bench: npm ci (bench/)"
(cd bench && npm ci --no-audit --no-fund --loglevel=error)
echo "==> bench: running (one full run takes a few minutes; the machine should be otherwise idle)"
node bench/run.mjs
echo "==> bench: done in $(( $(date +%s) - start )) s; results in bench/RESULTS.md"
