#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The Debian package, end to end: built with dpkg-buildpackage from a clean
# copy of the source (the working tree is not touched), installed into this
# system with dpkg -i, checked (its files, the CLI from PATH in Indonesian,
# the settings schema compiled by the trigger, the window opening on a demo
# store), then removed with dpkg -r.
#
# It installs into the real system, so it runs only as root: CI's machine
# is root and thrown away afterwards. Anyone else gets a skip.
#
# Usage: deb.sh SOURCE_DIR, with VERSION in the environment.
set -euo pipefail
src=${1:?usage: deb.sh SOURCE_DIR}
: "${VERSION:?}"
app_id=id.desa.Salur
TIMEOUT=60

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: installing a package into the system needs root (CI runs this as root)" >&2
  exit 77
fi
for tool in dpkg-buildpackage dh xdotool; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing: run tools/install-deps" >&2; exit 1; }
done
# The window needs an X display: the suite runs under xvfb-run, a lone run
# gets one of its own
if [ -z "${DISPLAY:-}" ]; then
  command -v xvfb-run >/dev/null || { echo "FAIL: no X display and no xvfb-run" >&2; exit 1; }
  exec xvfb-run -a -s "-screen 0 1366x768x24" bash "$0" "$@"
fi

started=$SECONDS
tmp=$(mktemp -d)
installed_by_us=""
app_pid=""
fail () {
  echo "FAIL: $*" >&2
  [ -f "$tmp/salur.log" ] && { echo "--- salur's stderr:" >&2; cat "$tmp/salur.log" >&2; }
  exit 1
}
cleanup () {
  if [ -n "$app_pid" ]; then
    kill -TERM "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  # never leave the package behind, whatever failed
  if [ -n "$installed_by_us" ] && dpkg-query -W -f='${Status}' salur 2>/dev/null | grep -q ' installed$'; then
    dpkg_locked -r salur >/dev/null 2>&1 || echo "could not remove the salur package: dpkg -r salur" >&2
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# dpkg refuses to start while apt or another dpkg holds its lock (another
# build on the machine installing packages): wait for it, for a while
dpkg_locked () {
  local deadline=$((SECONDS + 300))
  while true; do
    if dpkg "$@" >"$tmp/dpkg.log" 2>&1; then
      return 0
    fi
    if grep -q "lock" "$tmp/dpkg.log" && [ "$SECONDS" -lt "$deadline" ]; then
      sleep 2
      continue
    fi
    cat "$tmp/dpkg.log" >&2
    return 1
  done
}

# A package of this name installed already is someone's: this test would
# replace it and then remove it
if dpkg-query -W -f='${Status}' salur 2>/dev/null | grep -q ' installed$'; then
  fail "a salur package is installed already ($(dpkg-query -W -f='${Version}' salur)); remove it (dpkg -r salur) and run again"
fi

# 1. A clean copy: the files git tracks or would add (the tree as it is,
#    edits included), never build directories; a tree without git is copied
#    without its build directories
tree="$tmp/salur-$VERSION"
mkdir -p "$tree"
if git -C "$src" rev-parse --show-toplevel >/dev/null 2>&1; then
  (cd "$src" && git ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
    | tar --null -T - -cf -) | tar -xf - -C "$tree"
else
  tar -C "$src" --exclude=./build --exclude='./_build*' --exclude='./obj-*' --exclude=./.git \
    -cf - . | tar -xf - -C "$tree"
fi
[ -f "$tree/debian/control" ] || fail "the copy has no debian/control"

# 2. Build, offline. nocheck: this tree's own suite is what is running now.
build_started=$SECONDS
(cd "$tree" && DEB_BUILD_OPTIONS="nocheck noautodbgsym parallel=$(nproc)" \
   nice dpkg-buildpackage -us -uc -b -Pnocheck) >"$tmp/build.log" 2>&1 \
  || { tail -n 60 "$tmp/build.log" >&2; fail "dpkg-buildpackage failed (the log's end is above)"; }
build_seconds=$((SECONDS - build_started))
deb="$tmp/salur_${VERSION}_$(dpkg --print-architecture).deb"
[ -f "$deb" ] || fail "no $(basename "$deb") was built: $(ls "$tmp")"

# The library dependencies were found by dh_shlibdeps, not written by hand
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libgtk-4-1 libadwaita-1-0 libsqlite3-0 libsodium23 libglib2.0-0; do
  case "$depends" in *"$lib "*|*"$lib,"*) ;; *) fail "Depends lacks $lib: $depends" ;; esac
done

# 3. Install it
installed_by_us=1
dpkg_locked -i "$deb" || fail "dpkg -i failed"
dpkg-query -W -f='${Status} ${Version}' salur | grep -qx "install ok installed $VERSION" \
  || fail "dpkg does not list salur $VERSION as installed"

