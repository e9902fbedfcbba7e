"""The DataFrame helpers the analyses and the app share."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from dashboard.frames import in_values, positions_in, sorted_distinct


@pytest.mark.parametrize(
    "column",
    [
        pd.Series(["a", "b", None, "c", "a"], dtype="str"),  # text kept in Arrow
        pd.Series(["a", "b", None, "c", "a"], dtype=object),
        pd.Series(["a", "b", None, "c", "a"], dtype=pd.ArrowDtype(pa.large_string())),
    ],
)
def test_in_values_answers_as_isin_does(column):
    for values in (["a", "c"], set(), {"z"}, ("b",)):
        got = in_values(column, values)
        assert isinstance(got, np.ndarray) and got.dtype == bool
        assert got.tolist() == column.isin(list(values)).tolist()


def test_in_values_of_numbers_and_of_mixed_values():
    assert in_values(pd.Series([1, 2, 3]), [2, 3]).tolist() == [False, True, True]
    assert in_values(pd.Series(["1", "2"], dtype="str"), [1, "2"]).tolist() == [False, True]


def test_sorted_distinct_lists_each_keys_values_once_in_order():
    frame = pd.DataFrame({"k": [2, 1, 2, 1, 2], "v": ["b", "z", "a", "z", "b"]})
    assert sorted_distinct(frame, "k", "v").to_dict() == {1: ["z"], 2: ["a", "b"]}


@pytest.mark.parametrize("dtype", ["str", object])
def test_positions_in_answers_as_get_indexer_does(dtype):
    column = pd.Series(["b", "z", None, "a", "b"], dtype=dtype)
    labels = ["a", "b", "c"]
    assert positions_in(column, labels).tolist() == [1, -1, -1, 0, 1]
    assert positions_in(column, []).tolist() == [-1] * 5
