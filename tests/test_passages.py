"""Shared passages and the reuse matrix: the seeds, and small cases whose answer is known by construction."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from dashboard import schema as S
from dashboard.corpus.align import Alignment, align_facts
from dashboard.corpus.passages import (
    MIN_WORDS,
    NEAR,
    NEAR_VERBATIM,
    VERBATIM,
    _canonical,
    _copies,
    _day,
    _encode_words,
    _first_published,
    _first_published_days,
    _forms,
    _link,
    _near_many,
    _normalise,
    _similarity,
    _similarity_many,
    reuse_matrix,
    shared_passages,
)
from dashboard.text.words import count_words
from dashboard.vocabularies import load_stopwords

from .conftest import CALIBER, HURRIYET, LOCAL_GLOB, PRAVDA, ZIMBABWE_MAIL

HURRIYET_NAME, PRAVDA_NAME = "Hürriyet Daily News", "Ukrainska Pravda"


def align(sentences: pd.DataFrame, articles: pd.DataFrame) -> Alignment:
    return align_facts(sentences, articles, stopwords=load_stopwords())


def passages(sentences: pd.DataFrame, articles: pd.DataFrame, **kwargs) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Shared passages as the pipeline derives them: from the alignment of the same sentences."""
    return shared_passages(sentences, articles, align(sentences, articles), **kwargs)


# --- the seeds -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_tables(seed_sentences_articles) -> tuple[pd.DataFrame, pd.DataFrame]:
    sentences, articles = seed_sentences_articles
    return articles, sentences


@pytest.fixture(scope="module")
def seed_passages(seed_tables) -> tuple[pd.DataFrame, pd.DataFrame]:
    articles, sentences = seed_tables
    return passages(sentences, articles)


def _key(sentences: pd.DataFrame, article: str, fragment: str) -> tuple[str, int]:
    """(article_id, sentence_id) of the one sentence of ``article`` containing ``fragment``."""
    rows = sentences[(sentences[S.ARTICLE_ID] == article) & sentences[S.TEXT].str.contains(fragment, regex=False)]
    assert len(rows) == 1, f"{fragment!r} found {len(rows)} times in {article}"
    return article, int(rows[S.SENTENCE_ID].iloc[0])


def _member_sets(members: pd.DataFrame) -> dict[int, frozenset]:
    return {
        g: frozenset(zip(rows[S.ARTICLE_ID], rows[S.SENTENCE_ID].astype(int)))
        for g, rows in members.groupby(S.GROUP_ID)
    }


def _group_of(members: pd.DataFrame, key: tuple[str, int]) -> int | None:
    hit = members[(members[S.ARTICLE_ID] == key[0]) & (members[S.SENTENCE_ID] == key[1])]
    return None if hit.empty else int(hit[S.GROUP_ID].iloc[0])


# The State Department statement: quoted whole by Ukrainska Pravda and (after "a spokesman ...
# said:") by Hürriyet, which also quotes it in two sentences. The seeds' only copied text.
STATEMENT = [
    (HURRIYET, '"The United States raised concerns'),
    (HURRIYET, '"Through constructive discussions'),
    (HURRIYET, "a spokesman for the U.S. State Department said"),
    (PRAVDA, "The United States raised concerns"),
]


def test_seed_passages_are_exactly_the_state_department_statement(seed_tables, seed_passages):
    _, sentences = seed_tables
    groups, members = seed_passages
    assert list(_member_sets(members).values()) == [frozenset(_key(sentences, a, f) for a, f in STATEMENT)]
    assert groups[S.GROUP_ID].tolist() == [0]


def test_seed_state_department_statement_groups_hurriyet_and_pravda(seed_tables, seed_passages):
    _, sentences = seed_tables
    groups, members = seed_passages
    g = _group_of(members, _key(sentences, PRAVDA, "The United States raised concerns"))
    assert g is not None and g == _group_of(members, _key(sentences, HURRIYET, "a spokesman for the U.S. State"))
    row = groups.loc[g]
    assert row[S.OUTLETS] == [HURRIYET_NAME, PRAVDA_NAME]
    assert row[S.KIND] == NEAR
    # Both dated 2025-02-28: a tie, so no first outlet.
    assert row[S.FIRST_OUTLET] is None and row[S.FIRST_PUBLISHED] is None
    assert row[S.TEXT].startswith('"The United States raised concerns') and row[S.TEXT].endswith("the statement said.")


