"""How sure each outlet's tone is: bootstrap intervals and which outlet pairs they tell apart.

Pure functions ``DataFrame -> DataFrame``, cheap enough to run on every app rerun. An
outlet's tone is the mean of its sentences' scores weighted by their word counts (the
article figure, pooled over the outlet's articles). Its interval is a percentile bootstrap
over those sentences: resample the sentences with replacement, recompute the weighted mean,
and take the central ``confidence`` share of the resampled means. Two outlets are
*distinguishable* when their intervals do not overlap; otherwise the difference between
their means is within what resampling the same sentences produces, and is reported as noise.
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from dashboard import schema as S
from dashboard.text.words import sentence_words

#: The sentence-level tone measures an interval can be computed for.
TONE_MEASURES = (S.POLARITY, S.SUBJECTIVITY, S.VADER_COMPOUND)

MEASURE = S.MEASURE
MEAN = S.MEAN
LOW = S.LOW
HIGH = S.HIGH
DIFFERENCE = "difference"
GAP = "gap"
DISTINGUISHABLE = "distinguishable"

#: tone_intervals: one row per outlet.
INTERVAL_COLUMNS = S.TONE_INTERVAL_COLUMNS
#: tone_differences: one row per pair of outlets.
DIFFERENCE_COLUMNS = [S.OUTLET, S.OTHER_OUTLET, MEASURE, DIFFERENCE, GAP, DISTINGUISHABLE]

#: The interval every view shows unless told otherwise: 95 % of 1,000 resampled means.
CONFIDENCE = 0.95
RESAMPLES = 1000

#: Most resampled sentence draws held in memory at once (resamples × sentences per chunk).
_CHUNK_CELLS = 1 << 21


def tone_intervals(
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    measure: str,
    confidence: float = CONFIDENCE,
    resamples: int = RESAMPLES,
    seed: int = 0,
) -> pd.DataFrame:
    """Each outlet's word-weighted mean tone with a bootstrap confidence interval.

    Only sentences of articles in ``articles`` take part, and only those with a score and at
    least one word (a sentence of no words has no weight in the article figure either).

    The draws are reproducible: each outlet's resampling uses its own generator, seeded by
    ``seed`` and the outlet's name, so the same input gives the same rows on every run, and
    an outlet's interval does not change when other outlets are filtered away.

    An outlet with a single sentence gets ``low`` and ``high`` = NaN: resampling one
    sentence always gives that sentence back, and a zero-width interval would claim a
    certainty one sentence cannot give. :func:`tone_differences` calls such an outlet
    distinguishable from none. (An outlet whose sentences all score the same does get a
    zero-width interval: every resample of them is that score.)

    Args:
        sentences: Rows of the sentences table (``article_id, text`` and ``measure``).
        articles: Rows of the articles table (``article_id, outlet``).
        measure: One of :data:`TONE_MEASURES`.
        confidence: Share of the resampled means the interval holds, in (0, 1).
        resamples: Number of bootstrap resamples, at least 1.
        seed: Seed of the resampling.

    Returns:
        Columns ``outlet, measure, mean, low, high, n_sentences``, one row per outlet with at
        least one scored sentence, sorted by outlet. ``low <= mean <= high`` (the percentile
        interval is widened to the mean in the rare skewed case where it would miss it).

    Raises:
        ValueError: an unknown ``measure``, ``confidence`` outside (0, 1) or ``resamples`` < 1.
    """
    if measure not in TONE_MEASURES:
        raise ValueError(f"tone_intervals: unknown measure {measure!r}; use one of {', '.join(TONE_MEASURES)}")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"tone_intervals: confidence must lie in (0, 1), not {confidence!r}")
    if resamples < 1:
        raise ValueError(f"tone_intervals: resamples must be at least 1, not {resamples!r}")
    scored = _scored_sentences(sentences, articles, measure)
    tail = (1.0 - confidence) / 2.0
    rows = []
    for outlet, group in scored.groupby(S.OUTLET, sort=True):
        values = group["_v"].to_numpy(dtype=float)
        weights = group["_w"].to_numpy(dtype=float)
        mean = float(np.dot(values, weights) / weights.sum())
        low = high = float("nan")
        if len(values) > 1:
            rng = np.random.default_rng([seed, zlib.crc32(str(outlet).encode("utf-8"))])
            means = _bootstrap_means(values, weights, resamples, rng)
            q_low, q_high = np.quantile(means, [tail, 1.0 - tail])
            low, high = min(float(q_low), mean), max(float(q_high), mean)
        rows.append(
            {
                S.OUTLET: outlet,
                MEASURE: measure,
                MEAN: mean,
                LOW: low,
                HIGH: high,
                S.N_SENTENCES: len(values),
            }
        )
    out = pd.DataFrame(rows, columns=INTERVAL_COLUMNS)
    return out.astype({MEAN: "float64", LOW: "float64", HIGH: "float64", S.N_SENTENCES: "int64"})


def every_tone_interval(sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """:func:`tone_intervals` with its defaults for each of :data:`TONE_MEASURES` the tables
    carry, one after the other (what the app's tone chart shows before any filter)."""
    frames = [
        tone_intervals(sentences, articles, measure=measure)
        for measure in TONE_MEASURES
        if measure in sentences.columns
    ]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=INTERVAL_COLUMNS)


