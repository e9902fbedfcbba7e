"""Command line: turn a folder of scraped articles into the processed tables.

    python -m dashboard.preprocess [INPUT_DIR] [--out OUT_DIR]

Exit status: 0 when every file was processed; 1 when the tables were written but some
input was skipped or ``sources.csv`` had problems (each is reported on stderr and in
``report.json``); 2 when nothing could be processed (no folder, no usable article).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tqdm import tqdm

from dashboard.errors import InputError, NewslensError
from dashboard.io import DEFAULT_MAX_BYTES, read_corpus, write_outputs
from dashboard.pipeline import build_report, build_tables, default_jobs, process_articles
from dashboard.topics import DEFAULT_CODEBOOK, load_codebook

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = PROJECT_ROOT / "seeds"
DEFAULT_OUTPUT = PROJECT_ROOT / "data" / "processed"

EXIT_OK, EXIT_SKIPPED, EXIT_FAILED = 0, 1, 2


def run(input_dir: Path, out_dir: Path, *, codebook_path: Path = DEFAULT_CODEBOOK,
        max_bytes: int = DEFAULT_MAX_BYTES, jobs: int = 1, progress: bool = False,
        log=print) -> int:
    """Run the pipeline from folder to folder; returns the exit status (see module doc).

    Every problem is one line through ``log`` naming the file and the reason.
    """
    codebook = load_codebook(codebook_path)
    corpus = read_corpus(input_dir, max_bytes=max_bytes)
    processed, skipped = [], []
    results = process_articles(corpus.articles, codebook, jobs=jobs)
    for result in tqdm(results, total=len(corpus.articles), unit="article", disable=not progress):
        (skipped if isinstance(result, InputError) else processed).append(result)
    report = build_report(corpus, processed, skipped, codebook)
    for line in report["warnings"]:
        log(f"warning: {line}")
    for item in report["skipped"]:
        log(f"skipped {item['file']}: {item['reason']}")
    for line in report["notes"]:
        log(f"note: {line}")
    if not processed:
        log(f"error: no usable article in {input_dir}; nothing written")
        return EXIT_FAILED
    labels = {t.id: t.label for t in codebook.topics}
    write_outputs(build_tables(processed, topic_labels=labels), report, out_dir)
    counts = report["counts"]
    log(f"wrote {out_dir}: {counts['articles']} articles, {counts['sentences']} sentences, "
        f"{counts['skipped']} skipped")
    return EXIT_SKIPPED if report["skipped"] or report["warnings"] else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.preprocess",
        description="Clean scraped news articles and write evidence-backed tables (Parquet).",
        epilog="Exit status: 0 all processed; 1 written, but some input skipped or sources.csv "
               "had problems; 2 nothing processed.",
    )
    parser.add_argument("input_dir", nargs="?", type=Path, default=DEFAULT_INPUT,
                        help="folder of .txt articles and an optional sources.csv (default: seeds/)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUTPUT,
                        help="output folder (default: data/processed/)")
    parser.add_argument("--codebook", type=Path, default=DEFAULT_CODEBOOK,
                        help="topic codebook (default: data/codebook.toml)")
    parser.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                        help=f"skip files larger than this (default: {DEFAULT_MAX_BYTES})")
    parser.add_argument("--jobs", type=int, default=default_jobs(),
                        help="worker processes for large folders (default: one per core)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        status = run(args.input_dir, args.out, codebook_path=args.codebook, max_bytes=args.max_bytes,
                     jobs=args.jobs, progress=sys.stderr.isatty(),
                     log=lambda line: print(line, file=sys.stderr))
    except NewslensError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"done in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
