from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard import schema as S
from dashboard.ui import render

EVIL = '<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)> & "q"'


def _evidence(rows):
    return pd.DataFrame(rows, columns=[S.ARTICLE_ID, S.SENTENCE_ID, S.TOPIC, S.TERM, S.TERM_START, S.TERM_END])


def test_highlight_marks_terms_and_escapes_everything_else():
    text = "Funding for <b>embassies</b> & direct flights."
    ev = _evidence([("a", 0, "funding", "Funding", 0, 7), ("a", 0, "air_links", "direct flights", 31, 45)])
    out = render.highlighted_sentence(text, ev, {"funding": "#111111", "air_links": "#222222"})
    assert out == (
        '<mark style="background:#111111;padding:0 2px;border-radius:3px" title="funding">Funding</mark>'
        " for &lt;b&gt;embassies&lt;/b&gt; &amp; "
        '<mark style="background:#222222;padding:0 2px;border-radius:3px" title="air_links">direct flights</mark>.'
    )


def test_overlapping_and_out_of_range_spans_do_not_duplicate_text():
    ev = _evidence([("a", 0, "t", "abc", 0, 3), ("a", 0, "u", "bcd", 1, 4), ("a", 0, "v", "zz", 50, 60)])
    out = render.highlighted_sentence("abcdef", ev, {})
    assert re.sub(r"<[^>]+>", "", out) == "abcdef"
    assert out.count("<mark") == 2


def test_untrusted_text_never_reaches_the_page_as_markup():
    sentences = pd.DataFrame(
        {
            S.ARTICLE_ID: ["a"],
            S.SENTENCE_ID: [0],
            S.START: [0],
            S.END: [len(EVIL)],
            S.TEXT: [EVIL],
            S.POLARITY: [0.0],
            S.SUBJECTIVITY: [0.0],
        }
    )
    out = render.article_html(EVIL, sentences, _evidence([]), {}, focus=0)
    assert "<script" not in out and "<img" not in out and "onerror=alert" not in out.replace("onerror=alert(3)&gt;", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;img src=x onerror=alert(3)&gt;" in out
    legend = render.legend_html({"t": EVIL}, {"t": "#fff"})
    assert "<script" not in legend


def test_article_html_keeps_paragraphs_and_anchors_every_sentence():
    text = "First one. Second one.\n\nThird one."
    sentences = pd.DataFrame(
        {
            S.ARTICLE_ID: ["a"] * 3,
            S.SENTENCE_ID: [0, 1, 2],
            S.START: [0, 11, 24],
            S.END: [10, 22, 34],
            S.TEXT: ["First one.", "Second one.", "Third one."],
            S.POLARITY: [0.5, 0.0, -0.5],
            S.SUBJECTIVITY: [0.1, 0.0, 0.9],
        }
    )
    out = render.article_html(text, sentences, _evidence([]), {}, focus=1)
    assert out.count("</p><p>") == 1
    for sid in range(3):
        assert f'id="sentence-{sid}"' in out
    assert 'id="sentence-1" style="outline' in out and 'id="sentence-0" style=""' in out
    assert "+0.50 · subj 0.10" in out and "-0.50 · subj 0.90" in out


def test_topic_colors_are_stable_and_distinct():
    colors = render.topic_colors(["funding", "property", "air_links", "staffing"])
    assert colors == render.topic_colors(["funding", "property", "air_links", "staffing"])
    assert len(set(colors.values())) == 4


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("[click](http://evil)", "\\[click\\]\\(h\u2060ttp\\://evil\\)"),
        ("![x](http://t/p.png)", "\\!\\[x\\]\\(h\u2060ttp\\://t/p\\.png\\)"),
        ("see www.evil.example or a@b.example", "see w\u2060ww\\.evil\\.example or a\u2060@b\\.example"),
        ("AT&amp;T", "AT&amp;amp;T"),
        (":red[alarm] **bold** _i_", r"\:red\[alarm\] \*\*bold\*\* \_i\_"),
        ("Hürriyet Daily News", "Hürriyet Daily News"),
        ("line one\nline two", "line one line two"),
        (None, "None"),
    ],
)
def test_md_escapes_markdown(text, shown):
    assert render.md(text) == shown


@pytest.mark.parametrize("value", ["Pravda \u202eswen\u202c", "\u2067abc\u2069 title", "\u202a\u202b\u202d x"])
def test_bidirectional_controls_never_reach_the_page(value):
    controls = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
    assert not controls & set(render.md(value))
    assert not controls & set(render.escape_html(value))
    sentences = pd.DataFrame(
        {
            S.SENTENCE_ID: [0],
            S.START: [0],
            S.END: [len(value)],
            S.TEXT: [value],
            S.POLARITY: [0.0],
            S.SUBJECTIVITY: [0.0],
        }
    )
    assert not controls & set(render.article_html(value, sentences, pd.DataFrame(columns=S.EVIDENCE_COLUMNS), {}))
    assert render.strip_bidi(value).replace(" ", "") == "".join(c for c in value if c not in controls).replace(" ", "")
