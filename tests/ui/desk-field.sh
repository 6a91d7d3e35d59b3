#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Laptops set up from the bendahara's packages open on their desk, not on
# the list. A desk package for Dusun Krajan: wati signs in, the desk is
# Krajan's. A field package for budi with three homebound KPM and the cash
# for them: budi's name is already chosen, his PIN typed, and his laptop
# shows the KPM he carries and the cash; a delivery at home needs a witness
# (the desk asks for one and puts the keyboard there), and afterwards the
# cash to return is what `salur field-summary` says.
. "$(dirname "$0")/desk-lib.sh"

export SALUR_PASSPHRASE="rahasia desa 2026"
MASTER=$TMP/master.db
"$SALUR" --db "$MASTER" demo --kpm 60 >/dev/null || fail "salur demo failed"
"$SALUR" --db "$MASTER" list --format csv > "$TMP/list.csv"
nik () { sed -n "$(( $1 + 1 ))p" "$TMP/list.csv" | cut -d, -f2; }
id () { sed -n "$(( $1 + 1 ))p" "$TMP/list.csv" | cut -d, -f1; }
SALUR_PIN=1111 "$SALUR" --db "$MASTER" --operator sri package --for desk --dusun Krajan --out "$TMP/desk.pkg" >/dev/null \
  || fail "no desk package"
SALUR_PIN=1111 "$SALUR" --db "$MASTER" --operator sri package --for field --officer budi \
  --kpm "$(nik 1),$(nik 2),$(nik 3)" --cash 2700000 --out "$TMP/field.pkg" >/dev/null || fail "no field package"

# the desk laptop: its desk, its dusun
DB=$TMP/desk.db
"$SALUR" --db "$DB" join "$TMP/desk.pkg" >/dev/null || fail "join desk"
start_app
sign_in wati 3333
[ "$(state_of mode)" = desk ] || fail "a desk laptop is not in desk mode: $(state)"
[ "$(state_of desk)" = Krajan ] || fail "the desk is not Krajan's: $(state)"
stop_app

# the field laptop
DB=$TMP/field.db
"$SALUR" --db "$DB" join "$TMP/field.pkg" >/dev/null || fail "join field"
start_app
wait_state "^page=login officer=budi"
xdotool type --delay 20 4444; key Return
wait_state "^page=desk mode=field officer=budi desk=Lapangan .*refreshed=[1-9].* carried=2700000 paid=0 to-return=2700000 delivered=0/3"

scan "$(nik 2)"
wait_state "view=kpm .*outcome=pay kpm=$(id 2) "
key F2
key Return
wait_state "kpm=$(id 2) .*focus=witness"
[ "$(state_of view)" = kpm ] || fail "paid without a witness"
xdotool type --delay 5 "Pak RT Sukirman"; key Return
wait_state "kpm=$(id 2) .*focus=input"
key Return
wait_state "view=paid .*saved=1 .*delivered=1/3"
paid=$(state_of paid)
receipt=$(state_of receipt)
stop_app

out=$("$SALUR" --db "$DB" field-summary)
want_paid=$(awk -v p="$paid" 'BEGIN { printf "%d", p }')
echo "$out" | grep -q "1 of 3 KPM" || fail "field-summary: $out"
history=$("$SALUR" --db "$DB" history "$(nik 2)")
echo "$history" | grep -q "at desk Lapangan, received in person, at home; receipt $receipt" \
  || fail "the delivery is not recorded at home: $history"
pdftotext -layout "$SALUR_RECEIPT_DIR/$receipt.pdf" - | grep -q "Pak RT Sukirman" || fail "the receipt lacks the witness"
[ "$want_paid" -gt 0 ] || fail "nothing paid at home"
echo "# ok" >&2
