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

    python benchmarks/bench_app.py --browser [--repeat 5]

serves the app with ``streamlit run`` (headless, on a free loopback port, on tables built
beforehand with ``python -m dashboard.preprocess seeds --out DIR``) and drives Debian's
Chromium (``/usr/bin/chromium``) through Playwright, timing what a person waits for, each
in a new tab (a new session) after one warm-up tab:

- open → chart: opening ``/?view=overview`` until its first plotly chart is drawn;
- open → done: until that first run has finished (Streamlit's status widget gone);
- open default: opening ``/`` until the default view's heading shows, then until done;
- view switch: clicking a view in the sidebar until the new view's heading shows and the
  run has finished, for every view (median over all of them, and the slowest view's);
- filter change: choosing an outlet in the sidebar's Outlets box until the run has
  finished, on the Overview and on the default view;

against a one-line page (``st.button`` and ``st.write``) served the same way: open → its
text, and a rerun after clicking its button. Times are the browser's own clock, from the
navigation or the pointer press to the frame where the condition first holds.

    python benchmarks/bench_app.py --tables DIR --input DIR [--views findings,overview]

times the app on tables built beforehand (``python -m dashboard.preprocess DIR --out TABLES``;
``benchmarks/corpus.py`` makes a corpus of any size), through AppTest in a fresh process:

- start: the first render of a new session (the process reads the tables and draws the
  default view: the cold start with built tables);
- every view: the first render after switching to it, then a rerun that changes nothing;
- filter change: choosing one outlet in the sidebar on the Overview, then clearing it; then,
  on Findings, keeping every third outlet (its findings and omissions are made again);

``--read S`` lets S seconds pass, untimed, before each of those clicks, as a reader reading the
view does: what the app makes in the background meanwhile (the Overview's figures, the terms
of the alignment) is then ready or under way. Without it the clicks follow one another at once.

    python benchmarks/bench_app.py --sessions 1 5 10 20 --tables DIR --input DIR

serves the app on those tables and opens that many tabs in headless Chromium, kept open, each a
session of its own on a view of the app in turn (every view, then again); after each count it
prints the resident memory of the server's process tree, against the one-line page served and
opened the same way in the same run: what a session adds, and whether the tables are held once.

Each step is printed with the bytes the run sends to the browser (the serialized size of every ForwardMsg
the script run enqueues: deltas, Arrow tables, chart specs) and the process's resident memory
after it, against the one-line page measured the same way in the same process.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
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


# --- on large tables ---------------------------------------------------------------------


def _rss_mib() -> tuple[float, float]:
    """(resident, peak resident) memory of this process, MiB."""
    fields = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            name, _, value = line.partition(":")
            fields[name] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _scale_worker(tables: str, input_dir: str, views: list[str], timeout: float, read: float = 0.0) -> None:
    """One fresh process: the app's start, every view and a filter change on ``tables``; JSON rows.
    ``read`` seconds pass, untimed, before each view's first render and each filter change."""
    from streamlit.runtime.forward_msg_queue import ForwardMsgQueue
    from streamlit.testing.v1 import AppTest

    from dashboard.ui import state as V

    os.environ["NEWSLENS_INPUT"] = input_dir
    os.environ["NEWSLENS_OUTPUT"] = tables
    sent = [0]
    enqueue = ForwardMsgQueue.enqueue

    def counting(self, msg):
        sent[0] += msg.ByteSize()
        return enqueue(self, msg)

    ForwardMsgQueue.enqueue = counting  # type: ignore[method-assign]
    rows = []

    def measure(name: str, at) -> None:
        sent[0] = 0
        seconds = _time(at.run)
        if at.exception:
            raise RuntimeError(f"{name}: {at.exception[0].value}")
        rss, peak = _rss_mib()
        rows.append({"step": name, "seconds": seconds, "bytes": sent[0], "rss_mib": rss, "peak_mib": peak})
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)

    base = AppTest.from_string(BASELINE, default_timeout=60)
    measure("baseline", base)
    measure("baseline rerun", base)
    at = AppTest.from_file(APP, default_timeout=timeout)
    measure("start (default view)", at)
    for view in views or list(V.VIEWS):
        time.sleep(read)
        at.radio(key="nav_view").set_value(view)
        measure(f"view {view}", at)
        measure(f"view {view} again", at)
    at.radio(key="nav_view").set_value(V.OVERVIEW)
    at.run()
    outlets = at.multiselect(key="filter_outlets").options
    time.sleep(read)
    at.multiselect(key="filter_outlets").set_value([outlets[0]])
    measure("filter: one outlet (Overview)", at)
    time.sleep(read)
    at.multiselect(key="filter_outlets").set_value([])
    measure("filter: cleared (Overview)", at)
    # A filter keeping many outlets, on the first screen: its findings and omissions are made again.
    at.radio(key="nav_view").set_value(V.FINDINGS)
    at.run()
    time.sleep(read)
    at.multiselect(key="filter_outlets").set_value(list(outlets[::3]))
    measure(f"filter: {len(outlets[::3])} of {len(outlets)} outlets (Findings)", at)
    print(json.dumps(rows))


def scale_main(tables: str, input_dir: str, views: list[str], timeout: float, read: float = 0.0) -> None:
    """Run :func:`_scale_worker` in a fresh process and print its figures, with ratios to the one-line page."""
    cmd = [sys.executable, __file__, "--scale-worker", "--tables", tables, "--input", input_dir]
    cmd += ["--timeout", str(timeout), "--read", str(read)] + (["--views", ",".join(views)] if views else [])
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode:
        raise SystemExit(proc.stderr[-4000:])
    rows = json.loads(proc.stdout.strip().splitlines()[-1])
    by = {r["step"]: r for r in rows}
    first, rerun = by["baseline"], by["baseline rerun"]
    print(f"tables: {tables}")
    print(
        f"{'step':<36} {'s':>8} {'vs base':>8} {'sent KB':>9} {'vs base':>8} {'RSS MiB':>8} {'peak':>7}"
        "   (AppTest; baseline: one-line page)"
    )
    for r in rows:
        against = first if r["step"].startswith(("baseline", "start")) and r["step"] != "baseline rerun" else rerun
        print(
            f"{r['step']:<36} {r['seconds']:>8.3f} {r['seconds'] / against['seconds']:>7.0f}x "
            f"{r['bytes'] / 1000:>9.1f} {r['bytes'] / max(against['bytes'], 1):>7.0f}x "
            f"{r['rss_mib']:>8.0f} {r['peak_mib']:>7.0f}"
        )


# --- in a browser ------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Each run writes its number: a rerun this quick can leave the script-state attribute
# unchanged (the frontend batches running -> notRunning), its text cannot.
BROWSER_BASELINE = (
    "import streamlit as st\n"
    "st.session_state.runs = st.session_state.get('runs', 0) + 1\n"
    "st.button('again')\n"
    "st.write(f'hello {st.session_state.runs}')\n"
)
#: Generous: a figure, never a limit; a step that takes longer fails the run.
STEP_MS = 60_000
SERVER_START_S = 60
SETTLE_MS = 500
FILTER_OUTLET = "Local Glob"

# Records every change of the app's script state (initial, rerunRequested, running, notRunning)
# on the browser's clock, and the time of the last pointer press, before the page's own scripts run.
_RECORDER = """
window.__nlRuns = [];
window.__nlPress = 0;
// A quick run can go running -> notRunning within one batch of records, and a record only holds
// the value before its change: each batch adds every old value, then the value now.
new MutationObserver((records) => {
  const now = performance.now();
  for (const r of records) window.__nlRuns.push([now, r.oldValue]);
  window.__nlRuns.push([now, records[records.length - 1].target.getAttribute('data-test-script-state')]);
}).observe(document, {subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ['data-test-script-state']});
document.addEventListener('pointerdown', () => { window.__nlPress = performance.now(); }, true);
"""
# A run that began after ``since`` (ms) has finished and Streamlit's status widget is gone.
_DONE = """(since) => {
  let started = false, ended = false;
  for (const [t, state] of window.__nlRuns) {
    if (t < since) continue;
    if (state !== 'notRunning') { started = true; ended = false; } else if (started) ended = true;
  }
  const app = document.querySelector('[data-testid="stApp"]');
  return ended && !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('[data-testid="stStatusWidget"]');
}"""
_CHART = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stPlotlyChart"] .main-svg')]
  .some((svg) => svg.getBoundingClientRect().height > 0)"""
# The main area's first heading is shown and differs from ``old``.
_HEADING = """(old) => {
  const h = document.querySelector('[data-testid="stMain"] h1');
  return (!!h && h.getBoundingClientRect().height > 0 && h.innerText.trim() !== old)
    || !!document.querySelector('[data-testid="stException"]');
}"""
_TEXT = (
    """(text) => [...document.querySelectorAll('[data-testid="stMain"] p')].some((p) => p.innerText.trim() === text)"""
)


def _served(script: str, env_extra: dict[str, str], log_path: Path) -> tuple[subprocess.Popen, str]:
    """``streamlit run`` of ``script`` on a free loopback port: the process and its address, once healthy."""
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true", "--server.port", str(port)]
    # Others edit the sources while this runs: nothing here should react to that.
    cmd += ["--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **env_extra}, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_S
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return proc, base
        except OSError:
            time.sleep(0.2)
    _stop(proc)
    raise RuntimeError(
        f"streamlit did not answer {base} within {SERVER_START_S} s:\n{log_path.read_text(errors='replace')}"
    )


@contextlib.contextmanager
def _app_and_page(input_dir: str, tables: str, work: Path) -> Iterator[tuple[tuple[subprocess.Popen, str], ...]]:
    """The app served on ``tables`` (built from ``input_dir``) and the one-line page, each as
    (process, address); both stopped on leaving."""
    env = {"NEWSLENS_INPUT": input_dir, "NEWSLENS_OUTPUT": tables, "PYTHONUNBUFFERED": "1"}
    baseline_script = work / "baseline.py"
    baseline_script.write_text(BROWSER_BASELINE, encoding="utf-8")
    app = _served(APP, env, work / "app.log")
    try:
        page = _served(str(baseline_script), {}, work / "baseline.log")
    except BaseException:
        _stop(app[0])
        raise
    try:
        yield app, page
    finally:
        _stop(app[0])
        _stop(page[0])


def _stop(proc: subprocess.Popen) -> None:
    """End the server and what it started (its own process group)."""
    import signal

    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def _until(page, js: str, arg=None) -> float:
    """The browser's clock (ms) at the first animation frame where ``js(arg)`` holds."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        handle = page.wait_for_function(
            f"(arg) => (({js})(arg) ? performance.now() : false)", arg=arg, polling="raf", timeout=STEP_MS
        )
    except PlaywrightTimeout as exc:
        states = page.evaluate("() => [window.__nlRuns, window.__nlPress, performance.now()]")
        widget = page.locator('[data-testid="stStatusWidget"]').all_inner_texts()
        raise RuntimeError(
            f"{page.url}: waited {STEP_MS} ms for {js} ({arg!r}); script states {states}, status {widget}"
        ) from exc
    return float(handle.json_value())


