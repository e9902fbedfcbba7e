"""Figures for the dashboard: pure functions ``DataFrame(s) -> plotly Figure``.

No Streamlit, no I/O. The app places each figure with
``st.plotly_chart(fig, on_select="rerun", selection_mode=("points",), key=...)`` and reads the
selected points' ``customdata`` to list the sentences behind a mark, so every mark that stands
for sentences carries ``customdata`` naming them; each function's docstring says exactly what.

``customdata`` holds raw identifiers (outlet names exactly as in the tables, article ids,
sentence ids, topic ids) so the app can filter with ``==``; plotly never displays it, because
no hover template here refers to it. Everything plotly does display (axis ticks, trace names,
hover text) is built here from article-derived strings passed through :func:`_escape`.

Empty input (no rows) gives a figure that says "Nothing to show for the current filters"; no
function raises on it.
"""

from __future__ import annotations

import textwrap
import zlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pandas as pd
import plotly.colors
import plotly.graph_objects as go

from dashboard import schema as S
from dashboard.corpus.tone import HIGH, LOW, MEAN
from dashboard.frames import in_values
from dashboard.ui.render import UNKNOWN, escape_html

TEMPLATE = "plotly_white"
EMPTY_MESSAGE = "Nothing to show for the current filters"
EXCERPT_CHARS = 120

# The last entry of Safe and of Vivid is their grey "other" colour; greys would read as
# "no data" next to the coverage heatmap's zero cells, so they are left out.
PALETTE: tuple[str, ...] = (*plotly.colors.qualitative.Safe[:-1], *plotly.colors.qualitative.Vivid[:-1])
FALLBACK_COLOR = "#7f7f7f"
ARTICLE_MARKER_COLOR = "black"

# Coverage heatmap: a zero (an outlet leaving a topic out) gets its own neutral colour, well
# apart from the lightest count colour.
ZERO_COLOR = "#ececec"
LOW_COLOR = "#9ecae1"
HIGH_COLOR = "#08306b"

_MEASURES = {
    S.POLARITY: ("Polarity (−1 negative … +1 positive)", (-1.0, 1.0)),
    S.SUBJECTIVITY: ("Subjectivity (0 factual … 1 opinionated)", (0.0, 1.0)),
    S.VADER_COMPOUND: ("VADER compound (−1 negative … +1 positive)", (-1.0, 1.0)),
}
#: How a tone measure is named in legends and hovers ("Article polarity", "VADER compound: +0.31").
_MEASURE_NAMES = {S.POLARITY: "polarity", S.SUBJECTIVITY: "subjectivity", S.VADER_COMPOUND: "VADER compound"}
#: Signed measures (-1 … +1) print with a sign.
_SIGNED = {S.POLARITY, S.VADER_COMPOUND}
INTERVAL_COLOR = "#333333"
_INTERVAL_OFFSET = 0.36  # the outlet's mean and interval sit right of its strip, in outlet slots
_JITTER = 0.25  # half-width of a strip, in outlet slots
# Outlet tick labels wrap at this many characters and never rotate: on a phone-width chart a
# rotated label of the last slot runs past the figure's edge and plotly drops it.
_TICK_WRAP = 10
# A tone-per-topic bar shorter than this (on the -1 … +1 axis) is drawn this tall, centred on
# zero, so a covered topic with a tone of 0.00 still has a bar; its text gives the true value.
_MIN_BAR = 0.04
_MARGIN = dict(l=10, r=10, t=30, b=10)

# --- how much a figure draws --------------------------------------------------------------
# Every mark travels to the browser with its hover text (about 250 bytes a sentence dot, a few
# hundred a heatmap cell) and the browser draws each one: a figure's size must not grow with
# the corpus. What is left out is said on the page and the view's download has every row.

#: Sentence dots the tone strip draws at most: 2,000 dots is about 0.5 MB with their hovers
#: and still reads as a distribution; more only overplot (the means use every sentence).
TONE_MAX_POINTS = 2_000
#: Article diamonds the tone strip draws at most: a thousand articles already cover every
#: outlet of a large corpus several times over, at about 0.3 MB.
TONE_MAX_ARTICLES = 1_000
#: Rows and columns a heatmap draws at most (the largest by volume): 30 × 30 cells is about
#: 0.4 MB with their hovers and the most a screen shows with readable labels (44 px a row).
HEATMAP_MAX = 30
#: Speakers the speaker heatmap draws (the most quoted): one screen of rows.
SPEAKERS_SHOWN = 25
#: Outlets the publication timeline draws at most (those with the most articles), one row each.
TIMELINE_MAX_OUTLETS = 30
#: Outlets the tone strip draws at most (those with the most sentences), one slot each: 30 slots
#: is as many labels as the axis can show, and plotly spent half a second building 200 strips.
TONE_MAX_OUTLETS = 30


