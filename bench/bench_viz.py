"""Benchmark (not a test): a random 5,000-node, 15,000-edge graph: layout time (igraph Fruchterman-Reingold vs
networkx spring_layout) and the time until the page has drawn in headless Chromium.

Run: .venv/bin/python bench/bench_viz.py [--nodes 5000] [--edges 15000] [--skip-spring]
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import networkx as nx

from kg.project import ENTITY_TYPES, PREDICATES
from kg.viz import layout, write_viz


def random_graph(nodes: int, edges: int, seed: int = 1) -> nx.MultiDiGraph:
    """A random projected-style graph with labels, types, predicates and one evidence sentence per edge."""
    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    for i in range(nodes):
        graph.add_node(f"n{i}", label_en=f"Entity {i}", label_zh=f"实体{i}", labels=[f"Entity {i}"],
                       type=rng.choice(ENTITY_TYPES), iri=f"n{i}")
    added = 0
    while added < edges:
        a, b, p = f"n{rng.randrange(nodes)}", f"n{rng.randrange(nodes)}", rng.choice(PREDICATES)
        if a != b and not graph.has_edge(a, b, key=p):
            added += 1
            graph.add_edge(a, b, key=p, predicate=p, directed=p != "partners-with", evidence_count=1,
                           evidence=[{"sentence": "A sentence.", "document": "X/1", "paragraph": 1}])
    for node, degree in graph.degree():
        graph.nodes[node]["degree"] = degree
    return graph


def main() -> None:
    """Print the layout and page timings."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--edges", type=int, default=15000)
    parser.add_argument("--skip-spring", action="store_true", help="skip networkx spring_layout (slow)")
    args = parser.parse_args()
    graph = random_graph(args.nodes, args.edges)
    start = time.perf_counter()
    layout(graph)
    igraph_seconds = time.perf_counter() - start
    spring = "skipped"
    if not args.skip_spring:
        start = time.perf_counter()
        try:
            nx.spring_layout(nx.Graph(graph.to_undirected()), seed=42)
            spring = f"{time.perf_counter() - start:.2f} s"
        except ImportError as error:  # networkx needs scipy for graphs this size
            spring = f"unavailable ({error})"
    print(f"layout, {args.nodes} nodes / {args.edges} edges: igraph Fruchterman-Reingold {igraph_seconds:.2f} s"
          f" | networkx spring_layout {spring}")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "big.html"
        start = time.perf_counter()
        write_viz(graph, page, max_nodes=max(args.nodes, 5000))
        print(f"page written in {time.perf_counter() - start:.2f} s ({page.stat().st_size / 1e6:.1f} MB)")
        chromium = shutil.which("chromium") or "/usr/bin/chromium"
        if not Path(chromium).exists():
            print("page interactive: skipped (no chromium; run scripts/install-system.sh)")
            return
        command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                   "--no-first-run", f"--user-data-dir={tmp}/profile", "--window-size=1200,800",
                   "--virtual-time-budget=30000", "--dump-dom", page.as_uri()]
        start = time.perf_counter()
        dom = subprocess.run(command, capture_output=True, text=True, timeout=300).stdout
        wall = time.perf_counter() - start
        drawn = re.search(r'data-drawn-ms="(\d+)"', dom)
        app = re.search(r'data-app-ms="(\d+)"', dom)
        if not drawn:
            print(f"page interactive: NOT drawn (chromium ran {wall:.2f} s)")
            return
        print(f"page interactive in headless Chromium: first draw at {int(drawn.group(1)) / 1000:.2f} s after "
              f"navigation start (page script to draw {int(app.group(1)) / 1000:.2f} s); whole chromium run "
              f"{wall:.2f} s incl. start-up")


if __name__ == "__main__":
    main()
