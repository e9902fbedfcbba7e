"""Topic: one topic across outlets, every evidence sentence grouped by outlet."""

from __future__ import annotations

import streamlit as st

from dashboard import schema as S
from dashboard.ui import render
from dashboard.ui.dataset import Dataset
from dashboard.ui.filters import evidence_sentences
from dashboard.ui.render import md
from dashboard.ui.widgets import (
    K_TOPIC,
    keep_in,
    more_button,
    show_sentences,
    shown_count,
    visible_topics,
)

#: Outlets listed at first (and added per "more"), and sentences listed per outlet: each sentence
#: is a block with its button, so the page stays a few hundred of them whatever the corpus.
OUTLETS_SHOWN = 10
SENTENCES_SHOWN = 20


def page(data: Dataset) -> None:
    st.title("One topic across outlets")
    topics = visible_topics(data)
    if not topics:
        st.info("No topic selected in the sidebar filter.")
        return
    keep_in(K_TOPIC, topics)
    topic = st.selectbox("Topic", topics, key=K_TOPIC, format_func=data.topic_label)
    if topic is None:
        return
    st.caption(md(data.codebook.get(topic).description))
    st.html(render.legend_html({topic: data.topic_labels[topic]}, render.topic_colors(data.topic_ids)))
    rows = evidence_sentences(data, topic=topic)
    present = set(rows[S.OUTLET])
    missing = [o for o in data.outlets if o not in present]
    st.markdown(f"**{len(rows)} evidence sentence(s) from {rows[S.OUTLET].nunique()} outlet(s).**")
    if missing:
        st.warning("No sentence on this topic from: " + ", ".join(md(o) for o in missing))
    groups = list(rows.groupby(S.OUTLET, sort=True))
    listed = shown_count("topic_outlets", len(groups), step=OUTLETS_SHOWN)
    for outlet, group in groups[:listed]:
        st.subheader(md(outlet))
        show_sentences(group, data, key=f"topic_{outlet}", show_outlet=False, step=SENTENCES_SHOWN)
    more_button("topic_outlets", listed, len(groups), "outlets", step=OUTLETS_SHOWN)
