"""Segment Chinese text that comes without word spaces, so that the rules see words.

jieba cuts the text; the ontology's Chinese names are added to its dictionary first, so that a name
(``联合国人类住区规划署``) is never cut through. The document that comes out is the
same document with spaces between its words, as the UN corpus writes Chinese; :meth:`Segmenter.restore` puts
the graph extracted from it back onto the original text, so that offsets and evidence are the file's own.
"""
from __future__ import annotations

import logging
from dataclasses import replace

from kg.model import Document, DocumentGraph, Evidence, LinkedMention, Mention, Paragraph, Relation
from kg.ontology import Ontology
from kg.read import split_sentences
from kg.script import IDEOGRAPH, is_segmented_text


def is_segmented(document: Document) -> bool:
    """True when the Chinese text already has spaces between its words."""
    return is_segmented_text("".join(p.text for p in document.paragraphs[:50]))


class Segmenter:
    """A jieba tokenizer that knows the ontology's Chinese names."""

    def __init__(self, ontology: Ontology) -> None:
        # jieba is imported here, not with the module: it takes a worker a third of a second (it imports
        # pkg_resources), and most corpora come segmented (kg.build imports this module for is_segmented).
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.initialize()
        for word in sorted(_vocabulary(ontology)):
            self.tokenizer.add_word(word, freq=None)

    def segment(self, document: Document) -> Document:
        """The document with its paragraphs cut into words, sentences split again."""
        paragraphs = []
        for paragraph in document.paragraphs:
            text = " ".join(word for word in self.tokenizer.cut(paragraph.text, HMM=True) if word.strip())
            paragraphs.append(Paragraph(paragraph.number, text, split_sentences(text, document.language)))
        return replace(document, paragraphs=tuple(paragraphs))


    def restore(self, graph: DocumentGraph, original: Document) -> DocumentGraph:
        """The graph of the segmented document, with mentions and evidence on the original document's text."""
        maps = {p.number: _OffsetMap(o.text, p.text) for o, p in zip(original.paragraphs, graph.document.paragraphs)}
        texts = {p.number: p.text for p in original.paragraphs}

        def mention(m: Mention) -> Mention:
            start, end = maps[m.paragraph].span(m.start, m.end)
            return replace(m, start=start, end=end, text=texts[m.paragraph][start:end])

        def evidence(e: Evidence) -> Evidence:
            start, end = maps[e.paragraph].span(e.start, e.end)
            return replace(e, start=start, end=end, sentence=texts[e.paragraph][start:end])

        mentions = [LinkedMention(mention(m.mention), m.entity, m.stated) for m in graph.mentions]
        relations = [Relation(r.subject, r.predicate, r.object, evidence(r.evidence)) for r in graph.relations]
        return DocumentGraph(original, mentions, relations)


class _OffsetMap:
    """Offsets in a segmented text → offsets in the original: segmentation only changes whitespace."""

    def __init__(self, original: str, segmented: str) -> None:
        positions = [i for i, ch in enumerate(original) if not ch.isspace()]
        self.to_original: list[int] = []
        k = 0
        for ch in segmented:
            # a space maps to the next character of the text
            self.to_original.append(positions[min(k, len(positions) - 1)] if positions else 0)
            if not ch.isspace():
                k += 1
        self.segmented = segmented

    def span(self, start: int, end: int) -> tuple[int, int]:
        while end > start and self.segmented[end - 1].isspace():
            end -= 1
        if end <= start:
            return self.to_original[start], self.to_original[start]
        return self.to_original[start], self.to_original[end - 1] + 1


def _vocabulary(ontology: Ontology) -> set[str]:
    """The ontology's Chinese names. Cue words stay jieba's own: a cue made a single word (``的赞助下``) would
    swallow the function words that the rules read one by one."""
    words = {text for entity in ontology.entities.values() for text, lang in entity.labels if lang == "zh"}
    return {w for w in words if IDEOGRAPH.search(w) and " " not in w and len(w) >= 2}
