"""The plain objects that move between the stages: read → mentions → link → relations → rdf."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sentence:
    """A sentence of a paragraph; ``start``/``end`` are character offsets in the paragraph text."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A numbered paragraph (0 is the title block and summary before paragraph 1)."""

    number: int
    text: str
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Document:
    """A UN document as read from one file."""

    id: str
    source: str
    language: str
    paragraphs: tuple[Paragraph, ...]
    subjects: tuple[str, ...] = ()
    content_hash: str = ""
    title: str = ""
    date: str = ""  # ISO 8601, from the first page (kg.metadata)
    distribution: str = ""  # General, Limited or Restricted
    agenda_item: str = ""  # "13 (d)"
    format: str = "text"  # what the file was: text, pdf, docx or html (kg.formats.sniff_format)


@dataclass(frozen=True)
class Entity:
    """A canonical entity: an IRI, a class name from the ontology and its labels as (text, language)."""

    iri: str
    type: str
    labels: tuple[tuple[str, str], ...]
    known: bool = True

    def label(self, lang: str = "en") -> str:
        """The first label in ``lang``, else any label."""
        for text, language in self.labels:
            if language == lang:
                return text
        return self.labels[0][0] if self.labels else self.iri

    def all_labels(self) -> list[str]:
        """Every label, every language, without duplicates, in order."""
        return list(dict.fromkeys(text for text, _ in self.labels))


@dataclass(frozen=True)
class Mention:
    """A span of a paragraph that names something, before linking.

    ``kind`` says how it was found: ``gazetteer`` (``key`` is an entity IRI), ``alias``, ``shape``
    (``key`` is a class name), ``resolution``, ``session``, ``topic``, ``self`` (the document itself) or ``nested``
    (an organisation named inside a longer name; ``key`` is its IRI).
    """

    document: str
    paragraph: int
    start: int
    end: int
    text: str
    kind: str
    key: str
    rule: str = ""
    attrs: tuple[tuple[str, str], ...] = ()

    def attr(self, name: str, default: str = "") -> str:
        return dict(self.attrs).get(name, default)

    def span_attr(self, name: str) -> tuple[int, int] | None:
        """A part of the text the mention remembers (``author=12-30``) as (start, end) offsets, if it has one."""
        value = self.attr(name)
        if not value:
            return None
        start, end = value.split("-")
        return int(start), int(end)


@dataclass(frozen=True)
class LinkedMention:
    """A mention resolved to its canonical entity, and the relations its name states (``Report of the
    Secretary-General on …`` is published by the Secretary-General and concerns its topic)."""

    mention: Mention
    entity: Entity
    stated: tuple[tuple[Entity, str, Entity], ...] = ()


@dataclass(frozen=True)
class Evidence:
    """Where a relation is stated: document, paragraph, sentence, offsets in the paragraph, rule, confidence."""

    document: str
    paragraph: int
    sentence: str
    start: int
    end: int
    rule: str
    confidence: float


@dataclass(frozen=True)
class Relation:
    """A typed relation between two entities with its evidence."""

    subject: Entity
    predicate: str
    object: Entity
    evidence: Evidence


@dataclass
class DocumentGraph:
    """Everything extracted from one document."""

    document: Document
    mentions: list[LinkedMention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
