"""Event grouping against known events: several labelled event folders pooled into one.

    python benchmarks/eval_events.py ../shared/dev/basil/*/ [--threshold 0.2 0.25 ...]

Each folder given is one event (as the development events are). Their articles are read and
cleaned as the pipeline does, pooled, and grouped by :func:`dashboard.corpus.events.group_events`;
the script prints the pairwise precision and recall of "same event" (a pair of articles put in one
event that are in one folder, and the other way round), the number of events found against the
number of folders, and the folders split or merged. Nothing of the articles is printed.
"""

from __future__ import annotations

import argparse
from itertools import combinations
from pathlib import Path

from dashboard.corpus import events as E
from dashboard.errors import InputError
from dashboard.io.read import read_corpus
from dashboard.pipeline import process_article
from dashboard.vocabularies import load_codebook, load_stopwords


def load(folders: list[Path]) -> tuple[list[str], list[str], list, list]:
    codebook = load_codebook()
    truth, texts, dates, titles = [], [], [], []
    for folder in folders:
        for raw in read_corpus(folder).articles:
            try:
                done = process_article(raw, codebook)
            except InputError:
                continue
            truth.append(folder.name)
            texts.append(done.clean.text)
            dates.append(done.meta.published)
            titles.append(done.meta.title)
    return truth, texts, dates, titles


def score(truth: list[str], found: list[int]) -> tuple[float, float]:
    same_true = {(i, j) for i, j in combinations(range(len(truth)), 2) if truth[i] == truth[j]}
    same_found = {(i, j) for i, j in combinations(range(len(truth)), 2) if found[i] == found[j]}
    both = len(same_true & same_found)
    return both / max(len(same_found), 1), both / max(len(same_true), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--threshold", nargs="*", type=float, default=[E.THRESHOLD])
    args = parser.parse_args()
    truth, texts, dates, titles = load(args.folders)
    stopwords = load_stopwords()
    print(f"{len(texts)} articles from {len(set(truth))} folders")
    for threshold in args.threshold:
        E.THRESHOLD = threshold
        found = [e.event_id for e in E.group_events(texts, dates, titles, stopwords=stopwords)]
        precision, recall = score(truth, found)
        split = sum(len({f for t, f in zip(truth, found) if t == folder}) > 1 for folder in set(truth))
        merged = sum(len({t for t, f in zip(truth, found) if f == event}) > 1 for event in set(found))
        print(
            f"threshold {threshold:.2f}: pair precision {precision:.2f} recall {recall:.2f}; "
            f"{len(set(found))} events for {len(set(truth))} folders; {split} folders split, {merged} events merged"
        )


if __name__ == "__main__":
    main()
