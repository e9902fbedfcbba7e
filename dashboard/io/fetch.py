"""Fetching the web pages a user lists, safely enough to run inside a deployed app.

The URLs come from the user, so the fetcher is what a server-side request forgery would go
through: only ``http``/``https`` (also after redirects), no credentials in URLs, and by
default no connection to loopback, private, link-local (cloud metadata), unspecified,
multicast or reserved addresses. The address check runs on the IP actually connected to,
for every hop, so a DNS answer that changes between check and connect (DNS rebinding)
cannot slip through. Every fetch is bounded in time (the whole fetch, not each read),
in size, and in content type.

Standard library only. :func:`fetch_page` raises :class:`FetchError` naming the URL and
a one-line reason; :func:`parse_url_list` turns a links file into URLs and warnings.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import string
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from dashboard.errors import NewslensError

#: Seconds for the whole fetch of one URL: connect, request, headers and every body read.
DEFAULT_TIMEOUT = 15.0
#: Largest body accepted, in bytes.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
#: Redirects followed before giving up.
MAX_REDIRECTS = 3
#: Media types accepted; anything else is refused before the body is read.
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
DEFAULT_USER_AGENT = "newslens (+https://github.com/)"

_SCHEMES = ("http", "https")
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8"
_CHUNK = 64 * 1024
# Long enough to recognise a line in a warning, short enough to keep the warning one line.
_SHOWN_CHARS = 80

_IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _printable(text: str) -> str:
    """``text`` without control characters, so a hostile URL cannot drive the terminal or the log."""
    return "".join(ch for ch in text if ch.isprintable())


def _shown(text: str) -> str:
    """``text`` made safe and short for a message."""
    text = _printable(text)
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


@dataclass(frozen=True)
class FetchedPage:
    """A page fetched by :func:`fetch_page`.

    Attributes:
        url: The URL asked for, as given (stripped of surrounding whitespace).
        final_url: The URL the body came from, after redirects.
        content_type: The media type only, lower case (``"text/html"``); parameters such
            as the charset are dropped.
        body: The body's bytes, undecoded.
    """

    url: str
    final_url: str
    content_type: str
    body: bytes


class FetchError(NewslensError):
    """A URL could not be fetched, or what came back is not usable.

    Attributes:
        url: The URL asked for, control characters removed.
        reason: One line, human readable, control characters removed.
    """

    def __init__(self, url: str, reason: str) -> None:
        self.url = _printable(url)
        self.reason = _printable(reason)
        super().__init__(f"{self.url}: {self.reason}")

    def __reduce__(self) -> tuple[type[FetchError], tuple[str, str]]:
        # The two-argument constructor would otherwise break pickling (multiprocessing, caches).
        return (type(self), (self.url, self.reason))


class _Refused(Exception):
    """Raised from inside urllib's machinery; :func:`fetch_page` turns it into a FetchError."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# ---------------------------------------------------------------------------------------
# URL and address checks


def _url_problem(url: str) -> str | None:
    """Why ``url`` may not be fetched, judged from the text alone; ``None`` when it may."""
    if any(not ch.isprintable() or ch.isspace() for ch in url):
        return "the URL contains spaces or control characters"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "not a valid URL (bad host or port)"
    scheme = parts.scheme.lower()
    if not scheme:
        return "not an absolute URL (it needs http:// or https://)"
    if scheme not in _SCHEMES:
        return f"the {scheme}: scheme is not allowed (only http and https)"
    if not parts.hostname:
        return "the URL has no host name"
    if parts.username is not None or parts.password is not None:
        return "URLs with a user name or password are refused"
    if port == 0:
        return "port 0 is not a valid port"
    return None


def _address_problem(ip: _IPAddress) -> str | None:
    """What kind of non-public address ``ip`` is (``"loopback"``, ``"private"``, ...), or ``None``."""
    if isinstance(ip, ipaddress.IPv6Address):
        # IPv6 forms that carry an IPv4 address reach that IPv4 host.
        for embedded in (ip.ipv4_mapped, ip.sixtofour):
            if embedded is not None:
                return _address_problem(embedded)
    checks = (
        # Most specific first: 127/8 and 169.254/16 are also "private" to ipaddress.
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
        # Catches what has no flag of its own, such as shared (carrier-grade NAT) space.
        ("non-public", not ip.is_global),
    )
    return next((name for name, hit in checks if hit), None)


def _refusal(ip: _IPAddress, kind: str, host: str) -> str:
    via = "" if host == str(ip) else f" (the address of {host})"
    return f"refused to connect to {ip}{via}: a {kind} address, not a public one"


def _literal_problem(url: str) -> str | None:
    """The refusal for a URL whose host is a non-public IP literal, found without any lookup."""
    host = urlsplit(url).hostname or ""
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None
    kind = _address_problem(ip)
    return None if kind is None else _refusal(ip, kind, host)


