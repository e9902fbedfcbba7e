"""A filtered view's comparisons (framing, omissions) made in a background thread: a view
waits for them at most a moment, draws the rest, says they are coming, and shows them once made."""

from __future__ import annotations

import threading
import time

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import schema as S
from dashboard.corpus.findings import SECTIONS
from dashboard.ui import filters
from dashboard.ui.dataset import OMISSIONS, Making

SEED_OUTLETS = ["Caliber.Az", "Hürriyet Daily News", "Local Glob", "The Zimbabwe Mail", "Ukrainska Pravda"]


def _made_when(release: threading.Event, calls: list[int], table: pd.DataFrame | None = None):
    def make(pause=None) -> pd.DataFrame:
        calls.append(1)
        assert release.wait(30), "never released"
        return pd.DataFrame({"x": [1, 2]}) if table is None else table

    return make


def test_a_table_not_made_in_time_is_none_then_made_once_for_every_asker() -> None:
    release, calls = threading.Event(), []
    making = Making(_made_when(release, calls), busy=lambda: False)
    assert making.result(0.05) is None and not making.done()
    answers: list[pd.DataFrame | None] = []
    waiter = threading.Thread(target=lambda: answers.append(making.result(None)))
    waiter.start()
    release.set()
    waiter.join(10)
    table = making.result(None)
    assert answers[0] is table and table["x"].tolist() == [1, 2]
    assert making.done() and calls == [1]


def test_a_failure_reaches_whoever_asks() -> None:
    def broken(pause=None) -> pd.DataFrame:
        raise ValueError("no such outlet")

    making = Making(broken, busy=lambda: False)
    for _ in range(2):
        with pytest.raises(ValueError, match="no such outlet"):
            making.result(5)


def test_the_making_pauses_while_a_page_is_drawn_unless_someone_waits_for_it() -> None:
    steps: list[int] = []
    busy = threading.Event()
    busy.set()

    def make(pause) -> pd.DataFrame:
        for i in range(3):
            pause()
            steps.append(i)
        return pd.DataFrame({"steps": steps})

    making = Making(make, busy=busy.is_set)
    time.sleep(0.3)
    assert steps == [], "a page is being drawn and nobody waits: the making waits at its first step"
    # A page that asks for the table waits for it: the making goes on while it waits.
    assert making.result(10)["steps"].tolist() == [0, 1, 2]


def test_an_outlet_filter_defers_its_comparisons_to_a_thread_the_dataset_keeps(monkeypatch, seed_output_tables) -> None:
    from dashboard.ui.dataset import dataset_from_tables
    from dashboard.vocabularies import load_vocabularies

    data = dataset_from_tables(dict(seed_output_tables), {}, load_vocabularies())
    release, calls = threading.Event(), []
    real = filters.one_comparison

    def slow(compare, name, pause=lambda: None):
        calls.append(name)
        assert release.wait(30)
        return real(compare, name, pause)

    monkeypatch.setattr(filters, "one_comparison", slow)
    view = filters.filter_dataset(data, outlets=SEED_OUTLETS[1:])
    assert view.table_within(OMISSIONS, 0.05) is None and not view.is_made(OMISSIONS)
    release.set()
    made = view.table_within(OMISSIONS, None)
    assert view.is_made(OMISSIONS) and view.omissions is made and calls == [S.OMISSIONS_FILE]
    assert not made.empty and "Caliber.Az" not in set(made[S.OUTLET])


def _subheaders(at: AppTest) -> list[str]:
    return [h.value for h in at.main.subheader]


def _waiting_note(at: AppTest) -> list[str]:
    return [i.value for i in at.main.info if "being computed" in i.value]


def _short_waits(monkeypatch, seconds: float) -> None:
    from dashboard.ui import widgets
    from dashboard.ui.pages import findings as findings_page

    monkeypatch.setattr(widgets, "COMPARISON_WAIT", seconds)
    monkeypatch.setattr(findings_page, "COMPARISON_WAIT", seconds)


def _rerun_until_no_note(at: AppTest) -> None:
    for _ in range(100):  # the page's fragment reruns it once made; here the test reruns
        at.run()
        if not _waiting_note(at):
            return
        time.sleep(0.1)


