"""The app's data: processed tables, built from the seeds when missing or stale, and filters.

Loading is the one expensive step and the app caches it (keyed by
:func:`data_signature`); filtering here is plain pandas, cheap enough to run on every
rerun. No Streamlit import.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from dashboard import __version__
from dashboard import schema as S
from dashboard.errors import OutputError
from dashboard.io import SOURCES_FILE, iter_txt_files, load_outputs
from dashboard.framing import framing_terms
from dashboard.omissions import omissions
from dashboard.passages import reuse_matrix
from dashboard.preprocess import DEFAULT_INPUT, DEFAULT_OUTPUT, run
from dashboard.topics import DEFAULT_CODEBOOK, Codebook, load_codebook

TABLE_FILES = (
    S.ARTICLES_FILE, S.SENTENCES_FILE, S.EVIDENCE_FILE, S.REMOVED_FILE, S.TONE_BY_TOPIC_FILE,
    S.PASSAGE_GROUPS_FILE, S.PASSAGE_MEMBERS_FILE, S.REUSE_FILE, S.QUOTES_FILE, S.ENTITIES_FILE,
    S.DISCREPANCIES_FILE, S.FRAMING_FILE, S.OMISSIONS_FILE,
)


@dataclass(frozen=True)
class Dataset:
    """Every processed table, the run report and the codebook behind the topics."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    evidence: pd.DataFrame
    removed: pd.DataFrame
    tone_by_topic: pd.DataFrame
    report: dict
    codebook: Codebook
    passage_groups: pd.DataFrame
    passage_members: pd.DataFrame
    reuse: pd.DataFrame
    quotes: pd.DataFrame
    entities: pd.DataFrame
    discrepancies: pd.DataFrame
    framing: pd.DataFrame
    omissions: pd.DataFrame

    @property
    def outlets(self) -> list[str]:
        return sorted(self.articles[S.OUTLET].unique())

    @property
    def topic_ids(self) -> list[str]:
        return self.codebook.ids()

    @property
    def topic_labels(self) -> dict[str, str]:
        return {t.id: t.label for t in self.codebook.topics}

    def sentence_counts(self) -> dict[str, int]:
        return dict(zip(self.articles[S.ARTICLE_ID], self.articles[S.N_SENTENCES].astype(int)))


def _inputs(input_dir: Path, codebook_path: Path) -> list[Path]:
    files = list(iter_txt_files(input_dir)) if input_dir.is_dir() else []
    return [*files, input_dir / SOURCES_FILE, codebook_path]


def data_signature(input_dir: Path = DEFAULT_INPUT, out_dir: Path = DEFAULT_OUTPUT,
                   codebook_path: Path = DEFAULT_CODEBOOK) -> tuple:
    """Names and modification times of every input and output: the app's cache key."""
    paths = [*_inputs(input_dir, codebook_path), *(out_dir / name for name in (*TABLE_FILES, S.REPORT_FILE))]
    return tuple((str(p), p.stat().st_mtime_ns) for p in paths if p.exists())


def outputs_are_stale(input_dir: Path, out_dir: Path, codebook_path: Path) -> bool:
    """True when the tables are missing, from another newslens version, or older than an input."""
    report = out_dir / S.REPORT_FILE
    if not report.is_file() or not all((out_dir / name).is_file() for name in TABLE_FILES):
        return True
    try:
        if json.loads(report.read_text(encoding="utf-8"))["versions"]["newslens"] != __version__:
            return True
    except (OSError, ValueError, KeyError, TypeError):
        return True
    built = report.stat().st_mtime_ns
    return any(p.exists() and p.stat().st_mtime_ns > built for p in _inputs(input_dir, codebook_path))


