#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# docs/desk/make-screenshots.sh [BUILD_DIR]: the desk's pictures in the
# README and the user guide (docs/panduan), remade from the demo village, in Indonesian, under Xvfb: the
# window driven by keys as a kepala dusun drives it (a desk laptop set up
# from the bendahara's package, invitation cards printed and read back),
# then a field laptop. Once on a 1366×768 screen, and a few again on a
# 1024×600 netbook's (small-*.png). Needs ImageMagick's import.
set -euo pipefail

BUILD=$(cd "${1:-./build}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
command -v import >/dev/null || { echo "make-screenshots.sh: ImageMagick's import is needed (tools/install-deps)" >&2; exit 1; }

if [[ -z ${SALUR_SHOTS_SCREEN:-} ]]; then
  for screen in 1366x768 1024x600; do
    SALUR_SHOTS_SCREEN=$screen dbus-run-session -- xvfb-run -a -s "-screen 0 ${screen}x24" "$0" "$BUILD"
  done
  # the user guide's copies
  "$ROOT/docs/panduan/make-pictures.sh"
  exit 0
fi

export SALUR=$BUILD/src/salur LC_ALL=C.UTF-8 LANGUAGE=id TIMEOUT=60
# shellcheck source=../../tests/ui/desk-lib.sh
. "$ROOT/tests/ui/desk-lib.sh"
small=""
[[ $SALUR_SHOTS_SCREEN = 1366x768 ]] || small="small-"

shot () {   # shot NAME: the window as it is now
  sleep 0.4   # the last frame drawn
  import -window "$WID" "$HERE/$small$1.png"
  echo "  $HERE/$small$1.png" >&2
}

export SALUR_PASSPHRASE="rahasia desa 2026"
MASTER=$TMP/master.db
"$SALUR" --db "$MASTER" demo >/dev/null
ROUND=2026-10,2026-11,2026-12
DB=$MASTER card_payloads $ROUND "$TMP/cards" 3
DB=$MASTER list_csv > "$TMP/list.csv"
SALUR_PIN=1111 "$SALUR" --db "$MASTER" --operator sri package --for desk --dusun Karanganyar --out "$TMP/desk.pkg" >/dev/null
SALUR_PIN=1111 "$SALUR" --db "$MASTER" --operator sri package --for field --officer budi \
  --kpm "$(sed -n 40p "$TMP/list.csv" | cut -d, -f2),$(sed -n 60p "$TMP/list.csv" | cut -d, -f2),$(sed -n 80p "$TMP/list.csv" | cut -d, -f2)" \
  --cash 2700000 --out "$TMP/field.pkg" >/dev/null
"$SALUR" --db "$DB" join "$TMP/desk.pkg" >/dev/null
awk -F, 'NR > 1 && $10 == "Karanganyar" { print $1, $2 }' "$TMP/list.csv" > "$TMP/own"
own () { sed -n "$1p" "$TMP/own"; }
pay_nik () {
  local id nik
  read -r id nik < <(own "$1")
  scan "$nik"; wait_state "view=kpm .*kpm=$id "
  key F2; wait_state "proof=thumbprint"; key Return; wait_state "view=paid .*receipt=[A-Z0-9]"
}

start_app
until [[ $(state_of officer) = joko ]]; do key Down; sleep 0.1; done
[[ -n $small ]] || shot masuk
xdotool type --delay 20 2222; key Return
wait_state "page=desk .*view=ready"
for i in 1 2 3 4 5; do pay_nik $i; done
wait_state "view=paid .*saved=5 "
[[ -n $small ]] || shot dibayar
key Escape; wait_state "view=ready .*refreshed=[1-9].*payments=5 "
[[ -n $small ]] || shot siap

# a card of someone the morning has not reached yet
fresh_card () {
  awk '$3 == "Karanganyar" { print }' "$TMP/cards" | while read -r c i d; do
    head -n 12 "$TMP/own" | grep -q "^$i " || echo "$c $i $d"
  done | sed -n "$1p"
}
read -r code id _ < <(fresh_card 1)
scan "$code"; wait_state "view=kpm .*kpm=$id "
shot panel-kpm
key F4; wait_state "focus=proxy-name"
xdotool type --delay 5 "SUMARNI"; key Return; wait_state "focus=proxy-nik"
xdotool type --delay 5 "9901015507900001"; key Return; wait_state "focus=proxy-relation"
xdotool type --delay 5 "anak"; key Return; wait_state "focus=proxy-kuasa"
key space; key Return; wait_state "focus=input"
key F2; wait_state "proof=thumbprint"
shot diwakilkan
key Escape; wait_state "view=ready"

read -r id nik < <(own 9)
scan "$nik"; wait_state "view=kpm .*kpm=$id "
key F3; key Return
wait_state "pad=[0-9]+,[0-9]+,[1-9]"
IFS=, read -r px py pw ph <<<"$(state_of pad)"
xdotool mousemove --window "$WID" $((px + 60)) $((py + 120)) mousedown 1 \
  mousemove --window "$WID" $((px + 90)) $((py + 50)) mousemove --window "$WID" $((px + 120)) $((py + 125)) \
  mousemove --window "$WID" $((px + 160)) $((py + 60)) mousemove --window "$WID" $((px + 200)) $((py + 110)) mouseup 1
xdotool mousemove --window "$WID" $((px + 230)) $((py + 90)) mousedown 1 \
  mousemove --window "$WID" $((px + 300)) $((py + 85)) mousemove --window "$WID" $((px + 380)) $((py + 95)) mouseup 1
wait_state "signed=1"
shot tanda-tangan
key Escape; wait_state "view=ready"

if [[ -z $small ]]; then
  read -r id nik < <(own 2)
  scan "$nik"; wait_state "view=kpm .*outcome=already-paid"
  shot sudah-dibayar
  key Escape; wait_state "view=ready"

  read -r code id _ < <(fresh_card 2)
  scan "${code:0:100}$(( (${code:100:1} + 1) % 10 ))${code:101}"; wait_state "view=kpm .*outcome=card-refused"
  shot kartu-palsu
  key Escape; wait_state "view=ready"

  read -r other_id other_nik < <(awk -F, 'NR > 1 && $10 == "Krajan" { print $1, $2; exit }' "$TMP/list.csv")
  scan "$other_nik"; wait_state "view=kpm .*other-dusun=1"
  shot dusun-lain
  key Escape; wait_state "view=ready"

  xdotool type --delay 5 "SITI"; key Return; wait_state "matches=[1-9]"
  key Down
  shot cari-nama
  key Escape; wait_state "view=ready .*matches=0"

  read -r id nik < <(own 2)
  scan "$nik"; wait_state "view=kpm .*kpm=$id "
  key F11; panel complaint
  key Down; key Tab
  xdotool type --delay 5 "Menerima Rp250.000, bukan Rp900.000"
  shot pengaduan
  key Escape; desk_again; key Escape; wait_state "view=ready"

  key F10; panel summary
  sleep 1
  shot rekap
  key Escape; desk_again

  key F12; panel close
  xdotool type --delay 5 "15.000.000"; key Tab; xdotool type --delay 5 "10.500.000"
  shot tutup-meja
  key Escape; desk_again
fi
stop_app

# the field laptop
DB=$TMP/field.db
"$SALUR" --db "$DB" join "$TMP/field.pkg" >/dev/null
start_app
wait_state "^page=login officer=budi"
xdotool type --delay 20 4444; key Return
wait_state "page=desk mode=field .*refreshed=[1-9]"
scan "$(sed -n 60p "$TMP/list.csv" | cut -d, -f2)"; wait_state "view=kpm .*outcome=pay"
key F2; key Return; wait_state "focus=witness"
xdotool type --delay 5 "Pak RT Sukirman"; key Return; wait_state "focus=input"
key Return; wait_state "view=paid .*delivered=1/3"
scan "$(sed -n 80p "$TMP/list.csv" | cut -d, -f2)"; wait_state "view=kpm .*outcome=pay"
shot lapangan
stop_app
