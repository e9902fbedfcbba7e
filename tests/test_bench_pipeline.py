"""benchmarks/bench_pipeline.py: the /proc tree sampler, the guard, and the figures' formatting."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_pipeline.py"
MIB = 1024**2


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("newslens_bench_pipeline", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bench = _load()

# A parent that forks a child; each fills its own buffer of the given MiB and sleeps.
TREE = textwrap.dedent(
    """
    import os, sys, time
    mib = int(sys.argv[1])
    pid = os.fork()
    buf = bytearray(mib * 1024 * 1024)
    for i in range(0, len(buf), 4096):
        buf[i] = 1
    print("ready", flush=True)
    time.sleep(float(sys.argv[2]))
    if pid:
        os.waitpid(pid, 0)
    """
)

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")


def test_parse_stat_with_spaces_and_parentheses_in_the_name() -> None:
    assert bench.parse_stat("4321 (a (b) c) S 99 4321 4321 0 -1") == (4321, 99)


def test_parse_kib() -> None:
    assert bench.parse_kib("Name:\tx\nVmRSS:\t  2048 kB\n", "VmRSS") == 2048
    assert bench.parse_kib("Name:\tx\n", "VmRSS") is None


def test_descendants_walks_the_whole_tree_once() -> None:
    assert bench.descendants(1, {1: [2, 3], 2: [4], 4: [2], 9: [10]}) == [1, 2, 3, 4]


def test_tree_memory_counts_parent_and_child(tmp_path: Path) -> None:
    script = tmp_path / "tree.py"
    script.write_text(TREE, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(script), "150", "20"], stdout=subprocess.DEVNULL, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 10
        while True:  # until both buffers are touched
            sample = bench.tree_memory(proc.pid)
            if sample.rss >= 2 * 150 * MIB or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert proc.pid in sample.pids and len(sample.pids) == 2
        assert sample.rss >= 2 * 150 * MIB
        assert sample.rss < 2 * 150 * MIB + 200 * MIB  # two interpreters on top
        assert sample.pss is None or sample.pss <= sample.rss
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def test_run_watched_kills_the_tree_past_the_guard(tmp_path: Path) -> None:
    script = tmp_path / "tree.py"
    script.write_text(TREE, encoding="utf-8")
    run = bench.run_watched([sys.executable, str(script), "120", "30"], timeout=20, max_rss=150 * MIB, interval=0.05)
    assert run.status == "killed"
    assert run.peak_rss > 150 * MIB
    assert run.seconds < 15
    assert run.peak_processes >= 1
    time.sleep(0.2)
    # the forked child (same process group) is gone too
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                cmdline = Path(f"/proc/{name}/cmdline").read_bytes()
            except OSError:
                continue
            assert str(script).encode() not in cmdline


def test_run_watched_timeout_and_ok(tmp_path: Path) -> None:
    slow = bench.run_watched([sys.executable, "-c", "import time; time.sleep(30)"], timeout=0.5, max_rss=10**12)
    assert slow.status == "timeout" and slow.seconds < 10 and slow.peak_rss > 0
    quick = bench.run_watched([sys.executable, "-c", "print('hi')"], timeout=30, max_rss=10**12)
    assert (quick.status, quick.returncode, quick.stdout.strip()) == ("ok", 0, "hi")


def test_split_passthrough() -> None:
    assert bench.split_passthrough(["--n", "200", "--", "--engine", "dask"]) == (["--n", "200"], ["--engine", "dask"])
    assert bench.split_passthrough(["--n", "200"]) == (["--n", "200"], [])


def test_cores_used_says_which() -> None:
    assert bench.cores_used(2, 8)[0] == 2 and "--jobs" in bench.cores_used(2, 8)[1]
    assert bench.cores_used(16, 2)[0] == 2 and "os.cpu_count()" in bench.cores_used(16, 2)[1]


def _result(n: int, seconds: float, sentences: int, rss_gib: float, status: str = "ok") -> object:
    return bench.SizeResult(
        n, status, seconds=seconds, sentences=sentences, cores=2, peak_rss=int(rss_gib * 1024**3), baseline_rate=8000
    )


def test_summary_table_on_known_numbers() -> None:
    results = [_result(1000, 100.0, 30000, 1.5), _result(10000, 1200.0, 300000, 3.0), _result(100000, 1800.0, 0, 13.0)]
    results[2].status, results[2].sentences = "killed", None
    lines = bench.format_summary(results)
    assert lines[0].split() == [
        "N",
        "status",
        "wall",
        "s",
        "art/s",
        "sentences",
        "sent/s/core",
        "vs",
        "TextBlob",
        "peak",
        "GiB",
        "per-art",
        "x",
    ]
    assert lines[1].split() == ["1000", "ok", "100.0", "10.0", "30000", "150", "0.019", "1.50", "1.00"]
    assert lines[2].split() == ["10000", "ok", "1200.0", "8.3", "300000", "125", "0.016", "3.00", "1.20"]
    assert lines[3].split() == ["100000", "killed", "1800.0", "-", "-", "-", "-", "13.00", "-"]
    targets = "\n".join(bench.target_lines(results))
    assert "20.0 min, NOT met" in targets and "3.00 GiB, met" in targets
    assert "1.20x, met" in targets
    assert "0.019x, NOT met" in targets


def test_stage_lines() -> None:
    assert bench.stage_lines(None, 10.0) == ["per-stage times: not in report.json (use benchmarks/bench_stages.py)"]
    lines = bench.stage_lines({"events": 2.0, "articles": 6.0, "entities (per event)": 3.0}, 10.0)
    text = "\n".join(lines)
    assert lines[2].split()[:3] == ["articles", "6.00", "60.0%"]
    assert "sum" in text and "8.00" in text and "entities (per event)" in text


def test_stage_lines_show_the_main_process_peak_at_each_stage_end() -> None:
    lines = bench.stage_lines({"events": 2.0, "articles": 6.0}, 10.0, {"articles": 310.4, "events": 1250.6})
    assert "main peak MiB" in lines[1]
    assert lines[2].split() == ["articles", "6.00", "60.0%", "310"]
    assert lines[3].split() == ["events", "2.00", "20.0%", "1,251"]


def test_the_person_model_is_reported_apart_from_the_stages_and_off_the_ratio() -> None:
    stages = {"entities (per event)": 6.0, "quotes (per event)": 4.0, bench.MODEL_STAGE: 3.0}
    lines = bench.stage_lines(stages, 10.0)
    shares = {line.split("  ")[1].strip(): line.split()[-1] for line in lines[4:]}
    # The model is a part of entities: the shares are of 10 worker-s, not 13.
    assert shares["entities (per event)"] == "60.0%" and shares[bench.MODEL_STAGE] == "30.0%"
    result = bench.SizeResult(
        n=1000, status="ok", seconds=10.0, sentences=30000, cores=2, baseline_rate=3000.0, stage_seconds=stages
    )
    # 30,000 sentences over 20 core-seconds = 1,500/s/core = 0.5x; without the model's 3 s, 17 core-seconds.
    assert result.ratio == 0.5
    assert result.model_share == 0.15
    assert abs(result.ratio_without_model - 0.5 * 20 / 17) < 1e-12
    targets = "\n".join(bench.target_lines([result]))
    assert "without the trained model >= 0.67x: 0.588x, NOT met (the model: 15.0% of the core-seconds)" in targets


def test_the_run_times_the_person_model_under_the_name_the_benchmark_reads(seed_sentences_articles) -> None:
    from dashboard.pipeline import PERSON_MODEL_STAGE, EventInput, analyse_event
    from dashboard.vocabularies import load_vocabularies

    sentences, articles = seed_sentences_articles
    calls: list[int] = []
    vocabularies = load_vocabularies()
    asked = replace(vocabularies, people=lambda texts: calls.append(len(texts)) or vocabularies.people(texts))
    seconds = analyse_event(EventInput(sentences, articles), asked).seconds
    assert calls, "the seeds name people without a title: the model is asked"
    assert 0 < seconds[PERSON_MODEL_STAGE] <= seconds["entities"]
    assert f"{PERSON_MODEL_STAGE} (per event)" == bench.MODEL_STAGE
