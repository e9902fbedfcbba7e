"""One alignment of facts across outlets: sentences of different outlets that state the same thing.

Every cross-outlet finding is derived from this one structure: shared passages are the fact
groups' verbatim and near-verbatim members (:mod:`dashboard.corpus.passages`), omissions are fact
groups an outlet has no member in and whose content its text does not carry either
(:mod:`dashboard.corpus.omissions`), discrepancies are members of one fact group that disagree
in one slot (:mod:`dashboard.corpus.discrepancies`).

**Units** are the sentences with at least :data:`MIN_WORDS` words and :data:`MIN_TERMS` content
terms. A unit's **terms** are its content words folded to a key: lower case, possessives and
dots dropped ("U.S." → "us"), a light suffix strip ("talks" → "talk", "stabilized" and
"stabilize" → "stabiliz"), transliteration folded as for names ("Darchiyev" → "Darchiev"); function words
(``data/stopwords.txt``) and numbers are left out, so "$3.5 billion" and "$3.6 billion" still
align and the conflict can be seen. Each term weighs its inverse document frequency over the
units, ``1 + ln(N / df)``: names and rare words decide, common words barely count.

**Similarity** of two units is the weighted Dice coefficient of their terms, in [0, 1]:
``2 · w(shared) / (w(a) + w(b))``; and, for a short statement quoted inside a long sentence, the
weighted overlap of the shorter (``w(shared) / w(shorter)``) scaled by :data:`CONTAINMENT_WEIGHT`
when the shorter unit has at least :data:`MIN_CONTAINED_TERMS` terms; the larger of the two.

**Candidates** come from an inverted index over the terms: each unit looks up the units that
share one of its :data:`PROBE_TERMS` rarest terms (skipping terms held by more than
:data:`MAX_POSTING` units: too common to tell facts apart) and scores the :data:`MAX_CANDIDATES`
units of other articles that share most of them. The work per unit is bounded by those
constants, so alignment is linear in the corpus: no all-pairs scoring.

**Events.** When ``articles`` has an ``event_id`` (:mod:`dashboard.corpus.events`), only sentences
of one event are candidates: two events of one folder never share a fact, so nothing derived
from the fact groups (passages, omissions, discrepancies) pools two events.

**Groups** join *mutual best matches*: two sentences of different articles are linked when their
similarity reaches :data:`THRESHOLD` and each is the other's most similar sentence in the other's
article (the way sentences of two translations are aligned). Links are taken from the most
similar down, ties by position, so the output is the same on every run, and a link that would
put two sentences of one article in a group is refused, so no hub sentence chains different
facts together. A sentence left alone then joins the group of its best match when that reaches
the threshold: an outlet that split one statement into two sentences has both in the group.
A group spans at least two outlets.

The thresholds were chosen on the labelled development events (``../shared/dev``), by the
omission and discrepancy figures they give, never on the seeds; ``benchmarks/eval_alignment.py``
prints the pair precision and recall of the alignment against the labelled facts.
"""

from __future__ import annotations

import gc
import math
import re
import threading
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from math import fsum

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard import schema as S
from dashboard.corpus.entities import normalise_name
from dashboard.text.words import sentence_words

__all__ = [
    "MIN_WORDS",
    "THRESHOLD",
    "Alignment",
    "align_facts",
    "empty_alignment",
    "alignment_from_tables",
    "event_weights",
    "term_index_tables",
    "fact_terms",
    "related_articles",
]

