"""dashboard.io.fetch against a real HTTP server on 127.0.0.1; nothing here reaches the internet.

Tests that fetch from the local server pass ``allow_private=True`` (it is on loopback);
tests of the address checks make sure no connection is even attempted.
"""

from __future__ import annotations

import contextlib
import pickle
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from dashboard.io import fetch
from dashboard.io.fetch import FetchError, fetch_page, parse_url_list

PAGE = b"<!doctype html><html><head><title>Bridge</title></head><body><p>The mayor opened it.</p></body></html>"
MB = 1024 * 1024


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None, *, length: bool = True) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the client gave up on purpose (size cap)
            self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self._send(302, b"", {"Location": location, "Set-Cookie": "session=secret; Path=/"})

    def _trickle(self, data: bytes, pause: float) -> None:
        try:
            for i in range(len(data)):
                self.wfile.write(data[i : i + 1])
                self.wfile.flush()
                time.sleep(pause)
        except OSError:
            pass  # the client hung up, as it should

    def do_GET(self) -> None:
        self.server.requests.append((self.path, dict(self.headers.items())))
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        if path in ("/page", "/caf%C3%A9"):
            self._send(200, PAGE, {"Content-Type": "text/html; charset=utf-8"})
        elif path.startswith("/chain/"):
            hops = int(path.rsplit("/", 1)[1])
            self._redirect("/page" if hops <= 1 else f"/chain/{hops - 1}")
        elif path == "/loop":
            self._redirect("/loop")
        elif path == "/to":
            self._redirect(query["u"][0])
        elif path == "/slow-body":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.flush()
            self._trickle(b"<" + b"x" * 20, 0.5)
        elif path == "/slow-headers":
            self.wfile.write(b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n")
            self._trickle(b"X-Slow: " + b"y" * 30, 0.2)
        elif path == "/big":
            self._send(200, b"<" + b"x" * (2 * MB), {"Content-Type": "text/html"})
        elif path == "/big-no-length":
            self._send(200, b"<" + b"x" * (2 * MB), {"Content-Type": "text/html"}, length=False)
        elif path == "/sized":
            self._send(200, b"x" * int(query["n"][0]), {"Content-Type": "text/plain"}, length=False)
        elif path == "/type":
            self._send(200, PAGE, {"Content-Type": query["ct"][0]})
        elif path == "/status":
            self.send_error(int(query["code"][0]))
        elif path == "/no-type-html":
            self._send(200, b" \n\t" + PAGE)
        elif path == "/no-type-binary":
            self._send(200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        elif path == "/refresh":
            self._send(200, b"<p>first</p>", {"Content-Type": "text/html", "Refresh": "0; url=/page"})
        elif path == "/gzip":
            self._send(200, b"\x1f\x8b\x08\x00", {"Content-Type": "text/html", "Content-Encoding": "gzip"})
        else:
            self.send_error(404)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    requests: list[tuple[str, dict[str, str]]]


@dataclass
class LocalServer:
    base: str
    port: int
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    port = httpd.server_address[1]
    local = LocalServer(base=f"http://127.0.0.1:{port}", port=port)
    httpd.requests = local.requests
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield local
    httpd.shutdown()
    httpd.server_close()


def _get(url: str, **kwargs: Any) -> fetch.FetchedPage:
    return fetch_page(url, allow_private=True, **kwargs)


def _error(url: str, **kwargs: Any) -> FetchError:
    with pytest.raises(FetchError) as info:
        fetch_page(url, **kwargs)
    return info.value


@pytest.fixture
def connects(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every address a socket connects to; anything but 127.0.0.1 fails the test."""
    seen: list[object] = []
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: object) -> None:
        seen.append(address)
        assert isinstance(address, tuple) and address[0] == "127.0.0.1", f"connection attempted to {address}"
        real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return seen


@pytest.fixture
def loopback_is_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat 127.0.0.1 (only) as public, so the checks can be run against the local server."""
    real = fetch._address_problem

    def problem(ip: fetch._IPAddress) -> str | None:
        return None if str(ip) == "127.0.0.1" else real(ip)

    monkeypatch.setattr(fetch, "_address_problem", problem)


def _fake_dns(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[list[str]]]) -> list[str]:
    """Resolve the names in ``answers`` (a list of address lists, one per successive lookup) without DNS."""
    real = socket.getaddrinfo
    lookups: list[str] = []

    def getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        if host not in answers:
            return real(host, port, *args, **kwargs)  # type: ignore[arg-type]
        lookups.append(host)
        addresses = answers[host][min(len(lookups), len(answers[host])) - 1]
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (a, port)) for a in addresses]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return lookups


