"""The web page, against a real server on loopback: first as HTML over HTTP, then end to
end in headless Chromium (Debian's, driven by Playwright) on a phone-sized screen, with
and without JavaScript.

The browser tests save screenshots of the result page under ``tests/out/`` (ignored by
git) for a person to look at.  They are skipped, saying why, only when Chromium or
Playwright is not installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from beforeyousign.i18n import translator
from beforeyousign.interfaces.http.pages import ANOTHER, FORM_TEXTS
from beforeyousign.ocr.tesseract import is_available
from filemakers import CONTRACT_PAGE_LINES, image_bytes, render_page
from live_server import LiveServer, live_server
from netguard import external_references

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
OUT = Path(__file__).parent / "out"
VERDICT = "This is a contract for MILITARY SERVICE in the armed forces."

CONTRACT = list(CONTRACT_PAGE_LINES)
CONTRACT_TEXT = "\n".join(CONTRACT)

real_ocr = pytest.mark.skipif(
    not is_available(), reason="Tesseract data not installed (make setup installs it)"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("web-page"), {"per_client": 0}) as running:
        yield running


@pytest.fixture(scope="module")
def contract_png() -> bytes:
    return image_bytes(render_page(CONTRACT), "PNG")


# ------------------------------------------------------------------ the page, over HTTP


def test_the_form_in_the_browser_language(server: LiveServer) -> None:
    response = httpx.get(server.url + "/", headers={"Accept-Language": "ne-NP, en;q=0.5"})
    assert response.status_code == 200
    html = response.text
    assert '<html lang="ne" dir="ltr">' in html
    assert translator("ne")(FORM_TEXTS["heading"]) in html
    assert 'enctype="multipart/form-data"' in html and 'action="/read?lang=ne"' in html
    assert 'type="file" name="file" multiple accept="image/*,application/pdf' in html
    assert "<script" not in html and "http://" not in html and "https://" not in html
    assert response.headers["cache-control"] == "no-store"
    assert "form-action 'self'" in response.headers["content-security-policy"]


def test_lang_in_the_address_wins_and_arabic_is_right_to_left(server: LiveServer) -> None:
    html = httpx.get(server.url + "/?lang=ar", headers={"Accept-Language": "ru"}).text
    assert '<html lang="ar" dir="rtl">' in html
    assert '<option value="ar" lang="ar" selected>' in html
    # A value that is not a language is passed over on the page, not an error.
    html = httpx.get(server.url + "/?lang=<b>", headers={"Accept-Language": "ru"}).text
    assert '<html lang="ru"' in html and "<b>" not in html


def test_posting_pasted_text_gives_the_report(server: LiveServer) -> None:
    response = httpx.post(
        server.url + "/read",
        files={"text": (None, CONTRACT_TEXT), "lang": (None, "hi"), "file": ("", b"")},
        timeout=120,
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    _ = translator("hi")
    assert '<html lang="hi"' in html
    assert _(VERDICT) in html
    assert f'<a href="/?lang=hi">{_(ANOTHER)}</a>' in html


def test_an_error_shows_the_form_again_in_the_reader_language(server: LiveServer) -> None:
    response = httpx.post(
        server.url + "/read",
        files={"file": ("empty.txt", b"", "text/plain"), "lang": (None, "ru"),
               "text": (None, "")},
        timeout=60,
    )  # fmt: skip
    assert response.status_code == 422
    html = response.text
    assert 'class="error"' in html and "empty.txt" in html
    assert '<html lang="ru"' in html
    response = httpx.post(server.url + "/read", files={"lang": (None, "es"), "text": (None, " ")})
    assert response.status_code == 400
    assert '<html lang="es"' in response.text and 'class="error"' in response.text


def test_reloading_the_report_address_goes_back_to_the_form(server: LiveServer) -> None:
    response = httpx.get(server.url + "/read")
    assert response.status_code == 303 and response.headers["location"] == "/"


# --------------------------------------------------------------- the page, in a browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium (CI installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as playwright:
        # launch() starts Chromium with a fresh, temporary profile (user-data dir).
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def requests_seen() -> list[str]:
    return []


def phone_page(
    browser: Browser, server: LiveServer, seen: list[str], *, javascript: bool = True
) -> Page:
    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        java_script_enabled=javascript,
        locale="en-GB",
    )
    context.on("request", lambda request: seen.append(request.url))
    return context.new_page()


def submit(page: Page) -> Any:
    with page.expect_navigation():
        page.click("button[type=submit]")
    return page


def only_this_server(seen: list[str], server: LiveServer) -> None:
    elsewhere = [url for url in seen if not url.startswith((server.url, "data:"))]
    assert elsewhere == [], f"the page reached beyond the server: {elsewhere}"


@real_ocr
def test_choose_a_language_upload_a_photo_see_the_verdict(
    browser: Browser, server: LiveServer, contract_png: bytes, requests_seen: list[str]
) -> None:
    page = phone_page(browser, server, requests_seen)
    page.goto(server.url + "/")
    assert page.get_attribute("html", "lang") == "en"
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "web-form-390x844.png"))
    page.select_option("#lang", "es")
    page.set_input_files(
        "#file", files=[{"name": "page1.png", "mimeType": "image/png", "buffer": contract_png}]
    )
    submit(page)
    _ = translator("es")
    assert page.get_attribute("html", "lang") == "es"
    assert page.inner_text(".verdict").strip() == _(VERDICT)
    assert page.locator("#pages img").count() == 1  # the photo, with the warnings marked
    page.screenshot(path=str(OUT / "web-report-390x844.png"))
    page.screenshot(path=str(OUT / "web-report-390x844-full.png"), full_page=True)
    only_this_server(requests_seen, server)
    page.context.close()


def test_pick_the_language_by_its_name_then_paste_text(
    browser: Browser, server: LiveServer, requests_seen: list[str]
) -> None:
    page = phone_page(browser, server, requests_seen)
    page.goto(server.url + "/")
    with page.expect_navigation():
        page.click("nav.langs a[hreflang=ne]")
    _ = translator("ne")
    assert page.get_attribute("html", "lang") == "ne"
    assert page.inner_text("h1") == _(FORM_TEXTS["heading"])
    assert page.input_value("#lang") == "ne"
    page.click("#paste summary")  # the text box opens: a <details>, no script
    page.fill("#text", CONTRACT_TEXT)
    submit(page)
    assert page.inner_text(".verdict").strip() == _(VERDICT)
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "web-report-text-ne-390x844.png"))
    with page.expect_navigation():
        page.click("nav.bys-back a")
    assert page.get_attribute("html", "lang") == "ne"
    only_this_server(requests_seen, server)
    page.context.close()


@real_ocr
def test_the_page_works_with_javascript_switched_off(
    browser: Browser, server: LiveServer, contract_png: bytes, requests_seen: list[str]
) -> None:
    page = phone_page(browser, server, requests_seen, javascript=False)
    page.goto(server.url + "/?lang=ar")
    assert page.get_attribute("html", "dir") == "rtl"
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "web-form-ar-390x844.png"))
    page.set_input_files(
        "#file", files=[{"name": "p.png", "mimeType": "image/png", "buffer": contract_png}]
    )
    submit(page)
    assert page.inner_text(".verdict").strip() == translator("ar")(VERDICT)
    page.goto(server.url + "/?lang=ru")
    page.click("#paste summary")
    page.fill("#text", CONTRACT_TEXT)
    submit(page)
    assert page.inner_text(".verdict").strip() == translator("ru")(VERDICT)
    only_this_server(requests_seen, server)
    page.context.close()


def test_an_error_in_the_browser(
    browser: Browser, server: LiveServer, requests_seen: list[str]
) -> None:
    page = phone_page(browser, server, requests_seen)
    page.goto(server.url + "/?lang=ru")
    submit(page)  # nothing chosen, nothing pasted
    assert page.is_visible("#error")
    assert page.get_attribute("html", "lang") == "ru"
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "web-error-390x844.png"))
    page.context.close()


def intercepted(page: Page, allowed: str) -> list[str]:
    """Every request the page makes past ``allowed`` (its own address) or a ``data:`` URL
    is recorded and aborted: nothing can leave, and the test sees what tried."""
    tried: list[str] = []

    def route(route: Any) -> None:
        url = route.request.url
        if url == allowed or url.startswith("data:"):
            route.continue_()
        else:
            tried.append(url)
            route.abort()

    page.route("**/*", route)
    return tried


def serve_page(html: str) -> Any:
    def fulfill(route: Any) -> None:
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

    return fulfill


def test_the_report_pages_load_nothing_from_elsewhere(
    browser: Browser, server: LiveServer, tmp_path: Path
) -> None:
    """The web page's result and the command's ``--format html`` report, in Chromium with
    every request intercepted: the page itself is the only request. The HTML refers to
    nothing outside itself (parsed), and the web answer's Content-Security-Policy would
    block anything that did."""
    import subprocess
    import sys

    response = httpx.post(
        server.url + "/read",
        files={"text": (None, CONTRACT_TEXT), "lang": (None, "en"), "file": ("", b"")},
        timeout=120,
    )
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "img-src data:" in policy
    assert "script-src" not in policy and "connect-src" not in policy
    web_report = response.text
    paper = tmp_path / "contract.txt"
    paper.write_text(CONTRACT_TEXT, encoding="utf-8")
    command = subprocess.run(
        [sys.executable, "-m", "beforeyousign", "check", "--format", "html", "--lang", "en",
         str(paper)],
        capture_output=True, timeout=300, check=True,
    )  # fmt: skip
    cli_report = command.stdout.decode("utf-8")
    for name, html in (("web", web_report), ("cli", cli_report)):
        assert external_references(html) == [], name
        address = f"{server.url}/report-{name}.html"  # served by the route, not the server
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        tried = intercepted(page, address)
        page.route(address, serve_page(html))
        page.goto(address)
        page.wait_for_load_state("networkidle")
        assert page.inner_text(".verdict").strip() == VERDICT, name
        assert tried == [], f"{name}: the report tried to load {tried}"
        context.close()


def test_nothing_is_left_in_the_temporary_folder(server: LiveServer) -> None:
    assert server.temp_files() == []