def outlet_colors(outlets: Iterable[str]) -> dict[str, str]:
    """A stable colour per outlet, shared by every chart.

    The unique names are sorted and take colours in order from plotly's qualitative ``Safe``
    then ``Vivid`` palettes (greys left out), cycling after 20 outlets. The same set of
    outlets therefore always gets the same colours, whatever the input order.

    Args:
        outlets: Outlet names; duplicates and missing values (None/NaN) are ignored.

    Returns:
        ``{outlet: "rgb(r, g, b)"}``; colours are distinct for up to 20 outlets.
    """
    names = sorted({str(o) for o in outlets if not _missing(o)})
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def sample_rows(frame: pd.DataFrame, n: int | None, *, on: list[str]) -> pd.DataFrame:
    """At most ``n`` rows of ``frame``, the same ones whatever else the frame holds.

    The rows kept are those with the smallest hash of their ``on`` columns (a fixed hash, not a
    random draw), in their original order: a row kept from a frame is kept from any part of it
    that still contains it, so a point keeps its place when a filter narrows the data.
    ``n=None`` keeps every row.
    """
    if n is None or len(frame) <= n:
        return frame
    keys = pd.util.hash_pandas_object(frame[on], index=False).to_numpy()
    kept = pd.Series(keys).nsmallest(n).index.sort_values()
    return frame.iloc[kept]


def largest(totals: pd.Series, k: int | None) -> list:
    """The labels of the ``k`` largest ``totals`` (ties by label), in their original order; all for ``None``."""
    if k is None or len(totals) <= k:
        return list(totals.index)
    ranked = sorted(totals.index, key=lambda label: (-float(totals[label]), str(label)))
    keep = set(ranked[:k])
    return [label for label in totals.index if label in keep]


def top_of_matrix(matrix: pd.DataFrame, *, rows: int | None = HEATMAP_MAX, columns: int | None = None) -> pd.DataFrame:
    """``matrix`` cut to its ``rows`` largest rows and ``columns`` largest columns by their sums
    (``None``: all), in their original order."""
    kept_rows = largest(matrix.sum(axis=1), rows)
    kept_columns = largest(matrix.sum(axis=0), columns)
    return matrix.loc[kept_rows, kept_columns]


def reuse_outlets(reuse: pd.DataFrame, k: int | None = HEATMAP_MAX) -> list[str]:
    """The outlets the reuse heatmap draws, sorted: the ``k`` with the most words shared either way."""
    if reuse.empty:
        return []
    words = reuse[S.N_WORDS_SHARED].astype(float)
    totals = words.groupby(reuse[S.OUTLET]).sum().add(words.groupby(reuse[S.OTHER_OUTLET]).sum(), fill_value=0)
    return sorted(str(o) for o in largest(totals.sort_index(), k))


def left_out_note(shown: int, total: int, noun: str, *, rest: str) -> str:
    """ "showing 30 of 112 outlets; …": what a capped figure leaves out and where the rest is
    (``rest``); ``""`` when nothing is left out."""
    if shown >= total:
        return ""
    return f"Showing {shown:,} of {total:,} {noun}; {rest}"


def coverage_heatmap(
    matrix: pd.DataFrame, *, topic_labels: Mapping[str, str], max_rows: int | None = HEATMAP_MAX
) -> go.Figure:
    """Evidence sentences per outlet and topic, the count written in every cell.

    Zero cells show "0" on a neutral grey (``ZERO_COLOR``) distinct from every non-zero
    colour: an outlet leaving a topic out is the finding.

    Args:
        matrix: Index = outlets, columns = topic ids, values = evidence-sentence counts
            (as from ``dashboard.corpus.coverage.coverage_from_tone``).
        topic_labels: ``{topic id: label}`` for the x axis; a topic without a label shows
            its id.
        max_rows: Only the outlets with the most evidence sentences are drawn, this many
            (:func:`top_of_matrix`); ``None`` draws all.

    Returns:
        Trace 0, ``go.Heatmap``: z = counts (rows = outlets in matrix order, top to bottom;
        columns = topics in matrix order), ``text`` = the counts as strings, ``customdata[i][j]
        = [outlet, topic_id]``. It is not hoverable, because Streamlit reports no selection
        on heatmaps (streamlit/streamlit#8760). Trace 1, ``go.Scatter``: one invisible marker
        per cell at its centre, ``customdata = [outlet, topic_id]`` and the hover; with
        ``hoverdistance=-1`` a click anywhere in a cell selects that cell's marker, so
        selections arrive from trace 1.
    """
    if matrix.shape[0] == 0 or matrix.shape[1] == 0:
        return _empty_figure()
    matrix = top_of_matrix(matrix, rows=max_rows)
    topics = [str(t) for t in matrix.columns]
    return _count_heatmap(
        matrix,
        x_labels=_topic_axis_labels(topics, topic_labels),
        hover=lambda row, col, n: f"<b>{row}</b><br>{col}<br>{_count(n, 'evidence sentence')}",
    )