MIN_WORDS = 6
"""Sentences with fewer words are not units: stock phrases ("Read more.") coincide by chance."""
MIN_TERMS = 3
"""Units need this many content terms; fewer cannot tell one fact from another."""
THRESHOLD = 0.3
"""Minimum similarity (0-1) for two sentences of different articles to state one fact."""
CONTAINMENT_WEIGHT = 0.85
"""How much a short unit wholly inside a longer one counts, against the Dice coefficient."""
MIN_CONTAINED_TERMS = 6
"""A unit needs this many terms before containment in a longer unit may align it."""
PROBE_TERMS = 8
"""Each unit looks up candidates through this many of its rarest terms."""
MAX_POSTING = 100
"""Terms held by more units than this are not looked up (they still count in the similarity)."""
LINK_FLOOR = 0.15
"""Every pair of a group's members from different articles is at least this similar (checked on
every pair when groups join: a group holds at most a few sentences per outlet of one story), so best
matches never chain facts."""
MAX_CANDIDATES = 30
"""Each unit scores at most this many candidates: those sharing most of its rarest terms."""

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_QUOTE_CHARS = tuple(chr(c) for c in _QUOTES)
_WORDS = re.compile(r"[^\W_]+(?:[.'][^\W_]+)*")
_POSSESSIVE = re.compile(r"'s?$")
_SUFFIXES = (("ies", "y"), ("sses", "ss"), ("ings", ""), ("ing", ""), ("ed", ""), ("s", ""))
_ES_AFTER = ("ches", "shes", "xes", "zes", "sses")


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """A light suffix strip: enough to match "talks"/"talk", "stabilized"/"stabilizing"."""
    if word.endswith(("ss", "us", "is")):  # "press", "status", "analysis": no plural to strip
        return word
    if word.endswith(_ES_AFTER) and len(word) > 5:  # "watches", "boxes": the plural adds -es
        return word[:-2]
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + replacement
            break
    # A silent final "e" goes, as "-ed" and "-ing" take it: "apologize", "apologizes" / "apologized".
    if word.endswith("e") and not word.endswith("ee") and len(word) > 4:
        return word[:-1]
    return word


@lru_cache(maxsize=1 << 16)
def _term(word: str) -> str:
    return normalise_name(_stem(word))


def _word_term(word: str, stopwords: frozenset[str]) -> str | None:
    """The term of one folded word of :data:`_WORDS`, None for a word left out."""
    word = _POSSESSIVE.sub("", word).replace(".", "").replace("'", "")
    if len(word) < 2 or word in stopwords or any(ch.isdigit() for ch in word):
        return None
    return _term(word)


_TABLES: dict[frozenset[str], dict[str, str | None]] = {}
"""Stopwords -> (folded word -> its term or None): each distinct word is folded once."""
_TABLE_WORDS = 1 << 18
"""A word table is emptied when it holds more words than this (it is only a memo)."""


def _word_table(stopwords: frozenset[str]) -> dict[str, str | None]:
    table = _TABLES.get(stopwords)
    if table is None or len(table) > _TABLE_WORDS:
        if len(_TABLES) >= 4:
            _TABLES.clear()
        table = _TABLES[stopwords] = {}
    return table


def _fold_text(text: str) -> str:
    if text.isascii():  # NFKC leaves ASCII alone and casefold is lower; of the quotes only "`" is ASCII
        folded = text.lower()
        return folded.replace("`", "'") if "`" in folded else folded
    folded = unicodedata.normalize("NFKC", text)
    for quote in _QUOTE_CHARS:  # str.translate, one replace per quote mark: the same text, faster
        if quote in folded:
            folded = folded.replace(quote, "'")
    return folded.casefold()


def fact_terms(text: str, stopwords: frozenset[str]) -> list[str]:
    """The content terms of a text, in order (see the module doc); numbers and function words left out."""
    table = _word_table(stopwords)
    terms = []
    for word in _WORDS.findall(_fold_text(text)):
        if word in table:
            term = table[word]
        else:
            term = table[word] = _word_term(word, stopwords)
        if term is not None:
            terms.append(term)
    return terms


_TermValue = tuple[dict[str, float], dict[tuple[str, int], frozenset[str]]]
#: Seconds between two looks at whether the app is still busy, for a paused build.
_PAUSE_POLL = 0.02


