"""The dashboard in a real browser: a shared link opens the view it names.

Starts ``streamlit run dashboard/app.py`` on a free local port, drives Debian's
Chromium (``/usr/bin/chromium``) through Playwright, and checks what a person opening
a link would see. Skipped only when ``/usr/bin/chromium`` is missing (CI installs it).
Playwright never downloads a browser here: it is pointed at the system one.
Screenshots go to pytest's ``tmp_path``, never into the project.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: The first load may build the tables from the seeds; later loads are quick.
FIRST_LOAD_MS = 60_000
LOAD_MS = 30_000
SERVER_START_S = 60

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium) to run the browser tests",
)

TOPIC_TITLE = "One topic across outlets"
OVERVIEW_TITLE = "How the outlets covered the event"
FINDINGS_TITLE = "What stands out in this coverage"
ARTICLE_TITLE = "Article"
LOCAL_GLOB, HURRIYET = "Local Glob", "Hürriyet Daily News"
OTHER_OUTLETS = ("Caliber.Az", "The Zimbabwe Mail", "Ukrainska Pravda")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    """End the server and everything it started (its own process group)."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


@contextlib.contextmanager
def _streamlit_server(script: str, env_extra: dict[str, str], log_path: Path) -> Iterator[str]:
    """Serve ``script`` with ``streamlit run`` on a free local port; yields the base address."""
    port = _free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        # Other people edit the sources while tests run; nothing here should react to that.
        "--server.fileWatcherType",
        "none",
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **env_extra}
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"

    def output() -> str:
        return log_path.read_text(encoding="utf-8", errors="replace")

    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with status {proc.returncode} before answering:\n{output()}")
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                    if response.read().decode().strip() == "ok":
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer {base}/_stcore/health within {SERVER_START_S} s:\n{output()}")
            time.sleep(0.25)
        yield base
    finally:
        _stop(proc)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base address of a Streamlit server running the dashboard on the bundled seeds."""
    # The app builds its tables on first load; build them in a temporary folder, not in the project.
    env = {"NEWSLENS_INPUT": str(ROOT / "seeds"), "NEWSLENS_OUTPUT": str(tmp_path_factory.mktemp("tables"))}
    with _streamlit_server("dashboard/app.py", env, tmp_path_factory.mktemp("streamlit") / "server.log") as base:
        yield base


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """System Chromium with a fresh, throwaway profile."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture()
def page(browser_context: BrowserContext) -> Iterator[Page]:
    """A new tab: a new Streamlit session, so the link is read afresh."""
    tab = browser_context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.page_errors = errors  # type: ignore[attr-defined]
    try:
        yield tab
    finally:
        tab.close()


def open_link(page: Page, base: str, link: str, title: str) -> None:
    """Open ``link`` and wait until the script run that draws ``title`` has finished."""
    page.goto(base + link, wait_until="domcontentloaded", timeout=FIRST_LOAD_MS)
    main = page.get_by_test_id("stMain")
    expect(main.locator("h1", has_text=title).first).to_be_visible(timeout=FIRST_LOAD_MS)
    app = page.locator('[data-testid="stApp"]')
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=LOAD_MS)
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=FIRST_LOAD_MS)


def assert_no_exception(page: Page) -> None:
    exceptions = page.locator('[data-testid="stException"]')
    if exceptions.count():
        pytest.fail("Streamlit shows an exception:\n" + "\n---\n".join(exceptions.all_inner_texts()))
    expect(exceptions).to_have_count(0)
    assert not page.page_errors, f"JavaScript errors on the page: {page.page_errors}"  # type: ignore[attr-defined]


def full_page_screenshot(page: Page, path: Path) -> None:
    """The whole page: Streamlit scrolls inside its main element, so grow the window to fit it first."""
    size = page.viewport_size or {"width": 1400, "height": 1000}
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 0")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height), 20_000))})
    page.wait_for_timeout(500)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query, keep_blank_values=True)


def wait_for_query(page: Page, wanted: dict[str, list[str]], timeout_s: float = 10) -> dict[str, list[str]]:
    """The page's query parameters once they equal ``wanted`` (multi-values compared as sets)."""

    def norm(q: dict[str, list[str]]) -> dict[str, frozenset[str]]:
        return {k: frozenset(v) for k, v in q.items()}

    deadline = time.monotonic() + timeout_s
    while True:
        got = query_of(page)
        if norm(got) == norm(wanted) or time.monotonic() > deadline:
            return got
        page.wait_for_timeout(100)


TOPIC_LINK = "/?view=topic&topic=air_links&outlet=Local%20Glob&outlet=H%C3%BCrriyet%20Daily%20News"


