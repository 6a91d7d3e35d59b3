# Backups and restore through the real binary: automatic ones (after the
# demo, a join, an import, a merge; hourly after other writes; in the
# background for a large store), `salur backup`, `--list`, `--to`; a data
# file damaged on the disk (the message, the exit code, `salur restore
# --latest`, what the backup lacks, and the desk's own events brought back
# by merging its last bundle); restores refused: another village's backup,
# a damaged backup, a store another program holds open.
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || fail "the sqlite3 program is needed"
export SALUR_PASSPHRASE="rahasia desa 2026"
BK="$DB.backups"

as () { # as DB OPERATOR PIN EXPECTED_EXIT salur-args...
  local db=$1 who=$2 pin=$3 want=$4
  shift 4
  SALUR_PIN=$pin run "$want" --db "$db" --operator "$who" "$@"
}
count_backups () { # count_backups STORE
  find "$1.backups" -maxdepth 1 -name '*.db' 2>/dev/null | wc -l
}
payments () { sqlite3 "$1" "SELECT count(*) FROM ev_payment"; }
# Writes garbage over the first bytes of page PAGE of FILE (a failing disk)
damage () { # damage FILE PAGE
  printf '\015\377\377\377\377\377\377\377\336\255\276\357' | dd of="$1" bs=1 seek=$(( ($2 - 1) * 4096 )) conv=notrunc 2>/dev/null
}
# the newest backup, as `salur backup --list` gives it
newest () { "$SALUR" --db "$1" backup --list | sed -n 2p | awk '{ print $NF }'; }
# waits up to 60 s for CONDITION (a shell command) to hold
wait_for () { # wait_for WHAT CONDITION
  local i
  for i in $(seq 600); do
    if eval "$2"; then return 0; fi
    sleep 0.1
  done
  fail "waited 60 s for $1"
}

run 0 --db "$DB" demo --kpm 40
"$SALUR" --db "$DB" list --format csv | tail -n +2 > "$TMP/list.csv"
nik () { sed -n "$(( $1 + 1 ))p" "$TMP/list.csv" | cut -d, -f2; }

# the demo took the first one: the folder and the file readable by the owner only
[ "$(count_backups "$DB")" = 1 ] || fail "the demo left $(count_backups "$DB") backups"
[ "$(stat -c %a "$BK")" = 700 ] || fail "the backup folder's mode is $(stat -c %a "$BK")"
FIRST=$(find "$BK" -name '*.db')
[ "$(stat -c %a "$FIRST")" = 600 ] || fail "a backup's mode is $(stat -c %a "$FIRST")"
basename "$FIRST" | grep -Eq '^salur-[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{6}Z\.db$' || fail "a backup's name: $FIRST"

# a payment within the hour: no new backup
as "$DB" joko 2222 0 pay --nik "$(nik 0)" --months 2026-11 --desk Krajan --thumbprint
[ "$(count_backups "$DB")" = 1 ] || fail "a payment within the hour took a backup"
# an import always takes one
printf 'NIK;NAMA;DUSUN;RT;RW\n9901011203850950;SITI MARYAM;Krajan;001;001\n' > "$TMP/tambahan.csv"
as "$DB" sri 1111 0 import "$TMP/tambahan.csv"
[ "$(count_backups "$DB")" = 2 ] || fail "an import took no backup"

