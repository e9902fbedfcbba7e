"""The dashboard's view state and its address form, with no Streamlit import.

The state a shared link must reproduce — view, outlet and topic filters, compared
outlets, chosen topic, article and sentence, the coverage cell whose evidence is listed —
is a :class:`ViewState`. It is read
from query parameters by :func:`parse_query`, which validates every value against
the data and returns a notice for each one it ignores (values are looked up, never
evaluated), and written back by :func:`to_query`, which leaves defaults out so
links stay short.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# Views, in the order the app offers them.
FINDINGS, OVERVIEW, COMPARE, TOPIC, ARTICLE = "findings", "overview", "compare", "topic", "article"
PASSAGES, SOURCES, QUOTES, ENTITIES, OMISSIONS, FRAMING = (
    "passages",
    "sources",
    "quotes",
    "entities",
    "omissions",
    "framing",
)
VIEWS = (FINDINGS, OVERVIEW, COMPARE, TOPIC, ARTICLE, PASSAGES, SOURCES, QUOTES, ENTITIES, OMISSIONS, FRAMING)
VIEW_LABELS = {
    FINDINGS: "Findings",
    OVERVIEW: "Overview",
    COMPARE: "Compare",
    TOPIC: "Topic",
    ARTICLE: "Article",
    PASSAGES: "Shared passages",
    SOURCES: "Sources & relays",
    QUOTES: "Quotes & speakers",
    ENTITIES: "Entities & discrepancies",
    OMISSIONS: "Omissions",
    FRAMING: "Framing",
}

# Query parameter names, defined once.
P_VIEW, P_EVENT, P_OUTLET, P_TOPIC_FILTER, P_COMPARE, P_TOPIC, P_ARTICLE, P_SENTENCE, P_FOCUS = (
    "view",
    "event",
    "outlet",
    "topic_filter",
    "compare",
    "topic",
    "article",
    "sentence",
    "focus",
)
#: The Overview's coverage cell whose evidence is listed: an outlet and a topic id, given together.
P_CELL_OUTLET, P_CELL_TOPIC = "cell_outlet", "cell_topic"
PARAMS = (
    P_VIEW,
    P_EVENT,
    P_OUTLET,
    P_TOPIC_FILTER,
    P_COMPARE,
    P_TOPIC,
    P_ARTICLE,
    P_SENTENCE,
    P_FOCUS,
    P_CELL_OUTLET,
    P_CELL_TOPIC,
)
#: Longest value accepted from an address; longer ones are ignored, not parsed.
_MAX_VALUE = 300


@dataclass(frozen=True)
class ViewState:
    """What a shared link restores.

    Attributes:
        view: One of :data:`VIEWS`.
        outlets: Outlet filter; empty means every outlet.
        topics: Topic filter (ids); empty means every topic.
        compare: Outlets side by side in the Compare view; empty means the app's default.
        topic: The Topic view's topic id (also the Compare view's sentence topic).
        article: The Article view's article id.
        sentence: The sentence id focused in the Article view.
        focus: The outlet the Omissions and Framing views are about.
        event: The event shown (its id, as text); ``None`` shows every event.
        cell_outlet: The outlet of the Overview's coverage cell whose evidence is listed.
        cell_topic: That cell's topic id; the two are set together or not at all (``None``: the
            Overview shows the fullest cell).
    """

    view: str = FINDINGS
    outlets: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    compare: tuple[str, ...] = ()
    topic: str | None = None
    article: str | None = None
    sentence: int | None = None
    focus: str | None = None
    event: str | None = None
    cell_outlet: str | None = None
    cell_topic: str | None = None


def _values(params: Mapping[str, str | Sequence[str]], key: str) -> list[str]:
    raw = params.get(key)
    if raw is None:
        return []
    return [raw] if isinstance(raw, str) else [str(v) for v in raw]


def _shown(value: str) -> str:
    return value if len(value) <= 40 else value[:37] + "..."


def parse_query(
    params: Mapping[str, str | Sequence[str]],
    *,
    outlets: Iterable[str],
    topics: Iterable[str],
    sentence_counts: Mapping[str, int],
    events: Iterable[str] = (),
) -> tuple[ViewState, list[str]]:
    """Read a :class:`ViewState` from query parameters, ignoring what does not fit.

    Args:
        params: Query parameters; a value is a string or a list of strings.
        outlets: Outlet names present in the data.
        topics: Topic ids in the codebook.
        sentence_counts: Number of sentences per article id present in the data.
        events: Event ids (as text) present in the data.

    Returns:
        The state, and one plain-language notice per ignored parameter or value.
        Nothing from the address is ever evaluated; values are only compared
        against the known names.
    """
    known_outlets, known_topics = set(outlets), set(topics)
    notices: list[str] = []

    for key in params:
        if key not in PARAMS:
            notices.append(f"Ignored unknown link parameter '{_shown(key)}'.")

    def pick_many(key: str, known: set[str], what: str) -> tuple[str, ...]:
        kept: list[str] = []
        for value in _values(params, key):
            if value in known and value not in kept:
                kept.append(value)
            elif value not in known:
                notices.append(f"Ignored {what} '{_shown(value)}' from the link: not in this data.")
        return tuple(kept)

    def pick_one(key: str, known: set[str] | Mapping[str, int], what: str) -> str | None:
        values = _values(params, key)
        if not values:
            return None
        if len(values) > 1:
            notices.append(f"Link gives {len(values)} values for '{key}'; used the first.")
        value = values[0]
        if len(value) <= _MAX_VALUE and value in known:
            return value
        notices.append(f"Ignored {what} '{_shown(value)}' from the link: not in this data.")
        return None

    view = pick_one(P_VIEW, set(VIEWS), "view") or FINDINGS
    state_outlets = pick_many(P_OUTLET, known_outlets, "outlet")
    state_topics = pick_many(P_TOPIC_FILTER, known_topics, "topic")
    compare = pick_many(P_COMPARE, known_outlets, "outlet to compare")
    topic = pick_one(P_TOPIC, known_topics, "topic")
    article = pick_one(P_ARTICLE, sentence_counts, "article")
    focus = pick_one(P_FOCUS, known_outlets, "outlet")
    event = pick_one(P_EVENT, set(events), "event")

    sentence: int | None = None
    raw_sentence = _values(params, P_SENTENCE)
    if raw_sentence:
        value = raw_sentence[0].strip()
        if article is None:
            notices.append("Ignored 'sentence' from the link: it needs a valid 'article'.")
        elif value.isdigit() and len(value) <= 6 and int(value) < sentence_counts[article]:
            sentence = int(value)
        else:
            notices.append(
                f"Ignored sentence '{_shown(value)}' from the link: article '{_shown(article)}' has "
                f"sentences 0 to {sentence_counts[article] - 1}."
            )

    # A cell is an outlet and a topic: half of one names no cell.
    cell_outlet = pick_one(P_CELL_OUTLET, known_outlets, "outlet")
    cell_topic = pick_one(P_CELL_TOPIC, known_topics, "topic")
    if (cell_outlet is None) != (cell_topic is None):
        given, needed = (P_CELL_OUTLET, P_CELL_TOPIC) if cell_outlet is not None else (P_CELL_TOPIC, P_CELL_OUTLET)
        notices.append(f"Ignored '{given}' from the link: it needs a valid '{needed}'.")
        cell_outlet = cell_topic = None
    state = ViewState(
        view, state_outlets, state_topics, compare, topic, article, sentence, focus, event, cell_outlet, cell_topic
    )
    return state, notices


def to_query(state: ViewState) -> dict[str, list[str]]:
    """The query parameters for ``state``; defaults are left out."""
    query: dict[str, list[str]] = {}
    if state.view != FINDINGS:
        query[P_VIEW] = [state.view]
    if state.event is not None:
        query[P_EVENT] = [state.event]
    if state.outlets:
        query[P_OUTLET] = list(state.outlets)
    if state.topics:
        query[P_TOPIC_FILTER] = list(state.topics)
    if state.compare:
        query[P_COMPARE] = list(state.compare)
    if state.topic:
        query[P_TOPIC] = [state.topic]
    if state.article:
        query[P_ARTICLE] = [state.article]
        if state.sentence is not None:
            query[P_SENTENCE] = [str(state.sentence)]
    if state.focus:
        query[P_FOCUS] = [state.focus]
    if state.cell_outlet and state.cell_topic:
        query[P_CELL_OUTLET] = [state.cell_outlet]
        query[P_CELL_TOPIC] = [state.cell_topic]
    return query
