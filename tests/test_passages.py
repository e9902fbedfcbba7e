"""Shared passages and the reuse matrix: the seeds, and small cases whose answer is known by construction."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from dashboard import schema as S
from dashboard.corpus.passages import (
    MIN_WORDS,
    NEAR,
    PARAPHRASE,
    THRESHOLD,
    VERBATIM,
    _encode_words,
    _normalise,
    _similarities,
    _similarity,
    reuse_matrix,
    shared_passages,
)

from .conftest import CALIBER, HURRIYET, LOCAL_GLOB, PRAVDA, ZIMBABWE_MAIL

HURRIYET_NAME, PRAVDA_NAME = "Hürriyet Daily News", "Ukrainska Pravda"


# --- the seeds -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_tables(seed_sentences_articles) -> tuple[pd.DataFrame, pd.DataFrame]:
    sentences, articles = seed_sentences_articles
    return articles, sentences


@pytest.fixture(scope="module")
def seed_exact(seed_tables) -> tuple[pd.DataFrame, pd.DataFrame]:
    articles, sentences = seed_tables
    return shared_passages(sentences, articles, method="exact")


@pytest.fixture(scope="module")
def seed_lsh(seed_tables) -> tuple[pd.DataFrame, pd.DataFrame]:
    articles, sentences = seed_tables
    return shared_passages(sentences, articles, method="lsh")


def _key(sentences: pd.DataFrame, article: str, fragment: str) -> tuple[str, int]:
    """(article_id, sentence_id) of the one sentence of ``article`` containing ``fragment``."""
    rows = sentences[(sentences[S.ARTICLE_ID] == article) & sentences[S.TEXT].str.contains(fragment, regex=False)]
    assert len(rows) == 1, f"{fragment!r} found {len(rows)} times in {article}"
    return article, int(rows[S.SENTENCE_ID].iloc[0])


def _member_sets(members: pd.DataFrame) -> dict[int, frozenset]:
    return {g: frozenset(zip(rows[S.ARTICLE_ID], rows[S.SENTENCE_ID])) for g, rows in members.groupby(S.GROUP_ID)}


def _group_of(members: pd.DataFrame, key: tuple[str, int]) -> int | None:
    hit = members[(members[S.ARTICLE_ID] == key[0]) & (members[S.SENTENCE_ID] == key[1])]
    return None if hit.empty else int(hit[S.GROUP_ID].iloc[0])


# Every group the exact path finds on the seeds: kind, first outlet, members as (article, fragment).
SEED_GROUPS = [
    (
        PARAPHRASE,
        "The Zimbabwe Mail",
        [
            (ZIMBABWE_MAIL, "Russian and US diplomats will hold a meeting"),
            (HURRIYET, "Russian and U.S. diplomats met in Istanbul"),
        ],
    ),
    (
        PARAPHRASE,
        "The Zimbabwe Mail",
        [
            (ZIMBABWE_MAIL, "systemic problems that have piled up"),
            (HURRIYET, "systemic problems that have accumulated"),
        ],
    ),
    (
        PARAPHRASE,
        "The Zimbabwe Mail",
        [
            (ZIMBABWE_MAIL, "Lavrov expects that the Istanbul meeting"),
            (HURRIYET, "Lavrov added that based on the outcome"),
        ],
    ),
    (
        PARAPHRASE,
        None,
        [
            (ZIMBABWE_MAIL, "Embassy staff cuts began in both countries"),
            (LOCAL_GLOB, "The reduction in embassy staff in both countries"),
        ],
    ),
    (
        PARAPHRASE,
        None,
        [(LOCAL_GLOB, "it was proposed to the US side"), (HURRIYET, "It was suggested to the American side")],
    ),
    (
        PARAPHRASE,
        None,
        [
            (LOCAL_GLOB, "In turn, US Secretary of State Marco Rubio noted"),
            (CALIBER, "US Secretary of State Marco Rubio announced"),
        ],
    ),
    (
        NEAR,
        None,
        [
            (HURRIYET, '"The United States raised concerns'),
            (HURRIYET, '"Through constructive discussions'),
            (HURRIYET, "a spokesman for the U.S. State Department said"),
            (PRAVDA, "The United States raised concerns"),
        ],
    ),
    (
        PARAPHRASE,
        None,
        [(HURRIYET, "the U.S. delegation was led by"), (PRAVDA, "The US delegation was headed by Sonata Coulter")],
    ),
    (
        PARAPHRASE,
        None,
        [
            (HURRIYET, "Coulter and Darchiev agreed to hold a follow-up meeting"),
            (PRAVDA, "Coulter and Darchiyev agreed to hold another meeting"),
        ],
    ),
]


def test_seed_groups_are_exactly_these(seed_tables, seed_exact):
    articles, sentences = seed_tables
    groups, members = seed_exact
    expected = {frozenset(_key(sentences, a, f) for a, f in parts): (kind, first) for kind, first, parts in SEED_GROUPS}
    found = {keys: (groups.at[g, S.KIND], groups.at[g, S.FIRST_OUTLET]) for g, keys in _member_sets(members).items()}
    assert found == expected
    assert (groups[S.SIMILARITY] >= THRESHOLD).all() and (groups[S.N_OUTLETS] == 2).all()


def test_seed_state_department_statement_groups_hurriyet_and_pravda(seed_tables, seed_exact):
    _, sentences = seed_tables
    groups, members = seed_exact
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
        (
            (HURRIYET, "Coulter and Darchiev agreed to hold a follow-up meeting"),
            (PRAVDA, "Coulter and Darchiyev agreed to hold another meeting"),
        ),
        (
            (ZIMBABWE_MAIL, "Embassy staff cuts began in both countries"),
            (LOCAL_GLOB, "The reduction in embassy staff in both countries"),
        ),
    ],
)
def test_seed_paraphrase_pairs_group_as_paraphrase(seed_tables, seed_exact, left, right):
    _, sentences = seed_tables
    groups, members = seed_exact
    g = _group_of(members, _key(sentences, *left))
    assert g is not None and g == _group_of(members, _key(sentences, *right))
    assert groups.at[g, S.KIND] == PARAPHRASE


@pytest.mark.parametrize(
    "left, right",
    [
        # Sentences that share "Secretary of State Marco Rubio" but say different things.
        (
            (ZIMBABWE_MAIL, "The US delegation consisted of Secretary of State Marco Rubio"),
            (LOCAL_GLOB, "In turn, US Secretary of State Marco Rubio noted"),
        ),
        (
            (ZIMBABWE_MAIL, "The US delegation consisted of Secretary of State Marco Rubio"),
            (CALIBER, "US Secretary of State Marco Rubio announced"),
        ),
        # Shares "Moscow and Washington ... agreed" and topic words, not the statement.
        (
            (LOCAL_GLOB, "In turn, US Secretary of State Marco Rubio noted"),
            (HURRIYET, "agreed on steps to remove obstacles to financing"),
        ),
        (
            (LOCAL_GLOB, "The February 27 consultations in Istanbul were held in an expert format"),
            (HURRIYET, "the U.S. delegation was led by"),
        ),
    ],
)
def test_seed_sentences_that_only_share_names_do_not_group(seed_tables, seed_exact, left, right):
    _, sentences = seed_tables
    _, members = seed_exact
    a, b = _group_of(members, _key(sentences, *left)), _group_of(members, _key(sentences, *right))
    assert a is None or a != b


def test_seed_reuse_top_pair_is_pravda_and_hurriyet(seed_tables, seed_exact):
    articles, sentences = seed_tables
    reuse = reuse_matrix(sentences, articles, seed_exact[1])
    assert list(reuse.columns) == S.REUSE_COLUMNS and len(reuse) == 5 * 4
    top = reuse.sort_values(S.SHARE, ascending=False).iloc[0]
    assert (top[S.OUTLET], top[S.OTHER_OUTLET]) == (PRAVDA_NAME, HURRIYET_NAME)
    back = reuse[(reuse[S.OUTLET] == HURRIYET_NAME) & (reuse[S.OTHER_OUTLET] == PRAVDA_NAME)].iloc[0]
    assert top[S.SHARE] > 0.4 and back[S.SHARE] < top[S.SHARE]  # asymmetric: Pravda is the short one
    # Every outlet's words are its sentences' words: the articles' own count.
    n_words = reuse.drop_duplicates(S.OUTLET).set_index(S.OUTLET)[S.N_WORDS]
    assert n_words.to_dict() == articles.set_index(S.OUTLET)[S.N_WORDS].to_dict()
    # Caliber.Az shares nothing with Ukrainska Pravda, and the zero rows are there.
    zero = reuse[(reuse[S.OUTLET] == "Caliber.Az") & (reuse[S.OTHER_OUTLET] == PRAVDA_NAME)].iloc[0]
    assert (zero[S.SHARE], zero[S.N_WORDS_SHARED]) == (0.0, 0)


def test_seed_lsh_agrees_with_exact_where_shingles_overlap(seed_tables, seed_exact, seed_lsh):
    """LSH never invents or alters a group; it finds every copy, and misses only low-overlap paraphrases."""
    articles, sentences = seed_tables
    exact_groups, exact_members = seed_exact
    lsh_groups, lsh_members = seed_lsh
    exact_sets = {keys: g for g, keys in _member_sets(exact_members).items()}
    for g, keys in _member_sets(lsh_members).items():
        assert keys in exact_sets
        twin = exact_groups.loc[exact_sets[keys]]
        columns = [S.KIND, S.SIMILARITY, S.TEXT]
        assert lsh_groups.loc[g, columns].tolist() == twin[columns].tolist()
        assert (
            lsh_members.loc[lsh_members[S.GROUP_ID] == g, S.SIMILARITY].tolist()
            == exact_members.loc[exact_members[S.GROUP_ID] == exact_sets[keys], S.SIMILARITY].tolist()
        )
    # Every copy (verbatim or near-verbatim) and the rewritten embassy-staff sentence are found.
    lsh_sets = set(_member_sets(lsh_members).values())
    for keys, g in exact_sets.items():
        if exact_groups.at[g, S.KIND] != PARAPHRASE:
            assert keys in lsh_sets
    assert (
        frozenset(
            [
                _key(sentences, ZIMBABWE_MAIL, "Embassy staff cuts began"),
                _key(sentences, LOCAL_GLOB, "The reduction in embassy staff"),
            ]
        )
        in lsh_sets
    )
    top = reuse_matrix(sentences, articles, lsh_members).sort_values(S.SHARE, ascending=False).iloc[0]
    assert (top[S.OUTLET], top[S.OTHER_OUTLET]) == (PRAVDA_NAME, HURRIYET_NAME)


def test_seed_output_is_deterministic_whatever_the_row_order(seed_tables, seed_exact):
    articles, sentences = seed_tables
    groups, members = shared_passages(sentences.sample(frac=1, random_state=3), articles.iloc[::-1])
    pd.testing.assert_frame_equal(groups, seed_exact[0])
    pd.testing.assert_frame_equal(members, seed_exact[1])
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


@pytest.mark.parametrize("method", ["exact", "lsh"])
def test_verbatim_copy_in_three_outlets_is_one_group_first_by_date(method):
    articles, sentences = _tables(
        ("b", "Beta", dt.date(2025, 3, 2), [QUOTE_PLAIN, FILLER]),
        ("a", "Alpha", dt.date(2025, 3, 1), ["Talks began on Monday in the Swiss capital of Bern.", QUOTE]),
        ("c", "Gamma", dt.date(2025, 3, 3), [QUOTE_SHOUTED]),
    )
    groups, members = shared_passages(sentences, articles, method=method)
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


def _expected_similarity(a: str, b: str) -> float:
    """The documented formula, computed independently on word lists."""
    na, nb = _normalise(a), _normalise(b)
    words_a, words_b = na.split(), nb.split()
    containment = 100 * LCSseq.similarity(words_a, words_b) / min(len(words_a), len(words_b))
    return (fuzz.token_sort_ratio(na, nb) + containment) / 2


def test_one_changed_word_is_near_verbatim_with_the_documented_similarity():
    articles, sentences = _tables(("a", "Alpha", None, [FLIGHTS]), ("b", "Beta", None, [FLIGHTS_EDITED]))
    groups, members = shared_passages(sentences, articles)
    assert groups[S.KIND].tolist() == [NEAR]
    assert groups[S.SIMILARITY].iloc[0] == pytest.approx(_expected_similarity(FLIGHTS, FLIGHTS_EDITED))
    assert groups[S.SIMILARITY].iloc[0] == pytest.approx(94.1176, abs=1e-3)
    assert members[S.SIMILARITY].tolist() == pytest.approx([100.0, 94.1176], abs=1e-3)


def test_similarity_is_the_documented_formula_on_every_code_path():
    """One pair at a time (LSH's on-demand scores), element-wise (LSH candidates), all pairs (exact)."""
    texts = [t for a, b, _ in PAIRS for t in (a, b)]
    norm = [_normalise(t) for t in texts]
    ordered = [" ".join(sorted(n.split())) for n in norm]
    codes = _encode_words(norm)
    expected = [_expected_similarity(a, b) for a, b, _ in PAIRS]
    left, right = slice(0, None, 2), slice(1, None, 2)
    one_by_one = [_similarity(ordered[k], ordered[k + 1], codes[k], codes[k + 1]) for k in range(0, len(texts), 2)]
    pairwise = _similarities(ordered[left], ordered[right], codes[left], codes[right], pairwise=True)
    matrix = _similarities(ordered, ordered, codes, codes, pairwise=False)
    assert one_by_one == pytest.approx(expected)
    assert pairwise.tolist() == pytest.approx(expected)
    assert [matrix[k, k + 1] for k in range(0, len(texts), 2)] == pytest.approx(expected)


# (sentence in outlet Alpha, sentence in outlet Beta, expected kind or None for no group)
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
    (
        "The central bank raised its key interest rate by half a percentage point to 4.5 percent on Thursday.",
        "On Thursday, the central bank raised its key rate by half a percentage point, to 4.5 percent, analysts said.",
        PARAPHRASE,
    ),
    (
        "At least 12 people were killed and 40 injured when a bus collided with a truck near Ankara on Saturday.",
        "A bus collided with a truck near Ankara on Saturday, killing at least 12 people and injuring 40.",
        PARAPHRASE,
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


@pytest.mark.parametrize("method", ["exact", "lsh"])
@pytest.mark.parametrize("alpha, beta, kind", PAIRS)
def test_pairs_of_outlets(alpha, beta, kind, method):
    articles, sentences = _tables(("a", "Alpha", None, [alpha]), ("b", "Beta", None, [beta]))
    kinds = shared_passages(sentences, articles, method=method)[0][S.KIND].tolist()
    if method == "lsh" and kind == PARAPHRASE:
        assert kinds in ([], [PARAPHRASE])  # LSH may miss a reworded pair; it never mislabels one
    else:
        assert kinds == ([] if kind is None else [kind])


def test_same_outlet_twice_is_not_a_shared_passage():
    articles, sentences = _tables(
        ("a1", "Alpha", None, [FLIGHTS]), ("a2", "Alpha", None, [FLIGHTS]), ("b", "Beta", None, [FILLER])
    )
    groups, members = shared_passages(sentences, articles)
    assert groups.empty and members.empty


def test_a_sentence_repeated_inside_one_article_is_not_a_shared_passage():
    articles, sentences = _tables(("a", "Alpha", None, [FLIGHTS, FILLER, FLIGHTS_EDITED]), ("b", "Beta", None, [QUOTE]))
    assert shared_passages(sentences, articles)[0].empty


@pytest.mark.parametrize("min_words, n_groups", [(MIN_WORDS, 0), (2, 1)])
def test_short_sentences_are_not_matched(min_words, n_groups):
    boilerplate = "Subscribe to our newsletter."
    articles, sentences = _tables(
        ("a", "Alpha", None, [boilerplate]), ("b", "Beta", None, [boilerplate]), ("c", "Gamma", None, [boilerplate])
    )
    groups, _ = shared_passages(sentences, articles, min_words=min_words)
    assert len(groups) == n_groups


@pytest.mark.parametrize("method", ["exact", "lsh"])
def test_complete_linkage_does_not_chain_through_a_hub(method):
    # The hub shares its first half with one sentence and its second half with another;
    # those two have nothing in common (similarity 29.8), so they must not meet in one group.
    hub = (
        "The foreign ministers of both countries met in Geneva on Monday to discuss the new grain export "
        "corridor and prisoner exchanges."
    )
    first_half = (
        "The foreign ministers of both countries met in Geneva on Monday and then flew home without any "
        "statement at all."
    )
    second_half = (
        "Officials said on Friday the talks would discuss the new grain export corridor and prisoner exchanges."
    )
    assert _expected_similarity(first_half, hub) >= THRESHOLD and _expected_similarity(second_half, hub) >= THRESHOLD
    assert _expected_similarity(first_half, second_half) < THRESHOLD
    articles, sentences = _tables(
        ("a", "Alpha", None, [first_half]), ("h", "Hub", None, [hub]), ("c", "Gamma", None, [second_half])
    )
    groups, members = shared_passages(sentences, articles, method=method)
    assert groups[S.OUTLETS].tolist() == [["Gamma", "Hub"]]  # the most similar pair wins the hub
    assert members[S.ARTICLE_ID].tolist() == ["c", "h"]


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
    groups, _ = shared_passages(sentences, articles)
    assert (groups.at[0, S.FIRST_OUTLET], groups.at[0, S.FIRST_PUBLISHED]) == expected


def test_first_outlet_when_one_outlet_has_two_articles_on_the_earliest_day():
    articles, sentences = _tables(
        ("a1", "Alpha", dt.date(2025, 3, 1), [QUOTE]),
        ("a2", "Alpha", dt.date(2025, 3, 1), [QUOTE_PLAIN]),
        ("b", "Beta", dt.date(2025, 3, 2), [QUOTE_SHOUTED]),
    )
    groups, members = shared_passages(sentences, articles)
    assert (groups.at[0, S.FIRST_OUTLET], groups.at[0, S.N_OUTLETS], len(members)) == ("Alpha", 2, 3)


def test_reuse_matrix_exact_shares():
    ten_shared = "The two sides agreed to resume regular flights next month."  # 10 words
    ten_own = "Alpha also reported heavy snow across the northern mountain passes."  # 10 words
    articles, sentences = _tables(
        ("a", "Alpha", None, [ten_shared, ten_own]),
        ("b", "Beta", None, [ten_shared]),
        ("c", "Gamma", None, ["Markets closed higher on Friday."]),  # 5 words
    )
    _, members = shared_passages(sentences, articles)
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
    reuse = reuse_matrix(sentences, articles, shared_passages(sentences, articles)[1])
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
    for s, a in nothing:
        groups, members = shared_passages(s, a)
        assert groups.empty and list(groups.columns) == S.PASSAGE_GROUP_COLUMNS
        assert members.empty and list(members.columns) == S.PASSAGE_MEMBER_COLUMNS
    _, members = shared_passages(sentences.iloc[:0], articles)
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
    assert shared_passages(pd.concat([sentences, extra], ignore_index=True), articles)[0].empty


def test_unknown_method_is_refused():
    articles, sentences = _tables(("a", "Alpha", None, [QUOTE]))
    with pytest.raises(ValueError, match=r"^shared_passages: unknown method 'fast'; use 'auto', 'exact' or 'lsh'$"):
        shared_passages(sentences, articles, method="fast")
