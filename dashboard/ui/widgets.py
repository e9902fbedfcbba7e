"""The Streamlit pieces every view shares: widget keys, evidence lists, selection handling.

Part of the app layer (imports Streamlit). Views live in :mod:`dashboard.ui.pages`, one module
each; the entry point is ``dashboard/app.py``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

from dashboard import schema as S
from dashboard.corpus.framing import parse_sentence_key
from dashboard.ui import charts, render
from dashboard.ui import state as V
from dashboard.ui.dataset import Dataset
from dashboard.ui.export import to_csv_bytes
from dashboard.ui.filters import sentences_by_keys, term_spans
from dashboard.ui.runs import RUNS

K_VIEW = "nav_view"
K_OUTLETS = "filter_outlets"
K_TOPICS = "filter_topics"
K_COMPARE = "compare_outlets"
K_COMPARE_WANTED = "compare_wanted"  # every outlet chosen, including those the filter hides now
K_TOPIC = "topic_pick"
K_ARTICLE = "article_pick"
K_SENTENCE = "article_sentence"
K_EV_OUTLET = "overview_evidence_outlet"
K_EV_TOPIC = "overview_evidence_topic"
# True once the reader picked the coverage cell (click or pickers), so a link carries it; until
# then the Overview shows the fullest cell, which a link without a cell reproduces by itself.
K_EV_PICKED = "overview_evidence_picked"
# Every outlet of the dataset shown (served or uploaded), unfiltered: the charts' one palette.
K_ALL_OUTLETS = "palette_outlets"
K_TONE_MEASURE = "overview_tone_measure"
K_NOTICES = "url_notices"
K_FOCUS = "focus_outlet"
K_EVENT = "filter_event"
#: Keys whose values live in the address (see :func:`current_state`).
URL_KEYS = (
    K_VIEW,
    K_EVENT,
    K_OUTLETS,
    K_TOPICS,
    K_COMPARE,
    K_TOPIC,
    K_ARTICLE,
    K_SENTENCE,
    K_FOCUS,
    K_EV_OUTLET,
    K_EV_TOPIC,
)
# K_COMPARE_WANTED and K_EV_PICKED are plain session state, not widgets: Streamlit keeps them as they are.
#: Longest evidence list drawn at once; the rest is counted, not drawn.
MAX_LISTED = 150
#: Most columns side by side: a fourth or fifth squeezes an "Open" button below its label's width.
MAX_COLUMNS = 3


def current_state() -> V.ViewState:
    ss = st.session_state
    return V.ViewState(
        view=ss.get(K_VIEW) or V.FINDINGS,
        outlets=tuple(ss.get(K_OUTLETS) or ()),
        topics=tuple(ss.get(K_TOPICS) or ()),
        compare=tuple(ss.get(K_COMPARE_WANTED, ss.get(K_COMPARE)) or ()),
        topic=ss.get(K_TOPIC),
        article=ss.get(K_ARTICLE),
        sentence=ss.get(K_SENTENCE),
        focus=ss.get(K_FOCUS),
        event=ss.get(K_EVENT),
        cell_outlet=ss.get(K_EV_OUTLET) if ss.get(K_EV_PICKED) else None,
        cell_topic=ss.get(K_EV_TOPIC) if ss.get(K_EV_PICKED) else None,
    )


def write_url() -> None:
    st.query_params.from_dict(V.to_query(current_state()))


def open_article(article_id: str, sentence_id: int | None = None) -> None:
    """Button callback: show ``article_id`` in the Article view, focused on a sentence."""
    st.session_state[K_VIEW] = V.ARTICLE
    st.session_state[K_ARTICLE] = article_id
    st.session_state[K_SENTENCE] = sentence_id


def points_of(selection) -> list[dict]:
    """The selected points of a chart's selection state (a dict in every Streamlit runtime)."""
    return list(((selection or {}).get("selection") or {}).get("points") or [])


def customdata_of(selection) -> list[list]:
    """The ``customdata`` of every selected point that has one."""
    return [list(p["customdata"]) for p in points_of(selection) if p.get("customdata")]


