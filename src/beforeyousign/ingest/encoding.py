"""Turn the bytes of a text file into text, whatever encoding the sender's machine used.

Contracts and chats reach people as text saved on Windows (windows-1251), on old Linux
servers and e-mail (KOI8-R), from DOS-era accounting software (CP866), from Macs, or as
UTF-16 from Windows "Unicode" exports. Reading one as another turns every Russian word
into mojibake and every rule downstream silently finds nothing, so the order matters:

1. a byte-order mark states the encoding;
2. UTF-16 without a mark shows itself by NULs in every other byte (checked before UTF-8
   because UTF-16 of ASCII text is valid UTF-8 too, NULs and all);
3. strict UTF-8 (the only common encoding that rarely decodes by accident);
4. otherwise a guess among the plausible single-byte encodings. ``charset_normalizer``
   picks the family, but it often confuses windows-1251 and KOI8-R on short Russian
   text, so every Cyrillic candidate is decoded and scored by how Russian it reads
   (letter frequencies, capitals inside words, stray symbols), and the best one wins.

A guessed encoding is reported to the reader (``Decoded.guessed``) because a wrong guess
is possible and the reader should know why a quote may look garbled.
"""

from __future__ import annotations

import codecs
import math
from collections import Counter
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),  # before UTF-16 LE: same first 2 bytes
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

#: Cyrillic single-byte encodings with a log prior from how common each is in the wild.
#: It settles short texts, where the letters alone cannot: for lowercase text
#: windows-1251 and Mac Cyrillic decode alike, and for capitals CP866 and Mac Cyrillic do.
_CYRILLIC_PRIORS = {"cp1251": 0.0, "koi8_r": -1.5, "cp866": -2.0, "mac_cyrillic": -2.5,
                    "iso8859_5": -3.5}  # fmt: skip
CYRILLIC_CODECS = tuple(_CYRILLIC_PRIORS)
_OTHER_CODECS = ("cp1252", "latin_1")

#: Names shown to the reader in the ``encoding_guessed`` notice.
LABELS = {
    "cp1251": "windows-1251",
    "koi8_r": "KOI8-R",
    "cp866": "CP866 (DOS)",
    "mac_cyrillic": "Mac Cyrillic",
    "iso8859_5": "ISO-8859-5",
    "cp1252": "windows-1252",
    "latin_1": "ISO-8859-1",
    "utf-16-le": "UTF-16LE",
    "utf-16-be": "UTF-16BE",
    "utf-8": "UTF-8",
}

# Russian letter frequencies (per cent of letters in running text).
_RU_FREQ = {
    "о": 10.97, "е": 8.45, "а": 8.01, "и": 7.35, "н": 6.70, "т": 6.26, "с": 5.47,
    "р": 4.73, "в": 4.54, "л": 4.40, "к": 3.49, "м": 3.21, "д": 2.98, "п": 2.81,
    "у": 2.62, "я": 2.01, "ы": 1.90, "ь": 1.74, "г": 1.70, "з": 1.65, "б": 1.59,
    "ч": 1.44, "й": 1.21, "х": 0.97, "ж": 0.94, "ш": 0.73, "ю": 0.64, "ц": 0.48,
    "щ": 0.36, "э": 0.32, "ф": 0.26, "ъ": 0.04, "ё": 0.04,
    # Ukrainian and Belarusian letters: rare in Russian but real in neighbouring texts.
    "і": 0.02, "ї": 0.01, "є": 0.01, "ґ": 0.01, "ў": 0.01,
}  # fmt: skip
_LOG_FREQ = {ch: math.log(pct / 100) for ch, pct in _RU_FREQ.items()}
_COMMON_SYMBOLS = frozenset("«»—–…№“”„‘’•·°\xa0")
_LOG_SYMBOL = math.log(0.01)
_LOG_SYMBOL_AT_WORD = math.log(0.002)  # capitals start words far more often than quotes
_LOG_JUNK = math.log(1e-5)  # box drawing, accented Latin, currency signs: mojibake
_LOG_CAPITAL_INSIDE_WORD = math.log(0.01)
_LOG_NEXT_TO_LATIN = math.log(0.001)  # "Espaсa": a Cyrillic letter glued to Latin ones
_NEVER_FIRST = frozenset("ьъыЬЪЫ")  # no Russian word starts with these
_LOG_BAD_START = math.log(0.01)

