"""OCR quality and speed on the photo-variant corpus, against plain ``tesseract -l rus``.

For every page of a generated set (``scripts/make_photo_corpus.py``; default
``build/photo-corpus/degraded``), in one process and one page at a time:

  ours      ``beforeyousign.ingest.ingest_path(page).raw_text``: the project's own reading of
            a photo (orientation, binarisation, language), after one untimed warm-up page;
  baseline  ``tesseract PAGE - -l rus`` as a subprocess, default settings: what a user would
            try first.  ``OMP_THREAD_LIMIT=1`` is set for it (with OpenMP on 2 shared cores
            Tesseract is several times slower, not faster), so the comparison is fair to it.

Character error rate = Levenshtein distance / length of the ground truth (``<page>.gt.txt``),
both texts NFC and with every run of whitespace collapsed to one space (line breaks and
indentation are layout, not characters).  Seconds per page are wall time, the two engines
taking turns page by page so that machine noise hits both alike.  Figures only: nothing here
asserts a quality or a timing.

    .venv/bin/python scripts/make_photo_corpus.py              # makes build/photo-corpus
    .venv/bin/python bench/bench_ocr.py                        # the degraded set
    .venv/bin/python bench/bench_ocr.py build/photo-corpus/degraded build/photo-corpus/rotated
    .venv/bin/python bench/bench_ocr.py --limit 10 --json ocr.json
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _common import REPO, machine, percentile, rel, table

DEFAULT_SET = REPO / "build" / "photo-corpus" / "degraded"
GOAL_CER = 0.02  # the goal on degraded photos
GOAL_S_PER_PAGE = 2.0  # on 2 cores
BASELINE_NAME = "tesseract -l rus"

OcrFn = Callable[[Path], str]


# --------------------------------------------------------------------------- the engines


def ours(page: Path) -> str:
    """The project's reading of a photo: the text ``beforeyousign check`` would analyse."""
    from beforeyousign.ingest import ingest_path

    return ingest_path(page).raw_text


