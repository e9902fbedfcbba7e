"""The dataset seen through the sidebar filters, and the sentence lookups the views share.

Plain pandas over a loaded :class:`~dashboard.ui.dataset.Dataset`; cheap enough to run on
every rerun, so never cached. No Streamlit import.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import schema as S
from dashboard.corpus.coverage import tone_by_outlet_topic
from dashboard.corpus.framing import sentence_key
from dashboard.corpus.omissions import TOPIC
from dashboard.corpus.passages import reuse_matrix
from dashboard.frames import in_values, positions_in, sorted_distinct
from dashboard.pipeline import outlet_comparisons
from dashboard.ui.dataset import Dataset, Maker
from dashboard.ui.runs import RUNS


def filter_dataset(
    data: Dataset, *, outlets: Sequence[str] = (), topics: Sequence[str] = (), event: str | None = None
) -> Dataset:
    """The dataset seen through the sidebar filters.

    Args:
        event: Keep only this event's articles (an ``event_id`` as text) and every row about
            them; the fact groups, passages and discrepancies never span two events, so they
            are kept or dropped whole. ``None`` keeps every event.
        outlets: Keep only these outlets' rows in every table; a shared passage keeps
            the members of these outlets and stays only while it still spans two outlets;
            reuse keeps pairs of two kept outlets; empty keeps all.
        topics: Keep only these topics in every topic column, evidence row and
            tone-by-topic row, and only the passages, quotes, entity mentions and
            discrepancy claims whose sentences carry one of them (sentences stay: an
            article's text is whole); empty keeps all.

    Framing and omissions are comparisons with "the other outlets": an outlet filter changes
    them, so both are computed again for the outlets kept. An event or a topic filter keeps the
    omissions whose evidence is in the event or on the topic (omissions are found event by
    event, so an event's are the same as when it is compared alone; with a topic, a topic row
    stays when its topic is kept), and the framing of the event's articles (a topic does not
    change it).

    With no filter, ``data`` itself, with what it holds already (the findings and tone
    intervals the run stored are for every article).
    """
    if not (outlets or topics or event is not None):
        return data
    articles, sentences, evidence, removed, tone = (
        data.articles,
        data.sentences,
        data.evidence,
        data.removed,
        data.tone_by_topic,
    )
    facts = data.alignment.members
    members, quotes, entities, claims, sources = (
        data.passage_members,
        data.quotes,
        data.entities,
        data.discrepancies,
        data.provenance,
    )
    if event is not None and S.EVENT_ID in articles.columns:
        articles = articles[articles[S.EVENT_ID].astype(str) == event]
    if outlets:
        articles = articles[articles[S.OUTLET].isin(outlets)]
    if len(articles) < len(data.articles):
        # Every row names its article, and an article has one outlet and one event.
        ids = set(articles[S.ARTICLE_ID].tolist())
        sentences, evidence, removed, members, facts, quotes, entities, claims, sources = (
            frame[in_values(frame[S.ARTICLE_ID], ids)]
            for frame in (sentences, evidence, removed, members, facts, quotes, entities, claims, sources)
        )
        tone = tone_by_outlet_topic(sentences, articles) if event is not None else tone[tone[S.OUTLET].isin(outlets)]
    if topics:
        keep = set(topics)
        articles = articles.assign(**{S.TOPICS: _only_topics(articles[S.TOPICS], keep)})
        sentences = sentences.assign(**{S.TOPICS: _only_topics(sentences[S.TOPICS], keep)})
        evidence = evidence[evidence[S.TOPIC].isin(keep)]
        sentences = sentences.assign(**{S.TERMS: pd.Series(_terms_for(sentences, evidence), index=sentences.index)})
        tone = tone[tone[S.TOPIC].isin(keep)]
        on_topic = set(zip(evidence[S.ARTICLE_ID].tolist(), evidence[S.SENTENCE_ID].tolist()))
        kept_groups = {
            g
            for g, a, s in zip(*(members[c].tolist() for c in (S.GROUP_ID, S.ARTICLE_ID, S.SENTENCE_ID)))
            if (a, s) in on_topic
        }
        members = members[members[S.GROUP_ID].isin(kept_groups)]
        facts = facts[facts[S.FACT_ID].isin(set(facts[_on(facts, on_topic)][S.FACT_ID]))]
        quotes = quotes[_on(quotes, on_topic)]
        entities = entities[_on(entities, on_topic)]
        claims = claims[_on(claims, on_topic)]
    members = members[members.groupby(S.GROUP_ID)[S.OUTLET].transform("nunique") >= 2]
    groups = data.passage_groups[data.passage_groups[S.GROUP_ID].isin(set(members[S.GROUP_ID]))]
    groups = _regroup(groups, members)
    # Read by Passages, Sources and the findings (made in the background): made on first use.
    reuse = partial(_reuse_of, sentences, articles, members)
    claims = claims[claims.groupby(S.DISCREPANCY_ID)[S.VALUE].transform("nunique") >= 2]
    facts = facts[facts.groupby(S.FACT_ID)[S.OUTLET].transform("nunique") >= 2]
    alignment = replace(data.alignment, members=facts, groups=_refact(data.alignment.groups, facts))
    compare = partial(outlet_comparisons, sentences, articles, alignment, quotes, entities, data.vocabularies)
    # The view's own framing until an outlet or an event filter calls for its own: a table, or
    # the one the view is making (a re-tagged codebook's).
    framing: pd.DataFrame | Maker = (
        data.framing_table if isinstance(data.framing_table, pd.DataFrame) else partial(_framing_of, data)
    )
    left_out: pd.DataFrame | Maker
    # Both comparisons are deferred: a filter change pays for them only in a view that shows them.
    if outlets:
        # Other outlets are "the others": both comparisons are made again, on the rows kept.
        framing = partial(one_comparison, compare, S.FRAMING_FILE)
        left_out = partial(one_comparison, compare, S.OMISSIONS_FILE)
    else:
        # The same outlets compared: omissions are found event by event, so an event's rows are
        # the ones a comparison of that event alone finds, and a topic picks the rows on it (the
        # stories compared stay whole). Framing pools every event, but reads no topic.
        if event is not None:
            framing = partial(one_comparison, compare, S.FRAMING_FILE)
        left_out = partial(
            _omissions_about,
            data,
            on=evidence if topics else sentences,
            topics={data.topic_label(t) for t in topics} if topics else None,
        )
    return replace(
        data,
        articles=articles,
        sentences=sentences,
        evidence=evidence,
        removed=removed,
        tone_by_topic=tone,
        alignment=alignment,
        passage_groups=groups,
        passage_members=members,
        reuse_table=reuse,
        quotes=quotes,
        entities=entities,
        discrepancies=claims,
        framing_table=framing,
        omissions_table=left_out,
        provenance=sources,
    )


def _only_topics(column: pd.Series, keep: set[str]) -> pd.Series:
    """``column``'s topic lists with only the topics in ``keep`` (an empty list is left as it is)."""
    return pd.Series(
        [[t for t in ts if t in keep] if len(ts) else ts for ts in column.tolist()], index=column.index, dtype=object
    )


