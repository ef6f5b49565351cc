from __future__ import annotations

import re

import pytest

from kg.errors import KgError
from kg.project import project
from kg.report import analyse, write_report
from netdata import SCRIPT_LABEL, tiny_rdf


@pytest.fixture(scope="module")
def graph():
    return project(tiny_rdf())


def test_analysis(graph):
    report = analyse(graph, figure=False)
    assert dict(report.types)["UNEntity"] == 2
    assert ("partners-with", 1, 2) in report.predicates
    assert report.organisations[0][0] in ("UN-Habitat", "UNEP")
    partners = dict(report.partners)
    assert [p for p, _ in partners["UN-Habitat"]] == ["UNEP"]
    assert any("E/2009/100 ¶3" in e for e in partners["UN-Habitat"][0][1])
    assert report.resolutions == [("resolution 22/3", ["water"], [])]
    assert report.communities and all(len(c) > 1 for c in report.communities)
    assert analyse(graph, figure=False).communities == report.communities


def test_html_report_is_offline_escaped_with_figure(graph, tmp_path):
    out = tmp_path / "report.html"
    assert write_report(graph, out) == [out]
    text = out.read_text(encoding="utf-8")
    assert "data:image/png;base64," in text and "<script" not in text
    assert SCRIPT_LABEL not in text and "&lt;script&gt;" in text
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text, re.I)


def test_markdown_report_with_png(graph, tmp_path):
    out = tmp_path / "report.md"
    assert write_report(graph, out) == [out, tmp_path / "report.png"]
    text = out.read_text(encoding="utf-8")
    assert "![network](report.png)" in text and "<script" not in text
    assert (tmp_path / "report.png").read_bytes().startswith(b"\x89PNG")
    with pytest.raises(KgError):
        write_report(graph, tmp_path / "report.pdf")
