"""The alignment of facts: small corpora whose fact groups are known by construction, and the seeds."""

from __future__ import annotations

import random
import time
from itertools import combinations

import pandas as pd
import pytest

from dashboard import schema as S
from dashboard.corpus import align as A
from dashboard.corpus.align import THRESHOLD, Alignment, align_facts, fact_terms
from dashboard.vocabularies import load_stopwords

from .conftest import CALIBER, HURRIYET, LOCAL_GLOB, PRAVDA, ZIMBABWE_MAIL

STOPWORDS = load_stopwords()


def align(sentences: pd.DataFrame, articles: pd.DataFrame) -> Alignment:
    """The alignment as the pipeline builds it, with the shipped function words."""
    return align_facts(sentences, articles, stopwords=STOPWORDS)


def tables(*articles: tuple[str, list[str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sentence and article tables from (outlet, [sentence texts]); article ids ``000_alpha``, ``001_beta`` ..."""
    article_rows, sentence_rows = [], []
    for i, (outlet, texts) in enumerate(articles):
        article_id = f"{i:03d}_{outlet.split()[0].lower()}"
        article_rows.append({S.ARTICLE_ID: article_id, S.OUTLET: outlet, S.TITLE: None})
        sentence_rows += [{S.ARTICLE_ID: article_id, S.SENTENCE_ID: j, S.TEXT: t} for j, t in enumerate(texts)]
    sentences = pd.DataFrame(sentence_rows, columns=[S.ARTICLE_ID, S.SENTENCE_ID, S.TEXT])
    return sentences, pd.DataFrame(article_rows, columns=[S.ARTICLE_ID, S.OUTLET, S.TITLE])


def fact_sets(alignment: Alignment) -> set[frozenset[tuple[str, int]]]:
    """Each fact group as the set of its (article_id, sentence_id) members."""
    return {
        frozenset(zip(rows[S.ARTICLE_ID], rows[S.SENTENCE_ID].astype(int)))
        for _, rows in alignment.members.groupby(S.FACT_ID)
    }


def fact_of(alignment: Alignment, key: tuple[str, int]) -> int | None:
    m = alignment.members
    hit = m[(m[S.ARTICLE_ID] == key[0]) & (m[S.SENTENCE_ID] == key[1])]
    return None if hit.empty else int(hit[S.FACT_ID].iloc[0])


# --- one story told by three outlets ----------------------------------------------------------
#
# Five facts (0-4), each told once by every outlet in its own words and in its own order, and
# one unrelated sentence per outlet. FACTS gives the fact of each sentence, None for unrelated.

ALPHA = [
    "Water ministers from Kenya and Ethiopia met in Addis Ababa on Tuesday to discuss the Omo river dam.",
    "The two governments agreed to share the cost of the hydroelectric project, put at $3.5 billion.",
    '"The river belongs to both our peoples," Kenyan minister Alice Wanjiru told reporters after the meeting.',
    "Construction of the dam has displaced about 12,000 herders from the lower valley, a United Nations report found.",
    "Negotiators will meet again in Nairobi next month, and engineers from both sides will join the delegations.",
    "Coffee exports lifted Ethiopia's economy by seven percent last year.",
]
BETA = [
    "Kenya and Ethiopia will split the $3.5 billion bill for the hydroelectric project, the governments agreed.",
    "On Tuesday, Kenyan and Ethiopian water ministers held talks in Addis Ababa about the dam on the Omo river.",
    "According to a United Nations report, some 12,000 herders in the lower valley were displaced by the dam's "
    "construction.",
    "The delegations, joined by engineers from both sides, will meet again next month in Nairobi.",
    '"Both our peoples own this river," Alice Wanjiru, Kenya\'s minister, said after the meeting.',
    "A drought in the north of Kenya has left thousands of cattle dead this spring.",
]
GAMMA = [
    "Talks will resume in Nairobi next month, with engineers from both countries joining the two delegations.",
    'Kenyan minister Alice Wanjiru said after the meeting: "This river belongs to both our peoples."',
    "The water ministers of Ethiopia and Kenya gathered in Addis Ababa on Tuesday for talks on the Omo river dam.",
    "Under the deal, the governments will share the $3.5 billion cost of the hydroelectric project.",
    "A United Nations report says the dam's construction has displaced about 12,000 herders from the lower valley.",
    "Football fans in Mombasa celebrated a late win for the national team on Sunday.",
]
OUTLETS = ("Alpha Times", "Beta Post", "Gamma Herald")
STORY = dict(zip(OUTLETS, (ALPHA, BETA, GAMMA)))
FACTS = {
    "Alpha Times": [0, 1, 2, 3, 4, None],
    "Beta Post": [1, 0, 3, 4, 2, None],
    "Gamma Herald": [4, 2, 0, 1, 3, None],
}
#: The fact about the displaced herders: removed or reworded in the omission tests.
HERDERS = 3


def story(**replace: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The three outlets' tables; ``Gamma_Herald=[...]`` replaces one outlet's sentences."""
    return tables(*[(o, replace.get(o.replace(" ", "_"), STORY[o])) for o in OUTLETS])


def story_key(outlet: str, fact: int) -> tuple[str, int]:
    """(article_id, sentence_id) of ``outlet``'s sentence of ``fact`` in the unchanged story."""
    return f"{OUTLETS.index(outlet):03d}_{outlet.split()[0].lower()}", FACTS[outlet].index(fact)


def expected_story_facts() -> set[frozenset[tuple[str, int]]]:
    return {frozenset(story_key(o, f) for o in OUTLETS) for f in range(5)}


def test_three_outlets_telling_the_same_facts_in_their_own_words_give_one_group_per_fact():
    alignment = align(*story())
    assert fact_sets(alignment) == expected_story_facts()
    assert (alignment.groups[S.N_OUTLETS] == 3).all()
    assert alignment.groups[S.OUTLETS].map(list).tolist() == [list(OUTLETS)] * 5


def test_unrelated_sentences_join_no_group():
    members = align(*story()).members
    grouped = set(zip(members[S.ARTICLE_ID], members[S.SENTENCE_ID]))
    for outlet in OUTLETS:
        assert story_key(outlet, None) not in grouped


def test_the_tables_follow_the_documented_columns_order_and_representative():
    alignment = align(*story())
    groups, members = alignment.groups, alignment.members
    assert list(groups.columns) == S.FACT_GROUP_COLUMNS and list(members.columns) == S.FACT_MEMBER_COLUMNS
    assert groups[S.FACT_ID].tolist() == list(range(len(groups)))
    keys = [tuple(r) for r in members[[S.FACT_ID, S.ARTICLE_ID, S.SENTENCE_ID]].itertuples(index=False)]
    assert keys == sorted(keys)
    sentences, _ = story()
    text_of = {(a, s): t for a, s, t in sentences.itertuples(index=False)}
    first = {}
    for fact_id, rows in members.groupby(S.FACT_ID):
        group = groups.loc[fact_id]
        rep = (group[S.ARTICLE_ID], int(group[S.SENTENCE_ID]))
        member_keys = list(zip(rows[S.ARTICLE_ID], rows[S.SENTENCE_ID].astype(int)))
        first[fact_id] = min(member_keys)
        # The representative is a member, scores 100 to itself and carries the group's text.
        assert rep in member_keys and group[S.TEXT] == text_of[rep]
        assert rows.loc[rows[S.ARTICLE_ID] == rep[0], S.SIMILARITY].tolist() == [100.0]
        # The group's similarity is the lowest cross-article similarity, as 0-100.
        lowest = min(
            alignment.similarity(alignment.terms[u], alignment.terms[v])
            for u, v in combinations(member_keys, 2)
            if u[0] != v[0]
        )
        assert group[S.SIMILARITY] == round(100 * lowest, 1)
    # Same number of outlets everywhere: ordered by first member.
    assert [first[f] for f in groups[S.FACT_ID]] == sorted(first.values())


def test_a_sentence_split_in_two_by_one_outlet_joins_the_group_with_both_halves():
    split = [
        "The delegations will meet again next month in Nairobi.",
        "Engineers from both sides will join the delegations in Nairobi.",
    ]
    beta = BETA[:3] + split + BETA[4:]  # fact 4 (sentence 3) told in sentences 3 and 4
    alignment = align(*story(Beta_Post=beta))
    halves = [("001_beta", 3), ("001_beta", 4)]
    groups = fact_sets(alignment)
    assert frozenset([story_key("Alpha Times", 4), story_key("Gamma Herald", 4), *halves]) in groups
    assert len(groups) == 5


def test_a_sentence_telling_two_facts_does_not_merge_their_groups():
    # Beta tells the meeting (fact 0) and the cost (fact 1) in one sentence.
    both = (
        "On Tuesday, Kenyan and Ethiopian water ministers met in Addis Ababa and agreed to split the "
        "$3.5 billion bill for the hydroelectric Omo river dam."
    )
    alignment = align(*story(Beta_Post=[both, *BETA[2:]]))
    meeting = fact_of(alignment, story_key("Alpha Times", 0))
    cost = fact_of(alignment, story_key("Alpha Times", 1))
    assert meeting is not None and cost is not None and meeting != cost
    assert fact_of(alignment, ("001_beta", 0)) in (meeting, cost)
    assert fact_of(alignment, story_key("Gamma Herald", 0)) == meeting
    assert fact_of(alignment, story_key("Gamma Herald", 1)) == cost


def test_two_statements_by_one_person_pair_with_their_own_counterparts():
    # Shared names everywhere; only the statements' own words tell them apart.
    alpha = [
        "Alice Wanjiru said Kenya would release more water from the dam during the dry season.",
        "Alice Wanjiru said Kenya would ask the World Bank to fund a new irrigation canal for farmers.",
    ]
    beta = [
        "Kenya will seek World Bank money for an irrigation canal for farmers, Alice Wanjiru said.",
        "In the dry season, more water will be released from the dam, according to Alice Wanjiru.",
    ]
    alignment = align(*tables(("Alpha", alpha), ("Beta", beta)))
    assert fact_sets(alignment) == {
        frozenset([("000_alpha", 0), ("001_beta", 1)]),
        frozenset([("000_alpha", 1), ("001_beta", 0)]),
    }


def _corpora() -> list[tuple[pd.DataFrame, pd.DataFrame]]:
    both = "Kenyan and Ethiopian ministers met in Addis Ababa on Tuesday and agreed to share the $3.5 billion cost."
    return [story(), story(Beta_Post=[both, *BETA[2:]])]


@pytest.mark.parametrize("corpus", range(2))
def test_no_group_holds_two_sentences_of_one_article_without_a_split(corpus):
    """Here no outlet splits a sentence: one member per article, even with a sentence telling two facts."""
    alignment = align(*_corpora()[corpus])
    per_article = alignment.members.groupby([S.FACT_ID, S.ARTICLE_ID]).size()
    assert not per_article.empty and (per_article == 1).all()


def test_seed_sentences_sharing_a_group_with_their_own_article_each_match_another_outlet(seed_sentences_articles):
    """On the seeds an article's extra members come only from the split pass: each reaches the
    threshold with a member of another article of its group."""
    alignment = align(*seed_sentences_articles)
    for _, rows in alignment.members.groupby(S.FACT_ID):
        keys = list(zip(rows[S.ARTICLE_ID], rows[S.SENTENCE_ID].astype(int)))
        for u in keys:
            if sum(k[0] == u[0] for k in keys) > 1:
                best = max(alignment.similarity(alignment.terms[u], alignment.terms[v]) for v in keys if v[0] != u[0])
                assert best >= THRESHOLD, u


def test_a_hub_sentence_does_not_chain_two_different_facts():
    alignment = align(
        *tables(
            ("Alpha", ["The foreign ministers met in Geneva on Monday and flew home without a statement."]),
            (
                "Hub",
                ["The foreign ministers met in Geneva on Monday to discuss the grain corridor and prisoner exchanges."],
            ),
            ("Gamma", ["Officials said the talks would discuss the grain corridor and prisoner exchanges."]),
        )
    )
    assert all(not {("000_alpha", 0), ("002_gamma", 0)} <= keys for keys in fact_sets(alignment))
    assert (alignment.groups[S.SIMILARITY] >= 100 * THRESHOLD).all()


# (sentence of outlet Alpha, sentence of outlet Beta): one fact in other words, or a copy.
SAME_FACT = [
    (
        "The central bank raised its key interest rate by half a percentage point to 4.5 percent on Thursday.",
        "On Thursday, the central bank raised its key rate by half a percentage point, to 4.5 percent, analysts said.",
    ),
    (
        "At least 12 people were killed and 40 injured when a bus collided with a truck near Ankara on Saturday.",
        "A bus collided with a truck near Ankara on Saturday, killing at least 12 people and injuring 40.",
    ),
    # A statement quoted inside a longer sentence with its attribution.
    (
        "We will not accept these terms under any circumstances, and we will defend our interests.",
        "“We will not accept these terms under any circumstances, and we will defend our interests,” the foreign "
        "minister told reporters in Brussels on Monday.",
    ),
]
OTHER_FACTS = [
    (
        "The delegations agreed to restore direct flights between Moscow and Washington by the end of the year.",
        "Officials in Nairobi opened a new water treatment plant serving forty thousand homes.",
    ),
    (
        "The European Commission proposed new sanctions against Russia on Tuesday, targeting its shadow fleet.",
        "The European Commission on Tuesday approved a 50 billion euro aid package for Ukraine over four years.",
    ),
]


@pytest.mark.parametrize("alpha, beta", SAME_FACT)
def test_one_fact_in_other_words_is_one_group(alpha, beta):
    assert fact_sets(align(*tables(("Alpha", [alpha]), ("Beta", [beta])))) == {
        frozenset([("000_alpha", 0), ("001_beta", 0)])
    }


@pytest.mark.parametrize("alpha, beta", OTHER_FACTS)
def test_different_facts_are_not_grouped(alpha, beta):
    assert align(*tables(("Alpha", [alpha]), ("Beta", [beta]))).groups.empty


def test_short_sentences_are_not_units():
    alignment = align(
        *tables(("Alpha", ["Subscribe to our newsletter now."]), ("Beta", ["Subscribe to our newsletter now."]))
    )
    assert alignment.groups.empty and alignment.terms == {}


# --- determinism and degenerate input ---------------------------------------------------------


def test_output_is_the_same_whatever_the_row_order():
    sentences, articles = story()
    reference = align(sentences, articles)
    for seed in (1, 2, 3):
        shuffled = align(sentences.sample(frac=1, random_state=seed), articles.sample(frac=1, random_state=seed))
        pd.testing.assert_frame_equal(shuffled.groups, reference.groups)
        pd.testing.assert_frame_equal(shuffled.members, reference.members)
        assert shuffled.terms == reference.terms and shuffled.weights == reference.weights


def test_seed_output_is_the_same_whatever_the_row_order(seed_sentences_articles):
    sentences, articles = seed_sentences_articles
    reference = align(sentences, articles)
    shuffled = align(sentences.sample(frac=1, random_state=5), articles.iloc[::-1])
    pd.testing.assert_frame_equal(shuffled.groups, reference.groups)
    pd.testing.assert_frame_equal(shuffled.members, reference.members)


def test_empty_input_gives_empty_tables_with_the_columns():
    sentences, articles = story()
    for s, a in [
        (sentences.iloc[:0], articles),
        (sentences, articles.iloc[:0]),
        (sentences.iloc[:0], articles.iloc[:0]),
    ]:
        alignment = align(s, a)
        assert alignment.groups.empty and list(alignment.groups.columns) == S.FACT_GROUP_COLUMNS
        assert alignment.members.empty and list(alignment.members.columns) == S.FACT_MEMBER_COLUMNS


def test_one_outlet_only_gives_no_groups():
    # Two articles of one outlet carrying the same sentences: nothing crosses outlets.
    sentences, articles = tables(("Alpha Times", ALPHA), ("Alpha Times", ALPHA))
    alignment = align(sentences, articles)
    assert alignment.groups.empty and alignment.members.empty
    assert len(alignment.terms) == 2 * 6  # the units are still described


def test_sentences_without_a_known_outlet_are_ignored():
    sentences, articles = tables(("Alpha Times", ALPHA), ("Beta Post", BETA))
    articles.loc[1, S.OUTLET] = None
    stray = pd.DataFrame({S.ARTICLE_ID: ["zzz"], S.SENTENCE_ID: [0], S.TEXT: [GAMMA[2]]})
    alignment = align(pd.concat([sentences, stray], ignore_index=True), articles)
    assert alignment.groups.empty and {a for a, _ in alignment.terms} == {"000_alpha"}


# --- the seeds --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_alignment(seed_sentences_articles) -> tuple[pd.DataFrame, Alignment]:
    sentences, articles = seed_sentences_articles
    return sentences, align(sentences, articles)


def seed_key(sentences: pd.DataFrame, article: str, fragment: str) -> tuple[str, int]:
    """(article_id, sentence_id) of the one sentence of ``article`` containing ``fragment``."""
    rows = sentences[(sentences[S.ARTICLE_ID] == article) & sentences[S.TEXT].str.contains(fragment, regex=False)]
    assert len(rows) == 1, f"{fragment!r} found {len(rows)} times in {article}"
    return article, int(rows[S.SENTENCE_ID].iloc[0])


SIX_PROPERTIES = [(HURRIYET, "six real estate properties"), (LOCAL_GLOB, "six facilities")]

# Sentences of different outlets that state one fact (the former "paraphrase" passages).
SEED_SAME_FACT = [
    # Lavrov's words in two translations.
    [(ZIMBABWE_MAIL, "systemic problems that have piled up"), (HURRIYET, "systemic problems that have accumulated")],
    [(ZIMBABWE_MAIL, "Lavrov expects that the Istanbul meeting"), (HURRIYET, "Lavrov added that based on the outcome")],
    [
        (ZIMBABWE_MAIL, "Embassy staff cuts began in both countries"),
        (LOCAL_GLOB, "The reduction in embassy staff in both countries"),
    ],
    [(LOCAL_GLOB, "it was proposed to the US side"), (HURRIYET, "It was suggested to the American side")],
    [
        (LOCAL_GLOB, "In turn, US Secretary of State Marco Rubio noted"),
        (CALIBER, "US Secretary of State Marco Rubio announced"),
        (ZIMBABWE_MAIL, "Rubio, in turn, said after the talks"),
    ],
    [
        (ZIMBABWE_MAIL, "Russian and US diplomats will hold a meeting"),
        (HURRIYET, "Russian and U.S. diplomats met in Istanbul"),
    ],
    # Who led the delegations: one fact, the basis of the Darchiev department discrepancy.
    [
        (HURRIYET, "the U.S. delegation was led by"),
        (PRAVDA, "The US delegation was headed by Sonata Coulter"),
        (LOCAL_GLOB, "The February 27 consultations in Istanbul were held in an expert format"),
    ],
    [
        (HURRIYET, "Coulter and Darchiev agreed to hold a follow-up meeting"),
        (PRAVDA, "Coulter and Darchiyev agreed to hold another meeting"),
    ],
    # The State Department statement, quoted whole by both and split in two by Hürriyet.
    [
        (HURRIYET, "a spokesman for the U.S. State Department said"),
        (HURRIYET, '"The United States raised concerns'),
        (HURRIYET, '"Through constructive discussions'),
        (PRAVDA, "The United States raised concerns"),
    ],
    SIX_PROPERTIES,
]

# Sentences that share names or topic words but state different things.
SEED_OTHER_FACTS = [
    [
        (ZIMBABWE_MAIL, "The US delegation consisted of Secretary of State Marco Rubio"),
        (LOCAL_GLOB, "In turn, US Secretary of State Marco Rubio noted"),
    ],
    [
        (ZIMBABWE_MAIL, "The US delegation consisted of Secretary of State Marco Rubio"),
        (CALIBER, "US Secretary of State Marco Rubio announced"),
    ],
    [
        (LOCAL_GLOB, "In turn, US Secretary of State Marco Rubio noted"),
        (HURRIYET, "agreed on steps to remove obstacles to financing"),
    ],
    [(CALIBER, "Lavrov expressed cautious optimism"), (HURRIYET, "Russian and U.S. diplomats met in Istanbul")],
]


@pytest.mark.parametrize("parts", SEED_SAME_FACT)
def test_seed_sentences_stating_one_fact_share_a_group(seed_alignment, parts):
    sentences, alignment = seed_alignment
    facts = {fact_of(alignment, seed_key(sentences, a, f)) for a, f in parts}
    assert len(facts) == 1 and None not in facts


@pytest.mark.parametrize("parts", SEED_OTHER_FACTS)
def test_seed_sentences_stating_different_facts_do_not_share_a_group(seed_alignment, parts):
    sentences, alignment = seed_alignment
    left, right = (fact_of(alignment, seed_key(sentences, a, f)) for a, f in parts)
    assert left is None or left != right


# --- terms ------------------------------------------------------------------------------------

# (text, text): fact_terms must give the same terms for both, or (last column False) different ones.
TERM_CASES = [
    ("U.S. embassy talks", "US embassy talk", True),
    ("Russia's embassies", "Russia embassy", True),
    ("Russia’s embassy", "Russia's embassy", True),  # curly apostrophe
    ("the talks", "talk", True),
    ("ministries", "ministry", True),
    ("stabilized", "stabilizing", True),
    ("Darchiyev", "Darchiev", True),
    ("Türkiye", "Turkiye", True),
    ("F.B.I. agents", "FBI agent", True),
    ("$3.5 billion", "$3.6 billion", True),  # numbers are left out: the conflict stays visible
    ("press status analysis", "press status analysis", True),
    ("Austria", "Australia", False),
    ("Russia", "Prussia", False),
    ("use", "user", False),
    ("press", "pressure", False),
    ("analysis", "analyst", False),
    ("bus", "business", False),
    ("sanction", "sanctuary", False),
    ("issues", "issue", True),
    ("sides", "side", True),
    ("states", "state", True),
]


@pytest.mark.parametrize("left, right, same", TERM_CASES)
def test_fact_terms_fold_spelling_variants_and_nothing_else(left, right, same):
    a, b = fact_terms(left, STOPWORDS), fact_terms(right, STOPWORDS)
    assert a and b
    assert (a == b) is same


@pytest.mark.parametrize(
    "text, expected",
    [
        ("in 2016-2018, 12 of the 1.5 3rd", []),  # numbers and function words only
        ("The talks in Istanbul", ["talk", "istanbul"]),
        ("Russia's six embassies, Russia's six embassies", ["rusia", "six", "embasi"] * 2),  # in order, repeats kept
    ],
)
def test_fact_terms_leave_out_numbers_and_function_words_and_keep_the_order(text, expected):
    assert fact_terms(text, STOPWORDS) == expected


# --- the index is linear ----------------------------------------------------------------------


def _generated_corpus(n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``n`` distinct one-sentence articles: four words from a vocabulary that grows with the corpus
    (names of new events) and three from ten words every sentence may use (past MAX_POSTING here)."""
    rng = random.Random(7)
    consonants, vowels = "bcdfghjklmnprstvz", "aeiou"

    def word() -> str:
        return "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(3)) + rng.choice(consonants)

    common = [word() for _ in range(10)]
    rare = [word() for _ in range(2 * n)]
    texts = []
    for _ in range(n):
        words = rng.sample(rare, 4) + rng.sample(common, 3)
        rng.shuffle(words)
        texts.append(" ".join(words) + ".")
    ids = [f"a{i:05d}" for i in range(n)]
    sentences = pd.DataFrame({S.ARTICLE_ID: ids, S.SENTENCE_ID: 0, S.TEXT: texts})
    return sentences, pd.DataFrame({S.ARTICLE_ID: ids, S.OUTLET: [f"Outlet {i % 5}" for i in range(n)]})


def _n_candidates(n: int) -> int:
    units, df, weights = A._weights_and_terms(*_generated_corpus(n), STOPWORDS)
    assert len(units.keys) == n
    return len(A._candidate_scores(units, weights, df))


def test_scored_candidate_pairs_grow_linearly_with_the_corpus():
    small, large = _n_candidates(1000), _n_candidates(2000)
    assert small > 0 and large < 3 * small  # all-pairs scoring would be 4x


# --- the fast paths equal the plain definitions -------------------------------------------------

_PIECES = [
    "Talks",
    "U.S.",
    "Russia's",
    "Darchiyev",
    "stabilized",
    "$3.5",
    "billion",
    "the",
    "of",
    "and",
    "watches",
    "press",
    "analysis",
    "Zelenskyy",
    "café",
    "naïve",
    "don’t",
    "it`s",
    "ministers´",
    "ʼquoted",
    "‘single’",
    "“double”",
    "ﬁnance",
    "Ⅻ",
    "１２",
    "STRASSE",
    "Straße",
    "x2",
    "A.B.C.",
    "covid-19",
    "e-mail",
    "Élysée",
    "İstanbul",
    "re-elected",
    "o'clock",
    "'s",
    "—",
    "…",
    "agencies",
]


def _plain_fact_terms(text: str, stopwords: frozenset[str]) -> list[str]:
    """fact_terms as first written: every word folded on its own, through finditer."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", text).translate(A._QUOTES).casefold()
    terms = []
    for match in A._WORDS.finditer(folded):
        word = A._POSSESSIVE.sub("", match.group()).replace(".", "").replace("'", "")
        if len(word) < 2 or word in stopwords or word.isdigit() or any(ch.isdigit() for ch in word):
            continue
        terms.append(A._term(word))
    return terms


def _random_texts(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 25))) for _ in range(n)]