def baseline(page: Path) -> str:
    """Plain Tesseract, as a user would run it: ``tesseract PAGE - -l rus``."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    done = subprocess.run(
        ["tesseract", str(page), "-", "-l", "rus"],
        capture_output=True,
        env=env,
        check=True,
    )
    return done.stdout.decode("utf-8", errors="replace")


#: Swap ``OURS`` (e.g. in a notebook: ``bench_ocr.OURS = my_reader``) to measure another
#: reader with the same pages, ground truth and table.
OURS: OcrFn = ours


# --------------------------------------------------------------------------- CER


def normalise(text: str) -> str:
    """NFC, every run of whitespace (spaces, tabs, line breaks) as one space, no ends."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions, each costing 1).

    Bit-parallel (Myers 1999, in Hyyrö's 2001 form for the global distance) with Python's
    unbounded integers as the bit vectors: one pass over the shorter string, a dozen integer
    operations per character, each on ``len(longer)`` bits.  A 3,000-character page against
    its OCR takes a few milliseconds instead of the ~9 M steps of the textbook table.
    """
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    m = len(a)
    peq: dict[str, int] = {}
    for i, char in enumerate(a):
        peq[char] = peq.get(char, 0) | (1 << i)
    mask = (1 << m) - 1
    top = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    for char in b:
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
    return score


def cer(truth: str, hypothesis: str) -> float:
    """Character error rate of ``hypothesis`` against ``truth`` after :func:`normalise`.

    Can exceed 1 when the hypothesis is much longer than the truth.  An empty truth gives 0
    for an empty hypothesis and 1 otherwise (the rate is undefined there).
    """
    ref, hyp = normalise(truth), normalise(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return levenshtein(ref, hyp) / len(ref)


# --------------------------------------------------------------------------- pages


@dataclass(frozen=True)
class Page:
    case: str
    lang: str
    image: Path
    truth: str


def load_pages(folder: Path) -> list[Page]:
    """Every page of a set, in labels.jsonl order, with its ground truth."""
    labels = folder / "labels.jsonl"
    if not labels.is_file():
        raise SystemExit(
            f"{labels} not found: make the corpus first "
            "(.venv/bin/python scripts/make_photo_corpus.py)"
        )
    pages = []
    for line in labels.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        data = json.loads(line)
        for name in data.get("files") or [data["file"]]:
            image = folder / name
            truth = image.with_name(image.name.removesuffix(".jpg") + ".gt.txt")
            pages.append(
                Page(str(data["id"]), str(data.get("lang", "?")), image, truth.read_text("utf-8"))
            )
    return pages


def run_engine(fn: OcrFn, page: Page) -> tuple[float, float, str | None]:
    """(CER, seconds, error) of one engine on one page; a failure counts as CER 1."""
    start = time.perf_counter()
    try:
        text = fn(page.image)
    except Exception as error:  # a bench reports failures, it does not stop on them
        return 1.0, time.perf_counter() - start, f"{type(error).__name__}: {error}"
    seconds = time.perf_counter() - start
    return cer(page.truth, text), seconds, None


def measure_set(folder: Path, limit: int | None, ours_fn: OcrFn) -> dict[str, Any]:
    pages = load_pages(folder)[:limit] if limit else load_pages(folder)
    if not pages:
        raise SystemExit(f"{folder}: no pages")
    # Warm-up, untimed: our models load lazily; Tesseract's files get into the OS cache.
    warm = pages[0]
    _, first_s, ours_error = run_engine(ours_fn, warm)
    run_engine(baseline, warm)
    rows: list[dict[str, Any]] = []
    for page in pages:
        row: dict[str, Any] = {"case": page.case, "lang": page.lang, "page": page.image.name}
        if ours_error is None:
            row["ours_cer"], row["ours_s"], row["ours_error"] = run_engine(ours_fn, page)
        row["base_cer"], row["base_s"], row["base_error"] = run_engine(baseline, page)
        rows.append(row)
    return {
        "set": rel(folder),
        "pages": rows,
        "ours_first_call_s": first_s,
        "ours_unavailable": ours_error,
    }


def make_default_corpus() -> None:
    """Generate build/photo-corpus with the script's defaults (``make bench`` on a fresh
    checkout has no generated corpus yet)."""
    import importlib.util

    script = REPO / "scripts" / "make_photo_corpus.py"
    spec = importlib.util.spec_from_file_location("make_photo_corpus", script)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {rel(script)}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_photo_corpus"] = module  # the worker processes find it by this name
    spec.loader.exec_module(module)
    print(f"note: {rel(DEFAULT_SET)} not found; generating it first", file=sys.stderr)
    done = module.generate(
        list(module.DEFAULT_CORPORA), DEFAULT_SET.parent, jobs=os.cpu_count() or 1
    )
    print(
        f"note: {done['cases']} cases, {done['pages']} pages per set in {done['seconds']:.1f} s",
        file=sys.stderr,
    )


# --------------------------------------------------------------------------- report


def stats(values: Sequence[float]) -> dict[str, float]:
    return {
        "mean": statistics.fmean(values),
        "median": statistics.median(values),
        "p90": percentile(values, 90),
        "max": max(values),
    }


def figures(rows: Sequence[dict[str, Any]], engine: str) -> dict[str, Any] | None:
    if not rows or f"{engine}_cer" not in rows[0]:
        return None
    return {
        "pages": len(rows),
        "cer": stats([r[f"{engine}_cer"] for r in rows]),
        "s_per_page": stats([r[f"{engine}_s"] for r in rows]),
        "failed_pages": sum(1 for r in rows if r.get(f"{engine}_error")),
    }


def pct(value: float) -> str:
    return f"{100 * value:.2f}%"


def times(base: float, ours_value: float) -> str:
    if ours_value <= 0:
        return "inf" if base > 0 else "n/a"
    value = base / ours_value
    return f"{value:,.0f}x" if value >= 100 else f"{value:,.1f}x"


def summarise(measured: dict[str, Any]) -> dict[str, Any]:
    rows = measured["pages"]
    langs = sorted({r["lang"] for r in rows})
    return {
        "all": {"ours": figures(rows, "ours"), "baseline": figures(rows, "base")},
        "by_lang": {
            lang: {
                "ours": figures([r for r in rows if r["lang"] == lang], "ours"),
                "baseline": figures([r for r in rows if r["lang"] == lang], "base"),
            }
            for lang in langs
        },
    }


def _row(label: str, engine: str, f: dict[str, Any]) -> list[str]:
    return [
        label,
        engine,
        str(f["pages"]),
        pct(f["cer"]["mean"]),
        pct(f["cer"]["median"]),
        pct(f["cer"]["p90"]),
        f"{f['s_per_page']['mean']:.2f}",
        f"{f['s_per_page']['median']:.2f}",
    ]


def print_report(result: dict[str, Any]) -> None:
    print(f"bench_ocr  {result['machine']}")
    print(
        "CER = edit distance / ground-truth length (whitespace collapsed); s/page = wall time;\n"
        f"baseline = `{BASELINE_NAME.replace(' -l', ' PAGE - -l')}` with OMP_THREAD_LIMIT=1\n"
    )
    headers = ["set", "engine", "pages", "mean CER", "med CER", "p90 CER", "s/page", "med s"]
    rows: list[list[str]] = []
    lang_rows: list[list[str]] = []
    for measured in result["sets"]:
        name = Path(measured["set"]).name
        summary = measured["summary"]
        ours_f, base_f = summary["all"]["ours"], summary["all"]["baseline"]
        if ours_f:
            rows.append(_row(name, "ours", ours_f))
        rows.append(_row(name, BASELINE_NAME, base_f))
        if ours_f:
            rows.append(
                [
                    name,
                    "baseline/ours",
                    "",
                    times(base_f["cer"]["mean"], ours_f["cer"]["mean"]),
                    times(base_f["cer"]["median"], ours_f["cer"]["median"]),
                    times(base_f["cer"]["p90"], ours_f["cer"]["p90"]),
                    times(base_f["s_per_page"]["mean"], ours_f["s_per_page"]["mean"]),
                    times(base_f["s_per_page"]["median"], ours_f["s_per_page"]["median"]),
                ]
            )
        for lang, by in summary["by_lang"].items():
            lang_rows.append(
                [
                    name,
                    lang,
                    str(by["baseline"]["pages"]),
                    pct(by["ours"]["cer"]["mean"]) if by["ours"] else "-",
                    pct(by["baseline"]["cer"]["mean"]),
                ]
            )
    print(table(headers, rows, "OCR on photographed pages"))
    for measured in result["sets"]:
        name = Path(measured["set"]).name
        if measured["ours_unavailable"]:
            print(f"  {name}: ours not measured: {measured['ours_unavailable']}")
        else:
            first = measured["ours_first_call_s"]
            print(f"  {name}: ours, warm-up page (models loading): {first:.2f} s")
        for engine in ("ours", "baseline"):
            f = measured["summary"]["all"][engine]
            if f and f["failed_pages"]:
                print(f"  {name}: {engine} failed on {f['failed_pages']} pages (counted as CER 1)")
    print()
    lang_headers = ["set", "lang", "pages", "ours CER", "base CER"]
    print(table(lang_headers, lang_rows, "mean CER by language"))
    print("  the baseline reads every page as Russian (`-l rus`), as the issue's user would.\n")

    degraded = [m for m in result["sets"] if Path(m["set"]).name == "degraded"]
    for measured in degraded:
        f = measured["summary"]["all"]["ours"]
        if not f:
            print("  goals: not checked (ours not measured)")
            continue
        mean_cer, mean_s = f["cer"]["mean"], f["s_per_page"]["mean"]
        cer_ok = "met" if mean_cer <= GOAL_CER else "NOT met"
        s_ok = "met" if mean_s <= GOAL_S_PER_PAGE else "NOT met"
        print(f"  goal CER <= {pct(GOAL_CER)} on degraded photos: {cer_ok} (mean {pct(mean_cer)})")
        print(f"  goal <= {GOAL_S_PER_PAGE:.0f} s per page: {s_ok} (mean {mean_s:.2f} s)")

    worst_rows = [
        (r.get("ours_cer", r["base_cer"]), Path(m["set"]).name, r)
        for m in result["sets"]
        for r in m["pages"]
    ]
    worst_rows.sort(key=lambda item: -item[0])
    engine = "ours" if any("ours_cer" in r for _, _, r in worst_rows) else "base"
    print(f"\nworst pages ({'ours' if engine == 'ours' else 'baseline'})")
    for value, name, r in worst_rows[:5]:
        error = r.get(f"{engine}_error")
        print(f"  {pct(value):>8}  {name}/{r['page']}" + (f"  ({error})" if error else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Character error rate and seconds per page of our OCR on the photo-variant "
        "corpus, side by side with plain `tesseract PAGE - -l rus`.",
    )
    parser.add_argument(
        "sets",
        nargs="*",
        type=Path,
        default=[DEFAULT_SET],
        help="generated set folders (default build/photo-corpus/degraded)",
    )
    parser.add_argument("--limit", type=int, help="only the first N pages of each set")
    parser.add_argument("--json", type=Path, metavar="OUT.json", help="also write the numbers")
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    if shutil.which("tesseract") is None:
        parser.error("the `tesseract` command is not installed (Debian package tesseract-ocr)")

    result: dict[str, Any] = {"machine": machine(), "baseline": BASELINE_NAME, "sets": []}
    for folder in args.sets:
        if folder == DEFAULT_SET and not (folder / "labels.jsonl").is_file():
            make_default_corpus()
        measured = measure_set(folder, args.limit, OURS)
        measured["summary"] = summarise(measured)
        result["sets"].append(measured)
    print_report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
