"""UI defects found in a real browser, each pinned by a test that failed before its fix.

Pure functions where the defect lives in one (render, charts, state, the quotes list); AppTest on
the seeds where it shows only in the running app. The phone-width check is in
``test_browser_defects.py``.
"""

from __future__ import annotations

import datetime
import json

import pandas as pd
import pytest

from dashboard import schema as S
from dashboard.ui import charts as C
from dashboard.ui import render
from dashboard.ui.pages.overview import on_topics
from dashboard.ui.pages.quotes import quote_entries
from dashboard.ui.state import ViewState, parse_query, to_query
from dashboard.ui.widgets import row_sizes

from .conftest import HURRIYET, ZIMBABWE_MAIL, select_points
from .test_app import html_text

OUTLETS = ["Caliber.Az", "Hürriyet Daily News", "Local Glob", "The Zimbabwe Mail", "Ukrainska Pravda"]


def figure(at, index: int) -> dict:
    """The plotly figure (as JSON) of the ``index``-th chart on the page."""
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def tone_figure(at) -> dict:
    """The tone-by-outlet chart: the one whose traces name sentences and the article figure."""
    for i in range(len(at.get("plotly_chart"))):
        spec = figure(at, i)
        if any(str(t.get("name", "")).startswith("Article ") for t in spec["data"]):
            return spec
    raise AssertionError("no tone chart on the page")


def button_keys(at) -> list[str]:
    return [b.key for b in at.button]


# --- 1. an unknown value shows as "—" ---------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "—"),
        (float("nan"), "—"),
        (pd.NA, "—"),
        (pd.NaT, "—"),
        ("", "—"),
        ("   ", "—"),
        ("Title", "Title"),
        ("nan bread", "nan bread"),
        (0, "0"),
        (0.0, "0.0"),
    ],
)
def test_known_shows_a_dash_for_every_unknown_value(value, expected):
    assert render.known(value) == expected


def test_display_frame_fills_text_and_date_columns_only():
    frame = pd.DataFrame(
        {
            S.TITLE: ["A", None],
            S.PUBLISHED: [datetime.date(2025, 2, 27), None],
            S.POLARITY: [0.5, float("nan")],
            S.TOPICS: [["x"], []],
        }
    )
    shown = render.display_frame(frame)
    assert shown[S.TITLE].tolist() == ["A", "—"]
    assert shown[S.PUBLISHED].tolist() == ["2025-02-27", "—"]
    assert shown[S.POLARITY].dtype == float and pd.isna(shown[S.POLARITY].iloc[1])
    assert shown[S.TOPICS].tolist() == [["x"], []]
    assert pd.isna(frame[S.TITLE].iloc[1])  # the caller's frame is untouched


def test_an_article_without_title_shows_a_dash_everywhere(app):
    at = app(view="article", article=ZIMBABWE_MAIL)
    assert not at.exception
    assert at.subheader[0].value == "—"
    options = at.selectbox(key="article_pick").options
    assert "The Zimbabwe Mail: —" in options
    meta = at.dataframe[0].value.set_index("field")[S.VALUE]
    assert meta["byline"] == "—" and meta["address"] == "—"
    for words in (options, [h.value for h in at.subheader], meta.tolist()):
        assert not {"nan", "None", "(untitled)", ""} & set(map(str, words))


def test_the_articles_table_shows_a_dash_for_unknown_cells(app):
    at = app(view="overview")
    table = at.dataframe[0].value.set_index(S.OUTLET)
    assert table.loc["The Zimbabwe Mail", S.TITLE] == "—"
    assert table.loc["Local Glob", S.PUBLISHED] == "—"
    assert table.loc["Caliber.Az", S.DATELINE] == "—"


# --- 3. one quote, one listing ------------------------------------------------------------


