from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from kg.cli import app
from netdata import write_build_dir

runner = CliRunner()


def test_viz_export_report_commands(tmp_path):
    folder = write_build_dir(tmp_path / "out")
    page = tmp_path / "net.html"
    result = runner.invoke(app, ["viz", "--in", str(folder), "--out", str(page), "--focus", "人居署", "--depth", "1",
                                 "--lang", "zh"])
    assert result.exit_code == 0, result.output
    data = json.loads(re.search(r'id="graph-data">(.*?)</script>', page.read_text(encoding="utf-8"), re.S).group(1))
    assert {n["label"] for n in data["nodes"]} == {"人居署", "环境署", "恶意组织"}
    result = runner.invoke(app, ["export", "--in", str(folder), "--format", "gexf", "--out", str(tmp_path / "g.gexf"),
                                 "--predicates", "partners-with"])
    assert result.exit_code == 0, result.output
    assert "edges written" in result.output or "1 edges" in result.output
    result = runner.invoke(app, ["report", "--in", str(folder), "--out", str(tmp_path / "r.md")])
    assert result.exit_code == 0 and (tmp_path / "r.png").exists()


def test_errors_are_one_line(tmp_path):
    folder = write_build_dir(tmp_path / "out")
    cases = [["viz", "--in", str(tmp_path / "missing"), "--out", str(tmp_path / "a.html")],
             ["viz", "--in", str(folder), "--out", str(tmp_path / "a.html"), "--max-nodes", "2", "--min-degree", "0"],
             ["viz", "--in", str(folder), "--out", str(tmp_path / "a.html"), "--focus", "nobody"],
             ["viz", "--out", str(tmp_path / "a.html")],
             ["export", "--in", str(folder), "--format", "dot", "--out", str(tmp_path / "a.dot")],
             ["export", "--in", str(folder), "--format", "csv", "--out", str(tmp_path / "a.csv"), "--types", "Cat"]]
    for args in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == 1, (args, result.output)
        assert result.output.startswith("Error: ") and result.output.count("\n") == 1, result.output
    assert not (tmp_path / "a.html").exists()
    result = runner.invoke(app, cases[1])
    assert "--focus" in result.output and "gexf" in result.output


def test_a_store_gives_the_network_of_its_build_folder(tmp_path):
    from tests.data import SAMPLE

    out, store = tmp_path / "out", tmp_path / "store"
    assert runner.invoke(app, ["build", str(SAMPLE), "--out", str(out), "--store", str(store), "--quiet"]).exit_code == 0
    lines = {}
    for source in (["--in", str(out)], ["--store", str(store)]):
        result = runner.invoke(app, ["export", *source, "--format", "graphml", "--out", str(tmp_path / "g.graphml")])
        assert result.exit_code == 0, result.output
        lines[source[0]] = result.output.split(" written")[0]
    assert lines["--in"] == lines["--store"] and not lines["--in"].startswith("0 nodes")
    both = runner.invoke(app, ["viz", "--in", str(out), "--store", str(store), "--out", str(tmp_path / "x.html")])
    assert both.exit_code == 1 and "either" in both.output
