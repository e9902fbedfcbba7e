"""The package's layers, read from the imports themselves (by AST, so no import is missed).

dashboard/
  schema, errors                 shared names and errors
  text/                          word patterns, dates, union-find
  io/                            the only module touching files: read, write/load tables, shipped data
  article/                       per-article stages
  corpus/                        cross-outlet analysis
  vocabularies, pipeline         the library: vocabularies loaded at the edge, folder in, tables out
  cli, preprocess                the command line
  ui/, app.py                    the app
Arrows point down the list only, and nothing imports the command line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "dashboard"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, absolute, including ``from X import module`` forms."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


FILES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
MODULES = {name: _imports(path) for name, path in FILES.items()}

# Each layer may import only the layers listed after it.
LAYERS = [
    ("app", ("dashboard.app", "dashboard.ui")),
    ("cli", ("dashboard.cli", "dashboard.preprocess")),
    ("library", ("dashboard.pipeline", "dashboard.vocabularies")),
    ("corpus", ("dashboard.corpus",)),
    ("article", ("dashboard.article",)),
    ("io", ("dashboard.io",)),
    ("text", ("dashboard.text",)),
    ("base", ("dashboard.schema", "dashboard.errors", "dashboard")),
]


def _layer(module: str) -> int:
    for rank, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    raise AssertionError(f"{module} belongs to no layer")


def _own(imports: set[str]) -> set[str]:
    return {m for m in imports if m == "dashboard" or m.startswith("dashboard.")}


def _is_module(name: str) -> bool:
    """``from dashboard.x import y`` names module ``dashboard.x.y`` only when it exists."""
    return name in MODULES


def test_every_module_is_in_a_layer():
    for module in MODULES:
        _layer(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down_the_layers(module):
    rank = _layer(module)
    upward = sorted(
        imported
        for imported in _own(MODULES[module])
        if _is_module(imported) and imported != module and _layer(imported) < rank
    )
    assert upward == [], f"{module} imports a layer above it: {upward}"


def test_corpus_and_article_stages_do_not_import_each_other_upwards():
    # article/ stages are per-article and never need the cross-outlet analysis.
    for module, imports in MODULES.items():
        if module.startswith("dashboard.article"):
            assert not {m for m in imports if m.startswith("dashboard.corpus")}, module


def test_nothing_imports_the_command_line():
    importers = sorted(
        module
        for module, imports in MODULES.items()
        if imports & {"dashboard.cli", "dashboard.preprocess"} and module != "dashboard.preprocess"
    )
    assert importers == []


def test_only_the_app_layer_imports_streamlit():
    importing = sorted(m for m, imports in MODULES.items() if any(i.split(".")[0] == "streamlit" for i in imports))
    assert importing, "the app imports Streamlit somewhere"
    assert all(m == "dashboard.app" or m.startswith("dashboard.ui.") for m in importing), importing


@pytest.mark.parametrize("package", ["textblob", "vaderSentiment"])
def test_only_the_tone_stage_imports_a_sentiment_package(package):
    importing = sorted(m for m, imports in MODULES.items() if any(i.split(".")[0] == package for i in imports))
    assert importing == ["dashboard.article.tone"]


def test_the_app_loader_calls_the_library_not_the_cli():
    loader = MODULES["dashboard.ui.dataset"]
    assert "dashboard.pipeline" in loader
    assert not loader & {"dashboard.cli", "dashboard.preprocess"}


def test_stages_read_no_files():
    # Vocabularies reach the stages as arguments; only io/ and the loaders open files.
    readers = sorted(
        m
        for m in MODULES
        if m.startswith(("dashboard.article", "dashboard.corpus", "dashboard.text"))
        and any(
            call in FILES[m].read_text(encoding="utf-8")
            for call in (".read_text(", ".read_bytes(", "open(", "__file__")
        )
    )
    assert readers == []
