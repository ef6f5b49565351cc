"""spaCy components of unkg, registered by name. Each finds candidate mentions and writes them to
``doc.spans["unkg_candidates"]``-like char records in ``doc._.unkg_candidates``; nothing else changes the Doc.

- ``unkg.segmented_tokenizer.v1``: keeps the given word segmentation (tokens are the space-separated words).
- ``unkg_gazetteer``: the ontology's names, matched on the text with spaces removed (PhraseMatcher).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.ontology import Ontology, load_ontology, normalize_label

if not Doc.has_extension("unkg_candidates"):
    Doc.set_extension("unkg_candidates", default=None)

_LATIN = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True)
class Candidate:
    """A span the matcher proposes: char offsets in the Doc's text, how it was found and what it names."""

    start: int
    end: int
    kind: str
    key: str
    rule: str


class SegmentedTokenizer:
    """Tokens are the words of the given segmentation: runs of non-space characters."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words, spaces = [], []
        for match in re.finditer(r"\S+", text):
            words.append(match.group())
            spaces.append(match.end() < len(text) and text[match.end()].isspace())
        return Doc(self.vocab, words=words, spaces=spaces)


@spacy.registry.tokenizers("unkg.segmented_tokenizer.v1")
def create_segmented_tokenizer():
    def make(nlp: Language) -> SegmentedTokenizer:
        return SegmentedTokenizer(nlp.vocab)

    return make


def compact(text: str) -> tuple[str, list[int]]:
    """The text without whitespace, and for each of its characters the offset in the original text."""
    chars, offsets = [], []
    for i, ch in enumerate(text):
        if not ch.isspace():
            chars.append(ch)
            offsets.append(i)
    return "".join(chars), offsets


class GazetteerMatcher:
    """Finds the ontology's Chinese names in the text with its spaces removed, so segmentation errors
    (``环境 署``) do not hide them. Matching is per character: a PhraseMatcher over one-character tokens."""

    def __init__(self, nlp: Language, ontology: Ontology, *, language: str) -> None:
        self.vocab = nlp.vocab
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.keys: dict[int, tuple[str, str]] = {}
        patterns: dict[str, list[Doc]] = {}
        for iri, entity in ontology.entities.items():
            for text, lang in entity.labels:
                if lang == language:
                    patterns.setdefault(iri, []).append(self._char_doc(text))
        for iri, docs in patterns.items():
            self.matcher.add(iri, docs)
            self.keys[self.vocab.strings[iri]] = ("gazetteer", iri)
        excluded = {normalize_label(word) for word in ontology.rule(f"mentions.{language}")["topic"]["unbis_exclude"]}
        minimum = ontology.rule(f"mentions.{language}")["topic"]["unbis_min_chars"]
        topics: dict[str, list[Doc]] = {}
        for iri, concept in ontology.unbis.items():
            for text, lang in concept.labels:
                key = normalize_label(text)
                if lang == language and len(key) >= minimum and key not in excluded:
                    topics.setdefault(iri, []).append(self._char_doc(text))
        for iri, docs in topics.items():
            self.matcher.add(iri, docs)
            self.keys[self.vocab.strings[iri]] = ("topic", iri)

    def _char_doc(self, text: str) -> Doc:
        chars = [ch for ch in text if not ch.isspace()]
        return Doc(self.vocab, words=chars, spaces=[False] * len(chars))

    def __call__(self, doc: Doc) -> Doc:
        text, offsets = compact(doc.text)
        char_doc = Doc(self.vocab, words=list(text), spaces=[False] * len(text)) if text else None
        candidates = list(doc._.unkg_candidates or [])
        if char_doc is not None:
            for match_id, start, end in self.matcher(char_doc):
                if not self._latin_bounded(text, start, end):
                    continue
                kind, key = self.keys[match_id]
                candidates.append(Candidate(offsets[start], offsets[end - 1] + 1, kind, key, f"{kind}.phrase"))
        doc._.unkg_candidates = candidates
        return doc

    @staticmethod
    def _latin_bounded(text: str, start: int, end: int) -> bool:
        """A name that starts or ends with a Latin letter must not continue a longer Latin word."""
        before = start > 0 and _LATIN.match(text[start - 1]) and _LATIN.match(text[start])
        after = end < len(text) and _LATIN.match(text[end]) and _LATIN.match(text[end - 1])
        return not (before or after)


@Language.factory(
    "unkg_gazetteer",
    assigns=["doc._.unkg_candidates"],
    default_config={"ontology_dir": None, "language": "zh"},
)
def make_gazetteer(nlp: Language, name: str, ontology_dir: str | None, language: str) -> GazetteerMatcher:
    return GazetteerMatcher(nlp, load_ontology(ontology_dir), language=language)


def create_pipeline(language: str, ontology: Ontology) -> Language:
    """The blank spaCy pipeline for ``zh`` or ``en`` with unkg's components, fed from the ontology."""
    if language == "zh":
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "unkg.segmented_tokenizer.v1"}}})
    else:
        nlp = spacy.blank(language)
    nlp.add_pipe("unkg_gazetteer", config={"ontology_dir": str(ontology.directory), "language": language})
    return nlp
