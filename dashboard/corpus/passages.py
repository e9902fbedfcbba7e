"""Shared passages: sentences that different outlets carry verbatim, nearly so, or reworded.

Two tables come out of :func:`shared_passages`: one row per passage group and one per member
sentence; :func:`reuse_matrix` turns the members into the share of each outlet's words that it
shares with each other outlet.

**Similarity** of two sentences, on rapidfuzz's 0-100 scale, is computed on a normalised form
(NFKC, case folded, quotes and apostrophes unified, ``.`` and ``'`` dropped so "U.S." equals "US",
other punctuation turned into spaces)::

    similarity = (token_sort_ratio(a, b) + containment(a, b)) / 2
    containment = 100 * longest common word subsequence / words in the shorter sentence

``token_sort_ratio`` measures how much of the wording the two share in any order, at the
character level, so it survives spelling variants ("Darchiev"/"Darchiyev",
"stabilize"/"stabilise") and reordering. ``containment`` measures how much of the shorter sentence
appears in the longer one *in the same word order*, so a statement quoted inside a longer sentence
(another attribution, or two sentences that the other outlet split apart) still scores high. It
is also what keeps apart sentences that only share names and topic words: "US Secretary of State
Marco Rubio" in two different sentences brings the bags of words closer, not the word order. A
sentence wholly inside a longer one matches up to about nine times its length (six words inside
56 score 57.5); the whole longer sentence then counts as shared in :func:`reuse_matrix`.

**Threshold** :data:`THRESHOLD` = 57, read off the seed corpus (five outlets, 2,845 pairs of
sentences from different articles, labelled by hand): the pairs that carry one statement score
60.8-94.8 (the State Department statement 92.4; "Embassy staff cuts began ..." / "The reduction in
embassy staff ..." 80.2; "Coulter and Darchiev agreed to hold a follow-up meeting ..." / "...
another meeting ..." 61.5; the two translations of Lavrov's words 60.8 and 61.4); pairs that
report one fact in their own words score 52-60; the highest unrelated pair scores 52.4. 57 sits
in that gap with about four points on either side. Beyond the seeds, expect errors in the
57-65 band: sentences built on one template about one institution but stating different facts
("The UN Security Council will hold an emergency meeting on the situation in Gaza on Monday" /
"... failed on Monday to adopt a resolution on the situation in Sudan" scores 61.8) group as
``paraphrase``, and a loose paraphrase can score below 57. Copies (``near-verbatim``,
``verbatim``) score far above the band.

**Kinds**, decided over every pair of members from different articles:

- ``verbatim``: all members are identical after unifying quotes, white space and case;
- ``near-verbatim``: otherwise, when in every pair the shorter sentence appears in the longer
  one with at most small edits: ``fuzz.partial_ratio`` >= :data:`NEAR_VERBATIM` (90), i.e. about
  one character in ten changed (one word replaced in a 15-word sentence scores about 95);
- ``paraphrase``: the rest, similar at or above the threshold but reworded (on the seeds,
  "Embassy staff cuts began ..." / "The reduction in embassy staff ..." has partial_ratio 86.5).

**Groups** use complete linkage: two sentences end up in one group only if every pair of their
members from different articles scores at or above the threshold, so no hub sentence chains
unrelated sentences together. Pairs within one article are never compared (an article repeating
itself is not sharing); two sentences of one article can still join one group when each matches
the other outlets' sentence, as when one outlet split a statement that another printed whole.
Merges are taken greedily from the most similar pair down, ties by position, so the output is
deterministic. A group must span at least two outlets.

**Candidate pairs**: identical normalised texts are merged first, so verbatim copies cost
nothing. Below :data:`EXACT_LIMIT` distinct texts every pair is scored (``rapidfuzz.process.cdist``:
O(n²) in C++; 0.6-1.7 s and about 95 MB for 2,000 texts on two cores). From it on, candidates come from
``datasketch.MinHashLSH`` over character 5-gram shingles of the normalised text (128
permutations, 42 bands of 3 rows: a pair with shingle Jaccard 0.5 becomes a candidate with
probability 0.995, 0.4 with 0.93, 0.3 with 0.68, 0.2 with 0.29), and only candidates are scored
(``rapidfuzz.process.cpdist``). The cost is O(n) signatures and LSH look-ups plus O(candidate
pairs): near-linear as long as clusters of near-copies stay small (a passage copied with distinct
edits by k outlets yields k² candidates). MinHash on shingles finds copies, light edits and
quotes inside longer sentences; it misses low-overlap paraphrases such as two translations of one
statement (shingle Jaccard 0.2-0.35), which only the exact path finds reliably: on the seeds
it finds 6 of the exact path's 9 groups, all the copies among them. Complete linkage scores
any pair it needs that LSH did not propose, so LSH can only lose groups, never invent one.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from datasketch import MinHash, MinHashLSH
from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from dashboard import schema as S
from dashboard.article.sentences import count_words

THRESHOLD = 57.0
"""Minimum similarity (0-100) for two sentences to count as one passage; see the module doc."""
MIN_WORDS = 6
"""Sentences with fewer words are never matched: with five words one changed word is 20% of the
sentence, and stock phrases ("The talks lasted two hours.", "Read more.") coincide by chance."""
NEAR_VERBATIM = 90.0
"""Minimum ``fuzz.partial_ratio`` over a group's cross-article pairs for ``near-verbatim``."""
EXACT_LIMIT = 2000
"""Below this many distinct sentence texts every pair is scored; from it on, MinHash LSH."""
NUM_PERM = 128
LSH_BANDS_ROWS = (42, 3)
SHINGLE_CHARS = 5
_VERIFY_CHUNK = 1_000_000

