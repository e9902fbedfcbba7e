"""Command line: turn a folder of scraped articles into the processed tables.

    python -m dashboard.preprocess [INPUT_DIR] [--urls FILE] [--out OUT_DIR]
    newslens-preprocess [INPUT_DIR] [--urls FILE] [--out OUT_DIR]

Argument parsing and messages only; the work is :func:`dashboard.pipeline.build_corpus` over the
folder's articles and the pages fetched from ``--urls`` (:mod:`dashboard.io.fetch`).

Exit status: 0 when every file was processed; 1 when the tables were written but some
input was skipped or ``sources.csv`` had problems (each is reported on stderr and in
``report.json``); 2 when nothing could be processed (no folder, no usable article); 3 when
newslens itself failed (a bug: the message says so, and nothing was written).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from tqdm import tqdm

from dashboard.engine import ENGINES, make_engine
from dashboard.errors import InputError, NewslensError
from dashboard.io.cache import RunCache, cache_dir_for
from dashboard.io.fetch import FetchError, fetch_page, parse_url_list
from dashboard.io.read import DEFAULT_MAX_BYTES, Corpus, Skipped, add_articles, link_article, read_corpus
from dashboard.io.resources import SEEDS_DIR, default_output_dir
from dashboard.pipeline import build_corpus, default_jobs, publish
from dashboard.text.safe import for_terminal
from dashboard.vocabularies import DEFAULT_CODEBOOK, load_vocabularies

DEFAULT_INPUT = SEEDS_DIR
DEFAULT_OUTPUT = default_output_dir()

EXIT_OK, EXIT_SKIPPED, EXIT_FAILED, EXIT_CRASHED = 0, 1, 2, 3

T = TypeVar("T")


def run(
    input_dir: Path | None,
    out_dir: Path,
    *,
    urls: list[str] | None = None,
    allow_private: bool = False,
    codebook_path: Path = DEFAULT_CODEBOOK,
    max_bytes: int = DEFAULT_MAX_BYTES,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    incremental: bool = True,
    progress: bool = False,
    log: Callable[[str], object] = print,
) -> int:
    """Run the pipeline on a folder and/or a list of links; returns the exit status (see module doc).

    Every problem is one line through ``log`` naming the file (or the address) and the reason.
    """
    vocabularies = load_vocabularies(codebook_path=codebook_path)

    def say(line: str) -> None:
        log(for_terminal(line))  # every line from input escaped once, here

    def bar(results: Iterator[T], total: int) -> Iterable[T]:
        return tqdm(results, total=total, unit="article", disable=not progress)

    corpus = read_corpus(input_dir, max_bytes=max_bytes) if input_dir is not None else Corpus()
    pages = []
    for url in urls or []:
        try:
            page = fetch_page(url, max_bytes=max_bytes, allow_private=allow_private)
            pages.append(link_article(page.url, page.final_url, page.content_type, page.body, max_bytes=max_bytes))
        except FetchError as exc:
            corpus.skipped.append(Skipped(exc.url, exc.reason))
        except InputError as exc:
            corpus.skipped.append(Skipped(exc.file, exc.reason))
    add_articles(corpus, pages)
    cache = RunCache(cache_dir_for(out_dir)) if incremental else None
    runner = make_engine(engine, jobs=jobs, scheduler=scheduler)
    try:
        build = build_corpus(corpus, vocabularies, progress=bar, engine=runner, cache=cache)
    finally:
        runner.close()
    report = build.report
    for line in report["warnings"]:
        say(f"warning: {line}")
    for item in report["skipped"]:
        say(f"skipped {item['file']}: {item['reason']}")
    for line in report["notes"]:
        say(f"note: {line}")
    if not build.tables:
        say(f"error: no usable article in {input_dir or 'the links'}; nothing written")
        return EXIT_FAILED
    publish(build, out_dir)
    if cache is not None:
        cache.prune()  # only after the tables are out: a failed run keeps the last run's entries
        reused = report.get("cache", {})
        if reused.get("articles reused"):
            say(
                f"reused {reused.get('articles reused', 0)} unchanged articles and "
                f"{reused.get('events reused', 0)} unchanged events from {cache.folder}"
            )
    counts = report["counts"]
    say(f"wrote {out_dir}: {counts['articles']} articles, {counts['sentences']} sentences, {counts['skipped']} skipped")
    return EXIT_SKIPPED if report["skipped"] or report["warnings"] else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.preprocess",
        description="Clean scraped news articles and write evidence-backed tables (Parquet).",
        epilog="Exit status: 0 all processed; 1 written, but some input skipped or sources.csv "
        "had problems; 2 nothing processed; 3 internal error (nothing written).",
    )
    parser.add_argument(
        "input_dir",
        nargs="?",
        type=Path,
        default=None,
        help="folder of articles (.txt, .html, .csv, .jsonl) and an optional sources.csv "
        "(default: the bundled seeds, unless --urls is given)",
    )
    parser.add_argument(
        "--urls",
        type=Path,
        metavar="FILE",
        help="a file of links, one a line, to fetch and analyse (with or without INPUT_DIR); "
        "http and https only, 15 s and 5 MB a page, at most 3 redirects",
    )
    parser.add_argument(
        "--allow-private-addresses",
        action="store_true",
        help="let --urls reach loopback, private and link-local addresses (a self-hosted install)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUTPUT, help=f"output folder (default: {DEFAULT_OUTPUT})")
    parser.add_argument(
        "--codebook", type=Path, default=DEFAULT_CODEBOOK, help="topic codebook (default: data/codebook.toml)"
    )
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        help=f"skip files larger than this (default: {DEFAULT_MAX_BYTES})",
    )
    parser.add_argument(
        "--jobs", type=int, default=default_jobs(), help="worker processes for large folders (default: one per core)"
    )
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="where the work runs: local (this machine, --jobs processes) or dask (a dask.distributed "
        "LocalCluster of --jobs workers, or the cluster at --scheduler; needs pip install 'newslens[dask]')",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="a running Dask scheduler to use (tcp://host:8786); implies --engine dask",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="process every article again; by default a run keeps its results beside --out "
        "(.<out>.cache) and the next run redoes only the articles and events that changed",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    urls: list[str] = []
    if args.urls is not None:
        try:
            urls, problems = parse_url_list(args.urls.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError) as exc:
            print(for_terminal(f"error: {args.urls}: cannot read the links ({exc})"), file=sys.stderr)
            return EXIT_FAILED
        for problem in problems:
            print(for_terminal(f"warning: {args.urls.name}: {problem}"), file=sys.stderr)
    input_dir = args.input_dir if args.input_dir is not None or args.urls is not None else DEFAULT_INPUT
    try:
        status = run(
            input_dir,
            args.out,
            urls=urls,
            allow_private=args.allow_private_addresses,
            codebook_path=args.codebook,
            max_bytes=args.max_bytes,
            jobs=args.jobs,
            engine=args.engine,
            scheduler=args.scheduler,
            incremental=not args.no_cache,
            progress=sys.stderr.isatty(),
            log=lambda line: print(line, file=sys.stderr),
        )
    except NewslensError as exc:
        print(for_terminal(f"error: {exc}"), file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # a bug, not an input: its own exit status, and nothing written
        print(for_terminal(f"internal error: {type(exc).__name__}: {exc}; nothing was written"), file=sys.stderr)
        return EXIT_CRASHED
    print(f"done in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return status
