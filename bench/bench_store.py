"""Benchmark the store: the sample's graph replicated with renamed entities to about 1M triples, every saved
query and two whole-graph 2-hop queries timed on Oxigraph (on disk) and on rdflib's in-memory Graph, the same
query text on both in one run.

    .venv/bin/python bench/bench_store.py [--triples 1000000] [--skip-rdflib] [--keep]

The 2-hop query users run is the saved ``partners-of-partners`` (one organisation's partners' partners). The
whole-graph ones count every pair two partnerships apart: once with property-path alternation (the formulation
timed before), once with plain triple patterns joined by UNION. Labels are not renamed in the copies, so a
label parameter names that entity in every copy: at 1M triples, the per-organisation queries answer for about
190 organisations at once. "2-hop one organisation" is the saved partners-of-partners anchored on the first copy's
UNEP (its IRI instead of the label key): what one user's query costs in a 1M-triple store.
"""
from __future__ import annotations

import argparse
import multiprocessing
import shutil
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
from kg.query import ALL_PREFIXES, saved_queries  # noqa: E402
from kg.rdf import to_dataset  # noqa: E402
from kg.ontology import load_ontology  # noqa: E402
from kg.store import label_keys, load_ontology_graph, ontology_files  # noqa: E402

SAMPLE = ROOT / "data" / "E-2009-100.zh.txt"
# Labels as users type them; every copy of the sample has an entity with these labels.
PARAMS = {"org": "UNEP", "entity": "UN-Habitat"}
ONE_ORGANISATION = "VALUES ?entity { ent:c0-UNEP }"
TWO_HOP = {
    "2-hop all pairs, paths": """SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {
  ?a (unkg:partners-with|^unkg:partners-with) ?b . ?b (unkg:partners-with|^unkg:partners-with) ?c .
  FILTER(?a != ?c) }""",
    "2-hop all pairs, UNION": """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?a ?c WHERE {
  { ?a unkg:partners-with ?b } UNION { ?b unkg:partners-with ?a }
  { ?b unkg:partners-with ?c } UNION { ?c unkg:partners-with ?b }
  FILTER(?a != ?c) } }""",
}


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
    rows = len(list(graph.query(text, initNs=ALL_PREFIXES)))
    pipe.send((time.perf_counter() - start, rows))


def rdflib_seconds(graph: rdflib.Graph, text: str, limit: float) -> tuple[float, int] | None:
    """Seconds rdflib takes for a query and its rows, in a forked child killed past ``limit`` (None then)."""
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
    parser.add_argument("--exclude", action="append", default=[], help="a query not to time (as named in the table)")
    parser.add_argument("--rdflib-timeout", type=float, default=120.0, help="seconds per rdflib query")
    parser.add_argument("--keep", action="store_true", help="keep the Oxigraph store (for oxigraph query --explain)")
    args = parser.parse_args()
    start = time.perf_counter()
    data, count = replicated(args.triples)
    print(f"data: {count} document triples (+ ontology graph), made in {time.perf_counter() - start:.1f} s")

    folder = Path(tempfile.mkdtemp(prefix="unkg-bench-")) / "store"
    try:
        run(args, data, folder)
    finally:
        if args.keep:
            print(f"store folder: {folder}")
        else:
            shutil.rmtree(folder.parent)


def run(args: argparse.Namespace, data: bytes, folder: Path) -> None:
    """Load the data into Oxigraph (and rdflib), time the queries and print the table."""
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
        ontology = [t for path in ontology_files() for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
        graph.parse(data=ox.serialize(ontology + label_keys(ontology), format=ox.RdfFormat.N_TRIPLES).decode(),
                    format="nt")  # as load_ontology_graph writes it
        print(f"rdflib: {len(graph)} triples loaded in {time.perf_counter() - start:.1f} s")

    saved = saved_queries()
    queries = {name: q.bind({p: PARAMS[p] for p in q.params}) for name, q in saved.items()}
    anchor = "?entity unkg:labelKey ?org ."
    assert anchor in saved["partners-of-partners"].text
    queries["2-hop one organisation"] = saved["partners-of-partners"].text.replace(anchor, ONE_ORGANISATION)
    queries.update(TWO_HOP)
    queries = {name: text for name, text in queries.items() if name not in args.exclude}
    print(f"parameters: {PARAMS}, each naming the entity of every copy; Oxigraph: median of 3 runs; rdflib: one run")
    print(f"\n{'query':28} {'oxigraph s':>11} {'rdflib s':>10} {'ratio':>8}  rows (oxigraph/rdflib)")
    for name, text in queries.items():
        def ox_run() -> int:
            return sum(1 for _ in store.query(text, prefixes=ALL_PREFIXES, use_default_graph_as_union=True))
        rows = ox_run()
        ox_s = timed(ox_run)
        if graph is not None:
            measured = rdflib_seconds(graph, text, args.rdflib_timeout)
            if measured is None:
                print(f"{name:28} {ox_s:11.3f} {'>' + format(args.rdflib_timeout, 'g'):>10} "
                      f"{'>' + format(args.rdflib_timeout / ox_s, '.0f') + 'x':>8}  {rows}/?", flush=True)
            else:
                rd_s, rd_rows = measured
                print(f"{name:28} {ox_s:11.3f} {rd_s:10.3f} {rd_s / ox_s:7.1f}x  {rows}/{rd_rows}", flush=True)
        else:
            print(f"{name:28} {ox_s:11.3f} {'-':>10} {'-':>8}  {rows}", flush=True)
    print(f"\nstore reopen (open + first ASK): {reopen:.3f} s")
    print(f"\nThe 2-hop query text timed on both, as saved (partners-of-partners, org bound as a VALUES block):\n"
          f"{queries.get('partners-of-partners', '(excluded)')}")
    print(f"\n2-hop one organisation: the same with `{ONE_ORGANISATION}` for the label key lookup.")
    for name, text in TWO_HOP.items():
        print(f"\n{name}:\n{text}")


if __name__ == "__main__":
    main()
