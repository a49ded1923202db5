"""The Spark engine gives the same rows as the local engine, record by record.

Spark runs in local mode (``local[2]``, no web UI, driver on 127.0.0.1) in a subprocess
with a time limit, so a stuck JVM cannot hang the suite. Skipped only when Java is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from batchfixtures import (
    ADS,
    set_mtime,
    telegram_channel_export,
    whatsapp_exports,
    write_jsonl,
)
from filemakers import make_docx

JAVA = shutil.which("java") or (
    os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else None
)
pytestmark = pytest.mark.skipif(
    JAVA is None,
    reason="the Spark engine needs Java 17+ (Debian: apt-get install openjdk-17-jre-headless); "
    "no `java` on PATH and no JAVA_HOME",
)
TIME_LIMIT = 600


def batch(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable, "SPARK_LOCAL_IP": "127.0.0.1"}
    return subprocess.run(
        [sys.executable, "-m", "beforeyousign", "batch", *args],
        capture_output=True, text=True, timeout=TIME_LIMIT, cwd=tmp_path, env=env,
    )  # fmt: skip


def rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_spark_and_local_engines_give_identical_rows(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    (folder / "channel").mkdir(parents=True)
    telegram_channel_export(folder / "channel")
    whatsapp_exports(folder / "chats")
    (folder / "ad.txt").write_text(
        "Требуются охранники, контракт с Министерством обороны.", "utf-8"
    )
    (folder / "contract.docx").write_bytes(make_docx(["ТРУДОВОЙ ДОГОВОР", "Работник: повар"]))
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage")
    for path in folder.rglob("*"):
        set_mtime(path)
    many = [{"id": f"ad-{i}", "text": ADS[i % len(ADS)]["text"] + f" №{i}"} for i in range(20)]
    source = write_jsonl(tmp_path / "ads.jsonl", many, bad_lines=["{not json"])
    inputs = [str(folder), str(source)]

    local = batch([*inputs, "-o", "local.jsonl", "--workers", "2", "--chunk-size", "3"], tmp_path)
    assert local.returncode == 0, local.stderr
    spark = batch(
        [*inputs, "-o", "spark.jsonl", "--engine", "spark", "--master", "local[2]",
         "--spark-wave", "7"],  # several waves: order is kept across them
        tmp_path,
    )  # fmt: skip
    assert spark.returncode == 0, spark.stderr
    assert "Traceback" not in spark.stderr

    local_rows = rows(tmp_path / "local.jsonl")
    spark_rows = rows(tmp_path / "spark.jsonl")
    assert len(local_rows) == len(spark_rows) == 9 + 21
    for ours, theirs in zip(local_rows, spark_rows, strict=True):
        assert ours == theirs, ours["record"]["id"]
    # byte for byte, too: the same function made both
    assert (tmp_path / "local.jsonl").read_bytes() == (tmp_path / "spark.jsonl").read_bytes()
    errors = {r["record"]["id"]: r["error"]["code"] for r in spark_rows if "error" in r}
    assert errors == {"exports/broken.pdf": "corrupt_file", "ads.jsonl:2": "bad_record"}
    assert "batch done: 30 records" in spark.stderr
