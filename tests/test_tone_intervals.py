"""Bootstrap intervals of each outlet's tone, on tables whose answer is known by construction."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from dashboard import schema as S
from dashboard.article.tone import Tone, aggregate_tone
from dashboard.corpus import tone as T
from dashboard.corpus.tone import (
    DIFFERENCE_COLUMNS,
    DISTINGUISHABLE,
    GAP,
    HIGH,
    INTERVAL_COLUMNS,
    LOW,
    MEAN,
    tone_differences,
    tone_intervals,
)


def tables(outlets: dict[str, list], measure: str = S.POLARITY) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sentence and article tables: one article per outlet, one sentence per score.

    A score is a number (a sentence of 10 words) or ``(score, words)``.
    """
    sentences, articles = [], []
    for k, (outlet, scores) in enumerate(outlets.items()):
        article_id = f"a{k}"
        articles.append({S.ARTICLE_ID: article_id, S.OUTLET: outlet})
        for i, score in enumerate(scores):
            value, words = score if isinstance(score, tuple) else (score, 10)
            sentences.append(
                {S.ARTICLE_ID: article_id, S.SENTENCE_ID: i, S.TEXT: " ".join(["word"] * words), measure: value}
            )
    return pd.DataFrame(sentences), pd.DataFrame(articles)


def row(intervals: pd.DataFrame, outlet: str) -> pd.Series:
    return intervals.set_index(S.OUTLET).loc[outlet]


def test_opposite_outlets_are_distinguishable():
    sentences, articles = tables({"Up": [0.8] * 12, "Down": [-0.8] * 12})
    intervals = tone_intervals(sentences, articles, measure=S.POLARITY)
    assert list(intervals.columns) == INTERVAL_COLUMNS
    assert intervals[S.OUTLET].tolist() == ["Down", "Up"]
    assert row(intervals, "Up")[[MEAN, LOW, HIGH]].tolist() == pytest.approx([0.8, 0.8, 0.8])
    assert row(intervals, "Up")[S.N_SENTENCES] == 12
    pairs = tone_differences(intervals)
    assert list(pairs.columns) == DIFFERENCE_COLUMNS
    assert pairs[[S.OUTLET, S.OTHER_OUTLET]].values.tolist() == [["Up", "Down"]]
    assert pairs.iloc[0][T.DIFFERENCE] == pytest.approx(1.6) and pairs.iloc[0][GAP] == pytest.approx(1.6)
    assert bool(pairs.iloc[0][DISTINGUISHABLE]) is True


def test_noisy_but_separate_outlets_are_distinguishable():
    rng = np.random.default_rng(7)
    sentences, articles = tables({"Up": list(rng.uniform(0.3, 0.9, 40)), "Down": list(rng.uniform(-0.9, -0.3, 40))})
    pairs = tone_differences(tone_intervals(sentences, articles, measure=S.POLARITY))
    assert pairs[DISTINGUISHABLE].tolist() == [True]


def test_outlets_drawn_from_the_same_values_are_not_distinguishable():
    values = [-0.6, -0.2, 0.0, 0.0, 0.3, 0.7] * 4
    sentences, articles = tables({"A": values, "B": values[::-1]})
    intervals = tone_intervals(sentences, articles, measure=S.POLARITY)
    assert row(intervals, "A")[MEAN] == pytest.approx(row(intervals, "B")[MEAN])
    pairs = tone_differences(intervals)
    assert pairs[DISTINGUISHABLE].tolist() == [False] and pairs.iloc[0][GAP] < 0

    rng = np.random.default_rng(3)  # independent draws from one distribution
    sentences, articles = tables({o: list(rng.uniform(-1, 1, 30)) for o in ("C", "D", "E")})
    pairs = tone_differences(tone_intervals(sentences, articles, measure=S.POLARITY))
    assert len(pairs) == 3 and not pairs[DISTINGUISHABLE].any()


@pytest.mark.parametrize(
    "scores",
    [
        [0.8] * 5,
        [1.0, 0.0, 0.0, 0.0],
        [(1.0, 1), (0.0, 40), (-1.0, 2)],  # skewed by the weights
        [-1.0, 1.0],
        list(np.random.default_rng(11).normal(0.1, 0.3, 50).clip(-1, 1)),
    ],
)
def test_interval_contains_the_mean(scores):
    sentences, articles = tables({"One": scores})
    r = row(tone_intervals(sentences, articles, measure=S.POLARITY, resamples=200), "One")
    assert r[LOW] <= r[MEAN] <= r[HIGH]


