"""Figures: every mark maps back to the rows behind it, colours agree, article text is escaped."""

from __future__ import annotations

import html
import json
import random

import pandas as pd
import plotly.colors
import plotly.io as pio
import pytest

from dashboard import schema as S
from dashboard.corpus.coverage import coverage_matrix
from dashboard.corpus.tone import HIGH, INTERVAL_COLUMNS, LOW, MEAN, tone_intervals
from dashboard.ui import charts as C
from dashboard.ui.widgets import selected_article_ids, selected_sentence_keys
from dashboard.vocabularies import load_codebook

from .conftest import LOCAL_GLOB

HOSTILE_OUTLET = "<script>alert(1)</script>"
HOSTILE_TITLE = "<img src=x onerror=alert(1)> & more"
HOSTILE_SENTENCE = '<a href="javascript:alert(1)">click</a> said "the talks" went well.'


def shown(text: str) -> str:
    """How an article-derived string must appear in anything plotly displays."""
    return html.escape(text, quote=False)


@pytest.fixture(scope="session")
def seed(seed_output_tables) -> dict:
    tables = {
        name: seed_output_tables[file].copy()
        for name, file in [
            ("articles", S.ARTICLES_FILE),
            ("sentences", S.SENTENCES_FILE),
            ("evidence", S.EVIDENCE_FILE),
            ("tone", S.TONE_BY_TOPIC_FILE),
        ]
    }
    codebook = load_codebook()
    tables["labels"] = {t.id: t.label for t in codebook.topics}
    tables["matrix"] = coverage_matrix(tables["sentences"], tables["articles"], codebook.ids())
    tables["colors"] = C.outlet_colors(tables["articles"][S.OUTLET])
    return tables


def seed_figures(seed: dict) -> dict:
    a, s, colors, labels = seed["articles"], seed["sentences"], seed["colors"], seed["labels"]
    return {
        "coverage_heatmap": C.coverage_heatmap(seed["matrix"], topic_labels=labels),
        "tone_by_outlet": C.tone_by_outlet(a, s, colors=colors),
        "publication_timeline": C.publication_timeline(a, colors=colors),
        "tone_by_topic": C.tone_by_topic(seed["tone"], colors=colors, topic_labels=labels),
        "article_lengths": C.article_lengths(a, colors=colors),
    }


def points(trace) -> list[tuple]:
    """(x, y, customdata) per point of a scatter or bar trace."""
    return list(zip(trace.x, trace.y, [tuple(c) for c in trace.customdata], strict=True))


def empty_figure_ok(fig) -> bool:
    return (
        len(fig.data) == 0
        and [a.text for a in fig.layout.annotations] == [C.EMPTY_MESSAGE]
        and fig.layout.xaxis.visible is False
        and fig.layout.yaxis.visible is False
    )


# outlet_colors


@pytest.mark.parametrize("n", [1, 2, 5, 10])
def test_outlet_colors_are_distinct_and_do_not_depend_on_order(n):
    names = [f"Outlet {chr(65 + i)}" for i in range(n)]
    colors = C.outlet_colors(names)
    assert sorted(colors) == names
    assert len(set(colors.values())) == n
    shuffled = names * 2
    random.Random(n).shuffle(shuffled)
    assert C.outlet_colors(shuffled) == colors
    assert C.outlet_colors(pd.Series(shuffled)) == colors


@pytest.mark.parametrize(
    "outlets, expected",
    [
        ([], {}),
        (["b", "a", "a", None, float("nan")], {"a": C.PALETTE[0], "b": C.PALETTE[1]}),
        (["Zed", "Alpha"], {"Alpha": plotly.colors.qualitative.Safe[0], "Zed": plotly.colors.qualitative.Safe[1]}),
        ([f"o{i:02d}" for i in range(21)], {**{f"o{i:02d}": C.PALETTE[i] for i in range(20)}, "o20": C.PALETTE[0]}),
    ],
)
def test_outlet_colors_table(outlets, expected):
    assert C.outlet_colors(outlets) == expected


def test_palette_has_no_grey_that_could_read_as_no_data():
    for color in C.PALETTE:
        r, g, b = plotly.colors.unlabel_rgb(color)
        assert max(r, g, b) - min(r, g, b) > 30, color


# coverage_heatmap


