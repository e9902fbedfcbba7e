"""Benchmark: the preprocessing pipeline against a naive baseline, in the same run.

    python benchmarks/bench_pipeline.py            # N = 1,000 and 10,000
    python benchmarks/bench_pipeline.py --n 200    # a quick look

Builds a corpus of N articles from the seeds (each copy made byte-unique by a
reference line, which the cleaner removes as junk), then times, each in a fresh
process so peak memory is its own:

- baseline: read the files, split into sentences with sentencex, and
  ``TextBlob(sentence).sentiment`` in a pandas ``apply``: no cleaning, no topics.
- pipeline (1 process) and pipeline (all cores): the full ``dashboard.preprocess``
  run: read, clean, metadata, sentences, topics, tone, tables, Parquet written.

Prints articles/second, the ratio to the baseline measured in this run, and peak
resident memory. Figures, not assertions: the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_corpus(n: int, folder: Path) -> None:
    """Write ``n`` articles cycled from the seeds, each made byte-unique."""
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    rows = ["file,outlet,country,url,published"]
    for i in range(n):
        k = i % len(texts)
        name = f"{i:06d}_{seeds[k].stem}.txt"
        (folder / name).write_text(f"Ref {i:06d}\n{texts[k]}", encoding="utf-8")
        rows.append(f"{name},Outlet {k},,,")
    (folder / "sources.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def _baseline(folder: Path) -> int:
    import pandas as pd
    from sentencex import segment
    from textblob import TextBlob

    rows = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        rows.extend((path.stem, s.strip()) for s in segment("en", text) if s.strip())
    frame = pd.DataFrame(rows, columns=["article_id", "sentence"])
    sentiment = frame["sentence"].apply(lambda s: TextBlob(s).sentiment)
    frame["polarity"] = sentiment.map(lambda t: t.polarity)
    frame["subjectivity"] = sentiment.map(lambda t: t.subjectivity)
    return frame["article_id"].nunique()


def _pipeline(folder: Path, jobs: int) -> int:
    from dashboard.cli import run

    out = folder.parent / f"out-{jobs}"
    run(folder, out, jobs=jobs, log=lambda _: None)
    return len(json.loads((out / "report.json").read_text())["skipped"]) or 0


def _worker(method: str, folder: Path) -> None:
    """Run one method in this process and print its figures as JSON."""
    started = time.perf_counter()
    if method == "baseline":
        _baseline(folder)
    else:
        _pipeline(folder, int(method.split("-")[1]))
    elapsed = time.perf_counter() - started
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": elapsed, "peak_mb": peak_self, "peak_worker_mb": peak_children}))


def measure(method: str, folder: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", method, str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000], help="corpus sizes")
    parser.add_argument("--worker", nargs=2, metavar=("METHOD", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker[0], Path(args.worker[1]))
        return
    cores = os.cpu_count() or 1
    methods = ["baseline", "pipeline-1", f"pipeline-{cores}"] if cores > 1 else ["baseline", "pipeline-1"]
    print(
        f"{'N':>7}  {'method':<14} {'seconds':>8} {'articles/s':>11} {'vs baseline':>12} {'peak MB':>8} {'worker MB':>10}"
    )
    for n in args.n:
        tmp = Path(tempfile.mkdtemp(prefix="newslens-bench-"))
        try:
            corpus = tmp / "corpus"
            corpus.mkdir()
            build_corpus(n, corpus)
            base_rate = None
            for method in methods:
                fig = measure(method, corpus)
                rate = n / fig["seconds"]
                base_rate = base_rate or rate
                print(
                    f"{n:>7}  {method:<14} {fig['seconds']:>8.2f} {rate:>11.1f} {rate / base_rate:>11.2f}x "
                    f"{fig['peak_mb']:>8.0f} {fig['peak_worker_mb']:>10.0f}",
                    flush=True,
                )
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
