#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sync benchmark (issue 4): merging desks' bundles into the bendahara's laptop.
#
# The helper builds, through the API, the demo village with enough KPM that 5
# desks can each pay 20,000 KPM-months without a double (one month a payment,
# one event each), packages and joins the 5 desks, lets each pay its slice
# (500 payments a transaction while generating), and exports each desk's
# bundle after 2,000 payments and again after 20,000. Then it times
# salur_sync_merge of the 5 bundles into a fresh copy of the master (as it was
# after the packages): 5 runs with the 2,000-event bundles, 3 with the
# 20,000-event ones (median; each run its own copy).
#
# Targets: 5 bundles of 2,000 events merged in under 500 ms; 10x the events
# costs at most 12x the time. The script prints PASS or MISS for each and does
# not fail on a miss (timings depend on the machine); it fails only when the
# helper does (a merge refused, events missing, a conflict where none was
# planted).
#
# Usage: bench/sync.sh [BUILD_DIR] (default ./build)
#   SMALL=... LARGE=... SEED=... override the events per bundle and the seed.

set -euo pipefail

BUILD=${1:-./build}
SMALL=${SMALL:-2000}
LARGE=${LARGE:-20000}
SEED=${SEED:-1}

HELPER=$BUILD/bench/salur-bench-sync

[[ -x $HELPER ]] || { echo "sync.sh: $HELPER not found: build first (ninja -C $BUILD)" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/salur-bench-sync-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
RESULTS=$WORK/results.txt

t0=$EPOCHREALTIME
if ! "$HELPER" "$WORK" "$SMALL" "$LARGE" "$SEED" >"$RESULTS"; then
  echo "sync.sh: $HELPER failed" >&2
  exit 1
fi
t1=$EPOCHREALTIME

get () {  # the value of key $1 in the helper's output
  awk -v k="$1" '$1 == k { print $2; found = 1 } END { if (!found) exit 1 }' "$RESULTS" \
    || { echo "sync.sh: the helper did not report $1" >&2; exit 1; }
}

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
echo "Machine: $(nproc) CPUs, ${cpu:-unknown CPU}"
echo "Temp filesystem ($WORK):"
df -hT "$WORK" | sed 's/^/  /'
echo "sqlite $(get sqlite_version); demo village of $(get kpm) KPM in $(get demo_s) s, $(get desks) desks packaged" \
     "and joined by $(get village_s) s"
echo "Desks paid $(get large_events) each in $(get payments_s) s; bundles of $(get small_events) events" \
     "$(get small_bundle_kb) KB, of $(get large_events) events $(get large_bundle_kb) KB"
echo "Whole run $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", b - a }') s"
echo

awk -v small="$(get small_events)" -v large="$(get large_events)" -v desks="$(get desks)" \
    -v sm="$(get small_median_ms)" -v smin="$(get small_min_ms)" -v sruns="$(get small_runs)" \
    -v lm="$(get large_median_ms)" -v lmin="$(get large_min_ms)" -v lruns="$(get large_runs)" \
    -v sf="$(get small_first_bundle_ms)" -v sl="$(get small_last_bundle_ms)" \
    -v lf="$(get large_first_bundle_ms)" -v ll="$(get large_last_bundle_ms)" \
    -v ss="$(get small_scan_ms)" -v ls="$(get large_scan_ms)" '
function verdict(ok) { return ok ? "PASS" : "MISS" }
BEGIN {
  ratio = sm > 0 ? lm / sm : 0
  scale = small > 0 ? large / small : 0
  printf "%-44s %10s %10s   %-10s %s\n", "", "median", "fastest", "target", ""
  printf "%-44s %10.1f %10.1f   %-10s %s\n", sprintf("merge %d bundles of %d events (ms)", desks, small), sm, smin, "< 500", verdict(sm < 500)
  printf "%-44s %10.1f %10.1f\n", sprintf("merge %d bundles of %d events (ms)", desks, large), lm, lmin
  printf "%-44s %10.2f %10s   %-10s %s\n", sprintf("time ratio for %gx the events", scale), ratio, "", sprintf("<= %g", scale * 1.2), verdict(ratio <= scale * 1.2)
  printf "\n"
  printf "%d and %d runs, each into a fresh copy of the master; per bundle (median of the runs):\n", sruns, lruns
  printf "  %d events: first bundle %.1f ms, last %.1f ms (%.0f events/s overall)\n", small, sf, sl, desks * small / (sm / 1000)
  printf "  %d events: first bundle %.1f ms, last %.1f ms (%.0f events/s overall)\n", large, lf, ll, desks * large / (lm / 1000)
  printf "One salur_sync_conflicts on the merged store (every merge runs it before and after):\n"
  printf "  %.1f ms after the %d-event bundles, %.1f ms after the %d-event ones\n", ss, small, ls, large
}'