def _request_url(url: str) -> str:
    """``url`` with non-ASCII path and query characters percent-encoded (http.client sends ASCII)."""
    parts = urlsplit(url)
    if parts.path.isascii() and parts.query.isascii():
        return url
    # '%' is safe, so escapes already in the URL stay as they are.
    return urlunsplit(
        parts._replace(
            path=quote(parts.path, safe=string.punctuation), query=quote(parts.query, safe=string.punctuation)
        )
    )


# ---------------------------------------------------------------------------------------
# Connections that check the address and keep to one deadline


class _Deadline:
    """The moment a fetch must be done by."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        """Seconds left; raises TimeoutError when none are (a zero socket timeout would mean non-blocking)."""
        left = self.end - time.monotonic()
        if left <= 0:
            raise TimeoutError("deadline passed")
        return left


def _refresh(sock: socket.socket, deadline: _Deadline | None) -> None:
    if deadline is not None:
        sock.settimeout(deadline.remaining())


class _DeadlineSocket(socket.socket):
    """A TCP socket whose every send and receive may only wait until the fetch's deadline.

    A per-call timeout alone lets a server that trickles a byte at a time (headers or
    body) hold the fetch open forever; resetting the timeout to the time left does not.
    """

    deadline: _Deadline | None = None

    def recv(self, *args: Any, **kwargs: Any) -> bytes:
        _refresh(self, self.deadline)
        return super().recv(*args, **kwargs)

    def recv_into(self, *args: Any, **kwargs: Any) -> int:
        _refresh(self, self.deadline)
        return super().recv_into(*args, **kwargs)

    def send(self, *args: Any, **kwargs: Any) -> int:
        _refresh(self, self.deadline)
        return super().send(*args, **kwargs)

    def sendall(self, *args: Any, **kwargs: Any) -> None:
        _refresh(self, self.deadline)
        super().sendall(*args, **kwargs)


class _DeadlineSSLSocket(_DeadlineSocket, ssl.SSLSocket):
    """The TLS counterpart of :class:`_DeadlineSocket` (wrapping makes a new socket object): the
    same methods, which now reach the TLS ones first, and the handshake."""

    def do_handshake(self, *args: Any, **kwargs: Any) -> None:
        _refresh(self, self.deadline)
        super().do_handshake(*args, **kwargs)


@dataclass(frozen=True)
class _Policy:
    """What one fetch allows: shared by its connections and its redirect handler."""

    deadline: _Deadline
    allow_private: bool


def _connect_checked(host: str, port: int, policy: _Policy) -> _DeadlineSocket:
    """Resolve ``host`` once, check every address, connect to a checked one.

    Connecting to the very address that was checked (not resolving the name again) is
    what defeats DNS rebinding. One non-public address refuses the host outright, since a
    name that mixes public and private answers is either misconfigured or an attack.
    """
    # getaddrinfo cannot be given a timeout; the system resolver's own limits apply.
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    if not infos:
        raise socket.gaierror(socket.EAI_NONAME, "no addresses found")
    if not policy.allow_private:
        for *_, sockaddr in infos:
            ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
            kind = _address_problem(ip)
            if kind is not None:
                raise _Refused(_refusal(ip, kind, host))
    last_error: OSError | None = None
    for family, kind_, proto, _, sockaddr in infos:
        sock = _DeadlineSocket(family, kind_, proto)
        sock.deadline = policy.deadline
        try:
            sock.settimeout(policy.deadline.remaining())
            sock.connect(sockaddr)
        except TimeoutError:
            sock.close()
            raise
        except OSError as exc:
            sock.close()
            last_error = exc
            continue
        # Only a speed hint (the request goes out in one piece); not every platform has it.
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock
    assert last_error is not None
    raise last_error


class _CheckedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection that only connects to addresses the fetch's policy allows."""

    def __init__(self, host: str, *, policy: _Policy) -> None:
        super().__init__(host)
        self._policy = policy

    def connect(self) -> None:
        sys.audit("http.client.connect", self, self.host, self.port)
        self.sock = _connect_checked(self.host, self.port, self._policy)


class _CheckedHTTPSConnection(http.client.HTTPSConnection):
    """The HTTPS counterpart of :class:`_CheckedHTTPConnection`; certificates are verified."""

    def __init__(self, host: str, *, policy: _Policy, context: ssl.SSLContext) -> None:
        super().__init__(host, context=context)
        self._policy = policy
        self._ssl_context = context

    def connect(self) -> None:
        sys.audit("http.client.connect", self, self.host, self.port)
        raw = _connect_checked(self.host, self.port, self._policy)
        try:
            # The handshake waits on the peer too, so it runs after the deadline is attached.
            tls = self._ssl_context.wrap_socket(raw, server_hostname=self.host, do_handshake_on_connect=False)
            assert isinstance(tls, _DeadlineSSLSocket)
            tls.deadline = self._policy.deadline
            tls.do_handshake()
        except BaseException:
            raw.close()
            raise
        self.sock = tls


