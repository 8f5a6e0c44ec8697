#!/bin/sh
# Screenshot of GTKWave for the README, run under xvfb-run (GTKWave has no
# headless PNG export): screenshot.sh DUMP.fst SAVE.gtkw OUT.png. The PNG is
# taken into a temporary beside OUT.png and renamed, so OUT.png is whole.
set -e
gtkwave "$1" "$2" >/dev/null 2>&1 &
pid=$!
sleep 6
tmp=$(mktemp "$(dirname "$3")/.screenshot.XXXXXX")
trap 'rm -f "$tmp"' EXIT
import -window root "png:$tmp"
kill "$pid"
chmod 644 "$tmp"
mv "$tmp" "$3"
