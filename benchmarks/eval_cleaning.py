"""Evaluation: how much of already-clean articles the cleaner keeps.

    python benchmarks/eval_cleaning.py FOLDER [FOLDER ...]
    python benchmarks/eval_cleaning.py ../shared/dev/basil/*/ --show-text   # inspect removals

Meant for folders whose ``.txt`` articles are already clean (a title line, then
paragraphs): there, cleaning should keep (nearly) every word. For each article the share
of the file's words that the cleaning kept is the words of the body text plus the words
of the lines removed as metadata (title, byline, date, dateline: they are kept, in
other columns), over the words of the file (of its visible text, for an HTML file).

Prints one line per article with its share; under each article below the threshold
(default 99 %) the reasons of its removed lines and the words removed for each reason;
then the minimum share, the mean and the number of articles below the threshold. ``--show-text`` adds each removed
non-metadata line, cut to fit in 80 characters: for your own inspection only; never copy
article text into the repository.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from dashboard.article.clean import METADATA_REASONS, CleanArticle, clean_text
from dashboard.article.markup import html_to_text, looks_like_html
from dashboard.io.read import read_article
from dashboard.text.words import count_words

_WIDTH = 80


@dataclass(frozen=True)
class ArticleScore:
    """The words of one article that cleaning kept, and what it removed."""

    name: str
    words: int
    kept: int
    removed: Counter[str]  # reason code -> words removed (metadata reasons not included)
    cleaned: CleanArticle

    @property
    def share(self) -> float:
        return self.kept / self.words if self.words else 1.0


def score_article(path: Path) -> ArticleScore:
    """Clean one file and count the words it kept."""
    text = read_article(path).text
    visible = html_to_text(text) if looks_like_html(text) else text
    cleaned = clean_text(text)
    kept = count_words(cleaned.text)
    removed: Counter[str] = Counter()
    for r in cleaned.removed:
        if r.code in METADATA_REASONS:
            kept += count_words(r.text)
        else:
            removed[r.code.value] += count_words(r.text)
    return ArticleScore(f"{path.parent.name[:20]}/{path.name}", count_words(visible), kept, removed, cleaned)


def _cut(text: str, width: int = _WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path, help="folders of .txt articles")
    parser.add_argument("--threshold", type=float, default=0.99, help="share of words an article must keep")
    parser.add_argument("--show-text", action="store_true", help="print removed lines, cut to 80 characters")
    args = parser.parse_args(argv)

    scores = [score_article(p) for folder in args.folders for p in sorted(folder.glob("*.txt"))]
    if not scores:
        print("no .txt articles found", file=sys.stderr)
        return 2
    below = [s for s in scores if s.share < args.threshold]
    for s in scores:
        print(_cut(f"{s.share:7.2%}  {s.name}  ({s.words - s.kept} of {s.words} words removed)"))
        if s.share >= args.threshold:
            continue
        for reason, n in s.removed.most_common():
            print(_cut(f"           {reason}: {n} words"))
        if args.show_text:
            for r in s.cleaned.removed:
                if r.code not in METADATA_REASONS:
                    print(_cut(f"             [{r.code.value}] {r.line_no}: {r.text}"))
    shares = [s.share for s in scores]
    worst = min(scores, key=lambda s: s.share)
    print(_cut(f"articles: {len(scores)}"))
    print(_cut(f"min share kept: {worst.share:.2%} ({worst.name})"))
    print(_cut(f"mean share kept: {sum(shares) / len(shares):.2%}"))
    print(_cut(f"below {args.threshold:.0%}: {len(below)}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
