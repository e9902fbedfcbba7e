"""Provenance: the sources an article's text credits, and the sentences that rest on each.

News text says where it comes from in a few fixed ways: a credit line ("Source: US
Department of State, as reported by European Pravda"), a dateline credit ("MOSCOW
(Reuters) -"), an attribution naming a body ("according to the State Department",
"citing Russian media", "per TASS"), or a body speaking ("the ministry said in a
statement"). The ways are a table of cues in ``data/provenance.toml``; this module is the
engine that reads a sentence with them:

1. every cue is matched; the source is the noun phrase on the cue's side, cut at
   punctuation and at the phrase's stop words;
2. the phrase is read by the speaker rules of :mod:`dashboard.corpus.quotes` and kept only
   when it names a source a text can rest on: an institution, a news organisation (a
   media word, a wire agency, or another outlet of the corpus), or a source left unnamed
   ("diplomatic sources"); people, places and pronouns are quotes, not provenance;
3. names are folded across the corpus ("the State Department" is "US State Department"
   when that is the one longer name ending in it).

A credit line covers the whole article; any other cue covers its sentence. Work is linear
in the text: each sentence is scanned once per cue and a phrase is at most
``max_words`` words.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard import schema as S
from dashboard.corpus.quotes import SpeechVocabulary, classify_speaker
from dashboard.errors import VocabularyError

__all__ = [
    "ARTICLE_SCOPE",
    "Cue",
    "ProvenanceVocabulary",
    "SENTENCE_SCOPE",
    "parse_vocabulary",
    "provenance",
    "outlet_sources",
    "provenance_summary",
]

ARTICLE_SCOPE, SENTENCE_SCOPE = "article", "sentence"
#: Kinds of source, as the tables and the app name them.
INSTITUTION, MEDIA, OUTLET, UNNAMED = "institution", "news organisation", "outlet in this dataset", "unnamed source"
#: The order sources of equal weight are listed in: who made the text before who carried it.
KIND_ORDER = {INSTITUTION: 0, UNNAMED: 1, OUTLET: 2, MEDIA: 3}
#: A capitalised name the rules cannot type, credited by a cue that implies publishing
#: ("reported by X"): probably a news organisation, said less surely.
_UNTYPED_STRENGTH = 0.6


@dataclass(frozen=True)
class Cue:
    """One way a text credits a source (a ``[[cues]]`` entry of ``data/provenance.toml``)."""

    name: str
    pattern: re.Pattern[str]
    side: str  # "after" or "before": where the source's phrase is
    scope: str  # ARTICLE_SCOPE or SENTENCE_SCOPE
    strength: float


@dataclass(frozen=True)
class ProvenanceVocabulary:
    """The parsed ``data/provenance.toml``."""

    version: int
    cues: tuple[Cue, ...]
    stop_words: frozenset[str]
    adverbs: frozenset[str]
    documents: frozenset[str]
    not_sources: frozenset[str]
    max_words: int
    media: frozenset[str]
    unnamed: frozenset[str]
    wires: frozenset[str]  # casefolded, except all-capital names of up to 4 letters
    short_wires: frozenset[str]  # those, compared as written ("AP", not "ap")


def parse_vocabulary(text: str, *, source: str = "provenance.toml") -> ProvenanceVocabulary:
    """Parse and validate a provenance vocabulary.

    Raises:
        VocabularyError: invalid TOML, a missing or empty list, a cue with a bad pattern,
            side, scope or strength; the message names the source and the entry.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise VocabularyError(f"{source}: not valid TOML ({exc})") from exc
    raw_cues = data.get("cues")
    if not isinstance(raw_cues, list) or not raw_cues:
        raise VocabularyError(f"{source}: needs at least one [[cues]] entry")
    cues = []
    for n, raw in enumerate(raw_cues, 1):
        where = f"{source}: cue {n} ({raw.get('name', 'unnamed')!s})"
        if raw.get("side") not in ("after", "before"):
            raise VocabularyError(f'{where}: side must be "after" or "before"')
        if raw.get("scope") not in (ARTICLE_SCOPE, SENTENCE_SCOPE):
            raise VocabularyError(f'{where}: scope must be "article" or "sentence"')
        strength = raw.get("strength")
        if not isinstance(strength, int | float) or not 0 < strength <= 1:
            raise VocabularyError(f"{where}: strength must be a number in (0, 1]")
        try:
            pattern = re.compile(str(raw.get("pattern", "")), re.IGNORECASE)
        except re.error as exc:
            raise VocabularyError(f"{where}: bad pattern ({exc})") from exc
        if not pattern.pattern:
            raise VocabularyError(f"{where}: empty pattern")
        cues.append(Cue(str(raw.get("name", f"cue {n}")), pattern, raw["side"], raw["scope"], float(strength)))

    def words(table: str, key: str) -> list[str]:
        values = data.get(table, {}).get(key)
        if not isinstance(values, list) or not values or not all(isinstance(v, str) and v.strip() for v in values):
            raise VocabularyError(f"{source}: [{table}] {key} must be a non-empty list of words")
        return values

    max_words = data.get("phrases", {}).get("max_words")
    if not isinstance(max_words, int) or not 1 <= max_words <= 20:
        raise VocabularyError(f"{source}: [phrases] max_words must be a whole number from 1 to 20")
    wires = words("kinds", "wires")
    return ProvenanceVocabulary(
        version=int(data.get("version", 1)),
        cues=tuple(cues),
        stop_words=frozenset(w.lower() for w in words("phrases", "stop_words")),
        adverbs=frozenset(w.lower() for w in words("phrases", "adverbs")),
        documents=frozenset(w.lower() for w in words("phrases", "documents")),
        not_sources=frozenset(w.lower() for w in words("phrases", "not_sources")),
        max_words=max_words,
        media=frozenset(w.lower() for w in words("kinds", "media")),
        unnamed=frozenset(w.lower() for w in words("kinds", "unnamed")),
        wires=frozenset(w.casefold() for w in wires if not _is_short_capitals(w)),
        short_wires=frozenset(w for w in wires if _is_short_capitals(w)),
    )


