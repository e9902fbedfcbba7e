"""The four core views: Overview, Compare, Topic, Article. Each page body is one function."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, render
from dashboard import schema as S
from dashboard import state as V
from dashboard.compare import coverage_matrix
from dashboard.render import md
from dashboard.data import Dataset, evidence_sentences, filter_dataset, sentences_by_keys
from dashboard.widgets import (
    K_ARTICLE, K_COMPARE, K_COMPARE_WANTED, K_EV_OUTLET, K_EV_TOPIC, K_SENTENCE, K_TONE_MEASURE, K_TOPIC,
    how_to_read, keep_in, open_article, open_buttons, pick_cell, pick_topic, selected_article_ids, selected_row,
    selected_sentence_keys, show_sentences, visible_topics,
)



def overview_page(data: Dataset) -> None:
    a = data.articles
    dated = a[S.PUBLISHED].dropna()
    st.title("How the outlets covered the event")
    span = f"{min(dated)} – {max(dated)}" if len(dated) else "no dates known"
    st.caption(
        f"{len(a)} articles from {a[S.OUTLET].nunique()} outlets in "
        f"{a[S.COUNTRY].dropna().nunique()} countries · published {span} · {int(a[S.N_WORDS].sum()):,} words "
        f"in {int(a[S.N_SENTENCES].sum())} sentences"
    )
    columns = [S.OUTLET, S.COUNTRY, S.PUBLISHED, S.TITLE, S.BYLINE, S.DATELINE, S.N_WORDS, S.N_SENTENCES,
               S.TOPICS, S.POLARITY, S.SUBJECTIVITY]
    table = st.dataframe(
        a[[S.ARTICLE_ID, *columns]], hide_index=True, column_order=columns, key="overview_articles",
        on_select="rerun", selection_mode="single-row",
        column_config={
            S.POLARITY: st.column_config.NumberColumn("polarity", format="%+.2f", help="-1 negative … +1 positive"),
            S.SUBJECTIVITY: st.column_config.NumberColumn("subjectivity", format="%.2f", help="0 factual … 1 opinion"),
            S.N_WORDS: st.column_config.NumberColumn("words"),
            S.N_SENTENCES: st.column_config.NumberColumn("sentences"),
        },
    )
    chosen = selected_row(table, a)
    if chosen is not None:
        st.button(f"Open the {md(chosen[S.OUTLET])} article", key="overview_open_article", on_click=open_article,
                  args=(chosen[S.ARTICLE_ID],))
    else:
        st.caption("Select a row to open that article with its evidence.")

    colors = charts.outlet_colors(data.outlets)
    st.subheader("Coverage: evidence sentences per outlet and topic")
    topics = visible_topics(data)
    matrix = coverage_matrix(data.sentences, a, topics)
    st.plotly_chart(charts.coverage_heatmap(matrix, topic_labels=data.topic_labels), key="overview_coverage",
                    on_select=lambda: pick_cell("overview_coverage"), selection_mode=("points",))
    how_to_read("Each cell counts the sentences in which an outlet's article gives evidence for a topic "
                "(a codebook term matched). A 0 is what that outlet left out. Click a cell, or pick it below, "
                "to read those sentences.")
    left, right = st.columns(2)
    if st.session_state.get(K_EV_OUTLET) not in data.outlets or st.session_state.get(K_EV_TOPIC) not in topics:
        # Start on the fullest cell: an empty list is a poor first example of "evidence".
        outlet, topic = matrix.stack().idxmax() if topics else (data.outlets[0], None)
        st.session_state[K_EV_OUTLET], st.session_state[K_EV_TOPIC] = outlet, topic
    outlet = left.selectbox("Outlet", data.outlets, key=K_EV_OUTLET)
    topic = right.selectbox("Topic", topics, key=K_EV_TOPIC, format_func=data.topic_labels.get)
    rows_ev = evidence_sentences(data, outlet=outlet, topic=topic) if topic else evidence_sentences(data).iloc[0:0]
    st.markdown(f"**{len(rows_ev)} sentence(s)** — {md(outlet)} on {md(data.topic_labels.get(topic, topic))}")
    show_sentences(rows_ev, data, key="overview_ev", show_outlet=False)

    st.subheader("Tone by outlet")
    measure = st.radio("Measure", [S.POLARITY, S.SUBJECTIVITY], horizontal=True, key=K_TONE_MEASURE)
    tone_sel = st.plotly_chart(charts.tone_by_outlet(a, data.sentences, colors=colors, measure=measure),
                               key="overview_tone", on_select="rerun", selection_mode=("points", "box", "lasso"))
    how_to_read("Each dot is one sentence's TextBlob score; the diamond is the article's figure, the mean of its "
                "sentences weighted by their length. Polarity runs from -1 (negative) to +1 (positive); "
                "subjectivity from 0 (factual) to 1 (opinion). Select dots to read those sentences.")
    picked = selected_sentence_keys(tone_sel)
    if picked:
        st.markdown(f"**{len(picked)} selected sentence(s)**")
        show_sentences(sentences_by_keys(data, picked), data, key="overview_tone_sel")
    open_buttons(selected_article_ids(tone_sel), data, key="overview_tone_open")

    st.subheader("Publication timeline")
    timeline = st.plotly_chart(charts.publication_timeline(a, colors=colors), key="overview_timeline",
                               on_select="rerun", selection_mode=("points",))
    open_buttons(selected_article_ids(timeline), data, key="overview_timeline_open")
    how_to_read("One marker per article on its publication date (from sources.csv, else from the page). "
                "Copies of one wire story usually follow the original by hours or days. Click a marker to "
                "open the article.")
    undated = a[a[S.PUBLISHED].isna()]
    if len(undated):
        st.caption("No date known for: " + ", ".join(md(o) for o in sorted(map(str, undated[S.OUTLET]))))


def compare_page(data: Dataset) -> None:
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
    sub = filter_dataset(data, outlets=chosen)
    topics = visible_topics(data)
    matrix = coverage_matrix(sub.sentences, sub.articles, topics)
    covered = pd.DataFrame(
        {outlet: [f"✓ {n}" if n else "— missed" for n in matrix.loc[outlet]] for outlet in chosen},
        index=[data.topic_labels[t] for t in topics],
    )
    st.subheader("Topics covered and missed")
    st.dataframe(covered)
    how_to_read("✓ n: the outlet has n evidence sentences on the topic; — missed: none.")

    colors = charts.outlet_colors(data.outlets)
    st.subheader("Tone per topic")
    st.plotly_chart(charts.tone_by_topic(sub.tone_by_topic, colors=colors, topic_labels=data.topic_labels),
                    key="compare_tone", on_select=lambda: pick_topic("compare_tone"), selection_mode=("points",))
    how_to_read("Mean polarity of each outlet's evidence sentences on a topic, weighted by length; hover for "
                "subjectivity and the number of sentences. A missing bar means the outlet did not cover it. "
                "Click a bar to read the sentences behind it, side by side, below.")
    st.subheader("Length")
    lengths = st.plotly_chart(charts.article_lengths(sub.articles, colors=colors), key="compare_lengths",
                              on_select="rerun", selection_mode=("points",))
    how_to_read("Words in each article's cleaned text (page junk removed). Click a bar to open the article.")
    open_buttons(selected_article_ids(lengths), data, key="compare_lengths_open")

    st.subheader("Their sentences on one topic")
    keep_in(K_TOPIC, topics)
    topic = st.selectbox("Topic", topics, key=K_TOPIC, format_func=data.topic_labels.get)
    for outlet, column in zip(chosen, st.columns(len(chosen))):
        with column:
            rows = evidence_sentences(sub, outlet=outlet, topic=topic)
            st.markdown(f"**{md(outlet)}** · {len(rows)} sentence(s)")
            show_sentences(rows, sub, key=f"compare_{outlet}", show_outlet=False)


def topic_page(data: Dataset) -> None:
    st.title("One topic across outlets")
    topics = visible_topics(data)
    if not topics:
        st.info("No topic selected in the sidebar filter.")
        return
    keep_in(K_TOPIC, topics)
    topic = st.selectbox("Topic", topics, key=K_TOPIC, format_func=data.topic_labels.get)
    st.caption(md(data.codebook.get(topic).description))
    st.html(render.legend_html({topic: data.topic_labels[topic]}, render.topic_colors(data.topic_ids)))
    rows = evidence_sentences(data, topic=topic)
    missing = [o for o in data.outlets if o not in set(rows[S.OUTLET])]
    st.markdown(f"**{len(rows)} evidence sentence(s) from {rows[S.OUTLET].nunique()} outlet(s).**")
    if missing:
        st.warning("No sentence on this topic from: " + ", ".join(md(o) for o in missing))
    for outlet, group in rows.groupby(S.OUTLET, sort=True):
        st.subheader(md(outlet))
        show_sentences(group, data, key=f"topic_{outlet}", show_outlet=False)


def article_page(data: Dataset) -> None:
    st.title("Article")
    ids = list(data.articles[S.ARTICLE_ID])
    labels = {r[S.ARTICLE_ID]: f"{r[S.OUTLET]} — {r[S.TITLE] or '(untitled)'}" for _, r in data.articles.iterrows()}
    if st.session_state.get(K_ARTICLE) not in ids:
        if st.session_state.get(K_ARTICLE):
            st.info("The article in the link is hidden by the outlet filter; showing another.")
        st.session_state[K_ARTICLE] = ids[0]
        st.session_state[K_SENTENCE] = None
    article_id = st.selectbox("Article", ids, key=K_ARTICLE, format_func=labels.get,
                              on_change=lambda: st.session_state.update({K_SENTENCE: None}))
    art = data.articles.set_index(S.ARTICLE_ID).loc[article_id]
    sentences = data.sentences[data.sentences[S.ARTICLE_ID] == article_id]
    evidence = data.evidence[data.evidence[S.ARTICLE_ID] == article_id]

    st.subheader(md(art[S.TITLE]) if art[S.TITLE] else "(untitled)")
    meta = {
        "outlet": art[S.OUTLET], "country": art[S.COUNTRY], "published": art[S.PUBLISHED],
        "date from": art[S.PUBLISHED_SOURCE], "byline": art[S.BYLINE], "dateline": art[S.DATELINE],
        "language": art[S.LANGUAGE], "address": art[S.URL], "file": art[S.SOURCE_FILE],
        "words": art[S.N_WORDS], "sentences": art[S.N_SENTENCES],
        "polarity": f"{art[S.POLARITY]:+.3f}", "subjectivity": f"{art[S.SUBJECTIVITY]:.3f}",
        "topics": ", ".join(data.topic_labels.get(t, t) for t in art[S.TOPICS]) or "none",
    }
    st.dataframe(pd.DataFrame({"field": list(meta), "value": [("" if v is None or v != v else str(v)) for v in meta.values()]}),
                 hide_index=True)
    options = [None, *sorted(int(s) for s in sentences[S.SENTENCE_ID])]
    if st.session_state.get(K_SENTENCE) not in options:
        st.session_state[K_SENTENCE] = None
    colors = render.topic_colors(data.topic_ids)
    focus = st.selectbox(
        "Focus on sentence", options, key=K_SENTENCE,
        format_func=lambda s: "—" if s is None else f"#{s}: " + _excerpt(sentences, s),
    )
    if focus is not None:
        row = sentences[sentences[S.SENTENCE_ID] == focus].iloc[0]
        st.html(
            '<div style="border-left:4px solid #1f5f8b;padding:4px 10px;background:#eef5fb">'
            f'<b>Sentence #{focus}</b> '
            + render.highlighted_sentence(row[S.TEXT], evidence[evidence[S.SENTENCE_ID] == focus], colors)
            + render.tone_badge(row[S.POLARITY], row[S.SUBJECTIVITY]) + "</div>"
        )
    st.html(render.legend_html(data.topic_labels, colors))
    st.html(render.article_html(art[S.TEXT], sentences, evidence, colors, focus=focus))
    how_to_read("Highlighted words are codebook terms (hover for the topic). The label after each sentence is its "
                "polarity and subjectivity; the small number before it is its sentence id.")
    with st.expander("Sentences as a table"):
        st.dataframe(sentences[[S.SENTENCE_ID, S.TEXT, S.POLARITY, S.SUBJECTIVITY, S.TOPICS, S.TERMS]], hide_index=True)
    removed = data.removed[data.removed[S.ARTICLE_ID] == article_id]
    with st.expander(f"Removed page junk ({len(removed)} lines)"):
        how_to_read("Lines of the scraped page that are not the article's body, each with the reason it was "
                    "removed. Title, byline, date and dateline lines became the metadata above.")
        st.dataframe(removed[[S.LINE_NO, S.TEXT, S.REASON]], hide_index=True)


def _excerpt(sentences: pd.DataFrame, sid: int) -> str:
    text = str(sentences.loc[sentences[S.SENTENCE_ID] == sid, S.TEXT].iloc[0])
    return text if len(text) <= 80 else text[:77] + "…"


CORE_PAGES = {V.OVERVIEW: overview_page, V.COMPARE: compare_page, V.TOPIC: topic_page, V.ARTICLE: article_page}

