# salur import of CSV files as villages make them
. "$(dirname "$0")/lib.sh"

village () { # a fresh store with the fixtures' three dusun
  DB="$1"
  init_village
  run 0 --db "$DB" dusun add Krajan --rw 001
  run 0 --db "$DB" dusun add Sukasari --rw 002
  run 0 --db "$DB" dusun add Tegalrejo --rw 003
}
field () { # field NIK COLUMN: one field of one KPM from `salur list --format csv`
  "$SALUR" --db "$DB" list --format csv | python3 -c '
import csv, sys
for row in csv.DictReader(sys.stdin):
    if row["nik"] == sys.argv[1]:
        print(row[sys.argv[2]])' "$1" "$2"
}

# Indonesian Excel: semicolons, Windows-1252, CRLF, title rows, apostrophes,
# spaced and dotted NIKs, quoted cells with ; and line breaks
village "$TMP/bnba.db"
run 0 --db "$DB" import "$FIXTURES/bnba-excel-id.csv"
contains "$OUT" "12 rows read, 12 stored, 0 refused"
contains "$OUT" "Windows-1252"
[ "$(kpm_count)" -eq 12 ] || fail "stored $(kpm_count) KPM"
[ "$(field 9901010107680003 name)" = "MUHAMMAD MA’RUF" ] || fail "Windows-1252 name: $(field 9901010107680003 name)"
[ "$(field 9901012512900004 name)" = "ANDRÉ SETIAWAN" ] || fail "Windows-1252 É"
[ "$(field 9901015708850005 name)" = "SRI WAHYUNI" ] || fail "spaced NIK"
[ "$(field 9901010902550006 address)" = "Jl. Melati No. 5; belakang masjid" ] || fail "dotted NIK or quoted ;"
[ "$(field 9901010902550006 dusun)" = "Sukasari" ] || fail "dusun from RW 02"
[ "$(field 9901010902550006 rt)" = "001" ] || fail "RT 01 -> 001"
[ "$(field 9901017112790009 name)" = "DEWI LESTARI" ] || fail "name not trimmed"
[ "$(field 9901017004720007 sex)" = "P" ] || fail "sex from NIK day 70"
[ "$(field 9901017004720007 birth_date)" = "1972-04-30" ] || fail "birth date"
[ "$(field 9901017004720007 address)" = 'Dekat warung "Bu Tini"' ] || fail "doubled quotes"
case "$(field 9901011410630008 address)" in "Dusun Tegalrejo Gang Mawar") ;; *) fail "multi-line address: $(field 9901011410630008 address)";; esac

# the same file again: every NIK is already on the list, nothing changes
run 3 --db "$DB" import "$FIXTURES/bnba-excel-id.csv"
contains "$ERR" "already on the village's list"
contains "$ERR" "12 rows were refused, so nothing was stored"
[ "$(kpm_count)" -eq 12 ] || fail "a refused import changed the store"

# comma + UTF-8 BOM with a DUSUN column; tab + UTF-16 (Excel's "Unicode text")
village "$TMP/bom.db"
run 0 --db "$DB" import "$FIXTURES/kpm-utf8-bom.csv"
contains "$OUT" "6 rows read, 6 stored"
[ "$(field 9901016209840002 name)" = "RENÉ ARYANTI" ] || fail "UTF-8 name"
[ "$(field 9901016209840002 kk)" = "9901010501240102" ] || fail "KK"
[ "$(field 9901011603790006 dusun)" = "Tegalrejo" ] || fail "DUSUN column"
village "$TMP/tab.db"
run 0 --db "$DB" import "$FIXTURES/kpm-tab.csv"
contains "$OUT" "separator tab"
contains "$OUT" "6 stored"
village "$TMP/utf16.db"
run 0 --db "$DB" import "$FIXTURES/kpm-unicode.txt"
contains "$OUT" "UTF-16"
[ "$(field 9901014801750003 name)" = "MA’RUFAH" ] || fail "UTF-16 name"

# the village's own demo list, written as a BNBA CSV, imports in full
run 0 --db "$TMP/demo.db" demo --kpm 1
"$SALUR" --db "$TMP/demo.db" list --format csv >/dev/null
