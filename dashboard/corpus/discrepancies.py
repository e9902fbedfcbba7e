"""Where outlets disagree on a fact: conflicting claims, with the sentences that make them.

Claims are read off the entity mentions (:func:`dashboard.corpus.entities.extract_entities`)
and the sentence text around them, with general patterns, never story-specific
words:

* **A person's title and office.** Pre-modifiers ("the Russian Foreign
  Ministry's North Atlantic Department Director Alexander Darchiev") and
  appositives ("Alexander Darchiev, director of the Russian Foreign Ministry's
  North American Department"; "Alexander Darchiyev, Director of the North
  Atlantic Department of the Russian Ministry of Foreign Affairs and Russia's
  ambassador-designate ..."). The organisations named are put in order from
  the whole to the part ("A's B" and "B of A" both give A > B), so word order
  and possessives do not matter; the office claimed is the most specific
  unit, and its attribute is that unit's head-word ("department", "ministry").
  Offices are compared by organisation entity, so "Russian Foreign Ministry" and
  "Russian Ministry of Foreign Affairs" agree. Titles are compared by office
  wording (plural, gender and "-designate" ignored) among titles with the
  same head-word: "Director" vs "Deputy Director" disagree, "Director" vs
  "Ambassador" are two offices, not a conflict.
* **Numbers about one event.** A number with a unit is tied to an event by
  the nearest event noun in its sentence ("talks", "negotiations" and
  "consultations" are one kind; "call" another), the nearest place written
  after "in"/"at" (else the article's main place: the place most often
  written after "in"/"at" in it, counting a mention in the headline three
  times) and the nearest date. Claims are compared only within the same unit
  kind, event kind and place, and, when both give one, the same date: "talks
  in Riyadh ... lasted over four hours" and "negotiations [in Istanbul] ...
  lasted for over six hours" are two events. Qualifiers ("over", "about")
  are kept in the value but not compared.
* **Dates of one event.** A day-and-month date with an event noun and a place
  (after "in"/"at") in the same clause, within 60 characters ("a gathering in
  Saudi Arabia on February 18"; not "a phone call ... on February 12, as well
  as a gathering in Saudi Arabia"); dates more than seven days apart are taken
  to be different events.

The spelling of a name is never a discrepancy (see
:func:`dashboard.corpus.entities.entity_variants`). No verdict is given: the table
lists who says what.

Complexity: linear in the number of mentions (one pass per sentence, then
dictionary grouping).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from dashboard import schema as S
from dashboard.corpus.entities import (
    DATE,
    NUMBER,
    ORGANISATION,
    PERSON,
    PLACE,
    TITLE,
    Vocabulary,
    org_head,
    title_key,
)

__all__ = ["MAX_DATE_GAP_DAYS", "find_discrepancies"]

MAX_DATE_GAP_DAYS = 7
"""Dates of one event further apart than this are taken to be different events."""
_TITLE_WEIGHT = 3
_CLAUSE_CHARS = 60
"""A date's place and event noun are at most this many characters away, in the same clause."""
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]“”\"]|\b(?:as well as|while|whereas|after|before|when)\b")
"""A place named in the headline counts as this many mentions for the article's main place."""

