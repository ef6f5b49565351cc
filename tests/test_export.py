from __future__ import annotations

import csv
import json

import networkx as nx
import pytest

from kg.errors import KgError
from kg.export import GRAPH_FORMATS, csv_nodes_path, export_graph
from kg.project import project
from netdata import HABITAT, NGO, UNEP, tiny_rdf


@pytest.fixture(scope="module")
def rdf():
    return tiny_rdf()


@pytest.fixture(scope="module")
def graph(rdf):
    return project(rdf)


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_load_back_with_attributes(graph, rdf, tmp_path, fmt, reader):
    out = tmp_path / f"g.{fmt}"
    assert export_graph(graph, fmt, out, rdf) == [out]
    back = reader(out)
    assert back.number_of_nodes() == 6 and back.number_of_edges() == 4
    node = back.nodes[str(HABITAT)]
    assert (node["label_en"], node["label_zh"], node["type"]) == ("UN-Habitat", "人居署", "UNEntity")
    edge = next(d for s, t, d in back.edges(data=True) if {s, t} == {str(HABITAT), str(UNEP)})
    assert edge["predicate"] == "partners-with" and int(edge["evidence_count"]) == 2


def test_csv_pair_neutralises_formulas(graph, tmp_path):
    out = tmp_path / "edges.csv"
    assert export_graph(graph, "csv", out) == [out, csv_nodes_path(out)]
    nodes = list(csv.DictReader(csv_nodes_path(out).open(encoding="utf-8")))
    edges = list(csv.DictReader(out.open(encoding="utf-8")))
    assert csv_nodes_path(out).name == "edges-nodes.csv"
    assert len(nodes) == 6 and len(edges) == 4
    ngo = next(n for n in nodes if n["id"] == str(NGO))
    assert ngo["label_en"].startswith("'=")
    for row in nodes + edges:
        assert not any(v.startswith(("=", "+", "-", "@")) for v in row.values())
    support = next(e for e in edges if e["source"] == str(NGO))
    assert support["source_label"].startswith("'=") and "calc" in support["evidence"]


def test_cytoscape_json_shape(graph, tmp_path):
    out = tmp_path / "g.cyjs"
    export_graph(graph, "cytoscape", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    ids = {n["data"]["id"] for n in nodes}
    assert len(nodes) == 6 and len(edges) == 4
    assert all({"source", "target", "id", "predicate"} <= e["data"].keys() for e in edges)
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    assert len({e["data"]["id"] for e in edges}) == 4


def test_node_link_json_and_jsonld(graph, rdf, tmp_path):
    export_graph(graph, "json", tmp_path / "g.json")
    back = nx.node_link_graph(json.loads((tmp_path / "g.json").read_text(encoding="utf-8")), edges="edges")
    assert back.number_of_edges() == 4
    export_graph(graph, "jsonld", tmp_path / "g.jsonld", rdf)
    from rdflib import Graph

    loaded = Graph().parse(tmp_path / "g.jsonld", format="json-ld")
    assert len(loaded) > 20
    with pytest.raises(KgError):
        export_graph(graph, "jsonld", tmp_path / "x.jsonld")


def test_png_and_svg_are_valid_images(graph, tmp_path):
    export_graph(graph, "png", tmp_path / "g.png")
    export_graph(graph, "svg", tmp_path / "g.svg")
    assert (tmp_path / "g.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    import matplotlib.image

    assert matplotlib.image.imread(tmp_path / "g.png").shape[0] > 100
    import xml.etree.ElementTree as ET

    assert ET.parse(tmp_path / "g.svg").getroot().tag.endswith("svg")


def test_unknown_format_and_registry(graph, tmp_path):
    assert set(GRAPH_FORMATS) == {"graphml", "gexf", "csv", "json", "jsonld", "cytoscape", "png", "svg"}
    with pytest.raises(KgError):
        export_graph(graph, "dot", tmp_path / "g.dot")
