"""A bounded load on a loopback SPARQL endpoint: client threads send a seeded mix of good queries, bad queries,
update attempts and oversized requests for a fixed time, and check every answer.

Used by ``tests/test_serve_load.py`` (10 s) and ``bench/bench_serve_load.py`` (longer runs).
"""
from __future__ import annotations

import random
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

import httpx

from kg.query import select

UPDATE = "application/sparql-update"
QUERY = "application/sparql-query"
JSON = {"Accept": "application/sparql-results+json"}


@dataclass(frozen=True)
class Probe:
    """One kind of request, how often it is sent, and what makes its answer right."""

    kind: str
    weight: int
    send: Callable[[httpx.Client, str], httpx.Response]
    right: Callable[[httpx.Response], bool]


@dataclass
class LoadReport:
    """What the clients saw: requests by kind, wrong answers, documented time-outs (503)."""

    clients: int
    seconds: float
    sent: Counter = field(default_factory=Counter)
    wrong: list[str] = field(default_factory=list)
    timeouts: int = 0

    @property
    def requests(self) -> int:
        return sum(self.sent.values())

    def summary(self) -> str:
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(self.sent.items()))
        return (f"load: {self.requests} requests from {self.clients} clients in {self.seconds:.1f} s "
                f"({self.requests / self.seconds:.0f}/s); wrong answers {len(self.wrong)}, documented time-outs "
                f"(503) {self.timeouts}; by kind: {kinds}")


def _bindings(response: httpx.Response) -> set[tuple[tuple[str, str], ...]]:
    rows = response.json()["results"]["bindings"]
    return {tuple(sorted((name, cell["value"]) for name, cell in row.items())) for row in rows}


def probes(store: str, *, max_results: int, max_request: int, slow: int = 0) -> list[Probe]:
    """The mix, with the right answers of the good queries computed from the store itself beforehand.

    :param slow: the weight of a query that runs for hours (a triple cross join): its right answer is a 503.
    """
    partners = "SELECT ?o WHERE { ent:UN-Habitat unkg:partners-with ?o }"
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    documents = "CONSTRUCT { ?d a unkg:Document } WHERE { ?d a unkg:Document }"
    expected_partners = {tuple(sorted(row.items())) for row in select(store, partners)}
    expected_count = select(store, count)[0]["n"]
    expected_documents = len(select(store, "SELECT ?d WHERE { ?d a unkg:Document }"))
    huge = "SELECT * WHERE { ?s ?p ?o } # " + "x" * (2 * max_request)
    long_url = "SELECT * WHERE { ?s ?p ?o } # " + "y" * (max_request + 100)  # keep max_request < 16 KB: uvicorn's
    # own limit on a request's head answers 400 beyond that
    status = (lambda code: lambda r: r.status_code == code)
    cross_join = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    slow_probes = [Probe("slow", slow, lambda c, u: c.get(u, params={"query": cross_join}),
                         lambda r: r.status_code == 503 and "limit" in r.text)] if slow else []
    return slow_probes + [
        Probe("select", 6, lambda c, u: c.get(u, params={"query": partners}, headers=JSON),
              lambda r: r.status_code == 200 and _bindings(r) == expected_partners),
        Probe("count", 3, lambda c, u: c.post(u, data={"query": count}, headers=JSON),
              lambda r: r.status_code == 200 and r.json()["results"]["bindings"][0]["n"]["value"] == expected_count),
        Probe("ask", 2, lambda c, u: c.post(u, content="ASK { ent:UNEP ?p ?o }", headers={"Content-Type": QUERY}),
              lambda r: r.status_code == 200 and r.json()["boolean"] is True),
        Probe("construct", 2, lambda c, u: c.get(u, params={"query": documents},
                                                 headers={"Accept": "application/n-triples"}),
              lambda r: r.status_code == 200 and len(r.text.strip().splitlines()) == min(expected_documents,
                                                                                         max_results)),
        Probe("truncated", 1, lambda c, u: c.get(u, params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers=JSON),
              lambda r: r.status_code == 200 and len(r.json()["results"]["bindings"]) == max_results
              and r.headers.get("x-unkg-truncated") == "true"),
        Probe("syntax error", 2, lambda c, u: c.get(u, params={"query": "SELECT ?x WHERE { ?x"}),
              lambda r: r.status_code == 400 and "syntax error" in r.text),
        Probe("update form", 1, lambda c, u: c.post(u, data={"update": "DROP ALL"}), status(403)),
        Probe("update body", 1, lambda c, u: c.post(u, content="CLEAR ALL", headers={"Content-Type": UPDATE}),
              status(403)),
        Probe("update as query", 1, lambda c, u: c.post(u, content="INSERT DATA { <a:a> <a:b> <a:c> }",
                                                         headers={"Content-Type": QUERY}), status(400)),
        Probe("delete in url", 1, lambda c, u: c.get(u, params={"query": "DELETE WHERE { ?s ?p ?o }"}), status(400)),
        Probe("service", 1, lambda c, u: c.get(u, params={"query": "SELECT * { SERVICE <http://127.0.0.1:1/> {} }"}),
              status(403)),
        Probe("huge body", 1, lambda c, u: c.post(u, content=huge, headers={"Content-Type": QUERY}), status(413)),
        Probe("huge form", 1, lambda c, u: c.post(u, data={"query": huge}), status(413)),
        Probe("long url", 1, lambda c, u: c.get(u, params={"query": long_url}), status(414)),
        Probe("not utf-8", 1, lambda c, u: c.post(u, content=b"SELECT \xff\xfe", headers={"Content-Type": QUERY}),
              status(400)),
        Probe("wrong type", 1, lambda c, u: c.post(u, content="SELECT 1", headers={"Content-Type": "text/plain"}),
              status(415)),
    ]


def run_load(url: str, mix: list[Probe], *, clients: int, seconds: float, seed: int = 0) -> LoadReport:
    """``clients`` threads, each with its own connection, send requests drawn from ``mix`` until ``seconds``
    have passed; every answer is checked. A 503 naming the time limit is a documented time-out, not an error."""
    report = LoadReport(clients, seconds)
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        with httpx.Client(timeout=60) as session:
            while time.monotonic() < stop:
                probe = rng.choices(mix, weights=[p.weight for p in mix])[0]
                try:
                    response = probe.send(session, url)
                    right = probe.right(response)
                    problem = f"{probe.kind}: HTTP {response.status_code} {response.text[:200]!r}"
                except (httpx.HTTPError, ValueError, KeyError) as error:
                    response, right, problem = None, False, f"{probe.kind}: {type(error).__name__}: {error}"
                with lock:
                    report.sent[probe.kind] += 1
                    if right:
                        continue
                    if response is not None and response.status_code == 503 and re.search("limit|busy", response.text):
                        report.timeouts += 1
                    else:
                        report.wrong.append(problem)

    threads = [threading.Thread(target=client, args=(n,), name=f"load-client-{n}") for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report.seconds = time.monotonic() - started
    return report
