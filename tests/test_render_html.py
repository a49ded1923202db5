"""The HTML report: one self-contained page, in the reader's language and direction.

Pages are parsed with the standard library's ``html.parser`` (no lxml): a small parser
below gathers the elements and the visible text in document order.  Photo reports are built
from a real analysis with fake page images and evidence boxes put in by hand.
"""

from __future__ import annotations

import base64
import dataclasses
import io
from dataclasses import dataclass, field
from functools import cache, lru_cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from beforeyousign import pipeline
from beforeyousign.analysis.model import Evidence
from beforeyousign.i18n import reviewed_by_native_speaker, translator
from beforeyousign.knowledge.help_contacts import load_contacts
from beforeyousign.knowledge.safety import NEXT_STEPS
from beforeyousign.knowledge.taxonomy import FLAGS, severity_rank
from beforeyousign.report.model import Report
from beforeyousign.report.render_html import render_html, text_direction
from beforeyousign.report.render_text import NOT_REVIEWED, _shown, clause_text
from beforeyousign.text.model import PageBox, PageImage, SourceLocation

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "military-contract-nepal.ru.txt"
HELPER_AD = ROOT / "examples" / "helper-ad.en.txt"
FAIR_OFFER = ROOT / "examples" / "fair-offer.en.txt"


@cache
def military(lang: str | None = "en") -> Report:
    return pipeline.run_path(EXAMPLE, lang)


# --- a tiny HTML reader -------------------------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    ancestors: tuple[str, ...] = ()
    order: int = 0


@dataclass
class Page:
    elements: list[Element] = field(default_factory=list)
    text: str = ""  # all visible text, in order

    def all(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]

    def one(self, tag: str) -> Element:
        (found,) = self.all(tag)
        return found

    def by_id(self, value: str) -> Element:
        (found,) = [e for e in self.elements if e.attrs.get("id") == value]
        return found

    def classed(self, name: str) -> list[Element]:
        return [e for e in self.elements if name in e.attrs.get("class", "").split()]


VOID = {"meta", "img", "br", "hr", "link", "input", "rect", "circle", "path", "source"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[Element] = []
        self.hidden = 0  # inside <style>, <title>, <script>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(
            tag,
            {k: v or "" for k, v in attrs},
            ancestors=tuple(e.tag for e in self.stack),
            order=len(self.page.text),
        )
        self.page.elements.append(element)
        if tag in ("style", "title", "script"):
            self.hidden += 1
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "script"):
            self.hidden -= 1
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.text += data
        if not self.hidden:
            self.page.text += data


