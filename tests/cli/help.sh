# salur --help lists every verb; each verb has --help; wrong usage exits 2
. "$(dirname "$0")/lib.sh"

run 0 --help
HELP="$OUT"
for verb in init village dusun import list demo; do
  contains "$HELP" "  $verb " "salur --help"
  run 0 "$verb" --help
  contains "$OUT" "salur $verb" "salur $verb --help"
done
contains "$OUT" "--db" "verb help"

run 0 --version
contains "$OUT" "salur "

run 2 frobnicate
contains "$ERR" "frobnicate"
run 2 --db "$DB" list --format xml
contains "$ERR" "table, csv or json"
run 2 --db "$DB" import
run 2 --db "$DB" init --desa X
run 2 --db "$DB" list --no-such-option
# the commands never need a display
DISPLAY= WAYLAND_DISPLAY= "$SALUR" --help >/dev/null || fail "help needs a display"
