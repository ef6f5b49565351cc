"""A small hand-made graph for the store, query and server tests, independent of extraction quality."""
from __future__ import annotations

from pathlib import Path

from kg.model import Document, DocumentGraph, Entity, Evidence, LinkedMention, Mention, Paragraph, Relation
from kg.store import load_graphs

ID = "https://w3id.org/unkg/id/"
HABITAT = Entity(ID + "UN-Habitat", "UNEntity", (("United Nations Human Settlements Programme", "en"),
                                                 ("UN-Habitat", "en"), ("联合国人类住区规划署", "zh"), ("人居署", "zh")))
UNEP = Entity(ID + "UNEP", "UNEntity", (("United Nations Environment Programme", "en"), ("UNEP", "en"),
                                        ("联合国环境规划署", "zh"), ("环境署", "zh")))
KENYA = Entity(ID + "Government-of-Kenya", "Government", (("Government of Kenya", "en"), ("肯尼亚政府", "zh")))
CITIES = Entity(ID + "programme/cities", "Programme", (("Cities and Climate Change Initiative", "en"),
                                                       ("城市与气候变化倡议", "zh")))
FORUM = Entity(ID + "meeting/wuf4", "Meeting", (("fourth session of the World Urban Forum", "en"),
                                                ("世界城市论坛第四届会议", "zh")))
NAIROBI = Entity(ID + "Nairobi", "Place", (("Nairobi", "en"), ("内罗毕", "zh")))
RESOLUTION = Entity(ID + "resolution/22-8", "Resolution", (("Governing Council resolution 22/8", "en"),
                                                           ("理事会第22/8号决议", "zh")))
TOPIC = Entity("http://metadata.un.org/thesaurus/1002940", "Topic", (("housing", "en"), ("住房", "zh")))
SENTENCE = "人居署 与 环境署 合作 。"


def _relation(doc: str, s: Entity, p: str, o: Entity, paragraph: int, sentence: str) -> Relation:
    return Relation(s, p, o, Evidence(doc, paragraph, sentence, 0, len(sentence), "test", 0.9))


def document_graph(doc_id: str = "E/2009/100", *, partners: bool = True) -> DocumentGraph:
    """UN-Habitat partners with UNEP (paragraph 3), Kenya supports a programme, a meeting in Nairobi, …"""
    document = Document(doc_id, f"{doc_id.replace('/', '-')}.zh.txt", "zh",
                        (Paragraph(3, SENTENCE, ()),), subjects=("HOUSING",), content_hash="x")
    entities = [HABITAT, UNEP, KENYA, CITIES, FORUM, NAIROBI, RESOLUTION]
    mentions = [LinkedMention(Mention(doc_id, 3, 0, 1, e.label("zh"), "gazetteer", e.iri), e) for e in entities]
    relations = [
        _relation(doc_id, KENYA, "supports", CITIES, 4, "肯尼亚 政府 支持 城市 与 气候 变化 倡议 。"),
        _relation(doc_id, FORUM, "held-in", NAIROBI, 5, "世界 城市 论坛 第四 届 会议 在 内罗毕 举行 。"),
        _relation(doc_id, HABITAT, "adopts", RESOLUTION, 6, "理事会 通过 了 第22/8 号 决议 。"),
        _relation(doc_id, RESOLUTION, "concerns", TOPIC, 6, "决议 涉及 住房 。"),
    ]
    if partners:
        relations.append(_relation(doc_id, HABITAT, "partners-with", UNEP, 3, SENTENCE))
        relations.append(_relation(doc_id, KENYA, "partners-with", HABITAT, 7, "肯尼亚 政府 与 人居署 合作 。"))
    return DocumentGraph(document, mentions, relations)


def make_store(path: Path | str, *graphs: DocumentGraph) -> str:
    """Load the given graphs (default: one document) into a store; returns its location."""
    load_graphs(path, list(graphs) or [document_graph()])
    return str(path)
