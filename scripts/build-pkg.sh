#!/usr/bin/env bash
# Builds the npm package: release wasm through npm's wasm-opt, pkg-template/ merged in, contents
# checked, `npm pack` → dist/cometchat-wasm-<version>.tgz. Then the size of what a user ships
# (raw and gzip -9 bytes of each file), failing past the budget.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PWD/node_modules/.bin:$PATH"
# Size budgets, in bytes: what a page without a bundler loads before `init` (the wasm, index.js
# and core.js as published, gzip -9), and everything an app bundles (wasm + every .js minified,
# gzip -9). Lowered from 40,000 each to what was reached (the wasm and its glue alone: 36,658 and
# 38,815 at 69d4428, with the crate's own executor; 36,592 and 38,824 with the JSON bodies; 36,321
# and 38,554 with src/convert.rs `strings` a loop), so that no byte comes back unnoticed; the
# first became the page's when the glue went into core.js (43,009).
# Raised for issue #23 by what its fixes measured, from 43,009 and 38,526: the body's cap counted
# in decoded bytes as it streams, the deadline told by its signal, the rate window read against
# the server's clock and worker mode's settings fixed at its first init (to 43,517 and 38,917);
# then the session machine (twiggy: the renewal's same-user check and the restore through a
# token URL, both one login lead, about 2.7 KB of the wasm; the machine and the store protocol
# the rest), to 47,675 and 43,019; then worker mode handing its worker the compiled module, to
# 47,733 and 43,053: a cost noticed, not a byte come back unnoticed. Then two orders the session
# model found (the store read again once the page's own login fails, a logout during a restore
# ending the session restored) and presence (issue #24: what an app that never subscribes carries
# of it: the session the socket serves, its `GET me`/`GET settings`, the user cache's refresh, the
# official names and listeners, a failed load of the socket's module told as ours), +1,955 in all
# (wasm +1,280, JS +675): 49,902 and 45,008. Over
# the issue's goal of +300 for presence; the socket itself (presence.js, about 3 KB) loads only
# when asked.
BUDGET_PAGE=${BUDGET_PAGE:-49902}
BUDGET_BUNDLED=${BUDGET_BUNDLED:-45008}

# Debian's wasm-opt corrupts the module (binaryen bug 4711): only npm's may run.
[ "$(command -v wasm-opt)" = "$PWD/node_modules/.bin/wasm-opt" ] || { echo "build: run scripts/setup.sh first (npm's wasm-opt)"; exit 1; }
log=$(mktemp)
# --no-default-features: the shipped module is no_std (see Cargo.toml [features]).
# core and alloc are rebuilt with the immediate-abort panic strategy: every panic path becomes a
# trap with no message, location or formatting code (measured: 2.3 KB of the gzipped module).
# Both are still unstable flags, so this one build lets the pinned stable compiler accept them
# (RUSTC_BOOTSTRAP); the tests' builds are ordinary. Needs the rust-src component (setup.sh).
# Source paths that remain (track_caller locations) are cut to their last parts.
# Without the reference-types and multivalue features, wasm-bindgen keeps JS values in a table of
# the glue instead of an externref table in the module, and emits no per-export adapter shims:
# measured 1,000 bytes smaller in the module for 300 more in the glue (gzip -9).
remap="--remap-path-prefix=$(rustc --print sysroot)/lib/rustlib/src/rust/library/="
for registry in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
  remap="$remap --remap-path-prefix=$registry="
  # The crates whose `track_caller` locations remain: their own names go too (the last match wins).
  for dir in "$registry"{js-sys,wasm-bindgen,wasm-bindgen-futures}-[0-9]*/; do [ -d "$dir" ] && remap="$remap --remap-path-prefix=$dir="; done
done
RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Ctarget-feature=-reference-types,-multivalue $remap" \
  wasm-pack build --release --target web --no-pack --out-dir pkg --out-name cometchat_wasm \
  -- --no-default-features -Zbuild-std=core,alloc >"$log" 2>&1 || { cat "$log"; exit 1; }
grep -q "Optimizing wasm binaries with .wasm-opt." "$log" || { cat "$log"; echo "build: wasm-opt did not run"; exit 1; }

# Import and export names of one or two letters, in the module and its glue alike.
node scripts/minify-names.mjs pkg/cometchat_wasm_bg.wasm pkg/cometchat_wasm.js

version=$(awk -F'"' '/^version = /{print $2; exit}' Cargo.toml)
out=dist/package
rm -rf "$out" && mkdir -p "$out"
cp pkg/cometchat_wasm_bg.wasm "$out/"
cp pkg-template/index.js pkg-template/index.d.ts pkg-template/package.json pkg-template/LICENSE "$out/"
# Loaded only when asked for: worker mode (remote.js on the page, worker.js in the worker, and
# messages.js, what both send),
# session persistence (store.js), `login({ tokenUrl })` (token-url.js) and the real-time socket
# (presence.js).
cp pkg-template/remote.js pkg-template/messages.js pkg-template/worker.js pkg-template/store.js pkg-template/token-url.js \
  pkg-template/presence.js "$out/"
