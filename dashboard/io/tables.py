"""Writing and loading the processed tables: atomic files that carry one run id.

Raises :class:`OutputError` naming the file and the reason.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard import schema as S
from dashboard.errors import OutputError

_RUN_ID_KEY = b"newslens_run_id"


def _atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """Write through a temp file in the same folder, then rename over ``path``.

    ``os.replace`` is atomic on POSIX and Windows, so a reader (or a killed run)
    sees either the old file or the new one, never half of one.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        write(tmp_path)
        with open(tmp_path, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp_path, path)
    finally:
        tmp_path.unlink(missing_ok=True)


def write_outputs(tables: dict[str, pd.DataFrame], report: dict, out_dir: Path) -> str:
    """Write each table to ``out_dir/<name>`` as Parquet, and ``report.json`` last.

    Each file is written atomically. All files of one run carry the same run id
    (Parquet schema metadata and ``report.json``), so :func:`load_outputs` can tell
    when a run was killed between two renames and the set is mixed.

    Returns:
        The run id.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    # A run killed with SIGKILL cannot remove its temp file; the next run does.
    for stale in out_dir.glob(".*.tmp"):
        stale.unlink(missing_ok=True)
    run_id = uuid.uuid4().hex
    for name, frame in tables.items():
        table = pa.Table.from_pandas(frame, preserve_index=False)
        meta = dict(table.schema.metadata or {})
        meta[_RUN_ID_KEY] = run_id.encode()
        table = table.replace_schema_metadata(meta)
        _atomic_write(out_dir / name, partial(pq.write_table, table))
    payload = json.dumps({**report, "run_id": run_id}, indent=2, ensure_ascii=False, default=str)
    _atomic_write(out_dir / S.REPORT_FILE, lambda p: p.write_text(payload + "\n", encoding="utf-8"))
    return run_id


def load_outputs(out_dir: Path, names: Iterable[str]) -> tuple[dict[str, pd.DataFrame], dict]:
    """Load processed tables and the report, checking they come from one run.

    Raises:
        OutputError: a file is missing or unreadable, or the files come from different runs.
    """
    report_path = out_dir / S.REPORT_FILE
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise OutputError(f"{report_path}: missing; run `python -m dashboard.preprocess`") from None
    except (OSError, json.JSONDecodeError) as exc:
        raise OutputError(f"{report_path}: unreadable ({exc}); run `python -m dashboard.preprocess`") from None
    tables: dict[str, pd.DataFrame] = {}
    for name in names:
        path = out_dir / name
        try:
            table = pq.read_table(path)
        except FileNotFoundError:
            raise OutputError(f"{path}: missing; run `python -m dashboard.preprocess`") from None
        except (OSError, pa.ArrowException) as exc:
            raise OutputError(f"{path}: unreadable ({exc}); run `python -m dashboard.preprocess`") from None
        run_id = (table.schema.metadata or {}).get(_RUN_ID_KEY, b"").decode()
        if run_id != report.get("run_id"):
            raise OutputError(
                f"{path}: from another run than {S.REPORT_FILE} (a run was interrupted); "
                "run `python -m dashboard.preprocess` again"
            )
        tables[name] = table.to_pandas()
    return tables, report
