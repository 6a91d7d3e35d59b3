#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The rest of a desk's day by keys alone: a signature on the pad (the one
# thing the mouse does here: a pen), the full NIK shown on request (F8,
# recorded), a receipt voided with the bendahara's PIN (a wrong PIN
# refused first), a complaint with its slip (F11), the day's summary (F10)
# and closing the desk (F12): a cash count that does not add up is refused
# until a note says why; then the summary PDF and this laptop's bundle,
# which the bendahara's laptop takes in. The desk is a laptop set up from
# the bendahara's package, as on the day.
. "$(dirname "$0")/desk-lib.sh"

export SALUR_PASSPHRASE="rahasia desa 2026"
MASTER=$TMP/master.db
"$SALUR" --db "$MASTER" demo >/dev/null || fail "salur demo failed"
SALUR_PIN=1111 "$SALUR" --db "$MASTER" --operator sri package --for desk --dusun Karanganyar \
  --out "$TMP/desk.pkg" >/dev/null || fail "no desk package"
"$SALUR" --db "$DB" join "$TMP/desk.pkg" >/dev/null || fail "the package does not join"
list_csv > "$TMP/list.csv"

start_app
sign_in joko 2222
desk=$(state_of desk)
awk -F, -v d="$desk" 'NR > 1 && $10 == d { print $1, $2 }' "$TMP/list.csv" > "$TMP/own"
read -r id_a nik_a < <(sed -n 1p "$TMP/own")
read -r id_b nik_b < <(sed -n 2p "$TMP/own")
read -r id_c nik_c < <(sed -n 3p "$TMP/own")

# A signs on the pad with a pen (here the mouse), F3 and Enter
scan "$nik_a"
wait_state "view=kpm .*outcome=pay kpm=$id_a "
key F3
wait_state "kpm=$id_a .*proof=signature"
key Return
wait_state "view=kpm .*kpm=$id_a .*proof=signature .*pad=[0-9]+,[0-9]+,[1-9][0-9]*,[1-9]"   # nothing signed yet: not paid
pad=$(state_of pad)
[ -n "$pad" ] || fail "the state does not say where the pad is"
IFS=, read -r px py pw ph <<<"$pad"
xdotool mousemove --window "$WID" $((px + pw / 5)) $((py + ph / 2)) mousedown 1 \
  mousemove --window "$WID" $((px + pw / 3)) $((py + ph / 3)) \
  mousemove --window "$WID" $((px + pw / 2)) $((py + 2 * ph / 3)) \
  mousemove --window "$WID" $((px + 3 * pw / 4)) $((py + ph / 3)) mouseup 1
wait_state "kpm=$id_a .*signed=1"
key Return
wait_state "view=paid .*saved=1 "
receipt_a=$(state_of receipt)
# the receipt draws the strokes where a thumbprint's box would be
text_a=$(pdftotext -layout "$SALUR_RECEIPT_DIR/$receipt_a.pdf" -)
echo "$text_a" | grep -q "$receipt_a" || fail "A's receipt is not A's"
if echo "$text_a" | grep -q "CAP JEMPOL\|Tanpa tanda tangan"; then fail "A's receipt has no signature"; fi

# B: the full NIK on request, recorded
scan "$nik_b"
wait_state "view=kpm .*kpm=$id_b .*nik-shown=0"
key F8
wait_state "view=kpm .*kpm=$id_b .*nik-shown=1"
"$SALUR" --db "$DB" history "$nik_b" | grep -q "full NIK shown on screen at desk $desk" || fail "the reveal is not recorded"
key F2; key Return
wait_state "view=paid .*saved=2 "

# C paid, in person
scan "$nik_c"
wait_state "view=kpm .*kpm=$id_c "
key F2; key Return
wait_state "view=paid .*saved=3 "

