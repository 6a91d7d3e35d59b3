# salur init / village / dusun: the village settings through the CLI
. "$(dirname "$0")/lib.sh"

# no data file yet: a clear message, exit 3, and no file made (only init,
# demo and join make one: a stick not plugged in must not get an empty store)
run 3 --db "$DB" village
contains "$ERR" "no data file at $DB"
[ ! -e "$DB" ] || fail "a command that reads made a data file"
# a data file without a village: a clear message, exit 3
sqlite3 "$DB" "PRAGMA user_version = 0" || fail "sqlite3 cannot make an empty file"
run 3 --db "$DB" village
contains "$ERR" "no village yet"
[ "$(stat -c %a "$DB")" = 600 ] || fail "store mode is $(stat -c %a "$DB"), want 600"

run 0 --db "$DB" init --desa Sukamaju --kecamatan Sukamaju --kabupaten Contoh --provinsi Contoh \
  --kode-wilayah 99.01.01.2001 --kepala-desa "BUDI SANTOSO" --kaur-keuangan "SRI WAHYUNI"
run 3 --db "$DB" init --desa Other --kecamatan A --kabupaten B --provinsi C
contains "$ERR" "already holds a village"

run 0 --db "$DB" village
contains "$OUT" "Sukamaju"
contains "$OUT" "Rp300.000"
contains "$OUT" "BUDI SANTOSO"

run 0 --db "$DB" village set amount 250000
run 0 --db "$DB" village
contains "$OUT" "Rp250.000"
run 3 --db "$DB" village set amount 250.000
contains "$ERR" "number of rupiah"
run 3 --db "$DB" village set max-months 0
run 2 --db "$DB" village set colour blue
contains "$ERR" "not a village setting"

# SALUR_DB is honoured
SALUR_DB="$DB" run 0 village
contains "$OUT" "Sukamaju"

run 0 --db "$DB" dusun add Krajan --rw 001,002
run 0 --db "$DB" dusun add "Sido Mulyo" --rw 3
run 3 --db "$DB" dusun add krajan
contains "$ERR" "already there"
run 3 --db "$DB" dusun add Ngasem --rw 003
contains "$ERR" "Sido Mulyo"
run 3 --db "$DB" dusun add Ngasem --rw tiga
run 0 --db "$DB" dusun list
[ "$OUT" = "$(printf 'Krajan\t001,002\nSido Mulyo\t003')" ] || fail "dusun list: $OUT"
