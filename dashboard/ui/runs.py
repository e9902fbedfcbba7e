"""How many script runs, of every session, are drawing a page now: background work (the
alignment's term index, a filtered view's comparisons) waits while one is. No Streamlit import."""

from __future__ import annotations

import threading


class Runs:
    """A count of the page draws in progress, entered around each draw."""

    def __init__(self) -> None:
        self._n = 0
        self._lock = threading.Lock()

    def __enter__(self) -> None:
        with self._lock:
            self._n += 1

    def __exit__(self, *_: object) -> None:
        with self._lock:
            self._n -= 1

    def busy(self) -> bool:
        return self._n > 0


#: The app's one count: every page draw enters it (:func:`dashboard.ui.shell.main`).
RUNS = Runs()
