"""Findings: what is worth knowing about a set of articles, each claim with its strength and
the sentences behind it.

Every finding is read off a table the analysis already made; none is computed here that a
view could not show in full. Each section is a small function from tables to findings:

- reuse: two outlets carry the same text (shared passages);
- sources: where an outlet says its text comes from (provenance);
- discrepancies: outlets give different values for one thing;
- omissions: facts and names most other outlets report and one leaves out;
- voices: who gets to speak in which outlet (quotes);
- topics: topics some outlets cover and others do not;
- tone: outlets whose tone differs beyond the noise of their sentences.

:func:`findings` runs them all and ranks the findings by strength. Wording is plain text;
the app escapes it. No Streamlit import.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from dashboard import schema as S
from dashboard.corpus.framing import sentence_key
from dashboard.corpus.provenance import provenance_summary
from dashboard.corpus.tone import DIFFERENCE, DISTINGUISHABLE, GAP, HIGH, LOW, MEAN, tone_differences, tone_intervals

__all__ = [
    "Finding",
    "SECTIONS",
    "event_summary",
    "findings",
    "findings_from_table",
    "findings_table",
    "readable_value",
    "strength_label",
    "tone_verdict",
]

REUSE, SOURCES, DISCREPANCY, OMISSION, VOICES, TOPICS, TONE = (
    "reuse",
    "sources",
    "discrepancy",
    "omission",
    "voices",
    "topics",
    "tone",
)
#: Sections in the order their findings come when strengths tie.
SECTIONS = {
    REUSE: "Shared text",
    SOURCES: "Sources credited",
    DISCREPANCY: "Discrepancy",
    OMISSION: "Omission",
    VOICES: "Voices",
    TOPICS: "Coverage",
    TONE: "Tone",
}
#: Fewest words two outlets must share before "they carry the same text" is said: below
#: this, two reports can coincide by formula ("the talks lasted six hours").
MIN_SHARED_WORDS = 15
#: Shared words at which a shared passage is full evidence of one text in two outlets.
FULL_SHARED_WORDS = 50
#: Fewest statements a speaker needs before their presence and absence are compared.
MIN_STATEMENTS = 3
#: Fewest sentences on a topic before an outlet counts as covering it.
MIN_TOPIC_SENTENCES = 2
#: An omission is a finding when at least this share of the other outlets report the item.
MIN_OMISSION_STRENGTH = 0.5
#: Most findings a section contributes; the rest are in its view.
MAX_PER_SECTION = 5
#: Family-wise confidence of the tone comparison: each pair's intervals are widened so that
#: all pairs together hold at this level (Bonferroni), so forty outlets do not make noise
#: look like a difference.
TONE_CONFIDENCE = 0.95


@dataclass(frozen=True)
class Finding:
    """One claim about the coverage.

    Attributes:
        section: One of :data:`SECTIONS`.
        text: The claim, one plain-text sentence.
        strength: 0-1, how strongly the evidence supports the claim (see each section).
        view: The view that shows the claim in full (a view name of the app's state).
        evidence: ``(article_id, sentence_id)`` of the sentences that prove it, strongest first.
        focus: The outlet the claim is about, when there is one (the view opens on it).
        topic: The topic the claim is about, when there is one.
    """

    section: str
    text: str
    strength: float
    view: str
    evidence: tuple[tuple[str, int], ...] = field(default=())
    focus: str | None = None
    topic: str | None = None


def strength_label(strength: float) -> str:
    """strong (>= 0.7), moderate (>= 0.4) or weak: the words every view uses for a strength."""
    return "strong" if strength >= 0.7 else "moderate" if strength >= 0.4 else "weak"


def _keys(values: Iterable[str]) -> tuple[tuple[str, int], ...]:
    """``"article_id:sentence_id"`` keys as pairs, in order, once each."""
    out: dict[tuple[str, int], None] = {}
    for value in values:
        article_id, _, sentence_id = str(value).rpartition(":")
        if article_id and sentence_id.isdigit():
            out[(article_id, int(sentence_id))] = None
    return tuple(out)


def _names(items: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


def _percent(share: float) -> str:
    return f"{share:.0%}" if share >= 0.01 else "under 1%"


def _clip(text: str, limit: int = 110) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- the event ------------------------------------------------------------------------


def event_summary(articles: pd.DataFrame, sentences: pd.DataFrame) -> str:
    """One line on what the articles are: how many, from whom, where, when, how long."""
    n = len(articles)
    outlets = articles[S.OUTLET].dropna().unique()
    countries = sorted({str(c) for c in articles[S.COUNTRY].dropna() if str(c).strip()})
    dates = pd.to_datetime(articles[S.PUBLISHED], errors="coerce", format="mixed").dropna()
    words = int(pd.to_numeric(articles[S.N_WORDS], errors="coerce").fillna(0).sum())
    parts = [f"{n} article{'s' if n != 1 else ''} from {len(outlets)} outlet{'s' if len(outlets) != 1 else ''}"]
    if countries:
        shown = _names(countries) if len(countries) <= 6 else f"{len(countries)} countries"
        parts.append(f"in {shown}")
    line = " ".join(parts)
    if len(dates):
        first, last = dates.min(), dates.max()
        span = f"{first:%-d %B %Y}" if first.date() == last.date() else f"{first:%-d %B %Y} to {last:%-d %B %Y}"
        unknown = n - len(dates)
        line += f", published {span}" + (f" ({unknown} undated)" if unknown else "")
    else:
        line += ", no publication date known"
    return f"{line}; {len(sentences):,} sentences, {words:,} words."


# --- sections ---------------------------------------------------------------------------


def reuse_findings(
    members: pd.DataFrame,
    reuse: pd.DataFrame,
    sources: pd.DataFrame,
    limit: int | None = None,
) -> list[Finding]:
    """Pairs of outlets that carry the same text, the strongest ``limit`` (all when None).

    Strength: the passages' mean similarity (0-1), scaled down while the shared words are
    fewer than :data:`FULL_SHARED_WORDS`. A pair sharing under :data:`MIN_SHARED_WORDS` words
    is no finding. When every shared sentence of both outlets rests on one source in
    ``sources`` (provenance rows), the finding names it: two outlets relaying one statement.
    """
    if members.empty or reuse.empty:
        return []
    columns = [reuse[c].tolist() for c in S.REUSE_COLUMNS]
    shares = {(o, other): (share, int(w), int(n)) for o, other, share, w, n in zip(*columns)}
    shown = [(strength, a, b, _pair_rows(members, a, b)) for strength, a, b in _reuse_pairs(members, shares)[:limit]]
    needed = {r[0] for *_, rows_of in shown for rows in rows_of.values() for r in rows}
    credited = _credit_lookup(sources[sources[S.ARTICLE_ID].isin(needed)])
    out = []
    for strength, a, b, rows_of in shown:
        share_a, shared_a, size_a = shares.get((a, b), (0.0, 0, 0))
        share_b, shared_b, size_b = shares.get((b, a), (0.0, 0, 0))
        rows = rows_of[a] + rows_of[b]
        n_sentences = len({(r[0], r[1]) for r in rows})
        text = (
            f"{a} and {b} carry the same text: {shared_a} of {_possessive(a)} {size_a} words ({_percent(share_a)}) "
            f"and {shared_b} of {_possessive(b)} {size_b} ({_percent(share_b)}), in {n_sentences} near-identical sentences"
        )
        # The sources each outlet's shared sentences rest on; a source both name is the relay.
        rests_on = [set().union(*(credited(r[0], r[1]) for r in rows_of[o])) for o in (a, b)]
        common = rests_on[0] & rests_on[1]
        whole = {source for source in common if all(source in credited(r[0], r[1]) for r in rows)}
        if whole:
            text += f"; both attribute it to {_names(sorted(whole))}"
        elif common:
            text += f"; both attribute part of it to {_names(sorted(common))}"
        ordered = sorted(rows, key=lambda r: (-r[2], r[0], r[1]))
        out.append(Finding(REUSE, text + ".", strength, "passages", tuple((r[0], r[1]) for r in ordered)))
    return out


def _reuse_pairs(
    members: pd.DataFrame, shares: Mapping[tuple[str, str], tuple[float, int, int]]
) -> list[tuple[float, str, str]]:
    """(strength, outlet, other outlet) of every pair of outlets in one passage group and
    sharing enough words, strongest first; ties in the order the pairs first meet (group id,
    then names).

    Whole-table sums: a pair's rows are its two outlets' rows in the groups both are in, so
    their similarity total is the sum over those groups of each outlet's total there (a
    pandas group per passage cost a millisecond each, half a minute at 3,000 articles)."""
    per_outlet = members.groupby([S.GROUP_ID, S.OUTLET], sort=True)[S.SIMILARITY].agg(["sum", "size"]).reset_index()
    pairs = per_outlet.merge(per_outlet, on=S.GROUP_ID, suffixes=("", "_b"))
    pairs = pairs[pairs[S.OUTLET] < pairs[S.OUTLET + "_b"]]
    totals = (
        pairs.assign(total=pairs["sum"] + pairs["sum_b"], rows=pairs["size"] + pairs["size_b"])
        .groupby([S.OUTLET, S.OUTLET + "_b"], sort=False)
        .agg(first=(S.GROUP_ID, "min"), total=("total", "sum"), rows=("rows", "sum"))
        .reset_index()
        .sort_values(["first", S.OUTLET, S.OUTLET + "_b"])
    )
    out = []
    for a, b, total, rows in zip(
        totals[S.OUTLET].tolist(), totals[S.OUTLET + "_b"].tolist(), totals["total"].tolist(), totals["rows"].tolist()
    ):
        shared = max(shares.get((a, b), (0.0, 0, 0))[1], shares.get((b, a), (0.0, 0, 0))[1])
        if shared >= MIN_SHARED_WORDS:
            similarity = float(total) / int(rows) / 100.0
            out.append((round(similarity * min(1.0, shared / FULL_SHARED_WORDS), 3), str(a), str(b)))
    return sorted(out, key=lambda c: -c[0])


def _pair_rows(members: pd.DataFrame, a: str, b: str) -> dict[str, list[tuple[str, int, float]]]:
    """Outlet -> its (article, sentence, similarity) rows in the passage groups ``a`` and ``b`` share."""
    own = members[members[S.OUTLET].isin([a, b])]
    both = own.groupby(S.GROUP_ID)[S.OUTLET].transform("nunique") == 2
    rows = own[both]
    return {
        o: [
            (str(article_id), int(sentence_id), float(similarity))
            for article_id, sentence_id, similarity in zip(
                part[S.ARTICLE_ID].tolist(), part[S.SENTENCE_ID].tolist(), part[S.SIMILARITY].tolist()
            )
        ]
        for o in (a, b)
        for part in [rows[rows[S.OUTLET] == o]]
    }


def _credit_lookup(sources: pd.DataFrame) -> Callable[[str, int], frozenset[str]]:
    """(article, sentence) -> the sources it rests on: its own attributions, and a credit
    line's source for every sentence of the article (kept per article, not copied to each
    sentence)."""
    whole_article: dict[str, set[str]] = defaultdict(set)
    one_sentence: dict[tuple[str, int], set[str]] = defaultdict(set)
    if not sources.empty:
        for article_id, source, scope, sentence_id in zip(
            sources[S.ARTICLE_ID].tolist(),
            sources[S.SOURCE].tolist(),
            sources[S.SCOPE].tolist(),
            sources[S.SENTENCE_ID].tolist(),
        ):
            if scope == "article":
                whole_article[article_id].add(source)
            else:
                one_sentence[(article_id, int(sentence_id))].add(source)
    empty: frozenset[str] = frozenset()

    def credited(article_id: str, sentence_id: int) -> frozenset[str]:
        return frozenset(whole_article.get(article_id, empty)) | one_sentence.get((article_id, sentence_id), empty)

    return credited


def source_findings(sources: pd.DataFrame, articles: pd.DataFrame) -> list[Finding]:
    """Per outlet, the sources its text credits.

    A credit line ("Source: …") credits the whole text: strength is the cue's (1.0 for a
    credit line). Otherwise the finding gives the share of the outlet's sentences attributed
    to each named source; strength is the mean strength of those attributions.
    """
    summary = provenance_summary(sources, articles)
    if summary.empty:
        return []
    sizes = articles.groupby(S.OUTLET)[S.N_SENTENCES].sum()
    out = []
    for outlet, rows in summary.groupby(S.OUTLET, sort=True):
        credited = rows[rows[S.CREDITED]]
        attributed = rows[~rows[S.CREDITED]]
        evidence = _keys(k for ks in rows.sort_values(S.SHARE, ascending=False)[S.EVIDENCE] for k in ks)
        if len(credited):
            names = list(dict.fromkeys(credited[S.SOURCE]))
            text = f"{outlet} credits its text to {_names(names)} (a credit line in the article)"
            if len(attributed):
                text += f", and attributes sentences to {_names(list(dict.fromkeys(attributed[S.SOURCE]))[:4])}"
            strength = float(credited[S.STRENGTH].max())
        else:
            total = int(sizes.get(outlet, 0) or 0)
            keys = _keys(k for ks in attributed[S.EVIDENCE] for k in ks)
            counts: Counter[str] = Counter()
            for source, ks in zip(attributed[S.SOURCE], attributed[S.EVIDENCE]):
                counts[source] += len(ks)
            listed = [f"{source} ({n})" for source, n in counts.most_common(4)]
            more = len(counts) - len(listed)
            text = (
                f"{outlet} attributes {len(keys)} of its {total} sentences to named sources: "
                f"{_names(listed)}{f' and {more} more' if more > 0 else ''}"
            )
            strength = float(attributed[S.STRENGTH].mean())
        out.append(Finding(SOURCES, text + ".", round(strength, 3), "sources", evidence, focus=str(outlet)))
    return sorted(out, key=lambda f: -f.strength)


_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def readable_value(value: str) -> str:
    """A value as a reader writes it: "40000000000 dollars" -> "40 billion dollars", "55000 pages" ->
    "55,000 pages"; any other value unchanged."""
    number, _, unit = value.partition(" ")
    try:
        amount = float(number)
    except ValueError:
        return value
    for scale, word in _SCALES:
        if amount >= scale:
            return f"{amount / scale:g} {word}" + (f" {unit}" if unit else "")
    return (f"{amount:,.0f}" if amount == int(amount) and amount >= 10_000 else number) + (f" {unit}" if unit else "")


def discrepancy_findings(claims: pd.DataFrame, limit: int | None = None) -> list[Finding]:
    """Each discrepancy, the strongest ``limit`` (all when None): the values and who gives them.
    Strength: the discrepancy table's.

    Which discrepancies are shown is decided on whole-table aggregates; only those shown are
    worded (a pandas group per discrepancy cost seconds at thousands of articles)."""
    if claims.empty:
        return []
    per_id = (
        claims.assign(_value=claims[S.VALUE].astype(str))
        .groupby(S.DISCREPANCY_ID, sort=True)
        .agg(values=("_value", "nunique"), strength=(S.STRENGTH, "max"))
    )
    per_id = per_id[per_id["values"] >= 2]
    per_id = per_id.assign(strength=per_id["strength"].astype(float).round(3))
    # A stable sort over ids in order: ties keep the lower id first.
    shown = per_id.sort_values("strength", ascending=False, kind="stable").head(
        limit if limit is not None else len(per_id)
    )
    rows_of = claims[claims[S.DISCREPANCY_ID].isin(shown.index)].groupby(S.DISCREPANCY_ID, sort=False)
    out = []
    for discrepancy_id, strength in zip(shown.index.tolist(), shown["strength"].tolist()):
        rows = rows_of.get_group(discrepancy_id)
        values: dict[str, list[str]] = defaultdict(list)
        for value, outlet in zip(rows[S.VALUE].tolist(), rows[S.OUTLET].tolist()):
            if str(outlet) not in values[str(value)]:
                values[str(value)].append(str(outlet))
        entity, attribute = str(rows[S.ENTITY].iloc[0]), str(rows[S.ATTRIBUTE].iloc[0])
        subject = (
            f"{_possessive(entity)} {attribute}"
            if len(entity.split()) <= 6
            else f"the {attribute} in “{_clip(entity, 80)}”"
        )
        given = " against ".join(f"“{readable_value(v)}” ({_names(sorted(o))})" for v, o in values.items())
        evidence = tuple((a, int(s)) for a, s in zip(rows[S.ARTICLE_ID].tolist(), rows[S.SENTENCE_ID].tolist()))
        out.append(
            Finding(
                DISCREPANCY,
                f"The outlets disagree on {subject}: {given}.",
                float(strength),
                "entities",
                tuple(dict.fromkeys(evidence)),
            )
        )
    return out


_OMISSION_WORDING: Mapping[str, Callable[[str], str]] = {
    "fact": lambda item: f"does not report that “{_clip(item).rstrip('.')}”",
    "entity": lambda item: f"never mentions {item}",
}


def omission_findings(left_out: pd.DataFrame, articles: pd.DataFrame) -> list[Finding]:
    """Each outlet's biggest omission of a fact or a name (topics and speakers are the
    coverage and voices sections). Strength: the omission table's (the share of the other
    outlets that report the item, lowered when the outlet's text is short)."""
    if left_out.empty:
        return []
    n_outlets = articles[S.OUTLET].nunique()
    kept = left_out[left_out[S.KIND].isin(list(_OMISSION_WORDING)) & (left_out[S.STRENGTH] >= MIN_OMISSION_STRENGTH)]
    out = []
    for outlet, rows in kept.groupby(S.OUTLET, sort=True):
        rows = rows.sort_values([S.STRENGTH, S.N_OUTLETS], ascending=False)
        top = rows.iloc[0]
        others = list(top[S.OUTLETS])
        more = len(rows) - 1
        text = (
            f"{outlet} {_OMISSION_WORDING[top[S.KIND]](str(top[S.ITEM]))}, which {_reporters(others, n_outlets - 1)}"
            + (f"; {more} more such omission{'s' if more > 1 else ''}" if more > 0 else "")
        )
        out.append(
            Finding(
                OMISSION, text + ".", round(float(top[S.STRENGTH]), 3), "omissions", _keys(top[S.EVIDENCE]), str(outlet)
            )
        )
    return sorted(out, key=lambda f: -f.strength)


