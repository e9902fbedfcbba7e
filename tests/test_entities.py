"""Tests for dashboard.corpus.entities: mentions, offsets, canonical values and variant grouping."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pandas as pd
import pytest

from dashboard import schema as S
from dashboard.corpus import entities as E
from dashboard.corpus.entities import (
    VARIANT_COLUMNS,
    VocabularyError,
    entity_variants,
    normalise_name,
    parse_vocabulary,
    title_key,
)
from dashboard.vocabularies import ENTITIES_FILE as DEFAULT_VOCABULARY
from dashboard.vocabularies import load_entity_vocabulary as load_vocabulary
from dashboard.vocabularies import load_person_finder

from .conftest import CALIBER, HURRIYET, LOCAL_GLOB, PRAVDA, ZIMBABWE_MAIL

# The extractor with the shipped vocabulary and person finder (loaded once per process), as
# the pipeline calls it.
extract_entities = partial(E.extract_entities, vocabulary=load_vocabulary(), people=load_person_finder())
# ... and with the rules alone.
rules_only = partial(E.extract_entities, vocabulary=load_vocabulary())


def tables(*articles: tuple[str, list[str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hand-made sentence and article tables: one article per (outlet, sentences)."""
    article_rows, sentence_rows = [], []
    for i, (outlet, texts) in enumerate(articles):
        article_id = f"{i:03d}_test"
        article_rows.append({S.ARTICLE_ID: article_id, S.OUTLET: outlet, S.TITLE: None})
        for j, text in enumerate(texts):
            sentence_rows.append({S.ARTICLE_ID: article_id, S.SENTENCE_ID: j, S.TEXT: text})
    return pd.DataFrame(sentence_rows), pd.DataFrame(article_rows)


def mentions(sentence: str) -> list[tuple[str, str]]:
    entities = extract_entities(*tables(("Outlet", [sentence])))
    return list(zip(entities[S.TEXT], entities[S.ENTITY_TYPE], strict=True))


@pytest.fixture(scope="module")
def seed_tables(seed_sentences_articles) -> tuple[pd.DataFrame, pd.DataFrame]:
    return seed_sentences_articles


@pytest.fixture(scope="module")
def seed_entities(seed_tables) -> pd.DataFrame:
    return extract_entities(*seed_tables)


@pytest.fixture(scope="module")
def seed_variants(seed_entities) -> pd.DataFrame:
    return entity_variants(seed_entities).set_index(S.ENTITY)


# --------------------------------------------------------------------------
# Mentions in one sentence: (sentence, every (text, type) in order)

