"""Corpus builds: worker processes and Dask give the single-process result byte for byte; streamed Turtle/TriG
equal rdflib's; incremental rebuilds skip unchanged documents and replace changed ones."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from distributed import LocalCluster
from typer.testing import CliRunner

import kg.parallel
from kg.build import OUTPUTS, build
from kg.cli import app
from kg.ontology import load_ontology
from kg.rdf import add_document_graph, flatten, ontology_descriptions, oxigraph_term, to_dataset
from kg.rdfstream import TermWriter, write_merged_turtle
from kg.shard import read_header
from kg.store import ENTITIES_GRAPH, ONTOLOGY_GRAPH, RemoteStore
from tests.data import SAMPLE
from tests.scaledata import document_quads, write_corpus
from tests.test_remote_store import server  # noqa: F401 (the fixture: an Oxigraph server on loopback)

runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, 6)
    return folder


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory) -> Path:
    """The corpus built in this process, one document after another, with a store."""
    out = tmp_path_factory.mktemp("reference")
    result = build([corpus], out, jobs=1, store=out / "store", keep_graphs=False)
    assert result.documents == 6 and not result.failures
    return out


def assert_same_build(out: Path, reference: Path) -> None:
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (reference / name).read_bytes(), name
    assert document_quads(out / "store") == document_quads(reference / "store")


def trig_quads(out: Path) -> set[str]:
    return {str(q) for q in ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG)}


def test_worker_processes_give_the_single_process_build(corpus: Path, reference: Path, tmp_path: Path) -> None:
    result = build([corpus], tmp_path, jobs=2, store=tmp_path / "store", keep_graphs=False)
    assert (result.documents, result.new, result.graphs) == (6, 6, [])
    assert_same_build(tmp_path, reference)


def test_dask_engine_gives_the_single_process_build(corpus: Path, reference: Path, tmp_path: Path) -> None:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        result = build([corpus], tmp_path, engine="dask", scheduler=cluster.scheduler_address,
                       store=tmp_path / "store", keep_graphs=False)
    assert result.documents == 6 and not result.failures
    assert_same_build(tmp_path, reference)


def test_store_holds_what_the_trig_says(reference: Path) -> None:
    assert document_quads(reference / "store") == trig_quads(reference)


def test_streamed_turtle_and_trig_are_rdflib_s(corpus: Path, reference: Path, tmp_path: Path) -> None:
    ontology = load_ontology()
    # one document: both files exactly as rdflib writes them
    result = build([SAMPLE], tmp_path)
    dataset = to_dataset(result.graphs, ontology)
    assert (tmp_path / "graph.trig").read_text(encoding="utf-8") == dataset.serialize(format="trig")
    assert (tmp_path / "graph.ttl").read_text(encoding="utf-8") == flatten(dataset).serialize(format="turtle")
    # several documents, merged on disk in runs of 500 records: graph.ttl is still rdflib's
    graphs = build([corpus]).graphs
    expected = flatten(to_dataset(graphs, ontology)).serialize(format="turtle")
    assert (reference / "graph.ttl").read_text(encoding="utf-8") == expected
    writer, records, prefixes = TermWriter(), [], set()
    for graph in graphs:
        found, used = writer.records(_triples(graph, ontology))
        records += [_listed(r) for r in found]
        prefixes |= used
    text = io.StringIO()
    write_merged_turtle(text, prefixes, reversed(records), tmp_path, run_size=500)
    assert text.getvalue() == expected


def _triples(graph, ontology) -> list:
    sink: list = []

    class Sink:
        def add(self, triple) -> None:
            sink.append(triple)

    add_document_graph(Sink(), graph, ontology)  # type: ignore[arg-type]
    return sink


def _listed(value):
    """Records as read back from a shard's JSON: lists, not tuples."""
    return [_listed(v) for v in value] if isinstance(value, tuple) else value


