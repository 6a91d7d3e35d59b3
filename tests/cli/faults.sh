# What really happens to a laptop's files, through the real binary: the
# disk fills while paying, while writing a report or a backup; the
# data file or its folder is read-only; the USB stick holding it is not
# there; two programs pay on one data file at once. Each time: a clear
# message, a non-zero exit, nothing half-written, every payment confirmed
# before still there, `salur verify` passing, and work going on once the
# cause is gone.
#
# A full disk is made with RLIMIT_FSIZE (ulimit -f) and SIGXFSZ ignored: a
# write past the limit fails with EFBIG, as one fails with ENOSPC on a full
# disk, and root cannot step over it (a tmpfs would need root). Read-only
# files mean nothing to root: as root, those steps run as nobody (setpriv).
#
# Elsewhere: a folder removed under a running program (a USB stick pulled
# out mid-day) in tests/core/test-backup.c /store/vanished; a bundle
# exported onto a full stick in tests/core/test-sync.c /sync/export/full;
# SIGKILL while paying in tests/core/test-kill.c; two programs paying from
# one list in tests/core/test-backup.c /store/second-instance.
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || fail "the sqlite3 program is needed"
export SALUR_PASSPHRASE="rahasia desa 2026"

as () { # as OPERATOR PIN EXPECTED_EXIT salur-args...
  local who=$1 pin=$2 want=$3
  shift 3
  SALUR_PIN=$pin run "$want" --db "$DB" --operator "$who" "$@"
}
# limited KB salur-args... : salur with every file it writes limited to KB
# kilobytes; sets $RC, $OUT, $ERR
limited () {
  local kb=$1; shift
  set +e
  ( trap '' XFSZ; ulimit -f "$kb"; exec "$SALUR" "$@" ) >"$TMP/out" 2>"$TMP/err"
  RC=$?
  set -e
  OUT="$(cat "$TMP/out")"
  ERR="$(cat "$TMP/err")"
}
state () { # state NIK MONTH
  "$SALUR" --db "$DB" status --month "$2" --format csv | grep "^$1," | cut -d, -f6
}
receipt_of () { # receipt_of NIK MONTH
  "$SALUR" --db "$DB" status --month "$2" --format csv | grep "^$1," | cut -d, -f7
}
no_temp_files () { # no_temp_files DIR WHAT
  if find "$1" -name '.*.tmp' | grep -q .; then
    fail "$2 left a temporary file: $(find "$1" -name '.*.tmp')"
  fi
}

run 0 --db "$DB" demo --kpm 40
"$SALUR" --db "$DB" list --format csv | tail -n +2 > "$TMP/list.csv"
nik () { sed -n "$(( $1 + 1 ))p" "$TMP/list.csv" | cut -d, -f2; }
M=2026-11

# --- the disk fills while paying -------------------------------------------
# The same payment is tried with less and less room (each try a new KPM):
# with enough it is confirmed, with too little it is refused as a full disk
# and nothing of it is stored. Where the edge lies depends on SQLite's pages,
# so the test looks for it rather than assuming it.
declare -A CONFIRMED=()
as joko 2222 0 pay --nik "$(nik 0)" --months $M --desk Krajan --thumbprint
CONFIRMED[$(nik 0)]=$(receipt_of "$(nik 0)" $M)
full=0
i=1
for kb in 512 256 128 96 64 48 40 32 24 16 8; do
  n=$(nik $i)
  SALUR_PIN=2222 limited "$kb" --db "$DB" --operator joko pay --nik "$n" --months $M --desk Krajan --thumbprint
  case $RC in
    0) contains "$OUT" "Paid: receipt"
       CONFIRMED[$n]=$(receipt_of "$n" $M) ;;
    1) full=$((full + 1))
       contains "$ERR" "the disk is full" "pay with ${kb} KB of room"
       contains "$ERR" "Nothing was changed" "pay with ${kb} KB of room"
       lacks "$OUT" "Paid:"
       [ "$(state "$n" $M)" = unpaid ] || fail "a payment refused for a full disk is stored (${kb} KB)"
       # room again: the same payment goes through
       as joko 2222 0 pay --nik "$n" --months $M --desk Krajan --thumbprint
       CONFIRMED[$n]=$(receipt_of "$n" $M) ;;
    *) echo "$ERR" >&2; fail "pay with ${kb} KB of room exited $RC" ;;
  esac
  i=$((i + 1))
