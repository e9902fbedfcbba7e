"""Sources & relays: is each outlet reporting, or relaying whom? The sources its text credits
(provenance) beside the text it shares with other outlets (the reuse matrix), in one table
sorted by how much of the outlet's text rests on others; then every credited source with its
sentences."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import schema as S
from dashboard.corpus.provenance import provenance_summary
from dashboard.ui.dataset import Dataset
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

RESTS_ON, CREDITED_TO, NAMED, SHARES_WITH = "rests_on", "credited_to", "named_sources", "shares_with"


def outlet_table(summary: pd.DataFrame, reuse: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per outlet: what its text credits and what it shares, most relayed first.

    ``rests_on`` is the share of the outlet's sentences that rest on a named source or on
    another outlet's text: 1.0 when a credit line credits the whole text.
    """
    sizes = articles.groupby(S.OUTLET)[S.N_SENTENCES].sum()
    counts = articles.groupby(S.OUTLET)[S.ARTICLE_ID].nunique()
    # Split once by outlet: a mask over the whole table per outlet grew with outlets x rows.
    summary_of = dict(list(summary.groupby(S.OUTLET, sort=False)))
    relayed = reuse[reuse[S.SHARE] > 0]
    reuse_of = dict(list(relayed.groupby(S.OUTLET, sort=False)))
    rows = []
    for outlet in sorted(articles[S.OUTLET].unique()):
        mine = summary_of.get(outlet, summary.iloc[0:0])
        whole = mine[S.CREDITED].astype(bool)
        credited = list(dict.fromkeys(mine[whole][S.SOURCE]))
        attributed = mine[~whole]
        keys = {k for ks in attributed[S.EVIDENCE] for k in ks}
        total = max(int(sizes.get(outlet, 0) or 0), 1)
        named = [f"{s} ({n})" for s, n in zip(attributed[S.SOURCE], attributed[S.N_SENTENCES])]
        shared = reuse_of.get(outlet, relayed.iloc[0:0]).sort_values(S.SHARE, ascending=False)
        shares = [f"{o} ({s:.0%})" for o, s in zip(shared[S.OTHER_OUTLET], shared[S.SHARE])]
        top_share = float(shared[S.SHARE].max()) if len(shared) else 0.0
        rows.append(
            {
                S.OUTLET: outlet,
                S.ARTICLE_ID: int(counts.get(outlet, 0)),
                CREDITED_TO: ", ".join(credited) or "—",
                RESTS_ON: 1.0 if credited else max(len(keys) / total, top_share),
                NAMED: ", ".join(named) or "—",
                SHARES_WITH: ", ".join(shares) or "—",
            }
        )
    frame = pd.DataFrame(rows, columns=[S.OUTLET, S.ARTICLE_ID, CREDITED_TO, RESTS_ON, NAMED, SHARES_WITH])
    return frame.sort_values([RESTS_ON, S.OUTLET], ascending=[False, True]).reset_index(drop=True)


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
    summary = data.derived("provenance summary", lambda d: provenance_summary(d.provenance, d.articles))
    table = data.derived("sources by outlet", lambda d: outlet_table(summary, d.reuse, d.articles))
    st.dataframe(
        table,
        hide_index=True,
        use_container_width=True,
        column_config={
            S.OUTLET: "Outlet",
            S.ARTICLE_ID: st.column_config.NumberColumn("Articles", format="%d"),
            CREDITED_TO: "Credited for the whole text",
            RESTS_ON: strength_column(
                "Share of the outlet's sentences that rest on a named source or on another outlet's text",
                label="Rests on others",
            ),
            NAMED: "Sentences on named sources",
            SHARES_WITH: "Shares text with",
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
        use_container_width=True,
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
