"""Omissions: for each outlet, what at least two other outlets report and it leaves out.

Kinds, each with its evidence (the sentence keys of the outlets that report it) and a strength:

- ``fact``: a fact group of the alignment (:mod:`dashboard.corpus.align`) with members from at
  least ``min_others`` other outlets and none from this one (with two outlets, also a sentence of
  the other outlet that no group holds: what it states and this one does not). Before it is claimed absent, the
  outlet's whole text is checked with a looser match: no sentence of it may come within
  :data:`LOOSE_SHARE` of the alignment threshold of any member, and the fact's core terms (held
  by two or more members) may not be mostly present in the outlet's text (:data:`MAX_COVERAGE`):
  an outlet that tells a fact in its own words, spread over two sentences, does not omit it;
- ``speaker``: someone quoted or paraphrased by other outlets and never by this one;
- ``entity``: a person, organisation or place other outlets name and this one never writes
  (checked on its whole text, any spelling of the name);
- ``topic``: a codebook topic the others' articles carry and this one's do not.

Each event (``event_id``, :mod:`dashboard.corpus.events`) is compared on its own: an outlet
omits an item only within the event other outlets report it in. Within an event, only outlets
telling the same story are held to its items: an article is compared with the
articles of other outlets that share a fact group with a reporting article, so in a folder of
many events an outlet that never covered one omits none of its facts (when the alignment relates
no two articles, the folder is one story).

**Strength** (0-1) is the share of the other outlets telling the story that report the item,
times how absent it is: for a fact, one minus the share of its core terms found in the outlet's text. Rows are
sorted by outlet, then strength.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace

import pandas as pd

from dashboard import schema as S
from dashboard.corpus.align import (
    THRESHOLD,
    Alignment,
    TermIndex,
    _similarity,
    event_weights,
    fact_terms,
    related_articles,
)

TOPIC, SPEAKER, ENTITY, FACT = "topic", "speaker", "entity", "fact"
#: Entity types worth reporting as left out; numbers and titles are parts of facts.
ENTITY_TYPES = ("person", "organisation", "place")
LOOSE_SHARE = 1.0
"""An outlet's sentence within this share of the alignment threshold of a member states the fact."""
PROBE_TERMS = 8
"""The looser check compares a fact with the outlet's sentences sharing one of its rarest terms."""
MAX_COVERAGE = 0.6
"""An outlet whose text holds more than this share of a fact's core terms states it in its own words."""

_DTYPES = {S.N_OUTLETS: "int64", S.STRENGTH: "float64"}
_WORD = re.compile(r"[^\W_]+")


def _key(article_id: str, sentence_id: int) -> str:
    return f"{article_id}:{int(sentence_id)}"


def _fold(text: str) -> str:
    if text.isascii():  # casefold is lower, and NFKD leaves ASCII alone
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    # Only a non-ASCII character can be a combining mark: the others are kept without a look.
    return _NON_ASCII.sub(_drop_combining, decomposed)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _drop_combining(match: re.Match[str]) -> str:
    char = match.group()
    return "" if unicodedata.combining(char) else char


def empty_omissions() -> pd.DataFrame:
    """No omission: the columns and dtypes of :func:`omissions`."""
    return pd.DataFrame({c: pd.Series(dtype=_DTYPES.get(c, "object")) for c in S.OMISSION_COLUMNS})


def _speaks(speaker: str, sentence_words: Iterable[set[str]], speech_verbs: frozenset[str]) -> bool:
    """Whether a sentence names the speaker (its last word: a surname, or an institution's head) next to a verb of saying."""
    words = _WORD.findall(_fold(speaker))
    if not words or not speech_verbs:
        return False
    name = words[-1]
    return any(name in ws and not ws.isdisjoint(speech_verbs) for ws in sentence_words)


def _voiced_words(sentence_words: Iterable[set[str]], speech_verbs: frozenset[str]) -> set[str]:
    """The words of the sentences with a verb of saying: ``_speaks`` holds when the speaker's
    name is one of them."""
    return set().union(*(ws for ws in sentence_words if not ws.isdisjoint(speech_verbs)))