def _check(page, what: str) -> None:
    errors = page.locator('[data-testid="stException"]')
    if errors.count():
        raise RuntimeError(f"{what}: the app shows an exception:\n" + "\n".join(errors.all_inner_texts()))


def _press(page, locator) -> tuple[float, float]:
    """Click ``locator``; (the browser's clock at the press, at the script-state records so far)."""
    before = page.evaluate("() => performance.now()")
    locator.click(timeout=STEP_MS)
    return page.evaluate("() => window.__nlPress"), before


def _open(context, url: str, ready: str, arg=None) -> tuple[object, float, float]:
    """A new tab on ``url``: (tab, ms until ``ready`` holds, ms until the first run is done)."""
    page = context.new_page()
    page.goto(url, wait_until="commit", timeout=STEP_MS)
    shown = _until(page, ready, arg)
    done = _until(page, _DONE, 0)
    # A press right after the first run can be dropped by the frontend; the pause is not timed.
    page.wait_for_timeout(SETTLE_MS)
    return page, shown, max(done, shown)


def _heading(page) -> str:
    return page.locator('[data-testid="stMain"] h1').first.inner_text().strip()


def _switch_views(page, figures: dict[str, list[float]]) -> None:
    """From the Overview, click every other view in the sidebar, then the Overview again."""
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.locator('[role="radiogroup"]').first.get_by_text("Overview", exact=True).wait_for(timeout=STEP_MS)
    labels = [t.strip() for t in sidebar.locator('[role="radiogroup"]').first.locator("label").all_inner_texts()]
    start = labels.index("Overview")
    for label in [*labels[start + 1 :], *labels[:start], "Overview"]:
        old = _heading(page)
        pressed, _ = _press(page, sidebar.locator('[role="radiogroup"]').first.get_by_text(label, exact=True))
        shown = _until(page, _HEADING, old)
        done = _until(page, _DONE, pressed)
        page.wait_for_timeout(SETTLE_MS)
        try:
            _check(page, f"view {label}")
        except RuntimeError as exc:
            # Another view may be half-written while this runs: report it, time the rest.
            print(str(exc).splitlines()[0], file=sys.stderr)
            continue
        figures.setdefault(f"switch to {label}", []).append(max(shown, done) - pressed)