#: Mean log-probability per non-ASCII character above which a decoding reads as a
#: Cyrillic text. Russian text scores about -3.2; the usual mojibake -7 or lower.
CYRILLIC_THRESHOLD = -4.6
#: Bytes of a large file the single-byte guess looks at.
SAMPLE_BYTES = 192 * 1024
#: Below this mean, no Cyrillic reading is plausible (e.g. Spanish "Espaсa").
NOT_CYRILLIC_BELOW = -7.0


@dataclass(frozen=True)
class Decoded:
    """Decoded text and how it was decoded."""

    text: str
    encoding: str  # label for people, e.g. "UTF-8", "windows-1251"
    guessed: bool = False  # True when neither a BOM nor valid UTF-8 stated the encoding
    replaced: int = 0  # characters that could not be decoded and became U+FFFD


def decode(data: bytes) -> Decoded:
    """Decode ``data`` by the order in the module docstring; never raises."""
    return (
        _by_bom(data)
        or (_utf16_without_bom(data) if b"\x00" in data[:4096] else None)
        or _utf8(data)
        or _single_byte(data)
    )


def _by_bom(data: bytes) -> Decoded | None:
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(codec, errors="replace")
            return Decoded(text, label, replaced=text.count("\ufffd"))
    return None


_MIN_UTF16_BYTES = 8


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """In UTF-16 text of one script the high byte of every character takes very few
    values: 0x00 for spaces, digits and Latin, 0x04 for Cyrillic. Binary data and
    single-byte text spread their bytes out, so concentration is the tell."""
    if len(data) < _MIN_UTF16_BYTES:  # too short for the byte pattern to mean anything
        return None
    sample = data[: 4096 & ~1]
    for codec, high, low in (
        ("utf-16-le", sample[1::2], sample[0::2]),
        ("utf-16-be", sample[0::2], sample[1::2]),
    ):
        counts = Counter(high)
        top_two = sum(n for _, n in counts.most_common(2))
        if counts[0] and top_two >= 0.9 * len(high) and low.count(0) < 0.1 * len(low):
            try:
                text = data[: len(data) & ~1].decode(codec)
            except UnicodeDecodeError:
                continue
            return Decoded(text, LABELS[codec], guessed=True)
    return None


def _utf8(data: bytes) -> Decoded | None:
    """Strict UTF-8, forgiving only what a messenger does to it: a multi-byte character
    cut at the end of the file, or a few stray bytes among many valid characters."""
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(data)
    except UnicodeDecodeError:
        pass
    else:
        # A cut tail is forgiven only if the rest shows UTF-8: b"caf\xe9" is not "caf".
        if len(text.encode()) == len(data) or not text.isascii():
            return Decoded(text, "UTF-8")
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore")) - replaced
    # Text in a single-byte encoding read as UTF-8 yields almost nothing but U+FFFD (a
    # valid multi-byte sequence there is a rare accident); a few stray bytes in real
    # UTF-8 (a bad copy, a cut character) leave many valid characters around them.
    if non_ascii >= STRAY_BYTES_TOLERATED * replaced:
        return Decoded(text, "UTF-8", replaced=replaced)
    return None


#: Valid non-ASCII characters needed per undecodable byte for a file to stay UTF-8.
STRAY_BYTES_TOLERATED = 4


