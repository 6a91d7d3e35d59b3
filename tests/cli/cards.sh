# Invitation cards as the bendahara prints them: every card of the sheets,
# rasterised as a printer would and read back by zbarimg (a decoder we did
# not write), is accepted by `salur lookup`; a card altered in any way, of
# another village, of another round or replaced is refused with its own
# message (exit 3); `salur pay --input` takes the same card.
. "$(dirname "$0")/lib.sh"
for tool in pdftotext pdftoppm zbarimg; do
  command -v $tool >/dev/null || fail "$tool is needed (tools/install-deps installs it)"
done

ROUND=2026-10,2026-11,2026-12
as () { # as OPERATOR PIN EXPECTED_EXIT salur-args...
  local who=$1 pin=$2 want=$3
  shift 3
  SALUR_PIN=$pin run "$want" --db "$DB" --operator "$who" "$@"
}
# every QR code of a PDF (or of its first sheet: read_back FILE 1), read by
# zbarimg from a 150 dpi rendering as a printer would make it
read_back () {
  rm -rf "$TMP/png" && mkdir "$TMP/png"
  pdftoppm -r 150 -gray -png ${2:+-f 1 -l $2} "$1" "$TMP/png/p"
  zbarimg -q --raw -Sdisable -Sqrcode.enable "$TMP/png"/*.png 2>/dev/null | sed '/^$/d'
}
json_field () { # json_field JSON KEY: the first "KEY":"value"
  printf '%s' "$1" | grep -o "\"$2\":\"[^\"]*\"" | sed -n 1p | cut -d'"' -f4
}

run 0 --db "$DB" demo
run 0 --db "$DB" list --format csv
LIST="$OUT"
N=$(printf '%s\n' "$LIST" | tail -n +2 | wc -l)

# who may issue cards
as joko 2222 3 cards --months $ROUND --out "$TMP/x.pdf"
contains "$ERR" "bendahara"
run 2 --db "$DB" cards --out "$TMP/x.pdf"
as sri 1111 2 cards --months $ROUND --out "$TMP/x.pdf" --date 2026-12-32
as sri 1111 2 cards --months $ROUND --out "$TMP/x.pdf" --time 8pagi
as sri 1111 3 cards --months 2026-09,$ROUND --out "$TMP/x.pdf"
[ -e "$TMP/x.pdf" ] && fail "a refused command wrote a PDF"

# the whole village
as sri 1111 0 cards --months $ROUND --out "$TMP/kartu.pdf" --place "Balai Desa Sukamaju" --date 2026-12-01 --time 08:00
contains "$OUT" "$N cards"
contains "$OUT" "$N new"
pdftotext -layout "$TMP/kartu.pdf" "$TMP/kartu.txt"
TEXT="$(cat "$TMP/kartu.txt")"
for want in "UNDANGAN PENYALURAN BLT DANA DESA" "DESA SUKAMAJU" "KECAMATAN SUKAMAJU" "Selasa, 1 Desember 2026" \
            "08.00 s.d. selesai" "Balai Desa Sukamaju" "Rp900.000" "sembilan ratus ribu rupiah" \
            "Oktober, November dan" "Bawa kartu ini beserta KTP dan KK asli" "KODE KARTU" "Lembar 1 dari"; do
  contains "$TEXT" "$want" "the cards"
done
# never a full NIK on a card: only the first and last four digits
for nik in $(printf '%s\n' "$LIST" | tail -n +2 | cut -d, -f2); do
  case "$TEXT" in *"$nik"*) fail "a full NIK ($nik) is printed on a card" ;; esac
  contains "$TEXT" "${nik:0:4}********${nik:12:4}" "the cards"
done

# every card read back by zbarimg and accepted, each KPM once
read_back "$TMP/kartu.pdf" > "$TMP/codes"
[ "$(wc -l < "$TMP/codes")" -eq "$N" ] || fail "zbarimg read $(wc -l < "$TMP/codes") codes from $N cards"
[ "$(sort -u "$TMP/codes" | wc -l)" -eq "$N" ] || fail "two cards carry the same code"
: > "$TMP/ids"
while read -r code; do
  [ ${#code} -eq 199 ] || fail "a card's code has ${#code} characters, not 199"
  run 0 --db "$DB" lookup --months $ROUND --format json "$code"
  contains "$OUT" '"kind":"card"'
  contains "$OUT" '"state":"unpaid"'
  json_field "$OUT" id >> "$TMP/ids"
done < "$TMP/codes"
printf '%s\n' "$LIST" | tail -n +2 | cut -d, -f1 | sort > "$TMP/want-ids"
sort "$TMP/ids" | cmp -s - "$TMP/want-ids" || fail "the cards do not lead to the village's KPM, each once"

# the short code printed on a card finds the same KPM
CODE1=$(sed -n 1p "$TMP/codes")
run 0 --db "$DB" lookup --format json "$CODE1"
KPM1=$(json_field "$OUT" id)
SHORT1=$(json_field "$OUT" short_code)
contains "$TEXT" "${SHORT1:0:3}-${SHORT1:3:3}-${SHORT1:6:3}" "the cards"
run 0 --db "$DB" lookup "${SHORT1:0:3}-${SHORT1:3:3}-${SHORT1:6:3}"
contains "$OUT" "Short code"
run 0 --db "$DB" lookup --format json "$(printf '%s' "$SHORT1" | tr 'A-Z' 'a-z')"
[ "$(json_field "$OUT" id)" = "$KPM1" ] || fail "the short code leads elsewhere than the card"

# printed again: the same cards, nothing new recorded
as sri 1111 0 cards --months $ROUND --out "$TMP/again.pdf"
contains "$OUT" "$N cards"
contains "$OUT" "0 new"
as sri 1111 0 cards --months $ROUND --dusun Krajan --out "$TMP/krajan.pdf"
KRAJAN=$(printf '%s\n' "$LIST" | tail -n +2 | cut -d, -f10 | grep -cx Krajan)
contains "$OUT" "$KRAJAN cards"
contains "$OUT" "0 new"
read_back "$TMP/krajan.pdf" > "$TMP/krajan-codes"
[ "$(wc -l < "$TMP/krajan-codes")" -eq "$KRAJAN" ] || fail "Krajan's sheets do not hold its $KRAJAN cards"
grep -qvxFf "$TMP/codes" "$TMP/krajan-codes" && fail "printing again changed a card"

# refused, each with its own message and exit 3
# - altered in one digit (every tenth position)
for pos in $(seq 7 10 198); do
  d=${CODE1:$pos:1}
  forged="${CODE1:0:$pos}$(( (d + 1) % 10 ))${CODE1:$((pos + 1))}"
  run 3 --db "$DB" lookup --months $ROUND "$forged"
  contains "$ERR" "altered"
done
# - another village (the same demo families, another key)
run 0 --db "$TMP/other.db" demo
SALUR_PIN=1111 run 0 --db "$TMP/other.db" --operator sri cards --months $ROUND --dusun Krajan --out "$TMP/other.pdf"
FOREIGN=$(read_back "$TMP/other.pdf" 1 | sed -n 1p)
run 3 --db "$DB" lookup --months $ROUND "$FOREIGN"
contains "$ERR" "not from Desa Sukamaju"
contains "$ERR" "another village"
# - another round
run 3 --db "$DB" lookup --months 2027-01,2027-02,2027-03 "$CODE1"
contains "$ERR" "not for the round being paid"
# - an unknown NIK, and one too short
run 3 --db "$DB" lookup 9901014507800999
contains "$ERR" "No KPM with NIK"
run 3 --db "$DB" lookup 990101450780099
# - a replaced card: the lost card's QR code and short code
NIK1=$(printf '%s\n' "$LIST" | grep "^$KPM1," | cut -d, -f2)
as sri 1111 0 cards --months $ROUND --reissue "$NIK1" --out "$TMP/baru.pdf"
contains "$OUT" "New card"
contains "$OUT" "${SHORT1:0:3}-${SHORT1:3:3}-${SHORT1:6:3}"
NEW1=$(read_back "$TMP/baru.pdf")
[ "$(printf '%s\n' "$NEW1" | wc -l)" -eq 1 ] || fail "a reissue printed more than one card"
[ "$NEW1" != "$CODE1" ] || fail "the new card has the old code"
run 3 --db "$DB" lookup --months $ROUND "$CODE1"
contains "$ERR" "replaced"
run 3 --db "$DB" lookup --months $ROUND "$SHORT1"
contains "$ERR" "replaced"
run 0 --db "$DB" lookup --months $ROUND "$NEW1"
contains "$OUT" "in place of the lost card"
as joko 2222 3 cards --months $ROUND --reissue "$NIK1" --out "$TMP/y.pdf"

# paying on the card: the same input path
as joko 2222 3 pay --input "$CODE1" --months 2026-10,2026-11,2026-12 --desk Krajan --thumbprint
contains "$ERR" "replaced"
as joko 2222 0 pay --input "$NEW1" --months 2026-10,2026-11,2026-12 --desk Krajan --thumbprint
contains "$OUT" "Paid: receipt"
run 0 --db "$DB" lookup --months $ROUND "$NEW1"
contains "$OUT" "paid: receipt"
as joko 2222 3 pay --input "$NEW1" --months 2026-10 --desk Krajan --thumbprint
contains "$ERR" "already paid"
as joko 2222 3 pay --input "$FOREIGN" --months 2026-10 --desk Krajan --thumbprint
contains "$ERR" "another village"
NAME2=$(printf '%s\n' "$LIST" | sed -n 3p | cut -d, -f4)
as joko 2222 3 pay --input "$NAME2" --months 2026-10 --desk Krajan --thumbprint
contains "$ERR" "not enough to pay"

# part of a name
run 0 --db "$DB" lookup "${NAME2%% *}"
contains "$OUT" "$NAME2"
run 3 --db "$DB" lookup zzqxv
contains "$ERR" "Nothing matches"

# the record holds the cards and is intact
run 0 --db "$DB" verify
true
