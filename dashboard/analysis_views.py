"""The cross-outlet views: shared passages, quotes, entities and discrepancies, omissions, framing.

Each page body is one function over the filtered :class:`Dataset`; each claim leads to
its sentences, and each table can be downloaded as CSV (formulas neutralised).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard import schema as S
from dashboard import state as V
from dashboard.data import Dataset, evidence_sentences, sentences_by_keys
from dashboard.entities import entity_variants, load_vocabulary
from dashboard.export import to_csv_bytes
from dashboard.framing import parse_sentence_key
from dashboard.omissions import ENTITY, FACT, PASSAGE, SPEAKER, TOPIC, fact_key
from dashboard.quotes import speaker_matrix
from dashboard.render import md
from dashboard.widgets import (
    K_FOCUS, customdata_of, how_to_read, keep_in, selected_row, sentences_of, show_sentences,
)

K_QUOTES_OUTLET = "quotes_outlet"
K_SPEAKER = "quotes_speaker"
K_ENTITY_TYPES = "entities_types"
K_TERM = "framing_term"


def download(frame: pd.DataFrame, name: str, *, key: str) -> None:
    """A button that downloads ``frame`` as ``newslens-<name>.csv``."""
    st.download_button(f"Download {name} (CSV)", to_csv_bytes(frame), file_name=f"newslens-{name}.csv",
                       mime="text/csv", key=key)


def _member_rows(data: Dataset, group_ids: list[int]) -> pd.DataFrame:
    return sentences_of(data, data.passage_members[data.passage_members[S.GROUP_ID].isin(group_ids)])


def passages_page(data: Dataset) -> None:
    st.title("Shared passages: who carries whose text")
    groups = data.passage_groups
    if groups.empty:
        st.info("No sentence is shared by two outlets under the current filters. Widen the outlet or topic filter.")
        return
    st.subheader("Reuse between outlets")
    chart = st.plotly_chart(charts.reuse_heatmap(data.reuse), key="passages_reuse", on_select="rerun",
                            selection_mode=("points",))
    how_to_read("Each cell is the share of the row outlet's words in sentences that also appear, verbatim or "
                "nearly, in the column outlet. It reads one way: a short article copied into a long one is "
                "100% reused in its row and little in the other. Click a cell to list the passages the two share.")
    picked = customdata_of(chart)
    pair = tuple(picked[0][:2]) if picked and picked[0][0] != picked[0][1] else None
    shown = groups
    if pair:
        shown = groups[groups[S.OUTLETS].map(lambda o: pair[0] in o and pair[1] in o)]
        st.markdown(f"**{len(shown)} passage(s) shared by {md(pair[0])} and {md(pair[1])}**")

    st.subheader("Passages carried by more than one outlet")
    table = st.dataframe(
        shown, hide_index=True, key="passages_groups", on_select="rerun", selection_mode="single-row",
        column_order=[S.N_OUTLETS, S.KIND, S.SIMILARITY, S.FIRST_OUTLET, S.FIRST_PUBLISHED, S.OUTLETS, S.TEXT],
        column_config={S.SIMILARITY: st.column_config.NumberColumn("similarity", format="%.0f",
                                                                   help="0-100, lowest pair in the group"),
                       S.N_OUTLETS: st.column_config.NumberColumn("outlets"),
                       S.FIRST_OUTLET: st.column_config.TextColumn("first published by")},
    )
    how_to_read("verbatim: the same words; near-verbatim: small edits; paraphrase: the same sentence reworded. "
                "'first published by' is the member outlet with the earliest date, when dates tell. "
                "Select a row to read every version side by side.")
    row = selected_row(table, shown)
    chosen = [int(row[S.GROUP_ID])] if row is not None else list(shown[S.GROUP_ID].head(1))
    if chosen:
        st.markdown(f"**Passage #{chosen[0]}: every version**")
        show_sentences(_member_rows(data, chosen), data, key=f"passages_members_{chosen[0]}")
    download(groups, "shared-passages", key="passages_download_groups")
    download(data.passage_members, "shared-passage-sentences", key="passages_download_members")
    download(data.reuse, "reuse-matrix", key="passages_download_reuse")


def quotes_page(data: Dataset) -> None:
    st.title("Quotes and speakers: who each outlet lets speak")
    quotes = data.quotes
    if quotes.empty:
        st.info("No quote or reported statement found under the current filters.")
        return
    matrix = speaker_matrix(quotes, data.articles)
    speakers = list(matrix.index)
    st.plotly_chart(charts.speaker_heatmap(matrix), key="quotes_matrix", selection_mode=("points",),
                    on_select=lambda: _pick_speaker_cell(speakers))
    how_to_read("Quotes and reported statements per speaker (rows) and outlet (columns); a 0 is a voice that "
                "outlet left out. Click a cell, or pick a speaker below, to read them.")
    keep_in(K_SPEAKER, speakers)
    speaker = st.selectbox("Speaker", speakers, key=K_SPEAKER, on_change=lambda: st.session_state.pop(K_QUOTES_OUTLET, None))
    theirs = quotes[quotes[S.SPEAKER] == speaker]
    only = st.session_state.get(K_QUOTES_OUTLET)
    if only in set(theirs[S.OUTLET]):
        theirs = theirs[theirs[S.OUTLET] == only]
        st.caption(f"Only {md(only)}, from the cell you clicked.")
        st.button("Show every outlet", key="quotes_all_outlets", on_click=lambda: st.session_state.pop(K_QUOTES_OUTLET, None))
    for group_id, group in theirs.groupby(S.GROUP_ID, sort=True):
        outlets = sorted(set(group[S.OUTLET]))
        label = "the same statement in " + ", ".join(outlets) if len(outlets) > 1 else outlets[0]
        st.markdown(f"**{md(speaker)}** — {md(label)} ({', '.join(sorted(set(group[S.KIND])))})")
        show_sentences(sentences_of(data, group), data, key=f"quotes_{group_id}")
    shared = quotes.groupby(S.GROUP_ID)[S.OUTLET].nunique()
    st.subheader("The same quote in several outlets")
    multi = quotes[quotes[S.GROUP_ID].isin(shared[shared > 1].index)].sort_values([S.GROUP_ID, S.OUTLET])
    if multi.empty:
        st.caption("No quote appears in more than one outlet.")
    else:
        st.dataframe(multi[[S.GROUP_ID, S.SPEAKER, S.OUTLET, S.KIND, S.TEXT]], hide_index=True)
        how_to_read("Rows sharing a group id are one statement carried by several outlets, sometimes in "
                    "different translations: compare their wording.")
    download(quotes, "quotes", key="quotes_download")
    download(matrix.reset_index(names=S.SPEAKER), "speakers-by-outlet", key="quotes_download_matrix")


def entities_page(data: Dataset) -> None:
    st.title("Entities, their spellings, and where outlets disagree")
    st.subheader("Discrepancies")
    claims = data.discrepancies
    if claims.empty:
        st.caption("No two outlets state different values for the same attribute under the current filters.")
    for discrepancy_id, group in claims.groupby(S.DISCREPANCY_ID, sort=True):
        first = group.iloc[0]
        st.markdown(f"**{md(first[S.ENTITY])}** — {md(first[S.ATTRIBUTE])}: {group[S.VALUE].nunique()} different values")
        values = sorted(group[S.VALUE].unique())
        for value, column in zip(values, st.columns(len(values))):
            with column:
                rows = group[group[S.VALUE] == value]
                st.markdown(f"“{md(value)}” — {md(', '.join(sorted(set(rows[S.OUTLET]))))}")
                show_sentences(sentences_of(data, rows), data,
                               key=f"entities_claims_{discrepancy_id}_{values.index(value)}")
    how_to_read("Claims about the same attribute of the same person, body or event that differ between outlets, "
                "side by side with their sentences. newslens gives no verdict: you judge.")
    download(claims, "discrepancies", key="entities_download_discrepancies")

    st.subheader("Entities and spelling variants")
    variants = entity_variants(data.entities)
    if variants.empty:
        st.caption("No entity found under the current filters.")
        return
    types = sorted(variants[S.ENTITY_TYPE].unique())
    if K_ENTITY_TYPES not in st.session_state:
        st.session_state[K_ENTITY_TYPES] = [t for t in types if t in ("person", "organisation", "place")] or types
    chosen = st.multiselect("Types", types, key=K_ENTITY_TYPES)
    shown = variants[variants[S.ENTITY_TYPE].isin(chosen or types)].reset_index(drop=True)
    table = st.dataframe(shown, hide_index=True, key="entities_table", on_select="rerun", selection_mode="single-row",
                         column_order=[S.ENTITY, S.ENTITY_TYPE, S.VARIANTS, S.OUTLETS, "n_mentions"])
    how_to_read("One row per entity; 'variants' lists every spelling found (Darchiev / Darchiyev are one "
                "person). Select a row to read the sentences that mention it.")
    row = selected_row(table, shown)
    if row is not None:
        mentions = data.entities[data.entities[S.ENTITY_ID] == row[S.ENTITY_ID]]
        st.markdown(f"**{md(row[S.ENTITY])}: {len(mentions)} mention(s)**")
        show_sentences(sentences_of(data, mentions), data, key="entities_mentions")
    download(data.entities, "entity-mentions", key="entities_download_mentions")


def _pick_speaker_cell(speakers: list[str]) -> None:
    """Speaker-matrix callback: a clicked cell picks the speaker and limits the list to that outlet."""
    picked = customdata_of(st.session_state.get("quotes_matrix"))
    if picked and picked[0][0] in speakers:
        st.session_state[K_SPEAKER], st.session_state[K_QUOTES_OUTLET] = picked[0][0], picked[0][1]


def _pick_term(options: list[str]) -> None:
    """Framing-chart callback: a clicked bar picks its term."""
    picked = customdata_of(st.session_state.get("framing_chart"))
    if picked and picked[0][1] in options:
        st.session_state[K_TERM] = picked[0][1]


def _focus_outlet(data: Dataset) -> str:
    keep_in(K_FOCUS, data.outlets)
    return st.selectbox("Outlet", data.outlets, key=K_FOCUS)


def _omission_evidence(data: Dataset, kind: str, item: str) -> pd.DataFrame:
    """The other outlets' sentences behind an omitted item."""
    if kind == TOPIC:
        topic = {label: t for t, label in data.topic_labels.items()}.get(item, item)
        return evidence_sentences(data, topic=topic)
    if kind == SPEAKER:
        rows = data.quotes[data.quotes[S.SPEAKER] == item]
    elif kind == ENTITY:
        rows = data.entities[data.entities[S.ENTITY] == item]
    elif kind == FACT:
        classes = load_vocabulary().unit_class
        numbers = data.entities[data.entities[S.ENTITY_TYPE] == "number"]
        rows = numbers[[fact_key(c, classes) == item for c in numbers[S.ENTITY]]]
    elif kind == PASSAGE:
        group_id = int(item.split(" ", 1)[0].lstrip("#"))
        return _member_rows(data, [group_id])
    else:
        return data.sentences.iloc[0:0]
    return sentences_of(data, rows)


