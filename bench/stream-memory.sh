#!/usr/bin/env bash
# Peak memory and throughput of `factlint check --input jsonl` and `factlint audit` on generated JSON Lines
# archives of about 100 MB and 1 GB: constant memory means the same peak RSS for both sizes.
# Prints a Markdown table (the one in BENCHMARKS.md). Needs Python 3 and GNU time (/usr/bin/time, Debian `time`).
#
#   bench/stream-memory.sh            # 65,000 and 650,000 articles
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/time ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
cargo build --release --locked --quiet
factlint=$PWD/target/release/factlint
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs a command under GNU time; prints "peak-RSS-MB wall-seconds".
measure() {
  local status=0
  /usr/bin/time -f '%M %e' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || status=$?
  if [ "$status" -gt 1 ]; then
    cat "$work/stderr" >&2
    exit 1
  fi
  # GNU time writes "Command exited with non-zero status 1" first when there are findings.
  tail -n 1 "$work/time" | awk '{ printf "%.1f %s", $1 / 1024, $2 }'
}

echo "| input | articles | MB | command | peak RSS (MB) | wall (s) | articles/s | MB/s |"
echo "|---|---|---:|---|---:|---:|---:|---:|"
for articles in 65000 650000; do
  python3 examples/spark/generate_archive.py --articles "$articles" >"$work/archive.jsonl"
  mb=$(($(stat -c %s "$work/archive.jsonl") / 1000000))
  for command in "check --input jsonl" "audit --format json"; do
    read -r rss wall <<<"$(measure "$factlint" $command "$work/archive.jsonl")"
    awk -v a="$articles" -v mb="$mb" -v c="$command" -v rss="$rss" -v w="$wall" \
      'BEGIN { printf "| generated archive | %d | %d | `factlint %s` | %s | %s | %.0f | %.1f |\n", a, mb, c, rss, w, a / w, mb / w }'
  done
done
