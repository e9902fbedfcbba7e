"""Cleaning a scraped page: keep the article body, remove page junk, say why.

The method is general, built from features of lines and blocks rather than strings
from any one site:

1. Each line gets features: word count, share of lowercase words, terminal
   punctuation, link/URL share, digit share, page-template vocabulary share,
   template-code shape, repetition of the title or of an earlier line, truncation.
2. Lines that are clearly junk get a reason at once; header and footer lines that
   carry metadata (a date stamp, a byline, a dateline) are removed with a reason
   saying they became metadata.
3. The main text block is the run of lines with the highest total score, prose
   lines scoring their word count and junk lines a penalty (the "body text
   extraction" idea of Finn et al., 2001, on lines instead of tokens). Prose outside
   that block (other stories' teasers, footers) is removed; short lines inside it are
   subheadings unless they read as sentences (terminal punctuation, lowercase words),
   and sentence lines right next to the block join it (a one-line lede, a short quote,
   a last paragraph that trails off in an ellipsis).

Every removed line is kept as a :class:`RemovedLine` with its reason, so a user can
inspect and disagree.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from dashboard.article.markup import extract_page, looks_like_html
from dashboard.text.dates import find_dates
from dashboard.text.words import LETTER_WORD


class Reason(StrEnum):
    """Why a line is not article body: a stable code; :data:`REASON_TEXT` says it to users."""

    TITLE = "title"
    TITLE_REPEAT = "title_repeat"
    BYLINE = "byline"
    DATE = "date"
    DATELINE = "dateline"
    URL = "url"
    NUMBERS = "numbers"
    TEMPLATE = "template"
    CODE = "code"
    SHORT = "short"
    HEADING = "heading"
    TEASER = "teaser"
    TRUNCATED = "truncated"
    DUPLICATE = "duplicate"
    OUTSIDE = "outside"
    RELATED = "related"


#: Each reason as shown to users next to the removed line (``removed_lines.parquet``).
REASON_TEXT: dict[Reason, str] = {
    Reason.TITLE: "title (kept as metadata)",
    Reason.TITLE_REPEAT: "repeats the title",
    Reason.BYLINE: "byline (kept as metadata)",
    Reason.DATE: "date or time stamp (kept as metadata)",
    Reason.DATELINE: "dateline place (kept as metadata)",
    Reason.URL: "web address or link line",
    Reason.NUMBERS: "counter or ID line (mostly numbers and separators)",
    Reason.TEMPLATE: "page template text (navigation, sharing, section labels)",
    Reason.CODE: "template code, not prose",
    Reason.SHORT: "short line that is not a sentence (menu item, label, headline)",
    Reason.HEADING: "subheading inside the article (not a sentence)",
    Reason.TEASER: "truncated teaser of a paragraph that follows in full",
    Reason.TRUNCATED: "truncated teaser (ends with an ellipsis)",
    Reason.DUPLICATE: "repeats an earlier line",
    Reason.OUTSIDE: "outside the main text block (another story, footer or sidebar)",
    Reason.RELATED: "link to another story (“Read more: …”, “Also read: …”)",
}
#: Reasons that mean the line became metadata rather than junk.
METADATA_REASONS = frozenset({Reason.TITLE, Reason.BYLINE, Reason.DATE, Reason.DATELINE})

# Words that make up navigation, sharing widgets and section labels on news sites.
# They are generic web vocabulary, not taken from any one page.
_TEMPLATE_WORDS = frozenset(
    """
    home menu search login log sign signup subscribe subscription newsletter share shares
    tweet facebook twitter whatsapp telegram linkedin pinterest reddit email print comments
    comment reply cancel delete readmore read more related recommended latest news popular
    trending follow followers advertisement advertising sponsored cookies cookie privacy
    policy terms copyright rights reserved sections section categories category tags tag
    archive archives label labels posts post view all loaded previous next page back top
    skip content photo photos image images video videos gallery credit credits stock file
    premium unlock copy code select clipboard ctrl cmd spread love like likes see also
    more stories story headlines editor picks most viewed click here watch listen podcast
    download app apps contact about us feed rss sitemap toggle navigation close open
    just now minute minutes hour hours ago yesterday week weeks day days found match
    request not any readers scroll continue reading
    sunday monday tuesday wednesday thursday friday saturday sun mon tue wed thu fri sat
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep oct nov dec
    """.split()
)
# A short line made only of these words announces a list of other stories.
_SECTION_MARKERS = frozenset(
    """related recommended latest news more stories story popular trending most read viewed
    also see you may like editor picks top headlines other read""".split()
)

# Words that, alone before a colon or an arrow, announce a link to another story:
# "Read more: <headline>", "READ MORE »", "Also read: ...", "Related coverage: ...".
_LINK_LEAD_WORDS = frozenset(
    "read more also see related recommended watch listen full story stories coverage continue reading further".split()
)
_LINK_LEAD_KEYS = frozenset("read more see related recommended watch listen".split())
#: A link's tail longer than this is a paragraph, not a headline (the headline bound of
#: :func:`_find_title`).
_HEADLINE_MAX_WORDS = 30
_LINK_LEAD = re.compile(
    r"^\W*+(?P<lead>[^\W\d_]++(?:[ \t]++[^\W\d_]++){0,3})[ \t]*+(?::|»|›|>>|\|)[ \t]*+(?P<tail>.+)$"
)

_WORD = LETTER_WORD
# Every regex below stays linear on long lines: a dotted name may only start where no
# name character or dot precedes it (one attempt per token, not per character), runs
# inside a name are possessive, and template placeholders have a bounded length.
_URL = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|(?<![\w.-])[\w-]++(?:\.[\w-]++)*\.(?:com|org|net|gov|edu|io|az|ua|ru|uk|in|tr|info|news)(?:/\S*)?\b",
    re.I,
)
# Code is a chain of identifiers, not a dotted abbreviation: "F.B.I.", "U.S.", "Ph.D.",
# "a.m." have one-letter parts. So a chain of 3+ parts needs every part 2+ characters
# long (window.location.href, Quark.Models.Entities); a call "()" or optional chaining
# "?." marks code whatever the part lengths (a.b(), x?.y).
_IDENT = r"[A-Za-z_$][\w$]*+"
_IDENT2 = r"[A-Za-z_$][\w$]++"
_CODE = re.compile(
    rf"(?<![\w$.]){_IDENT2}(?:\??\.{_IDENT2}){{2,}}(?:\(\))?"  # dotted member access: a.b.c(), x?.y?.z
    rf"|(?<![\w$.]){_IDENT}(?:\??\.{_IDENT})+\(\)|(?<![\w$.]){_IDENT}\?\.{_IDENT}"
    r"|\{\{[^{}\n]{0,200}\}\}|\$\$\w++\$\$|<%[^%\n]{0,200}%>|\$\{[^{}\n]{0,200}\}"  # unrendered template placeholders
)
_TERMINAL = re.compile(r"""[.!?…]["'”’»)\]]*\s*$|[.!?]["'”’»]\s*\S{0,3}$""")
_COUNTER = re.compile(r"[,;|]\s*\d+\s*(?=[,;|]|$)")  # "News,5945,Sport,74,...": category counters
_COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)\s|copyright\b)|all rights reserved", re.I)
_MENU_SEPARATOR = re.compile(r"\s[|·•»›/]\s")  # "Home | World | Sport"
_ELLIPSIS_END = re.compile(r"(?:\.\.\.|…)\s*$")
#: A teaser must repeat at least this many words of the paragraph it announces: shorter
#: stems ("But the...") start many sentences by chance.
_TEASER_MIN_WORDS = 6
_BULLET = re.compile(r"^\s*(?:[•·▪◦‣∙*-]|\d{1,2}[.)])\s+")
_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s+")
_DATE_HEADER = re.compile(r"^\s*(?:date|published|updated|posted|last updated)\s*:?\s*", re.I)
_BYLINE_BY = re.compile(
    r"^\s*(?i:by|written by|reporting by|author:?)\s+(?P<names>[A-Z][\w'’.-]*(?:[\s,]+(?:and\s+|&\s+)?[A-Z][\w'’.-]*){0,7})\s*$"
)
_NAME = r"[A-Z][a-zà-ÿ'’-]+(?:\s+[A-Z][a-zà-ÿ'’.-]+){1,2}"
_NAME_LIST = re.compile(rf"^\s*(?P<names>{_NAME}(?:\s*(?:,|\band\b|&)\s*{_NAME}){{0,5}})\s*[,|·-]?\s*$")
_DATELINE_LINE = re.compile(r"^\s*(?P<place>[A-Z][A-Z .'’-]{2,30}[A-Z])\s*$")
_DATELINE_PREFIX = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'’-]{2,}(?:\s[A-Z][A-Z.'’-]+){0,2})"
    r"(?:,\s*[A-Z][\w.]*(?:\s[\w.]+){0,3})?\s*(?:\([\w .]+\))?\s*"
    r"(?P<sep>,?\s*[-–—:]+|,-)\s*(?=[A-Z“\"‘'])"
)

