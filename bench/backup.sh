#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What backups and the store's checks cost, on bench/ledger.sh's store of
# N (default 100,000) KPM with a year of payments, and on a village-sized
# store of 1,000 KPM with a year of payments, in the same run:
#
#   check           PRAGMA quick_check and PRAGMA integrity_check of the store
#   backup          salur_backup_take_path (online backup API, quick_check of
#                   the copy, fsync, rename), twice
#                   peers: cp of the same file, sqlite3's .backup
#   desk            300 payments, one transaction each, alone and while a
#                   child process takes a backup (p50, p99, slowest)
#   salur pay       the whole command (Argon2id sign-in included) when no
#                   backup is due, and when one is due (then the CLI leaves it
#                   to a background process on a store above 16 MB); once
#                   with the backup in the foreground, for comparison
#   salur village   the whole command (an open and one read) on the
#                   village-sized store, whose every open runs quick_check, and
#                   on the large one, whose opens do not
#
# Targets: a due backup adds under 0.3 s to `salur pay`; payment commit p99
# during a backup under 20 ms (the ledger's own target). The script prints
# PASS or MISS and fails only when something does not work (timings depend
# on the machine and on what else runs; the load average is printed).
#
# Usage: bench/backup.sh [BUILD_DIR] (default ./build)
#   STORE=FILE measures a copy of FILE (e.g. the one `KEEP=1 bench/ledger.sh`
#   leaves) instead of building the large store (about 10 minutes).

set -euo pipefail

