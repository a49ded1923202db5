"""Every compiled module-level pattern of ``text/`` and ``analysis/`` runs in linear time.

Catastrophic backtracking turns one pasted post into a hung worker.  Each module's
patterns are run, in a subprocess, over adversarial strings of 10^5 characters (long runs
of one character, alternations, 10^5 combining marks, runs that almost match); a hang
detector (a generous limit, no timing threshold) catches a pattern that would take
quadratic or exponential time.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import subprocess
import sys

import pytest

import beforeyousign.analysis
import beforeyousign.text

HANG_LIMIT_S = 120  # per module: a hang detector, not a timing threshold


def _modules() -> list[str]:
    names = []
    for package in (beforeyousign.text, beforeyousign.analysis):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            names.append(info.name)
    return sorted(names)


def _patterns(module_name: str) -> list[re.Pattern[str]]:
    module = importlib.import_module(module_name)
    found = [v for v in vars(module).values() if isinstance(v, re.Pattern)]
    if module_name == "beforeyousign.text.normalise":
        found += list(module._patterns().values())
    return [p for p in found if isinstance(p.pattern, str)]


_RUNNER = r"""
import sys
sys.path.insert(0, {tests!r})
from test_regex_linear import _patterns, adversarial
for pattern in _patterns({module!r}):
    for text in adversarial():
        for _ in pattern.finditer(text):
            pass
print("ok")
"""


def adversarial(n: int = 100_000) -> list[str]:
    return [
        "a" * n,
        "а" * n,
        "1" * n,
        " " * n,
        "\n" * n,
        "a " * (n // 2),
        "а\u0301" * (n // 2),
        "\u0301" * n,
        "ab" * (n // 2),
        "1a" * (n // 2),
        "1 " * (n // 2),
        "-\n" * (n // 2),
        "1.000 " * (n // 6),
        "а\u200b" * (n // 2),
        "паспорт " * (n // 8),
        "до " * (n // 3),
        "x" * n + "!",
    ]


def _params() -> list[object]:
    return [m for m in _modules() if _patterns(m)]


@pytest.mark.parametrize("module", _params())
def test_module_patterns_finish_on_adversarial_input(module: str) -> None:
    from pathlib import Path

    code = _RUNNER.format(tests=str(Path(__file__).parent), module=module)
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=HANG_LIMIT_S
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"a pattern of {module} did not finish: catastrophic backtracking?")
    assert done.returncode == 0 and "ok" in done.stdout, done.stderr[-2000:]
