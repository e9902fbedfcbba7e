from __future__ import annotations

import shutil
from datetime import date

import pytest

from dashboard.article.clean import clean_text
from dashboard.article.meta import FROM_SOURCES, FROM_TEXT, detect_language, extract_metadata
from dashboard.io.read import read_corpus
from dashboard.text.dates import date_from_url, find_dates

from .conftest import CALIBER, HURRIYET, LOCAL_GLOB, PRAVDA, ZIMBABWE_MAIL

# article: (outlet, country, published, title, byline, dateline)
EXPECTED = {
    ZIMBABWE_MAIL: ("The Zimbabwe Mail", "Zimbabwe", date(2025, 2, 26), None, None, "DOHA"),
    LOCAL_GLOB: (
        "Local Glob",
        "India",
        None,
        "Russian, US diplomats discuss steps in Istanbul to fund their embassies",
        None,
        "MOSCOW",
    ),
    CALIBER: (
        "Caliber.Az",
        "Azerbaijan",
        date(2025, 2, 27),
        "Russia-US talks commence in Istanbul to address embassy issues",
        "Vafa Guliyeva",
        None,
    ),
    HURRIYET: (
        "Hürriyet Daily News",
        "Türkiye",
        date(2025, 2, 28),
        "US, Russia discuss stabilizing embassy operations in Istanbul talks",
        None,
        "ISTANBUL",
    ),
    PRAVDA: (
        "Ukrainska Pravda",
        "Ukraine",
        date(2025, 2, 28),
        "US Department of State shares details of meeting with Russians in Türkiye",
        "Ivanna Kostina, Iryna Balachuk",
        None,
    ),
}


@pytest.mark.parametrize("article", sorted(EXPECTED))
def test_seed_metadata(seed_corpus, seed_clean, article):
    raw = next(a for a in seed_corpus.articles if a.article_id == article)
    meta = extract_metadata(article, seed_clean[article], raw.source)
    assert (meta.outlet, meta.country, meta.published, meta.title, meta.byline, meta.dateline) == EXPECTED[article]
    assert meta.language == "en"


def test_without_sources_csv_metadata_is_inferred_from_the_pages(seeds_dir, tmp_path):
    for path in seeds_dir.glob("*.txt"):
        shutil.copy(path, tmp_path / path.name)
    corpus = read_corpus(tmp_path)
    metas = {a.article_id: extract_metadata(a.article_id, clean_text(a.text), a.source) for a in corpus.articles}
    assert metas[LOCAL_GLOB].outlet == "Local Glob"
    assert metas[CALIBER].outlet == CALIBER  # nothing on the page names it: the file id stands in
    assert (metas[ZIMBABWE_MAIL].published, metas[ZIMBABWE_MAIL].published_source) == (date(2025, 2, 26), FROM_TEXT)
    assert (metas[PRAVDA].published, metas[PRAVDA].published_source) == (date(2025, 2, 28), FROM_TEXT)
    assert metas[HURRIYET].published == date(2025, 2, 28)
    assert metas[CALIBER].published is None


def test_sources_csv_date_wins_over_the_page(seed_corpus, seed_clean):
    raw = next(a for a in seed_corpus.articles if a.article_id == ZIMBABWE_MAIL)
    assert extract_metadata(ZIMBABWE_MAIL, seed_clean[ZIMBABWE_MAIL], raw.source).published_source == FROM_SOURCES


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("date 2025-02-26 Spread the love", [date(2025, 2, 26)]),
        ("Ivanna Kostina, Iryna BalachukFriday, 28 February 2025, 08:53", [date(2025, 2, 28)]),
        ("Published Feb. 27, 2025 at 10:31 a.m.", [date(2025, 2, 27)]),
        ("28.02.2025 08:53", [date(2025, 2, 28)]),
        ("on 31 February 2025 and 2025-13-01", []),
        ("The talks lasted over six hours on Thursday.", []),
    ],
)
def test_find_dates(text, expected):
    assert [d.value for d in find_dates(text)] == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.pravda.com.ua/eng/news/2025/02/28/7500578/", date(2025, 2, 28)),
        ("https://www.localglob.com/2025/03/russian-us-diplomats-discuss-steps-in.html", None),
        ("https://example.com/2024-11-05-story", date(2024, 11, 5)),
        (None, None),
    ],
)
def test_date_from_url(url, expected):
    assert date_from_url(url) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Russian and US diplomats met in Istanbul on Thursday to discuss their embassies.", "en"),
        ("Российские и американские дипломаты встретились в Стамбуле, чтобы обсудить работу посольств.", "ru"),
        ("Les diplomates russes et américains se sont réunis à Istanbul pour discuter des ambassades.", "fr"),
        ("ok", "und"),
    ],
)
def test_detect_language(text, code):
    assert detect_language(text) == code


def test_unseen_wire_page_metadata():
    from .test_clean import WIRE_PAGE

    meta = extract_metadata("wire", clean_text(WIRE_PAGE), None)
    assert (meta.outlet, meta.title, meta.byline, meta.dateline, meta.published) == (
        "Reuters",
        "EU agrees new sanctions package against Belarus",
        "Anna Kowalska and Peter Brandt",
        "BRUSSELS",
        date(2025, 3, 4),
    )
