"""The photo-variant corpus generator (scripts/make_photo_corpus.py) and the character error
rate of bench/bench_ocr.py.

The generator runs once per module on a three-case corpus written into a temporary folder
(about two seconds); no OCR runs here.
"""

from __future__ import annotations

import importlib.util
import json
import random
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from PIL import Image, ImageFilter

REPO = Path(__file__).resolve().parents[1]


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


make_photo_corpus = _load(REPO / "scripts" / "make_photo_corpus.py", "make_photo_corpus")
if str(REPO / "bench") not in sys.path:  # bench_ocr imports the bench's _common helper
    sys.path.append(str(REPO / "bench"))
bench_ocr = _load(REPO / "bench" / "bench_ocr.py", "bench_ocr")

pytestmark = pytest.mark.skipif(
    not (make_photo_corpus.FONT_DIR / "DejaVuSans.ttf").is_file(), reason="no DejaVu fonts"
)

SHORT = """ДОГОВОР № 7

1. Работник обязуется выполнять работу охранника на складе.
2. Работодатель выплачивает заработную плату 60 000 рублей в месяц 💰 два раза в месяц.

    3. Паспорт остаётся у работника.
4. Срок договора — один год.
5. Договор может быть расторгнут по инициативе работника с предупреждением за две недели.
6. Споры решаются в суде.
7. Договор составлен в двух экземплярах.
8. Адреса и подписи сторон.
"""

# 60 short lines: more than one page holds, so two pages, each filled only in its top part.
LONG = "\n".join(f"{n}. Пункт договора номер {n}: условия работы и оплаты." for n in range(1, 61))

