"""Tests for dashboard.corpus.quotes: direct and reported speech, speakers, groups across outlets."""

from __future__ import annotations

import re
from functools import partial

import pandas as pd
import pytest

from dashboard import schema as S
from dashboard.article.sentences import split_sentences
from dashboard.corpus import quotes as Q
from dashboard.corpus.quotes import (
    DIRECT,
    REPORTED,
    VocabularyError,
    parse_vocabulary,
    speaker_matrix,
)
from dashboard.vocabularies import SPEECH_FILE as DEFAULT_VOCABULARY
from dashboard.vocabularies import load_speech_vocabulary as load_vocabulary

from .conftest import CALIBER, HURRIYET, LOCAL_GLOB, PRAVDA, ZIMBABWE_MAIL

# The extractor and the name rule with the shipped vocabulary, as the pipeline calls them.
extract_quotes = partial(Q.extract_quotes, vocabulary=load_vocabulary())
canonical_institution = partial(Q.canonical_institution, vocabulary=load_vocabulary())


def _tables(*articles: tuple[str, str, list[str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sentence and article tables for hand-made articles ``(article_id, outlet, paragraphs)``,
    split by the pipeline's own sentence splitter so offsets and paragraphs are real."""
    sentence_rows, article_rows = [], []
    for article_id, outlet, paragraphs in articles:
        text = "\n\n".join(paragraphs)
        article_rows.append({S.ARTICLE_ID: article_id, S.OUTLET: outlet, S.TEXT: text})
        for s in split_sentences(text):
            sentence_rows.append(
                {S.ARTICLE_ID: article_id, S.SENTENCE_ID: s.idx, S.START: s.start, S.END: s.end, S.TEXT: s.text}
            )
    sentences = pd.DataFrame(sentence_rows, columns=[S.ARTICLE_ID, S.SENTENCE_ID, S.START, S.END, S.TEXT])
    return sentences, pd.DataFrame(article_rows)


def _quotes(*paragraphs: str) -> pd.DataFrame:
    return extract_quotes(*_tables(("a", "Outlet", list(paragraphs))))


def _triples(quotes: pd.DataFrame) -> list[tuple[str | None, str, str]]:
    return [(r.speaker_text, r.kind, r.text) for r in quotes.itertuples()]


# --------------------------------------------------------------------------
# What counts as a quote, who said it, and what was said

EXTRACT_CASES = [
    # "...," X said
    (
        ['"We will not give up," Prime Minister Jane Doe said on Monday.'],
        [("Prime Minister Jane Doe", DIRECT, "We will not give up")],
    ),
    # "...," said X
    (['"We will never accept these terms," said Doe.'], [("Doe", DIRECT, "We will never accept these terms")]),
    # X said: "..."  (typographic marks)
    (
        ["Doe told reporters: “The deal is dead and we all know it.”"],
        [("Doe", DIRECT, "The deal is dead and we all know it.")],
    ),
    # X said that "..."  (a fragment)
    (
        ['The president said that the talks were "a great success for everyone involved."'],
        [("The president", DIRECT, "a great success for everyone involved.")],
    ),
    # straight opening mark, typographic closing mark; X hailed "..."
    (
        ["Putin hailed the administration's \"pragmatism and realistic view” of the talks."],
        [("Putin", DIRECT, "pragmatism and realistic view")],
    ),
    # single quotes used as quote marks, apostrophes inside
    (
        ["'It's the parents' responsibility to keep children safe,' the spokesman said."],
        [("the spokesman", DIRECT, "It's the parents' responsibility to keep children safe")],
    ),
    # a short quote is a statement when its speaker is attributed right next to it
    (['Asked whether he would resign, Johnson said: "Absolutely not."'], [("Johnson", DIRECT, "Absolutely not.")]),
    # a quote split by its attribution is one quote
    (
        ["“We are ready,” Smith said, “but not at any price and not under pressure.”"],
        [("Smith", DIRECT, "We are ready, but not at any price and not under pressure.")],
    ),
    # a participle: the quote after it belongs to the subject
    (
        ['Doe said the vote was fair, adding that the result "reflects the will of the people".'],
        [("Doe", REPORTED, "Doe said the vote was fair"), ("Doe", DIRECT, "reflects the will of the people")],
    ),
    # a participle right after a quote's closing comma: ...," adding that CLAUSE
    (
        ["Doe said that “the war is far from over for all of us,” adding that more troops would be sent."],
        [
            ("Doe", DIRECT, "the war is far from over for all of us"),
            ("Doe", REPORTED, "adding that more troops would be sent"),
        ],
    ),
    # the statement reads / X's statement said
    (
        ['"The talks were useful and we will continue them," the statement reads.'],
        [("the statement", DIRECT, "The talks were useful and we will continue them")],
    ),
    # an appositive after the name, then said
    (
        ['Maria Zakharova, the foreign ministry spokeswoman, said the claims were "absurd and baseless lies".'],
        [("Maria Zakharova", DIRECT, "absurd and baseless lies")],
    ),
    # a participial phrase between the name and the verb
    (
        [
            "Putin, speaking at a meeting of the Security Council on Thursday, said: “We will not allow anyone to "
            "dictate terms to us.”"
        ],
        [("Putin", DIRECT, "We will not allow anyone to dictate terms to us.")],
    ),
    # reported speech: X said (that) CLAUSE
    (
        ["The Ministry of Defence said in a statement that two drones were shot down overnight."],
        [
            (
                "The Ministry of Defence",
                REPORTED,
                "The Ministry of Defence said in a statement that two drones were shot down overnight",
            )
        ],
    ),
    (
        ["Kremlin spokesman Dmitry Peskov said the talks would continue next week."],
        [
            (
                "Kremlin spokesman Dmitry Peskov",
                REPORTED,
                "Kremlin spokesman Dmitry Peskov said the talks would continue next week",
            )
        ],
    ),
    (
        ["Rubio, in turn, said after the talks that both sides had agreed to restore staffing."],
        [("Rubio", REPORTED, "Rubio, in turn, said after the talks that both sides had agreed to restore staffing")],
    ),
    (
        ["The minister said in an interview with Reuters published on Monday that sanctions had failed."],
        [
            (
                "The minister",
                REPORTED,
                "The minister said in an interview with Reuters published on Monday that sanctions had failed",
            )
        ],
    ),
    # CLAUSE, X said (in a statement).
    (
        ["Two drones were shot down overnight, the Ministry of Defence said in a statement."],
        [
            (
                "the Ministry of Defence",
                REPORTED,
                "Two drones were shot down overnight, the Ministry of Defence said in a statement",
            )
        ],
    ),
    # CLAUSE, says X
    (
        ["Sanctions have failed to change anything, says Lavrov."],
        [("Lavrov", REPORTED, "Sanctions have failed to change anything, says Lavrov")],
    ),
    # according to X, CLAUSE / CLAUSE, according to X.
    (
        ["According to the UN, more than 2,000 people have fled the region since Friday."],
        [("the UN", REPORTED, "According to the UN, more than 2,000 people have fled the region since Friday")],
    ),
    (
        ["More than 2,000 people have fled the region since Friday, according to the United Nations."],
        [
            (
                "the United Nations",
                REPORTED,
                "More than 2,000 people have fled the region since Friday, according to the United Nations",
            )
        ],
    ),
    # two reported clauses in one sentence, each with its speaker
    (
        ["Jane Doe said the plan was good, while John Roe said it was bad."],
        [("Jane Doe", REPORTED, "Jane Doe said the plan was good"), ("John Roe", REPORTED, "John Roe said it was bad")],
    ),
    # a scare quote inside a reported clause stays in the clause
    (
        ['Analysts say the "irritants" will remain for years.'],
        [("Analysts", REPORTED, 'Analysts say the "irritants" will remain for years')],
    ),
    # a direct quote is not repeated as reported speech
    (
        ['Lavrov said the talks would resolve "systemic problems that have accumulated over the years."'],
        [("Lavrov", DIRECT, "systemic problems that have accumulated over the years.")],
    ),
]


@pytest.mark.parametrize(("paragraphs", "expected"), EXTRACT_CASES)
def test_extract_quotes_finds_the_statement_and_its_speaker(paragraphs, expected):
    assert _triples(_quotes(*paragraphs)) == expected


NO_QUOTE_CASES = [
    "Russia's economy and others' economies grew last year, the figures show.",  # apostrophes
    "Russian and U.S. diplomats met after years expelling each others' diplomats.",
    'The talks are expected to address a range of "irritants" in the relationship.',  # scare quotes
    "Washington adopted a policy aimed at “systemic containment” of Russia.",
    "Russia, US enter 'new phase' of talks on embassies",  # a headline's title
    'The so-called "special military operation" began in February 2022.',  # "called" in so-called
    'The film "Gone With the Wind" was shown again on Sunday night.',  # a quoted title
    "It was announced that the plant would close next year.",  # passive
    "Moscow had no comment on the talks, which Russian news agencies said lasted six hours.",  # relative
    "Earlier reports indicated that the talks would not cover Ukraine.",  # reports are no speaker
    "The minister declined to comment on the matter.",
    "Washington announced the closure of the consulate in Seattle.",  # no clause
    'The measure is 5" wide and 10" long, the manual says nothing more.',  # inch marks
]


@pytest.mark.parametrize("sentence", NO_QUOTE_CASES)
def test_sentences_that_are_not_statements(sentence):
    quotes = _quotes(sentence)
    assert quotes.empty, _triples(quotes)
    assert list(quotes.columns) == S.QUOTE_COLUMNS


# --------------------------------------------------------------------------
# Quotes over several sentences and paragraphs


def test_newswire_quote_left_open_at_a_paragraph_end_continues_in_the_next():
    quotes = _quotes(
        '"We have done our part, and we are proud of it.',
        '"Now it is their turn to act and deliver," the minister said.',
        "The talks resume on Monday.",
    )
    assert _triples(quotes) == [
        (
            "the minister",
            DIRECT,
            "We have done our part, and we are proud of it. Now it is their turn to act and deliver",
        )
    ]
    assert list(quotes[S.SENTENCE_IDS].iloc[0]) == [0, 1]
    assert quotes[S.SENTENCE_ID].iloc[0] == 0


def test_a_sentence_that_is_only_a_quote_continues_the_previous_speaker():
    quotes = _quotes(
        "“The first contacts encourage certain hopes,” Putin said. “There is a mutual readiness "
        "to work to restore relations.”"
    )
    assert _triples(quotes) == [
        (
            "Putin",
            DIRECT,
            "The first contacts encourage certain hopes. There is a mutual readiness to work to restore relations.",
        )
    ]
    assert list(quotes[S.SENTENCE_IDS].iloc[0]) == [0, 1]


def test_a_quote_of_two_sentences_inside_one_pair_of_marks():
    quotes = _quotes('A spokesman said: "Our patience is not unlimited. We will act if needed."')
    assert _triples(quotes) == [("A spokesman", DIRECT, "Our patience is not unlimited. We will act if needed.")]


def test_a_quote_opened_and_never_closed_runs_to_the_end_of_its_paragraph():
    quotes = _quotes('The minister said: "We will not move an inch on this issue.', "Talks resume on Monday.")
    assert _triples(quotes) == [("The minister", DIRECT, "We will not move an inch on this issue.")]
    assert list(quotes[S.SENTENCE_IDS].iloc[0]) == [0]


# --------------------------------------------------------------------------
# Canonical speakers


def test_pronouns_resolve_to_the_most_recent_named_speaker():
    quotes = _quotes(
        "Valentina Matvienko said the talks should help restore normal relations.",
        "“I am sure that the agreements will be reached soon,” she said in Ankara.",
        "The White House said in a statement that the president would travel to Geneva.",
        '"It is a big step for peace and for the region," it added.',
    )
    assert quotes[[S.SPEAKER_TEXT, S.SPEAKER]].values.tolist() == [
        ["Valentina Matvienko", "Valentina Matvienko"],
        ["she", "Valentina Matvienko"],
        ["The White House", "White House"],
        ["it", "White House"],
    ]


def test_a_pronoun_resolves_to_the_subject_of_the_sentence_before():
    quotes = _quotes(
        "Russian Foreign Minister Sergey Lavrov arrived in Ankara on Monday for the talks.",
        "According to him, both sides agreed to appoint ambassadors soon.",
    )
    assert quotes[[S.SPEAKER_TEXT, S.SPEAKER, S.KIND]].values.tolist() == [["him", "Sergey Lavrov", REPORTED]]


@pytest.mark.parametrize(
    "paragraphs",
    [
        # two people spoke in the sentence before: "he" is ambiguous
        ['Jane Doe said the plan was good, while John Roe said it was bad. "It will never work," he said.'],
        # nobody named before
        ['"It is a sad day for all of us," he said.'],
        # the named speaker is more than three sentences back
        [
            "John Smith said the plant would close.",
            "Workers gathered outside.",
            "Police watched them.",
            "Shops were shut.",
            "Rain fell all day.",
            '"It is a sad day for all of us," he said.',
        ],
    ],
)
def test_an_unresolvable_pronoun_keeps_its_text_and_has_no_speaker(paragraphs):
    last = _quotes(*paragraphs).iloc[-1]
    assert last[S.SPEAKER_TEXT] == "he" and last[S.SPEAKER] is None


def test_the_ministry_and_the_statement_resolve_to_the_institution_quoted_before():
    quotes = _quotes(
        "Two drones were shot down, the Russian Ministry of Defence said on Monday.",
        '"All targets were destroyed by air defence systems," the statement said.',
        "The ministry also said that no one was hurt in the attacks.",
    )
    assert quotes[S.SPEAKER].tolist() == ["Russian Defence Ministry"] * 3
    assert quotes[S.SPEAKER_TEXT].tolist() == ["the Russian Ministry of Defence", "the statement", "The ministry"]


def test_the_statement_with_no_institution_before_has_no_speaker():
    quotes = _quotes('"All targets were destroyed by air defence systems," the statement said.')
    assert quotes[[S.SPEAKER_TEXT, S.SPEAKER]].values.tolist() == [["the statement", None]]


SPEAKER_CASES = [
    # titles stripped, the surname alone mapped to the full name seen in the article
    (
        [
            "Russian Foreign Minister Sergey Lavrov said the talks were useful.",
            '"We will respond in kind to every hostile step," Lavrov noted.',
        ],
        ["Sergey Lavrov", "Sergey Lavrov"],
    ),
    (
        ["Kremlin leader Vladimir Putin met the envoys.", '"The first contacts encourage hopes," Putin said.'],
        ["Vladimir Putin"],
    ),
    # a spokesperson speaks for the body; "State Department" is the "U.S. State Department" of the article
    (
        [
            'A State Department spokesperson said Washington was "deeply concerned about the reports".',
            '"We raised concerns about banking access," a spokesman for the U.S. State Department said.',
        ],
        ["US State Department", "US State Department"],
    ),
    # X's statement -> X
    (['"We will respond to every hostile step," Russia\'s statement said.'], ["Russia"]),
    # countries and unions written several ways
    (
        [
            "The United Nations said that aid convoys had reached the city.",
            "The U.N. said that more convoys would follow next week.",
        ],
        ["UN", "UN"],
    ),
    # descriptions of a person keep their words, without the article
    (
        ["“Such a meeting will take place in Istanbul tomorrow,” the top Russian diplomat said."],
        ["top Russian diplomat"],
    ),
]


@pytest.mark.parametrize(("paragraphs", "speakers"), SPEAKER_CASES)
def test_canonical_speakers(paragraphs, speakers):
    assert _quotes(*paragraphs)[S.SPEAKER].tolist() == speakers


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("U.S. State Department", "US State Department"),
        ("the US Department of State", "US State Department"),
        ("United States Department of State", "US State Department"),
        ("Russian Foreign Ministry", "Russian Foreign Ministry"),
        ("the Russian foreign ministry", "Russian Foreign Ministry"),
        ("Russian Ministry of Foreign Affairs", "Russian Foreign Ministry"),
        ("the Ministry of Defence", "Defence Ministry"),
        ("The Kremlin", "Kremlin"),
        ("Russia's foreign ministry", "Russia Foreign Ministry"),  # merged with "Russian ..." across a corpus
    ],
)
def test_canonical_institution(name, canonical):
    assert canonical_institution(name) == canonical


def test_surnames_and_spellings_resolve_across_the_corpus():
    sentences, articles = _tables(
        ("a", "Alpha", ["Russian Foreign Minister Sergey Lavrov said the talks were useful."]),
        ("b", "Beta", ['"We will respond to every step in kind," Lavrov said.']),
        ("c", "Gamma", ["Ambassador Alexander Darchiev said that the embassies would reopen."]),
        ("d", "Delta", ["Alexander Darchiyev said that the embassies would reopen soon."]),
        ("e", "Delta", ["The US State Department said that the talks would not cover Ukraine."]),
        ("f", "Alpha", ["The State Department said that a follow-up meeting was planned."]),
    )
    quotes = extract_quotes(sentences, articles)
    assert quotes[S.SPEAKER].tolist() == [
        "Sergey Lavrov",
        "Sergey Lavrov",
        "Alexander Darchiev",
        "Alexander Darchiev",
        "US State Department",
        "US State Department",
    ]


def test_an_ambiguous_surname_stays_as_written():
    sentences, articles = _tables(
        ("a", "Alpha", ["Foreign Secretary David Smith said the talks were useful."]),
        ("b", "Beta", ["Finance Minister Anna Smith said that the budget was balanced."]),
        ("c", "Gamma", ["Smith said that the embassy would reopen next month."]),
    )
    assert extract_quotes(sentences, articles)[S.SPEAKER].tolist() == ["David Smith", "Anna Smith", "Smith"]


# --------------------------------------------------------------------------
# US and international news style: titles, party tags, appositives, later pronouns

STYLE_CASES = [
    # a party tag between the name and the verb is not the speaker
    (["Sen. Jane Roe, D-Ore., said the bill would pass by the end of the month."], ["Jane Roe"]),
    (['Rep. John Doe (R-Texas) said: "This bill is a disaster for working families."'], ["John Doe"]),
    # ... nor a party description, nor a relative clause
    (
        ["Jane Roe, a Virginia Democrat who voted against the plan, said the vote was a mistake."],
        ["Jane Roe"],
    ),
    (["Governor John Doe, Republican of Ohio, said the budget was balanced."], ["John Doe"]),
    # an appositive with a role: the person, not the body she speaks for
    (["Jane Roe, a spokeswoman for the Health Ministry, said the talks would resume on Friday."], ["Jane Roe"]),
    # a spokesperson with no name speaks for the body
    (["A spokeswoman for the Health Ministry said the talks would resume on Friday."], ["Health Ministry"]),
    # a description after the quote and before the name
    (['"We will not sign it," the deputy minister, Jane Roe, told reporters.'], ["Jane Roe"]),
    # a name in three words and a generational suffix stay whole
    (['"I am not going anywhere," said George T. Conway III.'], ["George T. Conway III"]),
    (["Sen. Kay Bailey Roe said the plan was fair."], ["Kay Bailey Roe"]),
    # "the Republican" is the Republican named before
    (
        ["Sen. Jane Roe, a Republican from Ohio, spoke first.", '"We have the votes to pass it," the Republican said.'],
        ["Jane Roe"],
    ),
    # "the governor" is the governor of the article
    (
        [
            "Gov. Asa Smith signed the bill on Tuesday.",
            "Critics gathered outside the capitol.",
            "The governor said he would ask lawmakers to amend the law.",
        ],
        ["Asa Smith"],
    ),
    # a pronoun two sentences after the person, over a sentence about something else
    (
        [
            "Gov. Jane Roe spoke in Albany on Monday.",
            "The state budget is due this week and lawmakers are divided.",
            '"We will not raise taxes this year," she said.',
        ],
        ["Jane Roe"],
    ),
    # a quote ending in a question mark, and its attribution in the "sentence" after it
    (['"Is this a deal? No sane country would do that, right?" Roe said. "Guess again, all of you."'], ["Roe"]),
    # a clause ending in a colon introduces the quote
    (['Doe was quick to retort: "With all due respect, that is nonsense."'], ["Doe"]),
    # "her office" speaks for her
    (["Sen. Jane Roe unveiled the plan.", "Her office said the bill would cut deficits by a third."], ["Jane Roe"]),
]


@pytest.mark.parametrize(("paragraphs", "speakers"), STYLE_CASES)
def test_news_style_attribution(paragraphs, speakers):
    assert _quotes(*paragraphs)[S.SPEAKER].tolist() == speakers


def test_two_people_with_one_surname_stay_two_speakers():
    quotes = _quotes(
        "Finance Minister Anna Smith said the budget was balanced.",
        "Foreign Secretary David Smith said the talks were useful.",
        '"We will wait and see," Anna Smith said.',
    )
    assert quotes[S.SPEAKER].tolist() == ["Anna Smith", "David Smith", "Anna Smith"]


def test_a_pronoun_never_resolves_to_someone_of_the_other_gender():
    quotes = _quotes(
        "Mr. John Doe met Jane Roe, a spokeswoman for the ministry, on Monday.",
        '"We will respond in kind," she said.',
    )
    assert quotes[S.SPEAKER].tolist() == ["Jane Roe"]


def test_speech_acts_are_reported_with_their_verb():
    quotes = _quotes(
        "Jane Roe accused the government of lying about the budget.", "John Doe called the plan a disaster."
    )
    assert _triples(quotes) == [
        ("Jane Roe", REPORTED, "Jane Roe accused the government of lying about the budget"),
        ("John Doe", REPORTED, "John Doe called the plan a disaster"),
    ]


def test_a_sentence_split_inside_a_state_abbreviation_is_read_as_one():
    sentences, articles = _tables(("a", "Outlet", ['"It is a bad deal," said Sen. Jane Roe, D-N.Y., on Monday.']))
    quotes = extract_quotes(sentences, articles)
    assert quotes[S.SPEAKER].tolist() == ["Jane Roe"]
    assert list(quotes[S.SENTENCE_IDS].iloc[0]) == sorted(sentences[S.SENTENCE_ID].tolist())


def test_a_newspaper_keeps_its_the_and_its_full_title():
    quotes = _quotes(
        "The Wall Street Journal reported on Friday that the group was softening its stance.",
        "The Journal reported that the change came after months of talks.",
    )
    assert quotes[S.SPEAKER].tolist() == ["The Wall Street Journal", "The Wall Street Journal"]


# --------------------------------------------------------------------------
# Groups of one statement across outlets


def test_the_same_statement_in_two_translations_shares_a_group_and_other_speakers_never_do():
    sentences, articles = _tables(
        (
            "a",
            "Alpha",
            [
                '"Our diplomats will meet to address the systemic problems that have piled up as a result '
                "of the previous administration's illegitimate activities,\" Lavrov said."
            ],
        ),
        (
            "b",
            "Beta",
            [
                'Lavrov said the talks would resolve "systemic problems that have accumulated as a result of '
                'the unlawful activities of the previous administration."'
            ],
        ),
        (
            "c",
            "Gamma",
            [
                '"Our diplomats will meet to address the systemic problems that have piled up as a result '
                "of the previous administration's illegitimate activities,\" Blinken said."
            ],
        ),
        ("d", "Delta", ["Lavrov said that the weather in Moscow was cold and snowy for the season."]),
    )
    quotes = extract_quotes(sentences, articles)
    assert quotes[S.SPEAKER].tolist() == ["Lavrov", "Lavrov", "Blinken", "Lavrov"]
    assert quotes[S.GROUP_ID].tolist() == [0, 0, 1, 2]


def test_group_ids_are_dense_and_numbered_by_first_member():
    sentences, articles = _tables(
        (
            "a",
            "Alpha",
            [
                "Jane Doe said the new bridge would open in the spring of next year.",
                "John Roe said that the old bridge would be closed for repairs.",
            ],
        ),
        ("b", "Beta", ["Jane Doe said that the new bridge would open next spring."]),
    )
    quotes = extract_quotes(sentences, articles)
    assert quotes[S.QUOTE_ID].tolist() == [0, 1, 2]
    assert quotes[S.GROUP_ID].tolist() == [0, 1, 0]


# --------------------------------------------------------------------------
# The reference case


@pytest.fixture(scope="module")
def seed_tables(seed_sentences_articles) -> tuple[pd.DataFrame, pd.DataFrame]:
    return seed_sentences_articles


@pytest.fixture(scope="module")
def seed_quotes(seed_tables) -> pd.DataFrame:
    return extract_quotes(*seed_tables)


def _row(quotes: pd.DataFrame, article_id: str, starts: str) -> pd.Series:
    rows = quotes[(quotes[S.ARTICLE_ID] == article_id) & quotes[S.TEXT].str.startswith(starts)]
    assert len(rows) == 1, (article_id, starts, rows[S.TEXT].tolist())
    return rows.iloc[0]


def test_seed_table_shape_and_order(seed_quotes, seed_tables):
    sentences, _ = seed_tables
    assert list(seed_quotes.columns) == S.QUOTE_COLUMNS
    assert seed_quotes[S.QUOTE_ID].tolist() == list(range(len(seed_quotes)))
    assert set(seed_quotes[S.KIND]) == {DIRECT, REPORTED}
    keys = list(zip(seed_quotes[S.ARTICLE_ID], seed_quotes[S.SENTENCE_ID]))
    assert keys == sorted(keys)
    known = set(zip(sentences[S.ARTICLE_ID], sentences[S.SENTENCE_ID]))
    for row in seed_quotes.itertuples():
        ids = list(row.sentence_ids)
        assert ids[0] == row.sentence_id and ids == list(range(ids[0], ids[0] + len(ids)))
        assert all((row.article_id, i) in known for i in ids)
    # every group holds one speaker (or only unattributed quotes)
    speakers = seed_quotes.assign(_s=seed_quotes[S.SPEAKER].fillna("<none>")).groupby(S.GROUP_ID)["_s"].nunique()
    assert (speakers == 1).all()


def test_seed_lavrov_translations_share_a_group(seed_quotes):
    piled = _row(seed_quotes, ZIMBABWE_MAIL, "We have announced that our diplomats")
    accumulated = _row(seed_quotes, HURRIYET, "systemic problems that have accumulated")
    assert "piled up" in piled[S.TEXT] and "unlawful activities" in accumulated[S.TEXT]
    assert piled[S.SPEAKER] == accumulated[S.SPEAKER] == "Sergey Lavrov"
    assert (piled[S.SPEAKER_TEXT], accumulated[S.SPEAKER_TEXT]) == ("Lavrov", "Russian Foreign Minister Sergey Lavrov")
    assert piled[S.GROUP_ID] == accumulated[S.GROUP_ID]
    assert piled[S.KIND] == accumulated[S.KIND] == DIRECT


def test_seed_state_department_statement_shares_a_group_across_hurriyet_and_pravda(seed_quotes):
    rows = seed_quotes[seed_quotes[S.TEXT].str.startswith("The United States raised concerns")]
    assert rows[S.ARTICLE_ID].tolist() == [HURRIYET, HURRIYET, PRAVDA]
    assert rows[S.SPEAKER_TEXT].tolist() == [
        "U.S. State Department",
        "a spokesman for the U.S. State Department",
        "the statement",
    ]
    assert set(rows[S.SPEAKER]) == {"US State Department"}
    assert rows[S.GROUP_ID].nunique() == 1
    # "it added" continues the statement in Hürriyet
    added = _row(seed_quotes, HURRIYET, "Through constructive discussions")
    assert (added[S.SPEAKER_TEXT], added[S.SPEAKER], added[S.GROUP_ID]) == (
        "it",
        "US State Department",
        rows[S.GROUP_ID].iloc[0],
    )


def test_seed_foreign_ministry_statement_and_its_anaphors(seed_quotes):
    reads = _row(seed_quotes, LOCAL_GLOB, "Ways to overcome multiple")
    assert (reads[S.SPEAKER_TEXT], reads[S.SPEAKER], reads[S.KIND]) == (
        "the statement",
        "Russian Foreign Ministry",
        DIRECT,
    )
    assert "`irritants’" in reads[S.TEXT]  # nested marks stay inside the quote
    ministry = _row(seed_quotes, HURRIYET, "In accordance with the instructions")
    assert (ministry[S.SPEAKER_TEXT], ministry[S.SPEAKER]) == ("the ministry", "Russian Foreign Ministry")
    assert ministry[S.GROUP_ID] == reads[S.GROUP_ID]  # two translations of one statement
    assert (
        _row(seed_quotes, HURRIYET, "It was suggested to the American side")[S.SPEAKER_TEXT]
        == "the Russian foreign ministry"
    )


def test_seed_putin_quote_spans_two_sentences(seed_quotes, seed_tables):
    row = _row(seed_quotes, HURRIYET, "The first contacts with the new U.S. administration")
    sentences, _ = seed_tables
    texts = sentences[sentences[S.ARTICLE_ID] == HURRIYET].set_index(S.SENTENCE_ID)[S.TEXT]
    ids = list(row[S.SENTENCE_IDS])
    assert len(ids) == 2 and texts[ids[1]].startswith("“There is a mutual readiness")
    assert row[S.SPEAKER] == "Vladimir Putin" and row[S.TEXT].endswith("in the global architecture.")


def test_seed_pronouns_and_descriptions(seed_quotes):
    him = seed_quotes[(seed_quotes[S.ARTICLE_ID] == ZIMBABWE_MAIL) & (seed_quotes[S.SPEAKER_TEXT] == "him")]
    assert set(him[S.SPEAKER]) == {"Sergey Lavrov"} and len(him) == 3
    she = _row(seed_quotes, HURRIYET, "I'm sure that the agreements")
    assert (she[S.SPEAKER_TEXT], she[S.SPEAKER]) == ("she", "Valentina Matvienko")
    top = _row(seed_quotes, ZIMBABWE_MAIL, "Such a meeting will take place")
    assert (top[S.SPEAKER_TEXT], top[S.SPEAKER]) == ("the top Russian diplomat", "top Russian diplomat")
    adding = _row(seed_quotes, HURRIYET, "adding that Russian diplomats and security agencies should focus")
    assert (adding[S.SPEAKER_TEXT], adding[S.KIND]) == ("Putin", REPORTED)
    rubio = seed_quotes[seed_quotes[S.SPEAKER] == "Marco Rubio"]
    assert rubio[S.ARTICLE_ID].tolist() == [ZIMBABWE_MAIL, LOCAL_GLOB, CALIBER] and rubio[S.GROUP_ID].nunique() == 1


def test_seed_scare_quotes_are_not_quotes(seed_quotes):
    texts = set(seed_quotes[S.TEXT])
    for scare in [
        "irritants",
        "pragmatism",
        "systemic containment",
        "certain hopes",
        "substantive and professional.",
        "illegally seized",
        "address the irritants",
    ]:
        assert scare not in texts


def test_seed_speaker_matrix(seed_quotes, seed_tables):
    _, articles = seed_tables
    matrix = speaker_matrix(seed_quotes, articles)
    assert list(matrix.columns) == sorted(articles[S.OUTLET])
    assert matrix.index.name == S.SPEAKER and matrix.columns.name == S.OUTLET
    state = matrix.loc["US State Department"]
    assert state["Hürriyet Daily News"] > 0 and state["Ukrainska Pravda"] > 0 and state["The Zimbabwe Mail"] == 0
    assert matrix.loc["Sergey Lavrov", "The Zimbabwe Mail"] > 0
    totals = matrix.sum(axis=1).tolist()
    assert totals == sorted(totals, reverse=True)
    assert int(matrix.to_numpy().sum()) == int(seed_quotes[S.SPEAKER].notna().sum())


def test_seed_output_is_deterministic_and_independent_of_row_order(seed_tables, seed_quotes):
    sentences, articles = seed_tables
    shuffled = extract_quotes(sentences.sample(frac=1, random_state=3), articles.sample(frac=1, random_state=4))
    pd.testing.assert_frame_equal(shuffled, seed_quotes)


# --------------------------------------------------------------------------
# The speaker matrix on a hand-made table, empty input, the vocabulary


def test_speaker_matrix_counts_keep_zeros_and_sort_by_total_then_name():
    quotes = pd.DataFrame(
        {
            S.SPEAKER: ["B", "A", "A", "C", None, "B"],
            S.OUTLET: ["X", "X", "Y", "Y", "Y", "Y"],
        }
    )
    articles = pd.DataFrame({S.OUTLET: ["Y", "X", "Z"]})
    matrix = speaker_matrix(quotes, articles)
    assert matrix.index.tolist() == ["A", "B", "C"]
    assert matrix.columns.tolist() == ["X", "Y", "Z"]
    assert matrix.to_numpy().tolist() == [[1, 1, 0], [1, 1, 0], [0, 1, 0]]
    assert (matrix.dtypes == "int64").all()


def test_empty_input_gives_empty_tables_with_the_columns():
    empty_sentences = pd.DataFrame(columns=S.SENTENCE_COLUMNS)
    empty_articles = pd.DataFrame(columns=S.ARTICLE_COLUMNS)
    quotes = extract_quotes(empty_sentences, empty_articles)
    assert quotes.empty and list(quotes.columns) == S.QUOTE_COLUMNS
    matrix = speaker_matrix(quotes, pd.DataFrame({S.OUTLET: ["X"]}))
    assert matrix.shape == (0, 1) and matrix.columns.tolist() == ["X"]
    # articles without a single statement
    sentences, articles = _tables(("a", "Alpha", ["The weather was fine.", "Nobody spoke."]))
    assert extract_quotes(sentences, articles).empty


def test_tables_without_article_text_or_offsets_still_work():
    sentences = pd.DataFrame(
        {
            S.ARTICLE_ID: ["a", "a"],
            S.SENTENCE_ID: [0, 1],
            S.TEXT: ['"We are ready to talk to anyone," Jane Doe said.', "She said that the talks would start soon."],
        }
    )
    quotes = extract_quotes(sentences, pd.DataFrame({S.ARTICLE_ID: ["a"], S.OUTLET: ["Alpha"]}))
    assert quotes[[S.SPEAKER, S.KIND, S.OUTLET]].values.tolist() == [
        ["Jane Doe", DIRECT, "Alpha"],
        ["Jane Doe", REPORTED, "Alpha"],
    ]


def test_shipped_vocabulary_loads_and_holds_general_words_only():
    v = load_vocabulary()
    assert load_vocabulary(DEFAULT_VOCABULARY) is v
    assert {"said", "told", "announced", "noted", "stressed"} <= v.speech_verbs
    assert {"hailed", "reads"} <= v.quote_verbs
    assert {"minister", "spokesman", "president"} <= v.titles
    words = " ".join(sorted(v.speech_verbs | v.titles | v.institutions | v.groups | v.documents))
    for name in ["lavrov", "putin", "rubio", "darchiev", "peskov", "istanbul", "zimbabwe"]:
        assert name not in words


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("version = [", "speech.toml: not valid TOML"),
        ("version = 1", "speech.toml: missing table [verbs]"),
        (
            re.sub(r"\nbare = \[[^]]*\]", "\nbare = []", DEFAULT_VOCABULARY.read_text(encoding="utf-8")),
            "speech.toml: [verbs] bare must be a non-empty list of words",
        ),
        (
            re.sub(r"\nbare = \[[^]]*\]", '\nbare = ["Said"]', DEFAULT_VOCABULARY.read_text(encoding="utf-8")),
            "speech.toml: [verbs] bare: 'Said' must be a lower-case word",
        ),
    ],
)
def test_parse_vocabulary_errors_name_the_problem(text, message):
    with pytest.raises(VocabularyError) as err:
        parse_vocabulary(text)
    assert str(err.value).startswith(message)


