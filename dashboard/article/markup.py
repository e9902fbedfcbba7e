"""HTML pages to text and page metadata.

:func:`extract_page` reads a page's main text, title, author, date and site name with
`trafilatura <https://trafilatura.readthedocs.io>`_ (F1 0.95 on a public extraction benchmark,
where cleaning the visible text cannot pass about 0.91); the text it gives then goes through the
same cleaning as a text page. A page trafilatura finds no main text in (a fragment, a very short
page) falls back to the visible text (:func:`html_to_text`: block elements become line breaks,
scripts and styles are dropped), which the cleaner then sorts as it does a scraped text page.
Nothing is fetched: trafilatura is given the markup, never an address to download.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser

__all__ = ["Page", "extract_page", "html_to_text", "looks_like_html"]

_HTML_HINT = re.compile(r"<!doctype html|<html\b|<body\b|<(?:p|div|br|span|a|script|meta|li)\b[^>]*>", re.I)
_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article header footer nav aside "
    "blockquote pre figure figcaption title dd dt".split()
)
_SKIP_TAGS = frozenset("script style noscript template svg head iframe".split())


def looks_like_html(text: str) -> bool:
    """True when the text is an HTML page or fragment rather than plain text."""
    return len(_HTML_HINT.findall(text[:20000])) >= 3 or text.lstrip()[:15].lower().startswith("<!doctype html")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._title: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        if tag == "title":
            self._in_title = True
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and self._skip:
            self._skip -= 1
        if tag == "title":
            self._in_title = False
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
        elif not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, one block element per line; scripts and styles dropped.

    The ``<title>`` element becomes the first line, as scraped text pages usually have it.
    """
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    body = "".join(parser.parts)
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in body.split("\n")]
    title = " ".join("".join(parser._title).split())
    text = "\n".join(ln for ln in lines if ln)
    return f"{title}\n{text}" if title else text


@dataclass(frozen=True)
class Page:
    """What a page's markup says about its article.

    Attributes:
        text: The title (when known) on the first line, then the main text, a paragraph a line.
        title, byline, published, site, url: The page's own metadata, ``None`` when absent.
        extractor: ``"trafilatura"``, or ``"visible text"`` when trafilatura found no main text.
    """

    text: str
    title: str | None = None
    byline: str | None = None
    published: date | None = None
    site: str | None = None
    url: str | None = None
    extractor: str = "trafilatura"


def extract_page(markup: str, url: str | None = None) -> Page:
    """The main text and metadata of one HTML page (see the module doc)."""
    # Imported here: it costs a fifth of a second, which the app pays only when it reads pages.
    import trafilatura

    found = trafilatura.bare_extraction(
        markup, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=False
    )
    fields = found.as_dict() if found is not None and hasattr(found, "as_dict") else (found or {})
    body = str(fields.get("text") or "").strip()
    if not body:
        return Page(text=html_to_text(markup), extractor="visible text")
    title = _one_line(fields.get("title"))
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    if title and lines and _one_line(lines[0]) == title:
        lines = lines[1:]  # the headline repeated as the body's first line
    return Page(
        text="\n".join(([title] if title else []) + lines),
        title=title,
        byline=_one_line(fields.get("author")),
        published=_iso_date(fields.get("date")),
        site=_one_line(fields.get("sitename")),
        url=_one_line(fields.get("url")) or url,
    )


def _one_line(value: object) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None


def _iso_date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None
