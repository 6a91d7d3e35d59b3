# The ledger from a treasurer's script: pay, refuse, void, absent, change the
# list, status, history, verify, and verify again after an edit behind
# Salur's back.
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || fail "the sqlite3 program is needed to tamper with the record"

RECEIPT_RE='^[A-Z]{3}-[0-9A-Z]{3}-[0-9]{4}-[0-9]{4}$'
NEW_NIK=9901014507800901

# as OPERATOR PIN EXPECTED_EXIT salur-args... : one signed-in command
as () {
  local who=$1 pin=$2 want=$3
  shift 3
  SALUR_PIN=$pin run "$want" --db "$DB" --operator "$who" "$@"
}
# the receipt number of the last "Paid: receipt X" line
receipt () {
  local r
  r=$(printf '%s\n' "$OUT" | sed -n 's/^Paid: receipt //p')
  printf '%s\n' "$r" | grep -Eq "$RECEIPT_RE" || fail "“$r” is not a receipt number: $OUT"
  printf '%s' "$r"
}
# state NIK MONTH : the KPM's state in `status --format csv`
state () {
  "$SALUR" --db "$DB" status --month "$2" --format csv | grep "^$1," | cut -d, -f6
}
# count_state MONTH STATE
count_state () {
  "$SALUR" --db "$DB" status --month "$1" --format csv | tail -n +2 | cut -d, -f6 | grep -cx "$2" || true
}
events () { sqlite3 "$DB" "SELECT count(*) FROM event"; }

run 0 --db "$DB" demo --kpm 30
contains "$OUT" "30 KPM"
"$SALUR" --db "$DB" list --format csv > "$TMP/list.csv"
[ "$(tail -n +2 "$TMP/list.csv" | wc -l)" -eq 30 ] || fail "the demo list does not hold 30 KPM"
nik () { sed -n "$(( $1 + 1 ))p" "$TMP/list.csv" | cut -d, -f2; }
name () { sed -n "$(( $1 + 1 ))p" "$TMP/list.csv" | cut -d, -f4; }
for i in 1 2 3 4 5 6 7 8; do
  printf '%s\n' "$(nik $i)" | grep -Eq '^99[0-9]{14}$' || fail "row $i has no demo NIK: $(nik $i)"
done
grep -q "^[^,]*,$NEW_NIK," "$TMP/list.csv" && fail "$NEW_NIK is in the demo list already"

# operators
run 0 --db "$DB" operator list
for who in sri joko wati budi rina; do contains "$OUT" "$who" "operator list"; done
SALUR_NEW_PIN=6666 as joko 2222 3 operator add tono --role petugas
SALUR_NEW_PIN=123 as sri 1111 3 operator add tono --role petugas
SALUR_NEW_PIN=6666 as sri 1111 0 operator add tono --role petugas

# a payment, by NIK, as the desk records it
n=$(events)
as joko 2222 0 pay --nik "$(nik 1)" --months 2026-01,2026-02 --desk Krajan --thumbprint
R1=$(receipt)
contains "$OUT" "Rp600.000"
contains "$OUT" "$(name 1)"
[ "$(events)" -eq $((n + 1)) ] || fail "a payment is not one event"
[ "$(state "$(nik 1)" 2026-01)" = paid ] || fail "NIK 1 is not paid for 2026-01"
[ "$(state "$(nik 1)" 2026-02)" = paid ] || fail "NIK 1 is not paid for 2026-02"
[ "$(state "$(nik 1)" 2026-03)" = unpaid ] || fail "NIK 1 is paid for a month it was not paid"
"$SALUR" --db "$DB" status --month 2026-01 --format csv | grep "^$(nik 1)," | grep -q ",$R1," \
  || fail "the status does not show receipt $R1"