def selected_row(table, frame: pd.DataFrame) -> pd.Series | None:
    """The row of ``frame`` selected in its ``st.dataframe``, or None.

    A keyed table keeps its selection when the data under it changes (another filter,
    another outlet); an index that no longer exists is ignored rather than trusted.
    """
    rows = list(((table or {}).get("selection") or {}).get("rows") or [])
    if rows and 0 <= rows[0] < len(frame):
        return frame.iloc[rows[0]]
    return None


def keep_in(key: str, options: list, default=None) -> None:
    """Reset widget ``key`` to ``default`` (else the first option) when its value is not an option."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = default if default is not None else (options[0] if options else None)


def sentences_of(data: Dataset, frame: pd.DataFrame) -> pd.DataFrame:
    """The sentence rows named by ``frame``'s article_id and sentence_id columns."""
    return sentences_by_keys(data, list(zip(frame[S.ARTICLE_ID].tolist(), frame[S.SENTENCE_ID].astype(int).tolist())))


def sentences_of_keys(data: Dataset, keys) -> pd.DataFrame:
    """The sentence rows named by ``"article_id:sentence_id"`` keys (an ``evidence`` cell), in outlet order.

    Keys of sentences the filters hide are left out.
    """
    rows = sentences_by_keys(data, [parse_sentence_key(str(k)) for k in (keys if keys is not None else [])])
    return rows.sort_values([S.OUTLET, S.ARTICLE_ID, S.SENTENCE_ID], kind="stable").reset_index(drop=True)


def strength_column(help: str, *, label: str | None = None, max_value: float = 1.0):
    """A progress bar column for a strength (0 … ``max_value``), its meaning in ``help``; without a
    ``label``, :func:`table` heads it from :data:`render.COLUMN_LABELS`."""
    return st.column_config.ProgressColumn(
        label, help=help, min_value=0.0, max_value=max_value, format="%.2f" if max_value == 1.0 else "%.0f"
    )


def pick_cell(chart_key: str) -> None:
    """Coverage chart callback: a clicked cell picks the outlet and topic whose sentences are listed."""
    points = points_of(st.session_state.get(chart_key))
    if points and points[0].get("customdata"):
        outlet, topic = points[0]["customdata"][:2]
        st.session_state[K_EV_OUTLET] = outlet
        st.session_state[K_EV_TOPIC] = topic
        st.session_state[K_EV_PICKED] = True


def pick_cell_by_hand() -> None:
    """Coverage pickers callback: the reader chose the cell, so the address keeps it."""
    st.session_state[K_EV_PICKED] = True


# --- shared pieces ---------------------------------------------------------------------


def show_sentences(
    rows: pd.DataFrame,
    data: Dataset,
    *,
    key: str,
    show_outlet: bool = True,
    narrow: bool = False,
    step: int | None = None,
) -> None:
    """List sentences with their terms marked, tone, and a button to open each in its article.

    ``narrow``: the list sits in one of several columns (:func:`columns_in_rows`); each "Open"
    button then goes under its sentence, where its label has the column's width.
    ``step``: list this many, with a button for as many more (:func:`more_button`); without it,
    at most :data:`MAX_LISTED`.
    """
    if rows.empty:
        st.caption("No sentence here.")
        return
    colors = render.topic_colors(data.topic_ids)
    limit = MAX_LISTED if step is None else shown_count(f"{key}_list", len(rows), step=step)
    listed = rows.head(limit)
    spans = term_spans(data)
    columns = (S.ARTICLE_ID, S.SENTENCE_ID, S.OUTLET, S.TEXT, S.POLARITY, S.SUBJECTIVITY)
    # Plain lists: a view lists a few hundred sentences a run, and pandas rows cost more than the HTML.
    for article_id, sid, outlet, text, polarity, subjectivity in zip(*(listed[c].tolist() for c in columns)):
        sid = int(sid)
        who = f"<b>{render.escape_html(outlet)}</b> · " if show_outlet else ""
        body = render.spans_html(text, spans.get((str(article_id), sid), ()), colors)
        badge = render.tone_badge(polarity, subjectivity)
        text_col, button_col = (
            (st.container(), st.container()) if narrow else st.columns([12, 2], vertical_alignment="center")
        )
        with text_col:
            st.html(f'<div style="margin:2px 0">{who}<span style="color:#8c959f">#{sid}</span> {body}{badge}</div>')
        with button_col:
            st.button(
                "Open",
                key=f"{key}_open_{article_id}_{sid}",
                on_click=open_article,
                args=(article_id, sid),
                help="Open this sentence in its article",
            )
    if step is not None:
        more_button(f"{key}_list", limit, len(rows), "sentences", step=step)
    elif len(rows) > MAX_LISTED:
        st.caption(f"{len(rows) - MAX_LISTED} more sentences not listed; narrow the filters to see them.")