def reuse_heatmap(reuse: pd.DataFrame, *, max_outlets: int | None = HEATMAP_MAX) -> go.Figure:
    """Share of each outlet's text (rows) found in another outlet's (columns).

    Args:
        reuse: The reuse table (``outlet, other_outlet, share, n_words_shared, n_words``).
        max_outlets: Only the outlets with the most words shared (either way) are drawn, this
            many, on both axes (:func:`reuse_outlets`); ``None`` draws all.

    Returns:
        A clickable heatmap like :func:`coverage_heatmap`: cell text is the share in
        percent ("—" on the diagonal), ``customdata = [outlet, other_outlet]``; zero shares
        are grey.
    """
    if reuse.empty:
        return _empty_figure()
    outlets = reuse_outlets(reuse, max_outlets)
    reuse = reuse[reuse[S.OUTLET].isin(outlets) & reuse[S.OTHER_OUTLET].isin(outlets)]
    share = reuse.pivot_table(index=S.OUTLET, columns=S.OTHER_OUTLET, values=S.SHARE, aggfunc="first")
    words = reuse.pivot_table(index=S.OUTLET, columns=S.OTHER_OUTLET, values=S.N_WORDS_SHARED, aggfunc="first")
    share = share.reindex(index=outlets, columns=outlets)
    words = words.reindex(index=outlets, columns=outlets)
    labels = [_escape(o) for o in outlets]
    z = [[0.0 if pd.isna(v) else round(float(v) * 100, 1) for v in row] for row in share.to_numpy()]
    counts = words.to_numpy(dtype=float)
    text = [["—" if i == j else f"{z[i][j]:.0f}%" for j in range(len(outlets))] for i in range(len(outlets))]
    hover = [
        [
            f"<b>{labels[i]}</b> → found in <b>{labels[j]}</b><br>{z[i][j]:.1f}% of its words "
            f"({0 if pd.isna(counts[i][j]) else int(counts[i][j])} words)"
            for j in range(len(outlets))
        ]
        for i in range(len(outlets))
    ]
    fig = _clickable_heatmap(
        z, rows=outlets, cols=outlets, x_labels=labels, y_labels=labels, text=text, hover=hover, zmax=100.0
    )
    fig.update_xaxes(title="…found in this outlet")
    fig.update_yaxes(title="Share of this outlet's words…")
    return fig


def speaker_heatmap(
    matrix: pd.DataFrame, *, max_speakers: int = SPEAKERS_SHOWN, max_outlets: int | None = HEATMAP_MAX
) -> go.Figure:
    """Quotes per speaker (rows) and outlet (columns): who each outlet lets speak.

    Args:
        matrix: Index = speakers, columns = outlets, values = counts (as from
            ``quotes.speaker_matrix``); only the first ``max_speakers`` rows are drawn.
        max_outlets: Of those speakers, only the outlets quoting them most are drawn, this
            many (:func:`top_of_matrix`); ``None`` draws all.

    Returns:
        A clickable heatmap like :func:`coverage_heatmap`, ``customdata = [speaker, outlet]``.
    """
    matrix = matrix.head(max_speakers)
    if matrix.shape[0] == 0 or matrix.shape[1] == 0:
        return _empty_figure()
    matrix = top_of_matrix(matrix, rows=None, columns=max_outlets)
    return _count_heatmap(
        matrix,
        x_labels=[_escape(o) for o in matrix.columns],
        hover=lambda row, col, n: f"<b>{row}</b> in {col}<br>{_count(n, 'quote')}",
    )


def _count_heatmap(matrix: pd.DataFrame, *, x_labels: list[str], hover: Callable[[str, str, int], str]) -> go.Figure:
    """A clickable heatmap of counts: rows and columns of ``matrix`` as ids, the count in each cell.

    Args:
        x_labels: Escaped column labels, in column order.
        hover: ``(escaped row label, column label, count) -> hover HTML`` for one cell.
    """
    rows = [str(r) for r in matrix.index]
    cols = [str(c) for c in matrix.columns]
    y_labels = [_escape(r) for r in rows]
    z = matrix.fillna(0).to_numpy(dtype="int64").tolist()
    return _clickable_heatmap(
        z,
        rows=rows,
        cols=cols,
        x_labels=x_labels,
        y_labels=y_labels,
        text=[[str(v) for v in row] for row in z],
        hover=[[hover(y_labels[i], x_labels[j], z[i][j]) for j in range(len(cols))] for i in range(len(rows))],
    )


