"""The per-document time limit: a cooperative deadline, checked between pages and stages.

Nothing is interrupted mid-call (a thread cannot be stopped safely, and a library call
half done leaves no usable state). Readers ask :func:`expired` before each page, OCR
gives each page at most the time that is left (:func:`remaining`), and what was read by
then is kept: a ``time_limit`` notice names the pages that were not read. The deadline
lives in a context variable, so threads of a service each have their own.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from beforeyousign.errors import N_
from beforeyousign.ingest import limits
from beforeyousign.text.model import Notice

_DEADLINE: ContextVar[float | None] = ContextVar("beforeyousign_deadline", default=None)


@contextmanager
def started(seconds: float | None = None) -> Iterator[None]:
    """Run the block under a deadline ``seconds`` from now (default: limits.MAX_SECONDS).
    A deadline already running (a document of several files) is kept, not extended."""
    if _DEADLINE.get() is not None:
        yield
        return
    budget = limits.MAX_SECONDS if seconds is None else seconds
    token = _DEADLINE.set(time.monotonic() + budget)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def remaining() -> float | None:
    """Seconds left, or None when no deadline runs."""
    deadline = _DEADLINE.get()
    return None if deadline is None else max(0.0, deadline - time.monotonic())


def expired() -> bool:
    left = remaining()
    return left is not None and left <= 0


def time_limit_notice(read: int, pages: int) -> Notice:
    """Pages ``read + 1`` to ``pages`` were not read for lack of time."""
    return Notice(
        code="time_limit",
        message_id=N_(
            "Reading stopped at the time limit ({seconds} seconds): only {read} of {pages} "
            "pages were read; the rest was not checked."
        ),
        params={"seconds": round(limits.MAX_SECONDS), "read": read, "pages": pages},
    )
