# salur list: table with masked NIK, csv and json with every field
. "$(dirname "$0")/lib.sh"

run 0 --db "$DB" demo --kpm 40 --seed 7
run 0 --db "$DB" list
[ "$(printf '%s\n' "$OUT" | wc -l)" -eq 41 ] || fail "table should have a header and 40 rows"
# no full NIK on the table, masked ones instead
if printf '%s\n' "$OUT" | grep -Eq '[0-9]{16}'; then fail "table shows a full NIK"; fi
printf '%s\n' "$OUT" | grep -Eq '9901\*{8}[0-9]{4}' || fail "table lacks masked NIKs"

run 0 --db "$DB" list --format csv
[ "$(printf '%s\n' "$OUT" | sed -n 1p)" = "id,nik,kk,name,sex,birth_date,address,rt,rw,dusun,criteria,payment_method,from_month" ] \
  || fail "csv header"
[ "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)" -eq 40 ] || fail "csv rows"
printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f2 | grep -Evq '^9901[0-9]{12}$' && fail "csv NIK not 16 digits"

# one dusun only
dusun="$(printf '%s\n' "$OUT" | sed -n 2p | python3 -c 'import csv,sys; print(next(csv.reader(sys.stdin))[9])')"
run 0 --db "$DB" list --dusun "$dusun" --format csv
n_dusun=$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)
[ "$n_dusun" -gt 0 ] && [ "$n_dusun" -lt 40 ] || fail "dusun filter gave $n_dusun rows"
run 3 --db "$DB" list --dusun Atlantis
contains "$ERR" "Atlantis"

run 0 --db "$DB" list --format json
printf '%s' "$OUT" | python3 -c '
import json, sys
rows = json.load(sys.stdin)
assert len(rows) == 40, len(rows)
assert all(len(r["nik"]) == 16 and r["name"] and r["dusun"] for r in rows)
' || fail "json"