# Scores for the main-block search: prose earns its word count, everything else costs.
_PENALTY_SHORT = 3
_PENALTY_MARKER = 25
_PENALTY_JUNK_MIN = 5


@dataclass(frozen=True)
class RemovedLine:
    """A line (or the part of a line) that is not article body.

    Attributes:
        line_no: 1-based line number in the decoded input.
        text: The removed text as it was (stripped of surrounding white space).
        code: Why it was removed, as a :class:`Reason`.
    """

    line_no: int
    text: str
    code: Reason

    @property
    def reason(self) -> str:
        """The reason as shown to users (:data:`REASON_TEXT`)."""
        return REASON_TEXT[self.code]


@dataclass(frozen=True)
class CleanArticle:
    """The article body and everything removed from the page.

    Attributes:
        text: Body paragraphs joined by blank lines; every kept line is a paragraph.
        removed: Removed lines and fragments in line order, each with its reason.
        was_html: True when the input was HTML and was converted to text first.
    """

    text: str
    removed: tuple[RemovedLine, ...]
    was_html: bool = False

    def removed_with(self, code: Reason) -> list[RemovedLine]:
        """The removed lines whose reason is ``code``, in line order."""
        return [r for r in self.removed if r.code is code]


@dataclass
class _Line:
    no: int
    text: str
    words: list[str]
    reason: Reason | None = None
    prefix: list[RemovedLine] = field(default_factory=list)
    trails_off: bool = False  # ends in an ellipsis without repeating another paragraph

    @property
    def n_words(self) -> int:
        return len(self.words)


