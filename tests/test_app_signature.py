"""The served tables: a rerun stats four files, not every input; a change is still picked up."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import schema as S
from dashboard.ui import dataset as D
from dashboard.ui import shell
from dashboard.vocabularies import DEFAULT_CODEBOOK

from .conftest import APP


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def folders(tmp_path: Path, seeds_dir: Path) -> tuple[Path, Path]:
    src = tmp_path / "in"
    shutil.copytree(seeds_dir, src)
    return src, tmp_path / "out"


@pytest.fixture
def loads(monkeypatch) -> list[Path]:
    """Every load of the tables (their output folder), through the real loader."""
    calls: list[Path] = []
    real = D.load_dataset

    def load(input_dir, out_dir, codebook_path):
        calls.append(out_dir)
        return real(input_dir, out_dir, codebook_path)

    monkeypatch.setattr(D, "load_dataset", load)
    return calls


@pytest.fixture
def stats(monkeypatch) -> list[str]:
    """The path of every ``os.stat`` (``Path.stat``, ``is_file``, ``exists`` … go through it) while
    on, and ``FOLDER/*`` for every listing of a folder (``os.scandir``: its entries' times come
    with it)."""
    seen: list[str] = []
    real_stat, real_scandir = os.stat, os.scandir

    def counting(path, *args, **kwargs):
        seen.append(os.fspath(path))
        return real_stat(path, *args, **kwargs)

    def listing(path=".", *args, **kwargs):
        if not isinstance(path, int):  # a descriptor: shutil's own walks
            seen.append(os.path.join(os.fspath(path), "*"))
        return real_scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", counting)
    monkeypatch.setattr(os, "scandir", listing)
    return seen


def _article_files(paths: list[str], src: Path) -> list[str]:
    """The stats of files inside ``src`` other than the folder itself and its sources.csv."""
    quick = {str(src), str(src / "sources.csv")}
    return [p for p in paths if p.startswith(str(src)) and p not in quick]


def test_missing_tables_are_built_and_loaded_once(folders, loads):
    src, out = folders
    tables = D.ServedTables(src, out, DEFAULT_CODEBOOK, clock=Clock())
    first = tables.dataset()
    assert (out / S.REPORT_FILE).is_file() and len(first.articles) == 5
    # Building wrote the report and the tables: not a change, the same dataset is served.
    assert tables.dataset() is first and tables.dataset() is first
    assert loads == [out]


def test_a_rerun_stats_no_article_file(folders, loads, stats):
    src, out = folders
    clock = Clock()
    tables = D.ServedTables(src, out, DEFAULT_CODEBOOK, clock=clock)
    data = tables.dataset()
    assert _article_files(stats, src)  # loading did walk the folder
    stats.clear()
    for _ in range(50):
        clock.now += 1.0  # fifty reruns within the minute
        assert tables.dataset() is data
    assert _article_files(stats, src) == []
    assert len(stats) == 50 * 4  # the report, the folder, sources.csv and the codebook
    assert loads == [out]


def test_a_file_edited_in_place_is_picked_up_at_the_next_full_check(folders, loads):
    src, out = folders
    clock = Clock()
    tables = D.ServedTables(src, out, DEFAULT_CODEBOOK, clock=clock, full_check_seconds=60)
    data = tables.dataset()
    seed = next(src.glob("*.txt"))
    later = (out / S.REPORT_FILE).stat().st_mtime_ns + 10**9
    os.utime(seed, ns=(later, later))
    clock.now += 30
    assert tables.dataset() is data  # not yet looked at
    clock.now += 31
    again = tables.dataset()
    assert again is not data and loads == [out, out]
    clock.now += 120
    assert tables.dataset() is again  # rebuilt once, then steady


def test_a_file_added_is_picked_up_at_once(folders, loads):
    src, out = folders
    clock = Clock()
    tables = D.ServedTables(src, out, DEFAULT_CODEBOOK, clock=clock)
    data = tables.dataset()
    (src / "extra.txt").write_text(
        "Harbour talks resume\nThe port authority said on Monday that the harbour talks would resume next week. "
        "Officials expect a decision on the new ferry line before the summer.\n",
        encoding="utf-8",
    )
    os.utime(src, ns=(src.stat().st_mtime_ns + 10**9,) * 2)  # a coarse-clock filesystem sees it too
    grown = tables.dataset()
    assert grown is not data and len(grown.articles) == 6
    assert loads == [out, out]


def test_the_app_builds_missing_tables_and_reads_them_once(monkeypatch, folders, loads):
    src, out = folders
    monkeypatch.setenv("NEWSLENS_INPUT", str(src))
    monkeypatch.setenv("NEWSLENS_OUTPUT", str(out))
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception and (out / S.ARTICLES_FILE).is_file()
    at.radio(key="nav_view").set_value("overview").run()
    AppTest.from_file(APP, default_timeout=120).run()  # another session
    assert not at.exception
    assert loads == [out]
    assert shell.served_tables(src, out).dataset() is shell.served_tables(src, out).dataset()
