#!/usr/bin/env bash
# Remakes the stores the harnesses work on (tests/fuzz/stores) and the seed
# corpus they start from (tests/fuzz/corpus/NAME), with the CLI as a village
# uses it: the demo village, its cards, a desk package joined on a second
# store, payments at the desk, the bundles both write, and the fixtures of
# tests/fixtures. Inputs the fuzzers found (regressions) are kept: only the
# files this script writes are replaced.
#   tests/fuzz/make-corpus.sh [SALUR_BINARY]   (default build/src/salur)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
SALUR="$(realpath "${1:-$here/../../build/src/salur}")"
FIXTURES="$here/../fixtures"
C="$here/corpus"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
export SALUR_PASSPHRASE="rahasia desa sukamaju"   # FUZZ_PASSPHRASE in fuzz-common.h
export LC_ALL=C.UTF-8 ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
ROUND=2026-10,2026-11,2026-12
M="$TMP/master.db" D="$TMP/desk.db"
s () { "$SALUR" "$@" >/dev/null; }
as () { local who=$1 pin=$2 db=$3; shift 3; SALUR_PIN=$pin "$SALUR" --db "$db" --operator "$who" "$@" >/dev/null; }
mkdir -p "$C"/{csv,xlsx,import,bundle,bundle-payload,card,lookup,signature} "$here/stores"

# the master: the demo village, cards for the round, one card reissued
s --db "$M" demo --kpm 30
"$SALUR" --db "$M" list --format csv | tail -n +2 > "$TMP/list"
nik_in () { grep ",$1,[^,]*,[^,]*,[^,]*\$" "$TMP/list" | sed -n "${2}p" | cut -d, -f2; }
as sri 1111 "$M" cards --months $ROUND --out "$TMP/kartu.pdf"
as sri 1111 "$M" cards --reissue "$(nik_in Krajan 1)" --months $ROUND --out "$TMP/ganti.pdf"

# a desk for Krajan, and what the master does after its package
as sri 1111 "$M" package --for desk --dusun Krajan --out "$C/bundle/meja-krajan.pkg"
as joko 2222 "$M" pay --nik "$(nik_in Karanganyar 1)" --months 2026-10 --desk Karanganyar --thumbprint
s --db "$D" join "$C/bundle/meja-krajan.pkg"
as joko 2222 "$D" pay --nik "$(nik_in Krajan 2)" --months 2026-10,2026-11 --desk Krajan \
  --signature "$FIXTURES/signature-sample.txt"
as joko 2222 "$D" pay --nik "$(nik_in Krajan 3)" --months 2026-10 --desk Krajan --thumbprint \
  --proxy-name "SITI AMINAH" --proxy-nik 9901014506900003 --proxy-relation anak --surat-kuasa
as joko 2222 "$D" absent --nik "$(nik_in Krajan 4)" --months 2026-10 --reason "sakit, dirawat di puskesmas"
s --db "$D" export --out "$C/bundle/meja-krajan.bundle"
s --db "$M" export --out "$C/bundle/induk.bundle"
cp "$M" "$D" "$here/stores/"

# the desk bundle's payload as salur_sync_export serialises it ('S'), and
# its events as text ('E', see fuzz-bundle-payload.c)
/usr/bin/python3 - "$D" "$C/bundle-payload" <<'PY'
import sqlite3, sys
desk, out = sys.argv[1], sys.argv[2]
db = sqlite3.connect(desk)
self_id = db.execute("SELECT device_id FROM device_self WHERE id = 1").fetchone()[0]
rows = db.execute("SELECT kind, kpm_id, at, operator, body FROM event WHERE device_id = ? ORDER BY seq",
                  (self_id,)).fetchall()
pkg = sqlite3.connect(":memory:")
pkg.execute("ATTACH ? AS src", (desk,))
pkg.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                  "CREATE TABLE event AS SELECT * FROM src.event WHERE 0;")
pkg.execute("INSERT INTO event SELECT * FROM src.event WHERE device_id = ? ORDER BY seq", (self_id,))
pkg.commit()
pkg.execute("DETACH src")
open(out + "/desk-payload", "wb").write(b"S" + pkg.serialize())
text = "\n%%\n".join("\n".join((k, kpm, at, op)) + "\n" + body for k, kpm, at, op, body in rows)
open(out + "/desk-events", "wb").write(b"E" + text.encode())
for i, (k, kpm, at, op, body) in enumerate(rows):
    open(f"{out}/event-{k}-{i + 1}", "wb").write(b"E" + "\n".join((k, kpm, at, op, body)).encode())
PY

# cards as zbarimg reads them from the first sheet, their short codes, NIKs, names
pdftoppm -r 150 -gray -png -f 1 -l 1 "$TMP/kartu.pdf" "$TMP/p"
pdftoppm -r 150 -gray -png "$TMP/ganti.pdf" "$TMP/g"
zbarimg -q --raw -Sdisable -Sqrcode.enable "$TMP"/p*.png | sed '/^$/d' | head -3 > "$TMP/codes"
zbarimg -q --raw -Sdisable -Sqrcode.enable "$TMP"/g*.png | sed '/^$/d' >> "$TMP/codes"
pdftotext "$TMP/kartu.pdf" - | grep -o '[0-9A-Z]\{3\}-[0-9A-Z]\{3\}-[0-9A-Z]\{3\}' | head -3 > "$TMP/short"
i=0
while read -r code; do
  i=$((i + 1))
  for d in card lookup; do printf '%s\n' "$code" > "$C/$d/payload-$i"; done
done < "$TMP/codes"
i=0
while read -r code; do
  i=$((i + 1))
  for d in card lookup; do printf '%s' "$code" > "$C/$d/short-code-$i"; done
done < "$TMP/short"
printf '%s' "$(nik_in Krajan 2)" > "$C/lookup/nik"
printf '%s' "$(sed -n 5p "$TMP/list" | cut -d, -f1)" > "$C/lookup/kpm-id"
printf '%s' "$(sed -n 7p "$TMP/list" | cut -d, -f4)" > "$C/lookup/name"
printf '%s' "siti" > "$C/lookup/part-of-a-name"
# signed by the harness from these bytes: one of the village's KPM, a card
# of the round, and one of another round
printf 'K0123456789\001\000\000\000\000' > "$C/card/signed-kpm"
printf 'KABCDEFGH\003\001\050\000\003' > "$C/card/signed-round"

# sheets: the fixtures, and the report's CSV and XLSX of the demo village
as sri 1111 "$M" report --months 2026-10 --out "$TMP/laporan.pdf" --xlsx "$TMP/laporan.xlsx" --csv "$TMP/laporan.csv"
for f in "$FIXTURES"/*.csv "$FIXTURES"/kpm-unicode.txt "$TMP/laporan.csv"; do
  cp "$f" "$C/csv/"; cp "$f" "$C/import/"
done
for f in "$FIXTURES"/*.xlsx "$FIXTURES"/not-a-workbook.zip "$TMP/laporan.xlsx"; do
  cp "$f" "$C/xlsx/"; cp "$f" "$C/import/"
done

# signatures: the text sample, and its binary form as the desk stored it
cp "$FIXTURES/signature-sample.txt" "$C/signature/"
/usr/bin/python3 - "$D" "$C/signature/stored.sgn" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
blob = db.execute("SELECT signature FROM ev_payment WHERE signature IS NOT NULL LIMIT 1").fetchone()[0]
open(sys.argv[2], "wb").write(blob)
PY
echo "stores: $(du -ch "$here"/stores/*.db | tail -1)"
for d in "$C"/*/; do echo "$(basename "$d"): $(ls "$d" | wc -l) files"; done
