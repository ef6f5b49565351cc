from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from kg.errors import KgError
from kg.project import project
from kg.viz import render
from netdata import SCRIPT_LABEL, tiny_rdf


@pytest.fixture(scope="module")
def page():
    return render(project(tiny_rdf()))


def _data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


def test_page_is_offline(page):
    assert not re.search(r"<script[^>]+src=", page, re.I)
    assert not re.search(r"<link[^>]+href=[\"']?https?://", page, re.I)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.I)
    assert "vis.Network" in page and "bootstrap" not in page.lower()


def test_labels_and_evidence_are_escaped(page):
    assert SCRIPT_LABEL not in page
    assert "<script>alert(1)" not in page and "<b>共同</b>" not in page
    block = page.split('id="graph-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block
    data = _data(page)
    assert SCRIPT_LABEL in [n["label_en"] for n in data["nodes"]]
    assert "innerHTML" not in page.split("<script>")[-1]


def test_page_data_styles_and_arrows(page):
    data = _data(page)
    assert len(data["nodes"]) == 6 and len(data["edges"]) == 4
    arrows = {e["predicate"]: e["arrows"] for e in data["edges"]}
    assert arrows["partners-with"] == "" and arrows["supports"] == "to"
    assert len({n["color"] for n in data["nodes"]}) >= 3
    assert data["options"]["physics"]["enabled"] is True


def test_big_graph_has_fixed_positions_and_refusal_above_limit():
    big = nx.MultiDiGraph()
    for i in range(60):
        big.add_node(str(i), label_en=f"n{i}", label_zh="", type="NGO", labels=[f"n{i}"], degree=2)
        big.add_edge(str(i), str((i + 1) % 60), key="supports", predicate="supports", evidence=[], evidence_count=0)
    data = _data(render(big, physics_limit=50))
    assert data["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in data["nodes"])
    with pytest.raises(KgError, match="--focus"):
        render(big, max_nodes=59)
