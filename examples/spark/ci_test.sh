#!/usr/bin/env bash
# The Spark recipe on a real (small) cluster, as CI runs it: a standalone master and one worker on 127.0.0.1,
# $ARTICLES generated articles (default 2,000) through both jobs, each result compared with the single process's;
# malformed records (invalid UTF-8, broken JSON) answered as the single process answers them; and a factlint that
# dies on one partition: killed every time, the job fails loudly; killed once, Spark retries the task and the
# result equals the single process's.
#
# Installs PySpark 4.3.0 into target/spark-venv, and a headless JRE with apt-get when `java` is missing (as root).
# A missing tool skips the test, or fails it when CI=true. .ci/run runs it under `timeout 300`. Every run goes
# through one `spark-submit` of ci_jobs.py (one Spark application), which starts a driver and an executor once.
#
#   examples/spark/ci_test.sh                      # debug build, 2,000 articles
#   FACTLINT=target/release/factlint ARTICLES=20000 examples/spark/ci_test.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

missing() {
  if [ "${CI:-}" = true ]; then
    echo "error: $1 (CI=true: the Spark test cannot be skipped)" >&2
    exit 1
  fi
  echo "skipped: the Spark test needs $1" >&2
  exit 0
}

command -v python3 >/dev/null 2>&1 || missing "python3"
if ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq openjdk-17-jre-headless >/dev/null
  fi
  command -v java >/dev/null 2>&1 || missing "a Java runtime (apt-get install openjdk-17-jre-headless)"
fi
venv=target/spark-venv
if ! "$venv/bin/python" -c 'import pyspark; assert pyspark.__version__ == "4.3.0"' 2>/dev/null; then
  python3 -m venv "$venv" || missing "python3 -m venv (apt-get install python3-venv)"
  "$venv/bin/pip" install --quiet --disable-pip-version-check pyspark==4.3.0 || missing "pyspark==4.3.0 from PyPI"