def omissions_page(data: Dataset) -> None:
    st.title("Omissions: what the others report and this outlet leaves out")
    outlet = _focus_outlet(data)
    left_out = data.omissions[data.omissions[S.OUTLET] == outlet].reset_index(drop=True)
    if left_out.empty:
        st.success(f"{md(outlet)} leaves out nothing that at least two other outlets report (under the current filters).")
        return
    counts = left_out[S.KIND].value_counts()
    st.caption(" · ".join(f"{n} {kind}(s)" for kind, n in counts.items()))
    table = st.dataframe(left_out[[S.KIND, S.ITEM, S.N_OUTLETS, S.OUTLETS]], hide_index=True, key="omissions_table",
                         on_select="rerun", selection_mode="single-row",
                         column_config={S.N_OUTLETS: st.column_config.NumberColumn("reported by")})
    how_to_read("Topics, speakers, entities, shared passages and numeric facts (a count or duration with its "
                "unit) that at least two other outlets carry and this one does not (one, when only two outlets are "
                "compared). Select a row to read what the others wrote.")
    row = selected_row(table, left_out)
    row = left_out.iloc[0] if row is None else row
    st.markdown(f"**{md(row[S.KIND])}: {md(row[S.ITEM])}** — as the others report it")
    evidence = _omission_evidence(data, row[S.KIND], row[S.ITEM])
    show_sentences(evidence[evidence[S.OUTLET] != outlet], data, key="omissions_evidence")
    download(data.omissions, "omissions", key="omissions_download")