dpkg -L salur > "$tmp/list"
for path in /usr/bin/salur \
            "/usr/share/applications/$app_id.desktop" \
            "/usr/share/metainfo/$app_id.metainfo.xml" \
            "/usr/share/glib-2.0/schemas/$app_id.gschema.xml" \
            "/usr/share/icons/hicolor/scalable/apps/$app_id.svg" \
            "/usr/share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg" \
            "/usr/share/icons/hicolor/48x48/apps/$app_id.png" \
            "/usr/share/icons/hicolor/512x512/apps/$app_id.png" \
            /usr/share/locale/id/LC_MESSAGES/salur.mo \
            /usr/share/doc/salur/copyright \
            /usr/share/doc/salur/panduan/index.html \
            /usr/share/doc/salur/panduan/panduan.css; do
  grep -qx "$path" "$tmp/list" || fail "dpkg -L salur lacks $path"
  [ -e "$path" ] || fail "$path is listed but not on disk"
done

# The user guide, uncompressed (dh_compress leaves .html, .css and .png
# alone), with every picture its page shows
while read -r pic; do
  grep -qx "/usr/share/doc/salur/panduan/$pic" "$tmp/list" || fail "dpkg -L salur lacks the guide's $pic"
  [ -f "/usr/share/doc/salur/panduan/$pic" ] || fail "the guide's $pic is listed but not on disk"
done < <(grep -o -E 'src="gambar/[^"]+"' "$src/docs/panduan/index.html" | sed -E 's/^src="//; s/"$//' | sort -u)

# 4. The CLI from PATH, in English and, from the installed catalogue, in Indonesian
[ "$(command -v salur)" = /usr/bin/salur ] || fail "salur on PATH is $(command -v salur), not /usr/bin/salur"
out=$(env -u SALUR_LOCALEDIR salur --version) || fail "salur --version failed"
[ "$out" = "salur $VERSION" ] || fail "salur --version says “$out”"
out=$(env -u SALUR_LOCALEDIR LC_ALL=C.UTF-8 LANGUAGE=id salur --help) || fail "salur --help failed"
case "$out" in "Penggunaan: salur "*) ;; *) fail "LANGUAGE=id salur --help is not Indonesian: $(echo "$out" | sed -n 1p)" ;; esac

# The dpkg trigger compiled the schema into the system's schemas
env -u GSETTINGS_SCHEMA_DIR gsettings list-keys "$app_id" > "$tmp/keys" 2>&1 \
  || fail "the installed schema was not compiled: $(cat "$tmp/keys")"
grep -qx window-width "$tmp/keys" || fail "the schema has no window-width: $(cat "$tmp/keys")"

# 5. The window, from /usr/bin, on a demo store; its settings go to a key
#    file of this test's, through the installed schema
db="$tmp/demo.db"
salur --db "$db" demo >/dev/null || fail "salur demo failed"
total=$(salur --db "$db" list --format csv | tail -n +2 | wc -l)
[ "$total" -gt 0 ] || fail "the demo village has no KPM"
state="$tmp/state"
env -u GSETTINGS_SCHEMA_DIR -u SALUR_LOCALEDIR \
  GDK_BACKEND=x11 GSK_RENDERER=cairo NO_AT_BRIDGE=1 GTK_A11Y=none \
  GSETTINGS_BACKEND=keyfile XDG_CONFIG_HOME="$tmp/config" SALUR_DEBUG_STATE="$state" \
  salur --db "$db" >"$tmp/salur.log" 2>&1 &
app_pid=$!
wid=$(timeout "$TIMEOUT" xdotool search --sync --onlyvisible --pid "$app_pid" --name '^Salur$' | sed -n 1p) \
  || fail "no visible Salur window within ${TIMEOUT}s"
[ -n "$wid" ] || fail "no window id"
deadline=$((SECONDS + TIMEOUT))
until grep -q "^shown=$total total=$total " "$state" 2>/dev/null; do
  [ "$SECONDS" -lt "$deadline" ] || fail "the window never showed the $total KPM ($(cat "$state" 2>/dev/null))"
  kill -0 "$app_pid" 2>/dev/null || fail "salur exited"
  sleep 0.1
done
xdotool mousemove --sync --window "$wid" 200 200 || true
xdotool windowfocus --sync "$wid"
xdotool key ctrl+q
deadline=$((SECONDS + TIMEOUT))
while kill -0 "$app_pid" 2>/dev/null; do
  [ "$SECONDS" -lt "$deadline" ] || fail "salur did not quit on Ctrl+Q"
  sleep 0.1
done
wait "$app_pid" || fail "salur exited with an error"
app_pid=""
grep -q '^window-width=' "$tmp/config/glib-2.0/settings/keyfile" 2>/dev/null \
  || fail "the installed app saved no window size through the installed schema"

# 6. Remove it: nothing of it is left
dpkg_locked -r salur || fail "dpkg -r salur failed"
installed_by_us=""
[ ! -e /usr/bin/salur ] || fail "/usr/bin/salur is still there after dpkg -r"
[ ! -e "/usr/share/applications/$app_id.desktop" ] || fail "the launcher is still there after dpkg -r"
if dpkg-query -W -f='${Status}' salur 2>/dev/null | grep -q ' installed$'; then
  fail "dpkg still lists salur as installed"
fi
if env -u GSETTINGS_SCHEMA_DIR gsettings list-keys "$app_id" >/dev/null 2>&1; then
  fail "the schema is still compiled in after dpkg -r"
fi

echo "# package built in ${build_seconds}s; whole test $((SECONDS - started))s" >&2