def test_fact_terms_equals_the_plain_definition_on_generated_texts() -> None:
    for stopwords in (STOPWORDS, frozenset({"talks", "the"}), frozenset()):
        for text in _random_texts(7, 2000):
            assert fact_terms(text, stopwords) == _plain_fact_terms(text, stopwords), text


def test_weights_of_term_sets_equal_the_plain_sum_and_are_kept() -> None:
    import math

    rng = random.Random(3)
    words = [f"w{i}" for i in range(60)]
    weights = {w: 1.0 + math.log(1000 / rng.randint(1, 999)) for w in words[:50]}  # some terms unweighed
    alignment = Alignment(pd.DataFrame(), pd.DataFrame(), A.TermIndex.of(weights, {}))
    for _ in range(500):
        a = frozenset(rng.sample(words, rng.randint(0, 20)))
        b = frozenset(rng.sample(words, rng.randint(0, 20)))
        plain = math.fsum(weights.get(t, 1.0) for t in a)
        assert A._weight_of(a, weights) == plain
        assert alignment.weight(a) == plain and alignment.weight(a) == plain  # the second from the memo
        shared = a & b
        if a and b and shared:
            wa, wb, ws = (
                plain,
                math.fsum(weights.get(t, 1.0) for t in b),
                math.fsum(weights.get(t, 1.0) for t in shared),
            )
            dice = 2.0 * ws / (wa + wb)
            shorter, short_weight = (a, wa) if wa <= wb else (b, wb)
            expected = max(dice, A.CONTAINMENT_WEIGHT * ws / short_weight) if len(shorter) >= 6 else dice
        else:
            expected = 0.0
        assert alignment.similarity(a, b) == expected