def parse(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.page


def flat(text: str) -> str:
    return " ".join(text.split())


def html_of(report: Report, lang: str = "en") -> str:
    return render_html(report, translator(lang))


# --- language and direction ---------------------------------------------------------------


@pytest.mark.parametrize(("lang", "direction"), [("en", "ltr"), ("es", "ltr"), ("ar", "rtl")])
def test_page_has_the_readers_language_and_direction(lang: str, direction: str) -> None:
    page = parse(html_of(military(lang), lang))
    html = page.one("html")
    assert html.attrs["lang"] == lang
    assert html.attrs["dir"] == direction
    # The paper's own words stay Russian and left-to-right, whatever the page's direction.
    quotes = page.all("blockquote")
    assert quotes
    assert {(q.attrs["lang"], q.attrs["dir"]) for q in quotes} == {("ru", "ltr")}


def test_arabic_and_urdu_are_right_to_left() -> None:
    assert text_direction("ar") == text_direction("ur") == "rtl"
    assert text_direction("hi") == text_direction("ne") == text_direction("ru") == "ltr"


def test_page_is_made_for_a_phone_and_a_printer() -> None:
    html = html_of(military())
    page = parse(html)
    viewport = [m for m in page.all("meta") if m.attrs.get("name") == "viewport"]
    assert viewport and "width=device-width" in viewport[0].attrs["content"]
    assert page.all("meta")[0].attrs.get("charset") == "utf-8"
    style = page.one("style").text
    assert "@media print" in style
    assert "size: A4" in style
    for font in ("Noto Sans Devanagari", "Noto Naskh Arabic", "Noto Sans Sinhala",
                 "Noto Sans Tamil", "Noto Sans Bengali"):  # fmt: skip
        assert f'"{font}"' in style


# --- order and content --------------------------------------------------------------------


def test_verdict_first_then_flags_most_severe_first_then_the_rest() -> None:
    report = military()
    _ = translator("en")
    page = parse(html_of(report))
    text = flat(page.text)
    verdict = flat(_(report.verdict.message_id))
    assert verdict in text
    at = text.index(verdict)
    # Only the small header line (tool, language, file name) comes before the verdict.
    assert at < 120, text[:at]
    cards = [e for e in page.all("article") if "flag" in e.attrs.get("class", "").split()]
    assert [c.attrs["id"] for c in cards] == [f"flag-{n}" for n in range(1, 8)]
    ranks = [severity_rank(f.severity) for f in report.flags]
    assert ranks == sorted(ranks)
    for card, finding in zip(cards, report.flags, strict=True):
        info = FLAGS[finding.flag]
        body = flat(card.text)
        assert flat(_(info.title_id)) in body
        assert flat(_(finding.message_id, **finding.params)) in body
        assert flat(_(info.advice_id)) in body
        for ref in finding.legal:
            assert flat(ref.citation) in body
            assert flat(_(ref.summary_id)) in body
        assert card.order > at
    sections = [page.by_id(name).order for name in ("warnings", "terms", "notices", "next")]
    assert sections == sorted(sections)
    assert page.one("footer").order > sections[-1]


def test_the_summary_lists_every_flag_before_the_first_card() -> None:
    report = military()
    _ = translator("en")
    page = parse(html_of(report))
    (summary,) = page.classed("summary")
    first_card = page.by_id("flag-1")
    assert summary.order < first_card.order
    items = [e for e in page.all("li") if "ol" in e.ancestors and e.order >= summary.order]
    items = items[: len(report.flags)]
    for item, finding in zip(items, report.flags, strict=True):
        assert flat(_(FLAGS[finding.flag].title_id)) in flat(item.text)
    links = [e.attrs["href"] for e in page.all("a") if e.order >= summary.order][:7]
    assert links == [f"#flag-{n}" for n in range(1, 8)]


def test_every_flag_quote_is_in_a_russian_blockquote() -> None:
    report = military()
    page = parse(html_of(report))
    quoted = {flat(q.text) for q in page.all("blockquote") if q.attrs.get("lang") == "ru"}
    for finding in report.flags:
        assert finding.evidence, finding.flag
        for evidence in finding.evidence:
            assert flat(_shown(evidence.quote)) in quoted


def test_where_each_quote_is_is_said() -> None:
    page = parse(html_of(military()))
    captions = [flat(e.text) for e in page.all("figcaption")]
    assert "line 14" in captions  # the passport clause of the example
    assert all(c for c in captions)


def test_key_terms_say_what_is_stated_and_what_is_not() -> None:
    report = military()
    _ = translator("en")
    page = parse(html_of(report))
    terms = flat(page.by_id("terms").text)
    assert "1 year" in terms
    assert "204 000 (двухсот четырёх тысяч) рублей в месяц" in terms
    missing = [flat(e.text) for e in page.all("dd") if "missing" in e.attrs.get("class", "")]
    absent = [t for t in report.terms if not t.stated]
    assert len(missing) == len(absent) > 0
    assert set(missing) == {_("not stated in this paper")}


def test_notices_steps_help_and_footer() -> None:
    report = military()
    _ = translator("en")
    page = parse(html_of(report))
    notices = flat(page.by_id("notices").text)
    for notice in report.notices:
        assert flat(_(notice.message_id, **notice.params)) in notices
    steps = flat(page.by_id("next").text)
    for step in NEXT_STEPS:
        assert flat(_(step)) in steps
    assert "International Organization for Migration" in steps
    footer = flat(page.one("footer").text)
    assert report.tool_version in footer
    assert "November 25, 2026" in footer  # the legal facts' date, the reader's way
    assert flat(NOT_REVIEWED) not in footer  # English is the source: nothing to review


def test_a_catalog_not_reviewed_by_a_native_speaker_says_so() -> None:
    assert not reviewed_by_native_speaker("es")
    assert reviewed_by_native_speaker("en")
    assert not reviewed_by_native_speaker("xx")
    _ = translator("es")
    footer = flat(parse(html_of(military("es"), "es")).one("footer").text)
    assert flat(_(NOT_REVIEWED)) in footer


def test_a_language_without_a_catalog_is_said_in_english_at_the_top() -> None:
    page = parse(html_of(military("en"), "xx"))
    assert page.one("html").attrs["lang"] == "en"
    (note,) = page.classed("note")
    assert "Your language (xx) is not available yet" in flat(note.text)
    assert note.order < page.by_id("verdict").order
    # A language Babel knows is named in its own words, which its reader can find.
    (note,) = parse(html_of(military("en"), "ur")).classed("note")
    assert "Your language (اردو) is not available yet" in flat(note.text)


def test_custom_help_contacts_replace_the_bundled_ones(tmp_path: Path) -> None:
    contacts = load_contacts(
        "ours.yaml",
        "contacts:\n"
        "  - name: Pravasi Help Desk <b>test</b>\n"
        "    helps_with: [recruitment_advice]\n"
        "    reach:\n"
        "      phone: '+977 1 4000000'\n"
        "    languages: [ne, en]\n"
        "    countries: [NP]\n"
        "    source: https://example.org/contacts\n"
        "    checked: 2026-11-01\n",
    )
    html = render_html(military(), translator("en"), contacts)
    page = parse(html)
    help_text = flat(page.by_id("next").text)
    assert "Phone: +977 1 4000000" in help_text
    assert "Pravasi Help Desk <b>test</b>" in help_text  # shown as text, not markup
    assert "International Organization for Migration" not in help_text
    assert not page.all("b")


# --- nothing loaded from outside, nothing run ---------------------------------------------


def _external(value: str) -> bool:
    value = value.strip().lower()
    return value.startswith(("http:", "https:", "//", "ftp:", "file:")) or (
        ":" in value.split("/")[0] and not value.startswith(("data:", "#", "tel:", "mailto:"))
    )


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_nothing_is_loaded_from_outside_the_page(lang: str) -> None:
    html = html_of(photo_report(), lang)
    page = parse(html)
    links = [
        value
        for element in page.elements
        for name, value in element.attrs.items()
        if name in ("src", "href", "srcset", "action", "poster", "data", "xlink:href")
    ]
    assert links, "the photo report has images and links"
    assert [v for v in links if _external(v)] == []
    assert not page.all("script")
    assert not page.all("link")
    assert not page.all("iframe")
    style = page.one("style").text
    assert "@import" not in style
    assert "url(" not in style
    assert "@font-face" not in style


def test_a_hostile_quote_and_file_name_are_shown_as_text() -> None:
    report = military()
    hostile = "<script>alert('x')</script><img src=x onerror=alert(1)> паспорт"
    first = report.flags[0]
    evidence = dataclasses.replace(first.evidence[0], quote=hostile)
    flags = (dataclasses.replace(first, evidence=(evidence,)), *report.flags[1:])
    name = '"><script>alert(2)</script>.txt'
    bad = dataclasses.replace(report, flags=flags, source_name=name)
    html = html_of(bad)
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    page = parse(html)
    assert not page.all("script")
    assert [e.attrs["src"] for e in page.all("img")] == []
    assert hostile in {q.text for q in page.all("blockquote")}
    assert name in page.text


def test_invisible_direction_marks_in_a_quote_are_shown() -> None:
    report = military()
    first = report.flags[0]
    trick = "паспорт\u202eотсутствует\u202c"
    evidence = dataclasses.replace(first.evidence[0], quote=trick)
    flags = (dataclasses.replace(first, evidence=(evidence,)), *report.flags[1:])
    html = html_of(dataclasses.replace(report, flags=flags))
    assert "\u202e" not in html
    assert "паспорт·отсутствует·" in html


# --- photos with the evidence drawn on them -----------------------------------------------


def _jpeg(width: int, height: int) -> bytes:
    image = Image.new("RGB", (width, height), "white")
    for y in range(60, height - 60, 40):
        image.paste((40, 40, 40), (50, y, width - 50, y + 14))  # lines of "text"
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


def _boxed(evidence: Evidence, page: int, *boxes: tuple[int, int, int, int]) -> Evidence:
    location = SourceLocation(page=page, block=evidence.location.block, line=3, kind="line")
    return dataclasses.replace(
        evidence, location=location, boxes=tuple(PageBox(page, box) for box in boxes)
    )


@lru_cache(maxsize=1)
def photo_report() -> Report:
    """The example contract as if photographed: two pages, boxes on flags 1, 3 and 7."""
    report = military()
    flags = list(report.flags)
    one = flags[0]
    flags[0] = dataclasses.replace(
        one,
        evidence=(
            _boxed(one.evidence[0], 1, (60, 100, 200, 114), (210, 100, 330, 114)),
            *one.evidence[1:],
        ),
    )
    passport = next(i for i, f in enumerate(flags) if f.flag == "document_retention")
    flags[passport] = dataclasses.replace(
        flags[passport], evidence=(_boxed(flags[passport].evidence[0], 2, (60, 300, 540, 314)),)
    )
    last = flags[-1]
    flags[-1] = dataclasses.replace(
        last, evidence=(_boxed(last.evidence[0], 1, (60, 100, 200, 114)), *last.evidence[1:])
    )
    pages = (PageImage(1, 600, 800, _jpeg(600, 800)), PageImage(2, 600, 780, _jpeg(600, 780)))
    return dataclasses.replace(report, flags=tuple(flags), page_images=pages)


def test_photo_pages_are_shown_with_the_evidence_boxes_and_numbered_markers() -> None:
    report = photo_report()
    page = parse(html_of(report))
    images = page.all("img")
    assert len(images) == 2
    for img, expected in zip(images, report.page_images, strict=True):
        prefix = "data:image/jpeg;base64,"
        assert img.attrs["src"].startswith(prefix)
        data = base64.b64decode(img.attrs["src"][len(prefix) :])
        assert data == expected.jpeg
        assert Image.open(io.BytesIO(data)).size == (expected.width, expected.height)
    svgs = page.all("svg")
    assert [s.attrs["viewbox"] for s in svgs] == ["0 0 600 800", "0 0 600 780"]
    rects = [e for e in page.elements if e.tag == "rect" and "rx" not in e.attrs]
    boxes = [b for f in report.flags for e in f.evidence for b in e.boxes]
    assert len(rects) == len(boxes) == 4
    assert {(r.attrs["x"], r.attrs["y"], r.attrs["width"], r.attrs["height"]) for r in rects} == {
        ("60", "100", "140", "14"), ("210", "100", "120", "14"), ("60", "300", "480", "14")
    }  # fmt: skip
    # One marker per quoted place, numbered with every flag quoting it: flags 1 and 7
    # quote the same words on page 1.
    labels = [e.text.strip() for e in page.elements if e.tag == "text" and "svg" in e.ancestors]
    passport = 1 + next(i for i, f in enumerate(report.flags) if f.flag == "document_retention")
    assert labels == [f"1,{len(report.flags)}", str(passport)]
    pills = [e for e in page.elements if e.tag == "rect" and "rx" in e.attrs]
    assert len(pills) == 2
    for pill, svg in zip(pills, svgs, strict=True):  # inside the picture
        x, y = int(pill.attrs["x"]), int(pill.attrs["y"])
        _zero, _zero2, width, height = (int(v) for v in svg.attrs["viewbox"].split())
        assert x >= 0 and x + int(pill.attrs["width"]) <= width
        assert y >= 0 and y + int(pill.attrs["height"]) <= height
    # Each boxed flag says where to look; the others do not.
    card = flat(page.by_id("flag-1").text)
    assert "Marked 1 on the photo of page 1." in card
    assert f"Marked {passport} on the photo of page 2." in flat(page.by_id(f"flag-{passport}").text)
    assert "Marked" not in flat(page.by_id("flag-2").text)
    assert page.by_id("flag-1").order < page.by_id("pages").order < page.by_id("terms").order


def test_a_text_report_has_no_photo_section() -> None:
    page = parse(html_of(military()))
    assert not page.all("img")
    assert not page.all("svg")
    assert not [e for e in page.elements if e.attrs.get("id") == "pages"]


# --- other papers -------------------------------------------------------------------------


def test_a_paper_without_warnings_says_so() -> None:
    report = pipeline.run_path(FAIR_OFFER, "en")
    _ = translator("en")
    page = parse(html_of(report))
    assert flat(_(report.verdict.message_id)) in flat(page.by_id("verdict").text)
    assert not report.flags
    assert "WARNINGS: none found" in flat(page.by_id("warnings").text)
    assert not page.classed("summary")
    assert page.by_id("verdict").attrs["class"] == "verdict level-none"


def test_an_english_ad_quotes_in_english() -> None:
    report = pipeline.run_path(HELPER_AD, "en")
    page = parse(html_of(report))
    quotes = page.all("blockquote")
    assert quotes
    assert {q.attrs["lang"] for q in quotes} == {report.language}


# --- clause by clause ---------------------------------------------------------------------


def test_clauses_are_read_one_by_one() -> None:
    report = military()
    _ = translator("en")
    assert report.clauses
    page = parse(html_of(report))
    section = page.by_id("clauses")
    text = flat(section.text)
    assert "WHAT EACH CLAUSE SAYS" in text
    assert "You agree to serve for 1 year." in text  # "P1Y" written the reader's way
    items = [e for e in page.all("li") if "ol" in e.ancestors and e.order >= section.order]
    read = [c for c in report.clauses if c.interpreted]
    for item, clause in zip(items, read, strict=False):
        assert flat(clause_text(clause, _)) in flat(item.text)
        assert flat(_shown(clause.evidence.quote)) in flat(item.text)
    assert page.by_id("terms").order < section.order < page.by_id("notices").order


def test_clauses_not_interpreted_are_named() -> None:
    report = military()
    clauses = (
        *report.clauses[:1],
        dataclasses.replace(report.clauses[1], type="other", number="2"),
    )
    page = parse(html_of(dataclasses.replace(report, clauses=clauses)))
    text = flat(page.by_id("clauses").text)
    assert "Not interpreted: 2." in text


def test_a_paper_without_clauses_has_no_clause_section() -> None:
    page = parse(html_of(dataclasses.replace(military(), clauses=())))
    assert not [e for e in page.elements if e.attrs.get("id") == "clauses"]
