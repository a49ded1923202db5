"""Importing this module loads the analysis engine into the current process.

The local engine's fork server imports it once (``set_forkserver_preload``) and forks every
worker from the loaded process, and Spark's Python daemon does the same
(:mod:`.spark_daemon`): the workers then share the loaded models, dictionaries and rule
packs copy-on-write instead of loading one copy each. On two cores that sharing is the
difference between no speed-up and almost twice the speed (two private copies compete for
the same processor caches; see bench/README.md).

Numerical libraries are kept to one thread each: the parallelism is one process per core.
"""

from __future__ import annotations

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import contextlib  # noqa: E402

from beforeyousign.batch.worker import warm_up  # noqa: E402  (after the thread settings)

with contextlib.suppress(Exception):  # if it fails, workers warm themselves and report it
    warm_up("")