def _reporters(others: Sequence[str], n_others: int) -> str:
    """ "both other outlets report", "all 4 other outlets report", "A and B report (2 of the 4 other outlets)"."""
    if len(others) == n_others and n_others > 1:
        return f"{'both' if n_others == 2 else f'all {n_others}'} other outlets report"
    if len(others) == 1:
        return f"{others[0]} reports (1 of the {n_others} other outlets)"
    named = _names(list(others)) if len(others) <= 3 else f"{len(others)} of the {n_others} other outlets"
    return f"{named} report" + (f" ({len(others)} of the {n_others} other outlets)" if len(others) <= 3 else "")


def voice_findings(quotes: pd.DataFrame, articles: pd.DataFrame, limit: int | None = None) -> list[Finding]:
    """Speakers quoted in some outlets and not in others that quote anyone, the first ``limit``
    (all when None).

    Only speakers with at least :data:`MIN_STATEMENTS` statements named surely (strength >=
    0.6) take part. Strength: the mean attribution strength of their statements.
    """
    named = quotes[quotes[S.SPEAKER].notna() & (quotes[S.STRENGTH] >= 0.6)]
    if named.empty:
        return []
    quoting = sorted(set(named[S.OUTLET]))
    per_speaker = named.groupby(S.SPEAKER, sort=True).agg(
        statements=(S.OUTLET, "size"), outlets=(S.OUTLET, "nunique"), strength=(S.STRENGTH, "mean")
    )
    per_speaker["sentences"] = named.drop_duplicates([S.SPEAKER, S.ARTICLE_ID, S.SENTENCE_ID]).groupby(S.SPEAKER).size()
    candidates = per_speaker[(per_speaker["statements"] >= MIN_STATEMENTS) & (per_speaker["outlets"] < len(quoting))]
    strengths = candidates["strength"].astype(float).round(3)
    # Strengths within a tenth are the same certainty; then the most heard speaker first; then by name.
    order = sorted(
        zip(candidates.index.tolist(), strengths.tolist(), candidates["sentences"].tolist()),
        key=lambda c: (-round(c[1], 1), -c[2]),
    )[:limit]
    rows_of = named[named[S.SPEAKER].isin([c[0] for c in order])].groupby(S.SPEAKER, sort=False)
    out = []
    for speaker, strength, _ in order:
        rows = rows_of.get_group(speaker)
        counts = rows.groupby(S.OUTLET).size().sort_values(ascending=False)
        silent = [o for o in quoting if o not in counts.index]
        speaking = [f"{o} ({n})" for o, n in counts.items()]
        text = (
            f"{speaker} speaks in {_names(speaking)}"
            + f", not in {_names(silent) if len(silent) <= 4 else f'{len(silent)} other outlets that quote someone'}"
        )
        evidence = tuple(
            dict.fromkeys((a, int(s)) for a, s in zip(rows[S.ARTICLE_ID].tolist(), rows[S.SENTENCE_ID].tolist()))
        )
        out.append(Finding(VOICES, text + ".", float(strength), "quotes", evidence))
    return out


