"""Test-wide settings.

Under CI (``CI`` set, as ``.ci/run`` runs) hypothesis runs derandomized: the same examples
every run, so a landing never depends on luck.  Locally it explores new examples each run,
which is where rare failures are found (and then kept as explicit rows).
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_configure(config):  # type: ignore[no-untyped-def]
    # Opt-in tests on files of hundreds of MB (tests/test_hostile.py): `pytest -m big`.
    config.addinivalue_line("markers", "big: hostile files of hundreds of MB, opt-in")
