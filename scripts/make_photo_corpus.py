#!/usr/bin/env python3
"""Make the photo-variant corpus: every labelled text case printed on A4 and "photographed".

    .venv/bin/python scripts/make_photo_corpus.py                 # -> build/photo-corpus
    .venv/bin/python scripts/make_photo_corpus.py --limit 5 --out /tmp/photos
    .venv/bin/python scripts/make_photo_corpus.py --corpus tests/corpus --seed 7

For every case of ``DIR/labels.jsonl`` whose file is plain text (``.txt``), in each
``--corpus`` folder (default: ``tests/corpus`` and ``../shared/corpus/dev``):

1. the text is laid out like a printed A4 page: DejaVu Serif or Sans at 11-12 pt, 150-200 dpi,
   20-25 mm margins, word-wrapped at the page width, blank lines and indentation kept, as few
   pages as it takes, filled evenly (so no last page holds a single stray line);
2. each page is degraded as a phone photo would be, two ways:

   - ``degraded/``: the page lies on a darker desk, rotated up to +-5 degrees, seen in mild
     perspective (``Image.transform(PERSPECTIVE)``, one resampling for both), Gaussian blur,
     dim and uneven light (a gradient and a vignette multiplied in), sensor noise, paper that
     is not pure white, a warm colour cast, JPEG quality 30-50;
   - ``rotated/``: the same pages mildly degraded (+-1 degree, light blur and shading, JPEG
     quality 55-75), then turned by 90 degrees (counter-clockwise) or 180 degrees,
     alternately case by case, with no EXIF orientation tag: the reader must find the
     orientation from the pixels.

Each set gets ``labels.jsonl`` (the original labels, plus ``"files"``: the pages in order,
``"file"``: the first page, and ``"render"``: how the pages were made) and one ground-truth
text per page ``<id>.p<N>.gt.txt`` (exactly the lines drawn on that page).  ``text/`` holds
the same cases as the original text files with their original labels, so that
``beforeyousign eval`` can compare text and photos case for case.  The output folder gets a
``README.md``.

Everything is deterministic: the random choices of a case come from ``--seed`` and the
case's id (Python's ``random.Random`` seeded with a string), never from the clock or from
the order in which worker processes run.  Pillow's own noise generator is not used, since it
cannot be seeded.  Characters the font cannot draw (emoji) are left out of both the page and
its ground truth.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shutil
import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = (REPO / "tests" / "corpus", REPO / ".." / "shared" / "corpus" / "dev")
DEFAULT_OUT = REPO / "build" / "photo-corpus"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {"DejaVuSerif": "DejaVuSerif.ttf", "DejaVuSans": "DejaVuSans.ttf"}
SETS = ("degraded", "rotated")
TEXT_SET = "text"  # the same cases as plain text, for comparison

A4_MM = (210.0, 297.0)
MM_PER_INCH = 25.4
PT_PER_INCH = 72.0
LINE_SPACING = 1.3  # line pitch as a multiple of the font size


# --------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class Case:
    id: str
    text_path: Path
    labels: dict[str, Any]
    index: int  # position in the run (chooses 90 or 180 degrees for the rotated set)


@dataclass(frozen=True)
class Layout:
    dpi: int
    font: str  # a key of FONTS
    pt: float
    ink: int  # grey level of the print
    paper: int  # grey level of the paper
    margin_px: tuple[int, int, int, int]  # left, top, right, bottom
    pages: tuple[tuple[str, ...], ...]  # the lines drawn on each page

    @property
    def size(self) -> tuple[int, int]:
        return (
            round(A4_MM[0] / MM_PER_INCH * self.dpi),
            round(A4_MM[1] / MM_PER_INCH * self.dpi),
        )

    @property
    def font_px(self) -> int:
        return round(self.pt * self.dpi / PT_PER_INCH)

    @property
    def line_px(self) -> int:
        return round(self.font_px * LINE_SPACING)


@lru_cache(maxsize=8)
def load_font(name: str, size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / FONTS[name]), size_px)


@lru_cache(maxsize=4)
def font_charset(name: str) -> frozenset[int]:
    """The code points the font has a glyph for (fontTools comes with WeasyPrint)."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    with TTFont(str(FONT_DIR / FONTS[name]), lazy=True) as font:
        return frozenset(font.getBestCmap())


def printable(text: str, font: str) -> str:
    """The text as a printer would get it: one kind of line break, tabs expanded, characters
    the font lacks (emoji) dropped, trailing blank lines gone."""
    charset = font_charset(font)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    lines = []
    for line in text.split("\n"):
        lines.append("".join(ch for ch in line.expandtabs(4) if ord(ch) in charset).rstrip())
    return "\n".join(lines).strip("\n")


