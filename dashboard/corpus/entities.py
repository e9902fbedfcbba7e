"""Named entities, numbers and dates in the sentences, with spelling variants grouped.

A **rule-based** extractor, with one trained check. The rules use general
vocabulary kept as data in ``data/entities.toml`` (honorifics, job titles and their
abbreviations, party words, organisation head-words, countries, US states, capitals
and large cities, nationality adjectives, units), never names from a particular story.
A name written with no title and nothing around it that shows a person ("Jim Lehrer",
"Goldman Sachs", "Trump Tower") is checked by a trained recogniser when the caller
passes one (``people``: spaCy's small English pipeline, installed from the package
registry and loaded once by :func:`dashboard.vocabularies.load_person_finder`); only
the sentences holding such names are given to it, about one in six of news text.
Without it, the surname written alone elsewhere confirms such a name.

How a sentence is read (:func:`extract_entities`):

* **Dates and numbers** first, by pattern: "February 27", "27 February 2025",
  "2016-2018", "between 2016 and 2018", "over six hours", "1.5 hours",
  "six real estate properties". Canonical forms: ``02-27``, ``2025-02-27``,
  ``2016/2018``, ``over 6 hours``, ``6 properties``.
* **Capitalised runs**: maximal sequences of capitalised words, joined over
  "of", "for", "and" and name particles when a capitalised word follows
  ("Deputy Assistant Secretary of State for Russia and Central Europe Sonata
  Coulter"). A possessive ("Ministry's") ends a run. A capitalised word at the
  start of a sentence, a quote or after a colon counts only when it is known
  vocabulary or, in the whole input, is written capitalised elsewhere at least
  as often as in lower case ("According", "Speaking" are dropped; "Lavrov"
  is kept).
* Each run is **segmented** with the vocabulary: honorific + name -> person;
  title (modifiers + head, "Foreign Minister") -> a ``title`` mention, and the
  names after it -> person; words up to an organisation head-word (and its
  "of ..." complement) -> organisation; gazetteer phrases -> place; other
  names -> person (two to four words), or, for a single word, the type its
  other mentions show: the surname of a person named in full, an organisation
  when written "the X", a place after "in"/"at"; otherwise it is dropped.
  Lower-case titles ("director", "ambassador-designate", "spokesman") are
  titles too; ordinary words that can be titles ("leader", "head",
  "speaker") only next to a person's name. A party word before a full name
  describes the person ("Republican Mitt Romney"); a run ending in a party word
  ("a Virginia Democrat", "Senate Republicans") and a party tag ("D-Ore.") name
  nobody; pronouns ("I") are never names.
* A person written without a title is kept when the text shows a person: an
  appositive with a job title ("Rob Shapiro, a former commerce official"), an
  age, a party tag, a middle initial ("George W. Bush"), a coordination with a
  titled person, or the recogniser (see above).

Grouping (one ``entity_id`` per entity across all outlets), within one type:

* people: names are transliteration-normalised (diacritics, "y"->"i",
  "ks"->"x", "kh"->"h", doubled letters, ...) and surnames are clustered with
  rapidfuzz's ratio (>= 88) inside blocks of the same first letter; two full
  names are one person when their surnames cluster and their first names match
  the same way (or one is an initial). Middle initials keep apart the people they
  distinguish ("George W. Bush", "George H. W. Bush"); a generational suffix
  ("Jr.", "III") is no part of the comparison. A surname alone joins the one
  person of that surname named in full in the same article, else in the whole
  input, when there is exactly one; written with a title ("President Obama") it
  joins the one person named in full with that title; after "Sasha and Malia
  Obama" it is nobody's in particular. "Vladimir Putin" and "Vladimir Zelensky"
  never merge; "the Hutchinsons" (a family) is no one.
* organisations: a normalised key (country adjectives -> country, "Ministry of
  Foreign Affairs" -> "Foreign Ministry", "US" = "U.S." = "United States");
  "State Department" without a country joins the one country-qualified
  organisation with the same rest, as for surnames.
* places by alias ("U.S." / "US" / "United States"); titles by normalised
  wording; numbers and dates by canonical value.

The canonical form is the most frequent spelling among the fullest mentions
(a full name over a surname; a country-qualified organisation over a bare
one); ties go to the alphabetically first.

Complexity: linear in the number of sentences and tokens (the recogniser, when
given, reads only the sentences with an untitled name); grouping is over
distinct spellings only, with pairwise rapidfuzz comparisons restricted to a
block (first letter of the normalised surname) and done in C by
``rapidfuzz.process.cdist``.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from dashboard import schema as S
from dashboard.errors import VocabularyError
from dashboard.frames import sorted_distinct
from dashboard.text.dates import MONTHS, WEEKDAYS
from dashboard.text.unionfind import UnionFind

__all__ = [
    "DATE",
    "ENTITY_TYPES",
    "N_MENTIONS",
    "NUMBER",
    "ORGANISATION",
    "PERSON",
    "PLACE",
    "PersonFinder",
    "TITLE",
    "VARIANT_COLUMNS",
    "Vocabulary",
    "same_person_name",
    "VocabularyError",
    "entity_variants",
    "extract_entities",
    "normalise_name",
    "org_head",
    "parse_vocabulary",
    "title_key",
]

PERSON, ORGANISATION, PLACE, TITLE, NUMBER, DATE = (
    "person",
    "organisation",
    "place",
    "title",
    "number",
    "date",
)
ENTITY_TYPES = (PERSON, ORGANISATION, PLACE, TITLE, NUMBER, DATE)

N_MENTIONS = S.N_MENTIONS
VARIANT_COLUMNS = S.VARIANT_COLUMNS

SURNAME_SIMILARITY = 88.0
"""rapidfuzz ratio (0-100) of transliteration-normalised surnames to be one name."""
FIRST_NAME_SIMILARITY = 85.0
"""rapidfuzz ratio (0-100) of normalised first names to be one name."""
_MIN_FUZZY_LENGTH = 5
"""Shorter normalised names must be equal: ratio is meaningless on "Li"/"Lu"."""


# --------------------------------------------------------------------------
# Vocabulary


@dataclass(frozen=True)
class Vocabulary:
    """General vocabulary the extractor uses; every word is case-folded.

    Built by :func:`parse_vocabulary`; see ``data/entities.toml`` for what each
    list means.
    """

    honorifics: frozenset[str]
    particles: frozenset[str]
    function_words: frozenset[str]
    pronouns: frozenset[str]
    parties: frozenset[str]
    party_letters: frozenset[str]
    abbreviations: dict[str, str]
    """Abbreviated title ("sen") -> its head ("senator")."""
    title_heads: frozenset[str]
    weak_heads: frozenset[str]
    title_modifiers: frozenset[str]
    rank_modifiers: frozenset[str]
    status_suffixes: frozenset[str]
    same_office: dict[str, str]
    org_heads: frozenset[str]
    org_filler: frozenset[str]
    places: dict[str, str]
    place_hints: frozenset[str]
    demonyms: dict[str, str]
    event_heads: frozenset[str]
    event_nouns: frozenset[str]
    event_class: dict[str, str]
    """Event noun -> the first noun of its ``same`` group (itself when alone)."""
    months: dict[str, int]
    weekdays: frozenset[str]
    number_words: dict[str, int]
    scales: dict[str, int]
    qualifiers: dict[str, str]
    time_units: dict[str, str]
    count_units: dict[str, str]
    currency: dict[str, str]
    unit_class: dict[str, str]
    """Canonical unit -> the first unit of its ``same_unit`` group (itself when alone)."""
    phrases: dict[tuple[str, ...], str] = field(repr=False)
    """Multi-word phrase (folded tokens) -> role: ``"place"``, ``"title"`` or ``"org"``."""
    max_phrase: int = 1
    phrase_starts: frozenset[str] = frozenset()
    """First words of the multi-word phrases, to skip phrase look-ups quickly."""

    @property
    def units(self) -> dict[str, str]:
        """Every unit word or phrase -> canonical unit."""
        return {**self.count_units, **self.time_units}


def _fold(text: str) -> str:
    return text.casefold().replace("’", "'")


def _words(raw: Any, key: str, source: str) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(w, str) and w.strip() for w in raw):
        raise VocabularyError(f"{source}: '{key}' must be a list of non-empty strings")
    return [_fold(w.strip()) for w in raw]


def _mapping(raw: Any, key: str, source: str, kind: type) -> dict[str, Any]:
    if not isinstance(raw, dict) or not all(isinstance(v, kind) for v in raw.values()):
        raise VocabularyError(f"{source}: '{key}' must be a table of {kind.__name__} values")
    return {_fold(k.strip()): v for k, v in raw.items()}


def _section(data: dict[str, Any], name: str, source: str) -> dict[str, Any]:
    section = data.get(name)
    if not isinstance(section, dict):
        raise VocabularyError(f"{source}: missing section [{name}]")
    return section


_SPLIT = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+|\S")


def _phrase_tokens(text: str) -> tuple[str, ...]:
    return tuple(_fold(t) for t in _SPLIT.findall(text))


def parse_vocabulary(text: str, *, source: str = "entities.toml") -> Vocabulary:
    """Parse and validate the TOML text of an entity vocabulary.

    Args:
        text: The file's content.
        source: File name used in error messages.

    Raises:
        VocabularyError: Invalid TOML, a missing section or a malformed list,
            with the file name and the key.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise VocabularyError(f"{source}: invalid TOML: {exc}") from exc
    names = _section(data, "names", source)
    titles = _section(data, "titles", source)
    orgs = _section(data, "organisations", source)
    places_s = _section(data, "places", source)
    events = _section(data, "events", source)
    numbers = _section(data, "numbers", source)

    same_office: dict[str, str] = {}
    for group in titles.get("same_office", []):
        words = _words(group, "titles.same_office", source)
        for word in words:
            same_office[word] = words[0]

    event_class: dict[str, str] = {}
    for group in events.get("same", []):
        words = _words(group, "events.same", source)
        for word in words:
            event_class.setdefault(word, words[0])
    unit_class: dict[str, str] = {}
    for group in numbers.get("same_unit", []):
        words = _words(group, "numbers.same_unit", source)
        for word in words:
            unit_class.setdefault(word, words[0])

    aliases = _mapping(places_s.get("aliases", {}), "places.aliases", source, str)
    places: dict[str, str] = {}
    for key in ("countries", "cities", "regions"):
        for raw in places_s.get(key, []):
            places[_fold(raw)] = raw
    for alias, target in aliases.items():
        places[alias] = target
    demonyms = _mapping(places_s.get("demonyms", {}), "places.demonyms", source, str)

    phrases: dict[tuple[str, ...], str] = {}
    for name in places:
        phrases[_phrase_tokens(name)] = "place"
    title_phrases = _words(titles.get("phrases", []), "titles.phrases", source)
    for phrase in title_phrases:
        phrases[_phrase_tokens(phrase)] = "title"
    org_heads = _words(orgs.get("heads", []), "organisations.heads", source)
    for head in org_heads:
        if " " in head:
            phrases[_phrase_tokens(head)] = "org"
    multi = {k: v for k, v in phrases.items() if len(k) > 1}

    return Vocabulary(
        honorifics=frozenset(_words(names.get("honorifics", []), "names.honorifics", source)),
        particles=frozenset(_words(names.get("particles", []), "names.particles", source)),
        function_words=frozenset(_words(names.get("function_words", []), "names.function_words", source)),
        pronouns=frozenset(_words(names.get("pronouns", []), "names.pronouns", source)),
        parties=frozenset(_words(names.get("parties", []), "names.parties", source)),
        party_letters=frozenset(_words(names.get("party_letters", []), "names.party_letters", source)),
        abbreviations=_mapping(titles.get("abbreviations", {}), "titles.abbreviations", source, str),
        title_heads=frozenset(_words(titles.get("heads", []), "titles.heads", source)),
        weak_heads=frozenset(_words(titles.get("weak_heads", []), "titles.weak_heads", source)),
        title_modifiers=frozenset(_words(titles.get("modifiers", []), "titles.modifiers", source)),
        rank_modifiers=frozenset(_words(titles.get("rank_modifiers", []), "titles.rank_modifiers", source)),
        status_suffixes=frozenset(_words(titles.get("status_suffixes", []), "titles.status_suffixes", source)),
        same_office=same_office,
        org_heads=frozenset(h for h in org_heads if " " not in h),
        org_filler=frozenset(_words(orgs.get("filler", []), "organisations.filler", source)),
        places=places,
        place_hints=frozenset(_words(places_s.get("hints", []), "places.hints", source)),
        demonyms=demonyms,
        event_heads=frozenset(_words(events.get("heads", []), "events.heads", source)),
        event_nouns=frozenset(_words(events.get("nouns", []), "events.nouns", source)),
        event_class=event_class,
        months=dict(MONTHS),
        weekdays=WEEKDAYS,
        number_words=_mapping(numbers.get("words", {}), "numbers.words", source, int),
        scales=_mapping(numbers.get("scales", {}), "numbers.scales", source, int),
        qualifiers=_mapping(numbers.get("qualifiers", {}), "numbers.qualifiers", source, str),
        time_units=_mapping(numbers.get("time_units", {}), "numbers.time_units", source, str),
        count_units=_mapping(numbers.get("count_units", {}), "numbers.count_units", source, str),
        currency=_mapping(numbers.get("currency_symbols", {}), "numbers.currency_symbols", source, str),
        unit_class=unit_class,
        phrases=multi,
        max_phrase=max((len(k) for k in multi), default=1),
        phrase_starts=frozenset(k[0] for k in multi),
    )


