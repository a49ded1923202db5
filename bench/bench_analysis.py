"""Analysis time per text document, after start-up, against a plain keyword-scan baseline.

Measures ``beforeyousign.analyse_text`` (in one process, after one warm-up call) on

  (a) a 2-page contract   (../shared/corpus/dev/real-labour-school-cleaner.ru.txt),
  (b) a short ad          (../shared/corpus/dev/ex-helper-ad.en.txt),
  (c) every project-corpus document in turn (tests/corpus/*.txt): per-document times and
      throughput in documents/s and characters/s,

and, side by side, the "plain baseline" a user would try first: lower-case the text and look
for ~65 plain keywords with ``in``.  Then the time of each analysis stage on the 2-page
contract, so we see where the time goes.  Figures only: nothing here asserts a timing.

    .venv/bin/python bench/bench_analysis.py [--runs 50] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import (
    AD,
    AD_FALLBACK,
    CONTRACT,
    CONTRACT_FALLBACK,
    PROJECT_CORPUS,
    baseline_scan,
    corpus_files,
    machine,
    ms,
    pick,
    ratio,
    rel,
    summary,
    table,
)

GOAL_CONTRACT_S = 0.050  # the goal: <= 50 ms per 2-page text contract after start-up


def timed(
    fn: Callable[[], object], runs: int, before: Callable[[], None] | None = None
) -> list[float]:
    """Wall time of ``runs`` calls of ``fn`` (``before`` runs untimed ahead of each call)."""
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def _clear_lemma_cache() -> Callable[[], None] | None:
    """The lemma cache's ``cache_clear`` (an internal; None if it has moved)."""
    try:
        from beforeyousign.analysis.lemmas import _cached_lemmas
    except ImportError:
        return None
    return getattr(_cached_lemmas, "cache_clear", None)


def per_document(args: argparse.Namespace, analyse_text: Callable[..., Any]) -> dict[str, Any]:
    contract = pick(args.contract, CONTRACT_FALLBACK, "2-page contract")
    ad = pick(args.ad, AD_FALLBACK, "short ad")
    cases: dict[str, Any] = {}
    clear = _clear_lemma_cache()
    plan: list[tuple[str, Path, Callable[[], None] | None]] = [
        ("(a) 2-page contract", contract, None),
        ("(b) short ad", ad, None),
    ]
    if clear is not None:
        plan.append(("(a') 2-page contract, lemma cache cold", contract, clear))
    for label, path, before in plan:
        text = path.read_text(encoding="utf-8")
        start = time.perf_counter()
        analyse_text(text)  # warm-up: lazy models, rule packs, lemma cache
        first = time.perf_counter() - start
        ours = timed(lambda t=text: analyse_text(t), args.runs, before)
        base = timed(lambda t=text: baseline_scan(t), args.runs)
        cases[label] = {
            "file": rel(path),
            "chars": len(text),
            "first_call_s": first,
            "ours": summary(ours),
            "baseline": summary(base),
        }
    return cases


def corpus(args: argparse.Namespace, analyse_text: Callable[..., Any]) -> dict[str, Any] | None:
    files = corpus_files(PROJECT_CORPUS)
    if not files:
        return None
    texts = [p.read_text(encoding="utf-8") for p in files]
    for text in texts:  # warm-up pass, untimed
        analyse_text(text)
    ours: list[float] = []
    base: list[float] = []
    for _ in range(args.corpus_passes):
        for text in texts:
            ours += timed(lambda t=text: analyse_text(t), 1)
            base += timed(lambda t=text: baseline_scan(t), 1)
    chars = sum(len(t) for t in texts) * args.corpus_passes
    docs = len(texts) * args.corpus_passes
    n = len(texts)
    per_file = [statistics.median(ours[i::n]) for i in range(n)]
    slowest = max(range(n), key=per_file.__getitem__)
    return {
        "folder": rel(PROJECT_CORPUS),
        "documents": len(texts),
        "passes": args.corpus_passes,
        "ours": summary(ours),
        "baseline": summary(base),
        "ours_docs_per_s": docs / sum(ours),
        "ours_chars_per_s": chars / sum(ours),
        "baseline_docs_per_s": docs / sum(base),
        "baseline_chars_per_s": chars / sum(base),
        "slowest_file": files[slowest].name,
        "slowest_median_s": per_file[slowest],
        "slowest_chars": len(texts[slowest]),
    }


