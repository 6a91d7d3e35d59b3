#!/usr/bin/env bash
# run-fuzz.sh HARNESS CORPUS: runs a libFuzzer harness for SALUR_FUZZ_SECONDS
# (default 10) over its committed corpus, which it only reads: inputs it
# finds go to a scratch folder and are thrown away, a crash is kept in the
# build dir as crash-<sha1> and fails the test.
set -uo pipefail
harness=$1 corpus=$2
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
artifacts="$(dirname "$harness")/artifacts/"
mkdir -p "$artifacts"
"$harness" -max_total_time="${SALUR_FUZZ_SECONDS:-10}" -timeout=30 -rss_limit_mb=2560 \
  -print_final_stats=1 -artifact_prefix="$artifacts" "$scratch" "$corpus" 2>&1 \
  | grep -v '^#[0-9]*\s*\(NEW\|REDUCE\|pulse\)'
status=${PIPESTATUS[0]}
[ "$status" -eq 0 ] || echo "FAIL: $(basename "$harness") exited $status; inputs in $artifacts" >&2
exit "$status"