_TOKENS = re.compile(r" +|[^ ]+")


def wrap_line(line: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Greedy word wrap of one source line to ``width`` pixels.  Leading spaces (indentation)
    stay on the first piece; the spaces where a line is broken are dropped; a word wider than
    the whole line is cut between characters."""
    if not line:
        return [""]
    out: list[str] = []
    current = ""
    for token in _TOKENS.findall(line):
        if font.getlength(current + token) <= width:
            current += token
            continue
        if token.startswith(" "):  # break at these spaces
            out.append(current.rstrip())
            current = ""
            continue
        if current.strip():
            out.append(current.rstrip())
            current = ""
        while font.getlength(token) > width:  # an over-long word: cut it
            cut = len(token) - 1
            while cut > 1 and font.getlength(token[:cut]) > width:
                cut -= 1
            out.append(token[:cut])
            token = token[cut:]
        current = (current if not current.strip() else "") + token
        if font.getlength(current) > width:  # indentation plus the word is too wide
            current = token
    if current.strip() or not out:
        out.append(current.rstrip())
    return out


def lay_out(text: str, rng: random.Random) -> Layout:
    """Choose the print settings of a case and split its text into pages of lines."""
    dpi = rng.randint(150, 200)
    font_name = rng.choice(sorted(FONTS))
    pt = rng.choice((11.0, 11.5, 12.0))
    px_per_mm = dpi / MM_PER_INCH
    side = round(rng.uniform(20.0, 25.0) * px_per_mm)
    top = round(rng.uniform(18.0, 22.0) * px_per_mm)
    bottom = round(rng.uniform(18.0, 22.0) * px_per_mm)
    ink = rng.randint(20, 55)
    paper = rng.randint(228, 246)
    probe = Layout(dpi, font_name, pt, ink, paper, (side, top, side, bottom), ())
    width, height = probe.size
    font = load_font(font_name, probe.font_px)
    lines: list[str] = []
    for source_line in printable(text, font_name).split("\n"):
        lines += wrap_line(source_line, font, width - 2 * side)
    fits = max(1, (height - top - bottom) // probe.line_px)
    # As few pages as the text needs, filled evenly: no last page holding one stray line.
    count = max(1, math.ceil(len(lines) / fits))
    per_page = max(1, math.ceil(len(lines) / count))
    pages = [tuple(lines[i : i + per_page]) for i in range(0, len(lines), per_page)]
    pages = [page for page in pages if any(line.strip() for line in page)]
    return Layout(dpi, font_name, pt, ink, paper, (side, top, side, bottom), tuple(pages))


def render_page(layout: Layout, page: int) -> Image.Image:
    """The clean printed page (greyscale)."""
    image = Image.new("L", layout.size, layout.paper)
    draw = ImageDraw.Draw(image)
    font = load_font(layout.font, layout.font_px)
    left, top = layout.margin_px[0], layout.margin_px[1]
    for number, line in enumerate(layout.pages[page]):
        if line:
            draw.text((left, top + number * layout.line_px), line, font=font, fill=layout.ink)
    return image


# --------------------------------------------------------------------------- degradation


@dataclass(frozen=True)
class Degradation:
    """How one page is photographed (all values recorded in labels.jsonl)."""

    angle: float  # degrees, counter-clockwise
    scale: float  # share of the frame the page fills
    keystone: float  # top edge narrower than the bottom by this share of the width
    jitter: tuple[float, ...]  # 8 corner offsets, as shares of the width
    shift: tuple[float, float]
    desk: int
    blur: float  # Gaussian radius in pixels
    light: float  # overall brightness
    gradient: float  # how much darker the far side of the gradient is
    gradient_dir: float  # radians
    vignette: float
    noise: int  # +- grey levels
    tint: tuple[float, float, float]
    quality: int  # JPEG
    turn: int = 0  # 0, 90 or 180 degrees (counter-clockwise), after everything else

    def to_dict(self) -> dict[str, Any]:
        return {
            "angle": round(self.angle, 2),
            "scale": round(self.scale, 3),
            "keystone": round(self.keystone, 3),
            "blur": round(self.blur, 2),
            "light": round(self.light, 2),
            "gradient": round(self.gradient, 2),
            "vignette": round(self.vignette, 2),
            "noise": self.noise,
            "quality": self.quality,
            "turn": self.turn,
        }


def degraded(rng: random.Random, dpi: int) -> Degradation:
    """The parameters of the ``degraded`` set: a hand-held phone in poor light."""
    return Degradation(
        angle=rng.uniform(-5.0, 5.0),
        scale=rng.uniform(0.90, 0.96),
        keystone=rng.uniform(0.0, 0.04),
        jitter=tuple(rng.uniform(-0.01, 0.01) for _ in range(8)),
        shift=(rng.uniform(-0.015, 0.015), rng.uniform(-0.015, 0.015)),
        desk=rng.randint(50, 130),
        blur=rng.uniform(0.5, 1.1) * dpi / 150,
        light=rng.uniform(0.60, 0.85),
        gradient=rng.uniform(0.20, 0.40),
        gradient_dir=rng.uniform(0, 2 * math.pi),
        vignette=rng.uniform(0.10, 0.25),
        noise=rng.randint(4, 10),
        tint=(1.0, rng.uniform(0.94, 0.99), rng.uniform(0.82, 0.93)),
        quality=rng.randint(30, 50),
    )


def mild(rng: random.Random, dpi: int, turn: int) -> Degradation:
    """The parameters of the ``rotated`` set: a fair photo, only turned on its side."""
    return Degradation(
        angle=rng.uniform(-1.0, 1.0),
        scale=rng.uniform(0.94, 0.97),
        keystone=rng.uniform(0.0, 0.01),
        jitter=tuple(rng.uniform(-0.003, 0.003) for _ in range(8)),
        shift=(rng.uniform(-0.01, 0.01), rng.uniform(-0.01, 0.01)),
        desk=rng.randint(80, 150),
        blur=rng.uniform(0.3, 0.6) * dpi / 150,
        light=rng.uniform(0.80, 0.95),
        gradient=rng.uniform(0.05, 0.15),
        gradient_dir=rng.uniform(0, 2 * math.pi),
        vignette=rng.uniform(0.0, 0.10),
        noise=rng.randint(2, 4),
        tint=(1.0, rng.uniform(0.97, 1.0), rng.uniform(0.92, 0.98)),
        quality=rng.randint(55, 75),
        turn=turn,
    )


def _solve(matrix: list[list[float]], rhs: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (8 unknowns: no numpy needed)."""
    n = len(rhs)
    rows = [[*row, value] for row, value in zip(matrix, rhs, strict=True)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(n):
            if r != col and rows[r][col]:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col], strict=True)]
    return [rows[i][n] / rows[i][i] for i in range(n)]


