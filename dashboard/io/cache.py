"""The incremental cache: what a run computed, kept so the next run on the folder redoes only what changed.

A result is stored under a key that names everything it depends on: the content of its input
(an article's file name, bytes and ``sources.csv`` row; an event's articles), and the
:func:`code_fingerprint` (every source file of the package, every vocabulary under ``data/``,
the versions of the libraries that score and split). Change a file and its key changes; change
the code or a vocabulary and every key does. So a run served from the cache writes the same
tables as a clean run (the tests compare them).

Entries are files ``<kind>/<key>.pkl`` in a folder beside the output (``.<out>.cache``), each
written atomically; a run that ends well removes the entries it did not use, so the cache holds
about one run. Entries are pickles written by newslens itself into a folder of the user's: read
only from there, never from the input folder. An entry that cannot be read is a miss.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import platform
import uuid
from collections import Counter
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from dashboard import __version__
from dashboard.io.resources import DATA_DIR

__all__ = ["RunCache", "cache_dir_for", "code_fingerprint", "content_key"]

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
#: Libraries whose version changes what a stage computes.
_LIBRARIES = ("textblob", "vaderSentiment", "sentencex", "py3langid", "trafilatura", "spacy", "rapidfuzz", "pandas")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of the package's source files, the vocabularies under ``data/`` and the versions of
    the libraries the stages use: equal only when a run would compute the same thing."""
    digest = hashlib.sha256()
    digest.update(f"{__version__}\0{platform.python_version()}\0".encode())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={version(name)}\0".encode())
        except PackageNotFoundError:
            digest.update(f"{name}=-\0".encode())
    files = sorted(_PACKAGE_DIR.rglob("*.py")) + sorted(p for p in DATA_DIR.glob("*") if p.is_file())
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def content_key(*parts: object) -> str:
    """A digest of ``parts`` (their ``repr``: the plain values, dates and dataclasses of a key)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def cache_dir_for(out_dir: Path) -> Path:
    """Where the cache of runs writing ``out_dir`` lives: beside it, never inside the input."""
    out_dir = Path(out_dir)
    return out_dir.parent / f".{out_dir.name}.cache"


class RunCache:
    """Results by kind and key in ``folder``; counts what one run found and stored."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.used: set[Path] = set()
        self.counts: Counter[str] = Counter()

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / f"{key}.pkl"

    def get(self, kind: str, key: str) -> Any | None:
        """The stored result, or None (never stored, or unreadable)."""
        path = self._path(kind, key)
        try:
            with path.open("rb") as handle:
                value = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, TypeError):
            self.counts[f"{kind} computed"] += 1
            return None
        self.used.add(path)
        self.counts[f"{kind} reused"] += 1
        return value

    def put(self, kind: str, key: str, value: Any) -> None:
        """Store ``value`` atomically (a reader sees the old entry or the new one, never a part)."""
        path = self._path(kind, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
        try:
            with staging.open("wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(staging, path)
        except OSError:
            staging.unlink(missing_ok=True)  # a full disk costs the next run time, never this run
            return
        self.used.add(path)

    def prune(self) -> int:
        """Remove every entry this run neither read nor wrote; returns how many."""
        removed = 0
        if not self.folder.is_dir():
            return 0
        for path in self.folder.glob("*/*"):
            if path not in self.used and (path.suffix == ".pkl" or path.name.endswith(".tmp")):
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    def summary(self) -> dict[str, int]:
        return dict(sorted(self.counts.items()))
