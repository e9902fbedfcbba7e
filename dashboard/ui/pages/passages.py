"""Shared passages: who carries whose text, with the reuse matrix; and the facts several outlets report."""

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
    left_out_caption,
    member_rows,
    paged_table,
    selected_row,
    sentences_of,
    show_sentences,
    strength_column,
)

PASSAGE_STRENGTH_HELP = (
    "Similarity 0-100 of the least similar pair of members from different articles: the mean of the "
    "word-order-free ratio and the share of the shorter sentence found, word by word, in the longer. "
    "verbatim passages score 100."
)
FACT_STRENGTH_HELP = (
    "Similarity 0-100 of the least similar pair of member sentences from different articles: their "
    "shared content words, each weighed by how rare it is in the corpus (names and rare words decide). "
    "Members reach at least the alignment threshold with their best match; a low value says the group "
    "holds looser paraphrases, so read its sentences."
)


def page(data: Dataset) -> None:
    st.title("Shared passages: who carries whose text")
    groups = data.passage_groups
    if groups.empty:
        st.info(
            "No sentence is carried verbatim or nearly so by two outlets under the current filters. "
            "Widen the outlet or topic filter, or read the facts several outlets report below."
        )
    else:
        _passages(data)
    _facts(data)


def _passages(data: Dataset) -> None:
    groups = data.passage_groups
    st.subheader("Reuse between outlets")
    chart = st.plotly_chart(
        charts.reuse_heatmap(data.reuse), key="passages_reuse", on_select="rerun", selection_mode=("points",)
    )
    n_outlets = len(set(data.reuse[S.OUTLET]) | set(data.reuse[S.OTHER_OUTLET]))
    left_out_caption(
        len(charts.reuse_outlets(data.reuse)),
        n_outlets,
        "outlets, those sharing the most words",
        rest="narrow the Outlets filter to see others; the reuse-matrix download below has every pair.",
    )
    how_to_read(
        "Each cell is the share of the row outlet's words in sentences that also appear, verbatim or "
        "nearly, in the column outlet. It reads one way: a short article copied into a long one is "
        "100% reused in its row and little in the other. Click a cell to list the passages the two share."
    )
    picked = customdata_of(chart)
    pair = tuple(picked[0][:2]) if picked and picked[0][0] != picked[0][1] else None
    shown = groups.sort_values([S.SIMILARITY, S.N_OUTLETS], ascending=False, kind="stable", ignore_index=True)
    if pair:
        shown = shown[shown[S.OUTLETS].map(lambda o: pair[0] in o and pair[1] in o)].reset_index(drop=True)
        st.markdown(f"**{len(shown)} passage(s) shared by {md(pair[0])} and {md(pair[1])}**")

    st.subheader("Passages carried by more than one outlet")
    groups_table, page = paged_table(
        shown,
        download_as="shared-passages",
        download_frame=groups,
        hide_index=True,
        key="passages_groups",
        on_select="rerun",
        selection_mode="single-row",
        column_order=[S.SIMILARITY, S.KIND, S.N_OUTLETS, S.FIRST_OUTLET, S.FIRST_PUBLISHED, S.OUTLETS, S.TEXT],
        column_config={
            S.SIMILARITY: strength_column(PASSAGE_STRENGTH_HELP, max_value=100.0),
        },
    )
    how_to_read(
        "verbatim: the same words; near-verbatim: small edits (about one character in ten at most), or a "
        "statement quoted whole inside a longer sentence. Most similar first. A sentence an outlet rewrote "
        "in its own words is no passage: it is a fact several outlets report (below). "
        "'first published by' is the member outlet with the earliest date, when dates tell. "
        "Select a row to read every version side by side."
    )
    row = selected_row(groups_table, page)
    chosen = [int(row[S.GROUP_ID])] if row is not None else list(page[S.GROUP_ID].head(1))
    if chosen:
        st.markdown(f"**Passage #{chosen[0]}: every version**")
        show_sentences(member_rows(data, chosen), data, key=f"passages_members_{chosen[0]}")
    download(data.passage_members, "shared-passage-sentences", key="passages_download_members")
    download(data.reuse, "reuse-matrix", key="passages_download_reuse")


def _facts(data: Dataset) -> None:
    st.subheader("Facts several outlets report")
    facts = data.alignment.groups
    if facts.empty:
        st.caption("No two outlets state the same fact under the current filters.")
        return
    shown = facts.sort_values(
        [S.N_OUTLETS, S.SIMILARITY, S.FACT_ID], ascending=[False, False, True], kind="stable", ignore_index=True
    )
    facts_table, page = paged_table(
        shown,
        download_as="facts",
        download_frame=facts,
        hide_index=True,
        key="passages_facts",
        on_select="rerun",
        selection_mode="single-row",
        column_order=[S.N_OUTLETS, S.SIMILARITY, S.OUTLETS, S.TEXT],
        column_config={
            S.N_OUTLETS: st.column_config.NumberColumn(help="outlets with a sentence in the group"),
            S.SIMILARITY: strength_column(FACT_STRENGTH_HELP, max_value=100.0),
            S.TEXT: st.column_config.TextColumn(help="the fact in the words of the sentence most like the others"),
        },
    )
    how_to_read(
        "The alignment every cross-outlet view derives from: sentences of different outlets that state the "
        "same thing, verbatim or in their own words, grouped (at most one sentence per article, plus a "
        "sentence an outlet split off). Omissions are the facts an outlet has no sentence in; discrepancies "
        "are sentences of one fact that differ in one value. Most outlets first, then the closest match. "
        "Select a row to read every outlet's sentence."
    )
    row = selected_row(facts_table, page)
    row = page.iloc[0] if row is None else row
    fact_id = int(row[S.FACT_ID])
    members = data.alignment.members[data.alignment.members[S.FACT_ID] == fact_id]
    st.markdown(f"**Fact #{fact_id}: {int(row[S.N_OUTLETS])} outlets, {len(members)} sentence(s)**")
    show_sentences(sentences_of(data, members), data, key=f"passages_fact_{fact_id}")
    download(data.alignment.members, "fact-sentences", key="passages_download_fact_members")
