#!/usr/bin/env bash
# End-to-end check of the Spark recipe: generates an archive of $ARTICLES articles (default 100,000), audits it
# with one factlint process and with the Spark job in local[2] mode, fails unless both print the same audit,
# and prints articles/s for each. Needs Python 3 and Java 17 or newer; installs PySpark with pip if missing.
#
#   examples/spark/run_end_to_end.sh                         # release build, 100,000 articles
#   ARTICLES=5000 FACTLINT=target/debug/factlint examples/spark/run_end_to_end.sh   # what CI runs
set -euo pipefail
cd "$(dirname "$0")/../.."

articles=${ARTICLES:-100000}
if [ -z "${FACTLINT:-}" ]; then
  cargo build --release --locked --quiet
  FACTLINT=target/release/factlint
fi
factlint=$(realpath "$FACTLINT")
if ! command -v java >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
if ! python3 -c 'import pyspark' 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check 'pyspark>=4,<5'
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 examples/spark/generate_archive.py --articles "$articles" >"$work/archive.jsonl"
echo "archive: $articles articles, $(du -m "$work/archive.jsonl" | cut -f1) MB"

seconds() { date +%s.%N; }
rate() { python3 -c "import sys; print(f'{int(sys.argv[1]) / (float(sys.argv[3]) - float(sys.argv[2])):,.0f} articles/s in {float(sys.argv[3]) - float(sys.argv[2]):.1f} s')" "$articles" "$1" "$2"; }

start=$(seconds)
"$factlint" audit --format json "$work/archive.jsonl" >"$work/single.json"
end=$(seconds)
echo "single process:      $(rate "$start" "$end")"

start=$(seconds)
python3 examples/spark/audit_job.py --master 'local[2]' --factlint "$factlint" --format json \
  --out "$work/spark.json" "$work/archive.jsonl" 2>"$work/spark.log" || { cat "$work/spark.log" >&2; exit 1; }
end=$(seconds)
echo "spark local[2]:      $(rate "$start" "$end") (JVM start-up included; $(grep -o 'spark: .*' "$work/spark.log"))"

if ! cmp -s "$work/single.json" "$work/spark.json"; then
  echo "error: the Spark audit differs from the single-process audit" >&2
  diff "$work/single.json" "$work/spark.json" | head -40 >&2
  exit 1
fi
python3 -c "import json, sys; a = json.load(open(sys.argv[1])); print(f\"audits equal: {a['articles']:,} articles, {sum(r['hits'] for r in a['rules']):,} hits over {len(a['rules'])} rules\")" "$work/single.json"
