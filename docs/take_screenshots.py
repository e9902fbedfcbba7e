"""Full-page screenshots of the real app for the README: ``python docs/take_screenshots.py``.

Serves ``dashboard/app.py`` on a free loopback port (tables built in a temporary
folder), opens shared links in Debian's headless Chromium through Playwright, and
writes ``docs/findings.png``, ``docs/sources.png``, ``docs/overview.png``, ``docs/article.png``, ``docs/passages.png`` and
``docs/entities.png``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
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
SHOTS = [
    ("/", "What stands out in this coverage", ROOT / "docs" / "findings.png"),
    ("/?view=overview", "How the outlets covered the event", ROOT / "docs" / "overview.png"),
    ("/?view=sources", "Sources & relays", ROOT / "docs" / "sources.png"),
    ("/?view=article&article=003_0de6c06a7072f844&sentence=8", "Article", ROOT / "docs" / "article.png"),
    ("/?view=passages", "Shared passages", ROOT / "docs" / "passages.png"),
    ("/?view=entities", "Entities, their spellings", ROOT / "docs" / "entities.png"),
]


def main() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard/app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env={**os.environ, "NEWSLENS_OUTPUT": tempfile.mkdtemp()},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                if urllib.request.urlopen(base + "/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.25)
        with sync_playwright() as pw:
            ctx = pw.chromium.launch_persistent_context(
                tempfile.mkdtemp(prefix="chromium-"),
                executable_path="/usr/bin/chromium",
                headless=True,
                args=CHROMIUM_ARGS,
                viewport={"width": 1400, "height": 1000},
            )
            for link, title, out in SHOTS:
                page = ctx.new_page()
                page.goto(base + link, wait_until="domcontentloaded")
                expect(page.get_by_test_id("stMain").locator("h1", has_text=title).first).to_be_visible(timeout=60_000)
                expect(page.get_by_test_id("stApp")).to_have_attribute(
                    "data-test-script-state", "notRunning", timeout=60_000
                )
                page.wait_for_timeout(1500)  # plotly draws after the script finishes
                # Streamlit scrolls inside its main panel: grow the window to the page's height.
                height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
                page.set_viewport_size({"width": 1400, "height": max(1000, height)})
                page.wait_for_timeout(1500)
                page.screenshot(path=str(out), full_page=True)
                print(f"wrote {out.relative_to(ROOT)}")
                page.close()
            ctx.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
