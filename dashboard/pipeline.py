"""The library entry: a folder (or raw articles) in, tables out.

The command line (:mod:`dashboard.cli`) and the app's loader (:mod:`dashboard.ui.dataset`)
both call :func:`build_folder` / :func:`publish_folder`; everything below them is pure:
:func:`process_article` takes one decoded article and the codebook, :func:`build_tables`
turns processed articles into the tables of :mod:`dashboard.schema`. The vocabularies
arrive parsed (:class:`~dashboard.vocabularies.Vocabularies`), loaded once by the caller.
"""

from __future__ import annotations

import ctypes
import math
import os
import platform
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard import __version__
from dashboard import schema as S
from dashboard.article.clean import CleanArticle, clean_text
from dashboard.article.markup import extract_page, looks_like_html
from dashboard.article.meta import ArticleMeta, extract_metadata
from dashboard.article.sentences import Sentence, split_sentences
from dashboard.article.tone import Tone, aggregate_tone, score_tone
from dashboard.article.topics import Codebook, TermHit, article_topics, tag_sentence
from dashboard.corpus.align import Alignment, align_facts, empty_alignment
from dashboard.corpus.coverage import tone_by_outlet_topic
from dashboard.corpus.discrepancies import find_discrepancies
from dashboard.corpus.entities import extract_entities
from dashboard.corpus.events import group_events
from dashboard.corpus.framing import framing_terms
from dashboard.corpus.omissions import omissions
from dashboard.corpus.passages import reuse_matrix, shared_passages
from dashboard.corpus.provenance import provenance
from dashboard.corpus.quotes import extract_quotes
from dashboard.errors import InputError
from dashboard.io.read import DEFAULT_MAX_BYTES, HTML_SUFFIXES, Corpus, RawArticle, read_corpus
from dashboard.io.tables import write_outputs
from dashboard.text.words import count_words
from dashboard.vocabularies import Vocabularies

NO_TONE = Tone(math.nan, math.nan, math.nan)
#: Languages the tone lexicon and the codebook are written for.
SUPPORTED_LANGUAGES = ("en",)
#: Below this many files, starting worker processes costs more than it saves.
_PARALLEL_MIN_FILES = 200


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
    )


