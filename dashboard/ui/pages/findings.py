"""Findings: the first screen. What the event is, then what is worth knowing about its
coverage, each claim with its strength, the sentences that prove it and the view that shows it
in full. The findings themselves are made by :mod:`dashboard.corpus.findings`."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

from dashboard.corpus.findings import SECTIONS, Finding, event_summary, findings, strength_label
from dashboard.corpus.omissions import empty_omissions
from dashboard.ui import state as V
from dashboard.ui.dataset import FINDINGS_KEY, OMISSIONS, Dataset
from dashboard.ui.render import md
from dashboard.ui.runs import RUNS
from dashboard.ui.widgets import (
    COMPARISON_WAIT,
    K_FOCUS,
    K_TOPIC,
    K_VIEW,
    more_button,
    n_outlets,
    sentences_of_keys,
    show_sentences,
    shown_count,
    waiting_note,
)

#: Findings shown per section before "more"; the rest are one click away.
SHOWN_PER_SECTION = 3
_STRENGTH_HELP = (
    "How strongly the evidence supports the claim, 0-1: strong from 0.7, moderate from 0.4, weak below. "
    "Each section measures it its own way (see How to read)."
)
_HOW_TO_READ = """
Each line is one claim read off the analysis, with its **strength** (0–1: *strong* from 0.7,
*moderate* from 0.4, *weak* below) and the sentences behind it.

- **Shared text:** two outlets carry near-identical sentences (at least 15 shared words); the
  strength is the passages' similarity, lower while they share fewer than 50 words. When both
  outlets attribute the shared sentences to one source, it is named: a relayed statement.
- **Sources credited:** where an article says its text comes from: a credit line ("Source: …",
  "MOSCOW (Reuters) –") credits the whole article; "according to", "citing", "per", "reported by" or
  a body's statement credits one sentence. People quoted are in Voices, not here.
- **Discrepancy:** outlets give different values for one thing; strength is how surely the
  sentences speak of the same thing.
- **Omission:** a fact or a name at least half of the other outlets report and this one never does.
- **Voices:** a speaker with at least three statements, heard in some outlets and not in others.
- **Coverage:** a topic some outlets give two or more sentences and others none.
- **Tone:** only a difference beyond the noise of the sentences (bootstrap intervals, corrected for
  the number of outlet pairs) is a finding; otherwise the page says there is none.
