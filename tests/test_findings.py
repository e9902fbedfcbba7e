"""Findings: what the first screen says, on the seeds and on events the tests write with
answers known by construction."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard import schema as S
from dashboard.corpus.findings import (
    DISCREPANCY,
    MAX_PER_SECTION,
    OMISSION,
    REUSE,
    SOURCES,
    TONE,
    Finding,
    discrepancy_findings,
    event_summary,
    findings_from_table,
    findings_table,
    readable_value,
    reuse_findings,
    strength_label,
    voice_findings,
)
from dashboard.pipeline import build_folder, corpus_findings
from dashboard.vocabularies import load_vocabularies
from tests.conftest import HURRIYET, LOCAL_GLOB, PRAVDA

# --- an event the tests write ----------------------------------------------------------
# Three outlets on one story. Planted: Coastal Times gives the bill's cost as 45 billion where
# the others say 40 (a discrepancy); Valley Courier leaves out the committee's vote, which the
# other two report (an omission). Their sentences are plain reporting, with no tone to tell apart.
PLANTED = {
    "a.txt": (
        "Northern Ledger",
        "2024-03-04",
        """Holloway quits the transit committee

Senator Jane Holloway resigned on Monday as chair of the state transit committee after a dispute over the rail budget.
The rail expansion bill would cost 40 billion dollars over ten years, according to the state budget office.
Holloway said the governor had ignored the committee's warnings about the cost of the tunnels.
The committee will vote on the measure next Tuesday in a closed session.
Governor Mark Delaney thanked Holloway for her years of service on the committee.
Delaney said the rail plan would still go ahead with a new chair.
Engineers have warned that the tunnel section could flood during heavy storms.
The next hearing on the rail plan is set for the spring.
""",
    ),
    "b.txt": (
        "Coastal Times",
        "2024-03-04",
        """Transit chair Holloway steps down

Senator Jane Holloway resigned on Monday as chair of the state transit committee following a dispute over the rail budget.
The rail expansion bill would cost 45 billion dollars over ten years, according to the state budget office.
Holloway said the governor had ignored warnings from the committee about the cost of the tunnels.
The committee will vote on the measure next Tuesday in a closed session, aides said.
Governor Mark Delaney thanked Holloway for her service and named no successor.
Local mayors along the planned route have asked for more stations in their towns.
Delaney said the rail plan would still go ahead with a new chair.
Critics of the plan gathered outside the capitol on Monday evening.
""",
    ),
    "c.txt": (
        "Valley Courier",
        "2024-03-05",
        """Holloway leaves transit post