# --------------------------------------------------------------------------
# Normalisation (also used by dashboard.corpus.discrepancies)

_TRANSLIT = (
    ("ks", "x"),
    ("kh", "h"),
    ("ck", "k"),
    ("ph", "f"),
    ("w", "v"),
    ("y", "i"),
    ("ou", "u"),
    ("tch", "ch"),
    ("'", ""),
    ("-", ""),
    (".", ""),
)
_DOUBLE = re.compile(r"(.)\1+")


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 18)
def normalise_name(word: str) -> str:
    """Transliteration-normalised form of one name word, for fuzzy comparison.

    Case and diacritics are dropped, common romanisation variants collapsed
    ("y"->"i", "ks"->"x", "kh"->"h", "w"->"v", initial "ye"->"e", doubled
    letters), so "Darchiyev"/"Darchiev", "Sergey"/"Sergei",
    "Zelenskyy"/"Zelensky" become equal and "Aleksandr"/"Alexander" close.

    >>> normalise_name("Darchiyev") == normalise_name("Darchiev")
    True
    """
    text = _strip_accents(_fold(word))
    if text.startswith("ye"):
        text = text[1:]
    for old, new in _TRANSLIT:
        text = text.replace(old, new)
    return _DOUBLE.sub(r"\1", text)


def _singular(word: str, known: frozenset[str]) -> str | None:
    if word in known:
        return word
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", "")):
        if word.endswith(suffix) and word[: -len(suffix)] + repl in known:
            return word[: -len(suffix)] + repl
    return None


def title_key(title: str, vocab: Vocabulary, *, keep_status: bool = False) -> tuple[str, str]:
    """``(head, office)`` of a title, for grouping and comparing titles.

    The office is the folded title with plurals singularised, gender/spelling
    variants unified ("spokeswoman" = "spokesman"), a status suffix dropped
    ("ambassador-designate" = "ambassador", unless ``keep_status``) and
    nationality adjectives removed.
    The head is the office's last head word ("secretary" for "Deputy Assistant
    Secretary of State").
    """
    words: list[str] = []
    head = ""
    for raw in _phrase_tokens(title):
        if raw in vocab.demonyms or raw in vocab.places or raw in ("the", "a", "an"):
            continue
        word = vocab.abbreviations.get(raw, raw)
        if "-" in word:
            base, _, suffix = word.rpartition("-")
            if suffix in vocab.status_suffixes and not keep_status:
                word = base
        word = _singular(word, vocab.title_heads | vocab.title_modifiers) or word
        word = vocab.same_office.get(word, word)
        if word in vocab.title_heads:
            head = word
        words.append(word)
    return head, " ".join(words)


def _org_tokens(text: str, vocab: Vocabulary) -> list[str]:
    """Folded tokens of an organisation name, "Head of X" turned to "X Head"."""
    tokens = [t for t in _phrase_tokens(text) if t not in (".", ",")]
    for i, tok in enumerate(tokens):
        if tok in vocab.org_heads and i + 1 < len(tokens) and tokens[i + 1] == "of" and i + 2 < len(tokens):
            complement = [t for t in tokens[i + 2 :] if t not in vocab.org_filler]
            tokens = tokens[:i] + complement + [tok]
            break
    return [t for t in tokens if t not in vocab.org_filler]


def _country_of(tokens: Sequence[str], vocab: Vocabulary) -> tuple[str, int]:
    """The country named at the start of ``tokens`` and how many tokens name it."""
    for n in range(min(len(tokens), vocab.max_phrase), 0, -1):
        phrase = tokens[:n]
        if n == 1:
            word = phrase[0]
            if word in vocab.demonyms:
                return _fold(vocab.demonyms[word]), 1
            if word in vocab.places:
                return _fold(vocab.places[word]), 1
        elif tuple(phrase) in vocab.phrases and vocab.phrases[tuple(phrase)] == "place":
            return _fold(vocab.places.get(" ".join(phrase), " ".join(phrase))), n
    return "", 0


def _org_key(text: str, vocab: Vocabulary) -> tuple[str, str]:
    """``(country, rest)`` of an organisation name: "Russian Foreign Ministry" ->
    ("russia", "foreign ministry")."""
    tokens = _org_tokens(text, vocab)
    country, n = _country_of(tokens, vocab)
    rest = " ".join(_strip_accents(t).replace(".", "") for t in tokens[n:])
    return country, rest