def test_coverage_heatmap_cells_map_back_to_the_matrix(seed):
    matrix, labels = seed["matrix"], seed["labels"]
    fig = C.coverage_heatmap(matrix, topic_labels=labels)
    assert [t.type for t in fig.data] == ["heatmap", "scatter"]
    heat = fig.data[0]
    assert list(heat.y) == [shown(o) for o in matrix.index]
    assert list(heat.x) == [shown(labels[t]) for t in matrix.columns]
    assert [list(row) for row in heat.z] == matrix.to_numpy().tolist()
    zeros = 0
    for i, row in enumerate(heat.customdata):
        for j, (outlet, topic) in enumerate(row):
            assert matrix.loc[outlet, topic] == heat.z[i][j]
            assert heat.text[i][j] == str(heat.z[i][j])
            zeros += heat.z[i][j] == 0
    assert zeros > 0  # the seeds have outlets that leave topics out (Pravda: air links)
    assert heat.texttemplate == "%{text}"


def test_coverage_heatmap_overlay_has_one_selectable_point_per_cell(seed):
    matrix = seed["matrix"]
    fig = C.coverage_heatmap(matrix, topic_labels=seed["labels"])
    heat, cells = fig.data
    assert heat.hoverinfo == "skip" and cells.mode == "markers"
    assert fig.layout.hoverdistance == -1
    pairs = [tuple(c) for c in cells.customdata]
    assert sorted(pairs) == sorted((o, t) for o in matrix.index for t in matrix.columns)
    for x, y, (outlet, topic), hover in zip(cells.x, cells.y, pairs, cells.hovertext, strict=True):
        i, j = list(matrix.index).index(outlet), list(matrix.columns).index(topic)
        assert (x, y) == (heat.x[j], heat.y[i])
        n = matrix.loc[outlet, topic]
        assert f"{n} evidence sentence" in hover and hover.startswith(f"<b>{shown(outlet)}</b>")


def _rgb(color: str) -> tuple[float, float, float]:
    return plotly.colors.hex_to_rgb(color) if color.startswith("#") else plotly.colors.unlabel_rgb(color)


def _cell_colour(fig, value: int) -> tuple[float, float, float]:
    """The colour plotly.js paints a cell with this count (linear between colorscale stops)."""
    heat = fig.data[0]
    at = (value - heat.zmin) / (heat.zmax - heat.zmin)
    stops = [(float(stop), _rgb(color)) for stop, color in heat.colorscale]
    for (lo, c0), (hi, c1) in zip(stops, stops[1:]):
        if lo <= at <= hi and hi > lo:
            t = (at - lo) / (hi - lo)
            return tuple(a + (b - a) * t for a, b in zip(c0, c1))
    raise AssertionError(f"{at} is outside the colorscale")


def test_coverage_heatmap_zero_has_its_own_neutral_colour(seed):
    fig = C.coverage_heatmap(seed["matrix"], topic_labels=seed["labels"])
    zero = _cell_colour(fig, 0)
    assert zero == _rgb(C.ZERO_COLOR)
    assert max(zero) - min(zero) < 5  # grey
    for v in range(1, int(seed["matrix"].to_numpy().max()) + 1):
        colour = _cell_colour(fig, v)
        assert sum(abs(a - b) for a, b in zip(colour, zero)) > 80, (v, colour)


@pytest.mark.parametrize("values", [[[0, 3], [1, 0]], [[0, 0], [0, 0]]])
def test_coverage_heatmap_hand_made(values):
    matrix = pd.DataFrame(values, index=["A", "B"], columns=["t1", "t2"])
    fig = C.coverage_heatmap(matrix, topic_labels={"t1": "Topic one"})
    heat = fig.data[0]
    assert [list(r) for r in heat.text] == [[str(v) for v in row] for row in values]
    assert list(heat.x) == ["Topic one", "t2"]  # a topic without a label shows its id
    assert [[list(c) for c in row] for row in heat.customdata] == [
        [["A", "t1"], ["A", "t2"]],
        [["B", "t1"], ["B", "t2"]],
    ]
    assert heat.zmax >= 1 and _cell_colour(fig, 0) == _rgb(C.ZERO_COLOR)


# tone_by_outlet


