#!/usr/bin/env python3
"""Runs several runs of the Spark jobs in one Spark application, for ci_test.sh: one driver and one executor start
instead of one per run, which keeps the test within its time bound on a small machine.

    spark-submit examples/spark/ci_jobs.py runs.json > codes.txt

`runs.json` is a list of {"name", "job": "audit" | "check", "args": [...], "remove": [paths]?}; each run's exit code
is printed as `NAME CODE` (1 when the job raised, as `python3 JOB.py` exits then). `remove` is removed first.
"""

import json
import os
import sys
import traceback

from pyspark import cloudpickle
from pyspark.sql import SparkSession

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import audit_job  # noqa: E402
import check_job  # noqa: E402

# Their functions go to the executors with the jobs, as when each runs as the main script.
cloudpickle.register_pickle_by_value(audit_job)
cloudpickle.register_pickle_by_value(check_job)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        runs = json.load(f)
    spark = SparkSession.builder.appName("factlint-ci").getOrCreate()
    for run in runs:
        for path in run.get("remove", []):
            if os.path.exists(path):
                os.remove(path)
        job = {"audit": audit_job, "check": check_job}[run["job"]]
        print(f"--- {run['name']}: {run['job']}_job.py {' '.join(run['args'])}", file=sys.stderr, flush=True)
        try:
            code = job.run(spark, job.parse(run["args"]))
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
        except Exception:  # noqa: BLE001 - a failed job is a result here
            traceback.print_exc()
            code = 1
        print(f"{run['name']} {code}", flush=True)
    spark.stop()


if __name__ == "__main__":
    main()
