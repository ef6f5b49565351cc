from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from kg.query import select
from kg.store import document_graphs, load_graphs, quad_count, remove_document
from tests.servers import free_port, running
from tests.storedata import document_graph

BIN = Path(sys.executable).parent
KG = str(BIN / "kg")


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` server of the PyPI package ``oxigraph``, next to Python or on PATH."""
    candidate = BIN / "oxigraph"
    return str(candidate) if candidate.exists() else shutil.which("oxigraph")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary was not found (pip install oxigraph)")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [binary, "serve", "--location", str(tmp_path / "oxigraph"), "--bind", f"127.0.0.1:{port}",
               "--union-default-graph"]
    with running(command, url + "/query?query=ASK%7B%7D"):
        yield url


def test_load_query_remove_remote(server: str) -> None:
    load_graphs(server, [document_graph("A/1"), document_graph("B/2")])
    first = quad_count(server)
    load_graphs(server, [document_graph("A/1"), document_graph("B/2")])
    assert quad_count(server) == first > 1000
    assert len(document_graphs(server)) == 2
    rows = select(server, "partners-of", {"org": "人居署"})
    assert {r["partner"].rsplit("/", 1)[-1] for r in rows} == {"UNEP", "Government-of-Kenya"}
    assert remove_document(server, "A/1") is True
    assert document_graphs(server) == ["https://w3id.org/unkg/graph/B%2F2/zh"]
    assert remove_document(server, "A/1") is False


def test_cli_build_and_query_remote(server: str, tmp_path: Path) -> None:
    sample = tmp_path / "doc.zh.txt"
    sample.write_text("人居署 与 环境署 合作 。\n", encoding="utf-8")
    built = subprocess.run([KG, "build", str(sample), "--out", str(tmp_path / "out"), "--store", server],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    assert f"loaded into {server}" in built.stdout
    query = "SELECT ?id WHERE { ?d a unkg:Document ; dcterms:identifier ?id }"
    answer = subprocess.run([KG, "query", query, "--store", server, "--format", "csv"],
                            capture_output=True, text=True, timeout=120)
    assert answer.returncode == 0, answer.stderr
    assert answer.stdout.splitlines() == ["id", "doc.zh"]
    labels = subprocess.run([KG, "query", "labels", "--param", "entity=Nairobi", "--store", server,
                             "--format", "tsv"], capture_output=True, text=True, timeout=120)
    assert labels.returncode == 0 and '"内罗毕"@zh' in labels.stdout
