# The Indonesian translation is complete: every translatable string of the
# sources is in po/id.po, translated and not fuzzy, and POTFILES.in lists
# exactly the files that have translatable strings.
set -euo pipefail
SRC="$(cd "$(dirname "$0")/.." && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
fail () { echo "FAIL: $*" >&2; exit 1; }

cd "$SRC"
{ grep -l '_("\|N_("\|translatable="yes"\|g_dngettext' src/*.c src/*/*.c ui/*.ui ui/*/*.ui 2>/dev/null
  ls data/*.desktop.in data/*.metainfo.xml.in; } | sort > "$TMP/want"
grep -v '^#' po/POTFILES.in | sed '/^$/d' > "$TMP/have"
diff -u "$TMP/have" "$TMP/want" >&2 || fail "po/POTFILES.in does not match the files with translatable strings (- listed, + should be)"

xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --files-from=po/POTFILES.in --directory="$SRC" -o "$TMP/salur.pot"
msgmerge --quiet --no-fuzzy-matching "$SRC/po/id.po" "$TMP/salur.pot" -o "$TMP/id.po"
msgfmt --check --statistics -o /dev/null "$TMP/id.po" 2> "$TMP/stats" || { cat "$TMP/stats" >&2; fail "id.po does not compile"; }
cat "$TMP/stats" >&2
if grep -Eq 'untranslated|fuzzy' "$TMP/stats"; then
  msgattrib --untranslated --only-fuzzy "$TMP/id.po" 2>/dev/null | grep '^msgid' | head -20 >&2 || true
  msgattrib --untranslated "$TMP/id.po" | grep -A1 '^msgid' | head -40 >&2
  fail "po/id.po has untranslated or fuzzy strings: run tools/update-po and translate them"
fi
