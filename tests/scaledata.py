"""Small corpora cut from the sample's paragraphs, and the store's document quads, for the build-scale tests."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.read import read_document
from kg.store import BUILD_KEY, ONTOLOGY_GRAPH
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
    """The quads of the documents' graphs, without build keys (they hash the code, which may change meanwhile)
    and without the ontology graph (its blank nodes differ between loads)."""
    store = ox.Store.read_only(str(location))
    return {str(q) for q in store
            if q.graph_name != ox.NamedNode(ONTOLOGY_GRAPH) and q.predicate != ox.NamedNode(BUILD_KEY)}
