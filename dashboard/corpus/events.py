"""Events: the articles of a folder grouped by what they report and when.

A folder may hold several events (two rounds of talks weeks apart, a preview and the outcome, a
week of unrelated stories); the cross-outlet analysis must never pool them. Articles are grouped
before any cross-outlet step, and every alignment of facts runs within one event.

**Content.** Each article is a vector of its content terms (:func:`dashboard.corpus.align.fact_terms`,
title and body), weighted by sublinear term frequency times inverse document frequency over the
folder, and two articles' similarity is the cosine of their vectors. Candidates come from an
inverted index of the terms two articles or more hold: each article looks up its
:data:`PROBE_TERMS` heaviest such terms (a term more than :data:`MAX_POSTING`
articles hold only among the articles published within :data:`MAX_SPAN_DAYS` of it, and only if
it is concentrated there: :data:`BURST`) and scores at most
:data:`MAX_CANDIDATES` of the articles found, so the work is linear in the number of articles.

**Time.** An event spans at most :data:`MAX_SPAN_DAYS` days of publication: articles further
apart are two events however alike their words (the same talks a round later). Articles without
a date are placed by content alone.

**Grouping.** Pairs are linked from the most similar down while the similarity reaches
:data:`THRESHOLD`, the joined group still spans at most :data:`MAX_SPAN_DAYS` and enough pairs
across the two groups are alike (:data:`LINK_SHARE`); ties by
position, so the result is the same on every run. Events are numbered by size (largest first),
then by first article. An article alike to no other is an event of its own. The threshold was
chosen on the development events pooled into one folder (``benchmarks/eval_events.py``), never
on the seeds.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import repeat
from operator import mul

from dashboard.corpus.align import fact_terms
from dashboard.text.unionfind import UnionFind

__all__ = ["BURST", "MAX_SPAN_DAYS", "THRESHOLD", "Event", "group_events"]

THRESHOLD = 0.15
"""Cosine similarity (0-1) from which two articles report one event. Chosen on the development
events both ways: pooled into one folder, 0.15-0.25 put each event together and none with another
(0.12 merged two, 0.30 split four); each in its own folder of three, where the weights have
little to tell apart, 0.12-0.15 kept every event whole and 0.18 split one. The margin is narrow
on both sides."""
MAX_SPAN_DAYS = 4
"""Days between the first and the last publication date of one event. The development events span
0-3 days; 3-14 gave the same grouping, no limit merged two events, 2 split one."""
PROBE_TERMS = 20
"""Each article looks up candidates through this many of its heaviest terms."""
MAX_POSTING = 200
"""Terms held by more articles than this are not looked up (they still count in the cosine)."""
BURST = 4
"""How many times its share of the whole folder a term held by more than :data:`MAX_POSTING`
articles must reach among one article's neighbours in time to be looked up: meant to keep the
words of every day's news from finding candidates. Measured on generated folders
(``benchmarks/eval_events.py --generated``) it changes almost nothing: 1 to 32 gave the same
events at 100,000 articles, 2 to 8 within 0.003 of pair precision at 10,000; the bound on holders
within the window does the work. The development events are too few for any term to pass
:data:`MAX_POSTING`, so they cannot tell either."""
LINK_SHARE = 1.0
"""Two groups join only if the pairs across them that are alike (reaching :data:`THRESHOLD`,
among those scored) number at least this share of the smaller group's size: one article joins a
group through one pair, two stories of twenty articles need twenty, not the one pair whose names
happen to match. Single linkage chained different stories of nearby days: on generated folders
(``benchmarks/eval_events.py --generated``) pair precision went 0.853 -> 0.888 / 0.915 / 0.919 at
10,000 articles for shares 0.25 / 0.5 / 1.0, and 0.759 -> 0.841 / 0.865 at 100,000 for 0.5 / 1.0,
recall 1.000 throughout; above 1 no article can join another. The development events pooled keep
1.00 / 1.00 and now tolerate a threshold of 0.12 (which merged two of them before)."""
MAX_CANDIDATES = 50
"""Each article scores at most this many candidates: those sharing most of its probe terms."""
_LABEL_WORDS = 12


@dataclass(frozen=True)
class Event:
    """One article's event: its number (0 the largest) and a readable label (a title and dates)."""

    event_id: int
    label: str


