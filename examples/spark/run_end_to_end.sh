#!/usr/bin/env bash
# End-to-end check of the Spark recipe: generates an archive of $ARTICLES articles (default 100,000), audits it
# with one factlint process and with the Spark job in local[2] mode, fails unless both print the same audit,
# and prints articles/s for each: the figures of BENCHMARKS.md. Needs Python 3 and Java 17 or newer; installs
# PySpark with pip if missing. CI runs examples/spark/ci_test.sh instead (a standalone cluster, both jobs).
#
#   examples/spark/run_end_to_end.sh                         # release build, 100,000 articles
#   ARTICLES=5000 FACTLINT=target/debug/factlint examples/spark/run_end_to_end.sh
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
  python3 -m pip install --quiet --disable-pip-version-check 'pyspark==4.3.0'
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
echo "audit, single:       $(rate "$start" "$end")"

start=$(seconds)
python3 examples/spark/audit_job.py --master "local[2]" --partitions "${PARTITIONS:-4}" --factlint "$factlint" --format json \
  --out "$work/spark.json" "$work/archive.jsonl" 2>"$work/spark.log" || { cat "$work/spark.log" >&2; exit 1; }
end=$(seconds)
echo "audit, local[2]:     $(rate "$start" "$end") (JVM start-up included; $(grep -o 'spark: .*' "$work/spark.log"))"

if ! cmp -s "$work/single.json" "$work/spark.json"; then
  echo "error: the Spark audit differs from the single-process audit" >&2
  diff "$work/single.json" "$work/spark.json" | head -40 >&2
  exit 1
fi
start=$(seconds)
status=0
"$factlint" check --input jsonl "$work/archive.jsonl" >"$work/single.jsonl" || status=$?
end=$(seconds)
[ "$status" -le 1 ] || { echo "error: factlint check exited $status" >&2; exit 1; }
echo "check, single:       $(rate "$start" "$end")"
start=$(seconds)
python3 examples/spark/check_job.py --master "local[2]" --partitions "${PARTITIONS:-4}" --factlint "$factlint" \
  --out "$work/findings" \
  "$work/archive.jsonl" 2>"$work/check.log" || { cat "$work/check.log" >&2; exit 1; }
end=$(seconds)
echo "check, local[2]:     $(rate "$start" "$end") (JVM start-up included)"
python3 - "$work/single.jsonl" "$work/findings" <<'EOF2'
import glob, json, sys
single = open(sys.argv[1], encoding="utf-8").read().splitlines()
spark = [json.loads(l)["finding"] for p in glob.glob(sys.argv[2] + "/part-*") for l in open(p, encoding="utf-8")]
sys.exit(f"error: {len(spark)} findings from Spark, {len(single)} from one process" if sorted(spark) != sorted(single) else 0)
EOF2
python3 -c "import json, sys; a = json.load(open(sys.argv[1])); print(f\"audits equal: {a['articles']:,} articles, {sum(r['hits'] for r in a['rules']):,} hits over {len(a['rules'])} rules; findings equal\")" "$work/single.json"