class TermIndex:
    """An alignment's term weights and unit terms: given, or built by ``build`` on first use,
    once, whichever thread asks first. Copies of an alignment (a filtered view) share it.

    ``build`` takes an optional ``pause``, which it calls every few milliseconds of work: a
    build started by :meth:`warm` waits there while the app is busy, unless a caller needs the
    index (then it runs through)."""

    def __init__(self, build: Callable[..., _TermValue]) -> None:
        self._build: Callable[..., _TermValue] | None = build
        self._value: _TermValue | None = None
        self._lock = threading.Lock()
        self._warming = False
        self._wanted = False

    @classmethod
    def of(cls, weights: dict[str, float], terms: dict[tuple[str, int], frozenset[str]]) -> TermIndex:
        index = cls(lambda pause=None: (weights, terms))
        index.get()
        return index

    def get(self) -> _TermValue:
        if self._value is None:
            self._wanted = True  # a paused warm build runs through from here
            self._make()
        assert self._value is not None
        return self._value

    def _make(self, pause: Callable[[], None] | None = None) -> None:
        with self._lock:
            if self._value is None and self._build is not None:
                self._value, self._build = self._build(pause), None

    def warm(self, busy: Callable[[], bool] = lambda: False, done: Callable[[], None] = lambda: None) -> None:
        """Start the build in a background thread unless it is built or started: the app calls
        this once a page is drawn, so the first view that needs the terms (Compare, a filter)
        finds them built or waits only for the rest of the build.

        While ``busy()`` (the app is drawing a page) the build waits between two steps: a
        pure-Python thread beside a rerun slowed the rerun five-fold at 10,000 articles
        (each time the rerun let go of the interpreter lock it waited for the build's turn).
        ``done()`` is called in that thread once the index is built."""
        if self._value is None and self._build is not None and not self._warming:
            self._warming = True

            def pause() -> None:
                while busy() and not self._wanted:
                    time.sleep(_PAUSE_POLL)

            def build() -> None:
                self._make(pause)
                done()

            threading.Thread(target=build, name="newslens-term-index", daemon=True).start()


@dataclass(frozen=True)
class Alignment:
    """The fact groups of a corpus and what the derived analyses need to check them.

    Attributes:
        groups: Columns :data:`dashboard.schema.FACT_GROUP_COLUMNS`, one row per fact group.
        members: Columns :data:`dashboard.schema.FACT_MEMBER_COLUMNS`, one row per member sentence.
        term_index: Its ``weights`` (term -> ``1 + ln(N / df)``, for looser checks of an outlet's
            whole text) and ``terms`` ((article_id, sentence_id) -> the unit's terms, for every
            unit, grouped or not), built when first used: the app's first views never need them.
    """

    groups: pd.DataFrame
    members: pd.DataFrame
    term_index: TermIndex

    @property
    def weights(self) -> dict[str, float]:
        return self.term_index.get()[0]

    @property
    def terms(self) -> dict[tuple[str, int], frozenset[str]]:
        return self.term_index.get()[1]

    _totals: dict[frozenset[str], float] = field(default_factory=dict, init=False, repr=False, compare=False)
    """Term set -> its total weight, as :meth:`weight` computed it (a memo: the sets are reused)."""

    def similarity(
        self, a: frozenset[str], b: frozenset[str], wa: float | None = None, wb: float | None = None
    ) -> float:
        """The module doc's similarity between two term sets, with this alignment's weights
        (``wa``, ``wb``: the sets' total weights, when the caller has them)."""
        return _similarity(a, b, self.weights, wa, wb)

    def weight(self, terms: frozenset[str]) -> float:
        """The total weight of a term set."""
        total = self._totals.get(terms)
        if total is None:
            total = self._totals[terms] = _weight_of(terms, self.weights)
        return total


_ONES = repeat(1.0)
"""The weight of a term the weights do not hold, for ``map(weights.get, terms, _ONES)``."""


