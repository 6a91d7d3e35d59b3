#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The real binary on the X display with a data file damaged on the disk:
# the window opens on its error page, not on the list, and says what the
# CLI says (the file is damaged, the latest backup, `salur restore
# --latest`); it writes nothing into the damaged file and backs nothing up.
# Then, restored, the same binary opens on the list.
#
# Run under `dbus-run-session -- xvfb-run -a meson test`.
set -euo pipefail

: "${SALUR:?set SALUR to the salur binary}"
if [ -z "${DISPLAY:-}" ]; then
  echo "SKIP: no X display (run under xvfb-run)" >&2
  exit 77
fi
if ! command -v xdotool >/dev/null; then
  echo "SKIP: xdotool is not installed" >&2
  exit 77
fi
command -v sqlite3 >/dev/null || { echo "FAIL: the sqlite3 program is needed" >&2; exit 1; }

export GDK_BACKEND="${GDK_BACKEND:-x11}"
export GSK_RENDERER="${GSK_RENDERER:-cairo}"
export NO_AT_BRIDGE=1 GTK_A11Y="${GTK_A11Y:-none}"
export GSETTINGS_BACKEND="${GSETTINGS_BACKEND:-memory}"
export LC_ALL=C.UTF-8 LANGUAGE=

TIMEOUT=30
tmp=$(mktemp -d)
db="$tmp/salur.db"
log="$tmp/salur.log"
state="$tmp/state"
app_pid=""

fail () {
  echo "FAIL: $*" >&2
  echo "--- salur's output:" >&2
  cat "$log" >&2 2>/dev/null || true
  exit 1
}
stop_app () {
  [ -n "$app_pid" ] || return 0
  if kill -0 "$app_pid" 2>/dev/null; then
    kill -TERM "$app_pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$app_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$app_pid" 2>/dev/null && kill -KILL "$app_pid" 2>/dev/null || true
  fi
  wait "$app_pid" 2>/dev/null || true
  app_pid=""
}
cleanup () {
  stop_app
  rm -rf "$tmp"
}
trap cleanup EXIT
# waits until COMMAND succeeds, at most $TIMEOUT seconds
wait_for () {
  local what=$1 deadline=$((SECONDS + TIMEOUT))
  shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "waited ${TIMEOUT}s for $what"
    kill -0 "$app_pid" 2>/dev/null || fail "salur exited"
    sleep 0.1
  done
}

"$SALUR" --db "$db" demo >/dev/null || fail "salur demo failed"
backup=$("$SALUR" --db "$db" backup --list | sed -n 2p | awk '{ print $NF }')
[ -f "$backup" ] || fail "the demo took no backup"
n_backups=$(ls "$db.backups" | wc -l)
# a failing disk: garbage over the first bytes of a table's root page
page=$(sqlite3 "$db" "SELECT rootpage FROM sqlite_schema WHERE name = 'ev_month'")
printf '\015\377\377\377\377\377\377\377\336\255\276\357' | dd of="$db" bs=1 seek=$(( (page - 1) * 4096 )) conv=notrunc 2>/dev/null
sum_before=$(sha256sum "$db" | cut -d' ' -f1)

SALUR_DEBUG_STATE="$state" "$SALUR" --db "$db" >"$log" 2>&1 &
app_pid=$!
wid=$(timeout "$TIMEOUT" xdotool search --sync --onlyvisible --name '^Salur$' | head -n1) \
  || fail "no visible window named Salur within ${TIMEOUT}s"
[ -n "$wid" ] || fail "no window id"
wait_for "the error page's message" grep -q "is damaged" "$log"
for want in "Cannot open $db" "$backup" "restore --latest"; do
  grep -qF -- "$want" "$log" || fail "the window's message lacks “$want”"
done
# the error page, not the list (which reports what it shows)
[ ! -s "$state" ] || fail "the window shows a list: $(cat "$state")"
stop_app
[ "$(sha256sum "$db" | cut -d' ' -f1)" = "$sum_before" ] || fail "the window wrote into the damaged file"
[ "$(ls "$db.backups" | wc -l)" = "$n_backups" ] || fail "the window backed up the damaged file"

# restored, the window opens on the list
"$SALUR" --db "$db" restore --latest >/dev/null || fail "salur restore --latest failed"
: > "$log"
SALUR_DEBUG_STATE="$state" "$SALUR" --db "$db" >"$log" 2>&1 &
app_pid=$!
wait_for "the list" grep -qs "^shown=" "$state"
stop_app
echo "# ok" >&2
exit 0