MENTION_CASES = [
    (
        "Russian Foreign Minister Sergey Lavrov announced the meeting.",
        [("Foreign Minister", "title"), ("Sergey Lavrov", "person")],
    ),
    (
        "The talks were held between the Russian Foreign Ministry’s North Atlantic Department Director "
        "Alexander Darchiev and Sonata Coulter, Deputy Assistant Secretary of State for Russia and Central Europe.",
        [
            ("Russian Foreign Ministry", "organisation"),
            ("North Atlantic Department", "organisation"),
            ("Director", "title"),
            ("Alexander Darchiev", "person"),
            ("Sonata Coulter", "person"),
            ("Deputy Assistant Secretary of State", "title"),
            ("Russia", "place"),
            ("Central Europe", "place"),
        ],
    ),
    (
        "He is Director of the North Atlantic Department of the Russian Ministry of Foreign Affairs "
        "and Russia’s ambassador-designate for the United States.",
        [
            ("Director", "title"),
            ("North Atlantic Department", "organisation"),
            ("Russian Ministry of Foreign Affairs", "organisation"),
            ("Russia", "place"),
            ("ambassador-designate", "title"),
            ("United States", "place"),
        ],
    ),
    (
        "Kremlin spokesman Dmitry Peskov said the U.S. State Department was informed.",
        [("spokesman", "title"), ("Dmitry Peskov", "person"), ("U.S. State Department", "organisation")],
    ),
    (
        "Special Envoy for the Middle East Steve Witkoff flew to Riyadh, Saudi Arabia.",
        [
            ("Special Envoy", "title"),
            ("Middle East", "place"),
            ("Steve Witkoff", "person"),
            ("Riyadh", "place"),
            ("Saudi Arabia", "place"),
        ],
    ),
    (
        "Valentina Matvienko, speaker of the upper house, said so.",
        [("Valentina Matvienko", "person"), ("speaker", "title")],
    ),
    (
        "Presidents Vladimir Putin and Donald Trump spoke on February 12.",
        [("Presidents", "title"), ("Vladimir Putin", "person"), ("Donald Trump", "person"), ("February 12", "date")],
    ),
    (
        "Talks in Riyadh on 18 February lasted over four hours.",
        [("Riyadh", "place"), ("18 February", "date"), ("over four hours", "number")],
    ),
    (
        "They returned six real estate properties seized between 2016 and 2018.",
        [("six real estate properties", "number"), ("between 2016 and 2018", "date")],
    ),
    (
        "US-Russia talks resumed in February 2022.",
        [("US", "place"), ("Russia", "place"), ("February 2022", "date")],
    ),
    ("Mr Smith of the Bank of England declined.", [("Smith", "person"), ("Bank of England", "organisation")]),
    (
        "Mr. John Smith met George W. Bush in London.",
        [("John Smith", "person"), ("George W. Bush", "person"), ("London", "place")],
    ),
    (
        "European Commission President Ursula von der Leyen met Bashar al-Assad and Luiz Inacio Lula da Silva.",
        [
            ("European Commission", "organisation"),
            ("President", "title"),
            ("Ursula von der Leyen", "person"),
            ("Bashar al-Assad", "person"),
            ("Luiz Inacio Lula da Silva", "person"),
        ],
    ),
    (
        "NATO said the Kyiv Independent reported strikes on Kharkiv Oblast and the Gulf of Mexico.",
        [
            ("NATO", "organisation"),
            ("Kyiv Independent", "organisation"),
            ("Kharkiv Oblast", "place"),
            ("Gulf of Mexico", "place"),
        ],
    ),
    # Must NOT yield an entity: sentence-initial common words, weekdays, bare head-words,
    # nationality adjectives on their own, ordinary words that can be titles.
    ("According to him, nothing happened.", []),
    ("The meeting took place on Thursday.", []),
    ("Thursday was quiet, officials said.", []),
    ("Speaking during a visit, he said the leader of the group was absent.", []),
    ("Embassy staff cuts began long ago.", []),
    ("Russian and American diplomats agreed.", []),
    ("Details: nothing was agreed.", []),
    ("No one of them came.", []),
]


@pytest.mark.parametrize(("sentence", "expected"), MENTION_CASES)
def test_mentions_in_one_sentence(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert mentions(sentence) == expected


# --------------------------------------------------------------------------
# Canonical values of numbers and dates

VALUE_CASES = [
    ("It lasted over six hours.", "over six hours", "over 6 hours"),
    ("A call of about 1.5 hours followed.", "about 1.5 hours", "about 1.5 hours"),
    ("They held two rounds of consultations.", "two rounds", "2 rounds"),
    ("It returned six facilities.", "six facilities", "6 facilities"),
    ("They met on February 27.", "February 27", "02-27"),
    ("They met on 27 February 2025.", "27 February 2025", "2025-02-27"),
    ("They met on February 27, 2025.", "February 27, 2025", "2025-02-27"),
    ("Property was seized in 2016-2018.", "2016-2018", "2016/2018"),
    ("Sanctions began in 2014.", "2014", "2014"),
    ("Turnout was 45% in the capital.", "45%", "45 percent"),
    ("The bill is $2 billion.", "$2 billion", "2000000000 dollars"),
    ("Some twenty-five diplomats left.", "Some twenty-five diplomats", "about 25 diplomats"),
    # A hyphenated unit is the unit; a whole number and a fraction are one value.
    ("It is a 48-page indictment.", "48-page", "48 pages"),
    ("After a six-hour meeting they left.", "six-hour", "6 hours"),
    ("The talks lasted 6 1/2 hours.", "6 1/2 hours", "6.5 hours"),
]


@pytest.mark.parametrize(("sentence", "text", "canonical"), VALUE_CASES)
def test_number_and_date_canonical_values(sentence: str, text: str, canonical: str) -> None:
    entities = extract_entities(*tables(("Outlet", [sentence])))
    row = entities[entities[S.ENTITY_TYPE].isin(["number", "date"])]
    assert list(zip(row[S.TEXT], row[S.ENTITY], strict=True)) == [(text, canonical)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The F-16 and the Su-35 flew.",  # digits inside names are not numbers
        "He is one of them.",  # "one" without a unit
        "It was a state-level one.",
        "The 9/11 victims were remembered.",  # a date written with a slash is no count of victims
        "Files numbered 4/7 were sealed.",
    ],
)
def test_no_number_in(sentence: str) -> None:
    entities = extract_entities(*tables(("Outlet", [sentence])))
    assert entities[entities[S.ENTITY_TYPE] == "number"].empty


