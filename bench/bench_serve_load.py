"""Benchmark: a longer bounded load on `kg serve` over loopback; prints requests, clients, rate and errors.

Run: .venv/bin/python bench/bench_serve_load.py [--clients 16] [--seconds 60] [--documents 200] [--slow 0]

The store is a hand-made one (``tests/storedata.py``) of ``--documents`` documents; the mix and its checks are
those of ``tests/test_serve_load.py`` (``tests/loadgen.py``). ``--slow N`` adds queries that would run for hours
with weight N: each should be stopped at the time limit, the others still answered.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.store import quad_count  # noqa: E402
from tests.loadgen import probes, run_load  # noqa: E402
from tests.servers import free_port, running  # noqa: E402
from tests.storedata import document_graph, make_store  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--slow", type=int, default=0, help="weight of never-ending queries in the mix")
    parser.add_argument("--timeout", type=float, default=5.0, help="the server's query time limit")
    args = parser.parse_args()
    max_results, max_request = 50, 8000
    with tempfile.TemporaryDirectory() as tmp:
        store = make_store(Path(tmp) / "s", *(document_graph(f"A/{n}") for n in range(args.documents)))
        before = quad_count(store)
        port = free_port()
        command = [str(Path(sys.executable).parent / "kg"), "serve", "--store", store, "--port", str(port),
                   "--timeout", str(args.timeout), "--max-results", str(max_results),
                   "--max-request", str(max_request)]
        with running(command, f"http://127.0.0.1:{port}/") as process:
            mix = probes(store, max_results=max_results, max_request=max_request, slow=args.slow)
            report = run_load(f"http://127.0.0.1:{port}/sparql", mix, clients=args.clients, seconds=args.seconds)
            alive = process.poll() is None
        after = quad_count(store)
    print(report.summary())
    print(f"store: {before} quads before, {after} after ({'intact' if before == after else 'CHANGED'}); "
          f"server {'alive' if alive else 'DIED'} at the end")
    for problem in report.wrong[:10]:
        print("wrong:", problem)
    return 0 if alive and before == after and not report.wrong else 1


if __name__ == "__main__":
    sys.exit(main())