_ADJACENT = re.compile(r"^\s*(?:['’]s\s+)?$")
_APPOSITIVE = re.compile(r"^\s*,\s*(?:(?:the|a|an)\s+)?$", re.IGNORECASE)
_TITLE_TO_ORG = re.compile(r"^\s+(?:of|at|in|for|with)\s+(?:the\s+)?$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"^['’]s\s+$")
_OF = re.compile(r"^\s+(?:of|at|in)\s+(?:the\s+)?$", re.IGNORECASE)
_AND_TITLE = re.compile(r"^\s+and\s+(?:(?:the|a|an)\s+)?(?:[^,;.]{1,40}?['’]s\s+)?$", re.IGNORECASE)
_LOCATIVE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_NUMBER_KEY = re.compile(r"^(?:(?P<q>at least|up to|over|about|nearly|under) )?(?P<v>\d+(?:\.\d+)?)(?: (?P<u>.+))?$")
_MONTH_DAY = re.compile(r"(?:^|-)(\d{2})-(\d{2})$")


@dataclass(frozen=True, slots=True)
class _Mention:
    entity_id: int
    entity: str
    type: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Claim:
    group: tuple[Any, ...]  # what is claimed about: claims in one group are compared
    entity: str
    attribute: str
    value: str  # shown
    compare: Any  # compared
    outlet: str
    article_id: str
    sentence_id: int


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {
            c: pd.Series(dtype="int64" if c in (S.DISCREPANCY_ID, S.SENTENCE_ID) else "object")
            for c in S.DISCREPANCY_COLUMNS
        }
    )


# --------------------------------------------------------------------------
# People: title and office


def _org_chain_after(ms: Sequence[_Mention], k: int, text: str) -> tuple[list[_Mention], int]:
    """Organisations from mention ``k`` on, ordered whole -> part; and the next index."""
    chain = [ms[k]]
    j = k + 1
    while j < len(ms) and ms[j].type == ORGANISATION:
        gap = text[ms[j - 1].end : ms[j].start]
        if _POSSESSIVE.match(gap) or _ADJACENT.match(gap):
            chain.append(ms[j])  # "A's B": B is part of A
        elif _OF.match(gap):
            chain.insert(0, ms[j])  # "B of the A": B is part of A
        else:
            break
        j += 1
    return chain, j


def _person_claims(ms: Sequence[_Mention], text: str, vocab: Vocabulary) -> list[tuple[_Mention, str, _Mention]]:
    """(person, "title" | "office", title or organisation mention) in one sentence."""
    found: list[tuple[_Mention, str, _Mention]] = []
    for k, person in enumerate(ms):
        if person.type != PERSON:
            continue
        # Pre-modifiers: [Org['s]] [Org] Title Person.
        if k > 0 and ms[k - 1].type == TITLE and text[ms[k - 1].end : person.start].isspace():
            found.append((person, "title", ms[k - 1]))
            j = k - 2
            if j >= 0 and ms[j].type == ORGANISATION and _ADJACENT.match(text[ms[j].end : ms[k - 1].start]):
                found.append((person, "office", ms[j]))
        # Appositive: Person, [the] Title [of [the] Org chain] [and [X's] Title].
        j = k + 1
        # "Lavrov, Presidential Aide Yury Ushakov" is a list: that title belongs to the next name.
        listed = j + 1 < len(ms) and ms[j + 1].type == PERSON and text[ms[j].end : ms[j + 1].start].isspace()
        if j < len(ms) and ms[j].type == TITLE and not listed and _APPOSITIVE.match(text[person.end : ms[j].start]):
            found.append((person, "title", ms[j]))
            j += 1
            if j < len(ms) and ms[j].type == ORGANISATION and _TITLE_TO_ORG.match(text[ms[j - 1].end : ms[j].start]):
                chain, j = _org_chain_after(ms, j, text)
                found.append((person, "office", chain[-1]))
            nxt = next((i for i in range(j, len(ms)) if ms[i].type == TITLE), None)
            if nxt is not None and j > 0 and _AND_TITLE.match(text[ms[j - 1].end : ms[nxt].start]):
                found.append((person, "title", ms[nxt]))
    return found


# --------------------------------------------------------------------------
# Events: numbers and dates


def _nearest(candidates: Sequence[tuple[int, Any]], pos: int) -> Any:
    if not candidates:
        return None
    return min(candidates, key=lambda c: (abs(c[0] - pos), c[0]))[1]


def _event_nouns(text: str, vocab: Vocabulary) -> list[tuple[int, str]]:
    return [
        (m.start(), vocab.event_class.get(w, w))
        for m in _WORD.finditer(text)
        if (w := m.group().lower()) in vocab.event_nouns
    ]


def _main_places(
    entities: pd.DataFrame, texts: dict[tuple[str, int], str], titles: dict[str, str]
) -> dict[str, tuple[int, str]]:
    """Per article, the place most often written after "in"/"at" (headline x3)."""
    places = entities[entities[S.ENTITY_TYPE] == PLACE]
    counts: dict[str, Counter[tuple[int, str]]] = defaultdict(Counter)
    first: dict[tuple[str, tuple[int, str]], tuple[int, int]] = {}
    spelled: dict[str, set[tuple[int, str]]] = defaultdict(set)  # spelling -> places
    columns = [places[c].tolist() for c in (S.ARTICLE_ID, S.SENTENCE_ID, S.ENTITY_ID, S.ENTITY, S.TEXT, S.START)]
    for article_id, sentence_id, eid, entity, mtext, start in zip(*columns, strict=True):
        key = (int(eid), entity)
        spelled[mtext].add(key)
        before = texts.get((article_id, int(sentence_id)), "")[max(0, int(start) - 12) : int(start)]
        if _LOCATIVE.search(before):
            counts[article_id][key] += 1
            first.setdefault((article_id, key), (int(sentence_id), int(start)))
    if titles and spelled:
        # One alternation over every spelling: linear in the headlines, not headlines x places.
        finder = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(v) for v in sorted(spelled, key=len, reverse=True)) + r")(?!\w)"
        )
        for article_id, headline in titles.items():
            for key in {k for m in finder.finditer(headline) for k in spelled[m.group()]}:
                counts[article_id][key] += _TITLE_WEIGHT
                first.setdefault((article_id, key), (-1, 0))
    return {a: min(c, key=lambda k: (-c[k], first[(a, k)])) for a, c in counts.items() if c}