# --------------------------------------------------------------------------
# Grouping variants (hand-made articles whose answer is known)


def entity_of(entities: pd.DataFrame, text: str) -> int:
    ids = set(entities.loc[entities[S.TEXT] == text, S.ENTITY_ID])
    assert len(ids) == 1, (text, ids)
    return ids.pop()


def test_transliteration_variants_are_one_person_and_namesakes_are_not() -> None:
    entities = extract_entities(
        *tables(
            ("A", ["Sergei Ivanov met Vladimir Putin.", "Aleksandr Petrov, Yury Ushakov and Zelenskyy were there."]),
            ("B", ["Sergey Ivanov spoke to Vladimir Zelensky.", "Alexander Petrov and Yuri Ushakov agreed."]),
        )
    )
    assert entity_of(entities, "Sergei Ivanov") == entity_of(entities, "Sergey Ivanov")
    assert entity_of(entities, "Aleksandr Petrov") == entity_of(entities, "Alexander Petrov")
    assert entity_of(entities, "Yury Ushakov") == entity_of(entities, "Yuri Ushakov")
    assert entity_of(entities, "Zelenskyy") == entity_of(entities, "Vladimir Zelensky")
    assert entity_of(entities, "Vladimir Putin") != entity_of(entities, "Vladimir Zelensky")
    assert entity_of(entities, "Sergei Ivanov") != entity_of(entities, "Aleksandr Petrov")


def test_surname_joins_the_full_name_in_its_own_article_when_two_share_it() -> None:
    entities = extract_entities(
        *tables(
            ("A", ["John Smith arrived.", "Smith said yes."]),
            ("B", ["Jane Smith arrived.", "Smith said no."]),
            ("C", ["Smith was not asked."]),
        )
    )
    john, jane = entity_of(entities, "John Smith"), entity_of(entities, "Jane Smith")
    assert john != jane
    by_article = entities[entities[S.TEXT] == "Smith"].set_index(S.ARTICLE_ID)[S.ENTITY_ID]
    assert by_article["000_test"] == john and by_article["001_test"] == jane
    assert by_article["002_test"] not in (john, jane)  # ambiguous: kept apart
    assert entities.loc[entities[S.ENTITY_ID] == john, S.ENTITY].unique().tolist() == ["John Smith"]


def people(entities: pd.DataFrame) -> dict[str, set[str]]:
    """Canonical person -> the spellings grouped under it."""
    persons = entities[entities[S.ENTITY_TYPE] == E.PERSON]
    return {name: set(group[S.TEXT]) for name, group in persons.groupby(S.ENTITY)}


def test_two_people_with_one_surname_stay_two() -> None:
    entities = extract_entities(
        *tables(("A", ["Finance Minister Anna Smith met Foreign Secretary David Smith.", "Smith said nothing."]))
    )
    found = people(entities)
    assert found["Anna Smith"] == {"Anna Smith"} and found["David Smith"] == {"David Smith"}
    assert entity_of(entities, "Smith") not in (entity_of(entities, "Anna Smith"), entity_of(entities, "David Smith"))


def test_middle_initials_tell_people_apart_and_suffixes_do_not() -> None:
    entities = extract_entities(
        *tables(
            ("A", ["President George W. Bush spoke after President George H. W. Bush."]),
            ("B", ["Special counsel Robert S. Mueller III met Robert Mueller's team.", "Mueller said nothing."]),
        )
    )
    assert entity_of(entities, "George W. Bush") != entity_of(entities, "George H. W. Bush")
    assert entity_of(entities, "Robert S. Mueller III") == entity_of(entities, "Robert Mueller")
    assert entity_of(entities, "Mueller") == entity_of(entities, "Robert Mueller")
    assert E.same_person_name("Robert S. Mueller III", "Robert Mueller")
    assert not E.same_person_name("George W. Bush", "George H. W. Bush")


def test_pronouns_never_join_a_person() -> None:
    entities = extract_entities(
        *tables(("A", ['"Then I said no," said George T. Conway III.', "Later I and Conway left, and He agreed."]))
    )
    found = people(entities)
    assert found == {"George T. Conway III": {"George T. Conway III", "Conway"}}


