# Shared by the desk's window tests: the real binary on the X display,
# typed into as a person and a keyboard-wedge scanner type. The window
# reports what it shows through SALUR_DEBUG_STATE, one line of key=value
# ("page=desk … view=kpm outcome=pay kpm=ID proof=thumbprint …", see
# write_debug_state in src/app/salur-desk-window.c); every action is a
# real key pressed with xdotool, and what was recorded is read back with
# the CLI.
set -euo pipefail

: "${SALUR:?set SALUR to the salur binary}"
if [ -z "${DISPLAY:-}" ]; then
  echo "SKIP: no X display (run under xvfb-run)" >&2
  exit 77
fi
for tool in xdotool pdftotext pdftoppm zbarimg; do
  if ! command -v $tool >/dev/null; then
    echo "SKIP: $tool is not installed (tools/install-deps installs it)" >&2
    exit 77
  fi
done

export GDK_BACKEND="${GDK_BACKEND:-x11}"
export GSK_RENDERER="${GSK_RENDERER:-cairo}"
export NO_AT_BRIDGE=1 GTK_A11Y="${GTK_A11Y:-none}"
export GSETTINGS_BACKEND="${GSETTINGS_BACKEND:-memory}"
export LC_ALL="${LC_ALL:-C.UTF-8}" LANGUAGE="${LANGUAGE-}"

TIMEOUT=${TIMEOUT:-30}
TMP=$(mktemp -d)
DB="$TMP/desa.db"
STATE="$TMP/state"
LOG="$TMP/salur.log"
export SALUR_RECEIPT_DIR="$TMP/kuitansi"
APP_PID=""
WID=""

fail () {
  echo "FAIL: $*" >&2
  # SALUR_FAIL_SHOT=FILE: what the screen showed, to see why
  if [ -n "${SALUR_FAIL_SHOT:-}" ] && command -v import >/dev/null; then
    import -window root "$SALUR_FAIL_SHOT" 2>/dev/null || true
  fi
  echo "--- last state: $(cat "$STATE" 2>/dev/null || echo none)" >&2
  echo "--- salur's stderr:" >&2
  cat "$LOG" >&2 2>/dev/null || true
  exit 1
}

stop_app () {
  [ -n "$APP_PID" ] || return 0
  if kill -0 "$APP_PID" 2>/dev/null; then
    kill -TERM "$APP_PID" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$APP_PID" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$APP_PID" 2>/dev/null; then
      echo "salur ignored SIGTERM: killing it" >&2
      kill -KILL "$APP_PID" 2>/dev/null || true
    fi
  fi
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
  # a warning of GTK or GLib is a bug (a bad template, a wrong call)
  if grep -E -- '-(WARNING|CRITICAL) \*\*' "$LOG" >&2; then
    fail "salur printed warnings"
  fi
}

cleanup () {
  stop_app
  rm -rf "$TMP"
}
trap cleanup EXIT

state () { cat "$STATE" 2>/dev/null || true; }

# Waits until the state line matches the extended regular expression RE
wait_state () {
  local re="$1" deadline=$((SECONDS + TIMEOUT))
  until state | grep -Eq -- "$re"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "the window never showed /$re/"
    kill -0 "$APP_PID" 2>/dev/null || fail "salur exited"
    sleep 0.05
  done
}

# The value of KEY in the state line
state_of () {
  state | tr ' ' '\n' | sed -n "s/^$1=//p"
}

# start_app [salur-args…]: the window, on DB, ready for keys
start_app () {
  rm -f "$STATE"
  SALUR_DEBUG_STATE="$STATE" "$SALUR" --db "$DB" "$@" >"$LOG" 2>&1 &
  APP_PID=$!
  WID=$(timeout "$TIMEOUT" xdotool search --sync --onlyvisible --pid "$APP_PID" --name 'Salur' | sed -n 1p) \
    || fail "no visible Salur window within ${TIMEOUT}s"
  [ -n "$WID" ] || fail "no window id"
  wait_state '^page='
  # Without a window manager nobody gives the window the keyboard: take it
  xdotool mousemove --sync --window "$WID" 5 5 || true
  xdotool windowfocus --sync "$WID"
}

key () { xdotool key --clearmodifiers "$@"; }
# what a USB scanner does: the characters quickly, then Enter
scan () { xdotool type --delay 5 -- "$1"; xdotool key Return; }

# sign_in NAME PIN: the name chosen with the arrows, the PIN typed, Enter
sign_in () {
  local who=$1 pin=$2 tries=0
  wait_state '^page=login'
  until [ "$(state_of officer)" = "$who" ]; do
    tries=$((tries + 1))
    [ $tries -le 12 ] || fail "$who is not in the list of officers"
    key Down
    sleep 0.1
  done
  xdotool type --delay 20 "$pin"
  key Return
  wait_state "^page=desk .*officer=$who .*view=ready"
}

# The village's list as CSV, and a column of it for a NIK
list_csv () { "$SALUR" --db "$DB" list --format csv; }

# status_row MONTH NIK: that KPM's line of `salur status --format csv`
status_row () {
  "$SALUR" --db "$DB" status --month "$1" --format csv | grep "^$2," || true
}

# Card payloads of the round, read back by zbarimg from the PDF as a
# printer would make it: one per line, "payload id dusun" (of the first
# PAGES sheets, 8 cards a sheet; all when not given)
card_payloads () {
  local round=$1 out=$2 pages=${3:-}
  SALUR_PIN=1111 "$SALUR" --db "$DB" --operator sri cards --months "$round" --out "$TMP/kartu.pdf" >/dev/null \
    || fail "salur cards failed"
  rm -rf "$TMP/png" && mkdir "$TMP/png"
  pdftoppm -r 150 -gray -png ${pages:+-f 1 -l $pages} "$TMP/kartu.pdf" "$TMP/png/p"
  zbarimg -q --raw -Sdisable -Sqrcode.enable "$TMP/png"/*.png 2>/dev/null | sed '/^$/d' > "$TMP/codes"
  : > "$out"
  while read -r code; do
    local json id dusun
    json=$("$SALUR" --db "$DB" lookup --months "$round" --format json "$code") || fail "lookup of a card failed"
    id=$(printf '%s' "$json" | grep -o '"id":"[^"]*"' | sed -n 1p | cut -d'"' -f4)
    dusun=$(printf '%s' "$json" | grep -o '"dusun":"[^"]*"' | sed -n 1p | cut -d'"' -f4)
    printf '%s %s %s\n' "$code" "$id" "$dusun" >> "$out"
  done < "$TMP/codes"
}

# panel NAME: the panel the desk laid over itself (an absence, a void, a
# complaint, the summary, closing) holds the keyboard
panel () { wait_state "dialog=$1:active .*focus=dialog"; }
# back on the desk, the panel gone
desk_again () { wait_state "dialog= .*focus=input"; }

# kill_app: a power cut, as far as the program can tell
kill_app () {
  kill -KILL "$APP_PID" 2>/dev/null || true
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
}

# json_str JSON KEY: the first "KEY":"value"
json_str () {
  printf '%s' "$1" | grep -o "\"$2\":\"[^\"]*\"" | sed -n 1p | cut -d'"' -f4
}
