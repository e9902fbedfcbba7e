"""Figures stay the same size whatever the corpus: capped marks, a fixed sample, the largest rows."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import schema as S
from dashboard.ui import charts as C


def _tone_tables(n_articles: int, per_article: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``n_articles`` articles of ``per_article`` scored sentences each, over five outlets."""
    articles = pd.DataFrame(
        {
            S.ARTICLE_ID: [f"a{i:05d}" for i in range(n_articles)],
            S.OUTLET: [f"Outlet {i % 5}" for i in range(n_articles)],
            S.TITLE: [f"Title {i}" for i in range(n_articles)],
            S.N_SENTENCES: per_article,
            S.POLARITY: [((i % 21) - 10) / 10 for i in range(n_articles)],
        }
    )
    sentences = pd.DataFrame(
        {
            S.ARTICLE_ID: [f"a{i:05d}" for i in range(n_articles) for _ in range(per_article)],
            S.SENTENCE_ID: [s for _ in range(n_articles) for s in range(per_article)],
            S.TEXT: "A sentence.",
            S.POLARITY: [((k % 11) - 5) / 5 for k in range(n_articles * per_article)],
        }
    )
    return articles, sentences


def _sentence_points(fig) -> list[tuple[str, int]]:
    return [tuple(c) for trace in fig.data if trace.name and trace.name.startswith("Outlet ") for c in trace.customdata]


def _article_points(fig) -> list[str]:
    return [c[0] for trace in fig.data if trace.name == "Article polarity" for c in trace.customdata]


def test_tone_strip_over_more_sentences_than_the_cap_draws_exactly_the_cap():
    articles, sentences = _tone_tables(300, 10)  # 3,000 sentences
    fig = C.tone_by_outlet(articles, sentences, colors={}, max_points=1_000, max_articles=120)
    drawn = _sentence_points(fig)
    assert len(drawn) == 1_000 and len(set(drawn)) == 1_000
    assert len(_article_points(fig)) == 120
    assert len(C.tone_points(sentences, articles, measure=S.POLARITY)) == 3_000
    # Under the cap, everything is drawn.
    small = C.tone_by_outlet(articles.head(50), sentences, colors={}, max_points=1_000, max_articles=120)
    assert len(_sentence_points(small)) == 500 and len(_article_points(small)) == 50


def test_the_default_caps_apply():
    articles, sentences = _tone_tables(1_200, 2)
    fig = C.tone_by_outlet(articles, sentences, colors={})
    assert len(_sentence_points(fig)) == C.TONE_MAX_POINTS
    assert len(_article_points(fig)) == C.TONE_MAX_ARTICLES


def test_a_sampled_point_stays_drawn_when_a_filter_narrows_the_data():
    articles, sentences = _tone_tables(300, 10)
    everything = set(_sentence_points(C.tone_by_outlet(articles, sentences, colors={}, max_points=600)))
    outlet_0 = articles[articles[S.OUTLET] == "Outlet 0"]
    narrowed = set(_sentence_points(C.tone_by_outlet(outlet_0, sentences, colors={}, max_points=600)))
    kept_ids = set(outlet_0[S.ARTICLE_ID])
    # Every point of Outlet 0 drawn before is drawn again (and more of its points now fit).
    assert {p for p in everything if p[0] in kept_ids} <= narrowed
    assert len(narrowed) == 600


def test_sample_rows_is_the_same_whatever_the_row_order():
    frame = pd.DataFrame({"k": range(1_000), "v": range(1_000)})
    one = C.sample_rows(frame, 100, on=["k"])
    other = C.sample_rows(frame.sample(frac=1, random_state=3), 100, on=["k"])
    assert len(one) == 100 and set(one["k"]) == set(other["k"])
    assert list(one.index) == sorted(one.index)  # original order kept
    assert C.sample_rows(frame, None, on=["k"]) is frame


@pytest.mark.parametrize(
    ("shown", "total", "expected"),
    [
        (2_000, 274_118, "Showing 2,000 of 274,118 sentences; the means use all."),
        (30, 30, ""),
        (30, 12, ""),
    ],
)
def test_left_out_note_names_both_numbers(shown, total, expected):
    assert C.left_out_note(shown, total, "sentences", rest="the means use all.") == expected


def _cells(fig) -> list[tuple[str, str]]:
    return [tuple(c) for c in fig.data[1].customdata]


def test_coverage_heatmap_draws_the_outlets_with_most_evidence():
    # Outlet i has i evidence sentences on each of two topics: the top 30 are 20 … 49.
    matrix = pd.DataFrame({"t1": range(50), "t2": range(50)}, index=[f"o{i:02d}" for i in range(50)])
    fig = C.coverage_heatmap(matrix, topic_labels={})
    rows = {r for r, _ in _cells(fig)}
    assert rows == {f"o{i:02d}" for i in range(20, 50)} and len(_cells(fig)) == 60
    assert len(C.top_of_matrix(matrix)) == C.HEATMAP_MAX == 30
    assert {r for r, _ in _cells(C.coverage_heatmap(matrix, topic_labels={}, max_rows=None))} == set(matrix.index)


def test_reuse_heatmap_keeps_the_outlets_sharing_most_on_both_axes():
    outlets = [f"o{i:02d}" for i in range(40)]
    reuse = pd.DataFrame(
        [
            {S.OUTLET: a, S.OTHER_OUTLET: b, S.SHARE: 0.1, S.N_WORDS_SHARED: i + j, S.N_WORDS: 100}
            for i, a in enumerate(outlets)
            for j, b in enumerate(outlets)
            if a != b
        ]
    )
    fig = C.reuse_heatmap(reuse, max_outlets=10)
    kept = {f"o{i:02d}" for i in range(30, 40)}
    assert {r for r, _ in _cells(fig)} == kept and {c for _, c in _cells(fig)} == kept
    assert len(_cells(fig)) == 100


def test_speaker_heatmap_keeps_the_outlets_quoting_most():
    matrix = pd.DataFrame([list(range(40))] * 3, index=["A", "B", "C"], columns=[f"o{j:02d}" for j in range(40)])
    fig = C.speaker_heatmap(matrix, max_outlets=5)
    assert {c for _, c in _cells(fig)} == {"o35", "o36", "o37", "o38", "o39"} and len(_cells(fig)) == 15


def test_timeline_draws_the_outlets_with_most_articles():
    articles = pd.DataFrame(
        {
            S.ARTICLE_ID: [f"a{k}" for k in range(60)],
            S.OUTLET: [f"o{k % 40:02d}" for k in range(60)],  # o00 … o19 have two articles
            S.TITLE: "t",
            S.PUBLISHED: "2024-01-02",
            S.PUBLISHED_SOURCE: "page",
        }
    )
    fig = C.publication_timeline(articles, colors={}, max_outlets=20)
    assert sorted(trace.name for trace in fig.data) == [f"o{k:02d}" for k in range(20)]
    assert sum(len(trace.x) for trace in fig.data) == 40
