"""Omissions: small corpora whose answer is known by construction, and the seeds."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import schema as S
from dashboard.corpus.align import fact_terms
from dashboard.corpus.omissions import ENTITY, FACT, SPEAKER, TOPIC, omissions
from dashboard.vocabularies import load_speech_vocabulary

from .conftest import HURRIYET, LOCAL_GLOB
from .test_align import FACTS, GAMMA, HERDERS, OUTLETS, STOPWORDS, align, story, story_key, tables

_SPEECH = load_speech_vocabulary()
#: The verbs of saying, as the pipeline passes them.
SPEECH_VERBS = _SPEECH.speech_verbs | _SPEECH.bare_verbs


def with_text(sentences: pd.DataFrame, articles: pd.DataFrame, topics: list[list[str]] | None = None) -> pd.DataFrame:
    """The articles table as the pipeline has it: each article's text (its sentences) and topics."""
    text = sentences.groupby(S.ARTICLE_ID)[S.TEXT].agg(" ".join)
    return articles.assign(
        **{S.TEXT: articles[S.ARTICLE_ID].map(text), S.TOPICS: topics or [[] for _ in range(len(articles))]}
    )


def left_out(sentences: pd.DataFrame, articles: pd.DataFrame, **kwargs) -> pd.DataFrame:
    """Omissions as the pipeline derives them: from the alignment of the same sentences."""
    articles = with_text(sentences, articles) if S.TEXT not in articles.columns else articles
    alignment = align(sentences, articles)
    return omissions(
        articles, sentences=sentences, alignment=alignment, stopwords=STOPWORDS, speech_verbs=SPEECH_VERBS, **kwargs
    )


def key(article_sentence: tuple[str, int]) -> str:
    return f"{article_sentence[0]}:{article_sentence[1]}"


def gamma_without_herders(replacement: list[str] = ()) -> list[str]:
    """Gamma Herald's sentences with the herders fact replaced by ``replacement`` (nothing: removed)."""
    return [x for t, f in zip(GAMMA, FACTS["Gamma Herald"]) for x in (replacement if f == HERDERS else [t])]


# --- facts, by construction -----------------------------------------------------------------


def test_three_outlets_telling_the_same_facts_omit_nothing():
    frame = left_out(*story())
    assert frame.empty and list(frame.columns) == S.OMISSION_COLUMNS


def test_a_removed_paragraph_is_exactly_that_outlets_omission_with_its_evidence():
    sentences, articles = story(Gamma_Herald=gamma_without_herders())
    frame = left_out(sentences, articles)
    assert frame[[S.OUTLET, S.KIND, S.N_OUTLETS]].values.tolist() == [["Gamma Herald", FACT, 2]]
    row = frame.iloc[0]
    assert list(row[S.OUTLETS]) == ["Alpha Times", "Beta Post"]
    reporters = [story_key("Alpha Times", HERDERS), story_key("Beta Post", HERDERS)]
    assert list(row[S.EVIDENCE]) == [key(k) for k in reporters]
    text = sentences.set_index([S.ARTICLE_ID, S.SENTENCE_ID])[S.TEXT]
    assert row[S.ITEM] in [text[k] for k in reporters]  # the fact's representative sentence
    # Strength: every other outlet reports it, times the share of its core terms Gamma lacks.
    core = set(fact_terms(text[reporters[0]], STOPWORDS)) & set(fact_terms(text[reporters[1]], STOPWORDS))
    gamma = set().union(*(fact_terms(t, STOPWORDS) for t in gamma_without_herders()))
    assert 0 < row[S.STRENGTH] == round(1 - len(core & gamma) / len(core), 3) <= 1


PARAPHRASES = {
    "one sentence, other words and order": [
        "Some 12,000 herders lost their grazing land in the lower valley to the dam, the UN says."
    ],
    "spread over two sentences": [
        "The United Nations has published a report on the lower valley.",
        "It says the construction of the dam displaced thousands of herders.",
    ],
}


@pytest.mark.parametrize("paraphrase", PARAPHRASES.values(), ids=PARAPHRASES)
def test_a_fact_told_in_other_words_is_not_an_omission(paraphrase):
    frame = left_out(*story(Gamma_Herald=gamma_without_herders(paraphrase)))
    assert frame.empty