def org_head(text: str, vocab: Vocabulary) -> str:
    """The organisation head-word of a name ("department" for "North Atlantic
    Department of the Russian Ministry of Foreign Affairs"), or "" if none."""
    for tok in _phrase_tokens(text):
        if tok in vocab.org_heads:
            return tok
    return ""


def _place_key(text: str, vocab: Vocabulary) -> str:
    folded = _fold(text)
    if folded in vocab.places:
        return _fold(vocab.places[folded])
    return _strip_accents(folded).replace(".", "")


# --------------------------------------------------------------------------
# Tokens


@dataclass(slots=True)
class _Tok:
    text: str
    start: int
    end: int
    fold: str
    cap: bool
    alpha: bool


_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}"  # U.S., U.K.
    r"|[^\W\d_]+(?:[-'’][^\W\d_]+)*"  # words, al-Assad, O'Brien, ambassador-designate
    r"|\d+(?:[.,]\d+)*"
    r"|\S"
)
_ARTICLE_PREFIX = re.compile(r"[a-z]{1,3}-[A-Z]")
"""Arabic-style article before a capitalised name: "al-Assad", "el-Sisi", "bin-Salman"."""
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_OPENERS = frozenset({":", "•", "—", "–", "-", ".", "?", "!", "*", "·", "|", ";"})


def _word_forms(word: str) -> tuple[bool, str, bool, bool]:
    """What a token's fields take from its word alone: (possessive, fold, cap, alpha); for a
    possessive the fold and cap are those of the word without its "'s"."""
    first = word[0]
    alpha = first.isalpha()
    if alpha and len(word) > 2 and ("'" in word or "’" in word) and _POSSESSIVE.search(word):
        return True, _fold(word[:-2]), first.isupper(), True
    fold = word.casefold()
    if "’" in fold:
        fold = fold.replace("’", "'")
    cap = alpha and (first.isupper() or bool(_ARTICLE_PREFIX.match(word)))
    return False, fold, cap, alpha


_FORMS: dict[str, tuple[bool, str, bool, bool]] = {}
"""Word -> :func:`_word_forms` (a memo: each distinct word is folded once)."""
_FORMS_WORDS = 1 << 18


