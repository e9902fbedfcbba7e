"""newslens dashboard: ``streamlit run dashboard/app.py``.

A thin layer: it loads the processed tables (the one cached step), reads the view
state from the address, lays out what the pipeline computed, and writes the state
back to the address so a copied link opens the same view. Every number leads to the
sentences behind it. Article text reaches the page only through ``st.dataframe``,
plain widgets, or HTML built from escaped pieces in :mod:`dashboard.render`.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Streamlit runs this file as a script, with dashboard/ (not the project) on sys.path;
# Community Cloud installs requirements.txt only, not the package itself.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import html  # noqa: E402
import os  # noqa: E402

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from dashboard import charts, render  # noqa: E402
from dashboard import schema as S  # noqa: E402
from dashboard import state as V  # noqa: E402
from dashboard.compare import coverage_matrix  # noqa: E402
from dashboard.preprocess import DEFAULT_INPUT, DEFAULT_OUTPUT  # noqa: E402
from dashboard.data import (  # noqa: E402
    Dataset,
    data_signature,
    evidence_sentences,
    filter_dataset,
    load_dataset,
    sentences_by_keys,
)

# Widget keys, stable and named for where they live.
K_VIEW = "nav_view"
K_OUTLETS = "filter_outlets"
K_TOPICS = "filter_topics"
K_COMPARE = "compare_outlets"
K_TOPIC = "topic_pick"
K_ARTICLE = "article_pick"
K_SENTENCE = "article_sentence"
K_EV_OUTLET = "overview_evidence_outlet"
K_EV_TOPIC = "overview_evidence_topic"
K_TONE_MEASURE = "overview_tone_measure"
K_NOTICES = "url_notices"
_URL_KEYS = (K_VIEW, K_OUTLETS, K_TOPICS, K_COMPARE, K_TOPIC, K_ARTICLE, K_SENTENCE)
#: Longest evidence list drawn at once; the rest is counted, not drawn.
_MAX_LISTED = 150


#: Folders the app reads; the environment can point it at another collection of articles.
INPUT_DIR = Path(os.environ.get("NEWSLENS_INPUT", DEFAULT_INPUT))
OUTPUT_DIR = Path(os.environ.get("NEWSLENS_OUTPUT", DEFAULT_OUTPUT))


@st.cache_resource(show_spinner="Reading the articles and building the tables…")
def cached_dataset(input_dir: Path, output_dir: Path, signature: tuple) -> Dataset:
    """The processed tables; rebuilt when any input or output file changes (``signature``)."""
    return load_dataset(input_dir, output_dir)


# --- state -----------------------------------------------------------------------------


def init_state(data: Dataset) -> None:
    """Seed the widgets from the address once per session; keep them across views after."""
    if K_NOTICES not in st.session_state:
        params = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
        state, notices = V.parse_query(
            params, outlets=data.outlets, topics=data.topic_ids, sentence_counts=data.sentence_counts()
        )
        st.session_state[K_NOTICES] = notices
        st.session_state[K_VIEW] = state.view
        st.session_state[K_OUTLETS] = list(state.outlets)
        st.session_state[K_TOPICS] = list(state.topics)
        st.session_state[K_COMPARE] = list(state.compare)
        st.session_state[K_TOPIC] = state.topic
        st.session_state[K_ARTICLE] = state.article
        st.session_state[K_SENTENCE] = state.sentence
    else:
        # Streamlit forgets the value of a widget that a run does not draw; re-assigning
        # keeps the other views' choices while the user is on this one.
        for key in _URL_KEYS:
            if key in st.session_state:
                st.session_state[key] = st.session_state[key]


def current_state() -> V.ViewState:
    ss = st.session_state
    return V.ViewState(
        view=ss.get(K_VIEW) or V.OVERVIEW,
        outlets=tuple(ss.get(K_OUTLETS) or ()),
        topics=tuple(ss.get(K_TOPICS) or ()),
        compare=tuple(ss.get(K_COMPARE) or ()),
        topic=ss.get(K_TOPIC),
        article=ss.get(K_ARTICLE),
        sentence=ss.get(K_SENTENCE),
    )


def write_url() -> None:
    st.query_params.from_dict(V.to_query(current_state()))


def open_article(article_id: str, sentence_id: int | None = None) -> None:
    """Button callback: show ``article_id`` in the Article view, focused on a sentence."""
    st.session_state[K_VIEW] = V.ARTICLE
    st.session_state[K_ARTICLE] = article_id
    st.session_state[K_SENTENCE] = sentence_id


def _points(selection) -> list[dict]:
    """The selected points of a chart's selection state (a dict in every Streamlit runtime)."""
    return list(((selection or {}).get("selection") or {}).get("points") or [])


