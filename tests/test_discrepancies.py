"""Discrepancies: members of one fact group that conflict in one slot, on the seeds and by construction."""

from __future__ import annotations

from functools import partial

import pandas as pd
import pytest

from dashboard import schema as S
from dashboard.corpus import discrepancies as D
from dashboard.corpus.discrepancies import MIN_SIMILARITY
from dashboard.vocabularies import load_entity_vocabulary, load_stopwords

from .conftest import HURRIYET, LOCAL_GLOB, PRAVDA
from .test_align import align
from .test_entities import extract_entities, tables

# The finder with the shipped vocabulary, as the pipeline calls it.
find_discrepancies = partial(D.find_discrepancies, vocabulary=load_entity_vocabulary(), stopwords=load_stopwords())


def run(sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Discrepancies as the pipeline derives them: entities and alignment of the same sentences."""
    return find_discrepancies(sentences, articles, extract_entities(sentences, articles), align(sentences, articles))


def discrepancies(*articles: tuple[str, list[str]]) -> pd.DataFrame:
    """Discrepancies of hand-made articles, one per (outlet, sentences); ids ``000_test``, ``001_test`` ..."""
    return run(*tables(*articles))


def claims(table: pd.DataFrame) -> list[tuple[int, str, str, str, str]]:
    return list(
        zip(table[S.DISCREPANCY_ID], table[S.ENTITY], table[S.ATTRIBUTE], table[S.VALUE], table[S.OUTLET], strict=True)
    )


def slots(table: pd.DataFrame) -> list[tuple[int, str, str, str]]:
    """The claims without the entity (for facts, the representative sentence shortened)."""
    return [(d, a, v, o) for d, _, a, v, o in claims(table)]


@pytest.fixture(scope="module")
def seed_discrepancies(seed_sentences_articles) -> pd.DataFrame:
    return run(*seed_sentences_articles)


# --------------------------------------------------------------------------
# The seeds


def test_seed_department_discrepancy_is_the_only_one(seed_sentences_articles, seed_discrepancies) -> None:
    assert list(seed_discrepancies.columns) == S.DISCREPANCY_COLUMNS
    rows = [r[:7] for r in seed_discrepancies.itertuples(index=False, name=None)]
    assert rows == [
        (0, "Alexander Darchiev", "department", "North American Department", "Hürriyet Daily News", HURRIYET, 21),
        (0, "Alexander Darchiev", "department", "North Atlantic Department", "Local Glob", LOCAL_GLOB, 7),
        (0, "Alexander Darchiev", "department", "North Atlantic Department", "Ukrainska Pravda", PRAVDA, 3),
    ]
    # The three sentences are one fact group; the strength is the weaker of the two conflicting pairs.
    alignment = align(*seed_sentences_articles)
    members = alignment.members.set_index([S.ARTICLE_ID, S.SENTENCE_ID])[S.FACT_ID]
    (fact_id,) = {members[(HURRIYET, 21)], members[(LOCAL_GLOB, 7)], members[(PRAVDA, 3)]}
    assert seed_discrepancies[S.FACT_ID].tolist() == [fact_id] * 3
    terms = alignment.terms
    weaker = min(alignment.similarity(terms[(HURRIYET, 21)], terms[k]) for k in [(LOCAL_GLOB, 7), (PRAVDA, 3)])
    assert seed_discrepancies[S.STRENGTH].tolist() == [round(weaker, 3)] * 3 and weaker >= MIN_SIMILARITY
    assert str(seed_discrepancies[S.DISCREPANCY_ID].dtype) == "int64"


def test_seed_riyadh_and_istanbul_durations_are_not_compared(seed_discrepancies) -> None:
    assert not seed_discrepancies[S.ATTRIBUTE].str.startswith("duration").any()
    assert not seed_discrepancies[S.VALUE].str.contains("hours").any()


def test_seed_ids_and_rows_are_the_same_on_every_run(seed_sentences_articles, seed_discrepancies) -> None:
    sentences, articles = seed_sentences_articles
    pd.testing.assert_frame_equal(run(sentences, articles), seed_discrepancies)
    shuffled = run(sentences.sample(frac=1, random_state=11).reset_index(drop=True), articles.iloc[::-1])
    pd.testing.assert_frame_equal(shuffled, seed_discrepancies)


# --------------------------------------------------------------------------
# Numbers

LOAN = "The World Bank approved a {} loan on Monday for the new railway line between Nairobi and the port of Mombasa."


def test_a_copy_with_one_number_changed_is_one_discrepancy_with_both_claims() -> None:
    table = discrepancies(
        (
            "Alpha",
            ["Traffic in central Nairobi was heavy all week because of road works.", LOAN.format("$3.5 billion")],
        ),
        ("Beta", [LOAN.format("$3.6 billion"), "Farmers in the Rift Valley expect a good maize harvest this year."]),
    )
    assert table[[S.DISCREPANCY_ID, S.ATTRIBUTE, S.VALUE, S.OUTLET, S.ARTICLE_ID, S.SENTENCE_ID]].values.tolist() == [
        [0, "count (dollars)", "3500000000 dollars", "Alpha", "000_test", 1],
        [0, "count (dollars)", "3600000000 dollars", "Beta", "001_test", 0],
    ]
    assert table[S.ENTITY].tolist() == ["The World Bank approved a $3.5 billion loan on Monday for the …"] * 2
    assert table[S.FACT_ID].tolist() == [0, 0] and table[S.STRENGTH].tolist() == [1.0, 1.0]


SUMMIT = "Delegations from {} attended the climate summit in Nairobi on Monday."
CHARITY = "The charity raised {} for the flood victims in the coastal town of Lamu."
MARCH = "{} people marched through Nairobi on Friday against the new tax law."
COURT = "The court released {} of documents about the dam contract on Friday."


@pytest.mark.parametrize(
    ("template", "left", "right", "conflict"),
    [
        (SUMMIT, "more than 30 nations", "at least 30 countries", False),
        (SUMMIT, "more than 30 countries", "at least 30 countries", False),  # both "30 or more"
        (SUMMIT, "more than 30 countries", "25 countries", True),  # "more than 30" is above 30
        (CHARITY, "about $60,000", "more than $60,000", False),  # the intervals meet
        (CHARITY, "about $60,000", "$90,000", True),
        (MARCH, "More than 5,000", "Some 5,200", False),
        (COURT, "50,000 pages", "55,000 pages", True),
    ],
)
def test_qualified_numbers_conflict_only_when_their_intervals_do_not_meet(template, left, right, conflict) -> None:
    table = discrepancies(("A", [template.format(left)]), ("B", [template.format(right)]))
    assert (not table.empty) is conflict
    if conflict:
        assert table[S.DISCREPANCY_ID].tolist() == [0, 0] and sorted(table[S.OUTLET]) == ["A", "B"]


FLOODS = "Floods in the north of the country killed {} people on Monday, the Red Cross said."
BUS = "A bus crash on the highway in the south killed 40 people on Monday, police said."
BUS_B = "Police said 40 people died on Monday when a bus crashed on the southern highway."
FLOODS_B = "The Red Cross said floods killed {} people in the north of the country on Monday."


@pytest.mark.parametrize(
    ("floods_b", "expected"),
    [(12, []), (14, [(0, "count (people)", "12 people", "A"), (0, "count (people)", "14 people", "B")])],
)
def test_two_facts_of_one_story_with_different_numbers_are_not_set_against_each_other(floods_b, expected) -> None:
    # 12 dead in floods and 40 in a bus crash: two facts, both outlets tell both, in other orders.
    table = discrepancies(("A", [FLOODS.format(12), BUS]), ("B", [BUS_B, FLOODS_B.format(floods_b)]))
    assert slots(table) == expected


def test_two_meetings_of_one_story_on_different_dates_are_not_set_against_each_other() -> None:
    table = discrepancies(
        (
            "A",
            [
                "The first round of talks in Geneva on March 3 ended without a deal.",
                "A second round in Geneva on April 20 produced a draft text on prisoners.",
            ],
        ),
        (
            "B",
            [
                "Negotiators met again in Geneva on April 20 and agreed a draft text on prisoners.",
                "Their first meeting in Geneva, on March 3, ended with no deal.",
            ],
        ),
    )
    assert table.empty


def test_counts_of_the_same_thing_are_compared_across_unit_synonyms() -> None:
    template = "Russia asked for the return of {} seized in the US in 2017."
    table = discrepancies(
        ("A", [template.format("six facilities")]),
        ("B", [template.format("five properties")]),
        ("C", [template.format("six buildings")]),
    )
    assert slots(table) == [
        (0, "count (properties)", "5 properties", "B"),
        (0, "count (properties)", "6 buildings", "C"),
        (0, "count (properties)", "6 facilities", "A"),
    ]


def test_durations_of_the_same_event_differ() -> None:
    table = discrepancies(
        ("A", ["The talks in Geneva lasted three hours."]),
        ("B", ["The negotiations in Geneva lasted for over five hours."]),
    )
    assert slots(table) == [(0, "duration (hours)", "3 hours", "A"), (0, "duration (hours)", "over 5 hours", "B")]


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


def test_members_less_similar_than_min_similarity_compare_only_values_with_a_shared_anchor() -> None:
    sentences, articles = tables(
        ("A", ["The talks in Geneva between the two delegations lasted three hours on Monday."]),
        ("B", ["Five hours after the talks ended in Geneva, the delegations had still issued no statement."]),
    )
    alignment = align(sentences, articles)
    terms = list(alignment.terms.values())
    assert len(alignment.groups) == 1  # one fact group ...
    assert alignment.similarity(*terms) < MIN_SIMILARITY  # ... but a weak match
    # "lasted three hours" and "five hours after the talks ended" share no word beside the value.
    assert run(sentences, articles).empty


def test_a_number_told_with_the_same_words_around_it_is_compared_in_a_weak_match() -> None:
    # A weak match (below MIN_SIMILARITY) whose numbers both count the "N-page indictment".
    sentences, articles = tables(
        ("A", ["Among the allegations named in the 48-page indictment were campaign funds Hunter spent on trips."]),
        ("B", ["The 47-page indictment says Hunter used campaign funds for years of personal expenses."]),
    )
    table = run(sentences, articles)
    assert slots(table) == [(0, "count (pages)", "47 pages", "B"), (0, "count (pages)", "48 pages", "A")]
    assert table[S.STRENGTH].iloc[0] < MIN_SIMILARITY  # weak, and said so


def test_a_day_told_beside_the_same_verb_is_compared_outside_a_fact_group() -> None:
    sentences, articles = tables(
        ("A", ["A Republican staffer on Friday apologized for a Facebook post about the first daughters."]),
        ("B", ["The communications director had to apologize Saturday for a Facebook post critical of the girls."]),
    )
    assert align(sentences, articles).groups.empty
    table = run(sentences, articles)
    assert slots(table) == [(0, "day", "Friday", "A"), (0, "day", "Saturday", "B")]
    assert table[S.FACT_ID].tolist() == [-1, -1]


def test_a_value_is_set_against_the_closest_sentence_of_its_slot_only() -> None:
    # B tells both deaths tolls; A's flood toll is compared with B's flood sentence, never its crash one.
    table = discrepancies(
        ("A", ["Heavy floods in the northern valleys killed 12 people, the Red Cross said."]),
        (
            "B",
            [
                "The Red Cross said floods in the northern valleys killed 14 people overnight.",
                "Separately, a bus crash on the coastal highway killed 40 people.",
            ],
        ),
    )
    assert slots(table) == [(0, "count (people)", "12 people", "A"), (0, "count (people)", "14 people", "B")]


def test_days_beside_different_verbs_are_not_compared() -> None:
    # "resigned Monday" and "apologize Saturday" date two events of one story.
    table = discrepancies(
        (
            "A",
            [
                "A congressional aide resigned Monday after her Facebook post about the president's daughters drew anger."
            ],
        ),
        ("B", ["The staffer had to apologize Saturday for a Facebook post critical of the first daughters' outfits."]),
    )
    assert table.empty


def test_values_are_compared_by_their_anchors_only_between_articles_of_one_story() -> None:
    # A and B tell the floods (one shared fact); C tells a fire elsewhere with "the N-page report".
    floods = "Floods in the Ardent valley forced thousands of families from their homes on Monday."
    floods_b = "On Monday floods in the Ardent valley forced thousands of families from their homes."
    fire = "Investigators said the 40-page report blamed faulty wiring for the warehouse fire in Corvel."
    sentences, articles = tables(
        ("A", [floods, "The agency published the 12-page report with maps of the flooded villages."]),
        ("B", [floods_b, "Officials released a 12-page report with maps of the flooded villages."]),
        ("C", [fire]),
    )
    assert "002_test" not in set(align(sentences, articles).members[S.ARTICLE_ID])  # C shares no fact
    assert run(sentences, articles).empty


def test_two_percentages_that_make_a_whole_are_not_a_discrepancy() -> None:
    table = discrepancies(
        ("A", ["Without changes the trust fund can pay only 77 percent of promised benefits after 2036."]),
        ("B", ["Without changes the trust fund faces a 23 percent cut in promised benefits after 2036."]),
    )
    assert table.empty


# --------------------------------------------------------------------------
# Days, dates, negation


def test_a_weekday_changed_in_a_copy_is_a_day_discrepancy() -> None:
    sentence = "The two presidents will sign the border agreement in Kigali on {}, officials said."
    table = discrepancies(("A", [sentence.format("Thursday")]), ("B", [sentence.format("Tuesday")]))
    assert slots(table) == [(0, "day", "Thursday", "A"), (0, "day", "Tuesday", "B")]
    assert table[S.SENTENCE_ID].tolist() == [0, 0] and table[S.ARTICLE_ID].tolist() == ["000_test", "001_test"]


@pytest.mark.parametrize(
    ("date_a", "date_b", "conflict"), [("March 3", "4 March", True), ("March 3", "March 3", False)]
)
def test_dates_of_an_event(date_a: str, date_b: str, conflict: bool) -> None:
    table = discrepancies(
        ("A", [f"The talks in Geneva on {date_a} ended without a deal."]),
        ("B", [f"The meeting in Geneva on {date_b} ended without a deal."]),
    )
    assert (not table.empty) is conflict
    if conflict:
        assert table[[S.ATTRIBUTE, S.VALUE]].values.tolist() == [["date", "03-03"], ["date", "03-04"]]


def test_a_date_is_not_tied_to_a_place_in_another_clause() -> None:
    table = discrepancies(
        ("A", ["It follows a phone call on February 12, as well as a gathering in Riyadh on February 18."]),
        ("B", ["The gathering in Riyadh on February 18 was useful."]),
    )
    assert table.empty


@pytest.mark.parametrize(
    ("left", "right", "conflict"),
    [
        (
            "Passing the bill would increase the risk of a default, the finance minister warned.",
            "Not passing the bill would increase the risk of a default, the finance minister warned.",
            True,
        ),
        # Similar (0.64) but not a near copy: wording differs all the time, negation included.
        (
            "The finance minister warned that passing the budget bill would increase the risk of a default next year.",
            "Not passing the bill, the minister said, would raise default risk.",
            False,
        ),
    ],
)
def test_negation_counts_between_near_copies_only(left, right, conflict) -> None:
    table = discrepancies(("A", [left]), ("B", [right]))
    assert slots(table) == (
        [(0, "wording (negation)", "affirmed", "A"), (0, "wording (negation)", "negated", "B")] if conflict else []
    )


# --------------------------------------------------------------------------
# People: titles and offices

RUBIO = "{} Marco Rubio said the United States would reopen its consulate in the city of Goma."


def test_a_short_and_a_full_form_of_one_title_are_not_a_discrepancy() -> None:
    assert discrepancies(("A", [RUBIO.format("Secretary")]), ("B", [RUBIO.format("Secretary of State")])).empty


def test_two_different_titles_of_one_person_are_a_discrepancy() -> None:
    table = discrepancies(("A", [RUBIO.format("Deputy Secretary")]), ("B", [RUBIO.format("Secretary of State")]))
    assert claims(table) == [
        (0, "Marco Rubio", "title", "Deputy Secretary", "A"),
        (0, "Marco Rubio", "title", "Secretary of State", "B"),
    ]


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


# --------------------------------------------------------------------------
# Order, determinism, empty input


def _two_discrepancies() -> tuple[pd.DataFrame, pd.DataFrame]:
    return tables(
        ("A", [LOAN.format("$3.5 billion"), "The talks in Geneva lasted three hours."]),
        ("B", ["The negotiations in Geneva lasted for over five hours.", LOAN.format("$3.6 billion")]),
    )


def test_ids_are_ordered_by_strength_and_rows_by_value() -> None:
    table = run(*_two_discrepancies())
    assert slots(table) == [
        (0, "count (dollars)", "3500000000 dollars", "A"),
        (0, "count (dollars)", "3600000000 dollars", "B"),
        (1, "duration (hours)", "3 hours", "A"),
        (1, "duration (hours)", "over 5 hours", "B"),
    ]
    strength = table.drop_duplicates(S.DISCREPANCY_ID)[S.STRENGTH].tolist()
    assert strength == sorted(strength, reverse=True) and strength[0] > strength[1]
    assert table.groupby(S.DISCREPANCY_ID)[S.FACT_ID].nunique().tolist() == [1, 1]
    assert table[S.FACT_ID].nunique() == 2


def test_ids_and_rows_are_the_same_on_two_runs_and_any_row_order() -> None:
    sentences, articles = _two_discrepancies()
    first = run(sentences, articles)
    pd.testing.assert_frame_equal(run(sentences, articles), first)
    pd.testing.assert_frame_equal(run(sentences.iloc[::-1].reset_index(drop=True), articles.iloc[::-1]), first)


def test_empty_input_gives_empty_table_with_columns() -> None:
    sentences, articles = tables(("A", ["Nothing here."]))
    empty_entities = pd.DataFrame(columns=S.ENTITY_COLUMNS)
    empty_sentences, empty_articles = pd.DataFrame(columns=S.SENTENCE_COLUMNS), pd.DataFrame(columns=S.ARTICLE_COLUMNS)
    for table in (
        find_discrepancies(empty_sentences, empty_articles, empty_entities, align(empty_sentences, empty_articles)),
        find_discrepancies(sentences, articles, empty_entities, align(sentences, articles)),
    ):
        assert table.empty and list(table.columns) == S.DISCREPANCY_COLUMNS
