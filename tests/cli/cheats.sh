# People trying to cheat, each caught or throttled, through the real binary:
#
#   1. a card whose print was changed to another family's name: its code
#      still names its own KPM, and with the KTP's NIK it is refused;
#   2. a real card handed to someone else: refused against the KTP; a copy
#      used after its owner was paid: "already paid", when and by whom;
#   3. a receipt edited on paper (amount, number) or made up: check-receipt
#      gives the record's amount and number, and refuses a code on another
#      receipt or a code of no payment;
#   4. a bundle replayed (nothing counted twice) or edited (refused);
#   5. a desk's store cut short with the sqlite3 shell (its last payment
#      deleted, a blind spot of `salur verify` on that laptop alone): the
#      bendahara's record refuses the desk's next bundle and still matches
#      the KPM's paper receipt;
#   6. PIN guessing: throttled after 3 misses, for every spelling of the
#      name, in every new process, whatever PIN comes next.
#
# Cases tested elsewhere:
#   a card's code altered in any digit, another village's card, another
#     round's, a replaced (lost) card          tests/cli/cards.sh,
#                                              tests/core/test-card.c /card/refused/*
#   a receipt's code altered, a voided receipt tests/cli/docs.sh (check-receipt)
#   a report altered, or the record changed under it
#                                              tests/cli/docs.sh (verify-report),
#                                              tests/core/test-report.c
#   a bundle of another village, with a wrong passphrase, cut short,
#     altered, from an unknown laptop, of the wrong kind, with a gap
#                                              tests/core/test-sync.c /sync/refuse/*
#   the same bundles merged again              tests/cli/sync.sh
#   one month paid at two desks (kept, listed) tests/cli/sync.sh (conflicts)
#   UPDATE/DELETE refused by triggers; an event, a KPM row or a table edited
#     with the sqlite3 shell                   tests/cli/ledger.sh,
#                                              tests/core/test-ledger.c /ledger/verify/*, /ledger/triggers
#   a store cut short, seen from its backup    tests/core/test-backup.c /backup/restore/cut-short
#   a backup edited, then offered to restore   tests/core/test-backup.c /backup/restore/refused
#   3 wrong PINs, then the wait; a right PIN resets
#                                              tests/cli/ledger.sh,
#                                              tests/core/test-ledger.c /ledger/operator/throttle*
. "$(dirname "$0")/lib.sh"
for tool in pdftotext pdftoppm zbarimg sqlite3; do
  command -v $tool >/dev/null || fail "$tool is needed (tools/install-deps installs it)"
done
export SALUR_PASSPHRASE="rahasia desa 2026"
ROUND=2026-10,2026-11,2026-12

as () { # as DB OPERATOR PIN EXPECTED_EXIT salur-args...
  local db=$1 who=$2 pin=$3 want=$4
  shift 4
  SALUR_PIN=$pin run "$want" --db "$db" --operator "$who" "$@"
}
json_field () { printf '%s' "$1" | grep -o "\"$2\":\"[^\"]*\"" | sed -n 1p | cut -d'"' -f4; }
state () { # state DB NIK MONTH
  "$SALUR" --db "$1" status --month "$3" --format csv | grep "^$2," | cut -d, -f6
}
events () { sqlite3 "$1" "SELECT count(*) FROM event"; }
receipt_of_out () { sed -n 's/^Paid: receipt //p' <<<"$OUT"; }

run 0 --db "$DB" demo --kpm 40
"$SALUR" --db "$DB" list --format csv | tail -n +2 > "$TMP/list.csv"
field () { sed -n "$(( $1 + 1 ))p" "$TMP/list.csv" | cut -d, -f"$2"; }
NIK_A=$(field 0 2); NAME_A=$(field 0 4); ID_A=$(field 0 1)
NIK_B=$(field 1 2); NAME_B=$(field 1 4)

