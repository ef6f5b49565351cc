from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import QueryError
from kg.query import bind_params, render, run_query, saved_queries, select
from tests.storedata import SENTENCE, document_graph, make_store

ID = "https://w3id.org/unkg/id/"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    return make_store(tmp_path_factory.mktemp("q") / "s", document_graph("E/2009/100"), document_graph("A/1"))


@pytest.mark.parametrize("org", ["UN-Habitat", "人居署", "united nations human settlements programme"])
def test_partners_of_any_label(store: str, org: str) -> None:
    rows = select(store, "partners-of", {"org": org})
    partners = {r["partner"] for r in rows}
    assert partners == {ID + "UNEP", ID + "Government-of-Kenya"}
    unep = [r for r in rows if r["partner"] == ID + "UNEP"]
    assert {r["document"] for r in unep} == {"E/2009/100", "A/1"}
    assert all(r["sentence"] == SENTENCE and r["paragraph"] == "3" for r in unep)
    assert unep[0]["partnerLabel"] == "United Nations Environment Programme"


@pytest.mark.parametrize("org", ["  un-HABITAT ", "ＵＮ－Ｈａｂｉｔａｔ", "人居 署",
                                 "UNITED NATIONS HUMAN SETTLEMENTS  PROGRAMME"])
def test_label_params_ignore_case_width_and_spaces(store: str, org: str) -> None:
    partners = {r["partner"] for r in select(store, "partners-of", {"org": org})}
    assert partners == {ID + "UNEP", ID + "Government-of-Kenya"}


def test_labels_of_an_entity_only_in_the_ontology_graph(store: str) -> None:
    # WHO is in the gazetteer, not in the documents: its keys come with the ontology graph
    rows = select(store, "labels", {"entity": "卫生组织"})
    assert {r["iri"] for r in rows} == {ID + "WHO"}
    assert ("World Health Organization", "en") in {(r["label"], r["language"]) for r in rows}


def test_label_keys_are_not_applied_to_other_params(store: str) -> None:
    query = "SELECT ?e WHERE { ?e unkg:labelKey ?k }"
    assert select(store, query, {"k": "unep"}) and select(store, query, {"k": "UNEP"}) == []


def test_partners_of_symmetric(store: str) -> None:
    assert {r["partner"] for r in select(store, "partners-of", {"org": "环境署"})} == {ID + "UN-Habitat"}


def test_every_saved_query(store: str) -> None:
    expected = {
        "partnership-network": lambda rows: {(r["source"], r["target"], r["evidence"]) for r in rows} == {
            (ID + "UN-Habitat", ID + "UNEP", "2"), (ID + "Government-of-Kenya", ID + "UN-Habitat", "2")},
        "most-connected": lambda rows: rows[0]["entity"] == ID + "UN-Habitat" and rows[0]["degree"] == "3",
        "resolutions-and-topics": lambda rows: rows == [{
            "resolution": ID + "resolution/22-8", "resolutionLabel": "Governing Council resolution 22/8",
            "adoptedBy": ID + "UN-Habitat", "adoptedByLabel": "United Nations Human Settlements Programme",
            "topic": "http://metadata.un.org/thesaurus/1002940", "topicLabel": "housing"}]
            or rows[0]["topic"] == "http://metadata.un.org/thesaurus/1002940",
        "who-supports-what": lambda rows: [(r["supporter"], r["supported"]) for r in rows] == [
            (ID + "Government-of-Kenya", ID + "programme/cities")],
        "meetings-and-places": lambda rows: [(r["meeting"], r["place"], r["placeLabelZh"]) for r in rows] == [
            (ID + "meeting/wuf4", ID + "Nairobi", "内罗毕")],
        "documents-mentioning": lambda rows: {(r["document"], r["relations"]) for r in rows} == {
            ("E/2009/100", "3"), ("A/1", "3")},
        "entities-by-subject": lambda rows: {r["subject"] for r in rows} == {
            "http://metadata.un.org/thesaurus/1002940"} and ID + "UNEP" in {r["entity"] for r in rows},
        "labels": lambda rows: {(r["label"], r["language"]) for r in rows} >= {
            ("UN-Habitat", "en"), ("人居署", "zh"), ("联合国人类住区规划署", "zh"),
            ("United Nations Human Settlements Programme", "en")},
        "partners-of": lambda rows: len(rows) == 4,
        # UNEP's only partner is UN-Habitat, whose other partner is Kenya
        "partners-of-partners": lambda rows: [(r["via"], r["candidate"], r["candidateLabel"]) for r in rows] == [
            (ID + "UN-Habitat", ID + "Government-of-Kenya", "Government of Kenya")],
    }
    params = {"org": "UN-Habitat", "entity": "人居署"}
    assert set(saved_queries()) == set(expected)
    for name, query in saved_queries().items():
        assert query.description, name
        given = {"org": "unep"} if name == "partners-of-partners" else params
        rows = select(store, name, {p: given[p] for p in query.params})
        assert rows and expected[name](rows), (name, rows)


def test_param_is_literal_safe(store: str) -> None:
    evil = 'x")) } ; DROP ALL ; SELECT * { ?s ?p ?o FILTER(("'
    assert select(store, "partners-of", {"org": evil}) == []
    assert select(store, "labels", {"entity": 'UN-Habitat" || true || "'}) == []
    text = bind_params("SELECT ?o WHERE { ?s ?p ?o FILTER(str(?o) = ?v) }", {"v": 'a"b\\c\n'})
    assert 'VALUES ?v { "a\\"b\\\\c\\n" }' in text
    rows = select(store, "SELECT ?l WHERE { ?e skos:prefLabel ?l FILTER(str(?l) = ?v) }", {"v": "人居署"})
    assert rows == [] or all(r["l"] == "人居署" for r in rows)


def test_param_errors(store: str) -> None:
    with pytest.raises(QueryError, match="needs --param org"):
        run_query(store, "partners-of")
    with pytest.raises(QueryError, match=r"no variable \?nope"):
        run_query(store, "labels", {"entity": "UNEP", "nope": "1"})
    with pytest.raises(QueryError, match="no saved query named 'partner-of'"):
        run_query(store, "partner-of")


def test_syntax_error_has_line_and_column(store: str) -> None:
    with pytest.raises(QueryError) as info:
        run_query(store, "SELECT ?x WHERE {\n  ?x ?y }")
    message = str(info.value)
    assert message.startswith("SPARQL syntax error at line 2, column") and "\n" not in message


def test_rq_file_ask_construct_and_formats(store: str, tmp_path: Path) -> None:
    path = tmp_path / "docs.rq"
    path.write_text("# documents\nSELECT ?id WHERE { ?d a unkg:Document ; dcterms:identifier ?id } ORDER BY ?id\n")
    assert [r["id"] for r in select(store, str(path))] == ["A/1", "E/2009/100"]
    assert bool(run_query(store, "ASK { ?s unkg:partners-with ?o }")) is True
    turtle = render(run_query(store, "CONSTRUCT { ?s unkg:partners-with ?o } WHERE { ?s unkg:partners-with ?o }"))
    assert "unkg:partners-with" in turtle and "@prefix unkg:" in turtle
    csv = render(run_query(store, str(path)), "csv")
    assert csv.splitlines()[0] == "id" and "E/2009/100" in csv
    assert '"vars"' in render(run_query(store, str(path)), "json")
    assert isinstance(run_query(store, "DESCRIBE ent:UNEP"), ox.QueryTriples)
