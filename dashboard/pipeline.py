"""The library entry: a folder (or raw articles) in, tables out.

The command line (:mod:`dashboard.cli`) and the app's loader (:mod:`dashboard.ui.dataset`)
both call :func:`build_folder` / :func:`publish_folder`; everything below them is pure:
:func:`process_article` takes one decoded article and the codebook, :func:`article_tables`
turns processed articles into the per-article tables of :mod:`dashboard.schema` and
:func:`derived_tables` adds every table derived from them. The vocabularies
arrive parsed (:class:`~dashboard.vocabularies.Vocabularies`), loaded once by the caller.
"""

from __future__ import annotations

import heapq
import math
import os
import platform
import sys
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from dashboard import __version__
from dashboard import schema as S
from dashboard.article.clean import CleanArticle, clean_text
from dashboard.article.markup import extract_page, looks_like_html
from dashboard.article.meta import ArticleMeta, extract_metadata
from dashboard.article.sentences import Sentence, split_sentences
from dashboard.article.tone import Tone, aggregate_tone, score_tone
from dashboard.article.topics import Codebook, TermHit, article_topics, tag_sentence
from dashboard.corpus.align import Alignment, align_facts, empty_alignment, term_index_tables
from dashboard.corpus.coverage import tone_by_outlet_topic
from dashboard.corpus.discrepancies import find_discrepancies
from dashboard.corpus.entities import entity_variants, extract_entities
from dashboard.corpus.events import group_events
from dashboard.corpus.findings import Finding, findings, findings_table
from dashboard.corpus.framing import framing_terms
from dashboard.corpus.omissions import omissions, sort_omissions
from dashboard.corpus.passages import reuse_matrix, shared_passages
from dashboard.corpus.provenance import outlet_sources, provenance, provenance_summary
from dashboard.corpus.quotes import extract_quotes
from dashboard.corpus.themes import suggest_themes, themes_table
from dashboard.corpus.tone import every_tone_interval
from dashboard.engine import Engine, InProcess, make_engine
from dashboard.errors import InputError
from dashboard.io.cache import RunCache, code_fingerprint, content_key
from dashboard.io.read import DEFAULT_MAX_BYTES, HTML_SUFFIXES, Corpus, RawArticle, read_corpus
from dashboard.io.tables import write_outputs
from dashboard.text.words import count_words
from dashboard.vocabularies import Vocabularies

NO_TONE = Tone(math.nan, math.nan, math.nan)
#: Languages the tone lexicon and the codebook are written for.
SUPPORTED_LANGUAGES = ("en",)
#: Below this many files, starting worker processes costs more than it saves.
_PARALLEL_MIN_FILES = 200

T = TypeVar("T")


@dataclass(frozen=True)
class ProcessedArticle:
    """One article through every stage."""

    raw: RawArticle
    clean: CleanArticle
    meta: ArticleMeta
    sentences: tuple[Sentence, ...]
    tones: tuple[Tone, ...]
    hits: tuple[tuple[TermHit, ...], ...]  # per sentence
    topics: tuple[str, ...]
    tone: Tone
    n_words: int
    sentence_words: tuple[int, ...]  # count_words of each sentence


def process_article(raw: RawArticle, codebook: Codebook) -> ProcessedArticle:
    """Clean, describe, split, tag and score one article.

    An article not in a :data:`SUPPORTED_LANGUAGES` language is kept, with no tone (NaN) and
    no topics: the lexicons and the codebook are English.

    Raises:
        InputError: no article text is left after cleaning.
    """
    page = None
    if raw.file.lower().endswith(HTML_SUFFIXES) or looks_like_html(raw.text):
        page = extract_page(raw.text, raw.source.url if raw.source else None)
        clean = replace(clean_text(page.text), was_html=True)
    else:
        clean = clean_text(raw.text)
    if not clean.text:
        raise InputError(raw.file, "no article text found (every line looked like page junk or metadata)")
    meta = extract_metadata(raw.article_id, clean, raw.source, page)
    sentences = tuple(split_sentences(clean.text))
    words = [count_words(s.text) for s in sentences]
    if meta.language in SUPPORTED_LANGUAGES:
        tones = tuple(score_tone(s.text) for s in sentences)
        hits = tuple(tuple(tag_sentence(s.text, codebook)) for s in sentences)
        tone = aggregate_tone(tones, words) or Tone(0.0, 0.0, 0.0)
    else:
        # Kept with its text and metadata; an English lexicon's score or topic on it would be
        # noise, so tone is missing (NaN) and no topic is tagged, never a 0 that reads as neutral.
        tones = tuple(NO_TONE for _ in sentences)
        hits = tuple(() for _ in sentences)
        tone = NO_TONE
    return ProcessedArticle(
        raw=raw,
        clean=clean,
        meta=meta,
        sentences=sentences,
        tones=tones,
        hits=hits,
        topics=tuple(article_topics(hits, codebook)),
        tone=tone,
        n_words=sum(words),
        sentence_words=tuple(words),
    )


def _process_or_skip(raw: RawArticle, codebook: Codebook) -> ProcessedArticle | InputError:
    try:
        return process_article(raw, codebook)
    except InputError as exc:
        return exc


def process_batch(raws: Sequence[RawArticle], codebook: Codebook) -> list[ProcessedArticle | InputError]:
    """:func:`process_article` on each of ``raws``: the piece of work an engine's worker gets."""
    return [_process_or_skip(raw, codebook) for raw in raws]