def visible_topics(data: Dataset) -> list[str]:
    """Topic ids the sidebar filter lets through, in codebook order."""
    chosen = st.session_state.get(K_TOPICS)
    return [t for t in data.topic_ids if not chosen or t in chosen]


def left_out_caption(shown: int, total: int, noun: str, *, rest: str) -> bool:
    """A caption naming what a capped figure leaves out (:func:`charts.left_out_note`), when it
    leaves something out; whether it did."""
    note = charts.left_out_note(min(shown, total), total, noun, rest=rest)
    if note:
        st.caption(note)
    return bool(note)


def how_to_read(text: str) -> None:
    st.caption(f"**How to read this.** {text}")


def selected_sentence_keys(selection) -> list[tuple[str, int]]:
    """(article_id, sentence_id) pairs from a chart selection whose customdata names sentences."""
    keys = []
    for point in points_of(selection):
        custom = point.get("customdata") or []
        if len(custom) >= 2 and isinstance(custom[1], (int, float)) and custom[1] >= 0:
            keys.append((str(custom[0]), int(custom[1])))
    return keys


def selected_article_ids(selection) -> list[str]:
    """Article ids from a chart selection: ``[article_id]`` or an article marker ``[article_id, -1]``."""
    ids: list[str] = []
    for point in points_of(selection):
        custom = point.get("customdata") or []
        is_article = len(custom) == 1 or (len(custom) == 2 and custom[1] == -1)
        if is_article and str(custom[0]) not in ids:
            ids.append(str(custom[0]))
    return ids


def open_buttons(article_ids: list[str], data: Dataset, *, key: str) -> None:
    """Open the selected articles in the Article view: a button each, at most :data:`MAX_COLUMNS`
    in a row; more than that, a picker of the articles and one button, so no label is squeezed."""
    if not article_ids:
        return
    shown = data.articles[data.articles[S.ARTICLE_ID].isin(article_ids)]
    outlets = dict(zip(shown[S.ARTICLE_ID].tolist(), shown[S.OUTLET].tolist()))
    titles = dict(zip(shown[S.ARTICLE_ID].tolist(), shown[S.TITLE].tolist()))
    ids = [a for a in article_ids if a in outlets]
    if len(ids) > MAX_COLUMNS:
        keep_in(f"{key}_pick", ids)
        picked = st.selectbox(
            f"Open one of the {len(ids)} selected articles",
            ids,
            key=f"{key}_pick",
            format_func=lambda a: f"{outlets[a]} — {render.known(titles[a])}",
        )
        st.button("Open", key=f"{key}_open", on_click=open_article, args=(picked,))
        return
    for article_id, column in zip(ids, columns_in_rows(len(ids))):
        column.button(
            f"Open the {render.md(outlets[article_id])} article",
            key=f"{key}_{article_id}",
            on_click=open_article,
            args=(article_id,),
        )


def row_sizes(n: int, *, per_row: int = MAX_COLUMNS) -> list[int]:
    """How many of ``n`` side-by-side items go in each row: full rows of ``per_row``, then the rest."""
    return [min(per_row, n - start) for start in range(0, max(n, 0), per_row)]


def columns_in_rows(n: int, *, per_row: int = MAX_COLUMNS) -> list:
    """``n`` columns, at most ``per_row`` side by side and the rest in rows below; every column
    has a row's ``1/per_row`` of the width (a short last row keeps the same widths)."""
    slots: list = []
    for size in row_sizes(n, per_row=per_row):
        slots.extend(st.columns(min(per_row, n))[:size])
    return slots


