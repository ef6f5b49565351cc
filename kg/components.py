"""spaCy components of unkg, registered by name. Each finds candidate mentions and writes them to
``doc.spans["unkg_candidates"]``-like char records in ``doc._.unkg_candidates``; nothing else changes the Doc.

- ``unkg.segmented_tokenizer.v1``: keeps the given word segmentation (tokens are the space-separated words).
- ``unkg_gazetteer``: the ontology's names and UNBIS topics (PhraseMatcher): Chinese on the text with spaces removed,
  English on spaCy's tokens.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import compile_infix_regex
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
        words = text.split(" ")
        if words == text.split():  # the common case, words between single spaces: what the loop below gives
            return Doc(self.vocab, words=words, spaces=[True] * (len(words) - 1) + [False])
        words = []
        spaces: list[bool] = []
        # A word carries one trailing space; other whitespace becomes whitespace tokens, as in spaCy's own
        # tokenizers, so that the Doc's text and offsets are the paragraph's.
        for match in re.finditer(r"\S+|\s+", text):
            piece = match.group()
            if not piece.isspace():
                words.append(piece)
                spaces.append(False)
            elif words and not spaces[-1] and not words[-1].isspace() and piece[0] == " ":
                spaces[-1] = True
                if len(piece) > 1:
                    words.append(piece[1:])
                    spaces.append(False)
            else:
                words.append(piece)
                spaces.append(False)
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
    """Finds the ontology's names and UNBIS topic labels in a paragraph.

    Chinese names are matched on the text with its spaces removed, so segmentation errors (``环境 署``) do not
    hide them: a PhraseMatcher over one-character tokens. English names are matched on spaCy's tokens: one-word
    names and acronyms case-sensitively (``UNEP``, ``Chad``), longer names case-insensitively but starting with a
    capital (``the Office Of The High Commissioner``), topics in any case.
    """

    def __init__(self, nlp: Language, ontology: Ontology, *, language: str) -> None:
        self.vocab = nlp.vocab
        self.language = language
        self.by_characters = language == "zh"
        # Short Chinese names must be whole words of the segmentation: "大会" is not in "重大 会议" or "审议大会".
        self.whole_word_chars = ontology.rule(f"mentions.{language}").get("whole_word_max_chars", 0)
        # names that may start in lower case ("the third International Conference on Financing for Development")
        self.lower_first_words = frozenset(ontology.rule(f"mentions.{language}").get("lowercase_name_starts", ()))
        # "副 秘书长", "Under-Secretary-General": a deputy's title holds the name of another office
        self.deputy_before = re.compile(ontology.rule(f"mentions.{language}").get("deputy_title_before", "(?!)"))
        # The match ids live in a vocabulary of their own, without lexical attributes: a PhraseMatcher makes a
        # lexeme of each id, and the pipeline's vocabulary would run a dozen attribute functions for each of some
        # 10,000 ids. Patterns and texts are the pipeline's Docs; matching compares their attributes' hashes.
        ids = Vocab()
        self.exact = PhraseMatcher(ids, attr="ORTH")
        self.caseless = PhraseMatcher(ids, attr="LOWER")
        self.keys: dict[int, tuple[str, str]] = {}
        make = self._char_doc if self.by_characters else nlp.make_doc
        for iri, entity in ontology.entities.items():
            self._add("gazetteer", iri, [make(text) for text, lang in entity.labels if lang == language])
        # topics are written in lower case as often as not ("the post-2015 development agenda")
        self.any_case = frozenset(iri for iri, entity in ontology.entities.items() if entity.type == "Topic")
        spec = ontology.rule(f"mentions.{language}")["topic"]
        # A relation's cue word is never a topic ("建议" recommends, not "recommendations"; "adoption by").
        excluded = {normalize_label(word) for word in spec["unbis_exclude"]} | ontology.cue_words(language)
        for iri, concept in ontology.unbis.items():
            labels = [text for text, lang in concept.labels if lang == language
                      and len(normalize_label(text)) >= spec["unbis_min_chars"]
                      and normalize_label(text) not in excluded]
            self._add("topic", iri, [make(text) for text in labels])

    def _add(self, kind: str, key: str, docs: list[Doc]) -> None:
        exact = [d for d in docs
                 if kind == "gazetteer" and not self.by_characters and (len(d) == 1 or d.text.isupper())]
        caseless = [d for d in docs if d not in exact]
        # One match id per (kind, key) and matcher, so a name that is both an entity and a topic keeps both.
        for matcher, group in ((self.exact, exact), (self.caseless, caseless)):
            if group:
                match_id = f"{kind}:{key}"
                matcher.add(match_id, group)
                self.keys[matcher.vocab.strings[match_id]] = (kind, key)

    def _char_doc(self, text: str) -> Doc:
        chars = [ch for ch in text if not ch.isspace()]
        return Doc(self.vocab, words=chars, spaces=[False] * len(chars))

    def __call__(self, doc: Doc) -> Doc:
        candidates = list(doc._.unkg_candidates or [])
        if self.by_characters:
            candidates += self._match_characters(doc.text)
        else:
            candidates += self._match_tokens(doc)
        doc._.unkg_candidates = candidates
        return doc

    def _match_characters(self, text: str) -> list[Candidate]:
        squeezed, offsets = compact(text)
        if not squeezed:
            return []
        char_doc = Doc(self.vocab, words=list(squeezed), spaces=[False] * len(squeezed))
        out = []
        for matcher in (self.exact, self.caseless):
            for match_id, start, end in matcher(char_doc):
                if end - start <= self.whole_word_chars and not self._whole_words(text, offsets[start],
                                                                                  offsets[end - 1] + 1):
                    continue
                if self._latin_bounded(squeezed, start, end) and not self._deputy(text, offsets[start]):
                    kind, key = self.keys[match_id]
                    out.append(Candidate(offsets[start], offsets[end - 1] + 1, kind, key, f"{kind}.phrase"))
        return out

    def _match_tokens(self, doc: Doc) -> list[Candidate]:
        out = []
        text = doc.text  # spaCy joins the tokens anew on each access
        for matcher in (self.exact, self.caseless):
            for match_id, start, end in matcher(doc):
                kind, key = self.keys[match_id]
                span = doc[start:end]
                if kind == "gazetteer" and key not in self.any_case and not (
                        span.text[0].isupper() or span.text[0].isdigit()
                        or (len(span) > 1 and span[0].text in self.lower_first_words)):
                    continue
                if self._deputy(text, span.start_char):
                    continue
                out.append(Candidate(span.start_char, span.end_char, kind, key, f"{kind}.phrase"))
        return out

    def _deputy(self, text: str, start: int) -> bool:
        return self.deputy_before.search(text, max(0, start - 16), start) is not None

    @staticmethod
    def _whole_words(text: str, start: int, end: int) -> bool:
        return (start == 0 or text[start - 1].isspace()) and (end == len(text) or text[end].isspace())

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
    return GazetteerMatcher(nlp, load_ontology(Path(ontology_dir) if ontology_dir else None), language=language)


def create_pipeline(language: str, ontology: Ontology) -> Language:
    """The blank spaCy pipeline for ``zh`` or ``en`` with unkg's components, fed from the ontology."""
    if language == "zh":
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "unkg.segmented_tokenizer.v1"}}})
    else:
        nlp = spacy.blank(language)
        _add_infixes(nlp, ontology.rule(f"mentions.{language}").get("token_infixes", []))
    nlp.add_pipe("unkg_gazetteer", config={"ontology_dir": str(ontology.directory), "language": language})
    return nlp


def _add_infixes(nlp: Language, infixes: list[str]) -> None:
    """Split tokens also at these patterns: a footnote number glued to a name (``Questions,2``) must not hide
    the name from the phrase matcher."""
    if infixes:
        nlp.tokenizer.infix_finditer = compile_infix_regex(list(nlp.Defaults.infixes) + infixes).finditer