# paid twice: refused, saying when, where, by whom
n=$(events)
as wati 3333 3 pay --nik "$(nik 1)" --months 2026-02,2026-03 --desk Ngasem --thumbprint
contains "$ERR" "$R1" "the double payment's message"
contains "$ERR" "Krajan" "the double payment's message"
contains "$ERR" "joko" "the double payment's message"
[ "$(events)" -eq "$n" ] || fail "a refused payment changed the record"

# refusals: wrong PIN, an auditor, an unknown operator, too many months, before the list
as joko 9999 3 pay --nik "$(nik 2)" --months 2026-01 --desk Krajan --thumbprint
contains "$ERR" "PIN"
as tidakada 2222 3 pay --nik "$(nik 2)" --months 2026-01 --desk Krajan --thumbprint
as rina 5555 3 pay --nik "$(nik 2)" --months 2026-01 --desk Krajan --thumbprint
contains "$ERR" "auditor"
as joko 2222 3 pay --nik "$(nik 2)" --months 2026-01,2026-02,2026-03,2026-04 --desk Krajan --thumbprint
as joko 2222 3 pay --nik "$(nik 2)" --months 2025-12 --desk Krajan --thumbprint
[ "$(events)" -eq "$n" ] || fail "a refused payment changed the record"
[ "$(state "$(nik 2)" 2026-01)" = unpaid ] || fail "a refused payment shows as paid"

# the command line itself: no proof, two proofs, no months
as joko 2222 2 pay --nik "$(nik 2)" --months 2026-01 --desk Krajan
as joko 2222 2 pay --nik "$(nik 2)" --months 2026-01 --desk Krajan --thumbprint --no-proof "tangan sakit"
as joko 2222 2 pay --nik "$(nik 2)" --desk Krajan --thumbprint
[ "$(events)" -eq "$n" ] || fail "a usage error changed the record"

# a signature drawn on the pad, in the text form
SIG="$FIXTURES/signature-sample.txt"
if [ ! -f "$SIG" ]; then
  SIG="$TMP/signature.txt"
  printf 'SIZE 600 200\n10,10,0,0.5 50,40,16,0.6 90,20,33,0.6\n120,150,500 160,160,516\n' > "$SIG"
fi
as wati 3333 0 pay --nik "$(nik 2)" --months 2026-01,2026-02,2026-03 --desk Ngasem --signature "$SIG"
R2=$(receipt)
contains "$OUT" "Rp900.000"
[ "$(sqlite3 "$DB" "SELECT proof || ':' || (length (signature) > 8) FROM ev_payment WHERE receipt = '$R2'")" = "signature:1" ] \
  || fail "the signature of $R2 was not stored"
printf 'SIZE 600 200\n' > "$TMP/empty-signature.txt"
as wati 3333 3 pay --nik "$(nik 3)" --months 2026-01 --desk Ngasem --signature "$TMP/empty-signature.txt"

# a proxy with a surat kuasa; a NIK that Excel rounded is refused
as joko 2222 3 pay --nik "$(nik 3)" --months 2026-01 --desk Krajan --thumbprint \
  --proxy-name "Rudi Hartono" --proxy-nik "3,52E+15" --proxy-relation anak --surat-kuasa
as joko 2222 3 pay --nik "$(nik 3)" --months 2026-01 --desk Krajan --thumbprint \
  --proxy-name "Rudi Hartono" --proxy-nik 9901016211900903
as joko 2222 0 pay --nik "$(nik 3)" --months 2026-01 --desk Krajan --thumbprint \
  --proxy-name "Rudi Hartono" --proxy-nik 9901016211900903 --proxy-relation anak --surat-kuasa
contains "$OUT" "Rudi Hartono"
"$SALUR" --db "$DB" status --month 2026-01 --format csv | grep "^$(nik 3)," | grep -q "Rudi Hartono" \
  || fail "the status does not name the proxy"

# at home: a witness is needed
as budi 4444 3 pay --nik "$(nik 4)" --months 2026-01 --desk Krajan --thumbprint --home
as budi 4444 0 pay --nik "$(nik 4)" --months 2026-01 --desk Krajan --no-proof "tangan sakit" --home --witness "Pak RT"

