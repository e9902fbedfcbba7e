from __future__ import annotations

import importlib.util
import io
import os
import sys
from pathlib import Path

# Views wait for what a filter makes them compute again (set before the app's modules are
# imported, and inherited by the servers the browser tests start): no figure a test checks
# depends on how loaded the machine is. The tests of the waiting itself set short waits.
os.environ.setdefault("NEWSLENS_VIEW_WAIT", "120")

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import schema as S
from dashboard.article.clean import CleanArticle, clean_text
from dashboard.io.read import Corpus, read_corpus
from dashboard.pipeline import build_folder
from dashboard.vocabularies import load_vocabularies

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# Seed files by outlet, so tests read as what they check.
ZIMBABWE_MAIL = "000_315fe2bed2d53d30"
LOCAL_GLOB = "001_8dd6b9e86162486a"
CALIBER = "002_898512bc08cbb9b7"
HURRIYET = "003_0de6c06a7072f844"
PRAVDA = "004_76c8171fdb820c38"


def corpus_generator():
    """``benchmarks/corpus.py`` as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("newslens_bench_corpus", ROOT / "benchmarks" / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def _main_module_restored():
    """Put back ``__main__`` after each test: a Streamlit script run installs the app as
    ``__main__`` and leaves it there, and a Dask worker started later by spawning a process
    would run the app again on start-up instead of its own entry point."""
    main = sys.modules.get("__main__")
    yield
    if main is not None:
        sys.modules["__main__"] = main


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_corpus() -> Corpus:
    return read_corpus(SEEDS)


@pytest.fixture(scope="session")
def seed_output_tables() -> dict[str, pd.DataFrame]:
    """Every output table of the seeds, built once per session through the library.

    Each table goes through Parquet in memory, so the frames read exactly as
    ``pd.read_parquet`` of the written files would (list columns as arrays, dtypes).
    Use :func:`seed_table` for a copy a test may change.
    """
    build = build_folder(SEEDS, load_vocabularies())
    # What `run` reports as exit status 0: nothing skipped, no warning.
    assert not build.report["skipped"] and not build.report["warnings"], build.report
    tables = {}
    for name, frame in build.tables.items():
        buffer = io.BytesIO()
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), buffer)
        tables[name] = pq.read_table(io.BytesIO(buffer.getvalue())).to_pandas()
    return tables


@pytest.fixture
def seed_table(seed_output_tables):
    """``seed_table(S.SENTENCES_FILE)``: a fresh copy of one seed output table."""
    return lambda name: seed_output_tables[name].copy()


@pytest.fixture(scope="session")
def seed_sentences_articles(seed_output_tables) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The seed sentence and article tables, for the cross-outlet stages."""
    return (seed_output_tables[S.SENTENCES_FILE].copy(), seed_output_tables[S.ARTICLES_FILE].copy())


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
