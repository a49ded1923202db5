"""Read a large JSON document piece by piece: walk its objects and arrays by hand and decode
only the values asked for, so a 2 GB Telegram export never sits in memory whole.

The standard library's decoder does the real work (``raw_decode`` on a buffer that grows
while a value is incomplete); this module only steps over the punctuation between values.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, TextIO

_NON_SPACE = re.compile(r"[^ \t\r\n]")
_DECODER = json.JSONDecoder()
CHUNK = 1 << 16
#: Characters one value (a message) may take while it is read: a string that never ends
#: would otherwise be buffered to the end of a 2 GB file. A real post is a few KB.
MAX_VALUE_CHARS = 64 * 1024 * 1024


class JsonStream:
    """A cursor over the JSON text read from ``handle``.

    :meth:`members` and :meth:`elements` step into an object or an array; for every member
    or element they yield, the caller must consume exactly one value (:meth:`value`, or step
    into it) before asking for the next. Raises ``ValueError`` on malformed JSON.
    """

    def __init__(self, handle: TextIO) -> None:
        self._handle = handle
        self._buffer = ""
        self._pos = 0
        self._eof = False

    def _more(self, at_least: int = CHUNK) -> bool:
        if self._eof:
            return False
        data = self._handle.read(max(at_least, CHUNK))
        if not data:
            self._eof = True
            return False
        self._buffer = self._buffer[self._pos :] + data
        self._pos = 0
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end)."""
        while True:
            match = _NON_SPACE.search(self._buffer, self._pos)
            if match:
                self._pos = match.start()
                return self._buffer[self._pos]
            self._pos = len(self._buffer)
            if not self._more():
                return ""

    def expect(self, char: str) -> None:
        found = self.peek()
        if found != char:
            raise ValueError(f"expected {char!r}, found {found or 'end of file'!r}")
        self._pos += 1

    def value(self) -> Any:
        """Decode the next whole value (reading on while it is incomplete)."""
        if not self.peek():
            raise ValueError("unexpected end of file")
        while True:
            try:
                value, end = _DECODER.raw_decode(self._buffer, self._pos)
            except json.JSONDecodeError as exc:
                # Incomplete so far: read as much again as is buffered (no quadratic re-reads).
                if len(self._buffer) - self._pos > MAX_VALUE_CHARS:
                    raise ValueError("a value is too large to read") from exc
                if self._more(len(self._buffer) - self._pos):
                    continue
                raise ValueError(f"malformed JSON: {exc.msg}") from exc
            except RecursionError as exc:  # arrays nested 100,000 deep
                raise ValueError("malformed JSON: nested too deeply") from exc
            if end == len(self._buffer) and self._more():
                continue  # a number at the buffer's end may go on: decode it again
            self._pos = end
            return value

    def members(self) -> Iterator[str]:
        """Step into an object: yields each key; the caller then consumes its value."""
        self.expect("{")
        if self.peek() == "}":
            self._pos += 1
            return
        while True:
            key = self.value()
            if not isinstance(key, str):
                raise ValueError("an object key is not a string")
            self.expect(":")
            yield key
            separator = self.peek()
            self._pos += 1
            if separator == "}":
                return
            if separator != ",":
                raise ValueError(f"expected ',' or '}}', found {separator or 'end of file'!r}")

    def elements(self) -> Iterator[None]:
        """Step into an array: yields once per element; the caller consumes each."""
        self.expect("[")
        if self.peek() == "]":
            self._pos += 1
            return
        while True:
            yield None
            separator = self.peek()
            self._pos += 1
            if separator == "]":
                return
            if separator != ",":
                raise ValueError(f"expected ',' or ']', found {separator or 'end of file'!r}")