def load_dataset(input_dir: Path = DEFAULT_INPUT, out_dir: Path = DEFAULT_OUTPUT,
                 codebook_path: Path = DEFAULT_CODEBOOK) -> Dataset:
    """Load the processed tables, running the pipeline first when they are missing or stale.

    Where ``out_dir`` cannot be written (a read-only deployment), the tables are built
    in a temporary folder instead.

    Raises:
        OutputError: the pipeline found no usable article in ``input_dir``.
    """
    if outputs_are_stale(input_dir, out_dir, codebook_path):
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            probe = tempfile.NamedTemporaryFile(dir=out_dir)
            probe.close()
        except OSError:
            out_dir = Path(tempfile.mkdtemp(prefix="newslens-"))
        run(input_dir, out_dir, codebook_path=codebook_path, log=lambda _: None)
    tables, report = load_outputs(out_dir, TABLE_FILES)
    if tables[S.ARTICLES_FILE].empty:
        raise OutputError(f"{out_dir}: no articles; check {input_dir}")
    return Dataset(
        articles=tables[S.ARTICLES_FILE],
        sentences=tables[S.SENTENCES_FILE],
        evidence=tables[S.EVIDENCE_FILE],
        removed=tables[S.REMOVED_FILE],
        tone_by_topic=tables[S.TONE_BY_TOPIC_FILE],
        report=report,
        codebook=load_codebook(codebook_path),
        passage_groups=tables[S.PASSAGE_GROUPS_FILE],
        passage_members=tables[S.PASSAGE_MEMBERS_FILE],
        reuse=tables[S.REUSE_FILE],
        quotes=tables[S.QUOTES_FILE],
        entities=tables[S.ENTITIES_FILE],
        discrepancies=tables[S.DISCREPANCIES_FILE],
        framing=tables[S.FRAMING_FILE],
        omissions=tables[S.OMISSIONS_FILE],
    )


def filter_dataset(data: Dataset, *, outlets: Sequence[str] = (), topics: Sequence[str] = ()) -> Dataset:
    """The dataset seen through the sidebar filters.

    Args:
        outlets: Keep only these outlets' rows in every table; a shared passage keeps
            the members of these outlets and stays only while it still spans two outlets;
            reuse keeps pairs of two kept outlets; empty keeps all.
        topics: Keep only these topics in every topic column, evidence row and
            tone-by-topic row, and only the passages, quotes, entity mentions and
            discrepancy claims whose sentences carry one of them (sentences stay: an
            article's text is whole); empty keeps all.

    Framing and omissions are recomputed for the outlets kept: both are comparisons
    with "the other outlets", which the filter changes.
    """
    articles, sentences, evidence, removed, tone = (
        data.articles, data.sentences, data.evidence, data.removed, data.tone_by_topic
    )
    members, reuse, quotes, entities, claims = (
        data.passage_members, data.reuse, data.quotes, data.entities, data.discrepancies
    )
    if outlets:
        articles = articles[articles[S.OUTLET].isin(outlets)]
        ids = set(articles[S.ARTICLE_ID])
        sentences = sentences[sentences[S.ARTICLE_ID].isin(ids)]
        evidence = evidence[evidence[S.ARTICLE_ID].isin(ids)]
        removed = removed[removed[S.ARTICLE_ID].isin(ids)]
        tone = tone[tone[S.OUTLET].isin(outlets)]
        members = members[members[S.OUTLET].isin(outlets)]
        reuse = reuse[reuse[S.OUTLET].isin(outlets) & reuse[S.OTHER_OUTLET].isin(outlets)]
        quotes = quotes[quotes[S.OUTLET].isin(outlets)]
        entities = entities[entities[S.OUTLET].isin(outlets)]
        claims = claims[claims[S.OUTLET].isin(outlets)]
    if topics:
        keep = set(topics)

        def only(values) -> list[str]:
            return [v for v in values if v in keep]

        articles = articles.assign(**{S.TOPICS: articles[S.TOPICS].map(only)})
        sentences = sentences.assign(**{S.TOPICS: sentences[S.TOPICS].map(only)})
        evidence = evidence[evidence[S.TOPIC].isin(keep)]
        sentences = sentences.assign(**{S.TERMS: _terms_for(sentences, evidence)})
        tone = tone[tone[S.TOPIC].isin(keep)]
        on_topic = set(zip(evidence[S.ARTICLE_ID], evidence[S.SENTENCE_ID]))
        kept_groups = {g for g, a, s in zip(members[S.GROUP_ID], members[S.ARTICLE_ID], members[S.SENTENCE_ID])
                       if (a, s) in on_topic}
        members = members[members[S.GROUP_ID].isin(kept_groups)]
        quotes = quotes[_on(quotes, on_topic)]
        entities = entities[_on(entities, on_topic)]
        claims = claims[_on(claims, on_topic)]
    members = members[members.groupby(S.GROUP_ID)[S.OUTLET].transform("nunique") >= 2]
    groups = data.passage_groups[data.passage_groups[S.GROUP_ID].isin(set(members[S.GROUP_ID]))]
    if outlets or topics:
        groups = _regroup(groups, members)
        reuse = reuse_matrix(sentences, articles, members)
    claims = claims[claims.groupby(S.DISCREPANCY_ID)[S.VALUE].transform("nunique") >= 2]
    if outlets or topics:
        framing = framing_terms(sentences, articles)
        left_out = omissions(articles, quotes=quotes, entities=entities, passage_groups=groups,
                             topic_labels=data.topic_labels)
    else:
        framing, left_out = data.framing, data.omissions
    return replace(data, articles=articles, sentences=sentences, evidence=evidence, removed=removed,
                   tone_by_topic=tone, passage_groups=groups, passage_members=members, reuse=reuse,
                   quotes=quotes, entities=entities, discrepancies=claims, framing=framing, omissions=left_out)


