"""The Overview: outlets, articles, the coverage matrix with its evidence, tone by outlet, the timeline."""

from __future__ import annotations

from typing import cast

import streamlit as st

from dashboard import schema as S
from dashboard.corpus.coverage import coverage_matrix
from dashboard.ui import charts
from dashboard.ui.dataset import Dataset
from dashboard.ui.filters import evidence_sentences, sentences_by_keys
from dashboard.ui.render import md
from dashboard.ui.widgets import (
    K_EV_OUTLET,
    K_EV_TOPIC,
    K_TONE_MEASURE,
    how_to_read,
    open_article,
    open_buttons,
    pick_cell,
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
    table = st.dataframe(
        a[[S.ARTICLE_ID, *columns]],
        hide_index=True,
        column_order=columns,
        key="overview_articles",
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            S.POLARITY: st.column_config.NumberColumn("polarity", format="%+.2f", help="-1 negative … +1 positive"),
            S.SUBJECTIVITY: st.column_config.NumberColumn("subjectivity", format="%.2f", help="0 factual … 1 opinion"),
            S.N_WORDS: st.column_config.NumberColumn("words"),
            S.N_SENTENCES: st.column_config.NumberColumn("sentences"),
        },
    )
    chosen = selected_row(table, a)
    if chosen is not None:
        st.button(
            f"Open the {md(chosen[S.OUTLET])} article",
            key="overview_open_article",
            on_click=open_article,
            args=(chosen[S.ARTICLE_ID],),
        )
    else:
        st.caption("Select a row to open that article with its evidence.")

    colors = charts.outlet_colors(data.outlets)
    st.subheader("Coverage: evidence sentences per outlet and topic")
    topics = visible_topics(data)
    matrix = coverage_matrix(data.sentences, a, topics)
    st.plotly_chart(
        charts.coverage_heatmap(matrix, topic_labels=data.topic_labels),
        key="overview_coverage",
        on_select=lambda: pick_cell("overview_coverage"),
        selection_mode=("points",),
    )
    how_to_read(
        "Each cell counts the sentences in which an outlet's article gives evidence for a topic "
        "(a codebook term matched). A 0 is what that outlet left out. Click a cell, or pick it below, "
        "to read those sentences."
    )
    left, right = st.columns(2)
    if st.session_state.get(K_EV_OUTLET) not in data.outlets or st.session_state.get(K_EV_TOPIC) not in topics:
        # Start on the fullest cell: an empty list is a poor first example of "evidence".
        outlet, topic = cast(tuple[str, str], matrix.stack().idxmax()) if topics else (data.outlets[0], None)
        st.session_state[K_EV_OUTLET], st.session_state[K_EV_TOPIC] = outlet, topic
    outlet = left.selectbox("Outlet", data.outlets, key=K_EV_OUTLET)
    topic = right.selectbox("Topic", topics, key=K_EV_TOPIC, format_func=data.topic_label)
    rows_ev = evidence_sentences(data, outlet=outlet, topic=topic) if topic else evidence_sentences(data).iloc[0:0]
    st.markdown(f"**{len(rows_ev)} sentence(s)** — {md(outlet)} on {md(data.topic_label(topic))}")
    show_sentences(rows_ev, data, key="overview_ev", show_outlet=False)

    st.subheader("Tone by outlet")
    measure = st.radio("Measure", [S.POLARITY, S.SUBJECTIVITY], horizontal=True, key=K_TONE_MEASURE)
    tone_sel = st.plotly_chart(
        charts.tone_by_outlet(a, data.sentences, colors=colors, measure=measure),
        key="overview_tone",
        on_select="rerun",
        selection_mode=("points", "box", "lasso"),
    )
    how_to_read(
        "Each dot is one sentence's TextBlob score; the diamond is the article's figure, the mean of its "
        "sentences weighted by their length. Polarity runs from -1 (negative) to +1 (positive); "
        "subjectivity from 0 (factual) to 1 (opinion). Select dots to read those sentences."
    )
    picked = selected_sentence_keys(tone_sel)
    if picked:
        st.markdown(f"**{len(picked)} selected sentence(s)**")
        show_sentences(sentences_by_keys(data, picked), data, key="overview_tone_sel")
    open_buttons(selected_article_ids(tone_sel), data, key="overview_tone_open")

    st.subheader("Publication timeline")
    timeline = st.plotly_chart(
        charts.publication_timeline(a, colors=colors),
        key="overview_timeline",
        on_select="rerun",
        selection_mode=("points",),
    )
    open_buttons(selected_article_ids(timeline), data, key="overview_timeline_open")
    how_to_read(
        "One marker per article on its publication date (from sources.csv, else from the page). "
        "Copies of one wire story usually follow the original by hours or days. Click a marker to "
        "open the article."
    )
    undated = a[a[S.PUBLISHED].isna()]
    if len(undated):
        st.caption("No date known for: " + ", ".join(md(o) for o in sorted(map(str, undated[S.OUTLET]))))
