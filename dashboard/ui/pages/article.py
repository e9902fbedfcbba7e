"""Article: the cleaned text with evidence and tone, metadata, and the removed page junk."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import schema as S
from dashboard.ui import render
from dashboard.ui.dataset import Dataset
from dashboard.ui.render import UNKNOWN, known, md
from dashboard.ui.widgets import (
    K_ARTICLE,
    K_SENTENCE,
    how_to_read,
    table,
)

NOT_AVAILABLE = "not available (language)"


def _title(value: object) -> str:
    """An article's title, or "—" when it has none (None, NaN or blank: never "nan")."""
    return known(value)


def _excerpt(sentences: pd.DataFrame, sid: int) -> str:
    text = str(sentences.loc[sentences[S.SENTENCE_ID] == sid, S.TEXT].iloc[0])
    return text if len(text) <= 80 else text[:77] + "…"


def page(data: Dataset) -> None:
    st.title("Article")
    ids = list(data.articles[S.ARTICLE_ID])
    a = data.articles
    labels = {i: f"{known(o)}: {_title(t)}" for i, o, t in zip(a[S.ARTICLE_ID], a[S.OUTLET], a[S.TITLE])}
    if st.session_state.get(K_ARTICLE) not in ids:
        if st.session_state.get(K_ARTICLE):
            st.info("The article in the link is hidden by the filters (event or outlets); showing another.")
        st.session_state[K_ARTICLE] = ids[0]
        st.session_state[K_SENTENCE] = None
    article_id = st.selectbox(
        "Article",
        ids,
        key=K_ARTICLE,
        format_func=labels.__getitem__,
        on_change=lambda: st.session_state.update({K_SENTENCE: None}),
    )
    art = data.articles.set_index(S.ARTICLE_ID).loc[article_id]
    sentences = data.sentences[data.sentences[S.ARTICLE_ID] == article_id]
    evidence = data.evidence[data.evidence[S.ARTICLE_ID] == article_id]

    st.subheader(md(_title(art[S.TITLE])))
    meta = {
        "outlet": art[S.OUTLET],
        "country": art[S.COUNTRY],
        "published": art[S.PUBLISHED],
        "date from": art[S.PUBLISHED_SOURCE],
        "byline": art[S.BYLINE],
        "dateline": art[S.DATELINE],
        "language": art[S.LANGUAGE],
        "address": art[S.URL],
        "file": art[S.SOURCE_FILE],
        "words": art[S.N_WORDS],
        "sentences": art[S.N_SENTENCES],
        "polarity": f"{art[S.POLARITY]:+.3f}" if pd.notna(art[S.POLARITY]) else NOT_AVAILABLE,
        "subjectivity": f"{art[S.SUBJECTIVITY]:.3f}" if pd.notna(art[S.SUBJECTIVITY]) else NOT_AVAILABLE,
        "topics": ", ".join(data.topic_labels.get(t, t) for t in art[S.TOPICS])
        or (NOT_AVAILABLE if pd.isna(art[S.POLARITY]) else "none"),
    }
    table(pd.DataFrame({"field": list(meta), S.VALUE: [known(v) for v in meta.values()]}), hide_index=True)
    options = [None, *sorted(int(s) for s in sentences[S.SENTENCE_ID])]
    if st.session_state.get(K_SENTENCE) not in options:
        st.session_state[K_SENTENCE] = None
    colors = render.topic_colors(data.topic_ids)
    focus = st.selectbox(
        "Focus on sentence",
        options,
        key=K_SENTENCE,
        format_func=lambda s: UNKNOWN if s is None else f"#{s}: " + _excerpt(sentences, s),
    )
    if focus is not None:
        row = sentences[sentences[S.SENTENCE_ID] == focus].iloc[0]
        st.html(
            '<div style="border-left:4px solid #1f5f8b;padding:4px 10px;background:#eef5fb">'
            f"<b>Sentence #{focus}</b> "
            + render.highlighted_sentence(row[S.TEXT], evidence[evidence[S.SENTENCE_ID] == focus], colors)
            + render.tone_badge(row[S.POLARITY], row[S.SUBJECTIVITY])
            + "</div>"
        )
    st.html(render.legend_html(data.topic_labels, colors))
    st.html(render.article_html(art[S.TEXT], sentences, evidence, colors, focus=focus))
    how_to_read(
        "Highlighted words are codebook terms (hover for the topic). The label after each sentence is its "
        "polarity and subjectivity; the small number before it is its sentence id."
    )
    with st.expander("Sentences as a table"):
        table(sentences[[S.SENTENCE_ID, S.TEXT, S.POLARITY, S.SUBJECTIVITY, S.TOPICS, S.TERMS]], hide_index=True)
    removed = data.removed[data.removed[S.ARTICLE_ID] == article_id]
    with st.expander(f"Removed page junk ({len(removed)} lines)"):
        how_to_read(
            "Lines of the scraped page that are not the article's body, each with the reason it was "
            "removed. Title, byline, date and dateline lines became the metadata above."
        )
        table(removed[[S.LINE_NO, S.TEXT, S.REASON]], hide_index=True)
