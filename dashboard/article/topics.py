"""Topic tagging: which sentences are evidence for which codebook topic.

The codebook (``data/codebook.toml``) is data, not code: each topic lists
case-insensitive Python regexes. This module parses and validates it once
(:func:`parse_codebook`), then tags sentences
(:func:`tag_sentence`) and articles (:func:`article_topics`).

Matching rules for one topic in one sentence:

* every match of a ``terms`` pattern is evidence;
* a match of a ``weak_terms`` pattern is evidence only when some ``context``
  pattern also matches somewhere in the same sentence;
* a term or weak-term match that overlaps a match of an ``exclude`` pattern is
  dropped (``"Russian Direct Investment Fund"`` is not funding);
* of the remaining matches, overlapping ones are reduced to one: the match
  that starts first wins, at the same start the longer one.

Speed: case-insensitive regexes cannot use the regex engine's
first-character fast path, so even ``\bfunding\b`` costs about a full scan
of the sentence, and a codebook has ~150 patterns. At load time every pattern
is parsed to find literals that any match must contain
(``\bfinanc(?:ing|ed)\b`` needs "financ"). Per sentence, one case-sensitive
trie regex over the case-folded text finds which literals occur, and only
patterns whose literals all occur are run. This is a pure optimisation: a
skipped pattern could not have matched, so results equal running every
pattern. Patterns with no usable literal are always run.

The module is pure: ``dashboard.vocabularies.load_codebook`` reads the file.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from re import _constants as _sre  # type: ignore[attr-defined]  # Python >= 3.11
from re import _parser as _sre_parse  # type: ignore[attr-defined]
from typing import Any

from dashboard.errors import CodebookError

__all__ = [
    "Codebook",
    "TermHit",
    "Topic",
    "article_topics",
    "parse_codebook",
    "tag_sentence",
]

_FLAGS = re.IGNORECASE
_ID_RE = re.compile(r"[a-z][a-z0-9_]*")
_PATTERN_KEYS = ("terms", "weak_terms", "context", "exclude")
_TOPIC_KEYS = ("id", "label", "description", "min_sentences", *_PATTERN_KEYS)
_TOP_KEYS = ("version", "topic")

# Pattern kinds, in the order of _PATTERN_KEYS (0 terms, 1 weak_terms,
# 2 context, 3 exclude).
_TERMS, _WEAK = 0, 1


# --------------------------------------------------------------------------
# Literal pre-filter (see the module docstring)

_MIN_LITERAL = 3
"""Shorter literals ("of", "ed") occur everywhere and are not worth checking."""
_MAX_LITERAL = 32
"""Longer literals are cut to this length."""
_MAX_SETS = 2
"""At most this many literal sets are checked per pattern."""

_Requirement = tuple[frozenset[str], ...] | None
"""Literal sets a match must contain: at least one literal of every set.

