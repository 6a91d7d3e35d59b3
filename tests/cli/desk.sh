# The desk's other work from the command line: a complaint with its slip,
# answered and resolved; the day's counts; closing the desk with its cash
# count and the summary to sign. Every refusal exits non-zero and records
# nothing.
. "$(dirname "$0")/lib.sh"

as () {
  local who=$1 pin=$2 want=$3
  shift 3
  SALUR_PIN=$pin run "$want" --db "$DB" --operator "$who" "$@"
}
events () {
  "$SALUR" --db "$DB" verify | sed -n 's/^The record is intact: \([0-9]*\) events.*/\1/p'
}

run 0 --db "$DB" demo --kpm 60
NIKS=$("$SALUR" --db "$DB" list --dusun Krajan --format csv | tail -n +2 | cut -d, -f2)
N_KRAJAN=$(printf '%s\n' "$NIKS" | wc -l)
N1=$(printf '%s\n' "$NIKS" | sed -n 1p)
N2=$(printf '%s\n' "$NIKS" | sed -n 2p)
N3=$(printf '%s\n' "$NIKS" | sed -n 3p)

# counts before anything: everyone remains
run 0 --db "$DB" desk --months 2026-11 --desk Krajan
contains "$OUT" "KPM: $N_KRAJAN (served 0, absent 0, remaining $N_KRAJAN)"

as joko 2222 0 pay --nik "$N1" --months 2026-11 --desk Krajan --thumbprint
as joko 2222 0 pay --nik "$N2" --months 2026-11 --desk Krajan --thumbprint
as joko 2222 0 absent --nik "$N3" --months 2026-11 --desk Krajan --reason sakit
run 0 --db "$DB" desk --months 2026-11 --desk Krajan
contains "$OUT" "KPM: $N_KRAJAN (served 2, absent 1, remaining $((N_KRAJAN - 3)))"
contains "$OUT" "2 payments, Rp600.000"

# a complaint about a KPM, with the slip for the person
as joko 2222 0 complain --kind amount-short --name "Bu Sarni" --nik "$N1" --months 2026-11 \
  --text "Menerima Rp250.000 saja" --desk Krajan --slip "$TMP/slip.pdf" --paper roll80
SLIP=$(printf '%s\n' "$OUT" | sed -n 's/^Complaint recorded: slip number \([A-Z0-9-]*\)\..*/\1/p')
printf '%s\n' "$SLIP" | grep -Eq '^ADU-[0-9A-Z]{3}-[0-9]{4}$' || fail "no slip number: $OUT"
SLIP_TEXT=$(pdftotext -layout "$TMP/slip.pdf" -)
contains "$SLIP_TEXT" "TANDA TERIMA PENGADUAN" "the slip"
contains "$SLIP_TEXT" "$SLIP" "the slip"
lacks "$SLIP_TEXT" "$N1" "the slip (full NIK)"

# refused, nothing recorded: no text, an unknown kind, an auditor, a KPM not on the list
BEFORE=$(events)
as joko 2222 3 complain --kind other --name X --text "  "
contains "$ERR" "what the person says happened"
as joko 2222 2 complain --kind lain --name X --text Y
as rina 5555 3 complain --kind other --name X --text Y
contains "$ERR" "auditor"
as joko 2222 3 complain --kind other --name X --text Y --nik 9901019999999999
[ "$(events)" = "$BEFORE" ] || fail "a refused complaint changed the record"

run 0 --db "$DB" complaints
contains "$OUT" "$SLIP"
contains "$OUT" "Amount short"
lacks "$OUT" "$N1" "the complaints table (full NIK)"
run 0 --db "$DB" complaints --format csv
contains "$OUT" "\"$SLIP\",\"open\""

as sri 1111 0 answer "$SLIP" --text "Dihitung ulang bersama KPM"
run 0 --db "$DB" complaints --format csv
contains "$OUT" "\"$SLIP\",\"answered\""
as sri 1111 0 answer "$(printf '%s' "$SLIP" | tr 'A-Z' 'a-z')" --text "Kekurangan Rp50.000 diserahkan" --resolved
run 0 --db "$DB" complaints --open
contains "$OUT" "No open complaints."
as sri 1111 3 answer "$SLIP" --text "lagi"
contains "$ERR" "already resolved"
as sri 1111 3 answer ADU-XXX-0000 --text "x"
run 0 --db "$DB" history "$N1"
contains "$OUT" "complaint $SLIP"

# closing: a count that differs needs a reason; then the summary to sign
BEFORE=$(events)
as joko 2222 3 close-desk --months 2026-11 --desk Krajan --opening 3000000 --counted 2300000 --out "$TMP/tutup.pdf"
contains "$ERR" "count again"
[ ! -e "$TMP/tutup.pdf" ] || fail "a refused close wrote a summary"
[ "$(events)" = "$BEFORE" ] || fail "a refused close changed the record"
as joko 2222 0 close-desk --months 2026-11 --desk Krajan --opening 3000000 --counted 2400000 --out "$TMP/tutup.pdf"
contains "$OUT" "Cash that should remain: Rp2.400.000; difference: Rp0"
TEXT=$(pdftotext -layout "$TMP/tutup.pdf" -)
contains "$TEXT" "REKAPITULASI PENUTUPAN MEJA" "the summary"
contains "$TEXT" "Rp3.000.000" "the summary"
contains "$TEXT" "Rp2.400.000" "the summary"
lacks "$TEXT" "$N1" "the summary (full NIK)"
[ "$(printf '%s\n' "$TEXT" | grep -cE '[A-Z]{3}-[0-9A-Z]{3}-[0-9]{4}-[0-9]{4}')" = 2 ] || fail "the summary should list 2 receipts: $TEXT"
run 0 --db "$DB" verify
echo "desk: ok"