def _change_filter(page) -> float:
    """Choose an outlet in the sidebar's Outlets box: ms until that run is done."""
    box = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").filter(has_text="Outlets")
    box.click(timeout=STEP_MS)
    pressed, _ = _press(page, page.get_by_role("option", name=FILTER_OUTLET, exact=True))
    done = _until(page, _DONE, pressed)
    page.keyboard.press("Escape")
    _check(page, "filter change")
    return done - pressed


def _browser_runs(repeat: int, tables: str, work: Path) -> dict[str, list[float]]:
    """Every browser figure (seconds), one value a repeat; the first tab of each server is a warm-up."""
    from playwright.sync_api import sync_playwright

    figures: dict[str, list[float]] = {}

    def add(name: str, ms: float) -> None:
        figures.setdefault(name, []).append(ms / 1000)

    with (
        _app_and_page(str(ROOT / "seeds"), tables, work) as ((_, app_base), (_, base_base)),
        sync_playwright() as pw,
    ):
        context = pw.chromium.launch_persistent_context(
            str(work / "profile"),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
        )
        context.add_init_script(_RECORDER)
        # The server's first session imports the app's modules and loads the tables: shown apart.
        page, shown, done = _open(context, f"{app_base}/?view=overview", _CHART)
        add("first session: open → chart", shown)
        add("first session: open → done", done)
        page.close()
        page, shown, done = _open(context, f"{base_base}/", _TEXT, "hello 1")
        page.close()
        for _ in range(repeat):
            page, shown, done = _open(context, f"{base_base}/", _TEXT, "hello 1")
            add("baseline: open → text", shown)
            add("baseline: open → done", done)
            pressed, _ = _press(page, page.get_by_role("button", name="again"))
            add("baseline: rerun", _until(page, _TEXT, "hello 2") - pressed)
            page.close()

            page, shown, done = _open(context, f"{app_base}/?view=overview", _CHART)
            _check(page, "overview")
            add("open → chart", shown)
            add("open → done", done)
            steps: dict[str, list[float]] = {}
            _switch_views(page, steps)
            for name, values in steps.items():
                add(name, values[0])
            add("filter change (Overview)", _change_filter(page))
            page.close()

            page, shown, done = _open(context, f"{app_base}/", _HEADING, "")
            try:
                _check(page, "default view")
            except RuntimeError as exc:
                # Another view may be half-written while this runs: report it, time the rest.
                print(str(exc).splitlines()[0], file=sys.stderr)
            else:
                add("open default → heading", shown)
                add("open default → done", done)
                add("filter change (default view)", _change_filter(page))
            page.close()
        context.close()
    return figures