class _Texts:
    """Each article's words, terms and sentence term sets, for the looser checks of absence."""

    def __init__(
        self,
        articles: pd.DataFrame,
        sentences: pd.DataFrame,
        stopwords: frozenset[str],
        known: dict[tuple[str, int], frozenset[str]],
    ) -> None:
        self.outlet_of = {
            a: o
            for a, o in zip(articles[S.ARTICLE_ID].tolist(), articles[S.OUTLET].tolist())
            if isinstance(o, str) and o
        }
        self.units: dict[str, list[frozenset[str]]] = defaultdict(list)
        self.terms: dict[str, set[str]] = defaultdict(set)
        self.words: dict[str, set[str]] = defaultdict(set)
        self.sentence_words: dict[str, list[set[str]]] = defaultdict(list)
        # term -> (article, unit) holding it: the looser check looks only at units sharing a rare term.
        self.postings: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for article, sentence, text in zip(
            sentences[S.ARTICLE_ID].tolist(), sentences[S.SENTENCE_ID].tolist(), sentences[S.TEXT].tolist()
        ):
            if article in self.outlet_of and isinstance(text, str):
                # The alignment already folded the terms of its units; only shorter sentences are new.
                terms = known.get((article, int(sentence))) or frozenset(fact_terms(text, stopwords))
                for t in terms:
                    self.postings[t].append((article, len(self.units[article])))
                self.units[article].append(terms)
                self.terms[article] |= terms
                words = set(_WORD.findall(_fold(text)))
                self.sentence_words[article].append(words)
                self.words[article] |= words
        # The title (and the body, when given) count too: an outlet may state a fact there.
        for column in (S.TITLE, S.TEXT):
            if column in articles.columns:
                for article, value in zip(articles[S.ARTICLE_ID].tolist(), articles[column].tolist()):
                    if isinstance(value, str) and article in self.outlet_of:
                        self.terms[article] |= set(fact_terms(value, stopwords))
                        self.words[article] |= set(_WORD.findall(_fold(value)))


def _omitting(
    reporters: dict[str, list[str]], texts: _Texts, stories: dict[str, set[str]] | None
) -> dict[str, list[str]]:
    """Outlet -> its articles that tell the story of the reporting sentences, for outlets not reporting.

    An outlet that never covered a story omits none of its items: in a folder of many events, only
    articles sharing a fact group with a reporting article are held to the item.
    """
    if stories is None:
        articles = sorted(texts.outlet_of)
    else:
        reporting = {k.rpartition(":")[0] for keys in reporters.values() for k in keys}
        articles = sorted({b for a in reporting for b in stories.get(a, ())})
    out: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        outlet = texts.outlet_of[article]
        if outlet not in reporters:
            out[outlet].append(article)
    return out


def _states(
    alignment: Alignment, units: list[frozenset[str]], members: list[frozenset[str]], weights: list[float], level: float
) -> bool:
    """Whether one of ``units`` comes within ``level`` of one of the fact's members."""
    weigh, term_weights = alignment.weight, alignment.weights
    for unit in units:
        wu = None
        for member, wm in zip(members, weights):
            if not unit.isdisjoint(member):
                if wu is None:
                    wu = weigh(unit)
                # alignment.similarity(unit, member, wu, wm), without the method's call
                if _similarity(unit, member, term_weights, wu, wm) >= level:
                    return True
    return False


