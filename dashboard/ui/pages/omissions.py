"""Omissions: what one outlet leaves out that at least two others report."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import schema as S
from dashboard.corpus.omissions import ENTITY, FACT, PASSAGE, SPEAKER, TOPIC, fact_key
from dashboard.ui.dataset import Dataset
from dashboard.ui.filters import evidence_sentences
from dashboard.ui.render import md
from dashboard.ui.widgets import (
    download,
    focus_outlet,
    how_to_read,
    member_rows,
    selected_row,
    sentences_of,
    show_sentences,
)


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
        classes = data.vocabularies.entities.unit_class
        numbers = data.entities[data.entities[S.ENTITY_TYPE] == "number"]
        rows = numbers[[fact_key(c, classes) == item for c in numbers[S.ENTITY]]]
    elif kind == PASSAGE:
        group_id = int(item.split(" ", 1)[0].lstrip("#"))
        return member_rows(data, [group_id])
    else:
        return data.sentences.iloc[0:0]
    return sentences_of(data, rows)


def page(data: Dataset) -> None:
    st.title("Omissions: what the others report and this outlet leaves out")
    outlet = focus_outlet(data)
    left_out = data.omissions[data.omissions[S.OUTLET] == outlet].reset_index(drop=True)
    if left_out.empty:
        st.success(
            f"{md(outlet)} leaves out nothing that at least two other outlets report (under the current filters)."
        )
        return
    counts = left_out[S.KIND].value_counts()
    st.caption(" · ".join(f"{n} {kind}(s)" for kind, n in counts.items()))
    table = st.dataframe(
        left_out[[S.KIND, S.ITEM, S.N_OUTLETS, S.OUTLETS]],
        hide_index=True,
        key="omissions_table",
        on_select="rerun",
        selection_mode="single-row",
        column_config={S.N_OUTLETS: st.column_config.NumberColumn("reported by")},
    )
    how_to_read(
        "Topics, speakers, entities, shared passages and numeric facts (a count or duration with its "
        "unit) that at least two other outlets carry and this one does not (one, when only two outlets are "
        "compared). Select a row to read what the others wrote."
    )
    row = selected_row(table, left_out)
    row = left_out.iloc[0] if row is None else row
    st.markdown(f"**{md(row[S.KIND])}: {md(row[S.ITEM])}** — as the others report it")
    evidence = _omission_evidence(data, row[S.KIND], row[S.ITEM])
    show_sentences(evidence[evidence[S.OUTLET] != outlet], data, key="omissions_evidence")
    download(data.omissions, "omissions", key="omissions_download")
