"""Nothing is sent anywhere: the whole pipeline runs with the network cut off.

The promise in ``beforeyousign --help`` ("nothing is sent anywhere") is checked by
replacing every way to reach the network with a trap that records the call and raises.
Recording matters: a library could swallow the exception and carry on, and the test must
still fail. The in-process tests cover the warm paths; one fresh interpreter, with the
traps set before anything is imported, covers imports and first-use loading too.

The processes people run are checked as processes: the ``beforeyousign`` command here,
and the web service and the bot wherever ``live_server`` and ``bot_process`` start them
(``test_keep_nothing.py``, ``test_http_api.py``, ``test_web_page.py``, ``test_load.py``),
under the guard of ``netguard.py``: an audit hook installed by ``sitecustomize`` before
any import, which allows loopback only and records and refuses anything else, name
lookups included. The first test here shows that it catches a deliberate attempt.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from beforeyousign import analyse, analyse_text
from beforeyousign.interfaces.cli import main
from beforeyousign.ocr.tesseract import is_available
from filemakers import image_bytes, make_docx, make_pdf, render_page
from live_server import left_files, private_env
from netguard import armed_pids, attempts, external_references

DEV_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"

CONTRACT = (
    "КОНТРАКТ\n"
    "о прохождении военной службы\n"
    "Гражданин Республики Гана Менса Кофи и Министерство обороны Российской Федерации "
    "заключили настоящий контракт.\n"
    "1. Гражданин обязуется проходить военную службу в течение одного года в зоне "
    "проведения специальной военной операции.\n"
    "2. Паспорт передаётся на хранение командиру воинской части.\n"
)
CHAT = (
    "[12.03.24, 10:15] Agent: Helpers needed for army camp in Russia, salary 2 lakh per month\n"
    "[12.03.24, 10:16] Agent: Visa and ticket cost cut from first salary. Only 3 seats left\n"
)

#: What reaches the network: socket methods (connections, datagrams) and module functions
#: (name lookups, connections).
SOCKET_METHODS = ("connect", "connect_ex", "sendto")
SOCKET_FUNCTIONS = ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex")
TRAPPED: list[tuple[object, str]] = [(socket.socket, name) for name in SOCKET_METHODS] + [
    (socket, name) for name in SOCKET_FUNCTIONS
]


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    calls: list[str] = []
    for owner, name in TRAPPED:

        def trap(*args: object, _name: str = name, **kwargs: object) -> None:
            calls.append(_name)
            raise NetworkUsed(f"network call: {_name}")

        monkeypatch.setattr(owner, name, trap)
    yield calls
    assert calls == [], f"the pipeline tried to reach the network: {calls}"


def test_the_traps_work(no_network: list[str]) -> None:
    with pytest.raises(NetworkUsed):
        socket.getaddrinfo("example.org", 443)
    with pytest.raises(NetworkUsed), socket.socket() as sock:
        sock.connect(("192.0.2.1", 80))
    assert len(no_network) == 2
    no_network.clear()


def test_api_on_a_pdf_a_docx_and_text(no_network: list[str]) -> None:
    pdf = analyse(make_pdf([CONTRACT]), name="contract.pdf")
    assert pdf.verdict.id == "military_contract"
    docx = analyse(make_docx(CONTRACT.splitlines()), name="contract.docx", reader_lang="en")
    assert "unreadable_language" in docx.flag_ids
    chat = analyse_text(CHAT)
    assert "military_service" in chat.flag_ids


def test_cli_check_and_flags(no_network: list[str], tmp_path: Path) -> None:
    pdf = tmp_path / "contract.pdf"
    pdf.write_bytes(make_pdf([CONTRACT]))
    text = tmp_path / "chat.txt"
    text.write_text(CHAT, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["check", "--format", "json", str(pdf), str(text)])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 2
    result = runner.invoke(main, ["check", str(text)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["flags"]).exit_code == 0


@pytest.mark.skipif(not (DEV_CORPUS / "labels.jsonl").is_file(), reason="no dev corpus")
def test_cli_eval(no_network: list[str]) -> None:
    result = CliRunner().invoke(main, ["eval", str(DEV_CORPUS)])
    assert result.exit_code == 0, result.output


def test_fresh_interpreter_with_the_network_cut_off(tmp_path: Path) -> None:
    """Traps set before ``beforeyousign`` is imported: model and dictionary loading on
    first use, and every import, run offline too."""
    pdf = tmp_path / "contract.pdf"
    pdf.write_bytes(make_pdf([CONTRACT]))
    script = textwrap.dedent(
        f"""
        import json, socket, sys
        calls = []
        def trap(name):
            def call(*args, **kwargs):
                calls.append(name)
                raise OSError("network is cut off in this test: " + name)
            return call
        for name in {SOCKET_METHODS!r}:
            setattr(socket.socket, name, trap(name))
        for name in {SOCKET_FUNCTIONS!r}:
            setattr(socket, name, trap(name))
        try:
            socket.getaddrinfo("example.org", 443)
        except OSError:
            pass
        assert calls == ["getaddrinfo"], calls  # the traps are set
        calls.clear()
        import beforeyousign
        from click.testing import CliRunner
        from beforeyousign.interfaces.cli import main
        report = beforeyousign.analyse({str(pdf)!r})
        text = beforeyousign.analyse_text({CHAT!r}, reader_lang="ru")
        result = CliRunner().invoke(main, ["check", "--format", "json", {str(pdf)!r}])
        print(json.dumps({{"calls": calls, "verdict": report.verdict.id,
                           "chat": list(text.flag_ids), "cli": result.exit_code}}))
        """
    )
    env = {**os.environ, "LANGUAGE": "en"}
    process = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert process.returncode == 0, process.stderr
    outcome = json.loads(process.stdout.splitlines()[-1])
    assert outcome["calls"] == []
    assert outcome["verdict"] == "military_contract"
    assert "military_service" in outcome["chat"]
    assert outcome["cli"] == 0


# --- processes, under the guard -------------------------------------------------------------

DELIBERATE = """
import json, socket, sys, urllib.request
import beforeyousign, httpx  # the guard is set before any import
allowed = []
for bound, host in (("127.0.0.1", "127.0.0.1"), ("127.0.0.1", "localhost"),
                    ("127.0.0.2", "127.0.0.2")):
    listener = socket.socket()
    listener.bind((bound, 0))
    listener.listen()
    socket.create_connection((host, listener.getsockname()[1]), timeout=5).close()
    listener.close()
    allowed.append(host)