def outlet_palette(data: Dataset) -> dict[str, str]:
    """The colour of every outlet in every chart, from all outlets of the dataset shown (the served
    tables or this session's uploads, recorded by the shell), never from the filtered view: a filter
    must not recolour an outlet."""
    return charts.outlet_colors([*st.session_state.get(K_ALL_OUTLETS, ()), *data.outlets])


def table(frame: pd.DataFrame, *, column_config: dict | None = None, as_is: tuple[str, ...] = (), **options):
    """``st.dataframe`` of ``frame`` as a reader should see it: every header from
    :data:`render.COLUMN_LABELS` (a configured column without a label gets its label there) and
    every unknown text cell as :data:`render.UNKNOWN` (except in the ``as_is`` columns, see
    :func:`render.display_frame`). ``options`` go to ``st.dataframe``."""
    config: dict = dict(column_config or {})
    for column in frame.columns:
        name = str(column)
        if name not in config:
            config[name] = render.column_label(name)
        elif isinstance(config[name], dict) and not config[name].get("label"):
            config[name] = {**config[name], "label": render.column_label(name)}
    return st.dataframe(render.display_frame(frame, as_is=as_is), column_config=config, **options)


#: Rows a table shows at once: 500 rows of a dozen columns are about 100 KB of Arrow, a long
#: scroll already; a reader pages on, or downloads every row.
PAGE_ROWS = 500
#: Items (quote entries, discrepancies, findings, article groups) listed before a "more" button,
#: and how many each press adds: each item draws its sentences with their buttons.
ITEMS_SHOWN = 20