# absent, then paid later
as wati 3333 0 absent --nik "$(nik 5)" --months 2026-01 --desk Ngasem --reason sakit
[ "$(state "$(nik 5)" 2026-01)" = absent ] || fail "NIK 5 is not absent"
"$SALUR" --db "$DB" status --month 2026-01 --format csv | grep "^$(nik 5)," | grep -q ",sakit," \
  || fail "the status does not give the reason of the absence"
as wati 3333 0 absent --nik "$(nik 6)" --months 2026-01 --desk Ngasem --reason "tidak datang"
as wati 3333 0 pay --nik "$(nik 6)" --months 2026-01 --desk Ngasem --thumbprint
[ "$(state "$(nik 6)" 2026-01)" = paid ] || fail "a payment after an absence does not count"
as wati 3333 3 absent --nik "$(nik 1)" --months 2026-01 --desk Ngasem --reason sakit
contains "$ERR" "$R1"

# void: the bendahara only, with a reason; the months are payable again
as joko 2222 3 void "$R1" --reason "salah orang"
as rina 5555 3 void "$R1" --reason "salah orang"
as sri 1111 2 void "$R1"
as sri 1111 3 void "KRJ-XXX-0000-9999" --reason "salah orang"
[ "$(state "$(nik 1)" 2026-01)" = paid ] || fail "a refused void undid the payment"
lower=$(printf '%s' "$R1" | tr 'A-Z' 'a-z')
as sri 1111 0 void "$lower" --reason "salah orang"
contains "$OUT" "must be recovered"
contains "$OUT" "$R1"
as sri 1111 3 void "$R1" --reason "lagi"
[ "$(state "$(nik 1)" 2026-01)" = unpaid ] || fail "a voided payment still counts"
as joko 2222 0 pay --nik "$(nik 1)" --months 2026-01 --desk Krajan --thumbprint
R1B=$(receipt)
[ "$R1B" != "$R1" ] || fail "a new payment reused receipt $R1"

# status of January: who is paid, absent, unpaid
"$SALUR" --db "$DB" status --month 2026-01 --format csv > "$TMP/status.csv"
[ "$(head -1 "$TMP/status.csv")" = "nik,name,dusun,rt,rw,state,receipt,at,operator,desk,note,payments" ] \
  || fail "status csv header: $(head -1 "$TMP/status.csv")"
[ "$(tail -n +2 "$TMP/status.csv" | wc -l)" -eq 30 ] || fail "status does not list 30 KPM"
[ "$(count_state 2026-01 paid)" -eq 5 ] || fail "January: $(count_state 2026-01 paid) paid, expected 5"
[ "$(count_state 2026-01 absent)" -eq 1 ] || fail "January: $(count_state 2026-01 absent) absent, expected 1"
[ "$(count_state 2026-01 unpaid)" -eq 24 ] || fail "January: $(count_state 2026-01 unpaid) unpaid, expected 24"
run 0 --db "$DB" status --month 2026-01
contains "$OUT" "30 KPM: 5 paid, 24 unpaid, 1 absent, 0 closed"

# history
run 0 --db "$DB" history "$(nik 1)"
contains "$OUT" "$(name 1)" "history"
contains "$OUT" "$R1" "history"
contains "$OUT" "$R1B" "history"
contains "$OUT" "voided" "history"
contains "$OUT" "salah orang" "history"
contains "$OUT" "joko" "history"
run 0 --db "$DB" history "$(nik 5)"
contains "$OUT" "sakit" "history"

