"""The ``beforeyousign`` command line (clig.dev conventions).

Data goes to stdout, messages to stderr; errors are translated, never a stack trace;
exit codes are in ``docs/exit-codes.md``.  With several inputs every readable one is
reported and the exit code is the highest of them.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

from beforeyousign.errors import BeforeYouSignError, message_params
from beforeyousign.i18n import Translator, is_language_tag, translator

if TYPE_CHECKING:
    from beforeyousign.knowledge.help_contacts import HelpContacts
    from beforeyousign.report.model import Report

EXIT_INTERNAL = 1
EXIT_QUALITY = 9
DEBUG_ENV = "BEFOREYOUSIGN_DEBUG"


def _error_text(error: BeforeYouSignError, _: Translator) -> str:
    return _(error.message_id, **message_params(error.params, _))


def _internal_error(_: Translator) -> str:
    return _(
        "Something went wrong inside beforeyousign. This is a bug, not your fault: "
        "please report it. Set {variable}=1 to see the details.",
        variable=DEBUG_ENV,
    )


def _write_whole(path: str, text: str | bytes) -> None:
    """Write ``text`` (or bytes: a PDF, a sound) to ``path`` whole or not at all: a temp
    file beside it, then a rename, so a reader never sees half a report and an interrupted
    run leaves no stray file."""
    target = Path(path)
    temp: str | None = None
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        fd, temp = tempfile.mkstemp(prefix=".beforeyousign-", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(handle.fileno(), 0o666 & ~umask)  # mkstemp makes 0600
            handle.write(data)
        os.replace(temp, target)
    except BaseException as exc:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise click.BadParameter(
                f"cannot write {path}: {exc.strerror or exc}", param_hint="'-o' / '--output'"
            ) from exc
        raise


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="beforeyousign")
def main() -> None:
    """Read a contract, job ad or recruiter chat before you sign it.

    Everything runs on this computer; nothing is sent anywhere and nothing is kept.
    """


def _check_language_tag(lang: str | None) -> None:
    """``--lang русский`` would silently mean English: ask for a code instead."""
    if lang is not None and not is_language_tag(lang):
        raise click.BadParameter(
            f"{lang!r} is not a language code: use a code such as en, ru, es, ne or hi.",
            param_hint="--lang",
        )


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html", "pdf", "audio"]),
    default="text",
    show_default=True,
    help="text for people; json for programs (JSON Lines for several inputs); html, a page "
    "for a phone or a printer; pdf; audio, the report spoken (.ogg or .wav). html, pdf and "
    "audio make one report of one paper; pdf and audio need -o FILE.",
)
@click.option(
    "--lang",
    default=None,
    help="The language you read (en, ru, …). The report is "
    "written in it, and a paper in another language is flagged. Default: your "
    "system language, without that flag.",
)
@click.option(
    "-o", "--output", default=None, help="Write the report to this file instead of the screen."
)
@click.option(
    "--contacts",
    "contacts_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="A YAML file of help organisations to list in the report instead of the general "
    "one shipped with the tool (format: knowledge/help_contacts.yaml in the package).",
)
@click.option(
    "--as-one",
    is_flag=True,
    help="Read all the files given as the pages of one document, in the order given "
    "(photos of a contract's pages).",
)
@click.option(
    "--ocr-lang",
    default=None,
    metavar="PACKS",
    help="Tesseract language packs for photos and scans, e.g. rus+eng. Default: chosen "
    "from the script seen on each page.",
)
@click.option("--max-seconds", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Time reading one document may take [default: 300; env "
              "BEFOREYOUSIGN_MAX_SECONDS]. See docs/limits.md.")  # fmt: skip
@click.option("--max-pages", type=click.IntRange(min=1), default=None,
              help="Pages read from a PDF [default: 500; env "
              "BEFOREYOUSIGN_MAX_PAGES].")  # fmt: skip
@click.option("--max-mb", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Largest file read, in MiB [default: 50; env "
              "BEFOREYOUSIGN_MAX_MB].")  # fmt: skip
@click.option("--max-memory-mb", type=click.IntRange(min=0), default=None,
              help="Memory this process may use, in MiB; 0: no cap [default: 0; env "
              "BEFOREYOUSIGN_MAX_MEMORY_MB].")  # fmt: skip
def check(
    inputs: tuple[str, ...],
    fmt: str,
    lang: str | None,
    output: str | None,
    contacts_file: str | None,
    as_one: bool,
    ocr_lang: str | None,
    max_seconds: float | None,
    max_pages: int | None,
    max_mb: float | None,
    max_memory_mb: int | None,
) -> None:
    """Analyse one or more files (photos and scans, PDF, Word, HTML, text; '-' reads
    standard input)."""
    _check_language_tag(lang)
    _apply_limits(max_seconds, max_pages, max_mb, max_memory_mb)
    if as_one and "-" in inputs:
        raise click.BadParameter(
            "standard input cannot be a page of a document read with --as-one.",
            param_hint="INPUTS",
        )
    from beforeyousign.knowledge.help_contacts import load_contacts
    from beforeyousign.report.render_json import render_json
    from beforeyousign.report.render_text import render_text

    _ = translator(lang)
    audio_format = _check_report_format(fmt, output, 1 if as_one else len(inputs), _)
    contacts = None
    if contacts_file is not None:
        try:  # checked before any paper is read: a broken list is the deployer's to fix
            contacts = load_contacts(contacts_file)
        except BeforeYouSignError as error:
            click.echo(_error_text(error, _), err=True)
            sys.exit(error.exit_code)
    if fmt == "audio":
        from beforeyousign.report.render_audio import ensure_speech_available

        try:  # before the paper is read: no voice for the language, no waiting for nothing
            ensure_speech_available(_)
        except BeforeYouSignError as error:
            click.echo(_error_text(error, _), err=True)
            sys.exit(error.exit_code)
    binary: bytes | None = None  # a PDF or a sound, written whole at the end
    exit_code = 0
    jobs = [inputs] if as_one else [(source,) for source in inputs]
    several = len(jobs) > 1
    # To a file, the output is gathered and written at the end, whole; nothing is written
    # when there is nothing to write (a single input that could not be read).
    chunks: list[str] = []
    write = chunks.append if output not in (None, "-") else sys.stdout.write
    wrote_report = False
    for job in jobs:
        source = " + ".join(job)
        try:
            report = _run_job(job, lang, ocr_lang)
        except BeforeYouSignError as error:
            exit_code = max(exit_code, error.exit_code)
            message = _error_text(error, _)
            click.echo(message, err=True)
            if fmt == "json" and several:
                # The file's name without its folders, as reports name it.
                name = "stdin" if source == "-" else " + ".join(Path(s).name or s for s in job)
                write(json.dumps({"source": {"name": name}, "error": {
                    "code": error.code, "exit_code": error.exit_code, "message": message}},
                    ensure_ascii=False) + "\n")  # fmt: skip
            continue
        if fmt == "json":
            write(render_json(report, _, indent=None if several else 2, contacts=contacts) + "\n")
        elif fmt == "html":
            from beforeyousign.report.render_html import render_html

            write(render_html(report, _, contacts=contacts))
        elif fmt in BINARY_FORMATS:
            try:
                binary = _render_binary(report, fmt, audio_format, _, contacts)
            except BeforeYouSignError as error:
                exit_code = max(exit_code, error.exit_code)
                click.echo(_error_text(error, _), err=True)
        else:
            if wrote_report:
                write("\n")
            write(render_text(report, _, contacts=contacts))
        wrote_report = True
    if output not in (None, "-") and chunks:
        _write_whole(output, "".join(chunks))
    if output is not None and binary is not None:
        _write_whole(output, binary)
    sys.exit(exit_code)


def _run_job(job: tuple[str, ...], lang: str | None, ocr_lang: str | None) -> Report:
    """One report: standard input, a file, or files read as the pages of one paper."""
    from beforeyousign import pipeline
    from beforeyousign.errors import MemoryLimitExceeded
    from beforeyousign.ingest import limits

    try:
        if job == ("-",):
            # Never more than the byte limit and one byte: a pipe has no size to check.
            data = sys.stdin.buffer.read(limits.MAX_BYTES + 1)
            return pipeline.run_bytes(data, "stdin", lang, ocr_languages=ocr_lang)
        if len(job) == 1:
            return pipeline.run_path(job[0], lang, ocr_languages=ocr_lang)
        return pipeline.run_pages(job, lang, ocr_languages=ocr_lang)
    except MemoryError:
        name = " + ".join(Path(s).name or s for s in job)
        raise MemoryLimitExceeded(name=name) from None


def _apply_limits(
    max_seconds: float | None, max_pages: int | None, max_mb: float | None,
    max_memory_mb: int | None,
) -> None:  # fmt: skip
    """The limits of docs/limits.md: environment variables, then options over them."""
    from beforeyousign.ingest import limits
    from beforeyousign.ingest.memory import MIB, cap_memory

    try:
        base = limits.from_environment()
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    chosen = base.replace(
        max_seconds=max_seconds,
        max_pages=max_pages,
        max_bytes=None if max_mb is None else int(max_mb * MIB),
        max_memory_mb=max_memory_mb,
    )
    limits.configure(chosen)
    if chosen.max_memory_mb:
        cap_memory(chosen.max_memory_mb)


ONE_REPORT_FORMATS = ("html", "pdf", "audio")  # one page or one sound: one paper
BINARY_FORMATS = ("pdf", "audio")


def _check_report_format(fmt: str, output: str | None, papers: int, _: Translator) -> str | None:
    """html, pdf and audio report on one paper; pdf and audio go to a file (-o), and a
    spoken report's file name says its format. Returns that format ("ogg" or "wav")."""
    if fmt not in ONE_REPORT_FORMATS:
        return None
    if papers > 1:
        raise click.UsageError(_(
            "--format {format} makes one report of one paper: give one file, or the pages of "
            "one paper with --as-one.", format=fmt))  # fmt: skip
    if fmt in BINARY_FORMATS and output in (None, "-"):
        raise click.UsageError(_(
            "--format {format} writes a file, not text for the screen: add -o FILE, for "
            "example -o {example}.", format=fmt,
            example="report.pdf" if fmt == "pdf" else "report.ogg"))  # fmt: skip
    if fmt != "audio" or output is None:
        return None
    from beforeyousign.report.render_audio import audio_format_for

    audio_format = audio_format_for(output)
    if audio_format is None:
        raise click.UsageError(_("A spoken report is saved as .ogg or .wav: give -o report.ogg "
                                 "or -o report.wav."))  # fmt: skip
    return audio_format


