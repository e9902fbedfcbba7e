"""The Overview: outlets, articles, the coverage matrix with its evidence, tone by outlet, the timeline."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import cast

import pandas as pd
import streamlit as st

from dashboard import schema as S
from dashboard.corpus.coverage import coverage_from_tone
from dashboard.corpus.tone import (
    CONFIDENCE,
    DISTINGUISHABLE,
    LOW,
    MEAN,
    RESAMPLES,
    TONE_MEASURES,
    tone_differences,
    tone_intervals,
)
from dashboard.text.words import sentence_words
from dashboard.ui import charts
from dashboard.ui.dataset import Dataset, tone_intervals_key
from dashboard.ui.filters import evidence_sentences, sentences_by_keys
from dashboard.ui.render import md
from dashboard.ui.widgets import (
    K_EV_OUTLET,
    K_EV_PICKED,
    K_EV_TOPIC,
    K_TONE_MEASURE,
    K_TOPICS,
    download,
    how_to_read,
    keep_in,
    left_out_caption,
    open_article,
    open_buttons,
    outlet_palette,
    paged_table,
    pick_cell,
    pick_cell_by_hand,
    selected_article_ids,
    selected_row,
    selected_sentence_keys,
    show_sentences,
    visible_topics,
)


def page(data: Dataset) -> None:
    a = data.articles
    dated = a[S.PUBLISHED].dropna()
    st.title("How the outlets covered the event")
    span = f"{min(dated)} – {max(dated)}" if len(dated) else "no dates known"
    st.caption(
        f"{len(a)} articles from {a[S.OUTLET].nunique()} outlets in "
        f"{a[S.COUNTRY].dropna().nunique()} countries · published {span} · {int(a[S.N_WORDS].sum()):,} words "
        f"in {int(a[S.N_SENTENCES].sum())} sentences"
    )
    columns = [
        S.OUTLET,
        S.COUNTRY,
        S.PUBLISHED,
        S.TITLE,
        S.BYLINE,
        S.DATELINE,
        S.N_WORDS,
        S.N_SENTENCES,
        S.TOPICS,
        S.POLARITY,
        S.SUBJECTIVITY,
    ]
    articles_table, page_rows = paged_table(
        a[[S.ARTICLE_ID, *columns]],
        download_as="articles",
        download_frame=a.drop(columns=[S.TEXT], errors="ignore"),
        hide_index=True,
        column_order=columns,
        key="overview_articles",
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            S.POLARITY: st.column_config.NumberColumn(format="%+.2f", help="-1 negative … +1 positive"),
            S.SUBJECTIVITY: st.column_config.NumberColumn(format="%.2f", help="0 factual … 1 opinion"),
        },
    )
    chosen = selected_row(articles_table, page_rows)
    if chosen is not None:
        st.button(
            f"Open the {md(chosen[S.OUTLET])} article",
            key="overview_open_article",
            on_click=open_article,
            args=(chosen[S.ARTICLE_ID],),
        )
    else:
        st.caption("Select a row to open that article with its evidence.")

    colors = outlet_palette(data)
    # Its figures may be being made in the background since the last page was drawn (warm_up).
    data.wait_for_warming(warming_key(colors))
    st.subheader("Coverage: evidence sentences per outlet and topic")
    topics = visible_topics(data)
    matrix, coverage = _coverage(data, topics)
    st.plotly_chart(
        coverage,
        key="overview_coverage",
        on_select=lambda: pick_cell("overview_coverage"),
        selection_mode=("points",),
    )
    if left_out_caption(
        len(charts.top_of_matrix(matrix)),
        len(matrix),
        "outlets, those with the most evidence sentences",
        rest="pick another outlet below, narrow the Outlets filter, or download the whole matrix.",
    ):
        download(matrix.reset_index(names=S.OUTLET), "coverage-matrix", key="overview_download_coverage")
    how_to_read(
        "Each cell counts the sentences in which an outlet's article gives evidence for a topic "
        "(a codebook term matched). A 0 is what that outlet left out. Click a cell, or pick it below, "
        "to read those sentences."
    )
    left, right = st.columns(2)
    ss = st.session_state
    picked = ss.get(K_EV_PICKED) and ss.get(K_EV_OUTLET) in data.outlets and ss.get(K_EV_TOPIC) in topics
    if not picked:
        # Until the reader picks a cell, show the fullest one (an empty list is a poor first example
        # of "evidence"); a link without a cell reopens this same cell under the same filters.
        outlet, topic = cast(tuple[str, str], matrix.stack().idxmax()) if topics else (data.outlets[0], None)
        ss[K_EV_OUTLET], ss[K_EV_TOPIC], ss[K_EV_PICKED] = outlet, topic, False
    outlet = left.selectbox("Outlet", data.outlets, key=K_EV_OUTLET, on_change=pick_cell_by_hand)
    topic = right.selectbox("Topic", topics, key=K_EV_TOPIC, format_func=data.topic_label, on_change=pick_cell_by_hand)
    rows_ev = evidence_sentences(data, outlet=outlet, topic=topic) if topic else evidence_sentences(data).iloc[0:0]
    st.markdown(f"**{len(rows_ev)} sentence(s)** — {md(outlet)} on {md(data.topic_label(topic))}")
    show_sentences(rows_ev, data, key="overview_ev", show_outlet=False)

    st.subheader("Tone by outlet")
    # Tables built before VADER was added have no vader_compound column: offer what is there.
    measures = _measures(data)
    keep_in(K_TONE_MEASURE, measures)
    measure = st.radio(
        "Measure", measures, horizontal=True, key=K_TONE_MEASURE, format_func=lambda m: _MEASURE_LABELS[m]
    )
    chosen_topics = list(st.session_state.get(K_TOPICS) or [])
    tone_articles, tone_sentences, intervals, figure, drawn = _tone(data, measure, chosen_topics, colors)
    if chosen_topics:
        st.caption(
            "Only the sentences on the chosen topics ("
            + ", ".join(md(data.topic_label(t)) for t in chosen_topics)
            + "): each diamond is the mean of its article's sentences on them; an article with none has no diamond."
        )
    verdict = tone_verdict(intervals, measure)
    if verdict:
        st.markdown(verdict)
    left_out_caption(
        charts.TONE_MAX_POINTS,
        drawn,
        "sentences as dots (a fixed sample: a dot stays when the filters narrow)",
        rest="the article diamonds, the outlet means and their intervals use every sentence.",
    )
    left_out_caption(
        charts.TONE_MAX_OUTLETS,
        tone_articles[S.OUTLET].nunique(),
        "outlets, those with the most sentences",
        rest="narrow the Outlets filter to see others; the verdict above compares every outlet.",
    )
    tone_sel = st.plotly_chart(
        figure,
        key="overview_tone",
        on_select="rerun",
        selection_mode=("points", "box", "lasso"),
    )
    how_to_read(
        "Each dot is one sentence's score; the diamond is the article's figure, the mean of its sentences "
        "weighted by their length. The open square is the outlet's figure (the same weighted mean over all "
        f"its sentences) with its {TONE_CONFIDENCE:.0%} interval: resampling the outlet's sentences "
        f"{TONE_RESAMPLES:,} times gives means inside the bar {TONE_CONFIDENCE:.0%} of the time. Two outlets "
        "whose bars overlap are not distinguishable: their difference is within noise. TextBlob's polarity "
        "and VADER's compound score run from -1 (negative) to +1 (positive); TextBlob's subjectivity from "
        "0 (factual) to 1 (opinion). Drag a box (or, from the toolbar, a lasso) around dots to read those "
        "sentences; the Topics filter in the sidebar limits the dots to sentences on those topics."
    )
    picked = selected_sentence_keys(tone_sel)
    if picked:
        st.markdown(f"**{len(picked)} selected sentence(s)**")
        show_sentences(sentences_by_keys(data, picked), data, key="overview_tone_sel")
    open_buttons(selected_article_ids(tone_sel), data, key="overview_tone_open")

    st.subheader("Publication timeline")
    timeline = st.plotly_chart(
        _timeline(data, colors),
        key="overview_timeline",
        on_select="rerun",
        selection_mode=("points",),
    )
    open_buttons(selected_article_ids(timeline), data, key="overview_timeline_open")
    left_out_caption(
        charts.TIMELINE_MAX_OUTLETS,
        a[S.OUTLET].nunique(),
        "outlets, those with the most articles",
        rest="narrow the Outlets filter to see others; the articles table above lists every date.",
    )
    how_to_read(
        "One marker per article on its publication date (from sources.csv, else from the page). "
        "Copies of one wire story usually follow the original by hours or days. Click a marker to "
        "open the article."
    )
    undated = a[a[S.PUBLISHED].isna()]
    if len(undated):
        st.caption("No date known for: " + ", ".join(md(o) for o in sorted(map(str, undated[S.OUTLET]))))


# --- the figures, derived once per dataset and state -------------------------------------


def _measures(data: Dataset) -> list[str]:
    """The tone measures the tables carry (tables built before VADER was added have no
    ``vader_compound``); the first is the one the page opens on."""
    return [m for m in TONE_MEASURES if m in data.articles.columns and m in data.sentences.columns]


def _palette(colors: dict[str, str]) -> tuple:
    """``colors`` as part of a memo key."""
    return tuple(sorted(colors.items()))


def _coverage(data: Dataset, topics: Sequence[str]) -> tuple[pd.DataFrame, object]:
    """The coverage matrix of ``topics`` and its heatmap."""
    matrix = data.derived(
        ("coverage", tuple(topics)), lambda d: coverage_from_tone(d.tone_by_topic, d.outlets, list(topics))
    )
    figure = data.derived(
        ("coverage figure", tuple(topics)), lambda d: charts.coverage_heatmap(matrix, topic_labels=d.topic_labels)
    )
    return matrix, figure


def _tone(
    data: Dataset, measure: str, chosen_topics: Sequence[str], colors: dict[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, object, int]:
    """The tone chart's articles, sentences and intervals on ``chosen_topics``, its figure and
    how many sentences it could draw."""
    chosen = list(chosen_topics)
    tone_articles, tone_sentences = data.derived(
        ("tone on topics", measure, tuple(chosen)),
        lambda d: on_topics(d.articles, d.sentences, chosen, measure=measure),
    )
    # The bootstrap costs ~resamples x sentences: once per dataset, measure and topics.
    intervals = data.derived(
        tone_intervals_key(measure, chosen),
        lambda _: tone_intervals(
            tone_sentences[[c for c in (S.ARTICLE_ID, S.TEXT, S.N_WORDS, measure) if c in tone_sentences.columns]],
            tone_articles[[S.ARTICLE_ID, S.OUTLET]],
            measure=measure,
            confidence=TONE_CONFIDENCE,
            resamples=TONE_RESAMPLES,
        ),
    )

    def tone_figure(_: Dataset) -> tuple[object, int]:
        figure = charts.tone_by_outlet(
            tone_articles,
            tone_sentences,
            colors=colors,
            measure=measure,
            intervals=intervals,
            confidence=TONE_CONFIDENCE,
            max_points=charts.TONE_MAX_POINTS,
        )
        return figure, len(charts.tone_points(tone_sentences, tone_articles, measure=measure))

    # Building a figure of a few thousand marks takes plotly most of a second: once per dataset,
    # measure, topics and palette, not on every click elsewhere on the page.
    figure, drawn = data.derived(("tone figure", measure, tuple(chosen), _palette(colors)), tone_figure)
    return tone_articles, tone_sentences, intervals, figure, drawn


def _timeline(data: Dataset, colors: dict[str, str]) -> object:
    return data.derived(
        ("timeline figure", _palette(colors)), lambda d: charts.publication_timeline(d.articles, colors=colors)
    )


def warming_key(colors: dict[str, str]) -> tuple:
    """The :meth:`Dataset.start_warming` key of the Overview's figures in ``colors``."""
    return ("overview figures", _palette(colors))


