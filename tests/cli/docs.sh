# The documents of a disbursement day, through the real binary: the demo
# village, a scripted day (self, proxy, home delivery with a witness,
# signatures, thumbprints, no proof, an absence, a void, a closed KPM), then
# the report (PDF, XLSX, CSV), its seal, receipts and their codes, the
# public list. PDFs are read back with pdftotext, the workbook with Debian's
# python3-openpyxl.
. "$(dirname "$0")/lib.sh"
command -v pdftotext >/dev/null || fail "pdftotext (poppler-utils) is needed"
PY=/usr/bin/python3
$PY -c 'import openpyxl' 2>/dev/null || fail "Debian's python3-openpyxl is needed"
M=2026-11
SIG="$FIXTURES/signature-sample.txt"

run 0 --db "$DB" demo
mapfile -t ROWS < <("$SALUR" --db "$DB" list --format csv | tail -n +2)
nik () { echo "${ROWS[$1]}" | cut -d, -f2; }
dusun () { echo "${ROWS[$1]}" | cut -d, -f10; }
as () { # as NAME PIN salur-args...: a command of an operator
  local who=$1 pin=$2; shift 2
  SALUR_PIN=$pin run 0 --db "$DB" --operator "$who" "$@"
}
receipt_of () { sed -n 's/.*receipt \([A-Z0-9-]*\).*/\1/p' <<<"$OUT" | sed -n 1p; }

# the day
as sri 1111 change close --nik "$(nik 5)" --from $M --reason died --sk 141/05/2026
N_PAY=24
for i in $(seq 0 $N_PAY); do
  n=$(nik "$i"); d=$(dusun "$i")
  case $i in
    5|9) ;;                                           # closed; not come yet
    3|13) as joko 2222 pay --nik "$n" --months $M --desk "$d" --thumbprint ;;
    4) as joko 2222 pay --nik "$n" --months $M --desk "$d" --proxy-name "SITI AMINAH" --proxy-nik 9901015505900003 \
         --proxy-relation anak --surat-kuasa --signature "$SIG"
       PROXY_RECEIPT=$(receipt_of) ;;
    6) as joko 2222 absent --nik "$n" --months $M --reason "sakit" ;;
    8) as budi 4444 pay --nik "$n" --months $M --desk "$d" --home --witness "RAHMAT" --signature "$SIG" ;;
    11) as joko 2222 pay --nik "$n" --months $M --desk "$d" --no-proof "tangan cedera" ;;
    15) as joko 2222 pay --nik "$n" --months $M --desk "$d" --thumbprint
        VOIDED=$(receipt_of)
        as sri 1111 void "$VOIDED" --reason "salah orang" ;;
    *) as joko 2222 pay --nik "$n" --months $M --desk "$d" --signature "$SIG"
       LAST_RECEIPT=$(receipt_of) ;;
  esac
done

# status, as the treasurer's script reads it
run 0 --db "$DB" status --month $M
STATUS=$(tail -1 <<<"$OUT")
paid=$(sed -n 's/^150 KPM: \([0-9]*\) paid.*/\1/p' <<<"$STATUS")
unpaid=$(sed -n 's/.* \([0-9]*\) unpaid.*/\1/p' <<<"$STATUS")
[ "$paid" = 21 ] || fail "status says $paid paid, the day paid 21: $STATUS"

# the report
run 0 --db "$DB" report --months $M --out "$TMP/laporan.pdf" --xlsx "$TMP/laporan.xlsx" --csv "$TMP/laporan.csv" \
  --date 2026-11-30
