"""PDF, Word and HTML documents made by a real office suite read like the text they were made from.

The bundled sample (Chinese) and ``tests/data/un-report.en.txt`` (an English text written for these tests in the
layout of a UN report's first pages, modelled on the opening of E/2009/100) are written as OpenDocument files
with a running header, a page-number footer, a footnote and (English) soft hyphens, and LibreOffice makes PDF,
DOCX and HTML files of them once per session (``tests/office.py``).

The one difference the PDF of the sample is allowed: the sample puts spaces between Chinese words, and where a
full PDF line ends on such a space LibreOffice does not draw it, so the joined line has no space there (Chinese
lines are joined without inserting spaces). Text and triples may differ only by spaces next to Chinese characters.
"""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
import rdflib
from rdflib import RDF, Dataset, Graph, Literal
from rdflib.namespace import DCTERMS
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import DocumentError
from kg.formats import join_lines, read_docx, read_html, sniff_format
from kg.metadata import find_date, find_metadata
from kg.model import DocumentGraph
from kg.ontology import load_ontology
from kg.rdf import UNKG, add_document_graph, document_iri
from kg.read import read_document
from tests.data import DATA, GOLD, SAMPLE, SCORER
from tests.office import ENCRYPTED_PDF, convert, write_fodt

ENGLISH = DATA / "un-report.en.txt"
FORMATS = ("pdf", "docx", "html")
runner = CliRunner()
_CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef]) +| +(?=[\u3000-\u9fff\uff00-\uffef])")


def unspaced(text: str) -> str:
    """The text without the spaces next to a Chinese character (the allowed difference)."""
    return _CJK_SPACE.sub("", text)


@pytest.fixture(scope="session")
def office(tmp_path_factory) -> dict[str, Path]:
    """PDF, DOCX and HTML files of the sample (``zh``), of its first five paragraphs (``small``) and of the English
    text (``en``), an encrypted PDF (``secret.pdf``), all made by LibreOffice; keys like ``zh.pdf``."""
    folder = tmp_path_factory.mktemp("office")
    sample = SAMPLE.read_text(encoding="utf-8").splitlines()
    body = sample[2]
    small = [sample[0], "", body[:body.index(" 6. ")]]
    header = "E/2009/100"
    note = ("根据 经济 及 社会 理事会 第2008/239 号 决定 (c ) 段 编写 。", "见 E/2008/15 号 文件 。")
    sources = [
        write_fodt(sample, folder / "zh.fodt", header=header, footnote=note),
        write_fodt(small, folder / "small.fodt", header=header, footnote=note),
        write_fodt(ENGLISH.read_text(encoding="utf-8").splitlines(), folder / "en.fodt", header=header,
                   footnote=("decision 2008/239, paragraph (c)", "See Official Records of the Economic and Social "
                                                                   "Council, 2008, Supplement No. 1."), hyphenate=True),
    ]
    profile = folder / "profile"
    for target in FORMATS:
        convert(sources, target, folder, profile=profile)
    secret = folder / "secret.fodt"
    secret.write_bytes(sources[1].read_bytes())
    convert([secret], ENCRYPTED_PDF, folder, profile=profile)
    (folder / "small.txt").write_text("\n".join(small) + "\n", encoding="utf-8")
    return {path.name: path for path in folder.iterdir() if path.is_file()}


def scanned_pdf(path: Path) -> Path:
    """A PDF whose page is only a picture of text, as a scanner makes."""
    picture = Figure(figsize=(4, 1), dpi=100)
    picture.text(0.1, 0.4, "United Nations E/2009/100", fontsize=14)
    canvas = FigureCanvasAgg(picture)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba())
    page = Figure(figsize=(8.27, 11.69))
    axes = page.add_axes((0.1, 0.7, 0.8, 0.2))
    axes.imshow(pixels)
    axes.axis("off")
    page.savefig(path, format="pdf")
    return path


def texts(path: Path) -> list[tuple[int, str]]:
    return [(p.number, p.text) for p in read_document(path).paragraphs]


# ------------------------------------------------------------------------------------- by content, not by name

