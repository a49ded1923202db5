"""Calendar dates with the exact span they came from, including blank form dates.

:func:`find_dates` finds:

* Russian «5» февраля 2024 г., «05» февраля 2024 года, 5 февраля 2024, 5-го февраля 2024 г.;
* English "5 February 2024", "5th of Feb 2024", "February 5, 2024";
* Spanish "5 de febrero de 2024";
* numbers, day first: 05.02.2024, 05/02/2024, 5-2-2024, 05.02.24 (with slashes the month comes
  first only when the second number cannot be a month: 02/25/2024); ISO 2024-02-05;
* filled-in forms «_09_» __января__ 20_24_ г.;
* blank forms «___»__________ 20__ г., «__» февраля 2024 г., __.__.20__ — still a mention, with
  ``value=None``.

A date that does not exist (31.02.2024) or lies outside 1900–2100 is skipped. A day and month
without a year ("9 Jan") is not reported: its year is unknown.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass

from beforeyousign.analysis import prefilter

__all__ = ["DateMention", "find_dates"]


@dataclass(frozen=True)
class DateMention:
    """One date and where the text says it; ``value`` is None for a blank form date."""

    start: int  # span in the input text, end exclusive
    end: int
    value: datetime.date | None
    raw: str


_MONTH_FORMS: dict[int, list[str]] = {
    1: ["января", "январь", "янв", "january", "jan", "enero", "ene"],
    2: ["февраля", "февраль", "фев", "февр", "february", "feb", "febrero"],
    3: ["марта", "март", "мар", "march", "mar", "marzo"],
    4: ["апреля", "апрель", "апр", "april", "apr", "abril", "abr"],
    5: ["мая", "май", "may", "mayo"],
    6: ["июня", "июнь", "июн", "june", "jun", "junio"],
    7: ["июля", "июль", "июл", "july", "jul", "julio"],
    8: ["августа", "август", "авг", "august", "aug", "agosto", "ago"],
    9: [
        "сентября",
        "сентябрь",
        "сен",
        "сент",
        "september",
        "sep",
        "sept",
        "septiembre",
        "setiembre",
        "set",
    ],
    10: ["октября", "октябрь", "окт", "october", "oct", "octubre"],
    11: ["ноября", "ноябрь", "ноя", "нояб", "november", "nov", "noviembre"],
    12: ["декабря", "декабрь", "дек", "december", "dec", "diciembre", "dic"],
}
_MONTH_VALUE = {form: n for n, forms in _MONTH_FORMS.items() for form in forms}
_MONTH = (
    "(?:"
    + "|".join(re.escape(f) for f in sorted(_MONTH_VALUE, key=lambda f: (-len(f), f)))
    + r")(?:\.|(?![^\W_]))"
)
_OPEN_Q = "[«\"“„']"
_CLOSE_Q = "[»\"”“']"
_SUFFIX = r"(?:\s?(?:г\.|года|году|год|г(?!\w)))?"
_YEAR = (
    r"(?:[\s_,]{0,40}+(?:(?:de|del)\s{1,2})?"
    r"(?:(?P<y>(?:19|20)\d{2})|(?P<yc>19|20)_{1,4}+(?P<yd>\d{2})?_{0,4}+)"
    r"|\s{0,3}_{2,6}+)(?!\d)"
)

# day, month name, year — in any of the three languages, blank parts allowed
_WORDY = re.compile(
    rf"""
    (?<![\w\d])
    (?:
        {_OPEN_Q}\s?_{{0,8}}+\s?(?P<dq>\d{{1,2}})?\s?_{{0,8}}+\s?{_CLOSE_Q}
      | (?P<d>\d{{1,2}})(?:-?го|-?е|st|nd|rd|th)?
      | _{{1,8}}+
    )
    (?:\s{{1,3}}day\s{{1,3}}of)?
    (?:
        [\s_]{{0,40}}+(?:of\s{{1,2}}|de\s{{1,2}})?(?P<mon>{_MONTH})
      | \s{{0,3}}(?P<mblank>_{{2,60}}+)
    )
    {_YEAR}
    {_SUFFIX}
    """,
    re.VERBOSE | re.IGNORECASE,
)
# "February 5, 2024", "Feb. 5th 2024"
_MONTH_FIRST = re.compile(
    rf"(?<!\w)(?P<mon>{_MONTH})\s{{1,2}}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d),?\s{{1,2}}"
    rf"(?P<y>(?:19|20)\d{{2}})(?!\d)",
    re.IGNORECASE,
)
# 05.02.2024, 05/02/2024, 5-2-2024, 05.02.24
_NUMERIC = re.compile(
    r"(?<![^\W_])(?<!\d[./-])(?:(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})"
    r"|(?P<a2>\d{2})(?P<sep2>[./])(?P<b2>\d{2})(?P=sep2)(?P<y2>\d{2}))"
    r"(?!\d|[./-]\d)" + _SUFFIX,
    re.IGNORECASE,
)
# 2024-02-05, 2024.02.05, 2024/02/05
_ISO = re.compile(
    r"(?<!\d)(?<!\d[./-])(?P<y>\d{4})(?P<sep>[-./])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
    r"(?!\d|[./-]\d)"
)
# a wholly blank numeric date: __.__.20__, __.__.____, __/__/____
_BLANK_NUMERIC = re.compile(
    r"(?<!_)_{1,4}+\s?[./]\s?_{1,4}+\s?[./]\s?(?:(?:19|20)_{1,2}+|_{2,4}+)(?!\w)" + _SUFFIX
)


def _date(year: int, month: int, day: int) -> datetime.date | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _wordy(text: str) -> list[DateMention]:
    out: list[DateMention] = []
    for m in prefilter.finditer(_WORDY, text):
        day_s = m.group("dq") or m.group("d")
        quoted = m.group(0)[0] in "«\"“„'"
        mon = m.group("mon")
        year_s = m.group("y") or (
            m.group("yc") + m.group("yd") if m.group("yc") and m.group("yd") else None
        )
        if day_s and mon and year_s:
            value = _date(int(year_s), _MONTH_VALUE[mon.lower().rstrip(".")], int(day_s))
            if value is None:
                continue
        else:
            # a blank form needs some shape of a date: quotes round the day, a month name, or "20__"
            if not (quoted or mon or m.group("yc")):
                continue
            if day_s and mon and not (m.group("yc") or m.group("y")):
                continue  # "5 марта __" is not a date form
            value = None
        out.append(DateMention(m.start(), m.end(), value, m.group(0)))
    return out


def _month_first(text: str) -> list[DateMention]:
    out: list[DateMention] = []
    for m in prefilter.finditer(_MONTH_FIRST, text):
        value = _date(
            int(m.group("y")), _MONTH_VALUE[m.group("mon").lower().rstrip(".")], int(m.group("d"))
        )
        if value is not None:
            out.append(DateMention(m.start(), m.end(), value, m.group(0)))
    return out


def _at_digit_runs(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """A numeric date starts a run of digits (its look-behinds): only texts with one of the
    separators are scanned, and only where a run of digits starts."""
    if not prefilter.may_match(pattern, text):
        return iter(())
    return prefilter.finditer_at_digit_runs(pattern, text)


def _numeric(text: str) -> list[DateMention]:
    out: list[DateMention] = []
    for m in _at_digit_runs(_NUMERIC, text):
        if m.group("a") is not None:
            a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
            sep = m.group("sep")
        else:
            a, b, y = int(m.group("a2")), int(m.group("b2")), 2000 + int(m.group("y2"))
            sep = m.group("sep2")
        # day first; only a slashed date may be American (02/25/2024)
        day, month = (b, a) if sep == "/" and b > 12 >= a else (a, b)
        value = _date(y, month, day)
        if value is not None:
            out.append(DateMention(m.start(), m.end(), value, m.group(0)))
    for m in _at_digit_runs(_ISO, text):
        value = _date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if value is not None:
            out.append(DateMention(m.start(), m.end(), value, m.group(0)))
    for m in prefilter.finditer(_BLANK_NUMERIC, text):
        out.append(DateMention(m.start(), m.end(), None, m.group(0)))
    return out


def find_dates(text: str) -> list[DateMention]:
    """Every date in ``text``, in order of appearance, without overlaps."""
    cands = _wordy(text) + _month_first(text) + _numeric(text)
    cands.sort(key=lambda d: (d.start, -(d.end - d.start)))
    out: list[DateMention] = []
    for d in cands:
        if out and d.start < out[-1].end:
            continue
        out.append(d)
    return out