def _weight_of(terms: frozenset[str], weights: dict[str, float]) -> float:
    # fsum is exact, so the total does not depend on the set's (hash-seeded) iteration order.
    return fsum(map(weights.get, terms, _ONES))


def _similarity(
    a: frozenset[str], b: frozenset[str], weights: dict[str, float], wa: float | None = None, wb: float | None = None
) -> float:
    """The module doc's similarity; ``wa``, ``wb`` are the sets' total weights when already known."""
    if not a or not b:
        return 0.0
    shared = a & b
    if not shared:
        return 0.0
    ws = fsum(map(weights.get, shared, _ONES))
    if wa is None:
        wa = fsum(map(weights.get, a, _ONES))
    if wb is None:
        wb = fsum(map(weights.get, b, _ONES))
    dice = 2.0 * ws / (wa + wb)
    # The shorter is a when the weights tie.
    if len(a if wa <= wb else b) >= MIN_CONTAINED_TERMS:
        contained = CONTAINMENT_WEIGHT * ws / (wa if wa <= wb else wb)
        return contained if contained > dice else dice  # max(dice, contained)
    return dice


@dataclass
class _Units:
    keys: list[tuple[str, int]]
    article: list[str]
    outlet: list[str]
    event: list[int]
    text: list[str]
    terms: list[frozenset[str]]
    total: list[float] | None = None  # each unit's total term weight, set once the weights are known
    memo: dict[tuple[int, int], float] = field(default_factory=dict)  # (i, j) -> sim(i, j), as computed

    def totals(self, weights: dict[str, float]) -> list[float]:
        if self.total is None:
            self.total = [_weight_of(t, weights) for t in self.terms]
        return self.total

    def sim(self, i: int, j: int, weights: dict[str, float]) -> float:
        # By ordered pair: with equal total weights the shorter set is the first one.
        pair = (i, j)
        value = self.memo.get(pair)
        if value is None:
            total = self.totals(weights)
            value = self.memo[pair] = _similarity(self.terms[i], self.terms[j], weights, total[i], total[j])
        return value


#: Sentences read between two calls of a build's ``pause`` (tens of milliseconds of work).
PAUSE_EVERY = 1024


def _units(
    sentences: pd.DataFrame,
    outlet_of: dict[str, str],
    stopwords: frozenset[str],
    event_of: dict[str, int],
    pause: Callable[[], None] | None = None,
) -> _Units:
    rows = sorted(
        (a, int(s), t, int(n))
        for a, s, t, n in zip(
            sentences[S.ARTICLE_ID].tolist(),
            sentences[S.SENTENCE_ID].tolist(),
            sentences[S.TEXT].tolist(),
            sentence_words(sentences).tolist(),
        )
        if isinstance(t, str) and isinstance(outlet_of.get(a), str)
    )
    units = _Units([], [], [], [], [], [])
    for k, (article, sentence, text, words) in enumerate(rows):
        if pause is not None and k % PAUSE_EVERY == 0:
            pause()
        if words < MIN_WORDS:
            continue
        terms = frozenset(fact_terms(text, stopwords))
        if len(terms) < MIN_TERMS:
            continue
        units.keys.append((article, sentence))
        units.article.append(article)
        units.outlet.append(outlet_of[article])
        units.event.append(event_of.get(article, 0))
        units.text.append(text)
        units.terms.append(terms)
    return units