VERBATIM = "verbatim"
NEAR = "near-verbatim"
PARAPHRASE = "paraphrase"

Method = Literal["auto", "exact", "lsh"]

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


@dataclass
class _Nodes:
    """Distinct normalised texts (nodes), and the eligible sentences carrying them.

    The per-sentence lists are sorted by article then sentence; ``rows[i]`` holds the
    positions in them of node ``i``'s sentences, ascending.
    """

    norm: list[str]
    sorted_words: list[str]  # words in sorted order: ratio on these is token_sort_ratio
    codes: list[str]  # one character per word, for word-level LCS
    articles: list[frozenset]  # articles each node occurs in
    rows: list[list[int]]
    article_id: list[str]
    sentence_id: list[int]
    outlet: list[str]
    text: list[str]

    def comparable(self, i: int, j: int) -> bool:
        """False when both nodes occur only in one and the same article."""
        a = self.articles[i]
        return not (len(a) == 1 and a == self.articles[j])

    def only_article(self) -> np.ndarray:
        """Per node, a number for its article when it occurs in exactly one, else -1."""
        numbers: dict[str, int] = {}
        return np.array(
            [numbers.setdefault(next(iter(a)), len(numbers)) if len(a) == 1 else -1 for a in self.articles],
            dtype=np.int64,
        )


class _Scores:
    """Similarity between nodes: from the exact matrix, the scored candidates, or computed and kept."""

    def __init__(self, nodes: _Nodes, matrix: np.ndarray | None = None) -> None:
        self._nodes = nodes
        self._matrix = matrix
        self._cache: dict[tuple[int, int], float] = {}
        self._near: dict[tuple[int, int], bool] = {}

    def set(self, i: int, j: int, score: float) -> None:
        self._cache[(min(i, j), max(i, j))] = score

    def __call__(self, i: int, j: int) -> float:
        if i == j:
            return 100.0
        if self._matrix is not None:
            return float(self._matrix[i, j])
        key = (min(i, j), max(i, j))
        score = self._cache.get(key)
        if score is None:
            n = self._nodes
            score = self._cache[key] = _similarity(n.sorted_words[i], n.sorted_words[j], n.codes[i], n.codes[j])
        return score

    def near_verbatim(self, i: int, j: int) -> bool:
        """The shorter text appears in the longer one with few edits (partial_ratio >= 90)."""
        if i == j:
            return True
        key = (min(i, j), max(i, j))
        near = self._near.get(key)
        if near is None:
            near = self._near[key] = (
                fuzz.partial_ratio(self._nodes.norm[i], self._nodes.norm[j], score_cutoff=NEAR_VERBATIM)
                >= NEAR_VERBATIM
            )
        return near


