from __future__ import annotations

import pytest
from textblob import TextBlob

from dashboard.article.tone import Tone, aggregate_tone, score_tone


@pytest.mark.parametrize(
    "sentence",
    [
        "Lavrov described the meeting with Washington officials as very useful.",
        "Putin hailed the Trump administration's pragmatism and realistic view.",
        "Ties plummeted to their lowest levels since the Cold War.",
        "The meeting was held on Thursday.",
        "",
    ],
)
def test_score_tone_equals_textblob(sentence):
    expected = TextBlob(sentence).sentiment
    tone = score_tone(sentence)
    assert (tone.polarity, tone.subjectivity) == pytest.approx((expected.polarity, expected.subjectivity))
    assert -1.0 <= tone.polarity <= 1.0 and 0.0 <= tone.subjectivity <= 1.0


def test_sentiment_signs():
    assert score_tone("This is a wonderful, excellent result.").polarity > 0.5
    assert score_tone("This is a terrible, awful failure.").polarity < -0.5
    assert score_tone("The meeting was held on Thursday.") == Tone(0.0, 0.0)


def test_aggregate_is_word_weighted_mean():
    tones = [Tone(1.0, 1.0), Tone(0.0, 0.0), Tone(-0.5, 0.5)]
    assert aggregate_tone(tones, [1, 2, 1]) == Tone(0.125, 0.375)
    assert aggregate_tone([], []) is None
    assert aggregate_tone([Tone(0.3, 0.3)], [0]) is None