def one_comparison(
    compare: Callable[..., dict[str, pd.DataFrame]], name: str, pause: Callable[[], None] = lambda: None
) -> pd.DataFrame:
    """One table of ``compare`` (:func:`~dashboard.pipeline.outlet_comparisons` with its tables
    bound), ``name`` the framing or the omissions file: what a deferred comparison makes
    (:data:`~dashboard.ui.dataset.Maker`)."""
    return compare(only=(name,), pause=pause)[name]


def _keys_of(rows: pd.DataFrame) -> set[str]:
    """The ``article_id:sentence_id`` keys of ``rows``."""
    return {sentence_key(a, int(s)) for a, s in zip(rows[S.ARTICLE_ID].tolist(), rows[S.SENTENCE_ID].tolist())}


def _reuse_of(
    sentences: pd.DataFrame, articles: pd.DataFrame, members: pd.DataFrame, pause: Callable[[], None] | None = None
) -> pd.DataFrame:
    """The reuse matrix of the rows kept (a :data:`~dashboard.ui.dataset.Maker`; one step)."""
    return reuse_matrix(sentences, articles, members)


def _framing_of(data: Dataset, pause: Callable[[], None] | None = None) -> pd.DataFrame:
    """``data``'s framing, waited for when it is being made (a :data:`~dashboard.ui.dataset.Maker`)."""
    return data.framing


