"""Word patterns and word lists, defined once for every stage."""

from __future__ import annotations

import re

import pandas as pd

from dashboard import schema as S

#: A word of letters, digits or underscores with inner apostrophes ("Russia's", "don’t").
WORD = re.compile(r"\w+(?:['’]\w+)*")
#: A word of letters only, with inner apostrophes: no digits, no underscores.
LETTER_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def count_words(text: str) -> int:
    """Number of word tokens (letters/digits with inner apostrophes)."""
    return len(WORD.findall(text))


def sentence_words(sentences: pd.DataFrame) -> pd.Series:
    """Each sentence's :func:`count_words` (0 for a missing text), as floats: the table's
    ``n_words`` column, counted once when the sentence was split, or counted here for a table
    made without it."""
    if S.N_WORDS in sentences.columns:
        return sentences[S.N_WORDS].fillna(0).astype(float)
    return sentences[S.TEXT].map(lambda t: count_words(t) if isinstance(t, str) else 0).astype(float)


def parse_word_list(text: str) -> frozenset[str]:
    """The words of a one-word-a-line list, lowercased; blank lines and ``#`` comments skipped."""
    lines = text.splitlines()
    return frozenset(ln.strip().lower() for ln in lines if ln.strip() and not ln.startswith("#"))