def process_articles(
    articles: Iterable[RawArticle], codebook: Codebook, *, jobs: int = 1, engine: Engine | None = None
) -> Iterator[ProcessedArticle | InputError]:
    """Process articles in order, yielding each result or the reason it was skipped.

    Args:
        jobs: Worker processes when no ``engine`` is given; 1 runs in this process.
        engine: Where the batches of articles run (:mod:`dashboard.engine`). Results keep input order.
    """
    articles = list(articles)
    own = engine is None
    if engine is None:
        engine = make_engine("local", jobs=jobs)
    try:
        if isinstance(engine, InProcess) or len(articles) < _PARALLEL_MIN_FILES:
            for raw in articles:
                yield _process_or_skip(raw, codebook)
            return
        for results in engine.map(process_batch, _batches(articles, engine.workers * 8), codebook):
            yield from results
    finally:
        if own:
            engine.close()


def _batches(items: Sequence[T], n: int, *, most: int = 200) -> list[Sequence[T]]:
    """``items`` cut into about ``n`` consecutive batches of at most ``most`` items."""
    size = min(most, max(1, math.ceil(len(items) / max(1, n))))
    return [items[i : i + size] for i in range(0, len(items), size)]


def default_jobs() -> int:
    """Worker processes to use: one per core."""
    return max(1, os.cpu_count() or 1)


# --- tables ----------------------------------------------------------------------------


def article_tables(
    processed: Sequence[ProcessedArticle], vocabularies: Vocabularies, *, clock: StageClock | None = None
) -> dict[str, pd.DataFrame]:
    """The per-article tables (articles, sentences, topic evidence, removed lines, tone by topic),
    with each article's event, keyed by file name (see :mod:`dashboard.schema`); the cross-outlet
    tables are derived from them (:func:`derived_tables`)."""
    article_rows: list[dict[str, Any]] = []
    sentence_rows: list[dict[str, Any]] = []
    evidence_rows: list[dict[str, Any]] = []
    removed_rows: list[dict[str, Any]] = []
    for art in processed:
        m = art.meta
        article_rows.append(
            {
                S.ARTICLE_ID: m.article_id,
                S.OUTLET: m.outlet,
                S.COUNTRY: m.country,
                S.URL: m.url,
                S.PUBLISHED: m.published,
                S.PUBLISHED_SOURCE: m.published_source,
                S.TITLE: m.title,
                S.BYLINE: m.byline,
                S.DATELINE: m.dateline,
                S.LANGUAGE: m.language,
                S.TEXT: art.clean.text,
                S.N_WORDS: art.n_words,
                S.N_SENTENCES: len(art.sentences),
                S.TOPICS: list(art.topics),
                S.POLARITY: art.tone.polarity,
                S.SUBJECTIVITY: art.tone.subjectivity,
                S.VADER_COMPOUND: art.tone.vader_compound,
                S.SOURCE_FILE: art.raw.file,
                S.RAW_BYTES: art.raw.n_bytes,
                S.N_REMOVED_LINES: len(art.clean.removed),
            }
        )
        for sent, words, tone, hits in zip(art.sentences, art.sentence_words, art.tones, art.hits):
            sentence_rows.append(
                {
                    S.ARTICLE_ID: m.article_id,
                    S.SENTENCE_ID: sent.idx,
                    S.START: sent.start,
                    S.END: sent.end,
                    S.TEXT: sent.text,
                    S.N_WORDS: words,
                    S.POLARITY: tone.polarity,
                    S.SUBJECTIVITY: tone.subjectivity,
                    S.VADER_COMPOUND: tone.vader_compound,
                    S.TOPICS: _topics_of(hits),
                    S.TERMS: _terms_of(hits),
                }
            )
            evidence_rows.extend(_evidence_rows(m.article_id, sent.idx, hits))
        removed_rows.extend(
            {S.ARTICLE_ID: m.article_id, S.LINE_NO: r.line_no, S.TEXT: r.text, S.REASON: r.reason}
            for r in art.clean.removed
        )
    clock = clock or StageClock()
    with clock.stage("events"):
        events = group_events(
            [a.clean.text for a in processed],
            [a.meta.published for a in processed],
            [a.meta.title for a in processed],
            stopwords=vocabularies.stopwords,
        )
    for row, event in zip(article_rows, events):
        row[S.EVENT_ID], row[S.EVENT_LABEL] = event.event_id, event.label
    with clock.stage("article tables"):
        articles = _frame(article_rows, S.ARTICLE_COLUMNS)
        sentences = _frame(sentence_rows, S.SENTENCE_COLUMNS)
        return {
            S.ARTICLES_FILE: articles,
            S.SENTENCES_FILE: sentences,
            S.EVIDENCE_FILE: _frame(evidence_rows, S.EVIDENCE_COLUMNS),
            S.REMOVED_FILE: _frame(removed_rows, S.REMOVED_COLUMNS),
            S.TONE_BY_TOPIC_FILE: tone_by_outlet_topic(sentences, articles),
        }


def derived_tables(
    per_article: Mapping[str, pd.DataFrame],
    vocabularies: Vocabularies,
    failures: list[dict[str, str]] | None = None,
    *,
    clock: StageClock | None = None,
    engine: Engine | None = None,
    cache: RunCache | None = None,
    cache_keys: dict[str, str] | None = None,
) -> dict[str, pd.DataFrame]:
    """``per_article`` (:func:`article_tables`) with every table derived from it: the cross-outlet
    tables (:func:`cross_outlet_tables`), the alignment's term index and the stored views."""
    clock = clock or StageClock()
    sentences, articles = per_article[S.SENTENCES_FILE], per_article[S.ARTICLES_FILE]
    cross_outlet = cross_outlet_tables(
        sentences, articles, vocabularies, failures, clock=clock, engine=engine, cache=cache, cache_keys=cache_keys
    )
    tables = {**per_article, **cross_outlet}
    failed = failures if failures is not None else []
    # The alignment's term index over every article: the app's Compare view and its filters
    # need it, and computing it in the app took seconds per thousand articles.
    tables[S.UNIT_TERMS_FILE], tables[S.TERM_WEIGHTS_FILE] = _guarded(
        failed,
        clock,
        "term index",
        lambda: term_index_tables(sentences, articles, stopwords=vocabularies.stopwords),
        lambda: (_empty_of(S.UNIT_TERM_COLUMNS)(), _empty_of(S.TERM_WEIGHT_COLUMNS)()),
    )
    for view in STORED_VIEWS:
        tables[view.file] = _guarded(
            failed, clock, view.stage, partial(view.build, tables, vocabularies), _empty_of(view.columns)
        )
    return tables


