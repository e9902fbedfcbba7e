"""Omissions: for each outlet, what at least two other outlets report and it leaves out.

Kinds, each with its evidence (the sentence keys of the outlets that report it) and a strength:

- ``fact``: a fact group of the alignment (:mod:`dashboard.corpus.align`) with members from at
  least ``min_others`` other outlets and none from this one. Before it is claimed absent, the
  outlet's whole text is checked with a looser match: no sentence of it may come within
  :data:`LOOSE_SHARE` of the alignment threshold of any member, and the fact's core terms (held
  by two or more members) may not be mostly present in the outlet's text (:data:`MAX_COVERAGE`):
  an outlet that tells a fact in its own words, spread over two sentences, does not omit it;
- ``speaker``: someone quoted or paraphrased by other outlets and never by this one;
- ``entity``: a person, organisation or place other outlets name and this one never writes
  (checked on its whole text, any spelling of the name);
- ``topic``: a codebook topic the others' articles carry and this one's do not.

**Strength** (0-1) is the share of the other outlets that report the item, times how absent it
is: for a fact, one minus the share of its core terms found in the outlet's text. Rows are
sorted by outlet, then strength.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

import pandas as pd

from dashboard import schema as S
from dashboard.corpus.align import THRESHOLD, Alignment, fact_terms

TOPIC, SPEAKER, ENTITY, FACT = "topic", "speaker", "entity", "fact"
#: Entity types worth reporting as left out; numbers and titles are parts of facts.
ENTITY_TYPES = ("person", "organisation", "place")
LOOSE_SHARE = 1.0
"""An outlet's sentence within this share of the alignment threshold of a member states the fact."""
MAX_COVERAGE = 0.6
"""An outlet whose text holds more than this share of a fact's core terms states it in its own words."""

_DTYPES = {S.N_OUTLETS: "int64", S.STRENGTH: "float64"}
_WORD = re.compile(r"[^\W_]+")


def _key(article_id: str, sentence_id: int) -> str:
    return f"{article_id}:{int(sentence_id)}"


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=_DTYPES.get(c, "object")) for c in S.OMISSION_COLUMNS})


def _speaks(speaker: str, sentence_words: list[set[str]], speech_verbs: frozenset[str]) -> bool:
    """Whether a sentence names the speaker (its last word: a surname, or an institution's head) next to a verb of saying."""
    words = _WORD.findall(_fold(speaker))
    if not words or not speech_verbs:
        return False
    name = words[-1]
    return any(name in ws and not ws.isdisjoint(speech_verbs) for ws in sentence_words)


def _rows_for(
    item_kind: str,
    reports: dict[str, dict[str, list[str]]],
    outlets: list[str],
    needed: int,
    absent: Iterable[tuple[str, str]] | None = None,
) -> list[tuple]:
    """Rows for items (item -> outlet -> evidence keys) that ``needed`` others report and an outlet lacks."""
    skip = set(absent or ())
    rows = []
    for item, by_outlet in reports.items():
        for outlet in outlets:
            if outlet in by_outlet or (outlet, item) in skip:
                continue
            others = sorted(by_outlet)
            if len(others) < needed:
                continue
            evidence = sorted({k for o in others for k in by_outlet[o]})
            strength = round(len(others) / max(len(outlets) - 1, 1), 3)
            rows.append((outlet, item_kind, item, len(others), others, strength, evidence))
    return rows


