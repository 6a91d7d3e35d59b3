# a file with bad rows is refused whole, each bad row named; the options that soften that
. "$(dirname "$0")/lib.sh"

init_village
run 0 --db "$DB" dusun add Krajan --rw 001
F="$FIXTURES/bnba-bad-rows.csv"

run 3 --db "$DB" import "$F"
# every bad row is named, with its column and why
for expect in "row 6, NIK “3,52E+15”" "row 7, NIK “990101540382000”: refused" "row 8, NIK “9901013205800004”: refused" \
              "row 10, NIK “9901011203700001”: refused: This NIK is also on row 5" "row 11, NAMA KEPALA KELUARGA “”: refused" \
              "row 12, NO KK" "row 13, NO KK" "row 14, TANGGAL LAHIR “15-08-1970”: warning"; do
  contains "$ERR" "$expect" "stderr"
done
contains "$ERR" "11 rows read, 5 refused, 3 with warnings"
contains "$ERR" "5 rows were refused, so nothing was stored"
[ "$(kpm_count)" -eq 0 ] || fail "refused file stored something"

# the errors file: a header and one line per problem, readable by a spreadsheet
run 3 --db "$DB" import "$F" --errors "$TMP/errors.csv"
python3 - "$TMP/errors.csv" <<'PY' || fail "errors file"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
assert [r["row"] for r in rows] == ["6", "7", "8", "10", "11", "12", "13", "14"], [r["row"] for r in rows]
assert rows[0]["column"] == "NIK" and rows[0]["value"] == "3,52E+15" and rows[0]["level"] == "refused"
assert "Excel" in rows[0]["reason"]
assert rows[-1]["level"] == "warning"
PY
[ "$(stat -c %a "$TMP/errors.csv")" = 600 ] || fail "errors file is readable by others"

# --dry-run stores nothing even when everything is fine
run 0 --db "$DB" import --dry-run --skip-invalid "$F"
contains "$OUT" "6 would be stored"
[ "$(kpm_count)" -eq 0 ] || fail "dry run stored"

# --skip-invalid stores the 6 good rows, warned ones included
run 0 --db "$DB" import --skip-invalid "$F"
contains "$OUT" "11 rows read, 6 stored, 5 refused, 3 with warnings"
[ "$(kpm_count)" -eq 6 ] || fail "skip-invalid stored $(kpm_count)"

# no such file, not a list at all
run 3 --db "$DB" import "$TMP/nothing.csv"
printf 'barang;jumlah\r\nberas;5\r\n' > "$TMP/belanja.csv"
run 3 --db "$DB" import "$TMP/belanja.csv"
contains "$ERR" "does not look like a KPM list"
: > "$TMP/empty.csv"
run 3 --db "$DB" import "$TMP/empty.csv"
[ "$(kpm_count)" -eq 6 ] || fail "bad files changed the store"

# no data file, or one without a village
run 3 --db "$TMP/new.db" import "$F"
contains "$ERR" "There is no data file"
[ ! -e "$TMP/new.db" ] || fail "a refused import made a data file"
sqlite3 "$TMP/new.db" "PRAGMA user_version = 0"
run 3 --db "$TMP/new.db" import "$F"
contains "$ERR" "no village yet"
