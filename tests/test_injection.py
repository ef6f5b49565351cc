"""Real attacks through the real pipeline: a document whose sentences and names carry HTML, JavaScript, spreadsheet
formulas and template markers is built, drawn, reported and exported; SPARQL parameters try to break out of their
literal; minted IRIs stay valid; output paths stay in the chosen folder."""
from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from rdflib import Graph, URIRef
from typer.testing import CliRunner

from kg.build import build
from kg.cli import app
from kg.errors import QueryError
from kg.export import csv_nodes_path, rows_to_csv, safe_cell, write_atomic
from kg.link import mint_iri
from kg.query import bind_params, select
from kg.rdf import document_iri, graph_iri
from kg.store import quad_count
from tests.storedata import make_store

runner = CliRunner()
# Each line is a paragraph the Chinese rules turn into a relation, so the attack reaches labels and evidence.
EVIL = """=HYPERLINK("http://evil.example","click") 人居署 与 环境署 合作 <script>alert(1)</script> 。
- 人居署 与 <img src=x onerror=alert(1)>基金会 合作 。
@SUM(1+1) 人居署 支持 "><svg/onload=alert(1)> 组织 。
+cmd|' /C calc' 人居署 与 @@APP@@ 基金会 合作 。
\t=1+1 人居署 与 </script><!--<script> 基金会 合作 。
人居署 与 [x](javascript:alert(1)) 基金会 合作 `code` **b** | c | 。
"""
SCRIPTS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg/onload=alert(1)>',
           "</script><!--<script>")
FORMULA = ("=", "+", "-", "@", "\t", "\r")
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "table", "tr", "th", "td",
                "ul", "ol", "li", "b", "strong", "em", "code", "img", "div", "input", "script", "br", "hr"}


class _Tags(HTMLParser):
    """Every start tag and its attributes, as a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


def _no_markup_from_data(page: str, figure: str) -> None:
    tags = _tags(page)
    assert {tag for tag, _ in tags} <= ALLOWED_TAGS, {tag for tag, _ in tags} - ALLOWED_TAGS
    for tag, attrs in tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert not any("javascript:" in (value or "") for value in attrs.values()), (tag, attrs)
        if tag == "img":
            assert (attrs.get("src") or "").startswith(figure)
    for script in SCRIPTS:
        assert script not in page


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The evil document built by the real pipeline into a folder."""
    root = tmp_path_factory.mktemp("evil")
    source = root / "evil.txt"
    source.write_text(EVIL, encoding="utf-8")
    out = root / "out"
    result = build([source], out, jobs=1)
    assert not result.failures and result.documents == 1
    return out


def test_the_attacks_reach_labels_and_evidence(built: Path) -> None:
    """The test is only worth something if extraction carries the attacks into the graph."""
    rows = [json.loads(line) for line in (built / "triples.jsonl").read_text(encoding="utf-8").splitlines()]
    texts = {row["object"] for row in rows} | {row["evidence"] for row in rows}
    assert any('"><svg/onload=alert(1)>' in text for text in texts)
    assert any("@@APP@@" in text for text in texts)
    assert any(row["evidence"].startswith('=HYPERLINK(') for row in rows)


def test_viz_page_keeps_attacks_as_data(built: Path, tmp_path: Path) -> None:
    page_path = tmp_path / "net.html"
    result = runner.invoke(app, ["viz", "--in", str(built), "--out", str(page_path), "--min-degree", "0"])
    assert result.exit_code == 0, result.output
    page = page_path.read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S).group(1)
    assert not re.search(r"[<>&\u2028\u2029]", block)
    data = json.loads(block)  # a label "@@APP@@" must not pull the page's code into its data
    labels = {label for node in data["nodes"] for label in node["labels"]}
    assert any(label.startswith('"><svg/onload=alert(1)>') for label in labels)
    assert any("@@APP@@" in label for label in labels)
    evidence = {e["sentence"] for edge in data["edges"] for e in edge["evidence"]}
    assert any("<script>alert(1)</script>" in sentence for sentence in evidence)
    assert page.count("var data = JSON.parse(") == 1
    body = page.split('id="graph-data">', 1)[0] + page.rsplit("</script>", 2)[-1]
    assert "<svg" not in body and "onerror" not in body
    app_code = page.rsplit("<script>", 1)[1]
    assert "innerHTML" not in app_code and "insertAdjacentHTML" not in app_code and "eval(" not in app_code


