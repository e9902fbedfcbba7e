"""Tables show one page of rows and download them all; long lists show a few and a "more" button."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.ui import widgets as W


@pytest.mark.parametrize(
    ("n_rows", "page", "expected"),
    [
        (1_234, 1, (0, 500, 3)),
        (1_234, 2, (500, 1_000, 3)),
        (1_234, 3, (1_000, 1_234, 3)),
        (1_234, 9, (1_000, 1_234, 3)),  # past the end: the last page
        (1_234, 0, (0, 500, 3)),
        (500, 1, (0, 500, 1)),
        (501, 2, (500, 501, 2)),
        (0, 1, (0, 0, 1)),
    ],
)
def test_page_bounds(n_rows, page, expected):
    assert W.page_bounds(n_rows, page) == expected


def test_rows_caption():
    assert W.rows_caption(0, 500, 37_804) == "rows 1–500 of 37,804"
    assert W.rows_caption(37_500, 37_804, 37_804) == "rows 37,501–37,804 of 37,804"


def _paged_script():
    import pandas as pd
    import streamlit as st

    from dashboard.ui.widgets import paged_table

    n = st.session_state.get("n_rows", 1_234)
    frame = pd.DataFrame({"n": range(n), "label": [f"row {i}" for i in range(n)]})
    paged_table(frame, key="t", download_as="rows", hide_index=True)


@pytest.fixture
def downloads(monkeypatch) -> list[pd.DataFrame]:
    """Every download button's file, made as a press would make it (its data callable called)."""
    made: list[pd.DataFrame] = []

    def button(label, data, **kwargs):
        made.append(pd.read_csv(io.BytesIO(data() if callable(data) else data)))
        return False

    monkeypatch.setattr(W.st, "download_button", button)
    return made


def test_a_table_of_1234_rows_shows_500_a_page_and_downloads_every_row(downloads):
    at = AppTest.from_function(_paged_script, default_timeout=30).run()
    assert not at.exception
    shown = at.dataframe[0].value
    assert len(shown) == 500 and list(shown["n"].head(2)) == [0, 1] and shown["n"].iloc[-1] == 499
    assert [c.value for c in at.caption] == ["rows 1–500 of 1,234 · the download has every row"]
    assert len(downloads[-1]) == 1_234

    at.number_input(key="t_page").set_value(3).run()
    shown = at.dataframe[0].value
    assert len(shown) == 234 and list(shown["n"]) == list(range(1_000, 1_234))
    assert [c.value for c in at.caption] == ["rows 1,001–1,234 of 1,234 · the download has every row"]
    assert len(downloads[-1]) == 1_234 and list(downloads[-1]["n"]) == list(range(1_234))


def test_a_page_the_table_no_longer_has_becomes_its_last(downloads):
    at = AppTest.from_function(_paged_script, default_timeout=30).run()
    at.number_input(key="t_page").set_value(3).run()
    at.session_state["n_rows"] = 600
    at.run()
    assert not at.exception
    assert at.number_input(key="t_page").value == 2
    assert list(at.dataframe[0].value["n"]) == list(range(500, 600))
    at.session_state["n_rows"] = 40
    at.run()
    # One page: no picker, no caption, every row.
    assert not at.number_input and not at.caption and len(at.dataframe[0].value) == 40


def _list_script():
    import streamlit as st

    from dashboard.ui.widgets import more_button, shown_count

    items = [f"item {i}" for i in range(45)]
    listed = shown_count("items", len(items))
    for item in items[:listed]:
        st.markdown(item)
    more_button("items", listed, len(items), "items")


def test_a_long_list_shows_twenty_then_twenty_more_per_press():
    at = AppTest.from_function(_list_script, default_timeout=30).run()
    assert [m.value for m in at.markdown] == [f"item {i}" for i in range(20)]
    assert at.caption[0].value == "20 of 45 items listed."
    at.button(key="items_more").click().run()
    assert len(at.markdown) == 40 and at.button(key="items_more").label == "Show 5 more"
    at.button(key="items_more").click().run()
    assert [m.value for m in at.markdown] == [f"item {i}" for i in range(45)]
    assert not at.button and not at.caption
