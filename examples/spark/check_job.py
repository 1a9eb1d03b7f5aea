#!/usr/bin/env python3
"""`factlint check --input jsonl` over a JSON Lines archive on Apache Spark: every finding, or a failure.

Each partition of the archive's lines is checked by one `factlint check --input jsonl --exit-zero --framed -`
process: findings exit 0, so any other exit means the partition could not be checked (a malformed record, a
process killed) and fails its task; Spark retries it, and the job fails if the retries do, writing nothing. The
findings are written once, in one pass, with an explicit schema: the fields to query on, and `finding`, the line
factlint wrote, whole.

    spark-submit examples/spark/check_job.py --factlint target/release/factlint --out findings archive.jsonl

See examples/spark/README.md for a cluster, shipping the binary and the --rules/--reference layers.
"""

import argparse
import json
import os
import sys
import time

from pyspark import cloudpickle
from pyspark.sql.types import LongType, StringType, StructField, StructType

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import factlint_spark  # noqa: E402

cloudpickle.register_pickle_by_value(factlint_spark)

SCHEMA = StructType([
    StructField("id", StringType(), False),  # a record's id as JSON: "a0000001" or 42
    StructField("path", StringType(), False),
    StructField("rule", StringType(), False),
    StructField("name", StringType(), False),
    StructField("severity", StringType(), False),
    StructField("line", LongType(), False),
    StructField("column", LongType(), False),
    StructField("text", StringType(), False),
    StructField("message", StringType(), False),
    StructField("finding", StringType(), False),  # the JSON line factlint wrote
])


def row(line):
    finding = json.loads(line)
    return (json.dumps(finding["id"], ensure_ascii=False), finding["path"], finding["rule"], finding["name"],
            finding["severity"], finding["line"], finding["column"], finding["text"], finding["message"], line)


def parse(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    factlint_spark.common_arguments(parser)
    parser.add_argument("--out", required=True, help="directory to write the findings to (must not exist)")
    parser.add_argument("--out-format", default="json", choices=["json", "parquet"])
    parser.add_argument("--select", action="append", default=[], help="run only this rule (repeatable)")
    parser.add_argument("--fail-on", choices=["note", "warning", "error"])
    parser.add_argument("--config", help="a factlint.yaml on the driver, shipped (its overrides match `path`)")
    parser.add_argument("--no-config", action="store_true")
    return parser.parse_args(argv)


def run(spark, args):
    """The job on `spark`; its exit code."""
    sc = spark.sparkContext
    started = time.monotonic()
    binary, layers = factlint_spark.ship_all(sc, args)
    config = factlint_spark.Shipped(sc, args.config, "file") if args.config else None
    env = factlint_spark.environment(args.env)
    options = factlint_spark.common_options(args)
    options += [f"--select={rule}" for rule in args.select]
    if args.fail_on:
        options += ["--fail-on", args.fail_on]
    if args.no_config:
        options.append("--no-config")

    def command():
        shipped = ["--config", config.path()] if config else []
        return [binary.executable(), "check", "--input", "jsonl", "--exit-zero", "--framed", *options, *shipped,
                *factlint_spark.layer_options(layers), "-"]

    lines = factlint_spark.read_frames(sc, args.archive, args.partitions)
    findings = factlint_spark.run_partitions(lines, command, env).map(row)
    spark.createDataFrame(findings, SCHEMA).write.format(args.out_format).mode("errorifexists").save(args.out)
    print(f"spark: {lines.getNumPartitions()} partitions checked and written in {time.monotonic() - started:.1f} s",
          file=sys.stderr)
    return 0


def main():
    factlint_spark.run_job("factlint-check", parse, run)


if __name__ == "__main__":
    main()