def test_a_sentence_telling_two_facts_omits_neither():
    # Gamma tells the next round of talks (fact 4) and the herders (fact 3) in one sentence: the
    # alignment gives it to one fact only; the looser check finds the other in it.
    both = (
        "Talks will resume in Nairobi next month, after a United Nations report found that the dam "
        "displaced 12,000 herders from the lower valley."
    )
    gamma = [both if f == 4 else t for t, f in zip(GAMMA, FACTS["Gamma Herald"]) if f != HERDERS]
    sentences, articles = story(Gamma_Herald=gamma)
    members = align(sentences, articles).members
    assert members.loc[members[S.ARTICLE_ID] == "002_gamma", S.FACT_ID].nunique() == 4  # one of the five is missed
    assert left_out(sentences, articles).empty


@pytest.mark.parametrize(
    "title, omitted",
    [("Dam displaced herders of the lower valley, UN report says", False), ("Kenya and Ethiopia share dam cost", True)],
)
def test_a_fact_told_only_in_the_title_is_not_an_omission(title, omitted):
    sentences, articles = story(Gamma_Herald=gamma_without_herders())
    articles = with_text(sentences, articles).assign(**{S.TITLE: [None, None, title]})
    frame = left_out(sentences, articles)
    assert frame[[S.OUTLET, S.KIND]].values.tolist() == ([["Gamma Herald", FACT]] if omitted else [])


def test_absence_is_checked_against_the_outlets_whole_text():
    """Facts aligned with only one of Gamma's sentences (so Gamma tells the story): its text still
    tells each of the others."""
    sentences, articles = story()
    articles = with_text(sentences, articles)
    gamma = sentences[S.ARTICLE_ID] == "002_gamma"
    others = sentences[~gamma | (sentences[S.SENTENCE_ID] == sentences.loc[gamma, S.SENTENCE_ID].min())]
    alignment = align(others, articles)
    assert sorted(alignment.groups[S.N_OUTLETS].tolist()) == [2, 2, 2, 2, 3]
    frame = omissions(articles, sentences=sentences, alignment=alignment, stopwords=STOPWORDS)
    assert frame.empty
    # Without the herders sentence, Gamma omits exactly that fact.
    kept = sentences[~((sentences[S.ARTICLE_ID] == "002_gamma") & (sentences[S.SENTENCE_ID] == 4))]
    frame = omissions(
        with_text(kept, articles.drop(columns=S.TEXT)), sentences=kept, alignment=alignment, stopwords=STOPWORDS
    )
    assert frame[[S.OUTLET, S.KIND]].values.tolist() == [["Gamma Herald", FACT]]
    assert list(frame.at[0, S.EVIDENCE]) == [
        key(story_key("Alpha Times", HERDERS)),
        key(story_key("Beta Post", HERDERS)),
    ]


# --- speakers and entities --------------------------------------------------------------------

FOUR = [
    ("Alpha", ["Sergey Lavrov said the talks with Alexander Darchiev in Türkiye were useful and long."]),
    ("Beta", ["Lavrov told reporters that Alexander Darchiyev had flown to Türkiye for the talks."]),
    ("Gamma", ["Lavrov said on Monday that Alexander Darchiyev had gone to Turkiye for the talks."]),
    ("Delta", ["Lavrov was seen in Moscow on Monday, far from the talks and the delegations."]),
]


def _quotes(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(outlet, "Sergey Lavrov", article, sentence) for outlet, article, sentence in rows],
        columns=[S.OUTLET, S.SPEAKER, S.ARTICLE_ID, S.SENTENCE_ID],
    )


def _entities(rows: list[tuple[str, str, str, str, str]]) -> pd.DataFrame:
    """(outlet, article, canonical entity, type, text as written), all in sentence 0."""
    return pd.DataFrame(
        [(o, e, t, x, a, 0) for o, a, e, t, x in rows],
        columns=[S.OUTLET, S.ENTITY, S.ENTITY_TYPE, S.TEXT, S.ARTICLE_ID, S.SENTENCE_ID],
    )


def test_a_speaker_named_next_to_a_verb_of_saying_is_not_left_out():
    # Alpha and Beta are in the quote table; Gamma's "Lavrov said" is not (the extractor missed
    # it) but gives him a voice; Delta names him without a word of saying.
    frame = left_out(*tables(*FOUR), quotes=_quotes([("Alpha", "000_alpha", 0), ("Beta", "001_beta", 0)]))
    speakers = frame[frame[S.KIND] == SPEAKER]
    assert speakers[[S.OUTLET, S.ITEM, S.N_OUTLETS]].values.tolist() == [["Delta", "Sergey Lavrov", 2]]
    assert list(speakers.iloc[0][S.OUTLETS]) == ["Alpha", "Beta"]
    assert list(speakers.iloc[0][S.EVIDENCE]) == ["000_alpha:0", "001_beta:0"]