def _reported(reporters: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """The outlets reporting an item and its evidence keys, sorted: made once per item, and the
    same two lists are shared by its rows (one for each outlet that omits it). A copy per row
    held most of the table's memory: at 100,000 generated articles, 6.5 million rows repeating
    the outlets and evidence of 14 rows each on average."""
    others = sorted(reporters)
    return others, sorted({k for o in others for k in reporters[o]})


def _row(
    outlet: str, kind: str, item: str, reported: tuple[list[str], list[str]], n_others: int, absence: float
) -> tuple:
    others, evidence = reported
    strength = round(len(others) / max(n_others, 1) * absence, 3)
    return (outlet, kind, item, len(others), others, strength, evidence)


def _facts(alignment: Alignment, needed: int, sentences: pd.DataFrame) -> list[tuple[str, list[tuple[str, int, str]]]]:
    """The facts outlets are held to: (item text, [(article, sentence, outlet)]) per fact group; with
    one other outlet needed (two outlets in all), also each sentence no group holds, as the one
    outlet that states it."""
    text_of = dict(zip(alignment.groups[S.FACT_ID].tolist(), alignment.groups[S.TEXT].tolist()))
    facts = []
    grouped: set[tuple[str, int]] = set()
    m = alignment.members
    # The members of each fact, in the table's order; the facts by id (as groupby sorts them).
    by_fact: dict[int, list[tuple[str, int, str]]] = defaultdict(list)
    for fact, article, sentence, outlet in zip(
        m[S.FACT_ID].astype(int).tolist(),
        m[S.ARTICLE_ID].tolist(),
        m[S.SENTENCE_ID].astype(int).tolist(),
        m[S.OUTLET].tolist(),
    ):
        by_fact[fact].append((article, sentence, outlet))
    for fact in sorted(by_fact):
        members = by_fact[fact]
        grouped.update((a, s) for a, s, _ in members)
        facts.append((text_of[fact], members))
    if needed == 1 and not sentences.empty:
        outlet_of = dict(zip(alignment.members[S.ARTICLE_ID], alignment.members[S.OUTLET]))
        for article, sentence, text in sorted(
            zip(
                sentences[S.ARTICLE_ID].tolist(),
                sentences[S.SENTENCE_ID].astype(int).tolist(),
                sentences[S.TEXT].tolist(),
            )
        ):
            key = (article, sentence)
            if key in alignment.terms and key not in grouped and article in outlet_of:
                facts.append((text, [(article, sentence, outlet_of[article])]))
    return facts


def _fact_rows(
    alignment: Alignment,
    needed: int,
    texts: _Texts,
    stories: dict[str, set[str]] | None,
    sentences: pd.DataFrame,
) -> list[tuple]:
    rows = []
    for item, members in _facts(alignment, needed, sentences):
        reporters: dict[str, list[str]] = defaultdict(list)
        for article, sentence, outlet in members:
            reporters[outlet].append(_key(article, sentence))
        if len(reporters) < needed:
            continue
        member_terms = [alignment.terms[(a, s)] for a, s, _ in members if (a, s) in alignment.terms]
        member_weights = [alignment.weight(m) for m in member_terms]
        counts: Counter[str] = Counter(t for terms in member_terms for t in terms)
        core = {t for t, c in counts.items() if c >= 2} or set(counts)
        candidates = _omitting(reporters, texts, stories)
        n_others = len(reporters) + len(candidates) - 1
        # Units that share one of the fact's rarest terms: only they can come close to a member.
        probes = sorted(counts, key=lambda t: (len(texts.postings.get(t, ())), t))[:PROBE_TERMS]
        near: dict[str, set[int]] = defaultdict(set)
        for t in probes:
            for article, unit in texts.postings.get(t, ()):
                near[article].add(unit)
        loose = LOOSE_SHARE * THRESHOLD
        reported = _reported(reporters)
        for outlet, own in sorted(candidates.items()):
            units = [texts.units[a][i] for a in own for i in sorted(near.get(a, ()))]
            if _states(alignment, units, member_terms, member_weights, loose):
                continue
            found = sum(1 for t in core if any(t in texts.terms.get(a, ()) for a in own))
            coverage = found / len(core) if core else 0.0
            if coverage > MAX_COVERAGE:
                continue
            rows.append(_row(outlet, FACT, item, reported, n_others, 1.0 - coverage))
    return rows


def _item_rows(
    kind: str,
    reports: dict[str, dict[str, list[str]]],
    needed: int,
    texts: _Texts,
    stories: dict[str, set[str]] | None,
    present: Callable[[str, list[str]], bool],
) -> list[tuple]:
    """Rows for items (item -> outlet -> evidence keys) that ``needed`` others report and an outlet
    lacks (``present(item, its articles)`` is False)."""
    rows = []
    for item, reporters in sorted(reports.items()):
        if len(reporters) < needed:
            continue
        candidates = _omitting(reporters, texts, stories)
        n_others = len(reporters) + len(candidates) - 1
        reported = _reported(reporters)
        for outlet, own in sorted(candidates.items()):
            if not present(item, own):
                rows.append(_row(outlet, kind, item, reported, n_others, 1.0))
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
    pause: Callable[[], None] = lambda: None,
) -> pd.DataFrame:
    """What each outlet leaves out that at least ``min_others`` other outlets report.

    Args:
        articles: Columns ``article_id, outlet, topics`` (``title`` and ``text`` are read when present:
            the looser checks look at an article's whole text).
        sentences: Columns ``article_id, sentence_id, text, topics``.
        alignment: :func:`dashboard.corpus.align.align_facts` on the same sentences.
        stopwords: Function words (``data/stopwords.txt``), as given to the alignment.
        quotes, entities: The quote and entity tables (optional).
        speech_verbs: Verbs of saying (``data/speech.toml``): an outlet with a sentence that names a
            speaker next to one of them gives that speaker a voice, whatever the quote table found.
        min_others: How many other outlets must report an item; lowered to 1 with two outlets.
        topic_labels: Topic id -> label, for the ``topic`` rows' items.
        pause: Called before each event is compared (the app's background thread waits there
            while a page is drawn).

    Returns:
        Columns ``S.OMISSION_COLUMNS``: ``outlet, kind, item, n_outlets`` (the other outlets that
        report it), ``outlets`` (their names, sorted), ``strength`` (0-1, see the module doc) and
        ``evidence`` (``article_id:sentence_id`` keys of the reporting sentences). Sorted by outlet,
        strength (descending), kind, item.
    """
    if S.EVENT_ID in articles.columns and len(articles):
        # Each event on its own: an item is reported, and left out, within one story. Pooled, a
        # topic or a name that many events share made one row per outlet listing every outlet
        # and sentence of the corpus: a table growing with the square of the corpus.
        inputs = _event_inputs(articles, sentences, alignment, quotes, entities)
        rows = []
        for event, event_articles in articles.groupby(S.EVENT_ID, sort=True):
            # An event one outlet tells has nothing to compare (the call would find no row).
            if event_articles[S.OUTLET].nunique() < 2:
                continue
            pause()
            rows += _rows_of_one_story(
                event_articles,
                **inputs(event),
                stopwords=stopwords,
                speech_verbs=speech_verbs,
                min_others=min_others,
                topic_labels=topic_labels,
            )
    else:
        rows = _rows_of_one_story(
            articles,
            sentences=sentences,
            alignment=alignment,
            stopwords=stopwords,
            quotes=quotes,
            entities=entities,
            speech_verbs=speech_verbs,
            min_others=min_others,
            topic_labels=topic_labels,
        )
    if not rows:
        return empty_omissions()
    # One frame and one stable sort for every event: the rows in event order sort as the events'
    # sorted frames did, and a frame per event cost more than the event's comparison.
    return sort_omissions(pd.DataFrame(rows, columns=S.OMISSION_COLUMNS).astype(_DTYPES))