def _clickable_heatmap(
    z: list[list[float]],
    *,
    rows: list[str],
    cols: list[str],
    x_labels: list[str],
    y_labels: list[str],
    text: list[list[str]],
    hover: list[list[str]],
    zmax: float | None = None,
) -> go.Figure:
    """A heatmap whose zero cells are grey, with an invisible marker per cell to click.

    Trace 0 draws the cells (not hoverable: Streamlit reports no selection on heatmaps,
    streamlit/streamlit#8760); trace 1 has one invisible marker per cell at its centre with
    ``customdata = [row id, column id]`` and the hover, and ``hoverdistance=-1`` makes a
    click anywhere in a cell select that cell's marker.
    """
    top = zmax if zmax is not None else max((max(row) for row in z), default=0)
    top = max(float(top), 1.0)
    step = 0.5 / top  # halfway between 0 and 1 on the normalised scale
    colorscale = [[0.0, ZERO_COLOR], [step, ZERO_COLOR], [step, LOW_COLOR], [1.0, HIGH_COLOR]]
    cells = [(i, j) for i in range(len(rows)) for j in range(len(cols))]
    fig = go.Figure()
    fig.add_trace(
        go.Heatmap(
            z=z,
            x=x_labels,
            y=y_labels,
            zmin=0,
            zmax=top,
            colorscale=colorscale,
            showscale=False,
            text=text,
            texttemplate="%{text}",
            textfont=dict(size=14),
            customdata=[[[r, c] for c in cols] for r in rows],
            xgap=3,
            ygap=3,
            hoverinfo="skip",
            name="cells",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[x_labels[j] for _, j in cells],
            y=[y_labels[i] for i, _ in cells],
            mode="markers",
            marker=dict(symbol="square-open", size=26, color="black", opacity=0, line=dict(width=2)),
            selected=dict(marker=dict(opacity=1)),
            unselected=dict(marker=dict(opacity=0)),
            customdata=[[rows[i], cols[j]] for i, j in cells],
            hovertext=[hover[i][j] for i, j in cells],
            hovertemplate="%{hovertext}<extra></extra>",
            showlegend=False,
            name="cell markers",
        )
    )
    _base_layout(fig, height=max(220, 90 + 44 * len(rows)))
    fig.update_layout(hovermode="closest", hoverdistance=-1)
    fig.update_xaxes(
        type="category", showgrid=False, zeroline=False, title=None, categoryorder="array", categoryarray=x_labels
    )
    fig.update_yaxes(
        type="category",
        showgrid=False,
        zeroline=False,
        autorange="reversed",
        title=None,
        categoryorder="array",
        categoryarray=y_labels,
    )
    return fig


def framing_bars(framing: pd.DataFrame, *, outlet: str, colors: Mapping[str, str], top: int = 20) -> go.Figure:
    """The terms that set ``outlet`` apart, as horizontal bars of their z-scored log-odds.

    Returns:
        One ``go.Bar`` (terms top to bottom by z), ``customdata = [outlet, term]``; hover
        shows the counts in the outlet and in the rest.
    """
    rows = framing[framing[S.OUTLET] == outlet].head(top)
    if rows.empty:
        return _empty_figure()
    terms = [str(t) for t in rows[S.TERM]]
    fig = go.Figure(
        go.Bar(
            x=rows[S.TERM_LOG_ODDS].round(2).tolist(),
            y=[_escape(t) for t in terms],
            orientation="h",
            marker_color=colors.get(outlet, FALLBACK_COLOR),
            customdata=[[outlet, t] for t in terms],
            hovertext=[
                f"<b>{_escape(t)}</b><br>z = {z:.2f}<br>{c} in this outlet, {r} in the others"
                for t, z, c, r in zip(terms, rows[S.TERM_LOG_ODDS], rows[S.COUNT], rows[S.COUNT_REST])
            ],
            hovertemplate="%{hovertext}<extra></extra>",
            name="framing",
        )
    )
    _base_layout(fig, height=max(220, 60 + 24 * len(terms)))
    fig.update_yaxes(autorange="reversed", type="category", title=None)
    fig.update_xaxes(title="z-scored log-odds vs the other outlets (1.96 ≈ 95%)", zeroline=True)
    fig.add_vline(x=1.96, line_dash="dot", line_color="#8c959f")
    return fig