def topic_findings(evidence: pd.DataFrame, articles: pd.DataFrame, labels: Mapping[str, str]) -> list[Finding]:
    """Topics some outlets cover (at least :data:`MIN_TOPIC_SENTENCES` sentences) and others
    do not at all. Strength: 1 - 1/(1 + n), n the fewest sentences among the covering outlets
    (one sentence is a mention, several are coverage)."""
    if evidence.empty:
        return []
    outlet_of = dict(zip(articles[S.ARTICLE_ID], articles[S.OUTLET]))
    outlets = sorted(set(articles[S.OUTLET]))
    rows = evidence.assign(**{S.OUTLET: evidence[S.ARTICLE_ID].map(outlet_of)}).dropna(subset=[S.OUTLET])
    rows = rows.drop_duplicates([S.TOPIC, S.ARTICLE_ID, S.SENTENCE_ID])
    out = []
    for topic, group in rows.groupby(S.TOPIC, sort=True):
        counts = group.groupby(S.OUTLET).size()
        covering = counts[counts >= MIN_TOPIC_SENTENCES].sort_values(ascending=False)
        absent = [o for o in outlets if o not in counts.index]
        if covering.empty or not absent:
            continue
        label = labels.get(str(topic), str(topic))
        shown = [f"{o} ({n} sentences)" for o, n in covering.items()]
        if len(shown) > 4:
            shown = [*shown[:3], f"{len(shown) - 3} more outlets"]
        text = (
            f"{label} is covered by {_names(shown)}, and not at all by "
            f"{_names(absent) if len(absent) <= 4 else f'{len(absent)} outlets'}"
        )
        keys = tuple(
            dict.fromkeys(
                (a, int(s))
                for a, s, o in zip(group[S.ARTICLE_ID], group[S.SENTENCE_ID], group[S.OUTLET])
                if o in covering
            )
        )
        strength = 1 - 1 / (1 + int(covering.min()))
        out.append(Finding(TOPICS, text + ".", round(strength, 3), "topic", keys, topic=str(topic)))
    return sorted(out, key=lambda f: -f.strength)