# the cards of the round, read back from the printed sheets by zbarimg
as "$DB" sri 1111 0 cards --months $ROUND --out "$TMP/kartu.pdf"
mkdir "$TMP/png"
pdftoppm -r 150 -gray -png "$TMP/kartu.pdf" "$TMP/png/p"
zbarimg -q --raw -Sdisable -Sqrcode.enable "$TMP/png"/*.png 2>/dev/null | sed '/^$/d' > "$TMP/codes"
CARD_A=""
while read -r code; do
  run 0 --db "$DB" lookup --format json "$code"
  [ "$(json_field "$OUT" id)" = "$ID_A" ] && CARD_A=$code
done < "$TMP/codes"
[ -n "$CARD_A" ] || fail "no card of $NAME_A was read from the sheets"

# --- 1. a card whose print was changed to B's name ----------------------------
# The name and NIK on a card are print; the code carries the KPM, signed by
# the village. Whatever the paper says now, the scan names A.
run 0 --db "$DB" lookup --months $ROUND "$CARD_A"
contains "$OUT" "$NAME_A"
contains "$OUT" "${NIK_A:0:4}********${NIK_A:12:4}"
lacks "$OUT" "$NAME_B"
# B at the desk with that card and B's own KTP: the desk types the KTP's NIK
as "$DB" joko 2222 3 pay --input "$CARD_A" --nik "$NIK_B" --months $ROUND --desk Krajan --thumbprint
contains "$ERR" "This card belongs to $NAME_A"
contains "$ERR" "not to $NAME_B"
contains "$ERR" "do not pay"
lacks "$ERR" "$NIK_A"
[ "$(state "$DB" "$NIK_A" 2026-10)" = unpaid ] && [ "$(state "$DB" "$NIK_B" 2026-10)" = unpaid ] \
  || fail "a refused card paid someone"

# --- 2. a real card handed to someone else ---------------------------------------
# (the same check: the card is A's, the KTP is not) ... and A with A's own
# card and KTP is paid; a copy of A's card later is refused as paid, saying
# when, where and by whom
as "$DB" joko 2222 0 pay --input "$CARD_A" --nik "$NIK_A" --months $ROUND --desk Krajan --thumbprint
R_A=$(receipt_of_out)
contains "$OUT" "$NAME_A"
as "$DB" wati 3333 3 pay --input "$CARD_A" --months $ROUND --desk Ngasem --thumbprint
contains "$ERR" "already paid"
contains "$ERR" "$R_A"
contains "$ERR" "desk Krajan by joko"
as "$DB" wati 3333 3 pay --input "$CARD_A" --nik "$NIK_B" --months $ROUND --desk Ngasem --thumbprint
contains "$ERR" "This card belongs to $NAME_A"

# --- 3. a receipt edited on paper --------------------------------------------
run 0 --db "$DB" receipt "$R_A" --out "$TMP/kuitansi.pdf"
PAPER=$(pdftotext "$TMP/kuitansi.pdf" -)
CODE=$(sed -n 's/.*Kode verifikasi: \([0-9A-Z]\{4\}-[0-9A-Z]\{4\}\).*/\1/p' <<<"$PAPER")
[ -n "$CODE" ] || fail "no verification code on the receipt"
contains "$PAPER" "Rp900.000"
# the amount written over by hand (Rp900.000 -> Rp1.900.000): the code is
# the record's, and the record says what was paid
run 0 --db "$DB" check-receipt "$CODE"
contains "$OUT" "The receipt matches the record"
contains "$OUT" "$R_A"
contains "$OUT" "Rp900.000"
lacks "$OUT" "1.900.000"
# the code copied onto a receipt with another number: refused
as "$DB" joko 2222 0 pay --nik "$NIK_B" --months 2026-10 --desk Krajan --thumbprint
R_B=$(receipt_of_out)
run 3 --db "$DB" check-receipt "$CODE" --receipt "$R_B"
contains "$ERR" "does not belong to receipt $R_B"
# a code made up (every code of this shape but the real one is refused)
for fake in 0000-0000 ZZZZ-ZZZZ "${CODE:0:4}-0000"; do
  [ "$fake" = "$CODE" ] && continue
  run 3 --db "$DB" check-receipt "$fake"
  contains "$ERR" "NOT GENUINE"
done

# --- 4. a bundle replayed or edited ------------------------------------------
M=$DB
D=$TMP/desk.db
as "$M" sri 1111 0 package --for desk --dusun Krajan --out "$TMP/desk.pkg"
run 0 --db "$D" join "$TMP/desk.pkg"
as "$D" joko 2222 0 pay --nik "$(field 5 2)" --months 2026-11 --desk Krajan --thumbprint
as "$D" joko 2222 0 pay --nik "$(field 6 2)" --months 2026-11 --desk Krajan --thumbprint
run 0 --db "$D" export --out "$TMP/b1.bundle"
run 0 --db "$M" merge "$TMP/b1.bundle"
contains "$OUT" "2 new"
as "$D" joko 2222 0 pay --nik "$(field 7 2)" --months 2026-11 --desk Krajan --thumbprint
R_LAST=$(receipt_of_out)
run 0 --db "$D" receipt "$R_LAST" --out "$TMP/kuitansi-last.pdf"
CODE_LAST=$(pdftotext "$TMP/kuitansi-last.pdf" - | sed -n 's/.*Kode verifikasi: \([0-9A-Z]\{4\}-[0-9A-Z]\{4\}\).*/\1/p')
run 0 --db "$D" export --out "$TMP/b2.bundle"
run 0 --db "$M" merge "$TMP/b2.bundle"
contains "$OUT" "1 new"
n=$(events "$M")
# replayed, old and new: nothing counted twice
run 0 --db "$M" merge "$TMP/b1.bundle" "$TMP/b2.bundle"
contains "$OUT" "0 new"
[ "$(events "$M")" = "$n" ] || fail "a replayed bundle stored events"
[ "$(sqlite3 "$M" "SELECT count(*) FROM (SELECT kpm_id, month FROM ev_month WHERE what = 'payment'
     GROUP BY kpm_id, month HAVING count(*) > 1)")" = 0 ] || fail "a replayed bundle paid someone twice"
