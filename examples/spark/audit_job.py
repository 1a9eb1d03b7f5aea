#!/usr/bin/env python3
"""A factlint audit of a JSON Lines archive on Apache Spark: the same report as `factlint audit`, or a failure.

Each partition of the archive's lines is checked by one `factlint audit --format partial --framed -` process,
which writes one line: the partial audit of that partition (every matched text with its count, sample candidates,
the records it could not read, and what made it: factlint's version and its rules' and data's fingerprint). The
driver hands the partials to `factlint audit --merge`, which refuses partials made differently and adds them up
into the report a single process prints for the whole archive, with its exit code (2 when records could not be
read). A partition whose process fails fails its task: Spark retries it, and the job fails if the retries do.

    spark-submit examples/spark/audit_job.py --factlint target/release/factlint --format json archive.jsonl

See examples/spark/README.md for a cluster, shipping the binary and the --rules/--reference layers.
"""

import argparse
import os
import subprocess
import sys
import time

from pyspark import cloudpickle

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import factlint_spark  # noqa: E402

# The executors get the module's functions with the job, not as a file to install.
cloudpickle.register_pickle_by_value(factlint_spark)


def parse(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    factlint_spark.common_arguments(parser)
    parser.add_argument("--rule", action="append", default=[], help="audit only this rule (repeatable)")
    parser.add_argument("--format", default="table", choices=["table", "json", "html"])
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--out", help="write the report here instead of standard output")
    return parser.parse_args(argv)


def run(spark, args):
    """The job on `spark`; its exit code."""
    sc = spark.sparkContext
    started = time.monotonic()
    binary, layers = factlint_spark.ship_all(sc, args)
    env = factlint_spark.environment(args.env)
    options = factlint_spark.common_options(args) + ["--samples", str(args.samples)]
    options += [f"--rule={rule}" for rule in args.rule]

    def command():
        return [binary.executable(), "audit", "--format", "partial", "--framed", *options,
                *factlint_spark.layer_options(layers), "-"]

    lines = factlint_spark.read_frames(sc, args.archive, args.partitions)
    partitions = lines.getNumPartitions()
    partials = factlint_spark.run_partitions(lines, command, env).collect()
    if len(partials) != partitions:
        print(f"error: {len(partials)} partial audits for {partitions} partitions", file=sys.stderr)
        return 1
    checked = time.monotonic()

    merge = [binary.executable(), "audit", "--merge", "--format", args.format, "--top", str(args.top),
             "--samples", str(args.samples), "-"]
    report = subprocess.run(merge, input="\n".join(partials) + "\n", capture_output=True, text=True, env=env)
    sys.stderr.write(report.stderr)
    if report.returncode not in (0, 2) or not report.stdout:
        print(f"error: factlint audit --merge exited {report.returncode}", file=sys.stderr)
        return report.returncode or 1
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write(report.stdout)
    else:
        sys.stdout.write(report.stdout)
    print(f"spark: {partitions} partitions checked in {checked - started:.1f} s, merged in "
          f"{time.monotonic() - checked:.1f} s", file=sys.stderr)
    # 2 as for a single run: some records could not be read (they are counted in the report).
    return report.returncode


def main():
    factlint_spark.run_job("factlint-audit", parse, run)


if __name__ == "__main__":
    main()
