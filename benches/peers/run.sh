#!/usr/bin/env bash
# Runs talkdeck's log_throughput and its peers (spdlog-rs, Python logging) side by side, interleaved,
# RUNS times each, prints every result line, then the median rate per peer and thread count.
# Usage: benches/peers/run.sh [RECORDS] [PY_RECORDS] [RUNS]
# With BASE=path/to/another/log_throughput (an older build, say), it runs as the peer "base" too, so
# a change is measured against what it changes in the same run. CARGO_TARGET_DIR is respected.
set -euo pipefail
cd "$(dirname "$0")/../.."
records=${1:-1000000}
py_records=${2:-200000}
runs=${3:-5}
dir=$(mktemp -d)
results="$dir/results"
trap 'rm -rf "$dir"' EXIT
target=${CARGO_TARGET_DIR:-target}
base=${BASE:-}
cargo build --release --quiet --example log_throughput
# The peer is a crate of its own, built in its own target folder.
env -u CARGO_TARGET_DIR cargo build --release --quiet --manifest-path benches/peers/spdlog/Cargo.toml
spdlog=benches/peers/spdlog/target/release/spdlog-peer
record() { # peer threads line
  echo "$1 threads=$2 $3"
  rate=$(sed -n 's/.*rate=\([0-9]*\).*/\1/p' <<<"$3")
  lost=$(sed -n 's/.*lost=\([-0-9]*\).*/\1/p' <<<"$3")
  echo "$1 $2 $rate $lost" >>"$results"
}
for threads in 1 4; do
  for _ in $(seq "$runs"); do
    record talkdeck "$threads" "$("$target"/release/examples/log_throughput --records "$records" --threads "$threads" --file "$dir/t.log" | tail -n 1)"
    if [ -n "$base" ]; then
      record base "$threads" "$("$base" --records "$records" --threads "$threads" --file "$dir/b.log" | tail -n 1)"
    fi
    record spdlog-rs "$threads" "$("$spdlog" --records "$records" --threads "$threads" --file "$dir/s.log")"
    record python "$threads" "$(python3 benches/peers/python_logging.py --records "$py_records" --threads "$threads" --file "$dir/p.log")"
  done
done
echo
echo "median of $runs runs (records/s), total lost:"
for threads in 1 4; do
  for peer in talkdeck ${base:+base} spdlog-rs python; do
    # Read the results file in two passes, one after the other: the rates' median, then the sum of
    # the lost counts (a peer that does not report losses shows "lost -").
    median=$(awk -v p="$peer" -v t="$threads" '$1==p && $2==t {print $3}' "$results" | sort -n \
      | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    lost=$(awk -v p="$peer" -v t="$threads" \
      '$1==p && $2==t && $4!="" {n++; lost+=$4} END {print (n ? lost : "-")}' "$results")
    printf "%-9s threads=%s median=%d lost %s\n" "$peer" "$threads" "$median" "$lost"
  done
done
printf 'python    disabled call: ' ; python3 benches/peers/python_logging.py --disabled
