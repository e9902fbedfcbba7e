"""Tone: TextBlob's pattern-lexicon polarity and subjectivity, and VADER's compound score.

The only module importing textblob or vaderSentiment. Neither downloads anything: TextBlob's
sentiment is a lexicon lookup, and VADER's lexicon ships inside the ``vaderSentiment``
package (read once, on the first score). TextBlob's ``.sentences`` and ``.words``
need NLTK data and are deliberately not used: sentences come from
:mod:`dashboard.article.sentences`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any


@cache
def _analysers() -> tuple[Callable[[str], Any], Callable[[str], dict]]:
    """TextBlob's pattern analyser and VADER's scorer, made on first use: importing textblob
    (and NLTK behind it) costs half a second, which the app, which never scores, does not pay.
    One VADER analyser for the process: building one reads the lexicon files (~20 ms)."""
    from textblob.en import sentiment
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # type: ignore[import-untyped]

    return sentiment, SentimentIntensityAnalyzer().polarity_scores


@dataclass(frozen=True)
class Tone:
    """One sentence's (or one article's) tone.

    Attributes:
        polarity: TextBlob, in [-1.0, 1.0] (negative to positive).
        subjectivity: TextBlob, in [0.0, 1.0] (factual to opinion).
        vader_compound: VADER's normalised compound score, in [-1.0, 1.0] (negative to positive).
    """

    polarity: float
    subjectivity: float
    vader_compound: float


def score_tone(text: str) -> Tone:
    """TextBlob's sentiment (same figures as ``TextBlob(text).sentiment``) and VADER's compound.

    Calls the pattern analyzer directly: ``TextBlob(text).sentiment`` builds a blob and a
    named-tuple class on every call, which costs more than the lookup itself.
    """
    polarity, subjectivity = _analysers()[0](text)
    return Tone(float(polarity), float(subjectivity), vader_compound(text))


def vader_compound(text: str) -> float:
    """VADER's compound score of one sentence, in [-1.0, 1.0] (0.0 for no sentiment words)."""
    return float(_analysers()[1](text)["compound"])


def aggregate_tone(tones: Sequence[Tone], weights: Sequence[int]) -> Tone | None:
    """Weighted mean of sentence tones; the article and outlet × topic figures.

    An article's tone is the mean of its sentences' scores weighted by their word
    counts, so a long sentence counts as much as the words it carries and neutral,
    factual sentences pull the figure towards 0 as they do for a reader. The three
    measures are weighted alike.

    Returns:
        None when there is nothing to aggregate (no sentence or zero total weight).
    """
    total = sum(weights)
    if not tones or total <= 0:
        return None
    return Tone(
        sum(t.polarity * w for t, w in zip(tones, weights)) / total,
        sum(t.subjectivity * w for t, w in zip(tones, weights)) / total,
        sum(t.vader_compound * w for t, w in zip(tones, weights)) / total,
    )
