"""The endpoint under a bounded load on loopback: it keeps answering, every answer is right, the store is intact.

Also its guards one by one: request size, federated queries, bodies that are not UTF-8, the loopback warning.
Run with ``-s`` to see the load figures; ``bench/bench_serve_load.py`` runs longer loads.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from kg.query import calls_service
from kg.serve import is_loopback
from kg.store import quad_count
from tests.loadgen import probes, run_load
from tests.servers import free_port, running
from tests.storedata import document_graph, make_store

KG = [str(Path(sys.executable).parent / "kg")]
MAX_RESULTS, MAX_REQUEST = 50, 8000


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, object]]:
    store = make_store(tmp_path_factory.mktemp("load") / "s", *(document_graph(f"A/{n}") for n in range(30)))
    port = free_port()
    command = KG + ["serve", "--store", store, "--port", str(port), "--timeout", "5",
                    "--max-results", str(MAX_RESULTS), "--max-request", str(MAX_REQUEST)]
    with running(command, f"http://127.0.0.1:{port}/") as process:
        yield f"http://127.0.0.1:{port}/sparql", store, process


def test_every_probe_alone(endpoint) -> None:
    url, store, _ = endpoint
    with httpx.Client(timeout=30) as client:
        for probe in probes(store, max_results=MAX_RESULTS, max_request=MAX_REQUEST):
            response = probe.send(client, url)
            assert probe.right(response), (probe.kind, response.status_code, response.text[:300])


def test_bounded_load_keeps_answering_and_store_stays_intact(endpoint) -> None:
    url, store, process = endpoint
    mix = probes(store, max_results=MAX_RESULTS, max_request=MAX_REQUEST)
    before = quad_count(store)
    report = run_load(url, mix, clients=8, seconds=10, seed=8)
    print("\n" + report.summary())
    assert process.poll() is None, "the server died under load"
    assert report.wrong == [], report.wrong[:10]
    assert report.timeouts == 0  # quick queries only: a 503 would mean the workers jammed
    assert report.requests > 500 and all(report.sent[p.kind] for p in mix)
    count = httpx.get(url, params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"})
    assert int(count.json()["results"]["bindings"][0]["n"]["value"]) == before
    assert quad_count(store) == before


def test_slow_queries_cannot_jam_the_workers(tmp_path: Path) -> None:
    """Queries that would run for hours, sent without pause alongside good ones: each is stopped at the 1 s limit
    (its worker process killed and replaced), the good ones keep being answered, right."""
    store = make_store(tmp_path / "s", *(document_graph(f"A/{n}") for n in range(30)))
    port = free_port()
    url = f"http://127.0.0.1:{port}/sparql"
    command = KG + ["serve", "--store", store, "--port", str(port), "--timeout", "1", "--max-results", "50"]
    with running(command, f"http://127.0.0.1:{port}/") as process:
        mix = [p for p in probes(store, max_results=50, max_request=8000, slow=3)
               if p.kind in ("slow", "select", "count", "ask")]
        report = run_load(url, mix, clients=6, seconds=10, seed=3)
        print("\nwith slow queries: " + report.summary())
        assert process.poll() is None and report.wrong == [], report.wrong[:10]
        assert report.sent["slow"] >= 5 and report.sent["select"] + report.sent["count"] + report.sent["ask"] >= 20
        deadline = time.monotonic() + 30  # replacements start in about a second each
        while httpx.get(url, params={"query": "ASK { ?s ?p ?o }"}, timeout=10).status_code != 200:
            assert time.monotonic() < deadline, "the workers were not replaced"
            time.sleep(0.5)
        answered = [httpx.get(url, params={"query": "ASK { ?s ?p ?o }"}, timeout=10) for _ in range(20)]
        assert all(r.status_code == 200 and r.elapsed.total_seconds() < 1 for r in answered)


def test_service_is_recognised_outside_strings_and_names() -> None:
    assert calls_service("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }")
    assert calls_service("select * { service silent <http://x/> { } }")
    assert not calls_service('SELECT * { ?s ex:service ?o . ?s ?p "SERVICE <x>" } # SERVICE')
    assert not calls_service("SELECT ?service { ?service service:x <http://x/SERVICE> }")


def test_loopback_is_told_apart() -> None:
    for host in ("127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost", "LOCALHOST"):
        assert is_loopback(host), host
    for host in ("0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "example.org", "127.0.0.1.example.org"):
        assert not is_loopback(host), host


def test_warning_when_bound_elsewhere(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture,
                                      tmp_path: Path) -> None:
    """``serve`` warns before listening on a non-loopback address (uvicorn is replaced: nothing listens)."""
    import uvicorn

    from kg.serve import serve

    store = make_store(tmp_path / "s")
    calls: list[str] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port, **_: calls.append(host))
    serve(store, host="0.0.0.0", port=1)
    serve(store, host="127.0.0.1", port=1)
    lines = capsys.readouterr().out.splitlines()
    assert calls == ["0.0.0.0", "127.0.0.1"]
    warnings = [line for line in lines if line.startswith("Warning:")]
    assert warnings == ["Warning: listening on 0.0.0.0, not loopback: other machines can query this store"]
