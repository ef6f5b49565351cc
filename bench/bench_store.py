"""Benchmark the store: the sample's graph replicated with renamed entities to about 1M triples, the saved
queries and a 2-hop partner-of-partner query timed on Oxigraph (on disk) and on rdflib's in-memory Graph.

    .venv/bin/python bench/bench_store.py [--triples 1000000] [--skip-rdflib]
"""
from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
import rdflib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.build import build  # noqa: E402
from kg.query import ALL_PREFIXES, bind_params, saved_queries  # noqa: E402
from kg.rdf import to_dataset  # noqa: E402
from kg.ontology import load_ontology  # noqa: E402
from kg.store import load_ontology_graph, ontology_files  # noqa: E402

SAMPLE = ROOT / "data" / "E-2009-100.zh.txt"
PARAMS = {"org": "Government of France", "entity": "Government of France"}
TWO_HOP = """SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {
  ?a (unkg:partners-with|^unkg:partners-with) ?b . ?b (unkg:partners-with|^unkg:partners-with) ?c .
  FILTER(?a != ?c) }"""


def replicated(target: int) -> tuple[bytes, int]:
    """N-Quads of the sample's document graph copied with renamed entities, documents and statements."""
    dataset = to_dataset(build([SAMPLE]).graphs, load_ontology())
    base = dataset.serialize(format="nquads", encoding="utf-8").decode()
    per_copy = base.count("\n")
    copies = max(1, target // per_copy)
    parts = []
    for i in range(copies):
        text = base
        for prefix in ("https://w3id.org/unkg/id/", "https://w3id.org/unkg/doc/", "https://w3id.org/unkg/graph/",
                       "https://w3id.org/unkg/statement/"):
            text = text.replace(prefix, f"{prefix}c{i}-")
        parts.append(text)
    return "".join(parts).encode(), per_copy * copies


def timed(function, repeat: int = 3) -> float:
    """Median seconds of a few runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _rdflib_child(graph: rdflib.Graph, text: str, pipe) -> None:
    start = time.perf_counter()
    len(list(graph.query(text, initNs=ALL_PREFIXES)))
    pipe.send(time.perf_counter() - start)


def rdflib_seconds(graph: rdflib.Graph, text: str, limit: float) -> float | None:
    """Seconds rdflib takes for a query, in a forked child killed past ``limit`` (None then)."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_rdflib_child, args=(graph, text, sender))
    child.start()
    try:
        return receiver.recv() if receiver.poll(limit) else None
    finally:
        child.kill()
        child.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--skip-rdflib", action="store_true")
    parser.add_argument("--exclude", action="append", default=[], help="a saved query not to time")
    parser.add_argument("--rdflib-timeout", type=float, default=120.0, help="seconds per rdflib query")
    args = parser.parse_args()
    start = time.perf_counter()
    data, count = replicated(args.triples)
    print(f"data: {count} document triples (+ ontology graph), made in {time.perf_counter() - start:.1f} s")

    folder = Path(tempfile.mkdtemp(prefix="unkg-bench-")) / "store"
    store = ox.Store(str(folder))
    start = time.perf_counter()
    store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    load_ontology_graph(store)
    store.flush()
    store.optimize()
    print(f"oxigraph: {len(store)} quads loaded in {time.perf_counter() - start:.1f} s")
    del store
    reopen = timed(lambda: ox.Store(str(folder)).query("ASK { ?s ?p ?o }"), 3)
    store = ox.Store(str(folder))

    graph = None
    if not args.skip_rdflib:
        start = time.perf_counter()
        graph = rdflib.Graph()
        triples = ox.serialize((ox.Triple(q.subject, q.predicate, q.object)
                                for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)), format=ox.RdfFormat.N_TRIPLES)
        graph.parse(data=triples.decode(), format="nt")  # graph names dropped: one union graph, as in the store
        for path in ontology_files():
            graph.parse(path, format="turtle")
        print(f"rdflib: {len(graph)} triples loaded in {time.perf_counter() - start:.1f} s")

    queries = {name: bind_params(q.text, {p: PARAMS[p] for p in q.params}) for name, q in saved_queries().items()
               if name not in args.exclude}
    queries["2-hop partner-of-partner"] = TWO_HOP
    print(f"\n{'query':28} {'oxigraph s':>11} {'rdflib s':>10} {'ratio':>8}  rows")
    for name, text in queries.items():
        def ox_run() -> int:
            return sum(1 for _ in store.query(text, prefixes=ALL_PREFIXES, use_default_graph_as_union=True))
        rows = ox_run()
        ox_s = timed(ox_run)
        if graph is not None:
            rd_s = rdflib_seconds(graph, text, args.rdflib_timeout)
            if rd_s is None:
                print(f"{name:28} {ox_s:11.3f} {'>' + format(args.rdflib_timeout, 'g'):>10} "
                      f"{'>' + format(args.rdflib_timeout / ox_s, '.0f') + 'x':>8}  {rows}", flush=True)
            else:
                print(f"{name:28} {ox_s:11.3f} {rd_s:10.3f} {rd_s / ox_s:7.1f}x  {rows}", flush=True)
        else:
            print(f"{name:28} {ox_s:11.3f} {'-':>10} {'-':>8}  {rows}", flush=True)
    print(f"\nstore reopen (open + first ASK): {reopen:.3f} s")
    print(f"store folder: {folder}")


if __name__ == "__main__":
    main()
