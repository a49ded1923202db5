"""``beforeyousign batch``: every input format, every output format, resuming, interruption,
bad records among good ones, and the worker pool surviving a crashed worker.

Inputs are written at test time in the shape real exporters write them
(``tests/batchfixtures.py``). Most runs use an in-process engine (the same
``analyse_record`` the worker processes run) so the suite stays quick; the command line runs
use the real process pool.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from batchfixtures import (
    ADS,
    CHANNEL_ID,
    CHANNEL_NAME,
    CRASH,
    crash_on_marker,
    inline_outcomes,
    no_warm_up,
    set_mtime,
    telegram_account_export,
    telegram_channel_export,
    whatsapp_exports,
    write_csv,
    write_jsonl,
    write_parquet,
)
from beforeyousign.batch import BatchOptions, Columns, jsonstream, run_batch, telegram
from beforeyousign.batch.local import LocalEngine, chunked
from beforeyousign.batch.outputs import FLAT_COLUMNS, journal_path, read_done_ids
from beforeyousign.batch.progress import Progress
from beforeyousign.batch.records import Record
from beforeyousign.batch.sources import detect_kind, open_source
from beforeyousign.batch.summary import Summary
from beforeyousign.batch.whatsapp import looks_like_whatsapp, parse_whatsapp
from beforeyousign.batch.worker import Outcome
from beforeyousign.interfaces.cli import main
from filemakers import make_docx

ROOT = Path(__file__).resolve().parents[1]
REPORT_SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text("utf-8"))
BATCH_SCHEMA = json.loads((ROOT / "docs" / "batch.schema.json").read_text("utf-8"))
REPORT = jsonschema.Draft202012Validator(REPORT_SCHEMA)
ERROR_LINE = jsonschema.Draft202012Validator(
    {"$ref": "#/$defs/error_line", "$defs": REPORT_SCHEMA["$defs"]}
)
BATCH_ROW = jsonschema.Draft202012Validator(BATCH_SCHEMA)


class InlineEngine:
    """Runs the records in this process with the engines' own function."""

    def __init__(self, language: str = "", fail_after: int | None = None) -> None:
        self.language = language
        self.fail_after = fail_after

    def run(self, records: Iterable[Record]) -> Iterator[Outcome]:
        for number, record in enumerate(records):
            if self.fail_after is not None and number == self.fail_after:
                raise KeyboardInterrupt
            yield from inline_outcomes([record], self.language)


class InterruptingProgress(Progress):
    """Ctrl-C arriving while the main loop is writing: after ``after`` records."""

    def __init__(self, after: int) -> None:
        super().__init__(enabled=False)
        self.after = after
        self.count = 0

    def advance(self, count: int = 1) -> None:
        self.count += count
        if self.count == self.after:
            raise KeyboardInterrupt


def run(inputs: list[Path], output: Path, **options: Any) -> Summary:
    engine = options.pop("engine", InlineEngine())
    progress = options.pop("progress", None)
    batch = BatchOptions(
        inputs=tuple(str(p) for p in inputs), output=str(output), engine="local", **options
    )
    return run_batch(batch, progress, engine=engine)


def rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def by_id(path: Path) -> dict[str, dict[str, Any]]:
    return {row["record"]["id"]: row for row in rows(path)}


def assert_valid_row(row: dict[str, Any]) -> None:
    BATCH_ROW.validate(row)
    rest = {k: v for k, v in row.items() if k not in ("record", "contacts")}
    (ERROR_LINE if "error" in row else REPORT).validate(rest)


def contacts(row: dict[str, Any]) -> set[tuple[str, str]]:
    return {(c["kind"], c["value"]) for c in row["contacts"]}


# --- inputs -------------------------------------------------------------------------------


