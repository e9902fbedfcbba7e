from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from dashboard import schema as S
from dashboard.ui.dataset import data_signature, load_dataset, outputs_are_stale
from dashboard.ui.filters import evidence_sentences, filter_dataset, sentences_by_keys
from dashboard.vocabularies import DEFAULT_CODEBOOK

from .conftest import HURRIYET, LOCAL_GLOB


@pytest.fixture(scope="module")
def dataset(tmp_path_factory, seeds_dir):
    return load_dataset(seeds_dir, tmp_path_factory.mktemp("processed"), DEFAULT_CODEBOOK)


def test_missing_tables_are_built_then_reused_until_an_input_changes(tmp_path, seeds_dir):
    src = tmp_path / "in"
    shutil.copytree(seeds_dir, src)
    out = tmp_path / "out"
    assert outputs_are_stale(src, out, DEFAULT_CODEBOOK)
    data = load_dataset(src, out, DEFAULT_CODEBOOK)
    assert len(data.articles) == 5 and (out / S.ARTICLES_FILE).is_file()
    assert not outputs_are_stale(src, out, DEFAULT_CODEBOOK)
    before = data_signature(src, out, DEFAULT_CODEBOOK)
    seed = next(src.glob("*.txt"))
    later = (out / S.REPORT_FILE).stat().st_mtime_ns + 10**9
    os.utime(seed, ns=(later, later))
    assert outputs_are_stale(src, out, DEFAULT_CODEBOOK)
    assert data_signature(src, out, DEFAULT_CODEBOOK) != before


def test_unwritable_output_folder_builds_in_a_temp_folder(tmp_path, seeds_dir, monkeypatch):
    from dashboard.ui import dataset as data_module

    out = tmp_path / "read-only"
    real = data_module.tempfile.NamedTemporaryFile

    def refuse(*args, dir=None, **kwargs):
        if dir is not None and Path(dir) == out:
            raise PermissionError(13, "Permission denied", str(dir))
        return real(*args, dir=dir, **kwargs)

    monkeypatch.setattr(data_module.tempfile, "NamedTemporaryFile", refuse)
    assert len(load_dataset(seeds_dir, out, DEFAULT_CODEBOOK).articles) == 5
    assert not (out / S.ARTICLES_FILE).exists()


def test_outlet_filter_keeps_only_those_outlets(dataset):
    view = filter_dataset(dataset, outlets=["Local Glob"])
    assert view.articles[S.OUTLET].tolist() == ["Local Glob"]
    assert set(view.sentences[S.ARTICLE_ID]) == {LOCAL_GLOB}
    assert set(view.evidence[S.ARTICLE_ID]) == {LOCAL_GLOB}
    assert set(view.tone_by_topic[S.OUTLET]) == {"Local Glob"}


def test_topic_filter_narrows_every_topic_column(dataset):
    view = filter_dataset(dataset, topics=["air_links"])
    assert len(view.sentences) == len(dataset.sentences)
    assert set(view.evidence[S.TOPIC]) == {"air_links"}
    assert all(set(t) <= {"air_links"} for t in view.sentences[S.TOPICS])
    assert all(set(t) <= {"air_links"} for t in view.articles[S.TOPICS])
    flights = view.sentences[view.sentences[S.TEXT].str.contains("direct flights")].iloc[0]
    assert list(flights[S.TERMS]) == ["direct flights"]


def test_no_filter_is_the_whole_dataset(dataset):
    view = filter_dataset(dataset)
    assert view.articles.equals(dataset.articles) and view.sentences.equals(dataset.sentences)


def test_evidence_sentences_for_a_cell(dataset):
    rows = evidence_sentences(dataset, outlet="Hürriyet Daily News", topic="property")
    assert len(rows) == 1
    assert "six real estate properties" in rows[S.TEXT].iloc[0]
    assert rows[S.ARTICLE_ID].iloc[0] == HURRIYET
    assert evidence_sentences(dataset, outlet="Caliber.Az", topic="property").empty
    all_property = evidence_sentences(dataset, topic="property")
    assert set(all_property[S.OUTLET]) == {"Hürriyet Daily News", "Local Glob"}


def test_sentences_by_keys(dataset):
    rows = sentences_by_keys(dataset, [(LOCAL_GLOB, 0), (HURRIYET, 3), (LOCAL_GLOB, 0)])
    assert list(zip(rows[S.ARTICLE_ID], rows[S.SENTENCE_ID])) == [(LOCAL_GLOB, 0), (HURRIYET, 3)]
    assert set(rows[S.OUTLET]) == {"Local Glob", "Hürriyet Daily News"}
    assert sentences_by_keys(dataset, []).empty


def test_outlet_filter_narrows_passage_groups_and_reuse(dataset):
    two = ["Hürriyet Daily News", "Ukrainska Pravda"]
    view = filter_dataset(dataset, outlets=two)
    assert not view.passage_groups.empty
    for outlets, n in zip(view.passage_groups[S.OUTLETS], view.passage_groups[S.N_OUTLETS]):
        assert set(outlets) <= set(two) and n == len(outlets) == 2
    assert set(view.reuse[S.OUTLET]) | set(view.reuse[S.OTHER_OUTLET]) == set(two)


def test_topic_filter_recomputes_reuse_from_the_passages_kept(dataset):
    view = filter_dataset(dataset, topics=["air_links"])
    shared = view.reuse[view.reuse[S.SHARE] > 0]
    kept_outlets = {o for outlets in view.passage_groups[S.OUTLETS] for o in outlets}
    assert set(shared[S.OUTLET]) <= kept_outlets
    assert view.reuse[S.SHARE].sum() < dataset.reuse[S.SHARE].sum()