# --- fetching what is allowed ---------------------------------------------------------


def test_fetches_an_html_page(server: LocalServer) -> None:
    page = _get(f"  {server.url('/page')}\n")
    assert page == fetch.FetchedPage(
        url=server.url("/page"), final_url=server.url("/page"), content_type="text/html", body=PAGE
    )


def test_sends_accept_and_user_agent_and_no_cookies(server: LocalServer) -> None:
    _get(server.url("/chain/2"), user_agent="newslens-test/1.0")
    sent = {path: headers for path, headers in server.requests if path in ("/chain/2", "/chain/1", "/page")}
    assert sent["/page"]["User-Agent"] == "newslens-test/1.0"
    assert "text/html" in sent["/page"]["Accept"]
    # Every redirect set a cookie; none was sent back.
    assert not any("Cookie" in headers for headers in sent.values())


@pytest.mark.parametrize("hops", [2, 3])
def test_follows_redirects_up_to_the_limit(server: LocalServer, hops: int) -> None:
    page = _get(server.url(f"/chain/{hops}"))
    assert page.url == server.url(f"/chain/{hops}")
    assert page.final_url == server.url("/page")
    assert page.body == PAGE


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("TEXT/HTML; Charset=ISO-8859-1", "text/html"),
        ("application/xhtml+xml", "application/xhtml+xml"),
        ("text/plain; charset=utf-8", "text/plain"),
    ],
)
def test_accepted_content_types_without_parameters(server: LocalServer, content_type: str, expected: str) -> None:
    page = _get(server.url(f"/type?ct={quote(content_type)}"))
    assert page.content_type == expected


def test_missing_content_type_with_an_html_body_is_html(server: LocalServer) -> None:
    page = _get(server.url("/no-type-html"))
    assert page.content_type == "text/html"
    assert page.body.strip() == PAGE


def test_refresh_header_is_not_followed(server: LocalServer) -> None:
    page = _get(server.url("/refresh"))
    assert (page.final_url, page.body) == (server.url("/refresh"), b"<p>first</p>")


def test_non_ascii_path_is_percent_encoded(server: LocalServer) -> None:
    assert _get(server.url("/café")).body == PAGE


def test_body_exactly_at_the_cap_is_accepted(server: LocalServer) -> None:
    assert len(_get(server.url("/sized?n=1000"), max_bytes=1000).body) == 1000
    assert "1,000-byte cap" in _error(server.url("/sized?n=1001"), max_bytes=1000, allow_private=True).reason


def test_environment_proxies_are_ignored(server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    # A proxy on a closed port: using it would fail the fetch.
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    assert _get(server.url("/page")).body == PAGE


# --- redirects refused ----------------------------------------------------------------


def test_redirect_chain_longer_than_the_limit_is_refused(server: LocalServer) -> None:
    err = _error(server.url(f"/chain/{fetch.MAX_REDIRECTS + 1}"), allow_private=True)
    assert err.reason == f"too many redirects (more than {fetch.MAX_REDIRECTS})"


def test_redirect_loop_is_refused(server: LocalServer) -> None:
    err = _error(server.url("/loop"), allow_private=True)
    assert err.reason.startswith("too many redirects")
    assert "loop" in err.reason


@pytest.mark.parametrize(
    ("target", "scheme"),
    [
        ("file:///etc/passwd", "file"),
        ("ftp://127.0.0.1/pub/file.txt", "ftp"),
        ("data:text/html,<p>injected</p>", "data"),
        ("javascript:alert(1)", "javascript"),
    ],
)
def test_redirect_to_other_schemes_is_refused(server: LocalServer, target: str, scheme: str) -> None:
    err = _error(server.url(f"/to?u={quote(target, safe='')}"), allow_private=True)
    assert err.reason.startswith("redirect to ")
    assert f"the {scheme}: scheme is not allowed" in err.reason


def test_redirect_to_a_url_with_credentials_is_refused(server: LocalServer) -> None:
    err = _error(server.url(f"/to?u={quote('http://user:pw@127.0.0.1/', safe='')}"), allow_private=True)
    assert "user name or password" in err.reason


def test_every_hop_is_checked(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch, loopback_is_public: None, connects: list[object]
) -> None:
    # A public-looking page that redirects to the cloud metadata address, or to a name that resolves privately.
    assert _error(server.url("/to?u=http://169.254.169.254/latest/meta-data/")).reason.endswith(
        "refused to connect to 169.254.169.254: a link-local address, not a public one"
    )
    _fake_dns(monkeypatch, {"internal.test": [["10.1.2.3"]]})
    err = _error(server.url("/to?u=http://internal.test/admin"))
    assert "10.1.2.3 (the address of internal.test): a private address" in err.reason
    assert all(address[1] == server.port for address in connects)  # type: ignore[index]


# --- addresses refused ----------------------------------------------------------------


def test_loopback_server_is_refused_by_default(server: LocalServer, connects: list[object]) -> None:
    err = _error(server.url("/page"))
    assert "127.0.0.1: a loopback address, not a public one" in err.reason
    assert connects == []


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::1]/", "loopback"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://10.0.0.1/", "private"),
        ("http://192.168.1.1:8080/", "private"),
        ("https://172.16.0.1/", "private"),
        ("http://[fc00::1]/", "private"),
        ("http://[fe80::1]/", "link-local"),
        ("http://[::]/", "unspecified"),
        ("http://224.0.0.1/", "multicast"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://[::ffff:169.254.169.254]/", "link-local"),
        ("http://100.64.0.1/", "non-public"),
    ],
)
def test_non_public_addresses_are_refused_before_connecting(url: str, kind: str, connects: list[object]) -> None:
    started = time.monotonic()
    err = _error(url)
    assert time.monotonic() - started < 1.0
    assert f"a {kind} address, not a public one" in err.reason
    assert connects == []