def test_jsonl_input(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "ads.jsonl", ADS)
    summary = run([source], tmp_path / "out.jsonl")
    found = by_id(tmp_path / "out.jsonl")
    assert list(found) == [ad["id"] for ad in ADS]  # input order
    for row in found.values():
        assert_valid_row(row)
    assert found["ad-1"]["verdict"]["id"] == "military_recruitment"
    assert "military_service" in {f["id"] for f in found["ad-1"]["flags"]}
    assert found["ad-2"]["flags"] == []
    assert found["ad-1"]["record"] == {
        "id": "ad-1", "source": "ads.jsonl", "time": "2024-03-12T10:00:00Z",
        "author": None, "forwarded_from": None,
    }  # fmt: skip
    assert ("phone", "+79123456789") in contacts(found["ad-1"])
    assert ("organisation", "ООО «Щит»") in contacts(found["ad-1"])
    assert ("whatsapp", "+79123456789") in contacts(found["ad-3"])
    assert "help" not in found["ad-1"]  # the same for every record: left out
    assert summary.analysed == len(ADS) and not summary.errors
    assert summary.verdicts["military_recruitment"] >= 1


def test_csv_input_with_named_columns_and_semicolons(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "ads.csv", ADS)
    run([source], tmp_path / "out.jsonl", columns=Columns(text="body", id="url", time="posted"))
    found = by_id(tmp_path / "out.jsonl")
    assert list(found) == [f"https://example.org/{ad['id']}" for ad in ADS]
    first = found["https://example.org/ad-1"]
    assert first["record"]["time"] == "2024-03-12T10:00:00Z"
    assert first["verdict"]["id"] == "military_recruitment"
    assert found["https://example.org/ad-3"]["record"]["time"] is None  # an empty cell


def test_csv_without_the_text_column_is_refused_before_any_work(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "ads.csv", ADS, text="message")
    from beforeyousign.batch.errors import BatchInputError

    with pytest.raises(BatchInputError, match=r"no 'text' column.*message.*--text-column"):
        run([source], tmp_path / "out.jsonl")
    assert not (tmp_path / "out.jsonl").exists()


