"""Project the RDF knowledge graph into networkx: the one graph every export, the report and the viz draw from.

``load_graph`` reads a build folder (``graph.ttl``, else ``graph.trig``) into one merged rdflib graph; ``project``
turns it into a ``networkx.MultiDiGraph`` whose nodes are entities (IRI → ``label_en``, ``label_zh``, ``labels``,
``type``, ``degree``) and whose edges are relations keyed by predicate (``predicate``, ``directed``, ``evidence``
as a list of ``{sentence, document, paragraph, confidence}``, ``evidence_count``). ``partners-with`` is symmetric:
both directions of a pair are merged into one edge.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import networkx as nx
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.errors import KgError
from kg.ontology import CLASSES, ORGANIZATION_CLASSES, PREDICATES, SYMMETRIC_PREDICATES
from kg.rdf import UNKG, flatten

# The classes an entity node can have: every class of the ontology but Document.
ENTITY_TYPES = tuple(cls for cls in CLASSES if cls != "Document")
ORGANISATION_TYPES = ORGANIZATION_CLASSES


def load_graph(folder: Path) -> Graph:
    """The merged RDF graph of a build folder: ``graph.ttl`` if present, else ``graph.trig`` (flattened)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise KgError(f"{folder}: not a folder (expected the output folder of `kg build`)")
    trig, ttl = folder / "graph.trig", folder / "graph.ttl"
    try:
        if ttl.is_file():
            graph = Graph()
            graph.parse(ttl, format="turtle")
            return graph
        if trig.is_file():
            from rdflib import Dataset

            dataset = Dataset()
            dataset.parse(trig, format="trig")
            return flatten(dataset)
    except Exception as error:  # rdflib raises many parser exception types
        raise KgError(f"{folder}: cannot read the graph: {error}") from error
    raise KgError(f"{folder}: no graph.trig or graph.ttl (run `kg build ... --out {folder}` first)")


def load_store_graph(location: str | Path) -> Graph:
    """The merged RDF graph of the documents in a store folder or SPARQL server (see :mod:`kg.store`)."""
    from kg.store import documents_ntriples

    graph = Graph()
    graph.parse(data=documents_ntriples(location), format="nt")
    return graph


def project(rdf: Graph, *, predicates: Iterable[str] | None = None, types: Iterable[str] | None = None,
            document: str | None = None, focus: str | None = None, depth: int = 1,
            min_degree: int = 0) -> nx.MultiDiGraph:
    """Project entities and relations of ``rdf`` into a MultiDiGraph, filtered.

    :param predicates: keep only these relation names (e.g. ``partners-with``); default all.
    :param types: keep only entities of these classes (e.g. ``NGO``); default all.
    :param document: keep only relations derived from this document (its identifier, e.g. ``E/2009/100``)
        and the entities it mentions.
    :param focus: an entity label in any language (or IRI); keep its neighbourhood within ``depth`` hops.
    :param min_degree: drop entities with fewer relations than this (the focus entity is always kept).
    """
    wanted_predicates = _check_names(predicates, PREDICATES, "predicate")
    wanted_types = _check_names(types, ENTITY_TYPES, "type")
    doc_node = _document_node(rdf, document) if document else None

    graph = nx.MultiDiGraph()
    for node in sorted(_entities(rdf), key=str):
        graph.add_node(str(node), **_node_attributes(rdf, node))

    evidence = _evidence(rdf)
    pairs: dict[tuple[str, str, str], list[dict]] = {}
    for name in wanted_predicates:
        for s, o in rdf.subject_objects(UNKG[name]):
            source, target = str(s), str(o)
            if source not in graph or target not in graph:
                continue
            found = evidence.get((source, name, target), []) + (
                evidence.get((target, name, source), []) if name in SYMMETRIC_PREDICATES else [])
            if name in SYMMETRIC_PREDICATES and target < source:
                source, target = target, source
            pairs.setdefault((source, name, target), []).extend(found)
    for (source, name, target), found in sorted(pairs.items()):
        found = sorted({(e["document"], e["paragraph"], e["sentence"]): e for e in found}.values(),
                       key=lambda e: (e["document"], e["paragraph"], e["sentence"]))
        if doc_node is not None:
            found = [e for e in found if e["document"] == document]
            if not found:
                continue
        graph.add_edge(source, target, key=name, predicate=name, directed=name not in SYMMETRIC_PREDICATES,
                       evidence=found, evidence_count=len(found))

    if doc_node is not None:
        mentioned = {str(o) for o in rdf.objects(doc_node, UNKG.mentions)}
        keep = mentioned | {n for edge in graph.edges() for n in edge}
        graph.remove_nodes_from([n for n in list(graph) if n not in keep])
    if wanted_types != set(ENTITY_TYPES):
        graph.remove_nodes_from([n for n, t in list(graph.nodes(data="type")) if t not in wanted_types])
    focus_nodes: set[str] = set()
    if focus:
        focus_nodes = set(find_entities(graph, focus))
        if not focus_nodes:
            raise KgError(f"--focus {focus!r}: no entity has this label (in the selected graph)")
        undirected = graph.to_undirected(as_view=True)
        keep = set()
        for node in focus_nodes:
            keep |= set(nx.single_source_shortest_path_length(undirected, node, cutoff=max(depth, 0)))
        graph.remove_nodes_from([n for n in list(graph) if n not in keep])
    if min_degree > 0:
        graph.remove_nodes_from([n for n, d in list(graph.degree()) if d < min_degree and n not in focus_nodes])
    for node, degree in graph.degree():
        graph.nodes[node]["degree"] = degree
    graph.graph.update(focus=sorted(focus_nodes), document=document or "")
    return graph