def _die_with_parent() -> None:
    """In a worker: ask Linux to end this process when its parent dies (a killed CLI must not leave
    workers of a few hundred MB each behind). Elsewhere the pool's own shutdown is all there is."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            pass
        if os.getppid() == 1:  # the parent died before the request took effect
            os._exit(1)


_PR_SET_PDEATHSIG = 1


def _process_or_skip(raw: RawArticle, codebook: Codebook) -> ProcessedArticle | InputError:
    try:
        return process_article(raw, codebook)
    except InputError as exc:
        return exc


def process_articles(
    articles: Iterable[RawArticle], codebook: Codebook, *, jobs: int = 1
) -> Iterator[ProcessedArticle | InputError]:
    """Process articles in order, yielding each result or the reason it was skipped.

    Args:
        jobs: Worker processes; 1 runs in this process. Results keep input order.
    """
    articles = list(articles)
    if jobs <= 1 or len(articles) < _PARALLEL_MIN_FILES:
        for raw in articles:
            yield _process_or_skip(raw, codebook)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_die_with_parent) as pool:
        chunk = max(1, len(articles) // (jobs * 8))
        yield from pool.map(_process_or_skip, articles, [codebook] * len(articles), chunksize=chunk)


def default_jobs() -> int:
    """Worker processes to use: one per core."""
    return max(1, os.cpu_count() or 1)


# --- tables ----------------------------------------------------------------------------


def build_tables(
    processed: list[ProcessedArticle],
    vocabularies: Vocabularies,
    failures: list[dict[str, str]] | None = None,
    *,
    clock: StageClock | None = None,
) -> dict[str, pd.DataFrame]:
    """The output tables, keyed by file name (see :mod:`dashboard.schema`).

    The per-article tables come first; the cross-outlet tables (shared passages,
    reuse, quotes, entities, discrepancies, framing, omissions) are derived from them.
    """
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
        for sent, tone, hits in zip(art.sentences, art.tones, art.hits):
            sentence_rows.append(
                {
                    S.ARTICLE_ID: m.article_id,
                    S.SENTENCE_ID: sent.idx,
                    S.START: sent.start,
                    S.END: sent.end,
                    S.TEXT: sent.text,
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
        per_article = {
            S.ARTICLES_FILE: articles,
            S.SENTENCES_FILE: sentences,
            S.EVIDENCE_FILE: _frame(evidence_rows, S.EVIDENCE_COLUMNS),
            S.REMOVED_FILE: _frame(removed_rows, S.REMOVED_COLUMNS),
            S.TONE_BY_TOPIC_FILE: tone_by_outlet_topic(sentences, articles),
        }
    return {**per_article, **cross_outlet_tables(sentences, articles, vocabularies, failures, clock=clock)}


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
) -> dict[str, pd.DataFrame]:
    """The alignment of facts and everything derived from it, plus quotes, entities and framing.

    One alignment (:func:`~dashboard.corpus.align.align_facts`) feeds the shared passages (and
    the reuse matrix), the discrepancies and the fact omissions; none of them re-derives it.

    An analysis that fails (a bug meeting an input) never takes the others with it: its tables
    are written empty, what depends on it runs on nothing, and ``failures`` gets one entry
    (``analysis``, ``error``) that ``report.json`` and the app show.
    """
    failed = [] if failures is None else failures
    clock = clock or StageClock()

    def guarded(name: str, make: Callable[[], Any], fallback: Callable[[], Any]) -> Any:
        with clock.stage(name):
            try:
                return make()
            except Exception as exc:  # an analysis's failure is recorded, the run goes on
                failed.append({"analysis": name, "error": f"{type(exc).__name__}: {exc}"[:300]})
                return fallback()

    def empty(columns: list[str]) -> Callable[[], pd.DataFrame]:
        return lambda: pd.DataFrame(columns=columns)

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
        "quotes", lambda: extract_quotes(sentences, articles, vocabulary=vocabularies.speech), empty(S.QUOTE_COLUMNS)
    )
    entities = guarded(
        "entities",
        lambda: extract_entities(sentences, articles, vocabulary=vocabularies.entities, people=vocabularies.people),
        empty(S.ENTITY_COLUMNS),
    )
    discrepancies = guarded(
        "discrepancies",
        lambda: find_discrepancies(
            sentences, articles, entities, alignment, vocabulary=vocabularies.entities, stopwords=vocabularies.stopwords
        ),
        empty(S.DISCREPANCY_COLUMNS),
    )
    sources = guarded(
        "provenance",
        lambda: provenance(
            sentences, articles, entities, vocabulary=vocabularies.provenance, speech=vocabularies.speech
        ),
        empty(S.PROVENANCE_COLUMNS),
    )
    compared = guarded(
        "framing and omissions",
        lambda: outlet_comparisons(sentences, articles, alignment, quotes, entities, vocabularies),
        lambda: {
            S.FRAMING_FILE: pd.DataFrame(columns=S.FRAMING_COLUMNS),
            S.OMISSIONS_FILE: pd.DataFrame(columns=S.OMISSION_COLUMNS),
        },
    )
    return {
        S.FACTS_FILE: alignment.groups,
        S.FACT_MEMBERS_FILE: alignment.members,
        S.PASSAGE_GROUPS_FILE: groups,
        S.PASSAGE_MEMBERS_FILE: members,
        S.REUSE_FILE: guarded(
            "reuse matrix", lambda: reuse_matrix(sentences, articles, members), empty(S.REUSE_COLUMNS)
        ),
        S.QUOTES_FILE: quotes,
        S.ENTITIES_FILE: entities,
        S.DISCREPANCIES_FILE: discrepancies,
        S.PROVENANCE_FILE: sources,
        **compared,
    }


def outlet_comparisons(
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    alignment: Alignment,
    quotes: pd.DataFrame,
    entities: pd.DataFrame,
    vocabularies: Vocabularies,
) -> dict[str, pd.DataFrame]:
    """Framing and omissions: the tables that compare each outlet with the others.

    The app recomputes them, with the same arguments, when its filters change which outlets
    are "the others".
    """
    speech = vocabularies.speech
    # Framing terms and omissions compare wordings in English: an article in another language
    # would have every word "distinctive" and every fact "omitted".
    if S.LANGUAGE in articles.columns:
        articles = articles[articles[S.LANGUAGE].isin(SUPPORTED_LANGUAGES)]
        sentences = sentences[sentences[S.ARTICLE_ID].isin(set(articles[S.ARTICLE_ID]))]
    return {
        S.FRAMING_FILE: framing_terms(sentences, articles, stopwords=vocabularies.stopwords),
        S.OMISSIONS_FILE: omissions(
            articles,
            sentences=sentences,
            alignment=alignment,
            stopwords=vocabularies.stopwords,
            quotes=quotes,
            entities=entities,
            speech_verbs=speech.speech_verbs | speech.bare_verbs,
            topic_labels={t.id: t.label for t in vocabularies.codebook.topics},
        ),
    }


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
) -> Build:
    """Read, process and tabulate every article of ``input_dir``; nothing is written.

    Args:
        progress: Wraps the stream of per-article results (given it and their number),
            for a progress bar; ``None`` for none.

    Raises:
        InputError: ``input_dir`` is not a readable folder.
    """
    return build_corpus(read_corpus(input_dir, max_bytes=max_bytes), vocabularies, jobs=jobs, progress=progress)


def build_corpus(
    corpus: Corpus, vocabularies: Vocabularies, *, jobs: int = 1, progress: Progress | None = None
) -> Build:
    """Process and tabulate the articles of a corpus already read (a folder, uploads, fetched links)."""
    processed: list[ProcessedArticle] = []
    skipped: list[InputError] = []
    clock = StageClock()
    with clock.stage("articles: cleaning, metadata, sentences, topics, tone"):
        results = process_articles(corpus.articles, vocabularies.codebook, jobs=jobs)
        for result in progress(results, len(corpus.articles)) if progress else results:
            if isinstance(result, InputError):
                skipped.append(result)
            else:
                processed.append(result)
    failures: list[dict[str, str]] = []
    tables = build_tables(processed, vocabularies, failures, clock=clock) if processed else {}
    report = build_report(corpus, processed, skipped, vocabularies.codebook)
    report["failed_analyses"] = failures
    # Wall seconds per stage, for benchmarks; not part of what the tables say.
    report["stage_seconds"] = clock.seconds
    return Build(tables=tables, report=report)


class StageClock:
    """Wall seconds spent in each named stage of one run (a stage entered twice adds up)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = round(self.seconds.get(name, 0.0) + time.perf_counter() - started, 3)


def publish(build: Build, out_dir: Path) -> str:
    """Write a build's tables and report to ``out_dir`` atomically; returns the run id.

    Raises:
        ValueError: the build has no tables (no usable article): nothing is written.
    """
    if not build.tables:
        raise ValueError("no tables to publish: no usable article")
    return write_outputs(build.tables, build.report, out_dir)
