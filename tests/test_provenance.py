"""Provenance: the sources an article's text credits, on the seeds and on sentences written here."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import schema as S
from dashboard.corpus.provenance import (
    ARTICLE_SCOPE,
    INSTITUTION,
    MEDIA,
    OUTLET,
    SENTENCE_SCOPE,
    UNNAMED,
    parse_vocabulary,
    provenance,
    provenance_summary,
)
from dashboard.errors import VocabularyError
from dashboard.vocabularies import PROVENANCE_FILE, load_provenance_vocabulary, load_speech_vocabulary
from tests.conftest import CALIBER, HURRIYET, LOCAL_GLOB, PRAVDA


def _credits(texts: list[str], *, outlet: str = "The Daily Example", people=(), places=()) -> pd.DataFrame:
    """Provenance rows of one article made of ``texts``, with the people and places an
    entity table would list."""
    sentences = pd.DataFrame({S.ARTICLE_ID: "a", S.SENTENCE_ID: range(len(texts)), S.TEXT: texts})
    articles = pd.DataFrame({S.ARTICLE_ID: ["a"], S.OUTLET: [outlet], S.N_SENTENCES: [len(texts)]})
    entities = pd.DataFrame(
        {S.ENTITY: [*people, *places], S.ENTITY_TYPE: ["person"] * len(people) + ["place"] * len(places)}
    )
    return provenance(
        sentences, articles, entities, vocabulary=load_provenance_vocabulary(), speech=load_speech_vocabulary()
    )


def _found(table: pd.DataFrame) -> set[tuple[str, str, str]]:
    return set(zip(table[S.SOURCE], table[S.SOURCE_KIND], table[S.SCOPE]))


# --- the seeds ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_sources(seed_output_tables) -> pd.DataFrame:
    return seed_output_tables[S.PROVENANCE_FILE]


def test_seed_credit_line_credits_the_state_department_and_european_pravda_for_the_whole_article(seed_sources):
    pravda = seed_sources[seed_sources[S.ARTICLE_ID] == PRAVDA]
    credited = pravda[pravda[S.SCOPE] == ARTICLE_SCOPE]
    assert set(zip(credited[S.SOURCE], credited[S.SOURCE_KIND])) == {
        ("US State Department", INSTITUTION),
        ("European Pravda", MEDIA),
    }


def test_seed_per_russian_media_and_according_to_russian_news_agencies(seed_sources):
    caliber = seed_sources[seed_sources[S.ARTICLE_ID] == CALIBER]
    assert ("Russian media", MEDIA, SENTENCE_SCOPE) in _found(caliber)
    hurriyet = seed_sources[seed_sources[S.ARTICLE_ID] == HURRIYET]
    assert {("US State Department", INSTITUTION), ("Russian news agencies", MEDIA)} <= set(
        zip(hurriyet[S.SOURCE], hurriyet[S.SOURCE_KIND])
    )


def test_seed_an_outlet_naming_itself_is_no_source(seed_sources):
    # "…, Caliber.Az reports per Russian media": the outlet is the reporter, not a source.
    assert "Caliber.Az" not in set(seed_sources[seed_sources[S.ARTICLE_ID] == CALIBER][S.SOURCE])


def test_seed_the_state_department_is_one_name_however_it_is_written(seed_sources):
    # "the State Department", "U.S. State Department", "US Department of State"
    names = set(seed_sources[S.SOURCE])
    assert "US State Department" in names
    assert not names & {"State Department", "U.S. State Department", "US Department of State"}


def test_seed_people_quoted_are_not_sources(seed_sources):
    # "According to Ushakov", "According to him" (The Zimbabwe Mail) are quotes of people.
    assert not set(seed_sources[S.SOURCE]) & {"Ushakov", "Yury Ushakov", "him", "Sergey Lavrov"}


def test_seed_summary_share_is_one_for_a_credited_article_and_a_fraction_otherwise(seed_output_tables):
    summary = provenance_summary(seed_output_tables[S.PROVENANCE_FILE], seed_output_tables[S.ARTICLES_FILE])
    pravda = summary[summary[S.ARTICLE_ID] == PRAVDA]
    assert pravda[S.CREDITED].all() and (pravda[S.SHARE] == 1.0).all()
    glob = summary[(summary[S.ARTICLE_ID] == LOCAL_GLOB) & (summary[S.SOURCE] == "Russian Foreign Ministry")].iloc[0]
    n_sentences = int(seed_output_tables[S.ARTICLES_FILE].set_index(S.ARTICLE_ID).loc[LOCAL_GLOB, S.N_SENTENCES])
    assert not glob[S.CREDITED]
    assert glob[S.SHARE] == pytest.approx(glob[S.N_SENTENCES] / n_sentences)
    assert len(glob[S.EVIDENCE]) == glob[S.N_SENTENCES]


# --- sentences written here ----------------------------------------------------------------


def test_dateline_agency_credit_covers_the_article():
    table = _credits(["MOSCOW (Reuters) - Talks resumed on Monday.", "The delegations met for six hours."])
    assert _found(table) == {("Reuters", MEDIA, ARTICLE_SCOPE)}


def test_credit_line_and_every_source_it_names_cover_the_article():
    table = _credits(["The ministers met.", "Source: the Interior Ministry, as reported by the Kyiv Post"])
    assert {("Interior Ministry", INSTITUTION, ARTICLE_SCOPE), ("The Kyiv Post", MEDIA, ARTICLE_SCOPE)} <= _found(table)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The bridge was closed, according to diplomatic sources.", ("Diplomatic sources", UNNAMED)),
        ("Prices rose sharply, citing the Ministry of Finance.", ("Finance Ministry", INSTITUTION)),
        ("The strike hit a depot, per AP.", ("AP", MEDIA)),
        ("The vote was delayed, as reported by The Washington Post.", ("The Washington Post", MEDIA)),
        ("The Defence Ministry said in a statement that drills had ended.", ("Defence Ministry", INSTITUTION)),
        ("TASS reported that the convoy had arrived.", ("TASS", MEDIA)),
        ("A senior official said the plan was final.", ("A senior official", UNNAMED)),
    ],
)
def test_one_cue_one_source(sentence, expected):
    table = _credits([sentence])
    assert {(s, k) for s, k, _ in _found(table)} == {expected}
    assert set(table[S.SCOPE]) == {SENTENCE_SCOPE}


@pytest.mark.parametrize(
    "sentence",
    [
        "Inflation reached 12 per cent in May.",  # "per" before a lower-case word
        "Oil sold at 80 dollars per barrel.",
        "According to Smith, the talks were useful.",  # a person (the entity table says so)
        "According to him, the meeting went well.",
        "According to Paris, the deal is off.",  # a place
        "The top diplomat said the talks would go on.",  # someone known, described
        "The minister reported that the road was open.",  # a person by title
    ],
)
def test_no_source(sentence):
    assert _credits([sentence], people=["Smith"], places=["Paris"]).empty


def test_two_sources_joined_by_and_are_both_credited():
    table = _credits(["The border opened, according to Reuters and AFP."])
    assert {s for s, _, _ in _found(table)} == {"Reuters", "AFP"}


def test_another_outlet_of_the_corpus_is_typed_as_such():
    sentences = pd.DataFrame(
        {S.ARTICLE_ID: ["a", "b"], S.SENTENCE_ID: [0, 0], S.TEXT: ["Citing Nordic Wire, the mayor resigned.", "x"]}
    )
    articles = pd.DataFrame({S.ARTICLE_ID: ["a", "b"], S.OUTLET: ["Paper A", "Nordic Wire"], S.N_SENTENCES: [1, 1]})
    table = provenance(
        sentences,
        articles,
        pd.DataFrame(columns=[S.ENTITY, S.ENTITY_TYPE]),
        vocabulary=load_provenance_vocabulary(),
        speech=load_speech_vocabulary(),
    )
    assert _found(table) == {("Nordic Wire", OUTLET, SENTENCE_SCOPE)}


def test_a_short_name_folds_into_the_one_longer_name_it_ends():
    table = _credits(
        ["The talks ended, according to the State Department.", "The US State Department said the talks ended."]
    )
    assert set(table[S.SOURCE]) == {"US State Department"}
    assert list(table[S.SENTENCE_ID]) == [0, 1]


def test_phrase_is_cut_at_its_stop_words_and_punctuation():
    table = _credits(["According to the Health Ministry on Friday, 40 people were hurt."])
    assert set(table[S.SOURCE]) == {"Health Ministry"}


def test_long_sentence_stays_linear_in_cues():
    # A sentence of many cues gives one row per source found, each phrase bounded in words.
    names = [
        a + b
        for a in "BCDFGHKLMNPRSTVZ"
        for b in ("ar", "el", "in", "or", "un", "ys", "ax", "om", "ir", "ul", "eb", "ag", "od")
    ]
    text = " ".join(f"According to the Ministry of {n}land Affairs, it rained." for n in names[:200])
    table = _credits([text])
    assert len(table) == 200


def _vocabulary_with(cue: str) -> str:
    text = PROVENANCE_FILE.read_text(encoding="utf-8")
    return text.replace('[[cues]]\nname = "credit line"', cue + '\n\n[[cues]]\nname = "credit line"', 1)


@pytest.mark.parametrize(
    ("cue", "message"),
    [
        (
            '[[cues]]\nname = "broken"\npattern = "(unclosed"\nside = "after"\nscope = "sentence"\nstrength = 1.0',
            "bad pattern",
        ),
        ('[[cues]]\nname = "sideways"\npattern = "x"\nside = "left"\nscope = "sentence"\nstrength = 1.0', "side"),
        ('[[cues]]\nname = "too sure"\npattern = "x"\nside = "after"\nscope = "sentence"\nstrength = 2', "strength"),
    ],
)
def test_bad_cue_is_named(cue, message):
    with pytest.raises(VocabularyError, match=message) as raised:
        parse_vocabulary(_vocabulary_with(cue), source="mine.toml")
    assert "mine.toml" in str(raised.value)


def test_shipped_vocabulary_parses():
    vocabulary = parse_vocabulary(PROVENANCE_FILE.read_text(encoding="utf-8"))
    assert {c.name for c in vocabulary.cues} >= {"credit line", "according to", "citing", "per", "reported by"}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Crime fell, according to a statement released by the Justice Department.", "Justice Department"),
        ("Arrests fell, according to a study by the Center for Immigration Studies.", "Center for Immigration Studies"),
    ],
)
def test_a_document_credits_its_author(sentence, expected):
    assert set(_credits([sentence])[S.SOURCE]) == {expected}


@pytest.mark.parametrize(
    "sentence",
    [
        "The deal was first reported in December by several outlets.",  # a date is when, not who
        "The paper reported that the mayor resigned.",  # an outlet named before: not a new source
        "The merger was reported in 2019.",
    ],
)
def test_dates_and_bare_references_are_no_source(sentence):
    assert _credits([sentence]).empty


def test_a_newspaper_title_is_a_news_organisation():
    table = _credits(["The bill stalled, according to The Hill."])
    assert _found(table) == {("The Hill", MEDIA, SENTENCE_SCOPE)}