def _is_short_capitals(name: str) -> bool:
    return len(name) <= 4 and name.isupper()


# --- reading one sentence -------------------------------------------------------------

_WORD = re.compile(r"[^\s]+")
_BY = re.compile(r"\s(?:released\s+|issued\s+|published\s+|conducted\s+)?by\s+", re.IGNORECASE)
# Punctuation that ends a phrase; a full stop does only before a space or the end, and not
# inside an initialism ("U.S.").
_HARD_BREAK = re.compile(r"[,;:()\[\]\"“”«»?!|]|\s[-–—]\s")
_INITIALISM = re.compile(r"^(?:[A-Za-z]\.)+$")


def _tokens(text: str) -> list[str]:
    """Words of a phrase up to its first hard break, full stops that end a sentence included."""
    cut = _HARD_BREAK.search(text)
    words = _WORD.findall(text[: cut.start()] if cut else text)
    for i, w in enumerate(words):
        if w.endswith(".") and not _INITIALISM.match(w):
            return [*words[:i], w[:-1]] if w[:-1] else words[:i]
    return words


def _phrase_after(text: str, v: ProvenanceVocabulary) -> list[str]:
    words: list[str] = []
    for w in _tokens(text)[: v.max_words]:
        if words and w.lower().strip("'’") in v.stop_words:
            break
        words.append(w)
    return _split_and(words)


def _phrase_before(text: str, v: ProvenanceVocabulary) -> list[str]:
    # Read backwards from the cue to a hard break or a stop word, skipping adverbs at the end.
    cut = list(_HARD_BREAK.finditer(text))
    head = text[cut[-1].end() :] if cut else text
    words = _WORD.findall(head)
    while words and words[-1].lower() in v.adverbs:
        words.pop()
    kept: list[str] = []
    for w in reversed(words[-v.max_words :]):
        if w.lower() in v.stop_words:
            break
        kept.insert(0, w)
    if kept and kept[0].endswith(".") and not _INITIALISM.match(kept[0]):
        kept = kept[1:]
    return _split_and(kept)


def _split_and(words: list[str]) -> list[str]:
    """ "Reuters and AP" is two sources; "Ministry of Foreign Affairs and Trade" is one (the
    rules read each part and drop a part that names nothing)."""
    parts: list[str] = []
    current: list[str] = []
    for w in words:
        if w.lower() in ("and", "&", "or"):
            if current:
                parts.append(" ".join(current))
            current = []
        else:
            current.append(w)
    if current:
        parts.append(" ".join(current))
    return parts


@dataclass(frozen=True)
class _Corpus:
    """What the whole corpus says about names: its outlets and the people and places found."""

    outlets: Mapping[str, str]  # casefolded outlet name -> outlet
    people: frozenset[str]  # casefolded
    places: frozenset[str]


