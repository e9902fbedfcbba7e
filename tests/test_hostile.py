"""Hostile and broken input: nothing crashes, every other article is processed, reasons are named."""

from __future__ import annotations

from dashboard.errors import InputError
from dashboard.io.read import article_from_bytes
from dashboard.pipeline import _PARALLEL_MIN_FILES, ProcessedArticle, process_articles
from dashboard.vocabularies import load_codebook

GOOD = (
    "Talks in Geneva\n\nDiplomats from both countries met in Geneva on Tuesday for five hours of talks on the "
    "return of seized property, officials said.\n\nThe delegations agreed to meet again next month, according "
    "to a statement from the foreign ministry.\n"
)


def test_skips_inside_worker_processes_come_back_as_reasons() -> None:
    # Junk-only pages are skipped inside the workers; the skip must cross the process boundary.
    raws = [
        article_from_bytes(
            f"{i:03d}.txt", (GOOD.replace("five", str(i + 5)) if i % 10 == 0 else "Home\nNews\nSport\n").encode()
        )
        for i in range(_PARALLEL_MIN_FILES + 20)
    ]
    results = list(process_articles(raws, load_codebook(), jobs=2))
    assert len(results) == len(raws)
    skipped = [r for r in results if isinstance(r, InputError)]
    kept = [r for r in results if isinstance(r, ProcessedArticle)]
    assert len(kept) == sum(1 for i in range(len(raws)) if i % 10 == 0)
    assert {s.file for s in skipped} == {r.file for i, r in enumerate(raws) if i % 10}
    assert all("no article text found" in s.reason for s in skipped)