def warm_up(data: Dataset, colors: dict[str, str], pause: Callable[[], None]) -> None:
    """Make the Overview's figures as a reader opening it with no Topics filter and the first
    tone measure sees them (what the page reads from :meth:`Dataset.derived`): the shell runs
    this in the background once another view is drawn, so the first Overview finds them
    made (or joins the making). ``pause`` is called between two figures."""
    measures = _measures(data)
    _coverage(data, data.topic_ids)
    pause()
    if measures:
        _tone(data, measures[0], [], colors)
        pause()
    _timeline(data, colors)


# --- tone by outlet ---------------------------------------------------------------------

# The run stores the intervals of every article at these (see dataset.tone_intervals_key).
TONE_CONFIDENCE = CONFIDENCE
TONE_RESAMPLES = RESAMPLES
_MEASURE_LABELS = {
    S.POLARITY: "Polarity (TextBlob)",
    S.SUBJECTIVITY: "Subjectivity (TextBlob)",
    S.VADER_COMPOUND: "Compound (VADER)",
}
_MEASURE_NAMES = {
    S.POLARITY: "TextBlob polarity",
    S.SUBJECTIVITY: "TextBlob subjectivity",
    S.VADER_COMPOUND: "VADER compound score",
}
#: (what a higher figure is, what a lower one is), per measure.
_DIRECTIONS = {
    S.POLARITY: ("more positive", "more negative"),
    S.SUBJECTIVITY: ("more subjective", "more factual"),
    S.VADER_COMPOUND: ("more positive", "more negative"),
}
_MAX_PAIRS_NAMED = 6