def test_incremental_rebuild(corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(corpus, folder)
    out, store = tmp_path / "out", tmp_path / "store"
    args = ["build", str(folder), "--out", str(out), "--store", str(store), "--jobs", "1"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "documents: 6 (new 6, changed 0, unchanged 0)" in first.output
    before = document_quads(store)
    again = runner.invoke(app, args)
    assert "documents: 6 (new 0, changed 0, unchanged 6)" in again.output
    assert document_quads(store) == before
    # one file changed (other paragraphs), one added
    write_corpus(folder, 1, paragraphs=2, start=3)
    write_corpus(folder, 1, start=7)
    third = runner.invoke(app, args)
    assert third.exit_code == 0, third.output
    assert "documents: 7 (new 1, changed 1, unchanged 5)" in third.output
    fresh = tmp_path / "fresh"
    assert build([folder], fresh, jobs=1, store=fresh / "store").documents == 7
    assert document_quads(store) == document_quads(fresh / "store") == trig_quads(out)
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name


def test_incremental_without_store_uses_the_output_folder(corpus: Path, tmp_path: Path) -> None:
    assert build([corpus], tmp_path, jobs=1, keep_graphs=False).new == 6
    result = build([corpus], tmp_path, jobs=1, keep_graphs=False)
    assert (result.new, result.changed, result.unchanged) == (0, 0, 6)


def test_two_files_with_one_symbol_share_a_graph(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    first, second = write_corpus(folder, 2)
    second.write_text(second.read_text(encoding="utf-8").replace("E/TEST/2", "E/TEST/1"), encoding="utf-8")
    out = tmp_path / "out"
    result = build([folder], out, jobs=1, store=out / "store")
    assert result.documents == 2
    expected = to_dataset(result.graphs, load_ontology())
    assert (out / "graph.ttl").read_text(encoding="utf-8") == flatten(expected).serialize(format="turtle")
    assert document_quads(out / "store") == trig_quads(out)
    graphs = {q.graph_name for q in ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG)}
    assert graphs == {ox.NamedNode("https://w3id.org/unkg/graph/E%2FTEST%2F1/zh")}


def test_one_file_is_built_in_this_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def no_workers(*args, **kwargs):
        raise AssertionError("worker processes started for one file")

    monkeypatch.setattr(kg.parallel, "_processes", no_workers)
    result = build([SAMPLE], tmp_path, jobs=4)
    assert result.documents == 1 and len(result.graphs) == 1


def test_unknown_engine_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(SAMPLE), "--out", str(tmp_path), "--engine", "spark"])
    assert result.exit_code == 1
    assert "--engine must be one of processes, dask, not 'spark'" in result.output
    assert "Traceback" not in result.output


def test_incremental_build_into_a_sparql_server(server: str, corpus: Path, tmp_path: Path) -> None:
    files = sorted(corpus.glob("*.txt"))[:3]
    first = build(files, tmp_path, jobs=1, store=server, keep_graphs=False)
    assert (first.new, first.unchanged) == (3, 0)
    again = build(files, tmp_path, jobs=1, store=server, keep_graphs=False)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 3)
    count = RemoteStore.from_url(server).select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                                                f"FILTER(?g NOT IN (<{ONTOLOGY_GRAPH}>, <{ENTITIES_GRAPH}>)) }}")
    # the store's document graphs are the TriG's less the descriptions of the ontology's entities
    described = {str(ox.Triple(*map(oxigraph_term, t))) for t in ontology_descriptions(load_ontology())}
    said = [q for q in ox.parse(path=str(tmp_path / "graph.trig"), format=ox.RdfFormat.TRIG)
            if str(ox.Triple(q.subject, q.predicate, q.object)) not in described]
    assert 0 < len(said) < len(trig_quads(tmp_path))
    assert int(count[0]["n"]) == len(said) + 3  # and one build key per document


def test_a_shard_cut_short_is_extracted_again(corpus: Path, reference: Path, tmp_path: Path) -> None:
    build([corpus], tmp_path, jobs=1, store=tmp_path / "store", keep_graphs=False)
    shard = sorted((tmp_path / ".kg-cache").glob("*.shard"))[0]
    shard.write_bytes(shard.read_bytes()[:-20])
    build([corpus], tmp_path, jobs=1, store=tmp_path / "store", keep_graphs=False)
    assert_same_build(tmp_path, reference)
    assert read_header(shard) is not None
