"""Framing: the words and phrases that set one outlet apart from the others.

Each outlet's term counts are compared with the rest of the corpus by the log-odds ratio with
an informative Dirichlet prior (Monroe, Colaresi and Quinn, 2008, "Fightin' Words", section
3.5). The prior is the whole corpus's term distribution scaled to ``prior_strength``
pseudo-counts, which shrinks rare terms towards no difference; the result is a z-score.

**Only significant terms are kept.** An outlet is tested on hundreds of terms at once, so a
z above 1.96 happens by chance for a few of them; the terms are kept when they pass the
Benjamini–Hochberg procedure at a false discovery rate of :data:`FDR` (one-sided p-values from
the z-scores, per outlet), and when the outlet uses them at least :data:`MIN_COUNT` times. A
handful of articles rarely passes: then the table has no row for the outlet and the app says
that nothing sets it apart beyond chance. Terms made only of words of the outlet's own name
("fox", "news" for Fox News) are never its framing.

Terms are lowercase words and two-word phrases of adjacent content words; function words
(``data/stopwords.txt``) and numbers are left out.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable

import pandas as pd

from dashboard import schema as S
from dashboard.text.words import LETTER_WORD

_TOKEN = LETTER_WORD


def sentence_terms(text: str, stopwords: frozenset[str]) -> list[str]:
    """Content words and two-word phrases of adjacent content words, lowercase, in order.

    Possessive endings are dropped ("Russia's" → "russia").
    """
    stop = stopwords
    if len(_FOLDED) > _FOLDED_WORDS:
        _FOLDED.clear()
    words = [_FOLDED.get(w) or _fold_word(w) for w in _TOKEN.findall(text)]
    terms: list[str] = []
    previous: str | None = None
    for word in words:
        if word in stop or len(word) < 2:
            previous = None
            continue
        terms.append(word)
        if previous is not None:
            terms.append(f"{previous} {word}")
        previous = word
    return terms


_POSSESSIVE = re.compile(r"['’]s$")
_FOLDED: dict[str, str] = {}
"""Word as written -> lower case without a possessive ending (a memo: each distinct word once)."""
_FOLDED_WORDS = 1 << 18


def _fold_word(word: str) -> str:
    folded = _FOLDED[word] = _POSSESSIVE.sub("", word.lower())
    return folded


def sentence_key(article_id: str, sentence_id: int) -> str:
    """The ``article_id:sentence_id`` string that names a sentence in list columns."""
    return f"{article_id}:{sentence_id}"


def parse_sentence_key(key: str) -> tuple[str, int]:
    """Inverse of :func:`sentence_key`."""
    article_id, _, sid = key.rpartition(":")
    return article_id, int(sid)


FDR = 0.05
"""False discovery rate of the Benjamini–Hochberg procedure over each outlet's terms."""
MIN_COUNT = 3
"""A term used fewer times by an outlet is never its framing, however skewed."""
PAUSE_EVERY = 2000
"""Sentences read between two calls of ``pause`` (a few milliseconds of work)."""


def _p_value(z: float) -> float:
    """One-sided p-value of a standard normal z-score."""
    return 0.5 * math.erfc(z / math.sqrt(2.0))


def _significant(rows: list[tuple], fdr: float, n_tests: int) -> list[tuple]:
    """The rows (z at index 2) that pass Benjamini–Hochberg at ``fdr`` among ``n_tests`` tests."""
    ranked = sorted(rows, key=lambda r: (-r[2], r[1]))
    cut = 0
    for k, row in enumerate(ranked, start=1):
        if _p_value(row[2]) <= fdr * k / max(n_tests, 1):
            cut = k
    return ranked[:cut]


def _name_words(outlet: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _TOKEN.findall(outlet))


def framing_terms(
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    stopwords: frozenset[str],
    prior_strength: float = 100.0,
    min_count: int = MIN_COUNT,
    fdr: float = FDR,
    top: int = 25,
    pause: Callable[[], None] = lambda: None,
) -> pd.DataFrame:
    """Terms each outlet uses distinctively more than the other outlets.

    Args:
        sentences: The sentence table.
        articles: The article table (for each article's outlet).
        stopwords: Function words left out (``data/stopwords.txt``, loaded by the caller).
        prior_strength: Total pseudo-counts of the Dirichlet prior (the corpus distribution).
        min_count: A term must occur at least this often in the outlet.
        fdr: False discovery rate for the Benjamini–Hochberg procedure over the outlet's terms.
        top: At most this many terms per outlet, highest z first.
        pause: Called every :data:`PAUSE_EVERY` sentences (the app's background thread waits
            there while a page is drawn).

    Returns:
        Columns ``outlet, term, log_odds`` (the z-score), ``count`` (in the outlet),
        ``count_rest`` (in all other outlets), ``sentence_ids`` (``article_id:sentence_id``
        keys of the outlet's sentences containing the term). Sorted by outlet, then z
        descending, then term. Only significant terms (see the module doc); an outlet with none
        has no row. Empty when there are fewer than two outlets.
    """
    outlet_of = dict(zip(articles[S.ARTICLE_ID], articles[S.OUTLET]))
    counts: dict[str, Counter[str]] = {}
    where: dict[tuple[str, str], list[str]] = {}
    for i, (article_id, sid, text) in enumerate(
        zip(sentences[S.ARTICLE_ID].tolist(), sentences[S.SENTENCE_ID].tolist(), sentences[S.TEXT].tolist())
    ):
        if i % PAUSE_EVERY == 0:
            pause()
        outlet = outlet_of.get(article_id)
        if outlet is None:
            continue
        terms = sentence_terms(text, stopwords)
        counts.setdefault(outlet, Counter()).update(terms)
        key = sentence_key(article_id, int(sid))
        for term in dict.fromkeys(terms):
            where.setdefault((outlet, term), []).append(key)
    if len(counts) < 2:
        return pd.DataFrame(columns=S.FRAMING_COLUMNS)

    total: Counter[str] = Counter()
    for c in counts.values():
        total.update(c)
    n_total = sum(total.values())
    rows = []
    for outlet, own in counts.items():
        n_own = sum(own.values())
        n_rest = n_total - n_own
        name = _name_words(outlet)
        tested = []
        for term, y_own in own.items():
            if y_own < min_count or set(term.split()) <= name:
                continue
            y_rest = total[term] - y_own
            alpha = prior_strength * total[term] / n_total
            delta = math.log((y_own + alpha) / (n_own + prior_strength - y_own - alpha)) - math.log(
                (y_rest + alpha) / (n_rest + prior_strength - y_rest - alpha)
            )
            z = delta / math.sqrt(1.0 / (y_own + alpha) + 1.0 / (y_rest + alpha))
            tested.append((outlet, term, z, y_own, y_rest, where[(outlet, term)]))
        rows.extend(_significant(tested, fdr, len(tested)))
    frame = pd.DataFrame(rows, columns=S.FRAMING_COLUMNS)
    if frame.empty:
        return frame
    frame = frame.sort_values([S.OUTLET, S.TERM_LOG_ODDS, S.TERM], ascending=[True, False, True])
    return frame.groupby(S.OUTLET, sort=False).head(top).reset_index(drop=True)