def _render_binary(
    report: Report, fmt: str, audio_format: str | None, _: Translator, contacts: HelpContacts | None
) -> bytes:
    if fmt == "pdf":
        from beforeyousign.report.render_pdf import render_pdf

        return render_pdf(report, _, contacts=contacts)
    from beforeyousign.report.render_audio import render_audio

    return render_audio(report, _, audio_format or "wav")


@main.command(name="eval")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--min-macro-f1", type=float, default=None, help="Exit 9 if macro F1 is lower.")
@click.option(
    "--min-doctype-accuracy", type=float, default=None, help="Exit 9 if doc_type accuracy is lower."
)
@click.option(
    "--max-false-military",
    type=int,
    default=None,
    help="Exit 9 if more civilian papers are flagged military_service.",
)
def eval_command(
    folder: str,
    fmt: str,
    min_macro_f1: float | None,
    min_doctype_accuracy: float | None,
    max_false_military: int | None,
) -> None:
    """Precision, recall and F1 per flag on a labelled folder (FOLDER/labels.jsonl)."""
    from beforeyousign import pipeline
    from beforeyousign.evaluation import evaluate, render_table

    result = evaluate(
        Path(folder),
        lambda paths: pipeline.run_path(paths[0]) if len(paths) == 1 else pipeline.run_pages(paths),
    )
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_table(result), nl=False)
    failures = []
    if min_macro_f1 is not None and result.macro_f1 < min_macro_f1:
        failures.append(f"macro F1 {result.macro_f1:.3f} < {min_macro_f1}")
    if min_doctype_accuracy is not None and result.doc_type_accuracy < min_doctype_accuracy:
        failures.append(f"doc_type accuracy {result.doc_type_accuracy:.3f} < "
                        f"{min_doctype_accuracy}")  # fmt: skip
    if max_false_military is not None and len(result.false_military) > max_false_military:
        failures.append(f"false military_service: {result.false_military}")
    for failure in failures:
        click.echo(f"QUALITY GATE FAILED: {failure}", err=True)
    sys.exit(EXIT_QUALITY if failures else 0)


