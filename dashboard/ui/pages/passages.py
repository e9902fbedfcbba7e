"""Shared passages: who carries whose text, with the reuse matrix."""

from __future__ import annotations

import streamlit as st

from dashboard import schema as S
from dashboard.ui import charts
from dashboard.ui.dataset import Dataset
from dashboard.ui.render import md
from dashboard.ui.widgets import (
    customdata_of,
    download,
    how_to_read,
    member_rows,
    selected_row,
    show_sentences,
)


def page(data: Dataset) -> None:
    st.title("Shared passages: who carries whose text")
    groups = data.passage_groups
    if groups.empty:
        st.info("No sentence is shared by two outlets under the current filters. Widen the outlet or topic filter.")
        return
    st.subheader("Reuse between outlets")
    chart = st.plotly_chart(
        charts.reuse_heatmap(data.reuse), key="passages_reuse", on_select="rerun", selection_mode=("points",)
    )
    how_to_read(
        "Each cell is the share of the row outlet's words in sentences that also appear, verbatim or "
        "nearly, in the column outlet. It reads one way: a short article copied into a long one is "
        "100% reused in its row and little in the other. Click a cell to list the passages the two share."
    )
    picked = customdata_of(chart)
    pair = tuple(picked[0][:2]) if picked and picked[0][0] != picked[0][1] else None
    shown = groups
    if pair:
        shown = groups[groups[S.OUTLETS].map(lambda o: pair[0] in o and pair[1] in o)]
        st.markdown(f"**{len(shown)} passage(s) shared by {md(pair[0])} and {md(pair[1])}**")

    st.subheader("Passages carried by more than one outlet")
    table = st.dataframe(
        shown,
        hide_index=True,
        key="passages_groups",
        on_select="rerun",
        selection_mode="single-row",
        column_order=[S.N_OUTLETS, S.KIND, S.SIMILARITY, S.FIRST_OUTLET, S.FIRST_PUBLISHED, S.OUTLETS, S.TEXT],
        column_config={
            S.SIMILARITY: st.column_config.NumberColumn(
                "similarity", format="%.0f", help="0-100, lowest pair in the group"
            ),
            S.N_OUTLETS: st.column_config.NumberColumn("outlets"),
            S.FIRST_OUTLET: st.column_config.TextColumn("first published by"),
        },
    )
    how_to_read(
        "verbatim: the same words; near-verbatim: small edits; paraphrase: the same sentence reworded. "
        "'first published by' is the member outlet with the earliest date, when dates tell. "
        "Select a row to read every version side by side."
    )
    row = selected_row(table, shown)
    chosen = [int(row[S.GROUP_ID])] if row is not None else list(shown[S.GROUP_ID].head(1))
    if chosen:
        st.markdown(f"**Passage #{chosen[0]}: every version**")
        show_sentences(member_rows(data, chosen), data, key=f"passages_members_{chosen[0]}")
    download(groups, "shared-passages", key="passages_download_groups")
    download(data.passage_members, "shared-passage-sentences", key="passages_download_members")
    download(data.reuse, "reuse-matrix", key="passages_download_reuse")
