"""Benchmark: the shared-passages stage alone, this checkout against another revision of it.

    python benchmarks/bench_passages.py                          # N = 1,000
    python benchmarks/bench_passages.py --n 1000 10000 --base f86067a~1 --repeat 3

For each N, generates a corpus (``benchmarks/corpus.py``, seed N), runs the per-article
pipeline and the alignment of facts once, then times on those tables, in this one process:

- ``shared_passages`` and ``reuse_matrix`` of this checkout;
- with ``--base REV``: the same two functions of ``dashboard/corpus/passages.py`` as it is at
  ``REV`` (``git show``, loaded as a module of its own), and checks that both give equal
  tables (``pd.testing.assert_frame_equal``); a difference stops the run.

Prints, per N, sentences, fact-group members, passage groups, the best of ``--repeat`` wall
seconds of each version and the ratio. Figures, not assertions: the machine is shared and
noisy, which is why both versions run in the same process, one after the other.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import generate_corpus  # noqa: E402

from dashboard import pipeline  # noqa: E402
from dashboard import schema as S  # noqa: E402
from dashboard.corpus import passages  # noqa: E402
from dashboard.corpus.align import Alignment, align_facts  # noqa: E402
from dashboard.errors import InputError  # noqa: E402
from dashboard.io.read import read_corpus  # noqa: E402
from dashboard.pipeline import process_articles  # noqa: E402
from dashboard.vocabularies import load_vocabularies  # noqa: E402


def _inputs(n: int, jobs: int) -> tuple[pd.DataFrame, pd.DataFrame, Alignment]:
    """Sentences, articles and the alignment of facts of a generated corpus of ``n`` articles."""
    folder = Path(tempfile.mkdtemp(prefix="newslens-bench-passages-"))
    generate_corpus(folder, n, seed=n)
    vocabularies = load_vocabularies()
    processed = [
        p
        for p in process_articles(read_corpus(folder).articles, vocabularies.codebook, jobs=jobs)
        if not isinstance(p, InputError)
    ]
    out = pipeline.article_tables(processed, vocabularies)  # only the per-article tables are needed
    sentences, articles = out[S.SENTENCES_FILE], out[S.ARTICLES_FILE]
    return sentences, articles, align_facts(sentences, articles, stopwords=vocabularies.stopwords)


def _module_at(rev: str) -> ModuleType:
    """``dashboard/corpus/passages.py`` as it is at ``rev``, as a module of its own."""
    source = subprocess.run(
        ["git", "show", f"{rev}:dashboard/corpus/passages.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    path = Path(tempfile.mkdtemp(prefix="newslens-bench-passages-base-")) / "passages_base.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("passages_base", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _best(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - started)
    return best, result


def _time(
    module: ModuleType, sentences: pd.DataFrame, articles: pd.DataFrame, alignment: Alignment, repeat: int
) -> tuple[tuple[float, float], tuple[pd.DataFrame, ...]]:
    """(passages seconds, reuse seconds), (groups, members, reuse) of one version of the module."""
    seconds, (groups, members) = _best(repeat, lambda: module.shared_passages(sentences, articles, alignment))
    reuse_seconds, reuse = _best(repeat, lambda: module.reuse_matrix(sentences, articles, members))
    return (seconds, reuse_seconds), (groups, members, reuse)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000])
    parser.add_argument("--base", help="git revision whose passages.py to time and compare against")
    parser.add_argument("--repeat", type=int, default=1, help="best of this many runs (default 1)")
    parser.add_argument("--jobs", type=int, default=2, help="processes for the per-article stage (default 2)")
    args = parser.parse_args()
    versions = [("this", passages)] + ([(f"base {args.base}", _module_at(args.base))] if args.base else [])
    print(f"{'N':>6} {'sentences':>10} {'members':>8} {'groups':>7}  version          passages s  reuse s  ratio")
    for n in args.n:
        sentences, articles, alignment = _inputs(n, args.jobs)
        timings: dict[str, tuple[float, float]] = {}
        outputs: dict[str, tuple[pd.DataFrame, ...]] = {}
        for name, module in versions:
            timings[name], outputs[name] = _time(module, sentences, articles, alignment, args.repeat)
        if args.base:
            for mine, theirs in zip(outputs["this"], outputs[versions[1][0]]):
                pd.testing.assert_frame_equal(mine, theirs)
        groups = outputs["this"][0]
        for name, (seconds, reuse_seconds) in timings.items():
            ratio = timings[versions[-1][0]][0] / seconds if args.base else 1.0
            print(
                f"{n:>6} {len(sentences):>10,} {len(alignment.members):>8,} {len(groups):>7,}  {name:<16} "
                f"{seconds:>10.3f} {reuse_seconds:>8.3f} {ratio:>5.1f}x"
            )
        if args.base:
            print(f"{'':>6} outputs equal (groups, members, reuse)")


if __name__ == "__main__":
    main()