BUILD=${1:-./build}
N=${N:-100000}
SALUR=$BUILD/src/salur
LEDGER=$BUILD/bench/salur-bench-ledger
HELPER=$BUILD/bench/salur-bench-backup
for f in "$SALUR" "$LEDGER" "$HELPER"; do
  [[ -x $f ]] || { echo "backup.sh: $f not found: build first (ninja -C $BUILD)" >&2; exit 1; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/salur-bench-backup-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
BIG=$WORK/large/salur.db
SMALL=$WORK/village/salur.db
mkdir -p "$WORK/large" "$WORK/village"

get () { # get FILE KEY
  awk -v k="$2" '$1 == k { print $2; found = 1 } END { if (!found) exit 1 }' "$1" \
    || { echo "backup.sh: no $2 in $1" >&2; exit 1; }
}
median () { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
wall () { # wall COMMAND...: seconds
  local t0=$EPOCHREALTIME
  "$@" >/dev/null 2>&1 || { echo "backup.sh: $* failed" >&2; exit 1; }
  awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f\n", b - a }'
}
count_backups () { find "$1.backups" -maxdepth 1 -name '*.db' 2>/dev/null | wc -l; }
settle () { # waits (at most 10 minutes) until no backup of $1 is being written
  local i
  for i in $(seq 6000); do
    find "$1.backups" -name '.*.tmp' 2>/dev/null | grep -q . || return 0
    sleep 0.1
  done
  echo "backup.sh: a background backup did not end" >&2; exit 1
}

load0=$(cut -d' ' -f1 /proc/loadavg)
if [[ -n ${STORE:-} ]]; then
  echo "Copying $STORE ..." >&2
  cp "$STORE" "$BIG"
else
  echo "Building $N KPM with a year of payments (about 10 minutes) ..." >&2
  SALUR_BENCH_ONLY=status "$LEDGER" "$BIG" "$N" 1 >/dev/null
fi
SALUR_BENCH_ONLY=status "$LEDGER" "$SMALL" 1000 1 >/dev/null 2>&1

"$HELPER" "$BIG" > "$WORK/big.txt"
"$HELPER" "$SMALL" > "$WORK/small.txt" 2>/dev/null

# peers, on the same file
rm -rf "$BIG.backups"
cp_s=$(wall cp "$BIG" "$WORK/copy.db"); rm -f "$WORK/copy.db"
dot_s=-
if command -v sqlite3 >/dev/null; then
  dot_s=$(wall sqlite3 "$BIG" ".backup '$WORK/copy.db'"); rm -f "$WORK/copy.db"
fi

# the whole `salur pay`, five times each way
"$SALUR" --db "$BIG" list --format csv | tail -n +2 | cut -d, -f2 | tail -n 40 > "$WORK/niks"
echo 0 > "$WORK/next"
pay () { # pay: the next NIK, for a month no one is paid (the loops run in subshells: the count is a file)
  local i=$(( $(cat "$WORK/next") + 1 ))
  echo $i > "$WORK/next"
  SALUR_PIN=2222 "$SALUR" --db "$BIG" --operator joko pay --nik "$(sed -n "${i}p" "$WORK/niks")" --months 2029-11 \
    --desk Krajan --thumbprint
}
"$SALUR" --db "$BIG" backup >/dev/null
for r in 1 2 3 4 5; do wall pay; done | median > "$WORK/pay_not_due"
for r in 1 2 3 4 5; do
  rm -rf "$BIG.backups"
  wall pay
  settle "$BIG"
  [[ $(count_backups "$BIG") -ge 1 ]] || { echo "backup.sh: the background backup was not taken" >&2; exit 1; }
done | median > "$WORK/pay_due_bg"
rm -rf "$BIG.backups"
pay_fg=$(SALUR_BACKUP_FOREGROUND_MAX=999999999999 wall pay)

for r in 1 2 3 4 5; do wall "$SALUR" --db "$SMALL" village; done | median > "$WORK/open_small"
for r in 1 2 3 4 5; do wall "$SALUR" --db "$BIG" village; done | median > "$WORK/open_big"
load1=$(cut -d' ' -f1 /proc/loadavg)

B=$WORK/big.txt S=$WORK/small.txt
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
echo "Machine: $(nproc) CPUs, ${cpu:-unknown CPU}; load average $load0 at the start, $load1 at the end"
df -hT "$WORK" | sed 's/^/  /'
echo "sqlite $(get "$B" sqlite_version)"
awk -v bb="$(get "$B" store_bytes)" -v sb="$(get "$S" store_bytes)" 'BEGIN {
  printf "large store: %.0f MB (%s KPM); village store: %.1f MB (1,000 KPM)\n\n", bb / 1e6, ENVIRON["N"] ? ENVIRON["N"] : "100000", sb / 1e6 }'
printf "%-46s %12s %12s\n" "" "large" "village"
printf "%-46s %12.2f %12.3f\n" "PRAGMA quick_check (s)" "$(get "$B" quick_check_s)" "$(get "$S" quick_check_s)"
printf "%-46s %12.2f %12.3f\n" "PRAGMA integrity_check (s)" "$(get "$B" integrity_check_s)" "$(get "$S" integrity_check_s)"
printf "%-46s %12.2f %12.3f\n" "backup: copy, check, fsync, rename (s), 1st" "$(get "$B" backup1_s)" "$(get "$S" backup1_s)"
printf "%-46s %12.2f %12.3f\n" "backup, 2nd (s)" "$(get "$B" backup2_s)" "$(get "$S" backup2_s)"
printf "%-46s %12.2f %12.3f\n" "  of which quick_check of the copy (s)" "$(get "$B" backup_check_s)" "$(get "$S" backup_check_s)"
printf "%-46s %12s\n" "peer: cp of the store (s)" "$cp_s"
printf "%-46s %12s\n" "peer: sqlite3 .backup (s)" "$dot_s"
printf "%-46s %12.2f %12.2f\n" "payment commit p50, alone (ms)" "$(get "$B" pay_alone_p50_ms)" "$(get "$S" pay_alone_p50_ms)"
printf "%-46s %12.2f %12.2f\n" "payment commit p99, alone (ms)" "$(get "$B" pay_alone_p99_ms)" "$(get "$S" pay_alone_p99_ms)"
printf "%-46s %12.2f %12.2f\n" "payment commit p50, during a backup (ms)" "$(get "$B" pay_during_p50_ms)" "$(get "$S" pay_during_p50_ms)"
printf "%-46s %12.2f %12.2f\n" "payment commit p99, during a backup (ms)" "$(get "$B" pay_during_p99_ms)" "$(get "$S" pay_during_p99_ms)"
printf "%-46s %12.2f %12.2f\n" "payment commit slowest, during a backup (ms)" "$(get "$B" pay_during_max_ms)" "$(get "$S" pay_during_max_ms)"
printf "%-46s %12s\n" "payments recorded during the backup" "$(get "$B" pay_during_n)"
printf "%-46s %12s\n" "salur pay, no backup due (s, median of 5)" "$(cat "$WORK/pay_not_due")"
printf "%-46s %12s\n" "salur pay, backup due: background (s, median)" "$(cat "$WORK/pay_due_bg")"
printf "%-46s %12s\n" "salur pay, backup due, in the foreground (s)" "$pay_fg"
printf "%-46s %12s %12s\n" "salur village: open and read (s, median of 5)" "$(cat "$WORK/open_big")" "$(cat "$WORK/open_small")"
echo
awk -v due="$(cat "$WORK/pay_due_bg")" -v none="$(cat "$WORK/pay_not_due")" -v p99="$(get "$B" pay_during_p99_ms)" '
function verdict(ok) { return ok ? "PASS" : "MISS" }
BEGIN {
  printf "target: a due backup adds under 0.3 s to salur pay       %+.2f s   %s\n", due - none, verdict(due - none < 0.3)
  printf "target: commit p99 during a backup under 20 ms (large)   %.1f ms   %s\n", p99, verdict(p99 < 20)
}'
echo "The village store's every open runs quick_check; the large one's do not (over 16 MB: checked with each backup)."
