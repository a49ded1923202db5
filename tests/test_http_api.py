"""The HTTP API, against a real uvicorn server on loopback (``live_server``).

Every error path answers ``application/problem+json`` (RFC 9457) with its stable ``code``
and its ``detail`` in the request's language; the limits (body size, files, pages, time,
capacity, per client) each have their own answer; uploads leave nothing on disk and the
log holds no content.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from beforeyousign.errors import CorruptFile, EmptyInput
from beforeyousign.i18n import translator
from beforeyousign.interfaces.http.problem import (
    Busy,
    MalformedRequest,
    NothingToRead,
    RequestTooLarge,
    TookTooLong,
    TooManyFiles,
    TooManyPages,
    TooManyRequests,
    UnknownLanguage,
    UnsupportedMediaType,
)
from beforeyousign.ocr.tesseract import is_available
from filemakers import CONTRACT_PAGE_LINES, image_bytes, make_pdf, render_page
from live_server import LiveServer, live_server

MIB = 1024 * 1024
real_ocr = pytest.mark.skipif(
    not is_available(), reason="Tesseract data not installed (make setup installs it)"
)

CONTRACT = list(CONTRACT_PAGE_LINES)
CONTRACT_TEXT = "\n".join(CONTRACT)
SETTINGS = {"max_body_bytes": 4 * MIB, "max_files": 3, "max_pages": 4, "per_client": 0}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("http-api"), SETTINGS) as running:
        yield running


@pytest.fixture(scope="module")
def contract_png() -> bytes:
    return image_bytes(render_page(CONTRACT), "PNG")


def post(server: LiveServer, path: str = "/v1/analyse", **kwargs: Any) -> httpx.Response:
    return httpx.post(server.url + path, timeout=120, **kwargs)


def assert_problem(
    response: httpx.Response, status: int, code: str, lang: str = "en"
) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == f"/docs#problem-{code}"
    assert body["title"] and body["detail"]
    assert response.headers["content-language"] == lang
    return body


def expected_detail(error: Any, lang: str) -> str:
    """The detail as the catalog of ``lang`` words it (English until it is translated)."""
    from beforeyousign.errors import message_params

    _ = translator(lang)
    return _(error.message_id, **message_params(error.params, _))


def cyrillic(text: str) -> bool:
    return any("а" <= ch.lower() <= "я" for ch in text)


# --------------------------------------------------------------------------- what works


def test_health_and_security_headers(server: LiveServer) -> None:
    response = httpx.get(server.url + "/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    headers = response.headers
    assert headers["cache-control"] == "no-store"
    assert headers["referrer-policy"] == "no-referrer"
    assert "default-src 'none'" in headers["content-security-policy"]
    assert "server" not in headers


def test_languages_and_flags_in_the_requested_language(server: LiveServer) -> None:
    languages = httpx.get(server.url + "/v1/languages", params={"lang": "ru"}).json()
    assert languages["text_language"] == "ru"
    codes = [row["code"] for row in languages["languages"]]
    assert codes[0] == "en" and {"ru", "ne", "hi", "ar", "so"} <= set(codes)
    flags = httpx.get(server.url + "/v1/flags", params={"lang": "es"}).json()
    military = next(f for f in flags["flags"] if f["id"] == "military_service")
    assert military["title"] == translator("es")("Military service") != "Military service"
    assert military["severity"] == "critical"


def test_text_as_json(server: LiveServer) -> None:
    response = post(server, json={"text": CONTRACT_TEXT, "lang": "ne"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    report = response.json()
    assert report["verdict"]["id"] == "military_contract"
    assert report["text_language"] == "ne"
    assert report["reader_language"] == "ne"
    assert "military_service" in [f["id"] for f in report["flags"]]
    assert "unreadable_language" in [f["id"] for f in report["flags"]]


def test_text_without_lang_follows_accept_language(server: LiveServer) -> None:
    response = post(
        server, json={"text": CONTRACT_TEXT}, headers={"Accept-Language": "hi;q=0.9, xx"}
    )
    report = response.json()
    assert report["text_language"] == "hi"
    assert report["reader_language"] is None  # not chosen: no "paper in another language"


def test_text_as_a_form_field(server: LiveServer) -> None:
    response = post(server, data={"text": CONTRACT_TEXT, "lang": "es"})
    assert response.status_code == 200, response.text
    assert response.json()["text_language"] == "es"


@real_ocr
def test_a_photo_of_a_contract(server: LiveServer, contract_png: bytes) -> None:
    response = post(
        server, files={"file": ("page1.png", contract_png, "image/png")}, data={"lang": "ru"}
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["verdict"]["id"] == "military_contract"
    assert cyrillic(report["verdict"]["text"])
    assert report["source"]["media_type"].startswith("image/")
    assert "document_retention" in [f["id"] for f in report["flags"]]


@real_ocr
def test_photos_of_two_pages_are_one_paper_in_order(server: LiveServer) -> None:
    first = image_bytes(render_page(CONTRACT[:6]), "JPEG", quality=70)
    second = image_bytes(render_page(CONTRACT[6:]), "JPEG", quality=70)
    files = [("file", ("p1.jpg", first, "image/jpeg")), ("file", ("p2.jpg", second, "image/jpeg"))]
    report = post(server, files=files, params={"lang": "en"}).json()
    assert report["source"]["name"] == "p1.jpg + p2.jpg"
    passport = next(f for f in report["flags"] if f["id"] == "document_retention")
    pages = {box["page"] for e in passport["evidence"] for box in e["boxes"]}
    assert pages == {1, 2}


@real_ocr
def test_an_upload_over_a_megabyte_never_touches_the_disk(server: LiveServer) -> None:
    """Starlette spools an upload over 1 MB to a temporary file by default; this service
    keeps it in memory.  The body is sent in two parts with a pause between them: while
    the server holds the first 1.5 MB, nothing of it may be in its temporary folder, not
    even as an unlinked file it holds open."""
    big = image_bytes(render_page(CONTRACT).convert("RGB"), "PNG", compress_level=0)
    assert 3 * MIB // 2 < len(big) < SETTINGS["max_body_bytes"]
    request = httpx.Request("POST", server.url + "/v1/analyse",
                            files={"file": ("big.png", big, "image/png")})  # fmt: skip
    body = request.read()
    seen_on_disk: list[str] = []

    def slowly() -> Iterator[bytes]:
        yield body[: 3 * MIB // 2]
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            seen_on_disk.extend(server.temp_files())
            time.sleep(0.05)
        yield body[3 * MIB // 2 :]

    headers = {"Content-Type": request.headers["content-type"]}
    response = post(server, content=slowly(), headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["verdict"]["id"] == "military_contract"
    assert seen_on_disk == []
    assert server.temp_files() == []


def test_a_pdf(server: LiveServer) -> None:
    response = post(server, files={"file": ("c.pdf", make_pdf([CONTRACT_TEXT]), "x/y")})
    assert response.json()["verdict"]["id"] == "military_contract"


# ------------------------------------------------------------------------ what is refused


def test_body_too_large_by_content_length(server: LiveServer) -> None:
    data = b"x" * (SETTINGS["max_body_bytes"] + 1)
    response = post(server, files={"file": ("big.txt", data, "text/plain")}, data={"lang": "ru"},
                    params={"lang": "ru"})  # fmt: skip
    body = assert_problem(response, 413, "request_too_large", "ru")
    assert body["detail"] == expected_detail(RequestTooLarge(limit="4"), "ru")


def test_body_too_large_without_content_length(server: LiveServer) -> None:
    """Chunked: no size announced, so the bytes are counted as they come."""

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(5):
            yield b"x" * MIB
        yield b'"}'

    response = post(
        server, content=chunks(), headers={"Content-Type": "application/json"},
        params={"lang": "ru"},
    )  # fmt: skip
    assert "content-length" not in response.request.headers
    assert_problem(response, 413, "request_too_large", "ru")


def test_wrong_kind_of_file(server: LiveServer) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("music.mp3", b"ID3" + bytes(100))
    response = post(server, files={"file": ("x.zip", archive.getvalue(), "application/zip")},
                    data={"lang": "ru"})  # fmt: skip
    body = assert_problem(response, 415, "unsupported_format", "ru")
    assert cyrillic(body["detail"])
    assert "x.zip" in body["detail"]


def test_wrong_content_type(server: LiveServer) -> None:
    response = post(server, content=CONTRACT_TEXT.encode(), headers={"Content-Type": "text/plain"},
                    params={"lang": "ru"})  # fmt: skip
    body = assert_problem(response, 415, "unsupported_media_type", "ru")
    assert body["detail"] == expected_detail(UnsupportedMediaType(), "ru")


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"files": {"file": ("empty.txt", b"", "text/plain")}}, "empty.txt"),
        ({"json": {"text": "  \n "}}, "text"),
    ],
)
def test_empty_input(server: LiveServer, kwargs: dict[str, Any], name: str) -> None:
    response = post(server, params={"lang": "ru"}, **kwargs)
    body = assert_problem(response, 422, "empty_input", "ru")
    assert body["detail"] == expected_detail(EmptyInput(name=name), "ru")
    assert cyrillic(body["detail"])


def test_corrupt_pdf(server: LiveServer) -> None:
    broken = make_pdf([CONTRACT_TEXT])[:400]
    response = post(server, files={"file": ("c.pdf", broken, "application/pdf")},
                    data={"lang": "ru"})  # fmt: skip
    body = assert_problem(response, 422, "corrupt_file", "ru")
    assert body["detail"] == expected_detail(CorruptFile(name="c.pdf", kind="PDF"), "ru")
    assert cyrillic(body["detail"])


def test_nothing_sent(server: LiveServer) -> None:
    response = post(server, data={"lang": "ru"})
    body = assert_problem(response, 400, "nothing_to_read", "ru")
    assert body["detail"] == expected_detail(NothingToRead(), "ru")


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'{"text": 5}'])
def test_malformed_json(server: LiveServer, content: bytes) -> None:
    response = post(server, content=content, headers={"Content-Type": "application/json"})
    body = assert_problem(response, 400, "malformed_request")
    assert body["detail"] == expected_detail(MalformedRequest(), "en")


def test_too_many_files(server: LiveServer) -> None:
    files = [("file", (f"{n}.txt", CONTRACT_TEXT.encode(), "text/plain")) for n in range(4)]
    response = post(server, files=files, data={"lang": "ru"}, params={"lang": "ru"})
    body = assert_problem(response, 413, "too_many_files", "ru")
    assert body["detail"] == expected_detail(TooManyFiles(limit=3), "ru")


def test_too_many_pages(server: LiveServer) -> None:
    pdf = make_pdf([f"Страница {n}. Контракт о прохождении военной службы." for n in range(5)])
    response = post(server, files={"file": ("long.pdf", pdf, "application/pdf")},
                    data={"lang": "ru"})  # fmt: skip
    body = assert_problem(response, 413, "too_many_pages", "ru")
    assert body["detail"] == expected_detail(TooManyPages(limit=4), "ru")


@pytest.mark.parametrize("lang", ["xx", "русский", "english", "q1"])
def test_unknown_language(server: LiveServer, lang: str) -> None:
    response = post(
        server, json={"text": CONTRACT_TEXT, "lang": lang}, headers={"Accept-Language": "ru"}
    )
    body = assert_problem(response, 400, "unknown_language", "ru")
    assert body["detail"] == expected_detail(UnknownLanguage(language=lang), "ru")
    response = httpx.get(server.url + "/v1/flags", params={"lang": lang})
    assert_problem(response, 400, "unknown_language")


def test_a_language_without_a_catalog_falls_back_to_english(server: LiveServer) -> None:
    report = post(server, json={"text": CONTRACT_TEXT, "lang": "pt-BR"}).json()
    assert report["text_language"] == "en"
    assert report["text_language_fallback"] == {"requested": "pt", "used": "en"}


def test_unknown_address_and_method(server: LiveServer) -> None:
    assert_problem(httpx.get(server.url + "/v2/nothing", params={"lang": "ru"}), 404,
                   "not_found", "ru")  # fmt: skip
    response = httpx.get(server.url + "/v1/analyse")
    assert_problem(response, 405, "method_not_allowed")
    assert "POST" in response.headers["allow"]


# ----------------------------------------------------------- capacity, clients and time


def _client(address: str) -> httpx.Client:
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=120)


def _in_flight(server: LiveServer) -> int:
    return int(httpx.get(server.url + "/healthz").json()["in_flight"])


def _wait_for(condition: Any, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.02)


@real_ocr
def test_past_capacity_503_and_per_client_429(tmp_path: Path, contract_png: bytes) -> None:
    """One worker and one place in the queue: a second request from the same client is
    429, a third request while two are in is 503, both with Retry-After."""
    settings = {"workers": 1, "queue": 1, "per_client": 1, "warm_up": False,
                "retry_after_seconds": 7}  # fmt: skip
    slow = [("file", (f"{n}.png", contract_png, "image/png")) for n in range(4)]
    with live_server(tmp_path, settings) as server, ThreadPoolExecutor(2) as pool:
        first_client, second_client, third_client = (
            _client("127.0.0.1"), _client("127.0.0.2"), _client("127.0.0.3"),
        )  # fmt: skip
        url = server.url + "/v1/analyse"
        first = pool.submit(first_client.post, url, files=slow)
        _wait_for(lambda: _in_flight(server) == 1)
        again = first_client.post(url, json={"text": CONTRACT_TEXT}, params={"lang": "ru"})
        body = assert_problem(again, 429, "too_many_requests", "ru")
        assert again.headers["retry-after"] == "7"
        assert body["detail"] == expected_detail(TooManyRequests(), "ru")
        second = pool.submit(second_client.post, url, json={"text": CONTRACT_TEXT})
        _wait_for(lambda: _in_flight(server) == 2)
        busy = third_client.post(url, json={"text": CONTRACT_TEXT}, params={"lang": "ru"})
        body = assert_problem(busy, 503, "busy", "ru")
        assert busy.headers["retry-after"] == "7"
        assert body["detail"] == expected_detail(Busy(), "ru")
        assert first.result().json()["verdict"]["id"] == "military_contract"
        assert second.result().status_code == 200
        _wait_for(lambda: _in_flight(server) == 0)
        health = httpx.get(server.url + "/healthz").json()
        assert health["refused"] == 2
        # Room again: the next request is served.
        assert third_client.post(url, json={"text": CONTRACT_TEXT}).status_code == 200
        for client in (first_client, second_client, third_client):
            client.close()


@real_ocr
def test_past_the_time_limit_503_and_the_place_is_freed_when_done(
    tmp_path: Path, contract_png: bytes
) -> None:
    settings = {"workers": 1, "queue": 0, "timeout_seconds": 0.3, "warm_up": False}
    slow = [("file", (f"{n}.png", contract_png, "image/png")) for n in range(3)]
    with live_server(tmp_path, settings) as server:
        response = post(server, files=slow, params={"lang": "ru"})
        body = assert_problem(response, 503, "took_too_long", "ru")
        assert body["detail"] == expected_detail(TookTooLong(), "ru")
        assert int(response.headers["retry-after"]) > 0
        _wait_for(lambda: _in_flight(server) == 0)


# ----------------------------------------------------------------- privacy, documentation


def test_the_log_holds_no_content(server: LiveServer) -> None:
    secret = "Секретный текст SECRETWORD контракта"
    post(server, json={"text": secret}, params={"lang": "ru", "note": "SECRETQUERY"})
    post(server, files={"file": ("SECRETNAME.txt", secret.encode(), "text/plain")})
    httpx.get(server.url + "/SECRETPATH")
    time.sleep(0.2)
    log = server.log_text()
    for marker in ("SECRETWORD", "SECRETQUERY", "SECRETNAME", "SECRETPATH", "Секретный"):
        assert marker not in log
    assert "POST /v1/analyse 200" in log
    assert "api analysis: files=1" in log
    assert server.temp_files() == []


def test_docs_load_nothing_from_elsewhere(server: LiveServer) -> None:
    page = httpx.get(server.url + "/docs")
    assert page.status_code == 200
    html = page.text
    assert "<script" not in html
    assert "src=" not in html
    for link in html.split('href="')[1:]:
        assert link.startswith(("/", "#")), link[:60]
    assert "/v1/analyse" in html and 'id="problem-too_many_pages"' in html
    spec = httpx.get(server.url + "/openapi.json").json()
    assert {"/v1/analyse", "/v1/languages", "/v1/flags", "/healthz"} <= set(spec["paths"])
    body = spec["paths"]["/v1/analyse"]["post"]["requestBody"]["content"]
    assert {"multipart/form-data", "application/json"} <= set(body)
    assert json.dumps(spec).count("application/problem+json") >= 6


# ------------------------------------------------------------------ without a server


def test_an_unexpected_error_is_a_500_problem_and_its_message_is_not_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The outermost middleware has the last word: a bug answers a problem in the
    reader's language, and the log names the error's type and place, not its message
    (which could quote the paper)."""
    import asyncio

    from beforeyousign.interfaces.http.app import Guard

    async def broken(scope: Any, receive: Any, send: Any) -> None:
        raise ValueError("SECRET quoted from the paper")

    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/x", "query_string": b"lang=ru",
             "headers": []}  # fmt: skip
    with caplog.at_level("INFO", logger="beforeyousign.http"):
        asyncio.run(Guard(broken)(scope, receive, send))
    assert sent[0]["status"] == 500
    headers = dict(sent[0]["headers"])
    assert headers[b"content-type"] == b"application/problem+json"
    assert headers[b"cache-control"] == b"no-store"
    body = json.loads(sent[1]["body"])
    assert body["code"] == "internal" and body["status"] == 500
    assert "SECRET" not in caplog.text
    assert "unexpected ValueError at test_http_api.py:" in caplog.text


def test_the_serve_command_is_there() -> None:
    from click.testing import CliRunner

    from beforeyousign.interfaces.cli import main

    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--max-pages" in result.output and "--per-client" in result.output


def test_the_analysis_reads_under_the_time_the_request_has_left() -> None:
    """A worker stops reading pages when its client has stopped waiting: the job runs
    under a reading deadline no later than the request's own time limit."""
    import asyncio

    from beforeyousign.ingest import deadline
    from beforeyousign.interfaces.http.pool import WorkerPool

    async def left_in_worker(timeout: float) -> float | None:
        pool = WorkerPool(workers=1, capacity=1, per_client=0, retry_after=1)
        try:
            return await pool.run("client", timeout, deadline.remaining)
        finally:
            pool.shutdown()

    left = asyncio.run(left_in_worker(30.0))
    assert left is not None and 0 < left <= 30.0
    assert deadline.remaining() is None  # nothing leaks into the caller's context