def _omissions_about(
    data: Dataset, *, on: pd.DataFrame, topics: set[str] | None, pause: Callable[[], None] | None = None
) -> pd.DataFrame:
    """Rows of ``data``'s omissions with an evidence sentence among the rows ``on`` (article_id,
    sentence_id); of the ``topic`` rows, with ``topics``, only those whose item is one of these
    labels. One pass over the evidence lists, in Arrow when they are kept there (a
    :data:`~dashboard.ui.dataset.Maker`: ``pause`` is not called, the pass is one step)."""
    omissions = data.omissions
    if omissions.empty:
        return omissions
    keys = _keys_of(on)
    evidence = omissions[S.EVIDENCE]
    if isinstance(evidence.dtype, pd.ArrowDtype):
        lists = pa.chunked_array(evidence.array._pa_array).combine_chunks()
        flat = pc.list_flatten(lists)
        found = pc.is_in(flat, value_set=pa.array(sorted(keys), type=flat.type)).to_numpy(zero_copy_only=False)
        parents = pc.list_parent_indices(lists).to_numpy(zero_copy_only=False)
        hit = np.zeros(len(omissions), dtype=bool)
        hit[parents[found]] = True
    else:
        hit = np.array([any(str(k) in keys for k in ks) for ks in evidence], dtype=bool)
    if topics is not None:
        is_topic = (omissions[S.KIND] == TOPIC).to_numpy()
        hit &= ~is_topic | omissions[S.ITEM].isin(topics).to_numpy()
    return omissions[hit].reset_index(drop=True)


