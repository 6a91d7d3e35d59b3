# Devices and sync through the real binary, as issue 4's "Done means" says:
# two desks and a field laptop record a day with planted double payments;
# after the bundles cross in any order every store agrees, the doubles are
# listed as conflicts and nothing else is; refusals exit 3 with a clear
# message; verify passes everywhere.
. "$(dirname "$0")/lib.sh"

export SALUR_PASSPHRASE="rahasia desa 2026"
M=$TMP/master.db
D1=$TMP/desk1.db
D2=$TMP/desk2.db
F=$TMP/field.db

# as DB OPERATOR PIN EXPECTED_EXIT salur-args... : one signed-in command
as () {
  local db=$1 who=$2 pin=$3 want=$4
  shift 4
  SALUR_PIN=$pin run "$want" --db "$db" --operator "$who" "$@"
}
# the receipt number of the last "Paid: receipt X" line
receipt () {
  local r
  r=$(printf '%s\n' "$OUT" | sed -n 's/^Paid: receipt //p')
  printf '%s\n' "$r" | grep -Eq '^[A-Z]{3}-[0-9A-Z]{3}-[0-9]{4}-[0-9]{4}$' || fail "“$r” is not a receipt number: $OUT"
  printf '%s' "$r"
}
# the number of events `salur verify` counts (and it must pass)
events () {
  local out
  out=$("$SALUR" --db "$1" verify) || fail "verify failed on $1: $out"
  printf '%s\n' "$out" | sed -n 's/.*intact: \([0-9]*\) events.*/\1/p'
}
# projection DB MONTH : who is paid, with which receipt, how many times
projection () {
  "$SALUR" --db "$1" status --month "$2" --format csv | tail -n +2 | cut -d, -f1,6,7,12 | sort
}

run 0 --db "$M" demo --kpm 60
"$SALUR" --db "$M" list --format csv > "$TMP/list.csv"
nik () { sed -n "$(( $1 + 1 ))p" "$TMP/list.csv" | cut -d, -f2; }
name () { sed -n "$(( $1 + 1 ))p" "$TMP/list.csv" | cut -d, -f4; }
# a copy of the bendahara's laptop from before its first package: it holds no key
cp "$M" "$TMP/backup.db"
[ ! -e "$M-wal" ] || cp "$M-wal" "$TMP/backup.db-wal"

# the packages: two desks, a field laptop carrying three homebound KPM
as "$M" sri 1111 0 package --for desk --dusun Krajan --out "$TMP/desk1.pkg"
as "$M" sri 1111 0 package --for desk --dusun Ngasem --out "$TMP/desk2.pkg"
FIELD_NIKS="$(nik 1),$(nik 2),$(nik 3)"
as "$M" sri 1111 0 package --for field --officer budi --kpm "$FIELD_NIKS" --cash 2700000 --out "$TMP/field.pkg"
# a package needs the village's passphrase, once chosen
SALUR_PASSPHRASE="rahasia desa 2027" as "$M" sri 1111 3 package --for desk --dusun Krajan --out "$TMP/x.pkg"
[ ! -e "$TMP/x.pkg" ] || fail "a package with another passphrase was written"

# joining: a wrong passphrase sets up nothing
SALUR_PASSPHRASE="rahasia desa 2027" run 3 --db "$D1" join "$TMP/desk1.pkg"
contains "$ERR" "passphrase is wrong"
[ ! -e "$D1" ] || fail "a refused join left a data file"
run 0 --db "$D1" join "$TMP/desk1.pkg"
run 0 --db "$D2" join "$TMP/desk2.pkg"
run 0 --db "$F" join "$TMP/field.pkg"
contains "$OUT" "(3 KPM)"
# another laptop's package into this one
run 3 --db "$D1" join "$TMP/desk2.pkg"
contains "$ERR" "another device"

