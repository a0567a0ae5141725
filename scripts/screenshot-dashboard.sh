#!/usr/bin/env bash
# Takes a full-page PNG screenshot of a gfund HTML report with headless
# Chromium (Debian's `chromium`), offline, in a throw-away profile.
#   scripts/screenshot-dashboard.sh dashboard.html dashboard.png [width]
set -euo pipefail
html=${1:?usage: screenshot-dashboard.sh REPORT.html OUT.png [WIDTH]}
png=${2:?usage: screenshot-dashboard.sh REPORT.html OUT.png [WIDTH]}
width=${3:-1366}
chromium_bin=${GFUND_CHROMIUM:-chromium}
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
abs=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
# Tall enough for the whole dashboard; the page's own height is what shows.
height=$(( $(grep -c '<section' "$abs") * 1500 + 1200 ))
"$chromium_bin" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" \
  --window-size="$width,$height" --screenshot="$png" "file://$abs" >/dev/null 2>&1
echo "screenshot: $png"