def test_a_name_resolving_to_loopback_is_refused(connects: list[object]) -> None:
    err = _error("http://localhost/")
    assert "(the address of localhost): a loopback address" in err.reason
    assert connects == []


def test_a_name_with_any_private_address_is_refused(monkeypatch: pytest.MonkeyPatch, connects: list[object]) -> None:
    _fake_dns(monkeypatch, {"mixed.test": [["93.184.215.14", "192.168.0.10"]]})
    err = _error("https://mixed.test/")
    assert "192.168.0.10 (the address of mixed.test): a private address" in err.reason
    assert connects == []


def test_connects_to_the_checked_address_not_a_second_lookup(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch, loopback_is_public: None, connects: list[object]
) -> None:
    # DNS rebinding: the first answer is harmless, later ones point inside.
    lookups = _fake_dns(monkeypatch, {"rebind.test": [["127.0.0.1"], ["169.254.169.254"]]})
    page = fetch_page(f"http://rebind.test:{server.port}/page")
    assert page.body == PAGE
    assert lookups == ["rebind.test"]
    assert connects == [("127.0.0.1", server.port)]


# --- limits ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/slow-body", "/slow-headers"])
def test_a_trickling_server_is_cut_off_at_the_timeout(server: LocalServer, path: str) -> None:
    started = time.monotonic()
    err = _error(server.url(path), timeout=1.5, allow_private=True)
    elapsed = time.monotonic() - started
    assert err.reason == "timed out after 1.5 s"
    assert 1.0 < elapsed < 5.0


def test_a_tls_handshake_that_never_comes_is_cut_off_at_the_timeout() -> None:
    # A listener that accepts the connection and never answers the ClientHello.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        started = time.monotonic()
        err = _error(f"https://127.0.0.1:{listener.getsockname()[1]}/", timeout=1.0, allow_private=True)
    assert err.reason == "timed out after 1 s"
    assert time.monotonic() - started < 4.0


def test_declared_oversized_body_is_refused_before_reading(server: LocalServer) -> None:
    err = _error(server.url("/big"), max_bytes=MB, allow_private=True)
    assert err.reason == "body of 2,097,153 bytes is over the 1,048,576-byte cap"


def test_undeclared_oversized_body_is_cut_at_the_cap(server: LocalServer) -> None:
    err = _error(server.url("/big-no-length"), max_bytes=MB, allow_private=True)
    assert err.reason == "body is larger than the 1,048,576-byte cap"


@pytest.mark.parametrize("content_type", ["application/pdf", "image/png", "application/json; charset=utf-8"])
def test_other_content_types_are_refused(server: LocalServer, content_type: str) -> None:
    err = _error(server.url(f"/type?ct={quote(content_type)}"), allow_private=True)
    media_type = content_type.split(";")[0]
    assert err.reason.startswith(f"content type {media_type} is not accepted")


def test_missing_content_type_without_html_is_refused(server: LocalServer) -> None:
    err = _error(server.url("/no-type-binary"), allow_private=True)
    assert "no Content-Type" in err.reason


