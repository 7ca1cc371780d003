# Sourced by every script that starts cometchat-emulator, which prints `listening on <url>` on
# stdout once it serves.
#
# emulator_url LOG [SECONDS] [PID]: prints that url once LOG has it. Fails after SECONDS
# (default 10), or as soon as PID, if given, has exited.
emulator_url() {
  local log=$1 tries=$((${2:-10} * 10)) pid=${3:-} url
  for _ in $(seq "$tries"); do
    url=$(sed -n 's/^listening on \(http[^ ]*\).*/\1/p' "$log" 2>/dev/null | head -1)
    [ -n "$url" ] && { echo "$url"; return 0; }
    [ -z "$pid" ] || kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