@main.command()
@click.option("--lang", default=None, help="Language of the descriptions.")
def flags(lang: str | None) -> None:
    """List every warning this tool can raise, with its severity."""
    from beforeyousign.knowledge.taxonomy import FLAGS

    _ = translator(lang)
    for info in FLAGS.values():
        click.echo(f"{info.id:<24}{info.severity:<10}{_(info.title_id)}")


@main.command()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--lang", default=None, help="Language of the table (en, ru, …).")
def languages(fmt: str, lang: str | None) -> None:
    """List the languages a report can be written in, and what works in each: how much
    is translated, native-speaker review, speech, reading photos, reading papers."""
    from beforeyousign.i18n.support import (
        language_support,
        language_support_dict,
        render_language_support,
    )

    _check_language_tag(lang)
    _ = translator(lang)
    rows = language_support()
    if fmt == "json":
        click.echo(json.dumps(language_support_dict(rows, _), ensure_ascii=False, indent=2))
    else:
        click.echo(render_language_support(rows, _), nl=False)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(0, 16),
    default=0,
    help="Papers analysed at the same time. Default: one per core, at most two.",
)
@click.option(
    "--queue",
    type=click.IntRange(0, 1000),
    default=8,
    show_default=True,
    help="Requests that may wait for a worker; past that the answer is 503 with Retry-After.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(1, 3600),
    default=120.0,
    show_default=True,
    help="Seconds a request may take, waiting included.",
)
@click.option("--max-upload-mb", type=click.FloatRange(0.01, 1024), default=20.0,
              show_default=True, help="Largest request body (all files together).")  # fmt: skip