class _CheckedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, policy: _Policy) -> None:
        super().__init__()
        self._policy = policy

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req)

    def _connection(self, host: str, **_ignored: Any) -> http.client.HTTPConnection:
        # urllib passes its own timeout; the policy's deadline replaces it.
        return _CheckedHTTPConnection(host, policy=self._policy)


class _CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, policy: _Policy) -> None:
        super().__init__()
        self._policy = policy
        self._context: ssl.SSLContext | None = None

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req)

    def _connection(self, host: str, **_ignored: Any) -> http.client.HTTPConnection:
        if self._context is None:
            self._context = ssl.create_default_context()
            self._context.sslsocket_class = _DeadlineSSLSocket
        return _CheckedHTTPSConnection(host, policy=self._policy, context=self._context)


class _CheckedRedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows at most MAX_REDIRECTS redirects, each to a URL that passes the same checks.

    urllib's own handler allows ten hops, redirects to ``ftp:``, and reads a redirect's
    whole body before following it; this one does none of that. One handler serves one
    fetch, so it can count the hops itself.
    """

    def __init__(self, policy: _Policy) -> None:
        super().__init__()
        self._policy = policy
        # Every URL of the chain so far, the first one included; hops = len - 1.
        self._chain: list[str] = []

    def http_error_302(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: http.client.HTTPMessage
    ) -> Any:
        location = headers.get("location") or headers.get("uri")
        if location is None:
            # Without a target this is an error response; the default handler says so.
            return None
        # Header values arrive decoded as Latin-1; this recovers and escapes the raw bytes,
        # control characters and spaces included, like urllib does.
        target = urljoin(req.full_url, quote(location.strip(), encoding="iso-8859-1", safe=string.punctuation))
        fp.close()
        problem = _url_problem(target) or (None if self._policy.allow_private else _literal_problem(target))
        if problem is not None:
            raise _Refused(f"redirect to {_shown(target)} refused: {problem}")
        if not self._chain:
            self._chain.append(req.full_url)
        if len(self._chain) > MAX_REDIRECTS:
            looping = ", in a loop" if target in self._chain else ""
            raise _Refused(f"too many redirects (more than {MAX_REDIRECTS}{looping})")
        self._chain.append(target)
        new = self.redirect_request(req, fp, code, msg, headers, target)
        if new is None:
            return None
        return self.parent.open(new, timeout=req.timeout)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener(policy: _Policy) -> urllib.request.OpenerDirector:
    """An opener with exactly the handlers a fetch needs.

    Built by hand rather than with ``build_opener``, which would add file:, ftp: and data:
    handlers and the proxies from the environment. No cookie processor: nothing is kept
    between requests.
    """
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler({}),
        urllib.request.UnknownHandler(),
        _CheckedHTTPHandler(policy),
        _CheckedHTTPSHandler(policy),
        urllib.request.HTTPDefaultErrorHandler(),
        _CheckedRedirectHandler(policy),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


# ---------------------------------------------------------------------------------------
# Public API


def parse_url_list(text: str) -> tuple[list[str], list[str]]:
    """Read a links file: one URL a line.

    Blank lines and lines starting with ``#`` are skipped; surrounding whitespace is
    stripped. A line that is not an absolute ``http``/``https`` URL (or that
    :func:`fetch_page` would refuse from its text alone, such as one with a password) is
    skipped with a warning, and so is a repeat of an earlier line.

    Args:
        text: The file's text.

    Returns:
        ``(urls, warnings)``: the URLs in file order, and one warning a skipped line, each
        naming the line number.
    """
    urls: list[str] = []
    warnings: list[str] = []
    first_seen: dict[str, int] = {}
    # A byte order mark would otherwise make the first URL look invalid.
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        url = line.strip()
        if not url or url.startswith("#"):
            continue
        problem = _url_problem(url)
        if problem is not None:
            warnings.append(f"line {number}: skipped {_shown(_without_credentials(url))!r}: {problem}")
        elif url in first_seen:
            warnings.append(f"line {number}: skipped {_shown(url)!r}: duplicate of line {first_seen[url]}")
        else:
            first_seen[url] = number
            urls.append(url)
    return urls, warnings


def fetch_page(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_private: bool = False,
    user_agent: str = DEFAULT_USER_AGENT,
) -> FetchedPage:
    """Fetch one web page, refusing anything unsafe or unusable.

    Redirects (at most :data:`MAX_REDIRECTS`) are followed only to ``http``/``https`` URLs
    without credentials. ``Refresh`` headers are not followed, cookies are neither sent nor
    kept, and proxies from the environment are ignored.

    Args:
        url: An absolute ``http`` or ``https`` URL; surrounding whitespace is ignored.
        timeout: Seconds for the whole fetch, redirects included (name resolution aside,
            which the system resolver bounds).
        max_bytes: Largest body accepted, in bytes.
        allow_private: Also connect to loopback, private, link-local and other non-public
            addresses; for self-hosted installs and tests, never for a public app.
        user_agent: The ``User-Agent`` header.

    Returns:
        The page, with the URL after redirects and the media type.

    Raises:
        FetchError: The URL is refused, the address is not public, the server answered
            with an HTTP error, the network failed, the fetch timed out, or the body is
            too large or not HTML or plain text. The reason is one line.
        ValueError: ``timeout`` is not positive or ``max_bytes`` is negative.
    """
    if not timeout > 0:
        raise ValueError(f"timeout must be positive, got {timeout!r}")
    if max_bytes < 0:
        raise ValueError(f"max_bytes must not be negative, got {max_bytes!r}")
    url = url.strip()
    problem = _url_problem(url) or (None if allow_private else _literal_problem(url))
    if problem is not None:
        raise FetchError(_without_credentials(url), problem)

    policy = _Policy(deadline=_Deadline(timeout), allow_private=allow_private)
    request = urllib.request.Request(_request_url(url), headers={"User-Agent": user_agent, "Accept": _ACCEPT})
    try:
        with _opener(policy).open(request, timeout=timeout) as response:
            return _read_page(url, response, policy.deadline, max_bytes)
    except _Refused as exc:
        raise FetchError(url, exc.reason) from None
    except urllib.error.HTTPError as exc:
        exc.close()
        raise FetchError(url, f"HTTP {exc.code} {exc.reason}".rstrip()) from None
    except urllib.error.URLError as exc:
        raise FetchError(url, _network_reason(exc.reason, timeout)) from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise FetchError(url, _network_reason(exc, timeout)) from None


def _without_credentials(url: str) -> str:
    """``url`` with any ``user:password@`` masked, so a refused URL does not leak a password."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc="***@" + parts.netloc.rpartition("@")[2]))


