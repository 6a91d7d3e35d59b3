#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a validator that is not part of the build (desktop-file-validate,
# appstreamcli, glib-compile-schemas): a missing one fails, with the fix,
# rather than passing for want of a checker.
set -euo pipefail
tool=${1:?usage: validate.sh TOOL ARG…}
if ! command -v "$tool" >/dev/null; then
  echo "FAIL: $tool is not installed: run tools/install-deps" >&2
  exit 1
fi
exec "$@"