contains "$OUT" "149 KPM on the list: $paid received (19 in person, 1 through a proxy, 1 at home)"
contains "$OUT" "1 absent, $unpaid not yet paid; 1 off the list"
contains "$OUT" "Paid Rp6.300.000 of Rp44.700.000 planned; Rp38.400.000 left."
SEAL=$(sed -n 's/^Seal ([0-9]* events): //p' <<<"$OUT")
[ -n "$SEAL" ] || fail "no seal printed: $OUT"
pdftotext -layout "$TMP/laporan.pdf" "$TMP/laporan.txt"
TEXT=$(cat "$TMP/laporan.txt")
# the same in reading order, lines joined: a cell's wrapped words read on
# (a receipt number may wrap after a dash in a narrow cell)
FLAT=$(pdftotext -raw "$TMP/laporan.pdf" - | tr '\n' ' ' | sed 's/- /-/g')
pages=$(pdfinfo "$TMP/laporan.pdf" | sed -n 's/^Pages: *//p')
[ "$pages" -ge 3 ] || fail "the report has $pages pages"
# every page: the table's head, the page number, the seal
for p in $(seq 1 "$pages"); do
  pdftotext -layout -f "$p" -l "$p" "$TMP/laporan.pdf" "$TMP/page.txt"
  page=$(cat "$TMP/page.txt")
  contains "$page" "Nama KPM" "page $p"
  contains "$page" "Tanda tangan" "page $p"
  contains "$page" "Keterangan" "page $p"
  contains "$page" "Halaman $p dari $pages" "page $p"
  contains "$page" "$SEAL" "page $p"
done
contains "$TEXT" "LAPORAN REALISASI PENYALURAN BLT DANA DESA"
contains "$TEXT" "PEMERINTAH DESA SUKAMAJU — BULAN NOVEMBER 2026"
contains "$TEXT" "JUMLAH SELURUHNYA: $paid dari 149 KPM menerima"
contains "$TEXT" "6.300.000"
grep -Eq "KPM dalam daftar \(SK Kepala Desa\) +149 KPM" <<<"$TEXT" || fail "summary: KPM on the list"
grep -Eq "Sudah menerima +$paid KPM" <<<"$TEXT" || fail "summary: paid"
grep -Eq "Tidak hadir +1 KPM" <<<"$TEXT" || fail "summary: absent"
grep -Eq "Belum dibayar +$unpaid KPM" <<<"$TEXT" || fail "summary: not yet paid"
grep -Eq "Dana yang disalurkan +Rp6\.300\.000" <<<"$TEXT" || fail "summary: amount paid"
grep -Eq "Dana yang direncanakan +Rp44\.700\.000" <<<"$TEXT" || fail "summary: amount planned"
grep -Eq "Sisa dana belum disalurkan +Rp38\.400\.000" <<<"$TEXT" || fail "summary: amount left"
contains "$FLAT" "Kuasa: SITI AMINAH (anak)"
contains "$FLAT" "Diantar ke rumah, saksi: RAHMAT"
contains "$FLAT" "CAP JEMPOL"
contains "$FLAT" "tanda tangan: tangan cedera"
contains "$FLAT" "Tidak hadir: sakit"
contains "$FLAT" "Kuitansi $VOIDED dibatalkan: salah orang"
contains "$FLAT" "SK 141/05/2026"
contains "$TEXT" "Mengetahui,"
contains "$TEXT" "Kaur Keuangan"
contains "$TEXT" "Sukamaju, 30 November 2026"
contains "$TEXT" "BAMBANG SUTRISNO"
# each dusun's subtotal adds up to the whole
sum=0
while read -r n; do sum=$((sum + n)); done < <(sed -n 's/.*Jumlah Dusun [A-Za-z]*: \([0-9]*\) dari.*/\1/p' "$TMP/laporan.txt")
[ "$sum" = "$paid" ] || fail "dusun subtotals add up to $sum, not $paid"
# the report carries the full NIK of every KPM on it (it goes to the kecamatan)
for i in 0 1 2 3 100 149; do contains "$TEXT" "$(nik "$i")" "report"; done

