"""Spark's Python daemon (``spark.python.daemon.module``), with the analysis engine loaded
before it forks its workers, so every Python worker of an executor shares one loaded copy
(:mod:`.preload`). Otherwise it is PySpark's own daemon.

The engine starts no thread (numerical libraries are kept to one), so forking stays safe:
pandas and pyarrow, which do start threads, are imported by the workers after the fork.
"""

from __future__ import annotations

import importlib


def main() -> None:
    importlib.import_module("beforeyousign.batch.preload")  # before pyspark: thread settings
    daemon = importlib.import_module("pyspark.daemon")
    daemon.manager()


if __name__ == "__main__":
    main()
