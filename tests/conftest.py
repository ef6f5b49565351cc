from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import Extractor
from kg.model import DocumentGraph
from kg.read import read_document


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture
def extract(extractor: Extractor, tmp_path: Path):
    """Extract the graph of a text given as a string (one paragraph per line)."""

    def run(text: str, *, lang: str | None = None, name: str = "doc.txt") -> DocumentGraph:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return extractor.extract(read_document(path, lang=lang))

    return run


def triples(graph: DocumentGraph) -> set[tuple[str, str, str]]:
    """(subject, predicate, object) by English label, for assertions."""
    return {(r.subject.label("en"), r.predicate, r.object.label("en")) for r in graph.relations}


def mentioned(graph: DocumentGraph) -> set[str]:
    return {m.entity.label("en") for m in graph.mentions}
