#!/usr/bin/env bash
# The test command (README): setup, then every suite. Starts and stops its own servers.
#   native:  cargo test (wasm crate's pure logic + the emulator's integration tests)
#   contract: schemathesis over the emulator's admin API
#   browser: wasm-pack test in headless Chromium and Firefox, and in WebKitGTK (MiniBrowser under
#            Xvfb), against a fresh in-memory emulator
#   package: npm package build + size budget, tsc over a TypeScript consumer, the packed
#            package in Chromium (README examples, snippets, no-bundler page, security checks),
#            and what needs no DevTools protocol in Firefox and WebKitGTK too (WebDriver classic)
#   demo:    the demo app installed from the tarball, end to end in Chromium (and its main flow
#            in WebKitGTK); `make demo` itself
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PWD/node_modules/.bin:$PATH"
step() { printf '\n==> test: %s\n' "$*"; }

# (The crate's tests/*.rs are browser suites: they run under wasm-pack below, not natively.)
step "native: cargo test (the wasm crate's pure logic; the emulator's integration tests)"
cargo test --quiet -p cometchat-wasm --lib 2>&1
cargo test --quiet -p cometchat-emulator 2>&1

step "native: a threaded wasm build is refused (the module's state is single-threaded)"
# The atomics target feature is unstable, so only a bootstrapped compiler sees it.
if out=$(RUSTC_BOOTSTRAP=1 RUSTFLAGS="-C target-feature=+atomics" cargo check --quiet -p cometchat-wasm --lib \
  --target wasm32-unknown-unknown --no-default-features --target-dir target/atomics-check 2>&1); then
  echo "a build with target_feature = \"atomics\" compiled"; exit 1
fi
grep -q "state is single-threaded" <<<"$out" || { echo "$out"; exit 1; }
echo "refused, as it must be"

step "contract: schemathesis against the emulator's admin API (CometChat's OpenAPI file)"
emulator/contract/run.sh

step "browser: starting the emulator and the odd servers"
cargo build --quiet -p cometchat-emulator
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT
export COMETCHAT_APP_ID=test-app COMETCHAT_API_KEY="test-key-$RANDOM$RANDOM"
target/debug/cometchat-emulator serve --memory --port 0 --record-requests \
  --app-id "$COMETCHAT_APP_ID" --api-key "$COMETCHAT_API_KEY" >"$tmp/emulator.out" 2>"$tmp/emulator.err" &
pids+=($!)
# A second one with a rate limit small enough to reach, in windows short enough to wait out
# (tests/lifecycle.rs).
target/debug/cometchat-emulator serve --memory --port 0 --record-requests --rate-limit 20 --rate-window 2 \
  --app-id "$COMETCHAT_APP_ID" --api-key "$COMETCHAT_API_KEY" >"$tmp/limited.out" 2>"$tmp/limited.err" &
pids+=($!)
node tests/support/odd-servers.mjs >"$tmp/odd.out" &
pids+=($!)
. scripts/lib/emulator-url.sh
COMETCHAT_EMULATOR_URL=$(emulator_url "$tmp/emulator.out" 10 "${pids[0]}") ||
  { echo "emulator did not start"; cat "$tmp"/emulator.*; exit 1; }
COMETCHAT_LIMITED_URL=$(emulator_url "$tmp/limited.out" 10 "${pids[1]}") ||
  { echo "the rate-limited emulator did not start"; cat "$tmp"/limited.*; exit 1; }
for _ in $(seq 100); do grep -q HANG_URL "$tmp/odd.out" 2>/dev/null && break; sleep 0.1; done
export COMETCHAT_EMULATOR_URL COMETCHAT_LIMITED_URL
for kv in $(cat "$tmp/odd.out"); do export "${kv?}"; done
echo "emulator at $COMETCHAT_EMULATOR_URL; $(cat "$tmp/odd.out")"

step "browser: wasm-pack test --headless --chrome --firefox"
# A suite's page may run longer than the runner's default 20 s: the lifecycle suite waits out
# rate-limit windows (a burst of 100 calls at 20 a window takes about 10 s by design).
export WASM_BINDGEN_TEST_TIMEOUT=120
wasm-pack test --headless --chrome --firefox 2>&1 | grep -vE '^\s+(Compiling|Downloaded|Downloading)'

step "browser: wasm-pack test --safari in WebKitGTK (Safari's engine), MiniBrowser under Xvfb"
# WebKitWebDriver's default browser is Debian's MiniBrowser with --automation; MiniBrowser has no
# headless mode, so it gets a virtual display (--headless here only keeps wasm-pack's runner
# from serving the interactive page).
xvfb-run -a wasm-pack test --headless --safari --safaridriver /usr/bin/WebKitWebDriver 2>&1 |
  grep -vE '^\s+(Compiling|Downloaded|Downloading)'

step "package: build, pack and size"
scripts/build-pkg.sh

step "package: tsc --noEmit --strict over tests/types/consumer.ts"
tsc -p tests/types/tsconfig.json

step "package: the packed tarball in Chromium, Firefox and WebKitGTK (node --test)"
node --test tests/package/

step "demo: www/ built from the packed tarball, end to end in Chromium and WebKitGTK against the emulator"
scripts/test-demo.sh

step "demo: make demo (the README's first command) serves the page, its assets and the API"
scripts/test-make-demo.sh