@click.option("--max-files", type=click.IntRange(1, 100), default=10, show_default=True,
              help="Files in one request (the pages of one paper).")  # fmt: skip
@click.option("--max-pages", type=click.IntRange(1, 500), default=20, show_default=True,
              help="Pages in one paper, all files together.")  # fmt: skip
@click.option("--per-client", type=click.IntRange(0, 1000), default=4, show_default=True,
              help="Requests one client may have in flight (429 past it; 0: off).")  # fmt: skip
@click.option(
    "--contacts",
    "contacts_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="A YAML file of help organisations to list in the reports instead of the general "
    "one shipped with the tool.",
)
def serve(
    host: str,
    port: int,
    workers: int,
    queue: int,
    timeout: float,
    max_upload_mb: float,
    max_files: int,
    max_pages: int,
    per_client: int,
    contacts_file: str | None,
) -> None:
    """Run the web page and the HTTP API (one process) until Ctrl+C. It keeps no paper,
    text or report, and logs only counts, sizes and timings. API documentation: /docs."""
    try:
        from beforeyousign.interfaces.http.server import serve as run_server
        from beforeyousign.interfaces.http.settings import MIB, Settings
    except ModuleNotFoundError as error:  # the web extra is not installed
        raise click.ClickException(
            "the web service needs fastapi, uvicorn and python-multipart: "
            "pip install 'beforeyousign[web]'"
        ) from error
    from beforeyousign.knowledge.help_contacts import load_contacts

    contacts = None
    if contacts_file is not None:
        try:
            contacts = load_contacts(contacts_file)
        except BeforeYouSignError as error:
            click.echo(_error_text(error, translator(None)), err=True)
            sys.exit(error.exit_code)
    settings = Settings(
        max_body_bytes=int(max_upload_mb * MIB),
        max_files=max_files,
        max_pages=max_pages,
        timeout_seconds=timeout,
        workers=workers,
        queue=queue,
        per_client=per_client,
        contacts=contacts,
    )
    run_server(settings, host=host, port=port)