def _kind_of(phrase: str, cue: Cue, speech: SpeechVocabulary, v: ProvenanceVocabulary, corpus: _Corpus):
    """``(kind, name, strength)`` of a source phrase, or None when it names no source."""
    by = _BY.search(phrase)
    if by and phrase[: by.start()].split()[-1].lower() in v.documents:
        phrase = phrase[by.end() :]  # "a statement released by the ministry": the ministry
    bare = re.sub(r"^(?:the|a|an)\s+", "", phrase.strip(" '’\"."), flags=re.IGNORECASE)
    if not bare or not any(c.isalpha() for c in bare) or any(c.isdigit() for c in bare):
        return None
    if bare.split()[0].lower() in v.not_sources:
        return None
    folded = bare.casefold()
    if folded in corpus.outlets:
        return OUTLET, corpus.outlets[folded], cue.strength
    if bare in v.short_wires or (folded in v.wires and not _is_short_capitals(bare)):
        return MEDIA, bare, cue.strength
    kind, name = classify_speaker(phrase, speech)
    lows = [w.lower().strip(".,'’") for w in bare.split()]
    # "The Hill", "The San Diego Union-Tribune": a title's last word says it is a newspaper
    is_media = any(w in v.media or w.removesuffix("'s") in v.media for w in lows) or (
        lows[-1].split("-")[-1] in speech.media
    )
    as_written = bare[:1].upper() + bare[1:]
    if kind == "institution":
        if is_media:
            # "Russian news agencies" is a description: kept as written, not title-cased
            return MEDIA, (name if bare.istitle() else as_written), cue.strength
        return INSTITUTION, name, cue.strength
    if kind == "description" and lows:
        if len(lows) == 1 and phrase.strip().lower().startswith("the "):
            return None  # "the paper reported": an outlet named before, which the rules cannot tell
        if is_media:
            return MEDIA, as_written, cue.strength
        # "a senior official", "diplomatic sources": unnamed; "the top diplomat" is someone known
        if lows[-1] in v.unnamed and (lows[-1].startswith("source") or not phrase.lower().startswith("the ")):
            # "A senior official" keeps its article: it says the source is one unnamed person
            written = phrase.strip(" '’\".")
            return UNNAMED, written[:1].upper() + written[1:], cue.strength
        return None
    if kind in ("proper", "person"):
        if name.casefold() in corpus.people or name.casefold() in corpus.places or folded in corpus.places:
            return None
        if is_media:
            # "European Pravda" reads as a first and last name to the speaker rules
            return MEDIA, name, cue.strength
        if kind == "person":
            return None
        # An untyped capitalised name is a source only when the cue implies publishing.
        return (MEDIA, name, min(cue.strength, _UNTYPED_STRENGTH)) if cue.name in _PUBLISHING_CUES else None
    return None


#: Cues whose subject or object is, by the verb, something that publishes.
_PUBLISHING_CUES = frozenset(
    {"reported by", "reports", "per", "citing", "credit line", "dateline credit", "republished"}
)


def _sources_in(
    text: str, speech: SpeechVocabulary, v: ProvenanceVocabulary, corpus: _Corpus
) -> list[tuple[Cue, str, str, float]]:
    found = []
    for cue in v.cues:
        for m in cue.pattern.finditer(text):
            phrases = _phrase_after(text[m.end() :], v) if cue.side == "after" else _phrase_before(text[: m.start()], v)
            for phrase in phrases:
                typed = _kind_of(phrase, cue, speech, v, corpus)
                if typed is not None:
                    found.append((cue, *typed))
    return found


# --- the corpus ----------------------------------------------------------------------


def _fold_names(names: Iterable[str]) -> dict[str, str]:
    """Each name mapped to the one longer name of the corpus that ends with its words, if
    there is exactly one ("State Department" -> "US State Department")."""
    names = set(names)
    by_words = {n: n.casefold().split() for n in names}
    folded = {}
    for name, words in by_words.items():
        longer = [
            other for other, ow in by_words.items() if len(ow) > len(words) and ow[len(ow) - len(words) :] == words
        ]
        folded[name] = longer[0] if len(longer) == 1 else name
    return folded