LABELS: list[dict[str, Any]] = [
    {"id": "short-1", "file": "short-1.ru.txt", "doc_type": "employment_contract", "flags": []},
    {"id": "long-2", "file": "long-2.ru.txt", "doc_type": "services_contract", "flags": ["x"]},
    {"id": "scan-3", "file": "scan-3.pdf", "doc_type": "military_contract", "flags": []},
]


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "short-1.ru.txt").write_text(SHORT, "utf-8")
    (folder / "long-2.ru.txt").write_text(LONG + "\n", "utf-8")
    (folder / "scan-3.pdf").write_bytes(b"%PDF-1.4\n")
    lines = [json.dumps({**label, "lang": "ru"}, ensure_ascii=False) for label in LABELS]
    (folder / "labels.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return folder


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("photos")
    corpus = _corpus(base / "corpus")
    out = base / "out"
    summary = make_photo_corpus.generate([corpus], out, seed=3)
    assert summary["cases"] == 2
    return corpus, out


def _labels(folder: Path) -> list[dict[str, Any]]:
    lines = (folder / "labels.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines]


def _collapse(text: str) -> str:
    return " ".join(text.split())


def test_only_text_cases_with_their_labels_and_pages_in_order(
    generated: tuple[Path, Path],
) -> None:
    corpus, out = generated
    assert (out / "README.md").is_file()
    for set_name in ("degraded", "rotated"):
        labels = _labels(out / set_name)
        assert [label["id"] for label in labels] == ["short-1", "long-2"]  # the PDF is skipped
        for label, original in zip(labels, LABELS, strict=False):
            for key in ("doc_type", "flags"):
                assert label[key] == original[key]
            assert label["lang"] == "ru"
            assert label["files"] == [
                f"{label['id']}.p{n}.jpg" for n in range(1, 1 + len(label["files"]))
            ]
            assert label["file"] == label["files"][0]
            assert label["render"]["set"] == set_name
            assert len(label["render"]["pages"]) == len(label["files"])
        assert [len(label["files"]) for label in labels] == [1, 2]
    # the same cases as text, labels untouched, for `beforeyousign eval` side by side
    text_labels = _labels(out / "text")
    assert text_labels == [{**label, "lang": "ru"} for label in LABELS[:2]]
    for label in text_labels:
        copied = (out / "text" / label["file"]).read_bytes()
        assert copied == (corpus / label["file"]).read_bytes()


def test_pages_are_jpeg_a4_at_150_to_200_dpi(generated: tuple[Path, Path]) -> None:
    _, out = generated
    for label in _labels(out / "degraded"):
        for name in label["files"]:
            with Image.open(out / "degraded" / name) as image:
                assert image.format == "JPEG"
                assert image.mode == "RGB"
                dpi = image.info["dpi"][0]
                assert 150 <= dpi <= 200
                assert dpi == label["render"]["dpi"]
                width, height = image.size
                assert width / dpi == pytest.approx(210 / 25.4, abs=0.02)
                assert height / dpi == pytest.approx(297 / 25.4, abs=0.02)
        for page in label["render"]["pages"]:
            assert 30 <= page["quality"] <= 50
            assert abs(page["angle"]) <= 5


def test_ground_truth_is_the_text_as_printed(generated: tuple[Path, Path]) -> None:
    corpus, out = generated
    for set_name in ("degraded", "rotated"):
        for label in _labels(out / set_name):
            pages = [
                (out / set_name / name.replace(".jpg", ".gt.txt")).read_text("utf-8")
                for name in label["files"]
            ]
            original = corpus / LABELS[[x["id"] for x in LABELS].index(label["id"])]["file"]
            expected = original.read_text("utf-8").replace("💰", "")  # the font has no emoji
            assert _collapse("\n".join(pages)) == _collapse(expected)
            assert all(page.strip() for page in pages)
    short = (out / "degraded" / "short-1.p1.gt.txt").read_text("utf-8")
    assert "\n\n" in short  # blank lines kept
    assert "\n    3. Паспорт" in short  # indentation kept
    long_pages = [(out / "degraded" / f"long-2.p{n}.gt.txt").read_text("utf-8") for n in (1, 2)]
    assert abs(len(long_pages[0]) - len(long_pages[1])) < 100  # filled evenly


def test_same_seed_same_bytes_other_seed_other_pictures(
    generated: tuple[Path, Path], tmp_path: Path
) -> None:
    corpus, out = generated
    again = tmp_path / "again"
    make_photo_corpus.generate([corpus], again, seed=3, jobs=2)
    files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for name in files:
        if name.name != "README.md":  # carries the date
            assert (out / name).read_bytes() == (again / name).read_bytes(), name
    other = tmp_path / "other"
    make_photo_corpus.generate([corpus], other, seed=4, limit=1)
    first = Path("degraded") / "short-1.p1.jpg"
    assert (other / first).read_bytes() != (out / first).read_bytes()
    assert len(_labels(other / "degraded")) == 1


def _edge_share(image: Image.Image, first_half: bool, horizontal: bool) -> float:
    """Share of the strong edges (print) of the frame's inner part that lie in its first
    half (top, or left when ``horizontal``)."""
    grey = image.convert("L")
    w, h = grey.size
    inner = grey.crop((w // 10, h // 10, w - w // 10, h - h // 10))  # no desk, no paper edge
    edges = inner.filter(ImageFilter.FIND_EDGES).point(lambda v: 255 if v > 40 else 0)
    iw, ih = edges.size
    half = (0, 0, iw // 2, ih) if horizontal else (0, 0, iw, ih // 2)
    total = sum(edges.histogram()[255:])
    part = sum(edges.crop(half).histogram()[255:])
    assert total > 0
    share = part / total
    return share if first_half else 1 - share


def test_rotated_set_is_turned_90_or_180_degrees(generated: tuple[Path, Path]) -> None:
    _, out = generated
    labels = {label["id"]: label for label in _labels(out / "rotated")}
    # short-1 (first case): 90 degrees counter-clockwise, the top of the page now on the left
    with Image.open(out / "rotated" / "short-1.p1.jpg") as image:
        assert image.width > image.height
        assert _edge_share(image, first_half=True, horizontal=True) > 0.8
    assert labels["short-1"]["render"]["pages"][0]["turn"] == 90
    # long-2 (second case): 180 degrees, the print (top part of each page) now at the bottom
    for name in labels["long-2"]["files"]:
        with Image.open(out / "rotated" / name) as image:
            assert image.height > image.width
            assert _edge_share(image, first_half=False, horizontal=False) > 0.7
    # and in the degraded set the same pages stand upright
    with Image.open(out / "degraded" / "long-2.p1.jpg") as image:
        assert image.height > image.width
        assert _edge_share(image, first_half=True, horizontal=False) > 0.7


def test_wrap_keeps_lines_within_the_width_and_cuts_overlong_words() -> None:
    font = make_photo_corpus.load_font("DejaVuSans", 24)
    width = 300.0
    words = "слово " * 40 + "оченьдлинноеслово" * 5
    lines = make_photo_corpus.wrap_line(words, font, width)
    assert len(lines) > 3
    assert all(font.getlength(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == words.replace(" ", "")
    assert make_photo_corpus.wrap_line("", font, width) == [""]
    assert make_photo_corpus.wrap_line("  отступ", font, width) == ["  отступ"]


def test_printable_drops_what_the_font_cannot_draw() -> None:
    text = "Оплата 💰 ₽ №5\r\n\tпункт\n\n\n"
    assert make_photo_corpus.printable(text, "DejaVuSerif") == "Оплата  ₽ №5\n    пункт"


def test_perspective_coefficients_map_corners() -> None:
    dst = [(10.0, 20.0), (90.0, 15.0), (100.0, 120.0), (0.0, 110.0)]
    src = [(0.0, 0.0), (100.0, 0.0), (100.0, 140.0), (0.0, 140.0)]
    a, b, c, d, e, f, g, h = make_photo_corpus.perspective_coeffs(dst, src)
    for (x, y), (u, v) in zip(dst, src, strict=True):
        denominator = g * x + h * y + 1
        assert (a * x + b * y + c) / denominator == pytest.approx(u, abs=1e-6)
        assert (d * x + e * y + f) / denominator == pytest.approx(v, abs=1e-6)


# --------------------------------------------------------------------------- CER


@pytest.mark.parametrize(
    ("truth", "hypothesis", "expected"),
    [
        ("договор", "договор", 0.0),  # identical
        ("abcd", "abxd", 0.25),  # one substitution
        ("abcd", "abd", 0.25),  # one deletion
        ("abcd", "abxcd", 0.25),  # one insertion
        ("кот", "кит", 1 / 3),  # Cyrillic
        ("КОНТРАКТ", "KOHTPAKT", 1.0),  # Latin look-alikes are other characters
        ("a  b\nc\n\n", " a b c", 0.0),  # whitespace is layout, not text
        ("\u0439", "\u0438\u0306", 0.0),  # NFC: и + combining breve is й
        ("", "", 0.0),  # empty truth, empty reading
        ("", "xyz", 1.0),  # empty truth, something read
        ("abc", "", 1.0),  # nothing read
        ("ab", "abcdef", 2.0),  # can exceed 1
    ],
)
def test_cer(truth: str, hypothesis: str, expected: float) -> None:
    assert bench_ocr.cer(truth, hypothesis) == pytest.approx(expected)


def _textbook_levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost))
        previous = current
    return previous[-1]


def test_bit_parallel_levenshtein_agrees_with_the_textbook_table() -> None:
    rng = random.Random(5)
    for _ in range(400):
        a = "".join(rng.choice("абв ab") for _ in range(rng.randint(0, 90)))
        b = "".join(rng.choice("абв ab") for _ in range(rng.randint(0, 90)))
        assert bench_ocr.levenshtein(a, b) == _textbook_levenshtein(a, b), (a, b)
    assert bench_ocr.levenshtein("a" * 200, "b" * 300) == 300
