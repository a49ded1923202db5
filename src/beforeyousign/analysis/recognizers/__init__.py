"""Recognizers: one per flag, mostly data, each with its legal dossier in its docstring."""

from beforeyousign.analysis.recognizers.registry import all_recognizers

__all__ = ["all_recognizers"]
