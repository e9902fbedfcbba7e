"""The app's data: the processed tables, built through the library when missing or stale.

Loading is the one expensive step and the app keeps its result, in :class:`ServedTables`
(reloaded when the folders change: a few stats a rerun, every file at most once a minute). What the views derive from a loaded dataset (a filtered view,
the findings, tone intervals) is kept with the dataset itself, in :meth:`Dataset.derived`,
so a rerun that changes nothing in the data computes nothing again. No Streamlit import.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from dashboard import __version__
from dashboard import schema as S
from dashboard.article.topics import Codebook, parse_codebook
from dashboard.corpus.align import Alignment, alignment_from_tables
from dashboard.corpus.entities import entity_variants
from dashboard.corpus.findings import findings_from_table
from dashboard.corpus.provenance import outlet_sources, provenance_summary
from dashboard.corpus.themes import themes_from_table
from dashboard.errors import CodebookError, OutputError
from dashboard.io.read import SOURCES_FILE, article_file_stamps
from dashboard.io.resources import SEEDS_DIR, default_output_dir
from dashboard.io.tables import load_outputs
from dashboard.pipeline import build_folder, publish
from dashboard.vocabularies import DEFAULT_CODEBOOK, Vocabularies, load_vocabularies

#: What the app shows when no folder is named: the bundled seeds.
DEFAULT_INPUT = SEEDS_DIR
DEFAULT_OUTPUT = default_output_dir()

#: The tables the app loads: every table a run writes.
TABLE_FILES = S.TABLE_FILES

#: Tables whose list columns the app keeps in Arrow (see :func:`load_outputs`): the omissions'
#: evidence keys, read only for the rows a view shows, the alignment's terms, read encoded, and
#: the stored view tables, whose lists a view reads for the rows it shows.
ARROW_LIST_TABLES = (S.OMISSIONS_FILE, S.UNIT_TERMS_FILE, S.ENTITY_VARIANTS_FILE, S.SOURCE_CREDITS_FILE)

#: The :meth:`Dataset.derived` key of the findings (the Findings view's).
FINDINGS_KEY = "findings"
#: The :meth:`Dataset.derived` key of the event list (the sidebar's).
EVENTS_KEY = "events"
#: The :meth:`Dataset.derived` key of the topics suggested from the articles (the codebook panel's).
THEMES_KEY = "suggested themes"
#: The :meth:`Dataset.derived` keys of the Entities view's spellings and the Sources view's tables.
ENTITY_VARIANTS_KEY = "entity variants"
SOURCE_CREDITS_KEY = "source credits"
OUTLET_SOURCES_KEY = "outlet sources"


def tone_intervals_key(measure: str, topics: Sequence[str]) -> tuple:
    """The :meth:`Dataset.derived` key of the tone intervals of ``measure`` on ``topics`` (the Overview's)."""
    return ("tone_intervals", measure, tuple(topics))


#: How many derived results one dataset keeps (the least recently used goes first): a few
#: filter combinations a reader moves between, each with what its views computed.
DERIVED_ENTRIES = 16

T = TypeVar("T")


#: The two comparisons a filtered view defers (:meth:`Dataset.table_within`): the field names.
FRAMING, OMISSIONS = "framing_table", "omissions_table"
#: The reuse matrix, deferred by a filtered view too (read by Passages, Sources and the findings).
REUSE = "reuse_table"

#: How often a paused background making looks again whether a page is still being drawn.
_PAUSE_POLL = 0.02

#: How a deferred comparison is made: called with ``pause``, which it calls between two steps.
Maker = Callable[..., pd.DataFrame]
#: What a background thread makes: a comparison, or a derived result (:meth:`Dataset.derived_within`).
_Make = Callable[..., Any]


class Making:
    """One deferred table (or derived result), made in a background thread from the moment it
    is asked for."""

    def __init__(self, make: _Make, busy: Callable[[], bool]) -> None:
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._waiting = 0
        self._busy = busy
        self._table: Any = None
        self._error: BaseException | None = None
        threading.Thread(target=self._run, args=(make,), name="newslens-background", daemon=True).start()

    def _run(self, make: _Make) -> None:
        try:
            self._table = make(pause=self._pause)
        except BaseException as exc:  # handed to whoever asks for the table
            self._error = exc
        finally:
            self._done.set()

    def _pause(self) -> None:
        while self._busy() and not self._waiting:
            time.sleep(_PAUSE_POLL)

    def done(self) -> bool:
        return self._done.is_set()

    def result(self, seconds: float | None) -> Any:
        """What was made, waiting at most ``seconds`` (``None``: until made); ``None`` when
        not made by then."""
        with self._lock:
            self._waiting += 1
        try:
            made = self._done.wait(seconds)
        finally:
            with self._lock:
                self._waiting -= 1
        if not made:
            return None
        if self._error is not None:
            raise self._error
        return self._table


@dataclass(frozen=True)
class Dataset:
    """Every processed table, the run report and the codebook behind the topics."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    evidence: pd.DataFrame
    removed: pd.DataFrame
    tone_by_topic: pd.DataFrame
    report: dict
    vocabularies: Vocabularies
    alignment: Alignment
    passage_groups: pd.DataFrame
    passage_members: pd.DataFrame
    # The outlet pairs' shared sentences: a table, or how to make it (a filtered view's).
    reuse_table: pd.DataFrame | Maker
    quotes: pd.DataFrame
    entities: pd.DataFrame
    discrepancies: pd.DataFrame
    # The two comparisons with "the other outlets": a table, or how to make it (a filtered view
    # defers them, so a filter change pays for them only in a view that shows them).
    framing_table: pd.DataFrame | Maker
    omissions_table: pd.DataFrame | Maker
    provenance: pd.DataFrame
    # init=False: ``replace`` (a filtered view, a new codebook) starts with an empty memo, so
    # nothing derived from one dataset is ever served for another.
    _derived: OrderedDict[Hashable, Any] = field(default_factory=OrderedDict, init=False, repr=False, compare=False)
    _derived_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False, compare=False)
    # Results the run stored (key -> how to read them), outside the memo's limit: read again
    # when the memo lets them go, never computed again.
    _stored: dict[Hashable, Callable[[], Any]] = field(default_factory=dict, init=False, repr=False, compare=False)

    # What background threads are making: the comparisons by field name, derived results
    # by ("derived", key) until made (then the memo holds them).
    _making: dict[Hashable, Making] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def reuse(self) -> pd.DataFrame:
        """The reuse matrix (made on first use when deferred)."""
        return self._table(REUSE)

    @property
    def framing(self) -> pd.DataFrame:
        """The framing terms (made on first use when deferred)."""
        return self._table(FRAMING)

    @property
    def omissions(self) -> pd.DataFrame:
        """The omissions (made on first use when deferred)."""
        return self._table(OMISSIONS)

    def _table(self, name: str) -> pd.DataFrame:
        table = self.table_within(name, None)
        assert table is not None
        return table

    def is_made(self, name: str) -> bool:
        """Whether asking for the comparison ``name`` now gets it (made, or failed) at once."""
        with self._derived_lock:
            making = self._making.get(name)
        return isinstance(getattr(self, name), pd.DataFrame) or (making is not None and making.done())

    def table_within(
        self, name: str, seconds: float | None, busy: Callable[[], bool] = lambda: False
    ) -> pd.DataFrame | None:
        """The deferred table ``name`` (:data:`FRAMING`, :data:`OMISSIONS` or :data:`REUSE`) if
        it is made within ``seconds`` (``None``: however long it takes), else ``None`` while a
        background thread goes on making it: a view answers at once and shows it when it is made.

        A deferred table is made once, by one thread, whoever asks first; a later ask waits
        for that thread. While ``busy()`` (a page is being drawn) and nobody waits for it, the
        making pauses between two steps (events): a pure-Python thread beside a rerun slows
        the rerun many-fold.

        Raises:
            Exception: what making the table raised, to each caller that asks for it.
        """
        value = getattr(self, name)
        if isinstance(value, pd.DataFrame):
            return value
        with self._derived_lock:
            making = self._making.get(name)
            if making is None:
                making = self._making[name] = Making(value, busy)
        return making.result(seconds)

    def derived(self, key: Hashable, build: Callable[[Dataset], T]) -> T:
        """``build(self)``, computed once per ``key`` while this dataset lives.

        The tables are never changed after loading, so a result derived from them stays
        true; ``key`` must name everything else the result depends on (filters, a measure).
        Several sessions share the served dataset: the lock guards the memo, while the build
        runs outside it so one slow result never holds up another (two sessions asking for
        the same new result at once may both build it; either copy is the same).
        """
        with self._derived_lock:
            if key in self._derived:
                self._derived.move_to_end(key)
                return self._derived[key]
            stored = self._stored.get(key)
        value = stored() if stored is not None else build(self)
        with self._derived_lock:
            self._keep(key, value)
        return value

    def _keep(self, key: Hashable, value: Any) -> None:
        """Put ``value`` in the memo, letting the least recently used go past its limit (the
        caller holds the lock)."""
        self._derived[key] = value
        while len(self._derived) > DERIVED_ENTRIES:
            self._derived.popitem(last=False)

    def derived_within(
        self, key: Hashable, build: Callable[[Dataset], T], seconds: float, busy: Callable[[], bool] = lambda: False
    ) -> T | None:
        """:meth:`derived`, if it is at hand or built within ``seconds``; else ``None`` while a
        background thread goes on building it (one thread per key, whoever asks first). A
        result the run stored is read at once. What the build raised reaches each caller."""
        with self._derived_lock:
            if key in self._derived:
                self._derived.move_to_end(key)
                return self._derived[key]
            if key in self._stored:
                making = None
            else:
                making = self._making.get(("derived", key))
                if making is None:
                    making = self._making[("derived", key)] = Making(lambda pause: build(self), busy)
        if making is None:
            return self.derived(key, build)
        value: T = making.result(seconds)
        if not making.done():
            return None
        with self._derived_lock:
            # Made: from now on served by the memo, which bounds how many results are kept.
            self._keep(key, value)
            self._making.pop(("derived", key), None)
        return value

    def start_warming(self, key: Hashable, make: Callable[[Callable[[], None]], Any], busy: Callable[[], bool]) -> None:
        """Run ``make(pause)`` in a background thread, once per ``key``: work a later page would
        do (its results go to :meth:`derived`), done while the reader reads this one. It pauses
        while a page is drawn and nobody waits for it; its failure is left to that page, which
        then builds what it needs itself."""
        with self._derived_lock:
            if ("warming", key) not in self._making:
                self._making[("warming", key)] = Making(make, busy)

    def wait_for_warming(self, key: Hashable) -> None:
        """Wait until the warming of ``key`` (:meth:`start_warming`) is over, if one was started."""
        with self._derived_lock:
            making = self._making.get(("warming", key))
        if making is not None:
            with contextlib.suppress(Exception):  # the page builds what the warming failed to
                making.result(None)

    def at_hand(self, key: Hashable) -> Any | None:
        """What :meth:`derived` holds for ``key`` now, or ``None``: never builds or waits."""
        with self._derived_lock:
            return self._derived.get(key)

    def is_derived(self, key: Hashable) -> bool:
        """Whether :meth:`derived_within` would answer ``key`` at once (built, being read, or failed)."""
        with self._derived_lock:
            making = self._making.get(("derived", key))
            return key in self._derived or key in self._stored or (making is not None and making.done())

    def remember(self, key: Hashable, read: Callable[[], Any]) -> None:
        """Serve ``read()`` as what :meth:`derived` builds for ``key``: a result stored with the
        tables, read on first use (and again, should the memo have let it go)."""
        with self._derived_lock:
            self._stored[key] = read

    @property
    def codebook(self) -> Codebook:
        return self.vocabularies.codebook

    @property
    def outlets(self) -> list[str]:
        return sorted(self.articles[S.OUTLET].unique())

    @property
    def topic_ids(self) -> list[str]:
        return self.codebook.ids()

    @property
    def topic_labels(self) -> dict[str, str]:
        return {t.id: t.label for t in self.codebook.topics}

    def topic_label(self, topic: str | None) -> str:
        """A topic's label, or its id when the codebook does not know it (``""`` for none)."""
        return "" if topic is None else self.topic_labels.get(topic, topic)

    def events(self) -> dict[str, str]:
        """Event id (as text) -> its label, largest event first (the sidebar's list, read on
        every rerun: derived once)."""
        return self.derived(EVENTS_KEY, _events_of)

    def sentence_counts(self) -> dict[str, int]:
        return dict(zip(self.articles[S.ARTICLE_ID], self.articles[S.N_SENTENCES].astype(int)))


def _events_of(data: Dataset) -> dict[str, str]:
    if S.EVENT_ID not in data.articles.columns:
        return {}
    pairs = data.articles[[S.EVENT_ID, S.EVENT_LABEL]].drop_duplicates().sort_values(S.EVENT_ID)
    return {str(int(e)): str(label) for e, label in zip(pairs[S.EVENT_ID], pairs[S.EVENT_LABEL])}


def _input_stamps(input_dir: Path, codebook_path: Path) -> list[tuple[str, int | None]]:
    """``(path, modification time)`` of every article file, the folder's sources.csv and the
    codebook (``None`` for one missing)."""
    files = article_file_stamps(input_dir) if input_dir.is_dir() else []
    extra = (input_dir / SOURCES_FILE, codebook_path)
    return [*files, *((str(p), _mtime(p)) for p in extra)]


def data_signature(
    input_dir: Path = DEFAULT_INPUT, out_dir: Path = DEFAULT_OUTPUT, codebook_path: Path = DEFAULT_CODEBOOK
) -> tuple:
    """Names and modification times of every input and output file (a walk of the input folder);
    :class:`ServedTables` compares it at most every :data:`FULL_CHECK_SECONDS`."""
    outputs = [out_dir / name for name in (*TABLE_FILES, S.REPORT_FILE)]
    stamps = [*_input_stamps(input_dir, codebook_path), *((str(p), _mtime(p)) for p in outputs)]
    return tuple((path, stamp) for path, stamp in stamps if stamp is not None)


#: Seconds between two checks of every input file by :class:`ServedTables`. A rerun looks at four
#: files only (the report, the input folder itself, its sources.csv, the codebook): a file added,
#: removed or renamed changes the folder and is seen at once, a file edited in place within this.
FULL_CHECK_SECONDS = 60.0


def _mtime(path: Path) -> int | None:
    """The modification time of ``path`` (``None`` when missing), by one call to the system."""
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def quick_signature(
    input_dir: Path = DEFAULT_INPUT, out_dir: Path = DEFAULT_OUTPUT, codebook_path: Path = DEFAULT_CODEBOOK
) -> tuple:
    """Modification times of the run report, the input folder itself, its sources.csv and the
    codebook (``None`` for one missing): four stats, whatever the number of articles."""
    return tuple(_mtime(p) for p in (out_dir / S.REPORT_FILE, input_dir, input_dir / SOURCES_FILE, codebook_path))


class ServedTables:
    """The dataset the app serves from one input and one output folder: loaded once, reloaded when
    the folders change, and shared by every session (the app keeps one per pair of folders).

    Whether they changed is told by :func:`quick_signature` on every call and by
    :func:`data_signature` (every input and output file) at most every ``full_check_seconds``.
    Both are taken again once the tables are loaded: a first run that builds missing tables
    writes them, and that must not count as a change (the tables would be loaded twice).
    """

    def __init__(
        self,
        input_dir: Path,
        out_dir: Path,
        codebook_path: Path = DEFAULT_CODEBOOK,
        *,
        full_check_seconds: float = FULL_CHECK_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        load: Callable[[Path, Path, Path], Dataset] | None = None,
    ) -> None:
        self.input_dir, self.out_dir, self.codebook_path = input_dir, out_dir, codebook_path
        self._every = full_check_seconds
        self._clock = clock
        self._load = load or load_dataset
        self._lock = threading.Lock()
        self._data: Dataset | None = None
        self._quick: tuple | None = None
        self._full: tuple | None = None
        self._checked = 0.0

    def _changed(self) -> bool:
        if quick_signature(self.input_dir, self.out_dir, self.codebook_path) != self._quick:
            return True
        now = self._clock()
        if now - self._checked < self._every:
            return False
        self._checked = now
        return data_signature(self.input_dir, self.out_dir, self.codebook_path) != self._full

    def dataset(self, *, loading: Callable[[], AbstractContextManager] = nullcontext) -> Dataset:
        """The current dataset, (re)loaded first when there is none yet or the folders changed;
        a (re)load runs inside ``loading()`` (the app's spinner).

        Raises:
            OutputError: as :func:`load_dataset`; the next call tries again.
        """
        with self._lock:
            if self._data is None or self._changed():
                # The old tables go before the new ones come: never both in memory.
                self._data = None
                gc.unfreeze()
                with loading():
                    data = self._load(self.input_dir, self.out_dir, self.codebook_path)
                # The tables live as long as the app: the collector's full passes need not walk
                # their millions of objects again (each such pass cost 0.1-0.4 s of a rerun at
                # 10,000 articles). Freed by their counts all the same when replaced.
                gc.freeze()
                self._quick = quick_signature(self.input_dir, self.out_dir, self.codebook_path)
                self._full = data_signature(self.input_dir, self.out_dir, self.codebook_path)
                self._checked = self._clock()
                self._data = data
            return self._data


def outputs_are_stale(input_dir: Path, out_dir: Path, codebook_path: Path) -> bool:
    """True when the tables are missing, from another newslens version, or older than an input."""
    report = out_dir / S.REPORT_FILE
    if not report.is_file() or not all((out_dir / name).is_file() for name in TABLE_FILES):
        return True
    try:
        if json.loads(report.read_text(encoding="utf-8"))["versions"]["newslens"] != __version__:
            return True
    except (OSError, ValueError, KeyError, TypeError):
        return True
    built = report.stat().st_mtime_ns
    return any(stamp is not None and stamp > built for _, stamp in _input_stamps(input_dir, codebook_path))


def tables_vocabularies(report: dict, configured: Vocabularies) -> Vocabularies:
    """The vocabularies with the codebook the tables were built with (kept in their report), so
    topics are labelled and re-tagged as they were tagged; ``configured`` when the report keeps
    none (tables of an older version) or it no longer parses."""
    stored = report.get("codebook")
    if not isinstance(stored, dict) or not stored.get("text"):
        return configured
    if stored["text"] == configured.codebook.text:
        return configured
    try:
        codebook = parse_codebook(str(stored["text"]), source=str(stored.get("source") or "codebook.toml"))
    except CodebookError:
        return configured
    return replace(configured, codebook=codebook)


def load_dataset(
    input_dir: Path = DEFAULT_INPUT, out_dir: Path = DEFAULT_OUTPUT, codebook_path: Path = DEFAULT_CODEBOOK
) -> Dataset:
    """Load the processed tables, running the pipeline first when they are missing or stale.

    Where ``out_dir`` cannot be written (a read-only deployment), the tables are built
    in a temporary folder instead.

    Raises:
        OutputError: the pipeline found no usable article in ``input_dir``.
    """
    if outputs_are_stale(input_dir, out_dir, codebook_path):
        out_dir = _rebuild(input_dir, out_dir, codebook_path)
    try:
        tables, report = load_outputs(out_dir, TABLE_FILES, arrow_lists=ARROW_LIST_TABLES)
    except OutputError:
        # An interrupted build (or files from two runs): the app mends it by itself, once.
        out_dir = _rebuild(input_dir, out_dir, codebook_path)
        tables, report = load_outputs(out_dir, TABLE_FILES, arrow_lists=ARROW_LIST_TABLES)
    if tables[S.ARTICLES_FILE].empty:
        raise OutputError(f"{out_dir}: no articles; check {input_dir}")
    return dataset_from_tables(tables, report, load_vocabularies(codebook_path=codebook_path))


def _rebuild(input_dir: Path, out_dir: Path, codebook_path: Path) -> Path:
    """Build and publish the tables of ``input_dir``; the folder they are in (a temporary one when
    ``out_dir`` cannot be written, as in a read-only deployment)."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out_dir):
            pass
    except OSError:
        out_dir = Path(tempfile.mkdtemp(prefix="newslens-"))
    build = build_folder(input_dir, load_vocabularies(codebook_path=codebook_path))
    if not build.tables:
        raise OutputError(f"{input_dir}: no usable article; nothing to show")
    publish(build, out_dir)
    return out_dir


def dataset_from_tables(tables: dict[str, pd.DataFrame], report: dict, configured: Vocabularies) -> Dataset:
    """A :class:`Dataset` over tables already in memory (loaded, or built in a session from uploads)."""
    vocabularies = tables_vocabularies(report, configured)
    data = Dataset(
        articles=tables[S.ARTICLES_FILE],
        sentences=tables[S.SENTENCES_FILE],
        evidence=tables[S.EVIDENCE_FILE],
        removed=tables[S.REMOVED_FILE],
        tone_by_topic=tables[S.TONE_BY_TOPIC_FILE],
        report=report,
        vocabularies=vocabularies,
        alignment=alignment_from_tables(
            tables[S.FACTS_FILE],
            tables[S.FACT_MEMBERS_FILE],
            tables[S.SENTENCES_FILE],
            tables[S.ARTICLES_FILE],
            stopwords=vocabularies.stopwords,
            unit_terms=tables.get(S.UNIT_TERMS_FILE),
            term_weights=tables.get(S.TERM_WEIGHTS_FILE),
        ),
        passage_groups=tables[S.PASSAGE_GROUPS_FILE],
        passage_members=tables[S.PASSAGE_MEMBERS_FILE],
        reuse_table=tables[S.REUSE_FILE],
        quotes=tables[S.QUOTES_FILE],
        entities=tables[S.ENTITIES_FILE],
        discrepancies=tables[S.DISCREPANCIES_FILE],
        framing_table=tables[S.FRAMING_FILE],
        omissions_table=tables[S.OMISSIONS_FILE],
        provenance=tables[S.PROVENANCE_FILE],
    )
    # What the run stored for every article: a filtered or re-tagged dataset never inherits it
    # (its memo starts empty). The findings hold only under the codebook they were worded with.
    stored = tables.get(S.FINDINGS_FILE)
    if stored is not None and _built_with(report, vocabularies):
        data.remember(FINDINGS_KEY, partial(findings_from_table, stored))
    themes = tables.get(S.THEMES_FILE)
    if themes is not None:
        data.remember(THEMES_KEY, partial(themes_from_table, themes))
    for name, key in STORED_TABLES.items():
        if (table := tables.get(name)) is not None:
            data.remember(key, partial(_as_stored, table))
    intervals = tables.get(S.TONE_INTERVALS_FILE)
    if intervals is not None:
        for measure in intervals[S.MEASURE].unique().tolist():
            data.remember(tone_intervals_key(str(measure), ()), partial(_rows_of, intervals, measure))
    return data


#: Tables the run stores as they are of what a view derives from every article (see
#: :data:`dashboard.pipeline.STORED_VIEWS`), and the view's :meth:`Dataset.derived` key for each.
STORED_TABLES = {
    S.ENTITY_VARIANTS_FILE: ENTITY_VARIANTS_KEY,
    S.SOURCE_CREDITS_FILE: SOURCE_CREDITS_KEY,
    S.OUTLET_SOURCES_FILE: OUTLET_SOURCES_KEY,
}


def entity_variants_of(data: Dataset) -> pd.DataFrame:
    """What :data:`ENTITY_VARIANTS_KEY` derives from a dataset the run did not store it for."""
    return entity_variants(data.entities)


def source_credits_of(data: Dataset) -> pd.DataFrame:
    """What :data:`SOURCE_CREDITS_KEY` derives from a dataset the run did not store it for."""
    return provenance_summary(data.provenance, data.articles)


def outlet_sources_of(data: Dataset) -> pd.DataFrame:
    """What :data:`OUTLET_SOURCES_KEY` derives from a dataset the run did not store it for."""
    return outlet_sources(data.derived(SOURCE_CREDITS_KEY, source_credits_of), data.reuse, data.articles)


def _as_stored(table: pd.DataFrame) -> pd.DataFrame:
    return table


def _rows_of(intervals: pd.DataFrame, measure: str) -> pd.DataFrame:
    return intervals[intervals[S.MEASURE] == measure].reset_index(drop=True)


def _built_with(report: dict, vocabularies: Vocabularies) -> bool:
    """Whether ``vocabularies`` holds the codebook the tables were built with (their report's)."""
    stored = report.get("codebook")
    return isinstance(stored, dict) and stored.get("text") == vocabularies.codebook.text
