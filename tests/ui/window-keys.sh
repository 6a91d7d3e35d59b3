#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The real binary on the X display, typed at the way a keyboard-wedge
# scanner types: a name fragment, then a full NIK and Enter. The window
# reports what its list shows through SALUR_DEBUG_STATE (one line,
# "shown=N total=M search=TEXT", rewritten whenever the filtered list
# settles; a NIK in TEXT is masked), and the expected counts come from
# `salur list --format csv`.
#
# Run under `dbus-run-session -- xvfb-run -a meson test`. Set
# SALUR_SCREENSHOT_DIR to also save window.png there (needs ImageMagick).
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

export GDK_BACKEND="${GDK_BACKEND:-x11}"
export GSK_RENDERER="${GSK_RENDERER:-cairo}"
export NO_AT_BRIDGE=1 GTK_A11Y="${GTK_A11Y:-none}"
export GSETTINGS_BACKEND="${GSETTINGS_BACKEND:-memory}"
export LC_ALL=C.UTF-8 LANGUAGE=

TIMEOUT=30
tmp=$(mktemp -d)
db="$tmp/demo.db"
state="$tmp/state"
log="$tmp/salur.log"
app_pid=""

fail () {
  echo "FAIL: $*" >&2
  echo "--- last state: $(cat "$state" 2>/dev/null || echo none)" >&2
  echo "--- salur's stderr:" >&2
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
    if kill -0 "$app_pid" 2>/dev/null; then
      echo "salur ignored SIGTERM: killing it" >&2
      kill -KILL "$app_pid" 2>/dev/null || true
    fi
  fi
  wait "$app_pid" 2>/dev/null || true
  app_pid=""
}

cleanup () {
  stop_app
  rm -rf "$tmp"
}
trap cleanup EXIT

# Waits until the state file says exactly LINE
wait_state () {
  local want="$1" deadline=$((SECONDS + TIMEOUT))
  while [ "$(cat "$state" 2>/dev/null)" != "$want" ]; do
    [ "$SECONDS" -lt "$deadline" ] || fail "the window never showed '$want'"
    kill -0 "$app_pid" 2>/dev/null || fail "salur exited"
    sleep 0.1
  done
}

"$SALUR" --db "$db" demo >/dev/null || fail "salur demo failed"

# The CLI may still be landing: wait for `salur list --format csv`
csv="$tmp/list.csv"
deadline=$((SECONDS + TIMEOUT))
until "$SALUR" --db "$db" list --format csv >"$csv" 2>"$tmp/list.err"; do
  [ "$SECONDS" -lt "$deadline" ] || { cat "$tmp/list.err" >&2; fail "salur list --format csv failed"; }
  sleep 1
done

# Columns: id,nik,kk,name,sex,birth_date,address,rt,rw,dusun,... The CSV may
# quote fields, so read it with a CSV parser. Picks a four-letter piece of a
# name that several KPM, but not all, share; prints "fragment expected total nik".
picked=$(python3 - "$csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))
names = [r['name'].lower() for r in rows]
best = None
for name in names:
    for word in name.split():
        frag = word[:4]
        if len(frag) < 4 or not frag.isalpha():
            continue
        n = sum(frag in x for x in names)
        # several KPM but well under all of them: a count that tells
        if 2 <= n <= len(names) // 2 and (best is None or n > best[1]):
            best = (frag, n)
if best is None:
    sys.exit("no usable name fragment in the list")
print(best[0], best[1], len(names), rows[len(rows) // 2]['nik'])
EOF
) || fail "could not pick a name fragment from the CSV"
read -r fragment expected total nik <<<"$picked"
nik_count=$(python3 -c '
import csv, sys
print(sum(sys.argv[2] in r["nik"] for r in csv.DictReader(open(sys.argv[1], newline=""))))' "$csv" "$nik")
echo "# typing '$fragment': expect $expected of $total; then one NIK: expect $nik_count" >&2

SALUR_DEBUG_STATE="$state" "$SALUR" --db "$db" >"$log" 2>&1 &
app_pid=$!

wid=$(timeout "$TIMEOUT" xdotool search --sync --onlyvisible --name '^Salur$' | head -n1) \
  || fail "no visible window named Salur within ${TIMEOUT}s"
[ -n "$wid" ] || fail "no window id"

# The whole list, before anything is typed
wait_state "shown=$total total=$total search="

if [ -n "${SALUR_SCREENSHOT_DIR:-}" ]; then
  if command -v import >/dev/null; then
    mkdir -p "$SALUR_SCREENSHOT_DIR"
    import -window root "$SALUR_SCREENSHOT_DIR/window.png" || echo "screenshot failed" >&2
  else
    echo "ImageMagick's import is missing: no screenshot" >&2
  fi
fi

# Without a window manager nobody gives the window the keyboard: take it
xdotool mousemove --sync --window "$wid" 200 200 || true
xdotool windowfocus --sync "$wid"

xdotool type --delay 15 "$fragment"
wait_state "shown=$expected total=$total search=$fragment"

# Escape empties the search; Ctrl+F comes back to it from elsewhere; a
# scanner types the NIK and presses Enter
xdotool key Escape
wait_state "shown=$total total=$total search="
xdotool key Tab
xdotool key ctrl+f
xdotool type --delay 15 "$nik"
xdotool key Return
# the state file, like the screen, never holds more of a NIK than this
wait_state "shown=$nik_count total=$total search=${nik:0:4}********${nik:12:4}"

stop_app
if pgrep -f -- "--db $db" >/dev/null; then
  fail "a salur process is still running"
fi
echo "# ok" >&2
exit 0
