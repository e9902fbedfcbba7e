from __future__ import annotations

import pytest

from dashboard.article.sentences import count_words, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Russian and U.S. diplomats met on Feb. 27 in Istanbul. The talks lasted six hours.",
            ["Russian and U.S. diplomats met on Feb. 27 in Istanbul.", "The talks lasted six hours."],
        ),
        (
            "“The first contacts encourage certain hopes,” Putin said. “There is a mutual readiness.”",
            ["“The first contacts encourage certain hopes,” Putin said.", "“There is a mutual readiness.”"],
        ),
        (
            "• Earlier, Putin praised the administration.\n• The talks followed a meeting in Riyadh",
            ["• Earlier, Putin praised the administration.", "• The talks followed a meeting in Riyadh"],
        ),
        (
            "A heading without a stop\n\nA paragraph. Another one!",
            ["A heading without a stop", "A paragraph.", "Another one!"],
        ),
        ("Mr. Darchiev, director of the department, said so.", ["Mr. Darchiev, director of the department, said so."]),
        ("", []),
        ("  \n • \n", []),
    ],
)
def test_split_sentences(text, expected):
    assert [s.text for s in split_sentences(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A full stop glued to the next word is no sentence end: names, domains, typos.
        (
            "According to Caliber.Az reports, the talks began. They lasted six hours.",
            ["According to Caliber.Az reports, the talks began.", "They lasted six hours."],
        ),
        ("He said so.Then he left. Later he came back.", ["He said so.Then he left.", "Later he came back."]),
        ("Staff of the U.S.Embassy met. Then they left.", ["Staff of the U.S.Embassy met.", "Then they left."]),
        ("Read it on news.example.org today. Or not.", ["Read it on news.example.org today.", "Or not."]),
        # Rows that must not change: a stop before white space or the end still ends a sentence.
        ("The talks began. They lasted.", ["The talks began.", "They lasted."]),
        ("A paragraph.\n\nAnother one.", ["A paragraph.", "Another one."]),
        ("One ends here.", ["One ends here."]),
    ],
)
def test_a_full_stop_not_followed_by_white_space_ends_no_sentence(text, expected):
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_offsets_point_into_the_text(seed_clean):
    for cleaned in seed_clean.values():
        sentences = split_sentences(cleaned.text)
        assert sentences, "every seed has sentences"
        assert [s.idx for s in sentences] == list(range(len(sentences)))
        for s in sentences:
            assert cleaned.text[s.start : s.end] == s.text
        assert all(a.end <= b.start for a, b in zip(sentences, sentences[1:]))


@pytest.mark.parametrize(("text", "n"), [("Russia’s U.S. embassy, 2016-2018.", 6), ("", 0), ("— • —", 0)])
def test_count_words(text, n):
    assert count_words(text) == n