def page_bounds(n_rows: int, page: int, *, page_rows: int = PAGE_ROWS) -> tuple[int, int, int]:
    """``(start, stop, n_pages)`` of page ``page`` (1-based; clamped to 1 … n_pages) of ``n_rows``
    rows, ``page_rows`` a page; an empty table has one empty page."""
    n_pages = max(1, -(-n_rows // page_rows))
    page = min(max(int(page), 1), n_pages)
    start = (page - 1) * page_rows
    return start, min(start + page_rows, n_rows), n_pages


def rows_caption(start: int, stop: int, n_rows: int) -> str:
    """ "rows 501–1,000 of 37,804" for the rows ``start`` (0-based) up to ``stop`` (exclusive)."""
    return f"rows {start + 1:,}–{stop:,} of {n_rows:,}"


def paged_table(
    frame: pd.DataFrame,
    *,
    key: str,
    download_as: str | None = None,
    download_frame: pd.DataFrame | None = None,
    page_rows: int = PAGE_ROWS,
    **options,
) -> tuple[object, pd.DataFrame]:
    """:func:`table` of one page of ``frame``, with a page picker when it has more than one.

    Args:
        key: The table's widget key (its selection); the page picker is ``<key>_page``.
        download_as: When given, a button downloads every row (``download_frame``, else
            ``frame``) as ``newslens-<download_as>.csv``, whatever the page.
        options: Passed to :func:`table` (``column_config``, ``on_select``, …).

    Returns:
        The table's selection state and the page's rows: a selected row's position is in the
        page, so read it with ``selected_row(state, page_rows)``.
    """
    n_rows = len(frame)
    page_key = f"{key}_page"
    n_pages = page_bounds(n_rows, 1, page_rows=page_rows)[2]
    page = 1
    if n_pages > 1:
        # The filters can shrink the table under a stored page: clamp it before the widget reads it.
        if st.session_state.get(page_key, 1) > n_pages:
            st.session_state[page_key] = n_pages
        page = int(st.number_input(f"Page (of {n_pages:,})", 1, n_pages, step=1, key=page_key))
    start, stop, _ = page_bounds(n_rows, page, page_rows=page_rows)
    shown = frame.iloc[start:stop]
    state = table(shown, key=key, **options)
    if n_pages > 1:
        st.caption(rows_caption(start, stop, n_rows) + (" · the download has every row" if download_as else ""))
    if download_as:
        download(frame if download_frame is None else download_frame, download_as, key=f"{key}_download")
    return state, shown


def shown_count(key: str, n_items: int, *, step: int = ITEMS_SHOWN) -> int:
    """How many of ``n_items`` a capped list shows now: ``step`` at first, ``step`` more per press of
    :func:`more_button` (kept in ``<key>_shown``)."""
    return min(n_items, int(st.session_state.get(f"{key}_shown", step)))


def more_button(key: str, shown: int, n_items: int, noun: str, *, step: int = ITEMS_SHOWN) -> None:
    """Below a capped list: how many are listed, and a button listing ``step`` more."""
    if shown >= n_items:
        return
    st.caption(f"{shown:,} of {n_items:,} {noun} listed.")

    def more() -> None:
        st.session_state[f"{key}_shown"] = shown + step

    st.button(f"Show {min(step, n_items - shown):,} more", key=f"{key}_more", on_click=more)


def pick_topic(chart_key: str) -> None:
    """Tone-per-topic chart callback: a clicked bar shows that topic's sentences side by side."""
    points = points_of(st.session_state.get(chart_key))
    if points and len(points[0].get("customdata") or []) == 2:
        st.session_state[K_TOPIC] = points[0]["customdata"][1]


def download(frame: pd.DataFrame, name: str, *, key: str) -> None:
    """A button that downloads ``frame`` as ``newslens-<name>.csv``."""
    # The CSV is made when the button is pressed, not on every run that draws it.
    st.download_button(
        f"Download {name} (CSV)",
        lambda: to_csv_bytes(frame),
        file_name=f"newslens-{name}.csv",
        mime="text/csv",
        key=key,
        on_click="ignore",
    )


def member_rows(data: Dataset, group_ids: list[int]) -> pd.DataFrame:
    """The sentences of the shared-passage groups ``group_ids``, with outlet and title."""
    return sentences_of(data, data.passage_members[data.passage_members[S.GROUP_ID].isin(group_ids)])


def focus_outlet(data: Dataset) -> str:
    """The outlet picker of the Omissions and Framing views (``focus`` in the address)."""
    keep_in(K_FOCUS, data.outlets)
    return st.selectbox("Outlet", data.outlets, key=K_FOCUS)


def _seconds_from_env(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value >= 0 else default


#: Seconds a view waits for what its filters make it compute again (a comparison, the
#: findings) before it draws what it has, with a note: under the one second a view may take.
#: ``NEWSLENS_VIEW_WAIT`` sets it (the tests wait for everything, so no figure they check
#: depends on the machine's speed).
COMPARISON_WAIT = _seconds_from_env("NEWSLENS_VIEW_WAIT", 0.3)
#: Seconds between two looks, from the page, at whether that comparison is made.
COMPARISON_POLL = 1.0


def comparison(data: Dataset, name: str, what: str) -> pd.DataFrame | None:
    """The comparison ``name`` of ``data`` (:data:`~dashboard.ui.dataset.FRAMING` or
    :data:`~dashboard.ui.dataset.OMISSIONS`) if it is made within :data:`COMPARISON_WAIT`.

    Otherwise ``None`` and :func:`waiting_note` saying that ``what`` (e.g. "The omissions")
    are being computed for the outlets kept: the view draws the rest at once and shows them
    when they are ready, with no click.
    """
    table = data.table_within(name, COMPARISON_WAIT, RUNS.busy)
    if table is None:
        waiting_note(
            f"{what} for the {n_outlets(data)} outlets kept are being computed: each outlet is compared again "
            "with the other outlets kept. This page shows them by itself as soon as they are ready.",
            ready=partial(data.is_made, name),
        )
    return table


def n_outlets(data: Dataset) -> int:
    return int(data.articles[S.OUTLET].nunique())


def waiting_note(text: str, *, ready: Callable[[], bool]) -> None:
    """A note that something is being computed, and a fragment that reruns the page once
    ``ready()``: the page then shows it."""
    st.info(text, icon="⏳")
    _rerun_once(ready)


@st.fragment(run_every=COMPARISON_POLL)
def _rerun_once(ready: Callable[[], bool]) -> None:
    if ready():
        st.rerun()
