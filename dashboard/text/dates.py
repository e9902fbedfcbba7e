"""Finding dates and times in scraped text: header stamps, timestamp lines, URLs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

#: Month names and abbreviations (lowercase) -> month number.
MONTHS: dict[str, int] = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
#: Month names and abbreviations, lowercase.
MONTH_NAMES = frozenset(MONTHS)
#: Weekday names, lowercase.
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s*)"
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*(?:GMT|UTC|[A-Z]{2,4})?(?:\s*[+-]\d{1,2}(?::?\d{2})?)?)?)"

# Weekdays are matched without a leading word boundary on purpose: scraped bylines are
# often glued to the date ("Iryna BalachukFriday, 28 February 2025").
DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?"
        + _TIME
        + "?"
    ),
    re.compile(
        _WEEKDAY + r"?\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})" + _TIME + "?", re.I
    ),
    re.compile(
        _WEEKDAY + r"?\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})" + _TIME + "?", re.I
    ),
    re.compile(r"\b(?P<day>\d{1,2})[./](?P<month>\d{1,2})[./](?P<year>\d{4})" + _TIME + "?"),
)
_URL_DATE = re.compile(r"/(?P<year>(?:19|20)\d{2})[/-](?P<month>\d{1,2})[/-](?P<day>\d{1,2})(?:/|$|[^\d])")


@dataclass(frozen=True)
class DateMatch:
    """A date found in text, with the span of the whole expression (time included)."""

    value: date
    start: int
    end: int


def _to_date(match: re.Match[str]) -> date | None:
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower().rstrip("."))
    try:
        return date(int(match.group("year")), month or 0, int(match.group("day")))
    except ValueError:
        return None


def find_dates(text: str) -> list[DateMatch]:
    """Every date expression in ``text`` that is a real calendar date, in text order.

    Overlapping matches keep the longest (a weekday and time belong to the date).
    """
    found: list[DateMatch] = []
    for pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            value = _to_date(m)
            if value is not None:
                found.append(DateMatch(value, m.start(), m.end()))
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    kept: list[DateMatch] = []
    for d in found:
        if kept and d.start < kept[-1].end:
            continue
        kept.append(d)
    return kept


def date_from_url(url: str | None) -> date | None:
    """A ``/YYYY/MM/DD/`` date in a web address, if it has a full one."""
    if not url:
        return None
    m = _URL_DATE.search(url)
    if not m:
        return None
    try:
        return date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
    except ValueError:
        return None