def test_mean_is_word_weighted_like_the_article_figure():
    scored = [(1.0, 1), (0.0, 3), (-0.5, 4)]
    sentences, articles = tables({"One": scored})
    expected = aggregate_tone([Tone(v, 0.0, 0.0) for v, _ in scored], [w for _, w in scored])
    assert expected is not None
    assert row(tone_intervals(sentences, articles, measure=S.POLARITY), "One")[MEAN] == pytest.approx(expected.polarity)


@pytest.mark.parametrize("measure", T.TONE_MEASURES)
def test_on_the_seeds_each_outlet_mean_is_its_article_figure(seed_sentences_articles, measure):
    # Each seed outlet has one article, so its pooled weighted mean is that article's figure.
    sentences, articles = seed_sentences_articles
    intervals = tone_intervals(sentences, articles, measure=measure)
    figure = articles.set_index(S.OUTLET)[measure]
    assert len(intervals) == articles[S.OUTLET].nunique() == 5
    for r in intervals.itertuples(index=False):
        assert getattr(r, MEAN) == pytest.approx(figure[getattr(r, S.OUTLET)], abs=1e-12)
        assert getattr(r, LOW) <= getattr(r, MEAN) <= getattr(r, HIGH)


@pytest.mark.parametrize("measure", [S.POLARITY, S.VADER_COMPOUND])
def test_on_the_seeds_no_outlet_polarity_is_distinguishable(seed_sentences_articles, measure):
    sentences, articles = seed_sentences_articles
    intervals = tone_intervals(sentences, articles, measure=measure)
    assert not tone_differences(intervals)[DISTINGUISHABLE].any()
    if measure == S.POLARITY:
        assert intervals[MEAN].max() - intervals[MEAN].min() < 0.05


def test_same_input_gives_identical_rows():
    rng = np.random.default_rng(5)
    sentences, articles = tables({o: list(rng.uniform(-1, 1, 25)) for o in ("A", "B", "C")})
    first = tone_intervals(sentences, articles, measure=S.POLARITY)
    pd.testing.assert_frame_equal(first, tone_intervals(sentences, articles, measure=S.POLARITY))
    pd.testing.assert_frame_equal(tone_differences(first), tone_differences(first.copy()))
    other_seed = tone_intervals(sentences, articles, measure=S.POLARITY, seed=1)
    assert not first[LOW].equals(other_seed[LOW])  # the seed is what fixes the draws


def test_an_outlet_interval_does_not_depend_on_the_other_outlets():
    rng = np.random.default_rng(9)
    sentences, articles = tables({o: list(rng.uniform(-1, 1, 25)) for o in ("A", "B", "C")})
    everything = tone_intervals(sentences, articles, measure=S.POLARITY)
    only_b = tone_intervals(sentences, articles[articles[S.OUTLET] == "B"], measure=S.POLARITY)
    pd.testing.assert_series_equal(row(everything, "B"), row(only_b, "B"))


def test_memory_chunks_do_not_change_the_draws(monkeypatch):
    rng = np.random.default_rng(13)
    sentences, articles = tables({"A": list(rng.uniform(-1, 1, 64))})
    whole = tone_intervals(sentences, articles, measure=S.POLARITY, resamples=300)
    monkeypatch.setattr(T, "_CHUNK_CELLS", 64 * 7)  # 7 resamples per chunk, the last one short
    pd.testing.assert_frame_equal(whole, tone_intervals(sentences, articles, measure=S.POLARITY, resamples=300))


def test_interval_width_matches_the_standard_error():
    rng = np.random.default_rng(17)
    values = rng.uniform(-1, 1, 400)
    sentences, articles = tables({"A": list(values)})
    r = row(tone_intervals(sentences, articles, measure=S.POLARITY, resamples=2000), "A")
    expected = 2 * 1.96 * values.std() / math.sqrt(len(values))
    assert r[HIGH] - r[LOW] == pytest.approx(expected, rel=0.15)


def test_more_sentences_give_a_narrower_interval():
    base = [-0.6, -0.2, 0.0, 0.3, 0.7]
    sentences, articles = tables({"Few": base * 2, "Many": base * 20})
    intervals = tone_intervals(sentences, articles, measure=S.POLARITY).set_index(S.OUTLET)
    width = intervals[HIGH] - intervals[LOW]
    assert width["Many"] < width["Few"] / 2


