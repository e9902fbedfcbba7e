"""Links: fetched from a local server the tests start, on the command line and in the app."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import schema as S
from dashboard.cli import EXIT_FAILED, EXIT_SKIPPED, main
from dashboard.ui.uploads import ALLOW_PRIVATE_ENV, K_LINKS

from .conftest import APP
from .test_formats import BODY, PAGE

SECOND = PAGE.replace("The Harbour Courier", "Coast Daily").replace("Lena Ortiz", "Omar Reyes")
PAGES = {"/courier": PAGE, "/coast": SECOND}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        body = PAGES.get(self.path)
        if body is None:
            self.send_error(404, "Not Found")
            return
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _links(tmp_path: Path, base: str) -> Path:
    links = tmp_path / "links.txt"
    links.write_text(f"# two pages and a missing one\n{base}/courier\n{base}/coast\n{base}/missing\n", encoding="utf-8")
    return links


def test_the_cli_fetches_links_without_an_input_folder(tmp_path: Path, server: str, capsys) -> None:
    out = tmp_path / "out"
    status = main(["--urls", str(_links(tmp_path, server)), "--out", str(out), "--allow-private-addresses"])
    assert status == EXIT_SKIPPED  # the missing page is skipped, the others written
    err = capsys.readouterr().err
    assert f"skipped {server}/missing: HTTP 404" in err
    articles = pd.read_parquet(out / S.ARTICLES_FILE)
    assert sorted(articles[S.OUTLET]) == ["Coast Daily", "The Harbour Courier"]  # the pages' site names
    assert set(articles[S.URL]) == {f"{server}/courier", f"{server}/coast"}
    assert all(BODY[0][:40] in text for text in articles[S.TEXT])


def test_the_cli_refuses_private_addresses_by_default(tmp_path: Path, server: str, capsys) -> None:
    status = main(["--urls", str(_links(tmp_path, server)), "--out", str(tmp_path / "out")])
    assert status == EXIT_FAILED and not (tmp_path / "out").exists()
    assert "loopback" in capsys.readouterr().err


def test_the_cli_adds_links_to_a_folder(tmp_path: Path, server: str) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "wire.txt").write_text("Fishing talks\n\n" + "\n\n".join(BODY), encoding="utf-8")
    out = tmp_path / "out"
    status = main([str(src), "--urls", str(_links(tmp_path, server)), "--out", str(out), "--allow-private-addresses"])
    assert status == EXIT_SKIPPED
    assert len(pd.read_parquet(out / S.ARTICLES_FILE)) == 3


def test_the_app_analyses_links_in_the_session(monkeypatch, tmp_path: Path, server: str) -> None:
    monkeypatch.setenv(ALLOW_PRIVATE_ENV, "1")
    monkeypatch.setenv("NEWSLENS_OUTPUT", str(tmp_path / "served"))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["view"] = "overview"  # its article table lists the outlets
    at.run()
    at.text_area(key=K_LINKS).input(f"{server}/courier\n{server}/coast\n{server}/missing").run()
    at.button(key="uploads_go").click().run()
    assert not at.exception
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert "2 articles analysed" in captions
    assert any("missing" in w.value and "404" in w.value for w in at.sidebar.warning)
    shown = " ".join(str(d.value) for d in at.dataframe)
    assert "Coast Daily" in shown and "Ukrainska Pravda" not in shown
    # Another visitor's session sees the served articles.
    other = AppTest.from_file(APP, default_timeout=120)
    other.query_params["view"] = "overview"
    other.run()
    assert "Ukrainska Pravda" in " ".join(str(d.value) for d in other.dataframe)
    # Back to the served articles.
    at.button(key="uploads_clear").click().run()
    assert "Ukrainska Pravda" in " ".join(str(d.value) for d in at.dataframe)


def test_the_app_refuses_private_links_unless_allowed(monkeypatch, tmp_path: Path, server: str) -> None:
    monkeypatch.delenv(ALLOW_PRIVATE_ENV, raising=False)
    monkeypatch.setenv("NEWSLENS_OUTPUT", str(tmp_path / "served"))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["view"] = "overview"  # its article table lists the outlets
    at.run()
    at.text_area(key=K_LINKS).input(f"{server}/courier").run()
    at.button(key="uploads_go").click().run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.sidebar.warning)
    assert "loopback" in warnings and "No usable article" in warnings