def _rows_of_one_story(
    articles: pd.DataFrame,
    *,
    sentences: pd.DataFrame,
    alignment: Alignment,
    stopwords: frozenset[str],
    quotes: pd.DataFrame | None,
    entities: pd.DataFrame | None,
    speech_verbs: frozenset[str],
    min_others: int,
    topic_labels: dict[str, str] | None,
) -> list[tuple]:
    """The rows of :func:`omissions` (unsorted) of articles compared as one story (one event, or
    a folder of no events)."""
    outlets = sorted({o for o in articles[S.OUTLET].tolist() if isinstance(o, str) and o})
    if len(outlets) < 2:
        return []
    needed = max(1, min(min_others, len(outlets) - 1))
    texts = _Texts(articles, sentences, stopwords, alignment.terms)
    stories = related_articles(alignment, texts.outlet_of)
    rows = _fact_rows(alignment, needed, texts, stories, sentences)

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

        # An article's words in sentences with a verb of saying: a speaker's name among them is
        # what _speaks looks for, sentence by sentence.
        voicing = {a: _voiced_words(ws, speech_verbs) for a, ws in texts.sentence_words.items()}

        def voiced(speaker: str, own: list[str]) -> bool:
            words = _WORD.findall(_fold(speaker))
            if not words or not speech_verbs:
                return False
            return any(words[-1] in voicing.get(a, ()) for a in own)

        rows += _item_rows(SPEAKER, said, needed, texts, stories, voiced)

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

        spelled = {e: [_WORD.findall(_fold(f)) for f in sorted(forms)] for e, forms in spellings.items()}

        def written(entity: str, own: list[str]) -> bool:
            # Every word of one spelling in the text: a word-set check, linear in the text, and
            # kinder to the outlet than the entity table (which can miss a mention).
            texts_words = [texts.words.get(a, set()) for a in own]
            return any(all(any(w in ws for ws in texts_words) for w in words) for words in spelled[entity])

        rows += _item_rows(ENTITY, named, needed, texts, stories, written)

    labels = topic_labels or {}
    carried = {
        (a, labels.get(t, t)) for a, ts in zip(articles[S.ARTICLE_ID].tolist(), articles[S.TOPICS].tolist()) for t in ts
    }
    covered: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    if S.TOPICS in sentences.columns:
        for article, sentence, topics in zip(
            sentences[S.ARTICLE_ID].tolist(), sentences[S.SENTENCE_ID].tolist(), sentences[S.TOPICS].tolist()
        ):
            outlet = texts.outlet_of.get(article)
            for topic in topics if topics is not None else ():
                label = labels.get(topic, topic)
                if outlet is not None and (article, label) in carried:
                    covered[label][outlet].append(_key(article, sentence))

    def carries(label: str, own: list[str]) -> bool:
        return any((a, label) in carried for a in own)

    rows += _item_rows(TOPIC, covered, needed, texts, stories, carries)
    return rows