@pytest.mark.parametrize("measure, low, high", [(S.POLARITY, -1, 1), (S.SUBJECTIVITY, 0, 1)])
def test_tone_by_outlet_points_are_the_sentences_and_articles(seed, measure, low, high):
    articles, sentences, colors = seed["articles"], seed["sentences"], seed["colors"]
    fig = C.tone_by_outlet(articles, sentences, colors=colors, measure=measure)
    assert {t.type for t in fig.data} == {"scatter"}
    *strips, diamonds = fig.data
    by_sentence = sentences.set_index([S.ARTICLE_ID, S.SENTENCE_ID])[measure]
    outlet_of = articles.set_index(S.ARTICLE_ID)[S.OUTLET]
    # Outlet ticks wrap onto lines (<br>) so a phone-width chart keeps them all.
    ticks = {v: t.replace("<br>", " ") for v, t in zip(fig.layout.xaxis.tickvals, fig.layout.xaxis.ticktext)}
    seen = []
    for trace in strips:
        for x, y, (article_id, sentence_id) in points(trace):
            assert y == by_sentence.loc[(article_id, sentence_id)]
            outlet = outlet_of[article_id]
            assert trace.marker.color == colors[outlet]
            assert ticks[round(x)] == shown(outlet) and abs(x - round(x)) <= 0.25
            seen.append((article_id, sentence_id))
    assert sorted(seen) == sorted(by_sentence.index)

    assert diamonds.marker.symbol == "diamond" and diamonds.marker.color == "black"
    assert diamonds.name == f"Article {measure}"
    by_article = articles.set_index(S.ARTICLE_ID)[measure]
    for x, y, (article_id, minus_one) in points(diamonds):
        assert minus_one == -1 and y == by_article[article_id]
        assert ticks[x] == shown(outlet_of[article_id])
    assert len(diamonds.x) == len(articles)
    assert all(f"Article {measure}:" in h for h in diamonds.hovertext)

    y_low, y_high = fig.layout.yaxis.range
    assert y_low <= low and high <= y_high and y_high - y_low < 1.2 * (high - low)
    zero_lines = [s for s in fig.layout.shapes if s.y0 == 0 and s.y1 == 0]
    assert len(zero_lines) == (1 if measure == S.POLARITY else 0)


def _articles(rows: list[dict]) -> pd.DataFrame:
    base = {
        S.TITLE: "A title",
        S.N_WORDS: 100,
        S.N_SENTENCES: 2,
        S.POLARITY: 0.1,
        S.SUBJECTIVITY: 0.4,
        S.PUBLISHED: None,
        S.PUBLISHED_SOURCE: None,
    }
    return pd.DataFrame([{**base, **r} for r in rows])


def _sentences(rows: list[dict]) -> pd.DataFrame:
    base = {S.TEXT: "A sentence.", S.POLARITY: 0.0, S.SUBJECTIVITY: 0.0}
    return pd.DataFrame([{**base, **r} for r in rows])


def test_tone_by_outlet_leaves_out_sentences_of_articles_filtered_away():
    articles = _articles([{S.ARTICLE_ID: "a1", S.OUTLET: "One"}])
    sentences = _sentences(
        [
            {S.ARTICLE_ID: "a1", S.SENTENCE_ID: 0, S.POLARITY: 0.5},
            {S.ARTICLE_ID: "a1", S.SENTENCE_ID: 1, S.POLARITY: float("nan")},
            {S.ARTICLE_ID: "a2", S.SENTENCE_ID: 0, S.POLARITY: -0.5},
        ]
    )
    fig = C.tone_by_outlet(articles, sentences, colors={"One": "red"})
    strip, diamond = fig.data
    assert points(strip) == [(pytest.approx(strip.x[0]), 0.5, ("a1", 0))]
    assert points(diamond) == [(0, 0.1, ("a1", -1))]


def test_tone_by_outlet_draws_only_the_outlets_with_the_most_sentences():
    # 35 outlets, outlet k with k + 1 sentences: the 30 largest are outlets 5..34.
    names = [f"Outlet {k:02d}" for k in range(35)]
    articles = _articles([{S.ARTICLE_ID: f"a{k}", S.OUTLET: n, S.N_SENTENCES: k + 1} for k, n in enumerate(names)])
    sentences = _sentences(
        [{S.ARTICLE_ID: f"a{k}", S.SENTENCE_ID: i, S.POLARITY: 0.1} for k in range(35) for i in range(k + 1)]
    )
    fig = C.tone_by_outlet(articles, sentences, colors={}, max_points=None)
    kept = names[5:]
    assert C.tone_outlets(articles) == kept
    assert [t.name for t in fig.data[:-1]] == kept
    assert list(fig.layout.xaxis.ticktext) == kept and list(fig.layout.xaxis.tickvals) == list(range(30))
    diamonds = fig.data[-1]
    assert sorted(c[0] for c in diamonds.customdata) == sorted(f"a{k}" for k in range(5, 35))
    every = C.tone_by_outlet(articles, sentences, colors={}, max_points=None, max_outlets=None)
    assert len(every.data) == 36


