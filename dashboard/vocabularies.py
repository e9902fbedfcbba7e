"""The vocabularies every stage receives, read from ``data/`` once, at the edge.

Stages never read files: :func:`load_vocabularies` (or one of the single loaders) reads
and parses each file and the caller passes the parsed value on, as ``tag_sentence``
receives the codebook. Parsing lives with the stage that uses the vocabulary
(``parse_codebook``, ``parse_vocabulary``, ``parse_word_list``); reading lives here.
Each loader is cached per path, so a caller may ask again without reading twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dashboard.article.topics import Codebook, parse_codebook
from dashboard.corpus.entities import Vocabulary as EntityVocabulary
from dashboard.corpus.entities import parse_vocabulary as parse_entity_vocabulary
from dashboard.corpus.quotes import SpeechVocabulary
from dashboard.corpus.quotes import parse_vocabulary as parse_speech_vocabulary
from dashboard.errors import CodebookError, VocabularyError
from dashboard.io.resources import DATA_DIR
from dashboard.text.words import parse_word_list

__all__ = [
    "DEFAULT_CODEBOOK",
    "ENTITIES_FILE",
    "SPEECH_FILE",
    "STOPWORDS_FILE",
    "Vocabularies",
    "load_codebook",
    "load_entity_vocabulary",
    "load_speech_vocabulary",
    "load_stopwords",
    "load_vocabularies",
]

#: The topic codebook shipped with newslens (``data/codebook.toml``).
DEFAULT_CODEBOOK: Path = DATA_DIR / "codebook.toml"
#: Titles, organisation heads, places, units: what the entity extractor knows (``data/entities.toml``).
ENTITIES_FILE: Path = DATA_DIR / "entities.toml"
#: Speech verbs, speaker titles, clause words: what the quote extractor knows (``data/speech.toml``).
SPEECH_FILE: Path = DATA_DIR / "speech.toml"
#: English function words left out of framing terms (``data/stopwords.txt``).
STOPWORDS_FILE: Path = DATA_DIR / "stopwords.txt"


@dataclass(frozen=True)
class Vocabularies:
    """Everything the stages know about language and topics, parsed.

    Attributes:
        codebook: Topics and their patterns (:mod:`dashboard.article.topics`).
        entities: Entity vocabulary (:mod:`dashboard.corpus.entities`, discrepancies, omissions).
        speech: Attribution vocabulary (:mod:`dashboard.corpus.quotes`).
        stopwords: Function words (:mod:`dashboard.corpus.framing`).
    """

    codebook: Codebook
    entities: EntityVocabulary
    speech: SpeechVocabulary
    stopwords: frozenset[str]


def load_vocabularies(*, codebook_path: Path | None = None) -> Vocabularies:
    """Read and parse every vocabulary; the codebook from ``codebook_path`` when given.

    Raises:
        CodebookError: the codebook cannot be read or is invalid.
        VocabularyError: another vocabulary cannot be read or is invalid.
    """
    return Vocabularies(
        codebook=load_codebook(codebook_path),
        entities=load_entity_vocabulary(),
        speech=load_speech_vocabulary(),
        stopwords=load_stopwords(),
    )


def load_codebook(path: Path | None = None) -> Codebook:
    """Reads and parses a codebook file.

    Args:
        path: The TOML file; ``None`` means :data:`DEFAULT_CODEBOOK`.

    Returns:
        The parsed codebook (see :func:`~dashboard.article.topics.parse_codebook`). Error
        messages name the file by its base name.

    Raises:
        CodebookError: The file cannot be read or decoded as UTF-8, or ``parse_codebook``
            rejects it.
    """
    path = DEFAULT_CODEBOOK if path is None else Path(path)
    source = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CodebookError(
            f"{source}: cannot read the codebook at {path}: {exc.strerror or exc}; check the path"
        ) from None
    except UnicodeDecodeError as exc:
        raise CodebookError(f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8") from None
    return parse_codebook(text, source=source)


@lru_cache(maxsize=4)
def load_entity_vocabulary(path: Path | None = None) -> EntityVocabulary:
    """Read and parse an entity vocabulary (default: :data:`ENTITIES_FILE`); cached.

    Raises:
        VocabularyError: The file cannot be read or is invalid; the message names it.
    """
    path = path or ENTITIES_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise VocabularyError(f"{path.name}: cannot read the entity vocabulary: {exc.strerror}") from exc
    return parse_entity_vocabulary(text, source=path.name)


def load_speech_vocabulary(path: Path | str | None = None) -> SpeechVocabulary:
    """Read and parse a speech vocabulary (default: :data:`SPEECH_FILE`), cached per path.

    Raises:
        VocabularyError: The file cannot be read or is invalid.
    """
    return _load_speech_vocabulary(str(Path(path) if path is not None else SPEECH_FILE))


@lru_cache(maxsize=4)
def _load_speech_vocabulary(path: str) -> SpeechVocabulary:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise VocabularyError(f"{Path(path).name}: cannot be read ({exc.strerror})") from exc
    return parse_speech_vocabulary(text, source=Path(path).name)


@lru_cache(maxsize=4)
def load_stopwords(path: Path | None = None) -> frozenset[str]:
    """The function words in a word list (default: :data:`STOPWORDS_FILE`); cached.

    Raises:
        VocabularyError: The file cannot be read.
    """
    path = path or STOPWORDS_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise VocabularyError(f"{path.name}: cannot be read ({exc.strerror})") from exc
    return parse_word_list(text)