def test_findings_under_an_outlet_filter_come_first_and_the_omissions_once_made(monkeypatch, app) -> None:
    # Long enough for the seeds' findings without omissions on a loaded machine; the omissions never come in it.
    _short_waits(monkeypatch, 4.0)
    release = threading.Event()
    real = filters.one_comparison

    def slow(compare, name, pause=lambda: None):
        assert release.wait(60)
        return real(compare, name, pause)

    monkeypatch.setattr(filters, "one_comparison", slow)
    at = app(outlet=SEED_OUTLETS[1:])
    assert not at.exception
    assert _waiting_note(at) == [
        "The omissions for the 4 outlets kept are being computed: each outlet is compared again with the "
        "other outlets kept. The findings below leave them out until they are ready; this page adds them by itself."
    ]
    shown = _subheaders(at)
    assert SECTIONS["omission"] not in shown and SECTIONS["reuse"] in shown, shown
    # The Omissions view says the same and shows no table yet.
    at.sidebar.radio(key="nav_view").set_value("omissions").run()
    assert _waiting_note(at) == [
        "The omissions for the 4 outlets kept are being computed: each outlet is compared again with the "
        "other outlets kept. This page shows them by itself as soon as they are ready."
    ]
    assert not at.main.dataframe
    release.set()
    _rerun_until_no_note(at)
    assert not at.exception and not _waiting_note(at)
    assert at.main.dataframe, "the omissions table, once made"
    at.sidebar.radio(key="nav_view").set_value("findings").run()
    assert SECTIONS["omission"] in _subheaders(at) and not _waiting_note(at)


def test_findings_being_made_leave_the_page_with_the_event_and_a_note(monkeypatch, app) -> None:
    from dashboard.ui.pages import findings as findings_page

    _short_waits(monkeypatch, 0.2)
    release = threading.Event()
    real = findings_page._findings

    def slow(data, omissions):
        assert release.wait(60)
        return real(data, omissions)

    monkeypatch.setattr(findings_page, "_findings", slow)
    at = app(outlet=SEED_OUTLETS[:3])
    assert not at.exception
    assert _waiting_note(at) == ["The findings for the 3 outlets kept are being computed."]
    assert at.main.markdown[0].value.startswith("3 articles from 3 outlets") and not _subheaders(at)
    release.set()
    _rerun_until_no_note(at)
    assert not at.exception and not _waiting_note(at)
    assert SECTIONS["omission"] in _subheaders(at)


def test_the_overview_figures_are_made_while_another_view_is_read(monkeypatch, app) -> None:
    import streamlit as st

    from dashboard.ui import charts

    for thread in threading.enumerate():  # what earlier tests left making their own views' figures
        if thread.name == "newslens-background":
            thread.join(30)
    st.cache_resource.clear()  # a served dataset of its own: no figure made by an earlier test
    made_in: dict[str, list[str]] = {}
    for name in ("tone_by_outlet", "coverage_heatmap", "publication_timeline"):
        real = getattr(charts, name)

        def spy(*args, _real=real, _name=name, **kwargs):
            if len(args[0]) == 5:  # the five seed articles (or outlets): the view with no filter
                made_in.setdefault(_name, []).append(threading.current_thread().name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(charts, name, spy)
    at = app()  # Findings; the Overview's figures are then made in the background
    assert at.radio(key="nav_view").value == "findings"
    at.sidebar.radio(key="nav_view").set_value("overview").run()
    assert not at.exception and len(at.main.get("plotly_chart")) == 3
    # Each figure made once, by the background thread, and the page drew those.
    assert made_in == {name: ["newslens-background"] for name in made_in} and len(made_in) == 3, made_in


def test_the_speaker_figure_is_made_while_another_view_is_read(monkeypatch, app) -> None:
    import streamlit as st

    from dashboard.ui import charts

    for thread in threading.enumerate():
        if thread.name == "newslens-background":
            thread.join(30)
    st.cache_resource.clear()
    made_in: list[str] = []
    real = charts.speaker_heatmap

    def spy(*args, **kwargs):
        made_in.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(charts, "speaker_heatmap", spy)
    app().sidebar.radio(key="nav_view").set_value("quotes").run()
    assert made_in == ["newslens-background"]