# the seal: the PDF and the paper's text both check
run 0 --db "$DB" verify-report "$TMP/laporan.pdf"
contains "$OUT" "The report matches the record"
contains "$OUT" "Nothing for these months was recorded since."
run 0 --db "$DB" verify-report --seal "$SEAL"
run 2 --db "$DB" verify-report
run 3 --db "$DB" verify-report --seal "not a seal"
# a payment after the report is newer, not a change
as joko 2222 pay --nik "$(nik 9)" --months $M --desk "$(dusun 9)" --thumbprint
run 0 --db "$DB" verify-report "$TMP/laporan.pdf"
contains "$OUT" "1 newer event(s)"
# an event edited with the sqlite3 shell
cp "$DB" "$TMP/edited.db"
sqlite3 "$TMP/edited.db" "DROP TRIGGER event_no_update;
  UPDATE event SET body = replace (body, 'total=300000', 'total=200000')
  WHERE kind = 'payment' AND body LIKE '%receipt=$LAST_RECEIPT%';"
run 1 --db "$TMP/edited.db" verify-report "$TMP/laporan.pdf"
contains "$ERR" "THE REPORT DOES NOT MATCH THE RECORD"
contains "$ERR" "edited after it was recorded"
# a table edited instead: the figures no longer stand
cp "$DB" "$TMP/edited2.db"
sqlite3 "$TMP/edited2.db" "DROP TRIGGER ev_void_no_delete; DELETE FROM ev_void;"
run 1 --db "$TMP/edited2.db" verify-report --seal "$SEAL"
contains "$ERR" "THE REPORT DOES NOT MATCH THE RECORD"

# the masked copy has no full NIK
run 0 --db "$DB" report --months $M --out "$TMP/masked.pdf" --mask-nik
MASKED=$(pdftotext "$TMP/masked.pdf" -)
for i in 0 4 100; do lacks "$MASKED" "$(nik "$i")" "masked report"; done

# the workbook keeps every digit of NIK and KK, as text cells
"$SALUR" --db "$DB" list --format csv | tail -n +2 | cut -d, -f2,3 > "$TMP/niks.csv"
$PY - "$TMP/laporan.xlsx" "$TMP/niks.csv" <<'EOF' || fail "the workbook lost digits"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["BNBA Realisasi"]
head = [c.value for c in ws[1]]
want = ["NO", "NIK", "NAMA KEPALA KELUARGA", "JENIS KELAMIN", "TANGGAL LAHIR", "JUMLAH ANGGOTA KELUARGA", "ALAMAT",
        "RT", "RW", "JENIS PEKERJAAN", "KODE_JP", "KRITERIA BLT", "KODE_KRIT", "METODE PEMBAYARAN", "KODE_BAYAR",
        "BULAN DIBAYAR", "JUMLAH (RP)", "TANGGAL TERIMA", "DITERIMA OLEH", "NOMOR KUITANSI"]
assert head[:len(want)] == want, head
nik_col, kk_col = head.index("NIK"), head.index("NO KK")
pairs = {tuple(l.strip().split(",")) for l in open(sys.argv[2]) if l.strip()}
seen = set()
total = 0
for row in ws.iter_rows(min_row=2):
    nik, kk = row[nik_col], row[kk_col]
    assert nik.data_type == "s" and len(nik.value) == 16 and nik.value.isdigit(), (nik.value, nik.data_type)
    if kk.value is not None:
        assert kk.data_type == "s" and len(kk.value) == 16, (kk.value, kk.data_type)
    seen.add((nik.value, kk.value or ""))
    total += row[head.index("JUMLAH (RP)")].value or 0
assert seen == pairs, pairs ^ seen
assert total == 6300000, total
EOF
# the CSV opens in an Indonesian Excel: BOM, semicolons, NIK as ="…"
head -c 3 "$TMP/laporan.csv" | od -An -tx1 | grep -q "ef bb bf" || fail "the CSV has no BOM"
grep -q "^1;\"=\"\"$(nik 0)\"\"\";" "$TMP/laporan.csv" || fail "the CSV's first NIK is not written as text"
[ "$(tail -n +2 "$TMP/laporan.csv" | wc -l)" = 150 ] || fail "the CSV does not have 150 rows"

