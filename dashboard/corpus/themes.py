"""Topics found in the articles themselves, for when no codebook fits them.

A **key term** is a content word (lower case in the text, at least four letters, not a function
word, not a past tense or adverb in "-ed" / "-ly") that sentences of at least :data:`MIN_OUTLETS` outlets use; terms that more than
:data:`MAX_SHARE` of the sentences use say nothing about a theme ("said", "people"). Terms are
ranked by the number of outlets using them, then of sentences. A **theme** starts from the best
term left and takes up to :data:`TERMS_PER_THEME` - 1 more of the terms that occur in the same
sentences most often (co-occurrence over the rarer term's count of at least :data:`MIN_COHESION`);
its terms leave the pool, and the next theme starts. Each theme carries its evidence (the
sentences holding one of its terms) and the outlets covering it, and can be written as a
codebook topic (:func:`codebook_toml`) that the user adopts and edits.

Linear in the corpus: one pass to count terms per sentence, then co-occurrence counts over the
sentences of the (few) candidate terms.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard import schema as S
from dashboard.corpus.framing import parse_sentence_key, sentence_key

__all__ = ["Theme", "codebook_toml", "suggest_themes", "themes_from_table", "themes_table"]

MIN_OUTLETS = 2
MAX_SHARE = 0.3
TERMS_PER_THEME = 5
MIN_COHESION = 0.3
CANDIDATES = 60
# Past tenses and adverbs ("agreed", "quickly") tell how a story is told, not what it is about.
_NOT_THEMES = ("ed", "ly")
_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z-]{3,}(?![\w'’])")


@dataclass(frozen=True)
class Theme:
    """A suggested topic: its terms (best first), evidence sentences and the outlets covering it."""

    terms: tuple[str, ...]
    sentences: tuple[tuple[str, int], ...]  # (article_id, sentence_id)
    outlets: tuple[str, ...]

    @property
    def label(self) -> str:
        return " / ".join(self.terms[:3])


def suggest_themes(
    sentences: pd.DataFrame, articles: pd.DataFrame, *, stopwords: frozenset[str], n: int = 6
) -> list[Theme]:
    """Up to ``n`` themes of the sentences (see the module doc), strongest first."""
    outlet_of = dict(zip(articles[S.ARTICLE_ID].tolist(), articles[S.OUTLET].tolist()))
    keys: list[tuple[str, int]] = []
    bags: list[set[str]] = []
    for article, sentence, text in zip(
        sentences[S.ARTICLE_ID].tolist(), sentences[S.SENTENCE_ID].tolist(), sentences[S.TEXT].tolist()
    ):
        if article in outlet_of and isinstance(text, str):
            keys.append((article, int(sentence)))
            bags.append({w for w in _WORD.findall(text) if w not in stopwords and not w.endswith(_NOT_THEMES)})
    if not keys:
        return []
    holders: dict[str, list[int]] = defaultdict(list)
    for i, bag in enumerate(bags):
        for word in bag:
            holders[word].append(i)
    limit = MAX_SHARE * len(keys)
    outlets_of = {w: {outlet_of[keys[i][0]] for i in idx} for w, idx in holders.items()}
    ranked = sorted(
        (w for w, idx in holders.items() if len(outlets_of[w]) >= MIN_OUTLETS and len(idx) <= limit),
        key=lambda w: (-len(outlets_of[w]), -len(holders[w]), w),
    )[:CANDIDATES]
    pool = list(ranked)
    themes: list[Theme] = []
    while pool and len(themes) < n:
        seed = pool.pop(0)
        seed_rows = set(holders[seed])
        together: Counter[str] = Counter()
        for other in pool:
            shared = len(seed_rows.intersection(holders[other]))
            if shared and shared / min(len(seed_rows), len(holders[other])) >= MIN_COHESION:
                together[other] = shared
        mates = [w for w, _ in sorted(together.items(), key=lambda kv: (-kv[1], kv[0]))[: TERMS_PER_THEME - 1]]
        pool = [w for w in pool if w not in mates]
        terms = (seed, *mates)
        rows = sorted({i for t in terms for i in holders[t]})
        themes.append(
            Theme(
                terms=terms,
                sentences=tuple(keys[i] for i in rows),
                outlets=tuple(sorted({outlet_of[keys[i][0]] for i in rows})),
            )
        )
    return themes


def themes_table(themes: Sequence[Theme]) -> pd.DataFrame:
    """Themes as rows of :data:`~dashboard.schema.THEME_COLUMNS`, strongest first; evidence keys
    are ``"article_id:sentence_id"``, as in the other tables."""
    rows = [(list(t.terms), [sentence_key(a, sid) for a, sid in t.sentences], list(t.outlets)) for t in themes]
    return pd.DataFrame(rows, columns=S.THEME_COLUMNS)


def themes_from_table(table: pd.DataFrame) -> list[Theme]:
    """The inverse of :func:`themes_table`."""
    out = []
    for terms, keys, outlets in zip(*(table[c].tolist() for c in S.THEME_COLUMNS)):
        out.append(
            Theme(
                terms=tuple(str(t) for t in terms),
                sentences=tuple(parse_sentence_key(str(k)) for k in keys),
                outlets=tuple(str(o) for o in outlets),
            )
        )
    return out


def codebook_toml(themes: Sequence[Theme], *, version: int = 1) -> str:
    """A codebook (``data/codebook.toml``'s format) with one topic per theme, its terms as whole words."""
    lines = [
        "# Topics suggested by newslens from the articles' own key terms: edit the labels and terms.",
        f"version = {version}",
    ]
    used: set[str] = set()
    for theme in themes:
        base = re.sub(r"[^a-z0-9]+", "_", theme.terms[0]).strip("_") or "topic"
        topic_id, k = base, 2
        while topic_id in used:
            topic_id, k = f"{base}_{k}", k + 1
        used.add(topic_id)
        terms = ", ".join(f"'\\b{re.escape(t)}\\b'" for t in theme.terms)
        lines += ["", "[[topic]]", f'id = "{topic_id}"', f'label = "{theme.label}"', f"terms = [{terms}]"]
    return "\n".join(lines) + "\n"
