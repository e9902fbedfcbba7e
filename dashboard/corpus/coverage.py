"""Cross-outlet tables derived from the sentence and article tables.

Pure functions ``DataFrame -> DataFrame``; cheap enough to run on every app rerun.
"""

from __future__ import annotations

import pandas as pd

from dashboard import schema as S
from dashboard.text.words import sentence_words


def _sentences_with_outlet(sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    return sentences.merge(articles[[S.ARTICLE_ID, S.OUTLET]], on=S.ARTICLE_ID, how="left")


def tone_by_outlet_topic(sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Tone of the sentences carrying each topic, per outlet.

    Polarity and subjectivity are means over the topic's evidence sentences weighted by
    word count (as for an article's tone). Only outlet × topic pairs with at least one
    evidence sentence appear.

    Returns:
        Columns ``outlet, topic, polarity, subjectivity, n_sentences``.
    """
    if sentences.empty:
        return pd.DataFrame(columns=S.TONE_BY_TOPIC_COLUMNS)
    rows = _sentences_with_outlet(sentences, articles).explode(S.TOPICS).dropna(subset=[S.TOPICS])
    if rows.empty:
        return pd.DataFrame(columns=S.TONE_BY_TOPIC_COLUMNS)
    rows = rows.assign(_w=sentence_words(rows).clip(lower=1))
    rows = rows.assign(_p=rows[S.POLARITY] * rows["_w"], _s=rows[S.SUBJECTIVITY] * rows["_w"])
    grouped = rows.groupby([S.OUTLET, S.TOPICS], sort=True).agg(
        _p=("_p", "sum"), _s=("_s", "sum"), _w=("_w", "sum"), n=(S.SENTENCE_ID, "size")
    )
    out = (
        pd.DataFrame(
            {
                S.POLARITY: grouped["_p"] / grouped["_w"],
                S.SUBJECTIVITY: grouped["_s"] / grouped["_w"],
                S.N_EVIDENCE: grouped["n"].astype("int64"),
            }
        )
        .reset_index()
        .rename(columns={S.TOPICS: S.TOPIC})
    )
    return out[S.TONE_BY_TOPIC_COLUMNS]


def coverage_matrix(sentences: pd.DataFrame, articles: pd.DataFrame, topics: list[str]) -> pd.DataFrame:
    """Evidence sentences per outlet (rows) and topic (columns); zeros are kept.

    Args:
        topics: Column order; topics nobody covers still get a column of zeros.
    """
    outlets = sorted(articles[S.OUTLET].unique())
    # Only the tagged sentences, and only the columns counted: merging the whole sentence table
    # (its text) cost most of a second at 270,000 sentences.
    tagged = sentences.loc[sentences[S.TOPICS].map(len).gt(0).to_numpy(dtype=bool), [S.ARTICLE_ID, S.TOPICS]]
    rows = _sentences_with_outlet(tagged, articles).explode(S.TOPICS).dropna(subset=[S.TOPICS])
    counts = rows.groupby([S.OUTLET, S.TOPICS]).size().unstack(fill_value=0) if not rows.empty else pd.DataFrame()
    return counts.reindex(index=outlets, columns=topics, fill_value=0).fillna(0).astype("int64")


def coverage_from_tone(tone_by_topic: pd.DataFrame, outlets: list[str], topics: list[str]) -> pd.DataFrame:
    """:func:`coverage_matrix` read from the tone-by-topic table, which counts the same sentences
    (``n_sentences`` per outlet and topic): a pivot of a few hundred rows instead of a pass over
    every sentence.

    Args:
        tone_by_topic: The output of :func:`tone_by_outlet_topic` for the same sentences.
        outlets: Row order (every outlet of the articles); topics: column order.
    """
    if tone_by_topic.empty:
        counts = pd.DataFrame()
    else:
        counts = tone_by_topic.pivot_table(index=S.OUTLET, columns=S.TOPIC, values=S.N_EVIDENCE, aggfunc="sum")
    counts = counts.reindex(index=outlets, columns=topics, fill_value=0).fillna(0).astype("int64")
    return counts.rename_axis(index=S.OUTLET, columns=S.TOPICS)  # named as coverage_matrix names them