def test_tone_by_outlet_keeps_each_point_in_place_when_others_are_filtered(seed):
    articles, sentences, colors = seed["articles"], seed["sentences"], seed["colors"]

    def x_of(fig):
        return {c: x for trace in fig.data[:-1] for x, _, c in points(trace)}

    everything = x_of(C.tone_by_outlet(articles, sentences, colors=colors))
    fewer = x_of(C.tone_by_outlet(articles, sentences.iloc[::3], colors=colors))
    assert fewer and all(everything[c] == x for c, x in fewer.items())


def test_tone_by_outlet_hover_excerpt_is_escaped_and_truncated():
    long = HOSTILE_SENTENCE + " " + " ".join(f"word{i}" for i in range(60)) + " THE-END"
    articles = _articles([{S.ARTICLE_ID: "a1", S.OUTLET: "One"}])
    fig = C.tone_by_outlet(articles, _sentences([{S.ARTICLE_ID: "a1", S.SENTENCE_ID: 0, S.TEXT: long}]), colors={})
    hover = fig.data[0].hovertext[0]
    excerpt = hover.split("<br>", 2)[2]
    assert "<a " not in excerpt and "&lt;a href=" in excerpt
    assert '"the talks"' in excerpt and "&quot;" not in excerpt  # plotly.js would print &quot;
    plain = html.unescape(excerpt.replace("<br>", " "))
    assert len(plain) <= C.EXCERPT_CHARS and plain.endswith("…") and "THE-END" not in plain
    assert fig.data[0].marker.color == C.FALLBACK_COLOR  # outlet missing from colors


def test_tone_by_outlet_rejects_an_unknown_measure(seed):
    with pytest.raises(ValueError) as err:
        C.tone_by_outlet(seed["articles"], seed["sentences"], colors={}, measure="tone")
    assert str(err.value) == (
        "tone_by_outlet: unknown measure 'tone'; use 'polarity', 'subjectivity' or 'vader_compound'"
    )


def test_tone_by_outlet_draws_vader_compound_on_a_signed_axis(seed):
    articles, sentences, colors = seed["articles"], seed["sentences"], seed["colors"]
    fig = C.tone_by_outlet(articles, sentences, colors=colors, measure=S.VADER_COMPOUND)
    *strips, diamonds = fig.data
    by_sentence = sentences.set_index([S.ARTICLE_ID, S.SENTENCE_ID])[S.VADER_COMPOUND]
    assert sorted(c for t in strips for _, _, c in points(t)) == sorted(by_sentence.index)
    assert all(y == by_sentence.loc[c] for t in strips for _, y, c in points(t))
    assert diamonds.name == "Article VADER compound"
    assert list(diamonds.y) == articles[S.VADER_COMPOUND].tolist()
    assert strips[0].hovertext[0].split("<br>")[1].startswith("VADER compound: ")
    assert fig.layout.yaxis.title.text.startswith("VADER compound")
    assert len([s for s in fig.layout.shapes if s.y0 == 0 and s.y1 == 0]) == 1


def _intervals(rows: list[dict]) -> pd.DataFrame:
    base = {"measure": S.POLARITY, S.N_SENTENCES: 10}
    return pd.DataFrame([{**base, **r} for r in rows], columns=INTERVAL_COLUMNS)


def test_tone_by_outlet_shows_each_outlet_mean_with_its_interval(seed):
    articles, sentences, colors = seed["articles"], seed["sentences"], seed["colors"]
    intervals = tone_intervals(sentences, articles, measure=S.POLARITY)
    fig = C.tone_by_outlet(articles, sentences, colors=colors, intervals=intervals)
    *strips, diamonds, means = fig.data
    assert diamonds.name == "Article polarity" and means.name == "Outlet mean, 95% interval"
    # Outlet ticks wrap onto lines (<br>) so a phone-width chart keeps them all.
    ticks = {v: t.replace("<br>", " ") for v, t in zip(fig.layout.xaxis.tickvals, fig.layout.xaxis.ticktext)}
    by_outlet = intervals.set_index(S.OUTLET)
    assert len(means.x) == len(intervals) == 5
    for x, y, up, down, (outlet, minus_two), hover in zip(
        means.x, means.y, means.error_y.array, means.error_y.arrayminus, means.customdata, means.hovertext
    ):
        r = by_outlet.loc[outlet]
        assert minus_two == -2 and ticks[round(x)] == shown(outlet) and 0.25 < x - round(x) < 0.4
        assert y == r[MEAN] and y + up == pytest.approx(r[HIGH]) and y - down == pytest.approx(r[LOW])
        assert f"95% interval {r[LOW]:+.2f} … {r[HIGH]:+.2f}" in hover
    assert means.error_y.symmetric is False and means.error_y.type == "data"
    assert means.hovertemplate == "%{hovertext}<extra></extra>"
    # The strips and diamonds are exactly those of the figure without intervals.
    plain = C.tone_by_outlet(articles, sentences, colors=colors)
    assert [t.to_plotly_json() for t in fig.data[:-1]] == [t.to_plotly_json() for t in plain.data]


