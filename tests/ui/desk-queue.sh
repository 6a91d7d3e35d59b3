#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A morning at one desk: a queue of 50 people through the real window, by
# keys alone, as a kepala dusun with a USB scanner works it. Cards scanned
# (their payloads read by zbarimg from the printed sheets), NIKs and a
# card's short code typed, a name searched and picked with the arrows, a
# proxy with the surat kuasa, a KPM of another dusun paid after F7, one who
# did not come (F6), a card scanned twice (stopped: already paid) and a
# forged card (one digit changed: refused). Half-way the laptop loses its
# power (SIGKILL): reopened, the desk shows the same counts and the queue
# goes on. At the end the record holds exactly the payments made, one
# receipt PDF each, checked with `salur status` line by line for every
# month of the round; `salur desk` agrees with the desk's own counts.
. "$(dirname "$0")/desk-lib.sh"
TIMEOUT=60

ROUND=2026-10,2026-11,2026-12
# 300 families: about 60 a dusun, enough for a queue of 50 at one desk
"$SALUR" --db "$DB" demo --kpm 300 >/dev/null || fail "salur demo failed"
card_payloads $ROUND "$TMP/cards" 5
list_csv > "$TMP/list.csv"

start_app --desk
sign_in joko 2222
desk=$(state_of desk)
echo "# desk of dusun $desk" >&2

# who is who: this desk's KPM, with a card read back or not
awk -v d="$desk" '$3 == d' "$TMP/cards" > "$TMP/own-cards"
awk -F, -v d="$desk" 'NR > 1 && $10 == d { print $1, $2 }' "$TMP/list.csv" > "$TMP/own"
[ "$(wc -l < "$TMP/own-cards")" -ge 26 ] || fail "only $(wc -l < "$TMP/own-cards") cards of $desk read back"
nik_of () { awk -F, -v i="$1" '$1 == i { print $2 }' "$TMP/list.csv"; }
id_of () { awk -F, -v n="$1" '$2 == n { print $1 }' "$TMP/list.csv"; }

: > "$TMP/paid"        # NIK per payment expected
: > "$TMP/used"        # KPM ids taken by the script
used () { grep -qx "$1" "$TMP/used"; }
use () { echo "$1" >> "$TMP/used"; }
served=0
payments=0
saved_before=0   # receipts of earlier runs of the window: its count starts again at each start

# pay_current ID: the KPM shown is paid with a thumbprint, by keys
pay_current () {
  local id=$1
  key F2
  wait_state "view=kpm .*kpm=$id .*proof=thumbprint"
  key Return
  payments=$((payments + 1))
  wait_state "view=paid .*receipt=[A-Z0-9-]+ .*saved=$((payments - saved_before)) "
  nik_of "$id" >> "$TMP/paid"
}

scan_and_pay () {
  local text=$1 id=$2
  scan "$text"
  wait_state "view=kpm .*outcome=pay kpm=$id .*other-dusun=0"
  pay_current "$id"
  use "$id"
  served=$((served + 1))
}

person=0
next () { person=$((person + 1)); }

# 1-24: cards scanned
while read -r code id _; do
  [ $person -lt 24 ] || break
  next; scan_and_pay "$code" "$id"
done < "$TMP/own-cards"

# the laptop loses its power between two people; reopened, nothing is lost
kill_app
saved_before=$payments
start_app --desk
sign_in joko 2222
wait_state "refreshed=[1-9].* served=$served .*payments=$payments "
[ "$(ls "$SALUR_RECEIPT_DIR" | wc -l)" -eq $payments ] || fail "receipts before the power cut: $(ls "$SALUR_RECEIPT_DIR" | wc -l)"

# 25: the first card again: stopped, nothing recorded
read -r code id _ < <(sed -n 1p "$TMP/own-cards")
next; scan "$code"
wait_state "view=kpm .*outcome=already-paid kpm=$id "
key F2; key Return
wait_state "view=kpm .*outcome=already-paid kpm=$id "
key Escape
wait_state "view=ready"

# 26: a forged card (one digit changed): refused, nothing recorded
read -r code id _ < <(awk 'NR > 24' "$TMP/own-cards" | sed -n 1p)
forged="${code:0:150}$(( (${code:150:1} + 3) % 10 ))${code:151}"
next; scan "$forged"
wait_state "view=kpm .*outcome=card-refused kpm= verdict=1"
key F2; key Return
wait_state "view=kpm .*outcome=card-refused"
key Escape
wait_state "view=ready"

# 27-28: the last cards read
while read -r code id _; do
  [ $person -lt 28 ] || break
  used "$id" && continue
  next; scan_and_pay "$code" "$id"
done < <(awk 'NR > 24' "$TMP/own-cards")

# 29: a card's short code typed, with the dashes as printed
read -r code id _ < <(awk 'NR > 24' "$TMP/own-cards" | while read -r c i d; do grep -qx "$i" "$TMP/used" || echo "$c $i $d"; done | sed -n 1p)
json=$("$SALUR" --db "$DB" lookup --format json "$code")
short=$(json_str "$json" short_code)
next; scan_and_pay "${short:0:3}-${short:3:3}-${short:6:3}" "$id"

# 30-41: NIKs typed
while read -r id nik; do
  [ $person -lt 41 ] || break
  used "$id" && continue
  next; scan_and_pay "$nik" "$id"
done < "$TMP/own"