fi
python="$repo/$venv/bin/python"
SPARK_HOME=$("$python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')
export SPARK_HOME PYSPARK_PYTHON="$python" PYSPARK_DRIVER_PYTHON="$python" SPARK_LOCAL_IP=127.0.0.1

if [ -z "${FACTLINT:-}" ]; then
  cargo build --locked --quiet
  FACTLINT="${CARGO_TARGET_DIR:-target}/debug/factlint"
fi
factlint=$(realpath "$FACTLINT")

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM INT   # so that `timeout` also stops the master and the worker
fail() {
  echo "error: $*" >&2
  for log in "$work"/*.log; do echo "--- $log" >&2; tail -n 30 "$log" >&2; done
  exit 1
}

# One master and one worker of 2 cores on loopback, on free ports.
port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
master="spark://127.0.0.1:$port"
"$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" \
  --webui-port 0 >"$work/master.log" 2>&1 &
pids+=($!)
"$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 2 --memory 1g \
  --webui-port 0 --work-dir "$work/worker" "$master" >"$work/worker.log" 2>&1 &
pids+=($!)
for _ in $(seq 120); do
  grep -q "Registering worker" "$work/master.log" 2>/dev/null && break
  sleep 0.5
done
grep -q "Registering worker" "$work/master.log" || fail "the Spark worker did not register with the master"

"$python" examples/spark/generate_archive.py --articles "${ARTICLES:-2000}" >"$work/archive.jsonl"
archive="$work/archive.jsonl"
echo "archive: ${ARTICLES:-2000} articles"

# The single process's answers.
"$factlint" audit --format json "$archive" >"$work/single-audit.json"
status=0
"$factlint" check --input jsonl "$archive" >"$work/single-findings.jsonl" || status=$?
[ "$status" -eq 1 ] || fail "factlint check --input jsonl exited $status, expected 1 (findings)"
# Malformed records, invalid UTF-8 among them: a single audit counts them and exits 2.
{
  head -n 300 "$archive"
  printf '{"id": "bad-utf8", "text": "caf\xe9 au lait"}\n'
  printf '{"id": "no-text"}\n'
  printf '{"id": "cut", "text": "x\n'
} >"$work/broken.jsonl"
status=0
"$factlint" audit --format json "$work/broken.jsonl" >"$work/single-broken.json" 2>/dev/null || status=$?
[ "$status" -eq 2 ] || fail "the single-process audit of malformed records exited $status, expected 2"

# A factlint killed on the partition holding the archive's first line: every time, or only the first time.
for mode in always once; do
  cat >"$work/factlint-dies-$mode" <<EOF
#!/bin/sh
input=\$(mktemp)
trap 'rm -f "\$input"' EXIT
cat >"\$input"
if grep -q '"line": 1,' "\$input" && [ ! -e "$work/died" ]; then
  [ "$mode" = once ] && : >"$work/died"
  kill -9 \$\$
fi
"$factlint" "\$@" <"\$input"
EOF
  chmod +x "$work/factlint-dies-$mode"
done

# Every run in one Spark application (one driver and one executor to start), submitted in client mode.
cat >"$work/runs.json" <<EOF
[
  {"name": "audit", "job": "audit", "args": ["--factlint", "$factlint", "--partitions", "4", "--format", "json",
   "--out", "$work/spark-audit.json", "$archive"]},
  {"name": "check", "job": "check", "args": ["--factlint", "$factlint", "--partitions", "4",
   "--out", "$work/findings", "$archive"]},
  {"name": "broken-audit", "job": "audit", "args": ["--factlint", "$factlint", "--partitions", "2",
   "--format", "json", "--out", "$work/spark-broken.json", "$work/broken.jsonl"]},
  {"name": "broken-check", "job": "check", "args": ["--factlint", "$factlint", "--partitions", "2",
   "--out", "$work/broken-findings", "$work/broken.jsonl"]},
  {"name": "dies-always", "job": "audit", "args": ["--factlint", "$work/factlint-dies-always", "--partitions", "4",
   "--format", "json", "--out", "$work/dies.json", "$archive"]},
  {"name": "dies-once", "job": "check", "remove": ["$work/died"], "args": ["--factlint",
   "$work/factlint-dies-once", "--partitions", "4", "--out", "$work/once-findings", "$archive"]}
]
EOF
"$SPARK_HOME/bin/spark-submit" --master "$master" --deploy-mode client --conf spark.ui.enabled=false \
  --conf spark.task.maxFailures=3 examples/spark/ci_jobs.py "$work/runs.json" >"$work/codes.txt" 2>"$work/jobs.log" \
  || fail "the Spark application failed"
code() { awk -v run="$1" '$1 == run { print $2 }' "$work/codes.txt"; }

# Both jobs: equal to the single process.
[ "$(code audit)" = 0 ] || fail "the audit job exited $(code audit)"
cmp -s "$work/single-audit.json" "$work/spark-audit.json" || fail "the Spark audit differs from the single process's"
echo "audit job: equal to the single process"
same_findings() {
  "$python" - "$1" "$2" <<'EOF'
import glob, json, sys
single = open(sys.argv[1], encoding="utf-8").read().splitlines()
spark = [json.loads(line)["finding"] for part in glob.glob(sys.argv[2] + "/part-*") for line in open(part, encoding="utf-8")]
print(f"{len(spark)} findings from Spark, {len(single)} from the single process")
sys.exit(0 if sorted(spark) == sorted(single) and single else 1)
EOF
}
[ "$(code check)" = 0 ] || fail "the check job exited $(code check)"
same_findings "$work/single-findings.jsonl" "$work/findings" || fail "the Spark findings differ from the single process's"
echo "check job: equal to the single process"

# Malformed records: the audit counts them and exits 2 with the same report; the check job, whose processes exit
# 2 for them as a single process does, fails and writes nothing.
[ "$(code broken-audit)" = 2 ] || fail "the audit job on malformed records exited $(code broken-audit), expected 2"
cmp -s "$work/single-broken.json" "$work/spark-broken.json" || fail "the audits of malformed records differ"
# The executors' standard error (in the worker's directory) names the file, the line in it and the record.
grep -rq "error: $work/broken.jsonl:301:[0-9]*: record \"bad-utf8\": malformed record: invalid unicode code point" \
  "$work/worker" || fail "the malformed record's error does not name the file, its line and its id"
[ "$(code broken-check)" = 1 ] || fail "the check job on malformed records exited $(code broken-check), expected 1"
[ ! -e "$work/broken-findings/_SUCCESS" ] || fail "the failed check job committed findings"
grep -q "check exited 2 on this partition" "$work/jobs.log" || fail "the check job's failure does not say why"
echo "malformed records: the audit equals the single process's (exit 2), the check job failed"

# Killed on every try: the job fails loudly, with no report. Killed once: Spark retries the task, equal.
[ "$(code dies-always)" = 1 ] || fail "the audit job exited $(code dies-always) with a factlint killed on one partition"
[ ! -s "$work/dies.json" ] || fail "the failed audit job wrote a report"
grep -q "exited -9 on this partition" "$work/jobs.log" || fail "the task failure does not say factlint was killed"
echo "killed on every try: the audit job failed loudly"
[ "$(code dies-once)" = 0 ] || fail "the check job exited $(code dies-once) although a retry could succeed"
[ -e "$work/died" ] || fail "the wrapper was never killed"
same_findings "$work/single-findings.jsonl" "$work/once-findings" || fail "the retried findings differ"
echo "killed once: the check job retried the task and equals the single process"
echo "Spark CI test passed"
