#!/usr/bin/env bash
# The desktop app's start-up and idle figures for BENCHMARKS.md, under a virtual X display.
#
#   benches/app_startup.sh [RUNS]
#   TALKDECK=/path/to/talkdeck SEED=/path/to/seed_journal benches/app_startup.sh [RUNS]
#
# The second form measures other builds (an older commit's, for a side-by-side run).
#
# Needs Xvfb (apt-get install xvfb). Builds the release binary and the seed_journal example, writes
# a data folder with a 100,000-review journal over the built-in decks, then:
# - start-up: the time from just before exec to the first frame, read from the app's INFO record
#   "first frame ... (at EPOCH_MS)"; with the snapshot (the usual start) and without (a full replay);
# - idle: the app's CPU time over 10 s with no input, from /proc/PID/stat.
set -euo pipefail
runs=${1:-5}
. "$(dirname "$0")/xvfb_common.sh" :97
talkdeck=${TALKDECK:-./target/release/talkdeck}
seed=${SEED:-./target/release/examples/seed_journal}
"$seed" "$work/data" 100000 --snapshot

first_frame() {
    local t0 out
    t0=$(date +%s%3N)
    out=$(TALKDECK_QUIT_AFTER_FIRST_FRAME=1 "$talkdeck" --data-dir "$work/data" \
        --log-level info 2>&1 | grep -o 'first frame .*')
    local at=${out##*at }
    at=${at%)}
    echo "$(( at - t0 ))"
}

echo "start-up with the snapshot (ms, $runs runs):"
for _ in $(seq "$runs"); do first_frame; done | tr '\n' ' '; echo
echo "start-up without the snapshot, full replay (ms, $runs runs):"
# This computer's snapshot is in devices/<name>/ (older builds kept it at the top).
for _ in $(seq "$runs"); do
    rm -f "$work"/data/devices/*/snapshot.bin "$work/data/snapshot.bin"
    first_frame
done | tr '\n' ' '; echo

"$talkdeck" --data-dir "$work/data" 2>/dev/null &
app=$!
sleep 3
before=$(ticks)
sleep 10
after=$(ticks)
hz=$(getconf CLK_TCK)
echo "idle 10 s: $(( after - before )) ticks of 1/${hz} s = $(awk "BEGIN {print ($after - $before) / $hz / 10 * 100}") % CPU"
kill $app
wait $app 2>/dev/null || true
