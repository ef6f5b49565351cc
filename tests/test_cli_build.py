from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from rdflib import Dataset, Graph
from typer.testing import CliRunner

from kg.build import build as build_graph
from kg.cli import app
from kg.config import Settings
from kg.export import TRIPLE_FIELDS
from kg.ontology import default_ontology_dir
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
