"""Load the ontology (``ontology/*.ttl``), the gazetteer (``ontology/gazetteer/*.ttl``), the UNBIS thesaurus
(``ontology/unbis.ttl``) and the extraction rules (``ontology/rules/*.json``) into an :class:`Ontology`.

Everything the extractor knows about names and cue words comes from these files.
"""
from __future__ import annotations

import json
import logging
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from kg.errors import OntologyError
from kg.model import Entity

log = logging.getLogger(__name__)

UNKG = "https://w3id.org/unkg#"
ENTITY_BASE = "https://w3id.org/unkg/id/"
DOCUMENT_BASE = "https://w3id.org/unkg/doc/"
UNBIS_BASE = "http://metadata.un.org/thesaurus/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ORG_SUB = "http://www.w3.org/ns/org#subOrganizationOf"

CLASSES = ("UNEntity", "IntergovernmentalOrganization", "Government", "NGO", "Company", "Foundation",
           "Resolution", "Meeting", "Report", "Programme", "Place", "Topic", "Document")
ORGANIZATION_CLASSES = frozenset(CLASSES[:6])
# What can act as a body: issue resolutions, hold sessions, be named again by a short form ("the Council").
BODY_CLASSES = ORGANIZATION_CLASSES | {"Meeting"}
PREDICATES = ("partners-with", "supports", "concerns", "adopts", "held-in", "member-of", "publishes", "requests")
SYMMETRIC_PREDICATES = frozenset({"partners-with"})
# Subclasses of Place in the gazetteer are reported as Place.
_PLACE_SUBCLASSES = {"Country", "City", "Region"}
_LABEL_PROPERTIES = {SKOS + "prefLabel": 0, UNKG + "abbreviation": 1, SKOS + "altLabel": 2}


# The languages of the ontology's names: labels in others are not read.
LABEL_LANGUAGES = ("en", "zh")


def default_ontology_dir() -> Path:
    """The ``ontology/`` folder: bundled in the wheel as ``kg/ontology``, or at the project root."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "ontology", here.parent / "ontology"):
        if (candidate / "unkg.ttl").exists():
            return candidate
    raise OntologyError(f"ontology folder not found next to {here}")


@dataclass
class Ontology:
    """The gazetteer entities, the UNBIS concepts and the rule files."""

    directory: Path
    entities: dict[str, Entity] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)
    governments: dict[str, str] = field(default_factory=dict)  # place IRI -> its Government's IRI
    unbis: dict[str, Entity] = field(default_factory=dict)
    unbis_by_label: dict[str, str] = field(default_factory=dict)  # normalised label (any language) -> IRI
    rules: dict[str, dict] = field(default_factory=dict)
    abbreviations: dict[str, tuple[str, ...]] = field(default_factory=dict)  # IRI -> short forms
    by_label: dict[str, str] = field(default_factory=dict)  # normalised label -> gazetteer IRI
    places: frozenset[str] = frozenset()

    def entity(self, iri: str) -> Entity:
        return self.entities.get(iri) or self.unbis[iri]

    def rule(self, name: str) -> dict:
        """A rule file by name (``relations.zh`` for ``rules/relations.zh.json``)."""
        try:
            return self.rules[name]
        except KeyError:
            raise OntologyError(f"rule file {name}.json missing in {self.directory / 'rules'}") from None

    def cue_words(self, language: str) -> frozenset[str]:
        """The normalised cue words of a language's relation rules and the first word of each multi-word cue
        (``adoption by``): a cue is never a topic and never part of a name."""
        rules = self.rules.get(f"relations.{language}", {}).get("rules", ())
        return frozenset(normalize_label(word) for rule in rules for key in ("verb", "prep")
                         for cue in rule.get(key, ()) for word in (cue, cue.split()[0]))

    def government_of(self, place: str) -> Entity | None:
        """The Government entity of a country, given the country's IRI."""
        government = self.governments.get(place)
        return self.entities[government] if government else None

    def unbis_concept(self, label: str) -> str | None:
        """The UNBIS concept IRI whose English or Chinese label is ``label`` (case and spaces ignored)."""
        return self.unbis_by_label.get(normalize_label(label))


