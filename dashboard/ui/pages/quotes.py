"""Quotes & speakers: who each outlet lets speak, and the same statement across outlets."""

from __future__ import annotations

import streamlit as st

from dashboard import schema as S
from dashboard.corpus.quotes import speaker_matrix
from dashboard.ui import charts
from dashboard.ui.dataset import Dataset
from dashboard.ui.render import md
from dashboard.ui.widgets import (
    customdata_of,
    download,
    how_to_read,
    keep_in,
    sentences_of,
    show_sentences,
)

K_QUOTES_OUTLET = "quotes_outlet"


K_SPEAKER = "quotes_speaker"


def _pick_speaker_cell(speakers: list[str]) -> None:
    """Speaker-matrix callback: a clicked cell picks the speaker and limits the list to that outlet."""
    picked = customdata_of(st.session_state.get("quotes_matrix"))
    if picked and picked[0][0] in speakers:
        st.session_state[K_SPEAKER], st.session_state[K_QUOTES_OUTLET] = picked[0][0], picked[0][1]


def page(data: Dataset) -> None:
    st.title("Quotes and speakers: who each outlet lets speak")
    quotes = data.quotes
    if quotes.empty:
        st.info("No quote or reported statement found under the current filters.")
        return
    matrix = speaker_matrix(quotes, data.articles)
    speakers = list(matrix.index)
    st.plotly_chart(
        charts.speaker_heatmap(matrix),
        key="quotes_matrix",
        selection_mode=("points",),
        on_select=lambda: _pick_speaker_cell(speakers),
    )
    how_to_read(
        "Quotes and reported statements per speaker (rows) and outlet (columns); a 0 is a voice that "
        "outlet left out. Click a cell, or pick a speaker below, to read them. Each statement's attribution "
        "has a strength: 1.0 when the attribution names the speaker, 0.6 when the speaker is resolved from a "
        "pronoun or a description (marked weak), 0 when no speaker is found."
    )
    keep_in(K_SPEAKER, speakers)
    speaker = st.selectbox(
        "Speaker", speakers, key=K_SPEAKER, on_change=lambda: st.session_state.pop(K_QUOTES_OUTLET, None)
    )
    theirs = quotes[quotes[S.SPEAKER] == speaker]
    only = st.session_state.get(K_QUOTES_OUTLET)
    if only in set(theirs[S.OUTLET]):
        theirs = theirs[theirs[S.OUTLET] == only]
        st.caption(f"Only {md(only)}, from the cell you clicked.")
        st.button(
            "Show every outlet", key="quotes_all_outlets", on_click=lambda: st.session_state.pop(K_QUOTES_OUTLET, None)
        )
    for group_id, group in theirs.groupby(S.GROUP_ID, sort=True):
        outlets = sorted(set(group[S.OUTLET]))
        label = "the same statement in " + ", ".join(outlets) if len(outlets) > 1 else outlets[0]
        st.markdown(f"**{md(speaker)}** — {md(label)} ({', '.join(sorted(set(group[S.KIND])))})")
        weakest = float(group[S.STRENGTH].min())
        if weakest < 1.0:
            written = ", ".join(sorted({md(t) for t in group[S.SPEAKER_TEXT] if isinstance(t, str)}))
            st.caption(
                f"attribution strength {weakest:.1f} — weak: the speaker is resolved from the context "
                f"(written as: {written}), not named in the attribution"
            )
        show_sentences(sentences_of(data, group), data, key=f"quotes_{group_id}")
    shared = quotes.groupby(S.GROUP_ID)[S.OUTLET].nunique()
    st.subheader("The same quote in several outlets")
    multi = quotes[quotes[S.GROUP_ID].isin(shared[shared > 1].index)].sort_values([S.GROUP_ID, S.OUTLET])
    if multi.empty:
        st.caption("No quote appears in more than one outlet.")
    else:
        st.dataframe(multi[[S.GROUP_ID, S.SPEAKER, S.OUTLET, S.KIND, S.STRENGTH, S.TEXT]], hide_index=True)
        how_to_read(
            "Rows sharing a group id are one statement carried by several outlets, sometimes in "
            "different translations: compare their wording."
        )
    download(quotes, "quotes", key="quotes_download")
    download(matrix.reset_index(names=S.SPEAKER), "speakers-by-outlet", key="quotes_download_matrix")