def perspective_coeffs(
    dst: Sequence[tuple[float, float]], src: Sequence[tuple[float, float]]
) -> list[float]:
    """Pillow's PERSPECTIVE coefficients that map output points ``dst`` to input ``src``."""
    matrix: list[list[float]] = []
    rhs: list[float] = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        matrix.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rhs.append(u)
        matrix.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs.append(v)
    return _solve(matrix, rhs)


def _page_quad(size: tuple[int, int], d: Degradation) -> list[tuple[float, float]]:
    """Where the page's corners (top-left, top-right, bottom-right, bottom-left) land."""
    w, h = size
    cx, cy = w / 2 + d.shift[0] * w, h / 2 + d.shift[1] * h
    half_w, half_h = w * d.scale / 2, h * d.scale / 2
    corners = [
        (-half_w * (1 - d.keystone), -half_h),
        (half_w * (1 - d.keystone), -half_h),
        (half_w, half_h),
        (-half_w, half_h),
    ]
    cos, sin = math.cos(math.radians(d.angle)), math.sin(math.radians(d.angle))
    quad = []
    for i, (x, y) in enumerate(corners):
        x += d.jitter[2 * i] * w
        y += d.jitter[2 * i + 1] * w
        # counter-clockwise on screen (y grows downwards)
        quad.append((cx + x * cos + y * sin, cy - x * sin + y * cos))
    return quad


def _light_field(size: tuple[int, int], d: Degradation) -> Image.Image:
    """Brightness over the frame (255 = full light): a linear gradient in a random direction
    times a vignette, computed on a coarse grid and smoothly enlarged."""
    gw, gh = 24, 34
    dx, dy = math.cos(d.gradient_dir), math.sin(d.gradient_dir)
    values = []
    for j in range(gh):
        for i in range(gw):
            x, y = (i + 0.5) / gw - 0.5, (j + 0.5) / gh - 0.5
            along = (x * dx + y * dy) / 0.7 + 0.5  # 0 .. 1 across the frame
            gradient = 1.0 - d.gradient * min(1.0, max(0.0, along))
            vignette = 1.0 - d.vignette * min(1.0, (x * x + y * y) / 0.5)
            values.append(round(255 * d.light * gradient * vignette))
    grid = Image.new("L", (gw, gh))
    grid.putdata(values)
    return grid.resize(size, Image.Resampling.BICUBIC)


