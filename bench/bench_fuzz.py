"""Fuzz the whole path: bytes -> ingest -> normalise -> analysis -> every report renderer.

Each input is an upload (one file's bytes, or a few pages sent together) or a pasted text.
It goes through ``pipeline.read_many_bytes`` (or ``ingest_text``) and ``run_document``,
then the JSON, text and HTML renderers and the messenger's ``short_messages`` +
``split_text``, in a reader language drawn at random. An input ends *cleanly* with a report
or with one of the project's typed errors (``beforeyousign.errors``); anything else is a
**crash**. A worker that does not answer within ``--timeout`` seconds is killed and its
input counted as a **hang**. Checked on the way (a failure counts as a crash):

* every evidence quote is the document's raw text at its ``raw_span``;
* every message piece fits the messenger's limit (4096);
* every rendered output encodes as UTF-8 (what a file, a terminal or HTTP will do);
* every ``--schema-every``-th JSON report validates against ``docs/report.schema.json``.

Seed corpus: ``tests/corpus``, ``tests/holdout*``, ``../shared/corpus/dev``, the hostile
corpus (``scripts/make_hostile_corpus.py --out bench/out/fuzz/hostile-corpus``, run once
if the script exists; ``--seeds DIR`` adds any folder, e.g. a hostile corpus made
elsewhere), and structure-aware seeds built at start-up: small valid PDFs (fpdf2), DOCX
files (python-docx), HTML pages and page pictures, all with fuzzed text.

Engines:

* ``random`` (default, no extra dependency): input *i* is made by ``Random(f"{seed}:{i}")``
  from the seeds: bit flips, byte insert/delete, chunk splice and duplication,
  truncation, dictionary tokens (Russian rule words, PDF/DOCX/HTML keywords, Unicode
  tricks: combining marks, bidi controls, zero-width, surrogates as bytes, huge numbers,
  impossible dates), text re-encoded in another charset, PDFs and DOCX rebuilt with
  mutated text or XML. Pictures go through OCR (about a second each), so they are
  ``--image-share`` of the inputs (default 0.3 %).
* ``atheris``: coverage-guided (libFuzzer through atheris, ``pip install atheris``), one
  libFuzzer process per worker on the same seed corpus and dictionary; the package is
  instrumented, so each input is slower, but new inputs follow new branches.

Crashing and hanging inputs are saved in ``bench/out/fuzz/<kind>-<id>/`` (``meta.json`` +
``input-N.bin``), one per distinct crash site, with the command that replays them:
``.venv/bin/python bench/bench_fuzz.py --replay bench/out/fuzz/<kind>-<id>``.

Baseline (as in the other benches): ``data.decode("utf-8", "replace")`` + the plain keyword
scan of ``bench/_common.py`` on the same inputs, in the same workers.

    .venv/bin/python bench/bench_fuzz.py                      # 100,000 inputs, 2 workers
    .venv/bin/python bench/bench_fuzz.py --inputs 2000 --seed 7
    .venv/bin/python bench/bench_fuzz.py --engine atheris --seconds 600
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import hashlib
import io
import json
import os
import pickle
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import traceback
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import DEV_CORPUS, REPO, baseline_scan, machine, rel, table

OUT = REPO / "bench" / "out" / "fuzz"
HOSTILE_SCRIPT = REPO / "scripts" / "make_hostile_corpus.py"
HOSTILE_DIR = OUT / "hostile-corpus"
SCHEMA_PATH = REPO / "docs" / "report.schema.json"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
MESSAGE_LIMIT = 4096  # the messenger's limit (interfaces/telegram/core.py)
NOT_SEEDS = {"labels.jsonl", "README.md"}
IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")

# --------------------------------------------------------------------------- dictionary

COMBINING = "\u0301\u0300\u0308\u0306\u0331\u20dd\u0489"
BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u034f"
CONTROLS = "\x00\x01\x07\x08\x0b\x0c\x1b\x1f\x7f\x85\x9f\r\u2028\u2029"
LOOK_ALIKES = dict(zip("аеорсхуАЕОРСХКМТВН", "aeopcxyAEOPCXKMTBH", strict=True))
TEXT_TOKENS: tuple[str, ...] = (
    # Russian words the rules look for (more are read from the rule pack)
    "контракт", "военной службы", "Министерство обороны", "СВО", "паспорт", "штурмовик",
    "добровольческий отряд", "единовременная выплата", "неустойка", "расторгнуть",
    "не может быть расторгнут", "удерживается", "загранпаспорт хранится у работодателя",
    "Вооружённые Силы Российской Федерации", "срок контракта", "в зоне СВО", "1 год",
    "passport will be kept", "army", "security guard", "fee of $3000", "pasaporte", "militar",
    # huge, odd and impossible numbers, amounts and dates
    "9" * 400, "1" + "0" * 60 + " руб.", "1e999999", "-0", "NaN", "∞", "٣٤٥٦", "१२३४५",
    "12 345 678 901 234 567 890 рублей", "$99999999999999999999.99", "0,000000001 ₽",
    "31.02.2024", "00.00.0000", "29.02.1900", "32/13/2025", "99999 год",
    "с 01.01.2025 по 31.12.9999", "на 99999999999 лет", "на 0 месяцев", "-5 дней",
    "2024-13-45", "30 февраля 2025 г.", "1 января 0001 г.", "10^308 долларов",
    "сроком на 1000000000000 месяцев", "в размере 5.000.000,00.00 руб.", "№№№№", "п. 3.1.2.1.1.1",
    # Unicode tricks (whole runs)
    "\u0301" * 300, "a" + "\u0308" * 64, "\u202e\u0442\u043a\u0430\u0440\u0442\u043d\u043e\u043a",
    "\u200b".join("контракт"), "\ufeff" * 10, "\ud800", "\udfff", "\udc80\udcff",
    "\U0001f4a3" * 20, "ǅǈǋ", "ﬁﬂﬀ", "ß" * 50, "İ" * 50, "\u0130\u0307", "ᾞ" * 10,
    "\u3000" * 10, "\t" * 50, "\n" * 300, "\r" * 50, "\r\n" * 50, "." * 500, "-" * 500,
    "\u0000" * 5, "\x0c" * 5, "\u2028\u2029" * 10, "«" * 50, "»" + "«" * 10,
)  # fmt: skip
BYTE_TOKENS: tuple[bytes, ...] = (
    # PDF
    b"%PDF-1.7\n", b"%PDF-", b"%%EOF", b"obj", b"endobj", b"stream\n", b"\nendstream",
    b"/Type /Page", b"/Type /Pages", b"/Kids [", b"/Count 99999999", b"/Parent 1 0 R",
    b"/Filter /FlateDecode", b"/Filter /LZWDecode", b"/Filter /ASCIIHexDecode",
    b"/Length 999999999", b"/Length -1", b"xref\n0 1\n", b"trailer\n<< /Root 1 0 R >>",
    b"startxref\n0\n", b"/Encrypt", b"/ObjStm", b"/ToUnicode", b"/Font", b"BT", b"ET",
    b"Tj", b"TJ", b"(\\376\\377)", b"<FEFF0041>", b"/Resources << >>", b"1 0 R", b"[[[[[[[[",
    b"<<<<<<<<", b"/MediaBox [0 0 1e308 1e308]", b"/Rotate 45",
    # ZIP / DOCX / XML
    b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06", b"word/document.xml", b"[Content_Types].xml",
    b"<w:p>", b"</w:p>", b"<w:r><w:t>", b"</w:t></w:r>", b"<w:tbl>", b"<w:tc>", b"<w:sdt>",
    b"<w:ins>", b"<w:del>", b"<w:t xml:space=\"preserve\">", b"<!DOCTYPE d [<!ENTITY a \"aaaa\">]>",
    b"&a;", b"<![CDATA[", b"]]>", b"<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
    # HTML
    b"<html>", b"<meta charset=\"koi8-r\">", b"<meta charset=\"utf-16\">", b"<script>",
    b"</script>", b"<style>", b"<!--", b"-->", b"<br>", b"<table><tr><td>", b"<div>" * 20,
    b"&#x10FFFF;", b"&#xD800;", b"&#1087;&#1072;&#1089;", b"&nbsp;&shy;&zwj;", b"<p dir=rtl>",
    # byte-level Unicode tricks: BOMs, surrogates as bytes, overlong and cut sequences
    b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\xed\xa0\x80",
    b"\xed\xbf\xbf", b"\xc0\x80", b"\xe0\x80\x80", b"\xf4\x90\x80\x80", b"\xd0", b"\xe2\x80",
    b"\xcc\x81" * 50, b"\xe2\x80\xae", b"\xe2\x80\x8b" * 10, b"\x00" * 64, b"\xff" * 64,
    # picture signatures (a text that starts like a picture)
    b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"GIF89a", b"RIFF\x00\x00\x00\x00WEBP",
    b"\x1f\x8b", b"{\\rtf1", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
)  # fmt: skip
ENCODINGS = (
    "utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1251",
    "koi8-r", "cp866", "mac-cyrillic", "iso8859-5", "latin-1", "cp1252", "gb18030",
    "shift_jis", "big5", "utf-7",
)  # fmt: skip
READER_LANGUAGES = (None, None, None, "en", "ru", "es", "fr", "hi", "ne", "ar", "bn", "si",
                    "so", "ta", "uz", "pt", "de", "zh-Hans", "en-US", "xx")  # fmt: skip


def rule_words(limit: int = 400) -> list[str]:
    """Words of the Russian rule pack (what the rules match), a fixed sample."""
    path = REPO / "src" / "beforeyousign" / "analysis" / "rules" / "ru.yaml"
    try:
        words = sorted(set(re.findall(r"[А-Яа-яЁё]{4,}", path.read_text("utf-8"))))
    except OSError:
        return []
    return random.Random(0).sample(words, min(limit, len(words)))


# --------------------------------------------------------------------------- seeds


@dataclass
class Seeds:
    files: list[tuple[str, bytes]] = field(default_factory=list)  # documents but PDFs
    pdfs: list[tuple[str, bytes]] = field(default_factory=list)  # PDFs (OCR when no text)
    images: list[tuple[str, bytes]] = field(default_factory=list)  # pictures (OCR)
    texts: list[str] = field(default_factory=list)  # decoded text documents
    tokens: list[str] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)
    built: collections.Counter[str] = field(default_factory=collections.Counter)


def seed_folders(extra: Sequence[Path], hostile: bool) -> list[Path]:
    folders = [REPO / "tests" / "corpus", *sorted((REPO / "tests").glob("holdout*")), DEV_CORPUS]
    if hostile:
        made = make_hostile_corpus()
        if made is not None:
            folders.append(made)
    return folders + list(extra)


def make_hostile_corpus() -> Path | None:
    """The hostile corpus, made once by ``scripts/make_hostile_corpus.py`` if it exists."""
    if not HOSTILE_SCRIPT.is_file():
        print(f"note: {rel(HOSTILE_SCRIPT)} not found: no hostile corpus "
              "(give one with --seeds DIR)", file=sys.stderr)  # fmt: skip
        return None
    if not HOSTILE_DIR.is_dir() or not any(HOSTILE_DIR.iterdir()):
        HOSTILE_DIR.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, str(HOSTILE_SCRIPT), "--out", str(HOSTILE_DIR)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
        if done.returncode != 0:
            written = sum(1 for p in HOSTILE_DIR.iterdir())
            print(f"note: {rel(HOSTILE_SCRIPT)} failed ({done.returncode}): "
                  f"{done.stderr.strip()[-200:]}; using the {written} files it wrote",
                  file=sys.stderr)  # fmt: skip
            if not written:
                return None
    return HOSTILE_DIR


def is_image(data: bytes) -> bool:
    return data.startswith(IMAGE_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


def load_seeds(folders: Sequence[Path], max_seed_bytes: int) -> Seeds:
    seeds = Seeds(tokens=[*TEXT_TOKENS, *rule_words()])
    for folder in folders:
        if not folder.is_dir():
            continue
        seeds.folders.append(f"{rel(folder)} ({sum(1 for p in folder.rglob('*') if p.is_file())})")
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if path.name in NOT_SEEDS or path.stat().st_size > max_seed_bytes:
                continue
            data = path.read_bytes()
            pool = seeds.images if is_image(data) else seeds.files
            (seeds.pdfs if data.lstrip()[:5] == b"%PDF-" else pool).append((path.name, data))
            if path.suffix == ".txt":
                seeds.texts.append(data.decode("utf-8", "replace"))
    if not seeds.texts:
        seeds.texts.append("Контракт о прохождении военной службы.\nPassport kept by employer.")
    return seeds


def fuzzed_lines(rng: random.Random, seeds: Seeds, count: int, wild: float = 0.5) -> list[str]:
    """Lines of seed texts, a share ``wild`` of them with Unicode tricks and tokens."""
    lines = []
    for _ in range(count):
        text = rng.choice(seeds.texts)
        candidates = [line for line in text.splitlines() if line.strip()] or [text]
        line = rng.choice(candidates)
        if rng.random() < wild:
            line = mutate_text(rng, line, seeds, surrogates=False, ops=rng.randint(1, 3))
        lines.append(line)
    return lines


def build_structured(seeds: Seeds, rng: random.Random, pdfs: int, docx: int, html: int,
                     images: int) -> None:  # fmt: skip
    """Valid small PDFs, DOCX files, HTML pages and pictures with fuzzed text."""
    for number in range(pdfs):
        try:
            # mostly plain lines: a text layer full of odd characters is read by OCR instead
            data = make_pdf([fuzzed_lines(rng, seeds, rng.randint(1, 12), wild=0.15)
                             for _ in range(rng.randint(1, 3))])  # fmt: skip
        except Exception:  # a glyph fpdf2 cannot lay out: this seed is just not built
            continue
        seeds.pdfs.append((f"built-{number}.pdf", data))
        seeds.built["pdf"] += 1
    for number in range(docx):
        seeds.files.append((f"built-{number}.docx", make_docx(rng, seeds)))
        seeds.built["docx"] += 1
    for number in range(html):
        seeds.files.append((f"built-{number}.html", make_html(rng, seeds)))
        seeds.built["html"] += 1
    for number in range(images):
        try:
            data = make_image(fuzzed_lines(rng, seeds, rng.randint(1, 4)), rng)
        except Exception:
            continue
        seeds.images.append((f"built-{number}.png", data))
        seeds.built["image"] += 1


def make_pdf(pages: Sequence[Sequence[str]]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_compression(False)  # so byte mutations reach the text
    pdf.set_creation_date(datetime(2024, 1, 1, tzinfo=UTC))  # same bytes each run
    if FONT.is_file():
        pdf.add_font("body", fname=str(FONT))
        pdf.set_font("body", size=11)
    else:
        pdf.set_font("helvetica", size=11)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            text = "".join(c for c in line if c.isprintable() and not 0xD800 <= ord(c) < 0xE000)
            if not FONT.is_file():
                text = text.encode("latin-1", "replace").decode("latin-1")
            pdf.multi_cell(0, 6, text[:2000] or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def make_docx(rng: random.Random, seeds: Seeds) -> bytes:
    import docx

    def clean(text: str) -> str:  # XML 1.0 has no place for controls or surrogates
        return "".join(c for c in text if c in "\t\n" or (c.isprintable()
                       and not 0xD800 <= ord(c) < 0xE000 and c not in "\ufffe\uffff"))  # fmt: skip

    document = docx.Document()
    if rng.random() < 0.3:
        document.sections[0].header.paragraphs[0].text = clean(fuzzed_lines(rng, seeds, 1)[0])
    for line in fuzzed_lines(rng, seeds, rng.randint(1, 15)):
        document.add_paragraph(clean(line))
    if rng.random() < 0.4:
        rows, cols = rng.randint(1, 4), rng.randint(1, 3)
        grid = document.add_table(rows=rows, cols=cols)
        for r in range(rows):
            for c in range(cols):
                grid.cell(r, c).text = clean(fuzzed_lines(rng, seeds, 1)[0])
        if cols > 1 and rng.random() < 0.5:
            grid.rows[0].cells[0].merge(grid.rows[0].cells[-1])
    out = io.BytesIO()
    document.save(out)
    return rezip(out.getvalue(), lambda name, content: content)


def rezip(archive: bytes, change: Callable[[str, bytes], bytes]) -> bytes:
    """The archive with each member passed through ``change``, with fixed timestamps."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, change(member.filename, source.read(member)))
    return out.getvalue()


