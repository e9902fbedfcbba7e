"""UI defects only a real browser shows: what plotly draws at a phone's width.

Reuses the server, browser and page fixtures of ``test_browser.py`` (imported, so pytest finds
them here) and is skipped like it where ``/usr/bin/chromium`` is absent.
"""

from __future__ import annotations

from playwright.sync_api import Page

from .test_browser import (  # noqa: F401  (pytest fixtures, used by name)
    app_url,
    assert_no_exception,
    browser_context,
    open_link,
    page,
    pytestmark,
)

OVERVIEW_TITLE = "How the outlets covered the event"
OUTLETS = ("Caliber.Az", "Hürriyet Daily News", "Local Glob", "The Zimbabwe Mail", "Ukrainska Pravda")
PHONE = {"width": 390, "height": 844}

# Every tick label of the tone chart that the browser lays out (a dropped one has an empty box).
_DRAWN_TICKS = """
charts => {
  const tone = charts.find(c => [...c.querySelectorAll('svg text')].some(t => t.textContent === 'Article polarity'));
  if (!tone) return null;
  return [...tone.querySelectorAll('.xtick text, .ytick text')]
    .filter(t => { const r = t.getBoundingClientRect(); return r.width > 0 && r.height > 0; })
    .map(t => t.textContent);
}
"""


def test_the_tone_chart_draws_every_outlet_label_at_phone_width(app_url: str, page: Page) -> None:  # noqa: F811
    page.set_viewport_size(PHONE)
    open_link(page, app_url, "/?view=overview", OVERVIEW_TITLE)
    chart = page.get_by_test_id("stPlotlyChart").nth(1)
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    drawn = page.get_by_test_id("stPlotlyChart").evaluate_all(_DRAWN_TICKS)
    assert drawn is not None, "no tone chart on the page"
    # A wrapped label's lines are tspans of one text element: compare without the spaces.
    squeezed = {"".join(t.split()) for t in drawn}
    missing = [o for o in OUTLETS if "".join(o.split()) not in squeezed]
    assert missing == [], f"labels not drawn at {PHONE['width']} px: {missing} (drawn: {drawn})"
    assert_no_exception(page)
