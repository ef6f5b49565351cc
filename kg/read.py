"""Read UN documents: the UN corpus format (``%%%`` header line) and plain text, Chinese or English.

``read_document(path)`` decodes the file, detects its language, finds its UN symbol and splits it into
numbered paragraphs and sentences. ``read_document_parts(path)`` does the same for a build: a text file over
:data:`STREAM_BYTES` is read incrementally and comes as a sequence of parts (documents with the same id whose
paragraphs follow on), so memory stays bounded whatever the file's size.
"""
from __future__ import annotations

import codecs
import dataclasses
import functools
import hashlib
import itertools
import logging
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kg.errors import DocumentError, OntologyError
from kg.formats import FormattedText, read_formatted, sniff_format
from kg.metadata import find_metadata
from kg.model import Document, Paragraph, Sentence
from kg.ontology import default_ontology_dir, read_rule_file
from kg.script import IDEOGRAPH

log = logging.getLogger(__name__)

CORPUS_HEADER = "%%%"
_LETTER = re.compile(r"[A-Za-z\u3400-\u9fff\uf900-\ufaff]")
# A UN document symbol: series letters, then slash-separated parts with at least one number (E/2009/100,
# A/RES/63/221, E/CN.17/2009/2, HSP/GC/22/2).
_SYMBOL = re.compile(r"(?<![A-Za-z0-9/])([A-Z]{1,6}(?:/[A-Z0-9][A-Za-z0-9.\-]*)+)")
# A paragraph number "N." at the start of a paragraph, after a space or, in Chinese written without spaces, after
# the full stop of the previous paragraph; the number may be glued to a year ("26.2008年").
_NUMBER_MARK = r"(?:(?<=\s)|(?<=[。；！？”）])|^){n}\.(?=\s|\d{{4}}(?:年|-)|[^\d\s.])"
_MAX_NUMBERED = 999
# Larger files read whole (PDF, Word, HTML) are refused: reading takes about eight times the file's size in memory,
# and extraction more. Text files are never refused for their size: :func:`read_document_parts` streams the big ones.
MAX_DOCUMENT_BYTES = 32_000_000
# Text files larger than this are streamed by read_document_parts; smaller ones are read whole (the same paragraphs).
STREAM_BYTES = 4_000_000
# Paragraph characters per part of a streamed file: extraction holds one part's mentions and relations at a time.
PART_CHARS = 1_000_000
_CHUNK_BYTES = 1 << 20
_HEAD_BYTES = 1 << 16
# Longer lines and paragraphs of a streamed file are refused, so that memory stays bounded; the extractor refuses
# much shorter paragraphs anyway (kg.build.MAX_PARAGRAPH_CHARS).
MAX_STREAMED_CHARS = 4_000_000
# How much of a streamed file's opening is kept for its language, symbol and first-page metadata (the whole-file
# reader looks at its first 20,000 characters at most).
_OPENING_CHARS = 20_000
_OPENING_LINES = 10_000
# Byte order marks, the UTF-32 LE mark before the UTF-16 LE mark it starts with.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_SAMPLE = 4096
_CUT_SHORT = ("unexpected end of data", "truncated data", "incomplete multibyte sequence")
# Controls that are neither tabs nor line breaks (str.splitlines breaks at \v \f \x1c-\x1e \x85), and the two
# non-characters: none has a place in a document, and XML 1.0 cannot hold most of them.
_STRAY_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_MIN_NUMBERED_SHARE = 0.3


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
        subjects = _header_subjects(lines[0])
        lines = lines[1:]
    body = "\n".join(lines)
    if not body.strip():
        where = " after the %%% header" if subjects else " (empty file)" if kind == "text" else f" in this {kind} file"
        raise DocumentError(path, "no text" + where)
    language = _checked_language(lang or detect_language(body), path)
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


