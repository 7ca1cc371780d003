#!/usr/bin/env bash
# Installs whatever this machine lacks to build and test cometchat-wasm; a second run installs
# nothing. Sources: Debian's apt, crates.io, npm. Never GitHub, never a browser download.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_PACK_VERSION=0.15.1
GECKODRIVER_VERSION=0.37.1
ROOT="${CARGO_HOME:-$HOME/.cargo}"
export PATH="$ROOT/bin:$PATH"
log() { printf '==> setup: %s\n' "$*"; }
# "<name> <version>" from `<bin> --version`
have() { command -v "$1" >/dev/null && [ "$("$1" --version 2>/dev/null | head -1 | awk '{print $2}')" = "$2" ]; }
cargo_install() { # wasm-bindgen-cli's own lock names a crate version the registry lacks: fall back
  cargo install --root "$ROOT" --locked "$1" --version "$2" || cargo install --root "$ROOT" "$1" --version "$2"
}

pkgs=()
command -v chromium >/dev/null || pkgs+=(chromium)
command -v chromedriver >/dev/null || pkgs+=(chromium-driver)
command -v firefox-esr >/dev/null || pkgs+=(firefox-esr)
# WebKitGTK (Safari's engine): WebKitWebDriver and the MiniBrowser it drives, which has no
# headless mode, so the suites run it under Xvfb (xvfb-run needs xauth).
command -v WebKitWebDriver >/dev/null || pkgs+=(webkit2gtk-driver)
command -v xvfb-run >/dev/null || pkgs+=(xvfb)
command -v xauth >/dev/null || pkgs+=(xauth)
command -v wrk >/dev/null || pkgs+=(wrk)
command -v curl >/dev/null || pkgs+=(curl)
command -v cc >/dev/null || pkgs+=(build-essential)
command -v python3 >/dev/null || pkgs+=(python3 python3-venv)
# A CJK font, so the demo's screenshots show its Japanese seed name instead of boxes.
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || pkgs+=(fonts-wqy-microhei)
if [ ${#pkgs[@]} -gt 0 ]; then
  log "apt-get install ${pkgs[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
fi
# Debian's binaryen (wasm-opt 108) silently corrupts wasm-bindgen's output; we use npm's.
if [ -x /usr/bin/wasm-opt ]; then log "warning: /usr/bin/wasm-opt is ignored; builds use node_modules/.bin/wasm-opt"; fi

rustup target list --installed | grep -qx wasm32-unknown-unknown || { log "rustup target add wasm32-unknown-unknown"; rustup target add wasm32-unknown-unknown; }
# The package's release build rebuilds core and alloc (scripts/build-pkg.sh): it needs their source.
rustup component list --installed | grep -qx rust-src || { log "rustup component add rust-src"; rustup component add rust-src; }

have wasm-pack "$WASM_PACK_VERSION" || { log "cargo install wasm-pack $WASM_PACK_VERSION"; cargo_install wasm-pack "$WASM_PACK_VERSION"; }

# The CLI must equal Cargo.lock's wasm-bindgen exactly, or wasm-pack tries to download one.
WBG=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
if ! have wasm-bindgen "$WBG" || ! have wasm-bindgen-test-runner "$WBG"; then
  log "cargo install wasm-bindgen-cli $WBG"; cargo_install wasm-bindgen-cli "$WBG"
fi

have geckodriver "$GECKODRIVER_VERSION" || { log "cargo install geckodriver $GECKODRIVER_VERSION"; cargo_install geckodriver "$GECKODRIVER_VERSION"; }

# npm dev tools (wasm-opt from binaryen, playwright-core, typescript); reinstall only on change.
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.setup-lock; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.setup-lock
fi
log "ok ($(wasm-pack --version), wasm-bindgen $WBG, $(chromium --version 2>/dev/null | awk '{print $1, $2}'), $(firefox-esr --version 2>/dev/null), WebKitGTK $(dpkg-query -W -f '${Version}' webkit2gtk-driver 2>/dev/null | cut -d- -f1))"
