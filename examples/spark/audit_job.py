#!/usr/bin/env python3
"""A factlint audit of a JSON Lines archive on Apache Spark.

Each partition of the archive is piped through one `factlint audit --format partial -` process, which checks
its records and writes one line: the partial audit of that partition (every matched text with its count, and
sample candidates). The driver hands the partials to `factlint audit --merge`, which adds them up into the same
report a single process would print for the whole archive. Spark does the distribution, factlint the checking
and the arithmetic, so the figures cannot drift between the two.

    spark-submit audit_job.py --factlint /usr/local/bin/factlint --format json archive.jsonl

On a cluster, ship the binary with the job (`--files target/release/factlint`, then `--factlint ./factlint`)
or install it at the same path on every worker; see the README's "Archive audits" section.
"""

import argparse
import shlex
import subprocess
import sys
import time

from pyspark.sql import SparkSession


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", help="JSON Lines archive: a file, a directory or a glob Spark can read")
    parser.add_argument("--factlint", default="factlint", help="the factlint binary on the workers")
    parser.add_argument("--master", help="Spark master, such as local[2] (default: spark-submit's)")
    parser.add_argument("--partitions", type=int, help="at least this many partitions")
    parser.add_argument("--rule", action="append", default=[], help="audit only this rule (repeatable)")
    parser.add_argument("--date", help="as-of date for records without a `date`")
    parser.add_argument("--format", default="table", choices=["table", "json", "html"])
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--out", help="write the report here instead of standard output")
    args = parser.parse_args()

    builder = SparkSession.builder.appName("factlint-audit")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    started = time.monotonic()

    options = ["--samples", str(args.samples)]
    options += [f"--rule={rule}" for rule in args.rule]
    if args.date:
        options += ["--date", args.date]
    command = [args.factlint, "audit", "--format", "partial", *options, "-"]
    lines = spark.sparkContext.textFile(args.archive, minPartitions=args.partitions)
    # Exit code 2 means some records were malformed: they are counted in the partial's `failed`, reported on
    # the workers' standard error, and the partial is still good, so the exit code is not checked here. A
    # partition whose process died writes no partial, which the count below catches.
    partials = lines.pipe(shlex.join(command), checkCode=False).collect()
    partitions = lines.getNumPartitions()
    if len(partials) != partitions:
        sys.exit(f"error: {len(partials)} partial audits for {partitions} partitions: a factlint process failed")
    checked = time.monotonic()

    merge = [args.factlint, "audit", "--merge", "--format", args.format, "--top", str(args.top), *options[:2], "-"]
    report = subprocess.run(merge, input="\n".join(partials) + "\n", capture_output=True, text=True)
    if report.returncode != 0:
        sys.stderr.write(report.stderr)
        sys.exit(f"error: factlint audit --merge exited {report.returncode}")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write(report.stdout)
    else:
        sys.stdout.write(report.stdout)
    print(f"spark: {partitions} partitions checked in {checked - started:.1f} s, merged in "
          f"{time.monotonic() - checked:.1f} s", file=sys.stderr)
    spark.stop()


if __name__ == "__main__":
    main()
