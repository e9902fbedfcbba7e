"""Incremental runs (`dashboard.io.cache`): a rerun redoes only what changed, and writes what a clean run writes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard import pipeline
from dashboard import schema as S
from dashboard.io.cache import RunCache, cache_dir_for
from dashboard.io.resources import SEEDS_DIR
from dashboard.vocabularies import DEFAULT_CODEBOOK, load_vocabularies
from tests.conftest import corpus_generator


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("incremental-source")
    corpus_generator().generate_corpus(folder, 40, seed=5, n_events=4)
    return folder


@pytest.fixture()
def folder(generated, tmp_path) -> Path:
    copy = tmp_path / "in"
    shutil.copytree(generated, copy)
    return copy


def _run(folder: Path, cache: RunCache | None, codebook: Path | None = None) -> pipeline.Build:
    return pipeline.build_folder(folder, load_vocabularies(codebook_path=codebook), cache=cache)


def _same_tables(a: pipeline.Build, b: pipeline.Build) -> None:
    assert set(a.tables) == set(b.tables)
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name], obj=name)


def test_a_rerun_on_an_unchanged_folder_reuses_everything_and_writes_the_same(folder, tmp_path):
    clean = _run(folder, None)
    first = _run(folder, RunCache(tmp_path / "cache"))
    second = _run(folder, RunCache(tmp_path / "cache"))
    _same_tables(clean, first)
    _same_tables(clean, second)
    n_events = clean.tables[S.ARTICLES_FILE][S.EVENT_ID].nunique()
    assert first.report["cache"] == {"articles computed": 40, "events computed": n_events}
    assert second.report["cache"] == {"articles reused": 40, "events reused": n_events}
    assert "cache" not in clean.report


def test_a_changed_article_is_the_only_one_processed_again(folder, tmp_path):
    _run(folder, RunCache(tmp_path / "cache"))
    changed = sorted(folder.glob("*.txt"))[7]
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\nThe council will meet again on Friday.\n", encoding="utf-8"
    )
    again = _run(folder, RunCache(tmp_path / "cache"))
    clean = _run(folder, None)
    _same_tables(clean, again)
    counts = again.report["cache"]
    assert counts["articles computed"] == 1 and counts["articles reused"] == 39
    # Only the events holding the changed article are analysed again.
    articles = clean.tables[S.ARTICLES_FILE]
    event = articles.loc[articles[S.SOURCE_FILE] == changed.name, S.EVENT_ID].iloc[0]
    assert counts["events computed"] == 1
    assert counts["events reused"] == articles[S.EVENT_ID].nunique() - 1
    assert (articles[S.EVENT_ID] == event).sum() >= 2


def test_another_codebook_processes_every_article_again(folder, tmp_path):
    _run(folder, RunCache(tmp_path / "cache"))
    codebook = tmp_path / "codebook.toml"
    assert "version = 1" in DEFAULT_CODEBOOK.read_text(encoding="utf-8")
    codebook.write_text(
        DEFAULT_CODEBOOK.read_text(encoding="utf-8").replace("version = 1", "version = 2", 1), encoding="utf-8"
    )
    again = _run(folder, RunCache(tmp_path / "cache"), codebook)
    assert again.report["cache"].get("articles reused", 0) == 0
    _same_tables(_run(folder, None, codebook), again)


def test_an_unreadable_entry_is_computed_again(folder, tmp_path):
    _run(folder, RunCache(tmp_path / "cache"))
    for entry in list((tmp_path / "cache" / "articles").glob("*.pkl"))[:3]:
        entry.write_bytes(b"not a pickle")
    again = _run(folder, RunCache(tmp_path / "cache"))
    assert again.report["cache"]["articles computed"] == 3
    _same_tables(_run(folder, None), again)


def test_pruning_keeps_only_what_the_last_run_used(folder, tmp_path):
    _run(folder, RunCache(tmp_path / "cache"))
    removed = sorted(folder.glob("*.txt"))[:5]
    for path in removed:
        path.unlink()
    cache = RunCache(tmp_path / "cache")
    build = _run(folder, cache)
    assert cache.prune() >= 5
    left = list((tmp_path / "cache" / "articles").glob("*.pkl"))
    assert len(left) == len(build.tables[S.ARTICLES_FILE]) == 35
    assert (
        len(list((tmp_path / "cache" / "events").glob("*.pkl"))) == build.tables[S.ARTICLES_FILE][S.EVENT_ID].nunique()
    )


def test_the_command_line_reruns_incrementally_beside_the_output(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, seeds)
    out = tmp_path / "out"

    def run(*extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "dashboard.preprocess", str(seeds), "--out", str(out), *extra],
            capture_output=True,
            text=True,
            timeout=300,
        )

    assert run().returncode == 0
    assert (cache_dir_for(out) / "articles").is_dir()
    assert not any(p.suffix == ".pkl" for p in seeds.rglob("*"))  # nothing written into the input
    again = run()
    assert again.returncode == 0, again.stderr
    assert "reused 5 unchanged articles and 1 unchanged events" in again.stderr
    fresh = run("--no-cache")
    assert fresh.returncode == 0 and "reused" not in fresh.stderr
