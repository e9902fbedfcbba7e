"""Main-text extraction from HTML pages: trafilatura + cleaning against visible text + cleaning.

    python benchmarks/eval_extraction.py [--n 200] [--seed 0]

The bodies come from the benchmark corpus generator (``benchmarks/corpus.py``; nothing from
any real article): each generated article's paragraphs are the truth. Each is wrapped in one
of several page layouts with the junk real pages carry around an article, much of it written
in sentences so that a text-only cleaner cannot tell it by shape alone: a navigation menu, a
cookie notice, a newsletter box, a "most read" list, an author box, reader comments, a
related-stories block and a footer. For every page, the words kept by

- **visible text**: :func:`dashboard.article.markup.html_to_text` then the cleaner (what
  newslens did before it read pages with trafilatura), and
- **trafilatura**: :func:`dashboard.article.markup.extract_page` then the cleaner (what it does now),

are compared with the body's words (bags of lower-case words): precision, recall and F1,
averaged over pages, and the worst page's F1.
"""

from __future__ import annotations

import argparse
import html
import random
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate_corpus  # noqa: E402

from dashboard.article.clean import clean_text  # noqa: E402
from dashboard.article.markup import extract_page, html_to_text  # noqa: E402

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_JUNK_LINE = re.compile(r"^(?:Read more:|- |©|Home \|)")

COMMENTS = [
    "I have been following this story for weeks and I still do not understand why nobody asked the obvious questions.",
    "Great reporting as always, thank you for keeping us informed about what is happening in the region.",
    "This is exactly what the other side said last year and nothing changed, so I will believe it when I see it.",
]
NEWSLETTER = "Sign up for our morning newsletter and get the most important stories of the day delivered to your inbox."
COOKIES = "We use cookies to improve your experience on our site and to show you relevant advertising, as described in our policy."
AUTHOR_BOX = (
    "Our correspondent has covered politics and diplomacy for more than ten years and previously reported from abroad."
)


def bodies(n: int, seed: int) -> list[tuple[str, list[str]]]:
    """(headline, body paragraphs) of ``n`` generated articles; junk lines of the text pages left out."""
    with tempfile.TemporaryDirectory() as tmp:
        generate_corpus(Path(tmp), n, seed=seed)
        found = []
        for path in sorted(Path(tmp).glob("*.txt")):
            lines = [ln.strip() for ln in path.read_text(encoding="utf-8").split("\n") if ln.strip()]
            paragraphs = [ln for ln in lines if len(ln.split()) >= 12 and not _JUNK_LINE.match(ln)]
            headline = next((ln for ln in lines if len(ln.split()) < 12 and not _JUNK_LINE.match(ln)), "News")
            paragraphs = [re.sub(r"^[A-Z][A-Z .'-]+ — ", "", p) for p in paragraphs]  # datelines are metadata
            if paragraphs:
                found.append((headline.split(" | ")[0], paragraphs))
        return found


def page(headline: str, paragraphs: list[str], others: list[str], rng: random.Random) -> str:
    """One HTML page around the article, in one of three layouts."""
    e = html.escape
    nav = (
        "<nav><ul>"
        + "".join(f'<li><a href="/{s}">{s}</a></li>' for s in ("Home", "World", "Politics", "Sport"))
        + "</ul></nav>"
    )
    most_read = (
        "<aside><h3>Most read</h3><ol>"
        + "".join(f'<li><a href="/x{i}">{e(h)}</a></li>' for i, h in enumerate(others))
        + "</ol></aside>"
    )
    comments = (
        '<section class="comments"><h3>Comments</h3>'
        + "".join(
            f'<div class="comment"><p><b>reader{i}</b></p><p>{e(c)}</p></div>'
            for i, c in enumerate(rng.sample(COMMENTS, 2))
        )
        + "</section>"
    )
    related = (
        "<div class=related><h4>Related stories</h4><ul>"
        + "".join(f'<li><a href="/r{i}">{e(h)}</a></li>' for i, h in enumerate(others[:3]))
        + "</ul></div>"
    )
    body = "".join(f"<p>{e(p)}</p>" for p in paragraphs)
    head = f"<head><title>{e(headline)} | The Example Post</title><meta property='og:site_name' content='The Example Post'></head>"
    cookie = f'<div id="cookie-banner"><p>{COOKIES}</p><button>Accept</button></div>'
    newsletter = f'<div class="newsletter"><p>{NEWSLETTER}</p><form><input type=email></form></div>'
    author = f'<div class="author-bio"><p>{AUTHOR_BOX}</p></div>'
    footer = "<footer><p>© 2025 The Example Post. All rights reserved.</p><a href='/privacy'>Privacy</a></footer>"
    layout = rng.randrange(3)
    if layout == 0:
        main = f"<article><h1>{e(headline)}</h1>{body}{author}</article>{related}{comments}"
    elif layout == 1:
        half = max(1, len(paragraphs) // 2)
        split = (
            "".join(f"<p>{e(p)}</p>" for p in paragraphs[:half])
            + newsletter
            + "".join(f"<p>{e(p)}</p>" for p in paragraphs[half:])
        )
        main = f'<div class="content"><h1>{e(headline)}</h1><div class="story-body">{split}</div></div>{comments}'
    else:
        main = f'<main><div class="wrap"><h1>{e(headline)}</h1>{body}</div>{related}</main>{author}'
    return f"<!DOCTYPE html><html>{head}<body>{cookie}{nav}{main}{most_read}{newsletter if layout != 1 else ''}{footer}</body></html>"


def words(text: str) -> Counter[str]:
    return Counter(w.lower() for w in _WORD.findall(text))


def score(kept: str, truth: str) -> tuple[float, float, float]:
    k, t = words(kept), words(truth)
    overlap = sum((k & t).values())
    precision = overlap / max(sum(k.values()), 1)
    recall = overlap / max(sum(t.values()), 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    articles = bodies(args.n, args.seed)
    headlines = [h for h, _ in articles]
    results: dict[str, list[tuple[float, float, float]]] = {"visible text": [], "trafilatura": []}
    for headline, paragraphs in articles:
        markup = page(headline, paragraphs, rng.sample(headlines, 5), rng)
        truth = " ".join(paragraphs)
        results["visible text"].append(score(clean_text(html_to_text(markup)).text, truth))
        results["trafilatura"].append(score(clean_text(extract_page(markup).text).text, truth))
    print(f"{len(articles)} generated pages, 3 layouts")
    for name, rows in results.items():
        p, r, f = (sum(x[i] for x in rows) / len(rows) for i in range(3))
        print(f"{name:>13}: precision {p:.3f} recall {r:.3f} F1 {f:.3f}; worst page F1 {min(x[2] for x in rows):.3f}")


if __name__ == "__main__":
    main()