def test_party_tags_and_party_descriptions_name_nobody() -> None:
    entities = extract_entities(
        *tables(
            (
                "A",
                [
                    "Sen. Jane Roe, D-Ore., and Rep. John Doe (R-Texas) spoke.",
                    "Bill Poe, a Virginia Democrat, agreed with Republican Mitt Romney.",
                    "The Texas Republican and Senate Democrats objected.",
                ],
            )
        )
    )
    assert set(people(entities)) == {"Jane Roe", "John Doe", "Bill Poe", "Mitt Romney"}
    assert entities.loc[entities[S.TEXT] == "Sen", S.ENTITY_TYPE].tolist() == [E.TITLE]


def test_a_name_without_a_title_is_a_person_when_something_says_so() -> None:
    sentences, articles = tables(
        ("A", ["Rob Shapiro, a former commerce official, disagreed.", "Goldman Sachs and Deutsche Bank agreed."]),
    )
    for extract in (extract_entities, rules_only):  # the recogniser, or the rules alone
        found = people(extract(sentences, articles))
        assert "Rob Shapiro" in found and "Goldman Sachs" not in found, extract


def test_a_dotted_abbreviation_is_no_surname() -> None:
    # "U.N." split into "U" and "N" made a surname "n" that no cluster held: KeyError: 'n'
    entities = extract_entities(
        *tables(("A", ["North Korean leader Kim Jong Un met envoys.", "He later spoke at the U.N. on Monday."]))
    )
    assert set(people(entities)) == {"Kim Jong Un"}
    assert E.PERSON not in set(entities.loc[entities[S.TEXT] == "U.N.", S.ENTITY_TYPE])


_FIRST = ["Anna", "David", "Maria", "James", "Olga", "Peter", "Laura", "Omar", "Mei", "Carlos"]
_LAST = ["Berg", "Okafor", "Novak", "Tanaka", "Silva", "Haddad", "Kowalski", "Moreau", "Lindqvist", "Un"]
_NEWS = [
    "{title} {first} {last} said on {day} that the talks in {city} had been useful.",
    '"We expect a decision within {n} days," {last} told reporters.',
    "The U.N. said {n} people had been displaced since {month} {d}.",
    "North Korean leader Kim Jong Un was not mentioned in the statement.",
    "According to the Ministry of Health, {n} clinics reopened in {city}.",
    "{first} {last}, a spokeswoman for the European Union, declined to comment.",
    "Officials in {city} said the vote would take place in {month}.",
    "The U.S. State Department and the U.N. issued a joint statement on {day}.",
    "Prices rose by {n} percent in {month}, the central bank reported.",
    "{last} added that {n} more meetings were planned before {month} {d}.",
]


