# salur import of XLSX workbooks: OpenSID's export and Excel's damage
. "$(dirname "$0")/lib.sh"

init_village
run 0 --db "$DB" dusun add Krajan --rw 001
run 0 --db "$DB" dusun add Sukasari --rw 002
run 0 --db "$DB" dusun add Tegalrejo --rw 003

# OpenSID: the participants are on the second sheet, RT/RW and dusun inside the address
run 0 --db "$DB" import "$FIXTURES/opensid-peserta.xlsx"
contains "$OUT" "sheet Peserta"
contains "$OUT" "10 rows read, 10 stored, 0 refused"
"$SALUR" --db "$DB" list --format csv > "$TMP/list.csv"
python3 - "$TMP/list.csv" <<'PY' || fail "OpenSID rows stored wrong"
import csv, sys
rows = {r["nik"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
assert len(rows) == 10, len(rows)
s = rows["9901010201700021"]
assert s["name"] == "SUKARDI" and s["birth_date"] == "1970-01-02", s     # an Excel date cell
assert s["rt"] == "001" and s["rw"] == "001" and s["dusun"] == "Krajan", s
p = rows["9901015503780022"]
assert p["birth_date"] == "1978-03-15" and p["sex"] == "P", p               # a text date
t = rows["9901016806750030"]
assert t["dusun"] == "Tegalrejo" and t["rt"] == "006", t
PY

# Excel kept NIKs as numbers: each is refused with what Excel did, nothing stored
run 3 --db "$DB" import "$FIXTURES/excel-numeric-nik.xlsx"
contains "$ERR" "Excel keeps only 15 digits"
contains "$ERR" "rounded number by Excel"
contains "$ERR" "nothing was stored"
[ "$(kpm_count)" -eq 10 ] || fail "refused workbook changed the store"

# a workbook cut short (a pulled USB stick): a clear message, nothing stored
head -c 3000 "$FIXTURES/opensid-peserta.xlsx" > "$TMP/cut.xlsx"
run 3 --db "$DB" import "$TMP/cut.xlsx"
contains "$ERR" "cut.xlsx"
[ "$(kpm_count)" -eq 10 ] || fail "truncated workbook changed the store"

# an old Excel 97 file
printf '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest-of-an-xls-file' > "$TMP/old.xls"
run 3 --db "$DB" import "$TMP/old.xls"
contains "$ERR" "xlsx"