def _candidate_scores(units: _Units, weights: dict[str, float], df: Counter[str]) -> dict[tuple[int, int], float]:
    """Similarity of every candidate pair (i < j) of different articles, from the inverted index."""
    postings: dict[str, list[int]] = defaultdict(list)
    probes: list[list[str]] = []
    eligible = frozenset(t for t, n in df.items() if 2 <= n <= MAX_POSTING)
    for i, own in enumerate(units.terms):
        # By (df, term): sorted by term, then (stably) by df.
        shared = sorted(sorted(own & eligible), key=df.__getitem__)
        # A term no other unit holds finds nothing: probe with the rarest shared ones.
        probes.append(shared[:PROBE_TERMS])
        for t in shared:
            postings[t].append(i)
    scores: dict[tuple[int, int], float] = {}
    article, event, terms = units.article, units.event, units.terms
    total = units.totals(weights)
    # Units are in (article, sentence) order: an article's units are one run of positions.
    span: dict[str, tuple[int, int]] = {}
    for i, a in enumerate(article):
        span[a] = (span[a][0] if a in span else i, i + 1)
    one_event = len(set(event)) <= 1
    # (-hits, j) as one int, j - hits * base, that sorts the same way (0 <= j < base).
    base = len(terms) + 1
    for i, rare in enumerate(probes):
        hits: Counter[int] = Counter()
        for t in rare:
            hits.update(postings[t])
        # The units sharing most of this one's rarest terms; ties by position. Bounded work per unit.
        # Sentences of other articles of one event only: two events of a folder never share a fact.
        for j in range(*span[article[i]]):
            hits.pop(j, None)
        if one_event:
            keys = [j - n * base for j, n in hits.items()]
        else:
            own_event = event[i]
            keys = [j - n * base for j, n in hits.items() if event[j] == own_event]
        keys.sort()
        for key in keys[:MAX_CANDIDATES]:
            j = key % base
            pair = (i, j) if i < j else (j, i)
            if pair not in scores:
                low, high = pair
                scores[pair] = _similarity(terms[low], terms[high], weights, total[low], total[high])
    return scores


def _mutual_best_edges(units: _Units, scores: dict[tuple[int, int], float]) -> list[tuple[float, int, int]]:
    """Pairs at or above the threshold where each sentence is the other's best match in its article.

    Mutual best matching keeps a paraphrase that scores modestly (the outlets share few words)
    while refusing a sentence that merely resembles several of another article's sentences.
    """
    best: dict[tuple[int, str], tuple[float, int]] = {}
    article = units.article
    get = best.get
    for (i, j), score in scores.items():
        # The best is the highest score, ties to the first sentence: the largest (score, -v);
        # for i in j's article, then for j in i's.
        key = (i, article[j])
        held = get(key)
        if held is None or score > held[0] or (score == held[0] and j < held[1]):
            best[key] = (score, j)
        key = (j, article[i])
        held = get(key)
        if held is None or score > held[0] or (score == held[0] and i < held[1]):
            best[key] = (score, i)
    edges = []
    for (i, j), score in scores.items():
        if score < THRESHOLD:
            continue
        if best[(i, article[j])][1] == j and best[(j, article[i])][1] == i:
            edges.append((score, i, j))
    return sorted(edges, key=lambda e: (-e[0], e[1], e[2]))


def _fits(units: _Units, weights: dict[str, float], members: list[int], newcomers: list[int]) -> bool:
    """Whether every cross-article pair between two groups reaches :data:`LINK_FLOOR`: a chain of
    best matches may not join two different facts."""
    return all(
        units.sim(u, v, weights) >= LINK_FLOOR
        for u in members
        for v in newcomers
        if units.article[u] != units.article[v]
    )


def _groups(units: _Units, edges: list[tuple[float, int, int]], weights: dict[str, float]) -> list[list[int]]:
    """Join mutual best pairs, strongest first, never two sentences of one article in a group."""
    group_of = list(range(len(units.keys)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(units.keys))}
    articles: dict[int, set[str]] = {i: {units.article[i]} for i in range(len(units.keys))}
    for _, i, j in edges:
        a, b = group_of[i], group_of[j]
        if a == b or articles[a] & articles[b] or not _fits(units, weights, members[a], members[b]):
            continue
        if len(members[a]) < len(members[b]):
            a, b = b, a
        for u in members[b]:
            group_of[u] = a
        members[a].extend(members.pop(b))
        articles[a] |= articles.pop(b)
    return [sorted(m) for m in members.values()]