``None`` means no literal could be derived; the pattern is always run.
"""

_PatternKey = tuple[int, int, int]
"""(topic index, pattern kind, pattern index)."""

# str.casefold plus two fixes so that whenever a regex literal matches a
# character case-insensitively, the folded literal occurs in the folded text:
# re matches "i" with dotless "ı", and folds "İ" to "i" + combining dot.
_FOLD_FIX = {0x131: "i", 0x307: None}


def _fold(text: str) -> str:
    """Case-folds text for the pre-filter (see ``_FOLD_FIX``)."""
    folded = text.casefold()
    return folded if folded.isascii() else folded.translate(_FOLD_FIX)


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """Returns the more selective of two alternative literal sets."""
    if a is None:
        return b
    if b is None:
        return a
    return a if (min(map(len, a)), -len(a)) >= (min(map(len, b)), -len(b)) else b


def _required(items: Any) -> list[frozenset[str]]:
    """Literal sets that every match of a parsed regex sequence contains.

    Args:
        items: A sequence of ``(opcode, argument)`` pairs from ``re._parser``.

    Returns:
        Sets of folded strings (see ``_fold``); the folded text of any match
        contains at least one string of each set. Empty when none was found.
    """
    found: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is _sre.LITERAL:
            run.append(chr(av))
            continue
        if op is _sre.AT:  # zero-width: the literals around it stay adjacent
            continue
        if run:
            found.append(frozenset({_fold("".join(run))}))
            run = []
        if op is _sre.SUBPATTERN:
            found.extend(_required(av[3]))
        elif op is _sre.ATOMIC_GROUP:
            found.extend(_required(av))
        elif op is _sre.BRANCH:
            best_per_alternative: list[frozenset[str] | None] = []
            for alternative in av[1]:
                best: frozenset[str] | None = None
                for candidate in _required(alternative):
                    best = _better(best, candidate)
                best_per_alternative.append(best)
            if all(b is not None for b in best_per_alternative):
                found.append(frozenset().union(*best_per_alternative))  # type: ignore[arg-type]
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            found.extend(_required(av[2]))
        # any other opcode (classes, wildcards, lookarounds) ends the run
    if run:
        found.append(frozenset({_fold("".join(run))}))
    return [s for s in found if s and "" not in s]


def _requirement(pattern: re.Pattern[str]) -> _Requirement:
    """The literal requirement of one compiled pattern (see ``_Requirement``)."""
    try:
        sets = _required(_sre_parse.parse(pattern.pattern, pattern.flags))
    except Exception:  # noqa: BLE001 - a parser surprise only disables the pre-filter
        return None
    # Spaces are trimmed (" fund" -> "fund"): a literal starting with a common
    # character would make the pre-filter stop at every word.
    # Long literals are cut (a prefix of a required literal is required too)
    # to keep the trie regex shallow.
    trimmed = [frozenset(lit.strip()[:_MAX_LITERAL] for lit in s) for s in sets]
    useful = [s for s in trimmed if min(map(len, s)) >= _MIN_LITERAL]
    useful.sort(key=lambda s: (-min(map(len, s)), len(s)))
    return tuple(useful[:_MAX_SETS]) if useful else None


def _trie_regex(literals: Iterable[str]) -> re.Pattern[str]:
    """A case-sensitive regex matching the longest of the literals at a position."""
    root: dict[str, Any] = {}
    for literal in literals:
        node = root
        for char in literal:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a literal ends here; longer ones are tried first
            return "(?:" + body + ")?"
        return body

    return re.compile(build(root))


# --------------------------------------------------------------------------
# Data types


@dataclass(frozen=True)
class Topic:
    """One codebook topic with its compiled patterns.

    Attributes:
        id: Stable identifier (lowercase letters, digits, underscores), used
            in output tables.
        label: Short name shown in the app.
        description: What counts as this topic, in words for the user.
        min_sentences: An article carries the topic when at least this many
            of its sentences are evidence (>= 1).
        terms: Patterns whose every match is evidence.
        weak_terms: Patterns whose matches are evidence only when a
            ``context`` pattern matches in the same sentence.
        context: Patterns that license ``weak_terms``; never evidence alone.
        exclude: Patterns whose matches veto any overlapping term match.

    All patterns are compiled with ``re.IGNORECASE``.
    """

    id: str
    label: str
    description: str
    min_sentences: int
    terms: tuple[re.Pattern[str], ...]
    weak_terms: tuple[re.Pattern[str], ...]
    context: tuple[re.Pattern[str], ...]
    exclude: tuple[re.Pattern[str], ...]
    _requirements: tuple[tuple[_Requirement, ...], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        kinds = (self.terms, self.weak_terms, self.context, self.exclude)
        requirements = tuple(tuple(map(_requirement, patterns)) for patterns in kinds)
        object.__setattr__(self, "_requirements", requirements)


_Plan = dict[int, tuple[list[int], list[int], list[int], list[int]]]
"""{topic index: pattern indices that may match, one list per kind}."""


@dataclass(frozen=True)
class Codebook:
    """An ordered, validated set of topics.

    Attributes:
        topics: The topics in file order; ids are unique.
        version: The codebook's ``version`` number.
        text: The TOML text it was parsed from (stored with the tables it tagged).
        source: The file's name.
    """

    topics: tuple[Topic, ...]
    version: int
    text: str = field(default="", repr=False, compare=False)  # the TOML it was parsed from
    source: str = field(default="codebook.toml", compare=False)  # the file's name
    _by_id: dict[str, Topic] = field(init=False, repr=False, compare=False)
    _gate: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    _implied: dict[str, frozenset[str]] = field(init=False, repr=False, compare=False)
    _by_literal: dict[str, tuple[_PatternKey, ...]] = field(init=False, repr=False, compare=False)
    _always: tuple[_PatternKey, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {t.id: t for t in self.topics})
        literals: set[str] = set()
        by_literal: dict[str, list[_PatternKey]] = {}
        always: list[_PatternKey] = []
        for ti, topic in enumerate(self.topics):
            for kind, requirements in enumerate(topic._requirements):
                for pi, req in enumerate(requirements):
                    key = (ti, kind, pi)
                    if req is None:
                        # context/exclude patterns only matter for topics that
                        # have a candidate; they are added in _plan
                        always.append(key)
                        continue
                    for literal_set in req:
                        literals |= literal_set
                    for literal in req[0]:  # indexed by its most selective set
                        by_literal.setdefault(literal, []).append(key)
        # The gate reports the longest literal at each position; the literals
        # inside it occur as well.
        implied = {lit: frozenset(o for o in literals if o in lit) for lit in literals}
        object.__setattr__(self, "_gate", _trie_regex(literals) if literals else None)
        object.__setattr__(self, "_implied", implied)
        object.__setattr__(self, "_by_literal", {k: tuple(v) for k, v in by_literal.items()})
        object.__setattr__(self, "_always", tuple(always))

    def ids(self) -> list[str]:
        """Returns the topic ids in file order."""
        return [t.id for t in self.topics]

    def get(self, topic_id: str) -> Topic:
        """Returns the topic with this id.

        Raises:
            KeyError: No topic has this id; the message lists the known ids.
        """
        try:
            return self._by_id[topic_id]
        except KeyError:
            known = ", ".join(self.ids())
            raise KeyError(f"unknown topic id {topic_id!r}; known ids: {known}") from None

    def _present(self, text: str) -> set[str]:
        """The pre-filter literals that occur in the sentence (after ``_fold``).

        The gate is restarted one character after each match so that
        overlapping literals are all found; literals inside a match are added
        through ``_implied``.
        """
        present: set[str] = set()
        gate = self._gate
        if gate is None:
            return present
        folded = _fold(text)
        implied = self._implied
        pos = 0
        while (m := gate.search(folded, pos)) is not None:
            present |= implied[m.group()]
            pos = m.start() + 1
        return present

    def _plan(self, text: str) -> _Plan:
        """The patterns that may match the sentence; the others cannot."""
        present = self._present(text)
        selected: set[_PatternKey] = set()
        by_literal = self._by_literal
        for literal in present:
            keys = by_literal.get(literal)
            if keys:
                selected.update(keys)
        plan: _Plan = {}
        topics = self.topics
        for ti, kind, pi in selected:
            req = topics[ti]._requirements[kind][pi]
            if req is not None and any(ls.isdisjoint(present) for ls in req[1:]):
                continue
            if ti not in plan:
                plan[ti] = ([], [], [], [])
            plan[ti][kind].append(pi)
        for ti, kind, pi in self._always:
            if kind in (_TERMS, _WEAK) or ti in plan:
                if ti not in plan:
                    plan[ti] = ([], [], [], [])
                plan[ti][kind].append(pi)
        return plan


@dataclass(frozen=True)
class TermHit:
    """One piece of evidence: a matched term in a sentence.

    Attributes:
        topic: The topic id.
        term: The matched text exactly as it appears in the sentence.
        start: Offset of the match in the sentence text.
        end: End offset (exclusive); ``sentence[start:end] == term``.
    """

    topic: str
    term: str
    start: int
    end: int


# --------------------------------------------------------------------------
# Parsing


def _fail(source: str, message: str) -> CodebookError:
    return CodebookError(f"{source}: {message}")


def _compile_list(raw: dict[str, Any], key: str, where: str, source: str) -> tuple[re.Pattern[str], ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(
            source,
            f"{where}: {key} must be a list of strings, e.g. {key} = ['\\bword\\b']",
        )
    compiled: list[re.Pattern[str]] = []
    for pattern in value:
        try:
            rx = re.compile(pattern, _FLAGS)
        except re.error as exc:
            raise _fail(source, f"{where}: invalid regex in {key} '{pattern}': {exc}") from None
        if rx.match("") is not None:
            raise _fail(
                source,
                f"{where}: regex in {key} '{pattern}' matches the empty string; make it require at least one character",
            )
        compiled.append(rx)
    return tuple(compiled)


def _parse_topic(raw: Any, number: int, source: str) -> Topic:
    if not isinstance(raw, dict):
        raise _fail(
            source,
            f"topic #{number} is not a table; write it as [[topic]] with key = value lines",
        )
    topic_id = raw.get("id")
    if not isinstance(topic_id, str) or not topic_id.strip():
        raise _fail(
            source,
            f"topic #{number} has no 'id'; add id = \"...\" (lowercase letters, digits, _)",
        )
    if _ID_RE.fullmatch(topic_id) is None:
        raise _fail(
            source,
            f"topic #{number}: id {topic_id!r} is not a valid id; "
            'use lowercase letters, digits and _ starting with a letter, e.g. "air_links"',
        )
    where = f"topic '{topic_id}'"
    unknown = sorted(set(raw) - set(_TOPIC_KEYS))
    if unknown:
        raise _fail(
            source,
            f"{where}: unknown key '{unknown[0]}'; allowed keys are {', '.join(_TOPIC_KEYS)}",
        )
    label = raw.get("label")
    if not isinstance(label, str) or not label.strip():
        raise _fail(
            source,
            f"{where} has no 'label'; add label = \"...\" (the name shown in the app)",
        )
    description = raw.get("description", "")
    if not isinstance(description, str):
        raise _fail(source, f"{where}: description must be a string")
    min_sentences = raw.get("min_sentences", 1)
    if not isinstance(min_sentences, int) or isinstance(min_sentences, bool) or min_sentences < 1:
        raise _fail(
            source,
            f"{where}: min_sentences must be an integer >= 1, got {min_sentences!r}; "
            "use 1 to tag an article from a single evidence sentence",
        )
    terms = _compile_list(raw, "terms", where, source)
    weak_terms = _compile_list(raw, "weak_terms", where, source)
    context = _compile_list(raw, "context", where, source)
    exclude = _compile_list(raw, "exclude", where, source)
    if not terms and not weak_terms:
        raise _fail(source, f"{where} has no terms; add terms = ['...'] (regexes)")
    if weak_terms and not context:
        raise _fail(
            source,
            f"{where}: weak_terms never count without context; add context = ['...'] or move the weak_terms to terms",
        )
    return Topic(
        id=topic_id,
        label=label,
        description=description,
        min_sentences=min_sentences,
        terms=terms,
        weak_terms=weak_terms,
        context=context,
        exclude=exclude,
    )


def parse_codebook(text: str, *, source: str = "codebook.toml") -> Codebook:
    """Parses and validates a codebook and compiles its regexes.

    Args:
        text: The TOML text (see ``data/codebook.toml`` for the format).
        source: Name of the file, used at the start of every error message.

    Returns:
        The codebook, topics in file order. ``version`` defaults to 1,
        ``description`` to ``""``, ``min_sentences`` to 1 and the pattern lists
        to empty.

    Raises:
        CodebookError: The text is not valid TOML; has unknown keys; has no
            ``[[topic]]``; a topic lacks an id or a label, has an invalid or
            duplicate id, ``min_sentences`` < 1, no terms, weak terms without
            context, or a pattern that is not a valid regex or matches the
            empty string. The message names the source, the line (where the
            problem can be placed on one), the topic, the problem and the fix.
    """
    try:
        return _parse_codebook(text, source)
    except CodebookError as exc:
        line = _line_of_problem(text, str(exc))
        if line is None or "line " in str(exc):
            raise
        head, _, rest = str(exc).partition(": ")
        raise CodebookError(f"{head}: line {line}: {rest}") from None


# "topic 'x'" and "... '<pattern>'" in a message: where to look for its line.
_QUOTED = re.compile(r"'([^']+)'")


def _line_of_problem(text: str, message: str) -> int | None:
    """The line of ``text`` the problem is about: the quoted pattern's, else the topic id's."""
    lines = text.split("\n")
    quoted = _QUOTED.findall(message)
    for needle in reversed(quoted):  # the pattern (last) before the topic id (first)
        for number, line in enumerate(lines, start=1):
            if f"'{needle}'" in line or f'"{needle}"' in line:
                return number
    return None


def _parse_codebook(text: str, source: str) -> Codebook:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _fail(
            source,
            f"invalid TOML: {exc}; fix the syntax (write regexes as single-quoted literal strings)",
        ) from None
    unknown = sorted(set(data) - set(_TOP_KEYS))
    if unknown:
        raise _fail(
            source,
            f"unknown top-level key '{unknown[0]}'; allowed keys are version and [[topic]] tables",
        )
    version = data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool):
        raise _fail(source, f"version must be an integer, got {version!r}; write version = 1")
    raw_topics = data.get("topic", [])
    if not isinstance(raw_topics, list) or not raw_topics:
        raise _fail(source, "no topics; add at least one [[topic]] table with id, label and terms")
    topics: list[Topic] = []
    first_seen: dict[str, int] = {}
    for number, raw in enumerate(raw_topics, start=1):
        topic = _parse_topic(raw, number, source)
        if topic.id in first_seen:
            raise _fail(
                source,
                f"duplicate topic id '{topic.id}' (topics #{first_seen[topic.id]} and #{number}); "
                "give every topic its own id",
            )
        first_seen[topic.id] = number
        topics.append(topic)
    return Codebook(topics=tuple(topics), version=version, text=text, source=source)


# --------------------------------------------------------------------------
# Tagging


def _spans(patterns: tuple[re.Pattern[str], ...], indices: list[int], text: str) -> list[tuple[int, int]]:
    """Non-empty match spans of the selected patterns."""
    out: list[tuple[int, int]] = []
    for i in indices:
        for m in patterns[i].finditer(text):
            start, end = m.span()
            if end > start:
                out.append((start, end))
    return out


def tag_sentence(text: str, codebook: Codebook) -> list[TermHit]:
    """Finds the evidence for every topic in one sentence.

    Args:
        text: The sentence text. Offsets in the result refer to it.
        codebook: The codebook to apply.

    Returns:
        The hits, sorted by ``(start, topic)``. For each hit,
        ``text[hit.start:hit.end] == hit.term``. Hits of the same topic never
        overlap: of overlapping matches the one starting first is kept, at the
        same start the longer one. Hits of different topics may overlap.
        Empty when nothing matches.
    """
    plan = codebook._plan(text)
    if not plan:
        return []
    hits: list[TermHit] = []
    topics = codebook.topics
    for ti, (term_ix, weak_ix, context_ix, exclude_ix) in plan.items():
        topic = topics[ti]
        spans = _spans(topic.terms, term_ix, text) if term_ix else []
        if weak_ix and context_ix:
            weak = _spans(topic.weak_terms, weak_ix, text)
            if weak and any(topic.context[i].search(text) for i in context_ix):
                spans.extend(weak)
        if not spans:
            continue
        if exclude_ix:
            vetoes = _spans(topic.exclude, exclude_ix, text)
            if vetoes:
                spans = [(s, e) for s, e in spans if not any(s < ve and vs < e for vs, ve in vetoes)]
                if not spans:
                    continue
        if len(spans) > 1:
            spans.sort(key=lambda se: (se[0], -se[1]))
        last_end = -1
        topic_id = topic.id
        for start, end in spans:
            if start >= last_end:
                hits.append(TermHit(topic_id, text[start:end], start, end))
                last_end = end
    if len(hits) > 1:
        hits.sort(key=lambda h: (h.start, h.topic))
    return hits


def article_topics(hits_by_sentence: Iterable[Sequence[TermHit]], codebook: Codebook) -> list[str]:
    """Decides which topics an article carries.

    Args:
        hits_by_sentence: For each sentence of the article, its hits (as
            returned by :func:`tag_sentence`; empty for untagged sentences).
        codebook: The codebook the hits were made with.

    Returns:
        The ids, in codebook order, of the topics for which the number of
        sentences with at least one hit of that topic is at least the
        topic's ``min_sentences``. Hits whose topic id is not in the codebook
        are ignored.
    """
    counts: dict[str, int] = dict.fromkeys(codebook.ids(), 0)
    for sentence_hits in hits_by_sentence:
        for topic_id in {h.topic for h in sentence_hits}:
            if topic_id in counts:
                counts[topic_id] += 1
    return [t.id for t in codebook.topics if counts[t.id] >= t.min_sentences]