@pytest.mark.parametrize(
    "left, right",
    [
        # One fact in other words (one fact group): not a passage.
        (
            (HURRIYET, "Coulter and Darchiev agreed to hold a follow-up meeting"),
            (PRAVDA, "Coulter and Darchiyev agreed to hold another meeting"),
        ),
        (
            (ZIMBABWE_MAIL, "Embassy staff cuts began in both countries"),
            (LOCAL_GLOB, "The reduction in embassy staff in both countries"),
        ),
        (
            (ZIMBABWE_MAIL, "systemic problems that have piled up"),
            (HURRIYET, "systemic problems that have accumulated"),
        ),
        (
            (LOCAL_GLOB, "The February 27 consultations in Istanbul were held in an expert format"),
            (HURRIYET, "the U.S. delegation was led by"),
        ),
        # Sentences that share "Secretary of State Marco Rubio" but say different things.
        (
            (ZIMBABWE_MAIL, "The US delegation consisted of Secretary of State Marco Rubio"),
            (LOCAL_GLOB, "In turn, US Secretary of State Marco Rubio noted"),
        ),
        (
            (ZIMBABWE_MAIL, "The US delegation consisted of Secretary of State Marco Rubio"),
            (CALIBER, "US Secretary of State Marco Rubio announced"),
        ),
        (
            (LOCAL_GLOB, "In turn, US Secretary of State Marco Rubio noted"),
            (HURRIYET, "agreed on steps to remove obstacles to financing"),
        ),
    ],
)
def test_seed_paraphrases_and_shared_names_are_not_passages(seed_tables, seed_passages, left, right):
    _, sentences = seed_tables
    _, members = seed_passages
    assert _group_of(members, _key(sentences, *left)) is None
    assert _group_of(members, _key(sentences, *right)) is None


def test_seed_reuse_top_pair_is_pravda_and_hurriyet(seed_tables, seed_passages):
    articles, sentences = seed_tables
    reuse = reuse_matrix(sentences, articles, seed_passages[1])
    assert list(reuse.columns) == S.REUSE_COLUMNS and len(reuse) == 5 * 4
    top = reuse.sort_values(S.SHARE, ascending=False, kind="stable").iloc[0]
    assert (top[S.OUTLET], top[S.OTHER_OUTLET]) == (PRAVDA_NAME, HURRIYET_NAME)
    # Pravda's shared words are its one quoted sentence; Hürriyet's its three.
    statement = sentences.set_index([S.ARTICLE_ID, S.SENTENCE_ID])[S.TEXT]
    pravda_words = count_words(statement[_key(sentences, *STATEMENT[3])])
    hurriyet_words = sum(count_words(statement[_key(sentences, *part)]) for part in STATEMENT[:3])
    assert top[S.N_WORDS_SHARED] == pravda_words
    back = reuse[(reuse[S.OUTLET] == HURRIYET_NAME) & (reuse[S.OTHER_OUTLET] == PRAVDA_NAME)].iloc[0]
    assert back[S.N_WORDS_SHARED] == hurriyet_words
    assert back[S.SHARE] < top[S.SHARE]  # asymmetric: Pravda is the short one
    # Every outlet's words are its sentences' words: the articles' own count.
    n_words = reuse.drop_duplicates(S.OUTLET).set_index(S.OUTLET)[S.N_WORDS]
    assert n_words.to_dict() == articles.set_index(S.OUTLET)[S.N_WORDS].to_dict()
    # Caliber.Az shares nothing with Ukrainska Pravda, and the zero rows are there.
    zero = reuse[(reuse[S.OUTLET] == "Caliber.Az") & (reuse[S.OTHER_OUTLET] == PRAVDA_NAME)].iloc[0]
    assert (zero[S.SHARE], zero[S.N_WORDS_SHARED]) == (0.0, 0)


def test_seed_output_is_deterministic_whatever_the_row_order(seed_tables, seed_passages):
    articles, sentences = seed_tables
    shuffled_sentences, shuffled_articles = sentences.sample(frac=1, random_state=3), articles.iloc[::-1]
    groups, members = passages(shuffled_sentences, shuffled_articles)
    pd.testing.assert_frame_equal(groups, seed_passages[0])
    pd.testing.assert_frame_equal(members, seed_passages[1])
    assert groups[S.GROUP_ID].tolist() == list(range(len(groups)))