def _fact_rows(
    alignment: Alignment,
    outlets: list[str],
    needed: int,
    stopwords: frozenset[str],
    outlet_units: dict[str, list[frozenset[str]]],
    outlet_text_terms: dict[str, set[str]],
) -> list[tuple]:
    rows = []
    members = alignment.members
    text_of = dict(zip(alignment.groups[S.FACT_ID].tolist(), alignment.groups[S.TEXT].tolist()))
    for _, group in members.groupby(S.FACT_ID, sort=True):
        fact_id = int(group[S.FACT_ID].iloc[0])
        keys = list(zip(group[S.ARTICLE_ID].tolist(), group[S.SENTENCE_ID].astype(int).tolist()))
        by_outlet: dict[str, list[str]] = defaultdict(list)
        for (article, sentence), outlet in zip(keys, group[S.OUTLET].tolist()):
            by_outlet[outlet].append(_key(article, sentence))
        reporters = sorted(by_outlet)
        if len(reporters) < needed:
            continue
        member_terms = [alignment.terms[k] for k in keys]
        counts: dict[str, int] = defaultdict(int)
        for terms in member_terms:
            for t in terms:
                counts[t] += 1
        core = {t for t, c in counts.items() if c >= 2} or set().union(*member_terms)
        for outlet in outlets:
            if outlet in by_outlet:
                continue
            loose = LOOSE_SHARE * THRESHOLD
            if any(alignment.similarity(u, m) >= loose for u in outlet_units.get(outlet, []) for m in member_terms):
                continue
            coverage = len(core & outlet_text_terms.get(outlet, set())) / len(core) if core else 0.0
            if coverage > MAX_COVERAGE:
                continue
            evidence = sorted(k for o in reporters for k in by_outlet[o])
            strength = round(len(reporters) / max(len(outlets) - 1, 1) * (1.0 - coverage), 3)
            rows.append((outlet, FACT, text_of[fact_id], len(reporters), reporters, strength, evidence))
    return rows