def _single_byte(data: bytes) -> Decoded:
    """Guess among single-byte encodings; see the module docstring for the tie-breaker.

    The Russian score decides when it is clear either way; in between (little Cyrillic,
    or much Latin mixed in), charset_normalizer says whether the text is Cyrillic at all.
    """
    sample = _sample(data)
    best = max((_Candidate.of(sample, codec) for codec in CYRILLIC_CODECS), key=_by_total)
    if best.mean >= CYRILLIC_THRESHOLD or (
        best.mean > NOT_CYRILLIC_BELOW and _charset_normalizer_guess(sample) in CYRILLIC_CODECS
    ):
        return _decode_all(data, best.codec)
    try:
        sample.decode(_OTHER_CODECS[0])
    except UnicodeDecodeError:
        return _decode_all(data, _OTHER_CODECS[1])
    return _decode_all(data, _OTHER_CODECS[0])


def _sample(data: bytes) -> bytes:
    """Enough of a large file to judge its encoding (scoring runs per character in
    Python): its start, middle and end, cut anywhere since every candidate is 1 byte."""
    if len(data) <= SAMPLE_BYTES:
        return data
    third = SAMPLE_BYTES // 3
    middle = len(data) // 2
    return data[:third] + data[middle : middle + third] + data[-third:]


def _decode_all(data: bytes, codec: str) -> Decoded:
    """Decode the whole file with the codec chosen on the sample; bytes the sample did
    not show and the codec lacks become U+FFFD (and are counted) rather than failing."""
    text = data.decode(codec, errors="replace")
    return Decoded(text, LABELS[codec], guessed=True, replaced=text.count("\ufffd"))


@dataclass(frozen=True)
class _Candidate:
    """One Cyrillic decoding and its Russian score: the total (log-likelihood plus the
    encoding's prior) chooses among encodings, the mean says whether it is Russian."""

    total: float
    mean: float
    codec: str
    text: str

    @classmethod
    def of(cls, data: bytes, codec: str) -> _Candidate:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            return cls(-math.inf, -math.inf, codec, "")
        total, count = russian_log_likelihood(text)
        mean = total / count if count else -math.inf
        return cls(total + _CYRILLIC_PRIORS[codec], mean, codec, text)


def _by_total(candidate: _Candidate) -> float:
    return candidate.total


def russian_log_likelihood(text: str) -> tuple[float, int]:
    """Log-probability of the non-ASCII characters of ``text`` under a Russian letter
    model, and their count. All candidate encodings share ASCII, so only the other
    characters tell them apart; a wrong one yields rare letters, capitals inside words,
    impossible word starts and stray symbols.
    """
    total, count = 0.0, 0
    for i, ch in enumerate(text):
        if ch <= "\x7f":
            continue
        prev = text[i - 1] if i else " "
        nxt = text[i + 1] if i + 1 < len(text) else " "
        total += _char_log_prob(ch, prev, nxt)
        count += 1
    return total, count


def _char_log_prob(ch: str, prev: str, nxt: str) -> float:
    lower = ch.lower()
    if lower not in _LOG_FREQ:
        return _symbol_log_prob(ch, prev, nxt)
    log_prob = _LOG_FREQ[lower]
    if ch != lower and prev.isalpha() and prev.islower():
        log_prob += _LOG_CAPITAL_INSIDE_WORD
    if ch in _NEVER_FIRST and not prev.isalpha():
        log_prob += _LOG_BAD_START
    if _is_ascii_letter(prev) or _is_ascii_letter(nxt):
        log_prob += _LOG_NEXT_TO_LATIN
    return log_prob


def _symbol_log_prob(ch: str, prev: str, nxt: str) -> float:
    """Quotes and dashes stand next to a word on one side at most; glued to letters on
    both sides they are a capital letter read in the wrong encoding."""
    if ch not in _COMMON_SYMBOLS:
        return _LOG_JUNK
    glued = prev.isalpha() + nxt.isalpha()
    return (_LOG_SYMBOL, _LOG_SYMBOL_AT_WORD, _LOG_JUNK)[glued]


def _is_ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _charset_normalizer_guess(data: bytes) -> str | None:
    """charset_normalizer's pick among the plausible encodings (imported lazily: it is
    needed only for text that is neither UTF-8 nor marked, and CLI start-up matters)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=[*CYRILLIC_CODECS, *_OTHER_CODECS]).best()
    return None if best is None else str(best.encoding)