def tone_verdict(sentences: pd.DataFrame, articles: pd.DataFrame) -> tuple[list[Finding], str]:
    """Tone differences beyond noise, and a one-line verdict for when there are none.

    Each outlet's mean polarity gets a bootstrap interval at a confidence corrected for the
    number of pairs compared (:data:`TONE_CONFIDENCE` family-wise); a pair is a finding only
    when the intervals do not overlap. Strength: the gap between the intervals relative to
    the difference of the means (a gap as wide as the difference is 1).
    """
    outlets = articles[S.OUTLET].nunique()
    if outlets < 2:
        return [], ""
    pairs = outlets * (outlets - 1) / 2
    confidence = 1 - (1 - TONE_CONFIDENCE) / pairs
    intervals = tone_intervals(sentences, articles, measure=S.POLARITY, confidence=confidence)
    if len(intervals) < 2:
        return [], ""
    differences = tone_differences(intervals)
    beyond = differences[differences[DISTINGUISHABLE]]
    by_outlet = intervals.set_index(S.OUTLET)
    outlet_of = dict(zip(articles[S.ARTICLE_ID], articles[S.OUTLET]))
    out = []
    for first, second, gap, difference in zip(
        beyond[S.OUTLET].head(MAX_PER_SECTION),
        beyond[S.OTHER_OUTLET].head(MAX_PER_SECTION),
        beyond[GAP].head(MAX_PER_SECTION),
        beyond[DIFFERENCE].head(MAX_PER_SECTION),
    ):
        more, less = str(first), str(second)
        hi, lo = by_outlet.loc[more], by_outlet.loc[less]
        text = (
            f"{_possessive(more)} tone is more positive than {_possessive(less)}: mean polarity "
            f"{hi[MEAN]:+.2f} [{hi[LOW]:+.2f}, {hi[HIGH]:+.2f}] against {lo[MEAN]:+.2f} [{lo[LOW]:+.2f}, {lo[HIGH]:+.2f}]"
        )
        extremes = sentences[sentences[S.ARTICLE_ID].map(outlet_of).isin([more, less])]
        extremes = extremes.reindex(extremes[S.POLARITY].abs().sort_values(ascending=False).index).head(6)
        keys = tuple((a, int(s)) for a, s in zip(extremes[S.ARTICLE_ID], extremes[S.SENTENCE_ID]))
        strength = min(1.0, float(gap) / float(difference)) if float(difference) > 0 else 0.0
        out.append(Finding(TONE, text + ".", round(strength, 3), "overview", keys))
    if out:
        return out, ""
    spread = float(intervals[MEAN].max() - intervals[MEAN].min())
    return [], (
        f"No outlet's tone differs from another's beyond noise: the mean polarities lie within {spread:.2f} "
        f"of each other and every pair's {TONE_CONFIDENCE:.0%} intervals (corrected for {int(pairs)} comparisons) overlap."
    )


