"""Check a built graph against the SHACL shapes in ``ontology/shapes.ttl``."""
from __future__ import annotations

from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph

from kg.ontology import default_ontology_dir


def validate_graph(graph: Graph, *, ontology_dir: Path | None = None) -> tuple[bool, str]:
    """Validate ``graph`` (e.g. a loaded ``graph.ttl``) against the shapes.

    :returns: whether it conforms, and pySHACL's report text.
    """
    directory = ontology_dir or default_ontology_dir()
    shapes = Graph().parse(directory / "shapes.ttl")
    conforms, _, report = shacl_validate(graph, shacl_graph=shapes, inference="none")
    return bool(conforms), str(report)