def _similarity(a_sorted: str, b_sorted: str, a_codes: str, b_codes: str) -> float:
    """The module doc's similarity; ``fuzz.ratio`` of word-sorted texts is ``token_sort_ratio``."""
    shorter = min(len(a_codes), len(b_codes))
    containment = 100.0 * LCSseq.similarity(a_codes, b_codes) / shorter if shorter else 0.0
    return (fuzz.ratio(a_sorted, b_sorted) + containment) / 2


def _similarities(
    left: list[str], right: list[str], left_codes: list[str], right_codes: list[str], *, pairwise: bool
) -> np.ndarray:
    """:func:`_similarity` for all pairs (``cdist``) or element by element (``cpdist``)."""
    fn = process.cpdist if pairwise else process.cdist
    token_sort = fn(left, right, scorer=fuzz.ratio, dtype=np.float64, workers=-1)
    common = fn(left_codes, right_codes, scorer=LCSseq.similarity, dtype=np.int32, workers=-1)
    left_len = np.array([len(c) for c in left_codes], dtype=np.float64)
    right_len = np.array([len(c) for c in right_codes], dtype=np.float64)
    shorter = np.minimum(left_len, right_len) if pairwise else np.minimum.outer(left_len, right_len)
    return (token_sort + 100.0 * common / np.maximum(shorter, 1.0)) / 2


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


def _build_nodes(sentences: pd.DataFrame, outlet_of: dict, min_words: int) -> _Nodes:
    """Nodes from the sentences that have an outlet and at least ``min_words`` words."""
    eligible = []
    for article, sentence, text in zip(
        sentences[S.ARTICLE_ID].tolist(), sentences[S.SENTENCE_ID].tolist(), sentences[S.TEXT].tolist()
    ):
        outlet = outlet_of.get(article)
        if outlet is None or _is_missing(outlet) or not isinstance(text, str) or count_words(text) < min_words:
            continue
        norm = _normalise(text)
        if norm:
            eligible.append((article, int(sentence), outlet, text, norm))
    eligible.sort(key=lambda r: (r[0], r[1]))
    index: dict[str, int] = {}
    norms: list[str] = []
    node_rows: list[list[int]] = []
    node_articles: list[set] = []
    for pos, (article, _, _, _, norm) in enumerate(eligible):
        i = index.get(norm)
        if i is None:
            i = index[norm] = len(norms)
            norms.append(norm)
            node_rows.append([])
            node_articles.append(set())
        node_rows[i].append(pos)
        node_articles[i].add(article)
    return _Nodes(
        norms,
        [" ".join(sorted(n.split())) for n in norms],
        _encode_words(norms),
        [frozenset(a) for a in node_articles],
        node_rows,
        [r[0] for r in eligible],
        [r[1] for r in eligible],
        [r[2] for r in eligible],
        [r[3] for r in eligible],
    )


def _exact_edges(nodes: _Nodes, threshold: float) -> tuple[list[tuple[float, int, int]], _Scores]:
    """All comparable node pairs at or above the threshold, from the full similarity matrix."""
    matrix = _similarities(nodes.sorted_words, nodes.sorted_words, nodes.codes, nodes.codes, pairwise=False)
    left, right = np.nonzero(np.triu(matrix >= threshold, k=1))
    edges = [(float(matrix[i, j]), int(i), int(j)) for i, j in zip(left, right) if nodes.comparable(int(i), int(j))]
    return edges, _Scores(nodes, matrix)


def _shingles(text: str) -> list[bytes]:
    if len(text) <= SHINGLE_CHARS:
        return [text.encode()]
    return list({text[k : k + SHINGLE_CHARS].encode() for k in range(len(text) - SHINGLE_CHARS + 1)})


def _crc32(data: bytes) -> int:
    # A 32-bit hash several times faster than the default SHA-1; datasketch's "affine32"
    # scheme mixes it again before permuting, and MinHash needs no cryptographic strength.
    return zlib.crc32(data)


