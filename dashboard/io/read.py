"""Reading the input folder: files in, decoded articles and their source rows out.

Everything here either returns plain values or raises :class:`InputError` /
:class:`OutputError` naming the file and the reason. Parsing functions take text or
file objects so tests can pass in-memory data.
"""

from __future__ import annotations

import csv
import hashlib
import io as _io
import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from charset_normalizer import from_bytes

from dashboard.errors import InputError

SOURCES_FILE = "sources.csv"
#: Files holding one article each: text, or an HTML page whose main text is extracted.
HTML_SUFFIXES = (".html", ".htm")
ARTICLE_SUFFIXES = (".txt", *HTML_SUFFIXES)
#: Files holding many articles, a row or a line each (``sources.csv`` excepted).
TABLE_SUFFIXES = (".csv", ".jsonl")
#: Field names a table's article text, date and outlet may go by, first one preferred.
TABLE_FIELDS = {
    "text": ("text", "body", "content", "article"),
    "outlet": ("outlet", "source", "site", "publisher"),
    "published": ("published", "date", "published_at", "publish_date"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "country": ("country",),
    "id": ("id", "article_id"),
}
#: A table may hold this many times the size cap of one article.
TABLE_SIZE_FACTOR = 200
SOURCES_COLUMNS = ("file", "outlet", "country", "url", "published", "title")
#: Larger files are almost never one article; they are skipped rather than read.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
#: Share of control characters (other than whitespace) above which bytes are binary.
_BINARY_CONTROL_SHARE = 0.05
_RUN_ID_KEY = b"newslens_run_id"


@dataclass(frozen=True)
class SourceRow:
    """One row of ``sources.csv``; empty cells are ``None``."""

    file: str
    outlet: str | None = None
    country: str | None = None
    url: str | None = None
    published: date | None = None
    title: str | None = None


@dataclass(frozen=True)
class RawArticle:
    """An input file, decoded, before any cleaning.

    Attributes:
        article_id: The file's stem; unique within a corpus.
        file: The file's name inside the input folder.
        text: The decoded text, newlines normalised to ``\\n``.
        encoding: The encoding the bytes were decoded with.
        n_bytes: Size of the file in bytes.
        sha256: Hex digest of the bytes, used to find byte-identical duplicates.
        source: The file's ``sources.csv`` row, if it has one.
    """

    article_id: str
    file: str
    text: str
    encoding: str
    n_bytes: int
    sha256: str
    source: SourceRow | None = None


@dataclass(frozen=True)
class Skipped:
    """An input that was not processed, and why (one line, names the file)."""

    file: str
    reason: str

    def message(self) -> str:
        return f"skipped {self.file}: {self.reason}"


@dataclass
class Corpus:
    """What :func:`read_corpus` found: usable articles, skipped files, warnings."""

    articles: list[RawArticle] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # The file each content hash and each article id of ``articles`` came from, kept up to date
    # by :func:`add_articles`: rebuilding them for every file read made reading a folder
    # quadratic (100,000 files took minutes before the first article was processed).
    _file_of_hash: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _file_of_id: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _indexed: int = field(default=0, repr=False, compare=False)

    def _indices(self) -> tuple[dict[str, str], dict[str, str]]:
        """The two indices, covering every article (also those appended without :func:`add_articles`)."""
        if self._indexed > len(self.articles):  # articles were removed: start again
            self._file_of_hash, self._file_of_id, self._indexed = {}, {}, 0
        for article in self.articles[self._indexed :]:
            self._file_of_hash.setdefault(article.sha256, article.file)
            self._file_of_id.setdefault(article.article_id, article.file)
        self._indexed = len(self.articles)
        return self._file_of_hash, self._file_of_id


def decode_bytes(data: bytes, *, name: str) -> tuple[str, str]:
    """Decode one file's bytes, detecting the encoding.

    UTF-8 (with or without BOM) is tried first because it is by far the most common
    and detection can mislabel short UTF-8 texts; charset-normalizer handles the rest.

    Args:
        data: The file's bytes.
        name: The file's name, used in error messages.

    Returns:
        ``(text, encoding)`` with newlines normalised to ``\\n``.

    Raises:
        InputError: the file is empty, binary, or no encoding decodes it.
    """
    if not data.strip():
        raise InputError(name, "the file is empty")
    if b"\x00" in data[:8192] and not _looks_like_utf16(data):
        raise InputError(name, "binary data (NUL bytes), not a text file")
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8"
    except UnicodeDecodeError:
        text, encoding = _mostly_utf8(data)
    if not text:
        best = _detect(data)
        if best is None:
            raise InputError(name, "could not detect a text encoding; save the file as UTF-8") from None
        text, encoding = best
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\t\f\v")
    if controls > _BINARY_CONTROL_SHARE * len(text):
        raise InputError(name, "binary data (control characters), not a text file")
    return text, encoding


# Encodings web pages actually use, most common first. On short texts several code pages
# decode equally cleanly; charset-normalizer then ranks DOS code pages (cp775, cp850)
# as high as Windows-1252, and the web's own choice is the better guess.
_WEB_ENCODINGS = (
    "utf_8",
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1250",
    "iso8859_2",
    "cp1251",
    "koi8_r",
    "iso8859_5",
    "cp1253",
    "cp1254",
    "iso8859_9",
    "cp1256",
    "cp1255",
    "gb18030",
    "big5",
    "shift_jis",
    "cp932",
    "euc_jp",
    "euc_kr",
    "utf_16",
    "utf_32",
)
_CHAOS_MARGIN = 0.05


def _detect(data: bytes) -> tuple[str, str] | None:
    matches = list(from_bytes(data))
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    clean = [m for m in matches if m.chaos <= least + _CHAOS_MARGIN]
    rank = {enc: i for i, enc in enumerate(_WEB_ENCODINGS)}
    best = min(clean, key=lambda m: (rank.get(m.encoding, len(rank)), m.chaos))
    return str(best), best.encoding


#: Share of a file's bytes that may be invalid for it still to be read as UTF-8 (with U+FFFD).
MAX_BAD_UTF8_SHARE = 0.01


def _mostly_utf8(data: bytes) -> tuple[str, str]:
    """UTF-8 with a few bad bytes stays UTF-8, the bad bytes replaced (and the encoding says how
    many): guessing a legacy code page for the whole file turns every "ü" into "Гј". ``("", "")``
    when the bytes are not mostly UTF-8."""
    text = data.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())  # a U+FFFD in the file itself is no bad byte
    non_ascii = sum(1 for b in data if b >= 0x80)
    # Real UTF-8 text has multi-byte characters that decoded; a legacy page has none.
    decoded_multibyte = sum(1 for ch in text if ord(ch) >= 0x80 and ch != "\ufffd")
    if 0 < bad <= MAX_BAD_UTF8_SHARE * len(data) and decoded_multibyte >= bad and non_ascii:
        return text, f"utf-8 ({bad} invalid byte sequence{'s' if bad != 1 else ''} replaced)"
    return "", ""