def provenance(
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    entities: pd.DataFrame,
    *,
    vocabulary: ProvenanceVocabulary,
    speech: SpeechVocabulary,
) -> pd.DataFrame:
    """Every source an article credits, one row per (article, source, sentence).

    Args:
        sentences: ``article_id, sentence_id, text``.
        articles: ``article_id, outlet``.
        entities: Entity mentions (``entity, entity_type``): names found as people or places
            are not sources.
        vocabulary: The cues and kinds (``data/provenance.toml``).
        speech: The speaker rules that read a phrase.

    Returns:
        Columns :data:`~dashboard.schema.PROVENANCE_COLUMNS`. ``scope`` is ``article`` for a
        credit line (the whole text rests on the source) and ``sentence`` otherwise; an
        outlet naming itself ("Caliber.Az reports") is left out.
    """
    outlet_of = dict(zip(articles[S.ARTICLE_ID], articles[S.OUTLET]))
    types = entities[[S.ENTITY, S.ENTITY_TYPE]].drop_duplicates() if len(entities) else None
    corpus = _Corpus(
        outlets={str(o).casefold(): str(o) for o in articles[S.OUTLET].dropna().unique()},
        people=frozenset(types[types[S.ENTITY_TYPE] == "person"][S.ENTITY].str.casefold())
        if types is not None
        else frozenset(),
        places=frozenset(types[types[S.ENTITY_TYPE] == "place"][S.ENTITY].str.casefold())
        if types is not None
        else frozenset(),
    )
    rows = []
    for article_id, sentence_id, text in zip(sentences[S.ARTICLE_ID], sentences[S.SENTENCE_ID], sentences[S.TEXT]):
        outlet = outlet_of.get(article_id)
        if outlet is None or not isinstance(text, str):
            continue
        seen = set()
        found = _sources_in(text, speech, vocabulary, corpus)
        # A credit line credits every source it names ("Source: the ministry, as reported by X").
        scope = ARTICLE_SCOPE if any(cue.scope == ARTICLE_SCOPE for cue, *_ in found) else SENTENCE_SCOPE
        for cue, kind, name, strength in found:
            if name.casefold() == str(outlet).casefold() or (name, int(sentence_id)) in seen:
                continue
            seen.add((name, int(sentence_id)))
            rows.append((article_id, outlet, name, kind, cue.name, scope, int(sentence_id), strength))
    frame = pd.DataFrame(rows, columns=S.PROVENANCE_COLUMNS)
    if frame.empty:
        return frame.astype({S.SENTENCE_ID: "int64", S.STRENGTH: "float64"})
    folded = _fold_names(frame[S.SOURCE])
    frame[S.SOURCE] = frame[S.SOURCE].map(folded)
    # One row per sentence and source: the strongest cue, an article-wide credit before a sentence's.
    frame = frame.sort_values([S.ARTICLE_ID, S.SENTENCE_ID, S.SOURCE, S.STRENGTH], ascending=[True, True, True, False])
    frame = frame.drop_duplicates([S.ARTICLE_ID, S.SENTENCE_ID, S.SOURCE])
    return frame.reset_index(drop=True)


