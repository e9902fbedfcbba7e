from __future__ import annotations

from functools import partial

import pandas as pd
import pytest

from dashboard import schema as S
from dashboard.corpus import framing as F
from dashboard.corpus.framing import parse_sentence_key, sentence_key
from dashboard.vocabularies import load_stopwords

# With the shipped function words, as the pipeline calls them.
sentence_terms = partial(F.sentence_terms, stopwords=load_stopwords())
framing_terms = partial(F.framing_terms, stopwords=load_stopwords())


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        (
            "The regime's forces attacked the city.",
            ["regime", "forces", "regime forces", "attacked", "forces attacked", "city"],
        ),
        ("It was in 2024 that they said so.", []),
        ("Russia’s embassy", ["russia", "embassy", "russia embassy"]),
    ],
)
def test_sentence_terms(text, terms):
    assert sentence_terms(text) == terms


def test_sentence_key_round_trip():
    assert parse_sentence_key(sentence_key("a:b", 12)) == ("a:b", 12)


def _corpus(rows):
    articles = pd.DataFrame({S.ARTICLE_ID: ["a", "b", "c"], S.OUTLET: ["Alpha", "Beta", "Gamma"]})
    sentences = pd.DataFrame(rows, columns=[S.ARTICLE_ID, S.SENTENCE_ID, S.TEXT])
    return sentences, articles


def test_a_word_only_one_outlet_uses_sets_it_apart():
    rows = [("a", i, "The regime deployed troops near the border again.") for i in range(6)]
    rows += [("b", i, "The government deployed troops near the border again.") for i in range(6)]
    rows += [("c", i, "The government deployed troops near the border again.") for i in range(6)]
    sentences, articles = _corpus(rows)
    frame = framing_terms(sentences, articles)
    alpha = frame[frame[S.OUTLET] == "Alpha"]
    assert alpha[S.TERM].iloc[0] == "regime"
    top = alpha.iloc[0]
    assert (top[S.COUNT], top[S.COUNT_REST]) == (6, 0)
    assert list(top[S.SENTENCE_IDS]) == [f"a:{i}" for i in range(6)]
    assert "troops" not in set(frame[S.TERM])  # everyone says it: not framing
    assert "the" not in set(frame[S.TERM])
    assert "regime" not in set(frame.loc[frame[S.OUTLET] != "Alpha", S.TERM])


def test_one_outlet_has_nothing_to_compare_with():
    sentences, articles = _corpus([("a", 0, "The regime deployed troops.")])
    assert framing_terms(sentences, articles.iloc[:1]).empty


def test_seed_framing_points_at_each_outlets_sources(seed_sentences_articles):
    frame = framing_terms(*seed_sentences_articles)
    terms = {o: list(g[S.TERM]) for o, g in frame.groupby(S.OUTLET)}
    assert "lavrov" in terms["The Zimbabwe Mail"][:3]
    assert "foreign ministry" in terms["Local Glob"][:3]
    assert "darchiyev" in terms["Ukrainska Pravda"]
    assert frame[S.TERM_LOG_ODDS].min() >= 1.0
