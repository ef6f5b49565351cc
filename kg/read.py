"""Read UN documents: the UN corpus format (``%%%`` header line) and plain text, Chinese or English.

``read_document(path)`` decodes the file, detects its language, finds its UN symbol and splits it into
numbered paragraphs and sentences.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from kg.errors import DocumentError
from kg.model import Document, Paragraph, Sentence

CORPUS_HEADER = "%%%"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LETTER = re.compile(r"[A-Za-z\u3400-\u9fff\uf900-\ufaff]")
# A UN document symbol: series letters, then slash-separated parts with at least one number (E/2009/100,
# A/RES/63/221, E/CN.17/2009/2, HSP/GC/22/2).
_SYMBOL = re.compile(r"(?<![A-Za-z0-9/])([A-Z]{1,6}(?:/[A-Z0-9][A-Za-z0-9.\-]*)+)")
# A paragraph number "N." at the start of a paragraph; the number may be glued to a year ("26.2008年").
_NUMBER_MARK = r"(?:(?<=\s)|^){n}\.(?=\s|\d{{4}}(?:年|-)|[^\d\s.])"
_SENTENCE_END = {"zh": re.compile(r"(?<=[。；！？!?])"), "en": re.compile(r"(?<=[.;!?])\s+(?=[\"“(\[A-Z0-9])")}
_MAX_NUMBERED = 999


def read_document(path: str | Path, *, lang: str | None = None) -> Document:
    """Read one document.

    :param path: a ``.txt`` file, in the UN corpus format (line 1 ``%%%`` + UNBIS labels joined by ``|``)
        or plain text (one paragraph per line, or paragraphs separated by blank lines).
    :param lang: ``zh`` or ``en``; detected from the share of CJK characters when not given.
    :returns: the :class:`Document`, with numbered paragraphs and sentences.
    :raises DocumentError: the file is missing, empty, binary or not UTF-8/UTF-16 text.
    """
    path = Path(path)
    data = _read_bytes(path)
    text = decode_text(data, path)
    subjects: tuple[str, ...] = ()
    lines = text.splitlines()
    if lines and lines[0].startswith(CORPUS_HEADER):
        subjects = tuple(label.strip() for label in lines[0][len(CORPUS_HEADER):].split("|") if label.strip())
        lines = lines[1:]
    body = "\n".join(lines)
    if not body.strip():
        raise DocumentError(path, "no text" + (" after the %%% header" if subjects else " (empty file)"))
    language = lang or detect_language(body)
    if language not in ("zh", "en"):
        raise DocumentError(path, f"unsupported language {language!r} (use zh or en)")
    paragraphs = split_paragraphs(lines, language)
    return Document(
        id=find_symbol(body) or path.stem,
        source=str(path),
        language=language,
        paragraphs=tuple(paragraphs),
        subjects=subjects,
        content_hash=hashlib.sha256(data).hexdigest(),
    )


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(path, "no such file") from None
    except IsADirectoryError:
        raise DocumentError(path, "is a folder, not a file") from None
    except OSError as e:
        raise DocumentError(path, f"cannot be read ({e.strerror})") from None


def decode_text(data: bytes, path: Path) -> str:
    """Decode UTF-8 (with or without BOM) or UTF-16 with a BOM; refuse binary and other encodings."""
    if not data.strip():
        raise DocumentError(path, "empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise DocumentError(path, "not valid UTF-16 text") from None
    if b"\x00" in data[:4096]:
        raise DocumentError(path, "binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DocumentError(path, f"not UTF-8 text (invalid byte at offset {e.start}); convert it to UTF-8") from None
    controls = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 4096):
        raise DocumentError(path, "binary file, not text")
    return text


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
        if any(ch.isdigit() for ch in symbol) and symbol.count("/") >= 1:
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
    numbered = any(number is not None for number, _ in pieces)
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
            merged = paragraphs[-1].text + (joiner or " ") + text
            paragraphs[-1] = Paragraph(number, merged, split_sentences(merged, language))
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
    """Split a paragraph into sentences (。；！？ for Chinese; . ; ! ? before a capital for English)."""
    sentences: list[Sentence] = []
    start = 0
    for piece in _SENTENCE_END[language].split(text):
        end = start + len(piece)
        stripped_start = start + (len(piece) - len(piece.lstrip()))
        stripped_end = end - (len(piece) - len(piece.rstrip()))
        if stripped_end > stripped_start:
            sentences.append(Sentence(len(sentences), stripped_start, stripped_end, text[stripped_start:stripped_end]))
        start = end
        if language == "en":
            # re.split drops the whitespace between English sentences: step over it.
            while start < len(text) and text[start].isspace():
                start += 1
    return tuple(sentences)
