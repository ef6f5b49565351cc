"""Property-based tests (hypothesis) of the reader, the paragraph splitter and the extractor.

Each property runs a fixed number of generated cases (``settings(max_examples=...)``), with no deadline, so the
file stays well under a minute; ``-s`` with ``--hypothesis-show-statistics`` prints how many ran.
"""
from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from pathlib import Path
from typing import Iterator

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from kg.build import Extractor
from kg.errors import DocumentError
from kg.model import Document
from kg.read import read_document, split_paragraphs

ONTOLOGY_RULES = Path(__file__).resolve().parent.parent / "ontology" / "rules"
# No example database: the project folder stays clean, and CI starts afresh anyway.
SETTINGS = settings(deadline=None, database=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="kg-properties-") as name:
        yield Path(name)


def _read(folder: Path, data: bytes) -> Document | DocumentError:
    """The file's document, or the DocumentError that refuses it: any other exception fails the property."""
    path = folder / "case.txt"
    path.write_bytes(data)
    try:
        return read_document(path)
    except DocumentError as error:
        message = str(error)
        assert message.startswith(f"{path}: ") and "\n" not in message, message
        return error


# --- the reader: bytes of every kind ---------------------------------------------------------------------------

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
TEXT_CHARS = st.one_of(CJK, st.characters(codec="utf-8"), st.sampled_from(list("。，；！？ .;!?\n\t1234567890")))
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "gb18030", "big5", "latin-1"]
# Heads that send the bytes to another reader (PDF, Word, HTML) or to a decoding branch (BOMs, NULs).
HEADS = [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<!DOCTYPE html><html><body>", b"\xef\xbb\xbf", b"\xff\xfe",
         b"\xfe\xff", b"\xff\xfe\x00\x00", b"%%%HUMAN SETTLEMENTS|\n", b"\x00", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]


@settings(SETTINGS, max_examples=300)
@given(head=st.sampled_from(HEADS), body=st.binary(max_size=3000))
def test_any_bytes_give_a_document_or_a_document_error(folder: Path, head: bytes, body: bytes) -> None:
    result = _read(folder, head + body)
    if isinstance(result, Document):
        assert result.paragraphs and all(p.text.strip() for p in result.paragraphs)


@settings(SETTINGS, max_examples=200)
@given(text=st.text(TEXT_CHARS, min_size=1, max_size=400), encoding=st.sampled_from(ENCODINGS),
       cut=st.integers(0, 3))
def test_any_text_in_any_encoding_gives_a_document_or_a_document_error(folder: Path, text: str, encoding: str,
                                                                        cut: int) -> None:
    data = text.encode(encoding, errors="replace")
    result = _read(folder, data[:len(data) - cut])  # sometimes cut mid-character
    if isinstance(result, Document) and encoding in ("utf-8", "utf-8-sig", "utf-16", "utf-32") and cut == 0:
        read = re.sub(r"\s+", "", "".join(p.text for p in result.paragraphs))
        assert set(read) <= set(re.sub(r"\s+", "", text)) | set("0123456789. "), (text, read)


# --- the paragraph splitter --------------------------------------------------------------------------------------

def _line(number: int | None, words: list[str]) -> str:
    return (f"{number}. " if number is not None else "") + " ".join(words)


WORDS = st.lists(st.one_of(st.text(CJK, min_size=1, max_size=4), st.sampled_from(
    ["UN-Habitat", "2008年", "26.2008年", "第22/8号", "1.5", "。", "；", "A/63/221.", "e.g.", "(a)", "3."])),
    min_size=0, max_size=12)
LINES = st.lists(st.one_of(st.tuples(st.none(), WORDS), st.tuples(st.integers(1, 30), WORDS), st.just((None, []))),
                 min_size=1, max_size=25).map(lambda pairs: [_line(n, w) for n, w in pairs])


def _is_subsequence(short: str, long: str) -> bool:
    remaining = iter(long)
    return all(char in remaining for char in short)


