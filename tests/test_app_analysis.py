"""The cross-outlet views through AppTest, on the seeds."""

from __future__ import annotations

import pytest

from .conftest import select_points, select_rows
from .test_app import html_text, markdown_text


@pytest.mark.parametrize(
    ("view", "title"),
    [
        ("passages", "Shared passages: who carries whose text"),
        ("quotes", "Quotes and speakers: who each outlet lets speak"),
        ("entities", "Entities, their spellings, and where outlets disagree"),
        ("omissions", "Omissions: what the others report and this outlet leaves out"),
        ("framing", "Framing: the words that set an outlet apart"),
    ],
)
def test_every_analysis_view_renders(app, view, title):
    at = app(view=view)
    assert not at.exception
    assert at.title[0].value == title


def test_passages_view_lists_the_shared_statement_and_the_pair(app):
    at = app(view="passages")
    groups = at.dataframe[0].value
    assert any({"Hürriyet Daily News", "Ukrainska Pravda"} <= set(o) for o in groups["outlets"])
    select_points(at, "passages_reuse", [["Ukrainska Pravda", "Hürriyet Daily News"]])
    at.run()
    assert not at.exception
    assert any("shared by Ukrainska Pravda and Hürriyet Daily News" in m for m in markdown_text(at).splitlines())
    assert "access to banking and contracted services" in html_text(at)


def test_quotes_view_groups_lavrovs_two_translations(app):
    at = app(view="quotes")
    speaker = at.selectbox(key="quotes_speaker")
    lavrov = next(o for o in speaker.options if "Lavrov" in o)
    speaker.set_value(lavrov).run()
    assert not at.exception
    text = markdown_text(at)
    assert "the same statement in Hürriyet Daily News, The Zimbabwe Mail" in text
    shown = html_text(at)
    assert "piled up" in shown and "accumulated" in shown


def test_entities_view_shows_the_department_discrepancy(app):
    at = app(view="entities")
    text = markdown_text(at)
    assert "North Atlantic Department" in text and "North American Department" in text
    variants = at.dataframe[0].value
    darchiev = variants[variants["variants"].map(lambda v: "Darchiyev" in list(v))]
    assert len(darchiev) == 1 and "Darchiev" in list(darchiev["variants"].iloc[0])


def test_omissions_view_for_an_outlet_in_the_link(app):
    at = app(view="omissions", focus="Caliber.Az")
    assert not at.exception
    assert at.selectbox(key="focus_outlet").value == "Caliber.Az"
    table = at.dataframe[0].value
    assert ("topic", "Diplomatic property") in set(zip(table["kind"], table["item"]))
    assert at.query_params == {"view": "omissions", "focus": "Caliber.Az"}


def test_framing_view_term_lists_its_sentences(app):
    at = app(view="framing", focus="The Zimbabwe Mail")
    terms = at.selectbox(key="framing_term")
    assert "lavrov" in terms.options
    terms.set_value("lavrov").run()
    assert not at.exception
    assert "“lavrov” in The Zimbabwe Mail:" in markdown_text(at)
    assert "Lavrov" in html_text(at)


def test_analysis_views_respect_the_outlet_filter(app):
    at = app(view="passages", outlet=["Hürriyet Daily News", "Ukrainska Pravda"])
    assert not at.exception
    groups = at.dataframe[0].value
    assert all(set(o) <= {"Hürriyet Daily News", "Ukrainska Pravda"} for o in groups["outlets"])
    assert len(groups) >= 1


def test_omitted_fact_leads_to_the_other_outlets_sentences(app):
    at = app(view="omissions", focus="Ukrainska Pravda")
    table = at.dataframe[0].value
    row = next(
        i
        for i, (k, item) in enumerate(zip(table["kind"], table["item"]))
        if (k, item) == ("numeric fact", "6 properties")
    )
    select_rows(at, "omissions_table", [row])
    at.run()
    assert not at.exception
    assert "**numeric fact: 6 properties** — as the others report it" in markdown_text(at)
    text = html_text(at)
    assert "six facilities" in text and "six real estate properties" in text


def test_analysis_views_respect_the_topic_filter(app):
    at = app(view="passages", topic_filter="air_links")
    assert not at.exception
    texts = list(at.dataframe[0].value["text"])
    assert texts and all("air" in t.lower() or "flight" in t.lower() for t in texts)
    at = app(view="entities", topic_filter="air_links")
    assert not at.exception
    assert "North Atlantic Department" not in markdown_text(at)  # the department claims carry no air-links term