def _same_clause(text: str, m: _Mention, pos: int) -> bool:
    """Whether ``pos`` is within :data:`_CLAUSE_CHARS` of the mention with no clause punctuation between."""
    between = text[m.end : pos] if pos >= m.end else text[pos : m.start]
    return len(between) <= _CLAUSE_CHARS and not _CLAUSE_BREAK.search(between)


def _day_of_year(value: str) -> int | None:
    m = _MONTH_DAY.search(value)
    if not m:
        return None
    try:
        return date(2000, int(m.group(1)), int(m.group(2))).timetuple().tm_yday
    except ValueError:
        return None


# --------------------------------------------------------------------------
# Comparing claims


def _conflicts(claims: list[_Claim]) -> list[list[_Claim]]:
    """Groups of claims where two outlets give different values."""
    by_group: dict[tuple[Any, ...], list[_Claim]] = defaultdict(list)
    for c in claims:
        by_group[c.group].append(c)
    found = []
    for members in by_group.values():
        unique = {(c.outlet, c.article_id, c.sentence_id, c.compare): c for c in members}
        members = list(unique.values())
        values: dict[Any, set[str]] = defaultdict(set)
        for c in members:
            values[c.compare].add(c.outlet)
        if len(values) < 2:
            continue
        outlet_sets = list(values.values())
        # Two different values from two different outlets (not one outlet contradicting itself).
        if any(o1 != o2 for i, a in enumerate(outlet_sets) for b in outlet_sets[i + 1 :] for o1 in a for o2 in b):
            found.append(members)
    return found


def _split_dates(claims: list[_Claim], day_of: dict[int, int]) -> list[_Claim]:
    """Re-group date claims so dates more than a week apart are different events."""
    by_group: dict[tuple[Any, ...], list[_Claim]] = defaultdict(list)
    for c in claims:
        by_group[c.group].append(c)
    out: list[_Claim] = []
    for group, members in by_group.items():
        members.sort(key=lambda c: day_of[id(c)])
        cluster, last = 0, None
        for c in members:
            day = day_of[id(c)]
            if last is not None and day - last > MAX_DATE_GAP_DAYS:
                cluster += 1
            last = day
            out.append(
                _Claim(
                    (*group, cluster), c.entity, c.attribute, c.value, c.compare, c.outlet, c.article_id, c.sentence_id
                )
            )
    return out


def _split_by_date(claims: list[_Claim], dates: dict[int, str | None]) -> list[_Claim]:
    """Number claims: one group per date when a group's claims give two dates."""
    by_group: dict[tuple[Any, ...], list[_Claim]] = defaultdict(list)
    for c in claims:
        by_group[c.group].append(c)
    out: list[_Claim] = []
    for group, members in by_group.items():
        known = {dates[id(c)] for c in members} - {None}
        for c in members:
            d = dates[id(c)]
            if len(known) > 1 and d is None:
                continue
            new_group = (*group, d if len(known) > 1 else None)
            out.append(
                _Claim(new_group, c.entity, c.attribute, c.value, c.compare, c.outlet, c.article_id, c.sentence_id)
            )
    return out


# --------------------------------------------------------------------------
# Public API