def test_shared_topic_link_opens_that_view(app_url: str, page: Page, tmp_path: Path) -> None:
    open_link(page, app_url, TOPIC_LINK, TOPIC_TITLE)
    main = page.get_by_test_id("stMain")
    sidebar = page.get_by_test_id("stSidebar")

    # The Topic view, on the linked topic.
    expect(main.locator("h1", has_text=TOPIC_TITLE)).to_have_count(1)
    expect(main.locator("h1", has_text=OVERVIEW_TITLE)).to_have_count(0)
    expect(main.get_by_text("Air links", exact=False).first).to_be_visible()
    expect(sidebar.get_by_role("radio", name="Topic")).to_be_checked()

    # Evidence from both linked outlets, under their names.
    for outlet in (LOCAL_GLOB, HURRIYET):
        expect(main.locator("h3", has_text=outlet)).to_have_count(1)
    expect(main.get_by_text("direct air service", exact=False).first).to_be_visible()
    expect(main.get_by_text("direct flights", exact=False).first).to_be_visible()
    expect(main.get_by_text("5 evidence sentence(s) from 2 outlet(s)", exact=False)).to_be_visible()

    # Nothing from outlets outside the filter, not even a "no sentence from" notice.
    for outlet in OTHER_OUTLETS:
        expect(main.get_by_text(outlet, exact=False)).to_have_count(0)
    expect(main.get_by_text("No sentence on this topic from", exact=False)).to_have_count(0)

    # The filter shows in the sidebar and the address still carries the link's state.
    for outlet in (LOCAL_GLOB, HURRIYET):
        expect(sidebar.get_by_text(outlet, exact=True).first).to_be_visible()
    query = wait_for_query(page, {"view": ["topic"], "topic": ["air_links"], "outlet": [LOCAL_GLOB, HURRIYET]})
    assert query.get("view") == ["topic"], page.url
    assert query.get("topic") == ["air_links"], page.url
    assert sorted(query.get("outlet", [])) == sorted([LOCAL_GLOB, HURRIYET]), page.url
    assert set(query) == {"view", "topic", "outlet"}, page.url

    assert_no_exception(page)
    full_page_screenshot(page, tmp_path / "topic.png")


def test_outlet_filter_hides_other_outlets_sentences(app_url: str, page: Page) -> None:
    # Staffing is covered by every outlet; the link keeps two.
    link = "/?view=topic&topic=staffing&outlet=Local%20Glob&outlet=H%C3%BCrriyet%20Daily%20News"
    open_link(page, app_url, link, TOPIC_TITLE)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("previous staffing levels", exact=False).first).to_be_visible()  # Local Glob
    expect(main.get_by_text("restoring staffing at embassies", exact=False).first).to_be_visible()  # Hürriyet
    expect(main.get_by_text("reestablish embassy staffing", exact=False)).to_have_count(0)  # The Zimbabwe Mail
    expect(main.get_by_text("announced that both sides had agreed", exact=False)).to_have_count(0)  # Caliber.Az
    expect(main.get_by_text("stabilise bilateral", exact=False)).to_have_count(0)  # Ukrainska Pravda
    assert_no_exception(page)


def test_malformed_link_warns_and_shows_the_default_view(app_url: str, page: Page) -> None:
    open_link(page, app_url, "/?view=nope&sentence=abc&utm=1", FINDINGS_TITLE)
    main = page.get_by_test_id("stMain")
    for notice in (
        "Ignored view 'nope'",
        "Ignored unknown link parameter 'utm'",
        "Ignored 'sentence' from the link",
    ):
        expect(main.get_by_text(notice, exact=False)).to_be_visible()
    expect(main.locator("h1", has_text=FINDINGS_TITLE)).to_have_count(1)
    expect(main.locator("h1", has_text=TOPIC_TITLE)).to_have_count(0)
    expect(page.get_by_test_id("stSidebar").get_by_role("radio", name="Findings")).to_be_checked()
    # The ignored values are not written back: the address holds the default view, which is left out.
    assert wait_for_query(page, {}) == {}, page.url
    assert_no_exception(page)


def test_addresses_in_a_link_never_become_links_on_the_page(app_url: str, page: Page) -> None:
    open_link(
        page,
        app_url,
        "/?outlet=http://evil.example/login&topic=[x](https://evil.example)&view=www.evil.example",
        FINDINGS_TITLE,
    )
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Ignored outlet", exact=False)).to_be_visible()
    expect(page.locator("a[href*='evil']")).to_have_count(0)
    assert_no_exception(page)