# --- small cases known by construction -----------------------------------------------------


def _tables(*rows: tuple[str, str, object, list[str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Articles and sentences from (article_id, outlet, published, [sentence texts])."""
    articles = pd.DataFrame(
        {
            S.ARTICLE_ID: [r[0] for r in rows],
            S.OUTLET: [r[1] for r in rows],
            S.PUBLISHED: pd.Series([r[2] for r in rows], dtype="object"),
        }
    )
    sentences = pd.DataFrame(
        [(r[0], k, text) for r in rows for k, text in enumerate(r[3])], columns=[S.ARTICLE_ID, S.SENTENCE_ID, S.TEXT]
    )
    return articles, sentences


QUOTE = "The minister said: “We will not accept these terms under any circumstances.”"
QUOTE_PLAIN = 'The minister said: "We will not accept these terms under any circumstances."'
QUOTE_SHOUTED = 'THE MINISTER   SAID: "We will not accept these terms under any circumstances."'
FLIGHTS = "The delegations agreed to restore direct flights between Moscow and Washington by the end of the year."
FLIGHTS_EDITED = (
    "The delegations agreed to restore direct flights between Moscow and Washington by the end of the summer."
)
FILLER = "Officials in Nairobi opened a new water treatment plant serving forty thousand homes."


def test_verbatim_copy_in_three_outlets_is_one_group_first_by_date():
    articles, sentences = _tables(
        ("b", "Beta", dt.date(2025, 3, 2), [QUOTE_PLAIN, FILLER]),
        ("a", "Alpha", dt.date(2025, 3, 1), ["Talks began on Monday in the Swiss capital of Bern.", QUOTE]),
        ("c", "Gamma", dt.date(2025, 3, 3), [QUOTE_SHOUTED]),
    )
    groups, members = shared_passages(sentences, articles, align(sentences, articles))
    assert list(groups.columns) == S.PASSAGE_GROUP_COLUMNS and list(members.columns) == S.PASSAGE_MEMBER_COLUMNS
    assert groups.to_dict("records") == [
        {
            S.GROUP_ID: 0,
            S.N_OUTLETS: 3,
            S.OUTLETS: ["Alpha", "Beta", "Gamma"],
            S.SIMILARITY: 100.0,
            S.KIND: VERBATIM,
            S.FIRST_OUTLET: "Alpha",
            S.FIRST_PUBLISHED: dt.date(2025, 3, 1),
            S.TEXT: QUOTE,
        }
    ]
    assert members.to_dict("records") == [
        {S.GROUP_ID: 0, S.ARTICLE_ID: "a", S.SENTENCE_ID: 1, S.OUTLET: "Alpha", S.SIMILARITY: 100.0},
        {S.GROUP_ID: 0, S.ARTICLE_ID: "b", S.SENTENCE_ID: 0, S.OUTLET: "Beta", S.SIMILARITY: 100.0},
        {S.GROUP_ID: 0, S.ARTICLE_ID: "c", S.SENTENCE_ID: 0, S.OUTLET: "Gamma", S.SIMILARITY: 100.0},
    ]


def test_passages_come_only_from_the_alignment():
    """A copy the alignment did not group (here: an alignment of nothing) is no passage."""
    articles, sentences = _tables(("a", "Alpha", None, [QUOTE]), ("b", "Beta", None, [QUOTE_PLAIN]))
    assert len(passages(sentences, articles)[0]) == 1
    nothing = align(sentences.iloc[:0], articles)
    groups, members = shared_passages(sentences, articles, nothing)
    assert groups.empty and members.empty


def _expected_similarity(a: str, b: str) -> float:
    """The documented formula, computed independently on word lists."""
    na, nb = _normalise(a), _normalise(b)
    words_a, words_b = na.split(), nb.split()
    containment = 100 * LCSseq.similarity(words_a, words_b) / min(len(words_a), len(words_b))
    return (fuzz.token_sort_ratio(na, nb) + containment) / 2


def test_one_changed_word_is_near_verbatim_with_the_documented_similarity():
    articles, sentences = _tables(("a", "Alpha", None, [FLIGHTS]), ("b", "Beta", None, [FLIGHTS_EDITED]))
    groups, members = passages(sentences, articles)
    assert groups[S.KIND].tolist() == [NEAR]
    assert groups[S.SIMILARITY].iloc[0] == pytest.approx(_expected_similarity(FLIGHTS, FLIGHTS_EDITED))
    assert groups[S.SIMILARITY].iloc[0] == pytest.approx(94.1176, abs=1e-3)
    assert members[S.SIMILARITY].tolist() == pytest.approx([100.0, 94.1176], abs=1e-3)


# (sentence in outlet Alpha, sentence in outlet Beta, expected kind or None for no passage)
PAIRS = [
    (QUOTE, QUOTE_PLAIN, VERBATIM),
    (FLIGHTS, FLIGHTS_EDITED, NEAR),
    # A statement quoted inside a longer sentence with its attribution.
    (
        "We will not accept these terms under any circumstances, and we will defend our interests.",
        "“We will not accept these terms under any circumstances, and we will defend our interests,” the foreign "
        "minister told reporters in Brussels on Monday.",
        NEAR,
    ),
    # One fact in other words: a fact group (tests/test_align.py), never a passage.
    (
        "The central bank raised its key interest rate by half a percentage point to 4.5 percent on Thursday.",
        "On Thursday, the central bank raised its key rate by half a percentage point, to 4.5 percent, analysts said.",
        None,
    ),
    (
        "At least 12 people were killed and 40 injured when a bus collided with a truck near Ankara on Saturday.",
        "A bus collided with a truck near Ankara on Saturday, killing at least 12 people and injuring 40.",
        None,
    ),
    # Same names, different sentences: never a shared passage.
    (
        "US Secretary of State Marco Rubio met Saudi officials in Riyadh on Tuesday to discuss the war in Gaza.",
        "US Secretary of State Marco Rubio said the administration would cut foreign aid to several countries.",
        None,
    ),
    (
        "Ukrainian President Volodymyr Zelensky said on Sunday that Russian drones had hit an energy facility in Odesa.",
        "Ukrainian President Volodymyr Zelensky will travel to Washington on Friday to meet US President Donald Trump.",
        None,
    ),
    (
        "Russian Foreign Minister Sergey Lavrov said Moscow was ready to continue talks with Washington on embassies.",
        "Russian Foreign Minister Sergey Lavrov arrived in Qatar on Wednesday for a two-day official visit.",
        None,
    ),
    (
        "The European Commission proposed new sanctions against Russia on Tuesday, targeting its shadow fleet.",
        "The European Commission on Tuesday approved a 50 billion euro aid package for Ukraine over four years.",
        None,
    ),
    (FLIGHTS, FILLER, None),
]


@pytest.mark.parametrize("alpha, beta, kind", PAIRS)
def test_pairs_of_outlets(alpha, beta, kind):
    articles, sentences = _tables(("a", "Alpha", None, [alpha]), ("b", "Beta", None, [beta]))
    assert passages(sentences, articles)[0][S.KIND].tolist() == ([] if kind is None else [kind])


def test_same_outlet_twice_is_not_a_shared_passage():
    articles, sentences = _tables(
        ("a1", "Alpha", None, [FLIGHTS]), ("a2", "Alpha", None, [FLIGHTS]), ("b", "Beta", None, [FILLER])
    )
    groups, members = passages(sentences, articles)
    assert groups.empty and members.empty


def test_a_sentence_repeated_inside_one_article_is_not_a_shared_passage():
    articles, sentences = _tables(("a", "Alpha", None, [FLIGHTS, FILLER, FLIGHTS_EDITED]), ("b", "Beta", None, [QUOTE]))
    assert passages(sentences, articles)[0].empty


def test_short_sentences_are_not_matched():
    boilerplate = "Subscribe to our newsletter."
    articles, sentences = _tables(
        ("a", "Alpha", None, [boilerplate]), ("b", "Beta", None, [boilerplate]), ("c", "Gamma", None, [boilerplate])
    )
    assert passages(sentences, articles)[0].empty
    assert passages(sentences, articles, min_words=2)[0].empty  # not even a unit of the alignment


@pytest.mark.parametrize("min_words, n_groups", [(MIN_WORDS, 1), (count_words(QUOTE), 1), (count_words(QUOTE) + 1, 0)])
def test_min_words_drops_copies_shorter_than_it(min_words, n_groups):
    articles, sentences = _tables(("a", "Alpha", None, [QUOTE]), ("b", "Beta", None, [QUOTE_PLAIN]))
    assert len(passages(sentences, articles, min_words=min_words)[0]) == n_groups


def test_complete_linkage_does_not_chain_through_a_hub():
    # The hub copies one sentence and then another; those two have nothing in common, so neither
    # the fact group nor the passage joins them: each holds the hub and one of them only.
    first = "The foreign ministers of both countries met in Geneva on Monday for five hours"
    second = "they agreed to reopen the grain export corridor and to exchange all prisoners of war"
    articles, sentences = _tables(
        ("a", "Alpha", None, [first + "."]),
        ("h", "Hub", None, [f"{first}, and {second}."]),
        ("c", "Gamma", None, [second.capitalize() + "."]),
    )
    alignment = align(sentences, articles)
    for _, fact in alignment.members.groupby(S.FACT_ID):
        assert "h" in set(fact[S.ARTICLE_ID]) and not {"a", "c"} <= set(fact[S.ARTICLE_ID])
    groups, members = shared_passages(sentences, articles, alignment)
    assert len(groups) == 1 and "Hub" in groups.at[0, S.OUTLETS] and groups.at[0, S.N_OUTLETS] == 2
    assert not {"a", "c"} <= set(members[S.ARTICLE_ID])


# (published dates of outlets Alpha, Beta, Gamma; expected first outlet and date)
DATES = [
    ((dt.date(2025, 3, 2), dt.date(2025, 3, 1), dt.date(2025, 3, 3)), ("Beta", dt.date(2025, 3, 1))),
    ((dt.date(2025, 3, 1), dt.date(2025, 3, 1), dt.date(2025, 3, 3)), (None, None)),  # tied earliest
    ((dt.date(2025, 3, 1), None, dt.date(2025, 3, 3)), (None, None)),  # one missing
    ((None, None, None), (None, None)),
    (("2025-03-04", "2025-03-02", "2025-03-03"), ("Beta", "2025-03-02")),  # strings as given
]


@pytest.mark.parametrize("dates, expected", DATES)
def test_first_outlet_needs_a_unique_earliest_date(dates, expected):
    articles, sentences = _tables(*[(o.lower(), o, d, [QUOTE]) for o, d in zip(["Alpha", "Beta", "Gamma"], dates)])
    groups, _ = passages(sentences, articles)
    assert (groups.at[0, S.FIRST_OUTLET], groups.at[0, S.FIRST_PUBLISHED]) == expected


def test_first_outlet_when_one_outlet_has_two_articles_on_the_earliest_day():
    articles, sentences = _tables(
        ("a1", "Alpha", dt.date(2025, 3, 1), [QUOTE]),
        ("a2", "Alpha", dt.date(2025, 3, 1), [QUOTE_PLAIN]),
        ("b", "Beta", dt.date(2025, 3, 2), [QUOTE_SHOUTED]),
    )
    groups, members = passages(sentences, articles)
    assert (groups.at[0, S.FIRST_OUTLET], groups.at[0, S.N_OUTLETS], len(members)) == ("Alpha", 2, 3)


def test_reuse_matrix_exact_shares():
    ten_shared = "The two sides agreed to resume regular flights next month."  # 10 words
    ten_own = "Alpha also reported heavy snow across the northern mountain passes."  # 10 words
    articles, sentences = _tables(
        ("a", "Alpha", None, [ten_shared, ten_own]),
        ("b", "Beta", None, [ten_shared]),
        ("c", "Gamma", None, ["Markets closed higher on Friday."]),  # 5 words
    )
    _, members = passages(sentences, articles)
    expected = pd.DataFrame(
        {
            S.OUTLET: ["Alpha", "Alpha", "Beta", "Beta", "Gamma", "Gamma"],
            S.OTHER_OUTLET: ["Beta", "Gamma", "Alpha", "Gamma", "Alpha", "Beta"],
            S.SHARE: [0.5, 0.0, 1.0, 0.0, 0.0, 0.0],
            S.N_WORDS_SHARED: [10, 0, 10, 0, 0, 0],
            S.N_WORDS: [20, 20, 10, 10, 5, 5],
        }
    )
    pd.testing.assert_frame_equal(reuse_matrix(sentences, articles, members), expected, check_dtype=False)


def test_reuse_matrix_counts_a_three_outlet_group_for_every_other_outlet():
    articles, sentences = _tables(
        ("a", "Alpha", None, [QUOTE]), ("b", "Beta", None, [QUOTE_PLAIN, FILLER]), ("c", "Gamma", None, [QUOTE])
    )
    reuse = reuse_matrix(sentences, articles, passages(sentences, articles)[1])
    shared = reuse.set_index([S.OUTLET, S.OTHER_OUTLET])[S.N_WORDS_SHARED].to_dict()
    assert shared == {
        ("Alpha", "Beta"): 12,
        ("Alpha", "Gamma"): 12,
        ("Beta", "Alpha"): 12,
        ("Beta", "Gamma"): 12,
        ("Gamma", "Alpha"): 12,
        ("Gamma", "Beta"): 12,
    }
    assert reuse.loc[reuse[S.OUTLET] == "Beta", S.SHARE].tolist() == pytest.approx([12 / 25, 12 / 25])


# --- empty and degenerate input ------------------------------------------------------------


def test_empty_input_gives_empty_tables_with_the_columns():
    articles, sentences = _tables(("a", "Alpha", None, [QUOTE]), ("b", "Beta", None, [QUOTE]))
    nothing = [(sentences.iloc[:0], articles), (sentences, articles.iloc[:0]), (sentences.iloc[:0], articles.iloc[:0])]
    full = align(sentences, articles)
    for s, a in nothing:
        for alignment in (align(s, a), full):  # an empty table empties the result even with a full alignment
            groups, members = shared_passages(s, a, alignment)
            assert groups.empty and list(groups.columns) == S.PASSAGE_GROUP_COLUMNS
            assert members.empty and list(members.columns) == S.PASSAGE_MEMBER_COLUMNS
    _, members = passages(sentences.iloc[:0], articles)
    reuse = reuse_matrix(sentences, articles, members)
    assert reuse[[S.OUTLET, S.OTHER_OUTLET, S.SHARE, S.N_WORDS_SHARED]].values.tolist() == [
        ["Alpha", "Beta", 0.0, 0],
        ["Beta", "Alpha", 0.0, 0],
    ]
    one_outlet = reuse_matrix(sentences, articles.assign(**{S.OUTLET: "Alpha"}), members)
    assert one_outlet.empty and list(one_outlet.columns) == S.REUSE_COLUMNS


def test_sentences_without_a_known_outlet_are_ignored():
    articles, sentences = _tables(("a", "Alpha", None, [QUOTE]), ("b", None, None, [QUOTE]))
    extra = pd.DataFrame({S.ARTICLE_ID: ["zzz"], S.SENTENCE_ID: [0], S.TEXT: [QUOTE_PLAIN]})
    assert passages(pd.concat([sentences, extra], ignore_index=True), articles)[0].empty


# --- a generated corpus with planted copies; the fast paths against their definitions ------

_SYLLABLES = "ka lo mi ren tas vo pel dru an sik mo ter zu lan fi gor ba nel os tri".split()


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))


def _sentence(rng: random.Random, used: set[str]) -> str:
    """A sentence of 9-14 invented words none of which any earlier sentence used."""
    words = []
    while len(words) < rng.randint(9, 14):
        word = _word(rng)
        if word not in used:
            used.add(word)
            words.append(word)
    return " ".join(words).capitalize() + "."


def _planted_corpus(seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, set[tuple[str, int]]]]:
    """Eight outlets, one article each, of sentences sharing no word, plus three planted copies.

    ``verbatim`` is carried by outlets 0, 1 and 2 (case changed in one, spacing in another), ``edited``
    by 3 and 4 with one word in the plural, ``quoted`` whole inside a longer sentence by 5 and as is
    by 6. Returns articles, sentences and the (article_id, sentence_id) of each planted copy.
    """
    rng, used = random.Random(seed), set()
    bodies = [[_sentence(rng, used) for _ in range(12)] for _ in range(8)]
    verbatim, edited, quoted = (_sentence(rng, used) for _ in range(3))
    words = edited.split()
    words[4] += "s"
    plants = {
        "verbatim": [(0, 3, verbatim), (1, 7, verbatim.upper()), (2, 0, verbatim.replace(" ", "  "))],
        "edited": [(3, 5, edited), (4, 9, " ".join(words))],
        "quoted": [(5, 2, f"{_sentence(rng, used)[:-1]} and said: “{quoted}”"), (6, 11, quoted)],
    }
    expected: dict[str, set[tuple[str, int]]] = {}
    for name, copies in plants.items():
        for article, position, text in copies:
            bodies[article].insert(position, text)
            expected.setdefault(name, set()).add((f"art{article}", position))
    articles, sentences = _tables(
        *[(f"art{k}", f"Outlet {k}", dt.date(2025, 1, 10 - k), body) for k, body in enumerate(bodies)]
    )
    return articles, sentences, expected


def test_planted_copies_are_exactly_the_passages():
    articles, sentences, expected = _planted_corpus()
    groups, members = passages(sentences, articles)
    found = sorted(_member_sets(members).values(), key=len, reverse=True)
    assert found[0] == frozenset(expected["verbatim"])
    assert sorted(found[1:]) == sorted([frozenset(expected["edited"]), frozenset(expected["quoted"])])
    kinds = {frozenset(_member_sets(members)[g]): k for g, k in zip(groups[S.GROUP_ID], groups[S.KIND])}
    assert kinds[frozenset(expected["verbatim"])] == VERBATIM
    assert kinds[frozenset(expected["edited"])] == kinds[frozenset(expected["quoted"])] == NEAR
    # Outlet k's article is dated 10 - k January: the highest-numbered outlet of a group is first.
    assert groups[S.FIRST_OUTLET].tolist() == ["Outlet 2", "Outlet 4", "Outlet 6"]
    assert groups[S.N_OUTLETS].tolist() == [3, 2, 2]


def test_output_is_the_same_in_processes_with_other_hash_seeds():
    """No salted ``hash()`` decides anything: two interpreters with other seeds agree byte for byte."""
    script = (
        "from tests.test_passages import _planted_corpus, passages\n"
        "articles, sentences, _ = _planted_corpus(11)\n"
        "groups, members = passages(sentences, articles)\n"
        "print(groups.to_json(orient='split', date_format='iso'))\n"
        "print(members.to_json(orient='split'))\n"
    )
    root = Path(__file__).resolve().parent.parent
    outputs = [
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    ]
    assert outputs[0] == outputs[1] and '"verbatim"' in outputs[0]


def _naive_complete_linkage(article: list[str], near: list[list[bool]]) -> list[list[int]]:
    """The definition of the linkage, all pairs listed again at every step (the first version's code)."""
    clusters = [[u] for u in range(len(article))]
    merged = True
    while merged:
        merged = False
        for x in range(len(clusters)):
            for y in range(x + 1, len(clusters)):
                pairs = [(u, v) for u in clusters[x] for v in clusters[y] if article[u] != article[v]]
                if pairs and all(near[u][v] for u, v in pairs):
                    clusters[x] += clusters.pop(y)
                    merged = True
                    break
            if merged:
                break
    return [sorted(c) for c in clusters]


@pytest.mark.parametrize("seed", range(40))
def test_linkage_equals_its_definition(seed):
    rng = random.Random(seed)
    n = rng.randint(2, 12)
    article = [rng.choice("abcd"[: rng.randint(1, 4)]) for _ in range(n)]
    p = rng.choice([0.0, 0.3, 0.7, 0.9, 1.0])
    near = [[False] * n for _ in range(n)]
    for u in range(n):
        for v in range(u + 1, n):
            near[u][v] = near[v][u] = rng.random() < p
    values = np.array([near[u][v] for u in range(n) for v in range(u + 1, n) if article[u] != article[v]], dtype=bool)
    expected = _naive_complete_linkage(article, near)
    assert _copies(article, np.arange(len(values)), values) == expected
    assert _link(article, near) == expected


def _variants(rng: random.Random, text: str, n: int) -> list[str]:
    """Copies of ``text`` with 0-25 % of their characters replaced, cut or padded: scores around 90."""
    out = []
    for _ in range(n):
        chars = list(text)
        for _ in range(int(len(chars) * rng.random() * 0.25)):
            chars[rng.randrange(len(chars))] = rng.choice("abcdefg ")
        variant = "".join(chars)
        cut = rng.randrange(len(variant) // 3 + 1)
        variant = variant[cut:] if rng.random() < 0.5 else variant
        out.append(variant + (" " + _word(rng)) * rng.randint(0, 3))
    return out


def test_near_and_similarity_in_batches_equal_the_pairwise_formulas():
    rng, used = random.Random(5), set()
    texts = [""]
    for _ in range(30):
        base = _normalise(_sentence(rng, used))
        texts += [base, *_variants(rng, base, 6)]
    pairs = [(rng.choice(texts), rng.choice(texts)) for _ in range(3000)]
    first, second = [a for a, _ in pairs], [b for _, b in pairs]
    expected_near = [fuzz.partial_ratio(a, b) >= NEAR_VERBATIM for a, b in pairs]
    assert _near_many(first, second).tolist() == expected_near
    assert 0 < sum(expected_near) < len(pairs) * 0.9  # both answers occur
    scores = [fuzz.partial_ratio(a, b) for a, b in pairs]
    assert any(85 <= s < NEAR_VERBATIM for s in scores) and any(NEAR_VERBATIM <= s < 95 for s in scores)

    codes = _encode_words(first + second)
    sorted_words = [" ".join(sorted(t.split())) for t in first + second]
    n = len(pairs)
    batched = _similarity_many(sorted_words[:n], sorted_words[n:], codes[:n], codes[n:])
    one_by_one = [_similarity(sorted_words[k], sorted_words[n + k], codes[k], codes[n + k]) for k in range(n)]
    assert batched == one_by_one  # bit for bit, not approximately


# Dates as articles may give them: what pandas reads without help and what it needs for itself.
DATE_VALUES = [
    dt.date(2025, 3, 1),
    dt.date(2025, 3, 2),
    "2025-03-01",
    "2025-03-02",
    None,
    float("nan"),
    pd.NaT,
    "2025-02-30",  # not a day
    "03/01/2025",  # another format
    dt.datetime(2025, 3, 1, 12, 30),  # a time of day
    pd.Timestamp("2025-03-01"),
]


@pytest.mark.filterwarnings("ignore::UserWarning")  # pandas on the formats it must guess
def test_day_numbers_give_what_pandas_gives():
    outlets = ["Alpha", "Beta", "Alpha"]
    checked = 0
    for dates in itertools.product(DATE_VALUES, repeat=3):
        expected = _first_published(outlets, list(dates))
        days = [_day(d) for d in dates]
        if None not in days:
            assert _first_published_days(outlets, days, list(dates)) == expected, dates
            checked += 1
    assert checked == 7**3  # dates, ISO strings and missing values take the fast path


def test_dates_only_pandas_reads_still_decide_the_first_outlet():
    articles, sentences = _tables(
        ("a", "Alpha", dt.datetime(2025, 3, 1, 12, 30), [QUOTE]),
        ("b", "Beta", dt.date(2025, 3, 1), [QUOTE_PLAIN]),
        ("c", "Gamma", "2025-03-02", [QUOTE_SHOUTED]),
    )
    groups, _ = passages(sentences, articles)
    assert (groups.at[0, S.FIRST_OUTLET], groups.at[0, S.FIRST_PUBLISHED]) == ("Beta", dt.date(2025, 3, 1))


def test_word_codes_are_one_to_one():
    texts = ["b a b", "c a", ""]
    codes = _encode_words(texts)
    assert [len(c) for c in codes] == [3, 2, 0]
    assert codes[0][0] == codes[0][2] != codes[0][1] == codes[1][1] != codes[1][0]
    assert all(not 0xD800 <= ord(ch) < 0xE000 for c in codes for ch in c)


def test_ascii_forms_equal_the_general_forms():
    rng = random.Random(3)
    texts = ["".join(rng.choice([chr(c) for c in range(128)]) for _ in range(rng.randint(0, 40))) for _ in range(5000)]
    texts += ['The U.S. `said` it\'s "done"\t_now_ 3.5%', "Zürich’s “Ärger”", "ﬁne ＵＳ", QUOTE, QUOTE_SHOUTED]
    assert [_forms(t) for t in texts] == [(_canonical(t), _normalise(t)) for t in texts]