def test_an_entity_written_in_any_spelling_is_not_left_out():
    entities = _entities(
        [
            ("Alpha", "000_alpha", "Alexander Darchiev", "person", "Alexander Darchiev"),
            ("Beta", "001_beta", "Alexander Darchiev", "person", "Alexander Darchiyev"),
            ("Alpha", "000_alpha", "Türkiye", "place", "Türkiye"),
            ("Beta", "001_beta", "Türkiye", "place", "Türkiye"),
            ("Alpha", "000_alpha", "6 properties", "number", "six properties"),
            ("Beta", "001_beta", "6 properties", "number", "six properties"),
        ]
    )
    # Gamma writes "Darchiyev" (Beta's spelling) and "Turkiye" (no diacritic), and the entity
    # table has no row for it; Delta writes neither.
    frame = left_out(*tables(*FOUR), entities=entities)
    named = frame[frame[S.KIND] == ENTITY]
    assert named[[S.OUTLET, S.ITEM, S.N_OUTLETS]].values.tolist() == [
        ["Delta", "Alexander Darchiev", 2],
        ["Delta", "Türkiye", 2],
    ]  # numbers are parts of facts, not entities left out
    assert list(named.iloc[0][S.EVIDENCE]) == ["000_alpha:0", "001_beta:0"]


# --- topics, two outlets, order ---------------------------------------------------------------


