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

import click

from beforeyousign.errors import BeforeYouSignError, message_params
from beforeyousign.i18n import Translator, is_language_tag, translator

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


def _write_whole(path: str, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all: a temp file beside it, then a rename,
    so a reader never sees half a report and an interrupted run leaves no stray file."""
    target = Path(path)
    temp: str | None = None
    try:
        fd, temp = tempfile.mkstemp(prefix=".beforeyousign-", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(handle.fileno(), 0o666 & ~umask)  # mkstemp makes 0600
            handle.write(text)
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
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people; json for programs (JSON Lines for several inputs).",
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
def check(inputs: tuple[str, ...], fmt: str, lang: str | None, output: str | None) -> None:
    _check_language_tag(lang)
    """Analyse one or more files (PDF, Word, HTML, text; '-' reads standard input)."""
    from beforeyousign import pipeline
    from beforeyousign.report.render_json import render_json
    from beforeyousign.report.render_text import render_text

    _ = translator(lang)
    exit_code = 0
    several = len(inputs) > 1
    # To a file, the output is gathered and written at the end, whole; nothing is written
    # when there is nothing to write (a single input that could not be read).
    chunks: list[str] = []
    write = chunks.append if output not in (None, "-") else sys.stdout.write
    wrote_report = False
    for source in inputs:
        try:
            if source == "-":
                report = pipeline.run_bytes(sys.stdin.buffer.read(), "stdin", lang)
            else:
                report = pipeline.run_path(source, lang)
        except BeforeYouSignError as error:
            exit_code = max(exit_code, error.exit_code)
            message = _error_text(error, _)
            click.echo(message, err=True)
            if fmt == "json" and several:
                # The file's name without its folders, as reports name it.
                name = "stdin" if source == "-" else Path(source).name or source
                write(json.dumps({"source": {"name": name}, "error": {
                    "code": error.code, "exit_code": error.exit_code, "message": message}},
                    ensure_ascii=False) + "\n")  # fmt: skip
            continue
        if fmt == "json":
            write(render_json(report, _, indent=None if several else 2) + "\n")
        else:
            if wrote_report:
                write("\n")
            write(render_text(report, _))
        wrote_report = True
    if output not in (None, "-") and chunks:
        _write_whole(output, "".join(chunks))
    sys.exit(exit_code)


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

    result = evaluate(Path(folder), lambda path: pipeline.run_path(path))
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
    except Exception:
        if os.environ.get(DEBUG_ENV):
            raise
        click.echo(_internal_error(_), err=True)
        sys.exit(EXIT_INTERNAL)
