"""The progress bar of a batch run, on stderr (rich): records done, rate and time left.
Shown only when stderr is a terminal; elsewhere (a log file, CI) nothing is drawn."""

from __future__ import annotations

from types import TracebackType
from typing import Any


class Progress:
    """``advance(n)`` after each group of records; use as a context manager."""

    def __init__(self, enabled: bool, description: str = "screening") -> None:
        self.enabled = enabled
        self._description = description
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def start(self, total: int | None) -> None:
        if not self.enabled:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            ProgressColumn,
            Task,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichProgress
        from rich.text import Text

        class RateColumn(ProgressColumn):
            def render(self, task: Task) -> Text:
                speed = task.finished_speed or task.speed
                return Text(f"{speed:,.1f} rec/s" if speed else "… rec/s", style="cyan")

        self._bar = RichProgress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            RateColumn(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
            speed_estimate_period=60,
        )
        self._bar.start()
        self._task = self._bar.add_task(self._description, total=total)

    def advance(self, count: int = 1) -> None:
        if self._bar is not None:
            self._bar.advance(self._task, count)

    def close(self) -> None:
        if self._bar is not None:
            task = self._bar.tasks[0]
            self._bar.update(self._task, total=task.completed)
            self._bar.stop()
            self._bar = None
