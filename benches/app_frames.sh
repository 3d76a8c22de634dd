#!/usr/bin/env bash
# CPU per frame of the real app under Xvfb (software GL: llvmpipe rasterises on the CPU too), on
# the Study screen: moves the pointer N times over the window (each move repaints), quits with
# Ctrl+Q, and prints the app's own count of frames and mean time in its UI pass, and the process's
# CPU time per frame (an upper bound: it includes llvmpipe's rasterising and the frames before the
# measurement). Needs Xvfb and xdotool.
#
#   benches/app_frames.sh [MOVES]
set -euo pipefail
moves=${1:-300}
. "$(dirname "$0")/xvfb_common.sh" :96
./target/release/examples/seed_journal "$work/data" 1000 >/dev/null
./target/release/talkdeck --data-dir "$work/data" --log-level info 2>"$work/stderr" &
app=$!
sleep 2
window=$(xdotool search --name talkdeck | head -1)
xdotool windowfocus "$window"
xdotool mousemove 120 161 click 1   # Study now
sleep 0.5
xdotool key space                   # the answer side
sleep 0.5
hz=$(getconf CLK_TCK)
before=$(ticks)
start=$(date +%s%N)
for i in $(seq "$moves"); do
    xdotool mousemove $((150 + i % 600)) $((300 + i % 200))
    sleep 0.02
done
after=$(ticks)
end=$(date +%s%N)
xdotool key ctrl+q
wait $app || true
line=$(grep -o 'closing after .*' "$work/stderr")
frames=$(echo "$line" | awk '{print $3}')
echo "study (answer side): $moves pointer moves in $(( (end - start) / 1000000 )) ms; app: $line"
echo "process CPU: $(( after - before )) ticks of 1/$hz s over about $frames frames (the whole run:" \
    "$(awk "BEGIN {printf \"%.2f\", ($after - $before) * 1000 / $hz / $frames}") ms per frame, GL rasterisation included)"
