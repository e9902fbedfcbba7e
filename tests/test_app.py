"""The dashboard through streamlit.testing.v1.AppTest, on the seeds and on files the tests write."""

from __future__ import annotations

import html
import json
import re
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from .conftest import APP, HURRIYET, LOCAL_GLOB, select_points, select_rows


def raw_html(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.html)


def html_text(at: AppTest) -> str:
    """What a reader sees in the st.html blocks: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", raw_html(at)))


def shown(markdown: str) -> str:
    """Escaped Markdown as a reader sees it: escapes, entities and word joiners removed."""
    return html.unescape(re.sub(r"\\(.)", r"\1", markdown)).replace("\u2060", "")


def markdown_text(at: AppTest) -> str:
    return shown("\n".join(m.value for m in at.markdown))


@pytest.mark.parametrize("view", ["overview", "compare", "topic", "article"])
def test_every_view_renders_without_exception(app, view):
    at = app(view=view)
    assert not at.exception
    assert at.radio(key="nav_view").value == view
    assert (
        at.title[0].value
        == {
            "overview": "How the outlets covered the event",
            "compare": "Compare outlets",
            "topic": "One topic across outlets",
            "article": "Article",
        }[view]
    )


def test_overview_lists_every_outlet_and_the_coverage_zeros(app):
    at = app(view="overview")
    table = at.dataframe[0].value
    assert sorted(table["outlet"]) == [
        "Caliber.Az",
        "Hürriyet Daily News",
        "Local Glob",
        "The Zimbabwe Mail",
        "Ukrainska Pravda",
    ]
    assert "5 articles from 5 outlets in 5 countries" in at.caption[0].value


def test_outlet_filter_changes_what_is_shown(app):
    at = app(view="overview")
    at.multiselect(key="filter_outlets").set_value(["Local Glob"]).run()
    assert not at.exception
    assert at.dataframe[0].value["outlet"].tolist() == ["Local Glob"]
    assert at.query_params["outlet"] == "Local Glob"


def test_topic_filter_changes_the_topic_view(app):
    at = app(view="topic")
    assert len(at.selectbox(key="topic_pick").options) == 4
    at.multiselect(key="filter_topics").set_value(["air_links"]).run()
    assert at.selectbox(key="topic_pick").value == "air_links"
    text = html_text(at)
    assert "direct air service" in text and "direct flights" in text
    assert "six real estate properties" not in text


def test_query_string_round_trips_into_widget_state(app):
    params = {
        "view": "compare",
        "outlet": ["Local Glob", "Hürriyet Daily News", "Caliber.Az"],
        "compare": ["Local Glob", "Hürriyet Daily News"],
        "topic": "property",
    }
    at = app(**params)
    assert not at.exception
    assert at.radio(key="nav_view").value == "compare"
    assert at.multiselect(key="filter_outlets").value == params["outlet"]
    assert at.multiselect(key="compare_outlets").value == params["compare"]
    assert at.selectbox(key="topic_pick").value == "property"
    assert at.query_params == params
    text = html_text(at)
    assert "six real estate properties" in text  # Hürriyet's property sentence, side by side
    assert "premises" in text  # Local Glob's


def test_article_link_focuses_the_sentence(app):
    at = app(view="article", article=HURRIYET, sentence="8")
    assert not at.exception
    assert at.selectbox(key="article_pick").value == HURRIYET
    assert at.selectbox(key="article_sentence").value == 8
    assert "Sentence #8 " in html_text(at) and "six real estate properties" in html_text(at)
    assert 'id="sentence-8" style="outline' in raw_html(at)


def test_malformed_query_values_give_a_notice_not_a_crash(app):
    at = app(
        view="nope",
        sentence="abc",
        utm_source="mail",
        outlet="<script>alert(1)</script>",
        topic="[click](http://evil.example)",
    )
    assert not at.exception
    assert all("](" not in w.value for w in at.warning)  # a link in the address stays text
    notices = [shown(w.value) for w in at.warning]
    assert "Ignored view 'nope' from the link: not in this data." in notices
    assert "Ignored unknown link parameter 'utm_source'." in notices
    assert "Ignored 'sentence' from the link: it needs a valid 'article'." in notices
    assert "Ignored outlet '<script>alert(1)</script>' from the link: not in this data." in notices
    assert "Ignored topic '[click](http://evil.example)' from the link: not in this data." in notices
    assert at.radio(key="nav_view").value == "findings"  # the default view
    assert at.query_params == {}


def test_coverage_cell_selection_lists_its_sentences(app):
    at = app(view="overview")
    at.selectbox(key="overview_evidence_outlet").set_value("Hürriyet Daily News")
    at.selectbox(key="overview_evidence_topic").set_value("property").run()
    assert "**1 sentence(s)** — Hürriyet Daily News on Diplomatic property" in markdown_text(at)
    assert "six real estate properties" in html_text(at)
    at.selectbox(key="overview_evidence_outlet").set_value("Caliber.Az").run()
    assert "**0 sentence(s)** — Caliber.Az on Diplomatic property" in markdown_text(at)


def test_open_button_goes_to_the_sentence_in_its_article(app):
    at = app(view="topic", topic="air_links")
    open_keys = [b.key for b in at.button if b.key and b.key.startswith("topic_Local Glob_open_")]
    assert open_keys
    at.button(key=open_keys[0]).click().run()
    article_id, sentence = open_keys[0].split("_open_")[1].rsplit("_", 1)
    assert at.radio(key="nav_view").value == "article"
    assert at.selectbox(key="article_pick").value == article_id == LOCAL_GLOB
    assert at.selectbox(key="article_sentence").value == int(sentence)
    assert at.query_params["sentence"] == sentence


def test_removed_junk_is_listed_with_reasons(app):
    at = app(view="article", article=LOCAL_GLOB)
    removed = at.dataframe[-1].value
    assert {"line_no", "text", "reason"} <= set(removed.columns)
    assert "Cargo planes crashes near Vilnius Airport in Lithuania" in removed["text"].tolist()


def test_article_text_is_escaped(monkeypatch, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "evil.txt").write_text(
        "Talks resume in Geneva\n"
        "GENEVA - Diplomats said <script>alert('x')</script> the embassy funding talks would resume on Monday.\n"
        "The delegations agreed to restore direct flights <img src=x onerror=alert(1)> between the capitals.\n"
    )
    monkeypatch.setenv("NEWSLENS_INPUT", str(src))
    monkeypatch.setenv("NEWSLENS_OUTPUT", str(tmp_path / "out"))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["view"] = "article"
    at.run()
    assert not at.exception
    text = raw_html(at)
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text
    assert "<script" not in text and "<img" not in text
    assert "<script>alert('x')</script>" in html_text(at)  # shown to the reader as text


def test_the_app_builds_missing_tables_itself(monkeypatch, tmp_path, seeds_dir):
    src = tmp_path / "in"
    shutil.copytree(seeds_dir, src)
    out = tmp_path / "never-built"
    monkeypatch.setenv("NEWSLENS_INPUT", str(src))
    monkeypatch.setenv("NEWSLENS_OUTPUT", str(out))
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert (out / "articles.parquet").is_file()


def test_selecting_tone_dots_lists_exactly_those_sentences(app):
    at = app(view="overview")
    select_points(at, "overview_tone", [[LOCAL_GLOB, 4], [HURRIYET, 8]])
    at.run()
    assert not at.exception
    assert "**2 selected sentence(s)**" in markdown_text(at)
    text = html_text(at)
    assert "restoring direct air service" in text and "six real estate properties" in text


def test_selecting_an_article_marker_offers_to_open_it(app):
    at = app(view="overview")
    select_points(at, "overview_tone", [[HURRIYET, -1]])
    at.run()
    assert "selected sentence" not in markdown_text(at)  # a marker is an article, not a sentence
    at.button(key=f"overview_tone_open_{HURRIYET}").click().run()
    assert at.radio(key="nav_view").value == "article"
    assert at.selectbox(key="article_pick").value == HURRIYET


def test_selecting_an_article_row_offers_to_open_it(app):
    at = app(view="overview")
    select_rows(at, "overview_articles", [1])
    at.run()
    button = at.button(key="overview_open_article")
    assert button.label == "Open the Local Glob article"
    button.click().run()
    assert at.selectbox(key="article_pick").value == LOCAL_GLOB


def test_link_notices_show_once_then_clear(app):
    at = app(view="nope")
    assert [shown(w.value) for w in at.warning] == ["Ignored view 'nope' from the link: not in this data."]
    at.radio(key="nav_view").set_value("compare").run()
    assert not any("Ignored" in w.value for w in at.warning)


def test_switching_article_clears_the_focused_sentence(app):
    at = app(view="article", article=LOCAL_GLOB, sentence="3")
    assert at.selectbox(key="article_sentence").value == 3
    at.selectbox(key="article_pick").set_value(HURRIYET).run()
    assert at.selectbox(key="article_sentence").value is None
    assert "sentence" not in at.query_params


def test_a_stale_table_selection_is_ignored_not_a_crash(app):
    at = app(view="overview")
    select_rows(at, "overview_articles", [4])
    at.multiselect(key="filter_outlets").set_value(["Local Glob"]).run()
    assert not at.exception
    assert at.dataframe[0].value["outlet"].tolist() == ["Local Glob"]


def test_listed_sentences_mark_their_matched_terms(app):
    at = app(view="topic", topic="air_links")
    marked = re.findall(r'<mark[^>]*title="air_links">([^<]+)</mark>', raw_html(at))
    assert {"direct air service", "direct flights", "direct air links"} <= set(marked)


def test_compared_outlets_come_back_when_the_filter_is_widened(app):
    at = app(view="compare", compare=["Local Glob", "Caliber.Az", "Ukrainska Pravda"])
    assert at.multiselect(key="compare_outlets").value == ["Local Glob", "Caliber.Az", "Ukrainska Pravda"]
    at.multiselect(key="filter_outlets").set_value(["Local Glob", "Ukrainska Pravda"]).run()
    assert at.multiselect(key="compare_outlets").value == ["Local Glob", "Ukrainska Pravda"]
    assert at.query_params["compare"] == ["Local Glob", "Caliber.Az", "Ukrainska Pravda"]
    at.multiselect(key="filter_outlets").set_value([]).run()
    assert at.multiselect(key="compare_outlets").value == ["Local Glob", "Caliber.Az", "Ukrainska Pravda"]


def tone_figure(at: AppTest) -> dict:
    """The Overview's tone-by-outlet figure as plotly JSON."""
    (chart,) = [c for c in at.get("plotly_chart") if c.proto.id.endswith("-overview_tone")]
    return json.loads(chart.proto.spec)