# edited: one byte anywhere in the file
size=$(stat -c %s "$TMP/b2.bundle")
for at in 20 $((size / 2)) $((size - 10)); do
  cp "$TMP/b2.bundle" "$TMP/edited.bundle"
  printf '\377' | dd of="$TMP/edited.bundle" bs=1 seek=$at conv=notrunc 2>/dev/null
  cmp -s "$TMP/b2.bundle" "$TMP/edited.bundle" && printf '\000' | dd of="$TMP/edited.bundle" bs=1 seek=$at conv=notrunc 2>/dev/null
  run 3 --db "$M" merge "$TMP/edited.bundle"
  contains "$ERR" "altered"
done
[ "$(events "$M")" = "$n" ] || fail "an edited bundle stored events"

# --- 5. a desk's store cut short with the sqlite3 shell --------------------------
# The kepala dusun deletes the last payment to keep its cash: triggers
# dropped, the event and its rows deleted. The laptop's own chain is still
# whole (nothing after it to break), so `salur verify` there cannot tell ...
SELF=$(sqlite3 "$D" "SELECT device_id FROM device_self")
LAST=$(sqlite3 "$D" "SELECT max (seq) FROM event WHERE device_id = '$SELF'")
sqlite3 "$D" "DROP TRIGGER event_no_delete; DROP TRIGGER ev_payment_no_delete; DROP TRIGGER ev_month_no_delete;
  DELETE FROM ev_month WHERE device_id = '$SELF' AND seq = $LAST;
  DELETE FROM ev_payment WHERE device_id = '$SELF' AND seq = $LAST;
  DELETE FROM event WHERE device_id = '$SELF' AND seq = $LAST;"
run 0 --db "$D" verify
[ "$(state "$D" "$(field 7 2)" 2026-11)" = unpaid ] || fail "the cut did not remove the payment"
# ... but the KPM's paper receipt no longer matches the desk's record, and
# still matches the bendahara's, where the bundle brought it
run 3 --db "$D" check-receipt "$CODE_LAST"
run 0 --db "$M" check-receipt "$CODE_LAST"
contains "$OUT" "$R_LAST"
# and the desk's next bundle is refused: its event $LAST is not the one
# the bendahara holds
as "$D" joko 2222 0 pay --nik "$(field 8 2)" --months 2026-11 --desk Krajan --thumbprint
run 0 --db "$D" export --out "$TMP/b3.bundle"
run 1 --db "$M" merge "$TMP/b3.bundle"
contains "$ERR" "Event $LAST in the bundle"
contains "$ERR" "altered"
contains "$ERR" "Nothing was stored"
[ "$(events "$M")" = "$n" ] || fail "the bundle of a cut store stored events"
run 0 --db "$M" verify

# --- 6. PIN guessing ---------------------------------------------------------
# someone tries budi's PIN from 0000 upwards, a process per guess
n=$(events "$M")
guesses=0 throttled=0
for pin in 0000 0001 0002 0003 0004 0005 0006 0007; do
  SALUR_PIN=$pin run 3 --db "$M" --operator budi pay --nik "$(field 9 2)" --months 2026-11 --desk Krajan --thumbprint
  guesses=$((guesses + 1))
  case "$ERR" in
    *"Too many wrong PINs for budi. Try again in "*) throttled=$((throttled + 1)) ;;
    *"Wrong name or PIN"*) ;;
    *) fail "guess $pin: $ERR" ;;
  esac
done
[ $throttled = $((guesses - 3)) ] || fail "$throttled of $guesses guesses throttled; after 3 misses every guess must wait"
# the right PIN waits too, under any spelling of the name
for who in budi BUDI Budi; do
  SALUR_PIN=4444 run 3 --db "$M" --operator "$who" pay --nik "$(field 9 2)" --months 2026-11 --desk Krajan --thumbprint
  contains "$ERR" "Too many wrong PINs"
done
# the wait is counted in the record, not in the process: a new command,
# another command, waits as long
SALUR_PIN=4444 run 3 --db "$M" --operator budi absent --nik "$(field 9 2)" --months 2026-11 --reason sakit
contains "$ERR" "Try again in"
wait_s=$(sed -n 's/.*Try again in \([0-9]*\) seconds.*/\1/p' <<<"$ERR")
[ -n "$wait_s" ] && [ "$wait_s" -ge 1 ] && [ "$wait_s" -le 15 ] || fail "the first wait is $wait_s seconds, not 1 to 15"
[ "$(events "$M")" = "$n" ] || fail "a guessed PIN recorded something"
[ "$(state "$M" "$(field 9 2)" 2026-11)" = unpaid ] || fail "a guessed PIN paid"
# others are not held up
as "$M" joko 2222 0 pay --nik "$(field 9 2)" --months 2026-11 --desk Krajan --thumbprint
true
