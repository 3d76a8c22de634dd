#!/usr/bin/env bash
# Runs talkdeck's log_throughput and its peers (spdlog-rs, Python logging) side by side, interleaved,
# RUNS times each, prints every result line, then the median rate per peer and thread count.
# Usage: benches/peers/run.sh [RECORDS] [PY_RECORDS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
records=${1:-1000000}
py_records=${2:-200000}
runs=${3:-5}
dir=$(mktemp -d)
results="$dir/results"
trap 'rm -rf "$dir"' EXIT
cargo build --release --quiet --example log_throughput
cargo build --release --quiet --manifest-path benches/peers/spdlog/Cargo.toml
record() { # peer threads line
  echo "$1 threads=$2 $3"
  rate=$(sed -n 's/.*rate=\([0-9]*\).*/\1/p' <<<"$3")
  lost=$(sed -n 's/.*lost=\([-0-9]*\).*/\1/p' <<<"$3")
  echo "$1 $2 $rate $lost" >>"$results"
}
for threads in 1 4; do
  for _ in $(seq "$runs"); do
    record talkdeck "$threads" "$(target/release/examples/log_throughput --records "$records" --threads "$threads" --file "$dir/t.log" | tail -n 1)"
    record spdlog-rs "$threads" "$(benches/peers/spdlog/target/release/spdlog-peer --records "$records" --threads "$threads" --file "$dir/s.log")"
    record python "$threads" "$(python3 benches/peers/python_logging.py --records "$py_records" --threads "$threads" --file "$dir/p.log")"
  done
done
echo
echo "median of $runs runs (records/s), total lost:"
for threads in 1 4; do
  for peer in talkdeck spdlog-rs python; do
    awk -v p="$peer" -v t="$threads" '$1==p && $2==t {print $3; lost+=$4} END {print "lost " lost > "/dev/stderr"}' "$results" 2>"$dir/lost" \
      | sort -n | awk -v p="$peer" -v t="$threads" -v lost="$(cat "$dir/lost")" \
        '{a[NR]=$1} END {printf "%-9s threads=%s median=%d %s\n", p, t, a[int((NR+1)/2)], lost}'
  done
done
printf 'python    disabled call: ' ; python3 benches/peers/python_logging.py --disabled
