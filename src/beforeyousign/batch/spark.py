"""The Spark engine: the same analysis, on a Spark cluster (or ``local[N]``).

The inputs are read by the same readers as the local engine, on the driver, in **waves**
(``wave`` records, 5,000 by default). Each wave becomes a Spark DataFrame; an **iterator
pandas UDF** (``DataFrame.mapInPandas``) runs :func:`.worker.analyse_record` on every record.
The engine is loaded once per executor, in Spark's Python daemon (:mod:`.spark_daemon`), and
the Python workers forked from it share it (Spark also reuses its workers between tasks); it
is never loaded per task or per record. The rows come back to the driver, which writes them
in input order with the same writers. Memory on the driver is bounded by one
wave. The engine changes the speed, never the results: rows are byte for byte those of the
local engine.

Records that are files (a folder's PDFs, photos…) are read by the executors from their
path: on a cluster, the folder must be on storage every executor sees at the same path
(NFS, a mounted bucket). Tables, Telegram and WhatsApp exports travel with the data.

See ``docs/batch.md`` for ``spark-submit`` on a cluster.
"""

from __future__ import annotations

import importlib
import itertools
import os
import shutil
import sys
from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any

from beforeyousign.batch.errors import FeatureUnavailable
from beforeyousign.batch.records import (
    RECORD_COLUMNS,
    Record,
    record_from_columns,
    record_to_columns,
)
from beforeyousign.batch.worker import Outcome, analyse_record, warm_up

WAVE = 5000
INPUT_SCHEMA = "seq long, " + ", ".join(f"{name} string" for name in RECORD_COLUMNS)
OUTPUT_SCHEMA = (
    "seq long, id string, line string, verdict string, flags string, max_severity string, "
    "error string"
)
#: Settings for a session this engine starts: no web UI or console bar of its own (the
#: batch has its progress bar), Arrow to move pandas frames, Python workers reused.
BASE_CONF = {
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.python.worker.reuse": "true",
    "spark.ui.showConsoleProgress": "false",
    # Python workers forked from a daemon that has loaded the engine: they share one copy.
    "spark.python.daemon.module": "beforeyousign.batch.spark_daemon",
}
LOCAL_CONF = {
    "spark.ui.enabled": "false",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
}


def analyse_frames(frames: Iterator[Any], language: str) -> Iterator[Any]:
    """The iterator pandas UDF: frames of records in, frames of outcomes out. Runs in the
    executors' Python workers; the engine is loaded once per worker process."""
    pandas = importlib.import_module("pandas")
    warm_up(language)
    for frame in frames:
        outcomes = [
            analyse_record(record_from_columns(row), language) for row in frame.to_dict("records")
        ]
        yield pandas.DataFrame(
            {
                "seq": [o.seq for o in outcomes],
                "id": [o.id for o in outcomes],
                "line": [o.line for o in outcomes],
                "verdict": [o.verdict for o in outcomes],
                "flags": ["\n".join(o.flags) for o in outcomes],
                "max_severity": [o.max_severity for o in outcomes],
                "error": [o.error for o in outcomes],
            },
            columns=["seq", "id", "line", "verdict", "flags", "max_severity", "error"],
        )


def _outcome(row: Any) -> Outcome:
    flags = row["flags"]
    return Outcome(
        seq=int(row["seq"]),
        id=row["id"],
        line=row["line"],
        verdict=row["verdict"],
        flags=tuple(flags.split("\n")) if flags else (),
        max_severity=row["max_severity"],
        error=row["error"],
    )


class SparkEngine:
    def __init__(
        self,
        language: str = "",
        master: str | None = None,
        wave: int = WAVE,
        partitions: int | None = None,
        conf: dict[str, str] | None = None,
        session: Any = None,
    ) -> None:
        """``master`` (``local[2]``, ``spark://host:7077``, ``yarn``…) or None to use what
        ``spark-submit`` set; ``session`` an existing SparkSession to use (and not stop)."""
        self.language = language
        self.master = master
        self.wave = max(1, wave)
        self.partitions = partitions
        self.conf = dict(conf or {})
        self.session = session

    def run(self, records: Iterable[Record]) -> Iterator[Outcome]:
        spark = self.session if self.session is not None else self._start()
        try:
            iterator = iter(records)
            while wave := list(itertools.islice(iterator, self.wave)):
                yield from self._wave(spark, wave)
        finally:
            if self.session is None:
                spark.stop()

    def _wave(self, spark: Any, wave: list[Record]) -> Iterator[Outcome]:
        pandas = importlib.import_module("pandas")
        frame = pandas.DataFrame(
            [record_to_columns(record) for record in wave], columns=["seq", *RECORD_COLUMNS]
        )
        data = spark.createDataFrame(frame, schema=INPUT_SCHEMA)
        if self.partitions:
            data = data.repartition(self.partitions)
        analysed = data.mapInPandas(
            partial(analyse_frames, language=self.language), schema=OUTPUT_SCHEMA
        )
        rows = analysed.collect()
        for row in sorted(rows, key=lambda r: int(r["seq"])):
            yield _outcome(row)

    def _start(self) -> Any:
        if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
            raise FeatureUnavailable(
                feature="The Spark engine",
                needs="Java (17 or newer)",
                remedy="Install a Java runtime (Debian: apt-get install openjdk-17-jre-headless).",
            )
        try:
            sql = importlib.import_module("pyspark.sql")
            importlib.import_module("pandas")
            importlib.import_module("pyarrow")
        except ImportError as exc:
            raise FeatureUnavailable(
                feature="The Spark engine",
                needs="the Python packages pyspark, pandas and pyarrow",
                remedy="Install them with: pip install 'beforeyousign[spark]'",
            ) from exc
        builder = sql.SparkSession.builder.appName("beforeyousign-batch")
        settings = dict(BASE_CONF)
        if self.master is not None:
            builder = builder.master(self.master)
        if (self.master or "").startswith("local"):
            settings.update(LOCAL_CONF)
            # Python workers must be this interpreter, which has beforeyousign installed.
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        settings.update(self.conf)
        for key, value in settings.items():
            builder = builder.config(key, value)
        session = builder.getOrCreate()
        session.sparkContext.setLogLevel("ERROR")
        return session