def make_html(rng: random.Random, seeds: Seeds) -> bytes:
    lines = fuzzed_lines(rng, seeds, rng.randint(1, 15))
    tags = ["p", "div", "span", "td", "li", "b", "h1", "pre", "blockquote", "a"]
    body = []
    for line in lines:
        tag = rng.choice(tags)
        escaped = line.replace("&", "&amp;").replace("<", "&lt;")
        if rng.random() < 0.2:
            escaped = "".join(f"&#{ord(c)};" if rng.random() < 0.3 else c for c in escaped)
        body.append(f"<{tag}>{escaped}</{tag}>")
    if rng.random() < 0.05:
        depth = rng.choice((50, 500, 3000))
        body.append("<div>" * depth + "глубоко" + "</div>" * rng.choice((0, depth)))
    koi8 = '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
    head = rng.choice(("", '<meta charset="utf-8">', '<meta charset="windows-1251">', koi8))
    if rng.random() < 0.2:
        head += "<script>var x='<p>контракт</p>';</script><style>p{}</style><!-- комментарий"
    page = f"<!DOCTYPE html><html><head>{head}<title>t</title></head><body>{''.join(body)}"
    encoding = rng.choice(("utf-8", "utf-8", "cp1251", "koi8-r", "utf-16"))
    return page.encode(encoding, "replace")


