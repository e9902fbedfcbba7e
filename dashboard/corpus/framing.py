"""Framing: the words and phrases that set one outlet apart from the others.

Each outlet's term counts are compared with the rest of the corpus by the log-odds
ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn, 2008,
"Fightin' Words", section 3.5). The prior is the whole corpus's term distribution
scaled to ``prior_strength`` pseudo-counts, which shrinks rare terms towards no
difference; the result is a z-score, so > 1.96 reads as "used more by this outlet than
by the rest, beyond what chance explains" (at the 5% level, per term, uncorrected).
A handful of articles rarely reaches that, so the default keeps z >= 1 and the app
shows the z of each term: the ranking is the finding, the threshold a guide.

Terms are lowercase words and two-word phrases of adjacent content words; function
words (``data/stopwords.txt``) and numbers are left out.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import pandas as pd

from dashboard import schema as S
from dashboard.text.words import LETTER_WORD

_TOKEN = LETTER_WORD


def sentence_terms(text: str, stopwords: frozenset[str]) -> list[str]:
    """Content words and two-word phrases of adjacent content words, lowercase, in order.

    Possessive endings are dropped ("Russia's" → "russia").
    """
    stop = stopwords
    words = [re.sub(r"['’]s$", "", w.lower()) for w in _TOKEN.findall(text)]
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


def sentence_key(article_id: str, sentence_id: int) -> str:
    """The ``article_id:sentence_id`` string that names a sentence in list columns."""
    return f"{article_id}:{sentence_id}"


def parse_sentence_key(key: str) -> tuple[str, int]:
    """Inverse of :func:`sentence_key`."""
    article_id, _, sid = key.rpartition(":")
    return article_id, int(sid)


def framing_terms(
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    stopwords: frozenset[str],
    prior_strength: float = 100.0,
    min_count: int = 2,
    min_z: float = 1.0,
    top: int = 25,
) -> pd.DataFrame:
    """Terms each outlet uses distinctively more than the other outlets.

    Args:
        sentences: The sentence table.
        articles: The article table (for each article's outlet).
        stopwords: Function words left out (``data/stopwords.txt``, loaded by the caller).
        prior_strength: Total pseudo-counts of the Dirichlet prior (the corpus distribution).
        min_count: A term must occur at least this often in the outlet.
        min_z: Keep terms whose z-scored log-odds ratio is at least this.
        top: At most this many terms per outlet, highest z first.

    Returns:
        Columns ``outlet, term, log_odds`` (the z-score), ``count`` (in the outlet),
        ``count_rest`` (in all other outlets), ``sentence_ids`` (``article_id:sentence_id``
        keys of the outlet's sentences containing the term). Sorted by outlet, then z
        descending, then term. Empty when there are fewer than two outlets.
    """
    outlet_of = dict(zip(articles[S.ARTICLE_ID], articles[S.OUTLET]))
    counts: dict[str, Counter[str]] = {}
    where: dict[tuple[str, str], list[str]] = {}
    for article_id, sid, text in zip(sentences[S.ARTICLE_ID], sentences[S.SENTENCE_ID], sentences[S.TEXT]):
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
        for term, y_own in own.items():
            if y_own < min_count:
                continue
            y_rest = total[term] - y_own
            alpha = prior_strength * total[term] / n_total
            delta = math.log((y_own + alpha) / (n_own + prior_strength - y_own - alpha)) - math.log(
                (y_rest + alpha) / (n_rest + prior_strength - y_rest - alpha)
            )
            z = delta / math.sqrt(1.0 / (y_own + alpha) + 1.0 / (y_rest + alpha))
            if z >= min_z:
                rows.append((outlet, term, z, y_own, y_rest, where[(outlet, term)]))
    frame = pd.DataFrame(rows, columns=S.FRAMING_COLUMNS)
    if frame.empty:
        return frame
    frame = frame.sort_values([S.OUTLET, S.TERM_LOG_ODDS, S.TERM], ascending=[True, False, True])
    return frame.groupby(S.OUTLET, sort=False).head(top).reset_index(drop=True)
