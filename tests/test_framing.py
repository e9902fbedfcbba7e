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


def _three_outlets(n: int, alpha_word: str = "regime") -> tuple[pd.DataFrame, pd.DataFrame]:
    rows = [("a", i, f"The {alpha_word} deployed troops near the border again.") for i in range(n)]
    rows += [(x, i, "The government deployed troops near the border again.") for x in "bc" for i in range(n)]
    return _corpus(rows)


def test_a_word_only_one_outlet_uses_often_sets_it_apart():
    sentences, articles = _three_outlets(10)
    frame = framing_terms(sentences, articles)
    alpha = frame[frame[S.OUTLET] == "Alpha"]
    assert alpha[S.TERM].iloc[0] == "regime"
    top = alpha.iloc[0]
    assert (top[S.COUNT], top[S.COUNT_REST]) == (10, 0)
    assert list(top[S.SENTENCE_IDS]) == [f"a:{i}" for i in range(10)]
    assert top[S.TERM_LOG_ODDS] > 1.96
    assert "troops" not in set(frame[S.TERM])  # everyone says it: not framing
    assert "the" not in set(frame[S.TERM])
    assert "regime" not in set(frame.loc[frame[S.OUTLET] != "Alpha", S.TERM])


def test_a_few_uses_are_not_beyond_chance():
    # Six uses against none: z is about 2.1, which one of a dozen terms reaches by chance;
    # the false-discovery control keeps it out.
    sentences, articles = _three_outlets(6)
    assert framing_terms(sentences, articles).empty


def test_a_term_used_fewer_than_min_count_times_is_never_framing():
    sentences, articles = _three_outlets(10)
    frame = framing_terms(sentences, articles, min_count=11)
    assert frame.empty


def test_an_outlets_own_name_is_never_its_framing():
    rows = [("a", i, "Alpha Times reported that the troops moved near the border again.") for i in range(12)]
    rows += [(x, i, "Reports said that the troops moved near the border again.") for x in "bc" for i in range(12)]
    sentences, articles = _corpus(rows)
    articles = articles.assign(**{S.OUTLET: ["Alpha Times", "Beta", "Gamma"]})
    terms = set(framing_terms(sentences, articles)[S.TERM])
    assert not terms & {"alpha", "times", "alpha times"}
    assert "reported" in terms  # the other words of that sentence still count


def test_one_outlet_has_nothing_to_compare_with():
    sentences, articles = _corpus([("a", 0, "The regime deployed troops.")])
    assert framing_terms(sentences, articles.iloc[:1]).empty


def test_seed_framing_passes_no_significance_test(seed_sentences_articles):
    # Five short articles: the most skewed terms ("lavrov" in The Zimbabwe Mail, z about 3) do not
    # pass the Benjamini-Hochberg procedure among each outlet's hundreds of terms.
    frame = framing_terms(*seed_sentences_articles)
    assert frame.empty
    loose = framing_terms(*seed_sentences_articles, fdr=1.0)
    assert "lavrov" in set(loose.loc[loose[S.OUTLET] == "The Zimbabwe Mail", S.TERM])


def test_sentence_terms_equal_the_plain_definition_on_generated_texts() -> None:
    """The memo of folded words changes nothing: the terms are those of the plain definition."""
    import random
    import re

    from dashboard.corpus.framing import _TOKEN, sentence_terms
    from dashboard.vocabularies import load_stopwords

    def plain(text: str, stop: frozenset[str]) -> list[str]:
        words = [re.sub(r"['’]s$", "", w.lower()) for w in _TOKEN.findall(text)]
        terms: list[str] = []
        previous = None
        for word in words:
            if word in stop or len(word) < 2:
                previous = None
                continue
            terms.append(word)
            if previous is not None:
                terms.append(f"{previous} {word}")
            previous = word
        return terms

    pieces = ["Russia's", "Russia’s", "US", "talks", "the", "of", "É", "s", "'s", "Lavrov", "a", "12", "x"]
    rng = random.Random(17)
    stop = load_stopwords()
    for _ in range(2000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 15)))
        assert sentence_terms(text, stop) == plain(text, stop)
