from __future__ import annotations

from functools import partial

import pandas as pd

from dashboard import schema as S
from dashboard.corpus import omissions as O
from dashboard.corpus.omissions import ENTITY, PASSAGE, SPEAKER, TOPIC
from dashboard.vocabularies import load_entity_vocabulary

# With the shipped unit classes, as the pipeline calls it.
omissions = partial(O.omissions, unit_class=load_entity_vocabulary().unit_class)

ARTICLES = pd.DataFrame(
    {
        S.ARTICLE_ID: ["a", "b", "c", "d"],
        S.OUTLET: ["Alpha", "Beta", "Gamma", "Delta"],
        S.TOPICS: [["funding", "property"], ["funding", "property"], ["funding"], []],
    }
)


def test_topics_left_out_are_listed_with_who_reports_them():
    frame = omissions(ARTICLES, topic_labels={"funding": "Funding", "property": "Property"})
    gamma = frame[(frame[S.OUTLET] == "Gamma") & (frame[S.KIND] == TOPIC)]
    assert gamma[[S.ITEM, S.N_OUTLETS]].values.tolist() == [["Property", 2]]
    assert list(gamma[S.OUTLETS].iloc[0]) == ["Alpha", "Beta"]
    delta = frame[(frame[S.OUTLET] == "Delta") & (frame[S.KIND] == TOPIC)]
    assert delta[S.ITEM].tolist() == ["Funding", "Property"]
    assert frame[frame[S.OUTLET] == "Alpha"].empty  # Alpha covers everything two others report


def test_speakers_entities_and_passages():
    quotes = pd.DataFrame({S.OUTLET: ["Alpha", "Beta", "Gamma"], S.SPEAKER: ["Sergey Lavrov"] * 3})
    entities = pd.DataFrame(
        {
            S.OUTLET: ["Alpha", "Beta", "Alpha", "Beta"],
            S.ENTITY: ["Istanbul", "Istanbul", "6", "6"],
            S.ENTITY_TYPE: ["place", "place", "number", "number"],
        }
    )
    groups = pd.DataFrame({S.GROUP_ID: [0], S.OUTLETS: [["Alpha", "Gamma"]], S.TEXT: ["Six properties were seized."]})
    frame = omissions(ARTICLES, quotes=quotes, entities=entities, passage_groups=groups)
    delta = frame[frame[S.OUTLET] == "Delta"]
    assert set(zip(delta[S.KIND], delta[S.ITEM])) >= {
        (SPEAKER, "Sergey Lavrov"),
        (ENTITY, "Istanbul"),
        (PASSAGE, "#0 Six properties were seized."),
    }
    assert (ENTITY, "6") not in set(zip(delta[S.KIND], delta[S.ITEM]))  # numbers are not entities here
    beta = frame[frame[S.OUTLET] == "Beta"]
    assert (PASSAGE, "#0 Six properties were seized.") in set(zip(beta[S.KIND], beta[S.ITEM]))


def test_two_outlets_need_only_the_other_one():
    two = ARTICLES.iloc[:3:2]  # Alpha and Gamma
    frame = omissions(two)
    assert frame[[S.OUTLET, S.ITEM, S.N_OUTLETS]].values.tolist() == [["Gamma", "property", 1]]


def test_numeric_facts_group_units_that_count_the_same_thing():
    from dashboard.corpus.omissions import FACT, fact_key

    classes = {"facilities": "properties", "properties": "properties"}
    assert fact_key("6 facilities", classes) == fact_key("6 properties", classes) == "6 properties"
    assert fact_key("over 6 hours", {}) == "6 hours"
    assert fact_key("2025-02-27", {}) is None
    entities = pd.DataFrame(
        {
            S.OUTLET: ["Alpha", "Beta"],
            S.ENTITY: ["6 facilities", "6 properties"],
            S.ENTITY_TYPE: ["number", "number"],
        }
    )
    frame = omissions(ARTICLES, entities=entities, unit_class=classes)
    facts = frame[frame[S.KIND] == FACT]
    assert facts[[S.OUTLET, S.ITEM, S.N_OUTLETS]].values.tolist() == [
        ["Delta", "6 properties", 2],
        ["Gamma", "6 properties", 2],
    ]


def test_seed_six_properties_fact_is_missing_from_the_outlets_that_omit_it(seed_sentences_articles):
    from dashboard.corpus.omissions import FACT

    from .test_entities import extract_entities

    sentences, articles = seed_sentences_articles
    frame = omissions(articles, entities=extract_entities(sentences, articles))
    missing = frame[(frame[S.KIND] == FACT) & (frame[S.ITEM] == "6 properties")]
    assert sorted(missing[S.OUTLET]) == ["Caliber.Az", "The Zimbabwe Mail", "Ukrainska Pravda"]
    assert all(list(o) == ["Hürriyet Daily News", "Local Glob"] for o in missing[S.OUTLETS])
