"""Spoken report, for readers who cannot read well: the verdict, each warning (its title,
what it means, what to do) and the steps to take before signing, read aloud by Debian's
``espeak-ng`` in the reader's language, offline.

The paper's own words are never spoken: a Russian quote read by a Nepali voice helps
no one.  A sentence the reader's catalog does not translate yet is spoken in English by an
English voice (SSML ``xml:lang``), not mispronounced by the reader's.  For a language
espeak-ng has no voice for (Somali, for one), :class:`SpeechLanguageUnavailable` says so
in the reader's language: the report is not silently spoken in English instead.

The text goes to espeak-ng on standard input; the sound comes back through a file in a
temporary folder that is removed, whatever happens.  Output is WAV, or OGG Vorbis (much
smaller, for sending by phone) through libsndfile (``soundfile``) or else ``sox``.
"""

from __future__ import annotations

import importlib.util
import io
import shutil
import struct
import subprocess
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from beforeyousign.errors import (
    N_,
    OutputUnavailable,
    SpeechEngineMissing,
    SpeechLanguageUnavailable,
)
from beforeyousign.i18n import SOURCE_LANGUAGE, Translator
from beforeyousign.i18n.support import espeak_environment
from beforeyousign.knowledge.safety import NEXT_STEPS, NEXT_STEPS_TITLE
from beforeyousign.knowledge.taxonomy import FLAGS
from beforeyousign.report.model import Report
from beforeyousign.report.render_text import _language_name

ESPEAK = "espeak-ng"
TIMEOUT_S = 180  # a long report takes a few seconds; a hung engine must not hang us
WORDS_PER_MINUTE = 150  # a little slower than espeak-ng's 175: easier to follow
OGG_QUALITY = 0  # sox -C: Vorbis quality (-1 to 10); 0 keeps speech clear at ~180 kB a minute
AUDIO_FORMATS = {".wav": "wav", ".ogg": "ogg", ".oga": "ogg"}

WARNING_NUMBER = N_("Warning {number} of {count}.")


def audio_format_for(path: str) -> str | None:
    """``report.ogg`` -> ``ogg``; ``report.wav`` -> ``wav``; anything else -> None."""
    return AUDIO_FORMATS.get(Path(path).suffix.lower())


def speech_sentences(report: Report, _: Translator) -> list[tuple[str, str]]:
    """What is spoken, in order, as (sentence, language it is written in)."""
    spoken: list[tuple[str, str]] = []

    def say(message_id: str, **params: object) -> None:
        text = _(message_id, **params)
        translated = _.language == SOURCE_LANGUAGE or _.gettext(message_id) != message_id
        spoken.append((text, _.language if translated else SOURCE_LANGUAGE))

    say(report.verdict.message_id, **report.verdict.params)
    count = len(report.flags)
    for number, finding in enumerate(report.flags, start=1):
        info = FLAGS[finding.flag]
        say(WARNING_NUMBER, number=number, count=count)
        say(info.title_id)
        say(finding.message_id, **finding.params)
        say(info.advice_id)
    say(NEXT_STEPS_TITLE)
    for step in NEXT_STEPS:
        if not any(step == FLAGS[f.flag].advice_id for f in report.flags):  # said already
            say(step)
    return spoken


def ssml(sentences: list[tuple[str, str]], language: str) -> str:
    """The sentences as SSML for espeak-ng (``-m``): each in its own language."""
    parts = []
    for text, lang in sentences:
        text = text.rstrip().rstrip(":")
        attribute = f" xml:lang={quoteattr(lang)}" if lang != language else ""
        parts.append(f"<s{attribute}>{escape(text)}</s>")
    return f"<speak xml:lang={quoteattr(language)}>" + "\n".join(parts) + "</speak>"


def ensure_speech_available(_: Translator) -> str:
    """The espeak-ng voice for the reader's language, or a typed error saying why not.
    Called before the paper is analysed, so the reader does not wait for nothing."""
    if shutil.which(ESPEAK) is None:
        raise SpeechEngineMissing()
    voice = voice_for(_.language)
    if voice is None:
        raise SpeechLanguageUnavailable(language=_language_name(_.language, _.language))
    return voice


