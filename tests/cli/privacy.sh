# A whole day through the real binary, with every debug message on
# (G_MESSAGES_DEBUG=all), in a fresh HOME with its own XDG folders and
# working folder: the demo village, an import, cards, payments (by NIK, by
# card, through a proxy), an absence, a void, a desk laptop with its package
# and bundle, the report and its spreadsheets, receipts, the public list,
# backups. Then every file written anywhere there, and every stdout and
# stderr of the day, is searched for the full NIK or KK of any family of the
# village (and the proxy's NIK typed at the desk): PDFs by their text,
# workbooks by their XML, everything else byte for byte.
#
# Where a full NIK may be, and why (anything else holding one fails):
#   the stores (master and desk), their WAL, their backups, and a backup
#     copied to a stick                the record itself; readable by the
#                                      owner only (checked below)
#   the Laporan Realisasi (PDF) and its --xlsx and --csv
#                                      filed with the kecamatan, the
#                                      Inspektorat and the DPMD, who check it
#                                      against the SK list and DTKS/P3KE by
#                                      NIK (README, src/core/salur-report.c);
#                                      its footer says it holds personal data;
#                                      readable by the owner only, as every
#                                      document Salur writes (checked below)
#   `salur list --format csv|json` and `salur status --format csv|json`
#                                      output for the bendahara's scripts,
#                                      which join on the NIK
#   the spreadsheet imported, the --errors file asked for, and import's
#     stderr                           they name the refused cell's value so
#                                      that the bendahara can find and fix it
#                                      in that same spreadsheet
# Never: cards, receipts, the public list, the masked report, packages and
# bundles (sealed), the table outputs, any message or debug log.
. "$(dirname "$0")/lib.sh"
# every folder below is inside the scratch folder, never the real home
case "$TMP" in /?*/?*) [ -d "$TMP" ] || exit 1 ;; *) exit 1 ;; esac
for tool in pdftotext pdftoppm zbarimg; do
  command -v $tool >/dev/null || fail "$tool is needed (tools/install-deps installs it)"
done
PY=/usr/bin/python3

# a fresh home: nothing in it but what the day writes
export HOME=$TMP/home
export XDG_DATA_HOME=$HOME/.local/share XDG_CONFIG_HOME=$HOME/.config XDG_CACHE_HOME=$HOME/.cache
export XDG_STATE_HOME=$HOME/.local/state XDG_RUNTIME_DIR=$TMP/run TMPDIR=$TMP/tmp
export G_MESSAGES_DEBUG=all SALUR_PASSPHRASE="rahasia desa 2026"
unset SALUR_DB
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" "$TMPDIR" "$TMP/work/usb"
chmod 700 "$XDG_RUNTIME_DIR"
WORK=$TMP/work
LOGS=$TMP/logs
mkdir "$LOGS"
cd "$WORK"
STORE=$XDG_DATA_HOME/salur/salur.db
DESK=$XDG_DATA_HOME/salur/meja-krajan.db
M=2026-11
ROUND=2026-10,2026-11,2026-12

# step NAME EXPECTED_EXIT salur-args... : one command of the day; its stdout
# and stderr kept as $LOGS/NN-NAME.out and .err
n_step=0
step () {
  local name=$1 want=$2; shift 2
  n_step=$((n_step + 1))
  local base
  base=$LOGS/$(printf '%02d' $n_step)-$name
  set +e
  "$SALUR" "$@" >"$base.out" 2>"$base.err"
  local got=$?
  set -e
  OUT=$(cat "$base.out")
  ERR=$(cat "$base.err")
  [ "$got" -eq "$want" ] || { cat "$base.err" >&2; fail "salur $* exited $got, expected $want"; }
}
as () { # as OPERATOR PIN NAME EXPECTED_EXIT salur-args... (on the master's default store)
  local who=$1 pin=$2 name=$3 want=$4; shift 4
  SALUR_PIN=$pin step "$name" "$want" --operator "$who" "$@"
}
receipt_of () { sed -n 's/^Paid: receipt //p' <<<"$OUT"; }

# --- the day -----------------------------------------------------------------
step demo 0 demo --kpm 40
step list-table 0 list
step list-csv 0 list --format csv
cp "$LOGS/$(printf '%02d' $n_step)-list-csv.out" "$TMP/list.csv"
step list-json 0 list --format json
nik () { sed -n "$(( $1 + 2 ))p" "$TMP/list.csv" | cut -d, -f2; }
step village 0 village
step dusun 0 dusun list
step operators 0 operator list

# an import from the village's spreadsheet, one row refused (a NIK already
# on the list), the problems written to a file
printf 'NIK;NAMA;DUSUN;RT;RW\n9901011203850950;SITI MARYAM;Krajan;001;001\n%s;ORANG LAIN;Krajan;001;001\n' \
  "$(nik 3)" > "$WORK/tambahan.csv"
as sri 1111 import 0 import "$WORK/tambahan.csv" --skip-invalid --errors "$WORK/masalah.csv"
IMPORT_STEP=$n_step

