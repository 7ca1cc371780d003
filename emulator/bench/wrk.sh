#!/usr/bin/env bash
# Benchmark (not a test): GET /v3.0/users/{uid} with a valid token under wrk on loopback.
# Usage: emulator/bench/wrk.sh            (30 s, 2 threads, 64 connections)
#        DURATION=10s CONNECTIONS=32 THREADS=2 emulator/bench/wrk.sh
#        BIN=/path/to/cometchat-emulator emulator/bench/wrk.sh   (an already built binary, e.g. an
#        older commit's, to compare builds under the same machine load; nothing is built then)
# Prints requests/s, p99 latency and errors. Needs wrk (installs it with apt-get if missing).
set -euo pipefail

DURATION=${DURATION:-30s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

if ! command -v wrk >/dev/null 2>&1; then
  apt-get install -y wrk || { apt-get update && apt-get install -y wrk; }
fi

# The workspace's release profile is tuned for the wasm crate (opt-level "z", fat LTO, abort), so
# the emulator is built with its own profile, into target/emulator-bench/, touching nothing else.
PROFILE=(--config 'profile.emulator-bench.inherits="release"'
         --config 'profile.emulator-bench.opt-level=3'
         --config 'profile.emulator-bench.lto="thin"'
         --config 'profile.emulator-bench.codegen-units=16'
         --config 'profile.emulator-bench.panic="unwind"')
if [ -z "${BIN:-}" ]; then
  (cd "$ROOT" && cargo build -q -p cometchat-emulator --profile emulator-bench "${PROFILE[@]}")
  BIN="$ROOT/target/emulator-bench/cometchat-emulator"
fi

WORK=$(mktemp -d)
KEY=bench-api-key
OUT="$WORK/stdout"
# Access logs off (RUST_LOG=warn): one stderr line per request would measure the terminal.
RUST_LOG=warn "$BIN" serve --host 127.0.0.1 --port 0 --db "$WORK/bench.db" --api-key "$KEY" >"$OUT" 2>"$WORK/stderr" &
PID=$!
cleanup() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

. "$ROOT/scripts/lib/emulator-url.sh"
BASE=$(emulator_url "$OUT" 10 "$PID") || { echo "emulator did not start" >&2; cat "$WORK/stderr" >&2; exit 1; }

curl -sf -X POST "$BASE/v3/users" -H "apiKey: $KEY" -H 'Content-Type: application/json' \
  -d '{"uid":"bench-target","name":"Bench Target","metadata":{"k":"v"},"tags":["a","b"],"statusMessage":"hi"}' >/dev/null
curl -sf -X POST "$BASE/v3/users" -H "apiKey: $KEY" -H 'Content-Type: application/json' \
  -d '{"uid":"bench-caller","name":"Bench Caller"}' >/dev/null
TOKEN=$(curl -sf -X POST "$BASE/v3/users/bench-caller/auth_tokens" -H "apiKey: $KEY" | sed -n 's/.*"authToken":"\([^"]*\)".*/\1/p')
[ -n "$TOKEN" ] || { echo "no token" >&2; exit 1; }
URL="$BASE/v3.0/users/bench-target"
curl -sf "$URL" -H "authToken: $TOKEN" >/dev/null

echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency GET $URL (authToken, appId, sdk, resource headers)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency \
  -H "authToken: $TOKEN" -H "appId: cometchat-emulator-app" -H "sdk: bench@0" -H "resource: bench" \
  -H "Accept: application/json" "$URL" | tee "$WORK/wrk.txt"

RPS=$(awk '/^Requests\/sec:/ {print $2}' "$WORK/wrk.txt")
P99=$(awk '$1=="99%" {print $2}' "$WORK/wrk.txt")
NON2XX=$(awk -F': *' '/Non-2xx or 3xx responses/ {print $2}' "$WORK/wrk.txt")
SOCKERR=$(sed -n 's/.*Socket errors: \(.*\)/\1/p' "$WORK/wrk.txt")
echo
echo "requests/s: $RPS"
echo "p99: $P99"
echo "errors: non-2xx=${NON2XX:-0} socket=${SOCKERR:-none}"
