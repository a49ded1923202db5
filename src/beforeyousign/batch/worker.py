"""What every engine runs on every record: analyse it and make its output row.

Both engines (the local process pool and Spark) call :func:`analyse_record`, so the engine
changes the speed of a run, never its results. :func:`warm_up` loads the engine: it imports
the analysis, loads the language model, the morphology dictionaries and the rule packs, and
fills the lemma cache with common words, so that no record pays for it. It runs once in the
process the workers are forked from (:mod:`.preload`), or once per worker where workers are
not forked.

An output row is one JSON object: ``record`` (id, source, time, author, forwarded_from),
then the report exactly as ``check --format json`` prints it (``docs/report.schema.json``)
without the ``help`` section, which is the same for every record, then ``contacts``. A
record that cannot be analysed gets ``record``, ``source`` and ``error`` instead
(``$defs/error_line`` of the schema).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from beforeyousign.batch.errors import BadRecord
from beforeyousign.batch.records import Record
from beforeyousign.contacts import extract_contacts
from beforeyousign.errors import BeforeYouSignError, InputTooLarge, message_params
from beforeyousign.ingest import DEFAULT_MAX_BYTES

INTERNAL_ERROR_MESSAGE = (
    "Something went wrong inside beforeyousign while analysing this record ({kind}). "
    "This is a bug: please report it."
)
WORKER_CRASHED_MESSAGE = (
    "The process analysing this record stopped (it ran out of memory or crashed). "
    "This is a bug: please report it."
)

#: Short texts in every language with a rule pack: analysing them loads everything a real
#: record needs (language model, morphology, each pack, the recognizers).
WARM_UP_TEXTS = (
    "Требуются охранники в Ростов, контракт с Министерством обороны, паспорт сдаётся "
    "работодателю, оплата 200 000 руб. Звоните +7 912 345-67-89, ООО «Ромашка».",
    "Security guard jobs in Russia, salary 3000 USD, visa and ticket free, passport kept by "
    "the agent. WhatsApp wa.me/9779812345678, @recruiter_job",
    "Trabajo en Rusia como ayudante, contrato de un año con el ejército, pasaporte retenido.",
    "Travail en Russie comme agent de sécurité, contrat militaire d'un an, salaire élevé.",
    "रूस में सुरक्षा गार्ड की नौकरी, वेतन 2 लाख रुपये, पासपोर्ट एजेंट के पास रहेगा।",
    "रुसमा सुरक्षा गार्डको काम, तलब राम्रो, भिसा र टिकट निःशुल्क, नेपालबाट सम्पर्क गर्नुहोस्।",
)

_warmed: str | None = None


@dataclass(frozen=True)
class Outcome:
    """A record's output row (one JSON line, no newline) and what the summary counts."""

    seq: int
    id: str
    line: str
    verdict: str | None
    flags: tuple[str, ...]
    max_severity: str | None
    error: str | None


def warm_up(language: str = "") -> None:
    """Load the engine in this process, once. Safe to call before every batch of work.
    ``language`` is the reader's language, or ``""`` when none was given (English text)."""
    global _warmed
    if _warmed == language:
        return
    from beforeyousign import pipeline
    from beforeyousign.i18n import translator

    translator(language or "en")
    for text in WARM_UP_TEXTS:
        with contextlib.suppress(BeforeYouSignError):  # a sample may read as "no text"
            pipeline.run_text(text, "warm-up")
        extract_contacts(text)
    _warmed = language


def init_worker(language: str) -> None:
    """Pool initializer: no Ctrl-C in workers (the parent stops them in order), then warm."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm_up(language)


def analyse_chunk(records: Sequence[Record], language: str) -> list[Outcome]:
    warm_up(language)
    return [analyse_record(record, language) for record in records]


def analyse_record(record: Record, language: str) -> Outcome:
    """Analyse one record; never raises for a bad record (it gets an error row)."""
    from beforeyousign import pipeline
    from beforeyousign.i18n import translator
    from beforeyousign.ingest import ingest_path
    from beforeyousign.report.render_json import report_body

    _ = translator(language or "en")  # never the environment's: workers may differ
    try:
        if record.problem is not None:
            raise BadRecord(name=record.name or record.id, reason=record.problem)
        if record.path is not None:
            document = ingest_path(record.path)
            report = pipeline.run_document(document, language_or_none(language))
            text = document.raw_text
        else:
            text = record.text or ""
            _check_size(text, record.name)
            report = pipeline.run_text(text, record.name, language_or_none(language))
        contacts = extract_contacts(text, extra=record.links)
    except BeforeYouSignError as error:
        return _error(record, error.code, error.exit_code, _(error.message_id, **message_params(
            error.params, _)))  # fmt: skip
    except Exception as exc:  # a bug must cost one record, never the run
        kind = type(exc).__name__
        return _error(record, "internal", 1, INTERNAL_ERROR_MESSAGE.format(kind=kind))
    data = report_body(report, _)  # the report without ``help``: the same in every row
    row = {"record": record.meta(), **data, "contacts": [c.to_dict() for c in contacts]}
    flags = tuple(flag["id"] for flag in data["flags"])
    severity = data["flags"][0]["severity"] if data["flags"] else None  # most serious first
    return Outcome(record.seq, record.id, _dumps(row), data["verdict"]["id"], flags, severity, None)


def language_or_none(language: str) -> str | None:
    """The runner passes the reader's language, or ``""`` for none given."""
    return language or None


def _check_size(text: str, name: str) -> None:
    if len(text) * 4 > DEFAULT_MAX_BYTES:
        size = len(text.encode("utf-8"))
        if size > DEFAULT_MAX_BYTES:
            raise InputTooLarge(name=name, size=size, limit=DEFAULT_MAX_BYTES)


def crashed(record: Record) -> Outcome:
    """The row of a record whose analysis killed its worker process (out of memory, a
    crash inside a C library): found by running the records of a lost chunk one by one."""
    return _error(record, "worker_crashed", 1, WORKER_CRASHED_MESSAGE)


def _error(record: Record, code: str, exit_code: int, message: str) -> Outcome:
    row = {
        "record": record.meta(),
        "source": {"name": record.name or record.id},
        "error": {"code": code, "exit_code": exit_code, "message": message},
    }
    return Outcome(record.seq, record.id, _dumps(row), None, (), None, code)


# ``json.dumps(row, ensure_ascii=False)`` builds this encoder anew on every call; one made
# once writes the same bytes.
_encode = json.JSONEncoder(ensure_ascii=False).encode


def _dumps(row: dict[str, Any]) -> str:
    return _encode(row)
