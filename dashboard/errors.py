"""One error base class; every error names the file and the reason."""

from __future__ import annotations


class NewslensError(Exception):
    """Base class of every error newslens raises on purpose."""


class InputError(NewslensError):
    """An input file cannot be used.

    Attributes:
        file: The file's name as the user gave it (not an absolute path).
        reason: One line saying what is wrong and, where possible, the fix.
    """

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        # Rebuilt from its two fields: a worker process returns a skip to its parent this way.
        return (InputError, (self.file, self.reason))


class CodebookError(NewslensError):
    """The topic codebook cannot be loaded or is inconsistent."""


class OutputError(NewslensError):
    """Processed tables are missing, stale or from different runs."""


class VocabularyError(NewslensError):
    """A vocabulary file under ``data/`` (entities, speech) cannot be loaded or is malformed."""


class EngineError(NewslensError):
    """The engine a run asked for cannot start (dask not installed, no scheduler at the address)."""
