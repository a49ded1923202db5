"""Nothing is sent anywhere: the whole pipeline runs with the network cut off.

The promise in ``beforeyousign --help`` ("nothing is sent anywhere") is checked by
replacing every way to reach the network with a trap that records the call and raises.
Recording matters: a library could swallow the exception and carry on, and the test must
still fail. The in-process tests cover the warm paths; one fresh interpreter, with the
traps set before anything is imported, covers imports and first-use loading too.
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
from filemakers import make_docx, make_pdf

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