def pick_cell(chart_key: str) -> None:
    """Coverage chart callback: a clicked cell picks the outlet and topic whose sentences are listed."""
    points = _points(st.session_state.get(chart_key))
    if points and points[0].get("customdata"):
        outlet, topic = points[0]["customdata"][:2]
        st.session_state[K_EV_OUTLET] = outlet
        st.session_state[K_EV_TOPIC] = topic


# --- shared pieces ---------------------------------------------------------------------


def show_sentences(rows: pd.DataFrame, data: Dataset, *, key: str, show_outlet: bool = True) -> None:
    """List sentences with their terms marked, tone, and a button to open each in its article."""
    if rows.empty:
        st.caption("No sentence here.")
        return
    colors = render.topic_colors(data.topic_ids)
    for row in rows.head(_MAX_LISTED).itertuples(index=False):
        article_id, sid = getattr(row, S.ARTICLE_ID), int(getattr(row, S.SENTENCE_ID))
        ev = data.evidence[(data.evidence[S.ARTICLE_ID] == article_id) & (data.evidence[S.SENTENCE_ID] == sid)]
        who = f"<b>{html.escape(str(getattr(row, S.OUTLET)))}</b> · " if show_outlet else ""
        body = render.highlighted_sentence(getattr(row, S.TEXT), ev, colors)
        badge = render.tone_badge(getattr(row, S.POLARITY), getattr(row, S.SUBJECTIVITY))
        text_col, button_col = st.columns([12, 2], vertical_alignment="center")
        with text_col:
            st.html(f'<div style="margin:2px 0">{who}<span style="color:#8c959f">#{sid}</span> {body}{badge}</div>')
        with button_col:
            st.button("Open", key=f"{key}_open_{article_id}_{sid}", on_click=open_article,
                      args=(article_id, sid), help="Open this sentence in its article")
    if len(rows) > _MAX_LISTED:
        st.caption(f"{len(rows) - _MAX_LISTED} more sentences not listed; narrow the filters to see them.")


def visible_topics(data: Dataset) -> list[str]:
    """Topic ids the sidebar filter lets through, in codebook order."""
    chosen = st.session_state.get(K_TOPICS)
    return [t for t in data.topic_ids if not chosen or t in chosen]


def how_to_read(text: str) -> None:
    st.caption(f"**How to read this.** {text}")


def selected_sentence_keys(selection) -> list[tuple[str, int]]:
    """(article_id, sentence_id) pairs from a chart selection whose customdata names sentences."""
    keys = []
    for point in _points(selection):
        custom = point.get("customdata") or []
        if len(custom) >= 2 and isinstance(custom[1], (int, float)) and custom[1] >= 0:
            keys.append((str(custom[0]), int(custom[1])))
    return keys


def selected_article_ids(selection) -> list[str]:
    """Article ids from a chart selection: ``[article_id]`` or an article marker ``[article_id, -1]``."""
    ids: list[str] = []
    for point in _points(selection):
        custom = point.get("customdata") or []
        if len(custom) == 1 or (len(custom) == 2 and custom[1] == -1):
            if str(custom[0]) not in ids:
                ids.append(str(custom[0]))
    return ids


def open_buttons(article_ids: list[str], data: Dataset, *, key: str) -> None:
    """One button per selected article, opening it in the Article view."""
    outlets = dict(zip(data.articles[S.ARTICLE_ID], data.articles[S.OUTLET]))
    for article_id in article_ids:
        if article_id in outlets:
            st.button(f"Open the {outlets[article_id]} article", key=f"{key}_{article_id}", on_click=open_article,
                      args=(article_id,))


def pick_topic(chart_key: str) -> None:
    """Tone-per-topic chart callback: a clicked bar shows that topic's sentences side by side."""
    points = _points(st.session_state.get(chart_key))
    if points and len(points[0].get("customdata") or []) == 2:
        st.session_state[K_TOPIC] = points[0]["customdata"][1]


