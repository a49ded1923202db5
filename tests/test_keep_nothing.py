"""Keep nothing: after web and bot requests, no file is left and no log line holds content.

The web service (a real uvicorn process) and the bot (a real ``run_bot`` process against
the fake Bot API on loopback) each run with fresh empty folders as TMPDIR, HOME,
XDG_CACHE_HOME and working directory, their logs captured at DEBUG, and the network
guard of ``netguard.py`` armed (loopback only; leaving ``live_server``/``bot_process``
fails on any other attempt). Each is sent the same paper in every form it reads: text,
PDF, DOCX and photos (one, and an album), and asked for the HTML and PDF reports.

After every answer the four folders must be empty: no allow-list (nothing is left there
today, so nothing needs excusing), and open-but-deleted files count too. The papers carry
marker words, Latin and Cyrillic, and their files marker names: the answers must hold
them (so the test cannot pass because nothing was read) and the logs must not.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from beforeyousign.ocr.tesseract import is_available
from fake_telegram import Call, FakeTelegram, User, bot_process
from filemakers import image_bytes, make_docx, make_pdf, render_page
from live_server import LiveServer, live_server
from netguard import external_references

pytest.importorskip("telegram")

real_ocr = pytest.mark.skipif(not is_available(), reason="Tesseract data not installed")

LATIN = "QUOLLBERRY"
CYRILLIC = "Жмыхоград"
SURNAME = "Фырчалкин"
PAPER = [
    "КОНТРАКТ",
    "о прохождении военной службы",
    f"Гражданин {SURNAME} из города {CYRILLIC} и Министерство обороны",
    "Российской Федерации заключили настоящий контракт.",
    f"1. Гражданин {LATIN} обязуется проходить военную службу в течение одного года.",
    f"2. Паспорт гражданина {SURNAME} передаётся на хранение командиру воинской части.",
]
PHOTO_LINES = [
    "КОНТРАКТ",
    "о прохождении военной службы",
    f"1. Иностранный гражданин {LATIN} добровольно поступает",
    "на военную службу в Вооружённых Силах Российской Федерации.",
    f"2. Паспорт гражданина {CYRILLIC} сдаётся на хранение",
    "командиру воинской части.",
]
TEXT = "\n".join(PAPER)
NAMES = {
    "pdf": "договор-ZEPHYRANTH.pdf",
    "docx": "contract-WOMBLEDOCX.docx",
    "photo": "скан-XANTHOPAGE.png",
    "jpeg": "страница-GRUMPLEJPG.jpg",
    "txt": "chat-GLIMMERTXT.txt",
}
#: What must never be in a log: the paper's words and the files' names.
SECRETS = (LATIN, CYRILLIC, SURNAME, "Паспорт", "командиру", *NAMES.values(),
           *(name.split("-")[1].split(".")[0] for name in NAMES.values()))  # fmt: skip
TOKEN = "123456789:AAFakeTokenForTestsOnly-keepnothing"


def assert_no_secrets(log: str) -> None:
    lowered = log.lower()
    leaked = [secret for secret in SECRETS if secret.lower() in lowered]
    assert leaked == [], f"the log holds what was sent: {leaked}"


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    photo = render_page(PHOTO_LINES)
    return {
        "pdf": make_pdf(["\n".join(PAPER[:3]), "\n".join(PAPER[3:])]),
        "docx": make_docx(PAPER),
        "photo": image_bytes(photo, "PNG"),
        "jpeg": image_bytes(photo.convert("RGB"), "JPEG", quality=85),
        "txt": TEXT.encode("utf-8"),
    }


# --- the web service -------------------------------------------------------------------------


def test_the_web_service_keeps_nothing_and_logs_no_content(
    tmp_path: Path, files: dict[str, bytes]
) -> None:
    def upload(kind: str, mime: str) -> dict[str, Any]:
        return {"file": (NAMES[kind], files[kind], mime)}

    api: list[tuple[str, dict[str, Any]]] = [
        ("json text", {"json": {"text": TEXT, "lang": "en"}}),
        ("form text", {"data": {"text": TEXT, "lang": "en"}}),
        ("pdf", {"files": upload("pdf", "application/pdf"), "data": {"lang": "en"}}),
        ("docx", {"files": upload("docx", "application/octet-stream"), "data": {"lang": "ru"}}),
        ("txt", {"files": upload("txt", "text/plain")}),
    ]
    page: list[tuple[str, dict[str, Any]]] = [
        (
            "page text",
            {"files": {"text": (None, TEXT), "lang": (None, "en"), "file": ("", b"")}},
        ),
        ("page pdf", {"files": {**upload("pdf", "application/pdf"), "lang": (None, "hi")}}),
        ("page docx", {"files": {**upload("docx", "application/octet-stream")}}),
    ]
    if is_available():
        api.append(("photo", {"files": upload("photo", "image/png"), "data": {"lang": "en"}}))
        pages = [("file", (NAMES["photo"], files["photo"])),
                 ("file", (NAMES["jpeg"], files["jpeg"]))]  # fmt: skip
        api.append(("two photos", {"files": pages}))
        page.append(("page photo", {"files": {**upload("jpeg", "image/jpeg"),
                                              "lang": (None, "ar")}}))  # fmt: skip
    errors: list[
        tuple[str, str, dict[str, Any]]
    ] = [  # refusals name the file to the reader: still not in the log
        ("corrupt pdf", "/v1/analyse", {"files": {"file": (NAMES["pdf"], b"%PDF-1.7 broken")}}),
        ("corrupt page", "/read", {"files": {"file": (NAMES["pdf"], b"%PDF-1.7 broken")}}),
    ]
    with live_server(tmp_path, {"per_client": 0}, log_level="debug") as server:
        for name, kwargs in api:
            response = httpx.post(server.url + "/v1/analyse", timeout=120, **kwargs)
            assert response.status_code == 200, (name, response.text)
            assert response.json()["verdict"]["id"] == "military_contract", name
            assert LATIN in response.text, f"{name}: the marker reached the report"
            assert server.temp_files() == [], name
        for name, kwargs in page:
            response = httpx.post(server.url + "/read", timeout=120, **kwargs)
            assert response.status_code == 200, (name, response.text[:500])
            assert any(marker in response.text for marker in (LATIN, *NAMES.values())), name
            assert_loads_nothing_from_elsewhere(server, response)
            assert server.temp_files() == [], name
        for name, path, kwargs in errors:
            response = httpx.post(server.url + path, timeout=60, **kwargs)
            assert response.status_code == 422, name
            assert NAMES["pdf"] in response.text, "the reader is told which file"
            assert server.temp_files() == [], name
        log = server.log_text()
    assert " DEBUG " in log, "the log was captured at DEBUG"
    assert log.count("beforeyousign.http.access: POST /v1/analyse 200") == len(api)
    assert log.count("beforeyousign.http.access: POST /read 200") == len(page)
    assert_no_secrets(log)
    assert server.temp_files() == []  # and after the server stopped


def assert_loads_nothing_from_elsewhere(server: LiveServer, response: httpx.Response) -> None:
    """The report page refers to nothing outside itself and its origin, and its
    Content-Security-Policy would block it if it did."""
    assert external_references(response.text) == []
    assert "<script" not in response.text.lower()
    policy = {d.split()[0]: d.split()[1:] for d in
              response.headers["content-security-policy"].split(";") if d.strip()}  # fmt: skip
    assert policy["default-src"] == ["'none'"]
    assert policy["img-src"] == ["data:"]
    assert policy["style-src"] == ["'unsafe-inline'"]
    assert "script-src" not in policy and "connect-src" not in policy
    assert policy["form-action"] == ["'self'"] and policy["base-uri"] == ["'none'"]


# --- the bot ------------------------------------------------------------------------------------


def answered(fake: FakeTelegram, user: User, since: int, timeout: float = 180) -> list[Call]:
    """The messages of the answer to one paper, up to the one offering the full report."""

    def done() -> list[Call] | None:
        got = fake.messages_to(user)[since:]
        offers = [i for i, c in enumerate(got) if any(d.startswith("rep:") for _l, d in c.buttons)]
        return got[: offers[0] + 1] if offers else None

    return list(fake.wait_for(done, timeout=timeout))


def report_button(call: Call, fmt: str) -> str:
    return next(d for _l, d in call.buttons if d.startswith(f"rep:{fmt}:"))


def test_the_bot_keeps_nothing_and_logs_no_content(tmp_path: Path, files: dict[str, bytes]) -> None:
    user = User(4242, language_code="en", first_name="Фырчалкин")
    with FakeTelegram(TOKEN) as fake, bot_process(fake, tmp_path, limits={"documents": 20}) as bot:

        def settle(since: int, what: str) -> list[Call]:
            answer = answered(fake, user, since)
            # the language question follows the first answer, once
            fake.wait_for(lambda: len(fake.messages_to(user)) >= since + len(answer))
            assert bot.left_files() == [], what
            return answer

        fake.text(user, TEXT)
        answer = settle(0, "text")
        said = "\n".join(c.text for c in answer)
        assert SURNAME in said or LATIN in said, "the text was read and quoted"
        fake.wait_for(lambda: any(c.buttons and c.buttons[0][1].startswith("lang:")
                                  for c in fake.messages_to(user)))  # fmt: skip

        seen = len(fake.messages_to(user))
        fake.document(user, files["pdf"], file_name=NAMES["pdf"], mime_type="application/pdf")
        answer = settle(seen, "pdf")
        fake.press(user, report_button(answer[-1], "html"))
        html_report = fake.wait_for(lambda: fake.documents_to(user))[0]
        html = html_report.files["document"][1].decode("utf-8")
        assert LATIN in html and NAMES["pdf"] in html
        assert external_references(html) == [] and "<script" not in html.lower()
        assert bot.left_files() == [], "html report"

        seen = len(fake.messages_to(user))
        fake.document(user, files["docx"], file_name=NAMES["docx"])
        answer = settle(seen, "docx")

        if is_available():
            seen = len(fake.messages_to(user))
            fake.photo(user, files["jpeg"], width=1240, height=1754)
            settle(seen, "photo")

            seen = len(fake.messages_to(user))
            for kind in ("jpeg", "photo"):
                fake.photo(user, files[kind], width=1240, height=1754, media_group_id="album-9")
            answer = settle(seen, "album")
        fake.press(user, report_button(answer[-1], "pdf"))
        pdf = fake.wait_for(lambda: len(fake.documents_to(user)) == 2 and fake.documents_to(user))
        assert pdf[1].files["document"][1].startswith(b"%PDF")
        assert bot.left_files() == [], "pdf report"
        log = bot.log_text()
    assert "beforeyousign.telegram" in log and "read: kind=files" in log
    assert " DEBUG " in log, "the log was captured at DEBUG"
    assert_no_secrets(log)
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    assert bot.left_files() == []
