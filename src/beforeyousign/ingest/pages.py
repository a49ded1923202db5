"""What every paged input shares, whether its pages are a PDF text layer or photos.

Page-number lines ("Страница 1 из 2", "- 4 -", "Page 3 of 10") printed at a page's top or
foot are dropped, so that a clause running over a page break reads as one sentence; and
a document cut at a page limit says so in one notice."""

from __future__ import annotations

import re

from beforeyousign.errors import N_
from beforeyousign.text.model import Notice

_PAGE_NUMBER = re.compile(
    r"\s*(?:(?:страница|стр\.?|page|página|p\.)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?"
    r"(?:\s*(?:из|of|de|/)\s*\d{1,4})?\s*",
    re.IGNORECASE,
)


def is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.fullmatch(line))


def without_page_numbers(text: str) -> str:
    """The page's text without page-number lines at its top and foot."""
    lines = text.split("\n")
    while len(lines) > 1 and is_page_number(lines[-1]):
        lines.pop()
    while len(lines) > 1 and is_page_number(lines[0]):
        lines.pop(0)
    return "\n".join(lines)


def pages_not_read(read: int, pages: int) -> Notice:
    return Notice(
        code="pages_not_read",
        message_id=N_(
            "Only the first {read} of {pages} pages were read; the rest was not checked."
        ),
        params={"read": read, "pages": pages},
    )