def find_discrepancies(
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    entities: pd.DataFrame,
    *,
    vocabulary: Vocabulary,
) -> pd.DataFrame:
    """Claims about the same attribute of the same entity or event that outlets disagree on.

    Args:
        sentences: ``sentences.parquet`` rows (``article_id, sentence_id, text``).
        articles: ``articles.parquet`` rows (``article_id, outlet``; ``title``
            if present helps find an article's main place).
        entities: The output of :func:`dashboard.corpus.entities.extract_entities` on
            the same sentences.
        vocabulary: The entity vocabulary (``data/entities.toml``).

    Returns:
        Columns :data:`dashboard.schema.DISCREPANCY_COLUMNS`, one row per claim:
        ``discrepancy_id`` (int >= 0; rows sharing it are the conflicting claims,
        from at least two outlets with at least two different values),
        ``entity`` (the person, or the event as "<kind> in <place>"),
        ``attribute`` ("title", an office head-word such as "department",
        "date", or "<duration|count> (<unit>)"), ``value`` (a title or an
        office as the outlet writes it; a number or date in canonical form,
        e.g. "over 6 hours", "03-04"), ``outlet``, ``article_id``, ``sentence_id``. Sorted by
        ``discrepancy_id`` then value, outlet, article, sentence; ids are
        numbered in order of (entity, attribute). Empty input gives an empty
        table with these columns.
    """
    if sentences.empty or entities.empty:
        return _empty()
    vocab = vocabulary
    texts = {
        (a, int(s)): t
        for a, s, t in zip(sentences[S.ARTICLE_ID], sentences[S.SENTENCE_ID], sentences[S.TEXT], strict=True)
    }
    titles: dict[str, str] = {}
    if S.TITLE in articles.columns:
        titles = {
            a: t for a, t in zip(articles[S.ARTICLE_ID], articles[S.TITLE], strict=True) if isinstance(t, str) and t
        }
    main_place = _main_places(entities, texts, titles)

    claims: list[_Claim] = []
    day_of: dict[int, int] = {}
    number_dates: dict[int, str | None] = {}
    ordered = entities.sort_values([S.ARTICLE_ID, S.SENTENCE_ID, S.START, S.END], kind="stable")
    columns = [
        ordered[c].tolist()
        for c in (S.ARTICLE_ID, S.SENTENCE_ID, S.OUTLET, S.ENTITY_ID, S.ENTITY, S.ENTITY_TYPE, S.TEXT, S.START, S.END)
    ]
    by_sentence: dict[tuple[str, int], list[_Mention]] = {}
    outlets: dict[str, str] = {}
    for article_id, sentence_id, outlet, eid, entity, etype, mtext, start, end in zip(*columns, strict=True):
        by_sentence.setdefault((article_id, int(sentence_id)), []).append(
            _Mention(int(eid), entity, etype, mtext, int(start), int(end))
        )
        outlets[article_id] = outlet
    for (article_id, sentence_id), ms in by_sentence.items():
        text = texts.get((article_id, sentence_id))
        if text is None:
            continue
        outlet = outlets[article_id]
        where = (outlet, article_id, int(sentence_id))

        for person, kind, m in _person_claims(ms, text, vocab):
            if kind == "title":
                head, office = title_key(m.text, vocab)
                if head:
                    claims.append(
                        _Claim((person.entity_id, "title", head), person.entity, "title", m.text, office, *where)
                    )
            else:
                head = org_head(m.text, vocab)
                if head:
                    claims.append(
                        _Claim((person.entity_id, "office", head), person.entity, head, m.text, m.entity_id, *where)
                    )

        if not any(m.type in (NUMBER, DATE) for m in ms):
            continue
        places = [
            (m.start, (m.entity_id, m.entity))
            for m in ms
            if m.type == PLACE and _LOCATIVE.search(text, max(0, m.start - 12), m.start)
        ]
        events = _event_nouns(text, vocab)
        dated = [(m.start, m.entity) for m in ms if m.type == DATE and _day_of_year(m.entity) is not None]
        for m in ms:
            if m.type == NUMBER:
                parsed = _NUMBER_KEY.match(m.entity)
                if not parsed or not parsed.group("u"):
                    continue
                unit = parsed.group("u")
                place = _nearest(places, m.start) or main_place.get(article_id)
                if place is None:
                    continue
                event = _nearest(events, m.start) or "event"
                kind = "duration" if unit in vocab.time_units.values() else "count"
                cls = vocab.unit_class.get(unit, unit)
                claim = _Claim(
                    (place[0], event, kind, cls),
                    f"{event} in {place[1]}",
                    f"{kind} ({cls})",
                    m.entity,
                    float(parsed.group("v")),
                    *where,
                )
                claims_dates = _nearest(dated, m.start)
                number_dates[id(claim)] = claims_dates[-5:] if claims_dates else None
                claims.append(claim)
            elif m.type == DATE and (day := _day_of_year(m.entity)) is not None:
                place = _nearest([p for p in places if _same_clause(text, m, p[0])], m.start)
                event = _nearest([e for e in events if _same_clause(text, m, e[0])], m.start)
                if place is None or event is None:
                    continue
                claim = _Claim(
                    (place[0], event, "date"), f"{event} in {place[1]}", "date", m.entity, m.entity[-5:], *where
                )
                day_of[id(claim)] = day
                claims.append(claim)

    date_claims = [c for c in claims if c.attribute == "date"]
    number_claims = [c for c in claims if id(c) in number_dates]
    other = [c for c in claims if c.attribute != "date" and id(c) not in number_dates]
    grouped = (
        _conflicts(other)
        + _conflicts(_split_dates(date_claims, day_of))
        + _conflicts(_split_by_date(number_claims, number_dates))
    )
    if not grouped:
        return _empty()
    grouped.sort(key=lambda g: (g[0].entity, g[0].attribute, sorted(str(c.compare) for c in g)))
    rows_out = []
    for did, members in enumerate(grouped):
        for c in sorted(members, key=lambda c: (c.value, c.outlet, c.article_id, c.sentence_id)):
            rows_out.append((did, c.entity, c.attribute, c.value, c.outlet, c.article_id, c.sentence_id))
    out = pd.DataFrame(rows_out, columns=S.DISCREPANCY_COLUMNS)
    return out.astype({S.DISCREPANCY_ID: "int64", S.SENTENCE_ID: "int64"})