def group_events(
    texts: Sequence[str],
    published: Sequence[date | None],
    titles: Sequence[str | None],
    *,
    stopwords: frozenset[str],
) -> list[Event]:
    """The event of each article (see the module doc); the inputs are parallel, one item per article."""
    n = len(texts)
    if n == 0:
        return []
    bags = [Counter(fact_terms(f"{titles[i] or ''}\n{texts[i]}", stopwords)) for i in range(n)]
    df: Counter[str] = Counter(t for bag in bags for t in bag)
    idf = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}
    vectors = []
    for bag in bags:
        weights = {t: (1.0 + math.log(c)) * idf[t] for t, c in bag.items()}
        norm = math.sqrt(math.fsum(w * w for w in weights.values())) or 1.0
        vectors.append({t: w / norm for t, w in weights.items()})

    postings = _Postings(vectors, published, df)
    edges: set[tuple[float, int, int]] = set()
    scored: set[tuple[int, int]] = set()
    for i, vector in enumerate(vectors):
        # A term no other article holds finds nothing: look up the heaviest of the shared ones
        # (in a small folder the shared terms weigh least, and an article's own words most).
        shared: Counter[int] = Counter()
        probes = 0
        for term in sorted(vector, key=lambda t: (-vector[t], t)):
            if probes == PROBE_TERMS:
                break
            if (window := postings.window(term, i)) is not None:
                shared.update(j for j in postings.holders(term, window) if j != i)
                probes += 1
        for _, j in sorted((-n, j) for j, n in shared.items())[:MAX_CANDIDATES]:
            a, b = min(i, j), max(i, j)
            if (a, b) in scored:
                continue  # found from the other article already: the same cosine
            scored.add((a, b))
            small, large = sorted((vectors[a], vectors[b]), key=len)
            products = map(mul, small.values(), map(large.get, small, repeat(0.0)))
            cosine = round(math.fsum(products), 9)
            if cosine >= THRESHOLD:
                edges.add((-cosine, a, b))

    groups = _link(n, sorted(edges), published)

    members: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        members[groups.find(i)].append(i)
    ordered = sorted(members.values(), key=lambda m: (-len(m), m[0]))
    events: list[Event | None] = [None] * n
    for event_id, group in enumerate(ordered):
        label = _label(group, vectors, titles, texts, published)
        for i in group:
            events[i] = Event(event_id, label)
    return [e for e in events if e is not None]


def _link(n: int, edges: Sequence[tuple[float, int, int]], published: Sequence[date | None]) -> UnionFind[int]:
    """The articles' groups: ``edges`` (``(-cosine, a, b)``, most similar first) join two groups
    when the joined group spans at most :data:`MAX_SPAN_DAYS` and enough pairs across them are
    edges (:data:`LINK_SHARE`).

    Links between groups are counted as groups join (each group's counts by neighbouring group,
    the smaller merged into the larger), so the work grows with the edges, not their square.
    """
    groups: UnionFind[int] = UnionFind(range(n))
    span: dict[int, tuple[date, date] | None] = {i: (d, d) if d else None for i, d in enumerate(published)}
    size = dict.fromkeys(range(n), 1)
    # Edges between groups, by each group's label: a root's label is one of its members, the
    # one whose counts were the larger when its parts joined, so only the smaller are relabelled.
    links: dict[int, Counter[int]] = defaultdict(Counter)
    label = list(range(n))
    for _, a, b in edges:
        links[a][b] += 1
        links[b][a] += 1
    for _, a, b in edges:
        ra, rb = groups.find(a), groups.find(b)
        if ra == rb:
            continue
        joined = _join(span[ra], span[rb])
        if joined is not None and (joined[1] - joined[0]).days > MAX_SPAN_DAYS:
            continue
        la, lb = label[ra], label[rb]
        if links[la][lb] < LINK_SHARE * min(size[ra], size[rb]):
            continue
        if len(links[la]) < len(links[lb]):
            la, lb = lb, la
        kept, merged = links[la], links.pop(lb)
        del kept[lb], merged[la]
        for other, count in merged.items():
            neighbour = links[other]
            del neighbour[lb]
            neighbour[la] += count
            kept[other] += count
        groups.union(ra, rb)
        root = groups.find(ra)
        span[root], size[root], label[root] = joined, size[ra] + size[rb], la
    return groups