def find_entities(graph: nx.Graph, text: str) -> list[str]:
    """Nodes whose IRI or any label equals ``text`` (case-insensitive); else those whose label contains it."""
    needle = text.strip().casefold()
    exact = [n for n, data in graph.nodes(data=True)
             if n == text or any(label.casefold() == needle for label in data.get("labels", ()))]
    if exact:
        return exact
    return [n for n, data in graph.nodes(data=True)
            if needle and any(needle in label.casefold() for label in data.get("labels", ()))]


def display_label(data: dict, lang: str = "en") -> str:
    """A node's label in ``lang``, else in the other language, else its IRI's last segment."""
    other = "zh" if lang == "en" else "en"
    return data.get(f"label_{lang}") or data.get(f"label_{other}") or data.get("iri", "").rsplit("/", 1)[-1]


def _check_names(names: Iterable[str] | None, allowed: tuple[str, ...], kind: str) -> set[str]:
    if not names:
        return set(allowed)
    chosen = {n.strip() for n in names if n.strip()}
    unknown = sorted(chosen - set(allowed))
    if unknown:
        raise KgError(f"unknown {kind} {', '.join(unknown)} (choose from {', '.join(allowed)})")
    return chosen


def _entities(rdf: Graph) -> set[URIRef]:
    found: set[URIRef] = set()
    for name in ENTITY_TYPES:
        found.update(s for s in rdf.subjects(RDF.type, UNKG[name]) if isinstance(s, URIRef))
    return found


def _node_attributes(rdf: Graph, node: URIRef) -> dict:
    classes = {str(c).removeprefix(str(UNKG)) for c in rdf.objects(node, RDF.type)}
    kind = next((t for t in ENTITY_TYPES if t in classes and t != "Topic"), "Topic")
    labels: dict[str, list[str]] = defaultdict(list)
    for prop in (SKOS.prefLabel, SKOS.altLabel):
        for literal in sorted(rdf.objects(node, prop), key=str):
            if isinstance(literal, Literal):
                labels[(literal.language or "").split("-")[0]].append(str(literal))
    every = list(dict.fromkeys(label for lang in sorted(labels) for label in labels[lang]))
    return {"iri": str(node), "type": kind, "label_en": (labels.get("en") or [""])[0],
            "label_zh": (labels.get("zh") or [""])[0], "labels": every, "degree": 0}


def _evidence(rdf: Graph) -> dict[tuple[str, str, str], list[dict]]:
    identifiers = {str(doc): str(ident) for doc, ident in rdf.subject_objects(DCTERMS.identifier)}
    found: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for statement in rdf.subjects(RDF.type, UNKG.Statement):
        s, p, o = (rdf.value(statement, prop) for prop in (RDF.subject, RDF.predicate, RDF.object))
        if s is None or p is None or o is None:
            continue
        doc = rdf.value(statement, PROV.wasDerivedFrom)
        paragraph = rdf.value(statement, UNKG.paragraph)
        confidence = rdf.value(statement, UNKG.confidence)
        found[(str(s), str(p).removeprefix(str(UNKG)), str(o))].append({
            "sentence": str(rdf.value(statement, UNKG.sentence) or ""),
            "document": identifiers.get(str(doc), str(doc or "").rsplit("/", 1)[-1]),
            "paragraph": int(paragraph.toPython()) if paragraph is not None else 0,
            "confidence": float(confidence.toPython()) if confidence is not None else None,
        })
    return found


def _document_node(rdf: Graph, document: str) -> URIRef:
    for doc in rdf.subjects(DCTERMS.identifier, Literal(document)):
        if (doc, RDF.type, UNKG.Document) in rdf:
            return doc  # type: ignore[return-value]
    known = sorted(str(i) for d in rdf.subjects(RDF.type, UNKG.Document) for i in rdf.objects(d, DCTERMS.identifier))
    raise KgError(f"--document {document!r}: not in the graph (documents: {', '.join(known) or 'none'})")