# A again: already paid; F9 voids it with the bendahara's PIN
scan "$nik_a"
wait_state "view=kpm .*outcome=already-paid kpm=$id_a "
key F9
panel void
xdotool type --delay 20 9999; key Tab
xdotool type --delay 5 "salah orang"; key Return
wait_state "dialog=void.* refused=1 "
[ "$(status_row 2026-11 "$nik_a" | cut -d, -f6)" = paid ] || fail "a wrong PIN voided the receipt"
xdotool type --delay 20 1111; key Return
wait_state "view=ready .*dialog= refused=.* done=void"
desk_again
[ "$(status_row 2026-11 "$nik_a" | cut -d, -f6)" = unpaid ] || fail "the receipt was not voided"
"$SALUR" --db "$DB" history "$nik_a" | grep -qi "void" || fail "the void is not in A's history"

# a complaint about B, the slip for the person
scan "$nik_b"
wait_state "view=kpm .*outcome=already-paid kpm=$id_b "
key F11
panel complaint
key Down                                    # the kinds: the second, "amount short"
key Tab
xdotool type --delay 5 "Menerima kurang dari undangan"
key ctrl+Return
wait_state "dialog= .*done=complaint"
desk_again
csv=$("$SALUR" --db "$DB" complaints --format csv)
echo "$csv" | grep -q '"amount-short"' || fail "no complaint of the kind amount-short: $csv"
echo "$csv" | grep -q "Menerima kurang" || fail "the complaint's text is not recorded: $csv"
slip=$(ls "$SALUR_RECEIPT_DIR"/ADU-*.pdf 2>/dev/null | sed -n 1p || true)
[ -n "$slip" ] || fail "no slip PDF in $(ls "$SALUR_RECEIPT_DIR")"
pdftotext "$slip" - | grep -q "TANDA TERIMA PENGADUAN" || fail "the slip is not a complaint slip"
key Escape
wait_state "view=ready"

# the day's summary: F10, Escape
key F10
panel summary
key Escape
wait_state "view=ready .*dialog= "
desk_again

# closing: B and C paid here (A voided), Rp600.000 out of 1.000.000
key F12
panel close
xdotool type --delay 5 "1.000.000"; key Tab
xdotool type --delay 5 "350.000"
key ctrl+Return
wait_state "dialog=close:active refused=1 .*focus=dialog"
xdotool type --delay 5 "kurang Rp50.000, dicari besok"
key ctrl+Return
wait_state "dialog= .*done=close"
desk_again
summary=$(ls "$SALUR_RECEIPT_DIR"/tutup-meja-*.pdf 2>/dev/null | sed -n 1p || true)
[ -n "$summary" ] || fail "no summary PDF in $(ls "$SALUR_RECEIPT_DIR")"
pdftotext -layout "$summary" - > "$TMP/summary.txt"
grep -q "REKAPITULASI PENUTUPAN MEJA" "$TMP/summary.txt" || fail "the summary PDF lacks its title"
grep -q "Rp600.000" "$TMP/summary.txt" || fail "the summary lacks the cash paid out"
grep -q "dicari besok" "$TMP/summary.txt" || fail "the summary lacks the note"
bundle=$(ls "$TMP"/kirim/meja-*.bundle 2>/dev/null | sed -n 1p || true)
[ -n "$bundle" ] || fail "no bundle in $TMP/kirim"
stop_app

# the bundle carries the day to the bendahara's laptop
"$SALUR" --db "$MASTER" merge "$bundle" >/dev/null || fail "the bundle does not merge"
for n in "$nik_b" "$nik_c"; do
  [ "$("$SALUR" --db "$MASTER" status --month 2026-11 --format csv | grep "^$n," | cut -d, -f6)" = paid ] \
    || fail "the bundle did not bring $n's payment"
done
[ "$("$SALUR" --db "$MASTER" status --month 2026-11 --format csv | grep "^$nik_a," | cut -d, -f6)" = unpaid ] \
  || fail "the bundle did not bring the void"
"$SALUR" --db "$MASTER" complaints --format csv | grep -q "Menerima kurang" || fail "the bundle did not bring the complaint"
"$SALUR" --db "$DB" verify >/dev/null || fail "salur verify failed"
echo "# ok: receipt $receipt_a signed and voided, a complaint, the desk closed" >&2