def test_load_vocabulary_names_a_missing_file(tmp_path):
    with pytest.raises(VocabularyError, match="^nowhere.toml: cannot be read"):
        load_vocabulary(tmp_path / "nowhere.toml")


@pytest.mark.parametrize(
    ("speaker", "speaker_text", "strength"),
    [
        ("Sergey Lavrov", "Russian Foreign Minister Sergey Lavrov", 1.0),
        ("Sergey Lavrov", "Lavrov", 1.0),
        ("Sergey Lavrov", "him", 0.6),
        ("Russian Foreign Ministry", "the statement", 0.6),
        ("Jane O’Neil", "O'Neil", 1.0),
        ("Ann Lee", "Leeds officials", 0.6),  # a longer word that starts with the surname is not it
        ("Alexander Darchiev", "Alexander Darchiyev", 1.0),  # one person in two spellings
        ("George T. Conway III", "Conway", 1.0),  # the suffix is not the surname
        ("Russian Foreign Ministry", "the ministry", 0.6),  # a description, resolved
        ("Russian Foreign Ministry", "The Russian Foreign Ministry", 1.0),
        (None, None, 0.0),
        (None, "he", 0.0),
    ],
)
def test_attribution_strength(speaker, speaker_text, strength):
    assert Q.attribution_strength(speaker, speaker_text) == strength