def test_compressed_body_is_refused(server: LocalServer) -> None:
    assert "Content-Encoding: gzip" in _error(server.url("/gzip"), allow_private=True).reason


# --- errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "reason"), [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error")])
def test_http_errors_name_the_status(server: LocalServer, code: int, reason: str) -> None:
    err = _error(server.url(f"/status?code={code}"), allow_private=True)
    assert err.reason == reason
    assert str(err) == f"{server.url(f'/status?code={code}')}: {reason}"


def test_connection_refused_is_a_short_reason() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    err = _error(f"http://127.0.0.1:{port}/", allow_private=True)
    assert err.reason == "connection refused"


def test_dns_failure_is_a_short_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_dns(monkeypatch, {"no-such-host.invalid": [[]]})
    err = _error("https://no-such-host.invalid/news")
    assert err.reason == "could not resolve the host name (Name or service not known)"
    assert "Traceback" not in str(err)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.com/file", "the ftp: scheme is not allowed (only http and https)"),
        ("file:///etc/passwd", "the file: scheme is not allowed (only http and https)"),
        ("example.com/news", "not an absolute URL (it needs http:// or https://)"),
        ("http:///path", "the URL has no host name"),
        ("http://example.com:99999/", "not a valid URL (bad host or port)"),
        ("http://example.com/a b", "the URL contains spaces or control characters"),
    ],
)
def test_invalid_urls_are_refused(url: str, reason: str, connects: list[object]) -> None:
    assert _error(url).reason == reason
    assert connects == []


def test_credentials_are_refused_and_not_echoed(connects: list[object]) -> None:
    err = _error("https://alice:hunter2@example.com/private")
    assert err.reason == "URLs with a user name or password are refused"
    assert "hunter2" not in str(err)
    assert connects == []


def test_control_characters_do_not_reach_the_message(server: LocalServer) -> None:
    redirect = quote("file:///etc/\x1b[31mpasswd", safe="")
    hostile = "http://127.0.0.1/\x1b[2J\x1b]0;owned\x07news\r\nX-Injected: 1"
    for err in (
        _error(hostile),
        _error(server.url(f"/to?u={redirect}"), allow_private=True),
    ):
        for text in (str(err), err.url, err.reason):
            assert all(ch.isprintable() for ch in text), repr(text)
    assert _error(hostile).url == "http://127.0.0.1/[2J]0;ownednewsX-Injected: 1"


def test_fetch_error_survives_pickling() -> None:
    err = pickle.loads(pickle.dumps(FetchError("http://example.com/", "HTTP 404 Not Found")))
    assert (err.url, err.reason, str(err)) == (
        "http://example.com/",
        "HTTP 404 Not Found",
        "http://example.com/: HTTP 404 Not Found",
    )


@pytest.mark.parametrize("kwargs", [{"timeout": 0}, {"max_bytes": -1}])
def test_bad_limits_are_programming_errors(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        fetch_page("http://example.com/", **kwargs)


# --- the links file -------------------------------------------------------------------


def test_parse_url_list() -> None:
    text = (
        "\ufeff# Coverage of the embassy talks\n"
        "https://example.com/a\n"
        "\n"
        "   http://news.example.org/b?id=1   \n"
        "  # indented comment\n"
        "javascript:alert(1)\n"
        "bridge\n"
        "https://example.com/a\n"
        "ftp://example.com/c\n"
        "https://user:pw@example.com/d\n"
        "http://example.com/\x1b[31mred\n"
        "HTTPS://Example.com/e\r\n"
    )
    urls, warnings = parse_url_list(text)
    assert urls == ["https://example.com/a", "http://news.example.org/b?id=1", "HTTPS://Example.com/e"]
    assert warnings == [
        "line 6: skipped 'javascript:alert(1)': the javascript: scheme is not allowed (only http and https)",
        "line 7: skipped 'bridge': not an absolute URL (it needs http:// or https://)",
        "line 8: skipped 'https://example.com/a': duplicate of line 2",
        "line 9: skipped 'ftp://example.com/c': the ftp: scheme is not allowed (only http and https)",
        "line 10: skipped 'https://***@example.com/d': URLs with a user name or password are refused",
        "line 11: skipped 'http://example.com/[31mred': the URL contains spaces or control characters",
    ]


def test_parse_url_list_of_nothing() -> None:
    assert parse_url_list("") == ([], [])
    assert parse_url_list("# only a comment\n\n   \n") == ([], [])
