#!/usr/bin/env bash
# `make demo`: set up what is missing, build the npm package and the demo app (www/, installed
# from the packed tarball like a user installs it), build the emulator, then serve the demo and
# the CometChat-compatible API on one port in the foreground. Ctrl-C stops it.
#
#   PORT=8787          port to listen on (127.0.0.1 only: the page talks http to loopback)
#   FRESH=1            start from the seed again (forget edits made in earlier runs)
#   EMULATOR_PROFILE   debug (default: shares the build `make test` does) or release
#   DEMO_DB            the emulator's database file (default .cometchat-emulator/demo.db)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8787}
APP_ID=cometchat-emulator-app
PROFILE=${EMULATOR_PROFILE:-debug}
DB=${DEMO_DB:-.cometchat-emulator/demo.db}
say() { printf '==> demo: %s\n' "$*"; }

scripts/setup.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

say "building the npm package"
scripts/build-pkg.sh

say "installing and building the demo app (www/)"
www/scripts/install.sh
(cd www && VITE_COMETCHAT_APP_ID=$APP_ID npm run build --silent)
ls www/dist/assets/*.wasm >/dev/null 2>&1 || { echo "demo: the build emitted no .wasm asset"; exit 1; }

say "building the emulator ($PROFILE)"
if [ "$PROFILE" = release ]; then cargo build --quiet --release -p cometchat-emulator; else cargo build --quiet -p cometchat-emulator; fi

mkdir -p "$(dirname "$DB")"
if [ "${FRESH:-0}" = 1 ]; then rm -f "$DB" "$DB-wal" "$DB-shm"; fi
cat <<MSG

==> demo: open http://127.0.0.1:$PORT/  (Ctrl-C stops it)
    Sign in as a demo user, edit your profile, look others up. Edits are kept in $DB
    (FRESH=1 make demo starts over). The emulator's own start-up lines follow.

MSG
# CometChat's documented limit for core operations (10,000 a minute), so the demo's footer shows
# the rate-limit window as an app on the cloud would see it.
exec "target/$PROFILE/cometchat-emulator" serve --seed demo --static www/dist --port "$PORT" --db "$DB" --app-id "$APP_ID" \
  --rate-limit "${RATE_LIMIT:-10000}"