def _attach_splits(
    units: _Units, clusters: list[list[int]], scores: dict[tuple[int, int], float], weights: dict[str, float]
) -> list[list[int]]:
    """Add a sentence left alone to the group of its best match when that match reaches the threshold.

    An outlet that splits one statement into two sentences has two sentences for one fact; the
    mutual best match takes one, this takes the other. One pass, best scores first; the sentence
    must fit the group (:func:`_fits`).
    """
    group_of = {u: g for g, members in enumerate(clusters) for u in members}
    size = {g: len(m) for g, m in enumerate(clusters)}
    best: dict[int, tuple[float, int]] = {}
    for (i, j), score in scores.items():
        if score < THRESHOLD:
            continue
        for u, v in ((i, j), (j, i)):
            if (
                size[group_of[u]] == 1
                and size[group_of[v]] > 1
                and (u not in best or (score, -v) > (best[u][0], -best[u][1]))
            ):
                best[u] = (score, v)
    for u, (_, v) in sorted(best.items(), key=lambda item: (-item[1][0], item[0])):
        g = group_of[v]
        if not _fits(units, weights, clusters[g], [u]):
            continue
        clusters[g].append(u)
        clusters[group_of[u]] = []
    return [sorted(m) for m in clusters if m]


def empty_alignment() -> Alignment:
    """An alignment with no fact group (what the derived analyses get when aligning failed)."""
    return _empty_alignment({}, {})


def _empty_alignment(weights: dict[str, float], terms: dict[tuple[str, int], frozenset[str]]) -> Alignment:
    return Alignment(
        pd.DataFrame({c: pd.Series([], dtype=t) for c, t in _GROUP_DTYPES.items()}),
        pd.DataFrame({c: pd.Series([], dtype=t) for c, t in _MEMBER_DTYPES.items()}),
        TermIndex.of(weights, terms),
    )


_GROUP_DTYPES = dict(zip(S.FACT_GROUP_COLUMNS, ("int64", "int64", "object", "float64", "str", "str", "int64")))
_MEMBER_DTYPES = dict(zip(S.FACT_MEMBER_COLUMNS, ("int64", "str", "int64", "str", "float64")))


def _weights_and_terms(
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    stopwords: frozenset[str],
    pause: Callable[[], None] | None = None,
) -> tuple[_Units, Counter[str], dict[str, float]]:
    outlet_of = {
        a: o for a, o in zip(articles[S.ARTICLE_ID].tolist(), articles[S.OUTLET].tolist()) if isinstance(o, str) and o
    }
    event_of = (
        dict(zip(articles[S.ARTICLE_ID].tolist(), articles[S.EVENT_ID].astype(int).tolist()))
        if S.EVENT_ID in articles.columns
        else {}
    )
    units = _units(sentences, outlet_of, stopwords, event_of, pause)
    df: Counter[str] = Counter()
    for start in range(0, len(units.terms), PAUSE_EVERY):
        if pause is not None:
            pause()
        df.update(t for terms in units.terms[start : start + PAUSE_EVERY] for t in terms)
    return units, df, _weights_of_counts(df, len(units.terms))


def _weights_of_counts(df: Counter[str], n_units: int) -> dict[str, float]:
    """``1 + ln(N / df)`` of every term, N the units, df those holding the term."""
    n = max(n_units, 1)
    return {t: 1.0 + math.log(n / c) for t, c in df.items()}


def event_weights(terms: Mapping[tuple[str, int], frozenset[str]]) -> dict[str, float]:
    """The term weights :func:`align_facts` gives the units ``terms`` (unit -> its terms) when it
    aligns them alone (:func:`_weights_of_counts` over them)."""
    return _weights_of_counts(Counter(t for unit in terms.values() for t in unit), len(terms))


