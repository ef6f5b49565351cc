"""Small corpora cut from the sample's paragraphs, and the store's document quads, for the build-scale tests."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.read import read_document
from kg.store import BUILD_KEY, ENTITIES_GRAPH, ONTOLOGY_GRAPH
from tests.data import SAMPLE


def write_corpus(folder: Path, documents: int, paragraphs: int = 4, start: int = 1) -> list[Path]:
    """``documents`` files of ``paragraphs`` consecutive sample paragraphs each, symbols E/TEST/1, E/TEST/2…"""
    folder.mkdir(parents=True, exist_ok=True)
    source = [p.text for p in read_document(SAMPLE).paragraphs if p.number > 0]
    files = []
    for number in range(start, start + documents):
        first = (number * paragraphs) % max(1, len(source) - paragraphs)
        body = "\n\n".join(f"{k}. {text}" for k, text in enumerate(source[first:first + paragraphs], 1))
        path = folder / f"doc{number:03d}.txt"
        path.write_text(f"E/TEST/{number}\n\n{body}\n", encoding="utf-8")
        files.append(path)
    return files


def document_quads(location: Path | str) -> set[str]:
    """The quads of the documents' graphs as ``graph.trig`` has them: each graph with the descriptions, from the
    entities graph, of the ontology's entities it names. Without build keys (they hash the code, which may change
    meanwhile) and without the ontology graph (its blank nodes differ between loads)."""
    store = ox.Store.read_only(str(location))
    shared = (ox.NamedNode(ONTOLOGY_GRAPH), ox.NamedNode(ENTITIES_GRAPH))
    quads = {q for q in store if q.graph_name not in shared and q.predicate != ox.NamedNode(BUILD_KEY)}
    for graph in {q.graph_name for q in quads}:
        named = {q.object for q in quads if q.graph_name == graph and isinstance(q.object, ox.NamedNode)}
        quads |= {ox.Quad(d.subject, d.predicate, d.object, graph) for entity in named
                  for d in store.quads_for_pattern(entity, None, None, shared[1])}
    return {str(q) for q in quads}