def test_viz_title_and_template_markers(tmp_path: Path) -> None:
    from kg.viz import render

    graph = nx.MultiDiGraph()
    graph.add_node("a", label_en="@@VIS@@", label_zh="@@DATA@@", type="NGO", labels=["@@CSS@@"], degree=1)
    page = render(graph, title='</title><script>alert(1)</script>@@APP@@')
    assert re.search(r"<title>(.*?)</title>", page).group(1) == "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;@@APP@@"
    data = json.loads(re.search(r'id="graph-data">(.*?)</script>', page, re.S).group(1))
    assert (data["nodes"][0]["label_en"], data["nodes"][0]["label_zh"]) == ("@@VIS@@", "@@DATA@@")


@pytest.mark.parametrize("name", ["report.html", "report.md"])
def test_report_escapes_every_text(built: Path, tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    result = runner.invoke(app, ["report", "--in", str(built), "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "svg/onload=alert(1)" in text.replace("&quot;", '"').replace("\\", "")  # there, as text
    page = text if name.endswith(".html") else MarkdownIt("commonmark", {"html": True}).render(text)
    _no_markup_from_data(page, "data:image/png;base64," if name.endswith(".html") else "report.png")
    if name.endswith(".md"):  # no Markdown link or image was made from the data
        assert not any(tag in ("a",) for tag, _ in _tags(page))
        assert "<code>" not in page and "<strong>b</strong>" not in page, re.findall(r".{60}<code>.{30}", page)


def _cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [cell for row in csv.reader(handle) for cell in row]


def test_csv_outputs_neutralise_formulas(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "edges.csv"
    result = runner.invoke(app, ["export", "--in", str(built), "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    for path in (built / "triples.csv", out, csv_nodes_path(out)):
        cells = _cells(path)
        assert cells and not [cell for cell in cells if cell.startswith(FORMULA)], path
    assert any(cell.startswith("'=HYPERLINK(") for cell in _cells(built / "triples.csv"))


def test_safe_cell_and_rows() -> None:
    for value in ('=HYPERLINK("http://evil.example","x")', "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"):
        assert safe_cell(value) == "'" + value
    assert safe_cell("UN-Habitat") == "UN-Habitat" and safe_cell(-1.5) == -1.5 and safe_cell(3) == 3
    row = {"subject": "=1+1", "subject_labels": ["=2", "ok"], "evidence": "a,b\n\"c\""}
    text = rows_to_csv([{**dict.fromkeys(("subject_iri", "subject_type", "predicate", "object", "object_iri",
                                          "object_type", "object_labels", "document", "paragraph", "confidence"),
                                         ""), **row}])
    back = next(csv.DictReader(text.splitlines(keepends=True)))
    assert back["subject"] == "'=1+1" and back["subject_labels"] == "'=2 | ok" and back["evidence"] == 'a,b\n"c"'


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_hold_attacks_as_text(built: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"g.{fmt}"
    result = runner.invoke(app, ["export", "--in", str(built), "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    graph = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out)
    labels = {str(value) for _, data in graph.nodes(data=True) for value in data.values()}
    assert any(label.startswith('"><svg/onload=alert(1)>') for label in labels)
    assert any(label.startswith("</script><!--<script>") for label in labels)


NAMES = ["<script>alert(1)</script>", '"> . } INSERT DATA { <a> <b> <c> }', "../../etc/x", "a b\tc\nd",
         "{}|^`\\", "100%", "人居署 与 UN-Habitat", "#frag?q=1&x", "e\u0301\u200b\ufeff"]


@pytest.mark.parametrize("name", NAMES)
def test_minted_iris_are_valid_and_percent_encoded(name: str) -> None:
    for iri in (mint_iri("NGO", name), str(document_iri(name)), str(graph_iri(name, "zh"))):
        assert not re.search(r"[\x00-\x20<>\"{}|^`\\#?]", iri.split("://", 1)[1]), iri
        node = ox.NamedNode(iri)  # Oxigraph parses IRIs strictly (RFC 3987)
        assert "/" not in iri.rsplit("/", 1)[1] and ".." not in iri.split("://", 1)[1].split("/")
        turtle = f"<{node.value}> <http://x/p> \"v\" ."
        assert [t.subject.value for t in ox.parse(turtle, format=ox.RdfFormat.N_TRIPLES)] == [iri]
        assert (URIRef(iri), None, None) in Graph().parse(data=turtle, format="nt")


@pytest.mark.parametrize("name", [".", ".."])
def test_minted_iri_of_dots_is_not_a_dot_segment(name: str) -> None:
    assert mint_iri("NGO", name).rsplit("/", 1)[1] not in (".", "..")


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_any_name_mints_a_valid_iri(name: str) -> None:
    iri = mint_iri("Foundation", name)
    assert ox.NamedNode(iri).value == iri and not re.search(r"[\x00-\x20<>\"{}|^`\\]", iri)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    return make_store(tmp_path_factory.mktemp("inj") / "s")


PARAM_ATTACKS = ['"} ; DROP ALL ; SELECT * { ?s ?p ?o FILTER("', '"> . } INSERT DATA { <a> <b> <c> } #',
                 "'} DROP ALL #", '\\"} DROP ALL #', '""" } DROP ALL ; #', "人居署\") } UNION { ?s ?p ?o } #",
                 "x\n} ; CLEAR ALL ;\n#", "?org", "<https://w3id.org/unkg/id/UN-Habitat>"]


@pytest.mark.parametrize("value", PARAM_ATTACKS)
def test_param_is_bound_as_a_literal(store: str, value: str) -> None:
    before = quad_count(store)
    assert select(store, "partners-of", {"org": value}) == []
    assert select(store, "SELECT ?v WHERE { }", {"v": value}) == [{"v": value}]
    text = bind_params("SELECT ?v WHERE { ?s ?p ?v }", {"v": value})
    assert text.count("VALUES ?v {") == 1 and ox.Literal(value).value == value
    assert quad_count(store) == before


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_any_param_value_round_trips(store: str, value: str) -> None:
    assert select(store, "SELECT ?v WHERE { }", {"v": value}) == [{"v": value}]


def test_param_names_cannot_carry_query_text(store: str) -> None:
    for name in ("v } DROP ALL #", "v{", "1v", ""):
        with pytest.raises(QueryError):
            bind_params("SELECT ?v WHERE { }", {name: "x"})
    result = runner.invoke(app, ["query", "SELECT ?v WHERE { }", "--store", store, "--param", "v } DROP ALL #=x"])
    assert result.exit_code == 1 and result.output.startswith("Error: ") and result.output.count("\n") == 1


def _files(root: Path) -> set[Path]:
    return {path for path in root.rglob("*")}


def test_outputs_stay_in_the_chosen_folder(tmp_path: Path) -> None:
    """Names that look like paths (file names, symbols, labels) never become paths; a planted symlink is replaced,
    not followed."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "..%2F..%2Fetc%2Fx.txt").write_text("../../etc/x 人居署 与 环境署 合作 。\n", encoding="utf-8")
    (inputs / "...txt").write_text("A/../../etc/x 人居署 与 ../../etc/passwd 基金会 合作 。\n", encoding="utf-8")
    out = tmp_path / "work" / "out"
    out.mkdir(parents=True)
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me", encoding="utf-8")
    (out / "graph.ttl").symlink_to(outside)
    before = _files(tmp_path)
    result = build([inputs], out, jobs=1)
    assert result.documents == 2 and not result.failures
    new = _files(tmp_path) - before
    assert new and all(out in path.parents for path in new), sorted(new)
    assert outside.read_text(encoding="utf-8") == "keep me" and not (out / "graph.ttl").is_symlink()
    write_atomic(out / "triples.csv", "x")  # the same for one file written alone
    assert outside.read_text(encoding="utf-8") == "keep me"


def test_files_written_beside_the_chosen_one(tmp_path: Path) -> None:
    """The CSV export's nodes file and the Markdown report's figure sit next to the file the user named."""
    for given_path in (tmp_path / "a" / "edges.csv", tmp_path / "a" / ".." / "b" / "x.y.csv"):
        assert csv_nodes_path(given_path).parent == given_path.parent
    from netdata import write_build_dir

    folder = write_build_dir(tmp_path / "build")
    target = tmp_path / "reports" / "r.md"
    result = runner.invoke(app, ["report", "--in", str(folder), "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in target.parent.iterdir()) == ["r.md", "r.png"]