def sort_omissions(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows by outlet, then strength (strongest first), kind and item: the order of :func:`omissions`."""
    return frame.sort_values(
        [S.OUTLET, S.STRENGTH, S.KIND, S.ITEM], ascending=[True, False, True, True], kind="stable"
    ).reset_index(drop=True)


def _event_inputs(
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    alignment: Alignment,
    quotes: pd.DataFrame | None,
    entities: pd.DataFrame | None,
) -> Callable[[object], dict]:
    """Event id -> the rows of that event's articles in every input, and the alignment with the
    event's own term weights (``1 + ln(N / df)`` over the event's units, as the run weighs them
    when it aligns each event alone): the omissions of an event are then the same whether it is
    compared alone, as the run does, or among others, as a filter of the app does.

    Every input is split by event once: a mask over the whole input per event grew with
    events x rows."""
    event_of = dict(zip(articles[S.ARTICLE_ID].tolist(), articles[S.EVENT_ID].tolist()))

    def split(frame: pd.DataFrame) -> dict:
        return dict(list(frame.groupby(frame[S.ARTICLE_ID].map(event_of), sort=False)))

    members = alignment.members
    sentences_of, members_of = split(sentences), split(members)
    quotes_of = split(quotes) if quotes is not None else {}
    entities_of = split(entities) if entities is not None else {}
    fact_event = dict(zip(members[S.FACT_ID].tolist(), members[S.ARTICLE_ID].map(event_of).tolist()))
    groups_of = dict(list(alignment.groups.groupby(alignment.groups[S.FACT_ID].map(fact_event), sort=False)))

    every_term = alignment.terms

    def inputs(event: object) -> dict:
        own = sentences_of.get(event, sentences.iloc[0:0])
        keys = zip(own[S.ARTICLE_ID].tolist(), own[S.SENTENCE_ID].astype(int).tolist())
        terms = {key: every_term[key] for key in keys if key in every_term}
        return {
            "sentences": own,
            "alignment": replace(
                alignment,
                groups=groups_of.get(event, alignment.groups.iloc[0:0]),
                members=members_of.get(event, members.iloc[0:0]),
                term_index=TermIndex.of(event_weights(terms), terms),
            ),
            "quotes": None if quotes is None else quotes_of.get(event, quotes.iloc[0:0]),
            "entities": None if entities is None else entities_of.get(event, entities.iloc[0:0]),
        }

    return inputs