def alignment_from_tables(
    groups: pd.DataFrame,
    members: pd.DataFrame,
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    stopwords: frozenset[str],
    unit_terms: pd.DataFrame | None = None,
    term_weights: pd.DataFrame | None = None,
) -> Alignment:
    """The :class:`Alignment` behind written ``facts`` / ``fact_members`` tables, for analyses that
    re-derive from it (the app's filters): its terms and weights read from ``unit_terms`` and
    ``term_weights`` (:func:`term_index_tables` of the same sentences) when given, else
    recomputed from the sentences."""

    def build(pause: Callable[[], None] | None = None) -> _TermValue:
        if unit_terms is not None and term_weights is not None:
            return _read_term_index(unit_terms, term_weights, pause)
        units, _, weights = _weights_and_terms(sentences, articles, stopwords, pause)
        return weights, dict(zip(units.keys, units.terms))

    return Alignment(groups, members, TermIndex(build))


def term_index_tables(
    sentences: pd.DataFrame, articles: pd.DataFrame, *, stopwords: frozenset[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The term index of all the sentences as two tables (:data:`~dashboard.schema.UNIT_TERM_COLUMNS`,
    each unit's terms sorted; :data:`~dashboard.schema.TERM_WEIGHT_COLUMNS`, by term), which
    :func:`alignment_from_tables` reads instead of recomputing them."""
    units, _, weights = _weights_and_terms(sentences, articles, stopwords)
    terms = pd.DataFrame(
        {
            S.ARTICLE_ID: [a for a, _ in units.keys],
            S.SENTENCE_ID: pd.Series([s for _, s in units.keys], dtype="int64"),
            S.UNIT_TERMS: [sorted(t) for t in units.terms],
        },
        columns=S.UNIT_TERM_COLUMNS,
    )
    ranked = sorted(weights.items())
    table = pd.DataFrame(
        {S.TERM: [t for t, _ in ranked], S.WEIGHT: pd.Series([w for _, w in ranked], dtype="float64")},
        columns=S.TERM_WEIGHT_COLUMNS,
    )
    return terms, table


def _read_term_index(
    unit_terms: pd.DataFrame, term_weights: pd.DataFrame, pause: Callable[[], None] | None
) -> _TermValue:
    """:func:`term_index_tables`' tables back as the index. Each distinct term becomes one Python
    string shared by every set that holds it (the terms are read dictionary-encoded)."""
    weights = dict(zip(term_weights[S.TERM].tolist(), term_weights[S.WEIGHT].astype(float).tolist()))
    if unit_terms.empty:
        return weights, {}
    wait = pause or (lambda: None)
    lists = pa.array(unit_terms[S.UNIT_TERMS], from_pandas=True)
    if isinstance(lists, pa.ChunkedArray):
        lists = lists.combine_chunks()
    wait()
    encoded = pc.dictionary_encode(lists.flatten())
    words = encoded.dictionary.to_pylist()
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    offsets = lists.offsets.to_numpy()
    wait()
    keys = list(zip(unit_terms[S.ARTICLE_ID].tolist(), unit_terms[S.SENTENCE_ID].astype(int).tolist()))
    terms: dict[tuple[str, int], frozenset[str]] = {}
    # Step by step, each step's terms made from its slice of the codes: a build in the
    # background waits between two steps while the app draws a page.
    for start in range(0, len(keys), PAUSE_EVERY):
        wait()
        stop = min(start + PAUSE_EVERY, len(keys))
        bounds = (offsets[start : stop + 1] - offsets[start]).tolist()
        flat = [words[c] for c in codes[offsets[start] : offsets[stop]].tolist()]
        with _no_collection():
            for k in range(start, stop):
                terms[keys[k]] = frozenset(flat[bounds[k - start] : bounds[k - start + 1]])
    return weights, terms


@contextmanager
def _no_collection() -> Iterator[None]:
    """No cyclic garbage collection within (sets of strings hold no cycle): the collector,
    run again and again while hundreds of thousands of sets are made, tripled the time."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def align_facts(sentences: pd.DataFrame, articles: pd.DataFrame, *, stopwords: frozenset[str]) -> Alignment:
    """Group the sentences of different outlets that state the same fact.

    Args:
        sentences: Columns ``article_id, sentence_id, text``.
        articles: Columns ``article_id, outlet``; sentences of articles missing here are ignored.
        stopwords: Function words left out of the terms (``data/stopwords.txt``).

    Returns:
        An :class:`Alignment`. ``groups``: ``fact_id`` 0..n-1 by number of outlets (descending),
        then first member; ``n_outlets``; ``outlets`` (sorted); ``similarity`` (the lowest
        similarity between members of different articles, as 0-100 like passages); ``text`` (the
        representative: the member most similar to the others, ties to the first); ``article_id``
        and ``sentence_id`` of the representative. (``similarity`` is at least 100 × LINK_FLOOR.) ``members``: ``fact_id, article_id,
        sentence_id, outlet, similarity`` (to the representative, 0-100; 100 for itself), sorted by
        fact, article, sentence.
    """
    units, df, weights = _weights_and_terms(sentences, articles, stopwords)
    all_terms = dict(zip(units.keys, units.terms))
    if len(set(units.outlet)) < 2:
        return _empty_alignment(weights, all_terms)
    scores = _candidate_scores(units, weights, df)
    units.memo.update(scores)  # each is sim(low, high)
    clusters = _attach_splits(units, _groups(units, _mutual_best_edges(units, scores), weights), scores, weights)

    rows = []
    for cluster in clusters:
        outlets = sorted({units.outlet[u] for u in cluster})
        if len(outlets) < 2:
            continue
        cross = [
            units.sim(u, v, weights)
            for k, u in enumerate(cluster)
            for v in cluster[k + 1 :]
            if units.article[u] != units.article[v]
        ]
        rep = max(
            cluster,
            key=lambda u: (round(math.fsum(units.sim(u, v, weights) for v in cluster if v != u), 9), -u),
        )
        rows.append((-len(outlets), units.keys[cluster[0]], cluster, outlets, min(cross), rep))
    if not rows:
        return _empty_alignment(weights, all_terms)
    rows.sort(key=lambda r: (r[0], r[1]))
    group_rows, member_rows = [], []
    for fact_id, (_, _, cluster, outlets, low, rep) in enumerate(rows):
        article, sentence = units.keys[rep]
        group_rows.append((fact_id, len(outlets), outlets, round(100 * low, 1), units.text[rep], article, sentence))
        for u in cluster:
            sim = 1.0 if u == rep else units.sim(u, rep, weights)
            member_rows.append((fact_id, units.keys[u][0], units.keys[u][1], units.outlet[u], round(100 * sim, 1)))
    member_rows.sort(key=lambda m: (m[0], m[1], m[2]))
    groups = pd.DataFrame(group_rows, columns=S.FACT_GROUP_COLUMNS).astype(_GROUP_DTYPES)
    members = pd.DataFrame(member_rows, columns=S.FACT_MEMBER_COLUMNS).astype(_MEMBER_DTYPES)
    return Alignment(groups, members, TermIndex.of(weights, all_terms))


def related_articles(alignment: Alignment, outlet_of: dict[str, str]) -> dict[str, set[str]] | None:
    """Article -> the articles of other outlets that share a fact group with it (the same story).

    None when the alignment relates no two articles: then the folder is taken as one story.
    """
    related: dict[str, set[str]] = defaultdict(set)
    by_fact: dict[int, set[str]] = defaultdict(set)
    members = alignment.members
    for fact, article in zip(members[S.FACT_ID].tolist(), members[S.ARTICLE_ID].tolist()):
        by_fact[fact].add(article)
    for fact in sorted(by_fact):
        group = sorted(by_fact[fact])
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if outlet_of.get(a) != outlet_of.get(b):
                    related[a].add(b)
                    related[b].add(a)
    return related or None