def on_topics(
    articles: pd.DataFrame, sentences: pd.DataFrame, topics: Sequence[str], *, measure: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The articles and sentences the tone chart shows under a Topics filter.

    Args:
        articles: Rows of the articles table (``article_id``, ``n_sentences`` and ``measure``).
        sentences: Rows of the sentences table (``article_id, text, topics`` and ``measure``).
        topics: The chosen topic ids; empty means no filter.
        measure: The tone column shown.

    Returns:
        Unchanged when ``topics`` is empty. Otherwise only the sentences carrying one of
        ``topics``, and the articles with ``measure`` recomputed as the word-weighted mean of
        those sentences (NaN for an article with none: no diamond) and ``n_sentences`` their number.
    """
    if not topics:
        return articles, sentences
    wanted = set(topics)
    kept = sentences[sentences[S.TOPICS].map(lambda ts: bool(wanted.intersection(ts)))]
    scored = kept.assign(_w=sentence_words(kept), _v=kept[measure].astype(float))
    scored = scored[scored["_v"].notna() & (scored["_w"] > 0)]
    totals = scored.assign(_vw=scored["_v"] * scored["_w"]).groupby(S.ARTICLE_ID)[["_vw", "_w"]].sum()
    means = totals["_vw"] / totals["_w"]
    counts = kept.groupby(S.ARTICLE_ID).size()
    recomputed: dict[str, pd.Series] = {
        measure: articles[S.ARTICLE_ID].map(means).astype(float),
        S.N_SENTENCES: articles[S.ARTICLE_ID].map(counts).fillna(0).astype(int),
    }
    return articles.assign(**recomputed), kept


def tone_verdict(intervals: pd.DataFrame, measure: str) -> str:
    """One Markdown paragraph: which outlets' tone differs beyond noise, strongest first, or that none does."""
    level = f"{TONE_CONFIDENCE:.0%}"
    higher, lower = _DIRECTIONS[measure]
    label = _MEASURE_NAMES[measure]
    signed = measure != S.SUBJECTIVITY

    def fmt(value: float) -> str:
        return f"{value:+.2f}".replace("-", "\u2212") if signed else f"{value:.2f}"

    sized = intervals[intervals[LOW].notna()]
    unsized = sorted(str(o) for o in intervals.loc[intervals[LOW].isna(), S.OUTLET])
    parts: list[str] = []
    if len(intervals) < 2:
        parts.append("One outlet under the current filters: no tone to compare." if len(intervals) else "")
    elif len(sized) < 2:
        parts.append("Too few sentences per outlet for an interval: no tone difference can be told from noise.")
    else:
        differences = tone_differences(sized)
        apart = differences[differences[DISTINGUISHABLE]]
        if apart.empty:
            spread = float(sized[MEAN].max() - sized[MEAN].min())
            parts.append(
                f"The {level} intervals of {'' if unsized else 'all '}{len(sized)} outlets' {label} overlap: no "
                f"outlet is {higher} or {lower} than another beyond noise (their means lie within {spread:.2f} of "
                "each other)."
            )
        else:
            mean = dict(zip(sized[S.OUTLET].astype(str), sized[MEAN]))
            named = [
                f"**{md(o)}** is {higher} than **{md(other)}** ({fmt(mean[str(o)])} vs {fmt(mean[str(other)])})"
                for o, other in zip(apart[S.OUTLET], apart[S.OTHER_OUTLET])
            ][:_MAX_PAIRS_NAMED]
            more = len(apart) - len(named)
            parts.append(
                f"Distinguishable beyond noise ({level} intervals do not overlap), strongest first: "
                + "; ".join(named)
                + (f"; and {more} more pair(s)." if more else ".")
            )
            rest = len(differences) - len(apart)
            if rest:
                parts.append(f"The other {rest} pair(s) of outlets overlap: not distinguishable.")
    if unsized and len(intervals) >= 2:
        parts.append(f"Too few sentences for an interval, not compared: {', '.join(md(o) for o in unsized)}.")
    return " ".join(p for p in parts if p)