def test_overview_says_the_seed_outlets_tone_does_not_differ_beyond_noise(app):
    at = app(view="overview")
    assert at.radio(key="overview_tone_measure").options == [
        "Polarity (TextBlob)",
        "Subjectivity (TextBlob)",
        "Compound (VADER)",
    ]
    text = markdown_text(at)
    assert (
        "The 95% intervals of all 5 outlets' TextBlob polarity overlap: no outlet is more positive or more "
        "negative than another beyond noise (their means lie within 0.05 of each other)."
    ) in text
    assert "Distinguishable" not in text
    means = [t for t in tone_figure(at)["data"] if t.get("name") == "Outlet mean, 95% interval"]
    assert len(means) == 1 and len(means[0]["y"]) == 5
    bars = means[0]["error_y"]
    assert bars.get("visible", True) is not False and all(up > 0 for up in bars["array"])
    assert all(down > 0 for down in bars["arrayminus"])

    at.radio(key="overview_tone_measure").set_value("vader_compound").run()
    assert not at.exception
    assert "no outlet is more positive or more negative than another beyond noise" in markdown_text(at)
    names = [t.get("name") for t in tone_figure(at)["data"]]
    assert names[-2:] == ["Article VADER compound", "Outlet mean, 95% interval"]


POSITIVE = [
    "The delegations praised the excellent and very successful talks in Geneva.",
    "Both sides called the wonderful meeting a great success for lasting friendship.",
    "Officials were delighted with the good progress and the warm, friendly mood.",
    "The ministers celebrated an outstanding agreement that brings real hope.",
    "Diplomats said the constructive dialogue was positive, useful and very pleasant.",
    "Observers welcomed the happy outcome as a brilliant step towards peace.",
]
NEGATIVE = [
    "The delegations condemned the terrible and deeply hostile talks in Geneva.",
    "Both sides called the awful meeting a bitter failure full of anger.",
    "Officials were furious about the bad faith, the threats and the ugly mood.",
    "The ministers denounced a horrible collapse that brings fear and despair.",
    "Diplomats said the dialogue was negative, useless and very painful.",
    "Observers lamented the sad outcome as a disastrous step towards war.",
]


