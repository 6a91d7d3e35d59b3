#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Ledger benchmark: a store of N (default 100,000) KPM with a year of
# payments (2026-01 to 2026-12 as four rapel payments of three months,
# recorded through salur_ledger_pay), then in the same run:
#
#   NIK lookup      salur_store_get_kpm_by_nik over 10,000 random NIKs (p50, p99)
#                   peer: the same NIKs as a bare prepared SELECT ... FROM kpm
#                   WHERE nik = ? on the same file
#   payment commit  1,000 new payments for 2027-01, each its own transaction as
#                   a desk makes them (p50, p99)
#                   peer: a bare one-row INSERT transaction with the same WAL and
#                   synchronous=FULL settings in the same folder (the disk's floor)
#   month status    salur_ledger_status for 2026-11, every KPM (median of 5)
#
# Targets: lookup p99 under 1 ms, commit p99 under 20 ms, status under 200 ms.
# The script prints PASS or MISS for each target and does not fail on a miss
# (timings depend on the machine; timed assertions do not belong in tests).
# It fails only when something does not work: the helper exits non-zero
# (a payment refused, a NIK not found, a status with the wrong row count).
#
# Building the year takes most of the run. If recording it one payment per
# transaction would take over 3 minutes (measured on the first 2,000), the
# helper lets 500 payments share one transaction and the output says so;
# BATCH=1 forces one transaction each, BATCH=N any size.
#
# Usage: bench/ledger.sh [BUILD_DIR] (default ./build)
#   N=... SEED=... BATCH=... override the KPM count, seed, year batch size.
#   KEEP=1 keeps the store; the helper then measures it again without
#   building it, which is how to profile one phase:
#     SALUR_BENCH_ONLY=status perf record -g BUILD/bench/salur-bench-ledger KEPT.db

set -euo pipefail

BUILD=${1:-./build}
N=${N:-100000}
SEED=${SEED:-1}

HELPER=$BUILD/bench/salur-bench-ledger

[[ -x $HELPER ]] || { echo "ledger.sh: $HELPER not found: build first (ninja -C $BUILD)" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/salur-bench-XXXXXX")
if [[ -n ${KEEP:-} ]]; then
  trap 'echo "ledger.sh: store kept in $WORK/salur.db" >&2' EXIT
else
  trap 'rm -rf "$WORK"' EXIT
fi
RESULTS=$WORK/results.txt

load0=$(cut -d' ' -f1 /proc/loadavg)
t0=$EPOCHREALTIME
if ! SALUR_BENCH_BATCH=${BATCH:-} "$HELPER" "$WORK/salur.db" "$N" "$SEED" >"$RESULTS"; then
  echo "ledger.sh: $HELPER failed" >&2
  exit 1
fi
t1=$EPOCHREALTIME
load1=$(cut -d' ' -f1 /proc/loadavg)
db_mb=$(du -m "$WORK/salur.db" | cut -f1)

get () {  # the value of key $1 in the helper's output
  awk -v k="$1" '$1 == k { print $2; found = 1 } END { if (!found) exit 1 }' "$RESULTS" \
    || { echo "ledger.sh: the helper did not report $1" >&2; exit 1; }
}

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
echo "Machine: $(nproc) CPUs, ${cpu:-unknown CPU}; load average $load0 at the start, $load1 at the end"
echo "  (a load above the CPU count means other work shared the machine: the peer column shows how much)"
echo "Temp filesystem ($WORK):"
df -hT "$WORK" | sed 's/^/  /'
dev=$(findmnt -n -o SOURCE --target "$WORK" 2>/dev/null || true)
if [[ -n $dev ]] && command -v lsblk >/dev/null; then
  lsblk -d -n -o NAME,ROTA,MODEL "$dev" 2>/dev/null | awk '{ printf "  device %s, %s\n", $1, $2 == 1 ? "rotational" : "not rotational (SSD or virtual)" }' || true
fi
echo "sqlite $(get sqlite_version), $(get kpm) KPM, store $db_mb MB after the year"
batch=$(get year_batch)
if [[ $batch -gt 1 ]]; then
  echo "Year: $(get year_payments) payments ($(get year_months) months, $(get year_absent) absences) in $(get year_s) s," \
       "$batch payments a transaction ($(awk -v p="$(get year_probe_s)" 'BEGIN { if (p > 0) printf "one each would take ~%.0f s", p; else printf "BATCH set" }'))"
else
  echo "Year: $(get year_payments) payments ($(get year_months) months, $(get year_absent) absences) in $(get year_s) s," \
       "one transaction each"
fi
echo "Demo village built in $(get demo_s) s; whole run $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", b - a }') s"
echo

awk -v lp50="$(get lookup_p50_us)" -v lp99="$(get lookup_p99_us)" \
    -v qp50="$(get lookup_peer_p50_us)" -v qp99="$(get lookup_peer_p99_us)" \
    -v cp50="$(get commit_p50_ms)" -v cp99="$(get commit_p99_ms)" -v cmax="$(get commit_max_ms)" \
    -v fp50="$(get commit_peer_p50_ms)" -v fp99="$(get commit_peer_p99_ms)" \
    -v sm="$(get status_median_ms)" -v smin="$(get status_min_ms)" \
    -v paid="$(get status_paid)" -v unpaid="$(get status_unpaid)" -v absent="$(get status_absent)" '
function verdict(ok) { return ok ? "PASS" : "MISS" }
function ratio(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "-" }
BEGIN {
  printf "%-34s %10s %10s %7s   %-10s %s\n", "", "salur", "peer", "ratio", "target", ""
  printf "%-34s %10.1f %10.1f %7s\n", "NIK lookup p50 (us)", lp50, qp50, ratio(lp50, qp50)
  printf "%-34s %10.1f %10.1f %7s   %-10s %s\n", "NIK lookup p99 (us)", lp99, qp99, ratio(lp99, qp99), "< 1000", verdict(lp99 < 1000)
  printf "%-34s %10.2f %10.2f %7s\n", "payment commit p50 (ms)", cp50, fp50, ratio(cp50, fp50)
  printf "%-34s %10.2f %10.2f %7s   %-10s %s\n", "payment commit p99 (ms)", cp99, fp99, ratio(cp99, fp99), "< 20", verdict(cp99 < 20)
  printf "%-34s %10.1f %10s %7s   %-10s %s\n", "status 2026-11, all KPM (ms)", sm, "-", "", "< 200", verdict(sm < 200)
  printf "\n"
  printf "lookup: 10,000 random NIKs; peer: bare prepared SELECT on the same file, same cache size\n"
  printf "commit: 1,000 payments for 2027-01, one transaction each (slowest %.2f ms);\n", cmax
  printf "        peer: bare one-row INSERT transaction, WAL + synchronous=FULL, same folder\n"
  printf "status: median of 5 (fastest %.1f ms); %d paid, %d unpaid, %d absent\n", smin, paid, unpaid, absent
}'
