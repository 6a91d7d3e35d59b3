#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# docs/panduan/make-pictures.sh [--check]: copies the pictures gambar.list
# names into gambar/, so that the guide (and the installed copy of it)
# holds every picture it shows. With --check it copies nothing and fails
# when a copy is missing or differs from its source, or when gambar/ holds
# a picture the list does not name.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
DOCS=$(cd "$HERE/.." && pwd)
check=""
[[ ${1:-} = --check ]] && check=1

status=0
declare -A listed=()
while read -r name source; do
  [[ -z $name || $name = \#* ]] && continue
  listed[$name]=1
  [[ -f $DOCS/$source ]] || { echo "make-pictures.sh: docs/$source (for gambar/$name) does not exist" >&2; status=1; continue; }
  if [[ -n $check ]]; then
    cmp -s "$DOCS/$source" "$HERE/gambar/$name" \
      || { echo "gambar/$name is not the same as docs/$source: run docs/panduan/make-pictures.sh" >&2; status=1; }
  else
    mkdir -p "$HERE/gambar"
    cp "$DOCS/$source" "$HERE/gambar/$name"
  fi
done < "$HERE/gambar.list"

for f in "$HERE"/gambar/*; do
  [[ -e $f ]] || continue
  name=$(basename "$f")
  if [[ -z ${listed[$name]:-} ]]; then
    if [[ -n $check ]]; then
      echo "gambar/$name is not named in gambar.list" >&2; status=1
    else
      rm "$f"
    fi
  fi
done
exit $status