# --- features --------------------------------------------------------------------------


def normalize_for_compare(text: str) -> str:
    """Lowercase letters and digits only, single-spaced: for equality across copies."""
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.findall(r"\w+", text))


def _lower_share(words: list[str]) -> float:
    return sum(w[0].islower() for w in words) / len(words) if words else 0.0


def _template_share(words: list[str]) -> float:
    return sum(w.lower() in _TEMPLATE_WORDS for w in words) / len(words) if words else 0.0


def is_prose(text: str, words: list[str]) -> bool:
    """A line that reads as running text: enough words, mostly lowercase, ends a sentence.

    Long lines count as prose without terminal punctuation (scrapers drop it); short
    ones need it, so sentence-case headlines of other stories do not pass.
    """
    n = len(words)
    if n < 5 or _lower_share(words) < 0.35:
        return False
    return n >= 25 or bool(_TERMINAL.search(text))


def is_sentence(text: str, words: list[str]) -> bool:
    """A short line that still reads as a sentence: two or more words, some of them
    lowercase, ending in terminal punctuation or in a colon that leads into what follows.

    ("“Never,” the mayor said.", "Why this year?", "Read the full statement below:").
    Menu items, labels and headlines lack the punctuation; "Background:" lacks the words.
    """
    if len(words) < 2 or not any(w[0].islower() for w in words):
        return False
    return bool(_TERMINAL.search(text)) or text.rstrip().endswith(":")