# list changes: close
as sri 1111 3 change close --nik "$(nik 7)" --from 2026-12 --reason died
as joko 2222 3 change close --nik "$(nik 7)" --from 2026-12 --reason died --sk "SK 5/2026"
as sri 1111 0 change close --nik "$(nik 7)" --from 2026-12 --reason died --sk "SK 5/2026"
as sri 1111 3 change close --nik "$(nik 7)" --from 2027-01 --reason moved --sk "SK 6/2026"
as joko 2222 0 pay --nik "$(nik 7)" --months 2026-11 --desk Krajan --thumbprint
as joko 2222 3 pay --nik "$(nik 7)" --months 2026-12 --desk Krajan --thumbprint
[ "$(state "$(nik 7)" 2026-12)" = closed ] || fail "NIK 7 is not closed in December"
as sri 1111 3 change close --nik "$(nik 1)" --from 2026-01 --reason moved --sk "SK 6/2026"
contains "$ERR" "$R1B"

# add
as sri 1111 0 change add --nik "$NEW_NIK" --name "SITI AMINAH" --dusun Krajan --rt 1 --rw 1 --from 2026-06 --sk "SK 7/2026"
as sri 1111 3 change add --nik "$NEW_NIK" --name "SITI AMINAH" --dusun Krajan --from 2026-06 --sk "SK 7/2026"
as sri 1111 3 change add --nik 9901011203850902 --name "ORANG LAIN" --dusun Atlantis --from 2026-06 --sk "SK 7/2026"
as joko 2222 3 change add --nik 9901011203850902 --name "ORANG LAIN" --dusun Krajan --from 2026-06 --sk "SK 7/2026"
[ "$(kpm_count)" -eq 31 ] || fail "the list holds $(kpm_count) KPM after one was added"
as joko 2222 3 pay --nik "$NEW_NIK" --months 2026-05 --desk Krajan --thumbprint
as joko 2222 0 pay --nik "$NEW_NIK" --months 2026-06 --desk Krajan --thumbprint
contains "$OUT" "SITI AMINAH"

# correct
old_name=$(name 8)
as joko 2222 3 change correct --nik "$(nik 8)" --field name --value "NAMA BENAR" --reason "salah ketik"
as sri 1111 2 change correct --nik "$(nik 8)" --field id --value 0000000000000000 --reason "salah ketik"
as sri 1111 3 change correct --nik "$(nik 8)" --field nik --value "3,52E+15" --reason "salah ketik"
as sri 1111 0 change correct --nik "$(nik 8)" --field name --value "NAMA BENAR" --reason "salah ketik" --sk "SK 8/2026"
run 0 --db "$DB" history "$(nik 8)"
contains "$OUT" "$old_name" "history of a correction"
contains "$OUT" "NAMA BENAR" "history of a correction"
as sri 1111 0 change correct --nik "$(nik 8)" --field nik --value 9901011203850902 --reason "KTP baru"
run 0 --db "$DB" history 9901011203850902
contains "$OUT" "NAMA BENAR"
run 3 --db "$DB" history "$(nik 8)"

# too many wrong PINs: the right one waits too
for i in 1 2 3; do as budi 0000 3 pay --nik "$(nik 9)" --months 2026-01 --desk Krajan --thumbprint; done
as budi 4444 3 pay --nik "$(nik 9)" --months 2026-01 --desk Krajan --thumbprint
contains "$ERR" "seconds"

# the record is intact ...
run 0 --db "$DB" verify
contains "$OUT" "intact"
contains "$OUT" "$(events) events"

# ... until someone edits it behind Salur's back
sqlite3 "$DB" "UPDATE ev_payment SET total = 1" 2>/dev/null && fail "the triggers let an UPDATE of ev_payment through"
run 0 --db "$DB" verify
seq=$(sqlite3 "$DB" "SELECT min (seq) FROM event WHERE kind = 'payment' AND body LIKE '%total=300000%'")
[ -n "$seq" ] || fail "no one-month payment to tamper with"
sqlite3 "$DB" "DROP TRIGGER event_no_update; UPDATE event SET body = replace(body, 'total=300000', 'total=900000') WHERE kind = 'payment'"
run 1 --db "$DB" verify
contains "$ERR" "event $seq of device" "verify's message"
lacks "$OUT" "intact"
true
