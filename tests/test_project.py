from __future__ import annotations

import pytest

from kg.errors import KgError
from kg.project import find_entities, load_graph, project
from netdata import EVIL, HABITAT, NGO, RES, TOPIC, UNEP, tiny_rdf, write_build_dir


@pytest.fixture(scope="module")
def rdf():
    return tiny_rdf()


def test_nodes_carry_both_labels_type_and_degree(rdf):
    g = project(rdf)
    node = g.nodes[str(HABITAT)]
    assert (node["label_en"], node["label_zh"], node["type"]) == ("UN-Habitat", "人居署", "UNEntity")
    assert node["degree"] == 2
    assert "United Nations Human Settlements Programme" in node["labels"]


def test_symmetric_relation_is_merged_with_all_evidence(rdf):
    g = project(rdf)
    edges = [(s, t, d) for s, t, k, d in g.edges(keys=True, data=True) if k == "partners-with"]
    assert len(edges) == 1
    _, _, data = edges[0]
    assert data["evidence_count"] == 2 and data["directed"] is False
    assert [(e["document"], e["paragraph"]) for e in data["evidence"]] == [("E/2009/100", 3), ("E/2009/100", 7)]


def test_filters_predicates_types_document(rdf):
    assert {k for *_, k in project(rdf, predicates=["supports"]).edges(keys=True)} == {"supports"}
    assert set(project(rdf, types=["Resolution", "Topic"])) == {str(RES), str(TOPIC)}
    g = project(rdf, document="A/1")
    assert {k for *_, k in g.edges(keys=True)} == {"concerns", "supports"}
    assert str(HABITAT) not in g
    assert str(HABITAT) in project(rdf, document="E/2009/100")


def test_focus_any_language_with_depth_and_min_degree(rdf):
    assert set(project(rdf, focus="人居署", depth=1)) == {str(HABITAT), str(UNEP), str(NGO)}
    assert set(project(rdf, focus="un-habitat", depth=2)) == {str(HABITAT), str(UNEP), str(NGO), str(EVIL)}
    assert set(project(rdf, focus="water", depth=0)) == {str(TOPIC)}
    assert str(HABITAT) in project(rdf, min_degree=2) and str(TOPIC) not in project(rdf, min_degree=2)
    assert find_entities(project(rdf), "Human Settlements") == [str(HABITAT)]


def test_bad_filters_raise_kg_errors(rdf, tmp_path):
    for kwargs in ({"predicates": ["likes"]}, {"types": ["Cat"]}, {"document": "X/1"}, {"focus": "nobody"}):
        with pytest.raises(KgError):
            project(rdf, **kwargs)
    with pytest.raises(KgError):
        load_graph(tmp_path)


def test_load_graph_reads_a_build_folder(tmp_path):
    g = project(load_graph(write_build_dir(tmp_path / "out")))
    assert g.number_of_nodes() == 6 and g.number_of_edges() == 4