# on demand, listed newest first, and to a stick
run 0 --db "$DB" backup
contains "$OUT" "Backup written: $BK/"
contains "$OUT" "The newest 10 backups are kept in $BK"
WRITTEN=$(sed -n 's/^Backup written: \(.*\) (.*$/\1/p' <<<"$OUT")
[ -f "$WRITTEN" ] || fail "salur backup names a file that is not there: $OUT"
[ "$(count_backups "$DB")" = 3 ] || fail "salur backup wrote no backup"
run 0 --db "$DB" backup --list
contains "$OUT" "3 backups of $DB, newest first"
[ "$(newest "$DB")" = "$WRITTEN" ] || fail "the list does not start with the newest: $OUT"
mkdir "$TMP/usb"
run 0 --db "$DB" backup --to "$TMP/usb/salur-cadangan.db"
[ "$(stat -c %a "$TMP/usb/salur-cadangan.db")" = 600 ] || fail "a backup on the stick is not 0600"
[ "$(count_backups "$DB")" = 3 ] || fail "a backup --to went into the rotation"
cp "$TMP/usb/salur-cadangan.db" "$TMP/check.db"
run 0 --db "$TMP/check.db" verify
[ "$(payments "$TMP/check.db")" = 1 ] || fail "the backup on the stick lacks the payment"
run 2 --db "$DB" backup extra
run 2 --db "$DB" restore
run 2 --db "$DB" restore "$TMP/check.db" --latest
run 3 --db "$TMP/elsewhere.db" restore --latest
contains "$ERR" "There is no backup of $TMP/elsewhere.db"

# a large store is backed up in the background (here a small one made to
# take that path): the command does not wait, the backup comes
n=$(count_backups "$DB")
printf 'NIK;NAMA;DUSUN;RT;RW\n9901011203850951;ROHMAT;Krajan;001;001\n' > "$TMP/tambahan2.csv"
SALUR_BACKUP_FOREGROUND_MAX=0 as "$DB" sri 1111 0 import "$TMP/tambahan2.csv"
wait_for "the background backup" '[ "$(count_backups "$DB")" -gt "$n" ] && ! find "$BK" -name ".*.tmp" | grep -q .'
NEWEST=$(newest "$DB")
cp "$NEWEST" "$TMP/check2.db"
run 0 --db "$TMP/check2.db" verify
[ "$(sqlite3 "$TMP/check2.db" "SELECT count(*) FROM kpm WHERE nik = '9901011203850951'")" = 1 ] \
  || fail "the background backup does not hold the import it followed"

# --- a data file damaged on the disk ----------------------------------------
run 0 --db "$DB" backup
GOOD=$(newest "$DB")
as "$DB" joko 2222 0 pay --nik "$(nik 1)" --months 2026-11 --desk Krajan --thumbprint
LOST=$(sed -n 's/^Paid: receipt //p' <<<"$OUT")
before=$(payments "$DB")
damage "$DB" "$(sqlite3 "$DB" "SELECT rootpage FROM sqlite_schema WHERE name = 'ev_month'")"
run 1 --db "$DB" status --month 2026-11
contains "$ERR" "The data file $DB is damaged"
contains "$ERR" "Salur stops here"
contains "$ERR" "$GOOD"
contains "$ERR" "salur --db $DB restore --latest"
lacks "$OUT" "KPM:"
as "$DB" joko 2222 1 pay --nik "$(nik 2)" --months 2026-11 --desk Krajan --thumbprint
contains "$ERR" "is damaged"
# no backup of a damaged store pushes the good ones out
n=$(count_backups "$DB")
run 1 --db "$DB" backup
contains "$ERR" "is damaged"
[ "$(count_backups "$DB")" = "$n" ] && [ "$(newest "$DB")" = "$GOOD" ] || fail "a damaged store was backed up"
run 0 --db "$DB" restore --latest
contains "$OUT" "Restored $DB from the backup $GOOD"
contains "$OUT" "kept as $DB.replaced-"
contains "$OUT" "Events after"
contains "$OUT" "1 events (1 payments)"
contains "$OUT" "merge this laptop's own last bundle"
ASIDE=$(sed -n 's/.*kept as \(.*\)\.$/\1/p' <<<"$OUT")
[ -f "$ASIDE" ] || fail "the replaced data file was not kept: $ASIDE"
[ "$(stat -c %a "$DB")" = 600 ] || fail "the restored data file's mode is $(stat -c %a "$DB")"
run 0 --db "$DB" verify
[ "$(payments "$DB")" = $((before - 1)) ] || fail "the restored store holds $(payments "$DB") payments"
run 0 --db "$DB" status --month 2026-11
as "$DB" joko 2222 0 pay --nik "$(nik 2)" --months 2026-11 --desk Krajan --thumbprint

