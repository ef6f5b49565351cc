"""Write the extracted graph as RDF: an rdflib Dataset with one named graph per document.

Each relation is a plain triple plus a reified ``unkg:Statement`` carrying its PROV-O evidence (the document
it was derived from, paragraph, sentence, offsets, rule, confidence). Entities carry their class, their labels
(``skos:prefLabel``/``skos:altLabel`` in ``@en`` and ``@zh``) and each label's ``unkg:labelKey``
(:func:`kg.ontology.normalize_label`), so that a query finds an entity by any label with one index lookup.
Documents carry their identifier (the UN symbol), language, file format, UNBIS subjects and first-page metadata
(title, date, distribution, agenda item).
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import RDF, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.formats import MEDIA_TYPES
from kg.model import DocumentGraph, Entity
from kg.ontology import DOCUMENT_BASE, Ontology, normalize_label

UNKG = Namespace("https://w3id.org/unkg#")
GRAPH_BASE = "https://w3id.org/unkg/graph/"
STATEMENT_BASE = "https://w3id.org/unkg/statement/"
PREFIXES = {"unkg": UNKG, "ent": Namespace("https://w3id.org/unkg/id/"), "skos": SKOS, "prov": PROV,
            "dcterms": DCTERMS, "org": Namespace("http://www.w3.org/ns/org#"),
            "unbis": Namespace("http://metadata.un.org/thesaurus/"), "doc": Namespace(DOCUMENT_BASE)}
Triple = tuple[URIRef, URIRef, URIRef | Literal]


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's :data:`PREFIXES` in ``graph`` (a Graph or Dataset) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def document_iri(document_id: str) -> URIRef:
    """The IRI of a document node, from its UN symbol or file name."""
    return URIRef(DOCUMENT_BASE + quote(document_id, safe=""))


def graph_iri(document_id: str, language: str) -> URIRef:
    """The IRI of the named graph of a document's version in one language: the Chinese and the English file of
    ``E/2009/100`` are one document (one document node) with two graphs, which can be compared."""
    return URIRef(f"{GRAPH_BASE}{quote(document_id, safe='')}/{language}")


def statement_iri(subject: str, predicate: str, obj: str, document_id: str, language: str, paragraph: int) -> URIRef:
    digest = hashlib.sha1(f"{subject} {predicate} {obj} {document_id} {language} {paragraph}".encode()).hexdigest()[:16]
    return URIRef(STATEMENT_BASE + digest)


def to_dataset(graphs: list[DocumentGraph], ontology: Ontology) -> Dataset:
    """One named graph per document with its document node, entities, mentions and relations.

    :param graphs: the extraction results, one per document.
    :param ontology: for the UNBIS concepts of document subjects.
    """
    dataset = bind_prefixes(Dataset())
    for result in graphs:
        add_document_graph(dataset.graph(graph_iri(result.document.id, result.document.language)), result, ontology)
    return dataset


def add_document_graph(graph: Graph, result: DocumentGraph, ontology: Ontology) -> None:
    """Fill one document's graph: :func:`document_triples`, and the :func:`entity_triples` of each entity of
    :func:`described_entities`."""
    for triple in document_triples(result, ontology):
        graph.add(triple)
    for entity in dict.fromkeys(described_entities(result, ontology)):
        for triple in entity_triples(entity):
            graph.add(triple)


def document_triples(result: DocumentGraph, ontology: Ontology) -> Iterator[Triple]:
    """The triples of one document's graph but the descriptions of the entities it names: the document node, its
    subjects and mentions, and the relations with their evidence."""
    document = result.document
    doc = document_iri(document.id)
    yield doc, RDF.type, UNKG.Document
    yield doc, DCTERMS.identifier, Literal(document.id)
    yield doc, DCTERMS.language, Literal(document.language, datatype=XSD.language)
    yield doc, DCTERMS.source, Literal(document.source.replace("\\", "/").rsplit("/", 1)[-1])
    yield doc, DCTERMS.format, Literal(MEDIA_TYPES[document.format])
    if document.title:
        yield doc, DCTERMS.title, Literal(document.title, lang=document.language)
    if document.date:
        yield doc, DCTERMS.date, Literal(document.date, datatype=XSD.date)
    if document.distribution:
        yield doc, UNKG.distribution, Literal(document.distribution)
    if document.agenda_item:
        yield doc, UNKG.agendaItem, Literal(document.agenda_item)
    if document.content_hash:
        yield doc, UNKG.contentHash, Literal(document.content_hash)
    for label in document.subjects:
        concept = ontology.unbis_concept(label)
        yield doc, DCTERMS.subject, URIRef(concept) if concept else Literal(label)
    for linked in result.mentions:
        yield doc, UNKG.mentions, URIRef(linked.entity.iri)
    for relation in result.relations:
        s, o = URIRef(relation.subject.iri), URIRef(relation.object.iri)
        p = UNKG[relation.predicate]
        yield s, p, o
        evidence = relation.evidence
        statement = statement_iri(s, relation.predicate, o, document.id, document.language, evidence.paragraph)
        yield statement, RDF.type, UNKG.Statement
        yield statement, RDF.subject, s
        yield statement, RDF.predicate, p
        yield statement, RDF.object, o
        yield statement, PROV.wasDerivedFrom, doc
        yield statement, UNKG.paragraph, Literal(evidence.paragraph)
        yield statement, UNKG.sentence, Literal(evidence.sentence)
        yield statement, UNKG.startOffset, Literal(evidence.start)
        yield statement, UNKG.endOffset, Literal(evidence.end)
        yield statement, UNKG.rule, Literal(evidence.rule)
        yield statement, UNKG.confidence, Literal(str(evidence.confidence), datatype=XSD.decimal)


def described_entities(result: DocumentGraph, ontology: Ontology) -> Iterator[Entity]:
    """The entities a document's graph describes (UNBIS subjects, mentions, ends of relations), repeats included."""
    for label in result.document.subjects:
        concept = ontology.unbis_concept(label)
        if concept:
            yield ontology.unbis[concept]
    for linked in result.mentions:
        yield linked.entity
    for relation in result.relations:
        yield relation.subject
        yield relation.object


