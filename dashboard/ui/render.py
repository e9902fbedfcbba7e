"""HTML for article text with evidence highlighted, built only from escaped pieces; and how
values and column names read on the page.

Article text is untrusted. Every piece of it goes through :func:`html.escape` before
it is joined with the few tags made here, so no markup, script or link from an
article can reach the page. No Streamlit import; the app passes the result to
``st.html``.

A value nobody knows (a missing title, date, country, byline, speaker) shows as
:data:`UNKNOWN` everywhere (:func:`known`, :func:`display_frame`), never as "nan" or "None";
table headers come from the one table :data:`COLUMN_LABELS` (:func:`column_label`).
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from dashboard import schema as S

#: Highlight colour per topic position in the codebook (colour-blind-safe pastel tones).
_TOPIC_PALETTE = ("#ffe08a", "#b8e0c8", "#bcd7f5", "#f5c6d6", "#e0ccf5", "#f7d2b0")

#: What an unknown value (no title, no date, no speaker…) shows as, in every view.
UNKNOWN = "—"

#: The header every table gives a column, whichever view shows it.
COLUMN_LABELS: dict[str, str] = {
    S.ARTICLE_ID: "Article",
    S.OUTLET: "Outlet",
    S.COUNTRY: "Country",
    S.URL: "Address",
    S.PUBLISHED: "Published",
    S.PUBLISHED_SOURCE: "Date from",
    S.TITLE: "Title",
    S.BYLINE: "Byline",
    S.DATELINE: "Dateline",
    S.LANGUAGE: "Language",
    S.TEXT: "Text",
    S.N_WORDS: "Words",
    S.N_SENTENCES: "Sentences",
    S.TOPICS: "Topics",
    S.POLARITY: "Polarity",
    S.SUBJECTIVITY: "Subjectivity",
    S.VADER_COMPOUND: "VADER compound",
    S.SOURCE_FILE: "File",
    S.SENTENCE_ID: "Sentence",
    S.SENTENCE_IDS: "Sentences",
    S.TERMS: "Terms",
    S.LINE_NO: "Line",
    S.REASON: "Why removed",
    S.TOPIC: "Topic",
    S.TERM: "Term",
    S.GROUP_ID: "Group",
    S.N_OUTLETS: "Number of outlets",
    S.OUTLETS: "Outlets",
    S.SIMILARITY: "Similarity",
    S.KIND: "Kind",
    S.FIRST_OUTLET: "First published by",
    S.FIRST_PUBLISHED: "First published",
    S.OTHER_OUTLET: "Other outlet",
    S.SHARE: "Share",
    S.N_WORDS_SHARED: "Words shared",
    S.QUOTE_ID: "Quote",
    S.SPEAKER: "Speaker",
    S.SPEAKER_TEXT: "Speaker as written",
    S.ENTITY_ID: "Entity id",
    S.ENTITY: "Entity",
    S.ENTITY_TYPE: "Type",
    S.VARIANTS: "Spellings",
    "n_mentions": "Mentions",
    S.ATTRIBUTE: "Attribute",
    S.VALUE: "Value",
    S.DISCREPANCY_ID: "Discrepancy",
    S.TERM_LOG_ODDS: "z-score",
    S.COUNT: "Uses",
    S.COUNT_REST: "Uses in the others",
    S.ITEM: "Item",
    S.FACT_ID: "Fact",
    S.STRENGTH: "Strength",
    S.EVIDENCE: "Evidence",
    "n_evidence": "Sentences",
    "note": "Note",
    "field": "Field",
}


_IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")


def column_label(name: str) -> str:
    """The header of column ``name``: from :data:`COLUMN_LABELS`, else a snake_case name made
    readable ("n_things" -> "N things"), so no table shows a raw column name; any other name (an
    outlet heading its column) is shown as it is."""
    if name in COLUMN_LABELS:
        return COLUMN_LABELS[name]
    return name.replace("_", " ").capitalize() if _IDENTIFIER.fullmatch(name) else name


def is_unknown(value: Any) -> bool:
    """True for None, NaN, NaT, ``pd.NA`` and blank text; lists and arrays are never unknown."""
    if isinstance(value, str):
        return not value.strip()
    return bool(pd.api.types.is_scalar(value) and pd.isna(value))


def known(value: object) -> str:
    """``value`` as text, or :data:`UNKNOWN` when it is unknown (see :func:`is_unknown`)."""
    return UNKNOWN if is_unknown(value) else str(value)


def display_frame(frame: pd.DataFrame, *, as_is: Iterable[str] = ()) -> pd.DataFrame:
    """A copy of ``frame`` for a table: unknown cells of text and date columns show :data:`UNKNOWN`.

    A column of dates (``datetime.date`` objects, as ``published``) becomes ISO text first, so
    "—" can stand beside them. Lists kept in Arrow become Python lists. Number columns keep
    their dtype (and their formats), list columns and columns of mixed values stay as they are,
    and so do the columns named in ``as_is``, where a blank is a value (a "note" left empty
    says "nothing to note").
    """
    shown = frame.copy()
    for column in shown.columns:
        values = shown[column]
        if isinstance(values.dtype, pd.ArrowDtype) and not pd.api.types.is_string_dtype(values):
            # Lists kept in Arrow (a stored table) go as Python lists: the table's own Arrow
            # metadata would name a dtype pandas cannot read back.
            shown[column] = values.astype(object)
            continue
        if column in set(as_is) or not (values.dtype == object or pd.api.types.is_string_dtype(values)):
            continue
        present = [v for v in values if not is_unknown(v)]
        if all(isinstance(v, str) for v in present):
            shown[column] = values.map(lambda v: UNKNOWN if is_unknown(v) else v).astype(object)
        elif all(isinstance(v, datetime.date) for v in present):
            shown[column] = values.map(lambda v: UNKNOWN if is_unknown(v) else v.isoformat()).astype(object)
    return shown


_AUTOLINK = re.compile(r"https?|www", re.IGNORECASE)
# Bidirectional embedding, override and isolate controls: an unclosed one in a value would flip
# the app's own text around it ("01.0 jbus"), so they never reach the page.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def strip_bidi(value: object) -> str:
    """``value`` as text without bidirectional control characters (U+202A–E, U+2066–9)."""
    return _BIDI_CONTROLS.sub("", str(value))


def escape_html(value: object, *, quote: bool = True) -> str:
    """``html.escape`` of ``value`` with bidirectional controls removed first: safe in HTML."""
    return html.escape(strip_bidi(value), quote=quote)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$])")


def md(value: object) -> str:
    """``value`` as text safe inside Markdown (``st.markdown``, captions, labels, alerts).

    Every Markdown/Streamlit special character is backslash-escaped, ``&`` becomes an
    entity, bare web and mail addresses are broken with an invisible word joiner, line
    breaks become spaces and bidirectional controls are removed, so untrusted text (an outlet name, a title, a link's parameter)
    shows as written and cannot add a link, an image, emphasis or a colour directive.
    """
    text = " ".join(strip_bidi(value).split()).replace("&", "&amp;")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    # The renderer links bare addresses after unescaping; a word joiner (U+2060, invisible)
    # inside "http", "www" and before "@" keeps them text.
    return _AUTOLINK.sub(lambda m: m.group()[0] + "\u2060" + m.group()[1:], text).replace("@", "\u2060@")


def topic_colors(topic_ids: Sequence[str]) -> dict[str, str]:
    """A highlight colour per topic id, stable for a codebook's order."""
    return {t: _TOPIC_PALETTE[i % len(_TOPIC_PALETTE)] for i, t in enumerate(topic_ids)}


def spans_html(text: str, spans: Iterable[tuple[int, int, str]], colors: Mapping[str, str]) -> str:
    """``text`` escaped, with each (start, end, topic) span wrapped in a coloured ``<mark>``.

    Overlapping spans are merged into the first one; spans outside the text are ignored.
    """
    out: list[str] = []
    pos = 0
    for start, end, topic in sorted(spans):
        start, end = max(start, pos), min(end, len(text))
        if start >= end:
            continue
        out.append(escape_html(text[pos:start]))
        color = colors.get(topic, "#eeeeee")
        out.append(
            f'<mark style="background:{color};padding:0 2px;border-radius:3px" '
            f'title="{escape_html(topic)}">{escape_html(text[start:end])}</mark>'
        )
        pos = end
    out.append(escape_html(text[pos:]))
    return "".join(out)


def highlighted_sentence(text: str, evidence: pd.DataFrame, colors: Mapping[str, str]) -> str:
    """One sentence as escaped HTML with its matched terms marked.

    Args:
        evidence: Evidence rows of this sentence (``term_start``/``term_end`` offsets in it).
    """
    spans = zip(evidence[S.TERM_START], evidence[S.TERM_END], evidence[S.TOPIC])
    return spans_html(text, spans, colors)


def tone_badge(polarity: float, subjectivity: float) -> str:
    """A small coloured label with a sentence's polarity and subjectivity ("not available
    (language)" for a sentence of an article in a language the lexicon does not cover)."""
    if polarity != polarity:  # NaN
        return (
            '<span style="font-size:0.75em;color:#57606a;border:1px dashed #57606a;border-radius:8px;'
            'padding:0 5px;margin-left:4px;white-space:nowrap">tone not available (language)</span>'
        )
    color = "#1a7f37" if polarity > 0.05 else "#cf222e" if polarity < -0.05 else "#57606a"
    return (
        f'<span style="font-size:0.75em;color:{color};border:1px solid {color};border-radius:8px;'
        f'padding:0 5px;margin-left:4px;white-space:nowrap" '
        f'title="polarity {polarity:+.2f} (−1 negative … +1 positive); subjectivity {subjectivity:.2f} '
        f'(0 factual … 1 opinion)">{polarity:+.2f} · subj {subjectivity:.2f}</span>'
    )


def article_html(
    text: str,
    sentences: pd.DataFrame,
    evidence: pd.DataFrame,
    colors: Mapping[str, str],
    *,
    focus: int | None = None,
) -> str:
    """The cleaned article as escaped HTML: paragraphs kept, terms marked, tone per sentence.

    Args:
        text: The article's cleaned text.
        sentences: The article's sentence rows (``start``/``end`` offsets in ``text``).
        evidence: The article's evidence rows.
        focus: A sentence id to outline and anchor (``id="sentence-N"``).
    """
    by_sentence = dict(list(evidence.groupby(S.SENTENCE_ID))) if not evidence.empty else {}
    parts: list[str] = ['<div style="line-height:1.7;font-size:1rem"><p>']
    pos = 0
    for row in sentences.sort_values(S.START).itertuples(index=False):
        gap = text[pos : getattr(row, S.START)]
        parts.append(_paragraphs(gap))
        sid = int(getattr(row, S.SENTENCE_ID))
        ev = by_sentence.get(sid, evidence.iloc[0:0])
        body = highlighted_sentence(getattr(row, S.TEXT), ev, colors)
        style = (
            "outline:2px solid #1f5f8b;outline-offset:2px;border-radius:3px;background:#eef5fb" if sid == focus else ""
        )
        parts.append(
            f'<span id="sentence-{sid}" style="{style}"><sup style="color:#8c959f">{sid}</sup> {body}'
            f"{tone_badge(getattr(row, S.POLARITY), getattr(row, S.SUBJECTIVITY))}</span>"
        )
        pos = getattr(row, S.END)
    parts.append(_paragraphs(text[pos:]))
    parts.append("</p></div>")
    return "".join(parts)


def _paragraphs(text: str) -> str:
    """Escaped text between sentences: a blank line ends a paragraph, a newline breaks a line."""
    return escape_html(text).replace("\n\n", "</p><p>").replace("\n", "<br>")


def legend_html(labels: Mapping[str, str], colors: Mapping[str, str]) -> str:
    """A one-line legend of topic highlight colours."""
    items = [
        f'<mark style="background:{colors[t]};padding:0 4px;border-radius:3px;margin-right:8px">'
        f"{escape_html(label)}</mark>"
        for t, label in labels.items()
        if t in colors
    ]
    return '<div style="font-size:0.85rem">' + "".join(items) + "</div>"