def _ordinary_folder(folder: Path, n_articles: int = 37, n_sentences: int = 40) -> Path:
    """Ordinary news articles, of a kind and size that crashed the whole run before."""
    folder.mkdir()
    rows = ["file,outlet,url,published"]
    titles = ["Foreign Minister", "Sen.", "Gov.", "Ambassador", "President"]
    cities = ["Geneva", "Ankara", "Nairobi", "Lima", "Oslo"]
    months = ["January", "March", "May", "July", "October"]
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    for a in range(n_articles):
        lines = [f"Talks resume in {cities[a % 5]} as envoys meet", ""]
        for k in range(n_sentences):
            i = a * n_sentences + k
            lines.append(
                _NEWS[i % len(_NEWS)].format(
                    title=titles[i % 5],
                    first=_FIRST[(i // 7) % 10],
                    last=_LAST[(i // 3) % 10],
                    day=days[i % 5],
                    city=cities[(i // 2) % 5],
                    month=months[(i // 5) % 5],
                    d=1 + i % 28,
                    n=3 + i % 40,
                )
            )
            if k % 4 == 3:
                lines.append("")
        name = f"{a:03d}_outlet{a % 9}.txt"
        (folder / name).write_text("\n".join(lines), encoding="utf-8")
        rows.append(f"{name},Outlet {a % 9},https://example.org/{a},2025-03-{1 + a % 28:02d}")
    (folder / "sources.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def test_a_folder_of_many_ordinary_articles_builds_its_tables(tmp_path) -> None:
    from dashboard.pipeline import build_folder
    from dashboard.vocabularies import load_vocabularies

    build = build_folder(_ordinary_folder(tmp_path / "news"), load_vocabularies())
    assert build.report["counts"]["articles"] == 37
    entities = build.tables[S.ENTITIES_FILE]
    persons = entities[entities[S.ENTITY_TYPE] == E.PERSON]
    assert "Kim Jong Un" in set(persons[S.ENTITY])
    assert not set(persons[S.TEXT]) & {"U.N.", "U.S.", "I"}
    assert not build.tables[S.QUOTES_FILE].empty


def test_organisation_word_order_and_country_forms_are_one_entity() -> None:
    entities = extract_entities(
        *tables(
            ("A", ["The Russian Foreign Ministry said so.", "The U.S. State Department agreed."]),
            (
                "B",
                [
                    "The Russian Ministry of Foreign Affairs said so.",
                    "The US Department of State agreed.",
                    "The State Department added more.",
                ],
            ),
            ("C", ["The Ukrainian Foreign Ministry disagreed."]),
        )
    )
    russian = entity_of(entities, "Russian Foreign Ministry")
    assert entity_of(entities, "Russian Ministry of Foreign Affairs") == russian
    assert entity_of(entities, "Ukrainian Foreign Ministry") != russian
    us = entity_of(entities, "U.S. State Department")
    assert entity_of(entities, "US Department of State") == us == entity_of(entities, "State Department")


def test_places_by_alias_and_titles_by_wording() -> None:
    entities = extract_entities(
        *tables(
            ("A", ["The U.S. and the United States and the US are one.", "Ankara is in Türkiye and Turkey."]),
            (
                "B",
                [
                    "Kremlin spokeswoman Anna Smirnova and Kremlin spokesman Ivan Petrov spoke.",
                    "Presidents Emmanuel Macron and Joe Biden met President Xi Jinping.",
                ],
            ),
        )
    )
    us = entities[entities[S.TEXT].isin(["U.S.", "United States", "US"])]
    assert us[S.ENTITY_ID].nunique() == 1 and set(us[S.ENTITY]) == {"U.S."}
    assert entity_of(entities, "Türkiye") == entity_of(entities, "Turkey")
    assert entity_of(entities, "spokeswoman") == entity_of(entities, "spokesman")
    assert entity_of(entities, "Presidents") == entity_of(entities, "President")


def test_canonical_form_is_most_frequent_spelling_ties_alphabetical() -> None:
    entities = extract_entities(
        *tables(
            ("A", ["Alexander Darchiev spoke.", "Alexander Darchiev left."]),
            ("B", ["Alexander Darchiyev spoke.", "Darchiyev left.", "Darchiyev came back."]),
            ("C", ["Boris Dmitriev spoke."]),
            ("D", ["Boris Dmitryev spoke."]),
        )
    )
    assert set(entities.loc[entities[S.TEXT].str.contains("Darchi"), S.ENTITY]) == {"Alexander Darchiev"}
    assert set(entities.loc[entities[S.TEXT].str.contains("Dmitr"), S.ENTITY]) == {"Boris Dmitriev"}


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [
        ("Darchiyev", "Darchiev", True),
        ("Sergey", "Sergei", True),
        ("Zelenskyy", "Zelensky", True),
        ("Yevgeny", "Evgeny", True),
        ("Kharkov", "Harkov", True),
        ("Müller", "Muller", True),
        ("Aleksandr", "Alexander", False),  # close (fuzzy), not equal
        ("Putin", "Zelensky", False),
    ],
)
def test_normalise_name(a: str, b: str, equal: bool) -> None:
    assert (normalise_name(a) == normalise_name(b)) is equal


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("Deputy Assistant Secretary of State", ("secretary", "deputy assistant secretary of state")),
        ("Russian Foreign Minister", ("minister", "foreign minister")),
        ("spokeswoman", ("spokesman", "spokesman")),
        ("ambassador-designate", ("ambassador", "ambassador")),
        ("Presidents", ("president", "president")),
    ],
)
def test_title_key(title: str, key: tuple[str, str]) -> None:
    assert title_key(title, load_vocabulary()) == key


# --------------------------------------------------------------------------
# The seeds


def test_seed_table_columns_types_and_offsets(seed_tables, seed_entities) -> None:
    sentences, _ = seed_tables
    assert list(seed_entities.columns) == S.ENTITY_COLUMNS
    assert str(seed_entities[S.ENTITY_ID].dtype) == "int64"
    assert set(seed_entities[S.ENTITY_TYPE]) == {"person", "organisation", "place", "title", "number", "date"}
    text = sentences.set_index([S.ARTICLE_ID, S.SENTENCE_ID])[S.TEXT]
    for row in seed_entities.itertuples():
        assert text[(row.article_id, row.sentence_id)][row.start : row.end] == row.text
    keys = [S.ARTICLE_ID, S.SENTENCE_ID, S.START]
    assert seed_entities[keys].equals(seed_entities.sort_values(keys)[keys].reset_index(drop=True))
    # One canonical form and one type per id.
    assert (seed_entities.groupby(S.ENTITY_ID)[[S.ENTITY, S.ENTITY_TYPE]].nunique() == 1).all().all()


def test_seed_darchiev_is_one_entity_with_both_spellings(seed_variants) -> None:
    row = seed_variants.loc["Alexander Darchiev"]
    assert row[S.ENTITY_TYPE] == "person"
    assert list(row[S.VARIANTS]) == ["Alexander Darchiev", "Alexander Darchiyev", "Darchiev", "Darchiyev"]
    assert list(row[S.OUTLETS]) == ["Hürriyet Daily News", "Local Glob", "Ukrainska Pravda"]


def test_seed_lavrov_surname_joins_full_name(seed_variants, seed_entities) -> None:
    row = seed_variants.loc["Sergey Lavrov"]
    assert list(row[S.VARIANTS]) == ["Lavrov", "Sergey Lavrov"]
    assert list(row[S.OUTLETS]) == ["Caliber.Az", "Hürriyet Daily News", "Local Glob", "The Zimbabwe Mail"]
    lavrov = seed_entities[seed_entities[S.TEXT] == "Lavrov"]
    assert sorted(set(lavrov[S.ARTICLE_ID])) == [ZIMBABWE_MAIL, CALIBER, HURRIYET]


def test_seed_people_are_not_merged_across_first_names(seed_variants) -> None:
    people = seed_variants[seed_variants[S.ENTITY_TYPE] == "person"]
    assert sorted(people.index) == [
        "Alexander Darchiev",
        "Dmitry Peskov",
        "Donald Trump",
        "Joe Biden",
        "Kirill Dmitriev",
        "Marco Rubio",
        "Mike Waltz",
        "Sergey Lavrov",
        "Sonata Coulter",
        "Steve Witkoff",
        "Valentina Matvienko",
        "Vladimir Putin",
        "Yury Ushakov",
    ]


def test_seed_variant_groups(seed_variants) -> None:
    def variants(name: str) -> list[str]:
        return list(seed_variants.loc[name, S.VARIANTS])

    assert variants("US") == ["U.S.", "US", "United States"]
    assert variants("Russian Foreign Ministry") == ["Russian Foreign Ministry", "Russian Ministry of Foreign Affairs"]
    assert variants("US Department of State") == [
        "State Department",
        "U.S. State Department",
        "US Department of State",
        "US State Department",
    ]
    assert variants("2016/2018") == ["2016-2018", "between 2016 and 2018"]
    assert variants("02-18") == ["18 February", "February 18"]
    assert list(seed_variants.loc["North Atlantic Department", S.OUTLETS]) == ["Local Glob", "Ukrainska Pravda"]
    assert list(seed_variants.loc["North American Department", S.OUTLETS]) == ["Hürriyet Daily News"]


def test_seed_durations_keep_their_values(seed_entities) -> None:
    numbers = seed_entities[seed_entities[S.ENTITY_TYPE] == "number"].set_index(S.ENTITY)
    assert numbers.loc["over 4 hours", S.ARTICLE_ID] == ZIMBABWE_MAIL
    assert numbers.loc["over 6 hours", S.ARTICLE_ID] == HURRIYET
    assert numbers.loc["about 1.5 hours", S.ARTICLE_ID] == LOCAL_GLOB
    hours = numbers[numbers.index.str.endswith(" hours")]
    assert sorted(hours.index) == ["about 1.5 hours", "over 4 hours", "over 6 hours"]
    assert PRAVDA in set(numbers[S.ARTICLE_ID]) and PRAVDA not in set(hours[S.ARTICLE_ID])


def test_entity_variants_columns_and_counts(seed_entities) -> None:
    variants = entity_variants(seed_entities)
    assert list(variants.columns) == VARIANT_COLUMNS
    assert variants[S.ENTITY_ID].tolist() == sorted(seed_entities[S.ENTITY_ID].unique())
    assert int(variants["n_mentions"].sum()) == len(seed_entities)


# --------------------------------------------------------------------------
# Empty input, vocabulary errors


def test_empty_input_gives_empty_tables_with_columns() -> None:
    empty_sentences = pd.DataFrame(columns=S.SENTENCE_COLUMNS)
    empty_articles = pd.DataFrame(columns=S.ARTICLE_COLUMNS)
    entities = extract_entities(empty_sentences, empty_articles)
    assert entities.empty and list(entities.columns) == S.ENTITY_COLUMNS
    variants = entity_variants(entities)
    assert variants.empty and list(variants.columns) == VARIANT_COLUMNS
    no_names = extract_entities(*tables(("A", ["nothing here at all."])))
    assert no_names.empty and list(no_names.columns) == S.ENTITY_COLUMNS


def test_vocabulary_errors_name_the_file_and_key() -> None:
    with pytest.raises(VocabularyError, match=r"^bad\.toml: invalid TOML: "):
        parse_vocabulary("version = ", source="bad.toml")
    with pytest.raises(VocabularyError, match=r"^v\.toml: missing section \[titles\]$"):
        parse_vocabulary("[names]\nhonorifics = ['mr']\n", source="v.toml")
    text = DEFAULT_VOCABULARY.read_text(encoding="utf-8").replace("honorifics = [", "honorifics = [1, ", 1)
    with pytest.raises(VocabularyError, match=r"^v\.toml: 'names\.honorifics' must be a list of non-empty strings$"):
        parse_vocabulary(text, source="v.toml")
    with pytest.raises(VocabularyError, match=r"^missing\.toml: cannot read the entity vocabulary: "):
        load_vocabulary(Path("/nonexistent/missing.toml"))


def test_shipped_vocabulary_holds_no_seed_names() -> None:
    text = DEFAULT_VOCABULARY.read_text(encoding="utf-8").lower()
    for name in ("darchiev", "lavrov", "coulter", "rubio", "peskov", "north atlantic", "kremlin"):
        assert name not in text


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Alexander Darchiev", "Alexander Darchiyev", True),
        ("Sergei Lavrov", "Sergey Lavrov", True),
        ("Aleksandr Darchiev", "Alexander Darchiev", True),
        ("Vladimir Putin", "Vladimir Zelensky", False),
        ("Sergey Lavrov", "Yury Lavrov", False),
        ("Lavrov", "Sergey Lavrov", False),
    ],
)
def test_same_person_name(a, b, same):
    from dashboard.corpus.entities import same_person_name

    assert same_person_name(a, b) is same
    assert same_person_name(b, a) is same


def test_tokenise_with_its_word_memo_equals_the_plain_definition() -> None:
    """Tokens built from the memo of word forms equal those folded word by word."""
    import random

    from dashboard.corpus import entities as E

    def plain(text: str) -> list[E._Tok]:
        tokens = []
        for m in E._TOKEN.finditer(text):
            word, start = m.group(), m.start()
            first = word[0]
            alpha = first.isalpha()
            if alpha and len(word) > 2 and ("'" in word or "’" in word) and E._POSSESSIVE.search(word):
                end = start + len(word)
                tokens.append(E._Tok(word[:-2], start, end - 2, E._fold(word[:-2]), first.isupper(), True))
                tokens.append(E._Tok(word[-2:], end - 2, end, "'s", False, False))
                continue
            fold = word.casefold().replace("’", "'")
            cap = alpha and (first.isupper() or bool(E._ARTICLE_PREFIX.match(word)))
            tokens.append(E._Tok(word, start, start + len(word), fold, cap, alpha))
        return tokens

    pieces = ["Lavrov's", "Russia’s", "al-Assad", "O'Brien", "U.S.", "3.5", "—", "Straße", "İ", "it's", "'s", "ÉLYSÉE"]
    rng = random.Random(19)
    for _ in range(2000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert E._tokenise(text) == plain(text)


def test_kept_vocabulary_sets_equal_the_ones_built_on_each_use() -> None:
    from dashboard.corpus import entities as E
    from dashboard.vocabularies import load_vocabularies

    v = load_vocabularies().entities
    assert E._starters(v) == v.title_heads | v.title_modifiers | v.phrase_starts
    assert E._starters(v) is E._starters(v)
    assert E._Patterns(v).units == v.units
