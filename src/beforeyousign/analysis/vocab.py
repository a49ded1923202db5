"""Word groups the Python recognizers share (the rule packs hold the rest)."""

from __future__ import annotations

from beforeyousign.analysis.patterns import Phrase, Word, parse_group

RUSSIA = parse_group(
    "россия | россии | рф | российск* | russia | russian | rusia | moscow | москв* | moscú"
)

ALL_GROUPS: tuple[tuple[Phrase, ...], ...] = (RUSSIA,)


def words() -> set[Word]:
    return {w for group in ALL_GROUPS for phrase in group for w in phrase}
