"""Where outlets disagree on a fact: members of one fact group that differ in one slot.

Discrepancies are read off the alignment (:func:`dashboard.corpus.align.align_facts`): only
sentences that state the same fact are compared, so two meetings weeks apart, or two different
quantities in one story, are never set against each other. For every pair of members of one fact
group from different outlets, each sentence's **slots** are read with general patterns:

* **numbers with a unit** (from the entity table: "$3.5 billion", "48 pages", "over six hours"),
  compared within one unit class (``same_unit`` in ``data/entities.toml``). A qualifier makes the
  value an interval ("more than 30" is above 30, "about 60,000" is within 10 % of it, "nearly"
  just below, "up to" at most), and two values conflict only when their intervals do not meet:
  "more than 5,000" and "5,200" agree, "50,000 pages" and "55,000 pages" do not;
* **days**: a weekday ("on Thursday" / "on Tuesday"), a day of the month ("February 27"), or a
  relative time ("last week" / "last month", "yesterday");
* **negation**: one sentence says what the other denies ("passing the bill would increase the
  risk" / "not passing the bill would increase the risk");
* **a person's title and office** (pre-modifiers and appositives: "North Atlantic Department
  Director Alexander Darchiev", "Darchiev, director of the ... North American Department").
  Titles are compared by office wording among titles with one head-word, and a short form
  inside the full one is not a conflict ("Secretary" / "Secretary of State"); offices by the
  organisation's head-word.

Only members whose alignment similarity reaches :data:`MIN_SIMILARITY` are compared. A slot
conflicts when both sentences give exactly one value for it and the values are incompatible; the pair is reported only when exactly one slot conflicts ("differ in one slot"):
sentences that disagree on several things are more likely two facts than one fact told two ways.
The spelling of a name is not compared here (:func:`dashboard.corpus.entities.entity_variants`
lists the spellings of one person). No verdict is given: the table lists who says what, with
the strength of the match between the sentences.

Complexity: pairs of members within each fact group; a group holds the sentences of one fact from
the outlets telling one story, so the work grows with the corpus, not with its square.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import pandas as pd

from dashboard import schema as S
from dashboard.corpus.align import Alignment
from dashboard.corpus.entities import (
    DATE,
    NUMBER,
    ORGANISATION,
    PERSON,
    TITLE,
    Vocabulary,
    org_head,
    title_key,
)
from dashboard.text.dates import WEEKDAYS

__all__ = ["MIN_SIMILARITY", "find_discrepancies"]

MIN_SIMILARITY = 0.45
"""Two members are compared only when their alignment similarity reaches this: a weaker match is as
likely two facts as one, and a slot that differs between two facts is no conflict. Chosen on the
development events, where conflicting slots between weaker matches were different facts."""

_ADJACENT = re.compile(r"^\s*(?:['’]s\s+)?$")
_APPOSITIVE = re.compile(r"^\s*,\s*(?:(?:the|a|an)\s+)?$", re.IGNORECASE)
_TITLE_TO_ORG = re.compile(r"^\s+(?:of|at|in|for|with)\s+(?:the\s+)?$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"^['’]s\s+$")
_OF = re.compile(r"^\s+(?:of|at|in)\s+(?:the\s+)?$", re.IGNORECASE)
_AND_TITLE = re.compile(r"^\s+and\s+(?:(?:the|a|an)\s+)?(?:[^,;.]{1,40}?['’]s\s+)?$", re.IGNORECASE)
_NUMBER_KEY = re.compile(r"^(?:(?P<q>at least|up to|over|about|nearly|under) )?(?P<v>\d+(?:\.\d+)?)(?: (?P<u>.+))?$")
_MONTH_DAY = re.compile(r"(?:^|-)(\d{2})-(\d{2})$")

# Relative times, as (pattern, slot value). General English, not words from any one story.
_RELATIVE = re.compile(
    r"\b(?P<rel>(?:last|this|next|past) (?:week(?:end)?|month|year|night)|yesterday|today|tomorrow|"
    r"(?:over|during) the weekend)\b",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"\b(" + "|".join(sorted(WEEKDAYS)) + r")\b", re.IGNORECASE)
# A slot that needs a closer match than MIN_SIMILARITY before it is compared: a negation differs
# between two merely similar sentences all the time, between two copies only when one denies.
_SLOT_MIN_SIMILARITY = {"negation": 0.75}
_NEGATION = re.compile(r"\b(?:not|never|no|neither|nor|without)\b|n['’]t\b", re.IGNORECASE)
# How wide a qualified number is, as (low factor, high factor) around its value.
_QUALIFIER_RANGE = {
    "over": (1.0, float("inf")),
    "at least": (1.0, float("inf")),
    "about": (0.9, 1.1),
    "nearly": (0.9, 1.0),
    "under": (0.0, 1.0),
    "up to": (0.0, 1.0),
}


@dataclass(frozen=True, slots=True)
class _Mention:
    entity_id: int
    entity: str
    type: str
    text: str
    start: int
    end: int


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


@dataclass(frozen=True, slots=True)
class _Slot:
    key: tuple[str, ...]  # what the value is about: compared only with the same key
    attribute: str  # shown: "count (pages)", "day", "title", "department" ...
    value: str  # shown, as the outlet writes it or in canonical form
    compare: Any  # compared (see _compatible): an interval, a word, an office or an entity id
    subject: str  # shown as the discrepancy's entity when the slot is about a person


def _number_slot(entity: str, vocab: Vocabulary) -> _Slot | None:
    parsed = _NUMBER_KEY.match(entity)
    if not parsed or not parsed.group("u"):
        return None
    unit = parsed.group("u")
    value = float(parsed.group("v"))
    low, high = _QUALIFIER_RANGE.get(parsed.group("q") or "", (1.0, 1.0))
    kind = "duration" if unit in vocab.time_units.values() else "count"
    cls = vocab.unit_class.get(unit, unit)
    return _Slot(("number", cls), f"{kind} ({cls})", entity, (value * low, value * high), "")


def _day_slots(text: str, ms: Sequence[_Mention]) -> list[_Slot]:
    slots = [
        _Slot(("weekday",), "day", m.group(1).capitalize(), m.group(1).lower(), "") for m in _WEEKDAY.finditer(text)
    ]
    slots += [
        _Slot(("relative time",), "when", m.group("rel").lower(), _relative_key(m.group("rel")), "")
        for m in _RELATIVE.finditer(text)
    ]
    slots += [
        _Slot(("date",), "date", m.entity, m.entity[-5:], "")
        for m in ms
        if m.type == DATE and _MONTH_DAY.search(m.entity)
    ]
    return slots


def _negation_slot(text: str) -> _Slot:
    """Whether the sentence is negated: "passing the bill would ..." against "not passing the bill would ..."."""
    negated = len(_NEGATION.findall(text)) % 2 == 1
    return _Slot(("negation",), "wording (negation)", "negated" if negated else "affirmed", negated, "")


def _relative_key(text: str) -> str:
    words = text.lower().split()
    return "weekend" if "weekend" in words else words[-1] if words[0] in ("last", "this", "next", "past") else words[0]


def _person_slots(ms: Sequence[_Mention], text: str, vocab: Vocabulary) -> list[_Slot]:
    slots = []
    for person, kind, m in _person_claims(ms, text, vocab):
        if kind == "title":
            head, office = title_key(m.text, vocab)
            if head:
                slots.append(_Slot(("title", str(person.entity_id), head), "title", m.text, office, person.entity))
        else:
            head = org_head(m.text, vocab)
            if head:
                slots.append(_Slot(("office", str(person.entity_id), head), head, m.text, m.entity_id, person.entity))
    return slots


def _compatible(a: _Slot, b: _Slot) -> bool:
    """Whether two values of one slot can both be true."""
    if a.key[0] == "number":
        (alow, ahigh), (blow, bhigh) = a.compare, b.compare
        return alow <= bhigh and blow <= ahigh
    if a.key[0] == "title":
        shorter, longer = sorted((str(a.compare).split(), str(b.compare).split()), key=len)
        # The full form goes on where the short one stops: "secretary" / "secretary of state" is one
        # title; "spokeswoman" / "deputy spokeswoman" are two ranks.
        return longer[: len(shorter)] == shorter
    return a.compare == b.compare


def _single_values(slots: list[_Slot]) -> dict[tuple[str, ...], _Slot]:
    """The slots a sentence gives exactly one value for (two values of one slot: it is not a claim)."""
    by_key: dict[tuple[str, ...], list[_Slot]] = defaultdict(list)
    for slot in slots:
        by_key[slot.key].append(slot)
    return {k: v[0] for k, v in by_key.items() if len({str(s.compare) for s in v}) == 1}


def _empty() -> pd.DataFrame:
    dtypes = {S.DISCREPANCY_ID: "int64", S.SENTENCE_ID: "int64", S.FACT_ID: "int64", S.STRENGTH: "float64"}
    return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, "object")) for c in S.DISCREPANCY_COLUMNS})


def _short(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def find_discrepancies(
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    entities: pd.DataFrame,
    alignment: Alignment,
    *,
    vocabulary: Vocabulary,
) -> pd.DataFrame:
    """Members of one fact group, from different outlets, that give incompatible values for one slot.

    Args:
        sentences: ``sentences.parquet`` rows (``article_id, sentence_id, text``).
        articles: ``articles.parquet`` rows (``article_id, outlet``).
        entities: :func:`dashboard.corpus.entities.extract_entities` on the same sentences.
        alignment: :func:`dashboard.corpus.align.align_facts` on the same sentences.
        vocabulary: The entity vocabulary (``data/entities.toml``).

    Returns:
        Columns :data:`dashboard.schema.DISCREPANCY_COLUMNS`, one row per claim. Rows sharing
        ``discrepancy_id`` (0..n-1, by strength then fact) are the conflicting claims of one fact
        group about one slot, from at least two outlets with at least two values: ``entity``
        (the person for a title or office, else the fact's representative sentence, shortened),
        ``attribute`` ("count (pages)", "duration (hours)", "day", "when", "date", "title", an
        office head-word), ``value`` (as written, or canonical for numbers and dates), ``outlet``,
        ``article_id``, ``sentence_id``, ``fact_id``, ``strength`` (0-1: the alignment similarity of
        the least similar pair of conflicting sentences; how sure it is that they state one fact).
        Sorted by discrepancy, value, outlet, article, sentence.
    """
    members = alignment.members
    if members.empty or sentences.empty:
        return _empty()
    texts = {
        (a, int(s)): t
        for a, s, t in zip(
            sentences[S.ARTICLE_ID].tolist(), sentences[S.SENTENCE_ID].tolist(), sentences[S.TEXT].tolist()
        )
    }
    mentions: dict[tuple[str, int], list[_Mention]] = defaultdict(list)
    if not entities.empty:
        ordered = entities.sort_values([S.ARTICLE_ID, S.SENTENCE_ID, S.START, S.END], kind="stable")
        columns = [
            ordered[c].tolist()
            for c in (S.ARTICLE_ID, S.SENTENCE_ID, S.ENTITY_ID, S.ENTITY, S.ENTITY_TYPE, S.TEXT, S.START, S.END)
        ]
        for article_id, sentence_id, eid, entity, etype, mtext, start, end in zip(*columns):
            mentions[(article_id, int(sentence_id))].append(
                _Mention(int(eid), entity, etype, mtext, int(start), int(end))
            )
    representative = dict(zip(alignment.groups[S.FACT_ID].tolist(), alignment.groups[S.TEXT].tolist()))

    def slots_of(key: tuple[str, int]) -> dict[tuple[str, ...], _Slot]:
        text, ms = texts.get(key, ""), mentions.get(key, [])
        slots = [s for m in ms if m.type == NUMBER and (s := _number_slot(m.entity, vocabulary))]
        return _single_values(
            slots + _day_slots(text, ms) + _person_slots(ms, text, vocabulary) + [_negation_slot(text)]
        )

    found: dict[tuple[int, tuple[str, ...]], dict[tuple[str, str, int], tuple[_Slot, float]]] = defaultdict(dict)
    for _, group in members.groupby(S.FACT_ID, sort=True):
        fact_id = int(group[S.FACT_ID].iloc[0])
        keys = list(
            zip(group[S.ARTICLE_ID].tolist(), group[S.SENTENCE_ID].astype(int).tolist(), group[S.OUTLET].tolist())
        )
        slots = {(a, s): slots_of((a, s)) for a, s, _ in keys}
        for (a1, s1, o1), (a2, s2, o2) in combinations(keys, 2):
            if o1 == o2:
                continue
            strength = alignment.similarity(alignment.terms[(a1, s1)], alignment.terms[(a2, s2)])
            if strength < MIN_SIMILARITY:
                continue
            first, second = slots[(a1, s1)], slots[(a2, s2)]
            # A slot that needs a closer match than this pair has is not compared at all.
            comparable = [
                k
                for k in sorted(first.keys() & second.keys())
                if strength >= _SLOT_MIN_SIMILARITY.get(k[0], MIN_SIMILARITY)
            ]
            conflicts = [k for k in comparable if not _compatible(first[k], second[k])]
            if len(conflicts) != 1:
                continue
            (slot_key,) = conflicts
            claims = found[(fact_id, slot_key)]
            for article, sentence, outlet, slot in ((a1, s1, o1, first[slot_key]), (a2, s2, o2, second[slot_key])):
                claim = (outlet, article, sentence)
                claims[claim] = (slot, min(strength, claims.get(claim, (slot, 1.0))[1]))
    if not found:
        return _empty()
    ordered_groups = sorted(
        found.items(), key=lambda item: (-min(v[1] for v in item[1].values()), item[0][0], item[0][1])
    )
    rows = []
    for did, ((fact_id, _), claims) in enumerate(ordered_groups):
        strength = round(min(v[1] for v in claims.values()), 3)
        for (outlet, article, sentence), (slot, _) in sorted(
            claims.items(), key=lambda c: (c[1][0].value, c[0][0], c[0][1], c[0][2])
        ):
            entity = slot.subject or _short(representative.get(fact_id, ""))
            rows.append((did, entity, slot.attribute, slot.value, outlet, article, sentence, fact_id, strength))
    out = pd.DataFrame(rows, columns=S.DISCREPANCY_COLUMNS)
    return out.astype({S.DISCREPANCY_ID: "int64", S.SENTENCE_ID: "int64", S.FACT_ID: "int64", S.STRENGTH: "float64"})
