"""What a filter does to the comparisons between outlets (framing, omissions): an outlet filter
makes them again, for the outlets kept, and only when a view reads them; an event or a topic
filter keeps the rows the run found."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import schema as S
from dashboard.corpus.coverage import coverage_from_tone, coverage_matrix
from dashboard.corpus.framing import parse_sentence_key
from dashboard.corpus.omissions import TOPIC
from dashboard.pipeline import EventInput, analyse_event, outlet_comparisons
from dashboard.ui import filters as F
from dashboard.ui.dataset import load_dataset
from dashboard.ui.filters import filter_dataset
from dashboard.vocabularies import DEFAULT_CODEBOOK
from tests.conftest import corpus_generator


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """Tables of a generated folder of four events, loaded as the app loads them."""
    folder = tmp_path_factory.mktemp("generated")
    corpus_generator().generate_corpus(folder, 48, seed=5, n_events=4)
    return load_dataset(folder, tmp_path_factory.mktemp("processed"), DEFAULT_CODEBOOK)


@pytest.fixture
def comparisons(monkeypatch) -> list[tuple[str, ...]]:
    """Every call of the comparisons by the filters, as the tables it was asked for."""
    calls: list[tuple[str, ...]] = []

    def counted(*args, only=(S.FRAMING_FILE, S.OMISSIONS_FILE), **kwargs):
        calls.append(tuple(only))
        return outlet_comparisons(*args, only=only, **kwargs)

    monkeypatch.setattr(F, "outlet_comparisons", counted)
    return calls


def _rows(frame: pd.DataFrame) -> list[tuple]:
    columns = [S.OUTLET, S.KIND, S.ITEM, S.N_OUTLETS, S.STRENGTH]
    return sorted(
        (*map(str, r[:3]), int(r[3]), float(r[4]), tuple(o), tuple(e))
        for r, o, e in zip(frame[columns].itertuples(index=False), frame[S.OUTLETS], frame[S.EVIDENCE])
    )


def test_an_outlet_filter_compares_again_only_when_a_view_reads_the_comparison(served, comparisons):
    kept = served.outlets[:3]
    view = filter_dataset(served, outlets=kept)
    assert comparisons == []  # nothing compared yet: a view without framing or omissions pays nothing
    left_out = view.omissions
    assert comparisons == [(S.OMISSIONS_FILE,)]
    assert view.omissions is left_out and comparisons == [(S.OMISSIONS_FILE,)]  # made once
    assert set(left_out[S.OUTLET]) <= set(kept)
    assert all(set(o) <= set(kept) for o in left_out[S.OUTLETS])
    expected = outlet_comparisons(
        view.sentences, view.articles, view.alignment, view.quotes, view.entities, view.vocabularies
    )
    assert _rows(left_out) == _rows(expected[S.OMISSIONS_FILE])
    assert view.framing.equals(expected[S.FRAMING_FILE])
    assert comparisons == [(S.OMISSIONS_FILE,), (S.FRAMING_FILE,)]


def test_an_event_filter_keeps_the_omissions_its_own_analysis_found(served, comparisons):
    events = served.events()
    assert len(events) >= 2
    for event in events:
        view = filter_dataset(served, event=event)
        ids = set(view.articles[S.ARTICLE_ID])
        # Every row is about the event's articles, and none of the event's rows is lost.
        assert all(parse_sentence_key(k)[0] in ids for ks in view.omissions[S.EVIDENCE] for k in ks)
        theirs = [any(parse_sentence_key(k)[0] in ids for k in ks) for ks in served.omissions[S.EVIDENCE]]
        assert _rows(view.omissions) == _rows(served.omissions[theirs])
    # The run analyses each event on its own: the event's rows are that analysis's rows.
    first = next(iter(events))
    view = filter_dataset(served, event=first)
    alone = analyse_event(EventInput(view.sentences, view.articles), served.vocabularies)
    assert _rows(view.omissions) == _rows(alone.tables[S.OMISSIONS_FILE])


def test_a_topic_filter_keeps_the_rows_on_the_topic(served, comparisons):
    topic = served.evidence[S.TOPIC].value_counts().index[0]
    view = filter_dataset(served, topics=[topic])
    assert view.framing is served.framing and comparisons == []
    on_topic = {f"{a}:{s}" for a, s in zip(view.evidence[S.ARTICLE_ID], view.evidence[S.SENTENCE_ID])}
    label = served.topic_label(topic)
    for kind, item, keys in zip(view.omissions[S.KIND], view.omissions[S.ITEM], view.omissions[S.EVIDENCE]):
        assert any(k in on_topic for k in keys)
        assert kind != TOPIC or item == label
    kept = set(map(tuple, view.omissions[[S.OUTLET, S.KIND, S.ITEM]].astype(str).values.tolist()))
    for kind, item, outlet, keys in zip(
        served.omissions[S.KIND], served.omissions[S.ITEM], served.omissions[S.OUTLET], served.omissions[S.EVIDENCE]
    ):
        wanted = any(k in on_topic for k in keys) and (kind != TOPIC or item == label)
        assert ((str(outlet), str(kind), str(item)) in kept) == wanted


def test_the_coverage_read_from_tone_by_topic_is_the_count_of_the_sentences(served):
    topics = served.topic_ids
    views = [
        served,
        filter_dataset(served, outlets=served.outlets[:3]),
        filter_dataset(served, event=next(iter(served.events()))),
        filter_dataset(served, topics=topics[:1]),
    ]
    for view in views:
        counted = coverage_matrix(view.sentences, view.articles, topics)
        assert counted.to_numpy().sum() > 0
        pd.testing.assert_frame_equal(coverage_from_tone(view.tone_by_topic, view.outlets, topics), counted)


def test_every_outlet_kept_compares_as_the_run_did(served):
    # The app compares each event with the event's own term weights, as the run aligned it.
    view = filter_dataset(served, outlets=served.outlets)
    assert len(served.omissions) and _rows(view.omissions) == _rows(served.omissions)
