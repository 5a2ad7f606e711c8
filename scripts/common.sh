# Shared helpers for scripts/setup, scripts/run and scripts/test. Source it; do not run it.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

# Versions. wasm-bindgen's comes from Cargo.lock (see wasm_bindgen_version).
TRUNK_VERSION="0.21.14"
WASM_TARGET="wasm32-unknown-unknown"
CHROMIUM="/usr/bin/chromium"
CHROMEDRIVER_BIN="/usr/bin/chromedriver"

_now() { date +%s; }
_clock() { date +%H:%M:%S; }
_fmt() { local s=$1; if ((s >= 60)); then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi; }

SCRIPT_NAME="${SCRIPT_NAME:-$(basename "$0")}"
_STEP_NAME=""
_STEP_START=0

# step "description": announce a step with a timestamp (ends the previous one).
step() {
  step_done
  _STEP_NAME="$1"
  _STEP_START=$(_now)
  printf '\n[%s] %s: %s\n' "$(_clock)" "$SCRIPT_NAME" "$_STEP_NAME"
}

# step_done: report the running step's duration (called by step and at the end).
step_done() {
  if [[ -n "$_STEP_NAME" ]]; then
    printf '[%s] %s: done in %s: %s\n' "$(_clock)" "$SCRIPT_NAME" "$(_fmt $(($(_now) - _STEP_START)))" "$_STEP_NAME"
    _STEP_NAME=""
  fi
}

note() { printf '    %s\n' "$*"; }

die() {
  printf '\n%s: ERROR: %s\n' "$SCRIPT_NAME" "$*" >&2
  exit 1
}

# The wasm-bindgen version that Cargo.lock resolved (the CLI must match it exactly).
wasm_bindgen_version() {
  [[ -f "$ROOT/Cargo.lock" ]] || die "Cargo.lock is missing in $ROOT"
  awk '
    $0 == "[[package]]" { name = "" }
    $1 == "name" && $3 == "\"wasm-bindgen\"" { name = "wasm-bindgen" }
    name == "wasm-bindgen" && $1 == "version" { gsub(/"/, "", $3); print $3; exit }
  ' "$ROOT/Cargo.lock"
}
