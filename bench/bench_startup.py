"""CLI cold start: wall time of fresh processes, against a bare ``python -c pass`` baseline.

Runs each variant R times (default 7) as a subprocess, round-robin so that machine noise is
spread over all of them, and prints the first, median, min and max wall time, the ratio to
the baseline and the time added over it:

  baseline     python -c pass
  import       python -c "import beforeyousign"
  cli version  beforeyousign --version           (entry point, click; no analysis)
  cli check    beforeyousign check <2-page contract>   (the issue's "cold start")

"Cold" means a fresh interpreter; the OS file cache and the .pyc files are warm after the
first run (the "first" column is the closest to a cold disk).  Then the time of each lazy
step of a check run (imports, models, rule packs, first analysis) measured inside fresh
processes, so we see where the cold start goes.  ``--importtime`` adds a
``python -X importtime`` summary: the top 10 modules by cumulative and by self time of
everything a ``check`` run imports.  Figures only: nothing here asserts a timing.

    .venv/bin/python bench/bench_startup.py [--runs 7] [--importtime]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _common import (
    CONTRACT,
    CONTRACT_FALLBACK,
    REPO,
    console_script,
    machine,
    pick,
    ratio,
    rel,
    table,
)

GOAL_COLD_START_S = 1.5  # the goal for `beforeyousign check` on a 2-page contract

CHECK_IN_PROCESS = """
import sys
from beforeyousign.interfaces.cli import run
sys.argv = ["beforeyousign", "check", sys.argv[1]]
run()
"""

# Runs in a fresh interpreter: times each lazy step a `check` run goes through, in order.
# Uses internals (they may move: a step that fails is reported and the rest still run).
COLD_STEPS = r"""
import json, sys, time
steps = []
def step(name, fn):
    start = time.perf_counter()
    try:
        fn()
        steps.append((name, time.perf_counter() - start, None))
    except Exception as error:
        steps.append((name, time.perf_counter() - start, repr(error)))
path = sys.argv[1]
state = {}
step("import cli (click, i18n)", lambda: __import__("beforeyousign.interfaces.cli"))
def imports():
    import beforeyousign.pipeline, beforeyousign.report.render_text
step("import pipeline, analysis, report", imports)
def langid():
    from beforeyousign.language.detect import _model
    _model()
step("language model (py3langid)", langid)
def morph():
    from beforeyousign.analysis.lemmas import default_lemmatizer
    default_lemmatizer()._analyzer()
step("pymorphy3 dictionaries", morph)
def packs():
    from beforeyousign.analysis.engine import index_words
    index_words()
step("rule packs, markers, vocab (YAML)", packs)
def recognizers():
    from beforeyousign.analysis.recognizers import all_recognizers
    all_recognizers()
step("recognizers", recognizers)
def analyse():
    from beforeyousign import pipeline
    state["report"] = pipeline.run_path(path)
step("first analysis (ingest + analyse, lemma cache cold)", analyse)
def render():
    from beforeyousign.i18n import translator
    from beforeyousign.report.render_text import render_text
    render_text(state["report"], translator(None))
step("render text report", render)
def again():
    from beforeyousign import pipeline
    pipeline.run_path(path)
step("(second analysis of the same file)", again)
print(json.dumps(steps))
"""


def cold_steps(contract: Path, runs: int) -> list[tuple[str, float, str | None]]:
    """Median time of each lazy step of a check run, over ``runs`` fresh processes."""
    samples: list[list[tuple[str, float, str | None]]] = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", COLD_STEPS, rel(contract)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            print(f"note: cold-start breakdown failed: {done.stderr.strip()[-300:]}")
            return []
        samples.append([tuple(step) for step in json.loads(done.stdout)])
    return [
        (name, statistics.median(sample[i][1] for sample in samples), error)
        for i, (name, _, error) in enumerate(samples[0])
    ]


def print_cold_steps(steps: list[tuple[str, float, str | None]], base: float, runs: int) -> None:
    total = base + sum(seconds for name, seconds, _ in steps if not name.startswith("("))
    rows = [["interpreter start (baseline median)", f"{base * 1000:.0f}", f"{base / total:.0%}"]]
    for name, seconds, error in steps:
        share = "" if name.startswith("(") else f"{seconds / total:.0%}"
        rows.append([name + (f"  FAILED {error}" if error else ""), f"{seconds * 1000:.0f}", share])
    rows.append(["total", f"{total * 1000:.0f}", "100%"])
    title = f"where a check run's time goes (one fresh process per run, median of {runs})"
    print()
    print(table(["step", "ms", "share"], rows, title))


def variants(contract: Path) -> list[tuple[str, list[str]]]:
    python = sys.executable
    found = [
        ("baseline: python -c pass", [python, "-c", "pass"]),
        ("python -c 'import beforeyousign'", [python, "-c", "import beforeyousign"]),
    ]
    cli = console_script("beforeyousign")
    if cli is None:
        print("note: the beforeyousign console script was not found; CLI rows skipped")
        return found
    return [
        *found,
        ("beforeyousign --version", [str(cli), "--version"]),
        (f"beforeyousign check {contract.name}", [str(cli), "check", rel(contract)]),
    ]


def run_once(command: list[str]) -> tuple[float, int, str]:
    start = time.perf_counter()
    done = subprocess.run(
        command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    elapsed = time.perf_counter() - start
    return elapsed, done.returncode, done.stderr.decode("utf-8", "replace").strip()


def wall_times(plan: list[tuple[str, list[str]]], runs: int) -> dict[str, Any]:
    times: dict[str, list[float]] = {label: [] for label, _ in plan}
    failures: dict[str, str] = {}
    for _ in range(runs):
        for label, command in plan:
            elapsed, code, err = run_once(command)
            times[label].append(elapsed)
            if code != 0:
                failures[label] = f"exit {code}: {err.splitlines()[-1] if err else ''}"
    return {
        label: {
            "first": values[0],
            "median": statistics.median(values),
            "min": min(values),
            "max": max(values),
            "runs": values,
            "failure": failures.get(label),
        }
        for label, values in times.items()
    }


def importtime(code: list[str]) -> list[tuple[str, int, int, int]]:
    """(module, depth, self us, cumulative us) for each import ``python -X importtime`` saw."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *code],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
        text=True,
    )
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "[us]" in line:
            continue
        self_us, cumulative_us, name = line[len("import time:") :].split("|")
        depth = (len(name) - len(name.lstrip()) - 1) // 2
        rows.append((name.strip(), depth, int(self_us), int(cumulative_us)))
    return rows


