"""Read UN documents: the UN corpus format (``%%%`` header line) and plain text, Chinese or English.

``read_document(path)`` decodes the file, detects its language, finds its UN symbol and splits it into
numbered paragraphs and sentences.
"""
from __future__ import annotations

import codecs
import hashlib
import logging
import re
import stat
from pathlib import Path

from kg.errors import DocumentError
from kg.formats import FormattedText, read_formatted, sniff_format
from kg.metadata import find_metadata
from kg.model import Document, Paragraph, Sentence

log = logging.getLogger(__name__)

CORPUS_HEADER = "%%%"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LETTER = re.compile(r"[A-Za-z\u3400-\u9fff\uf900-\ufaff]")
# A UN document symbol: series letters, then slash-separated parts with at least one number (E/2009/100,
# A/RES/63/221, E/CN.17/2009/2, HSP/GC/22/2).
_SYMBOL = re.compile(r"(?<![A-Za-z0-9/])([A-Z]{1,6}(?:/[A-Z0-9][A-Za-z0-9.\-]*)+)")
# A paragraph number "N." at the start of a paragraph, after a space or, in Chinese written without spaces, after
# the full stop of the previous paragraph; the number may be glued to a year ("26.2008年").
_NUMBER_MARK = r"(?:(?<=\s)|(?<=[。；！？”）])|^){n}\.(?=\s|\d{{4}}(?:年|-)|[^\d\s.])"
_SENTENCE_END = {"zh": re.compile(r"(?<=[。；！？!?])"), "en": re.compile(r"(?<=[.;!?])\s+(?=[\"“(\[A-Z0-9])")}
_MAX_NUMBERED = 999
# Larger files are refused: reading takes about eight times the file's size in memory, and extraction more.
MAX_DOCUMENT_BYTES = 32_000_000
# Byte order marks, the UTF-32 LE mark before the UTF-16 LE mark it starts with.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_SAMPLE = 4096
_CUT_SHORT = ("unexpected end of data", "truncated data", "incomplete multibyte sequence")
# Controls that are neither tabs nor line breaks (str.splitlines breaks at \v \f \x1c-\x1e \x85), and the two
# non-characters: none has a place in a document, and XML 1.0 cannot hold most of them.
_STRAY_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_MIN_NUMBERED_SHARE = 0.3
# A full stop that ends an abbreviation, not a sentence: initials (U.S., U.N.), titles and references.
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|St|No|Nos|para|paras|art|arts|vol|p|pp|e\.g|i\.e|"
                               r"etc|Inc|Ltd|Co|Corp|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|approx|cf|ibid)\.)$")


def read_document(path: str | Path, *, lang: str | None = None,
                  max_bytes: int = MAX_DOCUMENT_BYTES) -> Document:
    """Read one document.

    :param path: a text file, in the UN corpus format (line 1 ``%%%`` + UNBIS labels joined by ``|``) or plain
        text (one paragraph per line, or paragraphs separated by blank lines); or a PDF, Word (.docx) or HTML
        file, told by its content (:mod:`kg.formats`), whose paragraphs become the lines of a plain text.
    :param lang: ``zh`` or ``en``; detected from the share of CJK characters when not given.
    :param max_bytes: larger files are refused unread (memory stays bounded).
    :returns: the :class:`Document`, with numbered paragraphs and sentences, and the first page's metadata
        (:mod:`kg.metadata`); its id is the UN symbol (from the running header, else the opening) or the file stem.
    :raises DocumentError: the file is missing, empty, binary, not UTF-8/UTF-16 text, or a PDF, Word or HTML
        file that cannot be read (encrypted, damaged, no text layer).
    """
    path = Path(path)
    data = _read_bytes(path, max_bytes)
    kind = sniff_format(data)
    if kind == "text":
        formatted, text = FormattedText(()), decode_text(data, path)
    else:
        formatted = read_formatted(data, path, kind)
        text = "\n".join(formatted.lines)
    subjects: tuple[str, ...] = ()
    lines = text.splitlines()
    if lines and lines[0].startswith(CORPUS_HEADER):
        subjects = tuple(label.strip() for label in lines[0][len(CORPUS_HEADER):].split("|") if label.strip())
        lines = lines[1:]
    body = "\n".join(lines)
    if not body.strip():
        where = " after the %%% header" if subjects else " (empty file)" if kind == "text" else f" in this {kind} file"
        raise DocumentError(path, "no text" + where)
    language = lang or detect_language(body)
    if language not in ("zh", "en"):
        raise DocumentError(path, f"unsupported language {language!r} (use zh or en)")
    paragraphs = split_paragraphs(lines, language)
    metadata = find_metadata([*formatted.furniture, *lines])
    document = Document(
        id=find_symbol("\n".join(formatted.furniture)) or find_symbol(body) or path.stem,
        source=str(path),
        language=language,
        paragraphs=tuple(paragraphs),
        subjects=subjects,
        content_hash=hashlib.sha256(data).hexdigest(),
        title=metadata.title or formatted.title,
        date=metadata.date,
        distribution=metadata.distribution,
        agenda_item=metadata.agenda_item,
        format=kind,
    )
    log.info("%s: read %s, language %s, document %s", path, kind, language, document.id)
    return document


