#!/usr/bin/env bash
# Release build through npm's wasm-opt, then the size of what a user ships: raw and gzip -9
# bytes of the .wasm and the JS. Fails past the budget (gzip bytes of wasm + JS).
set -euo pipefail
cd "$(dirname "$0")/.."
BUDGET_GZIP=${BUDGET_GZIP:-40960}
export PATH="$PWD/node_modules/.bin:$PATH"
log=$(mktemp)
wasm-pack build --release --target web --no-pack --out-dir pkg --out-name cometchat_wasm >"$log" 2>&1 || { cat "$log"; exit 1; }
# With no wasm-opt on PATH, wasm-pack silently skips optimisation; make that loud.
grep -q "wasm-opt" "$log" || true
test "$(command -v wasm-opt)" = "$PWD/node_modules/.bin/wasm-opt" || { echo "size: npm's wasm-opt is not first on PATH"; exit 1; }
total=0
for f in pkg/cometchat_wasm_bg.wasm pkg/cometchat_wasm.js $(ls pkg/snippets/*/js/*.js 2>/dev/null); do
  raw=$(wc -c <"$f"); gz=$(gzip -9c "$f" | wc -c); total=$((total + gz))
  printf 'size: %-55s %8d bytes raw %7d bytes gzip\n' "$f" "$raw" "$gz"
done
printf 'size: total shipped (wasm + JS) %d bytes gzip; budget %d\n' "$total" "$BUDGET_GZIP"
[ "$total" -le "$BUDGET_GZIP" ] || { echo "size: over budget"; exit 1; }
