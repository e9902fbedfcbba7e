"""Text from input made safe for a terminal and comparable as a name."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["for_terminal", "normalise_label"]

# C0 and C1 controls (ESC, BEL, CR, newline ...), DEL, and the bidirectional controls that
# reorder what a terminal shows after them.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def for_terminal(text: object) -> str:
    """``text`` with every control character written as an escape (``\\x1b``), so a file name or a
    value from ``sources.csv`` can neither move the cursor, ring, set a title nor split a line."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))


def normalise_label(text: str) -> str:
    """A name as one string however it was typed: Unicode NFC, runs of white space as one space,
    no control characters ("Hu\\u0308rriyet" and "Hürriyet" are one outlet)."""
    text = _UNSAFE.sub(" ", unicodedata.normalize("NFC", text))
    return " ".join(text.split())
