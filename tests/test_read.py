from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import kg.read
from kg.errors import DocumentError
from kg.read import detect_language, find_symbol, read_document, read_document_parts, split_sentences
from tests.data import SAMPLE, SHARED

CORPUS = sorted((SHARED / "corpus").glob("unpc-dev.*.txt"))


def write(tmp_path: Path, text: str | bytes, name: str = "doc.txt") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_corpus_format_header_symbol_and_paragraphs():
    document = read_document(SAMPLE)
    assert document.id == "E/2009/100"
    assert document.language == "zh"
    assert document.subjects[0] == "HUMAN SETTLEMENTS" and "CLIMATE CHANGE" in document.subjects
    numbers = [p.number for p in document.paragraphs]
    assert numbers == list(range(0, 97))
    assert len(document.content_hash) == 64


def test_paragraph_number_glued_to_a_year_starts_the_paragraph():
    document = read_document(SAMPLE)
    paragraph = next(p for p in document.paragraphs if p.number == 26)
    assert paragraph.text.startswith("2008年 ， 人居署")
    assert "26." not in paragraph.text[:5]


def test_sentences_are_substrings_of_their_paragraph():
    for paragraph in read_document(SAMPLE).paragraphs:
        for sentence in paragraph.sentences:
            assert paragraph.text[sentence.start:sentence.end] == sentence.text


def test_chinese_sentences_split_on_full_stop_and_semicolon():
    sentences = split_sentences("人居署 与 环境署 合作 。 它 支持 开发署 ； 并 举行 会议 ！ 是 吗 ？", "zh")
    assert [s.text for s in sentences] == ["人居署 与 环境署 合作 。", "它 支持 开发署 ；", "并 举行 会议 ！", "是 吗 ？"]


def test_english_sentences():
    sentences = split_sentences("UN-Habitat worked with UNEP. It supported UNDP; The end.", "en")
    assert [s.text for s in sentences] == ["UN-Habitat worked with UNEP.", "It supported UNDP;", "The end."]


def test_plain_text_one_paragraph_per_line(tmp_path):
    document = read_document(write(tmp_path, "UNEP met UNDP.\nUNICEF met WHO.\n"))
    assert [p.number for p in document.paragraphs] == [1, 2]
    assert document.language == "en" and document.id == "doc"


def test_plain_text_blank_line_paragraphs_are_joined(tmp_path):
    document = read_document(write(tmp_path, "UNEP met\nUNDP.\n\nUNICEF met\nWHO.\n"))
    assert [p.text for p in document.paragraphs] == ["UNEP met UNDP.", "UNICEF met WHO."]


def test_language_detection_and_override(tmp_path):
    assert detect_language("人居署 与 环境署 合作") == "zh"
    assert detect_language("UN-Habitat works with UNEP") == "en"
    assert read_document(write(tmp_path, "人居署 与 环境署 合作"), lang="en").language == "en"


def test_symbol_found_in_text():
    assert find_symbol("Distr.: General A/RES/63/221 of 2008") == "A/RES/63/221"
    assert find_symbol("no symbol here") is None


@pytest.mark.parametrize("content, problem", [
    ("", "empty file"),
    ("   \n\n", "empty file"),
    (b"\x00\x01\x02binary\x00", "binary file"),
    ("café au lait, déjà vu".encode("latin-1"), "not UTF-8"),  # GBK Chinese is read: tests/test_bad_inputs.py
    ("%%%HUMAN SETTLEMENTS|\n\n", "no text after the %%% header"),
])
def test_bad_input_is_one_clear_error_naming_the_file(tmp_path, content, problem):
    path = write(tmp_path, content, "bad.txt")
    with pytest.raises(DocumentError) as info:
        read_document(path)
    message = str(info.value)
    assert str(path) in message and problem in message and "\n" not in message


def test_missing_file(tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        read_document(tmp_path / "nope.txt")


def test_utf16_with_bom_is_decoded(tmp_path):
    path = write(tmp_path, "人居署 与 环境署 合作".encode("utf-16"))
    assert read_document(path).paragraphs[0].text == "人居署 与 环境署 合作"


def streamed(path: Path, part_chars: int = 5000, **options) -> list:
    """The parts of a file streamed whatever its size."""
    return list(read_document_parts(path, stream_bytes=0, part_chars=part_chars, **options))


def assert_streamed_like_whole(path: Path, part_chars: int = 5000) -> list:
    whole = read_document(path)
    parts = streamed(path, part_chars)
    assert tuple(p for part in parts for p in part.paragraphs) == whole.paragraphs
    assert {dataclasses.replace(part, paragraphs=()) for part in parts} == {dataclasses.replace(whole, paragraphs=())}
    return parts


def test_streamed_file_has_the_paragraphs_and_metadata_of_the_whole_file():
    parts = assert_streamed_like_whole(SAMPLE)
    assert len(parts) > 3 and parts[0].id == "E/2009/100" and parts[0].subjects[0] == "HUMAN SETTLEMENTS"
    assert all(sum(len(p.text) for p in part.paragraphs) >= 5000 for part in parts[:-1])


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_streamed_corpus_files_are_read_like_whole(path):
    assert len(CORPUS) == 2  # the shared corpus is part of the test data: its absence is a failure, not a skip
    assert len(assert_streamed_like_whole(path, part_chars=50_000)) > 5


@pytest.mark.parametrize("text", [
    "UNEP met\nUNDP.\n\nUNICEF met\nWHO.\n",  # blocks of lines between blank lines
    "Title\n1. First paragraph.\nIts heading\n2. Second.\n3. Third 4. Fourth.\n",  # numbered, continued
    "1. one\n2. two\n" + "a line\n" * 30,  # a few numbers among many lines: not the numbering
    "%%%A|B\r\n人居署 与 环境署 合作 。\r\n\r\n会议\r举行 。\x0b末\x85尾\u2028行",  # every line break
])
def test_streamed_text_is_split_like_whole(tmp_path, monkeypatch, text):
    monkeypatch.setattr(kg.read, "_CHUNK_BYTES", 5)  # chunks end inside characters and between \r and \n
    assert_streamed_like_whole(write(tmp_path, text), part_chars=1)


def test_streamed_file_refuses_an_endless_line_or_paragraph(tmp_path, monkeypatch):
    monkeypatch.setattr(kg.read, "MAX_STREAMED_CHARS", 100)
    for text, what in (("x" * 150, "a line of more than 100 characters"),
                       ("a\n\n" + "word\n" * 40, "a block of lines of more than 100 characters"),
                       (f"1. {'w' * 60}\n{'w' * 60}\n2. end\n", "a paragraph of more than 100 characters")):
        with pytest.raises(DocumentError, match=what):
            streamed(write(tmp_path, text))


def test_the_items_of_a_list_begun_by_a_colon_are_one_sentence():
    text = "理事会 通过 两 项 决议 ： 第22/1 号 决议 ； 以及 第22/3 号 决议 。 人居署 合作 ； 环境署 也 合作 。"
    assert [s.text for s in split_sentences(text, "zh")] == [
        "理事会 通过 两 项 决议 ： 第22/1 号 决议 ； 以及 第22/3 号 决议 。", "人居署 合作 ；", "环境署 也 合作 。"]
