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
BYLINE = "byline"
DATELINE = "dateline"
LANGUAGE = "language"
TEXT = "text"
N_WORDS = "n_words"
N_SENTENCES = "n_sentences"
TOPICS = "topics"
POLARITY = "polarity"
SUBJECTIVITY = "subjectivity"
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
    ARTICLE_ID, OUTLET, COUNTRY, URL, PUBLISHED, PUBLISHED_SOURCE, TITLE, BYLINE,
    DATELINE, LANGUAGE, TEXT, N_WORDS, N_SENTENCES, TOPICS, POLARITY, SUBJECTIVITY,
    SOURCE_FILE, RAW_BYTES, N_REMOVED_LINES,
]
SENTENCE_COLUMNS = [
    ARTICLE_ID, SENTENCE_ID, START, END, TEXT, POLARITY, SUBJECTIVITY, TOPICS, TERMS,
]
REMOVED_COLUMNS = [ARTICLE_ID, LINE_NO, TEXT, REASON]
EVIDENCE_COLUMNS = [ARTICLE_ID, SENTENCE_ID, TOPIC, TERM, TERM_START, TERM_END]
TONE_BY_TOPIC_COLUMNS = [OUTLET, TOPIC, POLARITY, SUBJECTIVITY, N_EVIDENCE]
