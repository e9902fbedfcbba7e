"""Tests for dashboard.corpus.discrepancies: conflicting claims across outlets."""

from __future__ import annotations

from functools import partial

import pandas as pd
import pytest

from dashboard import schema as S
from dashboard.corpus import discrepancies as D
from dashboard.vocabularies import load_entity_vocabulary

from .conftest import HURRIYET, LOCAL_GLOB, PRAVDA
from .test_entities import extract_entities, tables

# The finder with the shipped vocabulary, as the pipeline calls it.
find_discrepancies = partial(D.find_discrepancies, vocabulary=load_entity_vocabulary())


def discrepancies(*articles: tuple[str, list[str]]) -> pd.DataFrame:
    sentences, arts = tables(*articles)
    return find_discrepancies(sentences, arts, extract_entities(sentences, arts))


def claims(table: pd.DataFrame) -> list[tuple[int, str, str, str, str]]:
    return list(
        zip(table[S.DISCREPANCY_ID], table[S.ENTITY], table[S.ATTRIBUTE], table[S.VALUE], table[S.OUTLET], strict=True)
    )


@pytest.fixture(scope="module")
def seed_discrepancies(seed_sentences_articles) -> pd.DataFrame:
    sentences, articles = seed_sentences_articles
    return find_discrepancies(sentences, articles, extract_entities(sentences, articles))


# --------------------------------------------------------------------------
# The seeds


def test_seed_department_discrepancy_is_the_only_one(seed_discrepancies) -> None:
    assert list(seed_discrepancies.columns) == S.DISCREPANCY_COLUMNS
    rows = list(seed_discrepancies.itertuples(index=False, name=None))
    assert rows == [
        (0, "Alexander Darchiev", "department", "North American Department", "Hürriyet Daily News", HURRIYET, 21),
        (0, "Alexander Darchiev", "department", "North Atlantic Department", "Local Glob", LOCAL_GLOB, 7),
        (0, "Alexander Darchiev", "department", "North Atlantic Department", "Ukrainska Pravda", PRAVDA, 3),
    ]
    assert str(seed_discrepancies[S.DISCREPANCY_ID].dtype) == "int64"


def test_seed_riyadh_and_istanbul_durations_are_not_compared(seed_discrepancies) -> None:
    assert not seed_discrepancies[S.ATTRIBUTE].str.startswith("duration").any()
    assert not seed_discrepancies[S.VALUE].str.contains("hours").any()


# --------------------------------------------------------------------------
# Hand-made articles whose answer is known by construction


def test_different_titles_for_a_spokesperson_are_a_discrepancy() -> None:
    table = discrepancies(
        ("A", ["Foreign Ministry spokeswoman Maria Zakharova said nothing."]),
        ("B", ["Foreign Ministry deputy spokeswoman Maria Zakharova said nothing."]),
        ("C", ["Maria Zakharova, the ministry's spokesperson, said nothing."]),
    )
    assert claims(table) == [
        (0, "Maria Zakharova", "title", "deputy spokeswoman", "B"),
        (0, "Maria Zakharova", "title", "spokeswoman", "A"),
    ]


def test_same_title_in_other_words_is_not_a_discrepancy() -> None:
    table = discrepancies(
        ("A", ["Foreign Ministry spokeswoman Maria Zakharova said nothing."]),
        ("B", ["Maria Zakharova, spokesperson of the Foreign Ministry, said nothing."]),
        (
            "C",
            [
                "Russian Foreign Minister Sergey Lavrov spoke.",
                "Ambassador Ivan Petrov, director of the "
                "Russian Foreign Ministry's Second European Department, listened.",
            ],
        ),
        (
            "D",
            [
                "Foreign Minister Sergei Lavrov spoke.",
                "Ivan Petrov, Director of the Second European "
                "Department of the Russian Ministry of Foreign Affairs and Russia's ambassador-designate, listened.",
            ],
        ),
    )
    assert table.empty and list(table.columns) == S.DISCREPANCY_COLUMNS


def test_different_departments_are_a_discrepancy_whatever_the_word_order() -> None:
    table = discrepancies(
        ("A", ["Ivan Petrov, director of the Russian Foreign Ministry's Second European Department, listened."]),
        ("B", ["The Russian Foreign Ministry's Third European Department Director Ivan Petrov listened."]),
        (
            "C",
            [
                "Ivan Petrov, Director of the Second European Department of the Russian Ministry of Foreign "
                "Affairs, listened."
            ],
        ),
    )
    assert claims(table) == [
        (0, "Ivan Petrov", "department", "Second European Department", "A"),
        (0, "Ivan Petrov", "department", "Second European Department", "C"),
        (0, "Ivan Petrov", "department", "Third European Department", "B"),
    ]


def test_rank_changes_the_office_but_two_offices_do_not_conflict() -> None:
    table = discrepancies(
        (
            "A",
            [
                "Aleksandr Petrov, deputy director of the Defence Ministry, declined to comment.",
                "Ambassador Boris Orlov arrived.",
            ],
        ),
        (
            "B",
            [
                "Alexander Petrov, director of the Ministry of Defence, declined to comment.",
                "Director Boris Orlov arrived.",
            ],
        ),
    )
    assert claims(table) == [
        (0, "Aleksandr Petrov", "title", "deputy director", "A"),
        (0, "Aleksandr Petrov", "title", "director", "B"),
    ]


