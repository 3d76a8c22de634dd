#!/usr/bin/env bash
# talkdeck's first frame with a long history against a bare eframe window built the same way, under
# a virtual X display, alternating, from just before exec to the first frame each program reports.
#
#   benches/first_frame.sh [REVIEWS] [RUNS]      (defaults: 3000000 7)
#
# Needs Xvfb. Builds the release binary and the seed_journal and bare_window examples, writes a data
# folder with REVIEWS reviews over the built-in decks and its snapshot (the usual start).
set -euo pipefail
reviews=${1:-3000000}
runs=${2:-7}
. "$(dirname "$0")/xvfb_common.sh" :98
cargo build --release --quiet --bin talkdeck --example seed_journal --example bare_window
./target/release/examples/seed_journal "$work/data" "$reviews" --snapshot

# Milliseconds from just before exec to the EPOCH_MS the program reports with its first frame.
since() {
    local t0 out
    t0=$(date +%s%3N)
    out=$("$@" 2>&1 | grep -o 'first frame .*' | head -1)
    local at=${out##*at }
    at=${at%)}
    echo "$(( at - t0 ))"
}

echo "first frame, ms ($runs runs each, alternating): talkdeck with $reviews reviews | bare eframe"
for _ in $(seq "$runs"); do
    a=$(TALKDECK_QUIT_AFTER_FIRST_FRAME=1 since ./target/release/talkdeck --data-dir "$work/data" --log-level info)
    b=$(since ./target/release/examples/bare_window)
    echo "$a $b"
done
