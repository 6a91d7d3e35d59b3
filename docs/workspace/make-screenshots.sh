#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Remakes the pictures of the treasurer's workspace shown in the README and
# the user guide (docs/panduan), in
# Indonesian, at 1366×768: the UI tests of each screen run on a virtual X
# display and save the screen (ImageMagick's import) at the moments that
# show it, into this folder.
#
# Usage: docs/workspace/make-screenshots.sh [BUILD_DIR] (default ./build)
set -euo pipefail
BUILD=$(realpath "${1:-./build}")
DOCS=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$DOCS/../.." && pwd)

export SALUR="$BUILD/src/salur" SALUR_FIXTURES="$SRC/tests/fixtures" SALUR_SCREENSHOT_DIR="$DOCS"
export GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory
export LANGUAGE=id LC_ALL=C.UTF-8 TZ=Asia/Jakarta

shots () {
  local test=$1; shift
  local args=()
  for p in "$@"; do args+=(-p "$p"); done
  dbus-run-session -- xvfb-run -a -s "-screen 0 1366x768x24" "$BUILD/tests/$test" "${args[@]}" \
    2>&1 | grep -E '^(ok|not ok)|saved' >&2
}

shots test-ui-setup /setup/set-up                 # pengaturan-desa, -dusun, -operator
shots test-ui-join /join/package                  # siapkan-laptop-pilihan, siapkan-laptop
shots test-ui-workspace /workspace/pages /workspace/sign-in   # daftar-kpm, masuk
shots test-ui-kpm /kpm/close /kpm/add             # halaman-kpm, keluarkan-kpm, tambah-kpm
shots test-ui-import /import/refused-rows /import/fixed-rows   # impor, impor-konfirmasi, impor-diperbaiki
shots test-ui-cards /cards/prepare-save-print     # kartu-undangan
# each page in a window of its own: dashboard, devices, perangkat, merge,
# ganda, ganda-selesai, reports, complaints
SALUR_DB=/nonexistent shots test-pages /pages/dashboard /pages/devices /pages/merge /pages/reports /pages/complaints
ls "$DOCS"/*.png
# the user guide's copies
"$SRC/docs/panduan/make-pictures.sh"