def test_seed_quotes_carry_an_attribution_strength(seed_quotes):
    assert set(seed_quotes[S.STRENGTH]) <= {0.0, 0.6, 1.0}
    named = seed_quotes[seed_quotes[S.SPEAKER_TEXT] == "Lavrov"]
    assert not named.empty and set(named[S.STRENGTH]) == {1.0}
    resolved = seed_quotes[seed_quotes[S.SPEAKER_TEXT].isin(["him", "he", "she"])]
    assert not resolved.empty and set(resolved[S.STRENGTH]) == {0.6}


def test_tokenize_builds_the_tokens_the_plain_definition_builds() -> None:
    import random

    from dashboard.corpus import quotes as Q

    def plain(text: str, start: int, stop: int) -> list[Q._Tok]:
        out = []
        for m in Q._TOKEN_RE.finditer(text, start, stop):
            word = m.group()
            if word[-1] in ".'’-":
                if word[-1] == "." and "." not in word[:-1] and len(word) > 2:
                    word = word[:-1]
                word = word.rstrip("'’-")
                if not word:
                    continue
            out.append(Q._Tok(word, word.lower(), m.start(), m.start() + len(word)))
        return out

    pieces = ["Lavrov", "said.", "U.S.", "AT&T", "don’t", "ex-", "'", "Ms.", "the", "İ", "3.5", '"']
    rng = random.Random(23)
    for _ in range(2000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        start = rng.randint(0, len(text))
        stop = rng.randint(start, len(text))
        got = Q._tokenize(text, start, stop)
        assert got == plain(text, start, stop) and all(type(t) is Q._Tok for t in got)
