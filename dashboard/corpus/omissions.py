"""Omissions: for each outlet, what the other outlets report and it leaves out."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd

from dashboard import schema as S

_NUMBER = re.compile(r"(?P<value>\d+(?:[.,]\d+)?)\s+(?P<unit>.+)$")

TOPIC, SPEAKER, ENTITY, PASSAGE, FACT = "topic", "speaker", "entity", "shared passage", "numeric fact"
#: Entity types worth reporting as left out; numbers and titles are facts of other kinds.
ENTITY_TYPES = ("person", "organisation", "place")


def _who_reports(pairs: Iterable[tuple[str, object]]) -> dict[str, set[str]]:
    """item → outlets that report it, from (outlet, item) pairs; None and NaN items are skipped."""
    by_item: dict[str, set[str]] = {}
    for outlet, item in pairs:
        if item is not None and item == item:  # NaN-safe
            by_item.setdefault(str(item), set()).add(outlet)
    return by_item


def fact_key(canonical: str, unit_class: Mapping[str, str]) -> str | None:
    """The fact a number entity states, as "<value> <unit class>"; None without a unit.

    Qualifiers ("over", "about") are dropped and units that count the same kind of thing
    share a class (``same_unit`` in ``data/entities.toml``), so "six facilities" and
    "six real estate properties" state the same fact: "6 properties".
    """
    m = _NUMBER.search(canonical)
    if not m:
        return None
    unit = m.group("unit").strip()
    return f"{m.group('value')} {unit_class.get(unit, unit)}"


def omissions(
    articles: pd.DataFrame,
    *,
    quotes: pd.DataFrame | None = None,
    entities: pd.DataFrame | None = None,
    passage_groups: pd.DataFrame | None = None,
    min_others: int = 2,
    topic_labels: dict[str, str] | None = None,
    unit_class: Mapping[str, str],
) -> pd.DataFrame:
    """What each outlet leaves out that at least ``min_others`` other outlets report.

    Kinds: topics (an article's topic tags), speakers (quoted or paraphrased), entities
    (people, organisations and places mentioned), shared passages (groups of
    near-identical sentences across outlets), numeric facts (a count or duration with
    its unit, see :func:`fact_key`; ``unit_class`` is the entity vocabulary's ``unit_class``).
    With only two outlets, ``min_others`` is lowered to 1.

    Returns:
        Columns ``outlet, kind, item, n_outlets, outlets``: ``n_outlets`` counts the
        other outlets that report the item, ``outlets`` names them (sorted). Sorted by
        outlet, kind, then n_outlets descending and item. A shared passage's ``item``
        is its representative sentence, prefixed by its group id as ``#<id> ``.
    """
    all_outlets = sorted(articles[S.OUTLET].unique())
    needed = max(1, min(min_others, len(all_outlets) - 1))
    labels = topic_labels or {}
    reports: dict[str, dict[str, set[str]]] = {
        TOPIC: _who_reports((o, labels.get(t, t)) for o, ts in zip(articles[S.OUTLET], articles[S.TOPICS]) for t in ts),
    }
    if quotes is not None and not quotes.empty:
        reports[SPEAKER] = _who_reports(zip(quotes[S.OUTLET], quotes[S.SPEAKER]))
    if entities is not None and not entities.empty:
        kept = entities[entities[S.ENTITY_TYPE].isin(ENTITY_TYPES)]
        reports[ENTITY] = _who_reports(zip(kept[S.OUTLET], kept[S.ENTITY]))
        classes = unit_class
        numbers = entities[entities[S.ENTITY_TYPE] == "number"]
        reports[FACT] = _who_reports((o, fact_key(c, classes)) for o, c in zip(numbers[S.OUTLET], numbers[S.ENTITY]))
    if passage_groups is not None and not passage_groups.empty:
        reports[PASSAGE] = _who_reports(
            (o, f"#{g} {t}")
            for g, outs, t in zip(passage_groups[S.GROUP_ID], passage_groups[S.OUTLETS], passage_groups[S.TEXT])
            for o in outs
        )
    rows = []
    for outlet in all_outlets:
        for kind, by_item in reports.items():
            for item, outlets in by_item.items():
                others = sorted(outlets - {outlet})
                if outlet not in outlets and len(others) >= needed:
                    rows.append((outlet, kind, item, len(others), others))
    frame = pd.DataFrame(rows, columns=S.OMISSION_COLUMNS)
    if frame.empty:
        return frame
    return frame.sort_values([S.OUTLET, S.KIND, S.N_OUTLETS, S.ITEM], ascending=[True, True, False, True]).reset_index(
        drop=True
    )