# --- refused restores: nothing changes ------------------------------------
run 0 --db "$TMP/other.db" demo --kpm 10 --seed 7
OTHER=$(newest "$TMP/other.db")
snapshot=$(sqlite3 "$DB" "SELECT count(*) || ':' || max (seq) FROM event")
run 3 --db "$DB" restore "$OTHER"
contains "$ERR" "another village"
cp "$GOOD" "$TMP/broken.db"
damage "$TMP/broken.db" 3
run 3 --db "$DB" restore "$TMP/broken.db"
contains "$ERR" "is damaged"
printf 'bukan basis data\n' > "$TMP/notes.db"
run 3 --db "$DB" restore "$TMP/notes.db"
contains "$ERR" "cannot be read"
run 3 --db "$DB" restore "$TMP/nothing.db"
contains "$ERR" "no backup file"
# another program holds the store open (as the window does all day)
mkfifo "$TMP/hold"
sqlite3 "$DB" < "$TMP/hold" > "$TMP/holder.out" &
HOLDER=$!
exec 3>"$TMP/hold"
echo "SELECT 'open:' || count(*) FROM event;" >&3
wait_for "sqlite3 to hold the store" 'grep -q open: "$TMP/holder.out"'
run 1 --db "$DB" restore --latest
contains "$ERR" "close it first"
exec 3>&-
wait $HOLDER
[ "$(sqlite3 "$DB" "SELECT count(*) || ':' || max (seq) FROM event")" = "$snapshot" ] || fail "a refused restore changed the store"
[ "$(find "$TMP" -maxdepth 1 -name 'salur.db.replaced-*' ! -name '*-wal' | wc -l)" = 1 ] \
  || fail "a refused restore set a file aside"
[ ! -e "$DB.restoring" ] || fail "a refused restore left its working copy"

# --- a desk restores, then brings its own events back from its last bundle --
M=$TMP/master.db
D=$TMP/desk.db
run 0 --db "$M" demo --kpm 40
as "$M" sri 1111 0 package --for desk --dusun Krajan --out "$TMP/desk.pkg"
run 0 --db "$D" join "$TMP/desk.pkg"
[ "$(count_backups "$D")" = 1 ] || fail "a join took no backup"
as "$D" joko 2222 0 pay --nik "$(nik 3)" --months 2026-11 --desk Krajan --thumbprint
as "$D" joko 2222 0 pay --nik "$(nik 4)" --months 2026-11 --desk Krajan --thumbprint
R4=$(sed -n 's/^Paid: receipt //p' <<<"$OUT")
run 0 --db "$D" export --out "$TMP/usb/desk.bundle"
run 0 --db "$M" merge "$TMP/usb/desk.bundle"
damage "$D" 1
run 1 --db "$D" status --month 2026-11
contains "$ERR" "restore --latest"
run 0 --db "$D" restore --latest
contains "$OUT" "could not be read"
contains "$OUT" "this laptop's own last bundle"
run 0 --db "$D" merge "$TMP/usb/desk.bundle"
contains "$OUT" "2 new"
# the next receipt follows on, and the bendahara takes the desk's next bundle
as "$D" joko 2222 0 pay --nik "$(nik 5)" --months 2026-11 --desk Krajan --thumbprint
R5=$(sed -n 's/^Paid: receipt //p' <<<"$OUT")
[ "${R5##*-}" = "$(printf '%04d' $(( 10#${R4##*-} + 1 )))" ] || fail "after the restore the desk's receipts go $R4, $R5"
run 0 --db "$D" export --out "$TMP/usb/desk.bundle"
run 0 --db "$M" merge "$TMP/usb/desk.bundle"
contains "$OUT" "1 new"
run 0 --db "$M" verify
run 0 --db "$D" verify
true
