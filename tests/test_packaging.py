"""Deployment files agree with the package metadata."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent


def _normalised(lines):
    return sorted(str(Requirement(line)).lower() for line in lines)


def test_requirements_txt_matches_pyproject_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = [
        ln.strip() for ln in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.lstrip().startswith("#")
    ]
    assert _normalised(lines) == _normalised(project["dependencies"])


def test_app_entry_point_and_theme_exist():
    assert (ROOT / "dashboard" / "app.py").is_file()
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert theme["theme"]["primaryColor"].startswith("#")


APP_LAYER = {"app.py", "widgets.py", "views.py", "analysis_views.py"}


def test_only_the_app_layer_imports_streamlit():
    importing = {
        path.name for path in (ROOT / "dashboard").glob("*.py")
        if any(line.strip().startswith(("import streamlit", "from streamlit"))
               for line in path.read_text(encoding="utf-8").splitlines())
    }
    assert importing == APP_LAYER


def test_only_the_tone_module_imports_textblob():
    importing = {
        path.name for path in (ROOT / "dashboard").glob("*.py")
        if any(line.strip().startswith(("import textblob", "from textblob"))
               for line in path.read_text(encoding="utf-8").splitlines())
    }
    assert importing == {"tone.py"}
