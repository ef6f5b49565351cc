from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

import httpx
import pytest
from SPARQLWrapper import CSV, JSON, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException
from urllib.error import HTTPError

from tests.servers import free_port, running
from tests.storedata import make_store

KG = [str(Path(sys.executable).parent / "kg")]


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    store = make_store(tmp_path_factory.mktemp("serve") / "s")
    port = free_port()
    url = f"http://127.0.0.1:{port}/sparql"
    command = KG + ["serve", "--store", store, "--port", str(port), "--timeout", "1", "--max-results", "5"]
    with running(command, f"http://127.0.0.1:{port}/"):
        yield url, store


def test_sparqlwrapper_json_and_csv(endpoint: tuple[str, str]) -> None:
    url, _ = endpoint
    client = SPARQLWrapper(url)
    client.setQuery("SELECT ?o WHERE { ent:UN-Habitat unkg:partners-with ?o }")
    client.setReturnFormat(JSON)
    result = client.query().convert()
    assert [b["o"]["value"] for b in result["results"]["bindings"]] == ["https://w3id.org/unkg/id/UNEP"]
    client.setReturnFormat(CSV)
    assert client.query().convert().decode().splitlines() == ["o", "https://w3id.org/unkg/id/UNEP"]


def test_negotiation(endpoint: tuple[str, str]) -> None:
    url, _ = endpoint
    query = {"query": "SELECT ?d WHERE { ?d a unkg:Document }"}
    for accept, media in [("text/tab-separated-values", "text/tab-separated-values"),
                          ("application/sparql-results+xml", "application/sparql-results+xml"),
                          ("text/csv;q=0.5, application/sparql-results+json", "application/sparql-results+json")]:
        response = httpx.post(url, data=query, headers={"Accept": accept})
        assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    construct = "CONSTRUCT { ?d a unkg:Document } WHERE { ?d a unkg:Document }"
    for accept, fragment in [("text/turtle", "<https://w3id.org/unkg#Document>"),
                             ("application/n-triples", "<https://w3id.org/unkg#Document> ."),
                             ("application/ld+json", '"@id"')]:
        response = httpx.get(url, params={"query": construct}, headers={"Accept": accept})
        assert response.status_code == 200 and fragment in response.text
    body = httpx.post(url, content=construct, headers={"Content-Type": "application/sparql-query",
                                                       "Accept": "image/png"})
    assert body.status_code == 406


def test_result_cap(endpoint: tuple[str, str]) -> None:
    url, _ = endpoint
    response = httpx.get(url, params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert len(response.json()["results"]["bindings"]) == 5
    assert response.headers["x-unkg-truncated"] == "true"


def test_update_refused_store_intact(endpoint: tuple[str, str]) -> None:
    url, store = endpoint
    client = SPARQLWrapper(url)
    client.setMethod("POST")
    client.setQuery("DROP ALL")
    with pytest.raises((SPARQLWrapperException, HTTPError)):
        client.query()
    assert httpx.post(url, data={"update": "DROP ALL"}).status_code == 403
    assert httpx.post(url, content="CLEAR ALL",
                      headers={"Content-Type": "application/sparql-update"}).status_code == 403
    assert httpx.get(url, params={"query": "DROP ALL"}).status_code == 400
    count = httpx.get(url, params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"})
    assert int(count.json()["results"]["bindings"][0]["n"]["value"]) > 1000


def test_syntax_error_and_timeout(endpoint: tuple[str, str]) -> None:
    url, _ = endpoint
    bad = httpx.get(url, params={"query": "SELECT ?x {\n ?x }"})
    assert bad.status_code == 400 and "line 2" in bad.text
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    response = httpx.get(url, params={"query": slow}, timeout=30)
    assert response.status_code == 503 and "limit" in response.text
    assert response.elapsed.total_seconds() < 5
