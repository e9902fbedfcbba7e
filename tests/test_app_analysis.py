"""The cross-outlet views through AppTest, on the seeds."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from .conftest import APP, select_points, select_rows
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


def test_framing_view_says_when_nothing_passes_significance(app):
    at = app(view="framing", focus="The Zimbabwe Mail")
    assert not at.exception
    assert "framing_term" not in [box.key for box in at.selectbox]
    notice = " ".join(i.value for i in at.info)
    assert "No word or phrase sets The Zimbabwe Mail apart beyond chance" in notice
    assert "Benjamini–Hochberg" in notice


def test_framing_view_term_lists_its_sentences(app, monkeypatch, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    body = {
        "alpha": "The regime deployed troops near the northern border again, officials said.",
        "beta": "The government deployed troops near the northern border again, officials said.",
        "gamma": "The government deployed troops near the northern border again, officials said.",
    }
    for name, sentence in body.items():
        lines = [f"Troops move to the border, {name} report", ""]
        lines += [sentence.replace("again", f"again on day {k}") for k in range(12)]
        (src / f"{name}.txt").write_text("\n\n".join(lines), encoding="utf-8")
    (src / "sources.csv").write_text(
        "file,outlet,country,url,published\nalpha.txt,Alpha,,,\nbeta.txt,Beta,,,\ngamma.txt,Gamma,,,\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("NEWSLENS_INPUT", str(src))
    monkeypatch.setenv("NEWSLENS_OUTPUT", str(tmp_path / "out"))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["view"] = "framing"
    at.query_params["focus"] = "Alpha"
    at.run()
    assert not at.exception
    terms = at.selectbox(key="framing_term")
    assert "regime" in terms.options
    terms.set_value("regime").run()
    assert not at.exception
    assert "“regime” in Alpha: 12 sentence(s)" in markdown_text(at)


def test_analysis_views_respect_the_outlet_filter(app):
    at = app(view="passages", outlet=["Hürriyet Daily News", "Ukrainska Pravda"])
    assert not at.exception
    groups = at.dataframe[0].value
    assert all(set(o) <= {"Hürriyet Daily News", "Ukrainska Pravda"} for o in groups["outlets"])
    assert len(groups) >= 1


def _row_of(table, kind: str, item_start: str) -> int:
    return next(
        i for i, (k, item) in enumerate(zip(table["kind"], table["item"])) if k == kind and item.startswith(item_start)
    )


def test_omitted_fact_leads_to_the_other_outlets_sentences(app):
    at = app(view="omissions", focus="Caliber.Az")
    table = at.dataframe[0].value
    assert set(table["kind"]) <= {"fact", "speaker", "entity", "topic"} and "fact" in set(table["kind"])
    select_rows(at, "omissions_table", [_row_of(table, "fact", "Coulter and Darchiyev agreed")])
    at.run()
    assert not at.exception
    assert "**fact: Coulter and Darchiyev agreed to hold another meeting" in markdown_text(at)
    assert any(
        c.value.startswith("strength 0.58 · reported by 3 other outlet(s): Hürriyet Daily News, Local Glob")
        for c in at.caption
    )
    text = html_text(at)
    # Every reporting outlet's version, from the row's evidence keys; none of Caliber.Az's own.
    assert "a follow-up meeting in the near future" in text  # Hürriyet Daily News
    assert "another meeting on these matters soon" in text  # Ukrainska Pravda
    assert "continue dialogue via this channel" in text  # Local Glob
    assert "Caliber.Az ·" not in text


def test_omissions_view_shows_strengths_strongest_first_and_marks_weak_rows(app):
    at = app(view="omissions", focus="Caliber.Az")
    frame = at.dataframe[0]
    table = frame.value
    strengths = list(table["strength"])
    assert strengths == sorted(strengths, reverse=True) and strengths[0] == 0.75
    assert all(0.0 <= s <= 1.0 for s in strengths)
    assert list(table["note"]) == ["weak" if s < 0.5 else "" for s in strengths]
    assert 0 < list(table["note"]).count("weak") < len(table)
    assert all(n >= 1 for n in table["n_evidence"])
    config = json.loads(frame.proto.columns)
    assert config["strength"]["label"] == "Strength"
    assert config["strength"]["type_config"] == {
        "type": "progress",
        "format": "%.2f",
        "min_value": 0.0,
        "max_value": 1.0,
    }
    assert "share of the other outlets that report it" in config["strength"]["help"]
    assert "Below 0.5 the row is marked weak" in config["strength"]["help"]
    assert f"strongest first; {list(table['note']).count('weak')} weak (strength below 0.5)" in at.caption[0].value
    # A weak row says so where its sentences are listed.
    select_rows(at, "omissions_table", [_row_of(table, "fact", "Embassy staff cuts began")])
    at.run()
    assert not at.exception
    assert any(c.value.startswith("strength 0.30 — weak · reported by 2 other outlet(s)") for c in at.caption)
    text = html_text(at)
    assert "Embassy staff cuts began in both countries" in text  # The Zimbabwe Mail
    assert "The reduction in embassy staff in both countries" in text  # Local Glob


def test_entities_view_shows_the_discrepancy_with_its_strength(app):
    at = app(view="entities")
    assert not at.exception
    text = markdown_text(at)
    assert "**Alexander Darchiev** — department: 2 different values" in text
    assert "“North American Department” — Hürriyet Daily News" in text
    assert "“North Atlantic Department” — Local Glob, Ukrainska Pravda" in text
    captions = [c.value for c in at.caption]
    # 0.71 >= 0.6: not weak; the claims are members of one fact group, which the caption names
    assert any(re.fullmatch(r"match between the sentences: 0\.71 · fact #\d+", c) for c in captions)
    sentences = html_text(at)
    assert "director of the Russian Foreign Ministry’s North American Department" in sentences
    assert "Director of the North Atlantic Department of the Russian Ministry" in sentences


def test_entities_view_marks_a_weak_discrepancy(app, monkeypatch):
    from dashboard.ui.pages import entities

    monkeypatch.setattr(entities, "WEAK_MATCH", 0.8)  # the seed discrepancy (0.71) is weak under this cut-off
    at = app(view="entities")
    assert not at.exception
    assert any(
        c.value.startswith("match between the sentences: 0.71 · weak: these sentences may state different facts")
        for c in at.caption
    )


def test_passages_view_lists_the_facts_several_outlets_report(app):
    at = app(view="passages")
    assert not at.exception
    assert "Facts several outlets report" in [h.value for h in at.subheader]
    passages = at.dataframe[0].value
    assert set(passages["kind"]) <= {"verbatim", "near-verbatim"}
    facts_frame = next(d for d in at.dataframe if d.key == "passages_facts")
    facts = facts_frame.value
    order = list(zip(facts["n_outlets"], facts["similarity"]))
    assert order == sorted(order, key=lambda o: (-o[0], -o[1])) and order[0][0] == 3
    assert json.loads(facts_frame.proto.columns)["similarity"]["type_config"]["type"] == "progress"
    # The strongest fact is listed without a selection: the delegations' heads, in three outlets.
    assert f"Fact #{facts['fact_id'].iloc[0]}: 3 outlets, 3 sentence(s)" in markdown_text(at)
    assert "North American Department" in html_text(at) and "North Atlantic Department" in html_text(at)
    row = next(i for i, t in enumerate(facts["text"]) if t.startswith("Embassy staff cuts began"))
    select_rows(at, "passages_facts", [row])
    at.run()
    assert not at.exception
    assert f"Fact #{facts['fact_id'].iloc[row]}: 2 outlets, 2 sentence(s)" in markdown_text(at)
    text = html_text(at)
    assert "Embassy staff cuts began in both countries" in text  # The Zimbabwe Mail
    assert "The reduction in embassy staff in both countries" in text  # Local Glob


def test_analysis_views_respect_the_topic_filter(app):
    at = app(view="passages", topic_filter="air_links")
    assert not at.exception
    texts = list(at.dataframe[0].value["text"])
    assert texts and all("air" in t.lower() or "flight" in t.lower() for t in texts)
    at = app(view="entities", topic_filter="air_links")
    assert not at.exception
    assert "North Atlantic Department" not in markdown_text(at)  # the department claims carry no air-links term
