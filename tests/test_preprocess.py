"""The command line end to end: seeds in, tables out; bad folders; exit status."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from dashboard import pipeline
from dashboard import schema as S
from dashboard.cli import EXIT_FAILED, EXIT_OK, EXIT_SKIPPED, main, run

from .conftest import HURRIYET, LOCAL_GLOB, PRAVDA

GOOD = (
    "Talks open in Geneva\n"
    "GENEVA - Diplomats from both countries met in Geneva on Monday to discuss embassy staffing levels.\n"
    "The delegations agreed to restore direct flights and to resolve problems with bank accounts of the missions.\n"
)
RUSSIAN = (
    "Переговоры в Стамбуле\n"
    "Российские и американские дипломаты встретились в Стамбуле, чтобы обсудить работу посольств и "
    "восстановление прямого авиасообщения между странами.\n"
)


@pytest.fixture(scope="module")
def seed_output(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("processed")
    assert run(Path(__file__).resolve().parent.parent / "seeds", out, log=lambda _: None) == EXIT_OK
    return out


def test_seed_run_writes_every_table_with_its_columns(seed_output):
    expected = {
        S.ARTICLES_FILE: S.ARTICLE_COLUMNS,
        S.SENTENCES_FILE: S.SENTENCE_COLUMNS,
        S.REMOVED_FILE: S.REMOVED_COLUMNS,
        S.EVIDENCE_FILE: S.EVIDENCE_COLUMNS,
        S.TONE_BY_TOPIC_FILE: S.TONE_BY_TOPIC_COLUMNS,
        S.FACTS_FILE: S.FACT_GROUP_COLUMNS,
        S.FACT_MEMBERS_FILE: S.FACT_MEMBER_COLUMNS,
        S.PASSAGE_GROUPS_FILE: S.PASSAGE_GROUP_COLUMNS,
        S.PASSAGE_MEMBERS_FILE: S.PASSAGE_MEMBER_COLUMNS,
        S.REUSE_FILE: S.REUSE_COLUMNS,
        S.QUOTES_FILE: S.QUOTE_COLUMNS,
        S.ENTITIES_FILE: S.ENTITY_COLUMNS,
        S.DISCREPANCIES_FILE: S.DISCREPANCY_COLUMNS,
        S.PROVENANCE_FILE: S.PROVENANCE_COLUMNS,
        S.FRAMING_FILE: S.FRAMING_COLUMNS,
        S.OMISSIONS_FILE: S.OMISSION_COLUMNS,
        S.TONE_INTERVALS_FILE: S.TONE_INTERVAL_COLUMNS,
        S.THEMES_FILE: S.THEME_COLUMNS,
        S.UNIT_TERMS_FILE: S.UNIT_TERM_COLUMNS,
        S.TERM_WEIGHTS_FILE: S.TERM_WEIGHT_COLUMNS,
        S.ENTITY_VARIANTS_FILE: S.VARIANT_COLUMNS,
        S.SOURCE_CREDITS_FILE: S.SOURCE_CREDIT_COLUMNS,
        S.OUTLET_SOURCES_FILE: S.OUTLET_SOURCE_COLUMNS,
        S.FINDINGS_FILE: S.FINDING_COLUMNS,
    }
    for name, columns in expected.items():
        assert list(pd.read_parquet(seed_output / name).columns) == columns
    assert sorted(p.name for p in seed_output.iterdir()) == sorted([*expected, S.REPORT_FILE])


def test_seed_articles_table(seed_output):
    articles = pd.read_parquet(seed_output / S.ARTICLES_FILE).set_index(S.ARTICLE_ID)
    assert len(articles) == 5
    assert articles[S.N_SENTENCES].between(8, 40).all()
    assert articles.loc[PRAVDA, S.BYLINE] == "Ivanna Kostina, Iryna Balachuk"
    assert list(articles.loc[LOCAL_GLOB, S.TOPICS]) == ["funding", "property", "air_links", "staffing"]
    assert "air_links" not in articles.loc[PRAVDA, S.TOPICS]
    assert articles[S.POLARITY].between(-1, 1).all() and articles[S.SUBJECTIVITY].between(0, 1).all()
    assert (articles[S.LANGUAGE] == "en").all()


def test_sentences_point_into_the_article_text_and_carry_their_evidence(seed_output):
    articles = pd.read_parquet(seed_output / S.ARTICLES_FILE).set_index(S.ARTICLE_ID)
    sentences = pd.read_parquet(seed_output / S.SENTENCES_FILE)
    evidence = pd.read_parquet(seed_output / S.EVIDENCE_FILE)
    for row in sentences.itertuples():
        assert articles.loc[row.article_id, S.TEXT][row.start : row.end] == row.text
    merged = evidence.merge(sentences, on=[S.ARTICLE_ID, S.SENTENCE_ID])
    for row in merged.itertuples():
        assert row.text[row.term_start : row.term_end] == row.term
        assert row.topic in row.topics
    # An article carries a topic exactly when it has evidence for it.
    for article_id, topics in articles[S.TOPICS].items():
        assert sorted(topics) == sorted(evidence.loc[evidence[S.ARTICLE_ID] == article_id, S.TOPIC].unique())


def test_six_properties_sentence_is_property_evidence(seed_output):
    sentences = pd.read_parquet(seed_output / S.SENTENCES_FILE)
    row = sentences[sentences[S.TEXT].str.contains("six real estate properties")].iloc[0]
    assert row[S.ARTICLE_ID] == HURRIYET and "property" in list(row[S.TOPICS])


def test_tone_by_topic_counts_match_the_evidence(seed_output):
    tone = pd.read_parquet(seed_output / S.TONE_BY_TOPIC_FILE)
    sentences = pd.read_parquet(seed_output / S.SENTENCES_FILE)
    articles = pd.read_parquet(seed_output / S.ARTICLES_FILE)
    outlet = dict(zip(articles[S.ARTICLE_ID], articles[S.OUTLET]))
    for row in tone.itertuples():
        carrying = sentences[
            sentences[S.ARTICLE_ID].map(outlet).eq(row.outlet)
            & sentences[S.TOPICS].map(lambda t, topic=row.topic: topic in t)
        ]
        assert row.n_sentences == len(carrying)
        assert carrying[S.POLARITY].min() - 1e-9 <= row.polarity <= carrying[S.POLARITY].max() + 1e-9


def test_report_lists_counts_and_versions(seed_output):
    report = json.loads((seed_output / S.REPORT_FILE).read_text())
    assert report["counts"]["articles"] == 5 and report["counts"]["skipped"] == 0
    assert report["skipped"] == [] and report["warnings"] == []
    assert set(report["versions"]) >= {"newslens", "textblob", "sentencex", "codebook"}


def test_report_has_the_peak_memory_at_the_end_of_every_wall_clock_stage(seed_output):
    report = json.loads((seed_output / S.REPORT_FILE).read_text())
    wall_stages = {name for name in report["stage_seconds"] if not name.endswith("(per event)")}
    peaks = report["stage_peak_rss_mib"]
    assert set(peaks) == wall_stages
    # A peak only grows, and this test's own process ran the build (a Python process with pandas
    # loaded is well over 50 MiB).
    assert all(50 < peak <= pipeline.peak_rss_mib() for peak in peaks.values())


def test_bad_files_are_skipped_named_and_the_rest_processed(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_good.txt").write_text(GOOD)
    (src / "b_copy.txt").write_text(GOOD)
    (src / "c_empty.txt").write_text("")
    (src / "d_binary.txt").write_bytes(b"\x00\x01\x02PNG" * 100)
    (src / "e_russian.txt").write_text(RUSSIAN)
    (src / "f_junk.txt").write_text("Home\nNews\nSport\nhttps://example.com/\n")
    (src / "g_cp1252.txt").write_bytes(GOOD.replace("Geneva", "Genève").encode("cp1252"))
    (src / "sources.csv").write_text("file,outlet\na_good.txt,Daily\nmissing.txt,Nobody\n")
    messages: list[str] = []
    status = run(src, tmp_path / "out", log=messages.append)
    assert status == EXIT_SKIPPED
    assert messages[:-1] == [
        "warning: sources.csv: lists missing.txt, which is not in the folder",
        "skipped b_copy.txt: byte-identical duplicate of a_good.txt",
        "skipped c_empty.txt: the file is empty",
        "skipped d_binary.txt: binary data (NUL bytes), not a text file",
        "skipped f_junk.txt: no article text found (every line looked like page junk or metadata)",
        "note: e_russian.txt: language 'ru', not English; kept with its text and metadata, but tone, topics, "
        "framing and omissions are not available for it (language)",
    ]
    articles = pd.read_parquet(tmp_path / "out" / S.ARTICLES_FILE)
    assert articles[S.ARTICLE_ID].tolist() == ["a_good", "e_russian", "g_cp1252"]
    assert articles[S.OUTLET].tolist() == ["Daily", "e_russian", "g_cp1252"]
    assert "Genève" in articles[S.TEXT].iloc[2]
    # The Russian article keeps its text; its tone is missing, not 0, and it has no topic.
    russian = articles.iloc[1]
    assert russian[S.LANGUAGE] == "ru" and russian[S.TEXT]
    assert pd.isna(russian[S.POLARITY]) and pd.isna(russian[S.VADER_COMPOUND]) and len(russian[S.TOPICS]) == 0
    sentences = pd.read_parquet(tmp_path / "out" / S.SENTENCES_FILE)
    assert sentences[sentences[S.ARTICLE_ID] == "e_russian"][S.POLARITY].isna().all()
    report = json.loads((tmp_path / "out" / S.REPORT_FILE).read_text())
    assert {s["file"] for s in report["skipped"]} == {"b_copy.txt", "c_empty.txt", "d_binary.txt", "f_junk.txt"}


def test_html_file_is_converted_with_a_note(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "page.txt").write_text(
        "<html><head><title>Talks open</title></head><body><div>Home</div>"
        f"<p>{GOOD.splitlines()[1]}</p><p>{GOOD.splitlines()[2]}</p></body></html>"
    )
    messages: list[str] = []
    assert run(src, tmp_path / "out", log=messages.append) == EXIT_OK
    assert messages[0] == "note: page.txt: an HTML page; its main text was extracted before cleaning"
    text = pd.read_parquet(tmp_path / "out" / S.ARTICLES_FILE)[S.TEXT].iloc[0]
    assert "<p>" not in text and "Home" not in text and text.startswith("Diplomats from both countries")


def test_nothing_usable_exits_2_and_writes_nothing(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.txt").write_text("")
    assert run(src, tmp_path / "out", log=lambda _: None) == EXIT_FAILED
    assert not (tmp_path / "out").exists()


def test_cli_missing_folder(tmp_path, capsys):
    assert main([str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) == EXIT_FAILED
    assert "no such folder" in capsys.readouterr().err


def test_cli_as_a_module_on_the_seeds(tmp_path, seeds_dir):
    proc = subprocess.run(
        [sys.executable, "-m", "dashboard.preprocess", str(seeds_dir), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "wrote" in proc.stderr and "5 articles" in proc.stderr
    assert (tmp_path / S.ARTICLES_FILE).is_file()


def test_parallel_run_gives_the_same_tables(tmp_path, seeds_dir, monkeypatch):
    from dashboard import pipeline

    monkeypatch.setattr(pipeline, "_PARALLEL_MIN_FILES", 1)
    run(seeds_dir, tmp_path / "serial", log=lambda _: None, jobs=1)
    run(seeds_dir, tmp_path / "parallel", log=lambda _: None, jobs=2)
    for name in (S.ARTICLES_FILE, S.SENTENCES_FILE, S.EVIDENCE_FILE, S.REMOVED_FILE):
        pd.testing.assert_frame_equal(
            pd.read_parquet(tmp_path / "serial" / name), pd.read_parquet(tmp_path / "parallel" / name)
        )


# --- determinism (issue 9, item 6) -----------------------------------------------------------

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


def _write_story_folder(root: Path, n_generated: int) -> None:
    """The seeds plus ``n_generated`` short articles on one made-up story, in twelve outlets.

    The generated articles repeat facts with changed numbers, days and places, so every
    cross-outlet table has rows (fact groups, copies, discrepancies, omissions, quotes).
    """
    rng = random.Random(9)
    root.mkdir()
    for seed_file in SEEDS_DIR.glob("*.txt"):
        shutil.copy(seed_file, root / seed_file.name)
    rows = (SEEDS_DIR / "sources.csv").read_text(encoding="utf-8").splitlines()
    places = ["Nairobi", "Kigali", "Addis Ababa", "Kampala", "Dodoma", "Lusaka", "Harare", "Maputo"]
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    people = ["Alice Wanjiru", "Joseph Mbeki", "Grace Otieno", "Samuel Tesfaye", "Ruth Nambi"]
    for i in range(n_generated):
        place, day, person = rng.choice(places), rng.choice(days), rng.choice(people)
        amount = rng.choice(["$3.5 billion", "$3.6 billion", "about $60,000", "more than $60,000"])
        sentences = [
            f"Ministers from {rng.choice(places)} and {place} met on {day} to discuss the river dam and its funding.",
            f"The governments agreed to share the cost of the project, put at {amount}.",
            f'"The river belongs to both our peoples," {person} told reporters after the meeting in {place}.',
            f"A United Nations report says the dam has displaced {rng.randint(2, 20)},000 herders from the valley.",
            f"Talks will resume in {rng.choice(places)} next month, with engineers from both sides joining.",
        ]
        rng.shuffle(sentences)
        body = "\n\n".join(sentences[: rng.randint(3, 5)])
        (root / f"gen_{i:03d}.txt").write_text(
            f"Dam talks in {place}: ministers agree ({i})\n\n{body}\n", encoding="utf-8"
        )
        rows.append(f"gen_{i:03d}.txt,Outlet {i % 12},Kenya,,2025-03-{1 + i % 28:02d}")
    (root / "sources.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_two_runs_with_other_hash_seeds_and_jobs_give_identical_tables(tmp_path):
    """Every table is the same row for row whatever PYTHONHASHSEED and --jobs (the run id aside).

    200 files, so ``--jobs 2`` really runs the articles in worker processes.
    """
    from dashboard.pipeline import _PARALLEL_MIN_FILES

    src = tmp_path / "in"
    _write_story_folder(src, _PARALLEL_MIN_FILES - len(list(SEEDS_DIR.glob("*.txt"))))
    outputs = []
    for hash_seed, jobs in (("1", "1"), ("2", "2")):
        out = tmp_path / f"out-{hash_seed}-{jobs}"
        proc = subprocess.run(
            [sys.executable, "-m", "dashboard.preprocess", str(src), "--out", str(out), "--jobs", jobs],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
        assert proc.returncode == 0, proc.stderr
        assert f"{_PARALLEL_MIN_FILES} articles" in proc.stderr
        outputs.append(out)
    first, second = outputs
    names = sorted(p.name for p in first.glob("*.parquet"))
    assert names == sorted(p.name for p in second.glob("*.parquet"))
    cross_outlet = [S.FACTS_FILE, S.FACT_MEMBERS_FILE, S.PASSAGE_GROUPS_FILE, S.REUSE_FILE, S.QUOTES_FILE]
    assert set(names) >= {*cross_outlet, S.ENTITIES_FILE, S.DISCREPANCIES_FILE, S.FRAMING_FILE, S.OMISSIONS_FILE}
    for name in names:
        left, right = pd.read_parquet(first / name), pd.read_parquet(second / name)
        assert not left.empty, name  # nothing compared vacuously
        pd.testing.assert_frame_equal(left, right, obj=name)
    reports = [json.loads((out / S.REPORT_FILE).read_text()) for out in outputs]
    assert reports[0].pop("run_id") != reports[1].pop("run_id")
    # Wall seconds per stage: measured, so never equal; every stage is timed in both runs.
    assert set(reports[0].pop("stage_seconds")) == set(reports[1].pop("stage_seconds"))
    assert set(reports[0].pop("stage_peak_rss_mib")) == set(reports[1].pop("stage_peak_rss_mib"))
    assert reports[0] == reports[1]