def _is_body_like(text: str, words: list[str]) -> bool:
    """Looser than :func:`is_prose`, for lines already inside the main block."""
    return is_prose(text, words) or is_sentence(text, words) or (len(words) >= 8 and _lower_share(words) >= 0.45)


def _is_link_line(text: str) -> bool:
    """ "Read more: <headline>", "Also read | <headline>": link words, then a headline."""
    m = _LINK_LEAD.match(text)
    if not m:
        return False
    lead = [w.lower() for w in _WORD.findall(m.group("lead"))]
    tail = _WORD.findall(m.group("tail"))
    return (
        all(w in _LINK_LEAD_WORDS for w in lead)
        and any(w in _LINK_LEAD_KEYS for w in lead)
        and 0 < len(tail) <= _HEADLINE_MAX_WORDS
    )


def _junk_reason(text: str, words: list[str]) -> Reason | None:
    """The reason a line is junk wherever it stands, or None."""
    stripped = text.strip()
    chars = len(stripped)
    url_chars = sum(len(m.group()) for m in _URL.finditer(stripped))
    if url_chars and url_chars >= 0.5 * chars:
        return Reason.URL
    if _CODE.search(stripped):
        return Reason.CODE
    if _is_link_line(stripped):
        return Reason.RELATED
    digits = sum(map(str.isdigit, stripped))
    if (chars and digits >= 0.3 * chars or len(_COUNTER.findall(stripped)) >= 3) and not is_prose(stripped, words):
        return Reason.NUMBERS
    if not words:
        return Reason.SHORT
    if _COPYRIGHT.search(stripped) or (len(_MENU_SEPARATOR.findall(stripped)) >= 2 and not is_prose(stripped, words)):
        return Reason.TEMPLATE
    share = _template_share(words)
    if share >= 0.5 and not is_prose(stripped, words):
        return Reason.TEMPLATE
    if len(words) >= 12 and share >= 0.3 and not _TERMINAL.search(stripped):
        return Reason.TEMPLATE
    return None


def _is_section_marker(words: list[str]) -> bool:
    return 0 < len(words) <= 4 and all(w.lower() in _SECTION_MARKERS for w in words)


# --- HTML ------------------------------------------------------------------------------


def _split_lines(text: str) -> list[_Line]:
    lines = []
    for no, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.replace("\u00a0", " ").strip()
        lines.append(_Line(no, stripped, _WORD.findall(stripped)))
    return lines


def _set_text(line: _Line, text: str) -> None:
    line.text = text.strip()
    line.words = _WORD.findall(line.text)


def _peel_metadata(line: _Line) -> None:
    """Remove a date stamp, byline or dateline-only content from a header/footer line.

    What is peeled becomes a :class:`RemovedLine` on the line; what remains (a title
    glued after a date stamp, say) is classified like any other line.
    """
    text = line.text
    header = _DATE_HEADER.match(text)
    dates = find_dates(text)
    if dates and (header or dates[0].start <= 40):
        first = dates[0]
        head = text[: first.start]
        rest = text[first.end :]
        before = head[header.end() :] if header and header.end() <= first.start else head
        before_words = _WORD.findall(before)
        if header or not before.strip() or _is_byline(before, before_words, after_date=True):
            line.prefix.append(
                RemovedLine(
                    line.no,
                    text[: first.end].strip() if not before.strip() else text[first.start : first.end].strip(),
                    Reason.DATE,
                )
            )
            if before.strip():
                reason = Reason.BYLINE
                line.prefix.append(RemovedLine(line.no, before.strip(" ,|·-"), reason))
            _set_text(line, rest.strip(" ,|·-–—"))
    if not line.text:
        line.reason = Reason.DATE
        return
    if _is_byline(line.text, line.words, after_date=bool(line.prefix)):
        line.reason = Reason.BYLINE