done
[ $full -ge 1 ] || fail "no limit made the disk full while paying"
for n in "${!CONFIRMED[@]}"; do
  [ "$(receipt_of "$n" $M)" = "${CONFIRMED[$n]}" ] || fail "the confirmed payment of $n ($(receipt_of "$n" $M)) changed"
done
[ "$(sqlite3 "$DB" "SELECT count(*) FROM ev_payment")" = ${#CONFIRMED[@]} ] \
  || fail "the record holds $(sqlite3 "$DB" "SELECT count(*) FROM ev_payment") payments, ${#CONFIRMED[@]} were confirmed"
run 0 --db "$DB" verify
contains "$OUT" "intact"

# --- ... while writing a report or a backup -----------------------------------
# (a bundle: tests/core/test-sync.c /sync/export/full; here a bundle is
# smaller than the WAL index the data file needs to open at all)
# room for the data file's WAL index (32 KiB) and no more: the store opens,
# the document does not fit
mkdir "$TMP/docs"
limited 40 --db "$DB" report --months $M --out "$TMP/docs/laporan.pdf"
[ $RC = 1 ] || fail "a report on a full disk exited $RC: $ERR"
contains "$ERR" "the disk is full"
[ ! -e "$TMP/docs/laporan.pdf" ] || fail "a report that did not fit left a PDF"
no_temp_files "$TMP/docs" "a report on a full disk"
run 0 --db "$DB" report --months $M --out "$TMP/docs/laporan.pdf"

BACKUPS="$DB.backups"
before=$(ls "$BACKUPS" | sort)
limited 64 --db "$DB" backup
[ $RC = 1 ] || fail "a backup on a full disk exited $RC: $ERR"
contains "$ERR" "is full"
contains "$ERR" "the data file itself is unharmed"
[ "$(ls "$BACKUPS" | sort)" = "$before" ] || fail "a backup that did not fit changed the backups: $(ls "$BACKUPS")"
no_temp_files "$BACKUPS" "a backup on a full disk"
limited 64 --db "$DB" backup --to "$TMP/docs/stick.db"
[ $RC = 1 ] || fail "a backup onto a full stick exited $RC"
[ ! -e "$TMP/docs/stick.db" ] || fail "a backup that did not fit was left on the stick"
run 0 --db "$DB" backup --to "$TMP/docs/stick.db"

# --- read-only -------------------------------------------------------------
# as_owner salur-args... : as the owner of the files, who is not root
if [ "$(id -u)" = 0 ]; then
  command -v setpriv >/dev/null || fail "setpriv (util-linux) is needed to test read-only files as root"
  OWNER=(setpriv --reuid=65534 --regid=65534 --clear-groups)
else
  OWNER=()
fi
as_owner () { # as_owner EXPECTED_EXIT salur-args...
  local want=$1; shift
  set +e
  "${OWNER[@]}" "$SALUR" "$@" >"$TMP/out" 2>"$TMP/err"
  local got=$?
  set -e
  OUT="$(cat "$TMP/out")"
  ERR="$(cat "$TMP/err")"
  [ "$got" -eq "$want" ] || { cat "$TMP/err" >&2; fail "salur $* exited $got, expected $want"; }
}
RO=$TMP/ro
mkdir "$RO"
cp "$DB" "$RO/salur.db"
chmod 755 "$TMP"
[ "$(id -u)" = 0 ] && chown -R 65534:65534 "$RO"
events_before=$(sqlite3 "$RO/salur.db" "SELECT count(*) FROM event")
# the file read-only (an archive kept as it was): read, not written
chmod 0400 "$RO/salur.db"
as_owner 0 --db "$RO/salur.db" status --month $M
SALUR_PIN=2222 as_owner 1 --db "$RO/salur.db" --operator joko pay --nik "$(nik 35)" --months $M --desk Krajan --thumbprint
contains "$ERR" "cannot be written (read-only)"
contains "$ERR" "Nothing was changed"
[ "$(stat -c %a "$RO/salur.db")" = 400 ] || fail "Salur made a read-only data file writable again"
[ "$(sqlite3 "$RO/salur.db" "SELECT count(*) FROM event")" = "$events_before" ] || fail "a read-only store was written"
# writable again: the WAL files the read-only program could not remove
# do not keep it read-only
chmod 0600 "$RO/salur.db"
SALUR_PIN=2222 as_owner 0 --db "$RO/salur.db" --operator joko pay --nik "$(nik 35)" --months $M --desk Krajan --thumbprint
events_before=$(sqlite3 "$RO/salur.db" "SELECT count(*) FROM event")
# its folder read-only: SQLite cannot keep its WAL beside the file
[ ! -e "$RO/salur.db-wal" ] || fail "the WAL was left after a clean end"
chmod 0500 "$RO"
SALUR_PIN=2222 as_owner 1 --db "$RO/salur.db" --operator joko pay --nik "$(nik 36)" --months $M --desk Krajan --thumbprint
contains "$ERR" "The folder $RO holding the data file cannot be written"
as_owner 1 --db "$RO/salur.db" status --month $M
contains "$ERR" "The folder $RO holding the data file cannot be written"
chmod 0700 "$RO"
[ "$(sqlite3 "$RO/salur.db" "SELECT count(*) FROM event")" = "$events_before" ] || fail "a store in a read-only folder was written"
SALUR_PIN=2222 as_owner 0 --db "$RO/salur.db" --operator joko pay --nik "$(nik 36)" --months $M --desk Krajan --thumbprint
as_owner 0 --db "$RO/salur.db" verify

# --- the USB stick is not there ----------------------------------------------
STICK=$TMP/stick
mkdir "$STICK"
cp "$DB" "$STICK/salur.db"
mv "$STICK" "$TMP/stick-elsewhere"
as joko 2222 3 --db "$STICK/salur.db" pay --nik "$(nik 36)" --months $M --desk Krajan --thumbprint
contains "$ERR" "There is no data file at $STICK/salur.db"
contains "$ERR" "plug the stick in"
run 3 --db "$STICK/salur.db" status --month $M
[ ! -e "$STICK" ] || fail "a command made the missing stick's folder"
mv "$TMP/stick-elsewhere" "$STICK"
run 0 --db "$STICK/salur.db" status --month $M

# --- two programs paying on one data file at once ---------------------------
# two `salur pay` loops over the same KPM, one from the top and one from the
# bottom, as two desks sharing a laptop's file: every KPM paid once, the
# other told by whom and where; no failure because the other was writing
FIRST=10 LAST=29
pay_loop () { # pay_loop NAME PIN DESK ORDER...
  local who=$1 pin=$2 desk=$3; shift 3
  for i in "$@"; do
    set +e
    SALUR_PIN=$pin "$SALUR" --db "$DB" --operator "$who" pay --nik "$(nik "$i")" --months 2026-12 --desk "$desk" \
      --thumbprint >"$TMP/$who.$i.out" 2>"$TMP/$who.$i.err"
    echo "$i $?" >> "$TMP/$who.codes"
    set -e
  done
}
: > "$TMP/joko.codes"; : > "$TMP/wati.codes"
pay_loop joko 2222 Krajan $(seq $FIRST $LAST) &
A=$!
pay_loop wati 3333 Ngasem $(seq $LAST -1 $FIRST) &
B=$!
wait $A $B
paid=0
for who in joko wati; do
  other=$([ $who = joko ] && echo wati || echo joko)
  while read -r i code; do
    case $code in
      0) paid=$((paid + 1)) ;;
      3) contains "$(cat "$TMP/$who.$i.err")" "already paid" "$who's refusal of KPM $i"
         contains "$(cat "$TMP/$who.$i.err")" "by $other" "$who's refusal of KPM $i" ;;
      *) fail "$who's payment of KPM $i exited $code: $(cat "$TMP/$who.$i.err")" ;;
    esac
  done < "$TMP/$who.codes"
done
[ $paid = $((LAST - FIRST + 1)) ] || fail "the two loops paid $paid times for $((LAST - FIRST + 1)) KPM"
for i in $(seq $FIRST $LAST); do
  [ "$(state "$(nik "$i")" 2026-12)" = paid ] || fail "KPM $i is not paid for 2026-12"
done
[ "$(sqlite3 "$DB" "SELECT count(*) FROM (SELECT kpm_id FROM ev_month WHERE month = (SELECT month FROM ev_month
     WHERE receipt = '$(receipt_of "$(nik $FIRST)" 2026-12)' LIMIT 1) GROUP BY kpm_id HAVING count(*) > 1)")" = 0 ] \
  || fail "a KPM was paid twice for 2026-12"
run 0 --db "$DB" verify
true
