"""Sentence lookups read the rows they need from an index built once per dataset."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import schema as S
from dashboard.ui import filters as F
from dashboard.ui.dataset import load_dataset
from dashboard.ui.filters import evidence_sentences, filter_dataset, sentences_by_keys
from dashboard.vocabularies import DEFAULT_CODEBOOK

from .conftest import CALIBER, HURRIYET, LOCAL_GLOB


@pytest.fixture(scope="module")
def served(tmp_path_factory, seeds_dir):
    return load_dataset(seeds_dir, tmp_path_factory.mktemp("processed"), DEFAULT_CODEBOOK)


@pytest.fixture
def merges(monkeypatch) -> list[int]:
    """The number of rows of every ``DataFrame.merge`` (its left side)."""
    seen: list[int] = []
    real = pd.DataFrame.merge

    def merge(self, *args, **kwargs):
        seen.append(len(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "merge", merge)
    return seen


def _merged(data, keys):
    """What the lookup answered before the index: a merge against the whole sentence table."""
    wanted = pd.DataFrame(list(keys), columns=[S.ARTICLE_ID, S.SENTENCE_ID]).drop_duplicates()
    rows = wanted.merge(data.sentences, on=[S.ARTICLE_ID, S.SENTENCE_ID])
    return rows.merge(data.articles[[S.ARTICLE_ID, S.OUTLET, S.TITLE]], on=S.ARTICLE_ID)


def test_lookups_match_the_merge_and_keep_the_given_order(served):
    view = filter_dataset(served)
    keys = [(HURRIYET, 8), (LOCAL_GLOB, 4), (HURRIYET, 8), (CALIBER, 0), ("no-such-article", 1), (LOCAL_GLOB, 9999)]
    got = sentences_by_keys(view, keys)
    assert list(zip(got[S.ARTICLE_ID], got[S.SENTENCE_ID])) == [(HURRIYET, 8), (LOCAL_GLOB, 4), (CALIBER, 0)]
    expected = _merged(view, keys)
    assert list(got[S.TEXT]) == list(expected[S.TEXT]) and list(got[S.OUTLET]) == list(expected[S.OUTLET])
    assert set(expected.columns) <= set(got.columns)
    assert sentences_by_keys(view, []).empty and S.OUTLET in sentences_by_keys(view, []).columns


def test_a_hundred_lookups_build_one_index_and_merge_nothing(served, merges, monkeypatch):
    view = filter_dataset(served, outlets=[served.outlets[0], served.outlets[1]])
    merges.clear()
    built: list[int] = []
    real = F._sentence_index

    def index(data):
        built.append(len(data.sentences))
        return real(data)

    monkeypatch.setattr(F, "_sentence_index", index)
    keys = list(zip(view.sentences[S.ARTICLE_ID], view.sentences[S.SENTENCE_ID].astype(int)))
    for k in range(100):
        rows = sentences_by_keys(view, keys[k % len(keys) : k % len(keys) + 3])
        assert len(rows) >= 1
    for outlet in view.outlets:
        evidence_sentences(view, outlet=outlet, topic=view.topic_ids[0])
    # One index of row positions for the dataset (built in the background from the first
    # lookup); no lookup joins the whole sentence table.
    view.wait_for_warming(F.SENTENCE_INDEX_KEY)
    assert built == [len(view.sentences)] and merges == []


def test_lookups_before_the_index_is_built_find_the_rows_it_finds(served):
    view = filter_dataset(served, outlets=served.outlets[:3])
    keys = list(zip(view.sentences[S.ARTICLE_ID], view.sentences[S.SENTENCE_ID].astype(int)))[::3]
    keys += [("no-such-article", 0), keys[0]]
    assert view.at_hand(F.SENTENCE_INDEX_KEY) is None
    before = sentences_by_keys(view, keys)
    view.wait_for_warming(F.SENTENCE_INDEX_KEY)
    assert view.at_hand(F.SENTENCE_INDEX_KEY) is not None
    after = sentences_by_keys(view, keys)
    pd.testing.assert_frame_equal(before, after)
    assert len(before) == len(keys) - 2


def test_lookups_see_only_what_the_filter_kept(served):
    only = filter_dataset(served, outlets=["Local Glob"])
    assert list(sentences_by_keys(only, [(HURRIYET, 8), (LOCAL_GLOB, 4)])[S.ARTICLE_ID]) == [LOCAL_GLOB]


@pytest.mark.parametrize(("outlet", "topic"), [(None, None), ("Hürriyet Daily News", "property"), (None, "air_links")])
def test_evidence_sentences_are_the_tagged_sentences_in_order(served, outlet, topic):
    got = evidence_sentences(served, outlet=outlet, topic=topic)
    rows = served.sentences.merge(served.articles[[S.ARTICLE_ID, S.OUTLET, S.TITLE]], on=S.ARTICLE_ID)
    rows = rows[rows[S.TOPICS].map(lambda ts: (topic in ts) if topic else len(ts) > 0)]
    if outlet:
        rows = rows[rows[S.OUTLET] == outlet]
    rows = rows.sort_values([S.OUTLET, S.ARTICLE_ID, S.SENTENCE_ID])
    assert len(got) and list(zip(got[S.ARTICLE_ID], got[S.SENTENCE_ID])) == list(
        zip(rows[S.ARTICLE_ID], rows[S.SENTENCE_ID])
    )