def _quote(quote_id, group_id, article_id, sentence_id, text, *, kind="direct", outlet="A", sentence_ids=None):
    return {
        S.QUOTE_ID: quote_id,
        S.GROUP_ID: group_id,
        S.ARTICLE_ID: article_id,
        S.SENTENCE_ID: sentence_id,
        S.SENTENCE_IDS: sentence_ids or [sentence_id],
        S.OUTLET: outlet,
        S.SPEAKER: "Putin",
        S.SPEAKER_TEXT: "Putin",
        S.KIND: kind,
        S.TEXT: text,
        S.STRENGTH: 1.0,
    }


def test_two_quotes_of_one_sentence_are_one_entry():
    quotes = pd.DataFrame(
        [
            _quote(0, 5, "a", 10, "pragmatism and realistic view"),
            _quote(1, 6, "a", 10, "stereotypes and messianic ideological cliches"),
            _quote(2, 7, "a", 11, "certain hopes", sentence_ids=[11, 12]),
            _quote(3, 7, "b", 6, "certain hopes", kind="reported", outlet="B"),
        ]
    )
    entries = quote_entries(quotes)
    assert [e.group_ids for e in entries] == [(5, 6), (7,)]
    assert entries[0].texts == ("pragmatism and realistic view", "stereotypes and messianic ideological cliches")
    assert entries[0].keys == (("a", 10),)
    # A multi-sentence quote lists every sentence it spans; one statement across outlets is one entry.
    assert entries[1].keys == (("a", 11), ("a", 12), ("b", 6))
    assert entries[1].outlets == ("A", "B") and entries[1].kinds == ("direct", "reported")


def test_the_quotes_view_lists_no_statement_twice_under_one_heading(app):
    at = app(view="quotes")
    at.selectbox(key="quotes_speaker").set_value("Vladimir Putin").run()
    assert not at.exception
    headings = [m.value for m in at.markdown if m.value.startswith("**Vladimir Putin**")]
    assert headings and len(headings) == len(set(headings))
    # Hürriyet's sentence 10 carries two short quotes of Putin: listed once, not once per quote.
    assert len([k for k in button_keys(at) if k.endswith(f"_open_{HURRIYET}_10")]) == 1


# --- 4. "Open" buttons keep their label -------------------------------------------------


@pytest.mark.parametrize(("n", "sizes"), [(0, []), (1, [1]), (3, [3]), (4, [3, 1]), (5, [3, 2]), (7, [3, 3, 1])])
def test_side_by_side_items_wrap_into_rows_of_three(n, sizes):
    assert row_sizes(n) == sizes


def _button_widths(node, share: float = 1.0, out: dict | None = None) -> dict[str, float]:
    """Each button's key -> the share of the page's width its column leaves it."""
    out = {} if out is None else out
    for child in getattr(node, "children", {}).values():
        inner = share * child.proto.weight if child.type == "column" else share
        if child.type == "button":
            out[child.key] = share
        _button_widths(child, inner, out)
    return out


def test_compare_five_outlets_keeps_every_open_button_wide(app):
    at = app(view="compare", compare=OUTLETS, topic="staffing")
    assert not at.exception
    widths = {k: w for k, w in _button_widths(at.main).items() if k.startswith("compare_") and "_open_" in k}
    assert len(widths) >= 5
    # A third of the page at least; five columns with a 2-in-14 button column left 1/35.
    assert min(widths.values()) >= 0.3


def test_many_selected_articles_get_one_picker_not_a_row_of_buttons(app):
    at = app(view="overview")
    ids = at.dataframe[0].value[S.ARTICLE_ID].tolist()
    select_points(at, "overview_tone", [[a, -1] for a in ids])
    at.run()
    assert not at.exception
    assert at.selectbox(key="overview_tone_open_pick").options
    assert not [k for k in button_keys(at) if k.startswith("overview_tone_open_0")]
    at.selectbox(key="overview_tone_open_pick").set_value(HURRIYET).run()
    at.button(key="overview_tone_open_open").click().run()
    assert at.radio(key="nav_view").value == "article"
    assert at.selectbox(key="article_pick").value == HURRIYET


# --- 5. one palette for the whole dataset -----------------------------------------------


