"""Benchmark: wall seconds per pipeline stage on a synthetic corpus, with a TextBlob baseline.

    python benchmarks/bench_stages.py                          # N = 1,000, this checkout
    python benchmarks/bench_stages.py --n 1000 5000            # several sizes
    python benchmarks/bench_stages.py --repo /tmp/bench-base   # another checkout (e.g. a git worktree)

For each N, writes a corpus with :mod:`benchmarks.corpus` (``generate_corpus``, seed
``--seed``) and then, each in a fresh process so the import and the peak memory are its own:

- pipeline: the repository at ``--repo`` is put first on ``sys.path`` and
  ``dashboard.pipeline`` imported from it (the process checks that it was). Every attribute
  of that module that is a function defined in ``dashboard.article``, ``dashboard.corpus`` or
  ``dashboard.io`` (``clean_text``, ``split_sentences``, ``score_tone``, ``read_corpus``,
  ``shared_passages``, ``write_outputs`` ...) is replaced by a timing wrapper, so the
  pipeline's own calls go through it; nothing in the package is edited. Then one run, in one
  process with ``jobs=1``: ``load_vocabularies()``, ``pipeline.build_folder(folder,
  vocabularies)`` and ``pipeline.publish(build, out)`` (Parquet written to a temporary
  folder). Without ``build_folder`` it runs ``dashboard.cli.run(folder, out, jobs=1)``, and
  in the older layout ``dashboard.preprocess.run``; there, without ``dashboard.pipeline``, the
  wrapped module is ``dashboard.preprocess``.
- baseline: ``TextBlob(s).sentiment`` for every sentence of the raw files as sentencex
  splits them (no cleaning, no tables); only the sentiment loop is timed.

Prints, per N, the table ``stage  seconds  share  calls`` (seconds are a stage's own time:
time spent in another wrapped stage it calls is not counted twice; ``other`` is the total
minus the wrapped stages, i.e. the pipeline's own code, ``count_words``, building the
frames, the report; the wrappers' own overhead, about a microsecond per call, lands there
too), then articles/s, sentences/s, peak resident memory, and the baseline's sentences/s
with the pipeline's ratio to it. Figures, not assertions: the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import importlib.util
import inspect
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
STAGE_PREFIXES = ("dashboard.article", "dashboard.corpus", "dashboard.io")
_MARK = "BENCH_STAGES_JSON "


def _load_corpus_module() -> ModuleType:
    """``benchmarks/corpus.py`` by path (``benchmarks`` is not a package)."""
    spec = importlib.util.spec_from_file_location("newslens_bench_corpus", HERE / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


# --- timing -------------------------------------------------------------------------------


class StageTimer:
    """Own (exclusive) wall time and call count per wrapped function."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._stack: list[float] = []  # time spent in wrapped callees of each open call

    def _enter(self) -> float:
        self._stack.append(0.0)
        return time.perf_counter()

    def _leave(self, name: str, started: float) -> None:
        elapsed = time.perf_counter() - started
        inner = self._stack.pop()
        self.seconds[name] = self.seconds.get(name, 0.0) + elapsed - inner
        if self._stack:
            self._stack[-1] += elapsed

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        self.seconds.setdefault(name, 0.0)
        self.calls.setdefault(name, 0)
        if inspect.isgeneratorfunction(fn):

            @functools.wraps(fn)
            def gen_wrapper(*args: Any, **kwargs: Any) -> Any:
                self.calls[name] += 1
                started = self._enter()
                try:
                    it = fn(*args, **kwargs)
                finally:
                    self._leave(name, started)
                while True:
                    started = self._enter()
                    try:
                        item = next(it)
                    except StopIteration as stop:
                        return stop.value
                    finally:
                        self._leave(name, started)
                    yield item

            return gen_wrapper

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            started = self._enter()
            try:
                return fn(*args, **kwargs)
            finally:
                self._leave(name, started)

        return wrapper


def wrap_module(module: ModuleType, timer: StageTimer) -> list[str]:
    """Replace the module's stage functions by timed wrappers; returns their names."""
    own = module.__name__

    def stage_functions(prefixes: tuple[str, ...]) -> list[str]:
        return [
            name
            for name, value in vars(module).items()
            if inspect.isfunction(value) and (value.__module__ or "").startswith(prefixes) and value.__module__ != own
        ]

    names = stage_functions(STAGE_PREFIXES) or stage_functions(("dashboard.",))
    for name in names:
        setattr(module, name, timer.wrap(name, getattr(module, name)))
    return names


# --- workers (one fresh process each) --------------------------------------------------