# --- views -----------------------------------------------------------------------------


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
    rows = list(((table or {}).get("selection") or {}).get("rows") or [])
    if rows:
        chosen = a.iloc[rows[0]]
        st.button(f"Open the {chosen[S.OUTLET]} article", key="overview_open_article", on_click=open_article,
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
    st.markdown(f"**{len(rows_ev)} sentence(s)** — {outlet} on {data.topic_labels.get(topic, topic)}")
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
        st.caption("No date known for: " + ", ".join(sorted(map(str, undated[S.OUTLET]))))


def compare_page(data: Dataset) -> None:
    st.title("Compare outlets")
    if not st.session_state.get(K_COMPARE):
        st.session_state[K_COMPARE] = data.outlets[:2]
    st.session_state[K_COMPARE] = [o for o in st.session_state[K_COMPARE] if o in data.outlets]
    chosen = st.multiselect("Outlets side by side", data.outlets, key=K_COMPARE)
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
    if st.session_state.get(K_TOPIC) not in topics and topics:
        st.session_state[K_TOPIC] = topics[0]
    topic = st.selectbox("Topic", topics, key=K_TOPIC, format_func=data.topic_labels.get)
    for outlet, column in zip(chosen, st.columns(len(chosen))):
        with column:
            rows = evidence_sentences(sub, outlet=outlet, topic=topic)
            st.markdown(f"**{outlet}** · {len(rows)} sentence(s)")
            show_sentences(rows, sub, key=f"compare_{outlet}", show_outlet=False)


def topic_page(data: Dataset) -> None:
    st.title("One topic across outlets")
    topics = visible_topics(data)
    if not topics:
        st.info("No topic selected in the sidebar filter.")
        return
    if st.session_state.get(K_TOPIC) not in topics:
        st.session_state[K_TOPIC] = topics[0]
    topic = st.selectbox("Topic", topics, key=K_TOPIC, format_func=data.topic_labels.get)
    st.caption(data.codebook.get(topic).description)
    st.html(render.legend_html({topic: data.topic_labels[topic]}, render.topic_colors(data.topic_ids)))
    rows = evidence_sentences(data, topic=topic)
    missing = [o for o in data.outlets if o not in set(rows[S.OUTLET])]
    st.markdown(f"**{len(rows)} evidence sentence(s) from {rows[S.OUTLET].nunique()} outlet(s).**")
    if missing:
        st.warning("No sentence on this topic from: " + ", ".join(missing))
    for outlet, group in rows.groupby(S.OUTLET, sort=True):
        st.subheader(str(outlet))
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
    article_id = st.selectbox("Article", ids, key=K_ARTICLE, format_func=labels.get)
    art = data.articles.set_index(S.ARTICLE_ID).loc[article_id]
    sentences = data.sentences[data.sentences[S.ARTICLE_ID] == article_id]
    evidence = data.evidence[data.evidence[S.ARTICLE_ID] == article_id]

    st.subheader(art[S.TITLE] or "(untitled)")
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
    focus = st.selectbox(
        "Focus on sentence", options, key=K_SENTENCE,
        format_func=lambda s: "—" if s is None else f"#{s}: " + _excerpt(sentences, s),
    )
    if focus is not None:
        row = sentences[sentences[S.SENTENCE_ID] == focus].iloc[0]
        st.html(
            '<div style="border-left:4px solid #1f5f8b;padding:4px 10px;background:#eef5fb">'
            f'<b>Sentence #{focus}</b> '
            + render.highlighted_sentence(row[S.TEXT], evidence[evidence[S.SENTENCE_ID] == focus],
                                          render.topic_colors(data.topic_ids))
            + render.tone_badge(row[S.POLARITY], row[S.SUBJECTIVITY]) + "</div>"
        )
    colors = render.topic_colors(data.topic_ids)
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


PAGES = {V.OVERVIEW: overview_page, V.COMPARE: compare_page, V.TOPIC: topic_page, V.ARTICLE: article_page}


# --- layout ----------------------------------------------------------------------------


def sidebar(data: Dataset) -> None:
    with st.sidebar:
        st.header("newslens")
        st.radio("View", V.VIEWS, format_func=V.VIEW_LABELS.get, key=K_VIEW)
        st.multiselect("Outlets", data.outlets, key=K_OUTLETS, placeholder="All outlets",
                       help="Leave empty for every outlet. Applies to every view.")
        st.multiselect("Topics", data.topic_ids, key=K_TOPICS, format_func=data.topic_labels.get,
                       placeholder="All topics", help="Leave empty for every topic. Applies to every view.")
        report = data.report
        st.caption(
            f"{report['counts']['articles']} articles processed, {report['counts']['skipped']} skipped. "
            "The address bar holds this view: copy it to share exactly what you see."
        )
        for item in report.get("skipped", []):
            st.caption(f"Skipped {item['file']}: {item['reason']}")


def main() -> None:
    st.set_page_config(page_title="newslens", page_icon="📰", layout="wide")
    data = cached_dataset(INPUT_DIR, OUTPUT_DIR, data_signature(INPUT_DIR, OUTPUT_DIR))
    init_state(data)
    for notice in st.session_state[K_NOTICES]:
        st.warning(notice, icon="⚠️")
    sidebar(data)
    view = filter_dataset(data, outlets=st.session_state[K_OUTLETS], topics=st.session_state[K_TOPICS])
    if view.articles.empty:
        st.info("No article matches the outlet filter. Clear it in the sidebar to see every outlet.")
    else:
        PAGES[st.session_state[K_VIEW]](view)
    write_url()


main()