def test_selecting_an_outlet_mean_lists_no_sentence_and_opens_no_article():
    articles = _articles([{S.ARTICLE_ID: "a1", S.OUTLET: "One"}])
    sentences = _sentences([{S.ARTICLE_ID: "a1", S.SENTENCE_ID: 0}])
    fig = C.tone_by_outlet(
        articles, sentences, colors={}, intervals=_intervals([{S.OUTLET: "One", MEAN: 0.1, LOW: 0.0, HIGH: 0.2}])
    )
    selection = {"selection": {"points": [{"customdata": list(c)} for t in fig.data for c in t.customdata]}}
    assert selected_sentence_keys(selection) == [("a1", 0)]
    assert selected_article_ids(selection) == ["a1"]


def test_tone_interval_of_a_one_sentence_outlet_has_no_bar_and_says_why():
    articles = _articles([{S.ARTICLE_ID: "a1", S.OUTLET: "One"}, {S.ARTICLE_ID: "a2", S.OUTLET: "Two"}])
    sentences = _sentences([{S.ARTICLE_ID: "a1", S.SENTENCE_ID: 0}, {S.ARTICLE_ID: "a2", S.SENTENCE_ID: 0}])
    intervals = _intervals(
        [
            {S.OUTLET: "One", MEAN: 0.1, LOW: float("nan"), HIGH: float("nan"), S.N_SENTENCES: 1},
            {S.OUTLET: "Two", MEAN: 0.2, LOW: 0.1, HIGH: 0.4},
            {S.OUTLET: "Filtered away", MEAN: 0.0, LOW: -0.1, HIGH: 0.1},
        ]
    )
    means = C.tone_by_outlet(articles, sentences, colors={}, intervals=intervals).data[-1]
    assert [c[0] for c in means.customdata] == ["One", "Two"]
    assert list(means.error_y.array) == [None, pytest.approx(0.2)]
    assert list(means.error_y.arrayminus) == [None, pytest.approx(0.1)]
    assert "no interval: 1 sentence is too few to resample" in means.hovertext[0]


def test_tone_interval_hover_escapes_the_outlet():
    articles = _articles([{S.ARTICLE_ID: "a1", S.OUTLET: HOSTILE_OUTLET}])
    sentences = _sentences([{S.ARTICLE_ID: "a1", S.SENTENCE_ID: 0}])
    intervals = _intervals([{S.OUTLET: HOSTILE_OUTLET, MEAN: 0.1, LOW: 0.0, HIGH: 0.2}])
    fig = C.tone_by_outlet(articles, sentences, colors={}, intervals=intervals)
    strings = list(_displayed_strings(json.loads(fig.to_json())))
    assert not any("<script" in s for s in strings)
    assert shown(HOSTILE_OUTLET) in fig.data[-1].hovertext[0]
    assert [list(c) for c in fig.data[-1].customdata] == [[HOSTILE_OUTLET, -2]]  # raw, for filtering


def test_tone_by_outlet_with_empty_intervals_adds_no_trace(seed):
    articles, sentences, colors = seed["articles"], seed["sentences"], seed["colors"]
    fig = C.tone_by_outlet(articles, sentences, colors=colors, intervals=_intervals([]))
    assert len(fig.data) == len(C.tone_by_outlet(articles, sentences, colors=colors).data)


# publication_timeline


