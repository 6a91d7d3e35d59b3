#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Report benchmark: the Laporan Realisasi of a disbursement day, as
# `salur report` writes it, for 1,000 and 10,000 KPM; 95% paid, each with a
# signature drawn from its strokes (bench/salur-bench-report.c builds the
# data through salur_ledger_pay).
#
#   report PDF     salur report --months 2026-11 --out FILE.pdf (wall and CPU
#                  time; the run includes opening the store, reading the rows,
#                  sealing and writing every page)
#   exports        the same rows as XLSX and CSV (--xlsx, --csv)
#   peer           where LibreOffice is installed: soffice --headless
#                  --convert-to pdf of that XLSX, the usual way a village
#                  turns its spreadsheet into a document to print (no
#                  signatures, no seal), and the ratio
#
# Targets: 1,000 KPM under 2 s, 10,000 under 15 s (wall time). The script
# prints PASS or MISS and never fails on a miss: timings depend on the machine
# and on what else runs on it (the load average is printed). It fails only
# when something does not work.
#
# Usage: bench/report.sh [BUILD_DIR] (default ./build)
#   SIZES="1000 10000" overrides the sizes; KEEP=1 keeps the files.

set -euo pipefail

BUILD=${1:-./build}
SIZES=${SIZES:-"1000 10000"}
HELPER=$BUILD/bench/salur-bench-report
SALUR=$BUILD/src/salur
SIG=$(dirname "$0")/../tests/fixtures/signature-sample.txt

[[ -x $HELPER && -x $SALUR ]] || { echo "report.sh: build first (ninja -C $BUILD)" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "report.sh: GNU time (/usr/bin/time) is needed" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/salur-bench-report-XXXXXX")
if [[ -n ${KEEP:-} ]]; then
  trap 'echo "report.sh: files kept in $WORK" >&2' EXIT
else
  trap 'rm -rf "$WORK"' EXIT
fi

# timed LABEL COMMAND...: runs it, prints "wall cpu" seconds
timed () {
  local label=$1; shift
  if ! /usr/bin/time -f "%e %U %S" -o "$WORK/time" "$@" >"$WORK/out" 2>"$WORK/err"; then
    echo "report.sh: $label failed:" >&2
    cat "$WORK/err" >&2
    exit 1
  fi
  awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$WORK/time"
}

SOFFICE=$(command -v soffice || command -v libreoffice || true)
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
echo "Machine: $(nproc) CPUs, ${cpu:-unknown CPU}; load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ -n $SOFFICE ]]; then
  echo "Peer: $($SOFFICE --version 2>/dev/null | head -1)"
else
  echo "Peer: LibreOffice not installed (soffice): no spreadsheet-to-PDF comparison"
fi
echo

declare -A target=([1000]=2 [10000]=15)
printf "%-8s %9s %9s %6s %9s %9s %9s %9s %7s   %-8s %s\n" "KPM" "PDF wall" "PDF cpu" "pages" "PDF MB" "XLSX s" "CSV s" "soffice" "ratio" "target" ""
for n in $SIZES; do
  db=$WORK/kpm-$n.db
  t0=$EPOCHREALTIME
  "$HELPER" "$db" "$n" "$SIG" >"$WORK/data-$n.txt" || { echo "report.sh: the helper failed" >&2; exit 1; }
  t1=$EPOCHREALTIME
  read -r wall cpu < <(timed "salur report ($n)" "$SALUR" --db "$db" report --months 2026-11 --out "$WORK/laporan-$n.pdf" \
                         --date 2026-11-30)
  grep -q "Report written" "$WORK/out" || { echo "report.sh: no report for $n KPM" >&2; exit 1; }
  pages=$(pdfinfo "$WORK/laporan-$n.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }' || true)
  mb=$(awk -v b="$(stat -c %s "$WORK/laporan-$n.pdf")" 'BEGIN { printf "%.1f", b / 1048576 }')
  read -r xwall _ < <(timed "xlsx ($n)" "$SALUR" --db "$db" report --months 2026-11 --xlsx "$WORK/laporan-$n.xlsx")
  read -r cwall _ < <(timed "csv ($n)" "$SALUR" --db "$db" report --months 2026-11 --csv "$WORK/laporan-$n.csv")
  peer=-; ratio=-
  if [[ -n $SOFFICE ]]; then
    read -r peer _ < <(timed "soffice ($n)" "$SOFFICE" --headless --norestore --convert-to pdf --outdir "$WORK/soffice" \
                         "$WORK/laporan-$n.xlsx")
    ratio=$(awk -v a="$wall" -v b="$peer" 'BEGIN { printf "%.2f", b > 0 ? a / b : 0 }')
  fi
  t=${target[$n]:-}
  verdict=""
  [[ -n $t ]] && verdict=$(awk -v w="$wall" -v t="$t" 'BEGIN { print (w < t) ? "PASS" : "MISS" }')
  printf "%-8s %9s %9s %6s %9s %9s %9s %9s %7s   %-8s %s\n" "$n" "$wall" "$cpu" "${pages:--}" "$mb" "$xwall" "$cwall" \
    "$peer" "$ratio" "${t:+< $t s}" "$verdict"
  echo "         (data: $(awk '$1 == "paid" { print $2 }' "$WORK/data-$n.txt") payments with signatures," \
       "built in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", b - a }') s)" >&2
done
echo
echo "PDF: salur report --out, wall and CPU (user + system) seconds, A4 landscape with every signature drawn"
echo "XLSX, CSV: the same rows exported (--xlsx, --csv), wall seconds"
echo "soffice: LibreOffice converting that XLSX to PDF; ratio = salur's PDF time / LibreOffice's"
