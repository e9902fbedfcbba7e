"""Shared passages: sentences that different outlets carry verbatim or nearly so.

Passages are derived from the alignment of facts (:mod:`dashboard.corpus.align`): within each
fact group, members of different articles whose wording is a copy form a passage group. Two
tables come out of :func:`shared_passages`, one row per passage group and one per member
sentence; :func:`reuse_matrix` turns the members into the share of each outlet's words that it
shares with each other outlet: wire copies stand out.

Wording is compared on a normalised form (NFKC, case folded, quotes and apostrophes unified,
``.`` and ``'`` dropped so "U.S." equals "US", other punctuation turned into spaces):

- ``verbatim``: the members are identical after unifying quotes, white space and case;
- ``near-verbatim``: in every pair of members from different articles, the shorter sentence
  appears in the longer one with at most small edits: ``fuzz.partial_ratio`` >=
  :data:`NEAR_VERBATIM` (90), about one character in ten changed (one word replaced in a
  15-word sentence scores about 95); a statement quoted whole inside a longer sentence counts.

Members that state one fact in their own words stay a fact group, not a passage. Groups use
complete linkage on that relation, so no hub sentence chains two different copies together.

**Similarity** (0-100) of a group is the lowest, over its pairs of members from different
articles, of ``(token_sort_ratio(a, b) + containment(a, b)) / 2``, where ``containment`` is 100
× the longest common word subsequence / the words of the shorter sentence.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from dashboard import schema as S
from dashboard.corpus.align import Alignment
from dashboard.text.words import count_words

MIN_WORDS = 6
"""Sentences with fewer words are never passages (the alignment's units have as many)."""
NEAR_VERBATIM = 90.0
"""Minimum ``fuzz.partial_ratio`` over a group's cross-article pairs for ``near-verbatim``."""

VERBATIM = "verbatim"
NEAR = "near-verbatim"
PARAPHRASE = "paraphrase"

_QUOTES = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2033": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "`": "'",
        "\u00b4": "'",
        "\u2032": "'",
        "\u02bc": "'",
    }
)
_DROPPED = re.compile(r"[.']")
_NON_WORD = re.compile(r"[\W_]+")
# Word codes must avoid the surrogate range, which is not valid in a str.
_CODE_BASE = 0x100
_SURROGATES = (0xD800, 0xE000)


def _canonical(text: str) -> str:
    """Text with quotes, white space and case unified: equal means verbatim."""
    return " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold().split())


def _normalise(text: str) -> str:
    """Words only, lower case, "U.S." -> "us", "Russia's" -> "russias"; what similarity compares."""
    return " ".join(_NON_WORD.sub(" ", _DROPPED.sub("", _canonical(text))).split())


def _encode_words(texts: list[str]) -> list[str]:
    """Each distinct word becomes one character, so rapidfuzz's LCS works on words."""
    vocab: dict[str, str] = {}
    out = []
    for text in texts:
        chars = []
        for word in text.split():
            code = vocab.get(word)
            if code is None:
                n = _CODE_BASE + len(vocab)
                n += (_SURROGATES[1] - _SURROGATES[0]) if n >= _SURROGATES[0] else 0
                code = vocab[word] = chr(min(n, 0x10FFFF))
            chars.append(code)
        out.append("".join(chars))
    return out


def _similarity(a_sorted: str, b_sorted: str, a_codes: str, b_codes: str) -> float:
    """The module doc's similarity; ``fuzz.ratio`` of word-sorted texts is ``token_sort_ratio``."""
    shorter = min(len(a_codes), len(b_codes))
    containment = 100.0 * LCSseq.similarity(a_codes, b_codes) / shorter if shorter else 0.0
    return (fuzz.ratio(a_sorted, b_sorted) + containment) / 2


_GROUP_DTYPES = dict(
    zip(S.PASSAGE_GROUP_COLUMNS, ("int64", "int64", "object", "float64", "str", "object", "object", "str"))
)
_MEMBER_DTYPES = dict(zip(S.PASSAGE_MEMBER_COLUMNS, ("int64", "str", "int64", "str", "float64")))
_REUSE_DTYPES = dict(zip(S.REUSE_COLUMNS, ("str", "str", "float64", "int64", "int64")))


def _frame(columns: dict[str, list], dtypes: dict[str, str]) -> pd.DataFrame:
    """A table with exactly these columns and dtypes (``object`` keeps None as None)."""
    return pd.DataFrame({c: pd.Series(columns.get(c, []), dtype=t) for c, t in dtypes.items()})


def _article_values(articles: pd.DataFrame, column: str) -> dict:
    """``article_id -> value`` of one articles column; the first row wins for a repeated id."""
    if column not in articles.columns:
        return {}
    unique = articles.drop_duplicates(S.ARTICLE_ID)
    return dict(zip(unique[S.ARTICLE_ID].tolist(), unique[column].astype("object").tolist()))


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA


def _first_published(outlets: list[str], dates: list[object]) -> tuple[str | None, object]:
    """(outlet, date) of the unique earliest date; (None, None) if any date is missing or tied."""
    parsed = pd.to_datetime(pd.Series(dates, dtype="object"), errors="coerce")
    if parsed.empty or parsed.isna().any():
        return None, None
    earliest = parsed.min()
    first = [k for k, d in enumerate(parsed) if d == earliest]
    if len({outlets[k] for k in first}) != 1:
        return None, None
    return outlets[first[0]], dates[first[0]]


_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
_MISSING_DAY = -1


def _day(value: object) -> int | None:
    """The day number :func:`_first_published` would compare for ``value``, without pandas.

    ``_MISSING_DAY`` for what ``pd.to_datetime(errors="coerce")`` turns into NaT (None, NaN,
    NA, NaT); the proleptic ordinal of a ``datetime.date`` or a valid ``YYYY-MM-DD`` string
    (both parse to that day at midnight, so comparing days is comparing what pandas parses);
    None for anything else (a datetime, a time zone, another format): its group then goes
    through :func:`_first_published` itself, so the result is pandas' own.
    """
    if value is None or value is pd.NA or value is pd.NaT or (type(value) is float and value != value):
        return _MISSING_DAY
    if type(value) is dt.date:
        return value.toordinal()
    if type(value) is str:
        match = _ISO_DAY.fullmatch(value)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups())).toordinal()
            except ValueError:
                return None
    return None


def _first_published_days(outlets: list[str], days: list[int], dates: list[object]) -> tuple[str | None, object]:
    """:func:`_first_published` on dates already reduced to day numbers by :func:`_day`."""
    if _MISSING_DAY in days:
        return None, None
    earliest = min(days)
    first = [k for k, d in enumerate(days) if d == earliest]
    if len({outlets[k] for k in first}) != 1:
        return None, None
    return outlets[first[0]], dates[first[0]]


def _link(article: list[str], near: list[list[bool]]) -> list[list[int]]:
    """Complete linkage of members ``0..n-1`` on the near-verbatim relation ``near`` (n × n).

    ``near[u][v]`` matters only for members of different articles. Clusters join, first by
    position, only when every cross-article pair between them is near-verbatim (two sentences
    of one article join through a copy in another): each round joins the first pair of clusters
    ``(x, y)``, ``x < y`` in row-major order, that has a cross-article pair and no pair that is
    not near, appending ``y``'s members to ``x``; then the scan starts again from the first.
    Per pair of clusters it keeps the number of cross-article pairs and whether all of them are
    near, so a join updates one row and column instead of re-listing the pairs.
    """
    n = len(article)
    n_pairs = [[int(article[u] != article[v]) for v in range(n)] for u in range(n)]
    all_near = [[near[u][v] or article[u] == article[v] for v in range(n)] for u in range(n)]
    clusters = [[u] for u in range(n)]
    while True:
        joined = next(
            (
                (x, y)
                for x in range(len(clusters))
                for y in range(x + 1, len(clusters))
                if n_pairs[x][y] and all_near[x][y]
            ),
            None,
        )
        if joined is None:
            break
        x, y = joined
        clusters[x] += clusters.pop(y)
        pairs_y, near_y = n_pairs.pop(y), all_near.pop(y)
        for z in range(len(clusters)):
            n_pairs[z].pop(y)
            all_near[z].pop(y)
        pairs_x, near_x = n_pairs[x], all_near[x]
        for z in range(len(clusters)):
            z_y = z if z < y else z + 1
            pairs_x[z] += pairs_y[z_y]
            near_x[z] = near_x[z] and near_y[z_y]
            n_pairs[z][x], all_near[z][x] = pairs_x[z], near_x[z]
    return [sorted(c) for c in clusters]


class _Pairs:
    """The pairwise measures of one fact group's members, each computed once per pair of texts.

    Copies repeat texts, so memoising on the (ordered) pair of normalised texts saves most of
    the work; the order is kept as the caller gives it so every value is the one the formula
    gives for that order.
    """

    def __init__(self, norm: list[str]) -> None:
        self.norm = norm
        self._near: dict[tuple[str, str], bool] = {}
        self._sim: dict[tuple[str, str], float] = {}
        self._sorted: dict[str, str] = {}
        self._codes: dict[str, str] = {}

    def near(self, u: int, v: int) -> bool:
        key = (self.norm[u], self.norm[v])
        value = self._near.get(key)
        if value is None:
            value = self._near[key] = _near(*key)
        return value

    def encode(self, members: list[int]) -> None:
        """Word codes for the texts of ``members`` (one vocabulary: only equality of codes matters)."""
        texts = list(dict.fromkeys(self.norm[k] for k in members))
        self._codes = dict(zip(texts, _encode_words(texts)))

    def similarity(self, u: int, v: int) -> float:
        a, b = self.norm[u], self.norm[v]
        value = self._sim.get((a, b))
        if value is None:
            value = self._sim[(a, b)] = _similarity(self._sort(a), self._sort(b), self._codes[a], self._codes[b])
        return value

    def _sort(self, text: str) -> str:
        value = self._sorted.get(text)
        if value is None:
            value = self._sorted[text] = " ".join(sorted(text.split()))
        return value


def _near(a: str, b: str) -> bool:
    return fuzz.partial_ratio(a, b, score_cutoff=NEAR_VERBATIM) >= NEAR_VERBATIM


def _copies(article: list[str], pairs: _Pairs) -> list[list[int]]:
    """Complete linkage of a fact group's members on the near-verbatim relation.

    The relation is computed once per pair of members from different articles (once per pair
    of texts: copies repeat them); then :func:`_link` joins the clusters.
    """
    n = len(article)
    near = [[False] * n for _ in range(n)]
    crossed, every = False, True
    for u in range(n):
        for v in range(u + 1, n):
            if article[u] != article[v]:
                near[u][v] = near[v][u] = value = pairs.near(u, v)
                crossed, every = True, every and value
    if crossed and every:
        # Every cross-article pair is a copy: whatever the order of the joins, the clusters join
        # into one: two clusters stay apart only if all their members are of one article.
        return [list(range(n))]
    return _link(article, near)


def _fact_groups(members: pd.DataFrame) -> list[np.ndarray]:
    """Row positions of each fact group of ``members``, groups by fact_id, rows in table order."""
    codes = members.groupby(S.FACT_ID, sort=True).ngroup().to_numpy()
    codes = np.where(pd.isna(codes), -1, codes).astype(np.int64)
    order = np.argsort(codes, kind="stable")
    order = order[codes[order] >= 0]
    bounds = np.flatnonzero(np.diff(codes[order])) + 1
    return np.split(order, bounds) if len(order) else []


def shared_passages(
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    alignment: Alignment,
    *,
    min_words: int = MIN_WORDS,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Groups of sentences that at least two outlets carry verbatim or nearly so.

    Args:
        sentences: Columns ``article_id, sentence_id, text`` (others ignored).
        articles: Columns ``article_id, outlet, published`` (``published`` a date, a
            ``YYYY-MM-DD`` string or None).
        alignment: :func:`dashboard.corpus.align.align_facts` on the same sentences.
        min_words: Sentences with fewer words (``count_words``) are never passages.

    Returns:
        ``(groups, members)``. ``groups`` has columns ``S.PASSAGE_GROUP_COLUMNS``, one row per
        group spanning >= 2 outlets, ``group_id`` 0..n-1 by number of outlets (descending),
        then first member (article_id, sentence_id): ``n_outlets``; ``outlets`` (sorted list);
        ``similarity`` (0-100, see the module doc; 100.0 when all are the same normalised text);
        ``kind`` (``verbatim`` or ``near-verbatim``); ``first_outlet`` and ``first_published``
        (the outlet whose member article has the earliest ``published`` date, and that date as
        given; both None when a member article has no date or two outlets share the earliest);
        ``text`` (the representative: the member most similar to the others, ties to the
        first). ``members`` has columns ``S.PASSAGE_MEMBER_COLUMNS``, one row per sentence,
        sorted by group, article, sentence; ``similarity`` is to the representative. Empty input
        gives empty tables with these columns.

    The work is linear in the fact groups' members: each fact group (whose size the alignment
    bounds) is compared within itself only, and every per-row conversion (dates, word counts,
    normal forms) is done once per row or text, never per group.
    """
    empty = _frame({}, _GROUP_DTYPES), _frame({}, _MEMBER_DTYPES)
    if sentences.empty or articles.empty or alignment.members.empty:
        return empty
    text_of = {
        (a, int(s)): t
        for a, s, t in zip(
            sentences[S.ARTICLE_ID].tolist(), sentences[S.SENTENCE_ID].tolist(), sentences[S.TEXT].tolist()
        )
        if isinstance(t, str)
    }
    dates = _article_values(articles, S.PUBLISHED)
    days = {a: _day(d) for a, d in dates.items()}  # once per article, not per group
    words_of: dict[str, int] = {}
    forms: dict[str, tuple[str, str]] = {}  # text -> (canonical, normalised)

    def words(text: str) -> int:
        n = words_of.get(text)
        if n is None:
            n = words_of[text] = count_words(text)
        return n

    def form(text: str) -> tuple[str, str]:
        value = forms.get(text)
        if value is None:
            canonical = _canonical(text)
            value = forms[text] = (canonical, " ".join(_NON_WORD.sub(" ", _DROPPED.sub("", canonical)).split()))
        return value

    table = alignment.members
    all_articles = table[S.ARTICLE_ID].tolist()
    all_sentences = table[S.SENTENCE_ID].tolist()
    all_outlets = table[S.OUTLET].tolist()
    found = []
    for positions in _fact_groups(table):
        rows = [
            (all_articles[k], int(all_sentences[k]), all_outlets[k])
            for k in positions.tolist()
            if words(text_of.get((all_articles[k], int(all_sentences[k])), "")) >= min_words
        ]
        if len({o for _, _, o in rows}) < 2:
            continue
        article = [a for a, _, _ in rows]
        texts = [text_of[(a, s)] for a, s, _ in rows]
        canonical = [form(t)[0] for t in texts]
        pairs = _Pairs([form(t)[1] for t in texts])
        for cluster in _copies(article, pairs):
            outlets = sorted({rows[k][2] for k in cluster})
            if len(outlets) < 2:
                continue
            found.append((cluster, rows, texts, canonical, pairs, outlets))
    if not found:
        return empty
    group_rows: list[dict[str, object]] = []
    sort_keys: list[tuple[int, str, int]] = []
    members_of: list[list[tuple[str, int, str, float]]] = []
    for cluster, rows, texts, canonical, pairs, outlets in found:
        pairs.encode(cluster)
        cross = [
            pairs.similarity(u, v) for i, u in enumerate(cluster) for v in cluster[i + 1 :] if rows[u][0] != rows[v][0]
        ]
        kind = VERBATIM if len({canonical[k] for k in cluster}) == 1 else NEAR
        rep = max(cluster, key=lambda u: (sum(pairs.similarity(u, v) for v in cluster if v != u), -u))
        cluster_outlets = [rows[k][2] for k in cluster]
        cluster_dates = [dates.get(rows[k][0]) for k in cluster]
        cluster_days = [d for d in (days.get(rows[k][0], _MISSING_DAY) for k in cluster) if d is not None]
        if len(cluster_days) == len(cluster):
            first_outlet, first_published = _first_published_days(cluster_outlets, cluster_days, cluster_dates)
        else:  # a date only pandas knows how to read
            first_outlet, first_published = _first_published(cluster_outlets, cluster_dates)
        first = min((rows[k][0], rows[k][1]) for k in cluster)
        group_rows.append(
            {
                S.N_OUTLETS: len(outlets),
                S.OUTLETS: outlets,
                S.SIMILARITY: float(min(cross)) if cross else 100.0,
                S.KIND: kind,
                S.FIRST_OUTLET: first_outlet,
                S.FIRST_PUBLISHED: first_published,
                S.TEXT: texts[rep],
            }
        )
        sort_keys.append((-len(outlets), *first))
        members_of.append(
            [(rows[k][0], rows[k][1], rows[k][2], 100.0 if k == rep else pairs.similarity(k, rep)) for k in cluster]
        )
    order = sorted(range(len(group_rows)), key=lambda k: sort_keys[k])
    member_rows: list[tuple[int, str, int, str, float]] = []
    for new, old in enumerate(order):
        member_rows.extend((new, a, s, o, float(sim)) for a, s, o, sim in members_of[old])
    columns = {c: [group_rows[k][c] for k in order] for c in S.PASSAGE_GROUP_COLUMNS if c != S.GROUP_ID}
    groups = _frame(columns | {S.GROUP_ID: list(range(len(order)))}, _GROUP_DTYPES)
    member_rows.sort(key=lambda m: (m[0], m[1], m[2]))
    members = _frame({c: [m[k] for m in member_rows] for k, c in enumerate(S.PASSAGE_MEMBER_COLUMNS)}, _MEMBER_DTYPES)
    return groups, members


def reuse_matrix(sentences: pd.DataFrame, articles: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Share of each outlet's words that sit in passages it shares with each other outlet.

    Args:
        sentences: Columns ``article_id, sentence_id, text``; every sentence of an article
            in ``articles`` counts towards its outlet's words, short ones included.
        articles: Columns ``article_id, outlet``; its outlets make the rows.
        members: The ``members`` table of :func:`shared_passages`.

    Returns:
        Columns ``S.REUSE_COLUMNS``, one row per ordered pair of distinct outlets (zeros
        included), sorted by outlet then other_outlet. ``n_words``: words (``count_words``) in
        the outlet's sentences; ``n_words_shared``: words of those sentences that belong to a
        passage group also containing a sentence of ``other_outlet``; ``share`` =
        n_words_shared / n_words in [0, 1] (0.0 when the outlet has no words). Asymmetric: a
        short article copied whole into a long one is 1.0 one way and small the other. Fewer
        than two outlets give an empty table with these columns.
    """
    outlets = sorted({o for o in articles[S.OUTLET].tolist() if not _is_missing(o)})
    if len(outlets) < 2:
        return _frame({}, _REUSE_DTYPES)
    code = {o: k for k, o in enumerate(outlets)}
    outlet_of = _article_values(articles, S.OUTLET)
    n_words = np.zeros(len(outlets), dtype=np.int64)
    words_of: dict[tuple[str, int], int] = {}
    for article, sentence, text in zip(
        sentences[S.ARTICLE_ID].tolist(), sentences[S.SENTENCE_ID].tolist(), sentences[S.TEXT].tolist()
    ):
        k = code.get(outlet_of.get(article))
        if k is None:
            continue
        words = count_words(text) if isinstance(text, str) else 0
        n_words[k] += words
        words_of[(article, int(sentence))] = words

    shared = np.zeros((len(outlets), len(outlets)), dtype=np.int64)
    if not members.empty:
        rows = pd.DataFrame(
            {
                "g": members[S.GROUP_ID].to_numpy(dtype=np.int64),
                "o": [code.get(o, -1) for o in members[S.OUTLET].tolist()],
                "w": [
                    words_of.get((a, int(s)), 0)
                    for a, s in zip(members[S.ARTICLE_ID].tolist(), members[S.SENTENCE_ID].tolist())
                ],
                "key": list(zip(members[S.ARTICLE_ID].tolist(), members[S.SENTENCE_ID].tolist())),
            }
        )
        rows = rows[rows["o"] >= 0].drop_duplicates("key")
        group_words = rows.groupby(["g", "o"], as_index=False)["w"].sum()  # sorted by group, then outlet
        group, outlet, count = (group_words[c].to_numpy() for c in ("g", "o", "w"))
        bounds = np.flatnonzero(np.diff(group)) + 1
        for present, counts in zip(np.split(outlet, bounds), np.split(count, bounds)):
            # Each outlet's words in the group count as shared with every other outlet in it.
            shared[np.ix_(present, present)] += counts[:, None]
        np.fill_diagonal(shared, 0)

    o_idx, p_idx = (a.ravel() for a in np.meshgrid(range(len(outlets)), range(len(outlets)), indexing="ij"))
    keep = o_idx != p_idx
    o_idx, p_idx = o_idx[keep], p_idx[keep]
    total = n_words[o_idx]
    common = shared[o_idx, p_idx]
    return _frame(
        {
            S.OUTLET: [outlets[k] for k in o_idx],
            S.OTHER_OUTLET: [outlets[k] for k in p_idx],
            S.SHARE: np.where(total > 0, common / np.maximum(total, 1), 0.0).tolist(),
            S.N_WORDS_SHARED: common.tolist(),
            S.N_WORDS: total.tolist(),
        },
        _REUSE_DTYPES,
    )
