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


def test_nothing_outside_the_folder_is_read_and_every_refusal_is_named(tmp_path) -> None:
    import os

    import pandas as pd

    from dashboard import schema as S
    from dashboard.cli import EXIT_SKIPPED, run

    marker = "MARKER-7f3a outside the input folder"
    outside = tmp_path / "secret.txt"
    outside.write_text(f"Secret title\n\n{marker} should never be read by anyone at all, not even a pipeline.\n")
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(GOOD)
    (src / "link_out.txt").symlink_to(outside)
    (src / "proc.txt").symlink_to("/proc/self/status")
    (src / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (src / "folder.txt").mkdir()
    os.mkfifo(src / "pipe.txt")  # opening it would block forever
    (src / "report.pdf").write_bytes(b"%PDF-1.4 binary")
    (src / "sources.csv").symlink_to(outside)
    messages: list[str] = []
    assert run(src, tmp_path / "out", log=messages.append) == EXIT_SKIPPED
    reasons = dict(m.removeprefix("skipped ").split(": ", 1) for m in messages if m.startswith("skipped "))
    assert reasons == {
        "dangling.txt": "a link whose target does not exist (or loops); not read",
        "folder.txt": "a folder, not a file",
        "link_out.txt": "a link to a file outside the input folder; not read",
        "pipe.txt": "not a regular file (a pipe, device or socket); not read",
        "proc.txt": "a link to a file outside the input folder; not read",
        "report.pdf": "a .pdf file is not read; save the article as text or HTML",
    }
    assert (
        "warning: sources.csv: a link to a file outside the input folder; not read; outlets will be inferred"
        in messages
    )
    tables = {p.name: pd.read_parquet(p) for p in (tmp_path / "out").glob("*.parquet")}
    assert tables[S.ARTICLES_FILE][S.ARTICLE_ID].tolist() == ["good"]
    for name, frame in tables.items():
        assert marker not in frame.astype(str).to_csv(), name
    assert marker not in (tmp_path / "out" / S.REPORT_FILE).read_text()


def test_the_size_cap_counts_what_is_read_not_what_stat_says() -> None:
    from pathlib import Path

    from dashboard.io.read import _read_capped

    status = Path("/proc/self/status")  # stat says 0 bytes; reading gives more than a kilobyte
    assert status.stat().st_size == 0
    try:
        _read_capped(status, 100)
    except InputError as exc:
        assert exc.reason.startswith("more than 0.0 MB is over the")
    else:
        raise AssertionError("the cap trusted stat")


def test_terminal_messages_carry_no_control_characters(tmp_path) -> None:
    from dashboard.cli import run

    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(GOOD)
    (src / "evil\x1b]0;pwned\x07\nname.txt").write_text("")  # an OSC title sequence and a newline in a name
    (src / "sources.csv").write_text("file,outlet\nmissing\x1b[2J.txt,X\n")
    messages: list[str] = []
    run(src, tmp_path / "out", log=messages.append)
    assert messages and all(ch.isprintable() for m in messages for ch in m)
    assert any("evil\\x1b]0;pwned\\x07\\nname.txt" in m for m in messages)  # shown, escaped, on one line


def test_one_outlet_typed_in_two_unicode_forms_is_one_outlet(tmp_path) -> None:
    import unicodedata

    from dashboard import schema as S
    from dashboard.pipeline import build_folder
    from dashboard.vocabularies import load_vocabularies

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(GOOD)
    (src / "b.txt").write_text(GOOD.replace("Tuesday", "Wednesday"))
    nfd = unicodedata.normalize("NFD", "Hürriyet  Daily News")
    (src / "sources.csv").write_text(f"file,outlet\na.txt,Hürriyet Daily News\nb.txt,{nfd} \n", encoding="utf-8")
    articles = build_folder(src, load_vocabularies()).tables[S.ARTICLES_FILE]
    assert articles[S.OUTLET].tolist() == ["Hürriyet Daily News", "Hürriyet Daily News"]


def test_utf8_with_a_few_bad_bytes_stays_utf8_with_a_warning(tmp_path) -> None:
    from dashboard.io.read import read_corpus

    src = tmp_path / "in"
    src.mkdir()
    text = GOOD.replace("Geneva", "Genève, said Hürriyet").encode("utf-8")
    (src / "a.txt").write_bytes(text[:60] + b"\xff" + text[60:])
    corpus = read_corpus(src)
    assert "Hürriyet" in corpus.articles[0].text and "\ufffd" in corpus.articles[0].text
    assert corpus.warnings == [
        "a.txt: read as utf-8 (1 invalid byte sequence replaced); check the characters around them"
    ]


def test_a_page_of_one_endless_line_becomes_bounded_sentences(tmp_path) -> None:
    from dashboard.article.sentences import MAX_SENTENCE_CHARS, split_sentences

    words = "the talks between the delegations of both countries ended with an agreement on staff".split()
    line = " ".join(words[i % len(words)] for i in range(60_000))  # ~330 KB, not one full stop
    sentences = split_sentences(line)
    assert max(len(s.text) for s in sentences) <= MAX_SENTENCE_CHARS
    assert all(line[s.start : s.end] == s.text for s in sentences)
    assert sum(len(s.text.split()) for s in sentences) == 60_000  # nothing lost at the cuts


def _children(pid: int) -> set[int]:
    import subprocess

    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return {int(p) for p in found}


def _alive(pid: int) -> bool:
    from pathlib import Path

    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_workers_die_when_the_cli_is_killed(tmp_path) -> None:
    import signal
    import subprocess
    import sys
    import time

    src = tmp_path / "in"
    src.mkdir()
    for i in range(_PARALLEL_MIN_FILES + 40):
        (src / f"{i:03d}.txt").write_text(GOOD.replace("five", f"{i + 2}") + f"\nItem {i} of the list of talks.\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "dashboard.preprocess", str(src), "--out", str(tmp_path / "out"), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while time.monotonic() < deadline and len(workers) < 2:
            workers = {p for p in _children(proc.pid) if _alive(p)}
            time.sleep(0.1)
        assert workers, "the run never started its workers"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(_alive(p) for p in workers):
            time.sleep(0.2)
        assert not any(_alive(p) for p in workers), "workers outlived the killed CLI"
    finally:
        proc.kill()


def test_an_internal_error_has_its_own_exit_status(tmp_path, monkeypatch, capsys) -> None:
    from dashboard import cli

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(GOOD)

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(cli, "build_corpus", broken)
    assert cli.main([str(src), "--out", str(tmp_path / "out")]) == cli.EXIT_CRASHED
    assert "internal error: RuntimeError: a bug; nothing was written" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_one_failing_analysis_loses_none_of_the_others(tmp_path, monkeypatch) -> None:
    import pandas as pd
    from streamlit.testing.v1 import AppTest

    from dashboard import pipeline
    from dashboard import schema as S
    from dashboard.io.resources import SEEDS_DIR
    from dashboard.vocabularies import load_vocabularies

    from .conftest import APP

    def broken(*args, **kwargs):
        raise RuntimeError("quotes exploded")

    monkeypatch.setattr(pipeline, "extract_quotes", broken)
    build = pipeline.build_folder(SEEDS_DIR, load_vocabularies())
    assert build.report["failed_analyses"] == [{"analysis": "quotes", "error": "RuntimeError: quotes exploded"}]
    assert build.tables[S.QUOTES_FILE].empty and list(build.tables[S.QUOTES_FILE].columns) == S.QUOTE_COLUMNS
    assert not build.tables[S.FACTS_FILE].empty and not build.tables[S.DISCREPANCIES_FILE].empty
    assert not build.tables[S.ENTITIES_FILE].empty and isinstance(build.tables[S.OMISSIONS_FILE], pd.DataFrame)
    # The app says which analysis is missing, and every view still opens.
    monkeypatch.setenv("NEWSLENS_OUTPUT", str(tmp_path / "out"))
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert any("quotes analysis failed" in w.value for w in at.warning)
    quotes_view = AppTest.from_file(APP, default_timeout=120)
    quotes_view.query_params["view"] = "quotes"
    assert not quotes_view.run().exception


_PUBLISH_FOREVER = """
import sys, pandas as pd
from pathlib import Path
from dashboard.io.tables import write_outputs
out = Path(sys.argv[1])
i = 0
while True:
    i += 1
    tables = {f"t{k}.parquet": pd.DataFrame({"run": [i] * 2000, "k": range(2000)}) for k in range(8)}
    write_outputs(tables, {"i": i}, out)
"""


def test_a_run_killed_at_any_moment_leaves_a_complete_set(tmp_path) -> None:
    import random
    import signal
    import subprocess
    import sys
    import time

    import pandas as pd

    from dashboard.io.tables import load_outputs, write_outputs

    out = tmp_path / "out"
    names = [f"t{k}.parquet" for k in range(8)]
    write_outputs({n: pd.DataFrame({"run": [0], "k": [0]}) for n in names}, {"i": 0}, out)
    rng = random.Random(7)
    for _ in range(12):
        proc = subprocess.Popen([sys.executable, "-c", _PUBLISH_FOREVER, str(out)])
        time.sleep(1.0 + rng.random() * 1.5)  # the import takes about a second; then it publishes
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        tables, report = load_outputs(out, names)  # never a mix, never missing
        runs = {int(t["run"].iloc[0]) for t in tables.values()}
        assert runs == {report["i"]}
    # Leftovers of the killed runs never pile up: the next run keeps the current and the previous
    # one only (a run killed after writing its folder, before switching to it, leaves one behind).
    write_outputs({n: pd.DataFrame({"run": [99], "k": [0]}) for n in names}, {"i": 99}, out)
    kept = [p for p in (tmp_path / ".out.runs").iterdir() if not p.name.startswith(".")]
    assert len(kept) <= 2


def test_the_app_mends_a_mixed_set_of_tables_by_itself(tmp_path, monkeypatch) -> None:
    import shutil

    from streamlit.testing.v1 import AppTest

    from dashboard import schema as S
    from dashboard.cli import run
    from dashboard.io.resources import SEEDS_DIR

    from .conftest import APP

    src, out, other = tmp_path / "in", tmp_path / "out", tmp_path / "other"
    shutil.copytree(SEEDS_DIR, src)
    out.mkdir()
    (out / "notes.txt").write_text("the user's own file: this folder is written file by file")
    run(src, out, log=lambda _: None)
    run(src, other, log=lambda _: None)
    shutil.copy(other / S.QUOTES_FILE, out / S.QUOTES_FILE)  # as a run killed between two renames leaves it
    monkeypatch.setenv("NEWSLENS_INPUT", str(src))
    monkeypatch.setenv("NEWSLENS_OUTPUT", str(out))
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert (out / "notes.txt").exists()


def test_a_missing_title_and_a_right_to_left_override_are_shown_safely(tmp_path, monkeypatch) -> None:
    from streamlit.testing.v1 import AppTest

    from .conftest import APP

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("\n" + GOOD.split("\n", 1)[1])  # no title line
    (src / "b.txt").write_text(GOOD.replace("Geneva", "Gen\u202eeva"))
    monkeypatch.setenv("NEWSLENS_INPUT", str(src))
    monkeypatch.setenv("NEWSLENS_OUTPUT", str(tmp_path / "out"))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["view"] = "article"
    at.query_params["article"] = "a"
    at.query_params["outlet"] = "\u202eabc"
    at.run()
    assert not at.exception
    shown = [h.value for h in at.subheader] + [w.value for w in at.warning] + [m.value for m in at.markdown]
    text = " ".join(shown).replace("\\", "")  # Markdown escapes
    assert "nan" not in text.split() and "—" in text
    assert not any("\u202e" in value for value in shown)
