"""Framing: the words and phrases that set one outlet apart."""

from __future__ import annotations

import streamlit as st

from dashboard import schema as S
from dashboard.corpus.framing import FDR, MIN_COUNT, parse_sentence_key
from dashboard.ui import charts
from dashboard.ui.dataset import FRAMING, Dataset
from dashboard.ui.filters import sentences_by_keys
from dashboard.ui.render import md
from dashboard.ui.widgets import (
    comparison,
    customdata_of,
    download,
    focus_outlet,
    how_to_read,
    keep_in,
    outlet_palette,
    show_sentences,
)

K_TERM = "framing_term"


def _pick_term(options: list[str]) -> None:
    """Framing-chart callback: a clicked bar picks its term."""
    picked = customdata_of(st.session_state.get("framing_chart"))
    if picked and picked[0][1] in options:
        st.session_state[K_TERM] = picked[0][1]


def page(data: Dataset) -> None:
    st.title("Framing: the words that set an outlet apart")
    outlet = focus_outlet(data)
    colors = outlet_palette(data)
    framing = comparison(data, FRAMING, "The framing terms")
    if framing is None:
        return
    terms = framing[framing[S.OUTLET] == outlet].reset_index(drop=True)
    if terms.empty:
        st.info(
            f"No word or phrase sets {md(outlet)} apart beyond chance under the current filters: none that "
            f"it uses at least {MIN_COUNT} times passes the Benjamini–Hochberg test at a {FDR:.0%} false "
            "discovery rate against the other outlets (with few articles, this is the usual answer; "
            "framing also needs at least two outlets)."
        )
        return
    options = list(terms[S.TERM])
    st.plotly_chart(
        charts.framing_bars(framing, outlet=outlet, colors=colors),
        key="framing_chart",
        selection_mode=("points",),
        on_select=lambda: _pick_term(options),
    )
    how_to_read(
        "Words and two-word phrases this outlet uses more than the others, scored by the log-odds ratio "
        "with an informative Dirichlet prior (Monroe et al., 2008) as a z-score. Only terms the outlet uses "
        f"at least {MIN_COUNT} times and that pass the Benjamini–Hochberg test at a {FDR:.0%} false discovery "
        "rate are shown: each is unlikely to be chance. Click a bar, or pick a term below, to read its sentences."
    )
    keep_in(K_TERM, options)
    term = st.selectbox("Term", options, key=K_TERM)
    keys = [parse_sentence_key(k) for k in terms.loc[terms[S.TERM] == term, S.SENTENCE_IDS].iloc[0]]
    st.markdown(f"**“{md(term)}” in {md(outlet)}: {len(keys)} sentence(s)**")
    show_sentences(sentences_by_keys(data, keys), data, key="framing_sentences", show_outlet=False)
    download(framing, "framing-terms", key="framing_download")