def _topic_tables(outlets: list[str], topics: list[list[str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    sentences, articles = tables(*[(o, [f"{o} wrote one sentence about the river talks today."]) for o in outlets])
    sentences[S.TOPICS] = topics
    return sentences, with_text(sentences, articles, topics)


TOPICS = [["funding", "property"], ["funding", "property"], ["funding"], []]


def test_topics_left_out_are_listed_with_who_reports_them():
    sentences, articles = _topic_tables(["Alpha", "Beta", "Gamma", "Delta"], TOPICS)
    frame = left_out(sentences, articles, topic_labels={"funding": "Funding", "property": "Property"})
    assert frame[[S.OUTLET, S.KIND, S.ITEM, S.N_OUTLETS, S.STRENGTH]].values.tolist() == [
        ["Delta", TOPIC, "Funding", 3, 1.0],
        ["Delta", TOPIC, "Property", 2, 0.667],
        ["Gamma", TOPIC, "Property", 2, 0.667],
    ]
    assert list(frame.at[2, S.OUTLETS]) == ["Alpha", "Beta"]
    assert list(frame.at[2, S.EVIDENCE]) == ["000_alpha:0", "001_beta:0"]


def test_rows_are_sorted_by_outlet_then_strength():
    sentences, articles = _topic_tables(["Delta", "Beta", "Gamma", "Alpha"], [[], ["b"], ["a", "b"], ["a", "b", "c"]])
    frame = left_out(sentences, articles, min_others=1)
    assert frame[[S.OUTLET, S.ITEM, S.STRENGTH]].values.tolist() == [
        ["Beta", "a", 0.667],
        ["Beta", "c", 0.333],
        ["Delta", "b", 1.0],
        ["Delta", "a", 0.667],
        ["Delta", "c", 0.333],
        ["Gamma", "c", 0.333],
    ]


def test_two_outlets_need_only_the_other_one():
    sentences, articles = _topic_tables(["Alpha", "Gamma"], [["funding", "property"], ["funding"]])
    frame = left_out(sentences, articles)  # min_others=2, lowered to 1
    assert frame[[S.OUTLET, S.ITEM, S.N_OUTLETS, S.STRENGTH]].values.tolist() == [["Gamma", "property", 1, 1.0]]


def test_two_outlets_a_fact_the_other_reports_is_an_omission():
    sentences, articles = story(Gamma_Herald=gamma_without_herders())
    two = articles[articles[S.OUTLET] != "Beta Post"]
    sentences = sentences[sentences[S.ARTICLE_ID].isin(two[S.ARTICLE_ID])]
    frame = left_out(sentences, two)
    # With two outlets, whatever one states and the other does not is left out by the other: the
    # herders fact (Gamma dropped it) and each outlet's own unrelated sentence; nothing both state.
    gamma = frame[(frame[S.OUTLET] == "Gamma Herald") & (frame[S.KIND] == FACT)]
    assert [key(story_key("Alpha Times", HERDERS))] in [list(e) for e in gamma[S.EVIDENCE]]
    assert set(frame[S.N_OUTLETS]) == {1}
    assert len(frame) == 3 and set(frame[S.KIND]) == {FACT}
    shared = {"Addis Ababa", "$3.5 billion", "belongs to both", "Nairobi next month"}
    assert not any(word in item for item in frame[S.ITEM] for word in shared)


def test_one_outlet_or_none_gives_an_empty_table_with_the_columns():
    sentences, articles = story()
    for outlets in (OUTLETS[:1], ()):
        kept = articles[articles[S.OUTLET].isin(outlets)]
        frame = left_out(sentences[sentences[S.ARTICLE_ID].isin(kept[S.ARTICLE_ID])], kept)
        assert frame.empty and list(frame.columns) == S.OMISSION_COLUMNS


def test_same_result_whatever_the_row_order():
    sentences, articles = story(Gamma_Herald=gamma_without_herders())
    reference = left_out(sentences, articles)
    shuffled = left_out(sentences.sample(frac=1, random_state=4), articles.iloc[::-1].reset_index(drop=True))
    pd.testing.assert_frame_equal(shuffled, reference)


# --- the seeds --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_omissions(seed_output_tables) -> pd.DataFrame:
    return seed_output_tables[S.OMISSIONS_FILE]


def test_seed_fact_omissions_point_at_sentences_of_the_fact_in_the_reporting_outlets(seed_output_tables):
    omitted = seed_output_tables[S.OMISSIONS_FILE]
    facts, members = seed_output_tables[S.FACTS_FILE], seed_output_tables[S.FACT_MEMBERS_FILE]
    rows = omitted[omitted[S.KIND] == FACT]
    assert not rows.empty
    member_keys = {
        f"{a}:{s}": (fid, o) for fid, a, s, o in members[[S.FACT_ID, S.ARTICLE_ID, S.SENTENCE_ID, S.OUTLET]].values
    }
    for row in rows.itertuples(index=False):
        fact_ids = {member_keys[k][0] for k in row.evidence}
        assert len(fact_ids) == 1  # all evidence from one fact group
        (fact_id,) = fact_ids
        assert row.item == facts.loc[facts[S.FACT_ID] == fact_id, S.TEXT].iloc[0]
        assert sorted({member_keys[k][1] for k in row.evidence}) == list(row.outlets)
        assert row.outlet not in row.outlets and row.n_outlets == len(row.outlets) >= 2
        assert 0 < row.strength <= 1


def test_seed_rows_are_sorted_by_outlet_then_strength(seed_omissions):
    keys = list(zip(seed_omissions[S.OUTLET], -seed_omissions[S.STRENGTH]))
    assert keys == sorted(keys)


def test_seed_six_properties_fact_is_missing_from_the_outlets_that_omit_it(seed_output_tables):
    sentences = seed_output_tables[S.SENTENCES_FILE]
    omitted = seed_output_tables[S.OMISSIONS_FILE]

    def sentence(article: str, fragment: str) -> str:
        rows = sentences[(sentences[S.ARTICLE_ID] == article) & sentences[S.TEXT].str.contains(fragment)]
        return f"{article}:{int(rows[S.SENTENCE_ID].iloc[0])}"

    evidence = {sentence(HURRIYET, "six real estate properties"), sentence(LOCAL_GLOB, "six facilities")}
    rows = omitted[(omitted[S.KIND] == FACT) & omitted[S.EVIDENCE].map(lambda e: set(e) == evidence)]
    assert sorted(rows[S.OUTLET]) == ["Caliber.Az", "The Zimbabwe Mail", "Ukrainska Pravda"]
    assert all(list(o) == ["Hürriyet Daily News", "Local Glob"] for o in rows[S.OUTLETS])


def test_an_outlet_that_never_covered_a_story_omits_none_of_its_facts():
    # Two stories in one folder, three outlets each: neither trio is held to the other's facts.
    harbour = [
        "The city council approved a new budget of 40 million for the old harbour on Tuesday.",
        "Mayor Lena Brandt said the ferry terminal would open again before the summer season.",
        "Dock workers had protested for weeks against the closure of the northern pier.",
    ]
    flood = [
        "Heavy rain flooded the river valley near Osterby overnight and closed the main railway line.",
        "Emergency services evacuated 300 residents from the lowest streets of the town.",
        "The weather office warned that the water level would keep rising until Friday morning.",
    ]
    sentences, articles = tables(
        ("Alpha", harbour),
        ("Beta", [s.replace("said", "told reporters") for s in harbour]),
        ("Gamma", harbour[:2]),
        ("Delta", flood),
        ("Epsilon", [s.replace("warned", "said") for s in flood]),
        ("Zeta", flood),
    )
    frame = left_out(sentences, articles)
    facts = frame[frame[S.KIND] == FACT]
    # Gamma, which tells the harbour story, omits its third fact; no flood outlet omits a harbour fact.
    assert facts[[S.OUTLET, S.N_OUTLETS]].values.tolist() == [["Gamma", 2]]
    assert "Dock workers" in facts[S.ITEM].iloc[0]


def _as_second_event(frame: pd.DataFrame, fact_offset: int = 0) -> pd.DataFrame:
    """The same rows as another event's: article ids suffixed, fact ids moved past the first event's."""
    out = frame.assign(**{S.ARTICLE_ID: frame[S.ARTICLE_ID] + "_b"})
    if S.EVENT_ID in out.columns:
        out = out.assign(**{S.EVENT_ID: 1})
    if S.FACT_ID in out.columns:
        out = out.assign(**{S.FACT_ID: out[S.FACT_ID] + fact_offset})
    return out


def test_each_event_is_compared_on_its_own(seed_output_tables):
    # The seeds twice, as two events of one folder: each event's omissions are exactly the seeds',
    # and no row holds an outlet to what it reported in the other event. Pooled, every topic and name
    # would count twice its reporters and list the sentences of both events.
    from dashboard.corpus.align import alignment_from_tables

    t = seed_output_tables
    articles, sentences = t[S.ARTICLES_FILE].assign(**{S.EVENT_ID: 0}), t[S.SENTENCES_FILE]
    groups, members = t[S.FACTS_FILE], t[S.FACT_MEMBERS_FILE]
    offset = int(groups[S.FACT_ID].max()) + 1

    def run(arts, sents, grps, mems, quotes, ents):
        alignment = alignment_from_tables(grps, mems, sents, arts, stopwords=STOPWORDS)
        return omissions(
            arts,
            sentences=sents,
            alignment=alignment,
            stopwords=STOPWORDS,
            quotes=quotes,
            entities=ents,
            speech_verbs=load_speech_vocabulary().speech_verbs,
        )

    one = run(articles, sentences, groups, members, t[S.QUOTES_FILE], t[S.ENTITIES_FILE])
    assert not one.empty
    both = run(
        pd.concat([articles, _as_second_event(articles)], ignore_index=True),
        pd.concat([sentences, _as_second_event(sentences)], ignore_index=True),
        pd.concat([groups, _as_second_event(groups, offset)], ignore_index=True),
        pd.concat([members, _as_second_event(members, offset)], ignore_index=True),
        pd.concat([t[S.QUOTES_FILE], _as_second_event(t[S.QUOTES_FILE])], ignore_index=True),
        pd.concat([t[S.ENTITIES_FILE], _as_second_event(t[S.ENTITIES_FILE])], ignore_index=True),
    )
    renamed = one.assign(**{S.EVIDENCE: one[S.EVIDENCE].map(lambda keys: [k.replace(":", "_b:") for k in keys])})
    assert len(both) == 2 * len(one)
    expected = pd.concat([one, renamed], ignore_index=True)
    key_columns = [S.OUTLET, S.KIND, S.ITEM, S.N_OUTLETS, S.STRENGTH]
    pd.testing.assert_frame_equal(
        both[key_columns].sort_values(key_columns).reset_index(drop=True),
        expected[key_columns].sort_values(key_columns).reset_index(drop=True),
    )
    for evidence in both[S.EVIDENCE]:
        assert len({k.split(":")[0].endswith("_b") for k in evidence}) == 1, evidence


# --- the fast paths equal the plain definitions -------------------------------------------------


def test_fold_equals_the_plain_definition_on_generated_texts() -> None:
    import random
    import unicodedata

    from dashboard.corpus import omissions as O

    def plain(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
        return "".join(c for c in decomposed if not unicodedata.combining(c))

    pieces = ["Café", "naïve", "Élysée", "İstanbul", "STRASSE", "Straße", "don’t", "ﬁ", "Ǆ", "a\u0301", "—", "x", " "]
    rng = random.Random(11)
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert O._fold(text) == plain(text), text


def test_voiced_words_hold_a_speaker_exactly_when_speaks_does() -> None:
    import random

    from dashboard.corpus import omissions as O

    rng = random.Random(13)
    vocabulary = ["said", "told", "lavrov", "rubio", "talks", "embassy", "the", "putin", "noted"]
    verbs = frozenset({"said", "told", "noted"})
    for _ in range(500):
        sentences = [set(rng.sample(vocabulary, rng.randint(0, 5))) for _ in range(rng.randint(0, 6))]
        voiced = O._voiced_words(sentences, verbs)
        for speaker in ("Sergei Lavrov", "Marco Rubio", "Putin", "the embassy", ""):
            words = O._WORD.findall(O._fold(speaker))
            assert O._speaks(speaker, sentences, verbs) == (bool(words) and words[-1] in voiced)
