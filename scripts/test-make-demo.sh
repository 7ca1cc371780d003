#!/usr/bin/env bash
# Smoke test of the README's first command: `make demo` on a free port and a scratch database
# must build everything and serve, on one port, the demo page, its JS and wasm assets (with the
# MIME types browsers require) and the CometChat API its seed users log in to.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Its own process group, so that cleanup also stops a build still running under it.
PORT=$port DEMO_DB="$tmp/demo.db" setsid make --no-print-directory demo >"$tmp/log" 2>&1 &
pid=$!
cleanup() { kill -- -"$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "make demo: $*"; cat "$tmp/log"; exit 1; }
. scripts/lib/emulator-url.sh
# The build comes first: up to 5 minutes on a machine that has built nothing yet.
base=$(emulator_url "$tmp/log" 300 "$pid") || fail "not serving (exited, or still building after 5 minutes)"
check() { # url, expected content-type prefix
  local type
  type=$(curl -fsS -o /dev/null -w '%{content_type}' "$1") || fail "GET $1 failed"
  case "$type" in "$2"*) ;; *) fail "GET $1 is '$type', expected $2" ;; esac
}
check "$base/" text/html
index=$(curl -fsS "$base/") || fail "GET / failed"
scripts=$(grep -o '/assets/[^"]*\.js' <<<"$index") || fail "the page references no script: $index"
for asset in $scripts; do check "$base$asset" text/javascript; done
wasm=(www/dist/assets/*.wasm)
[ ${#wasm[@]} = 1 ] && [ -f "${wasm[0]}" ] || fail "expected one .wasm asset, found: ${wasm[*]}"
check "$base/assets/$(basename "${wasm[0]}")" application/wasm
login=$(curl -fsS -X POST -H 'content-type: application/json' -d '{"uid":"alice"}' "$base/demo/login") ||
  fail "POST /demo/login failed"
token=$(node -e 'console.log(JSON.parse(process.argv[1]).data.authToken)' "$login") || fail "no token in $login"
bob=$(curl -fsS -H "appId: cometchat-emulator-app" -H "authToken: $token" "$base/v3.0/users/bob") ||
  fail "GET users/bob as alice failed"
grep -q '"uid":"bob"' <<<"$bob" || fail "GET users/bob as alice: $bob"
echo "make demo: serves the page, its assets and the API on $base"
