"""Column names and table names, defined once and used by name everywhere."""

from __future__ import annotations

# articles.parquet
ARTICLE_ID = "article_id"
OUTLET = "outlet"
COUNTRY = "country"
URL = "url"
PUBLISHED = "published"
PUBLISHED_SOURCE = "published_source"
TITLE = "title"
EVENT_ID = "event_id"
EVENT_LABEL = "event_label"
BYLINE = "byline"
DATELINE = "dateline"
LANGUAGE = "language"
TEXT = "text"
N_WORDS = "n_words"
N_SENTENCES = "n_sentences"
TOPICS = "topics"
POLARITY = "polarity"
SUBJECTIVITY = "subjectivity"
VADER_COMPOUND = "vader_compound"  # VADER compound score, -1 … +1
SOURCE_FILE = "source_file"
RAW_BYTES = "raw_bytes"
N_REMOVED_LINES = "n_removed_lines"

# sentences.parquet
SENTENCE_ID = "sentence_id"
START = "start"
END = "end"
TERMS = "terms"

# removed_lines.parquet
LINE_NO = "line_no"
REASON = "reason"

# evidence.parquet: one row per matched term in a sentence
TOPIC = "topic"
TERM = "term"
TERM_START = "term_start"
TERM_END = "term_end"

# tone_by_topic.parquet
N_EVIDENCE = "n_sentences"

ARTICLES_FILE = "articles.parquet"
SENTENCES_FILE = "sentences.parquet"
REMOVED_FILE = "removed_lines.parquet"
EVIDENCE_FILE = "evidence.parquet"
TONE_BY_TOPIC_FILE = "tone_by_topic.parquet"
REPORT_FILE = "report.json"

ARTICLE_COLUMNS = [
    ARTICLE_ID,
    EVENT_ID,
    EVENT_LABEL,
    OUTLET,
    COUNTRY,
    URL,
    PUBLISHED,
    PUBLISHED_SOURCE,
    TITLE,
    BYLINE,
    DATELINE,
    LANGUAGE,
    TEXT,
    N_WORDS,
    N_SENTENCES,
    TOPICS,
    POLARITY,
    SUBJECTIVITY,
    VADER_COMPOUND,
    SOURCE_FILE,
    RAW_BYTES,
    N_REMOVED_LINES,
]
SENTENCE_COLUMNS = [
    ARTICLE_ID,
    SENTENCE_ID,
    START,
    END,
    TEXT,
    N_WORDS,
    POLARITY,
    SUBJECTIVITY,
    VADER_COMPOUND,
    TOPICS,
    TERMS,
]
REMOVED_COLUMNS = [ARTICLE_ID, LINE_NO, TEXT, REASON]
EVIDENCE_COLUMNS = [ARTICLE_ID, SENTENCE_ID, TOPIC, TERM, TERM_START, TERM_END]
TONE_BY_TOPIC_COLUMNS = [OUTLET, TOPIC, POLARITY, SUBJECTIVITY, N_EVIDENCE]

# --- cross-outlet analysis (issue 5) ---------------------------------------------------
GROUP_ID = "group_id"
N_OUTLETS = "n_outlets"
OUTLETS = "outlets"
SIMILARITY = "similarity"  # 0-100 (rapidfuzz scale)
KIND = "kind"
FIRST_OUTLET = "first_outlet"
FIRST_PUBLISHED = "first_published"
OTHER_OUTLET = "other_outlet"
SHARE = "share"  # 0.0-1.0
N_WORDS_SHARED = "n_words_shared"
QUOTE_ID = "quote_id"
SENTENCE_IDS = "sentence_ids"
SPEAKER = "speaker"  # canonical speaker name
SPEAKER_TEXT = "speaker_text"  # as written in the sentence
ENTITY_ID = "entity_id"
ENTITY = "entity"  # canonical form
ENTITY_TYPE = "entity_type"
VARIANTS = "variants"
N_MENTIONS = "n_mentions"
ATTRIBUTE = "attribute"
VALUE = "value"
DISCREPANCY_ID = "discrepancy_id"
TERM_LOG_ODDS = "log_odds"  # z-scored log-odds ratio
COUNT = "count"
COUNT_REST = "count_rest"
ITEM = "item"
FACT_ID = "fact_id"
STRENGTH = "strength"  # 0.0-1.0: how strongly the evidence supports a claim
EVIDENCE = "evidence"  # list of "article_id:sentence_id" keys behind a claim