def _read_bytes(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> bytes:
    """The bytes of a regular file; folders, devices and pipes are refused, and so is a file over ``max_bytes``
    (never read past it, so memory stays bounded whatever the file)."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise DocumentError(path, "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise DocumentError(path, "not a regular file (a device, pipe or socket)")
        if info.st_size > max_bytes:
            raise _too_large(path, info.st_size, max_bytes)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise DocumentError(path, "no such file") from None
    except OSError as e:
        raise DocumentError(path, f"cannot be read ({e.strerror})") from None
    if len(data) > max_bytes:  # the file grew after stat()
        raise _too_large(path, len(data), max_bytes)
    return data


def _too_large(path: Path, size: int, max_bytes: int) -> DocumentError:
    return DocumentError(path, f"{size / 1e6:.1f} MB is more than the {max_bytes / 1e6:g} MB limit for one document; "
                               f"split it into smaller files")


def decode_text(data: bytes, path: Path) -> str:
    """Decode the bytes of a text file, telling its encoding; refuse binary data and other encodings.

    Read: UTF-8 (with or without BOM); UTF-16 and UTF-32 with a BOM; UTF-16 without a BOM, told by NUL bytes in
    alternate positions; GB18030/GBK (Chinese that is not UTF-8) when the decoded text is mostly common simplified
    Chinese characters (Big5 or Shift-JIS read as GB18030 is not, and is refused). A file cut in the middle of its
    last character (a truncated copy) is read without that character, with a warning. Control characters other
    than tabs and line breaks become spaces: they are converter noise, and XML exports cannot hold them.

    :raises DocumentError: the data is empty, binary, or in another encoding (the message says to convert it).
    """
    if not data.strip():
        raise DocumentError(path, "empty file")
    text = _decode(data, path)
    sample = text[:_SAMPLE]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 0.05 * len(sample):
        raise DocumentError(path, "binary file, not text")
    return _STRAY_CONTROL.sub(" ", text)


def _decode(data: bytes, path: Path) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_strictly(data, codec, path, skip=len(bom))
    head = data[:_SAMPLE]
    utf16 = _utf16_order(head) if b"\x00" in head else None
    if utf16:
        return _decode_strictly(data, utf16, path)
    try:
        return _decode_strictly(data, "utf-8", path)
    except DocumentError:
        if b"\x00" in head:
            raise DocumentError(path, "binary file, not text") from None
        try:
            text = _decode_strictly(data, "gb18030", path)
        except DocumentError:
            text = ""
        if not _mostly_common_chinese(text):
            raise
    log.info("%s: not UTF-8; read as GB18030 (Chinese)", path)
    return text


def _decode_strictly(data: bytes, codec: str, path: Path, *, skip: int = 0) -> str:
    """Decode ``data[skip:]`` (after a BOM) with ``codec``; only a last character cut short is forgiven (dropped,
    with a warning)."""
    try:
        return data[skip:].decode(codec)
    except UnicodeDecodeError as e:
        start, truncated = skip + e.start, skip + e.end == len(data) and e.reason in _CUT_SHORT
    if not truncated:
        name = codec.upper().removesuffix("-LE").removesuffix("-BE")
        raise DocumentError(path, f"not {name} text (invalid byte at offset {start}); convert it to UTF-8")
    log.warning("%s: ends in the middle of a character (truncated?): its last %d byte(s) are left out",
                path, len(data) - start)
    return data[skip:start].decode(codec)


def _utf16_order(head: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when NUL bytes fall mostly on one parity, as the high bytes of the spaces,
    digits, Latin letters and line breaks of UTF-16 text do; None otherwise."""
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if max(even, odd) < max(4, 0.1 * (len(head) // 2)) or min(even, odd) * 4 > max(even, odd):
        return None
    return "utf-16-le" if odd > even else "utf-16-be"


def _mostly_common_chinese(text: str) -> bool:
    """Half the letters are CJK and nine in ten of those are in GB2312 (the characters of modern Chinese);
    Big5 or Shift-JIS bytes decoded as GB18030 give rare characters instead."""
    ideographs = _CJK.findall(text[:20000])
    if not ideographs or len(ideographs) < 0.5 * len(_LETTER.findall(text[:20000])):
        return False
    return sum(1 for c in ideographs if _in_gb2312(c)) >= 0.9 * len(ideographs)


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def detect_language(text: str) -> str:
    """``zh`` when CJK characters make up at least a fifth of the letters, else ``en``."""
    sample = text[:20000]
    letters = len(_LETTER.findall(sample))
    cjk = len(_CJK.findall(sample))
    return "zh" if letters and cjk / letters >= 0.2 else "en"


def find_symbol(text: str) -> str | None:
    """The first UN document symbol in the opening of the text (``E/2009/100``), if any."""
    for match in _SYMBOL.finditer(text[:3000]):
        symbol = match.group(1).rstrip(".-")
        if any(ch.isdigit() for ch in symbol):  # the pattern already asks for a slash
            return symbol
    return None


def split_paragraphs(lines: list[str], language: str) -> list[Paragraph]:
    """Split text lines into numbered paragraphs.

    Blocks are blank-line separated when the text has blank lines between lines of text, else one per line.
    Inside a block, numbered paragraphs ``1.``, ``2.``… are found in sequence, so a number glued to a year
    (``26.2008年``) still starts paragraph 26. Text before paragraph 1 is paragraph 0. A text with no numbers
    gets its blocks numbered 1, 2, 3… in order.
    """
    joiner = "" if language == "zh" else " "
    blocks = _blocks(lines, joiner)
    pieces: list[tuple[int | None, str]] = []
    expected = 1
    for block in blocks:
        for number, text in _split_numbered(block, expected):
            pieces.append((number, text))
            if number is not None:
                expected = number + 1
    numbered_count = sum(1 for number, _ in pieces if number is not None)
    # A file of unrelated lines (one sentence per line) may have a few lines that start "1.", "2.": numbers
    # that mark a tenth of its lines are not its paragraph numbering; its lines are its paragraphs.
    numbered = numbered_count > 0 and not (len(blocks) > 1 and numbered_count < _MIN_NUMBERED_SHARE * len(blocks))
    if not numbered:
        pieces = [(None, block) for block in blocks]
    paragraphs: list[Paragraph] = []
    counter = 0
    for number, text in pieces:
        text = text.strip()
        if not text:
            continue
        if numbered:
            if number is None:
                # An unnumbered block continues the previous paragraph's number (headings, sub-items).
                number = paragraphs[-1].number if paragraphs else 0
        else:
            counter += 1
            number = counter
        if paragraphs and paragraphs[-1].number == number:
            # A block (line) that continues a paragraph still ends its own sentences: headings and list items
            # have no full stop.
            previous = paragraphs[-1]
            offset = len(previous.text) + len(joiner or " ")
            sentences = previous.sentences + tuple(
                Sentence(len(previous.sentences) + s.index, s.start + offset, s.end + offset, s.text)
                for s in split_sentences(text, language))
            paragraphs[-1] = Paragraph(number, previous.text + (joiner or " ") + text, sentences)
        else:
            paragraphs.append(Paragraph(number, text, split_sentences(text, language)))
    return paragraphs


def _blocks(lines: list[str], joiner: str) -> list[str]:
    has_blank_separators = any(not line.strip() for line in lines) and sum(1 for line in lines if line.strip()) > 1
    nonblank_runs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            nonblank_runs[-1].append(line.strip())
        elif nonblank_runs[-1]:
            nonblank_runs.append([])
    runs = [run for run in nonblank_runs if run]
    if has_blank_separators and any(len(run) > 1 for run in runs):
        return [joiner.join(run) if joiner else "".join(run) for run in runs]
    return [line.strip() for line in lines if line.strip()]


def _split_numbered(block: str, expected: int) -> list[tuple[int | None, str]]:
    """Cut a block at the paragraph numbers expected next, in order."""
    pieces: list[tuple[int | None, str]] = []
    current: int | None = None
    position = 0
    while expected <= _MAX_NUMBERED:
        match = re.compile(_NUMBER_MARK.format(n=expected)).search(block, position)
        if not match:
            break
        pieces.append((current, block[position:match.start()]))
        current, position, expected = expected, match.end(), expected + 1
    pieces.append((current, block[position:]))
    return [(number, text) for number, text in pieces if text.strip() or number is not None]


def split_sentences(text: str, language: str) -> tuple[Sentence, ...]:
    """Split a paragraph into sentences (。；！？ for Chinese; . ; ! ? before a capital for English, but not after
    an abbreviation such as ``U.S.``, ``Mr.`` or ``No.``)."""
    sentences: list[Sentence] = []
    start = 0
    for piece in _SENTENCE_END[language].split(text):
        end = start + len(piece)
        stripped_start = start + (len(piece) - len(piece.lstrip()))
        stripped_end = end - (len(piece) - len(piece.rstrip()))
        if stripped_end > stripped_start:
            if sentences and language == "en" and _ABBREVIATION_END.search(sentences[-1].text):
                last = sentences.pop()
                stripped_start = last.start
            sentences.append(Sentence(len(sentences), stripped_start, stripped_end, text[stripped_start:stripped_end]))
        start = end
        if language == "en":
            # re.split drops the whitespace between English sentences: step over it.
            while start < len(text) and text[start].isspace():
                start += 1
    return tuple(sentences)
