"""The architecture, checked: imports go forward only, and the package starts cold.

The stages run ingest -> (text, language) -> analysis -> report, wired by ``pipeline``
and exposed by ``api`` and ``interfaces``. A stage may use the ones before it, never the
ones after: every module under ``src/beforeyousign`` is parsed with ``ast`` (imports
inside functions and under ``TYPE_CHECKING`` included) and its imports are checked.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = "beforeyousign"
SOURCE = Path(__file__).resolve().parents[1] / "src" / PACKAGE

LATER_THAN_TEXT = {"analysis", "report", "interfaces", "pipeline", "api", "evaluation"}
#: layer -> layers it must never import.
FORBIDDEN: dict[str, set[str]] = {
    "errors": LATER_THAN_TEXT | {"ingest", "text", "language", "knowledge", "i18n"},
    "i18n": LATER_THAN_TEXT | {"ingest"},
    "knowledge": LATER_THAN_TEXT | {"ingest"},
    "text": LATER_THAN_TEXT | {"ingest"},
    "language": LATER_THAN_TEXT | {"ingest"},
    "ingest": LATER_THAN_TEXT,
    "analysis": {"report", "interfaces", "pipeline", "api", "evaluation", "ingest"},
    "report": {"interfaces", "pipeline", "api", "evaluation"},
    "evaluation": {"interfaces", "pipeline", "api"},
    "pipeline": {"interfaces", "api"},
    "api": {"interfaces"},
    # OCR turns pictures into words; it knows nothing of documents or what they mean.
    "ocr": LATER_THAN_TEXT | {"ingest", "text", "language"},
    "contacts": LATER_THAN_TEXT | {"ingest", "text", "language", "knowledge", "i18n"},
    "batch": {"interfaces", "api"},
    "network": {"interfaces", "api", "pipeline"},
}
#: Third-party packages that must not load on ``import beforeyousign``: readers and
#: language models load when a document needs them, not when a program starts.
HEAVY = (
    "pypdf",
    "docx",
    "lxml",
    "py3langid",
    "numpy",
    "pymorphy3",
    "razdel",
    "weasyprint",
    "jinja2",
    "tesserocr",
    "PIL",
    "pypdfium2",
)


@dataclass(frozen=True)
class Module:
    name: str  # dotted, e.g. beforeyousign.ingest.pdf
    path: Path
    tree: ast.Module

    @property
    def layer(self) -> str:
        parts = self.name.split(".")
        return parts[1] if len(parts) > 1 else "__init__"

    @property
    def is_package(self) -> bool:
        return self.path.name == "__init__.py"


def _modules() -> list[Module]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        parts = list(path.relative_to(SOURCE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        found.append(Module(".".join(parts), path, tree))
    return found


MODULES = _modules()


def imported_names(module: Module) -> set[str]:
    """Every module ``module`` imports, as absolute dotted names (``from a import b`` gives
    both ``a`` and ``a.b``, since ``b`` may be a submodule)."""
    names: set[str] = set()
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.name.split(".")
                if not module.is_package:
                    package = package[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, *([base] if base else [])])
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def package_layers(names: set[str]) -> set[str]:
    """The layers of ``beforeyousign`` among ``names`` (``beforeyousign.report.model`` ->
    ``report``)."""
    return {n.split(".")[1] for n in names if n.startswith(f"{PACKAGE}.")}


def test_every_module_is_found_and_parsed() -> None:
    layers = {m.layer for m in MODULES}
    assert {"ingest", "text", "language", "analysis", "report", "interfaces"} <= layers
    assert {"pipeline", "api", "errors"} <= layers
    assert len(MODULES) > 30


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_imports_go_forward_only(layer: str) -> None:
    offenders = {
        module.name: sorted(package_layers(imported_names(module)) & FORBIDDEN[layer])
        for module in MODULES
        if module.layer == layer
    }
    assert {name: bad for name, bad in offenders.items() if bad} == {}


def test_only_the_entry_points_import_interfaces() -> None:
    importers = {
        module.name
        for module in MODULES
        if module.layer != "interfaces" and "interfaces" in package_layers(imported_names(module))
    }
    assert importers <= {f"{PACKAGE}.__main__"}


def test_interfaces_hold_no_rule_logic() -> None:
    """Adapters only: no regular expressions, nothing from the analysis internals."""
    for module in (m for m in MODULES if m.layer == "interfaces"):
        names = imported_names(module)
        assert not names & {"re", "regex"}, module.name
        assert not {n for n in names if n.startswith(f"{PACKAGE}.analysis")}, module.name
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in {"compile", "eval", "exec"}, module.name


def test_relative_imports_are_resolved() -> None:
    """The helper itself: ``from . import x`` in a package resolves inside it."""
    tree = ast.parse("from . import limits\nfrom ..text.model import Block\n")
    module = Module(f"{PACKAGE}.ingest", SOURCE / "ingest" / "__init__.py", tree)
    names = imported_names(module)
    assert f"{PACKAGE}.ingest.limits" in names
    assert f"{PACKAGE}.text.model" in names


def _loaded_after(statement: str) -> set[str]:
    """Top-level names of the modules a fresh interpreter has loaded after ``statement``."""
    code = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    process = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return {name.split(".")[0] for name in json.loads(process.stdout)}


def test_importing_the_package_is_cold() -> None:
    loaded = _loaded_after("import beforeyousign")
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
    assert "click" not in loaded  # the API does not need the command line


def test_starting_the_command_line_is_cold() -> None:
    """``beforeyousign --help`` and ``flags`` must not wait for PDF or language models."""
    loaded = _loaded_after("from beforeyousign.interfaces import cli")
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