def _lsh_edges(nodes: _Nodes, threshold: float) -> tuple[list[tuple[float, int, int]], _Scores]:
    """Candidate node pairs from MinHash LSH, scored; those at or above the threshold."""
    signatures = MinHash.bulk((_shingles(t) for t in nodes.norm), num_perm=NUM_PERM, seed=1, hashfunc=_crc32)
    lsh = MinHashLSH(num_perm=NUM_PERM, params=LSH_BANDS_ROWS)
    with lsh.insertion_session() as session:
        for i, signature in enumerate(signatures):
            session.insert(i, signature, check_duplication=False)
    only = nodes.only_article()
    left_parts, right_parts = [], []
    for i, signature in enumerate(signatures):
        found = np.fromiter(lsh.query(signature), dtype=np.int64)
        found = found[(found > i) & ((only[found] != only[i]) | (only[i] < 0))]  # later, comparable
        if found.size:
            left_parts.append(np.full(found.size, i, dtype=np.int64))
            right_parts.append(np.sort(found))
    scores = _Scores(nodes)
    edges: list[tuple[float, int, int]] = []
    if not left_parts:
        return edges, scores
    left_all, right_all = np.concatenate(left_parts), np.concatenate(right_parts)
    for start in range(0, left_all.size, _VERIFY_CHUNK):
        left = left_all[start : start + _VERIFY_CHUNK].tolist()
        right = right_all[start : start + _VERIFY_CHUNK].tolist()
        similarity = _similarities(
            [nodes.sorted_words[i] for i in left],
            [nodes.sorted_words[j] for j in right],
            [nodes.codes[i] for i in left],
            [nodes.codes[j] for j in right],
            pairwise=True,
        )
        for k in np.flatnonzero(similarity >= threshold).tolist():
            scores.set(left[k], right[k], float(similarity[k]))
            edges.append((float(similarity[k]), left[k], right[k]))
    return edges, scores


def _complete_linkage(
    nodes: _Nodes, edges: list[tuple[float, int, int]], scores: _Scores, threshold: float
) -> list[list[int]]:
    """Greedy complete linkage over comparable pairs, most similar pair first."""
    cluster_of = list(range(len(nodes.norm)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(nodes.norm))}
    failed: set[tuple[int, int]] = set()
    next_id = len(nodes.norm)
    for _, i, j in sorted(edges, key=lambda e: (-e[0], e[1], e[2])):
        a, b = cluster_of[i], cluster_of[j]
        if a == b or (min(a, b), max(a, b)) in failed:
            continue
        if all(scores(u, v) >= threshold for u in members[a] for v in members[b] if nodes.comparable(u, v)):
            merged = members.pop(a) + members.pop(b)
            for u in merged:
                cluster_of[u] = next_id
            members[next_id] = merged
            next_id += 1
        else:
            # Clusters get a new id when they grow, so a failed pair of ids stays failed.
            failed.add((min(a, b), max(a, b)))
    return [sorted(m) for m in members.values()]


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


def _describe(
    cluster: list[int], positions: list[int], outlets: list[str], nodes: _Nodes, scores: _Scores, dates: dict
) -> tuple[dict, int]:
    """One group row (with a sort key) and its representative node, for a kept cluster."""
    cross = sorted(
        ((scores(u, v), u, v) for k, u in enumerate(cluster) for v in cluster[k + 1 :] if nodes.comparable(u, v))
    )
    similarity = cross[0][0] if cross else 100.0
    if len({_canonical(nodes.text[p]) for p in positions}) == 1:
        kind = VERBATIM
    elif all(scores.near_verbatim(u, v) for _, u, v in cross):  # least similar first: fails fast
        kind = NEAR
    else:
        kind = PARAPHRASE
    # Representative: the node most similar to all members (copies counted), ties to the first.
    weight = {u: len(nodes.rows[u]) for u in cluster}
    rep = max(
        cluster,
        key=lambda u: (
            sum(scores(u, v) * weight[v] for v in cluster if v != u) + 100.0 * (weight[u] - 1),
            -nodes.rows[u][0],
        ),
    )
    first_outlet, first_published = _first_published(
        [nodes.outlet[p] for p in positions], [dates.get(nodes.article_id[p]) for p in positions]
    )
    first = positions[0]
    return {
        S.N_OUTLETS: len(outlets),
        S.OUTLETS: outlets,
        S.SIMILARITY: float(similarity),
        S.KIND: kind,
        S.FIRST_OUTLET: first_outlet,
        S.FIRST_PUBLISHED: first_published,
        S.TEXT: nodes.text[nodes.rows[rep][0]],
        "_key": (-len(outlets), nodes.article_id[first], nodes.sentence_id[first]),
    }, rep