def test_publication_timeline_one_marker_per_dated_article(seed):
    articles, colors = seed["articles"], seed["colors"]
    fig = C.publication_timeline(articles, colors=colors)
    by_id = articles.set_index(S.ARTICLE_ID)
    seen = []
    for trace in fig.data:
        assert trace.type == "scatter"
        for x, y, (article_id,), hover in zip(trace.x, trace.y, trace.customdata, trace.hovertext, strict=True):
            row = by_id.loc[article_id]
            assert x == pd.Timestamp(row[S.PUBLISHED]).strftime("%Y-%m-%d")
            assert y == shown(row[S.OUTLET]) and trace.marker.color == colors[row[S.OUTLET]]
            title = shown(row[S.TITLE]) if pd.notna(row[S.TITLE]) else "—"
            assert title in hover and f"Published {x} (date from {row[S.PUBLISHED_SOURCE]})" in hover
            seen.append(article_id)
    dated = articles.loc[articles[S.PUBLISHED].notna(), S.ARTICLE_ID]
    assert sorted(seen) == sorted(dated) and LOCAL_GLOB not in seen and len(seen) == 4
    assert fig.layout.xaxis.type == "date"


def test_publication_timeline_without_any_date_is_the_empty_figure():
    articles = _articles(
        [
            {S.ARTICLE_ID: "a1", S.OUTLET: "One", S.PUBLISHED: None},
            {S.ARTICLE_ID: "a2", S.OUTLET: "Two", S.PUBLISHED: "not a date"},
        ]
    )
    assert empty_figure_ok(C.publication_timeline(articles, colors={}))


# tone_by_topic


def test_tone_by_topic_bars_map_back_to_the_table(seed):
    tone, colors, labels = seed["tone"], seed["colors"], seed["labels"]
    fig = C.tone_by_topic(tone, colors=colors, topic_labels=labels)
    assert fig.layout.barmode == "group" and fig.layout.showlegend is True
    assert [t.name for t in fig.data] == [shown(o) for o in sorted(tone[S.OUTLET].unique())]
    rows = tone.set_index([S.OUTLET, S.TOPIC])
    seen = []
    for trace in fig.data:
        assert trace.type == "bar" and trace.marker.color == colors[trace.customdata[0][0]]
        for x, y, base, text, key, hover in zip(
            trace.x, trace.y, trace.base, trace.text, map(tuple, trace.customdata), trace.hovertext, strict=True
        ):
            row = rows.loc[key]
            # A tone near 0 is drawn as a thin bar centred on 0; its text gives the true value.
            drawn = row[S.POLARITY] if abs(row[S.POLARITY]) >= C._MIN_BAR else C._MIN_BAR
            assert (y, base) == (drawn, 0.0 if abs(row[S.POLARITY]) >= C._MIN_BAR else -C._MIN_BAR / 2)
            assert text == f"{row[S.POLARITY]:+.2f}" and x == shown(labels[key[1]])
            assert f"subjectivity {row[S.SUBJECTIVITY]:.2f}" in hover
            n = int(row[S.N_EVIDENCE])
            assert f"<br>{n} evidence sentence{'' if n == 1 else 's'}" in hover
            seen.append(key)
    assert sorted(seen) == sorted(rows.index)
    assert list(fig.layout.xaxis.categoryarray) == [shown(labels[t]) for t in labels if t in set(tone[S.TOPIC])]
    low, high = fig.layout.yaxis.range
    assert low <= -1 and high >= 1


# article_lengths


def test_article_lengths_bars_map_back_to_articles(seed):
    articles, colors = seed["articles"], seed["colors"]
    fig = C.article_lengths(articles, colors=colors)
    by_id = articles.set_index(S.ARTICLE_ID)
    tick = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext))
    seen = []
    for trace in fig.data:
        assert trace.type == "bar" and trace.orientation == "h"
        for x, y, (article_id,), hover in zip(trace.x, trace.y, trace.customdata, trace.hovertext, strict=True):
            row = by_id.loc[article_id]
            assert y == article_id and x == row[S.N_WORDS]
            assert tick[article_id] == shown(row[S.OUTLET]) and trace.marker.color == colors[row[S.OUTLET]]
            assert f"{row[S.N_WORDS]:,} words · {row[S.N_SENTENCES]} sentences" in hover
            seen.append(article_id)
    assert sorted(seen) == sorted(articles[S.ARTICLE_ID])
    longest_first = articles.sort_values(S.N_WORDS, ascending=False)[S.ARTICLE_ID].tolist()
    assert list(fig.layout.yaxis.categoryarray) == longest_first


