"""Article metadata: from ``sources.csv`` first, else inferred from the page itself."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlparse

import py3langid

from dashboard.article.clean import CleanArticle, Reason, normalize_for_compare
from dashboard.article.markup import Page
from dashboard.io.read import SourceRow
from dashboard.text.dates import date_from_url, find_dates
from dashboard.text.safe import normalise_label

# How ``published`` was found, most to least trusted.
FROM_SOURCES = "sources.csv"
FROM_TEXT = "date stamp in the text"
FROM_URL = "date in the web address"
FROM_PAGE = "page metadata"

_BY_PREFIX = re.compile(r"^(?i:by|written by|reporting by|author:?)\s+")
_PLACE = re.compile(r"[A-Z][A-Z.'’-]*(?:\s[A-Z][A-Z.'’-]*)*")
# "Headline | Site" or "Headline - Site": pages put the site's name after the headline.
_SITE_SUFFIX = re.compile(r"^(?P<title>.{12,}?)\s+[|–—-]\s+(?P<site>[^|–—-]{2,40})$")


@dataclass(frozen=True)
class ArticleMeta:
    """What is known about one article besides its text.

    Attributes:
        outlet: The outlet's name; the file's id when nothing names it.
        published: Publication date; ``published_source`` says where it came from.
        byline: Authors, comma-separated, without "By".
        dateline: The place the story was filed from, as printed (e.g. "DOHA").
        language: ISO 639-1 code of the body text, from py3langid.
    """

    article_id: str
    outlet: str
    country: str | None
    url: str | None
    published: date | None
    published_source: str | None
    title: str | None
    byline: str | None
    dateline: str | None
    language: str


#: Characters of the body that language identification reads; more adds time, not accuracy.
_LANGUAGE_SAMPLE = 2000


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text`` (py3langid, offline); ``"und"`` for text too short to tell."""
    sample = text[:_LANGUAGE_SAMPLE]
    if len(re.findall(r"[^\W\d_]{2,}", sample)) < 3:
        return "und"
    return py3langid.classify(sample)[0]


def extract_metadata(
    article_id: str, clean: CleanArticle, source: SourceRow | None, page: Page | None = None
) -> ArticleMeta:
    """Combine the ``sources.csv`` row, the page's own metadata and what the cleaner found.

    ``sources.csv`` wins where it has a value; then an HTML page's metadata (``page``: title,
    author, date, site name, address); the text fills the remaining gaps: title, byline, date
    and dateline come from the lines the cleaner removed as metadata.
    """
    cleaned_title, site = _split_site_suffix(next((r.text for r in clean.removed_with(Reason.TITLE)), None))
    title = (source.title if source else None) or (page.title if page else None) or cleaned_title
    bylines = [_BY_PREFIX.sub("", r.text).strip(" ,") for r in clean.removed_with(Reason.BYLINE)]
    if page and page.byline:
        bylines = [page.byline]
    dateline = next((m.group() for r in clean.removed_with(Reason.DATELINE) if (m := _PLACE.match(r.text))), None)
    url = (source.url if source else None) or (page.url if page else None)

    published, published_source = (source.published, FROM_SOURCES) if source and source.published else (None, None)
    if published is None and page and page.published:
        published, published_source = page.published, FROM_PAGE
    if published is None:
        stamps = [d.value for r in clean.removed_with(Reason.DATE) for d in find_dates(r.text)]
        if stamps:
            published, published_source = stamps[0], FROM_TEXT
    if published is None and (from_url := date_from_url(url)):
        published, published_source = from_url, FROM_URL

    outlet = (
        (source.outlet if source else None)
        or (page.site if page else None)
        or site
        or _outlet_from_page(clean, title)
        or _outlet_from_url(url)
        or article_id
    )
    country = source.country if source else None
    return ArticleMeta(
        article_id=article_id,
        # One outlet however its name was typed (NFC, white space): else it shows as two outlets.
        outlet=normalise_label(outlet) or article_id,
        country=normalise_label(country) or None if country else None,
        url=url,
        published=published,
        published_source=published_source,
        title=title,
        byline=", ".join(dict.fromkeys(b for b in bylines if b)) or None,
        dateline=dateline or None,
        language=detect_language(clean.text),
    )


def _split_site_suffix(title: str | None) -> tuple[str | None, str | None]:
    """Split "Headline | Site" into ("Headline", "Site") when the tail is a short name."""
    if not title:
        return None, None
    m = _SITE_SUFFIX.match(title)
    if m and len(m.group("site").split()) <= 4 and m.group("site")[0].isupper():
        return m.group("title").strip(), m.group("site").strip()
    return title, None


def _outlet_from_page(clean: CleanArticle, title: str | None) -> str | None:
    """A removed line of the form "<Outlet>: <title>" or "<title> | <Outlet>" names the site."""
    if not title:
        return None
    key = normalize_for_compare(title)
    for removed in clean.removed:
        for sep in (":", " | ", " - ", " – "):
            head, _, tail = removed.text.partition(sep)
            if not tail:
                continue
            if normalize_for_compare(tail) == key and 0 < len(head.split()) <= 4:
                return head.strip()
            if normalize_for_compare(head) == key and 0 < len(tail.split()) <= 4:
                return tail.strip()
    return None


def _outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.") or None
