"""Read PDF, Word (.docx) and HTML documents into the paragraph lines that :func:`kg.read.split_paragraphs` takes.

The format is told by content (:func:`sniff_format`), not by the file name. Each reader returns a
:class:`FormattedText`: one paragraph per line in reading order, with page furniture (running headers and
footers, page numbers), footnotes and footnote markers taken out, lines inside a paragraph joined (a hyphen at a
line end joined, Chinese joined without a space) and soft hyphens dropped. The furniture's text is kept apart:
a UN document's running header carries its symbol.
"""
from __future__ import annotations

import io
import re
import statistics
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import DocumentError
from kg.script import is_segmented_text

# CJK ideographs, CJK punctuation and full-width forms: no space is put between these and a neighbour.
_CJK = re.compile(r"[\u2e80-\u2fff\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
_SOFT_HYPHEN = "\u00ad"
_HYPHEN_END = re.compile(r"[^\W_]-$")
# A footnote marker: a number, asterisks or a dagger, standing alone.
_MARKER = re.compile(r"^\s*(?:\d{1,3}|\*{1,3}|[†‡§])\s*$")
_FOOTNOTE_START = re.compile(r"^\s*(?:\d{1,3}|\*{1,3}|[†‡§])\s*\S")
# A page number, alone on the first or last line of a page.
_PAGE_NUMBER = re.compile(r"^(?:(?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?|[-–—]?\s*\d{1,4}\s*[-–—]?|\d+\s*/\s*\d+"
                          r"|第\s*\d+\s*页(?:\s*[，,]?\s*共\s*\d+\s*页)?)$", re.IGNORECASE)
# UN print marks near a page's edge: the job number ("09-33346 (E)  170609  180609") and its bar code.
_PRINT_MARK = re.compile(r"^(?:\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6}){0,2}|\*\d{7}\*)$")
_PARAGRAPH_START = re.compile(r"^(?:\d{1,3}\.|\([a-z]{1,4}\))\s")
_SENTENCE_END = tuple(".。:：;；!！?？")
# Titles that file properties carry by default, not the document's own.
_JUNK_TITLE = re.compile(r"^(?:microsoft word\b.*|word document|untitled.*|document\d*"
                         r"|.*\.(?:docx?|pdf|rtf|odt|html?))$", re.IGNORECASE)


# The media type of each format sniff_format tells (dcterms:format of a document node).
MEDIA_TYPES = {
    "text": "text/plain",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
}


@dataclass(frozen=True)
class FormattedText:
    """The text of a PDF, Word or HTML file, ready for :func:`kg.read.split_paragraphs`.

    ``lines``: one paragraph per line, in reading order, none empty. ``furniture``: running headers, footers and
    page numbers taken out of the text (UN documents put their symbol there). ``title``: the title in the file's
    properties (PDF info, Word core properties, HTML ``<title>``) unless it is a default such as "Word Document".
    """

    lines: tuple[str, ...]
    furniture: tuple[str, ...] = ()
    title: str = ""


def sniff_format(data: bytes) -> str:
    """The format of a file's bytes: ``pdf``, ``docx``, ``html`` or ``text``.

    Also ``doc`` (a legacy Word or other OLE2 file) and ``zip`` (a ZIP archive without ``word/document.xml``),
    which are not read but named in the error.
    """
    if b"%PDF-" in data[:1024]:  # the header may follow a few bytes of junk
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return "docx" if "word/document.xml" in archive.namelist() else "zip"
        except zipfile.BadZipFile:
            # A damaged .docx still names its parts in the local headers.
            return "docx" if b"word/document.xml" in data else "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if _looks_like_html(data[:4096]):
        return "html"
    return "text"


def _looks_like_html(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    # Skip an XML declaration and comments before the first tag.
    text = re.sub(r"^\s*(?:<\?xml[^>]*>\s*|<!--.*?-->\s*)*", "", text, flags=re.DOTALL).lower()
    return text.startswith(("<!doctype html", "<html"))


def read_formatted(data: bytes, path: str | Path, kind: str) -> FormattedText:
    """Read a file of the format :func:`sniff_format` found (not ``text``).

    :raises DocumentError: the format is not supported, or the file cannot be read as that format.
    """
    readers: dict[str, Callable[[bytes, str | Path], FormattedText]] = {
        "pdf": read_pdf, "docx": read_docx, "html": read_html}
    if kind == "doc":
        raise DocumentError(path, "a legacy Word .doc (or other OLE2) file: save it as .docx or PDF")
    if kind == "zip":
        raise DocumentError(path, "a ZIP archive but not a Word .docx document (no word/document.xml)")
    return readers[kind](data, path)


# ---------------------------------------------------------------------------------------------- joining lines

def is_cjk(char: str) -> bool:
    """True for a CJK ideograph, CJK punctuation or a full-width form."""
    return bool(_CJK.match(char))


def join_lines(lines: Iterable[str]) -> str:
    """Join the lines of one paragraph.

    A line that ends in a space keeps it. Otherwise there is no space next to a CJK character, nor after a
    character a line may break after (``|``, ``/``, a soft hyphen, a hyphen after a letter or digit); a hyphen
    between letters before a lower-case letter is a hyphenation and goes; elsewhere a space is put back (most
    PDF producers drop the space a line breaks at).
    """
    text = ""
    for line in lines:
        if not line.strip():
            continue
        if not text or text[-1].isspace() or line[0].isspace() or text[-1] == _SOFT_HYPHEN:
            text += line
        elif text.endswith("-") and text[-2:-1].isalpha() and line[0].islower():
            text = text[:-1] + line
        elif is_cjk(text[-1]) or is_cjk(line[0]) or text[-1] in "|/" or _HYPHEN_END.search(text):
            text += line
        else:
            text += " " + line
    return text.replace(_SOFT_HYPHEN, "").strip()


# ------------------------------------------------------------------------------------------------------- PDF

@dataclass
class _Line:
    """A line of text on a PDF page, with what the layout rules need."""

    page: int
    x0: float
    x1: float
    bottom: float
    top: float
    size: float
    text: str
    first_word: float  # width of the first word (or CJK character): would it have fitted on the line above?


@dataclass
class _Page:
    lines: list[_Line] = field(default_factory=list)
    rules: list[tuple[float, float, float]] = field(default_factory=list)  # horizontal rules: (x0, x1, y)


def read_pdf(data: bytes, path: str | Path) -> FormattedText:
    """Read a PDF's text layer.

    Lines are ordered top to bottom on each page; lines repeated at the top or bottom of pages (running headers
    and footers), page numbers and UN print marks, footnotes (smaller text at a page's foot) and raised footnote
    markers are removed; lines are grouped into paragraphs by vertical gaps, font size, paragraph numbers and
    lines that end short of the right margin.

    :raises DocumentError: the PDF is encrypted, damaged, or has no text layer (a scan).
    """
    pages = _pdf_pages(data, path)
    lines = [line for page in pages for line in page.lines]
    if not any(line.text.strip() for line in lines):
        raise DocumentError(path, "PDF has no text layer (scanned?); run OCR on it first")
    if sum(line.text.count("(cid:") for line in lines) * 6 > sum(len(line.text) for line in lines):
        raise DocumentError(path, "PDF text cannot be decoded (its fonts have no Unicode mapping)")
    furniture = _take_furniture(pages)
    body_size = _body_size(pages)
    for page in pages:
        _drop_footnotes(page, body_size)
    body = [line for page in pages for line in page.lines]
    texts = [join_lines(line.text for line in paragraph) for paragraph in _pdf_paragraphs(body)]
    return FormattedText(tuple(t for t in texts if t), tuple(line.text.strip() for line in furniture),
                         _title(_pdf_title(data)))


def _pdf_pages(data: bytes, path: str | Path) -> list[_Page]:
    from pdfminer.layout import LTCurve, LTTextLine

    pages: list[_Page] = []
    for number, layout in enumerate(_layouts(data, path)):
        page = _Page()
        for item in _walk(layout):
            if isinstance(item, LTTextLine):
                line = _pdf_line(number, item)
                if line:
                    page.lines.append(line)
            elif isinstance(item, LTCurve) and item.height < 2 and item.width > 10:
                page.rules.append((item.x0, item.x1, item.y0))
        page.lines = _reading_order(page.lines)
        pages.append(page)
    if not pages:
        raise DocumentError(path, "PDF has no pages")
    return pages


def _layouts(data: bytes, path: str | Path) -> Iterable:
    """pdfminer's page layouts; its errors become one-line :class:`DocumentError` messages."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        yield from extract_pages(io.BytesIO(data), laparams=LAParams())
    except PDFPasswordIncorrect:
        raise DocumentError(path, "encrypted PDF (it needs a password)") from None
    except PDFEncryptionError as e:
        raise DocumentError(path, f"encrypted PDF that cannot be opened ({e})") from None
    except Exception as e:  # noqa: BLE001 - pdfminer raises many kinds of error on damaged files
        raise DocumentError(path, f"damaged PDF ({type(e).__name__}: {e})") from None


def _walk(item) -> Iterable:
    """Text lines and drawn lines of a layout, depth first (lines inside text boxes and figures)."""
    from pdfminer.layout import LTContainer, LTTextLine

    yield item
    if isinstance(item, LTContainer) and not isinstance(item, LTTextLine):
        for child in item:
            yield from _walk(child)


def _pdf_line(page: int, item) -> _Line | None:
    """The text of a pdfminer line without raised footnote markers; pdfminer's guessed spaces are kept only
    between non-CJK characters (it puts them between a Latin digit and a Chinese character, as in "2009 年")."""
    from pdfminer.layout import LTChar

    chars = [c for c in item if isinstance(c, LTChar)]
    if not chars:
        return None
    sizes = Counter(round(c.size, 1) for c in chars)
    size = sizes.most_common(1)[0][0]
    base = statistics.median(c.y0 for c in chars if round(c.size, 1) == size)
    text = ""
    pending_space = False
    kept: list = []
    for child in item:
        if not isinstance(child, LTChar):
            pending_space = pending_space or child.get_text() == " "
            continue
        glyph = child.get_text()
        if child.size < 0.8 * size and child.y0 > base + 0.2 * size and not is_cjk(glyph[:1]):
            continue  # a raised footnote marker
        if pending_space and text and not text[-1].isspace() and not glyph.isspace() \
                and not is_cjk(text[-1]) and not is_cjk(glyph[:1]):
            text += " "
        pending_space = False
        text += glyph
        kept.append(child)
    if not kept:
        return None
    first_word = kept[0].x1 - kept[0].x0
    for char in kept[1:]:
        if char.get_text().isspace() or is_cjk(kept[0].get_text()[:1]):
            break
        first_word = char.x1 - kept[0].x0
    return _Line(page, kept[0].x0, max(c.x1 for c in kept), item.y0, item.y1, size, text, first_word)


def _reading_order(lines: list[_Line]) -> list[_Line]:
    """Top to bottom; lines on one row (their middles within half a line height) left to right."""
    def middle(line: _Line) -> float:
        return (line.top + line.bottom) / 2

    rows: list[list[_Line]] = []
    for line in sorted(lines, key=middle, reverse=True):
        if rows and abs(middle(rows[-1][0]) - middle(line)) < 0.5 * line.size:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda item: item.x0)]


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))


def _take_furniture(pages: list[_Page]) -> list[_Line]:
    """Remove running headers and footers, page numbers and print marks from the pages; return them.

    A header or footer is a line among the first two or last three of a page whose text, digits aside, is at
    the edge of at least two pages and a third of them; a page has one of each, so the first page's symbol
    under a running header that repeats it stays in the text.
    """
    edges = [page.lines[:2] + page.lines[:-4:-1] if len(page.lines) > 5 else list(page.lines) for page in pages]
    seen: defaultdict[str, set[int]] = defaultdict(set)
    for number, lines in enumerate(edges):
        for line in lines:
            seen[_furniture_key(line.text)].add(number)
    repeated = {key for key, where in seen.items() if len(where) >= 2 and len(where) * 3 >= len(pages)}
    taken: list[_Line] = []
    for page, lines in zip(pages, edges):
        outer = (page.lines[0], page.lines[-1]) if page.lines else ()
        keys: set[str] = set()
        dropped: set[int] = set()  # ids of this page's furniture lines (_Line compares by value)
        for line in lines:  # outermost first: top down, then bottom up
            text, key = line.text.strip(), _furniture_key(line.text)
            if ((key in repeated and key not in keys) or _PRINT_MARK.match(text)
                    or (any(line is edge for edge in outer) and _PAGE_NUMBER.match(text))):
                taken.append(line)
                dropped.add(id(line))
                keys.add(key)
        page.lines = [line for line in page.lines if id(line) not in dropped]
    return taken


def _body_size(pages: list[_Page]) -> float:
    sizes: Counter = Counter()
    for page in pages:
        for line in page.lines:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _drop_footnotes(page: _Page, body_size: float) -> None:
    """Remove the footnotes at the foot of a page: a run of lines in a smaller font under a short rule, or whose
    first line starts with a footnote number."""
    start = len(page.lines)
    while start > 0 and page.lines[start - 1].size < body_size - 0.5:
        start -= 1
    if start == len(page.lines) or start == 0:
        return
    run, above = page.lines[start:], page.lines[start - 1]
    top = max(line.top for line in run)
    ruled = any(top <= y <= above.bottom + 1 for _, _, y in page.rules)
    if ruled or _FOOTNOTE_START.match(run[0].text):
        del page.lines[start:]


def _pdf_paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    """Group lines into paragraphs: a new one after a larger gap than the usual line pitch, at a change of font
    size, at a paragraph number after a sentence end, or after a line that ended although the next line's first
    word would have fitted on it."""
    if not lines:
        return []
    right = sorted(line.x1 for line in lines)[int(0.9 * (len(lines) - 1))]
    steps = [a.bottom - b.bottom for a, b in zip(lines, lines[1:])
             if a.page == b.page and abs(a.size - b.size) < 0.5 and a.bottom > b.bottom]
    pitch = statistics.median(steps) if steps else 0.0
    paragraphs: list[list[_Line]] = [[lines[0]]]
    for previous, line in zip(lines, lines[1:]):
        same_page = previous.page == line.page
        new = (
            abs(previous.size - line.size) >= 0.5
            or (same_page and pitch and previous.bottom - line.bottom > 1.4 * pitch)
            or (same_page and previous.bottom <= line.bottom)  # not below: a new column or a table cell
            or right - previous.x1 > line.first_word + line.size
            or (previous.text.rstrip().endswith(_SENTENCE_END) and bool(_PARAGRAPH_START.match(line.text)))
        )
        if new:
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return paragraphs


def _pdf_title(data: bytes) -> str:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    try:
        info = PDFDocument(PDFParser(io.BytesIO(data))).info
        raw = resolve1(info[0].get("Title")) if info else None
    except Exception:  # noqa: BLE001 - the title is optional; the text was read already
        return ""
    if isinstance(raw, bytes):
        if raw.startswith((b"\xfe\xff", b"\xff\xfe")):
            return raw.decode("utf-16", errors="ignore")
        return raw.decode("latin-1")
    return raw if isinstance(raw, str) else ""


def _title(raw: str) -> str:
    title = re.sub(r"\s+", " ", raw or "").strip()
    return "" if not title or _JUNK_TITLE.match(title) else title


# ------------------------------------------------------------------------------------------------------ Word

def read_docx(data: bytes, path: str | Path) -> FormattedText:
    """Read a Word document's body: paragraphs and table cells in order, manual line breaks joined, footnote
    references and superscript markers left out; headers and footers are furniture.

    :raises DocumentError: the file is a damaged ZIP or not a valid Word document.
    """
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # noqa: BLE001 - zipfile, python-docx and lxml raise many kinds of error on damaged parts
        raise DocumentError(path, f"damaged Word document ({type(e).__name__}: {e})") from None
    lines = [join_lines(block.split("\n")) for block in _docx_blocks(document)]
    furniture: list[str] = []
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.even_page_header,
                     section.footer, section.first_page_footer, section.even_page_footer):
            if not part.is_linked_to_previous:
                furniture += [p.text.strip() for p in part.paragraphs if p.text.strip()]
    return FormattedText(tuple(line for line in lines if line), tuple(dict.fromkeys(furniture)),
                         _title(document.core_properties.title or ""))


def _docx_blocks(container) -> Iterable[str]:
    """The text of each paragraph of a document, table cell or nested table, in order."""
    from docx.table import Table

    for item in container.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue  # a merged cell is returned once per grid column it spans
                    seen.add(id(cell._tc))
                    yield from _docx_blocks(cell)
        else:
            yield _docx_text(item)


def _docx_text(paragraph) -> str:
    from docx.text.hyperlink import Hyperlink

    text = ""
    for item in paragraph.iter_inner_content():
        for run in (item.runs if isinstance(item, Hyperlink) else [item]):
            if run.font.superscript and _MARKER.match(run.text):
                continue  # a footnote marker typed as a superscript number
            text += run.text.replace("\t", " ")
    return text


# ------------------------------------------------------------------------------------------------------ HTML

_BLOCK_TAGS = frozenset("""address article aside blockquote body caption center dd details dialog div dl dt fieldset
    figcaption figure form h1 h2 h3 h4 h5 h6 hr legend li main ol p pre section summary table tbody td tfoot th thead
    tr ul""".split())
_SKIP_TAGS = frozenset("button head iframe input noscript object script select style svg template textarea".split())
_FURNITURE_TAGS = frozenset({"header", "footer", "nav"})
_FURNITURE_ROLES = frozenset({"banner", "navigation", "contentinfo"})
# Footnote bodies by id, class or ARIA role (LibreOffice: id="sdfootnote1"; Pandoc/Word: class="footnotes").
_FOOTNOTE_NAME = re.compile(r"^(?:sd)?(?:foot|end)notes?(?:\d+|[-_](?:body|text|list|section|area|content))?$"
                            r"|^fn\d+$|^doc-(?:foot|end)notes?$", re.IGNORECASE)
_BREAK = "\u2028"  # stands for <br> until whitespace is collapsed


def read_html(data: bytes, path: str | Path) -> FormattedText:
    """Read an HTML page: block elements are paragraphs, ``<br>`` joins lines (two in a row part paragraphs);
    scripts, styles, footnote markers and footnotes are left out; ``<header>``, ``<footer>``, ``<nav>`` and
    LibreOffice's page header and footer are furniture.

    :raises DocumentError: the page is not in its declared encoding (or, declaring none, not UTF-8).
    """
    import lxml.html
    from lxml import etree

    encoding = _html_encoding(data)
    try:
        source = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise DocumentError(path, f"HTML page is not valid {encoding} text") from None
    source = re.sub(r"^\ufeff?\s*<\?xml[^>]*\?>", "", source)  # lxml refuses a text with an encoding declaration
    try:
        root = lxml.html.document_fromstring(source)
    except (etree.ParserError, ValueError) as e:
        raise DocumentError(path, f"damaged HTML ({e})") from None
    collector = _HtmlCollector()
    body = root.find("body")
    collector.walk(body if body is not None else root)
    collector.flush()
    segmented = is_segmented_text("".join(collector.blocks))
    lines = [_collapse_whitespace(part, segmented) for block in collector.blocks
             for part in re.split(f"{_BREAK}\\s*{_BREAK}", block)]
    return FormattedText(tuple(line for line in lines if line), tuple(collector.furniture),
                         _title(root.findtext(".//title") or ""))


def _html_encoding(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    declared = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", data[:4096], re.IGNORECASE)
    return declared.group(1).decode("ascii").lower() if declared else "utf-8"


class _HtmlCollector:
    """Walks an HTML tree and collects the text of each block element, and the furniture apart."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.furniture: list[str] = []
        self._pieces: list[str] = []

    def flush(self) -> None:
        text = "".join(self._pieces)
        if text.strip(" \t\r\n" + _BREAK):
            self.blocks.append(text)
        self._pieces = []

    def walk(self, element) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if not tag or tag in _SKIP_TAGS or _is_footnote(element, tag):
            pass
        elif (tag in _FURNITURE_TAGS or element.get("role") in _FURNITURE_ROLES
              or element.get("title") in ("header", "footer")):
            text = " ".join(element.text_content().split())
            if text:
                self.furniture.append(text)
        elif tag == "pre":
            self.flush()
            self._pieces.append(element.text_content().replace("\n", _BREAK))
            self.flush()
        else:
            block = tag in _BLOCK_TAGS
            if block:
                self.flush()
            if tag == "br":
                self._pieces.append(_BREAK)
            if element.text:
                self._pieces.append(element.text)
            for child in element:
                self.walk(child)
            if block:
                self.flush()
        if element.tail:
            self._pieces.append(element.tail)


def _is_footnote(element, tag: str) -> bool:
    """A footnote marker (``<sup>1</sup>``, ``<a href="#fn1">1</a>``) or a footnote's body."""
    if tag in ("sup", "a"):
        marker = bool(_MARKER.match(element.text_content()))
        return marker and (tag == "sup" or (element.get("href") or "").startswith("#"))
    names = [element.get("id") or "", element.get("role") or "", *(element.get("class") or "").split()]
    return any(_FOOTNOTE_NAME.match(name) for name in names if name)


def _collapse_whitespace(text: str, segmented: bool) -> str:
    """Collapse whitespace as a browser does. A line break between two CJK characters disappears (CSS Text 3),
    unless the text puts spaces between its Chinese words: then the line break stood for one."""
    text = text.replace(_SOFT_HYPHEN, "").replace("\u200b", "")

    def space(match: re.Match) -> str:
        before, after = text[match.start() - 1:match.start()], text[match.end():match.end() + 1]
        broken = "\n" in match.group() or _BREAK in match.group()
        return "" if broken and not segmented and is_cjk(before[:1] or " ") and is_cjk(after[:1] or " ") else " "

    return re.sub(r"\s+", space, text).strip()