# --- all of them -----------------------------------------------------------------------


def findings(
    *,
    articles: pd.DataFrame,
    sentences: pd.DataFrame,
    evidence: pd.DataFrame,
    passage_members: pd.DataFrame,
    reuse: pd.DataFrame,
    provenance: pd.DataFrame,
    discrepancies: pd.DataFrame,
    omissions: pd.DataFrame,
    quotes: pd.DataFrame,
    topic_labels: Mapping[str, str],
) -> tuple[list[Finding], str]:
    """Every section's findings, in :data:`SECTIONS` order and strongest first within a section,
    at most :data:`MAX_PER_SECTION` per section; and the tone verdict when tone shows no difference.

    Sections keep a fixed order because they answer questions in the order a reader asks them
    (whose text is this, where does it come from, where do the outlets disagree, what is left
    out, who speaks); a strength compares claims of one kind, not a reuse with an omission."""
    tone, verdict = tone_verdict(sentences, articles)
    sections = [
        reuse_findings(passage_members, reuse, provenance, limit=MAX_PER_SECTION),
        source_findings(provenance, articles),
        discrepancy_findings(discrepancies, limit=MAX_PER_SECTION),
        omission_findings(omissions, articles),
        voice_findings(quotes, articles, limit=MAX_PER_SECTION),
        topic_findings(evidence, articles, topic_labels),
        tone,
    ]
    return [f for section in sections for f in section[:MAX_PER_SECTION]], verdict


