"""Chinese without word spaces is segmented with jieba (names from the ontology kept whole) before extraction."""
from __future__ import annotations

import re

from kg.build import Extractor
from kg.read import read_document
from kg.segment import Segmenter, is_segmented
from tests.data import SAMPLE

_BETWEEN_CJK = re.compile(r"(?<=[\u3400-\u9fff，、。；：《》（）“”]) (?=[\u3400-\u9fff，、。；：《》（）“”])")


def unsegmented(text: str) -> str:
    """The text as a Chinese file without word spaces has it (spaces next to digits and Latin letters stay)."""
    return _BETWEEN_CJK.sub("", text)


def relation_keys(graph) -> set[tuple[str, str, str]]:
    return {(r.subject.iri, r.predicate, r.object.iri) for r in graph.relations}


def test_segmentation_is_detected(tmp_path):
    spaced, solid = tmp_path / "spaced.txt", tmp_path / "solid.txt"
    spaced.write_text("人居署 与 环境署 合作 。\n", encoding="utf-8")
    solid.write_text("人居署与环境署合作。\n", encoding="utf-8")
    assert is_segmented(read_document(spaced)) and not is_segmented(read_document(solid))


def test_names_stay_whole(tmp_path, extractor: Extractor):
    path = tmp_path / "solid.txt"
    path.write_text("联合国人类住区规划署与联合国环境规划署和人口基金密切合作。\n", encoding="utf-8")
    words = Segmenter(extractor.ontology).segment(read_document(path)).paragraphs[0].text.split()
    assert {"联合国人类住区规划署", "联合国环境规划署"} <= set(words)


def test_unsegmented_text_gives_the_triples_of_the_segmented(tmp_path, extractor: Extractor):
    text = "人居署 与 环境署 、 开发署 和 儿童 基金会 合作 。\n人居署 继续 同 环境署 密切 协作 。\n"
    spaced, solid = tmp_path / "spaced.txt", tmp_path / "solid.txt"
    spaced.write_text(text, encoding="utf-8")
    solid.write_text(unsegmented(text), encoding="utf-8")
    expected = relation_keys(extractor.extract(read_document(spaced)))
    assert expected and relation_keys(extractor.extract(read_document(solid))) == expected


def test_the_sample_without_spaces_mostly_agrees(tmp_path, extractor: Extractor):
    """jieba cuts some words differently from the corpus's segmentation, so agreement on the whole sample is
    measured: the floor is what the project reaches (Jaccard 0.89 when written)."""
    solid = tmp_path / "solid.txt"
    solid.write_text(unsegmented(SAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    a = relation_keys(extractor.extract(read_document(SAMPLE)))
    b = relation_keys(extractor.extract(read_document(solid)))
    assert len(a & b) / len(a | b) >= 0.85
