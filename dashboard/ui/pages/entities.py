"""Entities & discrepancies: spelling variants grouped, conflicting claims side by side."""

from __future__ import annotations

import streamlit as st

from dashboard import schema as S
from dashboard.ui.dataset import ENTITY_VARIANTS_KEY, Dataset, entity_variants_of
from dashboard.ui.render import md
from dashboard.ui.widgets import (
    columns_in_rows,
    download,
    how_to_read,
    more_button,
    paged_table,
    selected_row,
    sentences_of,
    show_sentences,
    shown_count,
)

K_ENTITY_TYPES = "entities_types"
WEAK_MATCH = 0.6
"""Discrepancies whose sentences match less than this (alignment similarity, 0-1) are marked weak:
the sentences may state two different facts rather than one fact two ways."""


def page(data: Dataset) -> None:
    st.title("Entities, their spellings, and where outlets disagree")
    st.subheader("Discrepancies")
    claims = data.discrepancies
    if claims.empty:
        st.caption("No two outlets state different values for the same attribute under the current filters.")
    strengths = claims.groupby(S.DISCREPANCY_ID, sort=True)[S.STRENGTH].min()
    # Strongest first, ties by id (the index is sorted and the sort stable): one sort, where a
    # key function per discrepancy cost a second at 46,000 of them.
    order = strengths.sort_values(ascending=False, kind="stable").index.tolist()
    listed = order[: shown_count("entities_discrepancies", len(order))]
    # One pass over the claims for the discrepancies listed, not one per discrepancy.
    by_id = dict(list(claims[claims[S.DISCREPANCY_ID].isin(listed)].groupby(S.DISCREPANCY_ID, sort=False)))
    for discrepancy_id in listed:
        group = by_id[discrepancy_id]
        first = group.iloc[0]
        strength = float(strengths[discrepancy_id])
        st.markdown(
            f"**{md(first[S.ENTITY])}** — {md(first[S.ATTRIBUTE])}: {group[S.VALUE].nunique()} different values"
        )
        weak = " · weak: these sentences may state different facts" if strength < WEAK_MATCH else ""
        anchored = (
            " · matched by the words around the value, not as one fact"
            if (group[S.FACT_ID] < 0).any()
            else f" · fact #{int(first[S.FACT_ID])}"
        )
        st.caption(f"match between the sentences: {strength:.2f}{weak}{anchored}")
        values = sorted(group[S.VALUE].unique())
        for value, column in zip(values, columns_in_rows(len(values))):
            with column:
                rows = group[group[S.VALUE] == value]
                st.markdown(f"“{md(value)}” — {md(', '.join(sorted(set(rows[S.OUTLET]))))}")
                show_sentences(
                    sentences_of(data, rows),
                    data,
                    key=f"entities_claims_{discrepancy_id}_{values.index(value)}",
                    narrow=True,
                )
    more_button("entities_discrepancies", len(listed), len(order), "discrepancies")
    how_to_read(
        "Claims about the same attribute of the same person, body or event that differ between outlets, "
        "side by side with their sentences. Two sentences are compared when they are aligned as stating "
        "one fact, or when they give the value with the same words around it (a '48-page indictment' / "
        "'the 47-page indictment') and each is the other's closest such sentence. "
        "Strongest first: 'match between the sentences' is their alignment similarity (0-1, the least "
        f"similar pair of conflicting sentences); below {WEAK_MATCH} a discrepancy is marked weak, as the "
        "sentences may be two different facts. newslens gives no verdict: you judge."
    )
    download(claims, "discrepancies", key="entities_download_discrepancies")

    st.subheader("Entities and spelling variants")
    # Grouping every mention's spellings reads the whole mention table: once per dataset.
    variants = data.derived(ENTITY_VARIANTS_KEY, entity_variants_of)
    if variants.empty:
        st.caption("No entity found under the current filters.")
        return
    types = sorted(variants[S.ENTITY_TYPE].unique())
    if K_ENTITY_TYPES not in st.session_state:
        st.session_state[K_ENTITY_TYPES] = [t for t in types if t in ("person", "organisation", "place")] or types
    chosen = st.multiselect("Types", types, key=K_ENTITY_TYPES)
    shown = variants[variants[S.ENTITY_TYPE].isin(chosen or types)].reset_index(drop=True)
    entity_table, page = paged_table(
        shown,
        download_as="entities",
        hide_index=True,
        key="entities_table",
        on_select="rerun",
        selection_mode="single-row",
        column_order=[S.ENTITY, S.ENTITY_TYPE, S.VARIANTS, S.OUTLETS, "n_mentions"],
    )
    how_to_read(
        "One row per entity; 'variants' lists every spelling found (Darchiev / Darchiyev are one "
        "person). Select a row to read the sentences that mention it."
    )
    row = selected_row(entity_table, page)
    if row is not None:
        mentions = data.entities[data.entities[S.ENTITY_ID] == row[S.ENTITY_ID]]
        st.markdown(f"**{md(row[S.ENTITY])}: {len(mentions)} mention(s)**")
        show_sentences(sentences_of(data, mentions), data, key="entities_mentions")
    download(data.entities, "entity-mentions", key="entities_download_mentions")
