#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# `meson install --destdir` puts exactly the files a desktop installation
# needs where the desktop looks for them (and the user guide where the
# window's menu looks for it), and the installed binary runs with the
# installed translations.
#
# Usage: files.sh BUILD_DIR, with PREFIX, BINDIR, DATADIR, LOCALEDIR (as
# configured) and VERSION in the environment.
set -euo pipefail
build=${1:?usage: files.sh BUILD_DIR}
: "${PREFIX:?}" "${BINDIR:?}" "${DATADIR:?}" "${LOCALEDIR:?}" "${VERSION:?}"
app_id=id.desa.Salur

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dest="$tmp/dest"
fail () { echo "FAIL: $*" >&2; exit 1; }

# --no-rebuild: meson test has built everything, and a rebuild from inside
# a test would race the other tests
meson install -C "$build" --no-rebuild --quiet --destdir "$dest" >"$tmp/install.log" 2>&1 \
  || { cat "$tmp/install.log" >&2; fail "meson install failed"; }

# Exactly these files, nothing missing and nothing more (a test program
# or a stray build file installed by mistake shows up here)
icons="$DATADIR/icons/hicolor"
guide="$DATADIR/doc/salur/panduan"
guide_src="$(dirname "$0")/../../docs/panduan"
{
  echo "$BINDIR/salur"
  echo "$DATADIR/applications/$app_id.desktop"
  echo "$DATADIR/metainfo/$app_id.metainfo.xml"
  echo "$DATADIR/glib-2.0/schemas/$app_id.gschema.xml"
  echo "$icons/scalable/apps/$app_id.svg"
  echo "$icons/symbolic/apps/$app_id-symbolic.svg"
  for size in 16 24 32 48 64 128 256 512; do
    echo "$icons/${size}x${size}/apps/$app_id.png"
  done
  while read -r lang; do
    [ -n "$lang" ] && echo "$LOCALEDIR/$lang/LC_MESSAGES/salur.mo"
  done < "$(dirname "$0")/../../po/LINGUAS"
  # the user guide: the page and every file it names (its style, its pictures)
  echo "$guide/index.html"
  grep -o -E '(src|href)="[^"#:]+"' "$guide_src/index.html" | sed -E 's/^(src|href)="//; s/"$//' \
    | sort -u | sed "s|^|$guide/|"
} | sort > "$tmp/want"
(cd "$dest" && find . -type f -o -type l) | sed 's|^\.||' | sort > "$tmp/have"
diff -u "$tmp/want" "$tmp/have" >&2 || fail "installed files differ from the expected ones (- missing, + unexpected)"

[ -x "$dest$BINDIR/salur" ] || fail "$BINDIR/salur is not executable"

# The guide's pictures are the ones of the source tree, byte for byte, and
# the installed page still finds each of them beside it
for f in $(cd "$guide_src" && find . -type f \( -name '*.html' -o -name '*.css' -o -name '*.png' \)); do
  cmp -s "$guide_src/$f" "$dest$guide/$f" || fail "the installed guide's $f differs from docs/panduan/$f"
done
grep -q '<html[^>]* lang="id"' "$dest$guide/index.html" || fail "the installed guide is not the Indonesian page"

# Each PNG is the size its folder says: width and height are the 4-byte
# big-endian numbers at bytes 16 and 20 of a PNG
for size in 16 24 32 48 64 128 256 512; do
  png="$dest$icons/${size}x${size}/apps/$app_id.png"
  [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "$png is not a PNG"
  dims=$(od -An -j16 -N8 -tu1 "$png" | awk '{ printf "%dx%d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }')
  [ "$dims" = "${size}x${size}" ] || fail "$png is $dims, not ${size}x${size}"
done

# The launcher and the metainfo carry the Indonesian translation
desktop="$dest$DATADIR/applications/$app_id.desktop"
for key in Name GenericName Comment Keywords; do
  grep -q "^$key\[id\]=." "$desktop" || fail "the installed launcher has no $key[id]"
done
grep -q '^Keywords\[id\]=.*tunai' "$desktop" || fail "Keywords[id] lacks the Indonesian words"
grep -q '<summary xml:lang="id">' "$dest$DATADIR/metainfo/$app_id.metainfo.xml" \
  || fail "the installed metainfo has no Indonesian summary"
grep -q '<p xml:lang="id">' "$dest$DATADIR/metainfo/$app_id.metainfo.xml" \
  || fail "the installed metainfo has no Indonesian description"

# The schema as installed compiles, strictly
glib-compile-schemas --strict --dry-run "$dest$DATADIR/glib-2.0/schemas" \
  || fail "the installed schema does not compile"

# The installed binary runs. Its translations are looked up under the
# configured LOCALEDIR, which under --destdir is elsewhere: SALUR_LOCALEDIR
# points it at the installed ones.
salur="$dest$BINDIR/salur"
out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$salur" --version) || fail "installed salur --version failed"
[ "$out" = "salur $VERSION" ] || fail "installed salur --version says “$out”, not “salur $VERSION”"

out=$(SALUR_LOCALEDIR="$dest$LOCALEDIR" LC_ALL=C.UTF-8 LANGUAGE=id "$salur" --help) \
  || fail "installed salur --help failed"
case "$out" in
  "Penggunaan: salur "*) ;;
  *) fail "LANGUAGE=id salur --help is not in Indonesian: $(echo "$out" | sed -n 1p)" ;;
esac
case "$out" in *"Perintah:"*) ;; *) fail "the Indonesian help lacks “Perintah:”" ;; esac
# and it is the installed catalogue that did it: without it, English
out=$(SALUR_LOCALEDIR="$tmp/none" LC_ALL=C.UTF-8 LANGUAGE=id "$salur" --help)
case "$out" in
  "Usage: salur "*) ;;
  *) fail "without the installed catalogue the help should be English: $(echo "$out" | sed -n 1p)" ;;
esac
echo "# $(wc -l < "$tmp/want") files installed under $dest, the binary runs in Indonesian" >&2
