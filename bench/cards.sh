#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Cards benchmark, in one run on one machine:
#   - N (default 1,000) invitation cards issued and drawn to PDF by Salur,
#     against making the same QR images with the `qrencode` command once per
#     card (what a script around qrencode would do before any layout).
#     Target: under 3 s for the cards.
#   - one 640 × 480 webcam frame decoded by Salur's ZBar decoder (QR only):
#     whole, every second line (the webcam reader) and around the last code, against `zbarimg` reading the same
#     frame from a PNG once per image. Target: under 8 ms a frame, so a
#     webcam at 30 frames a second leaves room to spare.
# Prints the figures, the targets and PASS or MISS; never fails on timing,
# only when something does not work.
#
# Usage: bench/cards.sh [BUILD_DIR] (default ./build)
#   N=... RUNS=... override the card count and the frame decodes.

set -euo pipefail

BUILD=${1:-./build}
N=${N:-1000}
RUNS=${RUNS:-200}
HELPER=$BUILD/bench/salur-bench-cards

[[ -x $HELPER ]] || { echo "cards.sh: $HELPER not found: build first (ninja -C $BUILD)" >&2; exit 1; }
for tool in qrencode zbarimg; do
  command -v $tool >/dev/null || { echo "cards.sh: $tool is needed (tools/install-deps installs it)" >&2; exit 1; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/salur-bench-cards-XXXXXX")
trap 'rm -rf "$WORK"' EXIT

verdict () { awk -v v="$1" -v t="$2" 'BEGIN { print (v < t) ? "PASS" : "MISS" }'; }

echo "== $N invitation cards to PDF"
"$HELPER" pdf "$N" "$WORK" > "$WORK/pdf.txt"
ISSUE=$(awk '$1 == "issue" { print $2 }' "$WORK/pdf.txt")
PDF=$(awk '$1 == "pdf" { print $2 }' "$WORK/pdf.txt")
CARDS=$(awk '$1 == "cards" { print $2 }' "$WORK/pdf.txt")
VERSION=$(awk '$1 == "version" { print $2 }' "$WORK/pdf.txt")
[[ $CARDS -eq $N ]] || { echo "cards.sh: $CARDS cards made, not $N" >&2; exit 1; }
SALUR_TOTAL=$(awk -v a="$ISSUE" -v b="$PDF" 'BEGIN { printf "%.3f", a + b }')
SIZE=$(du -k "$WORK/cards.pdf" | cut -f1)

# the peer: the same payloads, one qrencode process per card, PNG at M
mkdir "$WORK/qr"
t0=$EPOCHREALTIME
i=0
while read -r payload; do
  i=$((i + 1))
  qrencode -l M -o "$WORK/qr/$i.png" "$payload"
done < "$WORK/payloads.txt"
t1=$EPOCHREALTIME
PEER=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')

printf '  salur: issue (events)      %7.3f s\n' "$ISSUE"
printf '  salur: draw %d cards      %7.3f s  (%d sheets, %d KB, QR version %d at M)\n' "$N" "$PDF" \
  $(( (N + 7) / 8 )) "$SIZE" "$VERSION"
printf '  salur: total              %7.3f s   target < 3 s: %s\n' "$SALUR_TOTAL" "$(verdict "$SALUR_TOTAL" 3)"
printf '  qrencode, once per card   %7.3f s   (QR images only, no layout)\n' "$PEER"
awk -v s="$SALUR_TOTAL" -v p="$PEER" 'BEGIN { printf "  ratio salur / qrencode      %.2f\n", s / p }'

echo "== one 640x480 frame decoded (median of $RUNS)"
"$HELPER" frame "$RUNS" "$WORK" > "$WORK/frame.txt"
FRAME=$(awk '$1 == "frame_ms" { print $2 }' "$WORK/frame.txt")
TRACKED=$(awk '$1 == "tracked_ms" { print $2 }' "$WORK/frame.txt")
FRAME2=$(awk '$1 == "frame2_ms" { print $2 }' "$WORK/frame.txt")
ZRUNS=20
t0=$EPOCHREALTIME
for _ in $(seq $ZRUNS); do
  zbarimg -q --raw "$WORK/frame.png" >/dev/null 2>&1 || { echo "cards.sh: zbarimg did not read the frame" >&2; exit 1; }
done
t1=$EPOCHREALTIME
ZBARIMG=$(awk -v a="$t0" -v b="$t1" -v n=$ZRUNS 'BEGIN { printf "%.2f", (b - a) * 1000 / n }')
printf '  salur: whole frame        %7.2f ms  target < 8 ms: %s\n' "$FRAME" "$(verdict "$FRAME" 8)"
printf '  salur: around last code   %7.2f ms  (a webcam stream, the card found in the frame before)\n' "$TRACKED"
printf '  salur: every second line  %7.2f ms  target < 8 ms: %s (as the webcam reader scans)\n' "$FRAME2" "$(verdict "$FRAME2" 8)"
printf '  zbarimg, once per image   %7.2f ms  (process, PNG, every symbology)\n' "$ZBARIMG"
awk -v s="$FRAME" -v p="$ZBARIMG" 'BEGIN { printf "  ratio salur / zbarimg       %.3f\n", s / p }'
