# Cards read from photos: a card sheet rendered as a printer would, one card
# cut out of it and photographed the ways a phone does (turned, tilted away,
# grainy in dim light and saved as JPEG, small and far), each read by
# `salur scan` and checked as `salur lookup` does.
. "$(dirname "$0")/lib.sh"
: "${SALUR_CARD_PHOTO:?SALUR_CARD_PHOTO must point to the card-photo helper}"
for tool in pdftoppm zbarimg; do
  command -v $tool >/dev/null || fail "$tool is needed (tools/install-deps installs it)"
done

ROUND=2026-10,2026-11,2026-12
run 0 --db "$DB" demo
SALUR_PIN=1111 run 0 --db "$DB" --operator sri cards --months $ROUND --dusun Krajan --out "$TMP/kartu.pdf"
pdftoppm -r 150 -gray -png -f 1 -l 1 "$TMP/kartu.pdf" "$TMP/sheet"
SHEET=$(ls "$TMP"/sheet*.png)
# the first card: 10 mm from the left, 12.5 mm from the top, 95 × 68 mm (at 150 dpi)
mkdir "$TMP/photos"
"$SALUR_CARD_PHOTO" "$SHEET" "$TMP/photos" 59 74 561 402
WANT=$(zbarimg -q --raw -Sdisable -Sqrcode.enable "$TMP/photos/straight.png" 2>/dev/null | sed '/^$/d')
[ ${#WANT} -eq 199 ] || fail "zbarimg did not read the clean card"
run 0 --db "$DB" lookup --format json "$WANT"
NAME=$(printf '%s' "$OUT" | grep -o '"name":"[^"]*"' | sed -n 1p | cut -d'"' -f4)

for photo in straight.png rotated.png tilted.png grainy.jpg far.png; do
  run 0 --db "$DB" scan --raw "$TMP/photos/$photo"
  [ "$OUT" = "$WANT" ] || fail "$photo: read “$OUT”"
  run 0 --db "$DB" scan --months $ROUND "$TMP/photos/$photo"
  contains "$OUT" "$NAME" "$photo"
  contains "$OUT" "not paid yet" "$photo"
done

# a whole sheet: eight cards in one picture
run 0 --db "$DB" scan --raw "$SHEET"
[ "$(printf '%s\n' "$OUT" | wc -l)" -eq 8 ] || fail "the sheet gave $(printf '%s\n' "$OUT" | wc -l) codes, not 8"

# refused: another round; no code in the picture; no picture
run 3 --db "$DB" scan --months 2027-01,2027-02,2027-03 "$TMP/photos/rotated.png"
contains "$ERR" "not for the round being paid"
"$SALUR_CARD_PHOTO" "$SHEET" "$TMP/photos" 0 0 40 40    # a blank corner of the sheet
run 3 --db "$DB" scan "$TMP/photos/straight.png"
contains "$ERR" "no QR code"
run 3 --db "$DB" scan "$TMP/nothing.png"
contains "$ERR" "nothing.png"
printf 'not a picture' > "$TMP/bad.png"
run 3 --db "$DB" scan "$TMP/bad.png"
true