# a receipt, its code, a changed code, a voided one
run 0 --db "$DB" receipt "$PROXY_RECEIPT" --out "$TMP/kuitansi.pdf"
RT=$(pdftotext "$TMP/kuitansi.pdf" -)
contains "$RT" "TANDA TERIMA"
contains "$RT" "No. $PROXY_RECEIPT"
contains "$RT" "Rp300.000"
contains "$RT" "Tiga ratus ribu rupiah"
contains "$RT" "SITI AMINAH (anak), sebagai kuasa"
contains "$RT" "$(nik 4 | cut -c1-4)********$(nik 4 | cut -c13-16)"
lacks "$RT" "$(nik 4)" "receipt"
CODE=$(sed -n 's/.*Kode verifikasi: \([0-9A-Z]\{4\}-[0-9A-Z]\{4\}\).*/\1/p' <<<"$RT")
[ -n "$CODE" ] || fail "no verification code on the receipt: $RT"
run 0 --db "$DB" check-receipt "$CODE"
contains "$OUT" "The receipt matches the record"
contains "$OUT" "$PROXY_RECEIPT"
contains "$OUT" "SITI AMINAH"
run 0 --db "$DB" check-receipt "$(tr 'A-Z' 'a-z' <<<"$CODE")" --receipt "$PROXY_RECEIPT"
last=${CODE: -1}; if [ "$last" = Z ]; then other=Y; else other=Z; fi
run 3 --db "$DB" check-receipt "${CODE%?}$other"
contains "$ERR" "NOT GENUINE"
run 3 --db "$DB" check-receipt "$CODE" --receipt "$VOIDED"
contains "$ERR" "does not belong to receipt $VOIDED"
run 3 --db "$DB" check-receipt "12AB"
run 0 --db "$DB" receipt "$VOIDED" --out "$TMP/batal.pdf" --paper roll80
contains "$(pdftotext "$TMP/batal.pdf" - | tr "\n" " ")" "Pembayaran ini dibatalkan: salah orang"
VCODE=$(sed -n 's/.*verification code \([0-9A-Z-]*\)).*/\1/p' <<<"$OUT")
run 0 --db "$DB" check-receipt "$VCODE"
contains "$OUT" "VOIDED: salah orang"
run 2 --db "$DB" receipt "$PROXY_RECEIPT" --out "$TMP/x.pdf" --paper a4
run 3 --db "$DB" receipt "KRJ-XXX-2611-9999" --out "$TMP/x.pdf"
[ ! -e "$TMP/x.pdf" ] || fail "a refused receipt left a file"

# the public list: masked NIKs only, nothing health-related
run 0 --db "$DB" public-list --months $M --out "$TMP/daftar.pdf" --date 2026-11-30
PT=$(pdftotext "$TMP/daftar.pdf" -)
contains "$PT" "DAFTAR KELUARGA PENERIMA MANFAAT (KPM)"
lacks "$PT" "sakit" "public list"
for row in "${ROWS[@]}"; do
  n=$(cut -d, -f2 <<<"$row"); k=$(cut -d, -f3 <<<"$row")
  lacks "$PT" "$n" "public list"
  [ -z "$k" ] || lacks "$PT" "$k" "public list"
done
# no run of 8 or more digits anywhere: no NIK's middle, no KK, nothing
if grep -Eo '[0-9]{8,}' <<<"$PT" | sed -n 1p | grep . >/dev/null; then
  fail "the public list has a run of 8+ digits: $(grep -Eo '[0-9]{8,}' <<<"$PT" | head -3)"
fi
for i in 0 4 100; do
  n=$(nik "$i"); contains "$PT" "${n:0:4}********${n:12:4}" "public list"
done
# the closed KPM is not on it; the 149 others are
[ "$(grep -Ec '^9901\*{8}[0-9]{4}$' <<<"$PT")" = 149 ] || fail "the public list does not show 149 masked NIKs"
true