Senator Jane Holloway resigned on Monday as chair of the state transit committee amid a dispute over the rail budget.
The rail expansion bill would cost 40 billion dollars over ten years, according to the state budget office.
Holloway said the governor had ignored the committee's warnings on the cost of the tunnels.
Governor Mark Delaney thanked Holloway for her work and said the plan would go ahead.
Delaney said the rail plan would still go ahead with a new chair.
Residents near the route said construction noise had already begun.
The transit agency said ticket prices would not change this year.
""",
    ),
}


def write_event(folder: Path, articles: dict[str, tuple[str, str, str]]) -> Path:
    """Write ``{file: (outlet, published, text)}`` and its sources.csv into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["file,outlet,country,url,published"]
    for name, (outlet, published, text) in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
        lines.append(f"{name},{outlet},United States,,{published}")
    (folder / "sources.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def findings_of(tables: dict[str, pd.DataFrame], labels: dict[str, str] | None = None):
    return corpus_findings(tables, labels or {})


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> dict[str, pd.DataFrame]:
    folder = write_event(tmp_path_factory.mktemp("planted"), PLANTED)
    return build_folder(folder, load_vocabularies()).tables


@pytest.fixture(scope="module")
def seed_findings(seed_output_tables):
    return findings_of(seed_output_tables)


def _of(found, section):
    return [f for f in found if f.section == section]


# --- the seeds -------------------------------------------------------------------------------


def test_seeds_state_the_department_discrepancy_with_its_sentences(seed_findings, seed_output_tables):
    found, _ = seed_findings
    (department,) = [f for f in _of(found, DISCREPANCY) if "department" in f.text]
    assert "North American Department" in department.text and "North Atlantic Department" in department.text
    claims = seed_output_tables[S.DISCREPANCIES_FILE]
    assert set(department.evidence) == set(zip(claims[S.ARTICLE_ID], claims[S.SENTENCE_ID].astype(int)))
    sentences = seed_output_tables[S.SENTENCES_FILE].set_index([S.ARTICLE_ID, S.SENTENCE_ID])[S.TEXT]
    assert all(("North American" in sentences[k]) or ("North Atlantic" in sentences[k]) for k in department.evidence)
    assert department.view == "entities"


def test_seeds_state_the_reuse_pair_and_the_state_department_it_relays(seed_findings):
    found, _ = seed_findings
    (pair,) = _of(found, REUSE)
    assert pair.text.startswith("Hürriyet Daily News and Ukrainska Pravda carry the same text")
    assert "US State Department" in pair.text
    assert {a for a, _ in pair.evidence} == {HURRIYET, PRAVDA}
    assert pair.view == "passages"


def test_seeds_state_ukrainska_pravdas_credit_line(seed_findings):
    found, _ = seed_findings
    (pravda,) = [f for f in _of(found, SOURCES) if f.focus == "Ukrainska Pravda"]
    assert "credits its text to US State Department and European Pravda" in pravda.text
    assert strength_label(pravda.strength) == "strong"
    assert all(a == PRAVDA for a, _ in pravda.evidence)


def test_seeds_say_tone_does_not_differ(seed_findings):
    found, verdict = seed_findings
    assert not _of(found, TONE)
    assert verdict.startswith("No outlet's tone differs")


def test_seeds_every_finding_has_evidence_and_a_strength(seed_findings, seed_output_tables):
    found, _ = seed_findings
    keys = set(
        zip(seed_output_tables[S.SENTENCES_FILE][S.ARTICLE_ID], seed_output_tables[S.SENTENCES_FILE][S.SENTENCE_ID])
    )
    assert found
    for finding in found:
        assert 0.0 <= finding.strength <= 1.0
        assert finding.evidence and set(finding.evidence) <= keys, finding


def test_seeds_omissions_name_the_outlet_and_who_reports_it(seed_findings):
    found, _ = seed_findings
    omitted = _of(found, OMISSION)
    assert omitted and len({f.focus for f in omitted}) == len(omitted)  # one per outlet
    glob = [f for f in omitted if f.focus == "Local Glob"]
    assert glob and glob[0].text.startswith(("Local Glob never mentions", "Local Glob does not report"))
    assert all(a != LOCAL_GLOB for a, _ in glob[0].evidence)  # the sentences are the others'


def test_event_summary_of_the_seeds(seed_output_tables):
    line = event_summary(seed_output_tables[S.ARTICLES_FILE], seed_output_tables[S.SENTENCES_FILE])
    assert line.startswith("5 articles from 5 outlets in Azerbaijan, India, Türkiye, Ukraine and Zimbabwe")
    assert "26 February 2025 to 28 February 2025 (1 undated)" in line


# --- the planted event ------------------------------------------------------------------------


def test_planted_discrepancy_is_stated(planted):
    found, _ = findings_of(planted)
    (cost,) = _of(found, DISCREPANCY)
    assert "“40 billion dollars” (Northern Ledger and Valley Courier)" in cost.text
    assert "“45 billion dollars” (Coastal Times)" in cost.text
    assert {a for a, _ in cost.evidence} == {"a", "b", "c"}


def test_planted_omission_is_stated(planted):
    found, _ = findings_of(planted)
    courier = [f for f in _of(found, OMISSION) if f.focus == "Valley Courier"]
    assert courier, [f.text for f in _of(found, OMISSION)]
    assert "The committee will vote on the measure next Tuesday" in courier[0].text
    assert "both other outlets report" in courier[0].text
    assert {a for a, _ in courier[0].evidence} == {"a", "b"}


def test_planted_event_says_nothing_about_tone(planted):
    found, verdict = findings_of(planted)
    assert not _of(found, TONE)
    assert "beyond noise" in verdict


def test_tone_difference_beyond_noise_is_a_finding(tmp_path):
    glad = " ".join(
        f"Residents of district {i} were delighted, thrilled and happy with the wonderful new park." for i in range(30)
    )
    grim = " ".join(
        f"Residents of district {i} were furious, miserable and angry about the terrible new park." for i in range(30)
    )
    folder = write_event(
        tmp_path / "tone",
        {"g.txt": ("Glad Gazette", "2024-05-01", glad), "m.txt": ("Grim Herald", "2024-05-01", grim)},
    )
    found, verdict = findings_of(build_folder(folder, load_vocabularies()).tables)
    (tone,) = _of(found, TONE)
    assert tone.text.startswith("Glad Gazette's tone is more positive than Grim Herald's")
    assert verdict == ""


def test_nothing_found_on_unrelated_articles(tmp_path):
    folder = write_event(
        tmp_path / "apart",
        {
            "x.txt": ("Paper X", "2024-01-01", "The orchestra played a new symphony. The hall was full."),
            "y.txt": ("Paper Y", "2024-01-01", "A storm closed the harbour. Ferries stayed in port."),
        },
    )
    found, _ = findings_of(build_folder(folder, load_vocabularies()).tables)
    assert not [f for f in found if f.section in (REUSE, DISCREPANCY, OMISSION)]


def test_forty_outlets_keep_each_section_short(tmp_path):
    # Forty outlets carrying one wire story with their own last sentence: forty reuse pairs
    # and more, but a section lists at most MAX_PER_SECTION findings.
    wire = (
        "The port authority said on Tuesday that the new container terminal would open in June. "
        "The terminal cost 300 million dollars and will employ 400 dock workers, the authority said. "
    )
    articles = {
        f"o{i:02d}.txt": (
            f"Outlet {i:02d}",
            "2024-06-04",
            wire + f"Our reporter in district {i} saw cranes {i} arrive.",
        )
        for i in range(40)
    }
    found, _ = findings_of(build_folder(write_event(tmp_path / "forty", articles), load_vocabularies()).tables)
    for section in {f.section for f in found}:
        assert len(_of(found, section)) <= MAX_PER_SECTION
    assert len(_of(found, REUSE)) == MAX_PER_SECTION


def test_empty_tables_give_no_finding(seed_output_tables):
    empty = {name: frame.iloc[0:0] for name, frame in seed_output_tables.items()}
    found, verdict = findings_of(empty)
    assert found == [] and verdict == ""


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("40000000000 dollars", "40 billion dollars"),
        ("55000 pages", "55,000 pages"),
        ("48 pages", "48 pages"),
        ("6.5 hours", "6.5 hours"),
        ("Friday", "Friday"),
    ],
)
def test_readable_value(value, shown):
    assert readable_value(value) == shown


