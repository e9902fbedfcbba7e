from __future__ import annotations

import pytest

from dashboard.ui import state as V
from dashboard.ui.state import ViewState, parse_query, to_query

OUTLETS = ["Caliber.Az", "Hürriyet Daily News", "Local Glob"]
TOPICS = ["funding", "property", "air_links", "staffing"]
COUNTS = {"a1": 10, "a2": 3}


def parse(params):
    return parse_query(params, outlets=OUTLETS, topics=TOPICS, sentence_counts=COUNTS)


@pytest.mark.parametrize(
    "state",
    [
        ViewState(),
        ViewState(
            view=V.COMPARE,
            outlets=("Local Glob", "Caliber.Az"),
            compare=("Local Glob", "Caliber.Az"),
            topic="air_links",
        ),
        ViewState(view=V.ARTICLE, topics=("funding",), article="a1", sentence=9),
        ViewState(view=V.TOPIC, topic="property", outlets=("Hürriyet Daily News",)),
        ViewState(view=V.OMISSIONS, focus="Caliber.Az"),
    ],
)
def test_state_round_trips_through_the_address(state):
    assert parse(to_query(state)) == (state, [])


def test_defaults_are_left_out_of_the_address():
    assert to_query(ViewState()) == {}
    assert to_query(ViewState(view=V.ARTICLE, article="a1")) == {"view": ["article"], "article": ["a1"]}


@pytest.mark.parametrize(
    ("params", "expected_state", "notices"),
    [
        ({"view": "nope"}, ViewState(), ["Ignored view 'nope' from the link: not in this data."]),
        (
            {"view": "__import__('os').system('x')"},
            ViewState(),
            ["Ignored view '__import__('os').system('x')' from the link: not in this data."],
        ),
        (
            {"outlet": ["Local Glob", "Fox"]},
            ViewState(outlets=("Local Glob",)),
            ["Ignored outlet 'Fox' from the link: not in this data."],
        ),
        ({"topic_filter": ["funding", "funding"]}, ViewState(topics=("funding",)), []),
        ({"utm_source": "x"}, ViewState(), ["Ignored unknown link parameter 'utm_source'."]),
        ({"view": ["topic", "article"]}, ViewState(view=V.TOPIC), ["Link gives 2 values for 'view'; used the first."]),
        (
            {"article": "a2", "sentence": "7"},
            ViewState(article="a2"),
            ["Ignored sentence '7' from the link: article 'a2' has sentences 0 to 2."],
        ),
        (
            {"article": "a2", "sentence": "-1"},
            ViewState(article="a2"),
            ["Ignored sentence '-1' from the link: article 'a2' has sentences 0 to 2."],
        ),
        (
            {"article": "a2", "sentence": "1e3"},
            ViewState(article="a2"),
            ["Ignored sentence '1e3' from the link: article 'a2' has sentences 0 to 2."],
        ),
        ({"sentence": "2"}, ViewState(), ["Ignored 'sentence' from the link: it needs a valid 'article'."]),
        ({"article": "x" * 500}, ViewState(), [f"Ignored article '{'x' * 37}...' from the link: not in this data."]),
        ({"topic": ""}, ViewState(), ["Ignored topic '' from the link: not in this data."]),
        (
            {"view": "framing", "focus": "Nobody"},
            ViewState(view=V.FRAMING),
            ["Ignored outlet 'Nobody' from the link: not in this data."],
        ),
    ],
)
def test_malformed_values_are_ignored_with_a_notice(params, expected_state, notices):
    assert parse(params) == (expected_state, notices)
