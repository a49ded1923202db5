"""Run ``beforeyousign batch`` over a set of inputs and compare the JSON Lines, line by line,
with the output of an earlier run (a performance change must not change any result).

    .venv/bin/python scripts/compare_outputs.py --inputs /tmp/perf-inputs \\
        --before /tmp/perf-before --after /tmp/perf-after [--pythonpath TREE] [--no-run]

Each file or folder directly inside ``--inputs`` (a folder of corpus files, a JSONL of
posts) is one batch run, written to ``--after/NAME.jsonl`` and compared with
``--before/NAME.jsonl``.  ``--pythonpath`` runs the package from another source tree (a
copy of the code before the change with only some files replaced, to tell one engineer's
change from another's).  Exit status 1 when any line differs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any


def run_batch(source: Path, output: Path, pythonpath: str | None) -> None:
    output.unlink(missing_ok=True)
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    command = [sys.executable, "-m", "beforeyousign", "batch", str(source), "-o", str(output),
               "--no-progress", "--restart"]  # fmt: skip
    subprocess.run(command, check=True, env=env, stderr=subprocess.DEVNULL)


def differing_keys(a: Any, b: Any, path: str = "") -> list[str]:
    """Where two JSON values differ, as paths (``flags[0].score``)."""
    if isinstance(a, dict) and isinstance(b, dict):
        found = [f"{path}.{k}" for k in a.keys() ^ b.keys()]
        for key in a.keys() & b.keys():
            found += differing_keys(a[key], b[key], f"{path}.{key}")
        return found
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [
            p
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for p in differing_keys(x, y, f"{path}[{i}]")
        ]
    return [] if a == b else [path or "."]


def compare(before: Path, after: Path) -> int:
    old = before.read_text("utf-8").splitlines()
    new = after.read_text("utf-8").splitlines()
    differences = 0
    if len(old) != len(new):
        print(f"  {after.name}: {len(old)} lines before, {len(new)} after")
        differences += 1
    for number, (a, b) in enumerate(zip(old, new, strict=False), start=1):
        if a != b:
            differences += 1
            if differences <= 5:
                keys = differing_keys(json.loads(a), json.loads(b))
                print(f"  {after.name}:{number}: {', '.join(sorted(keys)[:6]) or 'bytes only'}")
    return differences


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=Path, required=True)
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--after", type=Path, required=True)
    parser.add_argument("--pythonpath", help="run the package from this source tree")
    parser.add_argument("--no-run", action="store_true", help="compare existing outputs only")
    options = parser.parse_args()
    options.after.mkdir(parents=True, exist_ok=True)
    total = 0
    for source in sorted(options.inputs.iterdir()):
        if source.suffix not in ("", ".jsonl") or source.name.startswith("."):
            continue
        name = source.name.removesuffix(".jsonl") + ".jsonl"
        reference = options.before / name
        if not reference.is_file():
            continue
        if not options.no_run:
            run_batch(source, options.after / name, options.pythonpath)
        differences = compare(reference, options.after / name)
        lines = len(reference.read_text("utf-8").splitlines())
        print(f"{name}: {lines} lines, {differences} differing")
        total += differences
    print("identical" if total == 0 else f"{total} lines differ")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