# passage_groups.parquet: one row per group of near-identical sentences across outlets
PASSAGE_GROUP_COLUMNS = [GROUP_ID, N_OUTLETS, OUTLETS, SIMILARITY, KIND, FIRST_OUTLET, FIRST_PUBLISHED, TEXT]
# passage_members.parquet: one row per sentence in a group
PASSAGE_MEMBER_COLUMNS = [GROUP_ID, ARTICLE_ID, SENTENCE_ID, OUTLET, SIMILARITY]
# reuse.parquet: share of OUTLET's words (sentences) found in OTHER_OUTLET
REUSE_COLUMNS = [OUTLET, OTHER_OUTLET, SHARE, N_WORDS_SHARED, N_WORDS]
# quotes.parquet: one row per quote or reported statement
QUOTE_COLUMNS = [
    QUOTE_ID,
    ARTICLE_ID,
    SENTENCE_ID,
    SENTENCE_IDS,
    OUTLET,
    SPEAKER,
    SPEAKER_TEXT,
    KIND,
    TEXT,
    GROUP_ID,
    STRENGTH,
]
# entities.parquet: one row per mention
ENTITY_COLUMNS = [ENTITY_ID, ENTITY, ENTITY_TYPE, ARTICLE_ID, SENTENCE_ID, OUTLET, TEXT, START, END]
# discrepancies.parquet: one row per claim; rows sharing DISCREPANCY_ID disagree
DISCREPANCY_COLUMNS = [DISCREPANCY_ID, ENTITY, ATTRIBUTE, VALUE, OUTLET, ARTICLE_ID, SENTENCE_ID, FACT_ID, STRENGTH]
# framing.parquet: terms that set an outlet apart
FRAMING_COLUMNS = [OUTLET, TERM, TERM_LOG_ODDS, COUNT, COUNT_REST, SENTENCE_IDS]
# omissions.parquet: what others report and an outlet leaves out
OMISSION_COLUMNS = [OUTLET, KIND, ITEM, N_OUTLETS, OUTLETS, STRENGTH, EVIDENCE]

# --- the alignment of facts (issue 9) --------------------------------------------------
# facts.parquet: one row per fact group (sentences of different outlets stating one thing)
FACT_GROUP_COLUMNS = [FACT_ID, N_OUTLETS, OUTLETS, SIMILARITY, TEXT, ARTICLE_ID, SENTENCE_ID]
# fact_members.parquet: one row per sentence in a fact group
FACT_MEMBER_COLUMNS = [FACT_ID, ARTICLE_ID, SENTENCE_ID, OUTLET, SIMILARITY]

PASSAGE_GROUPS_FILE = "passage_groups.parquet"
PASSAGE_MEMBERS_FILE = "passage_members.parquet"
REUSE_FILE = "reuse.parquet"
FACTS_FILE = "facts.parquet"
FACT_MEMBERS_FILE = "fact_members.parquet"
QUOTES_FILE = "quotes.parquet"
ENTITIES_FILE = "entities.parquet"
DISCREPANCIES_FILE = "discrepancies.parquet"
FRAMING_FILE = "framing.parquet"
OMISSIONS_FILE = "omissions.parquet"

# --- provenance (issue 12) -------------------------------------------------------------
SOURCE = "source"  # a source an article credits, canonical name
SOURCE_KIND = "source_kind"  # institution, news organisation, outlet in this dataset, unnamed source
CUE = "cue"  # the provenance cue that found it ("according to", "credit line"…)
SCOPE = "scope"  # "article" (a credit line) or "sentence"
CREDITED = "credited"
# provenance.parquet: one row per (article, source, sentence) credited
PROVENANCE_COLUMNS = [ARTICLE_ID, OUTLET, SOURCE, SOURCE_KIND, CUE, SCOPE, SENTENCE_ID, STRENGTH]
PROVENANCE_FILE = "provenance.parquet"

