"""Your own topics: edit or upload a codebook, see the matches change, adopt suggested topics.

The codebook a session applies is its own (kept in its state): the articles are re-tagged with
it (:func:`dashboard.pipeline.retag_topics`) and every view shows its topics. When few sentences
match any topic, the panel opens on topics suggested from the articles' own key terms
(:func:`dashboard.corpus.themes.suggest_themes`), each with its evidence and outlets, which the
user can adopt into a codebook, edit and download.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from functools import partial

import streamlit as st

from dashboard import schema as S
from dashboard.article.topics import Codebook, parse_codebook
from dashboard.corpus.themes import Theme, codebook_toml, suggest_themes
from dashboard.errors import CodebookError
from dashboard.pipeline import outlet_comparisons, retag_topics
from dashboard.ui.dataset import THEMES_KEY, Dataset
from dashboard.ui.filters import one_comparison, sentences_by_keys
from dashboard.ui.render import md
from dashboard.ui.widgets import K_TOPIC, K_TOPICS

K_APPLIED = "codebook_applied"  # (name, text) of the codebook this session applies
K_TEXT = "codebook_text"
K_FILE = "codebook_file"
K_ERROR = "codebook_error"
K_ADOPT = "codebook_adopt"
K_OPEN = "codebook_open"  # the panel is open: only then is its content (the topic suggestions) computed
K_RETAGGED = "codebook_retagged"  # (key, Dataset): the last re-tagged dataset
#: Below this share of sentences carrying a topic, the codebook does not fit the articles.
FITS_SHARE = 0.1
_EVIDENCE_SHOWN = 2


def with_session_codebook(data: Dataset) -> Dataset:
    """``data`` re-tagged with the codebook this session applies, if it applies one."""
    applied = st.session_state.get(K_APPLIED)
    if not applied:
        return data
    name, text = applied
    key = (id(data), hashlib.sha256(text.encode("utf-8")).hexdigest())
    cached = st.session_state.get(K_RETAGGED)
    if cached and cached[0] == key:
        return cached[1]
    codebook = parse_codebook(text, source=name)
    retagged = _retag(data, codebook)
    st.session_state[K_RETAGGED] = (key, retagged)
    return retagged


def _retag(data: Dataset, codebook: Codebook) -> Dataset:
    articles, sentences, evidence, tone = retag_topics(data.articles, data.sentences, codebook)
    vocabularies = replace(data.vocabularies, codebook=codebook)
    # Topic omissions name the codebook's topics: made anew with the new one.
    compare = partial(outlet_comparisons, sentences, articles, data.alignment, data.quotes, data.entities, vocabularies)
    return replace(
        data,
        articles=articles,
        sentences=sentences,
        evidence=evidence,
        tone_by_topic=tone,
        vocabularies=vocabularies,
        framing_table=partial(one_comparison, compare, S.FRAMING_FILE),
        omissions_table=partial(one_comparison, compare, S.OMISSIONS_FILE),
    )


def tagged_share(data: Dataset) -> float:
    """Share of the sentences that carry at least one topic."""
    if data.sentences.empty:
        return 0.0
    return data.derived("tagged share", lambda d: float(d.sentences[S.TOPICS].map(len).gt(0).mean()))


def codebook_panel(data: Dataset) -> None:
    """The sidebar's "Topics codebook" box."""
    share = tagged_share(data)
    fits = share >= FITS_SHARE
    # A panel that tracks its state runs its content only while open: the topic suggestions read
    # every sentence's terms (seconds at thousands of articles), which a closed panel never needs.
    with st.sidebar.expander(
        "Topics codebook", expanded=not fits or bool(st.session_state.get(K_ERROR)), key=K_OPEN, on_change="rerun"
    ) as panel:
        if not panel.open:
            return
        st.caption(
            f"{share:.0%} of the sentences carry a topic of codebook {md(data.codebook.source)}"
            + ("." if fits else ": it does not fit these articles; see the suggested topics below.")
        )
        if K_TEXT not in st.session_state:
            st.session_state[K_TEXT] = data.codebook.text
        st.file_uploader("Upload a codebook (.toml)", type=["toml"], key=K_FILE, on_change=_load_file)
        st.text_area("Edit the codebook (TOML)", key=K_TEXT, height=220)
        left, right = st.columns(2)
        left.button("Apply", key="codebook_apply", on_click=_apply, type="primary")
        right.button("Reset", key="codebook_reset", on_click=_reset)
        if st.session_state.get(K_ERROR):
            st.error(md(st.session_state[K_ERROR]))
        st.download_button(
            "Download this codebook",
            (st.session_state.get(K_TEXT) or "").encode("utf-8"),
            file_name="codebook.toml",
            mime="application/toml",
            key="codebook_download",
        )
        _suggestions(data, expanded=not fits)