def _colours(spec: dict) -> dict[str, str]:
    return {t["name"]: t["marker"]["color"] for t in spec["data"] if t.get("name") in OUTLETS}


def test_outlet_colours_do_not_change_with_the_outlet_filter(app):
    at = app(view="overview")
    before = _colours(tone_figure(at))
    assert set(before) == set(OUTLETS)
    at.multiselect(key="filter_outlets").set_value(["Local Glob", "Ukrainska Pravda"]).run()
    after = _colours(tone_figure(at))
    assert set(after) == {"Local Glob", "Ukrainska Pravda"}
    assert after == {o: before[o] for o in after}


# --- 6. a drag selects dots ---------------------------------------------------------------


def test_the_tone_chart_selects_on_drag(seed_output_tables):
    articles, sentences = seed_output_tables[S.ARTICLES_FILE], seed_output_tables[S.SENTENCES_FILE]
    fig = C.tone_by_outlet(articles, sentences, colors=C.outlet_colors(articles[S.OUTLET]))
    assert fig.layout.dragmode == "select"


# --- 7. a tone of 0.00 has a bar ----------------------------------------------------------


def test_a_zero_tone_draws_a_visible_bar():
    tone = pd.DataFrame(
        {
            S.OUTLET: ["A", "A", "B"],
            S.TOPIC: ["t1", "t2", "t1"],
            S.POLARITY: [0.0, 0.5, -0.01],
            S.SUBJECTIVITY: [0.1, 0.2, 0.3],
            S.N_EVIDENCE: [2, 3, 1],
        }
    )
    fig = C.tone_by_topic(tone, colors={"A": "red", "B": "blue"}, topic_labels={"t1": "One", "t2": "Two"})
    bars = {
        (tr.customdata[i][0], tr.customdata[i][1]): (tr.y[i], tr.base[i], tr.text[i])
        for tr in fig.data
        for i in range(len(tr.y))
    }
    for key, value in {("A", "t1"): "+0.00", ("B", "t1"): "-0.01", ("A", "t2"): "+0.50"}.items():
        height, base, text = bars[key]
        assert text == value
        assert abs(height) >= C._MIN_BAR  # visible on the -1 … +1 axis
    assert bars[("A", "t2")][:2] == (0.5, 0.0)  # a real tone is drawn as it is
    assert bars[("A", "t1")][1] == -C._MIN_BAR / 2  # a zero straddles the zero line


# --- 8. readable headers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "label"),
    [
        (S.N_SENTENCES, "Sentences"),
        (S.ARTICLE_ID, "Article"),
        ("n_things_seen", "N things seen"),
        ("Caliber.Az", "Caliber.Az"),
    ],
)
def test_column_labels(name, label):
    assert render.column_label(name) == label


@pytest.mark.parametrize("view", ["overview", "compare", "article", "passages", "quotes", "entities", "omissions"])
def test_every_table_header_is_readable(app, view):
    at = app(view=view)
    assert not at.exception
    assert at.dataframe, view
    for table in at.dataframe:
        config = json.loads(table.proto.columns or "{}")
        for column in table.value.columns:
            label = (config.get(str(column)) or {}).get("label")
            assert label == render.column_label(str(column)), (view, column)
            assert "_" not in label, (view, column)


# --- 9. the tone chart follows the Topics filter ----------------------------------------


def test_on_topics_keeps_the_chosen_topics_sentences_and_reweights_articles():
    articles = pd.DataFrame({S.ARTICLE_ID: ["a", "b"], S.N_SENTENCES: [3, 1], S.POLARITY: [0.1, 0.2]})
    sentences = pd.DataFrame(
        {
            S.ARTICLE_ID: ["a", "a", "a", "b"],
            S.SENTENCE_ID: [0, 1, 2, 0],
            S.TEXT: ["one two three", "one", "x y", "z"],
            S.TOPICS: [["t"], ["t", "u"], [], ["u"]],
            S.POLARITY: [0.4, 0.8, -1.0, 0.5],
        }
    )
    assert on_topics(articles, sentences, [], measure=S.POLARITY) == (articles, sentences)
    arts, sents = on_topics(articles, sentences, ["t"], measure=S.POLARITY)
    assert sents[S.SENTENCE_ID].tolist() == [0, 1]
    assert arts[S.POLARITY].iloc[0] == pytest.approx((0.4 * 3 + 0.8 * 1) / 4)
    assert pd.isna(arts[S.POLARITY].iloc[1]) and arts[S.N_SENTENCES].tolist() == [2, 0]