def read_document_parts(path: str | Path, *, lang: str | None = None, max_bytes: int = MAX_DOCUMENT_BYTES,
                        stream_bytes: int = STREAM_BYTES, part_chars: int = PART_CHARS) -> Iterator[Document]:
    """Read one file for a build: a document, or the parts of a big text file, one at a time.

    A text file (plain or corpus format) over ``stream_bytes`` is decoded in chunks, with the encoding told from
    its first bytes, and split into the same paragraphs as :func:`read_document` would give; they come in parts
    of about ``part_chars`` characters, each a :class:`Document` with the file's id, metadata and content hash.
    Other files come whole from :func:`read_document`; ``max_bytes`` limits the PDF, Word and HTML files only.

    :raises DocumentError: as :func:`read_document`; also a streamed file's line or paragraph of more than
        :data:`MAX_STREAMED_CHARS` characters, or an invalid byte past the file's opening.
    """
    path = Path(path)
    size = _regular_size(path)
    if sniff_format(_head(path)) != "text":
        yield read_document(path, lang=lang, max_bytes=max_bytes)
    elif size <= stream_bytes:
        yield read_document(path, lang=lang, max_bytes=stream_bytes)
    else:
        yield from _streamed_parts(path, lang, part_chars)


def _regular_size(path: Path) -> int:
    """The size of a regular file; folders, devices and pipes are refused unopened (opening a pipe blocks)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DocumentError(path, "no such file") from None
    except OSError as e:
        raise DocumentError(path, f"cannot be read ({e.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise DocumentError(path, "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise DocumentError(path, "not a regular file (a device, pipe or socket)")
    return info.st_size


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(_HEAD_BYTES)
    except OSError as e:
        raise DocumentError(path, f"cannot be read ({e.strerror})") from None


def _read_bytes(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> bytes:
    """The bytes of a regular file; folders, devices and pipes are refused, and so is a file over ``max_bytes``
    (never read past it, so memory stays bounded whatever the file)."""
    size = _regular_size(path)
    if size > max_bytes:
        raise _too_large(path, size, max_bytes)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as e:
        raise DocumentError(path, f"cannot be read ({e.strerror})") from None
    if len(data) > max_bytes:  # the file grew after stat()
        raise _too_large(path, len(data), max_bytes)
    return data


def _too_large(path: Path, size: int, max_bytes: int) -> DocumentError:
    kind = sniff_format(_head(path))
    remedy = ("kg build streams text files of any size" if kind == "text"
              else "kg build --max-file-mb raises the limit")
    return DocumentError(path, f"{size / 1e6:.1f} MB is more than the {max_bytes / 1e6:g} MB limit for a {kind} file "
                               f"read whole; {remedy}")


def _streamed_parts(path: Path, lang: str | None, part_chars: int) -> Iterator[Document]:
    """The parts of a big text file: one pass for its hash, header and opening, then the passes of
    :func:`iter_paragraphs`, each decoding the file again, so that none holds more than a chunk and a paragraph."""
    codec, skip = _sniff_encoding(_head(path), path)
    scan = _Scan()
    for line in _stream_lines(path, codec, skip, scan):
        scan.add(line)
    if not scan.any_bytes:
        raise DocumentError(path, "empty file")
    if not scan.any_text:
        raise DocumentError(path, "no text after the %%% header" if scan.subjects else "no text (empty file)")
    opening = "\n".join(scan.opening)
    language = _checked_language(lang or detect_language(opening), path)
    metadata = find_metadata(scan.opening)
    template = Document(id=find_symbol(opening) or path.stem, source=str(path), language=language, paragraphs=(),
                        subjects=scan.subjects, content_hash=scan.digest.hexdigest(), title=metadata.title,
                        date=metadata.date, distribution=metadata.distribution, agenda_item=metadata.agenda_item)
    log.info("%s: streamed, %d characters, language %s, document %s", path, scan.chars, language, template.id)

    def body() -> Iterator[str]:
        lines = _stream_lines(path, codec, skip)
        return itertools.islice(lines, 1, None) if scan.header else lines

    part: list[Paragraph] = []
    size = 0
    for paragraph in iter_paragraphs(body, language, max_chars=MAX_STREAMED_CHARS, source=path):
        part.append(paragraph)
        size += len(paragraph.text)
        if size >= part_chars:
            yield dataclasses.replace(template, paragraphs=tuple(part))
            part, size = [], 0
    if part:
        yield dataclasses.replace(template, paragraphs=tuple(part))


class _Scan:
    """What the first pass over a streamed file keeps: its hash, its corpus header, its opening lines, and whether
    it has bytes other than ASCII whitespace (else it is an empty file) and text at all."""

    def __init__(self) -> None:
        self.digest = hashlib.sha256()
        self.first = True
        self.header = False
        self.subjects: tuple[str, ...] = ()
        self.opening: list[str] = []
        self.opening_chars = 0
        self.any_bytes = False
        self.any_text = False
        self.chars = 0

    def update(self, block: bytes) -> None:
        """Take a block of the file's bytes."""
        self.digest.update(block)
        self.any_bytes = self.any_bytes or bool(block.strip())

    def add(self, line: str) -> None:
        """Take a line of its text."""
        self.chars += len(line) + 1
        if self.first:
            self.first = False
            if line.startswith(CORPUS_HEADER):
                self.header, self.subjects = True, _header_subjects(line)
                return
        if not self.any_text and line.strip():
            self.any_text = True
        if self.opening_chars < _OPENING_CHARS and len(self.opening) < _OPENING_LINES:
            self.opening.append(line)
            self.opening_chars += len(line) + 1


