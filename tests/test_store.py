from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.ontology import load_ontology
from kg.query import select
from kg.rdf import described_by_ontology
from kg.store import (BUILD_KEY, ENTITIES_GRAPH, LABEL_KEY, ONTOLOGY_GRAPH, document_graphs, documents_ntriples,
                      load_graphs, load_ontology_graph, open_store, quad_count, remove_document)
from kg.errors import StoreError
from kg.ontology import normalize_label
from tests.data import SAMPLE
from tests.storedata import document_graph, make_store


def test_reload_is_idempotent_and_replaces(tmp_path: Path) -> None:
    store = make_store(tmp_path / "s")
    first = quad_count(store)
    load_graphs(store, [document_graph()])
    assert quad_count(store) == first
    # a rebuild without the partnerships leaves nothing stale
    load_graphs(store, [document_graph(partners=False)])
    rows = list(open_store(store).quads_for_pattern(None, ox.NamedNode("https://w3id.org/unkg#partners-with"),
                                                     None, None))
    assert rows == [] and quad_count(store) < first


def test_sample_built_twice_same_quad_count(tmp_path: Path) -> None:
    result = build([SAMPLE])
    store = tmp_path / "s"
    load_graphs(store, result)
    first = quad_count(store)
    load_graphs(store, result)
    assert quad_count(store) == first > 1000
    assert document_graphs(store) == ["https://w3id.org/unkg/graph/E%2F2009%2F100/zh"]


def test_ontology_graph_loaded_once(tmp_path: Path) -> None:
    store = make_store(tmp_path / "s")
    assert open_store(store).contains_named_graph(ox.NamedNode(ONTOLOGY_GRAPH))
    assert load_ontology_graph(store) is False
    count = quad_count(store)
    assert load_ontology_graph(store, force=True) is True
    assert quad_count(store) == count


def test_every_label_has_its_key_in_its_graph(tmp_path: Path) -> None:
    store = open_store(make_store(tmp_path / "s"))
    graph = document_graphs(store)[0]
    habitat = ox.NamedNode("https://w3id.org/unkg/id/UN-Habitat")
    assert ox.Quad(habitat, LABEL_KEY, ox.Literal("人居署"), ox.NamedNode(graph)) in store
    full_name = ox.Literal("unitednationshumansettlementsprogramme")
    assert ox.Quad(habitat, LABEL_KEY, full_name, ox.NamedNode(graph)) in store
    labels = {ONTOLOGY_GRAPH: 0, ENTITIES_GRAPH: 0, graph: 0}
    for prop in ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2004/02/skos/core#altLabel",
                 "https://w3id.org/unkg#abbreviation"):
        for quad in store.quads_for_pattern(None, ox.NamedNode(prop), None, None):
            key = ox.Literal(normalize_label(quad.object.value))
            assert ox.Quad(quad.subject, LABEL_KEY, key, quad.graph_name) in store, quad
            labels[quad.graph_name.value] += 1
    assert all(labels.values()), labels


def test_remove(tmp_path: Path) -> None:
    store = make_store(tmp_path / "s", document_graph("A/1"), document_graph("B/2"))
    assert len(document_graphs(store)) == 2
    before = quad_count(store)
    assert remove_document(store, "A/1") is True
    assert document_graphs(store) == ["https://w3id.org/unkg/graph/B%2F2/zh"]
    assert quad_count(store) < before
    assert remove_document(store, "A/1") is False


def test_read_only_missing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        open_store(tmp_path / "nothing", read_only=True)


def test_the_languages_of_one_document_have_a_graph_each(tmp_path: Path) -> None:
    chinese, english = tmp_path / "a.zh.txt", tmp_path / "a.en.txt"
    chinese.write_text("E/2099/1\n人居署 与 环境署 合作 。\n", encoding="utf-8")
    english.write_text("E/2099/1\nUN-Habitat cooperated with UNEP.\n", encoding="utf-8")
    store = tmp_path / "s"
    load_graphs(store, build([chinese, english]))
    assert document_graphs(store) == ["https://w3id.org/unkg/graph/E%2F2099%2F1/en",
                                      "https://w3id.org/unkg/graph/E%2F2099%2F1/zh"]
    assert remove_document(store, "E/2099/1") is True
    assert document_graphs(store) == []


def test_a_build_describes_the_ontologys_entities_once(tmp_path: Path) -> None:
    result = build([SAMPLE], tmp_path, store=tmp_path / "store")
    store = open_store(tmp_path / "store")
    graph, entities = ox.NamedNode(document_graphs(store)[0]), ox.NamedNode(ENTITIES_GRAPH)
    habitat, key = ox.NamedNode("https://w3id.org/unkg/id/UN-Habitat"), ox.Literal("人居署")
    assert ox.Quad(habitat, LABEL_KEY, key, entities) in store
    assert ox.Quad(habitat, LABEL_KEY, key, graph) not in store
    ontology = load_ontology()
    found = {m.entity for m in result.graphs[0].mentions if not described_by_ontology(m.entity, ontology)}
    assert found and all(any(store.quads_for_pattern(ox.NamedNode(e.iri), None, None, graph)) for e in found)
    # the documents' triples with their entities' descriptions: what graph.trig says
    said = {str(ox.Triple(q.subject, q.predicate, q.object))
            for q in ox.parse(path=str(tmp_path / "graph.trig"), format=ox.RdfFormat.TRIG)}
    projected = {str(t) for t in ox.parse(documents_ntriples(store), format=ox.RdfFormat.N_TRIPLES)
                 if t.predicate != ox.NamedNode(BUILD_KEY)}
    assert projected == said
    # queries read the union of the graphs: the same answers as from documents' graphs describing everything
    loaded = tmp_path / "loaded"
    load_graphs(loaded, result)
    for query, params in (("labels", {"entity": "人居署"}), ("partners-of", {"org": "UN-Habitat"})):
        answers = select(store, query, params)
        assert answers and answers == select(loaded, query, params)