def _refact(groups: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Fact groups described by the members kept: their outlets and number; groups left with none dropped."""
    outlets = sorted_distinct(members, S.FACT_ID, S.OUTLET)
    kept = groups[groups[S.FACT_ID].isin(outlets.index)]
    kept = kept.assign(**{S.OUTLETS: kept[S.FACT_ID].map(outlets)})
    return kept.assign(**{S.N_OUTLETS: kept[S.OUTLETS].map(len)})


def _on(frame: pd.DataFrame, keys: set[tuple[str, int]]) -> pd.Series:
    """Rows of ``frame`` whose (article_id, sentence_id) is in ``keys``.

    Each pair becomes one integer (the article's position among the keys' articles times the
    widest sentence id, plus the sentence id), so the test is one vectorised ``isin``: a
    Python test per row cost seconds on the 750,000 entity mentions of 10,000 articles.
    """
    if not keys or frame.empty:
        return pd.Series(False, index=frame.index, dtype=bool)
    articles = pd.Index(sorted({a for a, _ in keys}))
    width = max(s for _, s in keys) + 1
    position = {a: i for i, a in enumerate(articles)}
    wanted = np.fromiter((position[a] * width + s for a, s in keys), dtype=np.int64, count=len(keys))
    code = positions_in(frame[S.ARTICLE_ID], list(articles))
    sid = frame[S.SENTENCE_ID].to_numpy(dtype=np.int64)
    pairs = np.where((code >= 0) & (sid >= 0) & (sid < width), code * width + sid, -1)
    return pd.Series(np.isin(pairs, wanted), index=frame.index, dtype=bool)


def _regroup(groups: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Passage groups described by the members kept: outlets, their number, first outlet."""
    outlets = sorted_distinct(members, S.GROUP_ID, S.OUTLET)
    kept = groups.assign(**{S.OUTLETS: groups[S.GROUP_ID].map(outlets)})
    kept = kept.assign(**{S.N_OUTLETS: kept[S.OUTLETS].map(len)})
    still_there = pd.Series(
        [f in o for f, o in zip(kept[S.FIRST_OUTLET].tolist(), kept[S.OUTLETS].tolist())], index=kept.index
    )
    return kept.assign(
        **{
            S.FIRST_OUTLET: kept[S.FIRST_OUTLET].where(still_there, None),
            S.FIRST_PUBLISHED: kept[S.FIRST_PUBLISHED].where(still_there, None),
        }
    )


def _terms_for(sentences: pd.DataFrame, evidence: pd.DataFrame) -> list[list[str]]:
    """Each sentence's distinct matched terms, in evidence order, from ``evidence``."""
    lookup: dict[tuple[str, int], dict[str, None]] = {}
    for a, s, term in zip(*(evidence[c].tolist() for c in (S.ARTICLE_ID, S.SENTENCE_ID, S.TERM))):
        lookup.setdefault((a, s), {})[term] = None
    # Only a sentence that had terms can keep some: the others stay empty without a look-up.
    terms = sentences[S.TERMS].tolist()
    had = [i for i, ts in enumerate(terms) if len(ts)]
    articles, ids = sentences[S.ARTICLE_ID].to_numpy()[had], sentences[S.SENTENCE_ID].to_numpy()[had]
    # One empty list for every sentence without terms (never changed): a new list each was
    # 270,000 objects for the collector at 10,000 articles.
    none: list[str] = []
    kept: list[list[str]] = [none] * len(terms)
    for i, a, s in zip(had, articles.tolist(), ids.tolist()):
        kept[i] = list(lookup.get((a, s), ()))
    return kept


#: The :meth:`Dataset.derived` key of :func:`sentence_index`.
SENTENCE_INDEX_KEY = "sentence index"


def sentence_index(data: Dataset) -> dict[tuple[str, int], int]:
    """Each sentence's row position in ``data.sentences``, by (article_id, sentence_id).

    Built once per dataset (kept in :meth:`Dataset.derived`), so a lookup of a few sentences reads
    those rows instead of merging the whole sentence table again; positions, not a copy of the
    table, so a dataset's memo stays small. A plain dict: a view looks up a few keys at a time,
    dozens of times a run, and a pandas index cost milliseconds a lookup in building the keys'
    own index. A key given twice keeps its first row.
    """
    return data.derived(SENTENCE_INDEX_KEY, _sentence_index)


def _sentence_index(data: Dataset) -> dict[tuple[str, int], int]:
    sentences = data.sentences
    keys = zip(sentences[S.ARTICLE_ID].astype(str).tolist(), sentences[S.SENTENCE_ID].astype("int64").tolist())
    positions: dict[tuple[str, int], int] = {}
    for position, key in enumerate(keys):
        positions.setdefault(key, position)
    return positions


def term_spans(data: Dataset) -> dict[tuple[str, int], list[tuple[int, int, str]]]:
    """Each sentence's matched terms as (term_start, term_end, topic), by (article_id, sentence_id),
    in evidence order (once per dataset): what :func:`~dashboard.ui.render.spans_html` marks."""

    def build(d: Dataset) -> dict[tuple[str, int], list[tuple[int, int, str]]]:
        ev = d.evidence
        spans: dict[tuple[str, int], list[tuple[int, int, str]]] = {}
        columns = (S.ARTICLE_ID, S.SENTENCE_ID, S.TERM_START, S.TERM_END, S.TOPIC)
        for article_id, sid, start, end, topic in zip(*(ev[c].tolist() for c in columns)):
            spans.setdefault((str(article_id), int(sid)), []).append((int(start), int(end), str(topic)))
        return spans

    return data.derived("term spans", build)


def _with_article(data: Dataset, rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` of the sentence table with their article's outlet and title; rows of no article are dropped."""
    meta = data.derived(
        "article outlets and titles",
        lambda d: dict(
            zip(d.articles[S.ARTICLE_ID].tolist(), zip(d.articles[S.OUTLET].tolist(), d.articles[S.TITLE].tolist()))
        ),
    )
    # Plain dict look-ups: the rows are few, the articles many (isin over them costs more).
    found = [meta.get(a) for a in rows[S.ARTICLE_ID]]
    keep = np.array([f is not None for f in found], dtype=bool)
    rows = rows[keep].reset_index(drop=True)
    kept = [f for f in found if f is not None]
    return rows.assign(**{S.OUTLET: [o for o, _ in kept], S.TITLE: [t for _, t in kept]})


def _tagged_sentences(data: Dataset) -> pd.DataFrame:
    """The sentences that carry a topic, with outlet and title, in outlet, article, sentence order
    (once per dataset)."""

    def build(d: Dataset) -> pd.DataFrame:
        rows = _with_article(d, d.sentences[d.sentences[S.TOPICS].map(len).gt(0).astype(bool)])
        return rows.sort_values([S.OUTLET, S.ARTICLE_ID, S.SENTENCE_ID], kind="stable").reset_index(drop=True)

    return data.derived("tagged sentences", build)


def evidence_sentences(data: Dataset, *, outlet: str | None = None, topic: str | None = None) -> pd.DataFrame:
    """Sentences that are evidence for ``topic`` (any topic when None), of ``outlet`` (any when None).

    Returns:
        Sentence rows with the article's outlet and title added, in outlet, article, sentence order.
    """
    rows = _tagged_sentences(data)
    if outlet is not None:
        rows = rows[rows[S.OUTLET] == outlet]
    if topic:
        # astype(bool): an empty mask of dtype object would select columns, not rows.
        rows = rows[rows[S.TOPICS].map(lambda ts: topic in ts).astype(bool)]
    return rows.reset_index(drop=True)


def sentences_by_keys(data: Dataset, keys: Sequence[tuple[str, int]]) -> pd.DataFrame:
    """The sentence rows for (article_id, sentence_id) pairs, with outlet and title, in the given order.

    Each key is looked up in :func:`sentence_index`; a key given twice is listed once, a key of no
    sentence (one the filters hide) is left out.
    """
    wanted = list(dict.fromkeys((str(a), int(s)) for a, s in keys))
    if not wanted:
        return _with_article(data, data.sentences.iloc[0:0])
    index = data.at_hand(SENTENCE_INDEX_KEY)
    if index is None:
        # Until the index is built (in the background, from now on), the rows of the keys'
        # articles alone: the first page that lists a few sentences (the sidebar's suggested
        # topics, at start) no longer waits for every sentence's position.
        data.start_warming(SENTENCE_INDEX_KEY, partial(_index_after, data), RUNS.busy)
        index = _positions_of(data.sentences, {a for a, _ in wanted})
    found = [p for p in map(index.get, wanted) if p is not None]
    return _with_article(data, data.sentences.iloc[found])


def _index_after(data: Dataset, pause: Callable[[], None]) -> None:
    """Build :func:`sentence_index` once the page being drawn is done (it starts from a lookup
    in the middle of a page, which a build beside it would slow)."""
    pause()
    sentence_index(data)


def _positions_of(sentences: pd.DataFrame, articles: set[str]) -> dict[tuple[str, int], int]:
    """:func:`sentence_index` of the rows of ``articles`` only (the same positions)."""
    rows = np.flatnonzero(in_values(sentences[S.ARTICLE_ID], articles))
    picked = sentences.iloc[rows]
    keys = zip(picked[S.ARTICLE_ID].astype(str).tolist(), picked[S.SENTENCE_ID].astype("int64").tolist())
    positions: dict[tuple[str, int], int] = {}
    for position, key in zip(rows.tolist(), keys):
        positions.setdefault(key, position)
    return positions