def _header_subjects(line: str) -> tuple[str, ...]:
    return tuple(label.strip() for label in line[len(CORPUS_HEADER):].split("|") if label.strip())


def _sniff_encoding(head: bytes, path: Path) -> tuple[str, int]:
    """The codec of a streamed file and the length of its BOM, told from its first bytes as :func:`_decode` tells
    them from the whole file."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec, len(bom)
    sample = head[:_SAMPLE]
    utf16 = _utf16_order(sample) if b"\x00" in sample else None
    if utf16:
        return utf16, 0
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head)  # not final: the head may end inside a character
        return "utf-8", 0
    except UnicodeDecodeError as e:
        if b"\x00" in sample:
            raise DocumentError(path, "binary file, not text") from None
        try:
            text = codecs.getincrementaldecoder("gb18030")().decode(head)
        except UnicodeDecodeError:
            text = ""
        if not _mostly_common_chinese(text):
            raise DocumentError(path, f"not UTF-8 text (invalid byte at offset {e.start}); "
                                      f"convert it to UTF-8") from None
    log.info("%s: not UTF-8; read as GB18030 (Chinese)", path)
    return "gb18030", 0


def _stream_chunks(path: Path, codec: str, skip: int, scan: _Scan | None = None) -> Iterator[str]:
    """The decoded text of a file a chunk at a time, as :func:`decode_text` gives it whole: stray controls become
    spaces, a last character cut short is dropped with a warning, binary data and invalid bytes are refused."""
    decoder = codecs.getincrementaldecoder(codec)()
    name = codec.upper().removesuffix("-LE").removesuffix("-BE")
    position = skip  # the file offset of the bytes decoded next
    head: str | None = ""  # the opening, until checked for binary data
    try:
        with path.open("rb") as handle:
            bom = handle.read(skip)
            if scan is not None:
                scan.update(bom)
            while data := handle.read(_CHUNK_BYTES):
                if scan is not None:
                    scan.update(data)
                pending = len(decoder.getstate()[0])
                try:
                    text = decoder.decode(data)
                except UnicodeDecodeError as e:
                    raise DocumentError(path, f"not {name} text (invalid byte at offset {position + e.start - pending})"
                                              f"; convert it to UTF-8") from None
                position += len(data)
                if head is not None:
                    head += text
                    if len(head) >= _SAMPLE:
                        _refuse_binary(head, path)
                        head = None
                yield _STRAY_CONTROL.sub(" ", text)
    except OSError as e:
        raise DocumentError(path, f"cannot be read ({e.strerror})") from None
    if head is not None:
        _refuse_binary(head, path)
    left = len(decoder.getstate()[0])
    if left:
        log.warning("%s: ends in the middle of a character (truncated?): its last %d byte(s) are left out", path, left)


def _stream_lines(path: Path, codec: str, skip: int, scan: _Scan | None = None) -> Iterator[str]:
    """The lines of a file as ``str.splitlines`` cuts its whole text, a chunk of text at a time."""
    pending = ""
    for chunk in _stream_chunks(path, codec, skip, scan):
        lines = (pending + chunk).splitlines(keepends=True)
        last = lines[-1] if lines else ""
        # The last line may go on in the next chunk, and a final \r may be the first half of \r\n.
        pending = lines.pop() if last and (last.endswith("\r") or last.splitlines()[0] == last) else ""
        for line in lines:
            yield _bounded(line.splitlines()[0], path)
        _bounded(pending, path)
    yield from pending.splitlines()


def _bounded(line: str, path: Path) -> str:
    if len(line) > MAX_STREAMED_CHARS:
        raise _too_long(path, "line", MAX_STREAMED_CHARS)
    return line


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
    _refuse_binary(text, path)
    return _STRAY_CONTROL.sub(" ", text)


def _refuse_binary(text: str, path: Path) -> None:
    """Refuse a text whose opening is one part in twenty or more controls other than tabs and line breaks."""
    sample = text[:_SAMPLE]
    if sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f") > 0.05 * len(sample):
        raise DocumentError(path, "binary file, not text")


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
    ideographs = IDEOGRAPH.findall(text[:20000])
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
    cjk = len(IDEOGRAPH.findall(sample))
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
    return list(iter_paragraphs(lambda: iter(lines), language))


def iter_paragraphs(lines: Callable[[], Iterable[str]], language: str, *, max_chars: int | None = None,
                    source: str | Path = "") -> Iterator[Paragraph]:
    """:func:`split_paragraphs` of lines that are read again for each pass (three), holding one paragraph.

    :param lines: returns the lines afresh at each call (e.g. decoding a file again).
    :param max_chars: a block or paragraph longer than this is refused (memory stays bounded).
    :param source: the file named in that error.
    :raises DocumentError: a block or paragraph over ``max_chars``.
    """
    joiner = "" if language == "zh" else " "
    runs = _blank_separated(lines())

    def blocks() -> Iterator[str]:
        return _blocks(lines(), joiner, runs, max_chars, source)

    numbered_count = block_count = 0
    for number, _ in _numbered_pieces(blocks()):
        numbered_count += number is not None
    for _ in blocks():
        block_count += 1
    # A file of unrelated lines (one sentence per line) may have a few lines that start "1.", "2.": numbers
    # that mark a tenth of its lines are not its paragraph numbering; its lines are its paragraphs.
    numbered = numbered_count > 0 and not (block_count > 1 and numbered_count < _MIN_NUMBERED_SHARE * block_count)
    pieces = _numbered_pieces(blocks()) if numbered else ((None, block) for block in blocks())
    current: Paragraph | None = None
    counter = 0
    for number, text in pieces:
        text = text.strip()
        if not text:
            continue
        if numbered:
            if number is None:
                # An unnumbered block continues the previous paragraph's number (headings, sub-items).
                number = current.number if current else 0
        else:
            counter += 1
            number = counter
        if current is not None and current.number == number:
            # A block (line) that continues a paragraph still ends its own sentences: headings and list items
            # have no full stop.
            offset = len(current.text) + len(joiner or " ")
            if max_chars is not None and offset + len(text) > max_chars:
                raise _too_long(source, "paragraph", max_chars)
            sentences = current.sentences + tuple(
                Sentence(len(current.sentences) + s.index, s.start + offset, s.end + offset, s.text)
                for s in split_sentences(text, language))
            current = Paragraph(number, current.text + (joiner or " ") + text, sentences)
        else:
            if current is not None:
                yield current
            current = Paragraph(number, text, split_sentences(text, language))
    if current is not None:
        yield current


def _too_long(source: str | Path, what: str, max_chars: int) -> DocumentError:
    return DocumentError(source, f"a {what} of more than {max_chars:,} characters; split it into paragraphs")


def _blank_separated(lines: Iterable[str]) -> bool:
    """Whether blocks are runs of lines between blank lines: the text has blank lines, more than one line of
    text, and some run of more than one line."""
    blank = long_run = False
    nonblank = run = 0
    for line in lines:
        if line.strip():
            nonblank += 1
            run += 1
            long_run = long_run or run > 1
        else:
            blank = True
            run = 0
    return blank and nonblank > 1 and long_run


def _blocks(lines: Iterable[str], joiner: str, runs: bool, max_chars: int | None,
            source: str | Path) -> Iterator[str]:
    if not runs:
        yield from (line.strip() for line in lines if line.strip())
        return
    run: list[str] = []
    size = 0
    for line in lines:
        if line.strip():
            run.append(line.strip())
            size += len(run[-1])
            if max_chars is not None and size > max_chars:
                raise _too_long(source, "block of lines", max_chars)
        elif run:
            yield joiner.join(run)
            run, size = [], 0
    if run:
        yield joiner.join(run)


def _numbered_pieces(blocks: Iterable[str]) -> Iterator[tuple[int | None, str]]:
    """Each block cut at the paragraph numbers expected next, numbers followed from block to block."""
    expected = 1
    for block in blocks:
        for number, text in _split_numbered(block, expected):
            yield number, text
            if number is not None:
                expected = number + 1


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
    """Split a paragraph into sentences by the language's rules (``ontology/rules/sentences.json``): 。；！？ for
    Chinese; . ; ! ? before a capital for English, but not after an abbreviation such as ``U.S.``, ``Mr.`` or
    ``No.``."""
    end, not_after, enumeration = _sentence_rules(language)
    sentences: list[Sentence] = []
    start = 0
    for match in [*end.finditer(text), None]:
        stop = match.start() if match else len(text)
        piece = text[start:stop]
        first, last = start + len(piece) - len(piece.lstrip()), stop - (len(piece) - len(piece.rstrip()))
        if last > first:
            if sentences and ((not_after and not_after.search(sentences[-1].text))
                              or (enumeration and enumeration.search(sentences[-1].text))):
                first = sentences.pop().start
            sentences.append(Sentence(len(sentences), first, last, text[first:last]))
        start = match.end() if match else stop
    return tuple(sentences)


def languages() -> tuple[str, ...]:
    """The languages documents may be in: those ``ontology/rules/sentences.json`` can split."""
    return tuple(sorted(key for key in _sentences_file() if not key.startswith("_")))


def _checked_language(language: str, path: Path) -> str:
    if language not in languages():
        raise DocumentError(path, f"unsupported language {language!r} (use {' or '.join(languages())})")
    return language


def _sentences_file() -> dict:
    return read_rule_file(default_ontology_dir() / "rules" / "sentences.json")


@functools.lru_cache(maxsize=8)
def _sentence_rules(language: str) -> tuple[re.Pattern, re.Pattern | None, re.Pattern | None]:
    rules = _sentences_file()
    if language not in rules:
        raise OntologyError(f"no sentence rules for language {language!r} in ontology/rules/sentences.json")
    spec = rules[language]
    return re.compile(spec["end"]), *(re.compile(spec[key]) if spec.get(key) else None
                                       for key in ("not_after", "enumeration"))
