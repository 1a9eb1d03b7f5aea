#!/usr/bin/env bash
# Load test of `factlint serve` on loopback only: wrk POSTs the seed article to /v1/check for DURATION seconds
# while the server's memory (VmRSS, VmHWM from /proc/PID/status) is sampled every second; then the server gets
# SIGTERM. Prints requests/s, p50/p99 latency, errors and memory over the run, for BENCHMARKS.md.
#
#   bench/load.sh                      # 60 s, 8 connections, 1 wrk thread
#   DURATION=10 CONNECTIONS=16 bench/load.sh
#
# Needs wrk (Debian: apt-get install wrk) and python3; builds the release binary. wrk and the server share the
# machine's cores, so the figures are for both on one machine.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-60}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-1}
ARTICLE=${ARTICLE:-tests/fixtures/seed/article.md}

command -v wrk >/dev/null || { echo "bench/load.sh needs wrk (apt-get install wrk)" >&2; exit 2; }
cargo build --release --locked --quiet

work=$(mktemp -d)
server=""
sampler=""
cleanup() {
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null || true
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

./target/release/factlint serve --addr 127.0.0.1:0 2>"$work/server.log" &
server=$!
addr=""
for _ in $(seq 1 100); do
  addr=$(sed -n 's/.*"addr":"\(127\.0\.0\.1:[0-9]*\)".*"event":"listening".*/\1/p' "$work/server.log")
  [ -n "$addr" ] && break
  sleep 0.1
done
[ -n "$addr" ] || { echo "the server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }
url="http://$addr/v1/check"

python3 - "$ARTICLE" >"$work/body.json" <<'EOF'
import json, sys
print(json.dumps({"text": open(sys.argv[1], encoding="utf-8").read(), "format": "markdown"}))
EOF
cat >"$work/post.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local file = io.open("$work/body.json", "rb")
wrk.body = file:read("*a")
file:close()
EOF

# One request first: the answer must be the article's findings, not an error.
findings=$(python3 - "$url" "$work/body.json" <<'EOF'
import json, sys, urllib.request
request = urllib.request.Request(sys.argv[1], data=open(sys.argv[2], "rb").read(),
                                 headers={"Content-Type": "application/json"})
print(len(json.load(urllib.request.urlopen(request, timeout=10))["files"][0]["findings"]))
EOF
)
wrk -t1 -c2 -d2s -s "$work/post.lua" "$url" >/dev/null   # warm-up

(
  while kill -0 "$server" 2>/dev/null; do
    awk -v t="$(date +%s)" '/^VmRSS/ {rss=$2} /^VmHWM/ {hwm=$2} END {print t, rss, hwm}' "/proc/$server/status"
    sleep 1
  done
) >"$work/memory.txt" &
sampler=$!
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s --latency -s "$work/post.lua" "$url" >"$work/wrk.txt"
kill "$sampler" 2>/dev/null || true
sampler=""
kill -TERM "$server"
wait "$server" || true
server=""

requests_per_s=$(awk '/^Requests\/sec/ {print $2}' "$work/wrk.txt")
p50=$(awk '/Latency Distribution/ {on=1} on && $1 == "50%" {print $2; exit}' "$work/wrk.txt")
p99=$(awk '/Latency Distribution/ {on=1} on && $1 == "99%" {print $2; exit}' "$work/wrk.txt")
total=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
non_2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt")
socket_errors=$(awk '/Socket errors/ {print}' "$work/wrk.txt")
read -r rss_first rss_last rss_max hwm samples < <(awk '
  NR == 1 {first = $2} {last = $2; if ($2 > max) max = $2; hwm = $3; n++}
  END {print first, last, max, hwm, n}' "$work/memory.txt")

echo "factlint serve load test: $ARTICLE ($findings findings per answer), POST $url"
echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency ($(nproc) cores, shared by wrk and the server)"
echo "requests:        $total in ${DURATION}s, non-2xx: ${non_2xx:-0}${socket_errors:+, $socket_errors}"
echo "requests/s:      $requests_per_s"
echo "latency p50:     $p50"
echo "latency p99:     $p99"
echo "RSS (KiB):       first sample $rss_first, last $rss_last, max $rss_max over $samples samples; VmHWM $hwm"
echo "RSS every 10 s:  $(awk 'NR % 10 == 1 {printf "%s ", $2}' "$work/memory.txt")"
