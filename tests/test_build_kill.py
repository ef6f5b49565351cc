"""A build killed with SIGKILL leaves the store readable with what it had, every document graph in it whole,
and a rebuild gives what an uninterrupted build gives."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from kg.build import CACHE_DIR, OUTPUTS, build
from kg.store import BUILD_KEY, ONTOLOGY_GRAPH
from tests.scaledata import document_quads, write_corpus

DOCUMENTS = 24
KILL_AFTER_SHARDS = (3, 10, 18)  # documents extracted when the build is killed; plus a random delay
TIMEOUT = 300


def graphs_of(location: Path) -> dict[str, set[str]]:
    """Each document graph's quads (build keys aside)."""
    graphs: dict[str, set[str]] = {}
    for quad in ox.Store.read_only(str(location)):
        if quad.graph_name != ox.NamedNode(ONTOLOGY_GRAPH) and quad.predicate != ox.NamedNode(BUILD_KEY):
            graphs.setdefault(str(quad.graph_name), set()).add(str(quad))
    return graphs


def kill_build_midway(folder: Path, out: Path, store: Path, shards: int, rng: random.Random) -> bool:
    """Start `kg build` with two workers, SIGKILL its whole process group once ``shards`` documents are extracted.

    :returns: whether the build was still running when killed.
    """
    command = [sys.executable, "-m", "kg", "build", str(folder), "--out", str(out), "--store", str(store),
               "--jobs", "2", "--quiet"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.monotonic() + TIMEOUT
    try:
        while process.poll() is None and time.monotonic() < deadline:
            if len(list((out / CACHE_DIR).glob("*.shard"))) >= shards:
                time.sleep(rng.uniform(0, 0.3))
                break
            time.sleep(0.05)
        running = process.poll() is None
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    return running


def test_killed_builds_leave_the_store_whole_and_a_rebuild_completes_it(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    files = write_corpus(folder, DOCUMENTS, paragraphs=8)
    reference = tmp_path / "reference"
    assert build([folder], reference, jobs=1, store=reference / "store").documents == DOCUMENTS
    expected = graphs_of(reference / "store")
    store = tmp_path / "store"
    build(files[:3], tmp_path / "before", jobs=1, store=store)  # the store before the killed builds
    rng = random.Random(7)
    killed, partial = 0, 0
    for number, shards in enumerate(KILL_AFTER_SHARDS):
        before = document_quads(store)
        killed += kill_build_midway(folder, tmp_path / f"out{number}", store, shards, rng)
        ox.Store(str(store)).flush()  # opens for writing: no stale lock after SIGKILL
        after = graphs_of(store)
        partial += len(after) < DOCUMENTS
        assert before <= document_quads(store)
        for graph, quads in after.items():
            assert quads == expected[graph], f"{graph} is not whole after the kill at {shards} documents"
    assert killed and partial, "every build finished its store writes before it could be killed"
    out = tmp_path / "out"
    rebuilt = subprocess.run([sys.executable, "-m", "kg", "build", str(folder), "--out", str(out), "--store",
                              str(store), "--jobs", "2", "--quiet"], capture_output=True, text=True,
                             timeout=TIMEOUT)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert graphs_of(store) == expected
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (reference / name).read_bytes(), name