def provenance_summary(table: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Per article and source: how much of the article rests on it.

    Returns:
        Columns ``article_id, outlet, source, source_kind, credited, n_sentences, share,
        strength, evidence``: ``credited`` when a credit line names the source (the whole
        article rests on it, ``share`` 1.0); otherwise ``share`` is the article's sentences
        attributed to it over all its sentences. ``evidence`` holds "article_id:sentence_id"
        keys. Sorted by outlet, then share, largest first.
    """
    columns = S.SOURCE_CREDIT_COLUMNS
    if table.empty:
        return pd.DataFrame(columns=columns).astype(
            {S.CREDITED: "bool", S.N_SENTENCES: "int64", S.SHARE: "float64", S.STRENGTH: "float64"}
        )
    sizes = dict(zip(articles[S.ARTICLE_ID], articles[S.N_SENTENCES]))
    # Plain lists, not itertuples: a row's fields by position (article, outlet, kind, scope,
    # sentence, strength) cost a tenth of getattr on named tuples.
    fields = [S.ARTICLE_ID, S.OUTLET, S.SOURCE_KIND, S.SCOPE, S.SENTENCE_ID, S.STRENGTH]
    grouped: dict[tuple[str, str], list[list]] = defaultdict(list)
    for source, *row in zip(table[S.SOURCE].tolist(), *(table[c].tolist() for c in fields)):
        grouped[(row[0], source)].append(row)
    rows = []
    for (article_id, source), found in grouped.items():
        credited = any(r[3] == ARTICLE_SCOPE for r in found)
        ids = sorted({int(r[4]) for r in found})
        size = max(int(sizes.get(article_id, 0) or 0), len(ids), 1)
        rows.append(
            (
                article_id,
                found[0][1],
                source,
                _most_common(r[2] for r in found),
                credited,
                len(ids),
                1.0 if credited else len(ids) / size,
                max(float(r[5]) for r in found),
                [f"{article_id}:{i}" for i in ids],
            )
        )
    frame = pd.DataFrame(rows, columns=columns)
    # Ties (two sources of one credit line) put the body whose text it is before the outlet
    # that carried it: "the ministry, as reported by X".
    rank = frame[S.SOURCE_KIND].map(KIND_ORDER).fillna(len(KIND_ORDER))
    frame = frame.assign(_rank=rank).sort_values(
        [S.OUTLET, S.SHARE, "_rank", S.SOURCE], ascending=[True, False, True, True], kind="stable"
    )
    return frame.drop(columns="_rank").reset_index(drop=True)


def _most_common(values: Iterable[str]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for value in values:
        counts[value] += 1
    return max(sorted(counts), key=counts.__getitem__)


def sources_of(summary: pd.DataFrame, outlets: Sequence[str]) -> dict[str, list[str]]:
    """The sources each outlet credits, strongest reliance first."""
    return {
        o: list(dict.fromkeys(summary[summary[S.OUTLET] == o].sort_values(S.SHARE, ascending=False)[S.SOURCE]))
        for o in outlets
    }


def outlet_sources(summary: pd.DataFrame, reuse: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per outlet: what its text credits and what it shares, most relayed first.

    Args:
        summary: :func:`provenance_summary` of the articles.
        reuse: The reuse table (share of each outlet's words found in another outlet).
        articles: The articles table.

    Returns:
        Columns :data:`~dashboard.schema.OUTLET_SOURCE_COLUMNS`: the outlet, its number of
        articles (``article_id``), ``credited_to`` (sources a credit line credits for a whole
        article), ``rests_on``, ``named_sources`` ("source (sentences)") and ``shares_with``
        ("outlet (share)"), "—" where there is none.

    ``rests_on`` is the share of the outlet's sentences that rest on a named source or on
    another outlet's text: 1.0 when a credit line credits the whole text.
    """
    sizes = articles.groupby(S.OUTLET)[S.N_SENTENCES].sum()
    counts = articles.groupby(S.OUTLET)[S.ARTICLE_ID].nunique()
    # Split once by outlet: a mask over the whole table per outlet grew with outlets x rows.
    summary_of = dict(list(summary.groupby(S.OUTLET, sort=False)))
    relayed = reuse[reuse[S.SHARE] > 0]
    reuse_of = dict(list(relayed.groupby(S.OUTLET, sort=False)))
    rows = []
    for outlet in sorted(articles[S.OUTLET].unique()):
        mine = summary_of.get(outlet, summary.iloc[0:0])
        whole = mine[S.CREDITED].astype(bool)
        credited = list(dict.fromkeys(mine[whole][S.SOURCE]))
        attributed = mine[~whole]
        keys = {k for ks in attributed[S.EVIDENCE] for k in ks}
        total = max(int(sizes.get(outlet, 0) or 0), 1)
        named = [f"{s} ({n})" for s, n in zip(attributed[S.SOURCE], attributed[S.N_SENTENCES])]
        shared = reuse_of.get(outlet, relayed.iloc[0:0]).sort_values(S.SHARE, ascending=False)
        shares = [f"{o} ({s:.0%})" for o, s in zip(shared[S.OTHER_OUTLET], shared[S.SHARE])]
        top_share = float(shared[S.SHARE].max()) if len(shared) else 0.0
        rows.append(
            {
                S.OUTLET: outlet,
                S.ARTICLE_ID: int(counts.get(outlet, 0)),
                S.CREDITED_TO: ", ".join(credited) or "—",
                S.RESTS_ON: 1.0 if credited else max(len(keys) / total, top_share),
                S.NAMED: ", ".join(named) or "—",
                S.SHARES_WITH: ", ".join(shares) or "—",
            }
        )
    frame = pd.DataFrame(rows, columns=S.OUTLET_SOURCE_COLUMNS)
    return frame.sort_values([S.RESTS_ON, S.OUTLET], ascending=[False, True]).reset_index(drop=True)
