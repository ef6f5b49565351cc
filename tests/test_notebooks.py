"""The notebooks in notebooks/ run top to bottom on the bundled sample and show what their text says.

Each notebook is executed once with nbclient in a kernel of the interpreter running the tests (a kernelspec
written to a temporary JUPYTER_PATH, so no installed or user kernel is used). A cell that raises fails the test;
the assertions read what the reader sees: the outputs of the cells tagged in the notebook's metadata.
"""
from __future__ import annotations

import base64
import html
import re
from html.parser import HTMLParser

import nbformat
import pytest
from ipykernel.kernelspec import write_kernel_spec
from nbclient import NotebookClient

from kg.query import saved_queries
from kg.read import read_document
from tests.data import ROOT, SAMPLE

NOTEBOOKS = ROOT / "notebooks"
NAMES = ("01-build-and-explore", "02-sparql-cookbook", "03-network-analysis-and-report")
KERNEL = "unkg-tests"
CELL_TIMEOUT = 600
HABITAT = "United Nations Human Settlements Programme"
UNEP = "United Nations Environment Programme"


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory):
    """Run a notebook (once per module) and return it with its outputs."""
    jupyter_path = tmp_path_factory.mktemp("jupyter")
    write_kernel_spec(jupyter_path / "kernels" / KERNEL)  # argv: this interpreter -m ipykernel_launcher
    done: dict[str, nbformat.NotebookNode] = {}

    def run(name: str) -> nbformat.NotebookNode:
        if name not in done:
            notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv("JUPYTER_PATH", str(jupyter_path))
                NotebookClient(notebook, kernel_name=KERNEL, timeout=CELL_TIMEOUT,
                               resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
            done[name] = notebook
        return done[name]

    return run


def tagged(notebook: nbformat.NotebookNode, tag: str) -> list[dict]:
    """The outputs of the cells tagged ``tag`` (the tag must exist)."""
    cells = [cell for cell in notebook.cells if tag in cell.get("metadata", {}).get("tags", [])]
    assert cells, f"no cell is tagged {tag!r}"
    return [output for cell in cells for output in cell.outputs]


def text(notebook: nbformat.NotebookNode, tag: str) -> str:
    """Printed text, plain-text and (unescaped) HTML results of the cells tagged ``tag``."""
    parts = []
    for output in tagged(notebook, tag):
        if output.output_type == "stream":
            parts.append(output.text)
        for mime in ("text/plain", "text/html", "text/markdown"):
            parts.append(html.unescape(output.get("data", {}).get(mime, "")))
    return "\n".join(parts)


class _Tables(HTMLParser):
    """The rows of the HTML tables of a pandas DataFrame display, as lists of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table(notebook: nbformat.NotebookNode, tag: str) -> list[dict[str, str]]:
    """The DataFrame shown by the cell tagged ``tag``, as one dict per row (column name → cell text)."""
    frames = [output["data"]["text/html"] for output in tagged(notebook, tag)
              if "dataframe" in output.get("data", {}).get("text/html", "")]
    assert len(frames) == 1, f"cell {tag!r} shows {len(frames)} tables"
    parser = _Tables()
    parser.feed(frames[0])
    header, *rows = parser.rows
    assert all(row and row[0] != "..." for row in rows), f"table {tag!r} is cut short by pandas"
    return [dict(zip(header, row)) for row in rows]  # the index is the column named ""


def test_notebooks_are_committed_clean() -> None:
    """No outputs or execution counts are committed, and the notebooks use the Python API, not the shell."""
    for name in NAMES:
        notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
        nbformat.validate(notebook)
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            assert cell.outputs == [] and cell.execution_count is None, f"{name}: outputs committed"
            lines = [line.strip() for line in cell.source.splitlines()]
            assert not any(line.startswith(("!", "%%bash", "%%sh", "%sx", "%system")) for line in lines), name
            assert "subprocess" not in cell.source, name


def paragraphs() -> dict[int, str]:
    """The sample's paragraphs by number, to check evidence sentences against."""
    return {paragraph.number: paragraph.text for paragraph in read_document(SAMPLE).paragraphs}


def assert_evidence(rows: list[dict[str, str]]) -> None:
    """Each row's sentence is a sentence of the sample's paragraph it names."""
    text = paragraphs()
    assert rows
    for row in rows:
        assert row["sentence"] and row["sentence"] in text[int(row["paragraph"])], row


def test_build_and_explore(executed) -> None:
    notebook = executed("01-build-and-explore")
    entities = {row[""]: int(row["entities"]) for row in table(notebook, "entity-counts")}
    relations = {row[""]: int(row["relations"]) for row in table(notebook, "relation-counts")}
    assert entities["UNEntity"] > 0 and relations["partners-with"] > 0
    triples = table(notebook, "triples")
    assert triples and {row["predicate"] for row in triples} <= set(relations)
    partners = table(notebook, "habitat-partners")
    assert UNEP in {row["other"] for row in partners}
    assert all(int(row["sentences"]) >= 1 for row in partners)
    assert_evidence(table(notebook, "unep-evidence"))
    assert f"{HABITAT} (联合国人类住区规划署)" in text(notebook, "ego")
    network = text(notebook, "network")
    assert "<iframe srcdoc=" in network and "new vis.Network" in network and UNEP in network


def test_sparql_cookbook(executed) -> None:
    notebook = executed("02-sparql-cookbook")
    assert {row["query"] for row in table(notebook, "saved")} == set(saved_queries())
    partners = {row["partner"]: row for row in table(notebook, "partners-count")}
    assert partners["ent:UNEP"]["partnerLabel"] == UNEP
    assert "the same when asked in Chinese: True" in text(notebook, "partners-count")
    labels = {(row["label"], row["language"]) for row in table(notebook, "labels")}
    assert {("人居署", "zh"), ("UN-Habitat", "en"), (HABITAT, "en")} <= labels
    second = table(notebook, "partners-of-partners")
    assert second and all(row["via"] in partners for row in second)
    assert not {row["candidate"] for row in second} & (set(partners) | {"ent:UN-Habitat"})
    assert_evidence(table(notebook, "supports"))
    concerns = table(notebook, "concerns")
    assert_evidence(concerns)
    assert all("resolution" in row["resolution"] and row["topicZh"] for row in concerns)
    coverage = table(notebook, "label-coverage")
    assert sum(int(row["entities"]) for row in coverage) > 0
    assert all(int(row["english"]) <= int(row["entities"]) >= int(row["chinese"]) for row in coverage)
    names = table(notebook, "bilingual-names")
    assert all(row["english"] and row["chinese"] for row in names)


def test_network_analysis_and_report(executed) -> None:
    notebook = executed("03-network-analysis-and-report")
    nodes, edges = (int(n) for n in re.search(r"(\d+) organisations, (\d+) relations",
                                              text(notebook, "organisations")).groups())
    centrality = table(notebook, "centrality")
    assert centrality[0]["organisation"] == HABITAT
    assert all(0 <= float(row["betweenness"]) <= 1 for row in centrality)
    assert HABITAT in text(notebook, "most-central")
    communities = table(notebook, "communities")
    assert all(int(row["size"]) >= 2 for row in communities)
    assert sum(int(row["size"]) for row in communities) <= nodes
    assert HABITAT in communities[0]["members (most linked first)"]
    [figure] = [output["data"]["image/png"] for output in tagged(notebook, "figure") if "data" in output]
    assert base64.b64decode(figure).startswith(b"\x89PNG\r\n\x1a\n")
    exports = {row["format"]: row for row in table(notebook, "exports")}
    assert set(exports) == {"gexf", "graphml"}
    for row in exports.values():
        assert (int(row["nodes"]), int(row["edges"])) == (nodes, edges)
        assert row["UN-Habitat's label"] == "联合国人类住区规划署"
    report = text(notebook, "report")
    assert "Most connected organisations" in report and HABITAT in report
    assert 'src="data:image/png;base64,' in report