"""


def _go(view: str, focus: str | None, topic: str | None) -> None:
    """Button callback: open the view that shows a finding in full, on its outlet or topic."""
    st.session_state[K_VIEW] = view
    if focus is not None:
        st.session_state[K_FOCUS] = focus
    if topic is not None:
        st.session_state[K_TOPIC] = topic


def _finding(finding: Finding, data: Dataset, key: str) -> None:
    # A keyed container: a link or a test finds one finding's block by its key.
    with st.container(key=key):
        _finding_body(finding, data, key)


def _finding_body(finding: Finding, data: Dataset, key: str) -> None:
    label = strength_label(finding.strength)
    text_col, view_col = st.columns([9, 3], vertical_alignment="center")
    with text_col:
        st.markdown(f"{md(finding.text)} **{label}** ({finding.strength:.2f})", help=_STRENGTH_HELP)
    with view_col:
        st.button(
            f"See in {V.VIEW_LABELS.get(finding.view, finding.view)}",
            key=f"{key}_view",
            on_click=_go,
            args=(finding.view, finding.focus, finding.topic),
            width="stretch",
        )
    if finding.evidence:
        n = len(finding.evidence)
        # Lazy: the sentences are looked up and sent only once the reader opens the box (a
        # page of findings would otherwise draw a table per finding on every rerun).
        box = st.expander(
            f"The {n} sentence{'s' if n != 1 else ''} behind it", key=f"{key}_evidence", on_change="rerun"
        )
        if box.open:
            with box:
                keys = [f"{a}:{s}" for a, s in finding.evidence]
                show_sentences(sentences_of_keys(data, keys), data, key=key)


def _anchor(title: str) -> str:
    """The anchor Streamlit gives a heading: lower case, words joined by hyphens."""
    return "-".join("".join(c if c.isalnum() else " " for c in title.lower()).split())


def _headlines(found: list[Finding]) -> list[str]:
    """One markdown list item per section: its strongest finding, its strength, a link to it."""
    lines = []
    for section, title in SECTIONS.items():
        best = next((f for f in found if f.section == section), None)
        if best is not None:
            lines.append(
                f"- **{title}:** {md(best.text)} *{strength_label(best.strength)}* ([evidence](#{_anchor(title)}))"
            )
    return lines


def _findings(data: Dataset, omissions: pd.DataFrame) -> tuple[list[Finding], str]:
    return findings(
        articles=data.articles,
        sentences=data.sentences,
        evidence=data.evidence,
        passage_members=data.passage_members,
        reuse=data.reuse,
        provenance=data.provenance,
        discrepancies=data.discrepancies,
        omissions=omissions,
        quotes=data.quotes,
        topic_labels=data.topic_labels,
    )


#: The :meth:`Dataset.derived` key of the findings drawn while a filter's omissions are made.
WITHOUT_OMISSIONS_KEY = (FINDINGS_KEY, "omissions pending")

_Result = tuple[list[Finding], str]


def _findings_within(data: Dataset, seconds: float) -> tuple[_Result | None, str | None, Callable[[], bool] | None]:
    """The findings to draw now, a note on what is still being computed, and when to draw again.

    Under a filter the findings, and the omissions they read, are made again in background
    threads (:meth:`Dataset.derived_within`); the page waits for them at most ``seconds`` in
    all. Until the omissions are made it draws the findings without them, saying so; until
    the findings with them are made, the ones without.
    """
    deadline = time.monotonic() + seconds

    def left() -> float:
        return max(0.0, deadline - time.monotonic())

    n = n_outlets(data)
    # Half the wait for the omissions, the rest for the findings (with them or without).
    omissions = data.table_within(OMISSIONS, seconds / 2, RUNS.busy)
    if omissions is not None:
        full = data.derived_within(FINDINGS_KEY, partial(_findings, omissions=omissions), left(), RUNS.busy)
        if full is not None:
            return full, None, None
        ready = partial(data.is_derived, FINDINGS_KEY)
        without = data.at_hand(WITHOUT_OMISSIONS_KEY)
        if without is not None:
            return without, "The omissions are being added to these findings.", ready
        return None, f"The findings for the {n} outlets kept are being computed.", ready
    without = data.derived_within(
        WITHOUT_OMISSIONS_KEY, partial(_findings, omissions=empty_omissions()), left(), RUNS.busy
    )
    omissions_note = (
        f"The omissions for the {n} outlets kept are being computed: each outlet is compared again with the "
        "other outlets kept. The findings below leave them out until they are ready; this page adds them "
        "by itself."
    )
    if without is not None:
        return without, omissions_note, partial(data.is_made, OMISSIONS)
    return (
        None,
        f"The findings for the {n} outlets kept are being computed.",
        lambda: data.is_derived(WITHOUT_OMISSIONS_KEY) or data.is_made(OMISSIONS),
    )


def page(data: Dataset) -> None:
    st.title("What stands out in this coverage")
    st.markdown(md(event_summary(data.articles, data.sentences)))
    result, note, ready = _findings_within(data, COMPARISON_WAIT)
    if note is not None and ready is not None:
        waiting_note(note, ready=ready)
    if result is None:
        return
    found, verdict = result
    headlines = _headlines(found)
    if headlines:
        # The strongest claim of each section on the first screen; each opens its section below.
        st.markdown("\n".join(headlines))
    with st.expander("How to read these findings"):
        st.markdown(_HOW_TO_READ)
    if not found:
        st.info(
            "No finding reaches the evidence needed under the current filters: no shared text, credited "
            f"source, discrepancy, {'' if note else 'omission, '}uneven voice or uneven topic. "
            "The other views show everything measured."
        )
    for section, title in SECTIONS.items():
        items = [f for f in found if f.section == section]
        if not items:
            continue
        st.subheader(title, anchor=_anchor(title))
        for i, finding in enumerate(items[:SHOWN_PER_SECTION]):
            _finding(finding, data, key=f"finding_{section}_{i}")
        if len(items) > SHOWN_PER_SECTION:
            rest = items[SHOWN_PER_SECTION:]
            with st.expander(f"{len(rest)} more"):
                listed = shown_count(f"findings_{section}", len(rest))
                for i, finding in enumerate(rest[:listed], SHOWN_PER_SECTION):
                    _finding(finding, data, key=f"finding_{section}_{i}")
                more_button(f"findings_{section}", listed, len(rest), "more findings")
    if verdict:
        st.subheader(SECTIONS["tone"], anchor=_anchor(SECTIONS["tone"]))
        st.markdown(md(verdict))