def stages(args: argparse.Namespace) -> dict[str, Any]:
    """Each stage of ``analyse_text`` on the 2-page contract, run in order with its inputs.

    Mirrors ``pipeline.run_text`` and ``analysis.engine.analyse_document`` step by step; if
    those internals change, this breakdown needs the same change.
    """
    from beforeyousign import __version__
    from beforeyousign.analysis.context import AnalysisContext
    from beforeyousign.analysis.doctype import classify
    from beforeyousign.analysis.engine import Analysis, analyse_document, index_words, merge
    from beforeyousign.analysis.lemmas import default_lemmatizer
    from beforeyousign.analysis.recognizers import all_recognizers
    from beforeyousign.analysis.terms import extract_terms
    from beforeyousign.analysis.tokens import tokenize
    from beforeyousign.knowledge.taxonomy import MILITARY_DOC_TYPES
    from beforeyousign.language import detect_language
    from beforeyousign.report.build import build_report
    from beforeyousign.text.model import Block, Document
    from beforeyousign.text.normalise import normalise
    from beforeyousign.text.segment import sentences

    contract = pick(args.contract, CONTRACT_FALLBACK, "2-page contract")
    text = contract.read_text(encoding="utf-8")
    lemmatizer = default_lemmatizer()
    names = [
        "document (lines -> blocks)",
        "normalise",
        "sentences",
        "language",
        "tokenize + lemmas",
        "context + token index",
        "doc type (classify)",
        "recognizers",
        "merge findings",
        "terms",
        "report (build_report)",
    ]
    times: dict[str, list[float]] = {name: [] for name in names}

    def one_run() -> None:
        clock = time.perf_counter
        marks = [clock()]
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        document = Document(tuple(Block(line, None, "line") for line in lines), "t", "text/plain")
        marks.append(clock())
        normalised = normalise(document.raw_text)
        marks.append(clock())
        segments = sentences(normalised.text)
        marks.append(clock())
        language = detect_language(normalised.text)
        marks.append(clock())
        tokens = tokenize(normalised.text, [s.start for s in segments], lemmatizer)
        marks.append(clock())
        ctx = AnalysisContext(document, normalised, segments, tokens, language.code, index_words())
        marks.append(clock())
        doc_type = classify(ctx)
        marks.append(clock())
        candidates = [c for r in all_recognizers() for c in r.recognise(ctx, doc_type)]
        marks.append(clock())
        findings = merge(candidates, military=doc_type.doc_type in MILITARY_DOC_TYPES)
        marks.append(clock())
        terms = extract_terms(ctx)
        marks.append(clock())
        analysis = Analysis(doc_type, language, findings, terms, normalised)
        build_report(document, analysis, None, __version__)
        marks.append(clock())
        for name, begin, end in zip(names, marks[:-1], marks[1:], strict=True):
            times[name].append(end - begin)

    one_run()  # warm-up
    for _ in range(args.runs):
        one_run()

    document = Document(tuple(Block(line, None, "line") for line in text.split("\n")), "t", "")
    whole = timed(lambda: analyse_document(document), args.runs)
    clear = _clear_lemma_cache()
    cold_tokens: list[float] = []
    if clear is not None:
        normalised = normalise(text)
        starts = [s.start for s in sentences(normalised.text)]
        cold_tokens = timed(lambda: tokenize(normalised.text, starts, lemmatizer), args.runs, clear)
    return {
        "file": rel(contract),
        "stages": {name: summary(values) for name, values in times.items()},
        "analyse_document": summary(whole),
        "tokenize_cold_lemma_cache": summary(cold_tokens) if cold_tokens else None,
    }


def _timing_row(label: str, chars: Any, ours: dict[str, Any], base: dict[str, Any]) -> list[Any]:
    """One table row: our median, p95 and min beside the baseline's, and the ratio."""
    return [
        label,
        chars,
        ms(ours["median"]),
        ms(ours["p95"]),
        ms(ours["min"]),
        ms(base["median"]),
        ms(base["p95"]),
        ratio(ours["median"], base["median"]),
    ]