def tone_by_outlet(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    colors: Mapping[str, str],
    measure: str = S.POLARITY,
    intervals: pd.DataFrame | None = None,
    confidence: float = 0.95,
    max_points: int | None = TONE_MAX_POINTS,
    max_articles: int | None = TONE_MAX_ARTICLES,
    max_outlets: int | None = TONE_MAX_OUTLETS,
) -> go.Figure:
    """Every sentence's tone as a jittered strip per outlet, with each article's overall figure.

    Outlets sit at x = 0, 1, 2, … (sorted names, tick labels = outlet names); a sentence
    point sits within ±0.25 of its outlet, its offset fixed by its ids so it does not move
    between reruns; y is the sentence's exact score.

    Args:
        articles: Rows of the articles table; ``articles[measure]`` is the article's figure
            (word-weighted mean of its sentences).
        sentences: Rows of the sentences table; sentences of articles not in ``articles``
            are left out.
        colors: ``{outlet: colour}`` from :func:`outlet_colors`.
        measure: ``S.POLARITY`` or ``S.VADER_COMPOUND`` (y in [-1, 1], with a zero line) or
            ``S.SUBJECTIVITY`` (y in [0, 1]).
        intervals: Optional rows of ``corpus.tone.tone_intervals`` for ``measure`` (columns
            ``outlet, mean, low, high, n_sentences``); outlets not on the axis are left out.
        confidence: The intervals' confidence, for their labels only.
        max_points: At most this many sentence points are drawn (scored sentences of the
            articles shown), a fixed sample (:func:`sample_rows` on the ids) so a point drawn
            stays drawn when a filter narrows the data; ``None`` draws every one. The
            articles' figures and the intervals still come from every sentence.
        max_articles: Likewise for the article diamonds (sampled by article id).
        max_outlets: Only the outlets with the most sentences are drawn, this many
            (:func:`tone_outlets`); ``None`` draws all. The points and diamonds are sampled
            among those outlets' articles.

    Returns:
        One ``go.Scatter`` of sentence points per outlet (``name`` = escaped outlet,
        ``customdata = [article_id, sentence_id]``), then one ``go.Scatter`` named
        "Article <measure>" of black diamonds, one per article, ``customdata = [article_id, -1]``
        (-1: the whole article, not one sentence). Rows with a missing score are left out.
        With ``intervals``, a last ``go.Scatter`` named "Outlet mean, <confidence> interval":
        one open square per outlet at its mean, ``_INTERVAL_OFFSET`` right of its slot, with
        asymmetric error bars from ``low`` to ``high`` (none where they are NaN: too few
        sentences), ``customdata = [outlet, -2]`` (-2: an outlet's mean, neither a sentence
        nor an article, so selecting it lists nothing).

    Raises:
        ValueError: ``measure`` is not a tone measure.
    """
    if measure not in _MEASURES:
        known = [repr(m) for m in _MEASURES]
        raise ValueError(f"tone_by_outlet: unknown measure {measure!r}; use {', '.join(known[:-1])} or {known[-1]}")
    if len(articles) == 0:
        return _empty_figure()
    axis_title, (low, high) = _MEASURES[measure]
    arts = articles[[S.ARTICLE_ID, S.OUTLET, S.TITLE, S.N_SENTENCES, measure]]
    outlets = tone_outlets(arts, max_outlets)
    if len(outlets) < arts[S.OUTLET].nunique():
        arts = arts[arts[S.OUTLET].astype(str).isin(outlets)]
    slot = {o: k for k, o in enumerate(outlets)}
    points = pd.DataFrame(columns=[S.ARTICLE_ID, S.SENTENCE_ID, S.TEXT, measure, S.OUTLET])
    if len(sentences):
        scored = tone_points(sentences, arts, measure=measure)
        # Sampled before the merge: only the points drawn are joined to their outlet.
        points = sample_rows(scored, max_points, on=[S.ARTICLE_ID, S.SENTENCE_ID])[
            [S.ARTICLE_ID, S.SENTENCE_ID, S.TEXT, measure]
        ].merge(arts[[S.ARTICLE_ID, S.OUTLET]], on=S.ARTICLE_ID, how="inner")
    arts = sample_rows(arts[arts[measure].notna()], max_articles, on=[S.ARTICLE_ID])
    if len(points) == 0 and len(arts) == 0:
        return _empty_figure()

    fig = go.Figure()
    label = _MEASURE_NAMES[measure]
    name = label[0].upper() + label[1:]
    by_outlet = dict(list(points.groupby(points[S.OUTLET].astype(str), sort=False))) if len(points) else {}
    strips = []
    for outlet in outlets:
        rows = by_outlet.get(outlet)
        if rows is None:  # no point of this outlet drawn (a group is never empty)
            continue
        ids = list(zip(rows[S.ARTICLE_ID].astype(str), rows[S.SENTENCE_ID].astype(int)))
        strips.append(
            dict(
                type="scatter",
                x=[slot[outlet] + _jitter(a, s) for a, s in ids],
                y=rows[measure].astype(float).tolist(),
                mode="markers",
                name=_escape(outlet),
                showlegend=False,
                marker=dict(
                    color=colors.get(outlet, FALLBACK_COLOR), size=8, opacity=0.75, line=dict(width=0.5, color="white")
                ),
                customdata=[[a, s] for a, s in ids],
                hovertext=[
                    f"<b>{_escape(outlet)}</b><br>{name}: {_fmt(measure, v)} · sentence {s + 1}<br>{_excerpt(t)}"
                    for (_, s), v, t in zip(ids, rows[measure], rows[S.TEXT])
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    # One call for every outlet's strip: adding them one by one cost plotly half a second at 200 outlets.
    fig.add_traces(strips)
    if len(arts):
        fig.add_trace(
            go.Scatter(
                x=[slot[str(o)] for o in arts[S.OUTLET]],
                y=arts[measure].astype(float).tolist(),
                mode="markers",
                name=f"Article {label}",
                marker=dict(symbol="diamond", color=ARTICLE_MARKER_COLOR, size=13, line=dict(width=1.5, color="white")),
                customdata=[[str(a), -1] for a in arts[S.ARTICLE_ID]],
                hovertext=[
                    f"<b>{_escape(o)}</b><br>Article {label}: {_fmt(measure, v)} "
                    f"(mean of {_count(n, 'sentence')}, weighted by words)<br>{_escape(_or(t, UNKNOWN))}"
                    for o, v, n, t in zip(arts[S.OUTLET], arts[measure], arts[S.N_SENTENCES], arts[S.TITLE])
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    if intervals is not None:
        _add_tone_intervals(fig, intervals, slot=slot, measure=measure, confidence=confidence)
    _base_layout(fig, height=440, showlegend=True)
    # A drag selects dots (the app lists the sentences selected) instead of panning the strip.
    fig.update_layout(legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, xanchor="left"), dragmode="select")
    fig.update_xaxes(
        tickmode="array",
        tickvals=list(range(len(outlets))),
        ticktext=[_wrapped(o) for o in outlets],
        tickangle=0,
        range=[-0.6, len(outlets) - 0.4],
        showgrid=False,
        zeroline=False,
        title=None,
    )
    pad = 0.05 * (high - low)
    fig.update_yaxes(range=[low - pad, high + pad], title=axis_title, zeroline=False)
    if low < 0 < high:
        fig.add_hline(y=0, line=dict(color="#888888", width=1, dash="dot"))
    return fig


def _add_tone_intervals(
    fig: go.Figure, intervals: pd.DataFrame, *, slot: Mapping[str, int], measure: str, confidence: float
) -> None:
    """The outlets' means with their bootstrap intervals, as one trace (see :func:`tone_by_outlet`)."""
    rows = intervals[intervals[S.OUTLET].astype(str).isin(slot)] if len(intervals) else intervals
    if len(rows) == 0:
        return
    label, level = _MEASURE_NAMES[measure], f"{confidence:.0%}"
    outlets = [str(o) for o in rows[S.OUTLET]]
    means, lows, highs = (rows[c].astype(float).tolist() for c in (MEAN, LOW, HIGH))
    sized = [not (pd.isna(lo) or pd.isna(hi)) for lo, hi in zip(lows, highs)]

    def spread(row: list[float], sign: int) -> list[float | None]:
        return [sign * (v - m) if ok else None for v, m, ok in zip(row, means, sized)]

    def hover(o: str, m: float, lo: float, hi: float, n: Any, ok: bool) -> str:
        interval = (
            f"{level} interval {_fmt(measure, lo)} … {_fmt(measure, hi)} (bootstrap over {_count(n, 'sentence')})"
            if ok
            else f"no interval: {_count(n, 'sentence')} is too few to resample"
        )
        return f"<b>{_escape(o)}</b><br>Outlet {label}: {_fmt(measure, m)}, weighted by words<br>{interval}"

    fig.add_trace(
        go.Scatter(
            x=[slot[o] + _INTERVAL_OFFSET for o in outlets],
            y=means,
            mode="markers",
            name=f"Outlet mean, {level} interval",
            marker=dict(symbol="square-open", color=INTERVAL_COLOR, size=10, line=dict(width=2)),
            error_y=dict(
                type="data",
                symmetric=False,
                array=spread(highs, 1),
                arrayminus=spread(lows, -1),
                color=INTERVAL_COLOR,
                thickness=2,
                width=6,
            ),
            customdata=[[o, -2] for o in outlets],
            hovertext=[
                hover(o, m, lo, hi, n, ok)
                for o, m, lo, hi, n, ok in zip(outlets, means, lows, highs, rows[S.N_SENTENCES], sized)
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )


def tone_points(sentences: pd.DataFrame, articles: pd.DataFrame, *, measure: str) -> pd.DataFrame:
    """The sentences :func:`tone_by_outlet` can draw: those of ``articles`` with a ``measure`` score
    (before :data:`TONE_MAX_POINTS` applies; ``len`` of this is the total a page names)."""
    keep = sentences[measure].notna().to_numpy(dtype=bool) & in_values(sentences[S.ARTICLE_ID], articles[S.ARTICLE_ID])
    return sentences[keep]


def tone_outlets(articles: pd.DataFrame, k: int | None = TONE_MAX_OUTLETS) -> list[str]:
    """The outlets the tone strip draws, sorted: the ``k`` with the most sentences."""
    sizes = articles.groupby(articles[S.OUTLET].astype(str))[S.N_SENTENCES].sum().sort_index()
    return sorted(largest(sizes, k))


def timeline_outlets(articles: pd.DataFrame, k: int | None = TIMELINE_MAX_OUTLETS) -> list[str]:
    """The outlets the publication timeline draws, sorted: the ``k`` with the most articles."""
    counts = articles[S.OUTLET].astype(str).value_counts().sort_index()
    return sorted(largest(counts, k))


def publication_timeline(
    articles: pd.DataFrame, *, colors: Mapping[str, str], max_outlets: int | None = TIMELINE_MAX_OUTLETS
) -> go.Figure:
    """When each outlet published: one marker per dated article.

    Args:
        articles: Rows of the articles table. Articles without a usable ``published`` date
            are absent (the app lists them).
        colors: ``{outlet: colour}`` from :func:`outlet_colors`.
        max_outlets: Only the outlets with the most articles are drawn, this many
            (:func:`timeline_outlets`); ``None`` draws all.

    Returns:
        One ``go.Scatter`` per outlet with dated articles (x = date ``YYYY-MM-DD``,
        y = escaped outlet), ``customdata = [article_id]``. Hover: outlet, escaped title,
        date and the date's source (``published_source``).
    """
    if len(articles) == 0:
        return _empty_figure()
    articles = articles[articles[S.OUTLET].astype(str).isin(timeline_outlets(articles, max_outlets))]
    dated = articles.assign(_date=pd.to_datetime(articles[S.PUBLISHED], errors="coerce"))
    dated = dated[dated["_date"].notna()].sort_values([S.OUTLET, "_date"])
    if len(dated) == 0:
        return _empty_figure()
    outlets = sorted({str(o) for o in dated[S.OUTLET]})
    y_labels = [_escape(o) for o in outlets]

    fig = go.Figure()
    by_outlet = dict(list(dated.groupby(dated[S.OUTLET].astype(str), sort=False)))
    rows_of = []
    for outlet in outlets:
        rows = by_outlet[outlet]
        days = [d.strftime("%Y-%m-%d") for d in rows["_date"]]
        rows_of.append(
            dict(
                type="scatter",
                x=days,
                y=[_escape(outlet)] * len(rows),
                mode="markers",
                name=_escape(outlet),
                showlegend=False,
                marker=dict(
                    color=colors.get(outlet, FALLBACK_COLOR), size=14, opacity=0.85, line=dict(width=1, color="white")
                ),
                customdata=[[str(a)] for a in rows[S.ARTICLE_ID].tolist()],
                hovertext=[
                    f"<b>{_escape(outlet)}</b><br>{_escape(_or(t, UNKNOWN))}<br>"
                    f"Published {d} (date from {_escape(_or(src, UNKNOWN))})"
                    for t, d, src in zip(rows[S.TITLE].tolist(), days, rows[S.PUBLISHED_SOURCE].tolist())
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    # One call for every outlet's row: a go.Scatter each, added one by one, was validated twice.
    fig.add_traces(rows_of)
    first, last = dated["_date"].min(), dated["_date"].max()
    one_day = pd.Timedelta(days=1)
    _base_layout(fig, height=max(220, 100 + 44 * len(outlets)))
    fig.update_xaxes(
        type="date",
        range=[(first - one_day).strftime("%Y-%m-%d"), (last + one_day).strftime("%Y-%m-%d")],
        tickformat="%d %b %Y",
        title="Published",
    )
    if last - first <= pd.Timedelta(days=14):
        # One tick per day for a news event; plotly's default would add hours between days.
        fig.update_xaxes(dtick=86_400_000)
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=y_labels, autorange="reversed", title=None)
    return fig


def tone_by_topic(tone: pd.DataFrame, *, colors: Mapping[str, str], topic_labels: Mapping[str, str]) -> go.Figure:
    """Polarity of each outlet's evidence sentences per topic, as grouped bars.

    Args:
        tone: The tone_by_topic table (``outlet, topic, polarity, subjectivity,
            n_sentences``). An outlet × topic pair without evidence has no row and no bar.
        colors: ``{outlet: colour}`` from :func:`outlet_colors`.
        topic_labels: ``{topic id: label}``; topics are ordered as in this mapping, then any
            others by id; a topic without a label shows its id.

    Returns:
        One ``go.Bar`` per outlet (sorted; ``name`` = escaped outlet, shown in the legend),
        x = topic label, y = polarity in [-1, 1], ``customdata = [outlet, topic_id]``, the
        polarity written at every bar (``text``, "+0.00"). A polarity within ``_MIN_BAR`` of 0
        is drawn as a bar ``_MIN_BAR`` tall centred on 0 (``base`` = -``_MIN_BAR``/2), so every
        covered topic has a visible bar and only an uncovered one has none.
        Hover: outlet, topic, polarity, subjectivity, number of sentences.
    """
    if len(tone) == 0:
        return _empty_figure()
    present = {str(t) for t in tone[S.TOPIC]}
    topics = [t for t in topic_labels if t in present] + sorted(present - set(topic_labels))
    labels = dict(zip(topics, _topic_axis_labels(topics, topic_labels)))
    outlets = sorted({str(o) for o in tone[S.OUTLET]})

    fig = go.Figure()
    for outlet in outlets:
        rows = tone[tone[S.OUTLET].astype(str) == outlet]
        rows = rows.assign(_order=rows[S.TOPIC].astype(str).map(topics.index)).sort_values("_order")
        topic_ids = rows[S.TOPIC].astype(str).tolist()
        polarity = rows[S.POLARITY].astype(float).tolist()
        flat = [abs(v) < _MIN_BAR for v in polarity]
        fig.add_trace(
            go.Bar(
                x=[labels[t] for t in topic_ids],
                y=[_MIN_BAR if f else v for v, f in zip(polarity, flat)],
                base=[-_MIN_BAR / 2 if f else 0.0 for f in flat],
                name=_escape(outlet),
                marker=dict(color=colors.get(outlet, FALLBACK_COLOR)),
                text=[f"{v:+.2f}" for v in rows[S.POLARITY]],
                textposition="outside",
                textfont=dict(size=10),
                cliponaxis=False,
                customdata=[[outlet, t] for t in topic_ids],
                hovertext=[
                    f"<b>{_escape(outlet)}</b><br>{labels[t]}<br>Polarity {p:+.2f} · subjectivity {s:.2f}"
                    f"<br>{_count(n, 'evidence sentence')}"
                    for t, p, s, n in zip(topic_ids, rows[S.POLARITY], rows[S.SUBJECTIVITY], rows[S.N_EVIDENCE])
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    _base_layout(fig, height=440, showlegend=True)
    fig.update_layout(
        barmode="group",
        bargap=0.25,
        bargroupgap=0.05,
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, xanchor="left"),
    )
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=[labels[t] for t in topics], title=None)
    fig.update_yaxes(range=[-1.05, 1.05], title=_MEASURES[S.POLARITY][0], zeroline=False)
    fig.add_hline(y=0, line=dict(color="#888888", width=1))
    return fig


def article_lengths(articles: pd.DataFrame, *, colors: Mapping[str, str]) -> go.Figure:
    """Words per article as horizontal bars, longest on top, each labelled by its outlet.

    Args:
        articles: Rows of the articles table.
        colors: ``{outlet: colour}`` from :func:`outlet_colors`.

    Returns:
        One ``go.Bar`` (orientation "h") per outlet; y = article id (a category; tick text =
        escaped outlet name, so two articles of one outlet keep two bars), x = words,
        ``customdata = [article_id]``. Hover: outlet, escaped title, words, sentences.
    """
    if len(articles) == 0:
        return _empty_figure()
    rows = articles.sort_values([S.N_WORDS, S.ARTICLE_ID], ascending=[False, True])
    order = [str(a) for a in rows[S.ARTICLE_ID]]
    tick_text = [_escape(o) for o in rows[S.OUTLET]]

    fig = go.Figure()
    for outlet in sorted({str(o) for o in rows[S.OUTLET]}):
        part = rows[rows[S.OUTLET].astype(str) == outlet]
        fig.add_trace(
            go.Bar(
                y=[str(a) for a in part[S.ARTICLE_ID]],
                x=part[S.N_WORDS].astype(int).tolist(),
                orientation="h",
                name=_escape(outlet),
                showlegend=False,
                marker=dict(color=colors.get(outlet, FALLBACK_COLOR)),
                text=[f"{int(w):,}" for w in part[S.N_WORDS]],
                textposition="outside",
                cliponaxis=False,
                customdata=[[str(a)] for a in part[S.ARTICLE_ID]],
                hovertext=[
                    f"<b>{_escape(outlet)}</b><br>{_escape(_or(t, UNKNOWN))}<br>"
                    f"{_count(w, 'word')} · {_count(n, 'sentence')}"
                    for t, w, n in zip(part[S.TITLE], part[S.N_WORDS], part[S.N_SENTENCES])
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    _base_layout(fig, height=max(220, 90 + 32 * len(rows)))
    fig.update_layout(bargap=0.3)
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=order,
        tickmode="array",
        tickvals=order,
        ticktext=tick_text,
        autorange="reversed",
        title=None,
    )
    fig.update_xaxes(title="Words", rangemode="tozero")
    return fig


def _empty_figure() -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(
        text=EMPTY_MESSAGE,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font=dict(size=15, color="#666666"),
    )
    fig.update_layout(template=TEMPLATE, height=220, margin=_MARGIN)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _base_layout(fig: go.Figure, *, height: int, showlegend: bool = False) -> None:
    fig.update_layout(
        template=TEMPLATE, height=height, margin=_MARGIN, showlegend=showlegend, hoverlabel=dict(align="left")
    )
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)


def _escape(value: Any) -> str:
    # quote=False: plotly.js decodes &lt; &gt; &amp; and numeric entities but would print
    # "&quot;" literally, and quotes can do no harm once no "<" can open a tag.
    return escape_html(value, quote=False)


def _excerpt(text: Any, limit: int = EXCERPT_CHARS) -> str:
    """At most ``limit`` characters of the sentence, escaped, wrapped for a hover box."""
    flat = " ".join(str(_or(text, "")).split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    # Truncate and wrap before escaping, so no entity is cut in half.
    return "<br>".join(_escape(line) for line in textwrap.wrap(flat, 60))


def _topic_axis_labels(topics: list[str], topic_labels: Mapping[str, str]) -> list[str]:
    """Escaped labels, one per topic; a label shared by two topics gets its id appended."""
    raw = [str(topic_labels.get(t) or t) for t in topics]
    return [_escape(f"{label} ({t})" if raw.count(label) > 1 else label) for t, label in zip(topics, raw)]


def _wrapped(label: Any, width: int = _TICK_WRAP) -> str:
    """``label`` escaped, broken into lines of about ``width`` characters at spaces (a longer word stays whole)."""
    # Wrap before escaping, so no entity is cut in half.
    return "<br>".join(_escape(line) for line in textwrap.wrap(str(label), width, break_long_words=False)) or _escape(
        label
    )


def _jitter(article_id: str, sentence_id: int) -> float:
    # A hash of the ids, not a random draw: a point keeps its place when filters change.
    h = zlib.crc32(f"{article_id}\x1f{sentence_id}".encode())
    return (h / 0xFFFFFFFF - 0.5) * 2 * _JITTER


def _fmt(measure: str, value: float) -> str:
    return f"{value:+.2f}" if measure in _SIGNED else f"{value:.2f}"


def _count(n: Any, noun: str) -> str:
    n = int(n)
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, (list, tuple, dict)) and bool(pd.isna(value)))


def _or(value: Any, default: str) -> Any:
    return default if _missing(value) or value == "" else value