def make_image(lines: Sequence[str], rng: random.Random) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT), 18) if FONT.is_file() else ImageFont.load_default()
    image = Image.new("L", (520, 40 + 26 * len(lines)), 245)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((10, 15 + 26 * number), line[:60], fill=20, font=font)
    out = io.BytesIO()
    if rng.random() < 0.5:
        image.save(out, "PNG")
    else:
        image.save(out, "JPEG", quality=rng.randint(20, 90))
    return out.getvalue()


# --------------------------------------------------------------------------- mutators


def position(rng: random.Random, size: int) -> int:
    return rng.randrange(size + 1)


def mutate_bytes(rng: random.Random, data: bytes, seeds: Seeds, max_len: int) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4, 6, 10))):
        op = rng.randrange(11)
        size = len(buf)
        if op == 0 and size:  # bit flips
            for _flip in range(rng.randint(1, 8)):
                buf[rng.randrange(size)] ^= 1 << rng.randrange(8)
        elif op == 1 and size:  # interesting byte values
            buf[rng.randrange(size)] = rng.choice((0, 0xFF, 0x7F, 0x80, 0x0A, 0x0D, 0x3C, 0x25))
        elif op == 2:  # insert random bytes
            at = position(rng, size)
            buf[at:at] = rng.randbytes(rng.randint(1, 64))
        elif op == 3 and size:  # delete a range
            at = rng.randrange(size)
            del buf[at : at + rng.randint(1, max(1, size // rng.choice((2, 10, 100))))]
        elif op == 4:  # splice a chunk of another seed (insert or overwrite)
            donor = rng.choice(seeds.files)[1]
            if donor:
                start = rng.randrange(len(donor))
                chunk = donor[start : start + rng.randint(1, 4096)]
                at = position(rng, size)
                end = at + (len(chunk) if rng.random() < 0.5 else 0)
                buf[at:end] = chunk
        elif op == 5 and size:  # duplicate a chunk, up to many times
            start = rng.randrange(size)
            chunk = bytes(buf[start : start + rng.randint(1, 512)])
            copies = rng.choice((2, 3, 10, 100, 1000))
            room = max_len - size if rng.random() < 0.05 else min(max_len - size, 65536)
            at = position(rng, size)
            buf[at:at] = chunk * max(1, min(copies, room // max(1, len(chunk))))
        elif op == 6 and size:  # truncate
            del buf[rng.randrange(size) :]
        elif op == 7:  # a byte token
            at = position(rng, size)
            buf[at:at] = rng.choice(BYTE_TOKENS)
        elif op == 8:  # a text token, UTF-8 or surrogates as bytes
            at = position(rng, size)
            buf[at:at] = rng.choice(seeds.tokens).encode("utf-8", "surrogatepass")
        elif op == 9 and size > 1:  # swap two chunks
            a, b = sorted(rng.sample(range(size), 2))
            n = min(rng.randint(1, 256), b - a)
            buf[a : a + n], buf[b : b + n] = buf[b : b + n], buf[a : a + n]
        elif op == 10 and size:  # overwrite with a token
            token = rng.choice(BYTE_TOKENS)
            at = rng.randrange(size)
            buf[at : at + len(token)] = token
    return bytes(buf[:max_len])


def mutate_text(rng: random.Random, text: str, seeds: Seeds, *, surrogates: bool,
                ops: int) -> str:  # fmt: skip
    for _ in range(ops):
        op = rng.randrange(12)
        at = position(rng, len(text))
        if op == 0:  # a trick character, or a run of them
            pool = rng.choice((COMBINING, BIDI, ZERO_WIDTH, CONTROLS))
            text = text[:at] + rng.choice(pool) * rng.choice((1, 1, 2, 5, 100)) + text[at:]
        elif op == 1:
            token = rng.choice(seeds.tokens)
            if not surrogates:
                token = "".join(c for c in token if not 0xD800 <= ord(c) < 0xE000)
            text = text[:at] + token + text[at:]
        elif op == 2:  # Latin look-alikes in place of Cyrillic letters
            text = "".join(LOOK_ALIKES.get(c, c) if rng.random() < 0.3 else c for c in text)
        elif op == 3:  # a trick between every word
            text = rng.choice(ZERO_WIDTH + COMBINING + BIDI).join(text.split(" "))
        elif op == 4:
            text = text.replace("\n", rng.choice(("\r\n", "\r", "\u2028", "\n\n\n", " ", "")))
        elif op == 5 and text:  # repeat a line many times
            lines = text.splitlines() or [text]
            line = rng.choice(lines)
            text = text[:at] + "\n".join([line] * rng.choice((2, 10, 200))) + text[at:]
        elif op == 6 and text:  # delete a chunk
            text = text[:at] + text[at + rng.randint(1, max(1, len(text) // 4)) :]
        elif op == 7:  # splice lines of another document
            other = rng.choice(seeds.texts)
            start = position(rng, len(other))
            text = text[:at] + other[start : start + rng.randint(1, 2000)] + text[at:]
        elif op == 8:
            text = unicodedata.normalize(rng.choice(("NFD", "NFKC", "NFKD")), text)
        elif op == 9:
            text = rng.choice((str.upper, str.lower, str.swapcase, str.title))(text)
        elif op == 10:  # random code points (any plane)
            chars = [chr(rng.randrange(0x110000)) for _ in range(rng.randint(1, 20))]
            if not surrogates:
                chars = [c for c in chars if not 0xD800 <= ord(c) < 0xE000]
            text = text[:at] + "".join(chars) + text[at:]
        elif op == 11:  # truncate
            text = text[:at]
    return text


def reencode(rng: random.Random, text: str) -> bytes:
    encoding = rng.choice(ENCODINGS)
    if encoding == "utf-8" and rng.random() < 0.3:
        return text.encode("utf-8", "surrogatepass")
    return text.encode(encoding, "replace" if encoding != "utf-7" else "strict")


def mutate_docx(rng: random.Random, data: bytes, seeds: Seeds, max_len: int) -> bytes:
    """Mutate the XML inside a valid DOCX and zip it again (the reader gets past the zip)."""
    targets = ("word/document.xml", "word/styles.xml", "[Content_Types].xml",
               "word/_rels/document.xml.rels", "word/header1.xml")  # fmt: skip
    chosen = rng.choice(targets[:1] * 4 + targets[1:])

    def change(name: str, content: bytes) -> bytes:
        if name != chosen:
            return content
        if rng.random() < 0.15:  # nesting or entity expansion
            depth = rng.choice((100, 1000, 20000))
            tag = rng.choice((b"w:sdt><w:sdtContent", b"w:ins", b"w:tbl><w:tr><w:tc"))
            open_, close = b"<" + tag + b">", b"</" + tag.split(b">")[0].split(b"<")[-1] + b">"
            content = content.replace(b"<w:body>", b"<w:body>" + open_ * depth, 1)
            if rng.random() < 0.5:
                content = content.replace(b"</w:body>", close * depth + b"</w:body>", 1)
        return mutate_bytes(rng, content, seeds, max_len)

    try:
        return rezip(data, change)
    except (zipfile.BadZipFile, OSError, ValueError):
        return mutate_bytes(rng, data, seeds, max_len)


# --------------------------------------------------------------------------- inputs


@dataclass
class FuzzInput:
    kind: str
    lang: str | None
    items: list[tuple[str, bytes]] = field(default_factory=list)
    text: str | None = None

    @property
    def size(self) -> int:
        return len(self.text) if self.text is not None else sum(len(d) for _, d in self.items)


KINDS = (  # (kind, weight); PDFs and pictures come with --pdf-share and --image-share
    ("mutated", 55), ("text", 20), ("reencoded", 8), ("docx", 8), ("html", 6), ("multi", 3),
)  # fmt: skip


def window(rng: random.Random, name: str, data: bytes) -> bytes:
    """Mostly a piece of a text seed, the size of an ad, a chat or a page; sometimes all."""
    if not name.endswith(".txt") or rng.random() < 0.15:
        return data
    start = position(rng, len(data)) if rng.random() < 0.5 else 0
    return data[start : start + rng.choice((100, 300, 800, 1500, 4000))]


def make_input(seed: int, index: int, seeds: Seeds, image_share: float, pdf_share: float,
               max_len: int) -> FuzzInput:  # fmt: skip
    rng = random.Random(f"{seed}:{index}")
    lang = rng.choice(READER_LANGUAGES)
    roll = rng.random()
    if seeds.pdfs and image_share <= roll < image_share + pdf_share:
        name, data = rng.choice(seeds.pdfs)
        if rng.random() < 0.5:  # a PDF without a text layer is read by OCR: slow
            data = mutate_bytes(rng, data, seeds, max_len)
        return FuzzInput("pdf", lang, [(name, data)])
    if seeds.images and roll < image_share:
        name, data = rng.choice(seeds.images)
        if rng.random() < 0.5:  # a few flips past the header: often still a picture
            buf = bytearray(data)
            for _ in range(rng.randint(1, 4)):
                at = rng.randrange(min(len(buf), 64), len(buf)) if len(buf) > 64 else 0
                buf[at] ^= 1 << rng.randrange(8)
            data = bytes(buf)
        return FuzzInput("image", lang, [(name, data)])
    kinds, weights = zip(*KINDS, strict=True)
    kind = rng.choices(kinds, weights)[0]
    files = seeds.files
    if kind == "text":
        base = rng.choice(seeds.texts) if rng.random() < 0.9 else rng.choice(seeds.tokens)
        start = position(rng, len(base)) if rng.random() < 0.3 else 0
        text = base[start : start + rng.choice((50, 200, 600, 1500, 5000))]
        text = mutate_text(rng, text, seeds, surrogates=rng.random() < 0.1,
                           ops=rng.randint(0, 6))  # fmt: skip
        return FuzzInput("text", lang, text=text)
    if kind == "reencoded":
        base = rng.choice(seeds.texts)
        start = position(rng, len(base)) if rng.random() < 0.5 else 0
        base = base[start : start + rng.choice((200, 800, 1500, 4000, 100_000))]
        text = mutate_text(rng, base, seeds, surrogates=rng.random() < 0.2,
                           ops=rng.randint(0, 4))  # fmt: skip
        name = rng.choice(("a.txt", "input", "x.pdf"))
        return FuzzInput(kind, lang, [(name, reencode(rng, text)[:max_len])])
    if kind in ("docx", "html"):
        built = [f for f in files if f[0].startswith("built-") and f[0].endswith("." + kind)]
        name, data = rng.choice(built or files)
        roll = rng.random()
        if roll < 0.4:
            pass  # valid as built
        elif kind == "docx" and roll < 0.8:
            data = mutate_docx(rng, data, seeds, max_len)
        else:
            data = mutate_bytes(rng, data, seeds, max_len)
        return FuzzInput(kind, lang, [(name, data)])
    if kind == "multi":
        pages = [rng.choice(files) for _ in range(rng.randint(2, 3))]
        pages = [(n, window(rng, n, d)) for n, d in pages]
        pages = [(n, mutate_bytes(rng, d, seeds, max_len) if rng.random() < 0.5 else d)
                 for n, d in pages]  # fmt: skip
        return FuzzInput(kind, lang, pages)
    name, data = rng.choice(files)
    data = window(rng, name, data)
    if rng.random() < 0.05:
        name = rng.choice(("", "x", "document.pdf.txt", "IMG_2041", "a" * 300, "..", "ф.docx"))
    return FuzzInput(kind, lang, [(name, mutate_bytes(rng, data, seeds, max_len))])


# --------------------------------------------------------------------------- one input


class CheckFailed(Exception):
    """The path ended, but its result breaks a promise (a quote, a limit, the schema)."""


class Checker:
    """The run of one input through the whole path, with its checks."""

    def __init__(self, schema_every: int) -> None:
        import jsonschema  # type: ignore[import-untyped]

        from beforeyousign import pipeline
        from beforeyousign.errors import BeforeYouSignError
        from beforeyousign.i18n import translator
        from beforeyousign.ingest import ingest_text
        from beforeyousign.report import render_html, render_json, render_messages, render_text

        self.pipeline, self.ingest_text, self.translator = pipeline, ingest_text, translator
        self.typed_error: type[BaseException] = BeforeYouSignError
        self.renderers = (render_json, render_text, render_html, render_messages)
        self.validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text("utf-8")))
        self.schema_every = schema_every
        self.reports = 0

    def run(self, item: FuzzInput) -> str:
        """``report`` or the typed error's code; raises on anything else."""
        try:
            if item.text is not None:
                document = self.ingest_text(item.text, "text")
            else:
                document = self.pipeline.read_many_bytes(item.items)
            report = self.pipeline.run_document(document, item.lang)
        except self.typed_error as error:
            return str(getattr(error, "code", type(error).__name__))
        raw = document.raw_text
        evidence = [e for f in report.flags for e in f.evidence]
        evidence += [t.evidence for t in report.terms if t.evidence is not None]
        evidence += list(report.doc_type.evidence)
        for e in evidence:
            if not 0 <= e.raw_start <= e.raw_end <= len(raw):
                raise CheckFailed("evidence span outside the raw text", e)
            if e.quote != raw[e.raw_start : e.raw_end]:
                raise CheckFailed("evidence quote is not the raw text at its span", e)
        render_json, render_text, render_html, render_messages = self.renderers
        _ = self.translator(item.lang)
        outputs = [render_json.render_json(report, _), render_text.render_text(report, _),
                   render_html.render_html(report, _)]  # fmt: skip
        for message in render_messages.short_messages(report, _):
            pieces = render_messages.split_text(message, MESSAGE_LIMIT)
            for piece in pieces:
                if render_messages.message_length(piece) > MESSAGE_LIMIT:
                    raise CheckFailed("message piece longer than the messenger's limit", piece)
            outputs += pieces
        for number, output in enumerate(outputs):
            try:
                output.encode("utf-8")  # strict: a lone surrogate here breaks any writer
            except UnicodeEncodeError as error:
                problem = f"output {min(number, 3)} does not encode as UTF-8"
                raise CheckFailed(problem, error.reason, error.start) from error
        self.reports += 1
        if self.schema_every and self.reports % self.schema_every == 0:
            invalid = next(iter(self.validator.iter_errors(json.loads(outputs[0]))), None)
            if invalid is not None:
                where = "/".join(str(p) for p in invalid.absolute_path)
                raise CheckFailed(f"JSON report breaks the schema at {where}: {invalid.message}")
        return "report"


def crash_signature(exc: BaseException) -> str:
    """The exception type and the innermost frame of the package (else the last frame)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "beforeyousign" in f.filename] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
    if isinstance(exc, CheckFailed):
        detail = re.sub(r"\d+", "N", str(exc.args[0]))  # one signature for any index
        return f"check failed: {detail[:160]}"
    return f"{type(exc).__name__} at {where}"


def save_case(kind: str, signature: str, item: FuzzInput, details: str) -> Path:
    """``bench/out/fuzz/<kind>-<id>/``: meta.json, input-N.bin, and the replay command."""
    digest = hashlib.sha1(signature.encode()).hexdigest()[:10]
    folder = OUT / f"{kind}-{digest}"
    if folder.exists():  # the first input of each signature is kept (the smallest is better)
        meta = json.loads((folder / "meta.json").read_text("utf-8"))
        if meta.get("size", 0) <= item.size:
            return folder
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for number, (_name, data) in enumerate(item.items):
        (folder / f"input-{number}.bin").write_bytes(data)
    meta = {
        "kind": kind, "signature": signature, "input_kind": item.kind, "lang": item.lang,
        "names": [name for name, _data in item.items], "text": item.text, "size": item.size,
        "details": details,
        "replay": f".venv/bin/python bench/bench_fuzz.py --replay {rel(folder)}",
    }  # fmt: skip
    (folder / "meta.json").write_text(json.dumps(meta, indent=1), "utf-8")
    return folder


def load_case(folder: Path) -> FuzzInput:
    meta = json.loads((folder / "meta.json").read_text("utf-8"))
    items = [(name, (folder / f"input-{n}.bin").read_bytes())
             for n, name in enumerate(meta["names"])]  # fmt: skip
    return FuzzInput(meta["input_kind"], meta["lang"], items, meta["text"])


def vm_hwm_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def limit_memory(megabytes: int) -> None:
    if megabytes > 0:
        import resource

        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def baseline(item: FuzzInput) -> float:
    started = time.perf_counter()
    if item.text is not None:
        baseline_scan(item.text)
    else:
        for _name, data in item.items:
            baseline_scan(data.decode("utf-8", "replace"))
    return time.perf_counter() - started


# --------------------------------------------------------------------------- random engine


@dataclass
class Config:
    seed: int
    image_share: float
    pdf_share: float
    max_len: int
    schema_every: int
    memory_mb: int
    slow: float


def worker_main(conn: Connection, number: int, config: Config, seeds: Seeds) -> None:
    """Run the inputs the parent asks for, one answer per input."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit_memory(config.memory_mb)
    checker = Checker(config.schema_every)
    checker.run(FuzzInput("warm-up", None, text="Контракт. Паспорт хранится у работодателя."))
    current = OUT / f".current-{number}.pickle"
    conn.send(("ready", vm_hwm_mb()))
    while True:
        message = conn.recv()
        if message is None:
            break
        for index in message:
            generated = time.perf_counter()
            item = make_input(config.seed, index, seeds, config.image_share, config.pdf_share,
                              config.max_len)  # fmt: skip
            current.write_bytes(pickle.dumps(item))
            started = time.perf_counter()
            crash = None
            try:
                outcome = checker.run(item)
            except Exception as exc:
                outcome = "CHECK FAILED" if isinstance(exc, CheckFailed) else "CRASH"
                signature = crash_signature(exc)
                kind = "check" if isinstance(exc, CheckFailed) else "crash"
                folder = save_case(kind, signature, item, traceback.format_exc())
                crash = (signature, rel(folder))
            seconds = time.perf_counter() - started
            base = baseline(item)
            hwm = vm_hwm_mb() if index % 100 == 0 or seconds > config.slow else None
            conn.send((index, item.kind, outcome, seconds, started - generated, base, hwm, crash))
    conn.send(("done", vm_hwm_mb()))


@dataclass
class Totals:
    inputs: int = 0
    outcomes: collections.Counter[str] = field(default_factory=collections.Counter)
    kinds: collections.Counter[str] = field(default_factory=collections.Counter)
    crashes: collections.Counter[str] = field(default_factory=collections.Counter)
    crash_folders: dict[str, str] = field(default_factory=dict)
    hangs: list[str] = field(default_factory=list)
    deaths: list[str] = field(default_factory=list)
    ours_seconds: float = 0.0
    gen_seconds: float = 0.0
    base_seconds: float = 0.0
    slow: int = 0
    slowest: list[tuple[float, int, str, str]] = field(default_factory=list)
    peak_mb: float = 0.0
    kind_seconds: collections.Counter[str] = field(default_factory=collections.Counter)
    wall: float = 0.0


def run_random(args: argparse.Namespace, seeds: Seeds) -> Totals:
    config = Config(args.seed, args.image_share, args.pdf_share, args.max_len, args.schema_every,
                    args.memory_mb, args.slow)  # fmt: skip
    context = get_context("fork")
    totals = Totals()
    pending = collections.deque(range(args.inputs))
    chunk = 10

    class Worker:
        def __init__(self, number: int) -> None:
            self.number = number
            parent, child = context.Pipe()
            self.conn: Connection = parent
            self.process = context.Process(target=worker_main, args=(child, number, config, seeds),
                                           daemon=True)  # fmt: skip
            self.process.start()
            child.close()
            self.queue: collections.deque[int] = collections.deque()
            self.ready = False
            self.since = time.monotonic()

        def give(self) -> None:
            if stop_at is not None and time.monotonic() >= stop_at:
                pending.clear()
            batch = [pending.popleft() for _ in range(min(chunk, len(pending)))]
            if batch:
                self.queue.extend(batch)
                self.conn.send(batch)
                self.since = time.monotonic()

        def kill(self) -> None:
            if self.process.is_alive() and self.process.pid is not None:
                os.kill(self.process.pid, signal.SIGKILL)
            self.process.join()
            self.conn.close()

    def lost(worker: Worker, what: str) -> Worker:
        """The worker hung or died on its current input: save it, start another."""
        index = worker.queue.popleft()
        worker.kill()
        current = OUT / f".current-{worker.number}.pickle"
        item = pickle.loads(current.read_bytes()) if current.is_file() else FuzzInput("?", None)
        exitcode = worker.process.exitcode
        folder = save_case(what, f"{what} input {index}", item, f"exit code {exitcode}")
        (totals.hangs if what == "hang" else totals.deaths).append(rel(folder))
        totals.inputs += 1
        totals.outcomes[what.upper()] += 1
        totals.kinds[item.kind] += 1
        print(f"  {what}: input {index} ({item.kind}) -> {rel(folder)}", file=sys.stderr)
        fresh = Worker(worker.number)
        pending.extendleft(reversed(worker.queue))
        return fresh

    stop_at = None
    started = time.monotonic()
    workers = [Worker(n) for n in range(args.workers)]
    try:
        for w in workers:  # workers warm up (models load) before the clock starts
            message = w.conn.recv()
            totals.peak_mb = max(totals.peak_mb, message[1])
            w.ready = True
        started = time.monotonic()
        stop_at = started + args.seconds if args.seconds else None
        for w in workers:
            w.give()
        last_print = started
        while any(w.queue for w in workers):
            ready = wait([w.conn for w in workers if w.queue], timeout=0.5)
            now = time.monotonic()
            for position_, w in enumerate(workers):
                if not w.queue:
                    continue
                if w.conn in ready:
                    try:
                        message = w.conn.recv()
                    except (EOFError, OSError):
                        workers[position_] = fresh = lost(w, "died")
                        fresh.conn.recv()
                        fresh.give()
                        continue
                    if message[0] == "ready":  # a restarted worker
                        continue
                    index, kind, outcome, seconds, gen, base, hwm, crash = message
                    w.queue.popleft()
                    w.since = now
                    totals.inputs += 1
                    totals.outcomes[outcome] += 1
                    totals.kinds[kind] += 1
                    totals.kind_seconds[kind] += seconds
                    totals.ours_seconds += seconds
                    totals.gen_seconds += gen
                    totals.base_seconds += base
                    if seconds > args.slow:
                        totals.slow += 1
                    totals.slowest = sorted([*totals.slowest, (seconds, index, kind, outcome)])[-5:]
                    if hwm is not None:
                        totals.peak_mb = max(totals.peak_mb, hwm)
                    if crash is not None:
                        signature, folder = crash
                        if signature not in totals.crashes:
                            print(f"  crash: {signature} -> {folder}", file=sys.stderr)
                        totals.crashes[signature] += 1
                        totals.crash_folders[signature] = folder
                    if not w.queue:
                        w.give()
                elif now - w.since > args.timeout:
                    workers[position_] = fresh = lost(w, "hang")
                    fresh.conn.recv()
                    fresh.give()
            if now - last_print > 30:
                last_print = now
                rate = totals.inputs / (now - started)
                print(f"  {totals.inputs:,} inputs, {rate:.0f}/s, {sum(totals.crashes.values())} "
                      f"crashes, {len(totals.hangs)} hangs", file=sys.stderr)  # fmt: skip
        totals.wall = time.monotonic() - started
        for w in workers:
            w.conn.send(None)
            try:
                message = w.conn.recv()
                totals.peak_mb = max(totals.peak_mb, message[1])
            except (EOFError, OSError):
                pass
            w.process.join(timeout=10)
            (OUT / f".current-{w.number}.pickle").unlink(missing_ok=True)
    finally:
        for w in workers:  # on an interrupt too: no worker outlives the run
            if w.process.is_alive() and w.process.pid is not None:
                os.kill(w.process.pid, signal.SIGKILL)
    return totals


# --------------------------------------------------------------------------- atheris engine


def atheris_corpus(seeds: Seeds) -> tuple[Path, Path]:
    """The seed corpus folder and the dictionary file libFuzzer reads."""
    folder = OUT / "atheris" / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    for _name, data in seeds.files + seeds.pdfs + seeds.images[:5]:
        (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)
    entries = [*BYTE_TOKENS, *(t.encode("utf-8", "surrogatepass") for t in seeds.tokens)]
    dictionary = OUT / "atheris" / "fuzz.dict"
    lines = ['"' + "".join(f"\\x{b:02x}" for b in token[:128]) + '"' for token in entries]
    dictionary.write_text("\n".join(lines) + "\n", "ascii")
    return folder, dictionary


def atheris_worker(args: argparse.Namespace) -> None:
    """One libFuzzer process: counts and crashes go to its stats file."""
    import atheris  # type: ignore[import-untyped]

    stats_path = Path(args.atheris_stats)
    limit_memory(args.memory_mb)
    with atheris.instrument_imports(include=["beforeyousign"]):
        import pkgutil

        import beforeyousign

        skip = ("beforeyousign.interfaces", "beforeyousign.batch", "beforeyousign.network")
        for module in pkgutil.walk_packages(beforeyousign.__path__, "beforeyousign."):
            if not module.name.startswith(skip):
                with contextlib.suppress(Exception):  # an optional dependency missing
                    __import__(module.name)
    checker = Checker(args.schema_every)
    checker.run(FuzzInput("warm-up", None, text="Контракт. Паспорт хранится у работодателя."))
    stats: dict[str, Any] = {"inputs": 0, "outcomes": {}, "crashes": {}, "folders": {},
                             "seconds": 0.0, "base": 0.0, "peak_mb": 0.0, "slow": 0}  # fmt: skip
    deadline = time.monotonic() + args.seconds if args.seconds else None
    langs = [lang for lang in READER_LANGUAGES if lang]

    def flush() -> None:
        stats["peak_mb"] = vm_hwm_mb()
        stats_path.write_text(json.dumps(stats), "utf-8")

    def one(data: bytes) -> None:
        lang = langs[data[-1] % len(langs)] if data and data[-1] % 3 == 0 else None
        item = FuzzInput("atheris", lang, [("input", data)])
        started = time.perf_counter()
        try:
            outcome = checker.run(item)
        except Exception as exc:
            outcome = "CHECK FAILED" if isinstance(exc, CheckFailed) else "CRASH"
            signature = crash_signature(exc)
            kind = "check" if isinstance(exc, CheckFailed) else "crash"
            folder = save_case(kind, signature, item, traceback.format_exc())
            stats["crashes"][signature] = stats["crashes"].get(signature, 0) + 1
            stats["folders"][signature] = rel(folder)
        seconds = time.perf_counter() - started
        stats["seconds"] += seconds
        stats["slow"] += seconds > args.slow
        stats["base"] += baseline(item)
        stats["inputs"] += 1
        stats["outcomes"][outcome] = stats["outcomes"].get(outcome, 0) + 1
        if stats["inputs"] % 200 == 0:
            flush()
        done = stats["inputs"] >= args.inputs
        if done or (deadline is not None and time.monotonic() > deadline):
            flush()
            os._exit(0)

    corpus = [str(p) for p in args.atheris_corpus]
    options = [f"-dict={args.atheris_dict}", f"-timeout={int(args.timeout)}",
               f"-rss_limit_mb={args.memory_mb or 4096}", f"-max_len={args.max_len}",
               f"-seed={args.seed}", f"-artifact_prefix={OUT / 'atheris'}/", "-runs=-1",
               "-print_final_stats=1"]  # fmt: skip
    atheris.Setup([sys.argv[0], *corpus, *options], one)
    atheris.Fuzz()


def run_atheris(args: argparse.Namespace, seeds: Seeds) -> Totals:
    try:
        import atheris  # noqa: F401
    except ImportError:
        sys.exit("the atheris engine needs atheris: .venv/bin/pip install atheris")
    corpus, dictionary = atheris_corpus(seeds)
    totals = Totals()
    remaining = [args.inputs // args.workers + (n < args.inputs % args.workers)
                 for n in range(args.workers)]  # fmt: skip
    started = time.monotonic()
    runs: dict[int, tuple[subprocess.Popen[bytes], Path, set[str]]] = {}
    done_stats: list[dict[str, Any]] = []

    def launch(number: int, restart: int) -> None:
        stats = OUT / "atheris" / f"stats-{number}-{restart}.json"
        stats.unlink(missing_ok=True)
        seconds = max(1, int(args.seconds - (time.monotonic() - started))) if args.seconds else 0
        work = OUT / "atheris" / f"worker-{number}"  # each process writes its new units here
        work.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, __file__, "--engine", "atheris", "--atheris-worker",
                   "--atheris-stats", str(stats), "--atheris-dict", str(dictionary),
                   "--inputs", str(remaining[number]), "--seconds", str(seconds),
                   "--timeout", str(args.timeout), "--memory-mb", str(args.memory_mb),
                   "--seed", str(args.seed + 1000 * number + restart), "--max-len",
                   str(args.max_len), "--schema-every", str(args.schema_every),
                   "--slow", str(args.slow),
                   "--atheris-corpus", str(work), str(corpus)]  # fmt: skip
        log = open(OUT / "atheris" / f"worker-{number}.log", "ab")  # noqa: SIM115
        before = {p.name for p in (OUT / "atheris").glob("*-*") if p.is_file()}
        runs[number] = (subprocess.Popen(command, stdout=log, stderr=log), stats, before)

    restarts = [0] * args.workers
    for number in range(args.workers):
        launch(number, 0)
    while runs:
        time.sleep(1)
        for number, (process, stats_path, before) in list(runs.items()):
            if process.poll() is None:
                continue
            stats = json.loads(stats_path.read_text("utf-8")) if stats_path.is_file() else {}
            done_stats.append(stats)
            remaining[number] -= stats.get("inputs", 0)
            del runs[number]
            if process.returncode != 0:  # a timeout, an out-of-memory, a crash of libFuzzer
                artifacts = sorted({p.name for p in (OUT / "atheris").glob("*-*")
                                    if p.is_file()} - before)  # fmt: skip
                what = "hang" if any(a.startswith("timeout-") for a in artifacts) else "died"
                saved = ", ".join(f"bench/out/fuzz/atheris/{a}" for a in artifacts)
                (totals.hangs if what == "hang" else totals.deaths).append(
                    saved or f"exit {process.returncode}"
                )
                totals.outcomes[what.upper()] += 1
                remaining[number] -= 1
                out_of_time = args.seconds and time.monotonic() - started >= args.seconds
                if remaining[number] > 0 and not out_of_time:
                    restarts[number] += 1
                    launch(number, restarts[number])
    totals.wall = time.monotonic() - started
    for stats in done_stats:
        totals.inputs += stats.get("inputs", 0)
        totals.outcomes.update(stats.get("outcomes", {}))
        totals.crashes.update(stats.get("crashes", {}))
        totals.crash_folders.update(stats.get("folders", {}))
        totals.ours_seconds += stats.get("seconds", 0.0)
        totals.base_seconds += stats.get("base", 0.0)
        totals.slow += stats.get("slow", 0)
        totals.peak_mb = max(totals.peak_mb, stats.get("peak_mb", 0.0))
    totals.inputs += len(totals.hangs) + len(totals.deaths)
    totals.kinds["atheris"] = totals.inputs
    return totals


# --------------------------------------------------------------------------- replay, report


def replay(folder: Path) -> int:
    item = load_case(folder)
    print(f"replaying {rel(folder)}: {item.kind}, reader language {item.lang}, "
          f"{item.size} {'characters' if item.text is not None else 'bytes'}")  # fmt: skip
    started = time.perf_counter()
    outcome = Checker(schema_every=1).run(item)  # raises what the fuzz run saw
    print(f"outcome: {outcome} in {time.perf_counter() - started:.2f} s")
    return 0


def print_results(args: argparse.Namespace, seeds: Seeds, totals: Totals) -> None:
    crashes, checks = totals.outcomes["CRASH"], totals.outcomes["CHECK FAILED"]
    wall_rate = totals.inputs / totals.wall if totals.wall else 0.0
    per_core = totals.inputs / totals.ours_seconds if totals.ours_seconds else 0.0
    base_rate = totals.inputs / totals.base_seconds if totals.base_seconds else 0.0
    print(f"bench_fuzz  {machine()}  engine={args.engine} seed={args.seed} "
          f"workers={args.workers} timeout={args.timeout:g}s")  # fmt: skip
    print("seeds: " + ", ".join(seeds.folders) + "; built: "
          + ", ".join(f"{n} {k}" for k, n in sorted(seeds.built.items())))  # fmt: skip
    print(f"  {len(seeds.files)} document seeds, {len(seeds.pdfs)} PDFs, "
          f"{len(seeds.images)} pictures, "
          f"{len(seeds.tokens)} dictionary tokens\n")  # fmt: skip
    rows: list[list[object]] = [
        [f"ours ({args.engine})", f"{totals.inputs:,}", f"{totals.wall:,.0f}", f"{wall_rate:,.1f}",
         f"{per_core:,.1f}", crashes, checks, len(totals.crashes), len(totals.hangs),
         len(totals.deaths), f"{totals.peak_mb:,.0f}"],
        ["baseline: decode + scan", f"{totals.inputs:,}", "-", "-", f"{base_rate:,.0f}", "-",
         "-", "-", "-", "-", "-"],
    ]  # fmt: skip
    headers = ["engine", "inputs", "wall s", "inputs/s", "per core/s", "crashes", "checks",
               "distinct", "hangs", "died", "peak RSS MiB"]  # fmt: skip
    print(table(headers, rows, "whole path: ingest -> analysis -> JSON, text, HTML, messages"))
    ratio = base_rate / per_core if per_core else 0.0
    print(f"  per core/s = inputs / time spent in the path (one core); the baseline is "
          f"{ratio:,.0f}x faster and reads nothing but UTF-8 text.")  # fmt: skip
    print(f"  inputs slower than {args.slow:g} s: {totals.slow}; input generation "
          f"{totals.gen_seconds:,.1f} s in the workers (outside the path's time)\n")  # fmt: skip
    outcome_rows = [[k, f"{n:,}", f"{100 * n / max(1, totals.inputs):.1f}%"]
                    for k, n in totals.outcomes.most_common()]  # fmt: skip
    print(table(["outcome", "inputs", "share"], outcome_rows, "outcomes (report, error code)"))
    if len(totals.kinds) > 1:
        kind_rows = [[k, f"{n:,}", f"{1000 * totals.kind_seconds[k] / max(1, n):.1f}"]
                     for k, n in totals.kinds.most_common()]  # fmt: skip
        print(table(["input kind", "inputs", "mean ms"], kind_rows, "\ninput mix"))
    if totals.slowest:
        print("  slowest: " + "; ".join(f"#{i} {k} {o} {s:.2f} s"
                                       for s, i, k, o in reversed(totals.slowest)))  # fmt: skip
    for signature, count in totals.crashes.most_common():
        print(f"FAILURE x{count}: {signature}\n  .venv/bin/python bench/bench_fuzz.py --replay "
              f"{totals.crash_folders[signature]}")  # fmt: skip
    for what, folders in (("HANG", totals.hangs), ("DIED", totals.deaths)):
        for folder in folders:
            print(f"{what}: .venv/bin/python bench/bench_fuzz.py --replay {folder}")
    if args.json:
        data = {"engine": args.engine, "inputs": totals.inputs, "wall_seconds": totals.wall,
                "inputs_per_second": wall_rate, "per_core": per_core,
                "baseline_per_core": base_rate,
                "crashes": dict(totals.crashes), "hangs": totals.hangs, "died": totals.deaths,
                "outcomes": dict(totals.outcomes), "kinds": dict(totals.kinds),
                "peak_rss_mib": totals.peak_mb, "slow": totals.slow}  # fmt: skip
        Path(args.json).write_text(json.dumps(data, indent=1), "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=100_000, help="inputs to run (100,000)")
    parser.add_argument("--seconds", type=float, default=0, help="stop after this long")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--engine", choices=("random", "atheris"), default="random")
    parser.add_argument("--seeds", type=Path, action="append", default=[],
                        help="another seed folder (repeatable), e.g. a hostile corpus")  # fmt: skip
    parser.add_argument("--no-hostile", action="store_true",
                        help="do not run scripts/make_hostile_corpus.py")  # fmt: skip
    parser.add_argument("--timeout", type=float, default=60, help="seconds before a hang (60)")
    parser.add_argument("--slow", type=float, default=5, help="count inputs slower than this (5 s)")
    parser.add_argument("--image-share", type=float, default=0.002,
                        help="share of inputs that are pictures, read by OCR (0.002)")  # fmt: skip
    parser.add_argument("--pdf-share", type=float, default=0.006,
                        help="share of inputs that are PDFs, half mutated (0.006)")  # fmt: skip
    parser.add_argument("--max-len", type=int, default=300_000, help="largest input, bytes")
    parser.add_argument("--max-seed-bytes", type=int, default=1_000_000)
    parser.add_argument("--schema-every", type=int, default=25,
                        help="validate every Nth JSON report (0: never)")  # fmt: skip
    parser.add_argument("--memory-mb", type=int, default=4096,
                        help="address-space limit of each worker (0: none)")  # fmt: skip
    parser.add_argument("--built", type=int, default=40,
                        help="PDFs, DOCX, HTML pages built with fuzzed text (each)")  # fmt: skip
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--replay", type=Path, help="run one saved input and show what it does")
    parser.add_argument("--atheris-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--atheris-stats", help=argparse.SUPPRESS)
    parser.add_argument("--atheris-dict", help=argparse.SUPPRESS)
    parser.add_argument("--atheris-corpus", type=Path, nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so workers are stopped too
    OUT.mkdir(parents=True, exist_ok=True)
    if args.replay:
        return replay(args.replay)
    if args.atheris_worker:
        atheris_worker(args)
        return 0
    seeds = load_seeds(seed_folders(args.seeds, not args.no_hostile), args.max_seed_bytes)
    rng = random.Random(args.seed)
    built = args.built
    images = max(2, built // 10)
    build_structured(seeds, rng, pdfs=built, docx=built, html=built // 2, images=images)
    engine = run_atheris if args.engine == "atheris" else run_random
    totals = engine(args, seeds)
    print_results(args, seeds, totals)
    return 1 if totals.crashes or totals.hangs or totals.deaths else 0


if __name__ == "__main__":
    sys.exit(main())