def test_related_articles_equals_the_groupby_definition() -> None:
    rng = random.Random(5)
    for _ in range(50):
        rows = [(rng.randint(0, 8), f"a{rng.randint(0, 12)}") for _ in range(rng.randint(0, 40))]
        members = pd.DataFrame(rows, columns=[S.FACT_ID, S.ARTICLE_ID])
        outlet_of = {f"a{i}": f"o{i % 4}" for i in range(13)}
        expected: dict[str, set[str]] = {}
        if rows:
            for group in members.groupby(S.FACT_ID)[S.ARTICLE_ID].agg(lambda a: sorted(set(a))):
                for i, a in enumerate(group):
                    for b in group[i + 1 :]:
                        if outlet_of.get(a) != outlet_of.get(b):
                            expected.setdefault(a, set()).add(b)
                            expected.setdefault(b, set()).add(a)
        alignment = Alignment(pd.DataFrame(), members, A.TermIndex.of({}, {}))
        got = A.related_articles(alignment, outlet_of)
        assert (dict(got) if got is not None else {}) == expected


def _plain_candidate_scores(units: A._Units, weights: dict[str, float], df) -> dict[tuple[int, int], float]:
    """_candidate_scores as first written: tuples sorted, every unit of the hits filtered."""
    from collections import Counter, defaultdict

    postings: dict[str, list[int]] = defaultdict(list)
    probes = []
    for i, terms in enumerate(units.terms):
        shared = sorted((t for t in terms if 2 <= df[t] <= A.MAX_POSTING), key=lambda t: (df[t], t))
        probes.append(shared[: A.PROBE_TERMS])
        for t in shared:
            postings[t].append(i)
    scores: dict[tuple[int, int], float] = {}
    total = [A._weight_of(t, weights) for t in units.terms]
    for i, rare in enumerate(probes):
        hits: Counter[int] = Counter()
        for t in rare:
            hits.update(postings[t])
        best = sorted(
            (j for j in hits if units.article[j] != units.article[i] and units.event[j] == units.event[i]),
            key=lambda j: (-hits[j], j),
        )
        for j in best[: A.MAX_CANDIDATES]:
            low, high = (i, j) if i < j else (j, i)
            if (low, high) not in scores:
                scores[(low, high)] = A._similarity(
                    units.terms[low], units.terms[high], weights, total[low], total[high]
                )
    return scores