class _Postings:
    """The articles holding each term that two or more hold, by date (:meth:`window`).

    Counting a common term's holders among an article's neighbours in time, not in the whole
    folder, is what keeps the lookup working as a folder grows: in a hundred thousand generated
    articles over five years every name and place was held by more than :data:`MAX_POSTING`
    articles, so no term was looked up and nearly every article was an event of its own.
    """

    def __init__(self, vectors: Sequence[dict[str, float]], published: Sequence[date | None], df: Counter[str]) -> None:
        self._day = [d.toordinal() if d is not None else None for d in published]
        dated: dict[str, list[tuple[int, int]]] = defaultdict(list)
        undated: dict[str, list[int]] = defaultdict(list)
        for i, vector in enumerate(vectors):
            day = self._day[i]
            for term in vector:
                if df[term] >= 2:
                    if day is None:
                        undated[term].append(i)
                    else:
                        dated[term].append((day, i))
        self._days: dict[str, list[int]] = {}
        self._dated: dict[str, list[int]] = {}
        for term, held in dated.items():
            held.sort()
            self._days[term] = [day for day, _ in held]
            self._dated[term] = [i for _, i in held]
        self._undated = dict(undated)
        known = [day for day in self._day if day is not None]
        # The share of the folder's dated span that one article's window covers.
        self._window_share = min(1.0, (2 * MAX_SPAN_DAYS + 1) / (max(known) - min(known) + 1)) if known else 1.0

    def window(self, term: str, i: int) -> tuple[int, int] | None:
        """Where the holders of ``term`` that ``i`` looks up are among its dated holders (with
        every undated one, and ``i`` among them); ``None`` when the term is not looked up.

        A term at most :data:`MAX_POSTING` articles of the folder hold is looked up in all of
        them. A commoner one only among the articles published within :data:`MAX_SPAN_DAYS` of
        ``i``, if at most :data:`MAX_POSTING` of them hold it and it is :data:`BURST` times as
        frequent there as across the folder: a name of one story among thousands, not a word
        of every day's news.
        """
        days, undated = self._days.get(term, []), len(self._undated.get(term, ()))
        if not days and not undated:
            return None  # no other article holds it
        if len(days) + undated <= MAX_POSTING:
            return 0, len(days)
        day = self._day[i]
        if day is None:
            return None
        lo, hi = bisect_left(days, day - MAX_SPAN_DAYS), bisect_right(days, day + MAX_SPAN_DAYS)
        count = hi - lo + undated
        if not 2 <= count <= MAX_POSTING or count < BURST * len(days) * self._window_share:
            return None
        return lo, hi

    def holders(self, term: str, window: tuple[int, int]) -> list[int]:
        """The articles holding ``term`` in ``window`` (:meth:`window`)."""
        return self._dated.get(term, [])[window[0] : window[1]] + self._undated.get(term, [])


def _join(a: tuple[date, date] | None, b: tuple[date, date] | None) -> tuple[date, date] | None:
    if a is None or b is None:
        return a or b
    return min(a[0], b[0]), max(a[1], b[1])


def _label(
    group: list[int],
    vectors: list[dict[str, float]],
    titles: Sequence[str | None],
    texts: Sequence[str],
    published: Sequence[date | None],
) -> str:
    """The title of the article most like the others in its event, and the event's dates."""
    centroid: dict[str, float] = defaultdict(float)
    for i in group:
        for t, w in vectors[i].items():
            centroid[t] += w
    central = max(group, key=lambda i: (round(math.fsum(w * centroid[t] for t, w in vectors[i].items()), 9), -i))
    words = (titles[central] or texts[central]).split()
    head = " ".join(words[:_LABEL_WORDS]) + (" …" if len(words) > _LABEL_WORDS else "")
    dates = sorted(d for i in group if (d := published[i]) is not None)
    when = "" if not dates else f" ({dates[0]})" if dates[0] == dates[-1] else f" ({dates[0]} – {dates[-1]})"
    return f"{head}{when}"
