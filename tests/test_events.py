"""Events: the articles of a folder grouped by content and dates; the analysis runs within one."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import combinations, islice, product
from pathlib import Path

import pandas as pd

from dashboard import schema as S
from dashboard.corpus import events
from dashboard.corpus.align import fact_terms
from dashboard.corpus.events import MAX_POSTING, MAX_SPAN_DAYS, PROBE_TERMS, group_events
from dashboard.pipeline import build_folder
from dashboard.vocabularies import load_stopwords, load_vocabularies
from tests.conftest import corpus_generator

STOPWORDS = load_stopwords()

# Two rounds of one negotiation, seven weeks apart: the same people and words, two events.
ROUND_ONE = [
    "Negotiators from Veldora and Marsh Island met in Geneva for the first round of talks on the disputed "
    "fishing grounds, with Foreign Minister Ilse Brandt leading the Veldoran delegation.",
    "The first round ended without a deal after six hours, and both delegations said the gap on quotas remained wide.",
    "Brandt told reporters that Veldora wanted a joint patrol of the fishing grounds before any quota talks.",
]
ROUND_TWO = [
    "Negotiators from Veldora and Marsh Island met again in Geneva for a second round of talks on the "
    "disputed fishing grounds, led on the Veldoran side by Foreign Minister Ilse Brandt.",
    "The second round produced a draft text on quotas after nine hours, both delegations said.",
    "Brandt said the draft would go to the parliaments of both countries before the summer.",
]
# Another story of the same day as round one.
FIRE = [
    "A fire destroyed a textile warehouse in the industrial port of Caldera overnight, and firefighters "
    "fought the blaze for eleven hours.",
    "No one was hurt, the fire brigade said, but the warehouse and its stock of cotton were lost.",
]


def events_of(*articles: tuple[list[str], date | None]) -> list[int]:
    found = group_events(
        [" ".join(body) for body, _ in articles], [d for _, d in articles], [None] * len(articles), stopwords=STOPWORDS
    )
    return [e.event_id for e in found]


def test_two_rounds_weeks_apart_are_two_events() -> None:
    first, second = date(2025, 3, 3), date(2025, 4, 20)
    assert (second - first).days > MAX_SPAN_DAYS
    found = events_of((ROUND_ONE, first), (ROUND_ONE[::-1], first), (ROUND_TWO, second), (ROUND_TWO[::-1], second))
    assert found[0] == found[1] and found[2] == found[3] and found[0] != found[2]


def test_the_same_rounds_without_dates_are_one_event_by_content() -> None:
    # Nothing tells the rounds apart but their dates: without them, the content makes one event.
    assert len(set(events_of((ROUND_ONE, None), (ROUND_TWO, None)))) == 1


def test_another_story_of_the_same_day_is_another_event() -> None:
    day = date(2025, 3, 3)
    found = events_of((ROUND_ONE, day), (FIRE, day), (ROUND_ONE[1:], day), (FIRE[::-1], day))
    assert found[0] == found[2] and found[1] == found[3] and found[0] != found[1]


def test_events_are_numbered_by_size_with_a_readable_label() -> None:
    day = date(2025, 3, 3)
    found = group_events(
        [" ".join(FIRE), " ".join(ROUND_ONE), " ".join(ROUND_ONE[1:])],
        [day, day, date(2025, 3, 4)],
        ["Warehouse burns in Caldera", "Fishing talks end without a deal", None],
        stopwords=STOPWORDS,
    )
    assert [e.event_id for e in found] == [1, 0, 0]
    assert found[1].label == "Fishing talks end without a deal (2025-03-03 – 2025-03-04)"
    assert found[0].label == "Warehouse burns in Caldera (2025-03-03)"


def test_words_common_in_a_large_folder_still_group_the_stories_of_a_few_days() -> None:
    # 500 stories ten days apart, two articles each; every story is four words of a stock of
    # thirteen, so each word is in about 300 articles (past MAX_POSTING) but in no other story
    # within MAX_SPAN_DAYS: each pair is one event, and no story joins another.
    stock = "harbour tariff glacier senate vaccine orchard pipeline verdict lottery satellite wildfire census ferry"
    stories = list(islice(combinations(stock.split(), 4), 500))
    start = date(2010, 1, 1)
    texts, days = [], []
    for k, words in enumerate(stories):
        texts += [" ".join(words), " ".join(reversed(words))]
        days += [start + timedelta(days=10 * k)] * 2
    held = sum("harbour" in t.split() for t in texts)
    assert held > MAX_POSTING and MAX_SPAN_DAYS * 2 < 10
    found = [e.event_id for e in group_events(texts, days, [None] * len(texts), stopwords=STOPWORDS)]
    assert len(set(found)) == len(stories)
    assert all(found[2 * k] == found[2 * k + 1] for k in range(len(stories)))


def test_words_no_other_article_holds_leave_the_lookup_to_the_shared_ones() -> None:
    # Two articles of one story, each with more words of its own than PROBE_TERMS (their
    # heaviest: no other article holds them) and eight words they share: only the shared words
    # can find the other article, so they must be the ones looked up.
    syllables = ["ka", "lo", "mi", "ru", "vo", "zan", "bel", "dus"]
    words = [a + b + c for a, b, c in product(syllables, repeat=3)]
    own = PROBE_TERMS + 1
    first, second, shared = words[:own], words[own : 2 * own], words[2 * own : 2 * own + 8]
    terms = [set(fact_terms(" ".join(w), STOPWORDS)) for w in (first, second, shared)]
    assert [len(t) for t in terms] == [own, own, 8] and not (terms[0] & terms[1] | terms[0] & terms[2])
    day = date(2025, 3, 3)
    found = events_of((first + shared, day), (second + shared, day))
    assert found[0] == found[1]


def test_one_pair_alike_across_two_stories_does_not_join_them(monkeypatch) -> None:
    # Two stories of one day, four articles each; one article of each also carries the same
    # notice (a name and a sentence), which makes that one pair alike. Joining on that pair
    # alone (single linkage) made one event of both; joining now needs as many pairs alike as
    # the smaller story has articles (LINK_SHARE).
    notice = [
        "Inspectors of the Coastal Safety Board under Oskar Lindqvist will audit every harbour "
        "permit issued this year, Lindqvist said."
    ]
    talks = [ROUND_ONE, ROUND_ONE[::-1], ROUND_ONE[1:], ROUND_ONE[:2]]
    fire = [FIRE, FIRE[::-1], FIRE + FIRE[:1], FIRE[1:] + FIRE]
    day = date(2025, 3, 3)
    articles = [(talks[0] + notice, day), *((t, day) for t in talks[1:])]
    articles += [(fire[0] + notice, day), *((f, day) for f in fire[1:])]
    found = events_of(*articles)
    assert len(set(found[:4])) == 1 and len(set(found[4:])) == 1 and found[0] != found[4]
    monkeypatch.setattr(events, "LINK_SHARE", 0.0)
    assert len(set(events_of(*articles))) == 1  # the pair alone joins them


def test_seeds_are_one_event(seed_table) -> None:
    articles = seed_table(S.ARTICLES_FILE)
    assert set(articles[S.EVENT_ID]) == {0}
    assert articles[S.EVENT_LABEL].nunique() == 1
    assert articles[S.EVENT_LABEL].iloc[0].endswith("(2025-02-26 – 2025-02-28)")


def _write(folder: Path, name: str, body: list[str], outlet: str, day: str) -> None:
    (folder / f"{name}.txt").write_text("\n\n".join(body) + "\n", encoding="utf-8")
    with (folder / "sources.csv").open("a", encoding="utf-8") as fp:
        fp.write(f"{name}.txt,{outlet},,,{day}\n")


def test_the_analysis_never_pools_two_events(tmp_path: Path) -> None:
    (tmp_path / "sources.csv").write_text("file,outlet,country,url,published\n", encoding="utf-8")
    _write(tmp_path, "a1", ROUND_ONE, "Courier", "2025-03-03")
    _write(tmp_path, "b1", [ROUND_ONE[0], ROUND_ONE[2], ROUND_ONE[1]], "Ledger", "2025-03-03")
    _write(tmp_path, "a2", ROUND_TWO, "Courier", "2025-04-20")
    _write(tmp_path, "b2", [ROUND_TWO[0], ROUND_TWO[2], ROUND_TWO[1]], "Ledger", "2025-04-20")
    tables = build_folder(tmp_path, load_vocabularies()).tables
    articles = tables[S.ARTICLES_FILE].set_index(S.ARTICLE_ID)
    event = articles[S.EVENT_ID]
    assert event["a1"] == event["b1"] != event["a2"] == event["b2"]
    members = tables[S.FACT_MEMBERS_FILE]
    assert not members.empty
    per_fact = members.assign(event=members[S.ARTICLE_ID].map(event)).groupby(S.FACT_ID)["event"].nunique()
    assert (per_fact == 1).all()  # no fact group spans the two rounds
    # "six hours" and "nine hours" are the two rounds' durations, not a conflict.
    assert tables[S.DISCREPANCIES_FILE].empty
    omitted = tables[S.OMISSIONS_FILE]
    assert omitted[omitted[S.KIND] == "fact"].empty  # each outlet tells both rounds in full
    assert isinstance(articles[S.EVENT_LABEL].iloc[0], str)
    assert pd.api.types.is_integer_dtype(tables[S.ARTICLES_FILE][S.EVENT_ID])


def _two_event_folder(folder: Path) -> Path:
    (folder / "sources.csv").write_text("file,outlet,country,url,published\n", encoding="utf-8")
    _write(folder, "a1", ROUND_ONE, "Courier", "2025-03-03")
    _write(folder, "b1", [ROUND_ONE[0], ROUND_ONE[2], ROUND_ONE[1]], "Ledger", "2025-03-03")
    _write(folder, "c2", FIRE, "Harbour Radio", "2025-05-10")
    _write(folder, "d2", FIRE[::-1], "Ledger", "2025-05-10")
    return folder


def test_the_app_offers_one_event_or_all_and_keeps_it_in_the_address(monkeypatch, tmp_path: Path) -> None:
    from streamlit.testing.v1 import AppTest

    from dashboard.ui.widgets import K_EVENT

    from .conftest import APP

    (tmp_path / "in").mkdir()
    monkeypatch.setenv("NEWSLENS_INPUT", str(_two_event_folder(tmp_path / "in")))
    monkeypatch.setenv("NEWSLENS_OUTPUT", str(tmp_path / "out"))
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    picker = at.selectbox(key=K_EVENT)
    labels = picker.options  # as shown: "All 2 events", then each event's label
    assert labels[0] == "All 2 events" and len(labels) == 3
    fire = next(str(i - 1) for i, label in enumerate(labels) if "warehouse" in label.lower())
    at = picker.set_value(fire).run()
    assert not at.exception
    assert at.query_params["event"] == fire
    shown = " ".join(m.value for m in at.main.markdown) + " ".join(str(d.value) for d in at.main.dataframe)
    assert "Harbour Radio" in shown and "Courier" not in shown  # the other event's only outlet is gone
    # A shared link opens the same event.
    again = AppTest.from_file(APP, default_timeout=120)
    again.query_params["event"] = fire
    again.run()
    assert again.session_state[K_EVENT] == fire


def test_a_non_english_article_is_kept_and_every_view_renders(monkeypatch, tmp_path: Path) -> None:
    from streamlit.testing.v1 import AppTest

    from dashboard.ui import state as V
    from dashboard.ui.widgets import K_ARTICLE, K_VIEW

    from .conftest import APP
    from .test_preprocess import RUSSIAN

    (tmp_path / "in").mkdir()
    src = _two_event_folder(tmp_path / "in")
    (src / "e_russian.txt").write_text(RUSSIAN, encoding="utf-8")
    monkeypatch.setenv("NEWSLENS_INPUT", str(src))
    monkeypatch.setenv("NEWSLENS_OUTPUT", str(tmp_path / "out"))
    for view in V.VIEWS:
        at = AppTest.from_file(APP, default_timeout=120)
        at.query_params["view"] = view
        if view == V.ARTICLE:
            at.query_params["article"] = "e_russian"
        at.run()
        assert not at.exception, (view, at.exception)
        if view == V.ARTICLE:
            assert at.session_state[K_VIEW] == V.ARTICLE and at.session_state[K_ARTICLE] == "e_russian"
            fields = at.dataframe[0].value
            values = dict(zip(fields["field"], fields["value"]))
            assert values["language"] == "ru"
            assert values["polarity"] == values["topics"] == "not available (language)"


def test_two_articles_sharing_a_lead_and_each_its_own_background_are_one_event() -> None:
    # Each article's heaviest terms are its own background words; the shared lead still joins them.
    lead = " ".join(ROUND_ONE[:2])
    own_a = "Locals spoke of trawlers, herring quotas, harbour fees, diesel prices, ice plants and sonar."
    own_b = "Officials listed railway links, freight terminals, container cranes, shipyards and bridges."
    day = date(2025, 3, 3)
    assert len(set(events_of(([lead, own_a], day), ([lead, own_b], day)))) == 1


def test_the_generators_events_replay_from_its_arguments(tmp_path: Path) -> None:
    # An event's articles are published within a few days of its start, and the events start
    # years apart: a replay that drew the assignment differently would mix dates years apart.
    gen = corpus_generator()
    gen.generate_corpus(tmp_path, 60, seed=4, n_events=3)
    event_of = gen.true_events(60, seed=4, n_events=3)
    sources = pd.read_csv(tmp_path / "sources.csv", parse_dates=["published"])
    sources["event"] = sources["file"].map(lambda f: event_of[f.split("_")[0]])
    assert sorted(set(sources["event"])) == [0, 1, 2] and sources["event"].notna().all()
    spans = sources.groupby("event")["published"].agg(lambda d: (d.max() - d.min()).days)
    assert (spans <= MAX_SPAN_DAYS).all()
    assert sources.groupby("event").size().tolist() == [20, 20, 20]