@settings(SETTINGS, max_examples=300)
@given(lines=LINES, language=st.sampled_from(["zh", "en"]))
@example(lines=["", "1. ", "2. 一"], language="en")  # a number alone makes no paragraph
def test_splitter_keeps_the_text_and_numbers_increase(lines: list[str], language: str) -> None:
    paragraphs = split_paragraphs(lines, language)
    numbers = [p.number for p in paragraphs]
    assert numbers == sorted(set(numbers)), numbers  # strictly increasing
    before = re.sub(r"\s+", "", "".join(lines))
    after = re.sub(r"\s+", "", "".join(p.text for p in paragraphs))
    assert _is_subsequence(after, before), (lines, [p.text for p in paragraphs])
    dropped = Counter(before) - Counter(after)
    assert set(dropped) <= set("0123456789."), dropped  # only the paragraph numbers "N." are taken out
    # a line that holds a number alone ("1. ") makes no paragraph: its number goes with it
    numbered = [m.group() for line in lines for m in [re.match(r"\s*\d+\.", line)] if m]
    assert sum(dropped.values()) <= sum(len(prefix.strip()) for prefix in numbered)
    for paragraph in paragraphs:
        assert paragraph.text.strip()
        ends = [0]
        for sentence in paragraph.sentences:
            assert paragraph.text[sentence.start:sentence.end] == sentence.text and sentence.text.strip()
            assert sentence.start >= ends[-1]
            ends.append(sentence.end)


# --- the extractor -----------------------------------------------------------------------------------------------

def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def _cue_words() -> list[str]:
    words: set[str] = set()
    for path in ONTOLOGY_RULES.glob("*.zh.json"):
        words |= {s for s in _strings(json.loads(path.read_text(encoding="utf-8")))
                  if re.fullmatch(r"[\u4e00-\u9fff]{1,6}", s)}
    return sorted(words)


@pytest.fixture(scope="module")
def vocabulary(extractor: Extractor) -> dict[str, list[str]]:
    labels = sorted({text for entity in extractor.ontology.entities.values() for text, _ in entity.labels})
    return {"names": labels, "cues": _cue_words()}


def _document_text(draw: st.DrawFn, vocabulary: dict[str, list[str]]) -> str:
    token = st.one_of(st.sampled_from(vocabulary["names"]), st.sampled_from(vocabulary["cues"]),
                      st.sampled_from(["。", "，", "；", "、", "（", "）", "“", "”", "第 22 号 决议", "第22/8号决议", "2009年", "会议",
                                       "基金会", "组织", "政府", "在", "举行", "1.", "2.", "\n", "\n\n"]),
                      st.text(st.one_of(CJK, st.characters(codec="utf-8")), min_size=1, max_size=5))
    return " ".join(draw(st.lists(token, min_size=1, max_size=60)))


@settings(SETTINGS, max_examples=500)
@given(data=st.data())
def test_extractor_never_crashes_and_evidence_points_at_its_sentence(folder: Path, extractor: Extractor,
                                                                     vocabulary: dict[str, list[str]],
                                                                     data: st.DataObject) -> None:
    text = data.draw(st.composite(lambda draw: _document_text(draw, vocabulary))())
    document = _read(folder, text.encode("utf-8"))
    assume(isinstance(document, Document))
    try:
        graph = extractor.extract(document)
    except DocumentError as error:  # e.g. an English document: the ontology has only Chinese rules
        assert str(error).startswith(document.source)
        return
    paragraphs = {p.number: p.text for p in document.paragraphs}
    for relation in graph.relations:
        evidence = relation.evidence
        assert evidence.document == document.id and evidence.paragraph in paragraphs
        paragraph = paragraphs[evidence.paragraph]
        assert evidence.sentence and evidence.sentence in paragraph
        assert paragraph[evidence.start:evidence.end] == evidence.sentence, (evidence, paragraph)
        assert 0 < evidence.confidence <= 1
    for linked in graph.mentions:
        mention = linked.mention
        assert paragraphs[mention.paragraph][mention.start:mention.end] == mention.text, mention


@pytest.mark.parametrize("text", ["1267委员会 第22/8号决议", "安全理事会儿童与武装冲突问题工作组 第 22/8 号 决议"])
def test_evidence_of_a_resolution_number_with_a_slash(folder: Path, extractor: Extractor, text: str) -> None:
    relations = extractor.extract(_read(folder, text.encode())).relations
    assert relations and all(r.evidence.sentence == text for r in relations), relations


@pytest.mark.parametrize("text, kind, expected", [
    ("地方当局", "topic", ("当局", 2, 4)),
    ("第22/8号决议", "resolution", ("第22/8号决议", 0, 8)),
    ("2. 1267委员会", "gazetteer", ("1267委员会", 3, 10)),
    ("Apple Inc. 1267委员会", "gazetteer", ("1267委员会", 11, 18)),
])
def test_mention_offsets_of_unsegmented_text_are_the_file_s(folder: Path, extractor: Extractor, text: str, kind: str,
                                                            expected: tuple[str, int, int]) -> None:
    document = _read(folder, text.encode())
    mentions = [linked.mention for linked in extractor.extract(document).mentions]
    assert [(m.text, m.start, m.end) for m in mentions if m.kind == kind] == [expected]
