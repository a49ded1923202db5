"""What a batch run did, counted as it goes and told on stderr at the end."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from beforeyousign.batch.worker import Outcome


@dataclass
class Summary:
    analysed: int = 0  # records that got a report
    errors: Counter[str] = field(default_factory=Counter)  # error code -> records
    verdicts: Counter[str] = field(default_factory=Counter)
    flags: Counter[str] = field(default_factory=Counter)  # flag -> records raising it
    already_done: int = 0  # skipped: in the output of an earlier run
    duplicates: int = 0  # skipped: an id seen earlier in this run
    no_text: int = 0  # skipped: posts with no text (photos, stickers)
    interrupted: bool = False
    output: str = ""
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None

    @property
    def written(self) -> int:
        return self.analysed + sum(self.errors.values())

    @property
    def seconds(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    def add(self, outcome: Outcome) -> None:
        if outcome.error is not None:
            self.errors[outcome.error] += 1
            return
        self.analysed += 1
        if outcome.verdict:
            self.verdicts[outcome.verdict] += 1
        self.flags.update(outcome.flags)

    def render(self) -> str:
        rate = self.written / self.seconds if self.seconds > 0 else 0.0
        state = "interrupted" if self.interrupted else "done"
        lines = [
            f"batch {state}: {self.written} records in {self.seconds:.1f} s "
            f"({rate:.1f} records/s) -> {self.output}",
            f"  analysed: {self.analysed}   errors: {sum(self.errors.values())}",
        ]
        skipped = [
            f"{label}: {count}"
            for label, count in (
                ("already done", self.already_done),
                ("duplicate ids", self.duplicates),
                ("posts without text", self.no_text),
            )
            if count
        ]
        if skipped:
            lines.append("  skipped: " + "   ".join(skipped))
        for title, counts in (("by verdict", self.verdicts), ("by flag", self.flags),
                              ("errors by code", self.errors)):  # fmt: skip
            if counts:
                lines.append(f"  {title}:")
                width = max(len(key) for key in counts)
                lines += [f"    {key:<{width}}  {n}" for key, n in counts.most_common()]
        if self.interrupted:
            lines.append("  Run the same command again to continue where it stopped.")
        return "\n".join(lines)