def photograph(page: Image.Image, d: Degradation, rng: random.Random) -> Image.Image:
    """The printed page as a phone camera sees it (RGB)."""
    w, h = page.size
    src = [(0.0, 0.0), (float(w), 0.0), (float(w), float(h)), (0.0, float(h))]
    coeffs = perspective_coeffs(_page_quad(page.size, d), src)
    image = page.transform(
        page.size,
        Image.Transform.PERSPECTIVE,
        coeffs,
        Image.Resampling.BICUBIC,
        fillcolor=d.desk,
    )
    image = ImageChops.multiply(image, _light_field(page.size, d))
    if d.blur > 0:
        image = image.filter(ImageFilter.GaussianBlur(d.blur))
    if d.noise:
        spread = 2 * d.noise
        lut = [128 - d.noise + round(v * spread / 255) for v in range(256)]
        noise = Image.frombytes("L", image.size, rng.randbytes(w * h)).point(lut)
        image = ImageChops.add(image, noise, scale=1.0, offset=-128)
    channels = [image.point([min(255, round(v * k)) for v in range(256)]) for k in d.tint]
    photo = Image.merge("RGB", channels)
    if d.turn == 90:
        photo = photo.transpose(Image.Transpose.ROTATE_90)
    elif d.turn == 180:
        photo = photo.transpose(Image.Transpose.ROTATE_180)
    return photo


# --------------------------------------------------------------------------- the corpus


def read_cases(corpora: Iterable[Path]) -> list[Case]:
    """Every labelled plain-text case, in labels.jsonl order, corpus by corpus."""
    cases: list[Case] = []
    seen: dict[str, Path] = {}
    for folder in corpora:
        labels = folder / "labels.jsonl"
        if not labels.is_file():
            print(f"note: {labels} not found; skipped", file=sys.stderr)
            continue
        for line in labels.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            data = json.loads(line)
            name = data.get("file")
            if not isinstance(name, str) or not name.endswith(".txt"):
                continue
            case_id = str(data["id"])
            if case_id in seen:
                raise SystemExit(f"case id {case_id!r} is in both {seen[case_id]} and {folder}")
            seen[case_id] = folder
            cases.append(Case(case_id, folder / name, data, len(cases)))
    return cases


def case_rng(seed: int, *parts: object) -> random.Random:
    return random.Random("/".join(str(p) for p in (seed, *parts)))


def make_case(case: Case, out: Path, seed: int) -> dict[str, dict[str, Any]]:
    """Render and photograph one case into ``out/<set>/``; its labels line for each set."""
    text = case.text_path.read_text("utf-8")
    layout = lay_out(text, case_rng(seed, case.id, "layout"))
    turn = 90 if case.index % 2 == 0 else 180
    lines: dict[str, dict[str, Any]] = {}
    for set_name in SETS:
        files, params = [], []
        for number in range(len(layout.pages)):
            rng = case_rng(seed, case.id, set_name, number + 1)
            d = degraded(rng, layout.dpi) if set_name == "degraded" else mild(rng, layout.dpi, turn)
            photo = photograph(render_page(layout, number), d, rng)
            stem = f"{case.id}.p{number + 1}"
            folder = out / set_name
            photo.save(folder / f"{stem}.jpg", "JPEG", quality=d.quality, dpi=(layout.dpi,) * 2)
            gt = "\n".join(layout.pages[number]) + "\n"
            (folder / f"{stem}.gt.txt").write_text(gt, "utf-8")
            files.append(f"{stem}.jpg")
            params.append(d.to_dict())
        label = dict(case.labels)
        label.update(
            file=files[0],
            files=files,
            render={
                "set": set_name,
                "source": os.path.relpath(case.text_path.resolve(), REPO),
                "dpi": layout.dpi,
                "font": layout.font,
                "pt": layout.pt,
                "seed": seed,
                "pages": params,
            },
        )
        lines[set_name] = label
    return lines


def _make_case_args(args: tuple[Case, Path, int]) -> dict[str, dict[str, Any]]:
    return make_case(*args)