refused = []
attempts = {
    "connect": lambda: socket.socket().connect(("192.0.2.1", 80)),
    "connect_ex": lambda: socket.socket().connect_ex(("10.1.2.3", 80)),
    "dns": lambda: socket.getaddrinfo("example.org", 443),
    "gethostbyname": lambda: socket.gethostbyname("example.org"),
    "udp": lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("192.0.2.1", 53)),
    "ipv6": lambda: socket.socket(socket.AF_INET6).connect(("2001:db8::1", 80, 0, 0)),
    "urllib": lambda: urllib.request.urlopen("http://example.org/", timeout=5),
    "httpx": lambda: httpx.get("https://192.0.2.1/", timeout=5),
}
for name, attempt in attempts.items():
    try:
        attempt()
    except Exception as error:  # refused: OSError, or the library's own error around it
        refused.append(name)
print(json.dumps({"allowed": allowed, "refused": refused}))
"""


def test_the_guard_refuses_and_records_a_deliberate_attempt(tmp_path: Path) -> None:
    """The guard of every process test, shown to work: it is armed before the first
    import, lets loopback through, and records and refuses every other address and every
    name lookup beyond ``localhost``, whichever library asks."""
    env, folders = private_env(tmp_path, "deliberate")
    process = subprocess.run([sys.executable, "-c", DELIBERATE], capture_output=True,
                             text=True, env=env, timeout=120, check=False)  # fmt: skip
    assert process.returncode == 0, process.stderr
    outcome = json.loads(process.stdout.splitlines()[-1])
    assert outcome["allowed"] == ["127.0.0.1", "localhost", "127.0.0.2"]
    assert outcome["refused"] == ["connect", "connect_ex", "dns", "gethostbyname", "udp",
                                  "ipv6", "urllib", "httpx"]  # fmt: skip
    recorded = attempts(folders["guard"])
    assert {(r["event"], str(r["target"])) for r in recorded} >= {
        ("socket.connect", "['192.0.2.1', 80]"),
        ("socket.connect", "['10.1.2.3', 80]"),
        ("socket.getaddrinfo", "example.org"),
        ("socket.gethostbyname", "example.org"),
        ("socket.sendto", "['192.0.2.1', 53]"),
        ("socket.connect", "['2001:db8::1', 80, 0, 0]"),
        ("socket.getaddrinfo", "192.0.2.1"),
    }
    assert len(armed_pids(folders["guard"])) == 1


def run_cli(
    args: list[str], env: dict[str, str], cwd: Path, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "beforeyousign", *args], input=stdin,
                          capture_output=True, env=env, cwd=cwd, timeout=300,
                          check=False)  # fmt: skip


def test_the_command_as_a_process_reaches_nothing_and_keeps_nothing(tmp_path: Path) -> None:
    """``beforeyousign check`` as people run it: every input kind, every report format
    but audio, each run a fresh process under the guard, with fresh TMPDIR, HOME, cache
    and working directory that must stay empty; the HTML report refers to nothing
    outside itself."""
    papers = tmp_path / "papers"
    papers.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (papers / "contract.pdf").write_bytes(make_pdf([CONTRACT]))
    (papers / "contract.docx").write_bytes(make_docx(CONTRACT.splitlines()))
    (papers / "chat.txt").write_text(CHAT, encoding="utf-8")
    inputs = [str(papers / name) for name in ("contract.pdf", "contract.docx", "chat.txt")]
    if is_available():
        page = render_page(CONTRACT.splitlines()[:4])
        (papers / "page.jpg").write_bytes(image_bytes(page.convert("RGB"), "JPEG", quality=85))
        inputs.append(str(papers / "page.jpg"))
    env, folders = private_env(tmp_path, "cli")
    env["LANGUAGE"] = "en"
    runs = {
        "json": run_cli(["check", "--format", "json", *inputs], env, folders["cwd"]),
        "text": run_cli(["check", "--lang", "ne", inputs[0]], env, folders["cwd"]),
        "stdin": run_cli(["check", "-"], env, folders["cwd"], stdin=CHAT.encode()),
        "html": run_cli(
            ["check", "--format", "html", "--lang", "es", inputs[0]], env, folders["cwd"]
        ),
        "pdf": run_cli(
            ["check", "--format", "pdf", "-o", str(out / "r.pdf"), inputs[0]], env, folders["cwd"]
        ),
        "flags": run_cli(["flags"], env, folders["cwd"]),
    }
    for name, run in runs.items():
        assert run.returncode == 0, (name, run.stderr.decode(errors="replace"))
    lines = runs["json"].stdout.decode().splitlines()
    assert len(lines) == len(inputs)
    assert json.loads(lines[0])["verdict"]["id"] == "military_contract"
    html = runs["html"].stdout.decode("utf-8")
    assert "<html" in html and external_references(html) == []
    assert "<script" not in html.lower()
    assert (out / "r.pdf").read_bytes().startswith(b"%PDF")
    assert len(armed_pids(folders["guard"])) == len(runs), "every run was guarded"
    assert attempts(folders["guard"]) == []
    private = tuple(folders[name] for name in ("tmp", "home", "cache", "cwd"))
    assert left_files(None, private) == []