def _suggestions(data: Dataset, *, expanded: bool) -> None:
    # Reading every sentence's terms: stored by the run for the served articles, else once per
    # dataset (an upload, a re-tagged codebook), never on every click.
    themes = data.derived(
        THEMES_KEY, lambda d: suggest_themes(d.sentences, d.articles, stopwords=d.vocabularies.stopwords)
    )
    st.markdown("**Topics found in these articles**")
    if not themes:
        st.caption("No key term is used by two outlets or more: nothing to suggest.")
        return
    text: dict = {}
    if expanded:
        shown = sentences_by_keys(data, [key for theme in themes for key in theme.sentences[:_EVIDENCE_SHOWN]])
        text = dict(zip(zip(shown[S.ARTICLE_ID], shown[S.SENTENCE_ID].astype(int)), shown[S.TEXT]))
    for k, theme in enumerate(themes):
        st.markdown(
            f"{k + 1}. **{md(theme.label)}** — {len(theme.sentences)} sentences, "
            f"{len(theme.outlets)} outlets ({md(', '.join(theme.outlets))}); terms: {md(', '.join(theme.terms))}"
        )
        if expanded:
            for key in theme.sentences[:_EVIDENCE_SHOWN]:
                st.caption(md(_excerpt(text.get(key, ""))))
    st.multiselect(
        "Adopt these topics",
        list(range(len(themes))),
        key=K_ADOPT,
        format_func=lambda k: themes[k].label,
        placeholder="Choose topics to adopt",
    )
    st.button("Adopt into a codebook", key="codebook_adopt_go", on_click=_adopt, args=(themes,))


def _excerpt(text: str, words: int = 24) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _load_file() -> None:
    upload = st.session_state.get(K_FILE)
    if upload is None:
        return
    try:
        st.session_state[K_TEXT] = upload.getvalue().decode("utf-8-sig")
    except UnicodeDecodeError:
        st.session_state[K_ERROR] = f"{upload.name}: not UTF-8 text"
        return
    _apply(upload.name)


def _apply(name: str = "edited codebook") -> None:
    text = st.session_state.get(K_TEXT) or ""
    try:
        parse_codebook(text, source=name)
    except CodebookError as exc:
        st.session_state[K_ERROR] = str(exc)
        return
    st.session_state[K_ERROR] = ""
    st.session_state[K_APPLIED] = (name, text)
    # The topic pickers name the old codebook's ids.
    for key in (K_TOPICS, K_TOPIC):
        st.session_state.pop(key, None)


def _reset() -> None:
    for key in (K_APPLIED, K_TEXT, K_ERROR, K_RETAGGED, K_ADOPT, K_TOPICS, K_TOPIC):
        st.session_state.pop(key, None)


def _adopt(themes: list[Theme]) -> None:
    chosen = [themes[k] for k in st.session_state.get(K_ADOPT) or [] if 0 <= k < len(themes)]
    if not chosen:
        st.session_state[K_ERROR] = "Choose at least one suggested topic to adopt."
        return
    st.session_state[K_TEXT] = codebook_toml(chosen)
    _apply("suggested topics")
