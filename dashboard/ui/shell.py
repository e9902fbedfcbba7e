"""The app's frame: load the tables (the one cached step), seed the widgets from the
address, draw the sidebar, run the chosen view and write the state back to the address.

Article text reaches the page only through ``st.dataframe``, plain widgets, or HTML built
from escaped pieces in :mod:`dashboard.ui.render`.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Hashable
from functools import partial
from pathlib import Path

import streamlit as st

from dashboard.ui import state as V
from dashboard.ui.codebook import K_APPLIED, codebook_panel, with_session_codebook
from dashboard.ui.dataset import (
    DEFAULT_INPUT,
    DEFAULT_OUTPUT,
    Dataset,
    ServedTables,
)
from dashboard.ui.filters import filter_dataset
from dashboard.ui.pages import (
    article,
    compare,
    entities,
    findings,
    framing,
    omissions,
    overview,
    passages,
    quotes,
    sources,
    topic,
)
from dashboard.ui.render import md
from dashboard.ui.runs import RUNS
from dashboard.ui.uploads import uploaded_dataset, uploads_panel
from dashboard.ui.widgets import (
    K_ALL_OUTLETS,
    K_ARTICLE,
    K_COMPARE,
    K_EV_OUTLET,
    K_EV_PICKED,
    K_EV_TOPIC,
    K_EVENT,
    K_FOCUS,
    K_NOTICES,
    K_OUTLETS,
    K_SENTENCE,
    K_TOPIC,
    K_TOPICS,
    K_VIEW,
    URL_KEYS,
    outlet_palette,
    write_url,
)

PAGES = {
    V.FINDINGS: findings.page,
    V.OVERVIEW: overview.page,
    V.COMPARE: compare.page,
    V.TOPIC: topic.page,
    V.ARTICLE: article.page,
    V.PASSAGES: passages.page,
    V.SOURCES: sources.page,
    V.QUOTES: quotes.page,
    V.ENTITIES: entities.page,
    V.OMISSIONS: omissions.page,
    V.FRAMING: framing.page,
}


def folders() -> tuple[Path, Path]:
    """The input and output folders: the seeds and the default tables, unless the
    environment (``NEWSLENS_INPUT``, ``NEWSLENS_OUTPUT``) points elsewhere. Read on every
    run, not at import: this module is imported once per server, the script reruns."""
    return (
        Path(os.environ.get("NEWSLENS_INPUT", DEFAULT_INPUT)),
        Path(os.environ.get("NEWSLENS_OUTPUT", DEFAULT_OUTPUT)),
    )


@st.cache_resource(show_spinner=False)
def served_tables(input_dir: Path, output_dir: Path) -> ServedTables:
    """The one :class:`ServedTables` of these folders, shared by every session: it loads the
    tables and reloads them when the folders change."""
    return ServedTables(input_dir, output_dir)


def served_dataset() -> Dataset:
    input_dir, output_dir = folders()
    return served_tables(input_dir, output_dir).dataset(
        loading=lambda: st.spinner("Reading the articles and building the tables…")
    )


# --- state -----------------------------------------------------------------------------


def init_state(data: Dataset) -> None:
    """Seed the widgets from the address once per session; keep them across views after.

    Every run also records the outlets of the whole dataset shown (this session's uploads, else
    ``data``), unfiltered, from which every chart takes its one palette.
    """
    st.session_state[K_ALL_OUTLETS] = (uploaded_dataset() or data).outlets
    if K_NOTICES not in st.session_state:
        params = {k: st.query_params.get_all(k) for k in st.query_params}
        state, notices = V.parse_query(
            params,
            outlets=data.outlets,
            topics=data.topic_ids,
            sentence_counts=data.sentence_counts(),
            events=data.events(),
        )
        st.session_state[K_NOTICES] = notices
        st.session_state[K_VIEW] = state.view
        st.session_state[K_OUTLETS] = list(state.outlets)
        st.session_state[K_TOPICS] = list(state.topics)
        st.session_state[K_COMPARE] = list(state.compare)
        st.session_state[K_TOPIC] = state.topic
        st.session_state[K_ARTICLE] = state.article
        st.session_state[K_SENTENCE] = state.sentence
        st.session_state[K_FOCUS] = state.focus
        st.session_state[K_EVENT] = state.event
        if state.cell_outlet and state.cell_topic:
            st.session_state[K_EV_OUTLET] = state.cell_outlet
            st.session_state[K_EV_TOPIC] = state.cell_topic
            st.session_state[K_EV_PICKED] = True
    else:
        # Streamlit forgets the value of a widget that a run does not draw; re-assigning
        # keeps the other views' choices while the user is on this one.
        for key in URL_KEYS:
            if key in st.session_state:
                st.session_state[key] = st.session_state[key]


# --- layout ----------------------------------------------------------------------------


def sidebar(data: Dataset) -> None:
    with st.sidebar:
        st.header("newslens")
        st.radio("View", V.VIEWS, format_func=V.VIEW_LABELS.get, key=K_VIEW)
        events = data.events()
        if len(events) > 1:
            st.selectbox(
                "Event",
                [None, *events],
                key=K_EVENT,
                format_func=lambda e: f"All {len(events)} events" if e is None else events[e],
                help="The articles are grouped into events by content and dates; the cross-outlet "
                "analysis (shared facts, passages, discrepancies, omissions) runs within one event.",
            )
        st.multiselect(
            "Outlets",
            data.outlets,
            key=K_OUTLETS,
            placeholder="All outlets",
            help="Leave empty for every outlet. Applies to every view.",
        )
        st.multiselect(
            "Topics",
            data.topic_ids,
            key=K_TOPICS,
            format_func=data.topic_label,
            placeholder="All topics",
            help="Leave empty for every topic. Applies to every view.",
        )
        report = data.report
        st.caption(
            f"{report['counts']['articles']} articles processed, {report['counts']['skipped']} skipped. "
            "The address bar holds the view, the filters and the chosen outlets, topic, article and "
            "sentence: copy it to share this view."
        )
        codebook = data.codebook
        st.caption(
            f"Topics: {len(codebook.topics)} from codebook {md(codebook.source)} (version {codebook.version}), "
            + (
                "applied in this session (see Topics codebook)."
                if st.session_state.get(K_APPLIED)
                else "the one these tables were built with."
            )
        )
        for item in report.get("skipped", []):
            st.caption(f"Skipped {md(item['file'])}: {md(item['reason'])}")


def main() -> None:
    with RUNS:
        _draw()


def _draw() -> None:
    st.set_page_config(page_title="newslens", page_icon="📰", layout="wide")
    served = served_dataset()
    init_state(served)
    data = with_session_codebook(uploaded_dataset() or served)
    for notice in st.session_state[K_NOTICES]:
        st.warning(md(notice), icon="⚠️")
    # Shown when the link opens, not on every later click.
    st.session_state[K_NOTICES] = []
    for failure in data.report.get("failed_analyses", []):
        st.warning(
            md(
                f"The {failure.get('analysis', 'an')} analysis failed on these articles "
                f"({failure.get('error', 'no detail')}); the views that use it show nothing from it. "
                "Everything else is complete."
            ),
            icon="⚠️",
        )
    sidebar(data)
    uploads_panel()
    codebook_panel(data)
    outlets = tuple(sorted(st.session_state[K_OUTLETS]))
    topics = tuple(sorted(st.session_state[K_TOPICS]))
    event = st.session_state.get(K_EVENT)
    # Filtering recomputes framing and omissions for the outlets kept: done once per filter
    # combination, not on every click inside a view.
    view = data.derived(
        ("filtered", outlets, topics, event),
        lambda d: filter_dataset(d, outlets=outlets, topics=topics, event=event),
    )
    if view.articles.empty:
        st.info("No article matches the filters (event and outlets). Clear them in the sidebar to see every article.")
    else:
        PAGES[st.session_state[K_VIEW]](view)
    write_url()
    # After the page is drawn: the terms Compare and the filters need, and the Overview's
    # figures, built while the reader reads.
    served.alignment.term_index.warm(busy=RUNS.busy, done=gc.freeze)
    if not view.articles.empty:
        colors = outlet_palette(view)
        for name, (key, warm_up) in _warm_ups(view, colors).items():
            if name != st.session_state[K_VIEW]:
                view.start_warming(key, warm_up, RUNS.busy)


def _warm_ups(view: Dataset, colors: dict[str, str]) -> dict[str, tuple[Hashable, Callable[..., None]]]:
    """View -> (warming key, its warm-up): what those views build first and slowest, made in
    the background while the reader reads another view (each page waits for its own)."""
    return {
        V.OVERVIEW: (overview.warming_key(colors), partial(overview.warm_up, view, colors)),
        V.QUOTES: (quotes.WARMING_KEY, partial(quotes.warm_up, view)),
    }