def _plain_mutual_best_edges(units: A._Units, scores: dict[tuple[int, int], float]) -> list[tuple[float, int, int]]:
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for (i, j), score in scores.items():
        for u, v in ((i, j), (j, i)):
            key = (u, units.article[v])
            if key not in best or (score, -v) > (best[key][0], -best[key][1]):
                best[key] = (score, v)
    edges = [
        (score, i, j)
        for (i, j), score in scores.items()
        if score >= THRESHOLD and best[(i, units.article[j])][1] == j and best[(j, units.article[i])][1] == i
    ]
    return sorted(edges, key=lambda e: (-e[0], e[1], e[2]))


@pytest.mark.parametrize("events", [1, 3])
def test_candidate_scores_and_best_edges_equal_the_plain_definitions(events: int) -> None:
    """Generated stories of few words, so that many units share terms, ties of hits and scores abound."""
    rng = random.Random(29 + events)
    vocabulary = [f"word{k}" for k in range(40)] + ["minister", "talks", "embassy", "river", "dam"]
    article_rows, sentence_rows = [], []
    for a in range(30):
        article_id = f"{a:03d}_x"
        article_rows.append({S.ARTICLE_ID: article_id, S.OUTLET: f"outlet {a % 7}", S.EVENT_ID: a % events})
        for s in range(rng.randint(1, 12)):
            words = rng.sample(vocabulary, rng.randint(6, 12))
            sentence_rows.append({S.ARTICLE_ID: article_id, S.SENTENCE_ID: s, S.TEXT: " ".join(words)})
    sentences = pd.DataFrame(sentence_rows)
    articles = pd.DataFrame(article_rows)
    units, df, weights = A._weights_and_terms(sentences, articles, STOPWORDS)
    scores = A._candidate_scores(units, weights, df)
    plain = _plain_candidate_scores(units, weights, df)
    assert list(scores.items()) == list(plain.items())
    assert A._mutual_best_edges(units, scores) == _plain_mutual_best_edges(units, plain)


