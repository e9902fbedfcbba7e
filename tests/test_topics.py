"""Tests for dashboard.article.topics: the codebook, sentence tagging and article topics."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.article.topics import (
    Codebook,
    TermHit,
    Topic,
    article_topics,
    parse_codebook,
    tag_sentence,
)
from dashboard.errors import CodebookError
from dashboard.vocabularies import DEFAULT_CODEBOOK, load_codebook

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return load_codebook()


def topic_ids(sentence: str, codebook: Codebook) -> set[str]:
    return {h.topic for h in tag_sentence(sentence, codebook)}


# --------------------------------------------------------------------------
# The shipped codebook


def test_shipped_codebook_has_exactly_the_four_topics(codebook: Codebook) -> None:
    assert Path(__file__).resolve().parent.parent / "data" / "codebook.toml" == DEFAULT_CODEBOOK
    assert codebook.ids() == ["funding", "property", "air_links", "staffing"]
    assert codebook.version == 1
    for topic in codebook.topics:
        assert topic.label.strip() != ""
        assert len(topic.description) > 40
        assert topic.min_sentences == 1
        assert topic.terms, topic.id
        assert all(p.flags & re.IGNORECASE for p in topic.terms + topic.weak_terms)
    assert codebook.get("air_links").label == "Air links"


def test_load_codebook_with_explicit_path_equals_default(codebook: Codebook) -> None:
    assert load_codebook(DEFAULT_CODEBOOK) == codebook


def test_get_unknown_topic_raises_key_error(codebook: Codebook) -> None:
    with pytest.raises(KeyError, match="unknown topic id 'tone'; known ids: funding, property"):
        codebook.get("tone")


# --------------------------------------------------------------------------
# Sentence tagging with the shipped codebook: (sentence, expected topic ids)

TAGGED = [
    # --- funding: seed sentences
    (
        "Joint steps to ensure uninterrupted financing for the operation of the Russian and US "
        "diplomatic missions on a mutual basis and efforts toward creating the necessary "
        "conditions that would enable the diplomats to perform their duties have been coordinated",
        {"funding"},
    ),
    ("Russian, US diplomats discuss steps in Istanbul to fund their embassies", {"funding"}),
    (
        "Russian Foreign Ministry also said that Moscow and Washington have agreed on steps to "
        "remove obstacles to financing their embassies.",
        {"funding"},
    ),
    # --- funding: other events
    (
        "The embassy has been unable to pay salaries to its local staff since its bank accounts were frozen.",
        {"funding"},
    ),
    ("Washington cut funding for the UN agency last year.", {"funding"}),
    ("The ministry said the mission's budget had been reduced by a third.", {"funding"}),
    ("Banks refused to process payments for the consulate.", {"funding"}),
    (
        "The UN said its regular budget faced a liquidity crisis because member states had not paid their dues.",
        {"funding"},
    ),
    # --- funding + staffing (seed)
    (
        "The United States raised concerns regarding access to banking and contracted services "
        "as well as the need to ensure stable and sustainable staffing levels at the U.S. "
        "Embassy in Moscow",
        {"funding", "staffing"},
    ),
    # --- property: seed sentences
    (
        "returning to the Russian side six facilities, wrongfully expropriated in 2016-2018",
        {"property"},
    ),
    (
        "The Russian Foreign Ministry specified that the sides touched upon the issues related "
        "to Russia's diplomatic property in the US.",
        {"property"},
    ),
    (
        "The ministry also said that Russia raised the issue of its diplomatic property in the "
        'US, specifically six real estate properties that were "illegally seized" between 2016 '
        "and 2018.",
        {"property"},
    ),
    ("the residence of the Consul General (diplomatic property) was seized", {"property"}),
    (
        "In 2018, Washington announced the closure of the Russian Consulate General in Seattle "
        "(rented premises), as well as the residence of the Consul General.",
        {"property"},
    ),
    # --- property: other events
    ("The US closed two Russian compounds in Maryland and New York in 2016.", {"property"}),
    ("Moscow seized a dacha used by US embassy staff.", {"property", "staffing"}),
    ("Police searched the ambassador's residence overnight.", {"property"}),
    (
        "Russian diplomats were barred from entering the compound on Maryland's Eastern Shore.",
        {"property"},
    ),
    # --- air_links: seed sentences
    (
        "it was proposed to the US side to consider the possibility of restoring direct air service",
        {"air_links"},
    ),
    (
        "Russia also said on Friday it had suggested to the U.S. resuming direct flights between "
        "the two countries during talks in Istanbul.",
        {"air_links"},
    ),
    (
        "In February 2022, the US increased sanctions pressure on Russia, including the "
        "suspension of air service between the two countries.",
        {"air_links"},
    ),
    # --- air_links: other events
    ("India and China agreed to resume direct flights after a five-year pause.", {"air_links"}),
    ("Flights between the two countries were suspended in 2022.", {"air_links"}),
    ("The airline said it would open a Moscow-Washington route.", {"air_links"}),
    ("Civil aviation authorities met to discuss landing rights.", {"air_links"}),
    ("Turkey suspended all flights to and from Israel.", {"air_links"}),
    # --- staffing: seed sentences
    (
        "the need to ensure stable and sustainable staffing levels at the U.S. Embassy in Moscow",
        {"staffing"},
    ),
    (
        "Russian and U.S. diplomats met in Istanbul on Thursday to discuss normalizing the "
        "operation of their respective embassies after years expelling each others' diplomats.",
        {"staffing"},
    ),
    (
        "According to him, Russia and the US agreed to make sure that ambassadors to both "
        "countries are appointed as soon as possible.",
        {"staffing"},
    ),
    (
        "Russia and the United States had agreed to ensure the appointment of ambassadors in "
        "both capitals as soon as possible.",
        {"staffing"},
    ),
    (
        "Embassy staff cuts began in both countries after 2014, when Washington adopted a "
        'policy aimed at "systemic containment" of Russia.',
        {"staffing"},
    ),
    # --- staffing: other events
    ("India ordered Canada to cut its diplomatic staff by 41.", {"staffing"}),
    ("Britain declared two Russian diplomats persona non grata.", {"staffing"}),
    ("Moscow refused to issue visas to American diplomats.", {"staffing"}),
    ("Canada expelled six Indian diplomats, including the high commissioner.", {"staffing"}),
    ("India asked Canada to reduce its diplomatic presence in the country.", {"staffing"}),
    ("Mutual expulsions left the embassies barely able to function.", {"staffing"}),
    ("The UK will cap the number of Russian diplomats at the embassy in London.", {"staffing"}),
    (
        "The State Department ordered non-emergency staff to leave the embassy in Kyiv.",
        {"staffing"},
    ),
    # --- several topics in one sentence
    (
        "Funding, property, air travel",
        {"funding", "air_links"},  # "property" alone is a weak term without context
    ),
]

NOT_TAGGED = [
    # frozen / sovereign assets are not diplomatic property
    "According to him, the problem of Russia's frozen assets \"has nothing to do with the "
    'operation of embassies" because "the asset issue is a state-level one."',
    "Moscow demanded the return of frozen property and sovereign assets held in Europe.",
    "Moscow wants the return of Russian property frozen abroad.",
    # a named fund is not funding
    "Russia was represented by Foreign Minister Sergey Lavrov, Presidential Aide Yury Ushakov, "
    "and CEO of the Russian Direct Investment Fund (RDIF) Kirill Dmitriev.",
    "The International Monetary Fund warned embassies about the economy.",
    "The EU agreed to use profits from frozen Russian assets to fund Ukraine.",
    "The IMF, the International Monetary Fund, lowered its forecast, diplomats said.",
    # ground transport is not an air link
    "A minibus carrying the Russian delegation arrived at the venue, marking the start of the "
    "crucial discussions, Caliber.Az reports per Russian media.",
    "A minibus took the delegation between the airport and the consulate.",
    "The delegation travelled by bus and car after flights were discussed.",
    # capital flight is not an air link
    "Capital flight from Russia resumed after sanctions were suspended.",
    "The flight of capital resumed between January and March.",
    # a delegation's own flight or a crash near an airport is not an air link
    "Lavrov's flight landed in Riyadh on Monday evening.",
    "Cargo planes crashes near Vilnius Airport in Lithuania",
    "Russian military aviation resumed strikes near Kharkiv.",
    "Aviation experts said a crash was caused by pilot error.",
    # "staff" in other senses is not staffing
    "The chief of staff said visas were discussed.",
    "The White House hired a new chief of staff.",
    "The White House chief of staff said the number of visas was a matter for Congress.",
    "The General Staff said numbers at the front had been cut.",
    "The Joint Chiefs of Staff reviewed the numbers on Tuesday.",
    "A staff writer for the newspaper reported that visas were delayed.",
    "A staff reporter said visas were being processed.",
    # a residence as the venue of a meeting is not a property issue
    "Negotiations between Russian and US representatives focusing on the challenges related "
    "to embassy operations have officially commenced at the residence of the US Consul "
    "General in Istanbul.",
    "Talks were held at the residence of the US Consul General in Istanbul.",
    "Closed-door talks at the residence of the US Consul General lasted six hours.",
    # diplomats or ambassadors merely acting are not staffing
    "Russian and US diplomats will hold a meeting in Istanbul on February 27 to discuss issues "
    "related to the operation of the two countries' embassies, Russian Foreign Minister Sergey "
    "Lavrov announced.",
    "For the talks in Istanbul, the Russian side was headed by Ambassador Alexander Darchiev, "
    "director of the Russian Foreign Ministry's North American Department.",
    "Diplomats said the talks would reduce tensions, diplomats said.",
    "A number of diplomats said the talks went well.",
    # other near misses
    "Steve Witkoff, a real estate developer, joined the talks on returning to normal ties.",
    "Russian forces seized the nuclear facility in 2022.",
    "Residence permits for returning citizens were discussed.",
    "Finance Minister Anton Siluanov spoke to reporters.",
    "The Financial Times reported that the talks lasted six hours.",
    "Troops gathered on the left bank of the Dnipro.",
    "",
]


@pytest.mark.parametrize(("sentence", "expected"), TAGGED)
def test_tagged_sentences(sentence: str, expected: set[str], codebook: Codebook) -> None:
    assert topic_ids(sentence, codebook) == expected


@pytest.mark.parametrize("sentence", NOT_TAGGED)
def test_false_positives_are_not_tagged(sentence: str, codebook: Codebook) -> None:
    assert tag_sentence(sentence, codebook) == []


def test_hits_carry_the_exact_evidence(codebook: Codebook) -> None:
    sentence = (
        "The United States raised concerns regarding access to banking and contracted services "
        "as well as the need to ensure stable and sustainable staffing levels at the U.S. "
        "Embassy in Moscow"
    )
    assert tag_sentence(sentence, codebook) == [
        TermHit("funding", "access to banking", 44, 61),
        TermHit("staffing", "staffing", 139, 147),
    ]
    assert tag_sentence("Russia expelled each others' diplomats in 2017.", codebook) == [
        TermHit("staffing", "expelled each others' diplomats", 7, 38),
    ]
    sentence = "the residence of the Consul General (diplomatic property) was seized"
    assert tag_sentence(sentence, codebook) == [
        TermHit("property", "residence", 4, 13),
        TermHit("property", "diplomatic property", 37, 56),
    ]


@pytest.mark.parametrize("sentence", [s for s, _ in TAGGED] + list(NOT_TAGGED))
def test_offsets_order_and_no_overlap(sentence: str, codebook: Codebook) -> None:
    hits = tag_sentence(sentence, codebook)
    for h in hits:
        assert sentence[h.start : h.end] == h.term
        assert h.end > h.start
    assert hits == sorted(hits, key=lambda h: (h.start, h.topic))
    for topic_id in codebook.ids():
        own = [h for h in hits if h.topic == topic_id]
        for a, b in zip(own, own[1:]):
            assert a.end <= b.start


def test_offsets_survive_case_and_non_ascii_text(codebook: Codebook) -> None:
    sentence = "İSTANBUL — Türkiye’s “DIRECT FLIGHTS” to Moscow resumed; ÉMBASSY FUNDING too."
    hits = tag_sentence(sentence, codebook)
    assert [(h.topic, h.term) for h in hits] == [
        ("air_links", "DIRECT FLIGHTS"),
        ("funding", "FUNDING"),
    ]
    for h in hits:
        assert sentence[h.start : h.end] == h.term


# --------------------------------------------------------------------------
# Matching rules, on a small codebook written for the test

RULES = r"""
version = 3

