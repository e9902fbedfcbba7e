"""Quotes & speakers: who each outlet lets speak, and the same statement across outlets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import schema as S
from dashboard.corpus.quotes import speaker_matrix
from dashboard.ui import charts
from dashboard.ui.dataset import Dataset
from dashboard.ui.filters import sentences_by_keys
from dashboard.ui.render import known, md
from dashboard.ui.widgets import (
    customdata_of,
    download,
    how_to_read,
    keep_in,
    more_button,
    paged_table,
    show_sentences,
    shown_count,
)

K_QUOTES_OUTLET = "quotes_outlet"


K_SPEAKER = "quotes_speaker"
#: Longest quote written in an entry's heading; the sentences below give it whole.
HEADING_QUOTE_CHARS = 110


@dataclass(frozen=True)
class QuoteEntry:
    """One statement of a speaker as the list shows it.

    Attributes:
        group_ids: The quote groups (one statement across outlets) drawn from these sentences.
        outlets: Outlets carrying it, sorted.
        kinds: "direct" and/or "reported", sorted.
        texts: Each distinct quote text, in table order.
        keys: Its sentences as (article_id, sentence_id), in outlet, article, sentence order, each once.
        strength: The weakest attribution among its quotes (0-1).
        written: The speaker as written, where resolved from context.
    """

    group_ids: tuple[int, ...]
    outlets: tuple[str, ...]
    kinds: tuple[str, ...]
    texts: tuple[str, ...]
    keys: tuple[tuple[str, int], ...]
    strength: float
    written: tuple[str, ...]


def _sentence_ids(ids, sentence_id) -> list[int]:
    """The sentences a quote spans: its ``sentence_ids``, else its one ``sentence_id``."""
    return [int(i) for i in ids] if ids is not None and len(ids) else [int(sentence_id)]


def quote_entries(quotes: pd.DataFrame) -> list[QuoteEntry]:
    """One speaker's quotes as listed: an entry per statement, never one sentence twice under one heading.

    Quotes sharing a ``group_id`` (one statement across outlets) are one entry. Groups drawn from
    exactly the same sentences — two quotes taken from one sentence ("pragmatism and realistic
    view", "stereotypes and messianic ideological cliches") — are one entry with both texts, since
    listing that sentence once per group would repeat it under the same outlet and speaker.
    A multi-sentence quote lists every sentence it spans (``sentence_ids``).

    Args:
        quotes: Rows of the quotes table (``group_id, article_id, sentence_id, sentence_ids,
            outlet, kind, text, strength, speaker_text``).

    Returns:
        Entries in order of their first group id.
    """
    # Plain lists in one pass: a DataFrame per group (itertuples, concat) cost 3 s for a speaker
    # quoted 2,500 times.
    n = len(quotes)
    spans = quotes[S.SENTENCE_IDS].tolist() if S.SENTENCE_IDS in quotes.columns else [None] * n
    columns = (S.GROUP_ID, S.ARTICLE_ID, S.SENTENCE_ID, S.OUTLET, S.KIND, S.TEXT, S.STRENGTH, S.SPEAKER_TEXT)
    by_group: dict[int, list[tuple]] = {}
    for row in zip(*(quotes[c].tolist() for c in columns), spans):
        by_group.setdefault(int(row[0]), []).append(row)
    outlet_of = {str(row[1]): str(row[3]) for rows in by_group.values() for row in rows}
    by_sentences: dict[tuple[tuple[str, int], ...], list[tuple[int, list[tuple]]]] = {}
    for group_id in sorted(by_group):
        rows = by_group[group_id]
        keys = {(str(r[1]), sid) for r in rows for sid in _sentence_ids(r[8], r[2])}
        ordered = tuple(sorted(keys, key=lambda k: (outlet_of[k[0]], k[0], k[1])))
        by_sentences.setdefault(ordered, []).append((group_id, rows))
    entries = []
    for keys_, groups in by_sentences.items():
        rows = [r for _, group in groups for r in group]
        entries.append(
            QuoteEntry(
                group_ids=tuple(g for g, _ in groups),
                outlets=tuple(sorted({str(r[3]) for r in rows})),
                kinds=tuple(sorted({str(r[4]) for r in rows})),
                texts=tuple(dict.fromkeys(str(r[5]) for r in rows)),
                keys=keys_,
                strength=float(min(r[6] for r in rows)),
                written=tuple(sorted({r[7] for r in rows if isinstance(r[7], str)})),
            )
        )
    return sorted(entries, key=lambda e: e.group_ids[0])


def _heading_quote(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= HEADING_QUOTE_CHARS else flat[: HEADING_QUOTE_CHARS - 1].rstrip() + "…"


def _pick_speaker_cell(speakers: list[str]) -> None:
    """Speaker-matrix callback: a clicked cell picks the speaker and limits the list to that outlet."""
    picked = customdata_of(st.session_state.get("quotes_matrix"))
    if picked and picked[0][0] in speakers:
        st.session_state[K_SPEAKER], st.session_state[K_QUOTES_OUTLET] = picked[0][0], picked[0][1]


def _new_speaker() -> None:
    """Another speaker: every outlet again, and the first statements only."""
    st.session_state.pop(K_QUOTES_OUTLET, None)
    st.session_state.pop("quotes_entries_shown", None)


#: The :meth:`Dataset.start_warming` key of the speaker matrix and its figure.
WARMING_KEY = "quotes figures"


def _speakers(data: Dataset) -> tuple[pd.DataFrame, object]:
    """The speaker matrix and its heatmap, once per dataset: plotly takes most of a second to
    build a heatmap of 200 outlets."""
    matrix = data.derived("speaker matrix", lambda d: speaker_matrix(d.quotes, d.articles))
    return matrix, data.derived("speaker figure", lambda _: charts.speaker_heatmap(matrix))


def warm_up(data: Dataset, pause: Callable[[], None]) -> None:
    """Make what the page reads first (:func:`_speakers`), in the shell's background thread."""
    if not data.quotes.empty:
        _speakers(data)


def page(data: Dataset) -> None:
    st.title("Quotes and speakers: who each outlet lets speak")
    quotes = data.quotes
    if quotes.empty:
        st.info("No quote or reported statement found under the current filters.")
        return
    # Its matrix and figure may be being made in the background since the last page was drawn.
    data.wait_for_warming(WARMING_KEY)
    matrix, figure = _speakers(data)
    speakers = list(matrix.index)
    st.plotly_chart(
        figure,
        key="quotes_matrix",
        selection_mode=("points",),
        on_select=lambda: _pick_speaker_cell(speakers),
    )
    shown = charts.top_of_matrix(matrix.head(charts.SPEAKERS_SHOWN), rows=None, columns=charts.HEATMAP_MAX)
    if shown.shape != matrix.shape:
        st.caption(
            f"Showing the {shown.shape[0]} most quoted of {matrix.shape[0]:,} speakers, in the {shown.shape[1]} "
            f"of {matrix.shape[1]:,} outlets that quote them most; pick any speaker below; the "
            "speakers-by-outlet download has every cell."
        )
    how_to_read(
        "Quotes and reported statements per speaker (rows) and outlet (columns); a 0 is a voice that "
        "outlet left out. Click a cell, or pick a speaker below, to read them. Each statement's attribution "
        "has a strength: 1.0 when the attribution names the speaker, 0.6 when the speaker is resolved from a "
        "pronoun or a description (marked weak), 0 when no speaker is found."
    )
    keep_in(K_SPEAKER, speakers)
    speaker = st.selectbox("Speaker", speakers, key=K_SPEAKER, on_change=_new_speaker)
    theirs = quotes[quotes[S.SPEAKER] == speaker]
    only = st.session_state.get(K_QUOTES_OUTLET)
    if only in set(theirs[S.OUTLET]):
        theirs = theirs[theirs[S.OUTLET] == only]
        st.caption(f"Only {md(only)}, from the cell you clicked.")
        st.button(
            "Show every outlet", key="quotes_all_outlets", on_click=lambda: st.session_state.pop(K_QUOTES_OUTLET, None)
        )
    picked = theirs
    entries = data.derived(
        ("quote entries", speaker, only if only in set(picked[S.OUTLET]) else None), lambda _: quote_entries(picked)
    )
    listed = shown_count("quotes_entries", len(entries))
    for entry in entries[:listed]:
        outlets = list(entry.outlets)
        label = "the same statement in " + ", ".join(outlets) if len(outlets) > 1 else outlets[0]
        said = " · ".join(f"“{md(_heading_quote(t))}”" for t in entry.texts)
        st.markdown(f"**{md(known(speaker))}** — {md(label)} ({', '.join(entry.kinds)}): {said}")
        if entry.strength < 1.0:
            written = ", ".join(md(t) for t in entry.written) or md(known(None))
            st.caption(
                f"attribution strength {entry.strength:.1f} — weak: the speaker is resolved from the context "
                f"(written as: {written}), not named in the attribution"
            )
        show_sentences(
            sentences_by_keys(data, list(entry.keys)), data, key="quotes_" + "_".join(map(str, entry.group_ids))
        )
    more_button("quotes_entries", listed, len(entries), "statements")
    shared = quotes.groupby(S.GROUP_ID)[S.OUTLET].nunique()
    st.subheader("The same quote in several outlets")
    multi = quotes[quotes[S.GROUP_ID].isin(shared[shared > 1].index)].sort_values([S.GROUP_ID, S.OUTLET])
    if multi.empty:
        st.caption("No quote appears in more than one outlet.")
    else:
        paged_table(
            multi[[S.GROUP_ID, S.SPEAKER, S.OUTLET, S.KIND, S.STRENGTH, S.TEXT]], key="quotes_shared", hide_index=True
        )
        how_to_read(
            "Rows sharing a group id are one statement carried by several outlets, sometimes in "
            "different translations: compare their wording."
        )
    download(quotes, "quotes", key="quotes_download")
    download(matrix.reset_index(names=S.SPEAKER), "speakers-by-outlet", key="quotes_download_matrix")
