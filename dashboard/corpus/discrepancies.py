"""Where outlets disagree on a fact: sentences of one fact that differ in one slot.

Discrepancies are read off the alignment (:func:`dashboard.corpus.align.align_facts`): only
sentences that state the same fact are compared, so two meetings weeks apart, or two different
quantities in one story, are never set against each other. Each sentence's **slots** are read
with general patterns:

* **numbers with a unit** (from the entity table: "$3.5 billion", "48 pages", "over six hours"),
  compared within one unit class (``same_unit`` in ``data/entities.toml``; a hyphenated unit, "a
  48-page indictment", is the same unit as "48 pages"). A qualifier makes the
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

Two ways bring two sentences of different outlets face to face:

1. **Members of one fact group** whose alignment similarity reaches :data:`MIN_SIMILARITY`: every
   slot is compared.
2. **A value told with the same words around it.** Outlets often give a number or a day in
   sentences that say little else alike ("dozens of boxes filled with 50,000 pages of printed
   emails" / "it had received 55,000 pages of Clinton's emails"), which no fact group joins. Each
   number, day and date slot is anchored by the content terms of the words beside it
   (:data:`ANCHOR_WINDOW`; words of days and times left out: they date a statement, they do not
   say what a value is about), and an index of (slot, anchor term) finds the sentences of other
   outlets with the same slot and a shared anchor. Such a pair is compared only on anchored slots,
   only when its similarity reaches :data:`ANCHORED_MIN_SIMILARITY`, and only when each sentence is
   the other's closest match among the sentences of its article that give that slot with a shared
   anchor: "12 killed in the floods" is not set against "40 killed in the bus crash" when the other
   outlet tells the floods as well. Anchors held by more than :data:`MAX_ANCHOR_POSTING` sentences
   are skipped.

A slot conflicts when both sentences give exactly one value for it and the values are
incompatible (two percentages that make a whole, "pay 77 percent" / "a 23 percent cut", are two
sides of one value); the pair is reported only when exactly one slot conflicts ("differ in one
slot"): sentences that disagree on several things are more likely two facts than one fact told
two ways. Conflicting pairs of one slot that share a sentence make one discrepancy. The spelling
of a name is not compared here (:func:`dashboard.corpus.entities.entity_variants` lists the
spellings of one person). No verdict is given: the table lists who says what, with the strength of
the match between the sentences (an anchored pair is weak by construction, and shown as such).

Complexity: pairs of members within each fact group, and pairs within each anchor's posting list
(at most :data:`MAX_ANCHOR_POSTING` long); each is bounded by the size of one story, so the work
grows with the corpus, not with its square.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Any

import pandas as pd

from dashboard import schema as S
from dashboard.corpus.align import LINK_FLOOR, Alignment, fact_terms, related_articles
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
from dashboard.text.dates import MONTH_NAMES, WEEKDAYS
from dashboard.text.unionfind import UnionFind

__all__ = ["ANCHORED_MIN_SIMILARITY", "MIN_SIMILARITY", "find_discrepancies"]

MIN_SIMILARITY = 0.45
"""Two members are compared only when their alignment similarity reaches this: a weaker match is as
likely two facts as one, and a slot that differs between two facts is no conflict. Chosen on the
development events, where conflicting slots between weaker matches were different facts."""

ANCHORED_MIN_SIMILARITY = LINK_FLOOR
"""Two sentences outside one fact group are compared when they give a value with the same words
around it (see :func:`find_discrepancies`) and their similarity reaches this: the least that any two
members of one fact group share. Swept on the development events with the anchor windows (0.12 and
0.15 gave the same figures, 0.20 halved the recall)."""
ANCHOR_WINDOW = {"number": 4, "weekday": 2, "relative time": 2, "date": 2}
"""Words each side of a value that say what it is about: a number counts the noun next to it, which
may follow "of" and an adjective ("50,000 pages of printed emails"); a day dates the verb right beside
it ("on Friday apologized", "apologized Saturday")."""
MAX_ANCHOR_POSTING = 50
"""An anchor (slot and word) that more sentences than this hold tells nothing apart: skipped."""

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
    span: tuple[int, int] = (0, 0)  # where the value is written in the sentence


def _number_slot(mention: _Mention, vocab: Vocabulary) -> _Slot | None:
    entity = mention.entity
    parsed = _NUMBER_KEY.match(entity)
    if not parsed or not parsed.group("u"):
        return None
    unit = parsed.group("u")
    value = float(parsed.group("v"))
    low, high = _QUALIFIER_RANGE.get(parsed.group("q") or "", (1.0, 1.0))
    kind = "duration" if unit in vocab.time_units.values() else "count"
    cls = vocab.unit_class.get(unit, unit)
    span = (mention.start, mention.end)
    return _Slot(("number", cls), f"{kind} ({cls})", entity, (value * low, value * high), "", span)


def _day_slots(text: str, ms: Sequence[_Mention]) -> list[_Slot]:
    slots = [
        _Slot(("weekday",), "day", m.group(1).capitalize(), m.group(1).lower(), "", m.span())
        for m in _WEEKDAY.finditer(text)
    ]
    slots += [
        _Slot(("relative time",), "when", m.group("rel").lower(), _relative_key(m.group("rel")), "", m.span())
        for m in _RELATIVE.finditer(text)
    ]
    slots += [
        _Slot(("date",), "date", m.entity, m.entity[-5:], "", (m.start, m.end))
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
        if a.key[1] == "percent" and abs(alow + blow - 100) <= 1:
            return True  # two sides of one whole: "pay 77 percent" is "a 23 percent cut"
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
    stopwords: frozenset[str],
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
        ``discrepancy_id`` (0..n-1, by strength then first sentence) are the conflicting claims
        about one slot, linked by conflicting pairs, from at least two outlets with at least two
        values: ``entity``
        (the person for a title or office, else the fact's representative sentence, shortened),
        ``attribute`` ("count (pages)", "duration (hours)", "day", "when", "date", "title", an
        office head-word), ``value`` (as written, or canonical for numbers and dates), ``outlet``,
        ``article_id``, ``sentence_id``, ``fact_id`` (the fact group all claims are members of, -1
        when they were compared by their anchors), ``strength`` (0-1: the alignment similarity of
        the least similar pair of conflicting sentences; how sure it is that they state one fact).
        Sorted by discrepancy, value, outlet, article, sentence.
    """
    if sentences.empty or articles.empty:
        return _empty()
    outlet_of = dict(zip(articles[S.ARTICLE_ID].tolist(), articles[S.OUTLET].tolist()))
    texts = {
        (a, int(s)): t
        for a, s, t in zip(
            sentences[S.ARTICLE_ID].tolist(), sentences[S.SENTENCE_ID].tolist(), sentences[S.TEXT].tolist()
        )
        if a in outlet_of and isinstance(t, str)
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
    members = alignment.members
    fact_of = dict(
        zip(zip(members[S.ARTICLE_ID].tolist(), members[S.SENTENCE_ID].astype(int).tolist()), members[S.FACT_ID])
    )
    representative = dict(zip(alignment.groups[S.FACT_ID].tolist(), alignment.groups[S.TEXT].tolist()))
    slots = {key: _slots_of(text, mentions.get(key, []), vocabulary) for key, text in texts.items()}
    anchors = {
        key: {
            k: _anchor_terms(texts[key], slot.span, ANCHOR_WINDOW[k[0]], stopwords)
            for k, slot in found.items()
            if k[0] in ANCHOR_WINDOW
        }
        for key, found in slots.items()
    }

    holders: dict[tuple[str, tuple[str, ...]], list[tuple[str, int]]] = defaultdict(list)
    for key in sorted(anchors):
        for slot_key in anchors[key]:
            holders[(key[0], slot_key)].append(key)

    # (slot key, sentence pair) -> the pair's similarity, for every pair of sentences of different
    # outlets that disagree in exactly one slot.
    conflicts: dict[tuple[str, ...], dict[tuple[tuple[str, int], tuple[str, int]], float]] = defaultdict(dict)

    no_terms: frozenset[str] = frozenset()
    total = {key: alignment.weight(alignment.terms.get(key, no_terms)) for key in texts}

    known: dict[tuple[tuple[str, int], tuple[str, int]], float] = {}  # (a, b) -> similarity(a, b)

    def similarity(a: tuple[str, int], b: tuple[str, int]) -> float:
        value = known.get((a, b))
        if value is None:
            terms = alignment.terms
            value = known[(a, b)] = alignment.similarity(
                terms.get(a, no_terms), terms.get(b, no_terms), total[a], total[b]
            )
        return value

    whole_pairs: set[tuple[tuple[str, int], tuple[str, int]]] = set()  # compared on every slot

    def compare(a: tuple[str, int], b: tuple[str, int], grouped: bool) -> None:
        """Record the pair's conflict, if it has one: on every slot for close members of one fact
        group, else on the slots whose values have a shared anchor."""
        first, second = slots[a], slots[b]
        common = first.keys() & second.keys()
        if all(_compatible(first[k], second[k]) for k in common):
            return  # nothing differs: the similarity is not needed
        shared = sorted(common)
        strength = similarity(a, b)
        whole = grouped and strength >= MIN_SIMILARITY
        if whole:
            whole_pairs.add((a, b))
            # A slot that needs a closer match than this pair has is not compared at all.
            comparable = [k for k in shared if strength >= _SLOT_MIN_SIMILARITY.get(k[0], 0.0)]
        elif strength >= ANCHORED_MIN_SIMILARITY:
            comparable = [k for k in shared if k in anchors[a] and anchors[a][k] & anchors[b].get(k, frozenset())]
        else:
            return
        differing = [k for k in comparable if not _compatible(first[k], second[k])]
        if len(differing) != 1:
            return
        (slot_key,) = differing
        if not whole and not (best_match(a, b[0], slot_key) == b and best_match(b, a[0], slot_key) == a):
            # Two sentences that give a value for the same slot are about one thing only when each
            # is the other's closest sentence of that slot: "12 killed in the floods" is not set
            # against "40 killed in the bus crash" when the other outlet tells the floods too.
            return
        conflicts[slot_key][(a, b)] = strength

    def best_match(key: tuple[str, int], article: str, slot_key: tuple[str, ...]) -> tuple[str, int]:
        """The sentence of ``article`` most similar to ``key`` among those giving the slot with a shared anchor."""
        anchor = anchors[key][slot_key]
        return max(
            (other for other in holders[(article, slot_key)] if anchors[other][slot_key] & anchor),
            key=lambda other: (similarity(key, other), -other[1]),
        )

    # Members of one fact group: every slot is compared when they match closely enough; anchored
    # slots only when they do not.
    compared: set[tuple[tuple[str, int], tuple[str, int]]] = set()
    members_of: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for fact, key in zip(
        members[S.FACT_ID].tolist(),
        zip(members[S.ARTICLE_ID].tolist(), members[S.SENTENCE_ID].astype(int).tolist()),
    ):
        if key in texts:
            members_of[fact].append(key)
    for fact in sorted(members_of):
        keys = sorted(members_of[fact])
        for a, b in combinations(keys, 2):
            if outlet_of[a[0]] != outlet_of[b[0]]:
                compared.add((a, b))
                compare(a, b, grouped=True)
    # Any two sentences whose values of one slot are told with the same words around them (the
    # pages "of emails", the "indictment" of so many pages): found through an index of
    # (slot, anchor term), skipping anchors so common they tell nothing apart.
    index: dict[tuple[tuple[str, ...], str], list[tuple[str, int]]] = defaultdict(list)
    for key in sorted(anchors):
        for slot_key, terms in anchors[key].items():
            for term in terms:
                index[(slot_key, term)].append(key)
    # ... between articles of one story (sharing a fact group), as omissions are: two events of one
    # folder told in the same words are not one event.
    stories = related_articles(alignment, outlet_of)
    anchored_pairs = {
        (a, b)
        for keys in index.values()
        if len(keys) <= MAX_ANCHOR_POSTING
        for a, b in combinations(keys, 2)
        if outlet_of[a[0]] != outlet_of[b[0]] and (stories is None or b[0] in stories.get(a[0], ()))
    }
    for a, b in sorted(anchored_pairs - compared):
        compare(a, b, grouped=False)
    if not conflicts:
        return _empty()

    # One discrepancy: the conflicting members of one fact group about one slot; and, for pairs
    # compared by their anchors, the sentences of one slot they link, as long as those hold one
    # sentence per article: a chain through several sentences of one article links different
    # things, and is no finding.
    claims_of: list[tuple[float, tuple[str, ...], list[tuple[str, int]]]] = []
    for slot_key, pairs in conflicts.items():
        by_fact: dict[int, dict[tuple[str, int], float]] = defaultdict(dict)
        linked: UnionFind[tuple[str, int]] = UnionFind()
        weakest: dict[tuple[str, int], float] = {}
        for (a, b), value in pairs.items():
            fact = fact_of.get(a, -1)
            if fact >= 0 and fact == fact_of.get(b, -1) and (a, b) in whole_pairs:
                for key in (a, b):
                    by_fact[fact][key] = min(value, by_fact[fact].get(key, value))
            else:
                linked.union(a, b)
                weakest[a] = min(value, weakest.get(a, value))
        for claims in by_fact.values():
            claims_of.append((round(min(claims.values()), 3), slot_key, sorted(claims)))
        components: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
        for key in sorted(linked):
            components[linked.find(key)].append(key)
        lowest: dict[tuple[str, int], float] = {}
        for key, value in weakest.items():
            root = linked.find(key)
            lowest[root] = min(value, lowest.get(root, value))
        for root, keys in components.items():
            if len({k[0] for k in keys}) == len(keys):
                claims_of.append((round(lowest[root], 3), slot_key, keys))
    claims_of.sort(key=lambda c: (-c[0], c[2][0], c[1]))
    rows = []
    for did, (strength, slot_key, keys) in enumerate(claims_of):
        facts = {fact_of.get(k, -1) for k in keys}
        fact_id = int(facts.pop()) if len(facts) == 1 else -1
        about = representative.get(fact_id) if fact_id >= 0 else texts[keys[0]]
        for article, sentence in sorted(keys, key=lambda k: (slots[k][slot_key].value, outlet_of[k[0]], k)):
            slot = slots[(article, sentence)][slot_key]
            entity = slot.subject or _short(about or "")
            rows.append(
                (did, entity, slot.attribute, slot.value, outlet_of[article], article, sentence, fact_id, strength)
            )
    out = pd.DataFrame(rows, columns=S.DISCREPANCY_COLUMNS)
    return out.astype({S.DISCREPANCY_ID: "int64", S.SENTENCE_ID: "int64", S.FACT_ID: "int64", S.STRENGTH: "float64"})


def _slots_of(text: str, ms: Sequence[_Mention], vocabulary: Vocabulary) -> dict[tuple[str, ...], _Slot]:
    slots = [s for m in ms if m.type == NUMBER and (s := _number_slot(m, vocabulary))]
    return _single_values(slots + _day_slots(text, ms) + _person_slots(ms, text, vocabulary) + [_negation_slot(text)])


def _anchor_terms(text: str, span: tuple[int, int], window: int, stopwords: frozenset[str]) -> frozenset[str]:
    """The content terms of the ``window`` words each side of a value, the value's own left out."""
    before = text[: span[0]].split()[-window:]
    after = text[span[1] :].split()[:window]
    own = set(fact_terms(text[span[0] : span[1]], stopwords))
    return frozenset(fact_terms(" ".join(before + after), stopwords)) - own - _time_terms(stopwords)


@lru_cache(maxsize=4)
def _time_terms(stopwords: frozenset[str]) -> frozenset[str]:
    """Words of days and times: they date a statement, they do not say what a value is about."""
    words = [
        *WEEKDAYS,
        *MONTH_NAMES,
        "week",
        "weekend",
        "month",
        "year",
        "night",
        "morning",
        "evening",
        "afternoon",
        "today",
        "yesterday",
        "tomorrow",
        "last",
        "next",
        "past",
        "earlier",
        "later",
        "late",
        "early",
    ]
    return frozenset(fact_terms(" ".join(words), stopwords))