def test_article_lengths_keeps_two_articles_of_one_outlet_apart():
    articles = _articles(
        [
            {S.ARTICLE_ID: "a1", S.OUTLET: "One", S.N_WORDS: 300},
            {S.ARTICLE_ID: "a2", S.OUTLET: "One", S.N_WORDS: 500, S.TITLE: None},
        ]
    )
    (trace,) = C.article_lengths(articles, colors={"One": "red"}).data
    assert sorted(points(trace)) == [(300, "a1", ("a1",)), (500, "a2", ("a2",))]
    assert "<br>—<br>" in trace.hovertext[list(trace.y).index("a2")]


# across charts


def test_an_outlet_has_one_colour_in_every_chart(seed):
    colors = seed["colors"]
    found: dict[str, set[str]] = {}
    for name, fig in seed_figures(seed).items():
        if name == "coverage_heatmap":
            continue
        for trace in fig.data:
            if trace.name == "Article polarity":
                continue
            found.setdefault(html.unescape(trace.name), set()).add(trace.marker.color)
    assert set(found) == set(seed["articles"][S.OUTLET])
    assert all(found[o] == {colors[o]} for o in found)
    assert len({colors[o] for o in found}) == len(found)


def _displayed_strings(node, key=None):
    """Every string in a figure's JSON except customdata, which plotly never displays."""
    if key == "customdata":
        return
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _displayed_strings(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _displayed_strings(v, key)


def _hostile_figures():
    articles = _articles(
        [
            {
                S.ARTICLE_ID: "a1",
                S.OUTLET: HOSTILE_OUTLET,
                S.TITLE: HOSTILE_TITLE,
                S.PUBLISHED: "2025-02-27",
                S.PUBLISHED_SOURCE: "<i>page</i>",
            },
            {S.ARTICLE_ID: "a2", S.OUTLET: "Plain", S.PUBLISHED: "2025-02-28", S.PUBLISHED_SOURCE: "url"},
        ]
    )
    sentences = _sentences(
        [
            {S.ARTICLE_ID: "a1", S.SENTENCE_ID: 0, S.TEXT: HOSTILE_SENTENCE, S.TOPICS: ["t"]},
            {S.ARTICLE_ID: "a2", S.SENTENCE_ID: 0, S.TOPICS: []},
        ]
    )
    tone = pd.DataFrame(
        [{S.OUTLET: HOSTILE_OUTLET, S.TOPIC: "t", S.POLARITY: 0.2, S.SUBJECTIVITY: 0.5, S.N_EVIDENCE: 1}]
    )
    colors = C.outlet_colors(articles[S.OUTLET])
    labels = {"t": "<b>Topic</b>"}
    return {
        "coverage_heatmap": C.coverage_heatmap(coverage_matrix(sentences, articles, ["t"]), topic_labels=labels),
        "tone_by_outlet": C.tone_by_outlet(articles, sentences, colors=colors),
        "publication_timeline": C.publication_timeline(articles, colors=colors),
        "tone_by_topic": C.tone_by_topic(tone, colors=colors, topic_labels=labels),
        "article_lengths": C.article_lengths(articles, colors=colors),
    }


@pytest.mark.parametrize(
    "name", ["coverage_heatmap", "tone_by_outlet", "publication_timeline", "tone_by_topic", "article_lengths"]
)
def test_article_strings_are_escaped_wherever_plotly_shows_them(name):
    fig = _hostile_figures()[name]
    # fig.to_json() writes "<" as \u003c, so a search of the raw JSON text could never fail;
    # search the decoded strings instead.
    strings = list(_displayed_strings(json.loads(fig.to_json())))
    for s in strings:
        for raw in ("<script", "<img", "<a ", "<i>", "<b>Topic"):
            assert raw not in s, (raw, s)
    assert any(shown(HOSTILE_OUTLET) in s for s in strings)
    for trace in fig.data:
        assert "customdata" not in (trace.hovertemplate or "")
    if name in ("coverage_heatmap", "tone_by_topic"):
        # customdata keeps the raw name, so the app filters with == and no unescaping
        outlets = {c[0] for t in fig.data[-1:] for c in t.customdata}
        assert HOSTILE_OUTLET in outlets


def test_every_figure_is_plotly_white_untitled_and_sized(seed):
    for name, fig in seed_figures(seed).items():
        assert fig.layout.template == pio.templates["plotly_white"], name
        assert fig.layout.title.text is None, name
        assert 200 <= fig.layout.height <= 900, name
        assert fig.layout.showlegend is (name in {"tone_by_outlet", "tone_by_topic"}), name
        for trace in fig.data:
            if trace.hoverinfo != "skip":
                assert trace.hovertemplate == "%{hovertext}<extra></extra>", name
                assert trace.customdata is not None and len(trace.customdata) == len(trace.hovertext), name


# empty input


def _schema_empty(columns):
    return pd.DataFrame(columns=columns)


@pytest.mark.parametrize("frame", [_schema_empty, lambda _: pd.DataFrame()], ids=["schema columns", "no columns"])
@pytest.mark.parametrize(
    "build",
    [
        lambda f: C.coverage_heatmap(f(["funding", "staffing"]), topic_labels={}),
        lambda f: C.tone_by_outlet(f(S.ARTICLE_COLUMNS), f(S.SENTENCE_COLUMNS), colors={}),
        lambda f: C.tone_by_outlet(f(S.ARTICLE_COLUMNS), f(S.SENTENCE_COLUMNS), colors={}, measure=S.SUBJECTIVITY),
        lambda f: C.publication_timeline(f(S.ARTICLE_COLUMNS), colors={}),
        lambda f: C.tone_by_topic(f(S.TONE_BY_TOPIC_COLUMNS), colors={}, topic_labels={}),
        lambda f: C.article_lengths(f(S.ARTICLE_COLUMNS), colors={}),
    ],
    ids=[
        "coverage_heatmap",
        "tone_by_outlet",
        "tone_by_outlet_subjectivity",
        "publication_timeline",
        "tone_by_topic",
        "article_lengths",
    ],
)
def test_empty_input_gives_the_empty_figure(build, frame):
    fig = build(frame)
    assert empty_figure_ok(fig)
    assert fig.layout.template == pio.templates["plotly_white"]


def test_coverage_matrix_with_outlets_but_no_topics_is_empty():
    assert empty_figure_ok(C.coverage_heatmap(pd.DataFrame(index=["A", "B"]), topic_labels={}))


def test_tone_by_outlet_with_articles_but_no_scores_is_empty():
    articles = _articles([{S.ARTICLE_ID: "a1", S.OUTLET: "One", S.POLARITY: float("nan")}])
    assert empty_figure_ok(C.tone_by_outlet(articles, _sentences([]), colors={}))


# --- cross-outlet figures ------------------------------------------------------------------


def test_reuse_heatmap_cells_name_the_pair_and_show_percent():
    reuse = pd.DataFrame(
        {
            S.OUTLET: ["A", "B"],
            S.OTHER_OUTLET: ["B", "A"],
            S.SHARE: [0.5, 0.125],
            S.N_WORDS_SHARED: [50, 50],
            S.N_WORDS: [100, 400],
        }
    )
    fig = C.reuse_heatmap(reuse)
    heat, markers = fig.data
    assert [list(r) for r in heat.text] == [["—", "50%"], ["12%", "—"]]
    assert [list(c) for c in markers.customdata] == [["A", "A"], ["A", "B"], ["B", "A"], ["B", "B"]]
    assert "50.0% of its words (50 words)" in markers.hovertext[1]


def test_speaker_heatmap_escapes_speakers_and_keeps_zeros():
    matrix = pd.DataFrame({"A": [2, 0], "B": [0, 1]}, index=["<b>Boss</b>", "Sergey Lavrov"])
    fig = C.speaker_heatmap(matrix)
    heat, markers = fig.data
    assert list(heat.y) == ["&lt;b&gt;Boss&lt;/b&gt;", "Sergey Lavrov"]
    assert [list(r) for r in heat.text] == [["2", "0"], ["0", "1"]]
    assert list(markers.customdata[0]) == ["<b>Boss</b>", "A"]


def test_framing_bars_for_one_outlet():
    framing = pd.DataFrame(
        {
            S.OUTLET: ["A", "A", "B"],
            S.TERM: ["regime", "troops", "government"],
            S.TERM_LOG_ODDS: [3.2, 1.1, 2.0],
            S.COUNT: [6, 3, 5],
            S.COUNT_REST: [0, 1, 1],
            S.SENTENCE_IDS: [["a:0"], ["a:1"], ["b:0"]],
        }
    )
    fig = C.framing_bars(framing, outlet="A", colors={"A": "#123456"})
    bar = fig.data[0]
    assert list(bar.y) == ["regime", "troops"] and list(bar.x) == [3.2, 1.1]
    assert [list(c) for c in bar.customdata] == [["A", "regime"], ["A", "troops"]]
    assert C.framing_bars(framing, outlet="C", colors={}).layout.annotations[0].text == C.EMPTY_MESSAGE
