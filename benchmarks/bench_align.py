"""Benchmark: the fact alignment (and passages derived from it) against all-pairs scoring, one run.

    python benchmarks/bench_align.py                  # N = 250, 500, 1,000 articles
    python benchmarks/bench_align.py --n 2000 4000

Generates a corpus of distinct sentences (``benchmarks/corpus.py``: many outlets and events,
wire copies and near copies, page junk), runs the per-article pipeline once, then times on the
sentence table:

- ``align_facts`` + ``shared_passages``: the product (inverted index, mutual best matches);
- baseline: the same similarity over every pair of sentences of different articles (what an
  index-free alignment must score), on a sample when the full count would take long, the time
  extrapolated by the number of pairs; the line says so.

Prints sentences, seconds, pairs scored, the ratio to the baseline and how the time grows from
one N to the next (a linear stage about doubles when N doubles). Figures, not assertions: the
machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import generate_corpus  # noqa: E402

from dashboard import pipeline  # noqa: E402
from dashboard import schema as S  # noqa: E402
from dashboard.corpus import align  # noqa: E402
from dashboard.corpus.passages import shared_passages  # noqa: E402
from dashboard.errors import InputError  # noqa: E402
from dashboard.io.read import read_corpus  # noqa: E402
from dashboard.pipeline import process_articles  # noqa: E402
from dashboard.vocabularies import load_vocabularies  # noqa: E402

BASELINE_BUDGET = 2_000_000  # pairs scored for real; more are extrapolated


def _tables(n: int):
    """The per-article sentence and article tables of a generated corpus of ``n`` articles."""
    folder = Path(tempfile.mkdtemp(prefix="newslens-bench-align-"))
    generate_corpus(folder, n, seed=n)
    vocabularies = load_vocabularies()
    processed = [
        p
        for p in process_articles(read_corpus(folder).articles, vocabularies.codebook)
        if not isinstance(p, InputError)
    ]
    out = pipeline.article_tables(processed, vocabularies)  # only the per-article tables are needed
    return out[S.SENTENCES_FILE], out[S.ARTICLES_FILE], vocabularies


def _event_of(articles: pd.DataFrame) -> dict[str, int]:
    return dict(zip(articles[S.ARTICLE_ID].tolist(), articles[S.EVENT_ID].astype(int).tolist()))


def _weights(units: align._Units) -> tuple[Counter[str], dict[str, float]]:
    df: Counter[str] = Counter(t for terms in units.terms for t in terms)
    return df, {t: 1.0 + math.log(len(units.terms) / c) for t, c in df.items()}


def _baseline(sentences, articles, stopwords) -> tuple[float, int, bool]:
    outlet_of = dict(zip(articles[S.ARTICLE_ID], articles[S.OUTLET]))
    units = align._units(sentences, outlet_of, stopwords, _event_of(articles))
    _, weights = _weights(units)
    n = len(units.terms)
    total_pairs = n * (n - 1) // 2
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)] if total_pairs <= BASELINE_BUDGET else None
    sampled = pairs is None
    if sampled:
        rng = random.Random(0)
        pairs = [tuple(sorted(rng.sample(range(n), 2))) for _ in range(BASELINE_BUDGET)]
    started = time.perf_counter()
    for i, j in pairs:
        if units.article[i] != units.article[j]:
            align._similarity(units.terms[i], units.terms[j], weights)
    elapsed = time.perf_counter() - started
    return elapsed * total_pairs / len(pairs), total_pairs, sampled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[250, 500, 1000])
    args = parser.parse_args()
    print(
        f"{'N':>6} {'sentences':>10} {'align s':>8} {'scored':>10} {'baseline s':>11} {'all pairs':>12} {'speed-up':>9} {'growth':>7}"
    )
    previous = None
    for n in args.n:
        sentences, articles, vocabularies = _tables(n)
        started = time.perf_counter()
        alignment = align.align_facts(sentences, articles, stopwords=vocabularies.stopwords)
        shared_passages(sentences, articles, alignment)
        elapsed = time.perf_counter() - started
        outlet_of = dict(zip(articles[S.ARTICLE_ID], articles[S.OUTLET]))
        units = align._units(sentences, outlet_of, vocabularies.stopwords, _event_of(articles))
        df, weights = _weights(units)
        scored = len(align._candidate_scores(units, weights, df))
        base, all_pairs, sampled = _baseline(sentences, articles, vocabularies.stopwords)
        growth = f"{elapsed / previous:.2f}x" if previous else "-"
        previous = elapsed
        print(
            f"{n:>6} {len(sentences):>10,} {elapsed:>8.2f} {scored:>10,} {base:>10.2f}{'*' if sampled else ' '}"
            f" {all_pairs:>12,} {base / elapsed:>8.1f}x {growth:>7}"
        )
    print("* baseline measured on a sample of pairs and extrapolated to all pairs")


if __name__ == "__main__":
    main()