cp README.md "$out/README.md"
# core.js: the facade, js/runtime.js (the error class and the fetch call, shared by the glue and
# the facade: one class, for `instanceof`) and the glue, bundled into one module
# (pkg-template/core.js says why), as esbuild writes it (not minified; the sources' comments go,
# index.d.ts documents the API). The modules loaded only when asked for stay apart.
stage=$(mktemp -d)
[ "$(ls -d pkg/snippets/*/ | wc -l)" = 1 ] || { echo "build: expected exactly one snippet folder"; exit 1; }
cp pkg/snippets/*/js/runtime.js pkg-template/core.js pkg-template/facade.js "$stage/"
# Only the import statements: the wasm module names its direct imports by the snippet path, so
# the keys of the glue's import object keep it.
sed -E "/^import /s#(['\"])./snippets/[^'\"]*/js/runtime.js(['\"])#\1./runtime.js\2#" pkg/cometchat_wasm.js >"$stage/cometchat_wasm.js"
grep -q "^import .*snippets/" "$stage/cometchat_wasm.js" && { echo "build: the glue still imports a snippet"; exit 1; }
# Run in the stage, so that the comments esbuild puts at each module's start name the source file
# (`// runtime.js`), not the temporary folder: the same sources give the same core.js.
core="$PWD/$out/core.js"
(cd "$stage" && esbuild --bundle --format=esm --log-level=error --external:./store.js --external:./token-url.js --external:./presence.js core.js --outfile="$core")
rm -rf "$stage"
grep -q 'import("./store.js")' "$out/core.js" && grep -q 'import("./token-url.js")' "$out/core.js" &&
  grep -q 'import("./presence.js")' "$out/core.js" ||
  { echo "build: core.js lost its lazy imports"; exit 1; }
node -e '
  const fs = require("fs"), p = process.argv[1] + "/package.json", j = JSON.parse(fs.readFileSync(p));
  j.version = process.argv[2]; fs.writeFileSync(p, JSON.stringify(j, null, 2) + "\n");' "$out" "$version"

# Exactly the files the package needs, nothing else.
listed=$(cd "$out" && npm pack --dry-run --json 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[0].files.map(f=>f.path).sort().join(" ")))')
expected="LICENSE README.md cometchat_wasm_bg.wasm core.js index.d.ts index.js messages.js package.json presence.js remote.js store.js token-url.js worker.js"
[ "$listed" = "$expected" ] || { echo "build: package files are '$listed', expected '$expected'"; exit 1; }
(cd dist && rm -f cometchat-wasm-*.tgz && npm pack ./package --silent >/dev/null)
echo "build: dist/cometchat-wasm-$version.tgz"

# Size: gzip -9 of each shipped file as published, and of it minified by esbuild. What an app
# ships is its bundler's output: the package's modules bundled into one and minified (esbuild
# --bundle, tree-shaken, names shared across modules), plus the .wasm (already optimised).
# Worker mode, persistence and token URLs are modules loaded only when asked for: the default
# page does not load them; they are reported apart, as is the worker script.
total=0; page=0
for f in $(cd "$out" && ls -- *.wasm *.js); do # the files the check above allows, no other list
  raw=$(wc -c <"$out/$f"); gz=$(gzip -9c "$out/$f" | wc -c)
  case "$f" in
    *.js) min=$(esbuild --minify --format=esm --log-level=error "$out/$f" | gzip -9c | wc -c) ;;
    *) min=$gz; wasm=$gz ;;
  esac
  case "$f" in cometchat_wasm_bg.wasm | index.js | core.js) page=$((page + gz)) ;; esac
  total=$((total + gz))
  printf 'size: %-24s %7d bytes raw %6d gzip %6d min+gzip\n' "$f" "$raw" "$gz" "$min"
done
# The lazy modules stay out of the default page's bundle, as Rollup and webpack split them
# (shared modules such as core.js go with the entry, which is loaded first).
lazy_modules="remote.js messages.js store.js token-url.js presence.js"
js=$(esbuild --bundle --minify --format=esm --log-level=error $(for m in $lazy_modules; do printf -- '--external:./%s ' "$m"; done) "$out/index.js" | gzip -9c | wc -c)
lazy=0
for m in $lazy_modules; do
  lazy=$((lazy + $(esbuild --bundle --minify --format=esm --log-level=error --external:./core.js $(for n in $lazy_modules; do printf -- '--external:./%s ' "$n"; done) "$out/$m" | gzip -9c | wc -c)))
done
worker=$(esbuild --bundle --minify --format=esm --log-level=error "$out/worker.js" | gzip -9c | wc -c)
total_min=$((wasm + js))
printf 'size: a page without a bundler loads before init (wasm, index.js, core.js as published) %d bytes gzip (budget %d)\n' "$page" "$BUDGET_PAGE"
printf 'size: shipped as published %d bytes gzip; as an app bundles it %d (wasm %d + JS bundled, minified %d; budget %d)\n' \
  "$total" "$total_min" "$wasm" "$js" "$BUDGET_BUNDLED"
presence=$(esbuild --minify --format=esm --log-level=error "$out/presence.js" | gzip -9c | wc -c)
printf 'size: loaded only when asked for: worker mode, persistence, token URL and presence modules %d bytes gzip (presence.js %d); the worker script bundled %d (+ the same wasm)\n' "$lazy" "$presence" "$worker"
[ "$page" -le "$BUDGET_PAGE" ] || { echo "size: the page without a bundler over budget"; exit 1; }
[ "$total_min" -le "$BUDGET_BUNDLED" ] || { echo "size: bundled total over budget"; exit 1; }