# the day; planted doubles: NIK 5 paid at both desks, NIK 1 at desk 1 and at home
as "$D1" joko 2222 0 pay --nik "$(nik 5)" --months 2026-11 --desk Krajan --thumbprint
R5A=$(receipt)
as "$D1" joko 2222 0 pay --nik "$(nik 1)" --months 2026-11 --desk Krajan --thumbprint
R1A=$(receipt)
as "$D1" joko 2222 0 pay --nik "$(nik 7)" --months 2026-10,2026-11 --desk Krajan --thumbprint
as "$D1" joko 2222 0 pay --nik "$(nik 9)" --months 2026-11 --desk Krajan --thumbprint
as "$D2" wati 3333 0 pay --nik "$(nik 5)" --months 2026-11 --desk Ngasem --thumbprint
R5B=$(receipt)
as "$D2" wati 3333 0 pay --nik "$(nik 6)" --months 2026-11,2026-12 --desk Ngasem --thumbprint
# NIK 7 for a month desk 1 did not pay: no conflict
as "$D2" wati 3333 0 pay --nik "$(nik 7)" --months 2026-12 --desk Ngasem --thumbprint
as "$F" budi 4444 0 pay --nik "$(nik 1)" --months 2026-11 --desk Lapangan --home --witness "Pak RT" --thumbprint
R1B=$(receipt)
as "$F" budi 4444 0 pay --nik "$(nik 2)" --months 2026-11,2026-12 --desk Lapangan --home --witness "Pak RT" --thumbprint
# a desk cannot pay what it already paid
as "$D1" joko 2222 3 pay --nik "$(nik 5)" --months 2026-11 --desk Krajan --thumbprint

for d in desk1 desk2 field; do
  run 0 --db "$TMP/$d.db" export --out "$TMP/$d.bundle"
  [ -s "$TMP/$d.bundle" ] || fail "$d wrote no bundle"
done
ls -a "$TMP" | grep -q '\.tmp$' && fail "an export left a temporary file: $(ls -a "$TMP")"

# the master: the doubles are new conflicts (exit 4); again, nothing new (exit 0)
run 4 --db "$M" merge "$TMP/desk1.bundle" "$TMP/desk2.bundle" "$TMP/field.bundle"
contains "$OUT" "2 new conflicts"
n=$(events "$M")
run 0 --db "$M" merge "$TMP/desk2.bundle" "$TMP/field.bundle" "$TMP/desk1.bundle"
contains "$OUT" "0 new"
[ "$(events "$M")" -eq "$n" ] || fail "merging the same bundles again stored events"
run 0 --db "$M" export --out "$TMP/master.bundle"

# the desks and the field laptop, each in its own order (the master's bundle too)
run 4 --db "$D1" merge "$TMP/field.bundle" "$TMP/master.bundle" "$TMP/desk2.bundle"
run 4 --db "$D2" merge "$TMP/desk1.bundle" "$TMP/field.bundle" "$TMP/master.bundle"
run 4 --db "$F" merge "$TMP/master.bundle" "$TMP/desk2.bundle" "$TMP/desk1.bundle"
run 0 --db "$F" merge "$TMP/desk1.bundle" "$TMP/master.bundle"
# a second copy of the master state: the backup, in yet another order (it asks for the passphrase)
SALUR_PASSPHRASE="rahasia desa 2027" run 3 --db "$TMP/backup.db" merge "$TMP/field.bundle"
contains "$ERR" "passphrase is wrong"
run 4 --db "$TMP/backup.db" merge "$TMP/field.bundle" "$TMP/desk2.bundle" "$TMP/desk1.bundle"

# every store agrees, month by month; the field laptop on the KPM it carries
for month in 2026-10 2026-11 2026-12; do
  projection "$M" $month > "$TMP/want"
  for db in "$D1" "$D2" "$TMP/backup.db"; do
    projection "$db" $month > "$TMP/got"
    diff "$TMP/want" "$TMP/got" >&2 || fail "$(basename "$db") and the master disagree on $month"
  done
  projection "$F" $month > "$TMP/got"
  grep -E "^($(echo "$FIELD_NIKS" | tr , '|'))," "$TMP/want" > "$TMP/want-field"
  diff "$TMP/want-field" "$TMP/got" >&2 || fail "the field laptop and the master disagree on $month"