def _accepts(fn: Callable[..., Any], param: str) -> bool:
    try:
        return param in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def _pipeline_worker(folder: Path, repo: Path, out: Path) -> dict[str, Any]:
    repo = repo.resolve()
    sys.path.insert(0, str(repo))
    started = time.perf_counter()
    import dashboard

    origin = Path(dashboard.__file__ or "").resolve()
    if repo not in origin.parents:
        raise SystemExit(f"dashboard was imported from {origin}, not from {repo}")
    try:
        target = importlib.import_module("dashboard.pipeline")
    except ModuleNotFoundError:
        target = importlib.import_module("dashboard.preprocess")
    import_seconds = time.perf_counter() - started

    timer = StageTimer()
    wrapped = wrap_module(target, timer)
    started = time.perf_counter()
    if hasattr(target, "build_folder"):
        vocab_module = importlib.import_module("dashboard.vocabularies")
        load = timer.wrap("load_vocabularies", vocab_module.load_vocabularies)
        vocabularies = load()
        kwargs = {"jobs": 1} if _accepts(target.build_folder, "jobs") else {}
        build = target.build_folder(folder, vocabularies, **kwargs)
        if getattr(target, "publish", None) and build.tables:
            target.publish(build, out)
            layout = "load_vocabularies + pipeline.build_folder + pipeline.publish"
        else:
            layout = "load_vocabularies + pipeline.build_folder"
        report = build.report
    else:
        try:
            entry_module = importlib.import_module("dashboard.cli")
            run = entry_module.run
        except (ModuleNotFoundError, AttributeError):
            entry_module = importlib.import_module("dashboard.preprocess")
            run = entry_module.run
        kwargs = {"jobs": 1} if _accepts(run, "jobs") else {}
        if _accepts(run, "log"):
            kwargs["log"] = lambda _: None
        run(folder, out, **kwargs)
        layout = f"{entry_module.__name__}.run"
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    total = time.perf_counter() - started
    counts = report.get("counts", {})
    return {
        "repo": str(repo),
        "dashboard": str(origin),
        "module": target.__name__,
        "layout": layout,
        "wrapped": wrapped,
        "seconds": timer.seconds,
        "calls": timer.calls,
        "total": total,
        "import_seconds": import_seconds,
        "articles": counts.get("articles"),
        "sentences": counts.get("sentences"),
        "skipped": counts.get("skipped"),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _baseline_worker(folder: Path) -> dict[str, Any]:
    from sentencex import segment
    from textblob import TextBlob

    started = time.perf_counter()
    sentences = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences.extend(s.strip() for s in segment("en", text) if s.strip())
    split_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for s in sentences:
        TextBlob(s).sentiment  # noqa: B018 -- the figure is the time
    seconds = time.perf_counter() - started
    return {
        "sentences": len(sentences),
        "split_seconds": split_seconds,
        "seconds": seconds,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _measure(args: list[str]) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, __file__, "--worker", *args], capture_output=True, text=True)
    lines = [line for line in proc.stdout.splitlines() if line.startswith(_MARK)]
    if proc.returncode != 0 or not lines:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-25:])
        raise RuntimeError(f"worker {args[0]} failed (exit {proc.returncode}):\n{tail}")
    return json.loads(lines[-1][len(_MARK) :])


# --- report ---------------------------------------------------------------------------------


def format_table(fig: dict[str, Any]) -> list[str]:
    total = fig["total"]
    rows = sorted(((name, sec, fig["calls"][name]) for name, sec in fig["seconds"].items()), key=lambda r: -r[1])
    other = total - sum(sec for _, sec, _ in rows)
    width = max([len("stage"), len("other"), *(len(name) for name, _, _ in rows)])
    lines = [f"{'stage':<{width}}  {'seconds':>8}  {'share':>6}  {'calls':>7}"]
    for name, sec, calls in rows:
        lines.append(f"{name:<{width}}  {sec:>8.3f}  {sec / total:>6.1%}  {calls:>7}")
    lines.append(f"{'other':<{width}}  {other:>8.3f}  {other / total:>6.1%}  {'':>7}")
    lines.append(f"{'total':<{width}}  {total:>8.3f}  {1:>6.1%}  {'':>7}")
    return lines


def run_size(n: int, repo: Path, seed: int) -> None:
    corpus = _load_corpus_module()
    tmp = Path(tempfile.mkdtemp(prefix="newslens-stages-"))
    try:
        folder = tmp / "corpus"
        stats = corpus.generate_corpus_stats(folder, n, seed=seed)
        print(f"== N={n}: {stats.summary()}", flush=True)
        try:
            fig = _measure(["pipeline", str(folder), "--repo", str(repo), "--out", str(tmp / "out")])
        except RuntimeError as exc:
            print(f"pipeline: {exc}", flush=True)
            fig = None
        if fig:
            print(f"repo {fig['repo']} (dashboard from {fig['dashboard']}); wrapped module {fig['module']}")
            print(f"run: {fig['layout']}, jobs=1, one process")
            for line in format_table(fig):
                print(line)
            total = fig["total"]
            articles, sentences = fig["articles"] or 0, fig["sentences"] or 0
            print(
                f"articles {articles} (skipped {fig['skipped']}), sentences {sentences}: "
                f"{articles / total:.1f} articles/s, {sentences / total:.0f} sentences/s; "
                f"peak RSS {fig['peak_mb']:.0f} MB; import {fig['import_seconds']:.2f}s (not in total)"
            )
        base = _measure(["baseline", str(folder)])
        rate = base["sentences"] / base["seconds"]
        line = (
            f"baseline TextBlob(s).sentiment: {base['sentences']} sentences (sentencex split of the raw files, "
            f"{base['split_seconds']:.2f}s, not timed) in {base['seconds']:.2f}s = {rate:.0f} sentences/s"
        )
        if fig and fig["sentences"]:
            pipe_rate = fig["sentences"] / fig["total"]
            line += f"; whole pipeline {pipe_rate / rate:.2f}x of it"
            if fig["seconds"].get("score_tone"):
                tone_rate = fig["calls"]["score_tone"] / fig["seconds"]["score_tone"]
                line += f"; score_tone alone {tone_rate / rate:.2f}x"
        print(line, flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000], help="corpus sizes (default 1000)")
    parser.add_argument(
        "--repo", type=Path, default=ROOT, help="checkout whose dashboard/ is timed (default: this one)"
    )
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        method, folder = args.worker[0], Path(args.worker[1])
        fig = _pipeline_worker(folder, args.repo, args.out) if method == "pipeline" else _baseline_worker(folder)
        print(_MARK + json.dumps(fig), flush=True)
        return 0
    if not (args.repo / "dashboard").is_dir():
        parser.error(f"{args.repo} has no dashboard/ package")
    for n in args.n:
        run_size(n, args.repo, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
