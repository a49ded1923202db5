"""The spoken report: espeak-ng reads the verdict, the warnings and the advice aloud.

The real ``espeak-ng`` runs (Debian package); lengths are checked with soundfile.  What is
said is checked on the SSML given to espeak-ng: never the paper's Russian words, and
untranslated sentences marked English so an English voice says them.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
import soundfile

from beforeyousign.errors import OutputUnavailable, SpeechEngineMissing, SpeechLanguageUnavailable
from beforeyousign.i18n import Translator, translator
from beforeyousign.knowledge.taxonomy import FLAGS
from beforeyousign.report import render_audio as audio
from test_render_html import military

CONTRACT = (
    "КОНТРАКТ о прохождении военной службы. Гражданин обязуется проходить военную службу "
    "в течение одного года. Паспорт передаётся на хранение командиру воинской части."
)

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="no espeak-ng")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


@needs_espeak
@pytest.mark.parametrize("lang", ["en", "es", "hi", "ne", "ar"])
def test_spoken_report_in_the_readers_language(lang: str, tmp_path: Path) -> None:
    sound = audio.render_audio(military(lang), translator(lang), "wav")
    assert sound[:4] == b"RIFF"
    info = soundfile.info(io.BytesIO(sound))
    assert 3 < info.duration < 600, info.duration
    (tmp_path / f"{lang}.wav").write_bytes(sound)


@needs_espeak
def test_ogg_vorbis_is_much_smaller_and_as_long() -> None:
    report, _ = military("ne"), translator("ne")
    wav = audio.render_audio(report, _, "wav")
    ogg = audio.render_audio(report, _, "ogg")
    assert ogg[:4] == b"OggS"
    info = soundfile.info(io.BytesIO(ogg))
    assert (info.format, info.subtype) == ("OGG", "VORBIS")
    assert abs(info.duration - soundfile.info(io.BytesIO(wav)).duration) < 0.5
    assert len(ogg) * 5 < len(wav)


def test_what_is_said_never_includes_the_papers_words() -> None:
    report = military("en")
    sentences = audio.speech_sentences(report, translator("en"))
    spoken = " ".join(text for text, _ in sentences)
    assert not CYRILLIC.search(spoken)
    for finding in report.flags:
        assert FLAGS[finding.flag].title_id in spoken
        assert FLAGS[finding.flag].advice_id in spoken
        for evidence in finding.evidence:
            assert evidence.quote not in spoken
    assert sentences[0][0] == report.verdict.message_id  # the verdict first
    assert "Warning 1 of 7." in spoken
    assert "Never hand over your passport." in spoken  # said once, not twice
    assert spoken.count("Never hand over your passport.") == 1


def test_untranslated_sentences_are_marked_english() -> None:
    report = military("hi")
    verdict = report.verdict.message_id
    hindi = {verdict: "यह सेना में सैन्य सेवा का कॉन्ट्रैक्ट है।"}  # a catalog half done
    _ = Translator("hi", "hi", lambda m: hindi.get(m, m), lambda one, many, n: one)
    sentences = audio.speech_sentences(report, _)
    assert sentences[0] == (hindi[verdict], "hi")
    assert {lang for _text, lang in sentences[1:]} == {"en"}
    markup = audio.ssml(sentences, "hi")
    assert markup.startswith('<speak xml:lang="hi"><s>यह सेना')
    assert markup.count("</s>") == len(sentences)
    assert markup.count('<s xml:lang="en">') == len(sentences) - 1


def test_ssml_escapes_what_it_says() -> None:
    markup = audio.ssml([("a < b & <c>", "en"), ("नमस्ते", "hi")], "hi")
    assert "a &lt; b &amp; &lt;c&gt;" in markup
    assert '<s xml:lang="en">' in markup
    assert "<s>नमस्ते</s>" in markup


@needs_espeak
@pytest.mark.parametrize("lang", ["en", "es", "hi", "ne", "ar", "bn", "si", "ta", "uz", "ru"])
def test_voices_are_found_without_mbrola(lang: str) -> None:
    voice = audio.voice_for(lang)
    assert voice is not None
    assert not voice.startswith("mb/")


@needs_espeak
def test_somali_has_no_voice_and_says_so_in_the_readers_terms() -> None:
    assert audio.voice_for("so") is None
    _ = translator("so")
    with pytest.raises(SpeechLanguageUnavailable) as caught:
        audio.render_audio(military("so"), _)
    error = caught.value
    assert error.exit_code == 10
    assert error.params == {"language": "Soomaali"}
    message = _(error.message_id, **error.params)
    assert "Soomaali" in message


def test_no_espeak_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audio.shutil, "which", lambda name: None)
    with pytest.raises(SpeechEngineMissing) as caught:
        audio.ensure_speech_available(translator("en"))
    assert isinstance(caught.value, OutputUnavailable)


@needs_espeak
@pytest.mark.parametrize("audio_format", ["wav", "ogg"])
def test_nothing_is_left_in_temporary_or_home_folders(tmp_path: Path, audio_format: str) -> None:
    """A spoken report goes through pipes only, and espeak-ng's sound library (libpulse)
    leaves no runtime folder behind: checked in a fresh process whose TMPDIR and HOME are
    empty folders, with no sound server named by the caller."""
    temp, home = tmp_path / "tmp", tmp_path / "home"
    temp.mkdir()
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PULSE_SERVER"}
    env |= {"TMPDIR": str(temp), "HOME": str(home), "XDG_RUNTIME_DIR": str(temp)}
    code = (
        "import sys; from beforeyousign import analyse_text; from beforeyousign.i18n import "
        "translator; from beforeyousign.report.render_audio import render_audio; "
        f"sys.stdout.buffer.write(render_audio(analyse_text({CONTRACT!r}), translator('en'), "
        f"{audio_format!r}))"
    )
    sound = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, check=True, timeout=120
    ).stdout
    assert soundfile.info(io.BytesIO(sound)).duration > 3
    assert sorted(temp.rglob("*")) == [] and sorted(home.rglob("*")) == []


@needs_espeak
def test_a_wav_header_carries_its_true_length() -> None:
    """Written to a pipe, espeak-ng leaves the sizes in the header as placeholders; they
    are filled in so that players show the real length."""
    wav = audio.render_audio(military("en"), translator("en"), "wav")
    riff_size = struct.unpack("<I", wav[4:8])[0]
    data_at = wav.find(b"data", 12)
    data_size = struct.unpack("<I", wav[data_at + 4 : data_at + 8])[0]
    assert riff_size == len(wav) - 8
    assert data_size == len(wav) - data_at - 8


def test_audio_format_comes_from_the_file_name() -> None:
    assert audio.audio_format_for("report.ogg") == "ogg"
    assert audio.audio_format_for("REPORT.OGA") == "ogg"
    assert audio.audio_format_for("out/report.wav") == "wav"
    assert audio.audio_format_for("report.mp3") is None
    assert audio.audio_format_for("report") is None