def omissions(
    articles: pd.DataFrame,
    *,
    sentences: pd.DataFrame,
    alignment: Alignment,
    stopwords: frozenset[str],
    quotes: pd.DataFrame | None = None,
    entities: pd.DataFrame | None = None,
    speech_verbs: frozenset[str] = frozenset(),
    min_others: int = 2,
    topic_labels: dict[str, str] | None = None,
) -> pd.DataFrame:
    """What each outlet leaves out that at least ``min_others`` other outlets report.

    Args:
        articles: Columns ``article_id, outlet, topics`` (``title`` and ``text`` are read when present:
            the looser checks look at an outlet's whole text).
        sentences: Columns ``article_id, sentence_id, text, topics``.
        alignment: :func:`dashboard.corpus.align.align_facts` on the same sentences.
        stopwords: Function words (``data/stopwords.txt``), as given to the alignment.
        quotes, entities: The quote and entity tables (optional).
        speech_verbs: Verbs of saying (``data/speech.toml``): an outlet with a sentence that names a
            speaker next to one of them gives that speaker a voice, whatever the quote table found.
        min_others: How many other outlets must report an item; lowered to 1 with two outlets.
        topic_labels: Topic id -> label, for the ``topic`` rows' items.

    Returns:
        Columns ``S.OMISSION_COLUMNS``: ``outlet, kind, item, n_outlets`` (the other outlets that
        report it), ``outlets`` (their names, sorted), ``strength`` (0-1, see the module doc) and
        ``evidence`` (``article_id:sentence_id`` keys of the reporting sentences). Sorted by
        outlet, strength (descending), kind, item.
    """
    outlets = sorted({o for o in articles[S.OUTLET].tolist() if isinstance(o, str) and o})
    if len(outlets) < 2:
        return _empty()
    needed = max(1, min(min_others, len(outlets) - 1))
    outlet_of = dict(zip(articles[S.ARTICLE_ID].tolist(), articles[S.OUTLET].tolist()))

    # The outlet's whole text (title and every sentence, short ones too), for the looser checks.
    whole: dict[str, list[str]] = defaultdict(list)
    for column in (S.TITLE, S.TEXT):
        if column in articles.columns:
            for article, value in zip(articles[S.ARTICLE_ID].tolist(), articles[column].tolist()):
                if isinstance(value, str) and outlet_of.get(article):
                    whole[outlet_of[article]].append(value)
    outlet_units: dict[str, list[frozenset[str]]] = defaultdict(list)
    outlet_text_terms: dict[str, set[str]] = defaultdict(set)
    for article, text in zip(sentences[S.ARTICLE_ID].tolist(), sentences[S.TEXT].tolist()):
        outlet = outlet_of.get(article)
        if isinstance(outlet, str) and isinstance(text, str):
            terms = frozenset(fact_terms(text, stopwords))
            outlet_units[outlet].append(terms)
            outlet_text_terms[outlet] |= terms
    for outlet, texts in whole.items():
        for text in texts:
            outlet_text_terms[outlet] |= set(fact_terms(text, stopwords))
    outlet_words = {o: set(_WORD.findall(_fold(" ".join(t)))) for o, t in whole.items()}
    outlet_sentence_words: dict[str, list[set[str]]] = defaultdict(list)
    for article, text in zip(sentences[S.ARTICLE_ID].tolist(), sentences[S.TEXT].tolist()):
        if isinstance(outlet_of.get(article), str) and isinstance(text, str):
            outlet_sentence_words[outlet_of[article]].append(set(_WORD.findall(_fold(text))))

    rows = _fact_rows(alignment, outlets, needed, stopwords, outlet_units, outlet_text_terms)

    if quotes is not None and not quotes.empty:
        said: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for outlet, speaker, article, sentence in zip(
            quotes[S.OUTLET].tolist(),
            quotes[S.SPEAKER].tolist(),
            quotes[S.ARTICLE_ID].tolist(),
            quotes[S.SENTENCE_ID].tolist(),
        ):
            if isinstance(speaker, str) and speaker:
                said[speaker][outlet].append(_key(article, sentence))
        voiced = [
            (outlet, speaker)
            for speaker in said
            for outlet in outlets
            if _speaks(speaker, outlet_sentence_words.get(outlet, []), speech_verbs)
        ]
        rows += _rows_for(SPEAKER, said, outlets, needed, absent=voiced)

    if entities is not None and not entities.empty:
        kept = entities[entities[S.ENTITY_TYPE].isin(ENTITY_TYPES)]
        named: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        spellings: dict[str, set[str]] = defaultdict(set)
        for outlet, entity, text, article, sentence in zip(
            kept[S.OUTLET].tolist(),
            kept[S.ENTITY].tolist(),
            kept[S.TEXT].tolist(),
            kept[S.ARTICLE_ID].tolist(),
            kept[S.SENTENCE_ID].tolist(),
        ):
            named[entity][outlet].append(_key(article, sentence))
            spellings[entity].update({entity, text})
        # Written means every word of one spelling appears in the outlet's text: a word-set check,
        # linear in the text, and kinder to the outlet than the entity table (which can miss a mention).
        written = [
            (outlet, entity)
            for entity, forms in spellings.items()
            for outlet in outlets
            if any(set(_WORD.findall(_fold(f))) <= outlet_words.get(outlet, set()) for f in forms)
        ]
        rows += _rows_for(ENTITY, named, outlets, needed, absent=written)

    labels = topic_labels or {}
    covered: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    if S.TOPICS in sentences.columns:
        for article, sentence, topics in zip(
            sentences[S.ARTICLE_ID].tolist(), sentences[S.SENTENCE_ID].tolist(), sentences[S.TOPICS].tolist()
        ):
            outlet = outlet_of.get(article)
            for topic in topics if topics is not None else ():
                if isinstance(outlet, str):
                    covered[labels.get(topic, topic)][outlet].append(_key(article, sentence))
    carried = {
        (o, labels.get(t, t)) for o, ts in zip(articles[S.OUTLET].tolist(), articles[S.TOPICS].tolist()) for t in ts
    }
    topic_reports = {item: {o: keys for o, keys in by.items() if (o, item) in carried} for item, by in covered.items()}
    rows += _rows_for(TOPIC, topic_reports, outlets, needed)

    if not rows:
        return _empty()
    frame = pd.DataFrame(rows, columns=S.OMISSION_COLUMNS).astype(_DTYPES)
    return frame.sort_values(
        [S.OUTLET, S.STRENGTH, S.KIND, S.ITEM], ascending=[True, False, True, True], kind="stable"
    ).reset_index(drop=True)
