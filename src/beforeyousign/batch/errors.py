"""Errors of batch screening, in the one hierarchy of :mod:`beforeyousign.errors`.

Their messages are for the analysts who run batches and are not in the translation
catalogs: they show in English whatever ``--lang`` says.
"""

from __future__ import annotations

from beforeyousign.errors import InputError, OutputUnavailable


class BatchInputError(InputError):
    """An input of ``beforeyousign batch`` cannot be read as the kind it was taken for
    (a CSV without the text column, a JSON file that is not a Telegram export…)."""

    code = "bad_batch_input"
    message_id = "Cannot read {name} as {kind}: {reason}"


class BadRecord(InputError):
    """One record of a batch input is malformed (a line that is not JSON, a row with no
    text); the run goes on and the record gets an error row."""

    code = "bad_record"
    message_id = "Record {name} cannot be read: {reason}"


class ResumeError(InputError):
    """An earlier run's output cannot be continued as it is."""

    code = "cannot_resume"
    message_id = "Cannot continue the earlier run in {name}: {reason}"


class FeatureUnavailable(OutputUnavailable):
    """What was asked for needs a package or program that is not installed here."""

    http_status = 501
    code = "feature_unavailable"
    message_id = "{feature} needs {needs}, which is not installed here. {remedy}"
