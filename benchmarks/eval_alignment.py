"""How well the fact alignment matches labelled facts: pair precision and recall.

    python benchmarks/eval_alignment.py RUNS_DIR GOLD_DIR [--threshold T ...]

RUNS_DIR holds one pipeline output folder per event (as ``run_dev.sh`` writes them:
``RUNS_DIR/<gold file stem>/sentences.parquet``, ``articles.parquet``); GOLD_DIR the labels
(``../shared/dev/gold``: each fact lists the snippet where each reporting outlet states it).

A labelled pair is two sentences of different articles holding snippets of one fact; the
alignment finds it when both sit in one fact group. A predicted pair is two members of one
group from different articles; it is right when both sentences hold snippets of one fact, and
it is graded only when both hold a snippet of some fact (unlabelled sentences are not judged).
Prints figures only; nothing from the labelled texts.
"""

from __future__ import annotations

import argparse
import json
import sys
from itertools import combinations
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import schema as S  # noqa: E402
from dashboard.corpus import align  # noqa: E402
from dashboard.vocabularies import load_stopwords  # noqa: E402


def _norm(text: str) -> str:
    return " ".join("".join(c.lower() if c.isalnum() else " " for c in text.replace("’", "'")).split())


def evaluate(runs: Path, gold_dir: Path) -> dict[str, float]:
    stop = load_stopwords()
    gold_pairs = found = predicted = graded = right = 0
    for gold_file in sorted(gold_dir.glob("*.json")):
        out = runs / gold_file.stem
        if not (out / S.SENTENCES_FILE).is_file():
            continue
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        sentences = pd.read_parquet(out / S.SENTENCES_FILE)
        articles = pd.read_parquet(out / S.ARTICLES_FILE)
        texts = {
            (a, int(i)): _norm(t)
            for a, i, t in zip(sentences[S.ARTICLE_ID], sentences[S.SENTENCE_ID], sentences[S.TEXT])
        }
        facts_of: dict[tuple[str, int], set[str]] = {}
        labelled: set[tuple[tuple[str, int], tuple[str, int]]] = set()
        for fact in gold.get("facts", []):
            located = []
            for article, snippet in fact.get("reported_by", {}).items():
                needle = _norm(snippet)
                keys = [k for k, t in texts.items() if k[0] == article and needle and needle in t]
                for k in keys:
                    facts_of.setdefault(k, set()).add(fact["id"])
                located.extend(keys)
            for a, b in combinations(sorted(set(located)), 2):
                if a[0] != b[0]:
                    labelled.add((a, b))
        alignment = align.align_facts(sentences, articles, stopwords=stop)
        group_of = {
            (a, int(s)): g
            for g, a, s in zip(
                alignment.members[S.FACT_ID], alignment.members[S.ARTICLE_ID], alignment.members[S.SENTENCE_ID]
            )
        }
        gold_pairs += len(labelled)
        found += sum(1 for a, b in labelled if a in group_of and group_of.get(a) == group_of.get(b))
        for _, grp in alignment.members.groupby(S.FACT_ID):
            keys = sorted(zip(grp[S.ARTICLE_ID], grp[S.SENTENCE_ID].astype(int)))
            for a, b in combinations(keys, 2):
                if a[0] == b[0]:
                    continue
                predicted += 1
                if a in facts_of and b in facts_of:
                    graded += 1
                    right += bool(facts_of[a] & facts_of[b])
    return {
        "pair_recall": found / gold_pairs if gold_pairs else 0.0,
        "pair_precision": right / graded if graded else 0.0,
        "labelled_pairs": gold_pairs,
        "predicted_pairs": predicted,
        "graded_pairs": graded,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", type=Path)
    parser.add_argument("gold", type=Path)
    parser.add_argument("--threshold", type=float, nargs="*", default=[])
    args = parser.parse_args()
    for threshold in args.threshold or [align.THRESHOLD]:
        align.THRESHOLD = threshold
        figures = evaluate(args.runs, args.gold)
        print(
            f"threshold {threshold:.2f}: "
            + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in figures.items())
        )


if __name__ == "__main__":
    main()