def framing_page(data: Dataset) -> None:
    st.title("Framing: the words that set an outlet apart")
    outlet = _focus_outlet(data)
    colors = charts.outlet_colors(data.outlets)
    terms = data.framing[data.framing[S.OUTLET] == outlet].reset_index(drop=True)
    if terms.empty:
        st.info("No term sets this outlet apart under the current filters (framing needs at least two outlets).")
        return
    options = list(terms[S.TERM])
    st.plotly_chart(charts.framing_bars(data.framing, outlet=outlet, colors=colors), key="framing_chart",
                    selection_mode=("points",), on_select=lambda: _pick_term(options))
    how_to_read("Words and two-word phrases this outlet uses more than the others, scored by the log-odds ratio "
                "with an informative Dirichlet prior (Monroe et al., 2008) as a z-score: right of the dotted line "
                "(1.96) is unlikely to be chance. Click a bar, or pick a term below, to read its sentences.")
    keep_in(K_TERM, options)
    term = st.selectbox("Term", options, key=K_TERM)
    keys = [parse_sentence_key(k) for k in terms.loc[terms[S.TERM] == term, S.SENTENCE_IDS].iloc[0]]
    st.markdown(f"**“{md(term)}” in {md(outlet)}: {len(keys)} sentence(s)**")
    show_sentences(sentences_by_keys(data, keys), data, key="framing_sentences", show_outlet=False)
    download(data.framing, "framing-terms", key="framing_download")


ANALYSIS_PAGES = {
    V.PASSAGES: passages_page, V.QUOTES: quotes_page, V.ENTITIES: entities_page,
    V.OMISSIONS: omissions_page, V.FRAMING: framing_page,
}
