#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The desk's main flow by keys alone, as a kepala dusun works it: sign in
# (name with the arrows, PIN, Enter), a NIK typed and Enter, F2 for the
# thumbprint, Enter to pay; the payment is in the record (salur status,
# salur history) and its receipt PDF in the receipts folder. The same NIK
# again shows "already paid" and records nothing; a card scanned (its
# payload read by zbarimg from the printed sheet) shows the KPM, Escape
# leaves it unpaid; the same card with one digit changed is refused.
. "$(dirname "$0")/desk-lib.sh"

ROUND=2026-10,2026-11,2026-12
"$SALUR" --db "$DB" demo >/dev/null || fail "salur demo failed"
card_payloads $ROUND "$TMP/cards" 2
list_csv > "$TMP/list.csv"

start_app --desk
sign_in joko 2222
desk=$(state_of desk)
[ -n "$desk" ] || fail "no desk name in the state"

# a KPM of this desk's dusun, typed by NIK
nik=$(awk -F, -v d="$desk" 'NR > 1 && $10 == d { print $2; exit }' "$TMP/list.csv")
id=$(awk -F, -v n="$nik" '$2 == n { print $1 }' "$TMP/list.csv")
[ -n "$nik" ] || fail "no KPM of Dusun $desk"
scan "$nik"
wait_state "view=kpm .*outcome=pay kpm=$id .*proof=unset"
# Enter before a proof is chosen pays nothing
key Return
wait_state "view=kpm .*outcome=pay kpm=$id .*proof=unset"
[ "$(status_row 2026-11 "$nik" | cut -d, -f6)" = unpaid ] || fail "Enter without a proof paid"
key F2
wait_state "view=kpm .*kpm=$id .*proof=thumbprint"
key Return
wait_state "view=paid .*receipt=[A-Z0-9-]+ .*saved=1 "
receipt=$(state_of receipt)

# the record, through the CLI
for m in 2026-10 2026-11 2026-12; do
  row=$(status_row $m "$nik")
  [ "$(echo "$row" | cut -d, -f6)" = paid ] || fail "$m of $nik is not paid: $row"
  [ "$(echo "$row" | cut -d, -f7)" = "$receipt" ] || fail "$m of $nik has not receipt $receipt: $row"
  [ "$(echo "$row" | cut -d, -f9)" = joko ] || fail "$m of $nik was not paid by joko: $row"
  [ "$(echo "$row" | cut -d, -f10)" = "$desk" ] || fail "$m of $nik was not paid at desk $desk: $row"
done
history=$("$SALUR" --db "$DB" history "$nik")
echo "$history" | grep -q "receipt $receipt" || fail "history lacks the receipt: $history"
echo "$history" | grep -q "Rp900.000" || fail "history lacks the amount: $history"

# the receipt PDF, as a person reads it
pdf="$SALUR_RECEIPT_DIR/$receipt.pdf"
[ -s "$pdf" ] || fail "no receipt PDF at $pdf"
text=$(pdftotext -layout "$pdf" -)
for want in "$receipt" "sembilan ratus ribu rupiah" "CAP JEMPOL" "joko"; do
  echo "$text" | grep -qi -- "$want" || fail "the receipt lacks “$want”"
done

# the same person again: stopped, nothing recorded
scan "$nik"
wait_state "view=kpm .*outcome=already-paid kpm=$id"
key F2
key Return
sleep 0.3
wait_state "view=kpm .*outcome=already-paid kpm=$id"
[ "$(status_row 2026-11 "$nik" | cut -d, -f12)" = 1 ] || fail "a second payment was recorded"
key Escape
wait_state "view=ready"

# a card scanned; Escape: nothing paid
read -r code card_id _ < <(awk -v id="$id" '$2 != id' "$TMP/cards" | sed -n 1p)
card_nik=$(awk -F, -v i="$card_id" '$1 == i { print $2 }' "$TMP/list.csv")
scan "$code"
wait_state "view=kpm .*outcome=pay kpm=$card_id "
key Escape
wait_state "view=ready"
[ "$(status_row 2026-11 "$card_nik" | cut -d, -f6)" = unpaid ] || fail "Escape paid"

# one digit of the card changed: refused as forged (verdict 1: altered)
pos=120
digit=${code:$pos:1}
forged="${code:0:$pos}$(( (digit + 1) % 10 ))${code:$((pos + 1))}"
scan "$forged"
wait_state "view=kpm .*outcome=card-refused kpm= verdict=1"
key F2
key Return
sleep 0.3
[ "$(status_row 2026-11 "$card_nik" | cut -d, -f6)" = unpaid ] || fail "a forged card was paid"
[ "$(ls "$SALUR_RECEIPT_DIR" | wc -l)" -eq 1 ] || fail "receipts: $(ls "$SALUR_RECEIPT_DIR")"
"$SALUR" --db "$DB" verify >/dev/null || fail "salur verify failed after the desk"

stop_app
echo "# ok" >&2
