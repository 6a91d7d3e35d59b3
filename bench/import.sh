#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Import benchmark: generate N (default 100,000) KPM rows as a semicolon CSV,
# import them with `salur import`, and compare with sqlite3's own .import of
# the same file into a plain table, in the same run on the same machine.
#
# Targets: salur under 2 s, at most 3 times sqlite3, peak memory under 200 MB.
# The script prints PASS or MISS for each target and does not fail on a miss
# (timings depend on the machine; timed assertions do not belong in tests).
# It fails only when something does not work: a command that exits non-zero
# or an import that stores the wrong number of rows.
#
# Usage: bench/import.sh [BUILD_DIR] (default ./build)
#   N=... RUNS=... SEED=... override the row count, runs per side, seed.

set -euo pipefail

BUILD=${1:-./build}
N=${N:-100000}
RUNS=${RUNS:-3}
SEED=${SEED:-1}

SALUR=$BUILD/src/salur
GEN=$BUILD/bench/salur-bench-gen
TIME=/usr/bin/time

for exe in "$SALUR" "$GEN"; do
  [[ -x $exe ]] || { echo "import.sh: $exe not found: build first (ninja -C $BUILD)" >&2; exit 1; }
done
[[ -x $TIME ]] || { echo "import.sh: GNU time ($TIME) is needed (apt install time)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "import.sh: sqlite3 is needed (apt install sqlite3)" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/salur-bench-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
CSV=$WORK/kpm.csv

# The demo village's dusun and their RWs, as src/core/salur-demo.c makes them:
# the BNBA CSV has no dusun column, so the store resolves it from the RW.
DUSUN=(Krajan:001,002 Karanganyar:003,004 Sidomulyo:005,006 Ngasem:007,008 Tegalsari:009,010)

# run_timed LABEL OUTFILE CMD...: runs CMD under GNU time, appends
# "SECONDS KB" to OUTFILE. Seconds come from bash's EPOCHREALTIME (µs)
# around the command, since %e only has 10 ms steps; KB is time's %M.
run_timed () {
  local label=$1 out=$2
  shift 2
  local t0 t1 e m
  t0=$EPOCHREALTIME
  if ! "$TIME" -f '%e %M' -o "$WORK/time.txt" "$@" >"$WORK/$label.out" 2>"$WORK/$label.err"; then
    echo "import.sh: $label failed: $*" >&2
    cat "$WORK/$label.err" >&2
    exit 1
  fi
  t1=$EPOCHREALTIME
  read -r e m < <(tail -n 1 "$WORK/time.txt")
  awk -v a="$t0" -v b="$t1" -v m="$m" 'BEGIN { printf "%.3f %d\n", b - a, m }' >>"$out"
}

median () {  # median of column $1 of file $2 (one value per run)
  awk -v c="$1" '{ print $c }' "$2" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

"$GEN" "$N" "$CSV" "$SEED" 2>"$WORK/gen.err" || { cat "$WORK/gen.err" >&2; exit 1; }

: >"$WORK/salur.times"
: >"$WORK/sqlite.times"

for ((run = 1; run <= RUNS; run++)); do
  db=$WORK/salur-$run.db
  "$SALUR" --db "$db" init --desa Sukamaju --kecamatan Sukamaju \
    --kabupaten Contoh --provinsi Contoh >/dev/null
  for d in "${DUSUN[@]}"; do
    "$SALUR" --db "$db" dusun add "${d%%:*}" --rw "${d#*:}" >/dev/null
  done
  run_timed salur "$WORK/salur.times" "$SALUR" --db "$db" import "$CSV"
  stored=$(sqlite3 "$db" 'SELECT count(*) FROM kpm' 2>/dev/null || echo '?')
  if [[ $stored != '?' && $stored != "$N" ]]; then
    echo "import.sh: salur stored $stored rows, expected $N" >&2
    cat "$WORK/salur.out" "$WORK/salur.err" >&2
    exit 1
  fi
  rm -f "$db" "$db-wal" "$db-shm"

  plain=$WORK/plain-$run.db
  run_timed sqlite3 "$WORK/sqlite.times" sqlite3 "$plain" \
    -cmd '.mode csv' -cmd '.separator ;' ".import $CSV kpm_plain"
  stored=$(sqlite3 "$plain" 'SELECT count(*) FROM kpm_plain')
  if [[ $stored != "$N" ]]; then
    echo "import.sh: sqlite3 stored $stored rows, expected $N" >&2
    exit 1
  fi
  rm -f "$plain"
done

s_sec=$(median 1 "$WORK/salur.times")
s_kb=$(median 2 "$WORK/salur.times")
q_sec=$(median 1 "$WORK/sqlite.times")
q_kb=$(median 2 "$WORK/sqlite.times")

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
echo "Machine: $(nproc) CPUs, ${cpu:-unknown CPU}"
echo "Temp filesystem ($WORK):"
df -h "$WORK" | sed 's/^/  /'
echo "sqlite3 $(sqlite3 --version | cut -d' ' -f1), $N rows, CSV $(du -h "$CSV" | cut -f1), median of $RUNS runs"
echo

awk -v n="$N" -v ss="$s_sec" -v sk="$s_kb" -v qs="$q_sec" -v qk="$q_kb" '
function verdict(ok) { return ok ? "PASS" : "MISS" }
BEGIN {
  ratio = qs > 0 ? ss / qs : 0
  smb = sk / 1024; qmb = qk / 1024
  printf "%-22s %12s %12s\n", "", "salur", "sqlite3"
  printf "%-22s %12d %12d\n", "rows", n, n
  printf "%-22s %12.3f %12.3f\n", "seconds", ss, qs
  printf "%-22s %12.1f %12.1f\n", "peak MB", smb, qmb
  printf "%-22s %12.2f\n", "ratio salur/sqlite3", ratio
  printf "\n"
  printf "time   %6.3f s  (target < 2 s)      %s\n", ss, verdict(ss < 2)
  printf "ratio  %6.2f    (target <= 3)       %s\n", ratio, verdict(ratio <= 3)
  printf "memory %6.1f MB (target < 200 MB)   %s\n", smb, verdict(smb < 200)
}'