@main.command(name="bot")
@click.option(
    "--token-file",
    required=True,
    type=click.Path(dir_okay=False),
    help="A file whose first line is the bot's token from @BotFather (a container secret, "
    "for example). The token is never printed or logged.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 16),
    default=2,
    show_default=True,
    help="Papers read at the same time (reading photos keeps one core busy each).",
)
@click.option(
    "--contacts",
    "contacts_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="A YAML file of help organisations to list in the full reports instead of the "
    "general one shipped with the tool.",
)
def bot_command(token_file: str, workers: int, contacts_file: str | None) -> None:
    """Run the Telegram bot (long polling) until Ctrl+C or SIGTERM. It keeps no paper,
    text or report, and logs only counts and timings."""
    try:
        from beforeyousign.interfaces.telegram.bot import BotUnavailable, read_token, run_bot
        from beforeyousign.interfaces.telegram.core import BotCore
    except ModuleNotFoundError as error:
        if (error.name or "").split(".")[0] != "telegram":
            raise
        raise click.ClickException(
            "the Telegram bot needs python-telegram-bot: pip install 'beforeyousign[telegram]'"
        ) from error
    from beforeyousign.knowledge.help_contacts import load_contacts

    contacts = None
    if contacts_file is not None:
        try:
            contacts = load_contacts(contacts_file)
        except BeforeYouSignError as error:
            click.echo(_error_text(error, translator(None)), err=True)
            sys.exit(error.exit_code)
    try:
        run_bot(read_token(token_file), BotCore(contacts=contacts), workers=workers)
    except BotUnavailable as error:
        raise click.ClickException(str(error)) from error


@main.command(name="batch")
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option(
    "-o",
    "--output",
    required=True,
    help="Results file; its extension sets the format: .jsonl (a report per line), "
    ".parquet or .csv (flat columns), .sarif (SARIF 2.1.0); '-': JSON Lines on "
    "standard output. Re-running with the same output skips the records already done.",
)
@click.option(
    "--text-column",
    default="text",
    show_default=True,
    help="Field or column holding the text (JSONL, CSV, Parquet).",
)
@click.option("--id-column", default="id", show_default=True, help="Field or column of the id.")
@click.option(
    "--time-column",
    default=None,
    help="Field or column of the time [default: time, else date, when present].",
)
@click.option(
    "--input-format",
    default="auto",
    show_default=True,
    type=click.Choice(
        ["auto", "folder", "jsonl", "csv", "parquet", "telegram", "whatsapp", "file"]
    ),
    help="How to read the inputs; auto decides by kind of file and content.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    show_default=True,
    help="local: worker processes on this computer; spark: a "
    "Spark cluster or local[N]. Results are the same.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=0,
    help="Worker processes of the local engine [default: one per CPU].",
)
@click.option(
    "--master",
    default=None,
    help="Spark master (local[2], spark://host:7077, yarn) [default: spark-submit's].",
)
@click.option(
    "--chunk-size",
    type=click.IntRange(min=1),
    default=16,
    show_default=True,
    help="Records sent to a local worker at a time.",
)
@click.option(
    "--spark-wave",
    type=click.IntRange(min=1),
    default=5000,
    show_default=True,
    help="Records per Spark job (the driver holds one wave's results).",
)
@click.option(
    "--lang",
    default=None,
    help="The language the readers read: reports are "
    "written in it, and papers in another language are flagged [default: English, "
    "no flag].",
)
@click.option(
    "--restart",
    is_flag=True,
    help="Start over: discard the output (and its "
    "journal) of an earlier run instead of continuing it.",
)
@click.option(
    "--progress/--no-progress",
    "show_progress",
    default=None,
    help="Progress bar on stderr [default: when stderr is a terminal].",
)
def batch_command(
    inputs: tuple[str, ...], output: str, text_column: str, id_column: str,
    time_column: str | None, input_format: str, engine: str, workers: int, master: str | None,
    chunk_size: int, spark_wave: int, lang: str | None, restart: bool,
    show_progress: bool | None,
) -> None:  # fmt: skip
    """Screen many records: folders of files, JSONL/CSV/Parquet tables of texts, Telegram
    Desktop exports (result.json, a record per post) and WhatsApp chat exports (.txt, a
    record per chat). A summary goes to stderr. See docs/batch.md."""
    _check_language_tag(lang)
    from beforeyousign.batch import BatchOptions, Columns, output_format, run_batch
    from beforeyousign.batch.progress import Progress

    if output_format(output) is None:
        raise click.BadParameter("name a .jsonl, .parquet, .csv or .sarif file, or '-'.",
                                 param_hint="'-o' / '--output'")  # fmt: skip
    if output != "-" and not Path(output).resolve().parent.is_dir():
        raise click.BadParameter(f"the folder of {output} does not exist.",
                                 param_hint="'-o' / '--output'")  # fmt: skip
    options = BatchOptions(
        inputs=inputs, output=output, columns=Columns(text_column, id_column, time_column),
        input_format=input_format, engine=engine, workers=workers, master=master,
        chunk_size=chunk_size, spark_wave=spark_wave, language=lang or "", restart=restart,
    )  # fmt: skip
    enabled = sys.stderr.isatty() if show_progress is None else show_progress
    try:
        with Progress(enabled=enabled) as bar:
            summary = run_batch(options, bar)
    except BeforeYouSignError as error:
        click.echo(_error_text(error, translator(lang)), err=True)
        sys.exit(error.exit_code)
    click.echo(summary.render(), err=True)
    sys.exit(130 if summary.interrupted else 0)


