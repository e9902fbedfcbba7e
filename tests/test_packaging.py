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
        ln.strip()
        for ln in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.lstrip().startswith("#")
    ]
    assert _normalised(lines) == _normalised(project["dependencies"])


def test_app_entry_point_and_theme_exist():
    assert (ROOT / "dashboard" / "app.py").is_file()
    # Next to the entry point, so Streamlit finds it from any working folder and in the wheel.
    theme = tomllib.loads((ROOT / "dashboard" / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert theme["theme"]["primaryColor"].startswith("#")
