"""CSV downloads that are safe to open in a spreadsheet."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from typing import Any

import pandas as pd

# A cell starting with one of these is run as a formula by Excel, LibreOffice and
# Google Sheets ("CSV injection"); article text is untrusted, so such cells are
# prefixed with an apostrophe, which spreadsheets show as text (OWASP's advice).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutralise_cell(value: Any) -> Any:
    """``value`` made inert for spreadsheets; lists become ``"; "``-joined text.

    Numbers stay numbers (a negative polarity is not a formula); only text is changed.
    """
    if isinstance(value, (list, tuple)) or (
        hasattr(value, "tolist") and not isinstance(value, str) and getattr(value, "ndim", 0) == 1
    ):
        value = "; ".join(str(v) for v in list(value))
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV (with BOM, so spreadsheets detect the encoding), formulas neutralised."""
    safe = frame.copy()
    for column in safe.columns:
        # Every column that can hold text: object, string and Arrow columns (lists kept in Arrow).
        values = safe[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values) or isinstance(values.dtype, pd.ArrowDtype):
            safe[column] = values.map(neutralise_cell).astype(object)
    return safe.to_csv(index=False).encode("utf-8-sig")


def tables_zip(tables: Mapping[str, pd.DataFrame], report_json: str) -> bytes:
    """Every table as Parquet and as spreadsheet-safe CSV (:func:`to_csv_bytes`), and the run report, in one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(tables):
            frame = tables[name]
            parquet = io.BytesIO()
            frame.to_parquet(parquet, index=False)
            archive.writestr(name, parquet.getvalue())
            archive.writestr(name.removesuffix(".parquet") + ".csv", to_csv_bytes(frame))
        archive.writestr("report.json", report_json)
    return buffer.getvalue()