def _looks_like_utf16(data: bytes) -> bool:
    return data[:2] in (b"\xff\xfe", b"\xfe\xff")


def parse_sources(fp: IO[str], *, name: str = SOURCES_FILE) -> tuple[dict[str, SourceRow], list[str]]:
    """Parse ``sources.csv`` (columns ``file,outlet,country,url,published``).

    A broken file never stops the pipeline: what can be read is returned, and each
    problem becomes one warning naming the file, the line and the fix.

    Args:
        fp: The CSV as text.
        name: The file's name, used in warnings.

    Returns:
        ``(rows by file name, warnings)``.
    """
    warnings: list[str] = []
    reader = csv.DictReader(fp, strict=True)
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        return {}, [f"{name}: unreadable CSV ({exc}); ignored, outlets will be inferred"]
    if "file" not in header:
        return {}, [
            f"{name}: no 'file' column (found {', '.join(header) or 'nothing'}); "
            f"expected columns {','.join(SOURCES_COLUMNS)}; ignored, outlets will be inferred"
        ]
    if "outlet" not in header:
        warnings.append(
            f"{name}: no 'outlet' column (found {', '.join(header)}); outlets will be inferred from the pages"
        )
    unknown = [h for h in header if h not in SOURCES_COLUMNS]
    if unknown:
        warnings.append(f"{name}: unknown column(s) {', '.join(unknown)} ignored; expected {','.join(SOURCES_COLUMNS)}")
    reader.fieldnames = header
    rows: dict[str, SourceRow] = {}
    line_no = 1
    try:
        for line_no, raw in enumerate(reader, start=2):
            if None in raw or any(v is None for v in raw.values()):
                # DictReader puts extra cells under None and fills missing ones with None.
                warnings.append(
                    f"{name}: line {line_no} has {len(raw.get(None) or []) + len(header)} cells where the header "
                    f"has {len(header)}"
                    if None in raw
                    else f"{name}: line {line_no} has fewer cells than the header's {len(header)}; "
                    "the missing ones are taken as empty"
                )
            # A NUL or other control character in a cell is never a name, address or date.
            cells = {k: _CONTROLS.sub("", v or "").strip() for k, v in raw.items() if isinstance(k, str)}
            file = cells.get("file", "")
            if not file:
                warnings.append(f"{name}: line {line_no} has no file name; row ignored")
                continue
            if file in rows:
                warnings.append(f"{name}: line {line_no} repeats {file}; the first row is kept")
                continue
            published = None
            if cells.get("published"):
                try:
                    published = date.fromisoformat(cells["published"][:10])
                except ValueError:
                    warnings.append(
                        f"{name}: line {line_no}: published '{cells['published']}' is not a "
                        "YYYY-MM-DD date; the date will be inferred from the text"
                    )
            rows[file] = SourceRow(
                file=file,
                outlet=cells.get("outlet") or None,
                country=cells.get("country") or None,
                url=cells.get("url") or None,
                published=published,
                title=cells.get("title") or None,
            )
    except csv.Error as exc:
        warnings.append(f"{name}: unreadable CSV from line {line_no + 1} ({exc}); later rows ignored")
    if not rows and not warnings:
        warnings.append(f"{name}: has a header but no rows; outlets will be inferred from the pages")
    return rows, warnings


