"""Your own articles: files and links uploaded in the sidebar, analysed in this session only.

The built tables live in this session's state (never in a cache shared between visitors), so
another visitor never sees them; they replace the served corpus in every view until the user goes
back. Links are fetched by :mod:`dashboard.io.fetch` (timeout, size cap, few redirects, http and
https only, no private addresses unless ``NEWSLENS_ALLOW_PRIVATE_ADDRESSES=1`` is set for a
self-hosted install).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator

import streamlit as st

from dashboard.errors import InputError
from dashboard.io.fetch import FetchError, fetch_page, parse_url_list
from dashboard.io.read import RawArticle, link_article, read_uploads
from dashboard.pipeline import Build, ProcessedArticle, build_corpus
from dashboard.ui.dataset import Dataset, dataset_from_tables
from dashboard.ui.export import tables_zip
from dashboard.ui.render import md
from dashboard.ui.widgets import K_ARTICLE, K_COMPARE, K_EVENT, K_FOCUS, K_OUTLETS, K_SENTENCE, K_TOPIC, K_TOPICS
from dashboard.vocabularies import load_vocabularies

K_UPLOADED = "uploads_dataset"
K_BUILD = "uploads_build"
K_FILES = "uploads_files"
K_LINKS = "uploads_links"
K_MESSAGES = "uploads_messages"
K_ZIP = "uploads_zip"
ALLOW_PRIVATE_ENV = "NEWSLENS_ALLOW_PRIVATE_ADDRESSES"
FILE_TYPES = ["txt", "html", "htm", "csv", "jsonl"]
#: The uploads analysed at once (Streamlit's own cap, server.maxUploadSize, is per file).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
_VIEW_KEYS = (K_OUTLETS, K_TOPICS, K_EVENT, K_COMPARE, K_TOPIC, K_ARTICLE, K_SENTENCE, K_FOCUS)


def uploaded_dataset() -> Dataset | None:
    """This session's uploaded dataset, when the user analysed uploads."""
    data = st.session_state.get(K_UPLOADED)
    return data if isinstance(data, Dataset) else None


def uploads_panel() -> None:
    """The sidebar's "Your own articles" box: files, links, and what came of them."""
    with st.sidebar.expander("Your own articles", expanded=uploaded_dataset() is not None):
        st.file_uploader(
            "Files: .txt, .html pages, .csv or .jsonl tables, sources.csv",
            type=FILE_TYPES,
            accept_multiple_files=True,
            key=K_FILES,
        )
        st.text_area("Links, one a line", key=K_LINKS, placeholder="https://…")
        st.button("Analyse these articles", key="uploads_go", on_click=_analyse, type="primary")
        for level, text in st.session_state.get(K_MESSAGES, []):
            (st.warning if level == "warning" else st.caption)(md(text))
        build = st.session_state.get(K_BUILD)
        if uploaded_dataset() is not None and isinstance(build, Build):
            st.caption(
                "You are looking at your own articles, in this session only. A shared link opens the "
                "served articles: it does not carry yours."
            )
            st.download_button(
                "Download the tables (Parquet and CSV, zip)",
                st.session_state.get(K_ZIP, b""),
                file_name="newslens-tables.zip",
                mime="application/zip",
                key="uploads_download",
            )
            st.button("Back to the served articles", key="uploads_clear", on_click=_clear)


def _reset_view() -> None:
    # The filters name outlets, articles and events of the other dataset.
    for key in _VIEW_KEYS:
        st.session_state.pop(key, None)


def _clear() -> None:
    for key in (K_UPLOADED, K_BUILD, K_MESSAGES, K_ZIP):
        st.session_state.pop(key, None)
    _reset_view()


def _analyse() -> None:
    files = [(f.name, f.getvalue()) for f in st.session_state.get(K_FILES) or []]
    total = sum(len(data) for _, data in files)
    if total > MAX_UPLOAD_BYTES:
        st.session_state[K_MESSAGES] = [
            (
                "warning",
                f"The files hold {total / 1024 / 1024:.0f} MB; at most {MAX_UPLOAD_BYTES // 1024 // 1024} MB at once.",
            )
        ]
        return
    urls, messages = parse_url_list(st.session_state.get(K_LINKS) or "")
    notes: list[tuple[str, str]] = [("warning", m) for m in messages]
    if not files and not urls:
        st.session_state[K_MESSAGES] = [*notes, ("warning", "Add files or links first.")]
        return
    pages: list[RawArticle] = []
    allow_private = os.environ.get(ALLOW_PRIVATE_ENV, "") == "1"
    fetching = st.progress(0.0, text="Fetching the links…") if urls else None
    for i, url in enumerate(urls, start=1):
        try:
            page = fetch_page(url, allow_private=allow_private)
            pages.append(link_article(page.url, page.final_url, page.content_type, page.body))
        except (FetchError, InputError) as exc:
            notes.append(("warning", f"Skipped {exc}"))
        if fetching is not None:
            fetching.progress(i / len(urls), text=f"Fetched {i} of {len(urls)} links")
    corpus = read_uploads(files, extra=pages)
    notes += [("warning", w) for w in corpus.warnings]
    bar = st.progress(0.0, text="Analysing the articles…")
    build = build_corpus(corpus, load_vocabularies(), progress=lambda results, n: _progress(bar, results, n))
    bar.empty()
    notes += [("warning", f"Skipped {s['file']}: {s['reason']}") for s in build.report.get("skipped", [])]
    if not build.tables:
        st.session_state[K_MESSAGES] = [*notes, ("warning", "No usable article: nothing to show.")]
        return
    st.session_state[K_BUILD] = build
    # Built once: the zip of every table costs about a second per thousand articles.
    st.session_state[K_ZIP] = tables_zip(build.tables, json.dumps(build.report, ensure_ascii=False, default=str))
    st.session_state[K_UPLOADED] = dataset_from_tables(build.tables, build.report, load_vocabularies())
    n = build.report["counts"]["articles"]
    st.session_state[K_MESSAGES] = [*notes, ("caption", f"{n} article{'s' if n != 1 else ''} analysed.")]
    _reset_view()


def _progress(bar, results: Iterator[ProcessedArticle | InputError], n: int) -> Iterable[ProcessedArticle | InputError]:
    for i, result in enumerate(results, start=1):
        bar.progress(i / max(n, 1), text=f"Analysed {i} of {n} articles")
        yield result