def _tokenise(text: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    append = tokens.append
    forms = _FORMS
    if len(forms) > _FORMS_WORDS:
        forms.clear()
    for m in _TOKEN.finditer(text):
        word = m.group()
        start = m.start()
        known = forms.get(word)
        if known is None:
            known = forms[word] = _word_forms(word)
        possessive, fold, cap, alpha = known
        if possessive:
            end = start + len(word)
            append(_Tok(word[:-2], start, end - 2, fold, cap, True))
            append(_Tok(word[-2:], end - 2, end, "'s", False, False))
            continue
        append(_Tok(word, start, start + len(word), fold, cap, alpha))
    return tokens


# --------------------------------------------------------------------------
# Dates and numbers


@dataclass(slots=True)
class _Raw:
    """A mention before grouping."""

    type: str
    text: str
    start: int
    end: int
    key: str = ""
    strong: bool = True  # typed by evidence, not by default
    cue: str = ""  # for single words: "the", "loc" or ""
    complete: bool = True  # full name / country-qualified organisation
    family: str = ""  # the first name coordinated before a full name ("Sasha" in "Sasha and Malia Obama")


class _Patterns:
    """Compiled date and number regexes for one vocabulary."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.units = vocab.units  # the property builds the dict on each use: built once here
        months = sorted(vocab.months, key=len, reverse=True)
        month = "(?:" + "|".join(m[0].upper() + m[1:] for m in months) + r")\.?"
        day = r"(\d{1,2})(?:st|nd|rd|th)?"
        year = r"((?:1[89]|20)\d{2})"
        self.month_names = {m[0].upper() + m[1:]: n for m, n in vocab.months.items()}
        self.dates = [
            ("iso", re.compile(rf"\b{year}-(\d{{2}})-(\d{{2}})\b")),
            ("mdy", re.compile(rf"\b({month})\s+{day}\b(?:,?\s+{year}\b)?")),
            ("dmy", re.compile(rf"\b{day}\s+(?:of\s+)?({month})(?:,?\s+{year}\b)?")),
            ("my", re.compile(rf"\b({month})\s+(?:of\s+)?{year}\b")),
            (
                "range",
                re.compile(
                    rf"\b(?:between\s+{year}\s+and\s+{year}|from\s+{year}\s+(?:to|until)\s+{year}"
                    rf"|{year}\s*[-–—]\s*{year})\b"
                ),
            ),
            ("year", re.compile(rf"(?<![\w$€£.,-]){year}(?![\w%-]|[.,]\d)")),
        ]
        words = sorted(vocab.number_words, key=len, reverse=True)
        tens = [w for w, v in vocab.number_words.items() if v % 10 == 0 and 20 <= v <= 90]
        units = [w for w, v in vocab.number_words.items() if 1 <= v <= 9]
        word_num = (
            "(?:"
            + "|".join(rf"{t}-(?:{'|'.join(units)})" for t in tens)
            + "|"
            + "|".join(re.escape(w).replace("\\-", "[- ]") for w in words)
            + ")"
        )
        qualifiers = sorted(vocab.qualifiers, key=len, reverse=True)
        qual = "(?:(" + "|".join(re.escape(q) for q in qualifiers) + r")\s+)?"
        currency = "([" + "".join(re.escape(c) for c in vocab.currency) + r"])?\s?" if vocab.currency else "()"
        scales = "|".join(re.escape(s) for s in sorted(vocab.scales, key=len, reverse=True))
        # A number is not part of a date or code written with slashes ("9/11"); a whole number and
        # a fraction are one value ("6 1/2 hours"); a hyphenated unit makes a compound adjective
        # ("a 48-page indictment"), but not a longer chain ("a 5-year-old", an age).
        self.number = re.compile(
            rf"(?<![\w./-])(\d+\s\d/\d{{1,2}}(?![\d/])|\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\b(?i:{word_num}))"
            rf"(?:\s?({scales})\b)?(%)?(?:-([a-z]+)(?![\w-]))?(?![\w-]|/\d)",
        )
        self.before_number = re.compile(rf"(?i:\b{qual})?{currency}$")
        self.vocab = vocab


def _date_mentions(text: str, pats: _Patterns) -> list[_Raw]:
    found: list[_Raw] = []
    if not _DIGIT.search(text):
        return found  # every date pattern needs a digit
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for kind, rx in pats.dates:
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            g = m.groups()
            key = ""
            if kind == "iso":
                y, mo, d = int(g[0]), int(g[1]), int(g[2])
                if 1 <= mo <= 12 and 1 <= d <= 31:
                    key = f"{y:04d}-{mo:02d}-{d:02d}"
            elif kind in ("mdy", "dmy"):
                mon, day, year = (g[0], g[1], g[2]) if kind == "mdy" else (g[1], g[0], g[2])
                mo = pats.month_names[mon.rstrip(".")]
                if 1 <= int(day) <= 31:
                    key = f"{int(year):04d}-{mo:02d}-{int(day):02d}" if year else f"{mo:02d}-{int(day):02d}"
            elif kind == "my":
                key = f"{int(g[1]):04d}-{pats.month_names[g[0].rstrip('.')]:02d}"
            elif kind == "range":
                years = [int(v) for v in g if v]
                if len(years) == 2 and years[0] < years[1]:
                    key = f"{years[0]}/{years[1]}"
            elif kind == "year":
                after = text[m.end() : m.end() + 24].lower()
                nxt = re.match(r"\s*([a-z%]+(?: cent)?)", after)
                if not (nxt and nxt.group(1) in pats.units):
                    key = g[0]
            if key:
                taken.append((m.start(), m.end()))
                found.append(_Raw(DATE, m.group(), m.start(), m.end(), key))
    return found


_DIGIT = re.compile(r"\d")
_FRACTION = re.compile(r"(\d+)\s(\d)/(\d{1,2})")
_WORD_AFTER = re.compile(r"\s+(?:of\s+)?([A-Za-z][\w-]*|%)")


def _number_value(raw: str, scale: str | None, vocab: Vocabulary) -> float | None:
    fraction = _FRACTION.fullmatch(raw)
    low = raw.lower().replace(" ", "-")
    if fraction:
        whole, numerator, denominator = (int(g) for g in fraction.groups())
        if not 0 < numerator < denominator:
            return None
        value: float = whole + numerator / denominator
    elif low in vocab.number_words:
        value = vocab.number_words[low]
    elif "-" in low and all(p in vocab.number_words for p in low.split("-")):
        value = sum(vocab.number_words[p] for p in low.split("-"))
    else:
        try:
            value = float(raw.replace(",", ""))
        except ValueError:
            return None
    if scale:
        value *= vocab.scales[scale.lower()]
    return value


def _format_number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _number_mentions(text: str, pats: _Patterns, taken: list[tuple[int, int]]) -> list[_Raw]:
    vocab = pats.vocab
    units = pats.units
    found: list[_Raw] = []
    for m in pats.number.finditer(text):
        start, end = m.start(), m.end()
        if any(not (end <= s or start >= e) for s, e in taken):
            continue
        raw, scale, pct, compound = m.groups()
        b = pats.before_number.search(text, max(0, start - 24), start)
        qual, cur = (b.group(1), b.group(2)) if b else (None, None)
        if b is not None and (qual or cur):  # qual and cur are None without b
            start = b.start()
        value = _number_value(raw, scale, vocab)
        if value is None:
            continue
        unit = ""
        generic: tuple[str, int] | None = None
        if compound:
            # "48-page", "six-hour": the unit, singular in the adjective, in its plural form.
            plural = compound if compound.endswith("s") else compound + "s"
            unit = units.get(compound) or units.get(plural) or plural
        elif pct:
            unit = "percent"
        elif cur:
            unit = vocab.currency[cur]
        else:
            # The unit: the first unit word among the next three words that are
            # not function words ("six real estate properties").
            pos = end
            for _ in range(3):
                w = _WORD_AFTER.match(text, pos)
                if not w:
                    break
                word = w.group(1).lower()
                two = word + " " + (text[w.end() :].split(None, 1) or [""])[0].lower().strip(",.;:")
                if two in units:
                    unit, end = units[two], w.end() + 1 + len(two.split(" ", 1)[1])
                    break
                if word in units:
                    unit, end = units[word], w.end()
                    break
                if word in vocab.function_words or word in vocab.qualifiers or not word.islower():
                    break
                if pos == end and word.endswith("s") and len(word) > 3 and word not in vocab.months:
                    # A plain plural noun right after the number is what it counts.
                    generic = (word, w.end())
                pos = w.end()
            if not unit and generic is not None:
                unit, end = generic
        if raw.lower() == "one" and not unit:
            continue
        if raw[0].isalpha() and not unit and value < 2:
            continue
        qualifier = vocab.qualifiers.get(qual.lower(), "") if qual else ""
        key = " ".join(p for p in (qualifier, _format_number(value), unit) if p)
        s = start if qual or cur else m.start(1)
        found.append(_Raw(NUMBER, text[s:end], s, end, key))
    return found


# --------------------------------------------------------------------------
# Capitalised runs and their segmentation

_CONNECTORS = frozenset({"of", "for", "and", "&"})
_LOCATIVE = frozenset({"in", "at", "near", "from", "to", "into", "across", "outside", "inside"})

# chunk roles
_PTY = "party"
_PARTY_TAG = re.compile(r"[A-Za-z]-[A-Z]")
_HON, _HEAD, _WEAK, _MOD, _ORG, _PLC, _DEM, _HINT, _EVT, _CONN, _NAME = (
    "hon",
    "head",
    "weak",
    "mod",
    "org",
    "place",
    "dem",
    "hint",
    "event",
    "conn",
    "name",
)


@dataclass(slots=True)
class _Chunk:
    toks: list[_Tok]
    roles: frozenset[str]

    @property
    def start(self) -> int:
        return self.toks[0].start

    @property
    def end(self) -> int:
        return self.toks[-1].end

    @property
    def fold(self) -> str:
        return " ".join(t.fold for t in self.toks)


def _title_word(word: str, vocab: Vocabulary, *, plural: bool) -> tuple[bool, bool]:
    """(is a title head, is only a weak head) for one folded word."""
    base = vocab.abbreviations.get(word, word)
    if "-" in word:
        stem, _, suffix = word.rpartition("-")
        if suffix in vocab.status_suffixes:
            base = stem
        elif base not in vocab.title_heads:
            heads = [part for part in word.split("-") if part in vocab.title_heads]
            if heads:  # "editor-in-chief", "co-founder"
                return True, all(h in vocab.weak_heads for h in heads)
    if base not in vocab.title_heads and plural:
        base = _singular(base, vocab.title_heads) or base
    if base in vocab.title_heads:
        return True, base in vocab.weak_heads
    return False, False


def _roles(tok: _Tok, vocab: Vocabulary) -> frozenset[str]:
    w = tok.fold
    roles: set[str] = set()
    if w in _CONNECTORS or w in vocab.particles:
        roles.add(_CONN)
        return frozenset(roles)
    if w in vocab.honorifics:
        roles.add(_HON)
    head, weak = _title_word(w, vocab, plural=True)
    if head:
        roles.add(_HEAD)
        if weak:
            roles.add(_WEAK)
    if w in vocab.title_modifiers:
        roles.add(_MOD)
    if w in vocab.org_heads:
        roles.add(_ORG)
    if w in vocab.places:
        roles.add(_PLC)
    if w in vocab.demonyms:
        roles.add(_DEM)
    if w in vocab.place_hints:
        roles.add(_HINT)
    if w in vocab.event_heads:
        roles.add(_EVT)
    if w in vocab.parties or (_PARTY_TAG.match(tok.text) and w[0] in vocab.party_letters):
        roles.add(_PTY)  # "Republican", "R-Texas": describe a person, name nobody
    if not roles:
        roles.add(_NAME)
    return frozenset(roles)


def _chunks(run: list[_Tok], vocab: Vocabulary) -> list[_Chunk]:
    chunks: list[_Chunk] = []
    i = 0
    folds = [t.fold for t in run]
    while i < len(run):
        top = min(vocab.max_phrase, len(run) - i) if folds[i] in vocab.phrase_starts else 1
        for n in range(top, 1, -1):
            role = vocab.phrases.get(tuple(folds[i : i + n]))
            if role is not None:
                roles = {"place": {_PLC}, "title": {_HEAD}, "org": {_ORG}}[role]
                chunks.append(_Chunk(run[i : i + n], frozenset(roles)))
                i += n
                break
        else:
            chunks.append(_Chunk([run[i]], _roles(run[i], vocab)))
            i += 1
    return chunks


def _title_end(chunks: list[_Chunk], i: int) -> int | None:
    """End (exclusive) of a title starting at chunk ``i``, or None."""
    j, last = i, None
    while j < len(chunks) and (_MOD in chunks[j].roles or _HEAD in chunks[j].roles):
        if _HEAD in chunks[j].roles:
            last = j
        j += 1
    if last is None:
        return None
    end = last + 1
    if end < len(chunks) and _ORG in chunks[end].roles:
        return None  # "General Staff", "Executive Office": part of an organisation
    return end


def _name_end(chunks: list[_Chunk], i: int, vocab: Vocabulary) -> int:
    """End of the person name starting at ``i``: name words and inner particles."""
    j = i
    while j < len(chunks):
        c = chunks[j]
        if _NAME in c.roles or (_PLC in c.roles and j > i and len(c.toks) == 1):
            j += 1
        elif _CONN in c.roles and c.toks[0].fold in vocab.particles and j > i:
            k = j
            while k < len(chunks) and _CONN in chunks[k].roles and chunks[k].toks[0].fold in vocab.particles:
                k += 1
            if k < len(chunks) and _NAME in chunks[k].roles:
                j = k  # "von der Leyen"
            else:
                break
        else:
            break
    return j


def _span(chunks: Sequence[_Chunk], text: str) -> tuple[int, int, str]:
    start, end = chunks[0].start, chunks[-1].end
    return start, end, text[start:end]


def _segment(chunks: list[_Chunk], text: str, vocab: Vocabulary) -> list[_Raw]:
    out: list[_Raw] = []
    n = len(chunks)
    i = 0
    while i < n:
        c = chunks[i]
        if _CONN in c.roles or _EVT in c.roles and _NAME not in c.roles and len(c.roles) == 1:
            i += 1
            continue
        if _HON in c.roles:
            k = _name_end(chunks, i + 1, vocab)
            if k > i + 1:
                s, e, t = _span(chunks[i + 1 : k], text)
                out.append(_Raw(PERSON, t, s, e, complete=k - i - 1 > 1, cue=c.toks[0].fold))
                i = k
            else:
                i += 1
            continue
        if _PTY in c.roles and i + 1 < n and _NAME in chunks[i + 1].roles:
            # "Republican Mitt Romney": a party word before a full name describes the person
            k = _name_end(chunks, i + 1, vocab)
            if k - i - 1 >= 2 and not (k < n and _ORG in chunks[k].roles):
                s, e, t = _span(chunks[i + 1 : k], text)
                out.append(_Raw(PERSON, t, s, e))
                i = k
                continue
        t_end = _title_end(chunks, i)
        if t_end is not None:
            k = _name_end(chunks, t_end, vocab)
            weak_only = all(_WEAK in ch.roles or _HEAD not in ch.roles for ch in chunks[i:t_end])
            portfolio: list[_Chunk] = []
            p = t_end
            if k == t_end and p < n and chunks[p].toks[0].fold == "for":
                p += 1
                while p < n and _PLC in chunks[p].roles:
                    portfolio.append(chunks[p])
                    p += 1
                    if p + 1 < n and chunks[p].toks[0].fold == "and" and _PLC in chunks[p + 1].roles:
                        p += 1
                    else:
                        break
                if portfolio:
                    k = _name_end(chunks, p, vocab)
                else:
                    p = t_end
            if not weak_only or k > p:
                s, e, t = _span(chunks[i:t_end], text)
                out.append(_Raw(TITLE, t, s, e))
                for pc in portfolio:
                    out.append(_Raw(PLACE, text[pc.start : pc.end], pc.start, pc.end))
            if k > p:
                s, e, t = _span(chunks[p:k], text)
                head = title_key(text[chunks[i].start : chunks[t_end - 1].end], vocab)[0]
                out.append(_Raw(PERSON, t, s, e, complete=k - p > 1, cue=head))
                i = k
            else:
                i = p if portfolio else t_end
            continue
        # Up to the next honorific or title: an organisation, places or names.
        b = i + 1
        while b < n and _HON not in chunks[b].roles and _title_end(chunks, b) is None:
            b += 1
        heads = [h for h in range(i, b) if _ORG in chunks[h].roles]
        if heads:
            h = heads[-1]
            end = h + 1
            if end + 1 < b and chunks[end].toks[0].fold == "of":
                k = end + 1
                while k < b and _CONN not in chunks[k].roles:
                    k += 1
                if (
                    k + 1 < b
                    and chunks[k].toks[0].fold == "and"
                    and chunks[k + 1].roles == {_NAME}
                    and (k + 2 == b or _CONN in chunks[k + 2].roles)
                ):
                    k += 2
                if k > end + 1:
                    end = k
            while i < h and _CONN in chunks[i].roles:
                i += 1
            segment = chunks[i:end]
            if any(_ORG not in ch.roles and _CONN not in ch.roles for ch in segment):
                s, e, t = _span(segment, text)
                country, _ = _country_of([tok.fold for ch in segment for tok in ch.toks], vocab)
                out.append(_Raw(ORGANISATION, t, s, e, complete=bool(country)))
            i = end
            continue
        out.extend(_names(chunks[i:b], text, vocab))
        i = b
    return out


def _names(chunks: list[_Chunk], text: str, vocab: Vocabulary) -> list[_Raw]:
    """Places, organisations and names in a stretch with no title or org head."""
    out: list[_Raw] = []
    n = len(chunks)
    i = 0
    while i < n:
        c = chunks[i]
        roles = c.roles
        if _CONN in roles:
            i += 1
            continue
        # "Republic of X", "Gulf of Y": a place hint with its complement.
        if _HINT in roles and i + 2 < n and chunks[i + 1].toks[0].fold == "of":
            k = i + 2
            while k < n and _CONN not in chunks[k].roles:
                k += 1
            s, e, t = _span(chunks[i:k], text)
            out.append(_Raw(PLACE, t, s, e))
            i = k
            continue
        nxt = chunks[i + 1].roles if i + 1 < n else frozenset()
        if _PLC in roles and (len(c.toks) > 1 and _HINT not in nxt or not (nxt == {_NAME} or _HINT in nxt)):
            out.append(_Raw(PLACE, text[c.start : c.end], c.start, c.end))
            i += 1
            continue
        k = i
        while k < n and _CONN not in chunks[k].roles:
            k += 1
        while k < n and chunks[k].toks[0].fold in vocab.particles and k + 1 < n and _NAME in chunks[k + 1].roles:
            k += 2
            while k < n and _CONN not in chunks[k].roles:
                k += 1
        group = chunks[i:k]
        i = k
        first, last = group[0].roles, group[-1].roles
        s, e, t = _span(group, text)
        if _EVT in last and len(group) > 1 or group[-1].toks[-1].fold in vocab.weekdays:
            continue
        if _PTY in last:
            continue  # "a Virginia Democrat", "R-Texas", "Senate Republicans": a description
        if _PTY in first:
            out.append(_Raw(ORGANISATION, t, s, e, complete=True))  # "Democratic Caucus"
            continue
        if _HINT in last and len(group) > 1:
            out.append(_Raw(PLACE, t, s, e))
        elif _DEM in first and len(group) == 1:
            continue
        elif _DEM in first or _PLC in first:
            # "European Pravda", "Kyiv Independent": a nationality or place names a body.
            out.append(_Raw(ORGANISATION, t, s, e, complete=True))
        elif sum(_CONN not in ch.roles for ch in group) > 5:
            out.append(_Raw(ORGANISATION, t, s, e, strong=False))
        elif len(group) > 1:
            out.append(_Raw(PERSON, t, s, e, strong=False))
        elif t.isupper() and len(t) > 1 and "." not in t:
            out.append(_Raw(ORGANISATION, t, s, e, strong=False, complete=False))
        elif _NAME in first or first <= {_MOD, _HINT, _EVT}:
            out.append(_Raw("", t, s, e, strong=False, complete=False))
    return out


_STARTERS: dict[int, tuple[Vocabulary, frozenset[str]]] = {}


def _starters(vocab: Vocabulary) -> frozenset[str]:
    """The words a lower-case title may start with, kept per vocabulary (by identity)."""
    held = _STARTERS.get(id(vocab))
    if held is None or held[0] is not vocab:
        if len(_STARTERS) >= 8:
            _STARTERS.clear()
        held = _STARTERS[id(vocab)] = (vocab, vocab.title_heads | vocab.title_modifiers | vocab.phrase_starts)
    return held[1]


def _lower_titles(tokens: list[_Tok], in_run: list[bool], vocab: Vocabulary) -> list[tuple[int, int, bool]]:
    """Lower-case titles ("deputy director", "foreign minister"): (first token,
    end token exclusive, whether every head in it is weak)."""
    found: list[tuple[int, int, bool]] = []
    n = len(tokens)

    def plain(k: int) -> bool:
        return k < n and not in_run[k] and tokens[k].alpha and not tokens[k].cap

    starters = _starters(vocab)
    i = 0
    while i < n:
        if not plain(i) or (tokens[i].fold not in starters and "-" not in tokens[i].fold):
            i += 1
            continue
        j, end, weak = i, None, True
        while plain(j):
            size = 0
            if tokens[j].fold in vocab.phrase_starts:
                size = next(
                    (
                        m
                        for m in range(min(vocab.max_phrase, n - j), 1, -1)
                        if vocab.phrases.get(tuple(t.fold for t in tokens[j : j + m])) == "title"
                        and all(plain(k) for k in range(j, j + m))
                    ),
                    0,
                )
            if size:
                j += size
                end, weak = j, False
                continue
            head, head_weak = _title_word(tokens[j].fold, vocab, plural=False)
            if head:
                j += 1
                end, weak = j, weak and head_weak
            elif tokens[j].fold in vocab.title_modifiers:
                j += 1
            else:
                break
        if end is None:
            i = max(j, i + 1)
            continue
        found.append((i, end, weak))
        i = end
    return found


# --------------------------------------------------------------------------
# Per sentence


@dataclass(slots=True)
class _Stats:
    lower: Counter[str]
    cap_inner: Counter[str]


_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*")
_CAP_WORD = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*")


def _corpus_stats(texts: Iterable[str]) -> _Stats:
    lower: Counter[str] = Counter()
    cap: Counter[str] = Counter()
    for text in texts:
        lower.update(_LOWER_WORD.findall(text))
        words = _CAP_WORD.findall(text)
        cap.update(w.lower() for w in words[1:])
    return _Stats(lower, cap)


_QUOTES = frozenset({"“", '"', "‘", "'", "”", "’", "(", "["})
_OPENING = frozenset({"“", "‘", '"', "(", "["})


def _is_initial(tokens: list[_Tok], i: int) -> bool:
    """Whether token ``i`` starts a sentence, a quote, a bullet or follows a colon."""
    if (
        i > 0
        and tokens[i - 1].text in _OPENING
        and tokens[i - 1].end == tokens[i].start
        and (i < 2 or tokens[i - 2].end < tokens[i - 1].start)
    ):
        return True
    j = i - 1
    while j >= 0 and tokens[j].text in _QUOTES:
        j -= 1
    return j < 0 or tokens[j].text in _OPENERS


def _split_compounds(tokens: list[_Tok], vocab: Vocabulary) -> list[_Tok]:
    """Split "US-Russia" and "Russia-Ukraine" into their place names."""
    out: list[_Tok] = []
    for tok in tokens:
        if tok.cap and "-" in tok.text and tok.fold not in vocab.places:
            parts = tok.text.split("-")
            if all(p[:1].isupper() and (_fold(p) in vocab.places or _fold(p) in vocab.demonyms) for p in parts):
                pos = tok.start
                for k, part in enumerate(parts):
                    out.append(_Tok(part, pos, pos + len(part), _fold(part), True, True))
                    pos += len(part)
                    if k < len(parts) - 1:
                        out.append(_Tok("-", pos, pos + 1, "-", False, False))
                        pos += 1
                continue
        out.append(tok)
    return out


def _known(tok: _Tok, vocab: Vocabulary) -> bool:
    w = tok.fold
    return (
        w in vocab.places
        or w in vocab.demonyms
        or w in vocab.honorifics
        or w in vocab.place_hints
        or _title_word(w, vocab, plural=True)[0]
        or w in vocab.org_heads
        or w in vocab.title_modifiers
        and w not in vocab.function_words
    )


def _sentence_mentions(text: str, vocab: Vocabulary, pats: _Patterns, stats: _Stats) -> list[_Raw]:
    dates = _date_mentions(text, pats)
    taken = [(d.start, d.end) for d in dates]
    numbers = _number_mentions(text, pats, taken)
    taken += [(m.start, m.end) for m in numbers]
    tokens = _split_compounds(_tokenise(text), vocab)
    n = len(tokens)

    def blocked(t: _Tok) -> bool:
        return any(s <= t.start < e for s, e in taken)

    capital = [False] * n
    for i, tok in enumerate(tokens):
        if not tok.cap or blocked(tok):
            continue
        if tok.fold in vocab.weekdays or tok.fold in vocab.months and tok.fold != "may":
            continue
        if tok.fold in vocab.pronouns and not (tok.text.isupper() and len(tok.text) > 1):
            continue  # "I", "He": never a name ("US" is)
        if _is_initial(tokens, i) and not _known(tok, vocab) and not (tok.text.isupper() and len(tok.text) > 1):
            w = tok.fold
            nxt = tokens[i + 1] if i + 1 < n else None
            # "Valentina Matvienko said": a name word before another name word.
            before_name = (
                nxt is not None
                and nxt.cap
                and nxt.start == tok.end + 1
                and not _known(nxt, vocab)
                and stats.lower[w] == 0
            )
            if w in vocab.function_words or (
                not before_name and (stats.cap_inner[w] == 0 or stats.lower[w] > stats.cap_inner[w])
            ):
                continue
        capital[i] = True

    runs: list[list[_Tok]] = []
    in_run = [False] * n
    i = 0
    while i < n:
        if not capital[i]:
            i += 1
            continue
        run = [tokens[i]]
        in_run[i] = True
        j = i + 1
        while j < n:
            t = tokens[j]
            if capital[j]:
                run.append(t)
            elif (
                t.text == "."
                and j + 1 < n
                and capital[j + 1]
                and (
                    run[-1].fold in vocab.honorifics
                    or run[-1].fold in vocab.abbreviations
                    or len(run[-1].text) == 1
                    or run[-1].fold == "st"
                )
            ):
                pass
            elif (t.fold in _CONNECTORS or t.fold in vocab.particles) and not t.cap:
                # Connectors join when a capitalised word follows; name particles may
                # come in a row ("von der Leyen").
                k = j + 1
                while k < n and tokens[k].fold in vocab.particles and not tokens[k].cap and t.fold in vocab.particles:
                    k += 1
                if not (k < n and capital[k] and all(tokens[x + 1].start - tokens[x].end <= 1 for x in range(j, k))):
                    break
                run.extend(tokens[j:k])
                for x in range(j, k):
                    in_run[x] = True
                j = k
                continue
            else:
                break
            in_run[j] = True
            j += 1
        runs.append(run)
        i = j

    mentions: list[_Raw] = list(dates) + numbers
    for run in runs:
        for raw in _segment(_chunks(run, vocab), text, vocab):
            if raw.type == "":
                k = next(idx for idx, t in enumerate(tokens) if t.start == raw.start)
                prev = tokens[k - 1].fold if k > 0 else ""
                raw.cue = "the" if prev == "the" else "loc" if prev in _LOCATIVE else ""
            mentions.append(raw)

    # Lower-case titles; weak ones only next to a person.
    persons = {m.start: m for m in mentions if m.type in (PERSON, "")}
    person_ends = {m.end for m in mentions if m.type in (PERSON, "")}
    for a, b, weak in _lower_titles(tokens, in_run, vocab):
        start, end = tokens[a].start, tokens[b - 1].end
        next_person = persons.get(tokens[b].start) if b < n and tokens[b].start == end + 1 else None
        appositive = a >= 2 and tokens[a - 1].text == "," and tokens[a - 2].end in person_ends
        if a >= 3 and tokens[a - 1].fold in ("the", "a", "an") and tokens[a - 2].text == ",":
            appositive = appositive or tokens[a - 3].end in person_ends
        if weak and not (next_person or appositive):
            continue
        if next_person is not None:
            next_person.type, next_person.strong = PERSON, True
        mentions.append(_Raw(TITLE, text[start:end], start, end))
    for m in mentions:
        if m.type == PERSON and " " in m.text:
            family = _FAMILY.search(text, 0, m.start)
            if family:  # "Sasha and Malia Obama": two people of that surname
                m.family = family.group(1)
    previous: _Raw | None = None
    for m in sorted((m for m in mentions if m.type == PERSON), key=lambda m: m.start):
        if (
            not m.strong
            and (
                _INITIAL_INSIDE.search(m.text)  # "George W. Bush"
                or _described_as_person(text, m.start, m.end, vocab)
                or (
                    previous is not None
                    and previous.strong
                    and _AND_ONLY.fullmatch(text[previous.end : m.start])
                    and _PLURAL_TITLE.search(text, 0, previous.start)
                )
            )
        ):
            m.strong = True  # "Presidents Vladimir Putin and Donald Trump": both are people
        previous = m
    return mentions


_FAMILY = re.compile(r"\b([A-Z][a-z]+),? and $")
_INITIAL_INSIDE = re.compile(r"\s[A-Z]\.\s")
_AND_ONLY = re.compile(r",?\s+and\s+|,\s+")
_PLURAL_TITLE = re.compile(r"\b[A-Z][a-z]+s\.?\s+$")  # "Presidents Vladimir Putin and Donald Trump"


_APPOSITIVE = re.compile(r",\s+(?:(?:a|an|the|his|her|their|its)\s+)?([^,;:()]{1,80})")
_AGE = re.compile(r",\s+\d{1,3}\s*,")
_TAG_AFTER = re.compile(r",?\s*\(?([A-Za-z])(?:-[A-Z][\w.]*|\))")


def _described_as_person(text: str, start: int, end: int, vocab: Vocabulary) -> bool:
    """Whether the text around a name written without a title shows a person: an appositive
    with a job title ("Rob Shapiro, a former commerce official,"), an age ("Jane Roe, 52,"),
    a party tag ("Jane Roe, R-Texas", "Jane Roe (D)"), or a title before a comma ("the
    group's chief executive, Barry Rand")."""
    after = text[end : end + 90]
    if _AGE.match(after):
        return True
    tag = _TAG_AFTER.match(after)
    if tag and tag.group(1).lower() in vocab.party_letters:
        return True
    apposition = _APPOSITIVE.match(after)
    if apposition:
        words = [_fold(w) for w in _SPLIT.findall(apposition.group(1))[:8]]
        if any(_title_word(w, vocab, plural=False)[0] or w in vocab.parties for w in words):
            return True
    before = text[max(0, start - 60) : start].rstrip()
    if before.endswith(","):
        words = [_fold(w) for w in _SPLIT.findall(before[:-1])[-3:]]
        if words and _title_word(words[-1], vocab, plural=False)[0]:
            return True
    return False


# --------------------------------------------------------------------------
# Grouping


def _fuzzy_clusters(keys: Iterable[str], threshold: float) -> dict[str, int]:
    """Cluster distinct normalised strings with rapidfuzz's ratio, within blocks.

    A block is the first two letters: after transliteration normalisation the
    variants of one name share them ("darchiev"/"darchiev", "alexandr"/"alexander"),
    and blocks keep the pairwise comparison far from quadratic in the corpus.
    """
    blocks: dict[str, list[str]] = defaultdict(list)
    for key in sorted(set(keys)):
        blocks[key[:2]].append(key)
    cluster: dict[str, int] = {}
    next_id = 0
    for block in blocks.values():
        uf: UnionFind[int] = UnionFind(range(len(block)))
        long_idx = [i for i, k in enumerate(block) if len(k) >= _MIN_FUZZY_LENGTH]
        if len(long_idx) > 1:
            longs = [block[i] for i in long_idx]
            scores = process.cdist(longs, longs, scorer=fuzz.ratio, score_cutoff=threshold, dtype=np.uint8)
            rows, cols = np.nonzero(scores)
            for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
                if r < c:
                    uf.union(long_idx[r], long_idx[c])
        roots: dict[int, int] = {}
        for i, key in enumerate(block):
            root = uf.find(i)
            if root not in roots:
                roots[root] = next_id
                next_id += 1
            cluster[key] = roots[root]
    return cluster


def _first_names_match(a: str, b: str) -> bool:
    if not a or not b or a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return fuzz.ratio(a, b) >= FIRST_NAME_SIMILARITY


def same_person_name(a: str, b: str) -> bool:
    """True when two full names ("First Last") are spellings of one name.

    Surnames compare after :func:`normalise_name` with rapidfuzz's ratio (at least
    ``SURNAME_SIMILARITY``), first names likewise (``FIRST_NAME_SIMILARITY``; an
    initial matches its letter). "Sergei Lavrov"/"Sergey Lavrov" and
    "Alexander Darchiev"/"Alexander Darchiyev" match; "Vladimir Putin"/"Vladimir
    Zelensky" do not. Middle initials tell people apart when both names have them
    ("George W. Bush" is not "George H. W. Bush"); a generational suffix is no part of
    the comparison ("Robert S. Mueller III" is "Robert Mueller").
    """
    pa, pb = _name_parts(a), _name_parts(b)
    if len(pa) < 2 or len(pb) < 2:
        return False
    fa, ma, la = _shape(pa)
    fb, mb, lb = _shape(pb)
    if la != lb and fuzz.ratio(la, lb) < SURNAME_SIMILARITY:
        return False
    if ma and mb and ma != mb:
        return False
    return _first_names_match(fa, fb)


_GENERATIONS = frozenset({"jr", "sr", "ii", "iii", "iv"})
"""Generational suffixes ("Jr.", "III"): part of how a name is written, not of the name."""
_NAME_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _name_parts(text: str) -> list[str]:
    """The normalised words of a name, without a generational suffix."""
    return [normalise_name(p) for p in _NAME_WORD.findall(text) if p.casefold() not in _GENERATIONS]


def _shape(parts: Sequence[str]) -> tuple[str, str, str]:
    """``(first name, middle initials, surname)`` of a name's parts; a leading initial
    before a first name is a middle initial ("A. Barry Rand")."""
    first, middle, last = parts[0], list(parts[1:-1]), parts[-1]
    if len(first) == 1 and middle and len(middle[0]) > 1:
        first, middle = middle[0], [parts[0], *middle[1:]]
    return first, "".join(m[0] for m in middle), last


def _group_people(rows: list[dict[str, Any]], surname_cluster: dict[str, int]) -> None:
    """Set ``key`` on person rows: one key per person.

    Full names join when their surnames cluster and first names match; middle initials
    keep apart the people they distinguish ("George W. Bush", "George H. W. Bush"; a plain
    "George Bush" beside both is its own entry). A surname alone joins the one person of
    that surname named in full in the same article, else in the whole input; when the
    surname is written with a title ("President Obama") it joins the one person named in
    full with that title, if the article's own person never has it.

    Args:
        surname_cluster: Normalised surname -> cluster, from :func:`_fuzzy_clusters`;
            a surname missing from it gets a cluster of its own.
    """

    def cluster_of(surname: str) -> int:
        if surname not in surname_cluster:
            surname_cluster[surname] = max(surname_cluster.values(), default=-1) + 1
        return surname_cluster[surname]

    shapes = {r["text"]: _shape(p) for r in rows if len(p := _name_parts(r["text"])) > 1}
    # Full names: per surname cluster, merge first names that match.
    full: dict[int, list[str]] = defaultdict(list)  # cluster -> distinct first names
    for _text, (first, _mid, last) in sorted(shapes.items()):
        c = cluster_of(last)
        if first not in full[c]:
            full[c].append(first)
    first_key: dict[tuple[int, str], str] = {}
    for c, firsts in full.items():
        # Full first names first, initials last, so an initial joins a full name.
        firsts.sort(key=lambda f: (len(f) == 1, f))
        reps: list[str] = []
        for f in firsts:
            matches = [r for r in reps if _first_names_match(f, r)]
            if len(f) == 1 and len(matches) > 1:
                reps.append(f)
                first_key[(c, f)] = f
            elif matches:
                first_key[(c, f)] = first_key[(c, matches[0])]
            else:
                reps.append(f)
                first_key[(c, f)] = f
    middles: dict[tuple[int, str], set[str]] = defaultdict(set)
    for first, mid, last in shapes.values():
        if mid:
            c = cluster_of(last)
            middles[(c, first_key[(c, first)])].add(mid)
    by_article: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    titled: dict[tuple[int, str], set[str]] = defaultdict(set)  # (cluster, title) -> keys
    for r in rows:
        shape = shapes.get(r["text"])
        if shape is None:
            continue
        first, mid, last = shape
        c = cluster_of(last)
        fk = first_key[(c, first)]
        known = middles.get((c, fk), set())
        r["key"] = f"{c}:{fk}" if len(known) <= 1 else f"{c}:{fk}:{mid or '?'}"
        by_article[r["article_id"]][c].add(r["key"])
        if r.get("cue"):
            titled[(c, r["cue"])].add(r["key"])
    corpus: dict[int, set[str]] = defaultdict(set)
    for per_article in by_article.values():
        for c, keys in per_article.items():
            corpus[c] |= keys
    full_surnames = {last for _first, _mid, last in shapes.values()}
    for r in rows:
        # "Sasha and Malia Obama": "Obama" alone in that article is not only Malia
        if r["text"] in shapes and r.get("family"):
            first = normalise_name(r["family"])
            if first not in full_surnames:
                by_article[r["article_id"]][cluster_of(shapes[r["text"]][2])].add(f"family:{first}")
    for r in rows:
        if r["text"] in shapes:
            continue
        parts = _name_parts(r["text"])
        c = cluster_of(parts[-1] if parts else normalise_name(r["text"]))
        here = by_article[r["article_id"]].get(c, set())
        everywhere = corpus.get(c, set())
        with_title = titled.get((c, r.get("cue", "")), set()) if r.get("cue") else set()
        if with_title and not (here & with_title) and len(with_title) == 1 and len(everywhere) > 1:
            r["key"] = next(iter(with_title))  # "President Obama" where only "Malia Obama" is named in full
        elif len(here) == 1 and not next(iter(here)).startswith("family:"):
            r["key"] = next(iter(here))
        elif len(here & with_title) == 1:
            r["key"] = next(iter(here & with_title))
        elif not here and len(everywhere) == 1:
            r["key"] = next(iter(everywhere))
        else:
            r["key"] = f"{c}:"
        r["complete"] = False


def _confirm_people(seen: dict[str, list[_Raw]], people: PersonFinder) -> None:
    """Ask the recogniser about the sentences with a name written without a title: such a
    name is a person when a PERSON span of the recogniser overlaps it, else it is none."""
    texts = [t for t, found in seen.items() if any(m.type == PERSON and not m.strong for m in found)]
    if not texts:
        return
    for text, spans in zip(texts, people(texts), strict=True):
        for m in seen[text]:
            if m.type == PERSON and not m.strong:
                if any(a < m.end and m.start < b for a, b in spans):
                    m.strong = True
                else:
                    m.cue = "not a person"


def _drop_unconfirmed_people(
    rows: list[dict[str, Any]], people: list[dict[str, Any]], *, asked: bool
) -> list[dict[str, Any]]:
    """Rows without the people nothing shows to be people.

    A capitalised pair with no title ("Goldman Sachs", "Social Security", "Trump Tower") is a
    person only when some mention of it is written with a title or described as a person (an
    appositive, an age, a party tag, a middle initial) or, when a recogniser was ``asked``,
    it read the name as a person's. Without a recogniser, a surname written alone elsewhere
    ("Shapiro said") confirms it too: news calls people by their surname, bodies and places
    rarely by their last word. A lone word that is a person only because its surname matched
    ("Americans" for "Latin American") goes with the name it matched.
    """
    confirmed: set[str] = set()
    surnames: set[str] = set()
    for r in people:
        parts = _name_parts(r["text"])
        if len(parts) == 1:
            surnames.add(parts[0])
            if not r.get("guessed"):
                confirmed.add(r["key"])  # "Mr. Shapiro", "Sen. Roe"
        elif r.get("strong", True):
            confirmed.add(r["key"])
    if not asked:
        for r in people:
            parts = _name_parts(r["text"])
            if (
                len(parts) > 1
                and parts[-1] in surnames
                and any(not q.get("guessed") or q["key"] == r["key"] for q in people if q is not r)
            ):
                confirmed.add(r["key"])
    kept_clusters = {key.split(":", 1)[0] for key in confirmed}
    drop = set()
    for r in people:
        if r["key"] in confirmed:
            continue
        if r.get("guessed") and r["key"].endswith(":") and r["key"].split(":", 1)[0] in kept_clusters:
            continue  # an ambiguous surname of people who are confirmed
        drop.add(id(r))
    if not drop:
        return rows
    people[:] = [r for r in people if id(r) not in drop]
    return [r for r in rows if id(r) not in drop]


def _group_orgs(rows: list[dict[str, Any]], vocab: Vocabulary) -> None:
    """Set ``key`` on organisation rows; bare names join a unique qualified one."""
    keys = {r["text"]: _org_key(r["text"], vocab) for r in rows}
    qualified_here: dict[tuple[str, str], set[str]] = defaultdict(set)
    qualified: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        country, rest = keys[r["text"]]
        if country:
            qualified_here[(r["article_id"], rest)].add(country)
            qualified[rest].add(country)
    for r in rows:
        country, rest = keys[r["text"]]
        if not country:
            here = qualified_here.get((r["article_id"], rest), set())
            if len(here) == 1:
                country = next(iter(here))
            elif not here and len(qualified.get(rest, ())) == 1:
                country = next(iter(qualified[rest]))
            r["complete"] = False
        r["key"] = f"{country}|{rest}"


def _resolve_singles(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Type single unknown words: surname of a known person, else by their cues.

    Returns:
        The rows kept, and the surname clusters of every person-like word
        (reused by :func:`_group_people`).
    """
    full_surnames: set[str] = set()
    candidates: set[str] = set()
    for r in rows:
        if r["type"] == PERSON:
            parts = _name_parts(r["text"])
            if parts:
                (full_surnames if len(parts) > 1 else candidates).add(parts[-1])
        elif r["type"] == "":
            parts = _name_parts(r["text"])
            if len(parts) == 1:  # "U.N." or a lone "Jr." is no surname
                candidates.add(parts[0])
    cluster = _fuzzy_clusters(full_surnames | candidates, SURNAME_SIMILARITY)
    known_clusters = {cluster[s] for s in full_surnames}
    cues: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        if r["type"] == "":
            cues[_fold(r["text"])][r["cue"]] += 1
    out = []
    for r in rows:
        if r["type"] == "":
            parts = _name_parts(r["text"])
            if r["text"].endswith("s") and normalise_name(r["text"][:-1]) in full_surnames:
                continue  # "the Hutchinsons": a family, not one person
            if len(parts) == 1 and cluster[parts[0]] in known_clusters:
                r["type"] = PERSON
                r["guessed"] = True  # a person only because someone of that surname is named
            else:
                votes = cues[_fold(r["text"])]
                if votes["the"] and votes["the"] >= votes["loc"]:
                    r["type"] = ORGANISATION
                elif votes["loc"]:
                    r["type"] = PLACE
                else:
                    continue
        out.append(r)
    return out, cluster


def _canonical(texts: Sequence[str], complete: Sequence[bool]) -> str:
    pool = [t for t, c in zip(texts, complete, strict=True) if c] or list(texts)
    counts = Counter(pool)
    return min(counts, key=lambda t: (-counts[t], t))


# --------------------------------------------------------------------------
# Public API


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {
            c: pd.Series(dtype="int64" if c in (S.ENTITY_ID, S.SENTENCE_ID, S.START, S.END) else "object")
            for c in S.ENTITY_COLUMNS
        }
    )


PersonFinder = Callable[[Sequence[str]], Sequence[Sequence[tuple[int, int]]]]
"""Texts in, the ``(start, end)`` character spans of the people each text names, per text
(a trained recogniser's PERSON entities, see :func:`dashboard.vocabularies.load_person_finder`)."""


def extract_entities(
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    vocabulary: Vocabulary,
    people: PersonFinder | None = None,
) -> pd.DataFrame:
    """Every mention of a person, organisation, place, title, number or date.

    Args:
        sentences: ``sentences.parquet`` rows (needs ``article_id, sentence_id, text``).
        articles: ``articles.parquet`` rows (needs ``article_id, outlet``); a
            sentence whose article is missing gets outlet ``""``.
        vocabulary: The entity vocabulary (``data/entities.toml``, parsed by :func:`parse_vocabulary`).
        people: A person finder (:data:`PersonFinder`): it confirms names written with
            no title; ``None`` leaves that to the rules (the surname alone elsewhere).

    Returns:
        Columns :data:`dashboard.schema.ENTITY_COLUMNS`, one row per mention:
        ``entity_id`` (int >= 0, shared by every mention of one entity across
        all outlets, numbered in order of ``(entity_type, entity)``),
        ``entity`` (canonical form; for numbers and dates the normalised value,
        e.g. ``"over 6 hours"``, ``"02-27"``, ``"2025-02-27"``, ``"2016/2018"``),
        ``entity_type`` (one of :data:`ENTITY_TYPES`), ``article_id``,
        ``sentence_id``, ``outlet``, ``text`` (as written) and ``start``/``end``,
        character offsets in the sentence with ``sentence[start:end] == text``.
        Sorted by article, sentence, start, end. Empty input gives an empty
        table with these columns.

    Complexity: linear in the total sentence length, plus grouping over
    distinct spellings blocked by first letter.
    """
    if sentences.empty:
        return _empty()
    vocab = vocabulary
    pats = _Patterns(vocab)
    texts = sentences[S.TEXT].astype(str).tolist()
    stats = _corpus_stats(texts)
    outlet_of = dict(zip(articles[S.ARTICLE_ID], articles[S.OUTLET], strict=True)) if not articles.empty else {}
    rows: list[dict[str, Any]] = []
    # Outlets carrying the same wire copy repeat sentences word for word; a
    # sentence's mentions depend only on its text and the corpus statistics.
    seen: dict[str, list[_Raw]] = {}
    for text in texts:
        if text not in seen:
            seen[text] = _sentence_mentions(text, vocab, pats, stats)
    if people is not None:
        _confirm_people(seen, people)
    for article_id, sentence_id, text in zip(sentences[S.ARTICLE_ID], sentences[S.SENTENCE_ID], texts, strict=True):
        for m in seen[text]:
            rows.append(
                {
                    "type": m.type,
                    "text": m.text,
                    "start": m.start,
                    "end": m.end,
                    "key": m.key,
                    "cue": m.cue,
                    "complete": m.complete,
                    "strong": m.strong,
                    "family": m.family,
                    "article_id": article_id,
                    "sentence_id": int(sentence_id),
                    "outlet": outlet_of.get(article_id, ""),
                }
            )
    rows, surname_cluster = _resolve_singles(rows)
    if not rows:
        return _empty()
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_type[r["type"]].append(r)
    _group_people(by_type[PERSON], surname_cluster)
    rows = _drop_unconfirmed_people(rows, by_type[PERSON], asked=people is not None)
    _group_orgs(by_type[ORGANISATION], vocab)
    for r in by_type[PLACE]:
        r["key"] = _place_key(r["text"], vocab)
    for r in by_type[TITLE]:
        r["key"] = title_key(r["text"], vocab, keep_status=True)[1]

    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[(r["type"], r["key"])].append(r)
    named: list[tuple[str, str, tuple[str, str]]] = []
    for gk, members in groups.items():
        if gk[0] in (NUMBER, DATE):
            canonical = gk[1]
        else:
            canonical = _canonical([m["text"] for m in members], [m["complete"] for m in members])
        named.append((gk[0], canonical, gk))
    named.sort(key=lambda x: (ENTITY_TYPES.index(x[0]), x[1], x[2][1]))
    for eid, (_, canonical, gk) in enumerate(named):
        for member in groups[gk]:
            member["entity_id"], member["entity"] = eid, canonical

    out = pd.DataFrame(
        {
            S.ENTITY_ID: [r["entity_id"] for r in rows],
            S.ENTITY: [r["entity"] for r in rows],
            S.ENTITY_TYPE: [r["type"] for r in rows],
            S.ARTICLE_ID: [r["article_id"] for r in rows],
            S.SENTENCE_ID: [r["sentence_id"] for r in rows],
            S.OUTLET: [r["outlet"] for r in rows],
            S.TEXT: [r["text"] for r in rows],
            S.START: [r["start"] for r in rows],
            S.END: [r["end"] for r in rows],
        }
    )
    out = out.astype({S.ENTITY_ID: "int64", S.SENTENCE_ID: "int64", S.START: "int64", S.END: "int64"})
    out = out.sort_values([S.ARTICLE_ID, S.SENTENCE_ID, S.START, S.END, S.ENTITY_TYPE], kind="stable")
    return out.reset_index(drop=True)[S.ENTITY_COLUMNS]


def entity_variants(entities: pd.DataFrame) -> pd.DataFrame:
    """One row per entity with its spellings and the outlets that mention it.

    Args:
        entities: The output of :func:`extract_entities`.

    Returns:
        Columns :data:`VARIANT_COLUMNS`: ``entity_id, entity, entity_type``,
        ``variants`` (sorted list of distinct spellings as written),
        ``outlets`` (sorted list), ``n_mentions`` (int >= 1); sorted by
        ``entity_id``.
    """
    if entities.empty:
        return pd.DataFrame(
            {c: pd.Series(dtype="int64" if c in (S.ENTITY_ID, N_MENTIONS) else "object") for c in VARIANT_COLUMNS}
        )
    grouped = entities.groupby(S.ENTITY_ID, sort=True)
    out = pd.DataFrame(
        {
            S.ENTITY: grouped[S.ENTITY].first(),
            S.ENTITY_TYPE: grouped[S.ENTITY_TYPE].first(),
            S.VARIANTS: sorted_distinct(entities, S.ENTITY_ID, S.TEXT),
            S.OUTLETS: sorted_distinct(entities, S.ENTITY_ID, S.OUTLET),
            N_MENTIONS: grouped.size().astype("int64"),
        }
    ).reset_index()
    return out[VARIANT_COLUMNS]