_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def parse_article_table(
    text: str, *, name: str, jsonl: bool, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[list[RawArticle], list[Skipped], list[str]]:
    """The articles of a ``.csv`` (a header row, then an article a row) or ``.jsonl`` (a JSON object
    a line) table, with fields such as ``outlet, url, published, title, text``
    (:data:`TABLE_FIELDS` lists the other names each may go by).

    A row without text, or whose text is larger than ``max_bytes``, is skipped naming the file
    and its line; a table without a text field is skipped as a whole, with a warning.

    Returns:
        ``(articles, skipped rows, warnings)``. Article ids are ``<table stem>-<row id>``: the
        row's ``id`` field when it has one, else its line number.
    """
    stem = Path(name).stem
    # The csv module refuses fields over 128 KiB by default; an article may be up to max_bytes.
    csv.field_size_limit(max(max_bytes + 1, csv.field_size_limit()))
    rows: list[tuple[int, dict[str, str]]] = []
    skipped: list[Skipped] = []
    if jsonl:
        for line_no, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                skipped.append(Skipped(f"{name} line {line_no}", f"not a JSON object ({exc.msg})"))
                continue
            if not isinstance(value, dict):
                skipped.append(Skipped(f"{name} line {line_no}", "not a JSON object"))
                continue
            rows.append((line_no, {str(k).strip().lower(): "" if v is None else str(v) for k, v in value.items()}))
    else:
        reader = csv.DictReader(_io.StringIO(text, newline=""))
        try:
            reader.fieldnames = [h.strip().lower() for h in (reader.fieldnames or [])]
            for record in reader:
                cells = {k: v or "" for k, v in record.items() if isinstance(k, str)}
                rows.append((reader.line_num, cells))
        except csv.Error as exc:
            skipped.append(Skipped(f"{name} line {reader.line_num}", f"unreadable CSV ({exc}); later rows ignored"))
    fields = {k for _, cells in rows for k in cells}
    if not rows and not skipped:
        return [], [], [f"{name}: no article rows; ignored"]
    if rows and not fields & set(TABLE_FIELDS["text"]):
        found = ", ".join(sorted(fields)) or "nothing"
        return (
            [],
            skipped,
            [f"{name}: no article text field ({' / '.join(TABLE_FIELDS['text'])}; found {found}); ignored"],
        )

    def field(cells: dict[str, str], key: str) -> str | None:
        return next((cells[n].strip() for n in TABLE_FIELDS[key] if cells.get(n, "").strip()), None)

    articles: list[RawArticle] = []
    warnings: list[str] = []
    for line_no, cells in rows:
        where = f"{name} line {line_no}"
        body = (field(cells, "text") or "").replace("\r\n", "\n").replace("\r", "\n")
        data = body.encode("utf-8")
        if not body.strip():
            skipped.append(Skipped(where, "no article text"))
            continue
        if len(data) > max_bytes:
            skipped.append(
                Skipped(where, f"text of {len(data) / 1024 / 1024:.1f} MB is over the limit for one article")
            )
            continue
        published = None
        if raw_date := field(cells, "published"):
            try:
                published = date.fromisoformat(raw_date[:10])
            except ValueError:
                warnings.append(
                    f"{where}: published '{raw_date[:40]}' is not a YYYY-MM-DD date; inferred from the text"
                )
        row_id = field(cells, "id") or str(line_no)
        articles.append(
            RawArticle(
                article_id=f"{stem}-{_safe_id(row_id)}",
                file=where,
                text=body,
                encoding="utf-8",
                n_bytes=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                source=SourceRow(
                    file=where,
                    outlet=field(cells, "outlet"),
                    country=field(cells, "country"),
                    url=field(cells, "url"),
                    published=published,
                    title=field(cells, "title"),
                ),
            )
        )
    return articles, skipped, warnings


def _safe_id(value: str) -> str:
    """A row id usable in an article id (and so in an address): letters, digits, '-', '_' and '.'."""
    return re.sub(r"[^\w.-]+", "_", value.strip())[:80] or "row"


def read_corpus(input_dir: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Corpus:
    """Read every article file (``.txt``, ``.html``, ``.htm``) in ``input_dir`` and its optional ``sources.csv``.

    Files are read in name order. A file that cannot be used is skipped with a reason;
    a byte-identical copy of an earlier file, or a file whose article id (its stem) an earlier
    file already has, is skipped naming that file. Near-copies are kept: they are what the
    product compares.

    Raises:
        InputError: ``input_dir`` is not a folder.
    """
    if not input_dir.is_dir():
        raise InputError(
            str(input_dir), "no such folder; pass the folder holding the articles (.txt, .html, .csv, .jsonl)"
        )
    corpus = Corpus()
    sources: dict[str, SourceRow] = {}
    sources_path = input_dir / SOURCES_FILE
    if sources_path.exists() or sources_path.is_symlink():
        problem = _unreadable_entry(sources_path, input_dir.resolve())
        if problem:
            corpus.warnings.append(f"{SOURCES_FILE}: {problem}; outlets will be inferred")
        else:
            sources, corpus.warnings = read_sources(sources_path, max_bytes=max_bytes)
    paths, refused = list_article_files(input_dir)
    corpus.skipped += refused
    for path in paths:
        limit, what = _limit_of(path.name, max_bytes)
        try:
            data = _read_capped(path, limit, what=what)
        except InputError as exc:
            corpus.skipped.append(Skipped(exc.file, exc.reason))
            continue
        add_articles(corpus, _articles_of(path.name, data, sources=sources, max_bytes=max_bytes, corpus=corpus))
    names = {p.name for p in paths}
    for file in sources:
        if file not in names:
            corpus.warnings.append(f"{SOURCES_FILE}: lists {file}, which is not in the folder")
    return corpus


def read_sources(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[dict[str, SourceRow], list[str]]:
    """Read ``sources.csv`` (at most a table's limit, :data:`TABLE_SIZE_FACTOR` times ``max_bytes``);
    see :func:`parse_sources`. Never raises on bad content.

    It is a table with a row per article, not one article: held to one article's limit, the
    ``sources.csv`` of 100,000 generated articles (15 MB) was ignored and every outlet and date
    it gave was lost.
    """
    try:
        data = _read_capped(path, max_bytes * TABLE_SIZE_FACTOR, what="a sources.csv")
    except InputError as exc:
        return {}, [f"{path.name}: {exc.reason}; ignored, outlets will be inferred"]
    return sources_from_bytes(data, name=path.name)


def sources_from_bytes(data: bytes, *, name: str = SOURCES_FILE) -> tuple[dict[str, SourceRow], list[str]]:
    """Parse the bytes of a ``sources.csv`` (a file's or an upload's); see :func:`parse_sources`."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return {}, [f"{name}: not UTF-8 text; ignored, outlets will be inferred"]
    return parse_sources(_io.StringIO(text, newline=""), name=name)


def _limit_of(name: str, max_bytes: int) -> tuple[int, str]:
    """The size limit of a file of this name, and what it holds (for messages)."""
    if Path(name).suffix.lower() in TABLE_SUFFIXES:
        return max_bytes * TABLE_SIZE_FACTOR, "a table"
    return max_bytes, "one article"


def _articles_of(
    name: str, data: bytes, *, sources: dict[str, SourceRow], max_bytes: int, corpus: Corpus
) -> list[RawArticle]:
    """The articles of one file's bytes (a folder's file or an upload): one for an article file, a
    row each for a table; what cannot be used goes to ``corpus.skipped`` and ``corpus.warnings``."""
    suffix = Path(name).suffix.lower()
    try:
        if suffix in TABLE_SUFFIXES:
            limit, what = _limit_of(name, max_bytes)
            if len(data) > limit:
                raise InputError(name, _too_large(len(data), limit, what=what))
            text, _ = decode_bytes(data, name=name)
            table, skipped, warnings = parse_article_table(
                text, name=name, jsonl=suffix == ".jsonl", max_bytes=max_bytes
            )
            corpus.skipped += skipped
            corpus.warnings += warnings
            return table
        if suffix in ARTICLE_SUFFIXES:
            return [article_from_bytes(name, data, max_bytes=max_bytes, source=sources.get(name))]
        corpus.skipped.append(Skipped(name, "not an article file (.txt, .html, .htm, .csv, .jsonl)"))
    except InputError as exc:
        corpus.skipped.append(Skipped(exc.file, exc.reason))
    return []


def read_article(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, source: SourceRow | None = None) -> RawArticle:
    """Read and decode one article file (at most ``max_bytes``, counted on what is read).

    Raises:
        InputError: the file is too large, empty, binary or undecodable.
    """
    return article_from_bytes(path.name, _read_capped(path, max_bytes), max_bytes=max_bytes, source=source)


def _read_capped(path: Path, max_bytes: int, *, what: str = "one article") -> bytes:
    """The file's bytes, reading no more than one byte past ``max_bytes`` whatever ``stat`` says
    (a file in /proc, or one growing while it is read, has no trustworthy size)."""
    try:
        with path.open("rb") as fp:
            data = fp.read(max_bytes + 1)
            stated = os.fstat(fp.fileno()).st_size
    except OSError as exc:
        raise InputError(path.name, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise InputError(path.name, _too_large(stated, max_bytes, what=what, more=stated <= max_bytes))
    return data


def article_from_bytes(
    name: str, data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, source: SourceRow | None = None
) -> RawArticle:
    """Decode one article's bytes (a file's, an upload's or a fetched page's), named ``name``.

    Raises:
        InputError: the bytes are too many, empty, binary or undecodable.
    """
    if len(data) > max_bytes:
        raise InputError(name, _too_large(len(data), max_bytes))
    text, encoding = decode_bytes(data, name=name)
    return RawArticle(
        article_id=Path(name).stem,
        file=name,
        text=text,
        encoding=encoding,
        n_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        source=source,
    )


def link_article(
    url: str, final_url: str, content_type: str, body: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> RawArticle:
    """A fetched page as an article: named after its address (host and path, made safe, with a short
    hash so two addresses never share a name), ``.html`` or ``.txt`` by its content type, and its
    final address as the source's ``url`` (the outlet falls back to the domain).

    Raises:
        InputError: as :func:`article_from_bytes`, naming the address.
    """
    parts = urlsplit(final_url or url)
    slug = re.sub(r"[^A-Za-z0-9]+", "-", f"{parts.hostname or ''}{parts.path}").strip("-")[:60] or "page"
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:8]
    name = f"{slug}-{digest}{'.txt' if content_type == 'text/plain' else '.html'}"
    try:
        article = article_from_bytes(name, body, max_bytes=max_bytes, source=SourceRow(file=name, url=final_url or url))
    except InputError as exc:
        raise InputError(url, exc.reason) from None
    return article


def _too_large(size: int, max_bytes: int, *, what: str = "one article", more: bool = False) -> str:
    size_text = f"more than {max_bytes / 1024 / 1024:.1f} MB" if more else f"{size / 1024 / 1024:.1f} MB"
    return f"{size_text} is over the {max_bytes / 1024 / 1024:.1f} MB limit for {what} (raise it with --max-bytes)"


def read_uploads(
    files: Sequence[tuple[str, bytes]], *, max_bytes: int = DEFAULT_MAX_BYTES, extra: Sequence[RawArticle] = ()
) -> Corpus:
    """The corpus of uploaded files (name, bytes), as :func:`read_corpus` reads a folder: article
    files, article tables and an optional ``sources.csv``; ``extra`` articles (fetched pages) join them.
    A name is reduced to its last path part; other suffixes are skipped with their reason."""
    corpus = Corpus()
    named: dict[str, bytes] = {}
    for name, data in files:
        base = Path(name.replace("\\", "/")).name
        if base in named:
            corpus.skipped.append(Skipped(base, "same name as an earlier upload; rename one"))
        else:
            named[base] = data
    sources: dict[str, SourceRow] = {}
    if SOURCES_FILE in named:
        sources, corpus.warnings = sources_from_bytes(named.pop(SOURCES_FILE))
    found = [
        article
        for name in sorted(named)
        for article in _articles_of(name, named[name], sources=sources, max_bytes=max_bytes, corpus=corpus)
    ]
    add_articles(corpus, [*found, *extra])
    return corpus


def add_articles(corpus: Corpus, found: Sequence[RawArticle]) -> None:
    """Add ``found`` to the corpus, skipping byte-identical copies and repeated article ids."""
    seen, ids = corpus._indices()
    for article in found:
        if "replaced" in article.encoding:
            corpus.warnings.append(f"{article.file}: read as {article.encoding}; check the characters around them")
        if article.sha256 in seen:
            corpus.skipped.append(Skipped(article.file, f"byte-identical duplicate of {seen[article.sha256]}"))
            continue
        if article.article_id in ids:
            # The id is the file's stem: "a.txt" and "a.TXT" would be one article in every table.
            corpus.skipped.append(
                Skipped(
                    article.file, f"same article id '{article.article_id}' as {ids[article.article_id]}; rename one"
                )
            )
            continue
        seen[article.sha256] = article.file
        ids[article.article_id] = article.file
        corpus.articles.append(article)
        corpus._indexed += 1


def iter_article_files(input_dir: Path) -> Iterator[Path]:
    """The article files and article tables of a folder, in name order (``sources.csv`` is not one)."""
    return iter(list_article_files(input_dir)[0])


def article_file_stamps(input_dir: Path) -> list[tuple[str, int]]:
    """``(path, modification time)`` of every entry of the folder with an article suffix (as
    :func:`list_article_files` considers them; a link's own time, not its target's), by path:
    one listing and one look per file, what tells whether the files changed since a run."""
    stamps = []
    try:
        with os.scandir(input_dir) as listing:
            for entry in listing:
                if entry.name == SOURCES_FILE or os.path.splitext(entry.name)[1].lower() not in _LISTED_SUFFIXES:
                    continue
                try:
                    stamps.append((entry.path, entry.stat(follow_symlinks=False).st_mtime_ns))
                except OSError:
                    continue  # gone since the listing
    except OSError:
        return []
    return sorted(stamps)


def list_article_files(input_dir: Path) -> tuple[list[Path], list[Skipped]]:
    """The article files of a folder that may be read, and the entries with an article suffix that
    may not, each with its reason: a link whose target is outside the folder (or missing), a folder,
    a pipe, a device or a socket. Nothing outside ``input_dir`` is ever read."""
    root = input_dir.resolve()
    usable: list[Path] = []
    refused: list[Skipped] = []
    with os.scandir(input_dir) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        path = input_dir / entry.name
        suffix = path.suffix.lower()
        if path.name == SOURCES_FILE:
            continue
        if suffix not in (*ARTICLE_SUFFIXES, *TABLE_SUFFIXES):
            if suffix in _REPORTED_SUFFIXES:
                refused.append(Skipped(path.name, f"a {suffix} file is not read; save the article as text or HTML"))
            continue
        reason = _unreadable_listed(entry, path, root)
        if reason:
            refused.append(Skipped(path.name, reason))
        else:
            usable.append(path)
    return usable, refused


_LISTED_SUFFIXES = frozenset((*ARTICLE_SUFFIXES, *TABLE_SUFFIXES))

# Files that look like articles a user meant to include, in formats newslens does not read.
_REPORTED_SUFFIXES = frozenset({".pdf", ".doc", ".docx", ".rtf", ".odt", ".zip", ".gz", ".md", ".xml", ".json"})


def _unreadable_listed(entry: os.DirEntry, path: Path, root: Path) -> str | None:
    """:func:`_unreadable_entry` for an entry of the folder's listing. An entry that is not a
    link is in the folder by construction and its kind is in the listing: no call to the system,
    where resolving every path cost a second per ten thousand files."""
    if entry.is_symlink():
        return _unreadable_entry(path, root)
    if entry.is_dir(follow_symlinks=False):
        return _A_FOLDER
    if not entry.is_file(follow_symlinks=False):
        return _NOT_REGULAR
    return None


_A_FOLDER = "a folder, not a file"
_NOT_REGULAR = "not a regular file (a pipe, device or socket); not read"


def _unreadable_entry(path: Path, root: Path) -> str | None:
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "a link whose target does not exist (or loops); not read"
    if target != root and root not in target.parents:
        return "a link to a file outside the input folder; not read"
    if target.is_dir():
        return _A_FOLDER
    if not target.is_file():
        return _NOT_REGULAR
    return None
