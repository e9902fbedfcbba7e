"""Benchmark: the dashboard's cold start and a filter rerun, through AppTest.

    python benchmarks/bench_app.py [--repeat 5]

Times, on the bundled seeds:

- cold start: the first render of the Overview in a fresh process with no processed
  tables (the app runs the pipeline, then draws);
- warm start: the first render of a new session once the tables exist;
- filter rerun: changing the outlet filter and rerunning;
- view switch: rerunning into the Topic view;

against a baseline measured in the same run: a trivial one-line Streamlit script
through the same AppTest machinery, so the ratios say what newslens adds. Figures,
not assertions: the machine is shared and noisy. Medians of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
BASELINE = "import streamlit as st\nst.write('hello')\n"


def _time(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _worker(out_dir: str) -> None:
    """One fresh process: cold start, then warm start, filter rerun and view switch."""
    from streamlit.testing.v1 import AppTest

    os.environ["NEWSLENS_INPUT"] = str(ROOT / "seeds")
    os.environ["NEWSLENS_OUTPUT"] = out_dir
    figures = {}
    base = AppTest.from_string(BASELINE, default_timeout=60)
    figures["baseline"] = _time(base.run)
    cold = AppTest.from_file(APP, default_timeout=300)
    figures["cold start"] = _time(cold.run)
    warm = AppTest.from_file(APP, default_timeout=300)
    figures["warm start"] = _time(warm.run)
    warm.multiselect(key="filter_outlets").set_value(["Local Glob", "Caliber.Az"])
    figures["filter rerun"] = _time(warm.run)
    warm.radio(key="nav_view").set_value("topic")
    figures["view switch"] = _time(warm.run)
    base_rerun = AppTest.from_string(BASELINE, default_timeout=60)
    base_rerun.run()
    figures["baseline rerun"] = _time(base_rerun.run)
    assert not (cold.exception or warm.exception), "the app raised; run the tests"
    print(json.dumps(figures))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker)
        return
    runs = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="newslens-app-bench-") as out:
            proc = subprocess.run(
                [sys.executable, __file__, "--worker", out], capture_output=True, text=True, check=True, cwd=ROOT
            )
            runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print(f"{'step':<16} {'median s':>9} {'vs baseline':>12}   (baseline: trivial script; {args.repeat} runs)")
    for step in ("cold start", "warm start"):
        print(f"{step:<16} {median[step]:>9.3f} {median[step] / median['baseline']:>11.1f}x")
    for step in ("filter rerun", "view switch"):
        print(f"{step:<16} {median[step]:>9.3f} {median[step] / median['baseline rerun']:>11.1f}x")
    print(f"{'baseline':<16} {median['baseline']:>9.3f}")
    print(f"{'baseline rerun':<16} {median['baseline rerun']:>9.3f}")


if __name__ == "__main__":
    main()
