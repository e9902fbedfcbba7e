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

**Cost.** Pairs are only ever formed inside one fact group (sentences of one event stating
one fact: 26 members at most on a generated corpus of 10,000 articles), so the work grows with
the number of fact-group members, not with their square over the corpus. Each pair of distinct texts is
scored once, all pairs in a few batched rapidfuzz calls; most pairs that are not copies are
settled by an exact LCS bound before ``partial_ratio``. Dates are read once per article.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from dashboard import schema as S
from dashboard.corpus.align import Alignment
from dashboard.frames import in_values, positions_in
from dashboard.text.words import count_words, sentence_words

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


# On ASCII text NFKC changes nothing, the backtick is the only quote to unify and case folding
# is lower(); dropping "." and "'" and turning every other character that is not a letter or a
# digit into a space is then one bytes.translate. Same forms, a few times faster.
_ASCII_WORDS = bytes(c if chr(c).isalnum() else 0x20 for c in range(128)) + bytes(range(128, 256))


def _forms(text: str) -> tuple[str, str]:
    """``(_canonical(text), _normalise(text))``."""
    if text.isascii():
        canonical = " ".join(text.replace("`", "'").lower().split())
        return canonical, " ".join(canonical.encode("ascii").translate(_ASCII_WORDS, b".'").decode("ascii").split())
    canonical = _canonical(text)
    return canonical, " ".join(_NON_WORD.sub(" ", _DROPPED.sub("", canonical)).split())


def _encode_words(texts: list[str]) -> list[str] | list[list[int]]:
    """Each distinct word becomes one character, so rapidfuzz's LCS works on words.

    One vocabulary for all ``texts``; only equality of codes matters to the LCS, so any
    one-to-one coding gives the same similarities. A vocabulary larger than the characters
    available (about 1.1 million words) is coded as lists of word numbers instead.
    """
    vocab: dict[str, int] = {}
    numbers = [[vocab.setdefault(word, len(vocab)) for word in text.split()] for text in texts]
    if len(vocab) > 0x110000 - _CODE_BASE - (_SURROGATES[1] - _SURROGATES[0]):
        return numbers
    gap = _SURROGATES[1] - _SURROGATES[0]
    chars = [chr(n + _CODE_BASE + (gap if n + _CODE_BASE >= _SURROGATES[0] else 0)) for n in range(len(vocab))]
    return ["".join([chars[n] for n in text]) for text in numbers]


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


def _near_many(first: list[str], second: list[str]) -> np.ndarray:
    """``fuzz.partial_ratio(a, b) >= NEAR_VERBATIM`` for each pair ``(first[k], second[k])``.

    ``partial_ratio`` is the best ``ratio`` of the shorter text (``m`` characters) against a
    substring ``w`` of the longer one: ``200 L / (m + |w|)`` with ``L`` their longest common
    subsequence. As ``L <= |w|``, reaching ``t`` = NEAR_VERBATIM needs ``(200 - t) L >= t m``,
    and ``L`` is at most the LCS of the two whole texts: a pair whose whole-text LCS (bit-parallel,
    about a tenth of the cost) falls short is not near, exactly (its score is then below ``t`` by
    at least ``10 / (m + L)``, far above rounding). Within fact groups that settles most pairs;
    ``partial_ratio`` scores the others. Both run over all pairs in one call each (rapidfuzz's
    ``cpdist``, float64 so the cut-off compares the scores ``partial_ratio`` returns).
    """
    if not first:
        return np.zeros(0, dtype=bool)
    lcs = process.cpdist(first, second, scorer=LCSseq.similarity, dtype=np.int64)
    shorter = np.minimum([len(a) for a in first], [len(b) for b in second])
    maybe = np.flatnonzero((200.0 - NEAR_VERBATIM) * lcs >= NEAR_VERBATIM * shorter)
    near = np.zeros(len(first), dtype=bool)
    if len(maybe):
        scores = process.cpdist(
            [first[k] for k in maybe],
            [second[k] for k in maybe],
            scorer=fuzz.partial_ratio,
            score_cutoff=NEAR_VERBATIM,
            dtype=np.float64,
        )
        near[maybe] = scores >= NEAR_VERBATIM
    return near


