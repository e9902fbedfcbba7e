"""Small helpers over DataFrames that the analyses and the app share."""

from __future__ import annotations

import pandas as pd


def sorted_distinct(frame: pd.DataFrame, key: str, column: str) -> pd.Series:
    """Per value of ``key`` (sorted, the index, named ``key``), the sorted distinct values of
    ``column`` as a list: ``frame.groupby(key)[column].agg(lambda v: sorted(set(v)))``, by one
    sort of the distinct pairs and one pass instead of a Python function per group (which cost
    a second per ten thousand groups)."""
    pairs = frame[[key, column]].drop_duplicates().sort_values([key, column], kind="stable")
    values: dict[object, list] = {}
    for k, value in zip(pairs[key].tolist(), pairs[column].tolist()):
        values.setdefault(k, []).append(value)
    return pd.Series(values, dtype=object).rename_axis(key)
