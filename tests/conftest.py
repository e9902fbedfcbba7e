from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.article.clean import CleanArticle, clean_text
from dashboard.io.read import Corpus, read_corpus

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# Seed files by outlet, so tests read as what they check.
ZIMBABWE_MAIL = "000_315fe2bed2d53d30"
LOCAL_GLOB = "001_8dd6b9e86162486a"
CALIBER = "002_898512bc08cbb9b7"
HURRIYET = "003_0de6c06a7072f844"
PRAVDA = "004_76c8171fdb820c38"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_corpus() -> Corpus:
    return read_corpus(SEEDS)


@pytest.fixture(scope="session")
def seed_clean(seed_corpus: Corpus) -> dict[str, CleanArticle]:
    return {a.article_id: clean_text(a.text) for a in seed_corpus.articles}


APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


@pytest.fixture(scope="session")
def app_tables(tmp_path_factory) -> Path:
    """One folder of processed seed tables shared by every AppTest."""
    return tmp_path_factory.mktemp("app-tables")


@pytest.fixture
def app(monkeypatch, app_tables):
    """``app(**query_params)``: the dashboard on the seeds, run once through AppTest."""
    monkeypatch.setenv("NEWSLENS_INPUT", str(SEEDS))
    monkeypatch.setenv("NEWSLENS_OUTPUT", str(app_tables))

    def make(**params) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=120)
        for key, value in params.items():
            at.query_params[key] = value
        return at.run()

    return make


def select_points(at: AppTest, key: str, customdata: list[list]) -> None:
    """Store what Streamlit stores when the user clicks or lassoes marks of chart ``key``."""
    points = [{"customdata": c} for c in customdata]
    at.session_state[key] = {
        "selection": {"points": points, "point_indices": list(range(len(points))), "box": [], "lasso": []}
    }


def select_rows(at: AppTest, key: str, rows: list[int]) -> None:
    """Store what Streamlit stores when the user selects rows of table ``key``."""
    at.session_state[key] = {"selection": {"rows": rows, "columns": [], "cells": []}}