def normalize_label(text: str) -> str:
    """Case-, width- and space-insensitive key of a label."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


@lru_cache(maxsize=16)
def read_rule_file(path: Path) -> dict:
    """One rule file of ``ontology/rules/`` (cached): stages that need no gazetteer, such as the reader, read
    their rules alone.

    :raises OntologyError: the file is missing or does not parse.
    """
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (json.JSONDecodeError, OSError) as e:
        raise OntologyError(f"{path}: {e}") from None


@lru_cache(maxsize=4)
def load_ontology(directory: Path | None = None) -> Ontology:
    """Load the ontology folder (cached per folder for the life of the process).

    :param directory: the ``ontology/`` folder; :func:`default_ontology_dir` when not given.
    :raises OntologyError: a Turtle or JSON file does not parse.
    """
    directory = Path(directory) if directory else default_ontology_dir()
    ontology = Ontology(directory)
    store = ox.Store()
    for path in sorted(directory.glob("*.ttl")) + sorted(directory.glob("gazetteer/*.ttl")):
        try:
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("file:" + path.name))
        except (SyntaxError, ValueError, OSError) as e:
            raise OntologyError(f"{path}: {e}") from None
    _read_entities(store, ontology)
    for path in sorted((directory / "rules").glob("*.json")):
        ontology.rules[path.stem] = read_rule_file(path)
    log.debug("ontology: %d entities, %d UNBIS concepts", len(ontology.entities), len(ontology.unbis))
    return ontology


def _read_entities(store: ox.Store, ontology: Ontology) -> None:
    types: dict[str, set[str]] = {}
    labels: dict[str, list[tuple[int, str, str]]] = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), None, None):
        subject, cls = quad.subject.value, quad.object.value
        if cls.startswith(UNKG):
            types.setdefault(subject, set()).add(cls[len(UNKG):])
        elif cls == SKOS + "Concept" and subject.startswith(UNBIS_BASE):
            types.setdefault(subject, set()).add("Topic")
    for prop, rank in _LABEL_PROPERTIES.items():
        for quad in store.quads_for_pattern(None, ox.NamedNode(prop), None, None):
            literal = quad.object
            if isinstance(literal, ox.Literal) and literal.language in LABEL_LANGUAGES:
                labels.setdefault(quad.subject.value, []).append((rank, literal.value, literal.language))
    # Descriptors (7-digit ids) before domains and microthesauri, which reuse some of their labels.
    for subject, classes in sorted(types.items(), key=lambda item: (len(item[0].rsplit("/", 1)[-1]) != 7, item[0])):
        if not (subject.startswith(ENTITY_BASE) or subject.startswith(UNBIS_BASE)):
            continue
        cls = _entity_class(classes)
        if cls is None:
            continue
        ranked = sorted(labels.get(subject, []), key=lambda item: (item[0], item[2] != "en"))
        if subject.startswith(UNBIS_BASE):
            # UNBIS writes English labels in capitals; topics read better in lower case.
            ranked = [(rank, text.lower() if lang == "en" else text, lang) for rank, text, lang in ranked]
        entity = Entity(subject, cls, tuple(dict.fromkeys((text, lang) for _, text, lang in ranked)))
        if subject.startswith(UNBIS_BASE):
            ontology.unbis[subject] = entity
            for text, _ in entity.labels:
                ontology.unbis_by_label.setdefault(normalize_label(text), subject)
        else:
            ontology.entities[subject] = entity
            ontology.abbreviations[subject] = tuple(text for rank, text, _ in ranked if rank == 1)
    for quad in store.quads_for_pattern(None, ox.NamedNode(ORG_SUB), None, None):
        ontology.parents[quad.subject.value] = quad.object.value
    for quad in store.quads_for_pattern(None, ox.NamedNode(UNKG + "governmentOf"), None, None):
        ontology.governments[quad.object.value] = quad.subject.value
    for iri, entity in sorted(ontology.entities.items()):
        for text, _ in entity.labels:
            ontology.by_label.setdefault(normalize_label(text), iri)
    ontology.places = frozenset(iri for iri, entity in ontology.entities.items() if entity.type == "Place")


def _entity_class(classes: set[str]) -> str | None:
    for cls in CLASSES:
        if cls in classes:
            return cls
    if classes & _PLACE_SUBCLASSES:
        return "Place"
    return None