def test_one_sentence_outlet_has_no_interval_and_is_compared_with_none():
    sentences, articles = tables({"Lone": [0.9], "Up": [0.5] * 10, "Down": [-0.5] * 10})
    intervals = tone_intervals(sentences, articles, measure=S.POLARITY)
    lone = row(intervals, "Lone")
    assert lone[MEAN] == pytest.approx(0.9) and lone[S.N_SENTENCES] == 1
    assert math.isnan(lone[LOW]) and math.isnan(lone[HIGH])
    pairs = tone_differences(intervals)
    with_lone = pairs[(pairs[S.OUTLET] == "Lone") | (pairs[S.OTHER_OUTLET] == "Lone")]
    assert len(with_lone) == 2 and not with_lone[DISTINGUISHABLE].any() and with_lone[GAP].isna().all()
    assert pairs.iloc[0][[S.OUTLET, S.OTHER_OUTLET]].tolist() == ["Up", "Down"]  # the one real difference


def test_identical_scores_give_a_zero_width_interval():
    sentences, articles = tables({"Flat": [0.0] * 6})
    r = row(tone_intervals(sentences, articles, measure=S.POLARITY), "Flat")
    assert r[LOW] == r[MEAN] == r[HIGH] == 0.0


def test_differences_are_oriented_and_strongest_first():
    sentences, articles = tables({"Mid": [0.0] * 5, "Down": [-0.8] * 5, "Up": [0.8] * 5, "Near": [0.1, -0.1] * 5})
    pairs = tone_differences(tone_intervals(sentences, articles, measure=S.POLARITY))
    assert (pairs[T.DIFFERENCE] >= 0).all()
    apart = pairs[pairs[DISTINGUISHABLE]]
    assert apart[[S.OUTLET, S.OTHER_OUTLET]].values.tolist()[0] == ["Up", "Down"]
    assert apart[GAP].is_monotonic_decreasing
    assert pairs[DISTINGUISHABLE].tolist() == sorted(pairs[DISTINGUISHABLE].tolist(), reverse=True)
    mid_near = pairs[pairs[[S.OUTLET, S.OTHER_OUTLET]].apply(set, axis=1) == {"Mid", "Near"}]
    assert mid_near[DISTINGUISHABLE].tolist() == [False]  # Mid's zero-width interval lies inside Near's


def test_only_scored_sentences_with_words_of_listed_articles_count():
    sentences, articles = tables({"A": [0.5, 0.5, (float("nan"), 10), (-1.0, 0)], "B": [-0.5] * 3})
    sentences.loc[len(sentences)] = {S.ARTICLE_ID: "gone", S.SENTENCE_ID: 0, S.TEXT: "word word", S.POLARITY: -1.0}
    intervals = tone_intervals(sentences, articles[articles[S.OUTLET] == "A"], measure=S.POLARITY)
    assert intervals[S.OUTLET].tolist() == ["A"]
    assert row(intervals, "A")[S.N_SENTENCES] == 2 and row(intervals, "A")[MEAN] == pytest.approx(0.5)


def test_vader_compound_is_a_measure():
    sentences, articles = tables({"Up": [0.6] * 4, "Down": [-0.6] * 4}, measure=S.VADER_COMPOUND)
    intervals = tone_intervals(sentences, articles, measure=S.VADER_COMPOUND)
    assert set(intervals[T.MEASURE]) == {S.VADER_COMPOUND}
    assert tone_differences(intervals)[DISTINGUISHABLE].tolist() == [True]


def test_empty_input_gives_empty_tables():
    for sentences, articles in [
        (pd.DataFrame(columns=S.SENTENCE_COLUMNS), pd.DataFrame(columns=S.ARTICLE_COLUMNS)),
        (pd.DataFrame(), pd.DataFrame()),
    ]:
        intervals = tone_intervals(sentences, articles, measure=S.POLARITY)
        assert intervals.empty and list(intervals.columns) == INTERVAL_COLUMNS
        pairs = tone_differences(intervals)
        assert pairs.empty and list(pairs.columns) == DIFFERENCE_COLUMNS


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(measure="tone"), "unknown measure 'tone'"),
        (dict(measure=S.POLARITY, confidence=1.0), "confidence must lie in (0, 1)"),
        (dict(measure=S.POLARITY, resamples=0), "resamples must be at least 1"),
    ],
)
def test_bad_arguments_are_refused(kwargs, message):
    sentences, articles = tables({"A": [0.1, 0.2]})
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        tone_intervals(sentences, articles, **kwargs)
