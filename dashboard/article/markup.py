"""HTML pages to text: block elements become line breaks, scripts and styles are dropped.

The first step of cleaning when a file holds markup (:func:`looks_like_html`); the lines
it gives then go through the same cleaning as a text page.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["html_to_text", "looks_like_html"]

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
