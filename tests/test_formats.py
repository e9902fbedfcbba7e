"""Every way articles arrive in a folder: text, HTML pages, CSV and JSON-lines tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard import schema as S
from dashboard.article.markup import extract_page
from dashboard.io.read import parse_article_table, read_corpus
from dashboard.pipeline import build_folder
from dashboard.vocabularies import load_vocabularies

BODY = [
    "Negotiators from the two countries met in the port city of Varne on Tuesday for five hours of talks "
    "on fishing rights, officials said.",
    "The delegations agreed to set up a joint commission that will meet every three months, according to "
    "a statement from the foreign ministry.",
    "Fishermen on both sides of the bay have waited for an agreement since the old treaty expired in 2019.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<title>Fishing talks end with a commission | The Harbour Courier</title>
<meta name="author" content="Lena Ortiz">
<meta property="og:site_name" content="The Harbour Courier">
<meta property="article:published_time" content="2025-03-04T09:30:00Z">
<script>var tracking = "<p>not text</p>";</script>
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article>
<h1>Fishing talks end with a commission</h1>
{"".join(f"<p>{p}</p>" for p in BODY)}
</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Storm closes the coastal road</a></li>
<li><a href="/b">Local team wins the cup</a></li></ul></aside>
<footer>Copyright 2025 The Harbour Courier. All rights reserved.</footer>
</body></html>"""


def test_an_html_page_gives_its_main_text_and_metadata() -> None:
    page = extract_page(PAGE)
    assert page.extractor == "trafilatura"
    assert page.title == "Fishing talks end with a commission"
    assert page.byline == "Lena Ortiz" and page.site == "The Harbour Courier"
    assert str(page.published) == "2025-03-04"
    assert page.text.split("\n") == ["Fishing talks end with a commission", *BODY]


def test_markup_without_main_text_falls_back_to_the_visible_text() -> None:
    page = extract_page("<div><span>Short note</span></div>")
    assert page.text == "Short note" and page.title is None


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("formats")
    (folder / "courier.html").write_text(PAGE, encoding="utf-8")
    (folder / "wire.txt").write_text("Fishing talks in Varne\n\n" + "\n\n".join(BODY[:2]), encoding="utf-8")
    rows = [
        {
            "outlet": "Bay Radio",
            "url": "https://bayradio.example/news/1",
            "published": "2025-03-05",
            "title": "A commission for the bay",
            "text": "\n\n".join(BODY[1:]),
        },
        {"outlet": "Bay Radio", "title": "Empty", "text": "   "},
    ]
    header = "outlet,url,published,title,text\n"
    lines = [",".join(json.dumps(r.get(k, "")) for k in ("outlet", "url", "published", "title", "text")) for r in rows]
    (folder / "radio.csv").write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    (folder / "feed.jsonl").write_text(
        json.dumps({"id": "n-7", "source": "Coast Daily", "date": "2025-03-04", "headline": "Talks", "body": BODY[0]})
        + "\n{not json\n",
        encoding="utf-8",
    )
    (folder / "sources.csv").write_text("file,outlet\nwire.txt,Wire Service\n", encoding="utf-8")
    return folder


def test_a_folder_reads_pages_text_and_tables(mixed_folder: Path) -> None:
    corpus = read_corpus(mixed_folder)
    assert sorted(a.article_id for a in corpus.articles) == ["courier", "feed-n-7", "radio-2", "wire"]
    skipped = {s.file: s.reason for s in corpus.skipped}
    assert skipped == {"feed.jsonl line 2": skipped["feed.jsonl line 2"], "radio.csv line 3": "no article text"}
    assert "not a JSON object" in skipped["feed.jsonl line 2"]


def test_every_format_goes_through_the_same_stages(mixed_folder: Path) -> None:
    build = build_folder(mixed_folder, load_vocabularies())
    articles = build.tables[S.ARTICLES_FILE].set_index(S.ARTICLE_ID)
    assert articles.loc["courier", S.OUTLET] == "The Harbour Courier"  # the page's site name
    assert articles.loc["courier", S.TITLE] == "Fishing talks end with a commission"
    assert articles.loc["courier", S.BYLINE] == "Lena Ortiz"
    assert str(articles.loc["courier", S.PUBLISHED])[:10] == "2025-03-04"
    assert articles.loc["wire", S.OUTLET] == "Wire Service"  # sources.csv names it
    assert (
        articles.loc["radio-2", S.OUTLET] == "Bay Radio"
        and articles.loc["radio-2", S.TITLE] == "A commission for the bay"
    )
    assert articles.loc["feed-n-7", S.OUTLET] == "Coast Daily"
    sentences = build.tables[S.SENTENCES_FILE]
    page_text = " ".join(sentences[sentences[S.ARTICLE_ID] == "courier"][S.TEXT])
    for junk in ("Most read", "Copyright", "Home", "not text"):
        assert junk not in page_text
    assert "joint commission" in page_text
    assert any("main text was extracted" in n for n in build.report["notes"])


def test_a_table_without_a_text_field_is_ignored_with_a_warning() -> None:
    articles, skipped, warnings = parse_article_table("outlet,title\nA,B\n", name="list.csv", jsonl=False)
    assert articles == [] and skipped == []
    assert warnings == [
        "list.csv: no article text field (text / body / content / article; found outlet, title); ignored"
    ]


def test_a_row_over_the_size_cap_is_skipped_naming_its_line() -> None:
    text = json.dumps({"text": "word " * 100}) + "\n" + json.dumps({"text": "A short article body here."}) + "\n"
    articles, skipped, _ = parse_article_table(text, name="big.jsonl", jsonl=True, max_bytes=200)
    assert [a.article_id for a in articles] == ["big-2"]
    assert [s.file for s in skipped] == ["big.jsonl line 1"] and "over the limit" in skipped[0].reason


def test_a_csv_field_larger_than_the_csv_modules_default_limit_is_read() -> None:
    long_text = "The minister said the talks would resume next week. " * 3000  # ~150 KB, over 128 KiB
    table = f'outlet,title,text\nA,One,"{long_text}"\nB,Two,A short second article body.\n'
    articles, skipped, _ = parse_article_table(table, name="t.csv", jsonl=False)
    assert [a.source.outlet for a in articles if a.source] == ["A", "B"] and skipped == []


def test_uploads_with_one_name_are_both_reported() -> None:
    from dashboard.io.read import read_uploads

    corpus = read_uploads([("x.txt", b"first article text here"), ("dir/x.txt", b"second, different text")])
    assert len(corpus.articles) == 1
    assert [(s.file, s.reason) for s in corpus.skipped] == [("x.txt", "same name as an earlier upload; rename one")]


def test_a_table_row_with_a_bad_date_is_kept_with_a_warning() -> None:
    text = json.dumps({"text": "A short article body here.", "date": "last Tuesday"}) + "\n"
    articles, _, warnings = parse_article_table(text, name="f.jsonl", jsonl=True)
    assert len(articles) == 1 and articles[0].source and articles[0].source.published is None
    assert warnings == ["f.jsonl line 1: published 'last Tuesday' is not a YYYY-MM-DD date; inferred from the text"]