[[topic]]
id = "alpha"
label = "Alpha"
description = "Test topic."
min_sentences = 2
terms = ['\bfund(?:s|ing)?\b', '\bfunding cuts?\b', '\bbank accounts?\b']
weak_terms = ['\bsalar(?:y|ies)\b']
context = ['\bembass(?:y|ies)\b']
exclude = ['\bInvestment Fund\b']

[[topic]]
id = "beta"
label = "Beta"
terms = ['\baccounts\b', '(\w)\1ing', '\w+ist\b']
"""


@pytest.fixture(scope="module")
def rules() -> Codebook:
    return parse_codebook(RULES, source="rules.toml")


def test_parse_keeps_file_order_and_defaults(rules: Codebook) -> None:
    assert rules.ids() == ["alpha", "beta"]
    assert rules.version == 3
    beta = rules.get("beta")
    assert (beta.label, beta.description, beta.min_sentences) == ("Beta", "", 1)
    assert (beta.weak_terms, beta.context, beta.exclude) == ((), (), ())
    assert isinstance(beta, Topic)
    assert [p.pattern for p in rules.get("alpha").terms] == [
        r"\bfund(?:s|ing)?\b",
        r"\bfunding cuts?\b",
        r"\bbank accounts?\b",
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # weak term without / with context
        ("Salaries were late.", []),
        ("Embassy salaries were late.", [("alpha", "salaries", 8, 16)]),
        # exclude vetoes only the overlapping match
        ("The Investment Fund lent funds.", [("alpha", "funds", 25, 30)]),
        # overlapping matches of one topic: the longer one at the same start wins
        ("Funding cuts hit.", [("alpha", "Funding cuts", 0, 12)]),
        # different topics may overlap; sorted by (start, topic)
        (
            "Bank accounts frozen.",
            [("alpha", "Bank accounts", 0, 13), ("beta", "accounts", 5, 13)],
        ),
        # patterns without a usable literal and with a backreference still run
        ("A lobbyist was missing.", [("beta", "lobbyist", 2, 10), ("beta", "ssing", 17, 22)]),
        ("He was running.", [("beta", "nning", 9, 14)]),
    ],
)
def test_matching_rules(sentence: str, expected: list[tuple[str, str, int, int]], rules: Codebook) -> None:
    assert [(h.topic, h.term, h.start, h.end) for h in tag_sentence(sentence, rules)] == expected


def test_article_topics_counts_sentences_against_min_sentences(rules: Codebook) -> None:
    one = tag_sentence("Funding funding funding.", rules)
    assert len(one) == 3
    beta = tag_sentence("A lobbyist.", rules)
    # three alpha hits in one sentence are one sentence: below min_sentences = 2
    assert article_topics([one, [], beta], rules) == ["beta"]
    assert article_topics([one, one], rules) == ["alpha"]
    assert article_topics([beta, one, tag_sentence("Funds.", rules)], rules) == ["alpha", "beta"]
    assert article_topics([], rules) == []
    # hits of topics the codebook does not know are ignored
    assert article_topics([[TermHit("gamma", "x", 0, 1)]], rules) == []


def test_article_topics_with_shipped_codebook(codebook: Codebook) -> None:
    sentences = [
        "Russian, US diplomats discuss steps in Istanbul to fund their embassies",
        "A minibus carrying the Russian delegation arrived at the venue.",
        "Britain declared two Russian diplomats persona non grata.",
    ]
    hits = [tag_sentence(s, codebook) for s in sentences]
    assert article_topics(hits, codebook) == ["funding", "staffing"]


# --------------------------------------------------------------------------
# Codebook errors

GOOD_TOPIC = "label = \"F\"\nterms = ['x']\n"

ERRORS = [
    (
        'version = 1\n[[topic]\nid = "x"\n',
        "codebook.toml: invalid TOML: Expected ']]' at the end of an array declaration "
        "(at line 2, column 8); fix the syntax (write regexes as single-quoted literal strings)",
    ),
    (
        "version = 1\n",
        "codebook.toml: no topics; add at least one [[topic]] table with id, label and terms",
    ),
    (
        "version = 1\ntopic = []\n",
        "codebook.toml: no topics; add at least one [[topic]] table with id, label and terms",
    ),
    (
        "[[topic]]\n" + GOOD_TOPIC,
        "codebook.toml: topic #1 has no 'id'; add id = \"...\" (lowercase letters, digits, _)",
    ),
    (
        "[[topic]]\nid = \"funding\"\nterms = ['x']\n",
        "codebook.toml: topic 'funding' has no 'label'; add label = \"...\" (the name shown in the app)",
    ),
    (
        '[[topic]]\nid = "funding"\nlabel = "  "\nterms = [\'x\']\n',
        "codebook.toml: topic 'funding' has no 'label'; add label = \"...\" (the name shown in the app)",
    ),
    (
        '[[topic]]\nid = "funding"\n'
        + GOOD_TOPIC
        + '[[topic]]\nid = "air"\n'
        + GOOD_TOPIC
        + '[[topic]]\nid = "funding"\n'
        + GOOD_TOPIC,
        "codebook.toml: duplicate topic id 'funding' (topics #1 and #3); give every topic its own id",
    ),
    (
        '[[topic]]\nid = "funding"\nmin_sentences = 0\n' + GOOD_TOPIC,
        "codebook.toml: topic 'funding': min_sentences must be an integer >= 1, got 0; "
        "use 1 to tag an article from a single evidence sentence",
    ),
    (
        '[[topic]]\nid = "funding"\nmin_sentences = true\n' + GOOD_TOPIC,
        "codebook.toml: topic 'funding': min_sentences must be an integer >= 1, got True; "
        "use 1 to tag an article from a single evidence sentence",
    ),
    (
        '[[topic]]\nid = "funding"\nlabel = "F"\nterms = [\'\\bfund(\']\n',
        "codebook.toml: topic 'funding': invalid regex in terms '\\bfund(': "
        "missing ), unterminated subpattern at position 6",
    ),
    (
        "[[topic]]\nid = \"funding\"\nlabel = \"F\"\nterms = ['x']\nexclude = ['[a-']\n",
        "codebook.toml: topic 'funding': invalid regex in exclude '[a-': unterminated character set at position 0",
    ),
    (
        '[[topic]]\nid = "funding"\nlabel = "F"\nterms = [\'x?\']\n',
        "codebook.toml: topic 'funding': regex in terms 'x?' matches the empty string; "
        "make it require at least one character",
    ),
    (
        '[[topic]]\nid = "funding"\nlabel = "F"\nterms = \'x\'\n',
        "codebook.toml: topic 'funding': terms must be a list of strings, e.g. terms = ['\\bword\\b']",
    ),
    (
        '[[topic]]\nid = "funding"\nlabel = "F"\n',
        "codebook.toml: topic 'funding' has no terms; add terms = ['...'] (regexes)",
    ),
    (
        '[[topic]]\nid = "funding"\nlabel = "F"\nweak_terms = [\'x\']\n',
        "codebook.toml: topic 'funding': weak_terms never count without context; "
        "add context = ['...'] or move the weak_terms to terms",
    ),
    (
        "[[topic]]\nid = \"funding\"\nweak_term = ['x']\n" + GOOD_TOPIC,
        "codebook.toml: topic 'funding': unknown key 'weak_term'; allowed keys are id, label, "
        "description, min_sentences, terms, weak_terms, context, exclude",
    ),
    (
        '[[topic]]\nid = "Air links"\n' + GOOD_TOPIC,
        "codebook.toml: topic #1: id 'Air links' is not a valid id; use lowercase letters, "
        'digits and _ starting with a letter, e.g. "air_links"',
    ),
    (
        'version = "1"\n[[topic]]\nid = "funding"\n' + GOOD_TOPIC,
        "codebook.toml: version must be an integer, got '1'; write version = 1",
    ),
    (
        'versoin = 1\n[[topic]]\nid = "funding"\n' + GOOD_TOPIC,
        "codebook.toml: unknown top-level key 'versoin'; allowed keys are version and [[topic]] tables",
    ),
]


@pytest.mark.parametrize(("text", "message"), ERRORS)
def test_codebook_errors(text: str, message: str) -> None:
    with pytest.raises(CodebookError) as caught:
        parse_codebook(text)
    # The message; where the problem sits on one line, that line's number after the file's name.
    found = re.fullmatch(r"(codebook\.toml: )(?:line (\d+): )?(.*)", str(caught.value), re.S)
    assert found and found.group(1) + found.group(3) == message
    if found.group(2):
        line = text.split("\n")[int(found.group(2)) - 1]
        assert any(f"'{q}'" in line or f'"{q}"' in line for q in re.findall(r"'([^']+)'", message))


def test_codebook_error_names_the_line_of_a_bad_pattern() -> None:
    text = "version = 1\n\n[[topic]]\nid = \"talks\"\nlabel = \"Talks\"\nterms = ['\\btalks\\b', '(meeting']\n"
    with pytest.raises(CodebookError) as caught:
        parse_codebook(text, source="mine.toml")
    assert str(caught.value).startswith("mine.toml: line 6: topic 'talks': invalid regex in terms '(meeting'")


def test_error_names_the_source() -> None:
    with pytest.raises(CodebookError) as caught:
        parse_codebook("version = 1\n", source="my_codes.toml")
    assert str(caught.value).startswith("my_codes.toml: no topics;")


def test_load_codebook_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "custom.toml"
    path.write_text('[[topic]]\nid = "x"\nlabel = "X"\nterms = [\'a(\']\n', encoding="utf-8")
    with pytest.raises(CodebookError) as caught:
        load_codebook(path)
    assert str(caught.value) == (
        "custom.toml: line 4: topic 'x': invalid regex in terms 'a(': missing ), unterminated subpattern at position 1"
    )
    missing = tmp_path / "absent.toml"
    with pytest.raises(CodebookError) as caught:
        load_codebook(missing)
    assert str(caught.value) == (
        f"absent.toml: cannot read the codebook at {missing}: No such file or directory; check the path"
    )


# --------------------------------------------------------------------------
# The literal pre-filter is a pure optimisation: compare with a plain
# implementation that runs every pattern on every sentence.


def reference_tag(text: str, codebook: Codebook) -> list[TermHit]:
    hits: list[TermHit] = []
    for topic in codebook.topics:
        spans = [m.span() for p in topic.terms for m in p.finditer(text) if m.end() > m.start()]
        if any(p.search(text) for p in topic.context):
            spans += [m.span() for p in topic.weak_terms for m in p.finditer(text) if m.end() > m.start()]
        vetoes = [m.span() for p in topic.exclude for m in p.finditer(text)]
        spans = [(s, e) for s, e in spans if not any(s < ve and vs < e for vs, ve in vetoes)]
        last_end = -1
        for s, e in sorted(spans, key=lambda se: (se[0], -se[1])):
            if s >= last_end:
                hits.append(TermHit(topic.id, text[s:e], s, e))
                last_end = e
    return sorted(hits, key=lambda h: (h.start, h.topic))


def corpus() -> list[str]:
    lines = [line for path in sorted(SEEDS.glob("*.txt")) for line in path.read_text(encoding="utf-8").splitlines()]
    base = lines + [s for s, _ in TAGGED] + NOT_TAGGED
    variants = []
    for s in base:
        variants += [s.upper(), s.swapcase(), s.replace("i", "ı").replace("I", "İ")]
    return base + variants


def test_prefilter_gives_the_same_hits_as_running_every_pattern(codebook: Codebook, rules: Codebook) -> None:
    sentences = corpus()
    assert len(sentences) > 800
    n_hits = 0
    for book in (codebook, rules):
        for s in sentences:
            expected = reference_tag(s, book)
            assert tag_sentence(s, book) == expected, s
            n_hits += len(expected)
    assert n_hits > 300


def test_seed_files_are_tagged(codebook: Codebook) -> None:
    # A coarse guard on the shipped codebook: every seed article carries at
    # least one topic, and the full set of seed articles carries all four.
    per_file = {}
    for path in sorted(SEEDS.glob("*.txt")):
        hits = [tag_sentence(line, codebook) for line in path.read_text("utf-8").splitlines()]
        per_file[path.name[:3]] = article_topics(hits, codebook)
    assert per_file == {
        "000": ["staffing"],
        "001": ["funding", "property", "air_links", "staffing"],
        "002": ["staffing"],
        "003": ["funding", "property", "air_links", "staffing"],
        "004": ["funding", "staffing"],
    }
