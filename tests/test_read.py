from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import DocumentError
from kg.read import detect_language, find_symbol, read_document, split_sentences
from tests.data import SAMPLE


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
