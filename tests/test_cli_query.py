from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.store import document_graphs, quad_count
from tests.storedata import document_graph, make_store

runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    return make_store(tmp_path_factory.mktemp("cli") / "s", document_graph())


def test_query_saved_table(store: str) -> None:
    result = runner.invoke(app, ["query", "partners-of", "--param", "org=UN-Habitat", "--store", store])
    assert result.exit_code == 0, result.output
    assert "ent:UNEP" in result.output and "1 row" not in result.output


def test_query_formats(store: str) -> None:
    result = runner.invoke(app, ["query", "partners-of", "--param", "org=人居署", "--store", store,
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.output)["results"]["bindings"]
    assert {b["partner"]["value"].rsplit("/", 1)[-1] for b in bindings} == {"UNEP", "Government-of-Kenya"}
    csv = runner.invoke(app, ["query", "SELECT ?id WHERE { ?d a unkg:Document ; dcterms:identifier ?id }", "--store", store,
                              "--format", "csv"])
    assert csv.output.splitlines() == ["id", "E/2009/100"]
    turtle = runner.invoke(app, ["query", "DESCRIBE ent:UNEP", "--store", store])
    assert turtle.exit_code == 0 and "ent:UNEP" in turtle.output


def test_query_errors_are_one_line(store: str) -> None:
    for args, message in [(["SELECT ?x WHERE {\n ?x }"], "SPARQL syntax error at line 2, column"),
                          (["partners-of"], "needs --param org"),
                          (["labels", "--param", "entity"], "--param must be NAME=VALUE"),
                          (["labels", "--param", "entity=x", "--format", "xml"], "--format must be"),
                          (["labels", "--param", "entity=x", "--store", store + "-missing"], "no store here")]:
        result = runner.invoke(app, ["query", *args] + ([] if "--store" in args else ["--store", store]))
        assert result.exit_code == 1
        lines = [line for line in result.output.splitlines() if line]
        assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], result.output


def test_build_store_twice_and_remove(tmp_path: Path) -> None:
    text = tmp_path / "doc.zh.txt"
    text.write_text("人居署 与 环境署 合作 。\n", encoding="utf-8")
    store = str(tmp_path / "s")
    args = ["build", str(text), "--out", str(tmp_path / "out"), "--store", store]
    assert runner.invoke(app, args).exit_code == 0
    count = quad_count(store)
    assert runner.invoke(app, args).exit_code == 0
    assert quad_count(store) == count
    assert document_graphs(store) == ["https://w3id.org/unkg/graph/doc.zh/zh"]
    assert runner.invoke(app, ["remove", "doc.zh", "--store", store]).exit_code == 0
    assert document_graphs(store) == []
    again = runner.invoke(app, ["remove", "doc.zh", "--store", store])
    assert again.exit_code == 1 and "no document" in again.output