done
grep -q "^$(nik 5),paid,.*,2$" <(projection "$M" 2026-11) || fail "NIK 5 is not shown paid twice"
grep -q "^$(nik 7),paid,.*,1$" <(projection "$M" 2026-12) || fail "NIK 7 is not paid once for 2026-12"

# the doubles, with both receipts, everywhere; nothing else
for db in "$M" "$D1" "$D2" "$F" "$TMP/backup.db"; do
  run 0 --db "$db" conflicts
  contains "$OUT" "2 conflicts."
  [ "$(printf '%s\n' "$OUT" | grep -c '^PAID TWICE')" -eq 2 ] || fail "$(basename "$db"): not 2 doubles: $OUT"
  lacks "$OUT" "AFTER CLOSING"
  for r in "$R5A" "$R5B" "$R1A" "$R1B"; do contains "$OUT" "$r" "conflicts of $(basename "$db")"; done
  contains "$OUT" "$(name 1)"
  lacks "$OUT" "$(name 7)"
  lacks "$OUT" "$(name 6)"
  # the field laptop holds only the KPM it carries: NIK 5 is not one
  [ "$db" = "$F" ] || contains "$OUT" "$(name 5)"
done

# the field laptop's cash: 3 KPM x 3 months handed over, 3 months paid at home
run 0 --db "$F" field-summary
contains "$OUT" "budi"
contains "$OUT" "Rp2.700.000"
contains "$OUT" "Rp900.000"
contains "$OUT" "Rp1.800.000"
contains "$OUT" "2 of 3 KPM"
run 2 --db "$D1" field-summary

# refusals: another village, a truncated file, a package where a bundle belongs
OTHER=$TMP/other.db
run 0 --db "$OTHER" demo --kpm 20 --seed 7
as "$OTHER" sri 1111 0 package --for desk --dusun Krajan --out "$TMP/other.pkg"
run 0 --db "$TMP/other-desk.db" join "$TMP/other.pkg"
OTHER_NIK=$("$SALUR" --db "$OTHER" list --format csv | sed -n 2p | cut -d, -f2)
as "$TMP/other-desk.db" joko 2222 0 pay --nik "$OTHER_NIK" --months 2026-11 --desk Krajan --thumbprint
run 0 --db "$TMP/other-desk.db" export --out "$TMP/other.bundle"
n=$(events "$M")
run 3 --db "$M" merge "$TMP/other.bundle"
contains "$ERR" "another village"
size=$(stat -c %s "$TMP/desk1.bundle")
head -c $((size - 1)) "$TMP/desk1.bundle" > "$TMP/cut.bundle"
run 3 --db "$M" merge "$TMP/cut.bundle"
contains "$ERR" "cut short"
head -c $((size / 2)) "$TMP/desk1.bundle" > "$TMP/cut.bundle"
run 3 --db "$D2" merge "$TMP/cut.bundle"
contains "$ERR" "cut short"
run 3 --db "$M" merge "$TMP/desk1.pkg"
contains "$ERR" "salur join"
# one bad file among good ones: the good ones are merged, the exit says the refusal
run 3 --db "$M" merge "$TMP/desk1.bundle" "$TMP/other.bundle"
[ "$(events "$M")" -eq "$n" ] || fail "a refused bundle stored events"

# the bendahara resolves one double: the conflict goes, here and, with the master's bundle, at the desk
as "$M" sri 1111 0 void "$R5B" --reason "dibayar dua kali; uang ditarik kembali"
run 0 --db "$M" conflicts
contains "$OUT" "1 conflict."
lacks "$OUT" "$R5B"
run 0 --db "$M" export --out "$TMP/master.bundle"
run 0 --db "$D1" merge "$TMP/master.bundle"
run 0 --db "$D1" conflicts
contains "$OUT" "1 conflict."
projection "$M" 2026-11 > "$TMP/want"
projection "$D1" 2026-11 > "$TMP/got"
diff "$TMP/want" "$TMP/got" >&2 || fail "desk 1 and the master disagree after the void"

# every record is intact
for db in "$M" "$D1" "$D2" "$F" "$TMP/backup.db" "$OTHER" "$TMP/other-desk.db"; do
  run 0 --db "$db" verify
  contains "$OUT" "intact"
done
