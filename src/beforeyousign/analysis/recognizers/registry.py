"""The registry of recognizers: every flag the analysis can raise, in one place."""

from __future__ import annotations

from functools import lru_cache

from beforeyousign.analysis.recognizers.base import Recognizer

_REGISTERED: list[type] = []


def register(cls: type) -> type:
    """Class decorator: add a recognizer to the registry."""
    _REGISTERED.append(cls)
    return cls


@lru_cache(maxsize=1)
def all_recognizers() -> tuple[Recognizer, ...]:
    # Importing the modules runs their @register decorators.
    from beforeyousign.analysis.recognizers import catalog, entities, implied, money  # noqa: F401

    return tuple(cls() for cls in _REGISTERED)
