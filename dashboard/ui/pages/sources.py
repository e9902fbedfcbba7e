"""Sources & relays: is each outlet reporting, or relaying whom? The sources its text credits
(provenance) beside the text it shares with other outlets (the reuse matrix), in one table
sorted by how much of the outlet's text rests on others; then every credited source with its
sentences."""

from __future__ import annotations

import streamlit as st

from dashboard import schema as S
from dashboard.ui.dataset import OUTLET_SOURCES_KEY, SOURCE_CREDITS_KEY, Dataset, outlet_sources_of, source_credits_of
from dashboard.ui.render import md
from dashboard.ui.widgets import (
    download,
    how_to_read,
    paged_table,
    selected_row,
    sentences_of_keys,
    show_sentences,
    strength_column,
)


def page(data: Dataset) -> None:
    st.title("Sources & relays: who is reporting, who is relaying whom")
    how_to_read(
        "Each outlet's row says where its text comes from. **Credited for the whole text**: a credit line "
        '("Source: …", "MOSCOW (Reuters) –"). **Sentences on named sources**: sentences attributed to an '
        'institution, a news organisation or an unnamed source ("according to", "citing", "per", '
        '"reported by", "the ministry said"), with how many each. **Shares text with**: the share of the '
        "outlet's words found near-verbatim in another outlet (Shared passages). **Rests on others** is the "
        "larger of the two shares (1 when a credit line credits the whole text): the higher it is, the more "
        "the outlet relays rather than reports."
    )
    summary = data.derived(SOURCE_CREDITS_KEY, source_credits_of)
    table = data.derived(OUTLET_SOURCES_KEY, outlet_sources_of)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            S.OUTLET: "Outlet",
            S.ARTICLE_ID: st.column_config.NumberColumn("Articles", format="%d"),
            S.CREDITED_TO: "Credited for the whole text",
            S.RESTS_ON: strength_column(
                "Share of the outlet's sentences that rest on a named source or on another outlet's text",
                label="Rests on others",
            ),
            S.NAMED: "Sentences on named sources",
            S.SHARES_WITH: "Shares text with",
        },
    )
    st.subheader("Every source credited")
    if summary.empty:
        st.info(
            "No article under the current filters credits a source: no credit line, and no sentence attributed "
            "to an institution, a news organisation or an unnamed source."
        )
        return
    shown = summary.drop(columns=[S.ARTICLE_ID]).assign(
        **{S.TITLE: summary[S.ARTICLE_ID].map(dict(zip(data.articles[S.ARTICLE_ID], data.articles[S.TITLE])))}
    )
    shown[S.TITLE] = shown[S.TITLE].where(shown[S.TITLE].notna() & (shown[S.TITLE].astype(str).str.strip() != ""), "—")
    columns = [S.OUTLET, S.TITLE, S.SOURCE, S.SOURCE_KIND, S.CREDITED, S.N_SENTENCES, S.SHARE, S.STRENGTH]
    picked, page = paged_table(
        shown[columns],
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="sources_table",
        column_config={
            S.OUTLET: "Outlet",
            S.TITLE: "Article",
            S.SOURCE: "Source",
            S.SOURCE_KIND: "Kind",
            S.CREDITED: st.column_config.CheckboxColumn("Credit line", help="A credit line credits the whole article"),
            S.N_SENTENCES: st.column_config.NumberColumn("Sentences", format="%d"),
            S.SHARE: strength_column("Share of the article's sentences resting on this source", label="Share"),
            S.STRENGTH: strength_column(
                'How surely the cue names a source: 1.0 for a credit line, "according to" or "citing"; 0.8 for '
                '"per" or a body\'s statement; 0.6 for a name of no known kind after "reported by"'
            ),
        },
    )
    row = selected_row(picked, summary.loc[page.index])
    if row is None:
        st.caption("Select a row to read the sentences that credit its source.")
    else:
        st.markdown(f"**The sentences that rest on {md(row[S.SOURCE])}**")
        show_sentences(sentences_of_keys(data, row[S.EVIDENCE]), data, key="sources_evidence")
    download(summary.drop(columns=[S.EVIDENCE]), "sources.csv", key="sources_download")