def _read_page(url: str, response: http.client.HTTPResponse, deadline: _Deadline, max_bytes: int) -> FetchedPage:
    """Check the response's headers, then read its body in chunks within the deadline and the cap."""
    raw_type = (response.headers.get("Content-Type") or "").strip()
    media_type = raw_type.split(";", 1)[0].strip().lower()
    if media_type and media_type not in ACCEPTED_TYPES:
        raise FetchError(url, f"content type {media_type} is not accepted (only {', '.join(ACCEPTED_TYPES)})")
    encoding = (response.headers.get("Content-Encoding") or "identity").strip().lower()
    if encoding != "identity":
        # Never asked for (urllib sends Accept-Encoding: identity) and not decoded here.
        raise FetchError(url, f"compressed body (Content-Encoding: {encoding}) is not supported")
    declared = response.headers.get("Content-Length")
    if declared is not None and declared.strip().isdigit() and int(declared) > max_bytes:
        raise FetchError(url, f"body of {int(declared):,} bytes is over the {max_bytes:,}-byte cap")

    chunks: list[bytes] = []
    size = 0
    # One byte over the cap is enough to know the body is too large.
    while size <= max_bytes:
        deadline.remaining()
        chunk = response.read1(min(_CHUNK, max_bytes + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > max_bytes:
        raise FetchError(url, f"body is larger than the {max_bytes:,}-byte cap")
    body = b"".join(chunks)

    if not media_type:
        if not body.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<"):
            raise FetchError(url, "no Content-Type and the body does not look like HTML")
        media_type = "text/html"
    return FetchedPage(url=url, final_url=response.geturl(), content_type=media_type, body=body)


def _network_reason(error: object, timeout: float) -> str:
    """A short reason for a failure below HTTP (no traceback, no repr soup)."""
    if isinstance(error, TimeoutError):
        return f"timed out after {timeout:g} s"
    if isinstance(error, socket.gaierror):
        return f"could not resolve the host name ({error.strerror or error})"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, http.client.RemoteDisconnected):
        return "the server closed the connection without a response"
    if isinstance(error, ConnectionResetError):
        return "the connection was reset by the server"
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"TLS certificate verification failed ({error.verify_message or error.reason})"
    if isinstance(error, ssl.SSLError):
        return f"TLS error ({error.reason or error})"
    if isinstance(error, http.client.IncompleteRead):
        return "the connection closed before the whole body arrived"
    if isinstance(error, http.client.HTTPException):
        return f"malformed HTTP response ({type(error).__name__})"
    if isinstance(error, OSError):
        return f"network error ({error.strerror or error or type(error).__name__})"
    if isinstance(error, Exception):
        return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return str(error)
