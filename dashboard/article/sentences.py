"""Splitting cleaned text into sentences with character offsets.

sentencex is rule-based, needs no download and handles abbreviations ("U.S.",
"Feb."), quotes and bullet lines; it is far faster than pysbd at similar accuracy
on news text.
"""

from __future__ import annotations

from dataclasses import dataclass

from sentencex import segment

from dashboard.text.words import count_words

__all__ = ["Sentence", "count_words", "split_sentences"]


@dataclass(frozen=True)
class Sentence:
    """One sentence of a cleaned article.

    Attributes:
        idx: 0-based position in the article.
        start: Offset of the first character in the cleaned text.
        end: Offset after the last character: ``text == article_text[start:end]``.
        text: The sentence, without surrounding white space.
    """

    idx: int
    start: int
    end: int
    text: str


def split_sentences(text: str, *, language: str = "en") -> list[Sentence]:
    """Split ``text`` into sentences; paragraphs (blank-line separated) never merge.

    Args:
        text: Cleaned article text.
        language: ISO 639-1 code passed to sentencex.

    Returns:
        Sentences in order, each with ``text[start:end] == sentence.text``.
        Pieces without a letter or digit (stray bullets, dashes) are dropped.
    """
    sentences: list[Sentence] = []
    pos = 0
    for piece in segment(language, text):
        stripped = piece.strip()
        if stripped and any(ch.isalnum() for ch in stripped):
            start = pos + (len(piece) - len(piece.lstrip()))
            sentences.append(Sentence(len(sentences), start, start + len(stripped), stripped))
        pos += len(piece)
    return sentences
