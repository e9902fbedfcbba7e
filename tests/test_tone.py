from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from dashboard.article.tone import Tone, aggregate_tone, score_tone, vader_compound

SENTENCES = [
    "Lavrov described the meeting with Washington officials as very useful.",
    "Putin hailed the Trump administration's pragmatism and realistic view.",
    "Ties plummeted to their lowest levels since the Cold War.",
    "The meeting was held on Thursday.",
    "",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_score_tone_equals_textblob(sentence):
    expected = TextBlob(sentence).sentiment
    tone = score_tone(sentence)
    assert (tone.polarity, tone.subjectivity) == pytest.approx((expected.polarity, expected.subjectivity))
    assert -1.0 <= tone.polarity <= 1.0 and 0.0 <= tone.subjectivity <= 1.0


@pytest.mark.parametrize("sentence", SENTENCES)
def test_vader_compound_equals_vader(sentence):
    expected = SentimentIntensityAnalyzer().polarity_scores(sentence)["compound"]
    assert score_tone(sentence).vader_compound == vader_compound(sentence) == pytest.approx(expected)
    assert -1.0 <= vader_compound(sentence) <= 1.0


def test_sentiment_signs():
    assert score_tone("This is a wonderful, excellent result.").polarity > 0.5
    assert score_tone("This is a terrible, awful failure.").polarity < -0.5
    assert score_tone("This is a wonderful, excellent result.").vader_compound > 0.5
    assert score_tone("This is a terrible, awful failure.").vader_compound < -0.5
    assert score_tone("The meeting was held on Thursday.") == Tone(0.0, 0.0, 0.0)


def test_aggregate_is_word_weighted_mean():
    tones = [Tone(1.0, 1.0, 0.5), Tone(0.0, 0.0, 0.0), Tone(-0.5, 0.5, -1.0)]
    assert aggregate_tone(tones, [1, 2, 1]) == Tone(0.125, 0.375, -0.125)
    assert aggregate_tone([], []) is None
    assert aggregate_tone([Tone(0.3, 0.3, 0.3)], [0]) is None


def test_tone_downloads_nothing():
    # The lexicons ship inside textblob and vaderSentiment: scoring works with every socket refused.
    script = textwrap.dedent(
        """
        import socket

        def refuse(*args, **kwargs):
            raise OSError("network access attempted")

        socket.socket.connect = refuse
        socket.socket.connect_ex = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse

        from dashboard.article.tone import score_tone

        tone = score_tone("Ties plummeted to their lowest levels since the Cold War.")
        assert tone.polarity < 0 and tone.vader_compound < 0, tone
        print("ok")
        """
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=root)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
