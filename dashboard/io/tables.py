"""Writing and loading the processed tables: atomic files that carry one run id.

Raises :class:`OutputError` naming the file and the reason.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Collection, Iterable
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
    """Publish one run: every table as ``out_dir/<name>`` (Parquet) and ``report.json``, as a whole.

    The run is written into a folder of its own beside ``out_dir`` (``.<name>.runs/<run id>``),
    and ``out_dir`` is a symbolic link switched to it in one atomic rename: a reader, or a run
    killed at any moment, sees the previous complete set or the new complete set, never a mix.
    The previous run's folder is kept (a reader may still be in it), older ones are removed. An
    existing ``out_dir`` that is a real folder holding only newslens outputs is moved aside once;
    any other real folder (one that holds files of the user's) is written file by file instead,
    each file atomically, and :func:`load_outputs` refuses a mixed set by its run ids.

    Returns:
        The run id.
    """
    run_id = uuid.uuid4().hex
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    if out_dir.is_dir() and not out_dir.is_symlink() and not _only_outputs(out_dir, tables):
        _write_files(tables, report, out_dir, run_id)
        return run_id
    runs = out_dir.parent / f".{out_dir.name}.runs"
    runs.mkdir(exist_ok=True)
    # A run killed with SIGKILL cannot remove its staging folder or link; the next run does.
    for stale in [*runs.glob(".*.tmp"), *out_dir.parent.glob(f".{out_dir.name}.*.link")]:
        if stale.is_symlink() or stale.is_file():
            stale.unlink(missing_ok=True)
        else:
            shutil.rmtree(stale, ignore_errors=True)
    staging = runs / f".{run_id}.tmp"
    staging.mkdir()
    _write_files(tables, report, staging, run_id)
    final = runs / run_id
    os.rename(staging, final)
    previous = out_dir.resolve() if out_dir.is_symlink() else None
    if out_dir.is_dir() and not out_dir.is_symlink():
        os.rename(out_dir, runs / f"legacy-{run_id}")  # once: the old layout's folder
    link = out_dir.parent / f".{out_dir.name}.{run_id}.link"
    os.symlink(os.path.relpath(final, out_dir.parent), link)
    os.replace(link, out_dir)
    for old in runs.iterdir():
        if old not in (final, previous) and not old.name.startswith("."):
            shutil.rmtree(old, ignore_errors=True)
    return run_id


def _only_outputs(folder: Path, tables: dict[str, pd.DataFrame]) -> bool:
    """Whether ``folder`` holds nothing but newslens outputs (so it may be moved aside)."""
    ours = {*tables, S.REPORT_FILE}
    return all(p.name in ours or p.name.endswith(".tmp") for p in folder.iterdir())


def _write_files(tables: dict[str, pd.DataFrame], report: dict, folder: Path, run_id: str) -> None:
    """Each table, then ``report.json`` last, written atomically into ``folder`` with ``run_id``."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(".*.tmp"):
        stale.unlink(missing_ok=True)
    for name, frame in tables.items():
        table = pa.Table.from_pandas(frame, preserve_index=False)
        meta = dict(table.schema.metadata or {})
        meta[_RUN_ID_KEY] = run_id.encode()
        table = table.replace_schema_metadata(meta)
        _atomic_write(folder / name, partial(pq.write_table, table))
    payload = json.dumps({**report, "run_id": run_id}, indent=2, ensure_ascii=False, default=str)
    _atomic_write(folder / S.REPORT_FILE, lambda p: p.write_text(payload + "\n", encoding="utf-8"))


def load_outputs(
    out_dir: Path, names: Iterable[str], *, arrow_lists: Collection[str] = ()
) -> tuple[dict[str, pd.DataFrame], dict]:
    """Load processed tables and the report, checking they come from one run.

    The list columns of the tables in ``arrow_lists`` stay in Arrow (``pd.ArrowDtype``; a cell
    still reads as a Python list): making a Python list per row cost the omissions table
    (3 million keys at 10,000 articles) over a second on every load.

    Raises:
        OutputError: a file is missing or unreadable, or the files come from different runs.
    """
    # The link is followed once: a run published while this one reads does not mix in.
    out_dir = out_dir.resolve() if out_dir.is_symlink() else out_dir
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
        tables[name] = _one_chunk(table).to_pandas(types_mapper=_arrow_list if name in arrow_lists else None)
    return tables, report


def _one_chunk(table: pa.Table) -> pa.Table:
    """``table`` with each column in one chunk, where Arrow can hold it so.

    The string columns stay Arrow arrays in pandas, and taking rows from a column of several
    chunks (one per row group) joins the chunks first: every filter or look-up of a few
    sentences then copied the whole column (11 ms for 3 rows of the 274,000-sentence table,
    0.3 ms in one chunk).
    """
    try:
        return table.combine_chunks()
    except (pa.ArrowInvalid, pa.ArrowCapacityError):  # a column past 2 GiB of 32-bit offsets
        return table


def _arrow_list(arrow_type: pa.DataType) -> pd.ArrowDtype | None:
    return pd.ArrowDtype(arrow_type) if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type) else None