def test_format_is_told_by_content(office, tmp_path):
    assert [sniff_format(office[f"zh.{kind}"].read_bytes()) for kind in FORMATS] == list(FORMATS)
    assert sniff_format(SAMPLE.read_bytes()) == "text"
    assert sniff_format(b"\xef\xbb\xbf <?xml version='1.0'?>\n<!-- page --><HTML><body>x</body></HTML>") == "html"
    assert sniff_format(b"<p>not a page</p>") == "text"
    assert sniff_format(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)) == "doc"
    renamed = tmp_path / "report.txt"
    renamed.write_bytes(office["en.pdf"].read_bytes())
    document = read_document(renamed)
    assert document.format == "pdf" and document.paragraphs == read_document(office["en.pdf"]).paragraphs


# ------------------------------------------------------------------------ the same text as the source text

@pytest.mark.parametrize("kind", ["docx", "html"])
def test_word_and_html_of_the_sample_read_exactly_like_the_text(office, kind):
    document, text = read_document(office[f"zh.{kind}"]), read_document(SAMPLE)
    assert document.paragraphs == text.paragraphs  # numbers, texts and sentences
    assert document.subjects == text.subjects and document.format == kind


@pytest.mark.parametrize("kind", FORMATS)
def test_english_pdf_word_and_html_read_exactly_like_the_text(office, kind):
    """Running header, page numbers, the footnote and its marker, soft hyphens and line breaks are gone."""
    document, text = read_document(office[f"en.{kind}"]), read_document(ENGLISH)
    assert document.paragraphs == text.paragraphs
    assert "Supplement No. 1" not in str(document.paragraphs) and "(c)1" not in document.paragraphs[1].text


def test_pdf_of_the_sample_differs_only_by_spaces_at_line_ends(office):
    pdf, text = texts(office["zh.pdf"]), texts(SAMPLE)
    assert [n for n, _ in pdf] == [n for n, _ in text] == list(range(97))
    assert [unspaced(t) for _, t in pdf] == [unspaced(t) for _, t in text]
    lost = sum(t.count(" ") for _, t in text) - sum(t.count(" ") for _, t in pdf)
    assert 0 < lost < 0.05 * sum(t.count(" ") for _, t in text)  # some spaces lost, none inserted
    assert read_document(office["zh.pdf"]).subjects == read_document(SAMPLE).subjects


def test_pdf_furniture_is_kept_apart(office):
    from kg.formats import read_pdf

    formatted = read_pdf(office["en.pdf"].read_bytes(), "en.pdf")
    assert formatted.furniture[0] == "E/2009/100" and {"1", "2"} <= set(formatted.furniture)
    assert formatted.lines[0] == "E/2009/100"  # the first page's symbol stays: one running header a page


# ------------------------------------------------------------------------------- the same triples and score

@pytest.fixture(scope="session")
def built(office, tmp_path_factory) -> dict[str, Path]:
    """The sample built from its text, PDF and DOCX files: output folders by kind."""
    outputs = {}
    for kind, source in (("txt", SAMPLE), ("pdf", office["zh.pdf"]), ("docx", office["zh.docx"])):
        outputs[kind] = tmp_path_factory.mktemp(f"built-{kind}")
        result = runner.invoke(app, ["build", str(source), "--out", str(outputs[kind]), "--quiet"])
        assert result.exit_code == 0, result.output
    return outputs