@dataclass(frozen=True)
class StoredView:
    """A result the app derives from every article, computed by the run and stored as a table,
    so the view that shows it reads it instead of computing it (seconds at thousands of articles).

    Attributes:
        file: The table's file name.
        stage: Its name in the run's stage times and failures.
        build: The table, from the run's tables so far and the vocabularies.
        columns: Its columns, for the empty table written when ``build`` fails.
    """

    file: str
    stage: str
    build: Callable[[Mapping[str, pd.DataFrame], Vocabularies], pd.DataFrame]
    columns: list[str]


def _topic_labels(vocabularies: Vocabularies) -> dict[str, str]:
    return {t.id: t.label for t in vocabularies.codebook.topics}


#: What the first screens of the views show, in the order the run builds them (a later one may
#: read an earlier one's table).
STORED_VIEWS = (
    # The tone chart's intervals: a bootstrap of every sentence per measure.
    StoredView(
        S.TONE_INTERVALS_FILE,
        "tone intervals",
        lambda t, _: every_tone_interval(t[S.SENTENCES_FILE], t[S.ARTICLES_FILE]),
        S.TONE_INTERVAL_COLUMNS,
    ),
    # The codebook panel's suggestions when the codebook does not fit: every sentence's terms.
    StoredView(
        S.THEMES_FILE,
        "suggested topics",
        lambda t, v: themes_table(suggest_themes(t[S.SENTENCES_FILE], t[S.ARTICLES_FILE], stopwords=v.stopwords)),
        S.THEME_COLUMNS,
    ),
    # The Entities view's spellings of every entity: a pass over every mention.
    StoredView(
        S.ENTITY_VARIANTS_FILE, "entity variants", lambda t, _: entity_variants(t[S.ENTITIES_FILE]), S.VARIANT_COLUMNS
    ),
    # The Sources view's two tables.
    StoredView(
        S.SOURCE_CREDITS_FILE,
        "source credits",
        lambda t, _: provenance_summary(t[S.PROVENANCE_FILE], t[S.ARTICLES_FILE]),
        S.SOURCE_CREDIT_COLUMNS,
    ),
    StoredView(
        S.OUTLET_SOURCES_FILE,
        "outlet sources",
        lambda t, _: outlet_sources(t[S.SOURCE_CREDITS_FILE], t[S.REUSE_FILE], t[S.ARTICLES_FILE]),
        S.OUTLET_SOURCE_COLUMNS,
    ),
    # The findings the app opens on, last: they read the other tables.
    StoredView(
        S.FINDINGS_FILE,
        "findings",
        lambda t, v: findings_table(*corpus_findings(t, _topic_labels(v))),
        S.FINDING_COLUMNS,
    ),
)


def corpus_findings(tables: Mapping[str, pd.DataFrame], topic_labels: Mapping[str, str]) -> tuple[list[Finding], str]:
    """:func:`~dashboard.corpus.findings.findings` of a run's tables, topics labelled by ``topic_labels``."""
    return findings(
        articles=tables[S.ARTICLES_FILE],
        sentences=tables[S.SENTENCES_FILE],
        evidence=tables[S.EVIDENCE_FILE],
        passage_members=tables[S.PASSAGE_MEMBERS_FILE],
        reuse=tables[S.REUSE_FILE],
        provenance=tables[S.PROVENANCE_FILE],
        discrepancies=tables[S.DISCREPANCIES_FILE],
        omissions=tables[S.OMISSIONS_FILE],
        quotes=tables[S.QUOTES_FILE],
        topic_labels=topic_labels,
    )


