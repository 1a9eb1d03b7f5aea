"""What the Spark jobs (audit_job.py, check_job.py) share: shipping factlint and its layers to the executors,
reading an archive as bytes, and running one factlint process per partition that fails its task when it fails.

- **Shipping.** `--factlint`, `--rules` and `--reference` name a file or directory on the driver: the job adds
  it with `SparkContext.addFile` (directories with `recursive=True`), and each side finds its copy with
  `SparkFiles.get`. A name that is not a path on the driver is taken as already shipped under that name
  (`spark-submit --files factlint --archives rules.tar.gz#rules`, as in cluster deploy mode).
- **Reading.** `binaryFiles` reads each file of the archive as bytes; its lines are framed as
  `{"source", "line", "base64"}` (`factlint --framed`), so factlint reads exactly the bytes a single process
  reads — invalid UTF-8 included — and its messages name the file and the line in it, not a partition's line.
- **Running.** PySpark's `pipe()` takes one command, fixed on the driver, where the executors' `SparkFiles` paths
  are not known yet; `run_partitions` does what `pipe(command, env, checkCode=True)` does with the command built
  on the executor: an explicit environment (never the worker's), and a task that raises on a non-zero exit, with
  the end of factlint's standard error in the message, so that Spark retries it and fails the job if the
  retries fail. Output is kept only from processes that exited 0: a result is complete or absent.
"""

import base64
import json
import os
import shutil
import stat
import subprocess
import sys
import threading
from urllib.parse import urlparse

from pyspark import SparkFiles
from pyspark.sql import SparkSession

# Standard error kept for a failed task's message.
STDERR_TAIL = 8192