# cards, read back as the desk's scanner reads them
as sri 1111 cards 0 cards --months $ROUND --out "$WORK/kartu.pdf" --place "Balai Desa" --date 2026-12-01 --time 08:00
pdftoppm -r 150 -gray -png -f 1 -l 1 "$WORK/kartu.pdf" "$TMP/tmp/kartu"
CARD=$(zbarimg -q --raw -Sdisable -Sqrcode.enable "$TMP/tmp"/kartu*.png 2>/dev/null | sed '/^$/d' | sed -n 1p)
rm -f "$TMP/tmp"/kartu*.png
[ -n "$CARD" ] || fail "no card read from the sheet"
step lookup-card 0 lookup --months $ROUND "$CARD"
step lookup-nik 0 lookup "$(nik 11)"
step lookup-name 0 lookup "$(sed -n 3p "$TMP/list.csv" | cut -d, -f4 | cut -d' ' -f1)"

# payments: by card, by NIK with the KTP's NIK, through a proxy, at home
as joko 2222 pay-card 0 pay --input "$CARD" --months $ROUND --desk Krajan --thumbprint
R_CARD=$(receipt_of)
as joko 2222 pay-nik 0 pay --nik "$(nik 11)" --months $M --desk Krajan --thumbprint
R_NIK=$(receipt_of)
PROXY_NIK=9901015505900003
as joko 2222 pay-proxy 0 pay --nik "$(nik 12)" --months $M --desk Krajan --thumbprint \
  --proxy-name "SITI AMINAH" --proxy-nik $PROXY_NIK --proxy-relation anak --surat-kuasa
R_PROXY=$(receipt_of)
as budi 4444 pay-home 0 pay --nik "$(nik 14)" --months $M --desk Lapangan --home --witness "Pak RT" --no-proof "tangan sakit"
as joko 2222 pay-twice 3 pay --nik "$(nik 11)" --months $M --desk Krajan --thumbprint
as wrongpin 9999 bad-pin 3 pay --nik "$(nik 15)" --months $M --desk Krajan --thumbprint
as joko 2222 absent 0 absent --nik "$(nik 16)" --months $M --reason sakit
as joko 2222 pay-void 0 pay --nik "$(nik 17)" --months $M --desk Krajan --thumbprint
as sri 1111 void 0 void "$(receipt_of)" --reason "salah orang"
step status-table 0 status --month $M
step status-csv 0 status --month $M --format csv
step status-json 0 status --month $M --format json
step history 0 history "$(nik 12)"

# receipts and their codes
step receipt 0 receipt "$R_PROXY" --out "$WORK/kuitansi-$R_PROXY.pdf"
step receipt-roll 0 receipt "$R_NIK" --out "$WORK/kuitansi-$R_NIK.pdf" --paper roll80
CODE=$(pdftotext "$WORK/kuitansi-$R_PROXY.pdf" - | sed -n 's/.*Kode verifikasi: \([0-9A-Z]\{4\}-[0-9A-Z]\{4\}\).*/\1/p')
step check-receipt 0 check-receipt "$CODE"

# a desk laptop for the afternoon, its bundle back to the bendahara
as sri 1111 package 0 package --for desk --dusun Krajan --out "$WORK/usb/meja-krajan.pkg"
step join 0 --db "$DESK" join "$WORK/usb/meja-krajan.pkg"
SALUR_PIN=3333 step desk-pay 0 --db "$DESK" --operator wati pay --nik "$(nik 18)" --months $M --desk Krajan --thumbprint
step desk-status 0 --db "$DESK" status --month $M
step export 0 --db "$DESK" export --out "$WORK/usb/meja-krajan.bundle"
step merge 0 merge "$WORK/usb/meja-krajan.bundle"
step conflicts 0 conflicts
step devices 0 devices

# the documents of the day
step report 0 report --months $M --out "$WORK/laporan-$M.pdf" --xlsx "$WORK/laporan-$M.xlsx" --csv "$WORK/laporan-$M.csv" \
  --date 2026-11-30
step report-masked 0 report --months $M --out "$WORK/laporan-$M-tanpa-nik.pdf" --mask-nik
step verify-report 0 verify-report "$WORK/laporan-$M.pdf"
step public-list 0 public-list --months $M --out "$WORK/daftar-kpm.pdf"

# backups, and the check of the record
step backup 0 backup
step backup-list 0 backup --list
step backup-usb 0 backup --to "$WORK/usb/salur-cadangan.db"
step verify 0 verify
step desk-verify 0 --db "$DESK" verify

# --- the search ----------------------------------------------------------------
# every NIK and KK of the village (the import's new family too), and the proxy's
"$SALUR" --db "$STORE" list --format csv | tail -n +2 | cut -d, -f2,3 | tr ',' '\n' | grep -E '^[0-9]{16}$' \
  | sort -u > "$TMP/secrets"