@lru_cache(maxsize=32)
def voice_for(language: str) -> str | None:
    """The espeak-ng voice file (``inc/ne``) for a language, or None when there is none.

    ``espeak-ng --voices=<lang>`` lists voices that speak it, MBROLA ones (``mb/...``)
    included; those need separately installed voice data, so they are left out.
    """
    try:
        listing = subprocess.run(
            [ESPEAK, f"--voices={language}"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
            env=espeak_environment(),
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    candidates: list[tuple[bool, int, str]] = []
    for line in listing.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 5 or not fields[0].isdigit() or fields[4].startswith("mb/"):
            continue
        code = fields[1].lower()
        if code == language or code.startswith(language + "-"):
            candidates.append((code != language, int(fields[0]), fields[4]))
    return min(candidates)[2] if candidates else None


def render_audio(report: Report, _: Translator, audio_format: str = "wav") -> bytes:
    """The spoken report as WAV or OGG Vorbis bytes.

    Sound goes through pipes only: espeak-ng writes WAV to its standard output and sox
    reads and writes its standard streams, so no recording of the report ever touches the
    disk, not even in a temporary folder (docs/security.md: "nothing is kept")."""
    if audio_format not in ("wav", "ogg"):
        raise ValueError(f"unknown audio format {audio_format!r}")
    voice = ensure_speech_available(_)
    markup = ssml(speech_sentences(report, _), _.language)
    try:
        wav = subprocess.run(
            [ESPEAK, "-v", voice, "-s", str(WORDS_PER_MINUTE), "-m", "-b", "1",
             "--stdin", "--stdout"],
            input=markup.encode("utf-8"),
            capture_output=True,
            timeout=TIMEOUT_S,
            check=True,
            env=espeak_environment(),
        ).stdout  # fmt: skip
    except FileNotFoundError as error:
        raise SpeechEngineMissing() from error
    except (subprocess.SubprocessError, OSError) as error:
        raise OutputUnavailable() from error
    if not wav:
        raise OutputUnavailable()
    wav = _with_true_sizes(wav)
    return wav if audio_format == "wav" else _to_ogg(wav)


def _with_true_sizes(wav: bytes) -> bytes:
    """The WAV with the sizes in its header filled in: written to a pipe, espeak-ng cannot
    go back to write them and leaves placeholders (2 GB), which players show as hours."""
    data = wav.find(b"data", 12)
    if not wav.startswith(b"RIFF") or data < 0:
        return wav
    body = data + 8
    return b"".join(
        (
            b"RIFF",
            struct.pack("<I", len(wav) - 8),
            wav[8 : data + 4],
            struct.pack("<I", len(wav) - body),
            wav[body:],
        )
    )


def _to_ogg(wav: bytes) -> bytes:
    """WAV to OGG Vorbis with ``sox`` (its own process), else with libsndfile (soundfile).

    libsndfile 1.2.2 crashes the whole process (SIGSEGV) when a long recording is written
    to Vorbis in one call, so it is given small blocks, and only when sox is missing.
    """
    if shutil.which("sox") is not None:
        try:
            return subprocess.run(
                ["sox", "-t", "wav", "-", "-t", "ogg", "-C", str(OGG_QUALITY), "-"],
                input=wav,
                capture_output=True,
                timeout=TIMEOUT_S,
                check=True,
                env=espeak_environment(),
            ).stdout
        except (subprocess.SubprocessError, OSError) as error:
            raise OutputUnavailable() from error
    if importlib.util.find_spec("soundfile") is None:
        raise OutputUnavailable()
    import soundfile

    ogg = io.BytesIO()
    with (
        soundfile.SoundFile(io.BytesIO(wav)) as source,
        soundfile.SoundFile(
            ogg, "w", source.samplerate, source.channels, format="OGG", subtype="VORBIS"
        ) as target,
    ):
        for block in source.blocks(blocksize=8192, dtype="int16"):
            target.write(block)
    return ogg.getvalue()
