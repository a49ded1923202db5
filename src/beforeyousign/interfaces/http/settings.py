"""The limits of the web service, in one frozen object that ``create_app`` is given.

The defaults suit a small server (2 cores, 1-2 GB of memory) that serves people on phones:
a contract is a few photos of a few megabytes each, read in about a second a page.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from beforeyousign.knowledge.help_contacts import HelpContacts

MIB = 1024 * 1024


def default_workers() -> int:
    """One analysis at a time per core, at most two: the analysis holds the GIL for much of
    its time, so more threads than that only make every request slower."""
    return max(1, min(2, os.cpu_count() or 1))


@dataclass(frozen=True)
class Settings:
    #: Largest request body (every file and field of a form together), checked against
    #: Content-Length before reading and against the bytes actually read.
    max_body_bytes: int = 20 * MIB
    #: Files in one request: the photos of one paper's pages.
    max_files: int = 10
    #: Pages of one paper, all files together (a PDF counts its pages, a photo one).
    max_pages: int = 20
    #: Seconds a request may wait for its report, queue included.
    timeout_seconds: float = 120.0
    #: Threads that analyse papers (see ``default_workers``).
    workers: int = 0  # 0: default_workers()
    #: Requests that may wait for a free worker; past workers + queue the answer is 503.
    queue: int = 8
    #: Requests one client address may have waiting or running at once (429 past it);
    #: 0 switches the check off.
    per_client: int = 4
    #: Seconds a client is told to wait (Retry-After) when the service is busy.
    retry_after_seconds: int = 10
    #: Analyse a short text and load every catalog before serving, so the first reader
    #: does not wait for the models to load.
    warm_up: bool = True
    #: Help organisations listed in the reports instead of the bundled, general list.
    contacts: HelpContacts | None = field(default=None, compare=False)

    @property
    def worker_count(self) -> int:
        return self.workers if self.workers > 0 else default_workers()

    @property
    def capacity(self) -> int:
        """Requests admitted at once: running plus waiting."""
        return self.worker_count + max(0, self.queue)