def _similarity_many(first: list[str], second: list[str], first_codes: list, second_codes: list) -> list[float]:
    """:func:`_similarity` of each pair (word-sorted texts, then word codes), in two ``cpdist`` calls.

    The arithmetic is :func:`_similarity`'s, in the same order, in float64: the same values.
    """
    if not first:
        return []
    ratio = process.cpdist(first, second, scorer=fuzz.ratio, dtype=np.float64)
    lcs = process.cpdist(first_codes, second_codes, scorer=LCSseq.similarity, dtype=np.int64)
    shorter = np.minimum([len(a) for a in first_codes], [len(b) for b in second_codes])
    containment = np.where(shorter > 0, 100.0 * lcs / np.maximum(shorter, 1), 0.0)
    return ((ratio + containment) / 2).tolist()


class _Texts:
    """The distinct normalised texts of the fact groups, each with an id, and their word forms."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.texts: list[str] = []

    def id(self, text: str) -> int:
        k = self.ids.get(text)
        if k is None:
            k = self.ids[text] = len(self.texts)
            self.texts.append(text)
        return k

    def word_codes(self, ids: list[int]) -> list[str] | list[list[int]]:
        """The texts ``ids`` coded by :func:`_encode_words`, one vocabulary for all."""
        return _encode_words([self.texts[k] for k in ids])


def _copies(article: list[str], pair_ids: np.ndarray, near: np.ndarray) -> list[list[int]]:
    """Complete linkage of a fact group's members on the near-verbatim relation.

    ``pair_ids`` holds, for each pair ``u < v`` of members from different articles in that
    order, the index of its pair of texts in ``near`` (computed once per pair of texts: copies
    repeat them). :func:`_link` joins the clusters; the common cases need no linkage.
    """
    n = len(article)
    values = near[pair_ids]
    if not len(values) or not values.any():  # no pair is a copy: no two clusters can ever join
        return [[u] for u in range(n)]
    if values.all():
        # Every cross-article pair (there is one) is a copy: whatever the order of the joins, the
        # clusters join into one: two clusters stay apart only if all their members are of one article.
        return [list(range(n))]
    matrix = [[False] * n for _ in range(n)]
    flags = iter(values.tolist())
    for u in range(n):
        for v in range(u + 1, n):
            if article[u] != article[v]:
                matrix[u][v] = matrix[v][u] = next(flags)
    return _link(article, matrix)


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

    The work is linear in the fact groups' members: pairs are only formed within a fact group,
    each pair of texts is scored once, all pairs in a few batched rapidfuzz calls, and every
    per-row conversion (dates, word counts, normal forms) is done once per row or text.
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
    forms: dict[str, tuple[str, int]] = {}  # text -> (canonical form, id of the normalised text)
    store = _Texts()

    def words(text: str) -> int:
        n = words_of.get(text)
        if n is None:
            n = words_of[text] = count_words(text)
        return n

    def form(text: str) -> tuple[str, int]:
        value = forms.get(text)
        if value is None:
            canonical, normalised = _forms(text)
            value = forms[text] = (canonical, store.id(normalised))
        return value

    # 1. Each fact group's members long enough, and the pairs of texts complete linkage needs.
    table = alignment.members
    all_articles = table[S.ARTICLE_ID].tolist()
    all_sentences = table[S.SENTENCE_ID].tolist()
    all_outlets = table[S.OUTLET].tolist()
    pair_index: dict[tuple[int, int], int] = {}
    candidates = []
    for positions in _fact_groups(table):
        rows = []
        for k in positions.tolist():
            key = (all_articles[k], int(all_sentences[k]))
            text = text_of.get(key, "")
            if words(text) >= min_words:
                rows.append((key[0], key[1], all_outlets[k]))
        if len({o for _, _, o in rows}) < 2:
            continue
        article = [a for a, _, _ in rows]
        texts = [text_of[(a, s)] for a, s, _ in rows]
        ids = [form(t)[1] for t in texts]
        pair_ids = [
            pair_index.setdefault((ids[u], ids[v]), len(pair_index))
            for u in range(len(rows))
            for v in range(u + 1, len(rows))
            if article[u] != article[v]
        ]
        candidates.append((rows, article, texts, ids, pair_ids))

    # 2. The near-verbatim relation for every pair of texts at once, then the copies of each group.
    norm = store.texts
    near = _near_many([norm[a] for a, _ in pair_index], [norm[b] for _, b in pair_index])
    found = []
    for rows, article, texts, ids, pair_ids in candidates:
        for cluster in _copies(article, np.asarray(pair_ids, dtype=np.int64), near):
            outlets = sorted({rows[k][2] for k in cluster})
            if len(outlets) >= 2:
                found.append((cluster, rows, texts, ids, outlets))
    if not found:
        return empty

    # 3. Similarities within each passage (every ordered pair of its texts, once), all at once.
    sim_index: dict[tuple[int, int], int] = {}
    for cluster, _, _, ids, _ in found:
        for u in cluster:
            for v in cluster:
                if u != v:
                    sim_index.setdefault((ids[u], ids[v]), len(sim_index))
    in_pairs = list(dict.fromkeys(k for pair in sim_index for k in pair))
    codes = dict(zip(in_pairs, store.word_codes(in_pairs)))
    sorted_words = {k: " ".join(sorted(norm[k].split())) for k in in_pairs}
    sim_values = _similarity_many(
        [sorted_words[a] for a, _ in sim_index],
        [sorted_words[b] for _, b in sim_index],
        [codes[a] for a, _ in sim_index],
        [codes[b] for _, b in sim_index],
    )

    def similarity(a: int, b: int) -> float:
        return sim_values[sim_index[(a, b)]]

    group_rows: list[dict[str, object]] = []
    sort_keys: list[tuple[int, str, int]] = []
    members_of: list[list[tuple[str, int, str, float]]] = []
    for cluster, rows, texts, ids, outlets in found:
        cross = [
            similarity(ids[u], ids[v])
            for i, u in enumerate(cluster)
            for v in cluster[i + 1 :]
            if rows[u][0] != rows[v][0]
        ]
        kind = VERBATIM if len({forms[texts[k]][0] for k in cluster}) == 1 else NEAR
        rep = max(cluster, key=lambda u: (sum(similarity(ids[u], ids[v]) for v in cluster if v != u), -u))
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
            [(rows[k][0], rows[k][1], rows[k][2], 100.0 if k == rep else similarity(ids[k], ids[rep])) for k in cluster]
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
    article_code = {a: code[o] for a, o in outlet_of.items() if o in code}
    # Each outlet's words in one pass over arrays; a Python step only for the sentences of
    # articles that have a passage.
    known = list(article_code)
    position = positions_in(sentences[S.ARTICLE_ID], known)
    sentence_code = np.where(position >= 0, np.array([article_code[a] for a in known] + [-1])[position], -1)
    counted = sentence_words(sentences).to_numpy(dtype=np.float64).astype(np.int64)
    counts = sentence_code >= 0
    n_words = (
        np.bincount(sentence_code[counts], weights=counted[counts], minlength=len(outlets)).round().astype(np.int64)
    )
    with_passages = counts & in_values(sentences[S.ARTICLE_ID], set(members[S.ARTICLE_ID].tolist()))
    words_of: dict[tuple[str, int], int] = dict(
        zip(
            zip(
                sentences[S.ARTICLE_ID].to_numpy()[with_passages].tolist(),
                sentences[S.SENTENCE_ID].to_numpy(dtype=np.int64)[with_passages].tolist(),
            ),
            counted[with_passages].tolist(),
        )
    )

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
        group_words = rows.groupby(["g", "o"], as_index=False)["w"].sum()
        # Each outlet's words in a group count as shared with every other outlet in it: one row
        # per (group, outlet, other outlet), as many as the groups' outlets squared, summed at once.
        pairs = group_words.merge(pd.DataFrame({"g": group_words["g"], "other": group_words["o"]}), on="g")
        np.add.at(shared, (pairs["o"].to_numpy(), pairs["other"].to_numpy()), pairs["w"].to_numpy(dtype=np.int64))
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
