# salur demo: a fictional village, the same for the same seed, never twice in one store
. "$(dirname "$0")/lib.sh"

run 0 --db "$DB" demo
run 0 --db "$DB" village
contains "$OUT" "kpm            150"
n_dusun=$("$SALUR" --db "$DB" dusun list | wc -l)
[ "$n_dusun" -eq 5 ] || fail "demo has $n_dusun dusun, want 5"

run 3 --db "$DB" demo
contains "$ERR" "already"
[ "$(kpm_count)" -eq 150 ] || fail "a second demo changed the store"

run 0 --db "$TMP/b.db" demo
"$SALUR" --db "$DB" list --format csv | cut -d, -f2- > "$TMP/a.csv"
"$SALUR" --db "$TMP/b.db" list --format csv | cut -d, -f2- > "$TMP/b.csv"
cmp -s "$TMP/a.csv" "$TMP/b.csv" || fail "same seed, different village"
run 0 --db "$TMP/c.db" demo --seed 2
"$SALUR" --db "$TMP/c.db" list --format csv | cut -d, -f2- > "$TMP/c.csv"
cmp -s "$TMP/a.csv" "$TMP/c.csv" && fail "different seeds, same village"
# every demo NIK carries the fictional province 99
if tail -n +2 "$TMP/a.csv" | cut -d, -f1 | grep -Ev '^99'; then fail "a demo NIK outside province 99"; fi
run 2 --db "$TMP/d.db" demo --kpm 0
true