def test_the_tone_chart_shows_only_the_chosen_topics_sentences(app, seed_output_tables):
    sentences = seed_output_tables[S.SENTENCES_FILE]
    on_air_links = {
        (a, int(s))
        for a, s, ts in zip(sentences[S.ARTICLE_ID], sentences[S.SENTENCE_ID], sentences[S.TOPICS])
        if "air_links" in ts
    }
    at = app(view="overview", topic_filter="air_links")
    assert not at.exception
    dots = {(c[0], int(c[1])) for t in tone_figure(at)["data"] if t.get("name") in OUTLETS for c in t["customdata"]}
    assert dots == on_air_links and len(dots) < len(sentences)
    assert any("Only the sentences on the chosen topics (Air links)" in c.value for c in at.caption)


# --- 10. the coverage cell in the address ------------------------------------------------

TOPICS = ["funding", "property", "air_links", "staffing"]


def _parse(params):
    return parse_query(params, outlets=OUTLETS, topics=TOPICS, sentence_counts={})


def test_the_coverage_cell_round_trips_through_the_address():
    state = ViewState(view="overview", cell_outlet="Local Glob", cell_topic="property")
    assert to_query(state) == {"view": ["overview"], "cell_outlet": ["Local Glob"], "cell_topic": ["property"]}
    assert _parse(to_query(state)) == (state, [])


@pytest.mark.parametrize(
    ("params", "notices"),
    [
        ({"cell_outlet": "Local Glob"}, ["Ignored 'cell_outlet' from the link: it needs a valid 'cell_topic'."]),
        ({"cell_topic": "property"}, ["Ignored 'cell_topic' from the link: it needs a valid 'cell_outlet'."]),
        (
            {"cell_outlet": "Fox", "cell_topic": "property"},
            [
                "Ignored outlet 'Fox' from the link: not in this data.",
                "Ignored 'cell_topic' from the link: it needs a valid 'cell_outlet'.",
            ],
        ),
        (
            {"cell_outlet": "Local Glob", "cell_topic": "__import__('os')"},
            [
                "Ignored topic '__import__('os')' from the link: not in this data.",
                "Ignored 'cell_outlet' from the link: it needs a valid 'cell_topic'.",
            ],
        ),
    ],
)
def test_half_a_cell_is_ignored_with_a_notice(params, notices):
    assert _parse(params) == (ViewState(), notices)


def test_a_link_with_a_cell_opens_its_evidence(app):
    at = app(view="overview", cell_outlet=HURRIYET_OUTLET, cell_topic="property")
    assert not at.exception
    assert at.selectbox(key="overview_evidence_outlet").value == HURRIYET_OUTLET
    assert any(
        m.value.startswith("**1 sentence(s)** — Hürriyet Daily News on Diplomatic property") for m in at.markdown
    )
    assert "six real estate properties" in html_text(at)
    assert at.query_params["cell_outlet"] == HURRIYET_OUTLET and at.query_params["cell_topic"] == "property"


def test_only_a_cell_the_reader_picked_goes_into_the_address(app):
    at = app(view="overview")
    assert "cell_outlet" not in at.query_params  # the fullest cell, shown by default, needs no parameter
    at.selectbox(key="overview_evidence_outlet").set_value("Caliber.Az").run()
    assert at.query_params["cell_outlet"] == "Caliber.Az"
    assert at.query_params["cell_topic"] == at.selectbox(key="overview_evidence_topic").value


HURRIYET_OUTLET = "Hürriyet Daily News"
