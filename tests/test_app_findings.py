"""The Findings view (the first screen) and the Sources & relays view, through AppTest."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import APP, HURRIYET, PRAVDA, select_rows
from tests.test_findings import PLANTED, write_event


def _texts(at: AppTest) -> list[str]:
    """The markdown of the page itself, not of the sidebar."""
    return [m.value for m in at.main.markdown]


def _headlines(at: AppTest) -> str:
    """The list of the strongest finding per section at the top of the page."""
    return next(t for t in _texts(at) if t.startswith("- **"))


def _finding(at: AppTest, *words: str) -> str:
    """The one finding (below the headlines) that holds ``words``."""
    hits = [t for t in _texts(at) if all(w in t for w in words) and not t.startswith("- **")]
    assert len(hits) == 1, (words, _texts(at))
    return hits[0]


def _plain(markdown: str) -> str:
    """Markdown as read: the escapes of article text undone."""
    return markdown.replace("\\", "")


def test_opens_on_findings(app):
    at = app()
    assert not at.exception
    assert at.title[0].value == "What stands out in this coverage"
    assert at.radio(key="nav_view").value == "findings"
    assert _plain(at.markdown[0].value).startswith("5 articles from 5 outlets")


def test_seed_findings_state_the_three_points_of_the_reference_case(app):
    at = app()
    department = _plain(_finding(at, "disagree", "Darchiev"))
    assert "North American Department" in department and "North Atlantic Department" in department
    reuse = _plain(_finding(at, "carry the same text"))
    assert "Hürriyet Daily News and Ukrainska Pravda" in reuse and "US State Department" in reuse
    relay = _plain(_finding(at, "credits its text to"))
    assert relay.startswith("Ukrainska Pravda credits its text to US State Department and European Pravda")
    for text in (department, reuse, relay):
        assert "**strong**" in text or "**moderate**" in text or "**weak**" in text
    assert any("No outlet" in t and "tone differs" in t for t in map(_plain, _texts(at)))
    # The first screen's list carries the strongest of each: the same three claims, linked to their sections.
    headlines = _plain(_headlines(at))
    for claim, anchor in ((department, "#discrepancy"), (reuse, "#shared-text"), (relay, "#sources-credited")):
        assert claim.split(" **")[0] in headlines
        assert f"(evidence]({anchor})" in headlines or f"[evidence]({anchor})" in headlines


def test_a_finding_links_to_its_view(app):
    at = app()
    labels = [b.label for b in at.button]
    index = labels.index("See in Entities & discrepancies")
    at.button[index].click().run()
    assert not at.exception
    assert at.radio(key="nav_view").value == "entities"
    assert at.query_params["view"] == "entities"


def test_a_finding_opens_its_sentence_in_the_article(app):
    at = app()
    # The first finding is the shared text; opened, its box lists its sentences with Open buttons.
    at.session_state["finding_reuse_0_evidence"] = True
    at.run()
    opens = [b for b in at.button if b.key and b.key.startswith("finding_reuse_0_open_")]
    assert opens
    article_id, sentence_id = opens[0].key.removeprefix("finding_reuse_0_open_").rsplit("_", 1)
    assert article_id in (HURRIYET, PRAVDA)
    opens[0].click().run()
    assert at.radio(key="nav_view").value == "article"
    assert at.query_params["article"] == article_id and at.query_params["sentence"] == sentence_id


def test_findings_follow_the_outlet_filter(app):
    at = app(outlet=["Local Glob", "The Zimbabwe Mail"])
    assert not at.exception
    texts = [_plain(t) for t in _texts(at)]
    assert not any("carry the same text" in t for t in texts)
    assert not any("Ukrainska Pravda" in t for t in texts)
    assert texts[0].startswith("2 articles from 2 outlets")


@pytest.fixture(scope="module")
def planted_app(tmp_path_factory):
    folder = write_event(tmp_path_factory.mktemp("planted-in"), PLANTED)
    out = tmp_path_factory.mktemp("planted-out")

    def make() -> AppTest:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("NEWSLENS_INPUT", str(folder))
            patch.setenv("NEWSLENS_OUTPUT", str(out))
            return AppTest.from_file(APP, default_timeout=120).run()

    return make


def test_three_outlet_event_states_the_planted_discrepancy_and_omission_and_no_tone(planted_app):
    at = planted_app()
    assert not at.exception
    cost = _plain(_finding(at, "disagree"))
    assert "40 billion dollars" in cost and "45 billion dollars" in cost and "Coastal Times" in cost
    omitted = _plain(_finding(at, "Valley Courier does not report"))
    assert "The committee will vote on the measure next Tuesday" in omitted
    texts = [_plain(t) for t in _texts(at)]
    assert not any("tone is more positive" in t for t in texts)


def test_sources_view_ranks_the_relaying_outlet_first_and_shows_its_sentences(app):
    at = app(view="sources")
    assert not at.exception
    outlets = at.dataframe[0].value
    assert outlets.iloc[0]["outlet"] == "Ukrainska Pravda"
    assert outlets.iloc[0]["credited_to"] == "US State Department, European Pravda"
    assert outlets.iloc[0]["rests_on"] == 1.0
    assert "—" in set(outlets["credited_to"])  # outlets with no credit line say so
    detail = at.dataframe[1].value
    row = next(i for i, s in enumerate(detail["source"]) if s == "Russian media")
    select_rows(at, "sources_table", [row])
    at.run()
    assert not at.exception
    assert any("Russian media" in _plain(m.value) for m in at.markdown)
    assert [b for b in at.button if b.key and b.key.startswith("sources_evidence_open_")]


def test_sources_view_with_no_credited_source(tmp_path: Path, monkeypatch):
    folder = write_event(
        tmp_path / "plain",
        {
            "x.txt": ("Paper X", "2024-01-01", "The orchestra played a new symphony. The hall was full."),
            "y.txt": ("Paper Y", "2024-01-01", "The orchestra played a symphony. The hall was full tonight."),
        },
    )
    monkeypatch.setenv("NEWSLENS_INPUT", str(folder))
    monkeypatch.setenv("NEWSLENS_OUTPUT", str(tmp_path / "out"))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["view"] = "sources"
    at.run()
    assert not at.exception
    assert any("credits a source" in i.value for i in at.info)