class Shipped:
    """A file or directory the executors (and the driver) find through `SparkFiles`."""

    def __init__(self, sc, given, kind):
        self.given = given
        path = given
        if kind == "binary" and os.sep not in given and not os.path.exists(given):
            path = shutil.which(given) or given
        if os.path.basename(os.path.normpath(given)) in shipped_names(sc):
            # Shipped by spark-submit, and maybe in the driver's working directory too: not added twice.
            path = None
        if path is not None and os.path.exists(path):
            self.name = os.path.basename(os.path.normpath(path))
            self.local = os.path.abspath(path)
            sc.addFile(self.local, recursive=os.path.isdir(self.local))
        else:
            # Shipped by spark-submit (--files, --archives NAME#ALIAS): found by its name.
            self.name = os.path.basename(os.path.normpath(given))
            self.local = None

    def path(self):
        """The copy on this side: the driver's own file if it has one, else the shipped one."""
        if self.local is not None and os.path.exists(self.local):
            return self.local
        found = SparkFiles.get(self.name)
        if not os.path.exists(found) and os.path.exists(self.name):
            found = os.path.abspath(self.name)  # --archives unpacks into the working directory
        return found

    def executable(self):
        """The path of a shipped binary, made executable (a copy may lose the mode bits)."""
        path = self.path()
        mode = os.stat(path).st_mode
        if not mode & stat.S_IXUSR:
            os.chmod(path, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        return path


def shipped_names(sc):
    """The names spark-submit shipped (`--files`, `--archives FILE#NAME`), as the executors see them."""
    names = set()
    for uri in list(sc.listFiles) + list(sc.listArchives):
        path, _, alias = uri.partition("#")
        names.add(alias or os.path.basename(urlparse(path).path.rstrip("/")))
    return names


def ship_all(sc, args):
    """The binary and every layer directory, shipped; refuses two layers of one name (one SparkFiles name)."""
    binary = Shipped(sc, args.factlint, "binary")
    layers = []
    names = set()
    for flag, dirs in (("--rules", args.rules), ("--reference", args.reference)):
        for given in dirs:
            shipped = Shipped(sc, given, "dir")
            if shipped.name in names or shipped.name == binary.name:
                sys.exit(f"error: two shipped files are named `{shipped.name}`: rename one of the directories")
            names.add(shipped.name)
            layers.append((flag, shipped))
    return binary, layers


def layer_options(layers):
    """`--rules DIR` and `--reference DIR` with this side's paths."""
    options = []
    for flag, shipped in layers:
        options += [flag, shipped.path()]
    return options


def environment(extra):
    """The processes' whole environment: nothing of the worker's, a reference cache in the working directory."""
    env = {"PATH": os.defpath, "LC_ALL": "C.UTF-8", "FACTLINT_CACHE_DIR": os.path.abspath(".factlint-cache")}
    for item in extra:
        key, _, value = item.partition("=")
        env[key] = value
    return env


def frames(path_and_bytes):
    """The lines of one file as frames, numbered as a single process numbers them (from 1, blank ones too)."""
    path, data = path_and_bytes
    source = path[len("file:"):] if path.startswith("file:") else path
    if not data:
        return
    lines = data.split(b"\n")
    if data.endswith(b"\n"):
        lines.pop()
    for number, line in enumerate(lines, start=1):
        if line.strip(b" \t\n\x0c\r"):  # blank as factlint sees it: skipped
            encoded = base64.b64encode(line).decode("ascii")
            yield json.dumps({"source": source, "line": number, "base64": encoded})


def read_frames(sc, archive, partitions):
    """The archive (a file, directory or glob) as framed lines, in at least `partitions` partitions."""
    rdd = sc.binaryFiles(archive).flatMap(frames)
    if partitions:
        rdd = rdd.repartition(partitions)
    return rdd


class FactlintFailed(RuntimeError):
    pass


def run_partitions(rdd, command_of, env):
    """One factlint process per partition, fed the partition's lines; yields its output lines once it has exited
    0, raises otherwise. `command_of()` builds the command on the executor."""

    def run(lines):
        command = command_of()
        process = subprocess.Popen(command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
        errors = bytearray()

        def feed():
            try:
                for line in lines:
                    process.stdin.write(line.encode("utf-8") + b"\n")
            except BrokenPipeError:
                pass
            finally:
                try:
                    process.stdin.close()
                except BrokenPipeError:
                    pass

        def drain():
            for chunk in iter(lambda: process.stderr.read(65536), b""):
                errors.extend(chunk)
                sys.stderr.buffer.write(chunk)
                del errors[:-STDERR_TAIL]

        threads = [threading.Thread(target=feed, daemon=True), threading.Thread(target=drain, daemon=True)]
        for thread in threads:
            thread.start()
        output = process.stdout.read()
        code = process.wait()
        for thread in threads:
            thread.join()
        if code != 0:
            raise FactlintFailed(f"{' '.join(command[:2])} exited {code} on this partition:\n"
                                 + errors.decode("utf-8", "replace"))
        return output.decode("utf-8").splitlines()

    return rdd.mapPartitions(run)


def common_arguments(parser):
    """The options both jobs take, besides those of their factlint command."""
    parser.add_argument("archive", help="JSON Lines archive: a file, a directory or a glob Spark can read")
    parser.add_argument("--factlint", default="factlint",
                        help="the factlint binary: a path on the driver, shipped to the executors, or the name of "
                             "one shipped with spark-submit --files (default: factlint on the driver's PATH)")
    parser.add_argument("--master", help="Spark master, such as local[2] (default: spark-submit's)")
    parser.add_argument("--partitions", type=int, help="spread the archive's lines over this many partitions")
    parser.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                        help="an environment variable for the factlint processes (repeatable)")
    parser.add_argument("--rules", action="append", default=[], metavar="DIR", help="a rules layer (repeatable)")
    parser.add_argument("--no-default-rules", action="store_true")
    parser.add_argument("--reference", action="append", default=[], metavar="DIR",
                        help="a reference data layer (repeatable)")
    parser.add_argument("--no-default-reference", action="store_true")
    parser.add_argument("--date", help="as-of date for records without a `date`")
    parser.add_argument("--input-format", choices=["markdown", "text", "html"])


def common_options(args):
    """The factlint options both commands take, but the layers' (whose paths depend on the side)."""
    options = []
    if args.no_default_rules:
        options.append("--no-default-rules")
    if args.no_default_reference:
        options.append("--no-default-reference")
    if args.date:
        options += ["--date", args.date]
    if args.input_format:
        options += ["--input-format", args.input_format]
    return options


def run_job(app_name, parse, run):
    """Parses the arguments, runs `run(spark, args)` in a session named `app_name` and exits with its code."""
    args = parse()
    builder = SparkSession.builder.appName(app_name)
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    code = run(spark, args)
    spark.stop()
    sys.exit(code)
