#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Remakes the page images of the documents shown in the README: the demo
# village after a scripted morning at the Karanganyar desk (signatures,
# thumbprints, a proxy, a home delivery with a witness, an absence, a void,
# a KPM closed by a list change), then the report, two receipts and the
# public list, each page rendered with pdftoppm -r 80.
#
# Usage: docs/make-document-images.sh [BUILD_DIR] (default ./build)
set -euo pipefail
BUILD=${1:-./build}
SALUR=$(realpath "$BUILD/src/salur")
DOCS=$(cd "$(dirname "$0")" && pwd)
SIG=$DOCS/../tests/fixtures/signature-sample.txt
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DB=$WORK/salur.db
export TZ=Asia/Jakarta            # the desk's clock (WIB)

S () { "$SALUR" --db "$DB" "$@"; }
as () { local who=$1 pin=$2; shift 2; SALUR_PIN=$pin "$SALUR" --db "$DB" --operator "$who" "$@" >/dev/null; }
# the sample signature slanted, scaled and moved a little for each hand;
# every third without pressure, as a mouse draws
sigvar () {
  awk -v seed="$1" 'BEGIN { srand(seed); sx = 0.75 + rand() * 0.25; sy = 0.7 + rand() * 0.3; sh = (rand() - 0.5) * 0.5;
                            tx = 10 + rand() * 60; nop = (seed % 3 == 0); k = 0.8 + (seed % 5) / 10 }
    /^#/ || /^$/ { next }
    /^SIZE/ { print; next }
    { out = ""; for (i = 1; i <= NF; i++) { split($i, f, ",");
        x = tx + sx * f[1] + sh * (f[2] - 100); y = 15 + sy * f[2];
        if (x < 0) x = 0; if (x > 599) x = 599; if (y < 0) y = 0; if (y > 199) y = 199;
        p = f[4] * k; if (p > 1) p = 1;
        out = out sprintf("%s%.1f,%.1f,%s%s", (i > 1 ? " " : ""), x, y, f[3], nop ? "" : sprintf(",%.2f", p)) }
      print out }' "$SIG"
}

S demo >/dev/null
mapfile -t ROWS < <(S list --format csv | tail -n +2)
nik () { echo "${ROWS[$1]}" | cut -d, -f2; }
dusun () { echo "${ROWS[$1]}" | cut -d, -f10; }
M=2026-11
as sri 1111 change close --nik "$(nik 5)" --from $M --reason died --sk 141/05/2026
for i in $(seq 0 40); do
  n=$(nik "$i"); d=$(dusun "$i")
  case $i in
    5|9|20|33) ;;                                           # closed; not come yet
    3|13|27) as joko 2222 pay --nik "$n" --months $M --desk "$d" --thumbprint ;;
    4) sigvar 4 > "$WORK/s.txt"
       as joko 2222 pay --nik "$n" --months $M --desk "$d" --proxy-name "SITI AMINAH" --proxy-nik 9901015505900003 \
         --proxy-relation anak --surat-kuasa --signature "$WORK/s.txt"
       PROXY=$(S status --month $M --format csv | awk -F, -v n="$n" '$1 == n { print $7 }') ;;
    6) as joko 2222 absent --nik "$n" --months $M --reason "sakit, dirawat di puskesmas" ;;
    8) sigvar 8 > "$WORK/s.txt"
       as budi 4444 pay --nik "$n" --months $M --desk "$d" --home --witness "RAHMAT (pendamping desa)" --signature "$WORK/s.txt" ;;
    11) as joko 2222 pay --nik "$n" --months $M --desk "$d" --no-proof "tangan kanan cedera" ;;
    15) as joko 2222 pay --nik "$n" --months $M --desk "$d" --thumbprint
        VOIDED=$(S history "$n" | sed -n 's/.*\([A-Z]\{3\}-[0-9A-Z]\{3\}-[0-9]\{4\}-[0-9]\{4\}\).*/\1/p' | head -1)
        as sri 1111 void "$VOIDED" --reason "salah orang: diterima tetangga" ;;
    *) sigvar "$i" > "$WORK/s.txt"; as joko 2222 pay --nik "$n" --months $M --desk "$d" --signature "$WORK/s.txt" ;;
  esac
done

S report --months $M --out "$WORK/laporan.pdf" --date 2026-11-30 >/dev/null
S receipt "$PROXY" --out "$WORK/kuitansi.pdf" >/dev/null
S receipt "$(S status --month $M --format csv | awk -F, -v n="$(nik 3)" '$1 == n { print $7 }')" --paper roll80 \
  --out "$WORK/kuitansi-80.pdf" >/dev/null
S public-list --months $M --out "$WORK/daftar.pdf" --date 2026-11-30 >/dev/null

pages=$(pdfinfo "$WORK/laporan.pdf" | awk '/^Pages:/ { print $2 }')
pdftoppm -r 80 -png -f 1 -l 1 -singlefile "$WORK/laporan.pdf" "$DOCS/laporan-realisasi"
pdftoppm -r 80 -png -f "$pages" -l "$pages" -singlefile "$WORK/laporan.pdf" "$DOCS/laporan-realisasi-rekap"
pdftoppm -r 80 -png -singlefile "$WORK/kuitansi.pdf" "$DOCS/tanda-terima-a6"
pdftoppm -r 80 -png -singlefile "$WORK/kuitansi-80.pdf" "$DOCS/tanda-terima-80mm"
pdftoppm -r 80 -png -f 1 -l 1 -singlefile "$WORK/daftar.pdf" "$DOCS/daftar-kpm"
echo "docs/: laporan-realisasi.png (page 1 of $pages), laporan-realisasi-rekap.png, tanda-terima-a6.png," \
     "tanda-terima-80mm.png, daftar-kpm.png"
# the user guide's copies
"$DOCS/panduan/make-pictures.sh"