def test_a_term_index_is_built_once_whether_warmed_or_asked() -> None:
    import threading
    import time

    calls: list[int] = []
    release = threading.Event()

    def build(pause=None):
        calls.append(1)
        release.wait(5)
        return {"w": 1.0}, {("a", 0): frozenset({"w"})}

    index = A.TermIndex(build)
    index.warm()
    index.warm()  # already started: no second thread
    for _ in range(500):  # the build starts in the background, before anyone asks
        if calls:
            break
        time.sleep(0.01)
    assert calls == [1]
    release.set()
    assert index.get() == ({"w": 1.0}, {("a", 0): frozenset({"w"})})
    index.warm()  # built: nothing to do
    assert calls == [1]
    ready = A.TermIndex.of({"x": 2.0}, {})
    ready.warm()
    assert ready.get() == ({"x": 2.0}, {})


def test_a_warming_build_waits_while_the_app_is_busy_and_runs_through_when_asked() -> None:
    import threading

    steps: list[int] = []
    busy = threading.Event()
    busy.set()

    def build(pause=None):
        for step in range(3):
            pause()
            steps.append(step)
        return {"w": 1.0}, {}

    index = A.TermIndex(build)
    index.warm(busy=busy.is_set)
    busy.clear()  # the page is drawn: the build goes on
    for _ in range(500):
        if len(steps) == 3:
            break
        time.sleep(0.01)
    assert steps == [0, 1, 2]

    steps.clear()
    held = A.TermIndex(build)
    busy.set()
    held.warm(busy=busy.is_set)
    time.sleep(0.2)
    assert steps == []  # still busy: the build waits at its first step
    assert held.get() == ({"w": 1.0}, {})  # a caller needs it: it runs through while busy
    assert steps == [0, 1, 2]


