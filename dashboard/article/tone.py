"""Tone: TextBlob's pattern-lexicon polarity and subjectivity. The only module importing textblob.

TextBlob's sentiment is a lexicon lookup and needs no corpus download. Its
``.sentences`` and ``.words`` need NLTK data and are deliberately not used:
sentences come from :mod:`dashboard.article.sentences`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textblob.en import sentiment as _pattern_sentiment


@dataclass(frozen=True)
class Tone:
    """Polarity in [-1.0, 1.0] (negative to positive); subjectivity in [0.0, 1.0] (factual to opinion)."""

    polarity: float
    subjectivity: float


def score_tone(text: str) -> Tone:
    """TextBlob's sentiment of one sentence (same figures as ``TextBlob(text).sentiment``).

    Calls the pattern analyzer directly: ``TextBlob(text).sentiment`` builds a blob and a
    named-tuple class on every call, which costs more than the lookup itself.
    """
    polarity, subjectivity = _pattern_sentiment(text)
    return Tone(float(polarity), float(subjectivity))


def aggregate_tone(tones: Sequence[Tone], weights: Sequence[int]) -> Tone | None:
    """Weighted mean of sentence tones; the article and outlet × topic figures.

    An article's tone is the mean of its sentences' scores weighted by their word
    counts, so a long sentence counts as much as the words it carries and neutral,
    factual sentences pull the figure towards 0 as they do for a reader.

    Returns:
        None when there is nothing to aggregate (no sentence or zero total weight).
    """
    total = sum(weights)
    if not tones or total <= 0:
        return None
    return Tone(
        sum(t.polarity * w for t, w in zip(tones, weights)) / total,
        sum(t.subjectivity * w for t, w in zip(tones, weights)) / total,
    )