def print_report(result: dict[str, Any]) -> None:
    print(f"bench_analysis  {result['machine']}  runs={result['runs']}")
    print("times in ms per document; 'baseline' = lower-case + `in` for 65 plain keywords\n")
    rows = [
        _timing_row(label, case["chars"], case["ours"], case["baseline"])
        for label, case in result["cases"].items()
    ]
    corpus_result = result["corpus"]
    if corpus_result:
        label = f"(c) {corpus_result['folder']}, each doc"
        rows.append(_timing_row(label, "-", corpus_result["ours"], corpus_result["baseline"]))
    headers = ["case", "chars", "median", "p95", "min", "base med", "base p95", "ours/base"]
    print(table(headers, rows, "analyse_text, warm (after start-up)"))
    first = next(iter(result["cases"].values()))["first_call_s"]
    print(f"  import beforeyousign: {ms(result['import_s'])} ms; first analyse_text call in this")
    print(f"  process: {ms(first)} ms (lazy loading of models, rule packs and lemmas included)")
    print("  (a') clears the lemma cache before each run: the cost of a fresh process's first")
    print("       document once the models are loaded, as in one `beforeyousign check` run.")
    contract = next(iter(result["cases"].values()))
    verdict = "met" if contract["ours"]["median"] <= GOAL_CONTRACT_S else "NOT met"
    print(
        f"  goal <= {GOAL_CONTRACT_S * 1000:.0f} ms per 2-page contract after start-up: "
        f"{verdict} (median {ms(contract['ours']['median'])} ms)\n"
    )

    if corpus_result:
        c = corpus_result
        rows = [
            [
                "documents/s",
                f"{c['ours_docs_per_s']:,.1f}",
                f"{c['baseline_docs_per_s']:,.0f}",
                ratio(c["baseline_docs_per_s"], c["ours_docs_per_s"]),
            ],
            [
                "characters/s",
                f"{c['ours_chars_per_s']:,.0f}",
                f"{c['baseline_chars_per_s']:,.0f}",
                ratio(c["baseline_chars_per_s"], c["ours_chars_per_s"]),
            ],
        ]
        title = (
            f"throughput, {c['documents']} docs of {c['folder']} x {c['passes']} passes "
            f"(slowest: {c['slowest_file']}, {c['slowest_chars']} chars, "
            f"median {ms(c['slowest_median_s'])} ms)"
        )
        print(table(["", "ours", "baseline", "base/ours"], rows, title) + "\n")

    breakdown = result["stages"]
    if breakdown is None:
        return
    total = sum(s["median"] for s in breakdown["stages"].values())
    rows = [
        [name, ms(s["median"]), ms(s["p95"]), f"{100 * s['median'] / total:.1f}%"]
        for name, s in breakdown["stages"].items()
    ]
    rows.append(["sum of stage medians", ms(total), "", "100.0%"])
    whole = breakdown["analyse_document"]
    rows.append(["analyse_document (whole)", ms(whole["median"]), ms(whole["p95"]), ""])
    cold = breakdown["tokenize_cold_lemma_cache"]
    if cold:
        rows.append(["tokenize, lemma cache cold", ms(cold["median"]), ms(cold["p95"]), ""])
    base = contract["baseline"]["median"]
    rows.append(["baseline keyword scan", ms(base), "", f"{100 * base / total:.2f}%"])
    title = f"stage breakdown, {breakdown['file']} (ms, warm, {result['runs']} runs)"
    print(table(["stage", "median", "p95", "share"], rows, title))
    print("  money amounts are parsed lazily: the first stage that asks (recognizers) pays.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time analyse_text per document (median, p95, min) against a plain "
        "keyword-scan baseline, the project-corpus throughput, and the time per analysis stage.",
    )
    parser.add_argument("--runs", type=int, default=50, help="timed runs per case (default 50)")
    parser.add_argument(
        "--corpus-passes",
        type=int,
        default=5,
        help="timed passes over the project corpus (default 5)",
    )
    parser.add_argument("--contract", type=Path, default=CONTRACT, help="the 2-page contract")
    parser.add_argument("--ad", type=Path, default=AD, help="the short ad")
    parser.add_argument("--json", type=Path, metavar="OUT.json", help="also write the numbers")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.corpus_passes < 1:
        parser.error("--runs and --corpus-passes must be at least 1")

    start = time.perf_counter()
    import beforeyousign

    import_s = time.perf_counter() - start
    result: dict[str, Any] = {
        "machine": machine(),
        "runs": args.runs,
        "import_s": import_s,
        "cases": per_document(args, beforeyousign.analyse_text),
        "corpus": corpus(args, beforeyousign.analyse_text),
    }
    try:
        result["stages"] = stages(args)
    except (ImportError, AttributeError, TypeError) as error:  # internals moved
        print(f"note: stage breakdown unavailable ({error!r})", file=sys.stderr)
        result["stages"] = None
    print_report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