def shared_passages(
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    threshold: float = THRESHOLD,
    min_words: int = MIN_WORDS,
    method: Method = "auto",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Groups of sentences that at least two outlets share, verbatim or reworded.

    Args:
        sentences: Columns ``article_id, sentence_id, text`` (others ignored).
        articles: Columns ``article_id, outlet, published`` (``published`` a date, a
            ``YYYY-MM-DD`` string or None). Sentences of articles missing here, or with no
            outlet, are ignored.
        threshold: Minimum similarity (0-100, see the module doc) for two sentences of
            different articles to be one passage.
        min_words: Sentences with fewer words (``count_words``) are never matched.
        method: ``"exact"`` scores every pair, ``"lsh"`` only MinHash LSH candidates,
            ``"auto"`` picks exact below :data:`EXACT_LIMIT` distinct texts.

    Returns:
        ``(groups, members)``. ``groups`` has columns ``S.PASSAGE_GROUP_COLUMNS``, one row per
        group spanning >= 2 outlets, ``group_id`` 0..n-1 by number of outlets (descending),
        then first member (article_id, sentence_id): ``n_outlets``; ``outlets`` (sorted list);
        ``similarity`` (float, 0-100: the lowest similarity between members of different
        articles, 100.0 when all are the same normalised text; always >= ``threshold``);
        ``kind`` (``verbatim``, ``near-verbatim``, ``paraphrase``, see the module doc);
        ``first_outlet`` and ``first_published`` (the outlet whose member article has the
        earliest ``published`` date, and that date as given; both None when a member article
        has no date or two outlets share the earliest); ``text`` (the representative: the
        member most similar to the others, ties to the first). ``members`` has columns
        ``S.PASSAGE_MEMBER_COLUMNS``, one row per sentence, sorted by group, article,
        sentence; ``similarity`` is to the representative (100.0 for it and its identical
        copies). Empty input gives empty tables with these columns.

    Raises:
        ValueError: ``method`` is not one of the three above.
    """
    if method not in ("auto", "exact", "lsh"):
        raise ValueError(f"shared_passages: unknown method {method!r}; use 'auto', 'exact' or 'lsh'")
    empty = _frame({}, _GROUP_DTYPES), _frame({}, _MEMBER_DTYPES)
    if sentences.empty or articles.empty:
        return empty
    nodes = _build_nodes(sentences, _article_values(articles, S.OUTLET), min_words)
    if not nodes.norm:
        return empty
    use_exact = method == "exact" or (method == "auto" and len(nodes.norm) < EXACT_LIMIT)
    edges, scores = (_exact_edges if use_exact else _lsh_edges)(nodes, threshold)
    clusters = _complete_linkage(nodes, edges, scores, threshold)

    dates = _article_values(articles, S.PUBLISHED)
    group_rows: list[dict] = []
    member_rows: list[tuple[int, str, int, str, float]] = []
    for cluster in clusters:
        positions = sorted(p for node in cluster for p in nodes.rows[node])
        outlets = sorted({nodes.outlet[p] for p in positions})
        if len(outlets) < 2:
            continue
        row, rep = _describe(cluster, positions, outlets, nodes, scores, dates)
        group_rows.append(row)
        for node in cluster:
            similarity = scores(node, rep)
            member_rows.extend(
                (len(group_rows) - 1, nodes.article_id[p], nodes.sentence_id[p], nodes.outlet[p], similarity)
                for p in nodes.rows[node]
            )
    if not group_rows:
        return empty

    order = sorted(range(len(group_rows)), key=lambda k: group_rows[k]["_key"])
    renumber = {old: new for new, old in enumerate(order)}
    columns = {c: [group_rows[k][c] for k in order] for c in S.PASSAGE_GROUP_COLUMNS if c != S.GROUP_ID}
    groups = _frame(columns | {S.GROUP_ID: list(range(len(order)))}, _GROUP_DTYPES)
    member_rows = sorted((renumber[g], a, s, o, sim) for g, a, s, o, sim in member_rows)
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