def test_a_title_in_a_list_belongs_to_the_next_name() -> None:
    table = discrepancies(
        ("A", ["Russia sent Sergey Lavrov, Deputy Foreign Minister Sergei Ryabkov and others."]),
        ("B", ["Foreign Minister Sergey Lavrov spoke."]),
    )
    assert table.empty


def test_spelling_of_a_name_is_not_a_discrepancy() -> None:
    table = discrepancies(
        ("A", ["Alexander Darchiev, director of the North Atlantic Department, spoke."]),
        ("B", ["Alexander Darchiyev, director of the North Atlantic Department, spoke."]),
    )
    assert table.empty


def test_one_outlet_contradicting_itself_is_not_a_discrepancy() -> None:
    table = discrepancies(
        (
            "A",
            [
                "Ivan Petrov, director of the First Department, spoke.",
                "Ivan Petrov, director of the Second Department, spoke.",
            ],
        ),
        ("B", ["Nobody else spoke."]),
    )
    assert table.empty


def test_durations_of_the_same_event_differ() -> None:
    table = discrepancies(
        ("A", ["The talks in Geneva lasted three hours."]),
        ("B", ["The negotiations in Geneva lasted for over five hours."]),
    )
    assert claims(table) == [
        (0, "talks in Geneva", "duration (hours)", "3 hours", "A"),
        (0, "talks in Geneva", "duration (hours)", "over 5 hours", "B"),
    ]


def test_durations_of_events_in_different_places_are_not_compared() -> None:
    table = discrepancies(
        (
            "A",
            [
                "Delegations held talks in Riyadh on February 18, which lasted over four hours.",
                "A meeting in Istanbul will follow.",
            ],
        ),
        (
            "B",
            [
                "Diplomats met in Istanbul on Thursday.",
                "The talks in Istanbul were useful.",
                "Moscow had no comment after the negotiations, which lasted for over six hours.",
            ],
        ),
    )
    assert table.empty


def test_counts_of_the_same_thing_are_compared_across_unit_synonyms() -> None:
    table = discrepancies(
        ("A", ["Russia raised the return of six facilities in the US."]),
        ("B", ["Russia raised five properties in the US that were seized."]),
        ("C", ["Russia raised the return of six buildings in the US."]),
    )
    assert claims(table) == [
        (0, "event in US", "count (properties)", "5 properties", "B"),
        (0, "event in US", "count (properties)", "6 buildings", "C"),
        (0, "event in US", "count (properties)", "6 facilities", "A"),
    ]


@pytest.mark.parametrize(
    ("date_a", "date_b", "conflict"),
    [
        ("March 3", "4 March", True),
        ("March 3", "March 3", False),
        ("March 3", "April 20", False),  # more than a week apart: another meeting
    ],
)
def test_dates_of_an_event(date_a: str, date_b: str, conflict: bool) -> None:
    table = discrepancies(
        ("A", [f"The talks in Geneva on {date_a} ended without a deal."]),
        ("B", [f"The meeting in Geneva on {date_b} ended without a deal."]),
    )
    assert (not table.empty) is conflict
    if conflict:
        assert set(table[S.ATTRIBUTE]) == {"date"} and set(table[S.ENTITY]) == {"talks in Geneva"}


def test_a_date_is_not_tied_to_a_place_in_another_clause() -> None:
    table = discrepancies(
        ("A", ["It follows a phone call on February 12, as well as a gathering in Riyadh on February 18."]),
        ("B", ["The gathering in Riyadh on February 18 was useful."]),
    )
    assert table.empty


def test_ids_are_ordered_by_entity_and_rows_by_value() -> None:
    table = discrepancies(
        ("A", ["Ivan Petrov, director of the First Department, spoke.", "The talks in Geneva lasted three hours."]),
        ("B", ["Ivan Petrov, director of the Second Department, spoke.", "The talks in Geneva lasted two hours."]),
    )
    assert claims(table) == [
        (0, "Ivan Petrov", "department", "First Department", "A"),
        (0, "Ivan Petrov", "department", "Second Department", "B"),
        (1, "talks in Geneva", "duration (hours)", "2 hours", "B"),
        (1, "talks in Geneva", "duration (hours)", "3 hours", "A"),
    ]


def test_empty_input_gives_empty_table_with_columns() -> None:
    sentences, articles = tables(("A", ["Nothing here."]))
    empty_entities = pd.DataFrame(columns=S.ENTITY_COLUMNS)
    for table in (
        find_discrepancies(
            pd.DataFrame(columns=S.SENTENCE_COLUMNS), pd.DataFrame(columns=S.ARTICLE_COLUMNS), empty_entities
        ),
        find_discrepancies(sentences, articles, empty_entities),
    ):
        assert table.empty and list(table.columns) == S.DISCREPANCY_COLUMNS
