"""WhatsApp chat exports ("Export chat" → "Without media"): a ``.txt`` file, one message
per time-stamped line, continued on the following lines when it has several.

A chat is **one record**: a recruiter's conversation is read as one document, because what
the recruiter promises in one message and asks for in another (the ticket, then the
passport) only adds up across messages, and the report's doc_type ``recruiter_chat`` is
about the conversation. The text analysed is the chat rebuilt as ``Sender: message`` lines
(time stamps removed, so they are not read as contract dates; media, deleted-message and
system lines removed); quotes and line numbers refer to that text. The record's time is the
first kept message's, as the phone wrote it (local time, no zone).

Formats read (the phone's language and region decide them):

- iOS: ``[12.03.24, 14:02:11] Name: message`` (also ``[3/12/24, 2:02:11 PM]``)
- Android: ``12/03/2024, 14:02 - Name: message``, ``12.03.24, 14:02 - Name: message``
- Android (US): ``3/12/24, 2:02 PM - Name: message`` (with a narrow no-break space before
  PM in recent versions)

Day-first or month-first is decided per file: a first number above 12 means day-first, a
second number above 12 month-first; otherwise AM/PM times mean month-first (US), else
day-first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

_MARKS = "\u200e\u200f\ufeff\u202a\u202b\u202c"
_STAMP = re.compile(
    r"^[" + _MARKS + r"]*\[?"
    r"(?P<date>\d{1,4}[./-]\d{1,2}[./-]\d{1,4})[,.]?\s+"
    r"(?P<time>\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)"
    r"(?:[\s\u202f\u00a0]*(?P<ampm>[AaPp]\.?\s?[Mm]\.?))?"
    r"(?:\]\s*|\s+[-–—]\s+)"
    r"(?P<rest>.*)$"
)
_SENDER = re.compile(r"^(?P<sender>[^:\n]{1,80}?): (?P<body>.*)$")
_MEDIA = re.compile(
    r"^(?:<(?:Media omitted|Без медиафайлов|Медиафайл отсутствует|Medien ausgeschlossen|"
    r"Multimedia omitido|Médias omis|Media weggelaten|Mídia oculta|Arquivo de mídia oculto)>"
    r"|(?:image|video|audio|sticker|GIF|document|Contact card|photo) omitted"
    r"|(?:изображение|видео|аудио|стикер|GIF|документ|фото) (?:отсутствует|опущено|не включено)"
    r"|<attached: [^>]+>"
    r"|.+\.\w{2,5} \((?:file attached|файл прикреплен|файл прикреплён|archivo adjunto)\)"
    r"|This message was deleted\.?|You deleted this message\.?"
    r"|Это сообщение удалено\.?|Данное сообщение удалено\.?|Вы удалили это сообщение\.?"
    r"|Este mensaje fue eliminado\.?|null)$",
    re.IGNORECASE,
)
_EDITED = re.compile(r"\s*<(?:This message was edited|Сообщение изменено)>$")


@dataclass(frozen=True)
class WhatsAppChat:
    text: str  # "Sender: message" lines
    time: str | None  # first message, ISO 8601 without zone
    participants: tuple[str, ...]
    messages: int


@dataclass
class _Message:
    date: str
    clock: str
    ampm: str | None
    sender: str | None  # None: a system line ("Messages and calls are end-to-end encrypted")
    lines: list[str]


def looks_like_whatsapp(head: str) -> bool:
    """Whether a text starts the way a WhatsApp export does (first lines time-stamped)."""
    lines = [line for line in head.splitlines() if line.strip(" \t" + _MARKS)][:3]
    if not lines or not _STAMP.match(lines[0]):
        return False
    return sum(1 for line in lines if _STAMP.match(line)) >= min(2, len(lines))


def parse_whatsapp(text: str) -> WhatsAppChat:
    messages: list[_Message] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stamp = _STAMP.match(line)
        if stamp is None:
            if messages:
                messages[-1].lines.append(line)
            continue
        rest = stamp.group("rest")
        sender = _SENDER.match(rest)
        messages.append(
            _Message(
                stamp.group("date"),
                stamp.group("time"),
                stamp.group("ampm"),
                sender.group("sender").strip(_MARKS + " ") if sender else None,
                [sender.group("body") if sender else rest],
            )
        )
    day_first = _day_first(messages)
    out: list[str] = []
    participants: dict[str, None] = {}
    first_time: str | None = None
    kept = 0
    for message in messages:
        if message.sender is None:
            continue
        body = _EDITED.sub("", "\n".join(message.lines).rstrip())
        if body.startswith("\u200e") or _MEDIA.match(body.strip(_MARKS + " ")):
            continue  # iOS marks what WhatsApp itself wrote with a left-to-right mark
        if not body.strip():
            continue
        if first_time is None:
            first_time = _iso(message, day_first)
        participants.setdefault(message.sender, None)
        out.append(f"{message.sender}: {body}")
        kept += 1
    if first_time is None and messages:  # nothing but system lines: when the chat began
        first_time = _iso(messages[0], day_first)
    return WhatsAppChat("\n".join(out), first_time, tuple(participants), kept)


def _day_first(messages: list[_Message]) -> bool:
    dates = [_numbers(m.date) for m in messages]
    pairs = [(d[0], d[1]) for d in dates if d is not None and not d[3]]
    if any(first > 12 for first, _second in pairs):
        return True
    if any(second > 12 for _first, second in pairs):
        return False
    return not any(m.ampm for m in messages)


def _numbers(date: str) -> tuple[int, int, int, bool] | None:
    """(first, second, year, year_first) of a date as written."""
    parts = re.split(r"[./-]", date)
    if len(parts) != 3:
        return None
    if len(parts[0]) == 4:  # 2024-03-12: always year, month, day
        return int(parts[2]), int(parts[1]), int(parts[0]), True
    return int(parts[0]), int(parts[1]), int(parts[2]), False


def _iso(message: _Message, day_first: bool) -> str | None:
    numbers = _numbers(message.date)
    if numbers is None:
        return None
    first, second, year, year_first = numbers
    day, month = (first, second) if day_first or year_first else (second, first)
    year = year + 2000 if year < 100 else year
    clock = [int(p) for p in re.split(r"[:.]", message.clock)]
    hour, minute, seconds = clock[0], clock[1], clock[2] if len(clock) > 2 else 0
    if message.ampm:
        hour = hour % 12 + (12 if message.ampm.lower().startswith("p") else 0)
    try:
        return datetime(year, month, day, hour, minute, seconds).isoformat()
    except ValueError:
        return None