# 42: a proxy: F4, the form by Enter, the surat kuasa ticked with Space
read -r id nik < <(while read -r i n; do grep -qx "$i" "$TMP/used" || echo "$i $n"; done < "$TMP/own" | sed -n 1p)
next; scan "$nik"
wait_state "view=kpm .*outcome=pay kpm=$id .*proxy=0"
key F4
wait_state "view=kpm .*kpm=$id .*proxy=1 .*focus=proxy-name"
xdotool type --delay 5 "SUMARNI"; key Return
wait_state "focus=proxy-nik"
xdotool type --delay 5 "9901015507900001"; key Return
wait_state "focus=proxy-relation"
xdotool type --delay 5 "anak"; key Return
wait_state "focus=proxy-kuasa"
key space; key Return
wait_state "focus=input"
pay_current "$id"
use "$id"; served=$((served + 1))
proxy_nik=$nik

# 43: part of a name, the KPM picked with the arrows
read -r id nik < <(while read -r i n; do grep -qx "$i" "$TMP/used" || echo "$i $n"; done < "$TMP/own" | sed -n 1p)
name=$(awk -F, -v i="$id" '$1 == i { print $4 }' "$TMP/list.csv")
part=$(echo "$name" | awk '{ print $1 }')
json=$("$SALUR" --db "$DB" lookup --format json "$part")
index=$(printf '%s' "$json" | grep -o '"id":"[^"]*"' | cut -d'"' -f4 | grep -n -x "$id" | cut -d: -f1)
[ -n "$index" ] || fail "$id is not among the first matches of “$part”"
next; xdotool type --delay 5 "$part"
wait_state "view=.* matches=[1-9]"
for _ in $(seq 2 "$index"); do key Down; done
key Return
wait_state "view=kpm .*outcome=pay kpm=$id "
pay_current "$id"
use "$id"; served=$((served + 1))

# 44: a KPM of another dusun: paid only after F7
read -r other_id other_nik < <(awk -F, -v d="$desk" 'NR > 1 && $10 != d { print $1, $2; exit }' "$TMP/list.csv")
next; scan "$other_nik"
wait_state "view=kpm .*outcome=pay kpm=$other_id .*other-dusun=1 confirmed=0"
key F2; key Return
wait_state "view=kpm .*kpm=$other_id .*confirmed=0"
key F7
wait_state "view=kpm .*kpm=$other_id .*confirmed=1"
pay_current "$other_id"

# 45: one who did not come, found by name, F6 and the reason
read -r absent_id absent_nik < <(while read -r i n; do grep -qx "$i" "$TMP/used" || echo "$i $n"; done < "$TMP/own" | sed -n 1p)
next; scan "$absent_nik"
wait_state "view=kpm .*outcome=pay kpm=$absent_id "
key F6
panel absent
xdotool type --delay 5 "sakit"; key Return
wait_state "view=ready .*done=absent"
desk_again
use "$absent_id"

# 46-50: the rest of the queue, NIKs typed
while read -r id nik; do
  [ $person -lt 50 ] || break
  used "$id" && continue
  next; scan_and_pay "$nik" "$id"
done < "$TMP/own"
[ $person -eq 50 ] || fail "the queue had $person people, not 50"

# the desk's own counts, from the core, as the sidebar shows them
wait_state "refreshed=.* served=$served absent=1 .*payments=$payments "
stop_app

# one receipt PDF per payment, each for its own receipt
[ "$(ls "$SALUR_RECEIPT_DIR"/*.pdf | wc -l)" -eq $payments ] || fail "$(ls "$SALUR_RECEIPT_DIR" | wc -l) receipts for $payments payments"
[ "$(sort -u "$TMP/paid" | wc -l)" -eq $payments ] || fail "a KPM was expected to be paid twice"

# the record, line by line, for every month of the round
for m in ${ROUND//,/ }; do
  "$SALUR" --db "$DB" status --month $m --format csv | tail -n +2 > "$TMP/status"
  while IFS=, read -r nik _ _ _ _ state receipt _ operator desk_of _ count; do
    if grep -qx "$nik" "$TMP/paid"; then
      [ "$state" = paid ] && [ "$count" = 1 ] && [ "$operator" = joko ] || fail "$m: $nik should be paid once by joko: $state $count $operator"
      [ -s "$SALUR_RECEIPT_DIR/$receipt.pdf" ] || fail "$m: no receipt PDF for $receipt"
      [ "$desk_of" = "$desk" ] || fail "$m: $nik paid at desk $desk_of"
    elif [ "$nik" = "$absent_nik" ]; then
      [ "$state" = absent ] || fail "$m: $nik should be absent: $state"
    else
      [ "$state" = unpaid ] && [ "$count" = 0 ] || fail "$m: $nik should be unpaid: $state $count"
    fi
  done < "$TMP/status"
  [ "$(grep -c ',paid,' "$TMP/status")" -eq $payments ] || fail "$m: $(grep -c ',paid,' "$TMP/status") paid, not $payments"
done

# the proxy, as the record holds it
history=$("$SALUR" --db "$DB" history "$proxy_nik")
echo "$history" | grep -q "SUMARNI" || fail "the proxy's name is not in the history: $history"
echo "$history" | grep -q "anak" || fail "the proxy's relation is not in the history: $history"
text=$(pdftotext -layout "$(ls "$SALUR_RECEIPT_DIR"/*.pdf | sed -n 1p)" -)
echo "$text" | grep -q "CAP JEMPOL" || fail "a receipt lacks the thumbprint box"

out=$("$SALUR" --db "$DB" desk --months $ROUND --desk "$desk")
echo "$out" | grep -q "served $served, absent 1" || fail "salur desk disagrees: $out"
"$SALUR" --db "$DB" verify >/dev/null || fail "salur verify failed"
echo "# $person people, $payments payments, $served of them of Dusun $desk" >&2