def rows(out: Path) -> dict[tuple, dict]:
    found = {}
    for line in (out / "triples.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        found[(row["subject_iri"], row["predicate"], row["object_iri"], row["paragraph"])] = row
    return found


def test_docx_builds_the_same_triples_as_the_text(built):
    assert rows(built["docx"]).keys() == rows(built["txt"]).keys()


def test_pdf_builds_the_same_triples_but_where_a_line_end_lost_a_space(built, office):
    text_rows, pdf_rows = rows(built["txt"]), rows(built["pdf"])
    sentences = {p.number: [s.text for s in p.sentences] for p in read_document(SAMPLE).paragraphs}
    pdf_sentences = {p.number: [s.text for s in p.sentences] for p in read_document(office["zh.pdf"]).paragraphs}
    changed = {(n, unspaced(s)) for n in sentences for s in sentences[n] if s not in pdf_sentences[n]}
    differing = [row for key, row in {**text_rows, **pdf_rows}.items() if (key in text_rows) != (key in pdf_rows)]
    assert len(differing) < 0.02 * len(text_rows)
    for row in differing:
        evidence = unspaced(row["evidence"])
        assert any(n == row["paragraph"] and evidence in s for n, s in changed), row


def score(out: Path) -> float:
    completed = subprocess.run([sys.executable, str(SCORER), str(GOLD), str(out / "triples.jsonl"), "--json"],
                               capture_output=True, text=True, check=True)
    return json.loads(completed.stdout)["micro"]["f1"]


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval is not beside the project (CI and developers have it)")
@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_seed_score_of_pdf_and_docx_is_the_text_score(built, kind):
    assert abs(score(built[kind]) - score(built["txt"])) <= 0.02


# -------------------------------------------------------------------------------------------------- metadata

def test_document_node_has_symbol_date_language_and_format(built):
    graph = Graph().parse(built["pdf"] / "graph.ttl", format="turtle")
    doc = document_iri("E/2009/100")
    assert (doc, DCTERMS.identifier, Literal("E/2009/100")) in graph
    assert (doc, DCTERMS.date, Literal("2009-07-06", datatype=rdflib.XSD.date)) in graph  # the session's first day
    assert (doc, DCTERMS.language, Literal("zh", datatype=rdflib.XSD.language)) in graph
    assert (doc, DCTERMS.format, Literal("application/pdf")) in graph
    assert (doc, UNKG.agendaItem, Literal("13 (d)")) in graph


def test_english_first_page_metadata_on_the_document_node(office):
    document = read_document(office["en.docx"])
    assert (document.id, document.language, document.date, document.distribution, document.agenda_item) == \
        ("E/2009/100", "en", "2009-05-12", "General", "13 (d)")
    assert document.title == "Coordinated implementation of the Habitat Agenda"
    graph = Graph()
    add_document_graph(graph, DocumentGraph(document), load_ontology())
    doc = document_iri(document.id)
    assert graph.value(doc, DCTERMS.title) == Literal("Coordinated implementation of the Habitat Agenda", lang="en")
    assert graph.value(doc, UNKG.distribution) == Literal("General")
    assert (doc, RDF.type, UNKG.Document) in graph


def test_chinese_and_english_files_of_a_symbol_share_the_document(office):
    chinese, english = read_document(office["zh.pdf"]), read_document(office["en.html"])
    assert chinese.language == "zh" and english.language == "en"
    assert document_iri(chinese.id) == document_iri(english.id) == document_iri("E/2009/100")


def test_metadata_of_openings():
    chinese = find_metadata(["Distr.: Limited", "2 June 2010", "2010年 实质性 会议", "议程 项目 7 ( b )",
                             "人类 住区", "秘书长 的 报告"])
    assert (chinese.distribution, chinese.date, chinese.agenda_item, chinese.title) == \
        ("Limited", "2010-06-02", "7 (b)", "人类 住区")
    assert find_metadata(["普遍分发", "2009年5月12日"]).distribution == "General"
    assert find_metadata(["Agenda item 68 (a)", "Promotion and protection of human rights"]).agenda_item == "68 (a)"
    assert find_date("no date, 31 February 2009 aside") == "" and find_date("on 3 march 2009") == "2009-03-03"
    assert find_metadata(["A one-line text without any of it."]) == find_metadata([])


# ---------------------------------------------------------------------------------------- readers in detail

@pytest.mark.parametrize("lines, joined", [
    (["imple-", "mentation of the plan"], "implementation of the plan"),
    (["the UN-", "Habitat programme"], "the UN-Habitat programme"),
    (["2008-", "2013 plan"], "2008-2013 plan"),
    (["for the", "implementation"], "for the implementation"),
    (["kept space ", "here"], "kept space here"),
    (["人居署 与 环境", "署 合作"], "人居署 与 环境署 合作"),
    (["联合国", "UNEP"], "联合国UNEP"),
    (["HUMAN SETTLEMENTS|", "URBANIZATION|"], "HUMAN SETTLEMENTS|URBANIZATION|"),
    (["hyphen\u00ad", "ation"], "hyphenation"),
])
def test_join_lines(lines, joined):
    assert join_lines(lines) == joined


def test_html_reader_keeps_the_text_and_drops_the_rest():
    page = """<!DOCTYPE html><html lang="zh"><head><title>E/2009/100 人类住区</title>
    <style>p { color: red }</style><script>var x = "脚本";</script></head><body>
    <nav>首页 | 文件</nav><header>E/2009/100</header>
    <h1>协调执行《人居议程》</h1>
    <p>1. 人居署与环境署
       合作<sup>1</sup>，支持<a href="#fn2">2</a>城市。</p>
    <p>UN-Habitat worked<br>with UNEP.<br><br>2. A new paragraph&shy;s.</p>
    <table><tr><td>3. 表格</td><td>单元</td></tr></table>
    <div class="footnotes"><p>1 脚注。</p></div><footer>第 1 页</footer></body></html>"""
    formatted = read_html(page.encode(), "page.html")
    assert formatted.lines == ("协调执行《人居议程》", "1. 人居署与环境署合作，支持城市。",
                               "UN-Habitat worked with UNEP.", "2. A new paragraphs.", "3. 表格", "单元")
    assert formatted.furniture == ("首页 | 文件", "E/2009/100", "第 1 页")
    assert formatted.title == "E/2009/100 人类住区"


def test_html_in_a_declared_encoding_and_a_bad_one():
    page = '<html><head><meta charset="gbk"></head><body><p>人居署</p></body></html>'.encode("gbk")
    assert read_html(page, "gbk.html").lines == ("人居署",)
    with pytest.raises(DocumentError, match="not valid utf-8"):
        read_html(b"<html><body>\xff\xfe\xfa</body></html>", "bad.html")


def test_word_reader_tables_breaks_and_superscript_markers():
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "A/64/8"
    paragraph = document.add_paragraph("1. 人居署与环境署")
    paragraph.add_run().add_break()
    paragraph.add_run("合作")
    marker = paragraph.add_run("2")
    marker.font.superscript = True
    paragraph.add_run("。")
    english = document.add_paragraph("UN-Habitat worked")
    english.add_run().add_break()
    english.add_run("with UNEP.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "cell one", "cell two"
    document.core_properties.title = "Word Document"
    buffer = io.BytesIO()
    document.save(buffer)
    formatted = read_docx(buffer.getvalue(), "made.docx")
    assert formatted.lines == ("1. 人居署与环境署合作。", "UN-Habitat worked with UNEP.", "cell one", "cell two")
    assert formatted.furniture == ("A/64/8",) and formatted.title == ""


# ------------------------------------------------------------------------------- what cannot be read, and why

def test_unreadable_files_get_a_clear_message(office, tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(office["small.docx"].read_bytes()[:3000])
    archive = tmp_path / "archive.docx"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("content.xml", "<x/>")
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(office["small.pdf"].read_bytes()[:5000])
    legacy = tmp_path / "old.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    cases = {
        office["secret.pdf"]: "encrypted PDF",
        scanned_pdf(tmp_path / "scan.pdf"): r"no text layer \(scanned\?\)",
        truncated: "damaged PDF",
        broken: "damaged Word document",
        archive: "not a Word .docx",
        legacy: "legacy Word .doc",
    }
    for path, problem in cases.items():
        with pytest.raises(DocumentError, match=problem) as raised:
            read_document(path)
        assert str(raised.value).startswith(str(path)) and "\n" not in str(raised.value)


def test_a_mixed_folder_builds_every_readable_file(office, tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    for name in ("small.txt", "small.pdf", "small.docx", "small.html", "secret.pdf"):
        (folder / name).write_bytes(office[name].read_bytes())
    plain = office["small.txt"].read_text(encoding="utf-8").splitlines()[2]
    (folder / "plain.txt").write_text(plain.replace(" 2. ", "\n2. "), encoding="utf-8")  # no corpus header
    (folder / "page.htm").write_text(f"<!DOCTYPE html><p>{plain}</p>", encoding="utf-8")
    scanned_pdf(folder / "scan.pdf")
    (folder / "broken.docx").write_bytes(office["small.docx"].read_bytes()[:3000])
    (folder / "notes.md").write_text("not an input format", encoding="utf-8")
    result = runner.invoke(app, ["build", str(folder), "--out", str(out), "--quiet"])
    assert result.exit_code == 1
    assert "documents: 6" in result.stdout and "3 of 9 file(s) failed" in result.stderr
    assert "secret.pdf: encrypted PDF" in result.stderr and "scan.pdf: PDF has no text layer" in result.stderr
    assert "broken.docx: damaged Word document" in result.stderr and "Traceback" not in result.output
    dataset = Dataset()
    dataset.parse(out / "graph.trig", format="trig")
    formats = {str(o) for _, _, o, _ in dataset.quads((None, DCTERMS.format, None, None))}
    assert formats == {"text/plain", "application/pdf", "text/html",
                       "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
