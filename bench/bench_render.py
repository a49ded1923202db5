"""Render time per report format, against a plain baseline for each format.

The example military contract (examples/military-contract-nepal.ru.txt) is analysed once
per reader language (en, ne by default); then each renderer runs ``--runs`` times on that
Report, in one process, after one untimed first call whose time is shown apart (it pays
for imports: Jinja2, WeasyPrint and its fonts; espeak-ng's first start).

  text   render_text                 baseline: -
  json   render_json                 baseline: json.dumps(report.to_dict()), untranslated
  html   render_html (Jinja2)        baseline: render_text, escaped into <pre>
  pdf    render_pdf (WeasyPrint)     baseline: that <pre> page through WeasyPrint
  audio  render_audio, OGG Vorbis    baseline: espeak-ng reading the text report as it is
                                     (Russian quotes and all), WAV

Figures only: nothing here asserts a timing.

    .venv/bin/python bench/bench_render.py [--runs 5] [--lang en ne] [--json out.json]
"""

from __future__ import annotations

import argparse
import html
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import REPO, machine, ratio, rel, summary, table

EXAMPLE = REPO / "examples" / "military-contract-nepal.ru.txt"
FORMATS = ("text", "json", "html", "pdf", "audio")


def timed(fn: Callable[[], object], runs: int) -> tuple[float, list[float], object]:
    """(first call's time, the next ``runs`` calls' times, the last output)."""
    start = time.perf_counter()
    out = fn()
    first = time.perf_counter() - start
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return first, times, out


def size(out: object) -> int:
    return len(out.encode("utf-8")) if isinstance(out, str) else len(out)  # type: ignore[arg-type]


def espeak_raw(text: str, voice: str) -> bytes:
    """The naive spoken report: the whole text report, as it is, to espeak-ng."""
    with tempfile.TemporaryDirectory() as folder:
        wav = Path(folder) / "raw.wav"
        subprocess.run(
            ["espeak-ng", "-v", voice, "-b", "1", "--stdin", "-w", str(wav)],
            input=text.encode("utf-8"),
            capture_output=True,
            timeout=300,
            check=True,
        )
        return wav.read_bytes()


def audio_seconds(data: bytes) -> float | None:
    try:
        import io

        import soundfile

        return float(soundfile.info(io.BytesIO(data)).duration)
    except Exception:  # soundfile is a dev dependency
        return None


def bench_language(lang: str, runs: int, formats: tuple[str, ...]) -> list[dict[str, Any]]:
    from beforeyousign import pipeline
    from beforeyousign.i18n import translator
    from beforeyousign.report.render_audio import render_audio, voice_for
    from beforeyousign.report.render_html import render_html
    from beforeyousign.report.render_json import render_json
    from beforeyousign.report.render_pdf import html_to_pdf, render_pdf
    from beforeyousign.report.render_text import render_text

    report = pipeline.run_path(EXAMPLE, lang)
    _ = translator(lang)
    text = render_text(report, _)

    def pre() -> str:  # the plainest HTML report: the text report, escaped, in <pre>
        body = html.escape(render_text(report, _))
        return f'<!DOCTYPE html><html lang="{lang}"><meta charset="utf-8"><pre>{body}</pre>'

    voice = voice_for(_.language) or "en"
    ours: dict[str, Callable[[], object]] = {
        "text": lambda: render_text(report, _),
        "json": lambda: render_json(report, _),
        "html": lambda: render_html(report, _),
        "pdf": lambda: render_pdf(report, _),
        "audio": lambda: render_audio(report, _, "ogg"),
    }
    baselines: dict[str, Callable[[], object]] = {
        "json": lambda: json.dumps(report.to_dict(), ensure_ascii=False),
        "html": pre,
        "pdf": lambda: html_to_pdf(pre()),
        "audio": lambda: espeak_raw(text, voice),
    }
    rows = []
    for fmt in formats:
        if fmt == "audio" and shutil.which("espeak-ng") is None:
            print("note: espeak-ng is not installed: audio skipped", file=sys.stderr)
            continue
        first, times, out = timed(ours[fmt], runs)
        row: dict[str, Any] = {
            "lang": lang,
            "format": fmt,
            "first_s": first,
            **{k: v for k, v in summary(times).items() if k != "p95"},
            "bytes": size(out),
        }
        if fmt == "audio":
            row["audio_s"] = audio_seconds(out)  # type: ignore[arg-type]
        if fmt in baselines:
            _first, base_times, base_out = timed(baselines[fmt], runs)
            row["baseline_median"] = summary(base_times)["median"]
            row["baseline_bytes"] = size(base_out)
            if fmt == "audio":
                row["baseline_audio_s"] = audio_seconds(base_out)  # type: ignore[arg-type]
        rows.append(row)
    return rows


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def fmt_size(n: int) -> str:
    return f"{n / 1024:,.0f} kB" if n >= 10240 else f"{n / 1024:,.1f} kB"


def print_report(result: dict[str, Any]) -> None:
    print(f"bench_render  {result['machine']}  runs={result['runs']}")
    print(f"report of {result['file']}, rendered in one process; times in ms")
    print()
    rows = []
    for r in result["rows"]:
        base = r.get("baseline_median")
        rows.append(
            [
                f"{r['format']} ({r['lang']})",
                fmt_ms(r["first_s"]),
                fmt_ms(r["median"]),
                fmt_ms(r["min"]),
                fmt_ms(r["max"]),
                fmt_size(r["bytes"]),
                "-" if base is None else fmt_ms(base),
                "-" if base is None else ratio(r["median"], base),
            ]
        )
    headers = ["format (reader)", "first", "median", "min", "max", "size", "base med", "ours/base"]
    print(table(headers, rows, "render time per format (first = first call, imports included)"))
    for r in result["rows"]:
        if r["format"] == "audio" and r.get("audio_s"):
            base = r.get("baseline_audio_s")
            extra = f"; the raw text read aloud: {base:.0f} s" if base else ""
            print(f"  audio ({r['lang']}): {r['audio_s']:.0f} s of speech{extra}")
    print("  baselines: json = report.to_dict() untranslated; html = render_text in <pre>;")
    print("  pdf = that <pre> page through WeasyPrint; audio = espeak-ng reading the text report")
    print("  as it is (WAV, Russian quotes included, no voice change for untranslated text).")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time each report renderer (text, json, html, pdf, audio) on the example "
        "military contract, per reader language, against a plain baseline per format.",
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs per format (default 5)")
    parser.add_argument(
        "--lang", nargs="+", default=["en", "ne"], help="reader languages (default: en ne)"
    )
    parser.add_argument(
        "--formats", nargs="+", default=list(FORMATS), choices=FORMATS, help="formats to time"
    )
    parser.add_argument("--json", type=Path, metavar="OUT.json", help="also write the numbers")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    rows = []
    for lang in args.lang:
        rows += bench_language(lang, args.runs, tuple(args.formats))
    result = {"machine": machine(), "runs": args.runs, "file": rel(EXAMPLE), "rows": rows}
    print_report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