def test_a_limit_keeps_the_order_of_the_whole_list(tmp_path):
    # The first screen asks each section for its strongest few; what it gets must be the head
    # of the full ranking, ties included (equal strengths keep the lower discrepancy id first).
    claims = pd.DataFrame(
        [
            # (id, entity, attribute, value, outlet, article, sentence, strength)
            (0, "the bill", "cost", "40 dollars", "A", "a", 1, 0.5),
            (0, "the bill", "cost", "45 dollars", "B", "b", 1, 0.5),
            (1, "the vote", "date", "Monday", "A", "a", 2, 0.9),
            (1, "the vote", "date", "Monday", "B", "b", 2, 0.9),  # one value: no discrepancy
            (2, "the port", "jobs", "400 workers", "A", "a", 3, 0.5),
            (2, "the port", "jobs", "500 workers", "C", "c", 3, 0.4),
            (3, "the dam", "height", "30 metres", "B", "b", 4, 0.8),
            (3, "the dam", "height", "35 metres", "C", "c", 4, 0.8),
        ],
        columns=[
            S.DISCREPANCY_ID,
            S.ENTITY,
            S.ATTRIBUTE,
            S.VALUE,
            S.OUTLET,
            S.ARTICLE_ID,
            S.SENTENCE_ID,
            S.STRENGTH,
        ],
    )
    every = discrepancy_findings(claims)
    assert [f.evidence[0] for f in every] == [("b", 4), ("a", 1), ("a", 3)]
    for limit in (1, 2, 3, 10):
        assert discrepancy_findings(claims, limit=limit) == every[:limit]

    wire = "The port authority said on Tuesday that the new container terminal would open in June. "
    articles = {
        f"o{i:02d}.txt": (f"Outlet {i:02d}", "2024-06-04", wire + f"Our reporter in district {i} saw {i} cranes.")
        for i in range(8)
    }
    tables = build_folder(write_event(tmp_path / "eight", articles), load_vocabularies()).tables
    pairs = [tables[S.PASSAGE_MEMBERS_FILE], tables[S.REUSE_FILE], tables[S.PROVENANCE_FILE]]
    every = reuse_findings(*pairs)
    assert len(every) == 8 * 7 // 2
    assert reuse_findings(*pairs, limit=5) == every[:5]
    quotes, outlets = tables[S.QUOTES_FILE], tables[S.ARTICLES_FILE]
    assert voice_findings(quotes, outlets, limit=2) == voice_findings(quotes, outlets)[:2]


def test_the_stored_findings_are_the_findings_of_the_written_tables(seed_output_tables, planted):
    """findings.parquet holds what the app would compute from the other tables read back."""
    stored, verdict = findings_from_table(seed_output_tables[S.FINDINGS_FILE])
    assert (stored, verdict) == corpus_findings(seed_output_tables, _labels())
    assert len(stored) >= 10
    stored, verdict = findings_from_table(planted[S.FINDINGS_FILE])
    assert (stored, verdict) == corpus_findings(planted, _labels())
    assert {f.section for f in stored} >= {DISCREPANCY, OMISSION}
    assert verdict  # the planted outlets' tone does not differ: the verdict row says so


def test_a_findings_table_reads_back_whole():
    found = [
        Finding(REUSE, "A and B carry the same text.", 0.9, "passages", (("a", 1), ("b:2", 3)), focus="A"),
        Finding(TONE, "A is more positive.", 0.25, "overview", (), topic="t1"),
    ]
    assert findings_from_table(findings_table(found, "")) == (found, "")
    assert findings_from_table(findings_table([], "No difference.")) == ([], "No difference.")
    assert list(findings_table(found, "v").columns) == S.FINDING_COLUMNS


def _labels() -> dict[str, str]:
    return {t.id: t.label for t in load_vocabularies().codebook.topics}
