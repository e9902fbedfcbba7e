"""Where newslens finds the files it ships: vocabularies, the default codebook, the seeds.

In a checkout they are the repository's top-level ``data/`` and ``seeds/`` (the place a
user edits the codebook); an installed wheel carries copies inside the package
(``dashboard/data``, ``dashboard/seeds``), so the command and the app work from any folder.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def _shipped(name: str) -> Path:
    """The checkout's top-level folder ``name`` when this is a checkout, else the wheel's copy."""
    checkout = _PACKAGE.parent / name
    if (_PACKAGE.parent / "pyproject.toml").is_file() and checkout.is_dir():
        return checkout
    return _PACKAGE / name


def is_checkout() -> bool:
    """True when the package runs from a source checkout (editable install or plain path)."""
    return (_PACKAGE.parent / "pyproject.toml").is_file() and (_PACKAGE.parent / "data").is_dir()


#: Vocabularies and the default topic codebook.
DATA_DIR = _shipped("data")
#: The reference case: five outlets on the Russia–US embassy talks, 27 February 2025.
SEEDS_DIR = _shipped("seeds")


def default_output_dir() -> Path:
    """Where tables go when no folder is named.

    ``data/processed/`` in a checkout; an installed package never writes into its own
    folder, so there it is ``$XDG_CACHE_HOME/newslens/processed`` (``~/.cache`` by default).
    """
    if is_checkout():
        return DATA_DIR / "processed"
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "newslens" / "processed"
