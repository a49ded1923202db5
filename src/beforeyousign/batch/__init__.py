"""Batch screening at scale: thousands of ads, posts and chats in one run.

``beforeyousign batch INPUTS -o OUTPUT``: inputs (:mod:`.sources`) are read as streams of
records; an engine (:mod:`.local`, a process pool, or :mod:`.spark`) analyses each record
with the same function (:mod:`.worker`); rows go to the output as they come
(:mod:`.outputs`, :mod:`.sarif`), and a run can be interrupted and resumed
(:mod:`.run`). See ``docs/batch.md``.
"""

from beforeyousign.batch.outputs import output_format
from beforeyousign.batch.run import BatchOptions, run_batch
from beforeyousign.batch.sources import INPUT_FORMATS, Columns
from beforeyousign.batch.summary import Summary

__all__ = ["INPUT_FORMATS", "BatchOptions", "Columns", "Summary", "output_format", "run_batch"]
