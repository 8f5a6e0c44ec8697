#!/bin/sh
# Screenshot of GTKWave for the README, run under xvfb-run (
# GTKWave has no headless PNG export): screenshot.sh DUMP.fst SAVE.gtkw OUT.png
set -e
gtkwave "$1" "$2" >/dev/null 2>&1 &
pid=$!
sleep 6
import -window root "$3.tmp.png"
kill "$pid"
mv "$3.tmp.png" "$3"