def print_importtime(contract: Path) -> dict[str, Any]:
    package = importtime(["-c", "import beforeyousign"])
    package_us = next((c for n, _, _, c in package if n == "beforeyousign"), 0)
    check = importtime(["-c", CHECK_IN_PROCESS, rel(contract)])
    total_us = sum(s for _, _, s, _ in check)
    print("\npython -X importtime (one run each; importtime itself adds some overhead)")
    print(f"  import beforeyousign: {package_us / 1000:.1f} ms cumulative (the package imports")
    print("  its submodules lazily, so this is small)")
    print(f"  everything a `check` run imports: {len(check)} modules, {total_us / 1000:.1f} ms")
    for key, label in ((3, "cumulative"), (2, "self")):
        top = sorted(check, key=lambda row: row[key], reverse=True)[:10]
        rows = [
            [f"{'  ' * depth}{name}", f"{c / 1000:.1f}", f"{s / 1000:.1f}"]
            for name, depth, s, c in top
        ]
        print()
        print(
            table(
                ["module (indent = import depth)", "cumul ms", "self ms"],
                rows,
                f"top 10 imports of a check run by {label} time",
            )
        )
    return {
        "import_beforeyousign_ms": package_us / 1000,
        "check_imports_ms": total_us / 1000,
        "check_modules": len(check),
        "top_cumulative": sorted(check, key=lambda row: row[3], reverse=True)[:10],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="CLI cold start: wall time of `beforeyousign check` on the 2-page contract, "
        "`python -c 'import beforeyousign'` and the baseline `python -c pass`, each in a fresh "
        "process, with ratios to the baseline.",
    )
    parser.add_argument("--runs", type=int, default=7, help="runs per variant (default 7)")
    parser.add_argument("--contract", type=Path, default=CONTRACT, help="the 2-page contract")
    parser.add_argument(
        "--importtime",
        action="store_true",
        help="also summarise python -X importtime (top 10 modules of a check run)",
    )
    parser.add_argument(
        "--breakdown-runs",
        type=int,
        default=3,
        help="fresh processes for the step-by-step cold-start breakdown (default 3; 0: skip)",
    )
    parser.add_argument("--json", type=Path, metavar="OUT.json", help="also write the numbers")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    contract = pick(args.contract, CONTRACT_FALLBACK, "2-page contract")

    plan = variants(contract)
    result = wall_times(plan, args.runs)
    base = result[plan[0][0]]["median"]
    rows = []
    for label, _ in plan:
        r = result[label]
        rows.append(
            [
                label,
                f"{r['first']:.3f}",
                f"{r['median']:.3f}",
                f"{r['min']:.3f}",
                f"{r['max']:.3f}",
                f"{(r['median'] - base) * 1000:+.0f}",
                ratio(r["median"], base),
            ]
        )
    print(f"bench_startup  {machine()}  runs={args.runs}")
    headers = ["variant", "first s", "median s", "min s", "max s", "+ms vs base", "ratio"]
    print(table(headers, rows, "wall time of a fresh process (seconds)"))
    for label, r in result.items():
        if r["failure"]:
            print(f"  WARNING: {label} failed ({r['failure']})")
    check = result[plan[-1][0]]
    if plan[-1][0].startswith("beforeyousign check"):
        verdict = "met" if check["median"] <= GOAL_COLD_START_S else "NOT met"
        print(
            f"  goal: cold start <= {GOAL_COLD_START_S} s: {verdict} "
            f"(median {check['median']:.3f} s)"
        )
    report: dict[str, Any] = {"machine": machine(), "runs": args.runs, "variants": result}
    if args.breakdown_runs > 0:
        steps = cold_steps(contract, args.breakdown_runs)
        if steps:
            print_cold_steps(steps, base, args.breakdown_runs)
            report["cold_steps"] = steps
    if args.importtime:
        report["importtime"] = print_importtime(contract)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