# --- findings (issue 13: the first screen read, not recomputed) ---------------------------
SECTION = "section"  # a findings section ("reuse", "sources"…); "verdict" for the tone verdict
VIEW = "view"  # the app view that shows a finding in full
FOCUS = "focus"  # the outlet a finding is about, or null
# findings.parquet: the findings of the whole set of articles, in the order the app lists them
FINDING_COLUMNS = [SECTION, TEXT, STRENGTH, VIEW, EVIDENCE, FOCUS, TOPIC]
FINDINGS_FILE = "findings.parquet"
MEASURE = "measure"  # a tone column: polarity, subjectivity or vader_compound
MEAN = "mean"
LOW = "low"
HIGH = "high"
# tone_intervals.parquet: per outlet and tone measure, the word-weighted mean and its 95 %
# bootstrap interval over every article (corpus.tone.tone_intervals with its defaults)
TONE_INTERVAL_COLUMNS = [OUTLET, MEASURE, MEAN, LOW, HIGH, N_SENTENCES]
TONE_INTERVALS_FILE = "tone_intervals.parquet"
# themes.parquet: topics suggested from the articles' own key terms (corpus.themes), strongest first
THEME_COLUMNS = [TERMS, EVIDENCE, OUTLETS]
THEMES_FILE = "themes.parquet"
UNIT_TERMS = "unit_terms"
WEIGHT = "weight"
# unit_terms.parquet: the alignment's terms of every unit (a sentence it compares), over all the
# articles; term_weights.parquet: each term's weight 1 + ln(N / df) over them (corpus.align)
UNIT_TERM_COLUMNS = [ARTICLE_ID, SENTENCE_ID, UNIT_TERMS]
UNIT_TERMS_FILE = "unit_terms.parquet"
TERM_WEIGHT_COLUMNS = [TERM, WEIGHT]
TERM_WEIGHTS_FILE = "term_weights.parquet"
# entity_variants.parquet: one row per entity, its spellings and the outlets that mention it
# (corpus.entities.entity_variants)
VARIANT_COLUMNS = [ENTITY_ID, ENTITY, ENTITY_TYPE, VARIANTS, OUTLETS, N_MENTIONS]
ENTITY_VARIANTS_FILE = "entity_variants.parquet"
# source_credits.parquet: per article and source, how much of the article rests on it
# (corpus.provenance.provenance_summary)
SOURCE_CREDIT_COLUMNS = [ARTICLE_ID, OUTLET, SOURCE, SOURCE_KIND, CREDITED, N_SENTENCES, SHARE, STRENGTH, EVIDENCE]
SOURCE_CREDITS_FILE = "source_credits.parquet"
CREDITED_TO = "credited_to"  # sources a credit line credits for a whole article of the outlet
RESTS_ON = "rests_on"  # share of the outlet's sentences resting on a named source or another outlet
NAMED = "named_sources"  # sources sentences are attributed to, with how many
SHARES_WITH = "shares_with"  # outlets whose text the outlet's words are found in, with the share
# outlet_sources.parquet: per outlet, what its text credits and what it shares, most relayed first
# (corpus.provenance.outlet_sources)
OUTLET_SOURCE_COLUMNS = [OUTLET, ARTICLE_ID, CREDITED_TO, RESTS_ON, NAMED, SHARES_WITH]
OUTLET_SOURCES_FILE = "outlet_sources.parquet"

# --- every table of a run ------------------------------------------------------------------
#: The cross-outlet tables, in the order the pipeline builds them.
CROSS_OUTLET_FILES = (
    FACTS_FILE,
    FACT_MEMBERS_FILE,
    PASSAGE_GROUPS_FILE,
    PASSAGE_MEMBERS_FILE,
    REUSE_FILE,
    QUOTES_FILE,
    ENTITIES_FILE,
    DISCREPANCIES_FILE,
    PROVENANCE_FILE,
    FRAMING_FILE,
    OMISSIONS_FILE,
)
#: Every table a run writes: the per-article tables, the cross-outlet ones, then what the first screens show.
TABLE_FILES = (
    ARTICLES_FILE,
    SENTENCES_FILE,
    EVIDENCE_FILE,
    REMOVED_FILE,
    TONE_BY_TOPIC_FILE,
    *CROSS_OUTLET_FILES,
    TONE_INTERVALS_FILE,
    THEMES_FILE,
    UNIT_TERMS_FILE,
    TERM_WEIGHTS_FILE,
    ENTITY_VARIANTS_FILE,
    SOURCE_CREDITS_FILE,
    OUTLET_SOURCES_FILE,
    FINDINGS_FILE,
)
