# Shared by the CLI tests: a scratch folder, the binary, and checks that say
# what went wrong.
set -euo pipefail
: "${SALUR:?SALUR must point to the salur binary}"
FIXTURES="${SALUR_FIXTURES:-$(dirname "$0")/../fixtures}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
DB="$TMP/salur.db"

fail () { echo "FAIL: $*" >&2; exit 1; }

# run EXPECTED_EXIT salur-args... : runs salur, keeps stdout/stderr in $OUT/$ERR
run () {
  local want=$1; shift
  set +e
  "$SALUR" "$@" >"$TMP/out" 2>"$TMP/err"
  local got=$?
  set -e
  OUT="$(cat "$TMP/out")"
  ERR="$(cat "$TMP/err")"
  if [ "$got" -ne "$want" ]; then
    echo "--- stdout" >&2; cat "$TMP/out" >&2; echo "--- stderr" >&2; cat "$TMP/err" >&2
    fail "salur $* exited $got, expected $want"
  fi
}

contains () { # contains TEXT NEEDLE WHAT
  case "$1" in *"$2"*) ;; *) fail "${3:-output} lacks “$2”: $1" ;; esac
}
lacks () {
  case "$1" in *"$2"*) fail "${3:-output} should not contain “$2”: $1" ;; *) ;; esac
}

# count of KPM rows stored, through the CLI as a script would
kpm_count () {
  local csv
  # a failing `salur list` must not read as an empty list
  csv="$("$SALUR" --db "$DB" list --format csv)" || { echo "salur list failed" >&2; echo -1; return; }
  printf '%s\n' "$csv" | tail -n +2 | wc -l
}

init_village () {
  run 0 --db "$DB" init --desa Sukamaju --kecamatan Sukamaju --kabupaten Contoh --provinsi Contoh
}