def test_a_term_index_built_in_steps_equals_one_built_at_once(seed_sentences_articles) -> None:
    sentences, articles = seed_sentences_articles
    alignment = A.alignment_from_tables(pd.DataFrame(), pd.DataFrame(), sentences, articles, stopwords=load_stopwords())
    paused: list[int] = []
    stepped = alignment.term_index._build(lambda: paused.append(1))
    assert len(paused) >= 2  # reading the sentences, counting their terms
    assert stepped == alignment.term_index.get()


def test_the_stored_term_index_reads_back_as_the_computed_one(seed_output_tables) -> None:
    sentences, articles = seed_output_tables[S.SENTENCES_FILE], seed_output_tables[S.ARTICLES_FILE]
    stopwords = load_stopwords()
    computed = A.alignment_from_tables(pd.DataFrame(), pd.DataFrame(), sentences, articles, stopwords=stopwords)
    unit_terms, term_weights = seed_output_tables[S.UNIT_TERMS_FILE], seed_output_tables[S.TERM_WEIGHTS_FILE]
    read = A.alignment_from_tables(
        pd.DataFrame(),
        pd.DataFrame(),
        sentences,
        articles,
        stopwords=stopwords,
        unit_terms=unit_terms,
        term_weights=term_weights,
    )
    assert len(unit_terms) > 50  # most of the seeds' sentences are units
    assert read.weights == computed.weights
    assert read.terms == computed.terms
    # In Arrow, as the app loads it.
    import pyarrow as pa

    arrow = unit_terms.astype({S.UNIT_TERMS: pd.ArrowDtype(pa.list_(pa.string()))})
    assert A._read_term_index(arrow, term_weights, None) == (computed.weights, computed.terms)
    assert A._read_term_index(unit_terms.iloc[0:0], term_weights, None) == (computed.weights, {})