def test_parquet_input(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    source = write_parquet(tmp_path / "ads.parquet", ADS)
    run([source], tmp_path / "out.jsonl")
    found = by_id(tmp_path / "out.jsonl")
    assert list(found) == [ad["id"] for ad in ADS]
    assert found["ad-1"]["verdict"]["id"] == "military_recruitment"
    assert found["ad-3"]["record"]["time"] is None


def test_telegram_channel_export_is_a_record_per_post(tmp_path: Path) -> None:
    export = telegram_channel_export(tmp_path)
    assert detect_kind(export) == "telegram"
    summary = run([export], tmp_path / "out.jsonl")
    found = by_id(tmp_path / "out.jsonl")
    # the service message and the photo-only post are skipped, and counted
    assert list(found) == [f"{CHANNEL_ID}/2", f"{CHANNEL_ID}/4", f"{CHANNEL_ID}/5"]
    assert summary.no_text == 1
    post = found[f"{CHANNEL_ID}/2"]
    assert post["record"] == {
        "id": f"{CHANNEL_ID}/2", "source": CHANNEL_NAME, "time": "2024-03-12T13:02:11Z",
        "author": CHANNEL_NAME, "forwarded_from": None,
    }  # fmt: skip
    assert post["verdict"]["id"] == "military_recruitment"
    # text assembled from strings and entity objects; the link behind «пишите» is a contact
    assert {("phone", "+79123456789"), ("telegram", "@recruiter_ru")} <= contacts(post)
    assert found[f"{CHANNEL_ID}/4"]["record"]["forwarded_from"] == "Vacancies Russia"
    assert ("telegram", "@recruiter_ru") in contacts(found[f"{CHANNEL_ID}/5"])
    for row in found.values():
        assert_valid_row(row)


def test_telegram_export_is_read_as_a_stream(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a 7-character read buffer every value crosses buffer ends, some many times:
    the messages read are the same."""
    export = telegram_channel_export(tmp_path)
    whole = [m for _chat, m in telegram.messages(export)]
    monkeypatch.setattr(jsonstream, "CHUNK", 7)
    assert [m for _chat, m in telegram.messages(export)] == whole
    assert [m["id"] for m in whole] == [1, 2, 3, 4, 5]


def test_telegram_account_export_reads_every_chat(tmp_path: Path) -> None:
    export = telegram_account_export(tmp_path)
    assert detect_kind(export) == "telegram"
    run([export], tmp_path / "out.jsonl")
    found = by_id(tmp_path / "out.jsonl")
    # a personal chat is one record (the conversation); a supergroup one per message
    assert list(found) == ["55501", "55502/7"]
    chat = found["55501"]
    assert chat["record"]["source"] == "Recruiter Ram"
    assert chat["record"]["time"] == "2024-03-12T13:02:11Z"
    assert "document_retention" in {f["id"] for f in chat["flags"]}


def test_truncated_telegram_export_keeps_the_posts_before_the_cut(tmp_path: Path) -> None:
    export = telegram_channel_export(tmp_path, truncated=True)
    summary = run([export], tmp_path / "out.jsonl")
    found = by_id(tmp_path / "out.jsonl")
    assert list(found) == [f"{CHANNEL_ID}/2", f"{CHANNEL_ID}/4", "result.json:unreadable"]
    assert found["result.json:unreadable"]["error"]["code"] == "bad_record"
    assert summary.errors == {"bad_record": 1}


@pytest.mark.parametrize(
    ("key", "time", "first_line", "participants"),
    [
        ("ios", "2024-03-12T14:02:11", "Recruiter Ram: Namaste brother!", "Recruiter Ram, Bikash"),
        ("android", "2024-03-13T09:15:00", "Вербовщик: Работа в России", "Вербовщик"),
        ("us", "2024-03-12T14:02:00", "+7 912 345-67-89: Hello", "+7 912 345-67-89, Bikash"),
    ],
)
def test_whatsapp_chat_is_one_record(
    tmp_path: Path, key: str, time: str, first_line: str, participants: str
) -> None:
    path = whatsapp_exports(tmp_path / "chats")[key]
    assert detect_kind(path) == "whatsapp"
    run([path], tmp_path / "out.jsonl")
    (row,) = rows(tmp_path / "out.jsonl")
    assert_valid_row(row)
    assert row["record"]["id"] == path.name
    assert row["record"]["time"] == time
    assert row["record"]["author"] == participants
    assert row["source"]["name"] == path.name
    assert parse_whatsapp(path.read_text("utf-8")).text.startswith(first_line)


def test_whatsapp_parsing_keeps_messages_and_drops_media_and_system_lines() -> None:
    from batchfixtures import WHATSAPP_ANDROID_EU, WHATSAPP_IOS, WHATSAPP_US

    ios = parse_whatsapp(WHATSAPP_IOS)
    assert ios.text.splitlines() == [
        "Recruiter Ram: Namaste brother! Security helper job in Russia, army contract for 1 year.",
        "Salary 2 lakh per month, ticket free.",  # a message continued on a second line
        "Bikash: What about my passport?",
        "Recruiter Ram: Passport will be kept by the company. Call +7 912 345-67-89",
    ]
    android = parse_whatsapp(WHATSAPP_ANDROID_EU)
    assert "<Без медиафайлов>" not in android.text and "end-to-end" not in android.text
    assert android.messages == 2
    us = parse_whatsapp(WHATSAPP_US)
    assert us.time == "2024-03-12T14:02:00"  # 2:02 PM, month first
    assert "<Media omitted>" not in us.text
    for text in (WHATSAPP_IOS, WHATSAPP_ANDROID_EU, WHATSAPP_US):
        assert looks_like_whatsapp(text)
    assert not looks_like_whatsapp("Договор № 12\n12.03.2024, 14:02 - начало работ")


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("[12.03.24, 14:02:11] A: x", "2024-03-12T14:02:11"),
        ("[3/12/24, 2:02:11 PM] A: x", "2024-03-12T14:02:11"),
        ("12/03/2024, 14:02 - A: x", "2024-03-12T14:02:00"),
        ("3/12/24, 2:02 PM - A: x", "2024-03-12T14:02:00"),
        ("12.03.24, 14:02 - A: x", "2024-03-12T14:02:00"),
        ("2024-03-12, 14:02 - A: x", "2024-03-12T14:02:00"),
        ("25/12/2024, 09:00 - A: x", "2024-12-25T09:00:00"),
        ("12/25/24, 9:00 AM - A: x", "2024-12-25T09:00:00"),
        ("3/12/24, 12:30 AM - A: x", "2024-03-12T00:30:00"),
    ],
)
def test_whatsapp_time_stamps(line: str, iso: str) -> None:
    chat = parse_whatsapp(line + "\n")
    assert chat.time == iso
    assert chat.text == "A: x"


def test_folder_of_mixed_inputs(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    (folder / "channel").mkdir(parents=True)
    telegram_channel_export(folder / "channel")
    whatsapp_exports(folder / "chats")
    (folder / "ad.txt").write_text(
        "Требуются охранники, контракт с Министерством обороны.", "utf-8"
    )
    (folder / "contract.docx").write_bytes(make_docx(["ТРУДОВОЙ ДОГОВОР", "Работник: повар"]))
    write_jsonl(folder / "more.jsonl", ADS[:2])
    (folder / ".hidden.txt").write_text("not read", "utf-8")
    for path in folder.rglob("*"):
        set_mtime(path)
    run([folder], tmp_path / "out.jsonl")
    found = by_id(tmp_path / "out.jsonl")
    assert list(found) == [  # in path order
        "exports/ad.txt",
        f"{CHANNEL_ID}/2", f"{CHANNEL_ID}/4", f"{CHANNEL_ID}/5",  # exports/channel/result.json
        "exports/chats/WhatsApp Chat - Recruiter Ram.txt",
        "exports/chats/WhatsApp Chat with +7 912 345-67-89.txt",
        "exports/chats/WhatsApp Chat with Вербовщик.txt",
        "exports/contract.docx",
        "ad-1", "ad-2",  # exports/more.jsonl
    ]  # fmt: skip
    assert found["exports/ad.txt"]["record"]["time"] == "2024-03-12T13:02:11Z"  # mtime, UTC
    docx = found["exports/contract.docx"]
    assert docx["source"]["media_type"].endswith("wordprocessingml.document")
    for row in found.values():
        assert_valid_row(row)


def test_bad_records_among_good_ones_get_error_rows(tmp_path: Path) -> None:
    source = write_jsonl(
        tmp_path / "ads.jsonl",
        [*ADS[:3], {"id": "no-text", "body": "x"}, {"id": "not-text", "text": 42},
         {"id": "empty", "text": "   "}],
        bad_lines=["{not json", "[1, 2]"],
    )  # fmt: skip
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage")
    (folder / "ok.txt").write_text("Повар в кафе, Москва.", "utf-8")
    summary = run([source, folder], tmp_path / "out.jsonl")
    found = by_id(tmp_path / "out.jsonl")
    errors = {key: row["error"]["code"] for key, row in found.items() if "error" in row}
    assert errors == {
        "ads.jsonl:2": "bad_record",  # {not json
        "ads.jsonl:4": "bad_record",  # [1, 2]
        "no-text": "bad_record",
        "not-text": "bad_record",
        "empty": "empty_input",
        "files/broken.pdf": "corrupt_file",
    }
    assert "line 2 is not JSON" in found["ads.jsonl:2"]["error"]["message"]
    assert {"ad-1", "ad-2", "ad-3", "files/ok.txt"} <= {k for k in found if k not in errors}
    assert summary.analysed == 4
    assert sum(summary.errors.values()) == 6
    for row in found.values():
        assert_valid_row(row)


def test_a_bug_in_the_analysis_costs_one_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from beforeyousign import pipeline

    real = pipeline.run_text

    def flaky(text: str, name: str = "text", reader_language: str | None = None) -> Any:
        if "Kazan" in text:
            raise RuntimeError("secret internals")
        return real(text, name, reader_language)

    monkeypatch.setattr(pipeline, "run_text", flaky)
    run([write_jsonl(tmp_path / "ads.jsonl", ADS)], tmp_path / "out.jsonl")
    found = by_id(tmp_path / "out.jsonl")
    error = found["ad-4"]["error"]
    assert error["code"] == "internal" and "RuntimeError" in error["message"]
    assert "secret internals" not in error["message"]
    assert found["ad-5"]["verdict"]


def test_duplicate_ids_are_analysed_once(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "ads.jsonl", [*ADS[:2], ADS[0]])
    summary = run([source], tmp_path / "out.jsonl")
    assert [row["record"]["id"] for row in rows(tmp_path / "out.jsonl")] == ["ad-1", "ad-2"]
    assert summary.duplicates == 1


# --- outputs ------------------------------------------------------------------------------


def test_csv_and_parquet_outputs_have_flat_columns(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    source = write_jsonl(tmp_path / "ads.jsonl", ADS, bad_lines=["{not json"])
    run([source], tmp_path / "out.parquet")
    run([source], tmp_path / "out.csv")
    table = pq.read_table(tmp_path / "out.parquet")
    assert tuple(table.column_names) == FLAT_COLUMNS
    parquet_rows = table.to_pylist()
    import csv

    with open(tmp_path / "out.csv", encoding="utf-8", newline="") as handle:
        csv_rows = list(csv.DictReader(handle))
    assert len(parquet_rows) == len(csv_rows) == len(ADS) + 1
    first = parquet_rows[0]
    assert first["id"] == "ad-1"
    assert first["verdict"] == "military_recruitment"
    assert first["max_severity"] == "critical"
    assert "military_service" in first["flags"].split("; ")
    assert first["phones"] == "+79123456789"
    assert first["organisations"] == "ООО «Щит»"
    assert first["term_one_time_payment"]  # the paper's own words
    bad = next(r for r in parquet_rows if r["error_code"])
    assert bad["id"] == "ads.jsonl:2" and bad["verdict"] is None
    assert csv_rows[0]["id"] == "ad-1" and csv_rows[0]["flags"] == first["flags"]
    # the journal beside them holds the full rows
    assert len(rows(journal_path(tmp_path / "out.parquet"))) == len(ADS) + 1


def test_sarif_output_is_structurally_valid(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "ads.jsonl", ADS, bad_lines=["{not json"])
    run([source], tmp_path / "out.sarif")
    sarif = json.loads((tmp_path / "out.sarif").read_text("utf-8"))
    assert sarif["version"] == "2.1.0"
    assert sarif["$schema"].endswith("sarif-2.1.0.json")
    (sarif_run,) = sarif["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "beforeyousign"
    rule_ids = [rule["id"] for rule in driver["rules"]]
    for rule in driver["rules"]:
        assert {"id", "shortDescription", "defaultConfiguration"} <= set(rule)
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    (taxonomy,) = sarif_run["taxonomies"]
    assert taxonomy["name"] == driver["supportedTaxonomies"][0]["name"]
    assert taxonomy["guid"] == driver["supportedTaxonomies"][0]["guid"]
    taxa = [taxon["id"] for taxon in taxonomy["taxa"]]
    assert taxa == [f"ILO-{n}" for n in range(1, 12)]
    document_retention = driver["rules"][rule_ids.index("document_retention")]
    target = document_retention["relationships"][0]["target"]
    assert target["id"] == "ILO-7" and taxa[target["index"]] == "ILO-7"
    results = sarif_run["results"]
    assert results
    for result in results:
        assert {"ruleId", "ruleIndex", "level", "message", "locations"} <= set(result)
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["message"]["text"]
        for location in result["locations"]:
            physical = location["physicalLocation"]
            assert physical["artifactLocation"]["uri"]
            region = physical.get("region")
            if region:
                assert region["charOffset"] >= 0 and region["charLength"] > 0
                assert region["snippet"]["text"]
        for taxon in result.get("taxa", []):
            assert taxon["id"] in taxa
    military = next(r for r in results if r["ruleId"] == "military_service")
    assert military["properties"]["record"]["id"] == "ad-1"
    assert military["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "ad-1"
    assert '"' in military["message"]["text"]  # the quote is in the message
    (invocation,) = sarif_run["invocations"]
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "ads.jsonl%3A2"
    )


# --- resuming and interruption ------------------------------------------------------------


def test_rerun_skips_records_already_done(tmp_path: Path) -> None:
    source = tmp_path / "ads.jsonl"
    write_jsonl(source, ADS[:2])
    run([source], tmp_path / "out.jsonl")
    write_jsonl(source, ADS)  # the input grew
    summary = run([source], tmp_path / "out.jsonl")
    assert summary.already_done == 2 and summary.analysed == 3
    assert [row["record"]["id"] for row in rows(tmp_path / "out.jsonl")] == [ad["id"] for ad in ADS]
    assert read_done_ids(tmp_path / "out.jsonl") == {ad["id"] for ad in ADS}


def test_a_torn_last_line_is_dropped_and_its_record_done_again(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "ads.jsonl", ADS)
    output = tmp_path / "out.jsonl"
    run([source], output)
    lines = output.read_text("utf-8").splitlines(keepends=True)
    output.write_text("".join(lines[:2]) + lines[2][:50], "utf-8")  # killed mid-write
    summary = run([source], output)
    assert summary.already_done == 2 and summary.analysed == 3
    assert [row["record"]["id"] for row in rows(output)] == [ad["id"] for ad in ADS]


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet", ".csv", ".sarif"])
def test_ctrl_c_leaves_a_valid_output_and_the_rerun_completes_it(
    tmp_path: Path, suffix: str
) -> None:
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    source = write_jsonl(tmp_path / "ads.jsonl", ADS)
    output = tmp_path / f"out{suffix}"
    summary = run([source], output, progress=InterruptingProgress(after=2))
    assert summary.interrupted
    assert read_ids(output) == expected_ids(output, ["ad-1", "ad-2"])
    summary = run([source], output)
    assert not summary.interrupted and summary.already_done == 2 and summary.analysed == 3
    assert read_ids(output) == expected_ids(output, [ad["id"] for ad in ADS])


def expected_ids(output: Path, done: list[str]) -> list[str]:
    """SARIF lists only the records that raised a flag."""
    if output.suffix != ".sarif":
        return done
    flagged = {row["record"]["id"] for row in rows(journal_path(output)) if row.get("flags")}
    return [key for key in done if key in flagged]


def test_ctrl_c_inside_the_engine_also_keeps_what_was_done(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "ads.jsonl", ADS)
    output = tmp_path / "out.csv"
    summary = run([source], output, engine=InlineEngine(fail_after=3))
    assert summary.interrupted
    assert read_ids(output) == ["ad-1", "ad-2", "ad-3"]


def read_ids(output: Path) -> list[str]:
    """The record ids in a batch output of any format, read as its users' tools would."""
    if output.suffix == ".jsonl":
        return [row["record"]["id"] for row in rows(output)]
    if output.suffix == ".parquet":
        import pyarrow.parquet as pq

        return [str(i) for i in pq.read_table(output).column("id").to_pylist()]
    if output.suffix == ".csv":
        import csv

        with open(output, encoding="utf-8", newline="") as handle:
            return [row["id"] for row in csv.DictReader(handle)]
    sarif = json.loads(output.read_text("utf-8"))
    ids = [r["properties"]["record"]["id"] for r in sarif["runs"][0]["results"]]
    return list(dict.fromkeys(ids))  # records with flags, in order


def test_output_without_its_journal_is_not_silently_overwritten(tmp_path: Path) -> None:
    from beforeyousign.batch.errors import ResumeError

    source = write_jsonl(tmp_path / "ads.jsonl", ADS[:2])
    output = tmp_path / "out.csv"
    run([source], output)
    journal_path(output).unlink()
    with pytest.raises(ResumeError, match="journal"):
        run([source], output)
    summary = run([source], output, restart=True)
    assert summary.analysed == 2 and read_ids(output) == ["ad-1", "ad-2"]


def test_a_file_that_is_not_batch_output_is_not_appended_to(tmp_path: Path) -> None:
    from beforeyousign.batch.errors import ResumeError

    output = tmp_path / "out.jsonl"
    output.write_text('{"something": "else"}\n', "utf-8")
    with pytest.raises(ResumeError):
        run([write_jsonl(tmp_path / "ads.jsonl", ADS[:1])], output)
    assert output.read_text("utf-8") == '{"something": "else"}\n'


# --- the local process pool ---------------------------------------------------------------


def _records(texts: list[str]) -> list[Record]:
    return [
        Record(id=f"r{i}", source="test", time=None, name=f"r{i}", text=text, seq=i)
        for i, text in enumerate(texts)
    ]


def test_chunks_are_cut_by_count_and_by_size() -> None:
    records = _records(["x" * 10] * 5 + ["y" * 5000] + ["z"] * 3)
    sizes = [len(c) for c in chunked(records, size=4, budget=3000)]
    assert sizes == [4, 1, 1, 3]
    files = [Record(id=f"f{i}", source="d", time=None, name="f", path="/x") for i in range(3)]
    assert [len(c) for c in chunked(files, size=16, budget=32_000)] == [1, 1, 1]


def test_a_crashed_worker_costs_one_record_and_the_run_goes_on() -> None:
    texts = [f"text {i}" for i in range(12)]
    texts[5] = CRASH
    engine = LocalEngine(workers=2, chunk_size=3, analyse=crash_on_marker, initializer=no_warm_up)
    outcomes = list(engine.run(_records(texts)))
    assert [o.id for o in outcomes] == [f"r{i}" for i in range(12)]  # order kept
    assert [o.id for o in outcomes if o.error] == ["r5"]
    assert outcomes[5].error == "worker_crashed"


# --- the command line ---------------------------------------------------------------------


def test_cli_batch_with_the_process_pool(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "ads.csv", ADS)
    output = tmp_path / "results.jsonl"
    result = CliRunner().invoke(
        main,
        ["batch", str(source), "-o", str(output), "--text-column", "body",
         "--id-column", "url", "--workers", "2", "--chunk-size", "2"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # data goes to the file, the summary to stderr
    assert f"batch done: {len(ADS)} records" in result.stderr
    assert "military_recruitment" in result.stderr and "by flag" in result.stderr
    assert "\x1b[" not in result.stderr  # no progress bar when stderr is not a terminal
    inline = tmp_path / "inline.jsonl"
    run([source], inline, columns=Columns(text="body", id="url"))
    assert rows(output) == rows(inline)  # the pool changes nothing in the results


def test_cli_batch_errors_are_clear(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["batch", str(tmp_path / "nope.jsonl"), "-o", "x.jsonl"])
    assert missing.exit_code == 3 and "nope.jsonl" in missing.stderr
    source = write_jsonl(tmp_path / "ads.jsonl", ADS[:1])
    wrong = runner.invoke(main, ["batch", str(source), "-o", str(tmp_path / "out.txt")])
    assert wrong.exit_code == 2 and ".parquet" in wrong.stderr
    column = runner.invoke(
        main, ["batch", str(source), "-o", str(tmp_path / "o.jsonl"), "--text-column", "body"]
    )
    assert column.exit_code == 3 and "--text-column" in column.stderr
    assert "Traceback" not in missing.stderr + wrong.stderr + column.stderr


def test_cli_ctrl_c_in_a_real_run(tmp_path: Path) -> None:
    """SIGINT to a running ``beforeyousign batch`` (the real process pool): exit 130, a
    readable output holding what was done, and the next run goes on from there. The input
    is large enough that no machine finishes it before the signal."""
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    ads = [{"id": f"ad-{i}", "text": ADS[i % len(ADS)]["text"] + f" №{i}"} for i in range(20_000)]
    source = write_jsonl(tmp_path / "ads.jsonl", ads)
    output = tmp_path / "out.parquet"
    command = [sys.executable, "-m", "beforeyousign", "batch", str(source), "-o", str(output),
               "--workers", "1", "--chunk-size", "4"]  # fmt: skip
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    journal = journal_path(output)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if journal.exists() and journal.stat().st_size > 0:  # rows are being written
            break
        time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "batch interrupted" in err and "Traceback" not in err
    done = pq.read_table(output).column("id").to_pylist()
    assert 0 < len(done) < len(ads)
    assert done == [f"ad-{i}" for i in range(len(done))]
    assert read_done_ids(journal) == set(done)
    # Go on, over the first records and five more (a smaller file with the same ids).
    write_jsonl(source, ads[: len(done) + 5])
    finish = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert finish.returncode == 0, finish.stderr
    assert f"already done: {len(done)}" in finish.stderr
    assert pq.read_table(output).column("id").to_pylist() == [
        f"ad-{i}" for i in range(len(done) + 5)
    ]


def test_batch_modules_stay_out_of_the_interfaces() -> None:
    """batch, network and contacts are domain packages: they never import the adapters."""
    import ast

    for package in ("batch", "network", "contacts"):
        for path in (ROOT / "src" / "beforeyousign" / package).glob("*.py"):
            tree = ast.parse(path.read_text("utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module:
                    assert not node.module.startswith("beforeyousign.interfaces"), path
                    assert node.module != "click", path


def test_open_source_refuses_a_json_that_is_not_a_telegram_export(tmp_path: Path) -> None:
    from beforeyousign.batch.errors import BatchInputError

    path = tmp_path / "data.json"
    path.write_text('{"rows": []}', "utf-8")
    assert detect_kind(path) == "file"  # by default just a file to analyse
    with pytest.raises(BatchInputError, match="Telegram"):
        open_source(path, "telegram")
    assert os.path.exists(path)


# --- the same results as the plain pipeline -------------------------------------------------


def test_batch_rows_are_the_plain_pipelines_json(tmp_path: Path) -> None:
    """A batch row is ``check --format json``'s report (``report_dict``) without ``help``,
    between ``record`` and ``contacts``, written by ``json.dumps``: the batch's own shortcuts
    (no help section made, one encoder, terms copied without deepcopy) change nothing."""
    from beforeyousign import pipeline
    from beforeyousign.contacts import extract_contacts
    from beforeyousign.i18n import translator
    from beforeyousign.report.render_json import report_dict

    posts = [*ADS, *({"id": f"post-{i}", "text": text} for i, text in enumerate(_posts()))]
    source = write_jsonl(tmp_path / "posts.jsonl", posts)
    run([source], tmp_path / "out.jsonl")
    lines = (tmp_path / "out.jsonl").read_text("utf-8").splitlines()
    _ = translator("en")
    assert len(lines) == len(posts)
    for line, post in zip(lines, posts, strict=True):
        data = report_dict(pipeline.run_text(post["text"], post["id"]), _)
        del data["help"]
        row = json.loads(line)
        assert row.pop("record")["id"] == post["id"]
        found = [c.to_dict() for c in extract_contacts(post["text"])]
        assert row.pop("contacts") == found
        assert row == data
        expected = {"record": json.loads(line)["record"], **data, "contacts": found}
        assert line == json.dumps(expected, ensure_ascii=False)  # the same bytes


def test_report_terms_are_term_to_dict() -> None:
    from beforeyousign import pipeline

    for post in [*ADS, *({"text": text} for text in _posts())]:
        report = pipeline.run_text(post["text"])
        assert report.to_dict()["terms"] == [term.to_dict() for term in report.terms]


def _posts() -> list[str]:
    """Generated short posts in every language of the bench (bench/_posts.py)."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from _posts import generate_posts
    finally:
        sys.path.pop(0)
    return generate_posts(120, seed=5)
