#!/usr/bin/env bash
# Contract run: schemathesis against the emulator's admin API with CometChat's published OpenAPI
# file (contract/cometchat-users-admin.openapi.json, copied from the project's shared spec: see
# contract/README.md; $SPEC overrides it). Installs schemathesis into contract/.venv-contract on
# first use. Bounded: ~30-60 s warm, plus the one-time install.
# Passes when no request gets a 5xx, every response is JSON, every 200 matches the documented
# schema, and (pass 2, on existing users) schema-violating input is rejected.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SPEC=${SPEC:-$HERE/cometchat-users-admin.openapi.json}
MAX_EXAMPLES=${MAX_EXAMPLES:-150}
VENV="$HERE/.venv-contract"
KEY=contract-api-key

[ -f "$SPEC" ] || { echo "spec not found: $SPEC" >&2; exit 1; }
if [ ! -x "$VENV/bin/schemathesis" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "schemathesis>=4,<5"
fi

(cd "$ROOT" && cargo build -q -p cometchat-emulator)
BIN="$ROOT/target/debug/cometchat-emulator"

WORK=$(mktemp -d)
RUST_LOG=warn "$BIN" serve --host 127.0.0.1 --port 0 --memory --api-key "$KEY" >"$WORK/stdout" 2>"$WORK/stderr" &
PID=$!
cleanup() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
. "$ROOT/scripts/lib/emulator-url.sh"
BASE=$(emulator_url "$WORK/stdout" 10 "$PID") || { echo "emulator did not start" >&2; cat "$WORK/stderr" >&2; exit 1; }

# Users named like the spec's samples, so the spec's own examples reach real data.
UIDS=cometchat-uid-1,cometchat-uid-2,cometchat-uid-3,cometchat-uid-4,cometchat-uid-5,cometchat-uid-6
for u in ${UIDS//,/ }; do
  curl -sf -X POST "$BASE/v3/users" -H "apiKey: $KEY" -H 'Content-Type: application/json' \
    -d "{\"uid\":\"$u\",\"name\":\"Contract $u\"}" >/dev/null
done
TOKEN=$(curl -sf -X POST "$BASE/v3/users/cometchat-uid-1/auth_tokens" -H "apiKey: $KEY" | sed -n 's/.*"authToken":"\([^"]*\)".*/\1/p')
"$VENV/bin/python" "$HERE/overrides.py" "$SPEC" "$WORK/patched.json" "$UIDS" "$TOKEN"

BASIC=not_a_server_error,content_type_conformance,response_schema_conformance
run() {
  local spec=$1 checks=$2
  timeout 150 "$VENV/bin/schemathesis" run "$spec" --url "$BASE/v3" -H "apiKey: $KEY" \
    --checks "$checks" --phases examples,coverage,fuzzing --max-examples "$MAX_EXAMPLES" \
    --generation-database none --no-color -w 1 --seed "${SEED:-20260101}" \
    --request-timeout 10
}
echo "== pass 1: the published spec, unchanged: no 5xx, JSON answers, documented 200 shapes"
run "$SPEC" "$BASIC"
echo "== pass 2: the spec with documented overrides (see overrides.py), plus negative_data_rejection"
run "$WORK/patched.json" "$BASIC,negative_data_rejection"
# The server survived both passes.
curl -sf "$BASE/v3/users" -H "apiKey: $KEY" >/dev/null
echo "contract: OK"
