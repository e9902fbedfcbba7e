"""Engines (`dashboard.engine`) and the per-event cross-outlet analysis: the same tables everywhere.

The folders: the seeds (one event) and a generated folder of several events (the benchmark's
generator, written by the test). The pipeline's size thresholds for going parallel are lowered,
so these small folders take the parallel paths a large one would.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard import pipeline
from dashboard import schema as S
from dashboard.engine import DaskCluster, InProcess, ProcessPool, make_engine
from dashboard.errors import EngineError
from dashboard.io.resources import SEEDS_DIR
from dashboard.vocabularies import load_vocabularies
from tests.conftest import corpus_generator


@pytest.fixture(scope="module")
def events_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    corpus_generator().generate_corpus(folder, 48, seed=3, n_events=4)
    return folder


@pytest.fixture()
def parallel_everywhere(monkeypatch):
    monkeypatch.setattr(pipeline, "_PARALLEL_MIN_FILES", 0)
    monkeypatch.setattr(pipeline, "_PARALLEL_MIN_SENTENCES", 0)


def _build(folder: Path, engine) -> pipeline.Build:
    try:
        return pipeline.build_folder(folder, load_vocabularies(), engine=engine)
    finally:
        engine.close()


def _same(a: pipeline.Build, b: pipeline.Build) -> None:
    assert set(a.tables) == set(b.tables)
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name], obj=name)
    ra, rb = dict(a.report), dict(b.report)
    assert set(ra.pop("stage_seconds")) == set(rb.pop("stage_seconds"))
    ra.pop("stage_peak_rss_mib"), rb.pop("stage_peak_rss_mib")  # measured, and a worker's differs from here
    assert ra == rb


def test_the_generated_folder_holds_several_events(events_folder):
    build = _build(events_folder, InProcess())
    articles = build.tables[S.ARTICLES_FILE]
    sizes = articles[S.EVENT_ID].value_counts()
    assert (sizes >= 3).sum() >= 3, sizes
    assert not build.tables[S.FACTS_FILE].empty and not build.tables[S.OMISSIONS_FILE].empty
    assert not build.report["failed_analyses"]


def test_a_process_pool_builds_the_same_tables(events_folder, parallel_everywhere):
    _same(_build(events_folder, InProcess()), _build(events_folder, ProcessPool(2)))


@pytest.mark.parametrize("folder", ["seeds", "generated"])
def test_a_dask_local_cluster_builds_the_same_tables(folder, events_folder, parallel_everywhere):
    path = SEEDS_DIR if folder == "seeds" else events_folder
    _same(_build(path, InProcess()), _build(path, DaskCluster(2)))


def test_fact_ids_of_each_event_follow_the_previous_events(events_folder):
    build = _build(events_folder, InProcess())
    t = build.tables
    facts, members = t[S.FACTS_FILE], t[S.FACT_MEMBERS_FILE]
    assert facts[S.FACT_ID].is_unique
    assert set(members[S.FACT_ID]) == set(facts[S.FACT_ID])
    event_of = dict(zip(t[S.ARTICLES_FILE][S.ARTICLE_ID], t[S.ARTICLES_FILE][S.EVENT_ID]))
    # A fact belongs to one event, and the events' facts come in event order.
    fact_events = members.assign(event=members[S.ARTICLE_ID].map(event_of)).groupby(S.FACT_ID)["event"].agg(set)
    assert all(len(e) == 1 for e in fact_events)
    ordered = [next(iter(e)) for e in fact_events.sort_index()]
    assert ordered == sorted(ordered)
    # Discrepancies name the fact they disagree on by the renumbered id.
    claims = t[S.DISCREPANCIES_FILE]
    assert set(claims[S.FACT_ID].astype(int)) - {-1} <= set(facts[S.FACT_ID])


def test_merging_renumbers_ids_past_the_previous_events():
    def part(fact_ids: list[int], entity_ids: list[int]) -> dict[str, pd.DataFrame]:
        tables = {name: pd.DataFrame(columns=columns) for name, columns in pipeline.EVENT_FILES.items()}
        tables[S.FACTS_FILE] = pd.DataFrame({S.FACT_ID: fact_ids})
        tables[S.FACT_MEMBERS_FILE] = pd.DataFrame({S.FACT_ID: fact_ids * 2})
        if fact_ids:
            # The second claim was compared by its anchors: no fact (-1), whichever event it is in.
            tables[S.DISCREPANCIES_FILE] = pd.DataFrame({S.DISCREPANCY_ID: [0, 0], S.FACT_ID: [fact_ids[-1], -1]})
        tables[S.ENTITIES_FILE] = pd.DataFrame({S.ENTITY_ID: entity_ids})
        return tables

    merged = pipeline.merge_event_tables([part([0, 1, 2], [0, 1]), part([], [0]), part([0, 1], [0, 0, 1])])
    assert merged[S.FACTS_FILE][S.FACT_ID].tolist() == [0, 1, 2, 3, 4]
    assert merged[S.FACT_MEMBERS_FILE][S.FACT_ID].tolist() == [0, 1, 2, 0, 1, 2, 3, 4, 3, 4]
    assert merged[S.DISCREPANCIES_FILE][S.FACT_ID].tolist() == [2, -1, 4, -1]
    assert merged[S.DISCREPANCIES_FILE][S.DISCREPANCY_ID].tolist() == [0, 0, 1, 1]
    assert merged[S.ENTITIES_FILE][S.ENTITY_ID].tolist() == [0, 1, 2, 3, 3, 4]


def test_an_analysis_failing_on_one_event_keeps_the_other_events_rows(events_folder, monkeypatch):
    real = pipeline.extract_quotes
    calls = {"n": 0}

    def fails_on_the_first_event(sentences, articles, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("quotes exploded")
        return real(sentences, articles, **kwargs)

    whole = _build(events_folder, InProcess())
    monkeypatch.setattr(pipeline, "extract_quotes", fails_on_the_first_event)
    broken = _build(events_folder, InProcess())
    assert broken.report["failed_analyses"] == [{"analysis": "quotes", "error": "RuntimeError: quotes exploded"}]
    first = set(whole.tables[S.ARTICLES_FILE].query(f"{S.EVENT_ID} == 0")[S.ARTICLE_ID])
    kept = whole.tables[S.QUOTES_FILE][~whole.tables[S.QUOTES_FILE][S.ARTICLE_ID].isin(first)]
    assert len(broken.tables[S.QUOTES_FILE]) == len(kept) > 0
    assert not broken.tables[S.QUOTES_FILE][S.ARTICLE_ID].isin(first).any()


def test_make_engine_names_the_engines():
    assert isinstance(make_engine("local", jobs=1), InProcess)
    pool = make_engine("local", jobs=2)
    assert isinstance(pool, ProcessPool) and pool.workers == 2
    pool.close()
    with pytest.raises(EngineError, match="unknown engine 'spark'"):
        make_engine("spark")


def test_a_scheduler_that_does_not_answer_is_named():
    with pytest.raises(EngineError, match="no Dask scheduler answered at tcp://127.0.0.1:9"):
        make_engine("dask", scheduler="tcp://127.0.0.1:9")


def test_the_command_line_runs_on_a_dask_local_cluster(tmp_path):
    import subprocess

    out = tmp_path / "out"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard.preprocess",
            str(SEEDS_DIR),
            "--out",
            str(out),
            "--engine",
            "dask",
            "--jobs",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    local = pipeline.build_folder(SEEDS_DIR, load_vocabularies())
    for name, frame in local.tables.items():
        written = pd.read_parquet(out / name)
        assert len(written) == len(frame), name
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard.preprocess",
            str(SEEDS_DIR),
            "--out",
            str(tmp_path / "x"),
            "--scheduler",
            "tcp://127.0.0.1:9",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2
    assert "error: no Dask scheduler answered at tcp://127.0.0.1:9" in bad.stderr
    assert not (tmp_path / "x").exists()