def _is_byline(text: str, words: list[str], *, after_date: bool) -> bool:
    """ "By A B" anywhere; a bare list of names only next to a date stamp."""
    if _template_share(words):
        return False
    return bool(_BYLINE_BY.match(text) or (after_date and _NAME_LIST.match(text)))


def clean_text(text: str) -> CleanArticle:
    """Separate an article's body from the page junk around and inside it.

    Args:
        text: Decoded text of one scraped page (plain text, or HTML, whose main text
            :func:`dashboard.article.markup.extract_page` takes first).

    Returns:
        The body (paragraphs separated by blank lines, dateline prefix removed) and
        every removed line with its reason. An input with no prose gives an empty body.
    """
    was_html = looks_like_html(text)
    if was_html:
        text = extract_page(text).text
    lines = list(_split_lines(text))
    content = [ln for ln in lines if ln.text]
    if not content:
        return CleanArticle("", (), was_html)

    # 1. Metadata lines (date stamps, bylines), junk by itself, repeats, teasers.
    for ln in content:
        if _DATE_HEADER.match(ln.text) or not is_prose(ln.text, ln.words):
            _peel_metadata(ln)
        if ln.reason is None:
            ln.reason = _junk_reason(ln.text, ln.words)
    seen: set[str] = set()
    for ln in content:
        key = normalize_for_compare(ln.text)
        if ln.reason is None and key in seen:
            ln.reason = Reason.DUPLICATE
        seen.add(key)
    _mark_teasers(content)

    # 2. The main block, from prose scores.
    start, end = _main_block(content)

    # 3. Header: a dateline on a line of its own, and the title; then the block grows
    #    over the sentences right next to it.
    for ln in content[:start]:
        if ln.reason is None and _DATELINE_LINE.match(ln.text) and len(ln.words) <= 3 and not _template_share(ln.words):
            ln.reason = Reason.DATELINE
    title_key = _find_title(content[:start])
    if start <= end:
        start, end = _grow_block(content, start, end, title_key)
    for i, ln in enumerate(content):
        key = normalize_for_compare(ln.text)
        in_block = start <= i <= end
        if (
            title_key
            and ln.reason in (None, Reason.DUPLICATE, Reason.SHORT, Reason.TEMPLATE)
            and key
            and (
                key == title_key
                or (
                    title_key in key
                    and len(key) <= len(title_key) + 40
                    and not (in_block and is_prose(ln.text, ln.words))
                )
            )
        ):
            ln.reason = Reason.TITLE_REPEAT
        if ln.reason is not None:
            continue
        if ln.trails_off:
            # Trails off in an ellipsis but repeats nothing: text inside the block, a
            # cut-off teaser outside it.
            if not (in_block and _is_body_like(_ELLIPSIS_END.sub(".", ln.text), ln.words)):
                ln.reason = Reason.TRUNCATED
        elif in_block:
            if not _is_body_like(ln.text, ln.words):
                ln.reason = Reason.HEADING
        elif is_prose(ln.text, ln.words):
            ln.reason = Reason.OUTSIDE
        else:
            ln.reason = Reason.SHORT
    if title_key:
        first_title = next(ln for ln in content if ln.reason == Reason.TITLE_REPEAT)
        first_title.reason = Reason.TITLE

    # 4. Dateline prefix of the first body paragraph.
    body = [ln for ln in content if ln.reason is None]
    removed: list[RemovedLine] = []
    if body:
        m = _DATELINE_PREFIX.match(body[0].text)
        if m and not _is_common_acronym(m.group("place")):
            removed.append(RemovedLine(body[0].no, body[0].text[: m.end()].strip(), Reason.DATELINE))
            _set_text(body[0], body[0].text[m.end() :])
    for ln in content:
        removed.extend(ln.prefix)
        if ln.reason is not None and ln.text:
            removed.append(RemovedLine(ln.no, ln.text, ln.reason))
    removed.sort(key=lambda r: r.line_no)
    return CleanArticle("\n\n".join(ln.text for ln in body), tuple(removed), was_html)


