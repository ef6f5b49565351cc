from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from io import StringIO
from operator import itemgetter
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rich.console import Console
from typer.testing import CliRunner

from kg.build import build as build_graph
from kg.cli import _build_progress, app
from kg.config import Settings
from kg.export import TRIPLE_FIELDS
from kg.ontology import default_ontology_dir
from kg.shard import DocumentSummary
from kg.store import BUILD_KEY, document_graphs, documents_ntriples
from kg.validate import validate_graph
from tests.data import SAMPLE

runner = CliRunner()


def build(*args: str):
    return runner.invoke(app, ["build", *args])


def read_rows(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "triples.jsonl").read_text(encoding="utf-8").splitlines()]


def test_build_writes_the_four_outputs_and_a_summary(tmp_path):
    result = build(str(SAMPLE), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "documents: 1" in result.output and "partners-with" in result.output
    for name in ("graph.ttl", "graph.trig", "triples.jsonl", "triples.csv"):
        assert (tmp_path / name).stat().st_size > 0
    rows = read_rows(tmp_path)
    assert all(tuple(row) == TRIPLE_FIELDS for row in rows)
    predicates = {row["predicate"] for row in rows}
    assert "mentions" in predicates and "partners-with" in predicates
    mentions = [(row["document"], row["object_iri"]) for row in rows if row["predicate"] == "mentions"]
    assert len(mentions) == len(set(mentions))
    dataset = Dataset()
    dataset.parse(tmp_path / "graph.trig", format="trig")
    assert len(list(dataset.graphs())) >= 2  # the default graph and the document's named graph


def test_sample_end_to_end_triples(tmp_path):
    assert build(str(SAMPLE), "--out", str(tmp_path)).exit_code == 0
    rows = read_rows(tmp_path)

    def has(subject: str, predicate: str, obj: str) -> bool:
        for row in rows:
            if row["predicate"] != predicate:
                continue
            pair = (row["subject_labels"], row["object_labels"])
            if predicate == "partners-with":
                options = [pair, pair[::-1]]
            else:
                options = [pair]
            if any(subject in s and any(obj in label for label in o) for s, o in options):
                return True
        return False

    assert has("UN-Habitat", "partners-with", "UNEP")
    assert has("Governing Council resolution 22/3", "concerns", "城市和气候变化")
    assert has("世界城市论坛第四届会议", "held-in", "Nanjing")


def test_sample_graph_conforms_to_the_shapes(tmp_path):
    assert build(str(SAMPLE), "--out", str(tmp_path)).exit_code == 0
    conforms, report = validate_graph(Graph().parse(tmp_path / "graph.ttl"))
    assert conforms, report


def test_same_input_gives_byte_identical_output(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert build(str(SAMPLE), "--out", str(first)).exit_code == 0
    assert build(str(SAMPLE), "--out", str(second)).exit_code == 0
    for name in ("graph.ttl", "graph.trig", "triples.jsonl", "triples.csv"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_bad_inputs_are_listed_and_good_ones_still_built(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "sample.txt")
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 10)
    (folder / "utf32.txt").write_bytes("人居署 与 环境署 合作".encode("utf-32-le"))
    out = tmp_path / "out"
    result = build(str(folder), str(tmp_path / "missing.txt"), "--out", str(out))
    assert result.exit_code == 1
    for name in ("empty.txt", "binary.txt", "utf32.txt", "missing.txt"):
        assert any(name in line for line in result.output.splitlines())
    assert "Traceback" not in result.output
    assert "documents: 1" in result.output
    assert any(row["document"] == "E/2009/100" for row in read_rows(out))


def test_a_language_without_rules_fails_that_file_only(tmp_path):
    ontology = tmp_path / "ontology"
    shutil.copytree(default_ontology_dir(), ontology)
    (ontology / "rules" / "relations.en.json").unlink()
    english = tmp_path / "english.txt"
    english.write_text("UN-Habitat works with UNEP.\n", encoding="utf-8")
    result = build_graph([english, SAMPLE], tmp_path / "out", settings=Settings(ontology_dir=ontology))
    assert [str(f) for f in result.failures] == [f"{english}: no extraction rules for language 'en' "
                                                 f"(ontology/rules/relations.en.json)"]
    assert len(result.graphs) == 1


def test_a_failed_run_leaves_previous_outputs_whole(tmp_path):
    assert build(str(SAMPLE), "--out", str(tmp_path)).exit_code == 0
    before = (tmp_path / "triples.jsonl").read_bytes()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x00")
    result = build(str(bad), "--out", str(tmp_path))
    assert result.exit_code == 1
    assert (tmp_path / "triples.jsonl").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_console_script_runs():
    completed = subprocess.run([sys.executable, "-m", "kg", "--help"], capture_output=True, text=True)
    assert completed.returncode == 0 and "build" in completed.stdout


KG = str(Path(sys.executable).parent / "kg")


def _mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "sample.txt")
    (folder / "short.txt").write_text("人居署 与 环境署 在 内罗毕 合作 。\n", encoding="utf-8")
    (folder / "page.html").write_text("<html><head><title>Note</title></head><body><p>UN-Habitat worked with UNEP."
                                      "</p><p>It met in Nairobi.</p></body></html>", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 10)
    return folder


def test_build_says_per_file_what_it_read_for_any_number_of_jobs(tmp_path):
    folder = _mixed_folder(tmp_path)
    expected = {f"{folder / 'page.html'}: html, en, document page, 2 paragraphs",
                f"{folder / 'sample.txt'}: text, zh, document E/2009/100, 97 paragraphs",
                f"{folder / 'short.txt'}: text, zh, document short, 1 paragraph"}
    for jobs in ("1", "2"):
        done = subprocess.run([KG, "build", str(folder), "--out", str(tmp_path / f"out{jobs}"), "--jobs", jobs],
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 1, done.stderr
        lines = done.stderr.splitlines()
        read = [line for line in lines if not line.startswith("Error:") and "file(s) failed" not in line]
        assert sorted(read) == sorted(expected), jobs  # one line each, in input order, nothing for the bad one
        assert f"Error: {folder / 'binary.txt'}: binary file, not text" in lines
    again = subprocess.run([KG, "build", str(folder / "sample.txt"), "--out", str(tmp_path / "out1")],
                           capture_output=True, text=True, timeout=600)
    assert again.stderr.splitlines() == [f"{folder / 'sample.txt'}: text, zh, document E/2009/100, 97 paragraphs, "
                                         f"unchanged"]
    quiet = subprocess.run([KG, "build", str(folder), "--out", str(tmp_path / "out1"), "--quiet"],
                           capture_output=True, text=True, timeout=600)
    assert [line for line in quiet.stderr.splitlines() if not line.startswith("Error:")] == ["1 of 4 file(s) failed"]


def test_per_file_lines_print_above_the_progress_bar():
    """On a terminal the lines go through the bar's console, which redraws the bar below them."""
    stream = StringIO()
    console = Console(file=stream, force_terminal=True, width=100)
    with _build_progress(2, True, say=True, console=console) as advance:
        advance(DocumentSummary("a.txt", document="a", format="text", language="zh", paragraphs=3))
        advance(DocumentSummary("b.txt", error="empty file"))
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", stream.getvalue())
    assert "a.txt: text, zh, document a, 3 paragraphs\n" in screen and "b.txt" not in screen
    assert "Building" in screen and "2/2" in screen


def test_max_file_mb_limits_the_formats_read_whole(tmp_path):
    folder = _mixed_folder(tmp_path)
    (folder / "binary.txt").unlink()
    result = build(str(folder), "--out", str(tmp_path / "out"), "--max-file-mb", "0.0001")
    assert result.exit_code == 1
    page = folder / "page.html"
    assert (f"Error: {page}: 0.0 MB is more than the 0.0001 MB limit for a html file read whole; "
            f"kg build --max-file-mb raises the limit") in result.output.splitlines()
    assert "documents: 2 " in result.output  # the text files, larger than the limit, are built
    assert "--max-file-mb" in runner.invoke(app, ["build", "--help"]).output


def _streamed_build(tmp_path: Path, part_chars: int, **options) -> Path:
    out = tmp_path / f"parts-{part_chars}"
    result = build_graph([SAMPLE], out, jobs=1, keep_graphs=False, stream_bytes=0, part_chars=part_chars, **options)
    assert result.documents == 1 and not result.failures
    rows = read_rows(out)  # the counts add up the parts
    assert set(result.entities) == {row["object_iri"] for row in rows if row["predicate"] == "mentions"}
    assert result.predicate_counts() == Counter(row["predicate"] for row in rows if row["predicate"] != "mentions")
    return out


def test_a_file_streamed_in_one_part_builds_byte_identical_outputs(tmp_path):
    whole = tmp_path / "whole"
    assert build(str(SAMPLE), "--out", str(whole)).exit_code == 0
    out = _streamed_build(tmp_path, 10**9)
    for name in ("graph.ttl", "graph.trig", "triples.jsonl", "triples.csv"):
        assert (out / name).read_bytes() == (whole / name).read_bytes(), name


def test_a_file_streamed_in_parts_is_one_document_graph(tmp_path):
    """Parts of 5,000 characters (19 parts): the same paragraphs, one named graph and one mention row per entity;
    the rows differ only where extraction uses the whole document: the main organisation (here UN-Habitat) of
    a part is the subject its sentences leave implicit, and a part where it is not the main one does not say it."""
    whole = tmp_path / "whole"
    assert build(str(SAMPLE), "--out", str(whole)).exit_code == 0
    store = tmp_path / "store"
    out = _streamed_build(tmp_path, 5000, store=store)
    rows, parts = read_rows(whole), read_rows(out)
    key = itemgetter("subject_iri", "predicate", "object_iri", "paragraph", "evidence")
    assert [key(r) for r in parts if r["predicate"] == "mentions"] == [
        key(r) for r in rows if r["predicate"] == "mentions"]
    missing = [r for r in rows if r not in parts]
    assert not [r for r in parts if r not in rows]
    assert 0 < len(missing) < 0.05 * len(rows)
    # the main organisation's relations (partners-with, supports) in sentences that leave it implicit
    assert {r["subject"] for r in missing} == {"United Nations Human Settlements Programme"}
    named = [_named_graphs(folder) for folder in (whole, out)]
    assert [list(graphs) for graphs in named] == [["https://w3id.org/unkg/graph/E%2F2009%2F100/zh"]] * 2
    iri, graph = named[1].popitem()
    lost = len(named[0].popitem()[1]) - len(graph)
    assert 0 < lost <= 12 * len(missing)  # a statement node each
    assert document_graphs(store) == [iri]  # every part in the store, in one graph, which says what the TriG says
    stored = Graph().parse(data=documents_ntriples(store), format="nt")
    assert set(graph) <= set(stored)
    assert [(s, p) for s, p, _ in set(stored) - set(graph)] == [(URIRef(iri), URIRef(BUILD_KEY))]
    graph = Graph()
    graph.parse(out / "graph.ttl", format="turtle")
    assert len(graph) > 1000


def _named_graphs(out: Path) -> dict[str, Graph]:
    dataset = Dataset()
    dataset.parse(out / "graph.trig", format="trig")
    prefix = "https://w3id.org/unkg/graph/"
    return {str(g.identifier): g for g in dataset.graphs() if str(g.identifier).startswith(prefix)}