def test_uploaded_page_and_table_are_analysed_in_the_session(app_url: str, page: Page, tmp_path: Path) -> None:
    from .test_formats import BODY, PAGE

    html = tmp_path / "courier.html"
    html.write_text(PAGE, encoding="utf-8")
    table = tmp_path / "radio.csv"
    table.write_text(
        'outlet,published,title,text\n"Bay Radio",2025-03-04,"A commission for the bay","' + " ".join(BODY[1:]) + '"\n',
        encoding="utf-8",
    )
    open_link(page, app_url, "/?view=overview", OVERVIEW_TITLE)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Your own articles").click()
    sidebar.locator('input[type="file"][multiple]').set_input_files([str(html), str(table)])
    expect(sidebar.get_by_text("courier.html")).to_be_visible(timeout=LOAD_MS)
    expect(sidebar.get_by_text("radio.csv")).to_be_visible(timeout=LOAD_MS)
    sidebar.get_by_role("button", name="Analyse these articles").click()
    expect(sidebar.get_by_text("2 articles analysed.")).to_be_visible(timeout=FIRST_LOAD_MS)
    main = page.get_by_test_id("stMain")
    # The overview's article table (a canvas grid: its cells are in the page, not painted as text).
    expect(main.get_by_text("The Harbour Courier").first).to_be_attached(timeout=LOAD_MS)
    expect(main.get_by_text("Bay Radio").first).to_be_attached(timeout=LOAD_MS)
    expect(main.get_by_text("Ukrainska Pravda")).to_have_count(0)  # the served seeds are not mixed in
    expect(sidebar.get_by_text("A shared link opens the served articles", exact=False)).to_be_visible()
    assert_no_exception(page)


def test_tables_offer_no_unsafe_toolbar_download(app_url: str, page: Page) -> None:
    # The toolbar's CSV export writes formula cells as they are: it is off; the app's own
    # download buttons (formula-safe) remain.
    open_link(page, app_url, "/?view=overview", OVERVIEW_TITLE)
    table = page.get_by_test_id("stDataFrame").first
    table.hover()
    expect(table).to_be_visible()
    expect(page.get_by_role("button", name="Download as CSV")).to_have_count(0)
    assert_no_exception(page)


# Untrusted text as an attacker writes it: markup, Markdown, LaTeX, links and bidi controls.
PAYLOADS = [
    '<img src="http://evil.example/x.png" onerror="window.__pwned=1">',
    "<script>window.__pwned=1</script>",
    "[click me](http://evil.example/phish)",
    "![tracker](http://evil.example/t.gif)",
    "$\\\\frac{1}{2}$ and $$x^2$$",
    ":red[alert] **bold** <b>bold</b>",
    "javascript:window.__pwned=1",
    "\u202eevil\u202c reversed",
]


def payload_findings(page: Page) -> list[str]:
    """What a payload managed on the page: script run, elements made, addresses linked."""
    found = []
    if page.evaluate("() => window.__pwned === 1"):
        found.append("a script ran")
    for selector, what in (
        ('img[src*="evil.example"]', "an image from the payload"),
        ('a[href*="evil.example"], a[href^="javascript:"]', "a link from the payload"),
        (".katex", "LaTeX rendered"),
        ('[data-testid="stMain"] span[style*="red"]', "a colour directive rendered"),
    ):
        if page.locator(selector).count():
            found.append(what)
    if "\u202e" in page.locator("body").inner_text():
        found.append("a right-to-left override shown")
    return found


def _hostile_table(tmp_path: Path) -> Path:
    rows = ["outlet,title,text"]
    for i, payload in enumerate(PAYLOADS):
        body = f"Diplomats met in Geneva on Tuesday for talks, officials said {i}. {payload} The talks went on."
        rows.append(",".join(json.dumps(v) for v in (f"Outlet {i} {payload}", f"Title {payload}", body)))
    table = tmp_path / "hostile.csv"
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return table


def test_hostile_payloads_render_as_text_in_every_view(app_url: str, page: Page, tmp_path: Path) -> None:
    dialogs: list[str] = []
    requests: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    open_link(page, app_url, "/?view=overview", OVERVIEW_TITLE)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Your own articles").click()
    sidebar.locator('input[type="file"][multiple]').set_input_files([str(_hostile_table(tmp_path))])
    expect(sidebar.get_by_text("hostile.csv")).to_be_visible(timeout=LOAD_MS)
    sidebar.get_by_role("button", name="Analyse these articles").click()
    expect(sidebar.get_by_text(f"{len(PAYLOADS)} articles analysed.")).to_be_visible(timeout=FIRST_LOAD_MS)
    app = page.locator('[data-testid="stApp"]')
    for label in (
        "Findings",
        "Overview",
        "Compare",
        "Topic",
        "Article",
        "Shared passages",
        "Sources & relays",
        "Quotes & speakers",
        "Entities & discrepancies",
        "Omissions",
        "Framing",
    ):
        sidebar.get_by_text(label, exact=True).first.click()
        expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=FIRST_LOAD_MS)
        page.wait_for_timeout(300)
        assert payload_findings(page) == [], label
        assert_no_exception(page)
    assert dialogs == []
    assert [u for u in requests if not u.startswith(app_url) and not u.startswith("data:")] == []


