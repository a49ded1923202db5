"""Plain text (a pasted contract, a chat export, a job ad) and the checks every text
input shares: is it text at all, is there anything in it, which encoding was it in.

One Block per line keeps the source map exact: ``Document.raw_text`` is the decoded text
with line endings made ``\\n``, so a quote's offset maps straight back to a line number
the reader can find in their own copy.
"""

from __future__ import annotations

import re

from beforeyousign.errors import N_, EmptyInput, UnsupportedFormat
from beforeyousign.ingest.encoding import Decoded, decode
from beforeyousign.text.model import Block, Document, Notice

MEDIA_TYPE = "text/plain"
_SURROGATE = re.compile("[\ud800-\udfff]")

#: C0 and C1 controls other than layout ones, and U+FFFD from undecodable bytes.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
#: Share of control characters (NUL included) above which decoded bytes are not text.
#: Random bytes read as Latin-1 give about 23 %; real text, chats included, under 1 %.
MAX_CONTROL_SHARE = 0.10


def decode_text(data: bytes, name: str) -> Decoded:
    """Decode ``data`` and reject what is not text; raises UnsupportedFormat("binary
    data") for binary content and EmptyInput when nothing but blanks remains."""
    decoded = decode(data)
    if _looks_binary(decoded.text):
        raise UnsupportedFormat(name=name, found=N_("binary data"))
    text = clean(decoded.text)
    if is_blank(text):
        raise EmptyInput(name=name)
    return Decoded(text, decoded.encoding, decoded.guessed, decoded.replaced)


#: White space and the invisible format characters (zero-width, bidi controls, BOM) that
#: a file of "nothing" can be padded with.
_BLANK = re.compile(r"[\s\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]*")


def is_blank(text: str) -> bool:
    """Nothing a reader could see: white space and invisible characters only."""
    return _BLANK.fullmatch(text) is not None


def clean(text: str) -> str:
    """Make line endings ``\\n``, drop NULs (left by sloppy UTF-16 exports and C
    programs) and replace lone surrogates with U+FFFD; nothing else is changed so that
    quotes stay verbatim.  A lone surrogate cannot come from decoded bytes, but pasted
    text can carry one (``{"text": "\\ud800"}`` is valid JSON), and no report holding it
    could be written as UTF-8."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return text


def _looks_binary(text: str) -> bool:
    bad = len(_CONTROLS.findall(text))
    return bad > MAX_CONTROL_SHARE * len(text)


def encoding_notices(decoded: Decoded) -> tuple[Notice, ...]:
    """Tell the reader when the encoding was guessed or characters were lost, because
    either can garble a quote and they should know why."""
    notices = []
    if decoded.guessed:
        notices.append(
            Notice(
                code="encoding_guessed",
                message_id=N_("The text encoding was not stated; it was read as {encoding}."),
                params={"encoding": decoded.encoding},
            )
        )
    if decoded.replaced:
        notices.append(
            Notice(
                code="characters_replaced",
                message_id=N_(
                    "{count} characters could not be read and were replaced with \ufffd."
                ),
                params={"count": decoded.replaced},
            )
        )
    return tuple(notices)


def text_document(decoded: Decoded, name: str) -> Document:
    """A Document with one ``line`` Block per line of the decoded text."""
    blocks = tuple(Block(line, page=None, kind="line") for line in decoded.text.split("\n"))
    return Document(
        blocks=blocks,
        source_name=name,
        media_type=MEDIA_TYPE,
        notices=encoding_notices(decoded),
    )
