"""Where a run's independent pieces of work happen: in this process, in worker processes on this
machine, or on a Dask cluster.

The pipeline cuts its work into pieces that need nothing from one another (batches of articles,
batches of events) and hands an engine a pure, module-level function, the pieces and the inputs
every piece shares (the vocabularies). An engine returns the results in the order of the pieces,
so the tables are the same on every engine (the tests build the seeds and generated folders on
each and compare).

- :class:`InProcess`: one piece after another, here.
- :class:`ProcessPool`: ``jobs`` worker processes on this machine (:mod:`concurrent.futures`);
  started on the first piece of work, reused for every later stage of the run; a few pieces
  per worker in flight at a time, as on Dask.
- :class:`DaskCluster`: ``dask.distributed``: a ``LocalCluster`` of ``jobs`` single-threaded
  worker processes started for the run, or the scheduler at an address (a real cluster whose
  workers have newslens installed, at the same version). The shared inputs are sent to every
  worker once; at most a few pieces per worker are in flight at a time, so a worker never holds
  more than those, however large the folder.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Protocol, TypeVar

from dashboard.errors import EngineError

__all__ = ["ENGINES", "DaskCluster", "Engine", "InProcess", "ProcessPool", "make_engine"]

T = TypeVar("T")
R = TypeVar("R")

#: Pieces in flight per worker: enough to keep it busy while a result travels back, few
#: enough that its memory holds a handful of pieces.
_IN_FLIGHT_PER_WORKER = 2
#: Seconds to wait for a scheduler at an address before saying none answered.
_CONNECT_TIMEOUT_S = 10


class Engine(Protocol):
    """Runs ``fn(piece, *shared)`` for every piece; yields the results in the order of the pieces."""

    workers: int

    def map(self, fn: Callable[..., R], pieces: Sequence[Any], *shared: Any) -> Iterator[R]: ...

    def close(self) -> None: ...


class InProcess:
    """Every piece here, one after another."""

    workers = 1

    def map(self, fn: Callable[..., R], pieces: Sequence[Any], *shared: Any) -> Iterator[R]:
        return (fn(piece, *shared) for piece in pieces)

    def close(self) -> None:
        pass


class ProcessPool:
    """``jobs`` worker processes on this machine, started on first use."""

    def __init__(self, jobs: int) -> None:
        self.workers = max(1, jobs)
        self._pool: ProcessPoolExecutor | None = None

    def map(self, fn: Callable[..., R], pieces: Sequence[Any], *shared: Any) -> Iterator[R]:
        if len(pieces) <= 1:
            return (fn(piece, *shared) for piece in pieces)
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers, initializer=die_with_parent)
        return self._in_order(self._pool, fn, pieces, shared)

    def _in_order(
        self, pool: ProcessPoolExecutor, fn: Callable[..., R], pieces: Sequence[Any], shared: tuple[Any, ...]
    ) -> Iterator[R]:
        # A few pieces in flight per worker, the next sent as one comes back (Executor.map would
        # send every piece at once, so each would be made and held before the first result).
        running: deque[Future[R]] = deque()
        for k in range(len(pieces)):
            if len(running) >= self.workers * _IN_FLIGHT_PER_WORKER:
                yield running.popleft().result()
            running.append(pool.submit(fn, pieces[k], *shared))
        while running:
            yield running.popleft().result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


class DaskCluster:
    """A ``dask.distributed`` client: on a ``LocalCluster`` of ``jobs`` workers, or on the
    scheduler at ``scheduler`` (``tcp://host:8786``)."""

    def __init__(self, jobs: int, scheduler: str | None = None) -> None:
        # Imported here: dask is needed only by the runs that ask for it.
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise EngineError(f"the dask engine needs dask.distributed ({exc}): pip install 'newslens[dask]'") from exc

        self._cluster = None
        if scheduler:
            try:
                self._client = Client(scheduler, timeout=_CONNECT_TIMEOUT_S)
            except (OSError, TimeoutError) as exc:
                raise EngineError(f"no Dask scheduler answered at {scheduler} ({exc})") from exc
        else:
            self._cluster = LocalCluster(
                n_workers=max(1, jobs),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=40,  # logging.ERROR: the run's own messages stay readable
            )
            self._client = Client(self._cluster)
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})) or jobs)

    def map(self, fn: Callable[..., R], pieces: Sequence[Any], *shared: Any) -> Iterator[R]:
        from distributed import as_completed

        if not pieces:
            return
        # Sent once to every worker, not once per piece.
        sent = [self._client.scatter(s, broadcast=True) for s in shared]
        index_of: dict[Any, int] = {}
        done: dict[int, Any] = {}
        running = as_completed()
        submitted = returned = 0

        def submit_next() -> None:
            nonlocal submitted
            if submitted < len(pieces):
                future = self._client.submit(fn, pieces[submitted], *sent, pure=False)
                index_of[future.key] = submitted
                running.add(future)
                submitted += 1

        for _ in range(self.workers * _IN_FLIGHT_PER_WORKER):
            submit_next()
        for future in running:
            done[index_of.pop(future.key)] = future.result()
            future.release()
            submit_next()
            while returned in done:
                yield done.pop(returned)
                returned += 1

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


ENGINES = ("local", "dask")


def make_engine(name: str = "local", *, jobs: int = 1, scheduler: str | None = None) -> Engine:
    """The engine a run asked for: ``local`` (here with one job, else a process pool) or ``dask``."""
    if name == "dask" or scheduler:
        return DaskCluster(jobs, scheduler)
    if name != "local":
        raise EngineError(f"unknown engine {name!r}: one of {', '.join(ENGINES)}")
    return ProcessPool(jobs) if jobs > 1 else InProcess()


def die_with_parent() -> None:
    """In a worker: ask Linux to end this process when its parent dies (a killed CLI must not leave
    workers of a few hundred MB each behind). Elsewhere the pool's own shutdown is all there is."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            pass
        if os.getppid() == 1:  # the parent died before the request took effect
            os._exit(1)


_PR_SET_PDEATHSIG = 1