PLANTED = """
import streamlit as st
st.title("planted")
for payload in {payloads!r}:
    st.markdown(payload, unsafe_allow_html=True)
"""


def test_the_payload_check_catches_an_unescaped_render(tmp_path: Path, page: Page) -> None:
    # The same check on a page that renders the payloads as written: it must find them.
    script = tmp_path / "planted.py"
    script.write_text(PLANTED.format(payloads=PAYLOADS), encoding="utf-8")
    with _streamlit_server(str(script), {}, tmp_path / "planted.log") as base:
        open_link(page, base, "/", "planted")
        page.wait_for_timeout(500)
        found = payload_findings(page)
    assert {"an image from the payload", "a link from the payload", "LaTeX rendered"} <= set(found)


def test_findings_are_on_the_first_screen_and_lead_to_their_sentences(app_url: str, page: Page) -> None:
    # A laptop's window: the three points of the reference case are readable without scrolling.
    page.set_viewport_size({"width": 1366, "height": 768})
    try:
        open_link(page, app_url, "/", FINDINGS_TITLE)
        main = page.get_by_test_id("stMain")
        headlines = main.locator("li")
        for claim in (
            "Hürriyet Daily News and Ukrainska Pravda carry the same text",
            "Ukrainska Pravda credits its text to US State Department and European Pravda",
            "“North American Department” (Hürriyet Daily News) against “North Atlantic Department”",
        ):
            item = headlines.filter(has_text=claim).first
            expect(item).to_be_visible()
            box = item.bounding_box()
            assert box is not None and box["y"] + box["height"] <= 768, (claim, box)
        # Follow the discrepancy to its section, then to the sentence that gives one value.
        headlines.filter(has_text="North American Department").get_by_role("link", name="evidence").click()
        discrepancy = main.locator(".st-key-finding_discrepancy_0")
        discrepancy.get_by_text("sentences behind it").click()
        expect(discrepancy.get_by_text("North American Department", exact=False).first).to_be_visible()
        discrepancy.get_by_role("button", name="Open").first.click()
        expect(main.locator("h1", has_text=ARTICLE_TITLE).first).to_be_visible(timeout=LOAD_MS)
        page.wait_for_function("() => new URLSearchParams(location.search).get('view') === 'article'", timeout=LOAD_MS)
        query = query_of(page)
        assert query["article"][0] in {"001_8dd6b9e86162486a", "003_0de6c06a7072f844", "004_76c8171fdb820c38"}
        assert "sentence" in query, page.url
        expect(main.locator("[id^='sentence-'][style*='outline']")).to_have_count(1)
        assert_no_exception(page)
    finally:
        page.set_viewport_size({"width": 1400, "height": 1000})


@pytest.fixture(scope="module")
def app_waiting_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard on the seeds with views that never wait for a filter's comparisons."""
    env = {
        "NEWSLENS_INPUT": str(ROOT / "seeds"),
        "NEWSLENS_OUTPUT": str(tmp_path_factory.mktemp("tables-waiting")),
        "NEWSLENS_VIEW_WAIT": "0",
    }
    with _streamlit_server("dashboard/app.py", env, tmp_path_factory.mktemp("streamlit") / "server.log") as base:
        yield base


def test_a_comparison_still_being_made_is_announced_then_shown_with_no_click(app_waiting_url: str, page: Page) -> None:
    kept = [LOCAL_GLOB, HURRIYET, *OTHER_OUTLETS[:2]]
    link = "/?view=omissions&" + "&".join(f"outlet={quote(o)}" for o in kept)
    open_link(page, app_waiting_url, link, "Omissions")
    main = page.get_by_test_id("stMain")
    # The page came back at once, with the note and no table (its comparison was not made yet) ...
    expect(main.get_by_text("The omissions for the 4 outlets kept are being computed", exact=False)).to_be_visible()
    # ... and its fragment draws it again once it is made: the table comes, the note goes.
    expect(main.get_by_test_id("stDataFrame").first).to_be_visible(timeout=LOAD_MS)
    expect(main.get_by_text("are being computed", exact=False)).to_have_count(0)
    assert_no_exception(page)