@main.command(name="network")
@click.argument("results", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "-o",
    "--output",
    required=True,
    help="Where to write the clusters: .html (a page), .csv, or .graphml (Gephi).",
)
@click.option(
    "--min-size",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Smallest cluster shown, in records.",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="CONTACT",
    help="A contact not to link records by (a hotline, a news site); repeatable.",
)
@click.option(
    "--max-records",
    type=click.IntRange(min=1),
    default=None,
    help="Do not link records by a contact named in more records than this.",
)
def network_command(
    results: tuple[str, ...], output: str, min_size: int, ignore: tuple[str, ...],
    max_records: int | None,
) -> None:  # fmt: skip
    """Group the records of batch results (JSONL, or Parquet/CSV) that share a phone number,
    handle, link, e-mail or company, and rank the groups by the danger of their posts."""
    from beforeyousign.network import network_format, write_network

    if network_format(output) is None:
        raise click.BadParameter("name a .html, .csv or .graphml file.",
                                 param_hint="'-o' / '--output'")  # fmt: skip
    try:
        found = write_network(results, output, min_size, ignore, max_records)
    except OSError as exc:
        raise click.BadParameter(f"cannot write {output}: {exc.strerror or exc}",
                                 param_hint="'-o' / '--output'") from exc  # fmt: skip
    click.echo(f"{len(found.clusters)} clusters; {found.records_with_contacts} of "
               f"{found.records_read} records name a contact -> {output}", err=True)  # fmt: skip


def run() -> None:
    """Entry point that turns every escaping error into a message and an exit code."""
    _ = translator(None)
    try:
        main(standalone_mode=False)
    except click.exceptions.Abort:
        sys.exit(130)
    except BrokenPipeError:
        # The reader stopped reading (`| head`): not an error, and nothing left to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except BeforeYouSignError as error:
        click.echo(_error_text(error, _), err=True)
        sys.exit(error.exit_code)
    except MemoryError:  # past the memory cap outside reading (rendering a report)
        from beforeyousign.errors import MemoryLimitExceeded

        memory = MemoryLimitExceeded(name=_("the document"))
        click.echo(_error_text(memory, _), err=True)
        sys.exit(memory.exit_code)
    except Exception:
        if os.environ.get(DEBUG_ENV):
            raise
        click.echo(_internal_error(_), err=True)
        sys.exit(EXIT_INTERNAL)
