"""The codebook editor in the app: apply, a malformed codebook, suggested topics adopted."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.ui.codebook import K_ADOPT, K_OPEN, K_TEXT
from dashboard.ui.widgets import K_TOPICS
from dashboard.vocabularies import DEFAULT_CODEBOOK

from .conftest import APP
from .test_codebook_tables import CUSTOM
from .test_events import _two_event_folder


def _opened(at: AppTest) -> AppTest:
    """The app with its codebook panel opened, as a click on its label does."""
    at.session_state[K_OPEN] = True
    return at.run()


def test_a_closed_panel_computes_no_suggestion(app) -> None:
    at = app()
    assert not at.exception
    # The seeds fit the served codebook, so the panel starts closed: nothing in it is drawn.
    assert not any(t.key == K_TEXT for t in at.text_area)
    assert not any(m.key == K_ADOPT for m in at.multiselect)
    at = _opened(at)
    assert at.text_area(key=K_TEXT).value == DEFAULT_CODEBOOK.read_text(encoding="utf-8")
    assert at.multiselect(key=K_ADOPT).options  # the suggestions, once the panel is open


def test_an_edited_codebook_retags_every_view(app) -> None:
    at = _opened(app())
    assert "Funding & banking" in at.multiselect(key=K_TOPICS).options
    at.text_area(key=K_TEXT).input(CUSTOM).run()
    at.button(key="codebook_apply").click().run()
    assert not at.exception
    assert at.multiselect(key=K_TOPICS).options == ["Talks and meetings", "Embassies"]
    assert not at.sidebar.error
    # The coverage matrix counts the new topics' sentences.
    shown = " ".join(str(d.value) for d in at.dataframe) + " ".join(m.value for m in at.markdown)
    assert "Talks and meetings" in shown or "talks" in shown
    at.button(key="codebook_reset").click().run()
    assert "Funding & banking" in at.multiselect(key=K_TOPICS).options


def test_a_malformed_codebook_names_its_line_and_changes_nothing(app) -> None:
    at = _opened(app())
    broken = CUSTOM.replace("['\\bembass(?:y|ies)\\b']", "['(embass']")
    assert broken != CUSTOM
    at.text_area(key=K_TEXT).input(broken).run()
    at.button(key="codebook_apply").click().run()
    assert not at.exception
    errors = [e.value.replace("\\", "") for e in at.sidebar.error]
    assert errors and "line 11" in errors[0] and "invalid regex" in errors[0]
    assert "Funding & banking" in at.multiselect(key=K_TOPICS).options  # the served codebook still applies


def test_suggested_topics_are_offered_when_the_codebook_does_not_fit(monkeypatch, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    monkeypatch.setenv("NEWSLENS_INPUT", str(_two_event_folder(tmp_path / "in")))
    monkeypatch.setenv("NEWSLENS_OUTPUT", str(tmp_path / "out"))
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert "does not fit these articles" in captions
    suggested = at.multiselect(key=K_ADOPT)
    assert suggested.options  # themes found in the articles, with their terms and outlets
    at = suggested.set_value([0]).run()
    at.button(key="codebook_adopt_go").click().run()
    assert not at.exception
    topics = at.multiselect(key=K_TOPICS).options
    assert len(topics) == 1 and topics[0] == suggested.options[0]
    assert "suggested topics" in " ".join(c.value for c in at.sidebar.caption).replace("\\", "")


def test_topic_omissions_follow_the_applied_codebook(seeds_dir, tmp_path) -> None:
    from dashboard import schema as S
    from dashboard.article.topics import parse_codebook
    from dashboard.ui.codebook import _retag
    from dashboard.ui.dataset import load_dataset

    data = load_dataset(seeds_dir, tmp_path, DEFAULT_CODEBOOK)
    before = data.omissions[data.omissions[S.KIND] == "topic"]
    assert not before.empty  # the served codebook's topic omissions
    retagged = _retag(data, parse_codebook(CUSTOM, source="mine.toml"))
    topics = retagged.omissions[retagged.omissions[S.KIND] == "topic"][S.ITEM]
    assert set(topics) <= {"Talks and meetings", "Embassies"}