README = """\
# Photo-variant corpus (generated)

Made by `scripts/make_photo_corpus.py` on {date} from {cases} labelled text cases of
{corpora} (seed {seed}). {pages} pages per set. Do not edit or commit: run the script again.

Each text is laid out as a printed A4 page (DejaVu Serif or Sans, 11-12 pt, 150-200 dpi,
20-25 mm margins, word-wrapped, blank lines and indentation kept, several pages when long;
emoji the font cannot draw are left out), then photographed:

- `degraded/`: rotation up to +-5 degrees, mild perspective, the page on a darker desk,
  Gaussian blur, dim and uneven light (gradient and vignette), sensor noise, off-white
  paper with a warm cast, JPEG quality 30-50;
- `rotated/`: the same pages mildly degraded (+-1 degree, light blur and shading, JPEG
  quality 55-75), then turned 90 degrees counter-clockwise (even cases) or 180 degrees (odd
  cases), with no EXIF orientation tag;
- `text/`: the same cases as their original text files, with their original labels.

Compare what photos cost with `beforeyousign eval` on `text/`, `degraded/` and `rotated/`.
In each photo set, `labels.jsonl` has the original labels plus `files` (the pages in order),
`file` (the first page, for tools that read one file per case) and `render` (font, dpi and
the degradation of every page); `<id>.p<N>.gt.txt` is the exact text drawn on page N, one
line per printed line, for the character error rate (`bench/bench_ocr.py`).

The same seed and inputs give the same bytes. `python scripts/make_photo_corpus.py --help`
lists the options.
"""


def _clear(folder: Path) -> None:
    """Remove what an earlier run wrote (and only that) so no stale page survives."""
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if path.is_file() and path.suffix in (".jpg", ".txt"):
            path.unlink()
    (folder / "labels.jsonl").unlink(missing_ok=True)


def write_text_set(cases: Sequence[Case], folder: Path) -> None:
    """The same cases as text, with their original labels: the reference that the photo
    sets are compared with (``beforeyousign eval`` on both)."""
    names: set[str] = set()
    with (folder / "labels.jsonl").open("w", encoding="utf-8") as handle:
        for case in cases:
            name = case.text_path.name
            if name in names:
                raise SystemExit(f"two cases have a file called {name}")
            names.add(name)
            shutil.copyfile(case.text_path, folder / name)
            label = {**case.labels, "file": name}
            handle.write(json.dumps(label, ensure_ascii=False) + "\n")


def generate(
    corpora: Sequence[Path], out: Path, *, seed: int = 0, limit: int | None = None, jobs: int = 1
) -> dict[str, Any]:
    """Write the photo sets and the text set under ``out``; return a summary (cases, pages
    per photo set, seconds)."""
    start = time.perf_counter()
    cases = read_cases(corpora)
    if limit is not None:
        cases = cases[:limit]
    for set_name in (*SETS, TEXT_SET):
        _clear(out / set_name)
        (out / set_name).mkdir(parents=True, exist_ok=True)
    write_text_set(cases, out / TEXT_SET)
    work = [(case, out, seed) for case in cases]
    if jobs > 1 and len(cases) > 1:
        with ProcessPoolExecutor(max_workers=min(jobs, len(cases))) as pool:
            results = list(pool.map(_make_case_args, work, chunksize=1))
    else:
        results = [_make_case_args(item) for item in work]
    pages = 0
    for set_name in SETS:
        with (out / set_name / "labels.jsonl").open("w", encoding="utf-8") as handle:
            for result in results:
                handle.write(json.dumps(result[set_name], ensure_ascii=False) + "\n")
        pages = sum(len(r[set_name]["files"]) for r in results)
    shown = ", ".join(f"`{os.path.relpath(Path(c).resolve(), REPO)}`" for c in corpora)
    (out / "README.md").write_text(
        README.format(
            date=time.strftime("%Y-%m-%d"),
            cases=len(cases),
            corpora=shown,
            seed=seed,
            pages=pages,
        ),
        "utf-8",
    )
    return {"cases": len(cases), "pages": pages, "seconds": time.perf_counter() - start}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Render the labelled text cases as degraded phone photos of A4 pages."
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output folder (default build/photo-corpus)"
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        action="append",
        help="a folder with labels.jsonl; repeatable (default tests/corpus and "
        "../shared/corpus/dev)",
    )
    parser.add_argument("--limit", type=int, help="only the first N cases")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="worker processes (default: one per CPU)",
    )
    args = parser.parse_args(argv)
    corpora = args.corpus or list(DEFAULT_CORPORA)
    summary = generate(corpora, args.out, seed=args.seed, limit=args.limit, jobs=args.jobs)
    print(
        f"{summary['cases']} cases, {summary['pages']} pages per set "
        f"({', '.join(SETS)}; and {TEXT_SET}/) in {summary['seconds']:.1f} s -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
