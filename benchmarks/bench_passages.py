"""Benchmark: shared passages and the reuse matrix against naive all-pairs scoring, in one run.

    python benchmarks/bench_passages.py                 # 1,000 articles (200 copies of the seeds)
    python benchmarks/bench_passages.py --copies 20     # a quick look: 100 articles
    python benchmarks/bench_passages.py --tables data/processed   # replicate tables already built

Builds the corpus from the seeds: the preprocess runs on ``seeds/`` once, then its article and
sentence tables are replicated ``--copies`` times with new article ids and one outlet per copy
("Outlet k"); in each copy a fifth of the sentences get one word replaced by another word of
the seeds, so a fifth of the copies are near-verbatim and deduplicating identical texts does
not do all the work.

Times, in this process:

- ``shared_passages`` (method ``auto``: MinHash LSH once there are 2,000 distinct texts) plus
  ``reuse_matrix``: the product; then the same with ``method="exact"`` (identical texts
  deduplicated, then every pair of distinct texts scored) for comparison.
- baseline: the naive exact approach, ``rapidfuzz.process.cdist`` of the same two scorers
  (``token_sort_ratio`` and word-level LCS) over every pair of sentences, no deduplication, no
  LSH, no clustering. When that would take more than two minutes it runs on a random subsample
  and the time is extrapolated by the square of the size ratio; the line says so.

Prints sentences, seconds, sentences/second and sentence pairs covered per second, the ratio
to the baseline, and peak traced memory (``tracemalloc``, in a second run of each, since tracing
slows Python code down). Figures, not assertions: the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import schema as S  # noqa: E402
from dashboard.corpus.passages import (  # noqa: E402
    _encode_words,
    _normalise,
    reuse_matrix,
    shared_passages,
)

BASELINE_BUDGET_S = 120.0
PERTURBED_SHARE = 0.2


def seed_tables(tables: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The seeds' article and sentence tables: read from ``tables``, or from one preprocess run."""
    if tables is not None:
        return pd.read_parquet(tables / S.ARTICLES_FILE), pd.read_parquet(tables / S.SENTENCES_FILE)
    from dashboard.cli import run

    with tempfile.TemporaryDirectory() as out:
        run(ROOT / "seeds", Path(out), log=lambda _: None)
        return pd.read_parquet(Path(out) / S.ARTICLES_FILE), pd.read_parquet(Path(out) / S.SENTENCES_FILE)


def build_corpus(
    articles: pd.DataFrame, sentences: pd.DataFrame, copies: int, *, seed: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``copies`` copies of the seed tables, one outlet per copy, some sentences perturbed."""
    rng = random.Random(seed)
    vocabulary = sorted({w for t in sentences[S.TEXT] for w in t.split() if w.isalpha()})
    all_articles, all_sentences = [], []
    for k in range(copies):
        a = articles.copy()
        a[S.ARTICLE_ID] = a[S.ARTICLE_ID] + f"_c{k:04d}"
        a[S.OUTLET] = f"Outlet {k}"
        s = sentences.copy()
        s[S.ARTICLE_ID] = s[S.ARTICLE_ID] + f"_c{k:04d}"
        texts = []
        for text in s[S.TEXT]:
            words = text.split()
            if rng.random() < PERTURBED_SHARE and words:
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
            texts.append(" ".join(words))
        s[S.TEXT] = texts
        all_articles.append(a)
        all_sentences.append(s)
    return pd.concat(all_articles, ignore_index=True), pd.concat(all_sentences, ignore_index=True)


def product(articles: pd.DataFrame, sentences: pd.DataFrame, method: str = "auto") -> tuple[int, int]:
    groups, members = shared_passages(sentences, articles, method=method)
    reuse = reuse_matrix(sentences, articles, members)
    return len(groups), len(reuse)


def baseline(texts: list[str]) -> int:
    """Naive exact scoring of every pair: the two cdist matrices and the threshold test."""
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import LCSseq

    from dashboard.corpus.passages import THRESHOLD

    norm = [_normalise(t) for t in texts]
    codes = _encode_words(norm)
    token_sort = process.cdist(norm, norm, scorer=fuzz.token_sort_ratio, dtype=np.float32, workers=-1)
    common = process.cdist(codes, codes, scorer=LCSseq.similarity, dtype=np.int32, workers=-1)
    lengths = np.array([max(len(c), 1) for c in codes], dtype=np.float32)
    score = (token_sort + 100.0 * common / np.minimum.outer(lengths, lengths)) / 2
    return int(np.count_nonzero(np.triu(score >= THRESHOLD, k=1)))


def timed(fn, *args) -> float:
    started = time.perf_counter()
    fn(*args)
    return time.perf_counter() - started


def peak_mib(fn, *args) -> float:
    tracemalloc.start()
    fn(*args)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=200, help="copies of the 5 seed articles")
    parser.add_argument(
        "--tables",
        type=Path,
        default=None,
        help="read articles/sentences.parquet from this folder instead of preprocessing seeds/",
    )
    args = parser.parse_args(argv)

    seed_articles, seed_sentences = seed_tables(args.tables)
    articles, sentences = build_corpus(seed_articles, seed_sentences, args.copies)
    n = len(sentences)
    pairs = n * (n - 1) // 2
    print(
        f"corpus: {len(articles):,} articles, {articles[S.OUTLET].nunique():,} outlets, {n:,} sentences, "
        f"{sentences[S.TEXT].map(_normalise).nunique():,} distinct texts"
    )

    started = time.perf_counter()
    n_groups, n_reuse = product(articles, sentences)
    ours = time.perf_counter() - started
    print(
        f"shared_passages + reuse_matrix: {ours:8.2f} s  {n / ours:10,.0f} sentences/s  "
        f"{pairs / ours:14,.0f} pairs/s  ({n_groups:,} groups, {n_reuse:,} reuse rows)"
    )

    started = time.perf_counter()
    n_exact, _ = product(articles, sentences, "exact")
    exact_s = time.perf_counter() - started
    print(f"  same, method='exact' (dedup + cdist): {exact_s:6.2f} s  ({n_exact:,} groups)")

    texts = sentences[S.TEXT].tolist()
    probe = min(n, 1000)
    probe_s = timed(baseline, random.Random(1).sample(texts, probe))
    estimate = probe_s * (n / probe) ** 2
    if estimate <= BASELINE_BUDGET_S:
        base = timed(baseline, texts)
        label = "measured"
        sample = n
    else:
        sample = min(n, int(probe * (BASELINE_BUDGET_S / 4 / probe_s) ** 0.5))
        sample_s = timed(baseline, random.Random(2).sample(texts, sample))
        base = sample_s * (n / sample) ** 2
        label = f"EXTRAPOLATED from {sample:,} sentences ({sample_s:.1f} s) by (n/sample)^2"
    print(
        f"baseline all-pairs cdist:       {base:8.2f} s  {n / base:10,.0f} sentences/s  "
        f"{pairs / base:14,.0f} pairs/s  [{label}]"
    )
    print(f"ratio: {base / ours:.1f}x faster than the baseline")

    ours_mib = peak_mib(product, articles, sentences)
    base_mib = peak_mib(baseline, random.Random(2).sample(texts, sample))
    full_mib = base_mib * (n / sample) ** 2
    scaled = "" if sample == n else f" on {sample:,} sentences (the full matrix would be ~{full_mib:,.0f} MiB)"
    print(f"peak traced memory: ours {ours_mib:,.0f} MiB, baseline {base_mib:,.0f} MiB{scaled}")


if __name__ == "__main__":
    main()
