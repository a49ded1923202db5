"""Telegram Desktop exports ("Export chat history" / "Export Telegram data", JSON format):
``result.json``, read as a stream (:mod:`.jsonstream`), one message at a time.

- A **channel or supergroup** (``public_channel``, ``private_channel``,
  ``public_supergroup``, ``private_supergroup``) gives **one record per post**: each post is
  an ad of its own. Its id is ``<chat id>/<message id>``, its source the channel's name, its
  time the post's (``date_unixtime``, UTC), its author ``from`` and ``forwarded_from`` as
  the export has them.
- A **conversation** (``personal_chat``, ``bot_chat``, ``private_group``,
  ``saved_messages``) gives **one record per chat**, as a WhatsApp chat does: the
  conversation is the document (``From: message`` lines; time of the first message).

A message's ``text`` is a string, or a list of strings and entity objects
(``{"type": "bold", "text": "…"}``); the text is their concatenation. Link targets hidden
behind link text (``text_link`` entities' ``href``) are searched for contacts. Service
messages and posts with no text (a photo, a sticker) are skipped and counted.

A full-account export (``chats.list[]``, ``left_chats.list[]``) is read chat by chat.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from beforeyousign.batch.jsonstream import JsonStream
from beforeyousign.batch.records import Record, iso_time

CONVERSATION_TYPES = frozenset({"personal_chat", "bot_chat", "private_group", "saved_messages"})
_HEADER_KEYS = ("name", "type", "id")
#: How an export starts: a single chat, or a whole account's data.
_HEAD = re.compile(rb'"messages"\s*:\s*\[|^\s*\{\s*"about"\s*:\s*"[^"]*(?:data|Telegram)', re.S)


def looks_like_telegram_export(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") and bool(_HEAD.search(head))


@dataclass
class Chat:
    name: str | None = None
    type: str | None = None
    id: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)

    def key(self, fallback: str) -> str:
        return self.id or self.name or fallback

    @property
    def is_conversation(self) -> bool:
        return self.type in CONVERSATION_TYPES


def messages(path: Path) -> Iterator[tuple[Chat, dict[str, Any]]]:
    """Every message object of the export, with the chat it belongs to. The chat's name,
    type and id come before its messages in Telegram's exports. Raises ValueError when the
    file is not (or stops being) valid JSON."""
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        stream = JsonStream(handle)
        if stream.peek() != "{":
            raise ValueError("the file is not a JSON object")
        yield from _chat(stream, Chat())


def _chat(stream: JsonStream, chat: Chat) -> Iterator[tuple[Chat, dict[str, Any]]]:
    for key in stream.members():
        if key == "messages" and stream.peek() == "[":
            for _ in stream.elements():
                message = stream.value()
                if isinstance(message, dict):
                    yield chat, message
        elif key in ("chats", "left_chats") and stream.peek() == "{":
            for member in stream.members():
                if member != "list" or stream.peek() != "[":
                    stream.value()
                    continue
                for _ in stream.elements():
                    if stream.peek() == "{":
                        yield from _chat(stream, Chat())
                    else:
                        stream.value()
        elif key in _HEADER_KEYS:
            value = stream.value()
            if isinstance(value, str | int) and not isinstance(value, bool):
                setattr(chat, key, str(value))
        else:
            stream.value()


def message_text(message: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """The text of a message and the link targets behind its link text."""
    text = message.get("text", "")
    if isinstance(text, str):
        return text, ()
    if not isinstance(text, list):
        return "", ()
    parts: list[str] = []
    links: list[str] = []
    for part in text:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict):
            value = part.get("text")
            if isinstance(value, str):
                parts.append(value)
            href = part.get("href")
            if isinstance(href, str) and href:
                links.append(href)
    return "".join(parts), tuple(links)


def message_time(message: dict[str, Any]) -> str | None:
    unix = message.get("date_unixtime")
    if isinstance(unix, str) and unix.isdigit():
        return iso_time(int(unix))
    return iso_time(message.get("date"))


def _name(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


@dataclass
class _Conversation:
    chat: Chat
    time: str | None
    lines: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    chars: int = 0


#: Text of one conversation held in memory; a record is analysed up to the character
#: limit (docs/limits.md) anyway, and a 2 GB chat must not be gathered whole.
MAX_CONVERSATION_CHARS = 4 * 1024 * 1024


def records(path: Path, display: str, counts: dict[str, int]) -> Iterator[Record]:
    """The records of an export: one per post of a channel, one per conversation.
    ``counts["no_text"]`` counts the messages skipped for having no text."""
    conversation: _Conversation | None = None
    for chat, message in messages(path):
        if conversation is not None and conversation.chat is not chat:
            yield _conversation_record(display, conversation)
            conversation = None
        if message.get("type", "message") != "message":
            continue  # service messages: "joined", "pinned", "created the channel"
        text, links = message_text(message)
        if not text.strip():
            counts["no_text"] = counts.get("no_text", 0) + 1
            continue
        if chat.is_conversation:
            if conversation is None:
                conversation = _Conversation(chat, message_time(message))
            _add_line(conversation, _name(message.get("from")) or "?", text, links, counts)
            continue
        key = f"{chat.key(display)}/{message.get('id', '?')}"
        yield Record(
            id=key,
            source=chat.name or display,
            time=message_time(message),
            name=key,
            text=text,
            author=_name(message.get("from")),
            forwarded_from=_name(message.get("forwarded_from")),
            links=links,
        )
    if conversation is not None:
        yield _conversation_record(display, conversation)


def _add_line(
    conversation: _Conversation,
    sender: str,
    text: str,
    links: tuple[str, ...],
    counts: dict[str, int],
) -> None:
    if conversation.chars >= MAX_CONVERSATION_CHARS:
        counts["not_kept"] = counts.get("not_kept", 0) + 1
        return
    line = f"{sender}: {text}"
    conversation.lines.append(line)
    conversation.links.extend(links)
    conversation.chars += len(line) + 1


def _conversation_record(display: str, conversation: _Conversation) -> Record:
    chat = conversation.chat
    key = chat.key(display)
    return Record(
        id=key,
        source=chat.name or display,
        time=conversation.time,
        name=chat.name or key,
        text="\n".join(conversation.lines),
        links=tuple(dict.fromkeys(conversation.links)),
    )


def estimate(path: Path) -> int:
    """About how many posts an export holds, from a quick byte scan (no JSON parsing)."""
    marker = b'"type": "message"'
    count = 0
    tail = b""
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 22):
            data = tail + chunk
            count += data.count(marker)
            tail = data[-(len(marker) - 1) :]
    return count
