"""Compare: two or more outlets side by side, topic by topic."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.corpus.coverage import coverage_from_tone
from dashboard.ui import charts
from dashboard.ui.dataset import Dataset
from dashboard.ui.filters import evidence_sentences, filter_dataset
from dashboard.ui.render import md
from dashboard.ui.widgets import (
    K_COMPARE,
    K_COMPARE_WANTED,
    K_TOPIC,
    columns_in_rows,
    how_to_read,
    keep_in,
    open_buttons,
    outlet_palette,
    pick_topic,
    selected_article_ids,
    show_sentences,
    table,
    visible_topics,
)


def page(data: Dataset) -> None:
    st.title("Compare outlets")
    ss = st.session_state
    wanted = ss.setdefault(K_COMPARE_WANTED, list(ss.get(K_COMPARE) or []))
    # The widget can only hold outlets the sidebar filter offers; the rest wait in
    # K_COMPARE_WANTED and come back when the filter is widened.
    ss[K_COMPARE] = [o for o in wanted if o in data.outlets] or data.outlets[:2]

    def remember_choice() -> None:
        hidden = [o for o in ss[K_COMPARE_WANTED] if o not in data.outlets]
        ss[K_COMPARE_WANTED] = hidden + list(ss[K_COMPARE])

    chosen = st.multiselect("Outlets side by side", data.outlets, key=K_COMPARE, on_change=remember_choice)
    if len(chosen) < 2:
        st.info("Choose at least two outlets to compare (the sidebar filter decides which are offered).")
        return
    pair = tuple(sorted(chosen))
    sub = data.derived(("compared outlets", pair), lambda d: filter_dataset(d, outlets=pair))
    topics = visible_topics(data)
    matrix = coverage_from_tone(sub.tone_by_topic, sub.outlets, topics)
    covered = pd.DataFrame(
        {outlet: [f"✓ {n}" if n else "— missed" for n in matrix.loc[outlet]] for outlet in chosen},
        index=[data.topic_labels[t] for t in topics],
    )
    st.subheader("Topics covered and missed")
    table(covered)
    how_to_read("✓ n: the outlet has n evidence sentences on the topic; — missed: none.")

    colors = outlet_palette(data)
    st.subheader("Tone per topic")
    st.plotly_chart(
        charts.tone_by_topic(sub.tone_by_topic, colors=colors, topic_labels=data.topic_labels),
        key="compare_tone",
        on_select=lambda: pick_topic("compare_tone"),
        selection_mode=("points",),
    )
    how_to_read(
        "Mean polarity of each outlet's evidence sentences on a topic, weighted by length; hover for "
        "subjectivity and the number of sentences. Every topic an outlet covered has a bar with its value "
        "written on it (a tone of 0.00 is a thin bar across the zero line); a missing bar means the outlet "
        "did not cover it. Click a bar to read the sentences behind it, side by side, below."
    )
    st.subheader("Length")
    lengths = st.plotly_chart(
        charts.article_lengths(sub.articles, colors=colors),
        key="compare_lengths",
        on_select="rerun",
        selection_mode=("points",),
    )
    how_to_read("Words in each article's cleaned text (page junk removed). Click a bar to open the article.")
    open_buttons(selected_article_ids(lengths), data, key="compare_lengths_open")

    st.subheader("Their sentences on one topic")
    keep_in(K_TOPIC, topics)
    topic = st.selectbox("Topic", topics, key=K_TOPIC, format_func=data.topic_label)
    for outlet, column in zip(chosen, columns_in_rows(len(chosen))):
        with column:
            rows = evidence_sentences(sub, outlet=outlet, topic=topic)
            st.markdown(f"**{md(outlet)}** · {len(rows)} sentence(s)")
            show_sentences(rows, sub, key=f"compare_{outlet}", show_outlet=False, narrow=True)