echo "$PROXY_NIK" >> "$TMP/secrets"
[ "$(wc -l < "$TMP/secrets")" -ge 80 ] || fail "only $(wc -l < "$TMP/secrets") numbers to look for"
grep -qx 9901011203850950 "$TMP/secrets" || fail "the imported family is not in the list"

# the text of a file as a person or a program would read it
text_of () {
  case "$1" in
    *.pdf) pdftotext -layout "$1" - 2>/dev/null ;;
    *.xlsx) $PY -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for n in z.namelist(): sys.stdout.buffer.write(z.read(n) + b"\n")' "$1" ;;
    *) cat "$1" ;;
  esac
}
# why FILE may hold a full NIK, or nothing
allowed () {
  case "$1" in
    "$STORE"|"$STORE-wal"|"$STORE-shm"|"$DESK"|"$DESK-wal"|"$DESK-shm") echo "the store" ;;
    "$STORE.backups/"*.db|"$DESK.backups/"*.db) echo "a backup" ;;
    "$WORK/usb/salur-cadangan.db") echo "a backup on the stick" ;;
    "$WORK/laporan-$M.pdf"|"$WORK/laporan-$M.xlsx"|"$WORK/laporan-$M.csv") echo "the report" ;;
    "$LOGS"/*-list-csv.out|"$LOGS"/*-list-json.out|"$LOGS"/*-status-csv.out|"$LOGS"/*-status-json.out)
      echo "output for scripts" ;;
    "$WORK/tambahan.csv"|"$WORK/masalah.csv"|"$LOGS/$(printf '%02d' $IMPORT_STEP)-import.err")
      echo "the spreadsheet imported, and its problems" ;;
  esac
}
found=0
declare -A SEEN=()
while IFS= read -r -d '' f; do
  hits=$(text_of "$f" | { grep -aoFf "$TMP/secrets" || true; } | sort -u | wc -l)
  why=$(allowed "$f")
  if [ "$hits" -gt 0 ]; then
    SEEN[$f]=$hits
    if [ -z "$why" ]; then
      echo "FULL NIK: $f holds $hits: $(text_of "$f" | grep -aoFf "$TMP/secrets" | sort -u | sed -n 1,3p | tr '\n' ' ')" >&2
      found=$((found + 1))
    fi
  fi
done < <(find "$HOME" "$WORK" "$TMPDIR" "$XDG_RUNTIME_DIR" "$LOGS" -type f -print0)
[ $found = 0 ] || fail "$found file(s) hold a full NIK where none may be"

# the search finds what is there: it would have failed above had it missed
for f in "$STORE" "$WORK/laporan-$M.pdf" "$WORK/laporan-$M.xlsx" "$WORK/laporan-$M.csv" "$STORE.backups"/*.db \
         "$LOGS"/*-list-csv.out "$LOGS"/*-status-json.out; do
  [ -n "${SEEN[$f]:-}" ] || fail "the search found no NIK in $f, which holds them: it is blind"
done
# ... and the files that must not hold one were searched, and exist
for f in "$WORK/kartu.pdf" "$WORK/kuitansi-$R_PROXY.pdf" "$WORK/daftar-kpm.pdf" "$WORK/laporan-$M-tanpa-nik.pdf" \
         "$WORK/usb/meja-krajan.pkg" "$WORK/usb/meja-krajan.bundle"; do
  [ -s "$f" ] || fail "$f was not written"
done
# the debug messages were on
grep -q -- "-DEBUG: " "$LOGS"/*.out "$LOGS"/*.err || fail "no debug message was written: G_MESSAGES_DEBUG had no effect"

# --- who may read the record -------------------------------------------------------
mode () { stat -c %a "$1"; }
for f in "$STORE" "$DESK" "$WORK/usb/salur-cadangan.db" "$STORE.backups"/*.db "$DESK.backups"/*.db; do
  [ "$(mode "$f")" = 600 ] || fail "$f is mode $(mode "$f"), not 600"
done
for f in "$STORE" "$DESK"; do
  for side in "$f-wal" "$f-shm"; do
    [ ! -e "$side" ] || [ "$(mode "$side")" = 600 ] || fail "$side is mode $(mode "$side")"
  done
done
for d in "$XDG_DATA_HOME/salur" "$STORE.backups" "$DESK.backups"; do
  [ "$(mode "$d")" = 700 ] || fail "$d is mode $(mode "$d"), not 700"
done
[ "$(mode "$WORK/masalah.csv")" = 600 ] || fail "the errors file is mode $(mode "$WORK/masalah.csv")"
# the report and its spreadsheets carry every NIK in full; the other documents name people
for f in "$WORK/laporan-$M.pdf" "$WORK/laporan-$M.xlsx" "$WORK/laporan-$M.csv" "$WORK/kartu.pdf" \
         "$WORK/kuitansi-$R_PROXY.pdf" "$WORK/daftar-kpm.pdf"; do
  [ "$(mode "$f")" = 600 ] || fail "$f is mode $(mode "$f"), not 600"
done
true
