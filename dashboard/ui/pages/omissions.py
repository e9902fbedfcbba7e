"""Omissions: what one outlet leaves out that at least two others report, strongest first."""

from __future__ import annotations

import streamlit as st

from dashboard import schema as S
from dashboard.ui.dataset import OMISSIONS, Dataset
from dashboard.ui.render import md
from dashboard.ui.widgets import (
    comparison,
    download,
    focus_outlet,
    how_to_read,
    paged_table,
    selected_row,
    sentences_of_keys,
    show_sentences,
    strength_column,
)

WEAK_OMISSION = 0.5
"""Omissions with a lower strength are marked weak: half the other outlets or fewer report the item,
or this outlet's own text carries much of it in other words."""
NOTE = "note"
N_SENTENCES = "n_evidence"

STRENGTH_HELP = (
    "0-1: the share of the other outlets that report it × how absent it is from this outlet's text "
    "(for a fact, 1 − the share of its core words this outlet's text holds anywhere; a name, a speaker "
    f"or a topic is wholly absent). Below {WEAK_OMISSION} the row is marked weak."
)


def page(data: Dataset) -> None:
    st.title("Omissions: what the others report and this outlet leaves out")
    outlet = focus_outlet(data)
    omissions = comparison(data, OMISSIONS, "The omissions")
    if omissions is None:
        return
    left_out = omissions[omissions[S.OUTLET] == outlet]
    # The served table keeps its lists in Arrow; one outlet's rows become plain lists to be shown.
    left_out = left_out.astype({S.OUTLETS: object, S.EVIDENCE: object})
    if left_out.empty:
        st.success(
            f"{md(outlet)} leaves out nothing that at least two other outlets report (under the current filters)."
        )
        return
    left_out = left_out.sort_values([S.STRENGTH, S.N_OUTLETS], ascending=False, kind="stable", ignore_index=True)
    left_out[NOTE] = ["weak" if s < WEAK_OMISSION else "" for s in left_out[S.STRENGTH]]
    left_out[N_SENTENCES] = [0 if e is None else len(e) for e in left_out[S.EVIDENCE]]
    counts = left_out[S.KIND].value_counts()
    n_weak = int((left_out[NOTE] == "weak").sum())
    st.caption(
        " · ".join(f"{n} {md(kind)}(s)" for kind, n in counts.items())
        + f" · strongest first; {n_weak} weak (strength below {WEAK_OMISSION})"
    )
    omissions_table, page = paged_table(
        left_out,
        as_is=(NOTE,),
        hide_index=True,
        key="omissions_table",
        on_select="rerun",
        selection_mode="single-row",
        column_order=[S.STRENGTH, NOTE, S.KIND, S.ITEM, S.N_OUTLETS, S.OUTLETS, N_SENTENCES],
        column_config={
            S.STRENGTH: strength_column(STRENGTH_HELP),
            NOTE: st.column_config.TextColumn(
                help=f"weak: strength below {WEAK_OMISSION}; read the sentences before relying on it"
            ),
            S.N_OUTLETS: st.column_config.NumberColumn(help="the other outlets that report it"),
            N_SENTENCES: st.column_config.NumberColumn(help="the reporting outlets' sentences behind it"),
        },
    )
    how_to_read(
        "Facts (a statement other outlets make in sentences aligned with each other), speakers, entities "
        "and topics that at least two other outlets carry and this one does not (one, when only two outlets "
        "are compared). A fact counts as left out only when no sentence of this outlet comes close to it "
        "and its text does not hold most of the fact's words either. Strongest first: "
        f"{STRENGTH_HELP} Select a row to read what the others wrote."
    )
    row = selected_row(omissions_table, page)
    row = page.iloc[0] if row is None else row
    weak = " — weak" if row[NOTE] else ""
    st.markdown(f"**{md(row[S.KIND])}: {md(row[S.ITEM])}** — as the others report it")
    st.caption(
        f"strength {row[S.STRENGTH]:.2f}{weak} · reported by {int(row[S.N_OUTLETS])} other outlet(s): "
        f"{md(', '.join(row[S.OUTLETS]))}"
    )
    evidence = sentences_of_keys(data, row[S.EVIDENCE])
    show_sentences(evidence[evidence[S.OUTLET] != outlet], data, key="omissions_evidence")
    download(omissions, "omissions", key="omissions_download")