def _on(frame: pd.DataFrame, keys: set[tuple[str, int]]) -> pd.Series:
    """Rows of ``frame`` whose (article_id, sentence_id) is in ``keys``."""
    return pd.Series([(a, s) in keys for a, s in zip(frame[S.ARTICLE_ID], frame[S.SENTENCE_ID])],
                     index=frame.index, dtype=bool)


def _regroup(groups: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Passage groups described by the members kept: outlets, their number, first outlet."""
    outlets = members.groupby(S.GROUP_ID)[S.OUTLET].agg(lambda o: sorted(set(o)))
    kept = groups.assign(**{S.OUTLETS: groups[S.GROUP_ID].map(outlets)})
    kept = kept.assign(**{S.N_OUTLETS: kept[S.OUTLETS].map(len)})
    still_there = [f in o for f, o in zip(kept[S.FIRST_OUTLET], kept[S.OUTLETS])]
    return kept.assign(**{
        S.FIRST_OUTLET: kept[S.FIRST_OUTLET].where(still_there, None),
        S.FIRST_PUBLISHED: kept[S.FIRST_PUBLISHED].where(still_there, None),
    })


def _terms_for(sentences: pd.DataFrame, evidence: pd.DataFrame) -> list[list[str]]:
    grouped = evidence.groupby([S.ARTICLE_ID, S.SENTENCE_ID])[S.TERM].agg(lambda t: list(dict.fromkeys(t)))
    lookup = grouped.to_dict()
    return [lookup.get((a, s), []) for a, s in zip(sentences[S.ARTICLE_ID], sentences[S.SENTENCE_ID])]


def evidence_sentences(data: Dataset, *, outlet: str | None = None, topic: str | None = None) -> pd.DataFrame:
    """Sentences that are evidence for ``topic`` (any topic when None), of ``outlet`` (any when None).

    Returns:
        Sentence rows with the article's outlet and title added, in outlet, article, sentence order.
    """
    rows = data.sentences.merge(data.articles[[S.ARTICLE_ID, S.OUTLET, S.TITLE]], on=S.ARTICLE_ID)
    has = rows[S.TOPICS].map(lambda ts: (topic in ts) if topic else len(ts) > 0)
    rows = rows[has]
    if outlet is not None:
        rows = rows[rows[S.OUTLET] == outlet]
    return rows.sort_values([S.OUTLET, S.ARTICLE_ID, S.SENTENCE_ID]).reset_index(drop=True)


def sentences_by_keys(data: Dataset, keys: Sequence[tuple[str, int]]) -> pd.DataFrame:
    """The sentence rows for (article_id, sentence_id) pairs, with outlet and title, in the given order."""
    if not keys:
        return data.sentences.iloc[0:0].assign(**{S.OUTLET: [], S.TITLE: []})
    wanted = pd.DataFrame(list(keys), columns=[S.ARTICLE_ID, S.SENTENCE_ID]).drop_duplicates()
    rows = wanted.merge(data.sentences, on=[S.ARTICLE_ID, S.SENTENCE_ID])
    return rows.merge(data.articles[[S.ARTICLE_ID, S.OUTLET, S.TITLE]], on=S.ARTICLE_ID)