def described_by_ontology(entity: Entity, ontology: Ontology) -> bool:
    """True for a gazetteer entity or UNBIS concept just as the ontology has it: a store describes those once, in
    its entities graph (:func:`ontology_descriptions`), not in the graph of every document that names them."""
    return ontology.entities.get(entity.iri, ontology.unbis.get(entity.iri)) == entity


def ontology_descriptions(ontology: Ontology) -> Iterator[Triple]:
    """The :func:`entity_triples` of every gazetteer entity and UNBIS concept, as a document's graph gives them."""
    for entity in (*ontology.entities.values(), *ontology.unbis.values()):
        yield from entity_triples(entity)


def entity_triples(entity: Entity) -> list[Triple]:
    """An entity's description, the same in every graph that names it: its class, labels and label keys."""
    node = URIRef(entity.iri)
    triples: list[Triple] = [(node, RDF.type, UNKG[entity.type])]
    seen_languages: set[str] = set()
    for text, lang in entity.labels:
        prop = SKOS.altLabel if lang in seen_languages else SKOS.prefLabel
        seen_languages.add(lang)
        triples += [(node, prop, Literal(text, lang=lang)), (node, UNKG.labelKey, Literal(normalize_label(text)))]
    return triples


def oxigraph_term(node: URIRef | Literal) -> ox.NamedNode | ox.Literal:
    """An rdflib IRI or literal as pyoxigraph's term (which checks it, and writes it as N-Triples)."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if node.language:
        return ox.Literal(str(node), language=node.language)
    return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)) if node.datatype else None)


def flatten(dataset: Dataset) -> Graph:
    """All named graphs merged into one graph (for ``graph.ttl``)."""
    merged = bind_prefixes(Graph())
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        merged.add((s, p, o))
    return merged
