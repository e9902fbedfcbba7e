"""The app shows topics with the codebook its tables were built with, whatever its own file says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from dashboard import schema as S
from dashboard.cli import main as preprocess
from dashboard.io.resources import SEEDS_DIR
from dashboard.ui.widgets import K_TOPICS

from .conftest import APP

CUSTOM = """version = 7

[[topic]]
id = "talks"
label = "Talks and meetings"
terms = ['\\btalks?\\b', '\\bmeet(?:ing|s)?\\b', '\\bconsultations?\\b']

[[topic]]
id = "embassies"
label = "Embassies"
terms = ['\\bembass(?:y|ies)\\b']
"""


def test_tables_built_with_another_codebook_are_shown_with_it(monkeypatch, tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(SEEDS_DIR, src)
    (tmp_path / "mine.toml").write_text(CUSTOM, encoding="utf-8")
    assert preprocess([str(src), "--out", str(out), "--codebook", str(tmp_path / "mine.toml")]) in (0, 1)
    monkeypatch.setenv("NEWSLENS_INPUT", str(src))
    monkeypatch.setenv("NEWSLENS_OUTPUT", str(out))
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert at.multiselect(key=K_TOPICS).options == ["Talks and meetings", "Embassies"]
    assert any("codebook mine.toml (version 7)" in c.value.replace("\\", "") for c in at.sidebar.caption)
    # The tables were not rebuilt with the default codebook behind the user's back.
    topics = {t for ts in pd.read_parquet(out / S.ARTICLES_FILE)[S.TOPICS] for t in ts}
    assert topics <= {"talks", "embassies"} and topics