# --- as a table ----------------------------------------------------------------------------

#: The section of the row that holds the tone verdict in :func:`findings_table`.
VERDICT = "verdict"


def findings_table(found: Sequence[Finding], verdict: str) -> pd.DataFrame:
    """:func:`findings`'s result as rows of :data:`~dashboard.schema.FINDING_COLUMNS`, in order,
    the verdict (when there is one) last with section :data:`VERDICT`. Evidence keys are
    ``"article_id:sentence_id"``, as in the other tables."""
    rows = [
        (f.section, f.text, f.strength, f.view, [sentence_key(a, s) for a, s in f.evidence], f.focus, f.topic)
        for f in found
    ]
    if verdict:
        rows.append((VERDICT, verdict, 0.0, "", [], None, None))
    frame = pd.DataFrame(rows, columns=S.FINDING_COLUMNS)
    return frame.astype({S.SECTION: object, S.TEXT: object, S.STRENGTH: "float64", S.VIEW: object})


def findings_from_table(table: pd.DataFrame) -> tuple[list[Finding], str]:
    """The inverse of :func:`findings_table`: the findings and the verdict (``""`` for none)."""
    found: list[Finding] = []
    verdict = ""
    for section, text, strength, view, evidence, focus, topic in zip(*(table[c].tolist() for c in S.FINDING_COLUMNS)):
        if section == VERDICT:
            verdict = str(text)
            continue
        found.append(
            Finding(
                str(section),
                str(text),
                float(strength),
                str(view),
                _keys(evidence),
                focus=None if focus is None or pd.isna(focus) else str(focus),
                topic=None if topic is None or pd.isna(topic) else str(topic),
            )
        )
    return found, verdict
