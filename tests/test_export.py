from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest

from dashboard.ui.export import neutralise_cell, to_csv_bytes


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("＝1+1", "'＝1+1"),
        ("Lavrov said = fine", "Lavrov said = fine"),
        ("", ""),
        (-0.25, -0.25),
        (3, 3),
        (None, None),
        (["funding", "=cmd"], "funding; =cmd"),
        (np.array(["a", "b"], dtype=object), "a; b"),
    ],
)
def test_neutralise_cell(value, expected):
    assert neutralise_cell(value) == expected


def test_csv_round_trip_is_inert_and_keeps_numbers():
    frame = pd.DataFrame(
        {"text": ["=1+2", "plain", "-x"], "polarity": [-0.5, 0.0, 0.25], "topics": [["a"], [], ["=b", "c"]]}
    )
    data = to_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [
        ["text", "polarity", "topics"],
        ["'=1+2", "-0.5", "a"],
        ["plain", "0.0", ""],
        ["'-x", "0.25", "'=b; c"],
    ]


def test_lists_kept_in_arrow_are_joined_and_neutralised():
    import pyarrow as pa

    lists = pd.Series(
        pa.array([["=HYPERLINK(1)", "plain"], []], type=pa.list_(pa.string())),
        dtype=pd.ArrowDtype(pa.list_(pa.string())),
    )
    frame = pd.DataFrame({"outlets": lists, "n": [1, 2]})
    rows = list(csv.reader(io.StringIO(to_csv_bytes(frame).decode("utf-8-sig"))))
    assert rows == [["outlets", "n"], ["'=HYPERLINK(1); plain", "1"], ["", "2"]]