def retag_topics(
    articles: pd.DataFrame, sentences: pd.DataFrame, codebook: Codebook
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The topic columns of ``articles`` and ``sentences``, the evidence and tone-by-topic tables,
    made anew with another codebook (the app's codebook editor); every other column is unchanged.
    Sentences of articles not in a supported language stay untagged, as the pipeline leaves them.

    Returns:
        ``(articles, sentences, evidence, tone_by_topic)``.
    """
    supported = set(articles[articles[S.LANGUAGE].isin(SUPPORTED_LANGUAGES)][S.ARTICLE_ID])
    hits = [
        tag_sentence(text, codebook) if article in supported else []
        for article, text in zip(sentences[S.ARTICLE_ID].tolist(), sentences[S.TEXT].tolist())
    ]
    sentences = sentences.assign(
        **{
            S.TOPICS: pd.Series([_topics_of(found) for found in hits], index=sentences.index),
            S.TERMS: pd.Series([_terms_of(found) for found in hits], index=sentences.index),
        }
    )
    by_article: dict[str, list[list[TermHit]]] = {}
    for article, found in zip(sentences[S.ARTICLE_ID].tolist(), hits):
        by_article.setdefault(article, []).append(found)
    articles = articles.assign(
        **{
            S.TOPICS: pd.Series(
                [article_topics(by_article.get(a, []), codebook) for a in articles[S.ARTICLE_ID]], index=articles.index
            )
        }
    )
    evidence = _frame(
        [
            row
            for article, sentence, found in zip(sentences[S.ARTICLE_ID], sentences[S.SENTENCE_ID], hits)
            for row in _evidence_rows(article, int(sentence), found)
        ],
        S.EVIDENCE_COLUMNS,
    )
    return articles, sentences, evidence, tone_by_outlet_topic(sentences, articles)


def _topics_of(hits: Sequence[TermHit]) -> list[str]:
    return list(dict.fromkeys(h.topic for h in hits))


def _terms_of(hits: Sequence[TermHit]) -> list[str]:
    return list(dict.fromkeys(h.term for h in hits))


def _evidence_rows(article_id: str, sentence_id: int, hits: Sequence[TermHit]) -> list[dict[str, Any]]:
    """One ``evidence.parquet`` row per matched term of a sentence."""
    return [
        {
            S.ARTICLE_ID: article_id,
            S.SENTENCE_ID: sentence_id,
            S.TOPIC: h.topic,
            S.TERM: h.term,
            S.TERM_START: h.start,
            S.TERM_END: h.end,
        }
        for h in hits
    ]


def cross_outlet_tables(
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    vocabularies: Vocabularies,
    failures: list[dict[str, str]] | None = None,
    *,
    clock: StageClock | None = None,
    engine: Engine | None = None,
    cache: RunCache | None = None,
    cache_keys: dict[str, str] | None = None,
) -> dict[str, pd.DataFrame]:
    """The cross-outlet tables: each event analysed on its own (:func:`analyse_event`), the events'
    tables put together (:func:`merge_event_tables`), then what compares outlets across the whole
    folder: the reuse matrix and the framing terms.

    Events never share a fact, a passage or an omission, so their analyses are independent: an
    ``engine`` runs them in parallel (in batches of events), and the work grows with the folder,
    not with its square. Without one, or for a small folder, they run here.

    An analysis that fails (a bug meeting an input) never takes the others with it: its tables
    lack that event's rows, what depends on it runs on nothing, and ``failures`` gets one entry
    per analysis and error (``analysis``, ``error``) that ``report.json`` and the app show.

    With a ``cache`` and each article's content key (``cache_keys``, article id -> key), an
    event whose articles all have the keys of an earlier run is not analysed again.
    """
    failed = [] if failures is None else failures
    clock = clock or StageClock()
    # In a function of its own so that the events' inputs and analyses (copies of the tables)
    # are freed before the folder-wide stages run.
    tables = _per_event_tables(sentences, articles, vocabularies, failed, clock, engine, cache, cache_keys)
    english_sentences, english_articles = _english(sentences, articles)
    tables[S.REUSE_FILE] = _guarded(
        failed,
        clock,
        "reuse matrix",
        lambda: reuse_matrix(sentences, articles, tables[S.PASSAGE_MEMBERS_FILE]),
        _empty_of(S.REUSE_COLUMNS),
    )
    tables[S.FRAMING_FILE] = _guarded(
        failed,
        clock,
        "framing",
        lambda: framing_terms(english_sentences, english_articles, stopwords=vocabularies.stopwords),
        _empty_of(S.FRAMING_COLUMNS),
    )
    return {name: tables[name] for name in S.CROSS_OUTLET_FILES}


def _per_event_tables(
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    vocabularies: Vocabularies,
    failed: list[dict[str, str]],
    clock: StageClock,
    engine: Engine | None,
    cache: RunCache | None,
    cache_keys: dict[str, str] | None,
) -> dict[str, pd.DataFrame]:
    """Every event analysed (or served from ``cache``) and the events' tables put together."""
    events = EventRows(sentences, articles)
    # An event whose articles are all unchanged since the last run is served from the cache.
    keys = (
        [_event_key(events.article_ids(i), cache_keys, vocabularies) for i in range(len(events))]
        if cache is not None and cache_keys
        else []
    )
    found: dict[int, EventAnalysis] = {}
    for i, key in enumerate(keys):
        hit = cache.get("events", key) if cache is not None else None
        if isinstance(hit, EventAnalysis):
            found[i] = hit
    todo = [i for i in range(len(events)) if i not in found]
    sizes = [events.n_sentences(i) for i in todo]
    with clock.stage("cross-outlet analysis, per event"):
        if engine is None or isinstance(engine, InProcess) or len(todo) < 2 or sum(sizes) < _PARALLEL_MIN_SENTENCES:
            fresh = {i: analyse_event(events[i], vocabularies) for i in todo}
        else:
            batches = _event_batches(sizes, engine.workers * 4, most=_EVENT_BATCH_SENTENCES)
            # Each batch's rows are copied out of the tables only when the engine sends it.
            pieces = LazySequence(len(batches), lambda k: [events[todo[j]] for j in batches[k]])
            fresh = {}
            for batch, results in zip(batches, engine.map(analyse_events, pieces, vocabularies)):
                fresh.update((todo[j], result) for j, result in zip(batch, results))
    for i, analysis in fresh.items():
        if cache is not None and keys:
            cache.put("events", keys[i], analysis)
        for name, seconds in analysis.seconds.items():
            clock.add(f"{name} (per event)", seconds)
    analyses = [found[i] if i in found else fresh[i] for i in range(len(events))]
    for analysis in analyses:
        for failure in analysis.failures:
            if failure not in failed:
                failed.append(failure)
    with clock.stage("merging the events' tables"):
        return merge_event_tables([a.tables for a in analyses])


#: The tables of one event (:func:`analyse_event`), with their columns.
EVENT_FILES = {
    S.FACTS_FILE: S.FACT_GROUP_COLUMNS,
    S.FACT_MEMBERS_FILE: S.FACT_MEMBER_COLUMNS,
    S.PASSAGE_GROUPS_FILE: S.PASSAGE_GROUP_COLUMNS,
    S.PASSAGE_MEMBERS_FILE: S.PASSAGE_MEMBER_COLUMNS,
    S.QUOTES_FILE: S.QUOTE_COLUMNS,
    S.ENTITIES_FILE: S.ENTITY_COLUMNS,
    S.DISCREPANCIES_FILE: S.DISCREPANCY_COLUMNS,
    S.PROVENANCE_FILE: S.PROVENANCE_COLUMNS,
    S.OMISSIONS_FILE: S.OMISSION_COLUMNS,
}
#: Ids numbered from 0 within one event's tables, by what they number: put together, each
#: event's ids follow the previous events' (a fact id is the same number in every table holding
#: it); a negative id ("none") stays as it is.
EVENT_ID_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "fact": ((S.FACTS_FILE, S.FACT_ID), (S.FACT_MEMBERS_FILE, S.FACT_ID), (S.DISCREPANCIES_FILE, S.FACT_ID)),
    "passage": ((S.PASSAGE_GROUPS_FILE, S.GROUP_ID), (S.PASSAGE_MEMBERS_FILE, S.GROUP_ID)),
    "quote": ((S.QUOTES_FILE, S.QUOTE_ID),),
    "quoted statement": ((S.QUOTES_FILE, S.GROUP_ID),),
    "entity": ((S.ENTITIES_FILE, S.ENTITY_ID),),
    "discrepancy": ((S.DISCREPANCIES_FILE, S.DISCREPANCY_ID),),
}
#: Below this many sentences a folder's events are analysed here. Measured on generated folders:
#: the analysis costs about 2 ms of one core per sentence, and a worker costs about 1 s to start
#: (the person model loads in each) plus sending it the tables; two workers save half the work,
#: so they pay off from about 1,000 sentences, and this leaves a margin for a loaded machine.
_PARALLEL_MIN_SENTENCES = 2_000
#: About the most sentences in one batch of events sent to a worker, which holds a batch's rows
#: and analyses at once: this bounds a worker's memory whatever the folder's size (cut into a
#: fixed number of batches, 100,000 articles put 12,500 on each worker and the run passed 21 GiB).
#: Measured on a generated folder of 10,000 articles on Dask (28 batches where there were 8): the
#: tables are the same, and the stage's wall time (162 s) is within 2 % of its analyses' seconds
#: shared by the two workers (160 s), so sending and starting the extra batches costs little.
_EVENT_BATCH_SENTENCES = 10_000


@dataclass(frozen=True)
class EventInput:
    """One event's rows: its articles and their sentences."""

    sentences: pd.DataFrame
    articles: pd.DataFrame


@dataclass(frozen=True)
class EventAnalysis:
    """One event's tables (:data:`EVENT_FILES`), the analyses that failed on it, seconds per analysis."""

    tables: dict[str, pd.DataFrame]
    failures: list[dict[str, str]]
    seconds: dict[str, float]


def analyse_event(event: EventInput, vocabularies: Vocabularies) -> EventAnalysis:
    """The alignment of facts and everything derived from it, quotes, entities, discrepancies,
    provenance and omissions, for one event's articles.

    One alignment (:func:`~dashboard.corpus.align.align_facts`) feeds the shared passages, the
    discrepancies and the fact omissions; none of them re-derives it.
    """
    sentences, articles = event.sentences, event.articles
    failed: list[dict[str, str]] = []
    clock = StageClock()

    def guarded(name: str, make: Callable[[], Any], fallback: Callable[[], Any]) -> Any:
        return _guarded(failed, clock, name, make, fallback)

    alignment = guarded(
        "alignment of facts",
        lambda: align_facts(sentences, articles, stopwords=vocabularies.stopwords),
        empty_alignment,
    )
    groups, members = guarded(
        "shared passages",
        lambda: shared_passages(sentences, articles, alignment),
        lambda: (pd.DataFrame(columns=S.PASSAGE_GROUP_COLUMNS), pd.DataFrame(columns=S.PASSAGE_MEMBER_COLUMNS)),
    )
    quotes = guarded(
        "quotes",
        lambda: extract_quotes(sentences, articles, vocabulary=vocabularies.speech),
        _empty_of(S.QUOTE_COLUMNS),
    )
    people = None if vocabularies.people is None else _timed(vocabularies.people, clock, PERSON_MODEL_STAGE)
    entities = guarded(
        "entities",
        lambda: extract_entities(sentences, articles, vocabulary=vocabularies.entities, people=people),
        _empty_of(S.ENTITY_COLUMNS),
    )
    discrepancies = guarded(
        "discrepancies",
        lambda: find_discrepancies(
            sentences, articles, entities, alignment, vocabulary=vocabularies.entities, stopwords=vocabularies.stopwords
        ),
        _empty_of(S.DISCREPANCY_COLUMNS),
    )
    sources = guarded(
        "provenance",
        lambda: provenance(
            sentences, articles, entities, vocabulary=vocabularies.provenance, speech=vocabularies.speech
        ),
        _empty_of(S.PROVENANCE_COLUMNS),
    )
    left_out = guarded(
        "omissions",
        lambda: _omissions(sentences, articles, alignment, quotes, entities, vocabularies),
        _empty_of(S.OMISSION_COLUMNS),
    )
    tables = {
        S.FACTS_FILE: alignment.groups,
        S.FACT_MEMBERS_FILE: alignment.members,
        S.PASSAGE_GROUPS_FILE: groups,
        S.PASSAGE_MEMBERS_FILE: members,
        S.QUOTES_FILE: quotes,
        S.ENTITIES_FILE: entities,
        S.DISCREPANCIES_FILE: discrepancies,
        S.PROVENANCE_FILE: sources,
        S.OMISSIONS_FILE: left_out,
    }
    return EventAnalysis(tables, failed, clock.seconds)


def analyse_events(events: Sequence[EventInput], vocabularies: Vocabularies) -> list[EventAnalysis]:
    """:func:`analyse_event` on each of ``events``: the piece of work an engine's worker gets."""
    return [analyse_event(e, vocabularies) for e in events]


def merge_event_tables(parts: Sequence[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """The events' tables as one set: rows in event order, ids renumbered past the previous
    events' (:data:`EVENT_ID_COLUMNS`), omissions sorted as :func:`omissions` sorts them.

    ``parts`` are emptied as they are merged, one table at a time: holding every event's tables,
    their renumbered copies and the merged set at once tripled the stage's memory.
    """
    offsets = _event_id_offsets(parts)
    merged = {}
    for name, table_columns in EVENT_FILES.items():
        renumbered = [column for columns in EVENT_ID_COLUMNS.values() for table, column in columns if table == name]
        frames = []
        first = parts[0][name] if parts else pd.DataFrame(columns=table_columns)
        for k, part in enumerate(parts):
            frame = part.pop(name)
            if not len(frame):
                continue
            for column in renumbered:
                shift = offsets[k][name, column]
                if shift:
                    # A negative id means "none" (a discrepancy compared by its anchors has fact -1).
                    ids = frame[column]
                    frame = frame.assign(**{column: ids.where(ids < 0, ids + shift)})
            frames.append(frame)
        if not frames:
            merged[name] = first
        elif len(frames) == 1:
            merged[name] = frames[0].reset_index(drop=True)
        else:
            merged[name] = pd.concat(frames, ignore_index=True)
    merged[S.OMISSIONS_FILE] = sort_omissions(merged[S.OMISSIONS_FILE])
    return merged


def _event_id_offsets(parts: Sequence[Mapping[str, pd.DataFrame]]) -> list[dict[tuple[str, str], int]]:
    """For each part, what to add to each id column (by table and column) so that its ids follow
    the previous parts' of the same kind (:data:`EVENT_ID_COLUMNS`)."""
    offsets = dict.fromkeys(EVENT_ID_COLUMNS, 0)
    shifts: list[dict[tuple[str, str], int]] = []
    for part in parts:
        shifts.append({key: offsets[kind] for kind, columns in EVENT_ID_COLUMNS.items() for key in columns})
        for kind, columns in EVENT_ID_COLUMNS.items():
            top = -1  # a negative id means "none" and is not shifted
            for name, column in columns:
                frame = part[name]
                if len(frame) and frame[column].notna().any():
                    top = max(top, int(frame[column].max()))
            offsets[kind] += top + 1
    return shifts


class EventRows(Sequence[EventInput]):
    """A folder's events in event order (one event when the articles carry none), each event's
    rows (:class:`EventInput`) copied out of the tables when it is asked for: a list of every
    event's copy would hold the sentence table twice for the whole analysis."""

    def __init__(self, sentences: pd.DataFrame, articles: pd.DataFrame) -> None:
        self._sentences, self._articles = sentences, articles
        if S.EVENT_ID not in articles.columns or articles.empty:
            self._article_rows = [np.arange(len(articles))]
            self._sentence_rows = [np.arange(len(sentences))]
            return
        # As groupby would cut them: events by id, rows in table order; a sentence whose
        # article has no event (none do in a run's tables) is in no event.
        codes, events = pd.factorize(articles[S.EVENT_ID], sort=True)
        code_of = dict(zip(articles[S.ARTICLE_ID].tolist(), codes.tolist()))
        sentence_codes = np.fromiter(
            (code_of.get(a, -1) for a in sentences[S.ARTICLE_ID].tolist()), dtype=np.int64, count=len(sentences)
        )
        self._article_rows = _rows_by_code(codes, len(events))
        self._sentence_rows = _rows_by_code(sentence_codes, len(events))

    def __len__(self) -> int:
        return len(self._article_rows)

    def __getitem__(self, i: int) -> EventInput:  # type: ignore[override]
        rows = self._sentence_rows[i]
        sentences = self._sentences.iloc[rows] if len(rows) else self._sentences.iloc[0:0]
        return EventInput(sentences, self._articles.iloc[self._article_rows[i]])

    def n_sentences(self, i: int) -> int:
        return len(self._sentence_rows[i])

    def article_ids(self, i: int) -> list[str]:
        return self._articles[S.ARTICLE_ID].iloc[self._article_rows[i]].tolist()


def _rows_by_code(codes: np.ndarray, n: int) -> list[np.ndarray]:
    """The positions holding each code ``0 .. n-1``, ascending (a code below 0 is in none)."""
    order = np.argsort(codes, kind="stable")
    ordered = codes[order]
    starts = np.searchsorted(ordered, np.arange(n + 1))
    return [order[starts[k] : starts[k + 1]] for k in range(n)]


class LazySequence(Sequence[T]):
    """``n`` items, item ``k`` made by ``make(k)`` each time it is read."""

    def __init__(self, n: int, make: Callable[[int], T]) -> None:
        self._n, self._make = n, make

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, k: int) -> T:  # type: ignore[override]
        if not -self._n <= k < self._n:
            raise IndexError(k)
        return self._make(k % self._n)


def _event_key(article_ids: Sequence[str], article_keys: dict[str, str], vocabularies: Vocabularies) -> str:
    """An event's cache key: its articles' content keys, in order, and the codebook (topics are
    columns of its sentences)."""
    members = [article_keys.get(a, f"unkeyed:{a}") for a in article_ids]
    return content_key("event", code_fingerprint(), _codebook_key(vocabularies.codebook), members)


def _codebook_key(codebook: Codebook) -> str:
    return content_key(codebook.source, codebook.version, codebook.text)


def _article_key(raw: RawArticle, codebook: Codebook) -> str:
    """An article's cache key: the file's name, bytes and ``sources.csv`` row, and the codebook."""
    return content_key(
        "article",
        code_fingerprint(),
        _codebook_key(codebook),
        raw.article_id,
        raw.file,
        raw.sha256,
        raw.encoding,
        raw.source,
    )


def _event_batches(sizes: Sequence[int], n: int, *, most: int) -> list[list[int]]:
    """The indices of events of ``sizes`` sentences in batches of similar size: at least ``n``
    batches, and as many more as keep each near ``most`` sentences or under (an event larger than
    that is a batch of its own). The largest events first, each to the batch with the fewest
    sentences so far."""
    n = max(1, min(len(sizes), max(n, math.ceil(sum(sizes) / max(1, most)))))
    batches: list[list[int]] = [[] for _ in range(n)]
    loads = [(0, b) for b in range(n)]  # a heap of (sentences so far, batch)
    for i in sorted(range(len(sizes)), key=lambda i: (-sizes[i], i)):
        load, smallest = heapq.heappop(loads)
        batches[smallest].append(i)
        heapq.heappush(loads, (load + sizes[i] + 1, smallest))
    return [b for b in batches if b]


PERSON_MODEL_STAGE = "person model, within entities"
"""The clock's name for the trained model's share of the entities stage: a benchmark reports
the pipeline's speed with and without it."""

_F = TypeVar("_F", bound=Callable[..., Any])


def _timed(function: _F, clock: StageClock, name: str) -> _F:
    """``function``, its calls' seconds added to ``clock`` under ``name``."""

    def timed(*args: Any, **kwargs: Any) -> Any:
        with clock.stage(name):
            return function(*args, **kwargs)

    return timed  # type: ignore[return-value]


def _guarded(
    failed: list[dict[str, str]], clock: StageClock, name: str, make: Callable[[], Any], fallback: Callable[[], Any]
) -> Any:
    with clock.stage(name):
        try:
            return make()
        except Exception as exc:  # an analysis's failure is recorded, the run goes on
            failed.append({"analysis": name, "error": f"{type(exc).__name__}: {exc}"[:300]})
            return fallback()


def _empty_of(columns: list[str]) -> Callable[[], pd.DataFrame]:
    return lambda: pd.DataFrame(columns=columns)


def _english(sentences: pd.DataFrame, articles: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    # Framing terms and omissions compare wordings in English: an article in another language
    # would have every word "distinctive" and every fact "omitted".
    if S.LANGUAGE in articles.columns:
        articles = articles[articles[S.LANGUAGE].isin(SUPPORTED_LANGUAGES)]
        sentences = sentences[sentences[S.ARTICLE_ID].isin(set(articles[S.ARTICLE_ID]))]
    return sentences, articles


def _omissions(
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    alignment: Alignment,
    quotes: pd.DataFrame,
    entities: pd.DataFrame,
    vocabularies: Vocabularies,
    pause: Callable[[], None] = lambda: None,
) -> pd.DataFrame:
    sentences, articles = _english(sentences, articles)
    speech = vocabularies.speech
    return omissions(
        articles,
        sentences=sentences,
        alignment=alignment,
        stopwords=vocabularies.stopwords,
        quotes=quotes,
        entities=entities,
        speech_verbs=speech.speech_verbs | speech.bare_verbs,
        topic_labels={t.id: t.label for t in vocabularies.codebook.topics},
        pause=pause,
    )


def outlet_comparisons(
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    alignment: Alignment,
    quotes: pd.DataFrame,
    entities: pd.DataFrame,
    vocabularies: Vocabularies,
    *,
    only: Collection[str] = (S.FRAMING_FILE, S.OMISSIONS_FILE),
    pause: Callable[[], None] = lambda: None,
) -> dict[str, pd.DataFrame]:
    """Framing and omissions (those of ``only``): the tables that compare each outlet with the others.

    The app recomputes them, with the same arguments, when its filters change which outlets
    are "the others" (omissions event by event, as :func:`cross_outlet_tables` finds them),
    in a background thread that calls ``pause()`` between two steps (it may wait there).
    """
    tables = {}
    if S.FRAMING_FILE in only:
        english_sentences, english_articles = _english(sentences, articles)
        tables[S.FRAMING_FILE] = framing_terms(
            english_sentences, english_articles, stopwords=vocabularies.stopwords, pause=pause
        )
    if S.OMISSIONS_FILE in only:
        tables[S.OMISSIONS_FILE] = _omissions(sentences, articles, alignment, quotes, entities, vocabularies, pause)
    return tables


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


def build_report(
    corpus: Corpus, processed: list[ProcessedArticle], skipped: list[InputError], codebook: Codebook
) -> dict:
    """Counts, versions, and every skipped file with its reason, for ``report.json``."""
    return {
        "counts": {
            "files": len(corpus.articles) + len(corpus.skipped),
            "articles": len(processed),
            "skipped": len(corpus.skipped) + len(skipped),
            "sentences": sum(len(a.sentences) for a in processed),
            "removed_lines": sum(len(a.clean.removed) for a in processed),
            "articles_per_topic": {t: sum(t in a.topics for a in processed) for t in codebook.ids()},
        },
        "skipped": [{"file": s.file, "reason": s.reason} for s in corpus.skipped]
        + [{"file": e.file, "reason": e.reason} for e in skipped],
        "warnings": list(corpus.warnings),
        # The app tags and labels topics with the codebook the tables were built with.
        "codebook": {"source": codebook.source, "version": codebook.version, "text": codebook.text},
        "notes": [
            f"{a.raw.file}: an HTML page; its main text was extracted before cleaning"
            for a in processed
            if a.clean.was_html
        ]
        + [
            f"{a.raw.file}: language '{a.meta.language}', not English; kept with its text and metadata, "
            "but tone, topics, framing and omissions are not available for it (language)"
            for a in processed
            if a.meta.language not in SUPPORTED_LANGUAGES
        ],
        "versions": {
            "newslens": __version__,
            "python": platform.python_version(),
            "codebook": codebook.version,
            **{
                pkg: _version(pkg)
                for pkg in (
                    "textblob",
                    "vaderSentiment",
                    "sentencex",
                    "pandas",
                    "pyarrow",
                    "py3langid",
                    "trafilatura",
                    "charset-normalizer",
                )
            },
        },
    }


def _version(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:
        return None


# --- folders ---------------------------------------------------------------------------


Progress = Callable[[Iterator["ProcessedArticle | InputError"], int], Iterable["ProcessedArticle | InputError"]]


@dataclass(frozen=True)
class Build:
    """One run over a folder.

    Attributes:
        tables: The output tables keyed by file name; empty when no article was usable.
        report: What ``report.json`` holds: counts, skipped files with reasons, warnings, notes, versions.
    """

    tables: dict[str, pd.DataFrame]
    report: dict[str, Any]


def build_folder(
    input_dir: Path,
    vocabularies: Vocabularies,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    jobs: int = 1,
    progress: Progress | None = None,
    engine: Engine | None = None,
    cache: RunCache | None = None,
) -> Build:
    """Read, process and tabulate every article of ``input_dir``; nothing is written.

    Args:
        progress: Wraps the stream of per-article results (given it and their number),
            for a progress bar; ``None`` for none.

    Raises:
        InputError: ``input_dir`` is not a readable folder.
    """
    corpus = read_corpus(input_dir, max_bytes=max_bytes)
    return build_corpus(corpus, vocabularies, jobs=jobs, progress=progress, engine=engine, cache=cache)


def build_corpus(
    corpus: Corpus,
    vocabularies: Vocabularies,
    *,
    jobs: int = 1,
    progress: Progress | None = None,
    engine: Engine | None = None,
    cache: RunCache | None = None,
) -> Build:
    """Process and tabulate the articles of a corpus already read (a folder, uploads, fetched links).

    Args:
        jobs: Worker processes on this machine when no ``engine`` is given (1: all here).
        engine: Where the articles and the events are processed (:mod:`dashboard.engine`);
            the caller closes it. The tables are the same on every engine.
        cache: Results of earlier runs (:mod:`dashboard.io.cache`): an unchanged article is not
            processed again, an event of unchanged articles not analysed again; the tables are
            the same as a clean run's. ``report["cache"]`` counts what was reused.
    """
    clock = StageClock()
    own = engine is None
    run_on = make_engine("local", jobs=jobs) if engine is None else engine
    failures: list[dict[str, str]] = []
    try:
        with clock.stage("articles: cleaning, metadata, sentences, topics, tone"):
            keys = [_article_key(raw, vocabularies.codebook) for raw in corpus.articles] if cache is not None else []
            processed, skipped = _process_corpus(corpus, vocabularies.codebook, run_on, keys, cache, progress)
        report = build_report(corpus, processed, skipped, vocabularies.codebook)
        per_article = article_tables(processed, vocabularies, clock=clock) if processed else {}
        # Nothing past this point reads the processed articles (an object per sentence, tone and
        # term hit): freeing them took 0.5 GiB off the peak of a 10,000-article run.
        del processed, skipped
        by_id = {raw.article_id: key for raw, key in zip(corpus.articles, keys)} if cache is not None else None
        tables = (
            derived_tables(
                per_article, vocabularies, failures, clock=clock, engine=run_on, cache=cache, cache_keys=by_id
            )
            if per_article
            else {}
        )
    finally:
        if own:
            run_on.close()
    report["failed_analyses"] = failures
    # Wall seconds and peak memory per stage, for benchmarks; not part of what the tables say.
    report["stage_seconds"] = clock.seconds
    report["stage_peak_rss_mib"] = clock.peak_rss_mib
    if cache is not None:
        report["cache"] = cache.summary()
    return Build(tables=tables, report=report)


def _process_corpus(
    corpus: Corpus,
    codebook: Codebook,
    engine: Engine,
    keys: Sequence[str],
    cache: RunCache | None,
    progress: Progress | None,
) -> tuple[list[ProcessedArticle], list[InputError]]:
    """Every article of ``corpus`` processed (or served from ``cache`` by its key in ``keys``),
    in corpus order, split into those processed and those skipped."""
    outcome: dict[int, ProcessedArticle | InputError] = {}
    for i, key in enumerate(keys):
        hit = cache.get("articles", key) if cache is not None else None
        if isinstance(hit, (ProcessedArticle, InputError)):
            outcome[i] = hit
    todo = [i for i in range(len(corpus.articles)) if i not in outcome]
    results = process_articles([corpus.articles[i] for i in todo], codebook, engine=engine)
    for i, result in zip(todo, progress(results, len(todo)) if progress else results):
        outcome[i] = result
        if cache is not None:
            cache.put("articles", keys[i], result)
    processed: list[ProcessedArticle] = []
    skipped: list[InputError] = []
    for i in range(len(corpus.articles)):
        result = outcome.pop(i)
        if isinstance(result, InputError):
            skipped.append(result)
        else:
            processed.append(result)
    return processed, skipped


class StageClock:
    """Wall seconds spent in each named stage of one run (a stage entered twice adds up), and this
    process's peak resident memory when each stage ended (MiB; none where the platform has no
    ``resource`` module): the stage whose figure jumps is the one that set the peak."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.peak_rss_mib: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - started)
            peak = peak_rss_mib()
            if peak is not None:
                self.peak_rss_mib[name] = peak

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] = round(self.seconds.get(name, 0.0) + seconds, 3)


def peak_rss_mib() -> float | None:
    """This process's peak resident memory so far, in MiB; ``None`` where it cannot be read."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux counts kibibytes, macOS bytes.
    return round(peak / (2**20 if sys.platform == "darwin" else 2**10), 1)


def publish(build: Build, out_dir: Path) -> str:
    """Write a build's tables and report to ``out_dir`` atomically; returns the run id.

    Raises:
        ValueError: the build has no tables (no usable article): nothing is written.
    """
    if not build.tables:
        raise ValueError("no tables to publish: no usable article")
    return write_outputs(build.tables, build.report, out_dir)
