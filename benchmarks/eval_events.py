"""Event grouping against known events: several labelled event folders pooled into one.

    python benchmarks/eval_events.py ../shared/dev/basil/*/ [--threshold 0.2 0.25 ...]
    python benchmarks/eval_events.py --generated /tmp/gen/n10000 --n 10000 --seed 0 [--jobs 2]

Each folder given is one event (as the development events are); with ``--generated``, one folder
written by ``benchmarks/corpus.py`` with those arguments, whose events the generator replays
(thousands of events, many on the same days, from one stock of names and places: what grouping
meets in a large folder). The articles are read and
cleaned as the pipeline does, pooled, and grouped by :func:`dashboard.corpus.events.group_events`;
the script prints the pairwise precision and recall of "same event" (a pair of articles put in one
event that are in one folder, and the other way round), the number of events found against the
number of folders, and the folders split or merged. Nothing of the articles is printed.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from dashboard.corpus import events as E
from dashboard.errors import InputError
from dashboard.io.read import read_corpus
from dashboard.pipeline import ProcessedArticle, process_articles
from dashboard.vocabularies import load_codebook, load_stopwords


def load(folders: list[Path]) -> tuple[list[str], list[str], list, list]:
    codebook = load_codebook()
    return _columns(
        (folder.name, done) for folder in folders for done in process_articles(read_corpus(folder).articles, codebook)
    )


def load_generated(folder: Path, n: int, seed: int, jobs: int) -> tuple[list[str], list[str], list, list]:
    sys.path.insert(0, str(Path(__file__).parent))
    from corpus import true_events

    event_of = true_events(n, seed=seed)
    raws = read_corpus(folder).articles
    return _columns(
        (str(event_of[Path(raw.file).name.split("_")[0]]), done)
        for raw, done in zip(raws, process_articles(raws, load_codebook(), jobs=jobs))
    )


def _columns(
    labelled: Iterable[tuple[str, ProcessedArticle | InputError]],
) -> tuple[list[str], list[str], list, list]:
    """Each usable article's true event, clean text, date and title, as parallel lists."""
    truth, texts, dates, titles = [], [], [], []
    for event, done in labelled:
        if isinstance(done, InputError):
            continue
        truth.append(event)
        texts.append(done.clean.text)
        dates.append(done.meta.published)
        titles.append(done.meta.title)
    return truth, texts, dates, titles


def _pairs(counts: Counter) -> int:
    return sum(c * (c - 1) // 2 for c in counts.values())


def score(truth: list[str], found: list[int]) -> tuple[float, float]:
    """Pairwise precision and recall of "same event", counted from the cells of truth by found
    (linear: a hundred thousand articles have five billion pairs)."""
    both = _pairs(Counter(zip(truth, found)))
    return both / max(_pairs(Counter(found)), 1), both / max(_pairs(Counter(truth)), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--threshold", nargs="*", type=float, default=[E.THRESHOLD])
    parser.add_argument("--generated", type=Path, help="a folder written by benchmarks/corpus.py")
    parser.add_argument("--n", type=int, help="with --generated: its number of articles")
    parser.add_argument("--seed", type=int, default=0, help="with --generated: its seed")
    parser.add_argument("--jobs", type=int, default=1, help="processes cleaning the articles")
    args = parser.parse_args()
    if args.generated:
        if not args.n:
            parser.error("--generated needs --n")
        truth, texts, dates, titles = load_generated(args.generated, args.n, args.seed, args.jobs)
    elif args.folders:
        truth, texts, dates, titles = load(args.folders)
    else:
        parser.error("give event folders or --generated")
    stopwords = load_stopwords()
    print(f"{len(texts)} articles from {len(set(truth))} folders")
    for threshold in args.threshold:
        E.THRESHOLD = threshold
        started = time.perf_counter()
        found = [e.event_id for e in E.group_events(texts, dates, titles, stopwords=stopwords)]
        seconds = time.perf_counter() - started
        precision, recall = score(truth, found)
        cells = set(zip(truth, found))
        split = sum(c > 1 for c in Counter(t for t, _ in cells).values())
        merged = sum(c > 1 for c in Counter(f for _, f in cells).values())
        alone = sum(c == 1 for c in Counter(found).values())
        print(
            f"threshold {threshold:.2f}: pair precision {precision:.2f} recall {recall:.2f}; "
            f"{len(set(found))} events for {len(set(truth))} folders; {split} folders split, {merged} events merged; "
            f"{alone} articles alone; grouped in {seconds:.1f}s"
        )


if __name__ == "__main__":
    main()