def tone_differences(intervals: pd.DataFrame) -> pd.DataFrame:
    """Every pair of outlets in ``intervals`` and whether their intervals tell them apart.

    Args:
        intervals: Rows of :func:`tone_intervals` (pairs are formed within one measure).

    Returns:
        Columns ``outlet, other_outlet, measure, difference, gap, distinguishable``, one row
        per unordered pair. ``outlet`` is the one with the higher mean, so ``difference``
        (``outlet``'s mean minus ``other_outlet``'s) is >= 0. ``gap`` is the space between the
        two intervals (``outlet``'s low minus ``other_outlet``'s high): > 0 when they do not
        overlap, <= 0 by how much they overlap, NaN when either outlet has no interval.
        ``distinguishable`` is ``gap > 0``; intervals that touch overlap. Rows are sorted
        strongest first: distinguishable pairs by gap, then the rest by difference.
    """
    rows = []
    for measure, group in intervals.groupby(MEASURE, sort=False):
        records = group.to_dict("records")
        for i, first in enumerate(records):
            for second in records[i + 1 :]:
                hi, lo = (
                    (first, second)
                    if (first[MEAN], second[S.OUTLET]) >= (second[MEAN], first[S.OUTLET])
                    else (second, first)
                )
                gap = float(hi[LOW] - lo[HIGH])
                rows.append(
                    {
                        S.OUTLET: hi[S.OUTLET],
                        S.OTHER_OUTLET: lo[S.OUTLET],
                        MEASURE: measure,
                        DIFFERENCE: float(hi[MEAN] - lo[MEAN]),
                        GAP: gap,
                        DISTINGUISHABLE: bool(gap > 0),  # NaN > 0 is False: no interval, no claim
                    }
                )
    out = pd.DataFrame(rows, columns=DIFFERENCE_COLUMNS).astype(
        {DIFFERENCE: "float64", GAP: "float64", DISTINGUISHABLE: "bool"}
    )
    # Distinguishable pairs first, widest gap first; the others by their difference alone.
    key = out[GAP].where(out[DISTINGUISHABLE], 0.0)
    order = out.assign(_k=key).sort_values(
        [DISTINGUISHABLE, "_k", DIFFERENCE, S.OUTLET, S.OTHER_OUTLET],
        ascending=[False, False, False, True, True],
        kind="stable",
    )
    return order[DIFFERENCE_COLUMNS].reset_index(drop=True)


def _scored_sentences(sentences: pd.DataFrame, articles: pd.DataFrame, measure: str) -> pd.DataFrame:
    """``outlet, _v`` (score), ``_w`` (words) of every scored sentence with words, in table order."""
    empty = pd.DataFrame(
        {S.OUTLET: pd.Series(dtype=object), "_v": pd.Series(dtype=float), "_w": pd.Series(dtype=float)}
    )
    needed = {S.ARTICLE_ID, S.TEXT, measure}
    if sentences.empty or articles.empty or not needed <= set(sentences.columns):
        return empty
    rows = sentences.assign(_w=sentence_words(sentences))[[S.ARTICLE_ID, "_w", measure]].merge(
        articles[[S.ARTICLE_ID, S.OUTLET]], on=S.ARTICLE_ID, how="inner"
    )
    rows = rows.assign(_v=pd.to_numeric(rows[measure], errors="coerce"))
    rows = rows[rows["_v"].notna() & (rows["_w"] > 0) & rows[S.OUTLET].notna()]
    return rows[[S.OUTLET, "_v", "_w"]] if len(rows) else empty


def _bootstrap_means(values: np.ndarray, weights: np.ndarray, resamples: int, rng: np.random.Generator) -> np.ndarray:
    """Weighted means of ``resamples`` resamples (with replacement) of the sentences.

    Vectorised: each chunk draws a (resamples × sentences) index matrix at once; chunks only
    bound memory for outlets with very many sentences.
    """
    n = len(values)
    weighted = values * weights
    means = np.empty(resamples, dtype=float)
    step = max(1, _CHUNK_CELLS // n)
    for start in range(0, resamples, step):
        idx = rng.integers(0, n, size=(min(step, resamples - start), n))
        means[start : start + len(idx)] = weighted[idx].sum(axis=1) / weights[idx].sum(axis=1)
    return means