def _tree_rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` and every process below it (MiB): bench_pipeline's sum of VmRSS."""
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_pipeline import tree_memory

    return tree_memory(pid).rss / 2**20


def _session_memory(counts: list[int], tables: str, input_dir: str, work: Path) -> list[tuple[int, float, float]]:
    """(sessions open, app tree MiB, one-line page tree MiB) after each of ``counts`` tabs, and at 0."""
    from playwright.sync_api import sync_playwright

    from dashboard.ui.state import VIEWS

    with _app_and_page(input_dir, tables, work) as ((app, app_base), (base, base_base)), sync_playwright() as pw:
        rows = [(0, _tree_rss_mib(app.pid), _tree_rss_mib(base.pid))]
        context = pw.chromium.launch_persistent_context(
            str(work / "profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        context.add_init_script(_RECORDER)
        opened = 0
        for count in sorted(counts):
            while opened < count:
                view = VIEWS[opened % len(VIEWS)]
                page, _, _ = _open(context, f"{app_base}/?view={view}", _HEADING, "")
                _check(page, f"session {opened + 1} ({view})")
                _open(context, f"{base_base}/", _TEXT, "hello 1")
                opened += 1
            time.sleep(2)  # what a run frees once it ends
            rows.append((count, _tree_rss_mib(app.pid), _tree_rss_mib(base.pid)))
        context.close()
    return rows


def sessions_main(counts: list[int], tables: str, input_dir: str) -> None:
    """Serve the app on ``tables`` and print its memory as sessions open, against the one-line page."""
    with tempfile.TemporaryDirectory(prefix="newslens-sessions-bench-") as tmp:
        rows = _session_memory(counts, str(Path(tables).resolve()), str(Path(input_dir).resolve()), Path(tmp))
    print(f"{'sessions':>8} {'app MiB':>9} {'page MiB':>9} {'app/page':>9} {'app MiB per added session':>26}")
    for k, (count, app_mib, base_mib) in enumerate(rows):
        if k == 0:
            per = "(servers started)"
        elif k == 1:
            per = "(loads the tables)"
        else:
            per = f"{(app_mib - rows[k - 1][1]) / (count - rows[k - 1][0]):.1f}"
        print(f"{count:>8} {app_mib:>9.0f} {base_mib:>9.0f} {app_mib / base_mib:>9.2f} {per:>26}")
    print("(resident memory of each server's process tree; the page: a one-line Streamlit script)")


def browser_main(repeat: int) -> None:
    """Build the seed tables, serve the app and the one-line page, and print the figures and ratios."""
    with tempfile.TemporaryDirectory(prefix="newslens-browser-bench-") as tmp:
        work = Path(tmp)
        tables = work / "tables"
        subprocess.run(
            [sys.executable, "-m", "dashboard.preprocess", "seeds", "--out", str(tables)],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        figures = _browser_runs(repeat, str(tables), work)
    median = collections.defaultdict(lambda: float("nan"), {k: statistics.median(v) for k, v in figures.items()})
    switches = {k: v for k, v in median.items() if k.startswith("switch to ")}
    all_switches = [x for k, v in figures.items() if k.startswith("switch to ") for x in v]
    open_text, rerun = median["baseline: open → text"], median["baseline: rerun"]
    print(f"{'step':<34} {'median s':>9} {'vs baseline':>12}   (in Chromium; {repeat} runs; baseline: one-line page)")
    rows = [
        ("open → chart (Overview)", median["open → chart"], open_text),
        ("open → done (Overview)", median["open → done"], open_text),
        ("open default → heading", median["open default → heading"], open_text),
        ("open default → done", median["open default → done"], open_text),
        ("view switch (all views)", statistics.median(all_switches), rerun),
        (f"view switch, slowest ({max(switches, key=switches.get)[10:]})", max(switches.values()), rerun),
        ("filter change (Overview)", median["filter change (Overview)"], rerun),
        ("filter change (default view)", median["filter change (default view)"], rerun),
    ]
    for name, value, against in rows:
        if value != value:  # NaN: not measured
            print(f"{name:<34} {'n/a':>9}")
            continue
        print(f"{name:<34} {value:>9.3f} {value / against:>11.1f}x")
    for name in sorted(switches):
        print(f"  {name:<32} {switches[name]:>9.3f} {switches[name] / rerun:>11.1f}x")
    for name in ("first session: open → chart", "first session: open → done"):
        print(f"{name:<34} {median[name]:>9.3f}   (the server's first session: imports and table loading)")
    for name in ("baseline: open → text", "baseline: open → done", "baseline: rerun"):
        print(f"{name:<34} {median[name]:>9.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--browser", action="store_true", help="serve the app and time it in headless Chromium")
    parser.add_argument("--tables", help="time every view on the tables in this folder (see --input)")
    parser.add_argument("--input", help="with --tables: the articles they were built from")
    parser.add_argument("--views", default="", help="with --tables: only these views, comma-separated")
    parser.add_argument("--timeout", type=float, default=900, help="with --tables: seconds a render may take")
    parser.add_argument(
        "--read",
        type=float,
        default=0.0,
        help="with --tables: seconds a reader spends on a view before the next click (untimed; "
        "what the app does in the background meanwhile counts)",
    )
    parser.add_argument(
        "--sessions",
        nargs="+",
        type=int,
        help="with --tables: serve the app and print its memory after this many sessions (tabs) open",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--scale-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker)
        return
    views = [v for v in args.views.split(",") if v]
    if args.scale_worker:
        _scale_worker(args.tables, args.input, views, args.timeout, args.read)
        return
    if args.sessions:
        if not (args.tables and args.input):
            parser.error("--sessions needs --tables and --input")
        sessions_main(args.sessions, args.tables, args.input)
        return
    if args.tables:
        if not args.input:
            parser.error("--tables needs --input, the folder the tables were built from")
        scale_main(args.tables, args.input, views, args.timeout, args.read)
        return
    if args.browser:
        browser_main(args.repeat)
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