def _is_common_acronym(place: str) -> bool:
    # Organisations that open sentences in capitals ("NATO - the alliance ...") are not places.
    return place.replace(".", "") in {"US", "USA", "UK", "EU", "UN", "NATO", "AP", "AFP", "BBC", "CNN"}


def _mark_teasers(content: list[_Line]) -> None:
    """Lines cut off with an ellipsis: those that repeat the start of another paragraph
    are its teaser; the others are marked ``trails_off``, to be judged by where they stand.
    """
    keys = [normalize_for_compare(ln.text) for ln in content]
    for i, ln in enumerate(content):
        if ln.reason is not None or not _ELLIPSIS_END.search(ln.text):
            continue
        stem = normalize_for_compare(_ELLIPSIS_END.sub("", ln.text))
        if len(stem.split()) >= _TEASER_MIN_WORDS and any(
            j != i and k.startswith(stem) and len(k) > len(stem) for j, k in enumerate(keys)
        ):
            ln.reason = Reason.TEASER
        else:
            ln.trails_off = True


def _line_score(ln: _Line) -> int:
    if _is_section_marker(ln.words):
        return -_PENALTY_MARKER
    if ln.reason is not None:
        return -max(_PENALTY_JUNK_MIN, ln.n_words)
    if ln.trails_off:
        return 0  # a cut-off line neither starts a block (teaser lists) nor breaks one
    if _NUMBERED.match(ln.text):
        return -max(_PENALTY_SHORT, ln.n_words)
    if is_prose(ln.text, ln.words):
        return ln.n_words
    return -_PENALTY_SHORT


def _main_block(content: list[_Line]) -> tuple[int, int]:
    """Indices (inclusive) of the highest-scoring run of lines (Kadane's algorithm)."""
    best, best_start, best_end = float("-inf"), 0, -1
    total, run_start = 0, 0
    for i, ln in enumerate(content):
        score = _line_score(ln)
        if total <= 0:
            total, run_start = score, i
        else:
            total += score
        if total > best:
            best, best_start, best_end = total, run_start, i
    if best <= 0:
        return 0, -1
    return best_start, best_end


def _grow_block(content: list[_Line], start: int, end: int, title_key: str | None) -> tuple[int, int]:
    """Extend the main block over the adjacent lines that read as sentences.

    In :func:`_main_block` a short sentence costs like any short line and a line that
    trails off in an ellipsis scores nothing, so a one-line lede before the first long
    paragraph, or a short or ellipsis-ended last paragraph, falls just outside the block.
    Any junk line, a headline-shaped line (no terminal punctuation) or the title stops
    the growth.
    """

    def joins(ln: _Line) -> bool:
        if ln.reason is not None or (title_key and normalize_for_compare(ln.text) == title_key):
            return False
        text = _ELLIPSIS_END.sub(".", ln.text)
        return is_prose(text, ln.words) or is_sentence(text, ln.words)

    while start > 0 and joins(content[start - 1]):
        start -= 1
    while end + 1 < len(content) and joins(content[end + 1]):
        end += 1
    return start, end


def _find_title(header: list[_Line]) -> str | None:
    """The normalised title: the header line most like a headline.

    A headline-shaped line (3-30 words, not junk, no terminal full stop) that the page
    repeats wins; otherwise the first headline-shaped line.
    """
    candidates = [
        ln
        for ln in header
        if ln.reason in (None, Reason.DUPLICATE)
        and 3 <= ln.n_words <= 30
        and not ln.text.endswith(".")
        and not _is_section_marker(ln.words)
    ]
    if not candidates:
        return None
    keys = [normalize_for_compare(ln.text) for ln in candidates]
    for key in keys:
        if keys.count(key) > 1:
            return key
    return keys[0]