def test_overview_names_outlets_whose_tone_differs_beyond_noise(monkeypatch, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    sunny, gloom = "Sunny *Times* <b>", "Gloom Post"
    (src / "sunny.txt").write_text("Talks in Geneva end on a high note\n\n" + "\n\n".join(POSITIVE) + "\n")
    (src / "gloom.txt").write_text("Talks in Geneva end in acrimony\n\n" + "\n\n".join(NEGATIVE) + "\n")
    (src / "sources.csv").write_text(
        "file,outlet,country,url,published\n"
        f'sunny.txt,"{sunny}",Switzerland,,2025-03-01\n'
        f"gloom.txt,{gloom},Switzerland,,2025-03-01\n"
    )
    monkeypatch.setenv("NEWSLENS_INPUT", str(src))
    monkeypatch.setenv("NEWSLENS_OUTPUT", str(tmp_path / "out"))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["view"] = "overview"
    at.run()
    assert not at.exception
    for measure in ("polarity", "vader_compound"):
        at.radio(key="overview_tone_measure").set_value(measure).run()
        text = markdown_text(at)
        assert "Distinguishable beyond noise (95% intervals do not overlap), strongest first: " in text
        assert f"**{sunny}** is more positive than **{gloom}**" in text
        assert "beyond noise (their means" not in text
        assert "<b>" not in "\n".join(m.value for m in at.markdown)  # the outlet name is escaped
        means = [t for t in tone_figure(at)["data"] if t.get("name") == "Outlet mean, 95% interval"][0]
        by_outlet = dict(zip([c[0] for c in means["customdata"]], means["y"]))
        assert by_outlet[sunny] > 0.3 and by_outlet[gloom] < -0.3
