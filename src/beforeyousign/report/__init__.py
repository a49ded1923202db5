"""The report: an immutable summary of one analysis, and its renderers."""

from beforeyousign.report.model import SCHEMA_VERSION, Report

__all__ = ["SCHEMA_VERSION", "Report"]
