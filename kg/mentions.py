"""Find mentions: spans of a document that name organisations, resolutions, meetings, programmes, reports,
places and topics.

Sources, all driven by ``ontology/``: the gazetteer matcher (spaCy component), name shapes from
``rules/mentions.<lang>.json`` (``… 公司``, ``《…》``, ``第22/3 号 决议``, ``第二十二 届 会议``, ``关于 … 的``),
and aliases the document defines itself (``联合国 人类 住区 规划署 ( 人居署 )``). Overlaps are resolved
longest-first, so ``世界 城市 论坛 第四 届 会议`` beats ``世界 城市 论坛``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language

from kg.components import Candidate, compact
from kg.model import Document, Mention, Paragraph
from kg.ontology import Ontology

# Which candidate wins when two have the same length: lower rank wins.
_KIND_RANK = {"session": 0, "resolution": 0, "gazetteer": 1, "alias": 1, "body": 2, "title": 2, "shape": 3,
              "topic": 4}


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int


def find_mentions(document: Document, nlp: Language, ontology: Ontology) -> list[Mention]:
    """All mentions of a document, in document order, without overlaps.

    :param document: the document, as read.
    :param nlp: the pipeline from :func:`kg.components.create_pipeline` for the document's language.
    :param ontology: the loaded ontology (name shapes and cue words).
    """
    rules = ontology.rule(f"mentions.{document.language}")
    texts = [paragraph.text for paragraph in document.paragraphs]
    per_paragraph: list[list[Candidate]] = []
    for paragraph, doc in zip(document.paragraphs, nlp.pipe(texts)):
        tokens = [_Token(t.text, t.idx, t.idx + len(t.text)) for t in doc]
        candidates = list(doc._.unkg_candidates or [])
        candidates += _resolution_candidates(paragraph.text, rules)
        candidates += _session_candidates(paragraph.text, rules)
        candidates += _title_candidates(paragraph.text, rules)
        candidates += _topic_candidates(paragraph.text, rules)
        candidates += _body_candidates(paragraph.text, rules)
        known = _select(candidates)
        candidates += _shape_candidates(tokens, known, rules, ontology.places)
        candidates += _foreign_name_candidates(tokens, known, rules)
        per_paragraph.append(candidates)
    aliases = _learn_aliases(document, per_paragraph, rules)
    mentions: list[Mention] = []
    for paragraph, candidates in zip(document.paragraphs, per_paragraph):
        candidates = candidates + _alias_candidates(paragraph, aliases)
        for candidate in _select(candidates):
            mentions.append(_to_mention(document, paragraph, candidate))
    return mentions


def _to_mention(document: Document, paragraph: Paragraph, candidate: Candidate) -> Mention:
    text = paragraph.text[candidate.start:candidate.end]
    attrs: tuple[tuple[str, str], ...] = ()
    if "|" in candidate.key and candidate.kind in ("shape", "title", "resolution", "session", "alias"):
        key, *extra = candidate.key.split("|")
        attrs = tuple(tuple(item.split("=", 1)) for item in extra)  # type: ignore[misc]
    else:
        key = candidate.key
    return Mention(document.id, paragraph.number, candidate.start, candidate.end, text, candidate.kind, key,
                   candidate.rule, attrs)


def _select(candidates: list[Candidate]) -> list[Candidate]:
    """Longest match wins; on equal length the better kind wins; no two selected spans overlap."""
    def length(c: Candidate) -> int:
        return c.end - c.start

    ordered = sorted(candidates, key=lambda c: (-length(c), _KIND_RANK.get(c.kind, 9), c.start, c.key))
    chosen: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for candidate in ordered:
        if any(candidate.start < end and start < candidate.end for start, end in taken):
            continue
        chosen.append(candidate)
        taken.append((candidate.start, candidate.end))
    return sorted(chosen, key=lambda c: (c.start, c.end))


def _compact_regex(text: str, pattern: str) -> list[tuple[int, int, re.Match]]:
    """Search ``pattern`` in the text with spaces removed; return original offsets with each match."""
    squeezed, offsets = compact(text)
    found = []
    for match in re.finditer(pattern, squeezed):
        if match.end() > match.start():
            found.append((offsets[match.start()], offsets[match.end() - 1] + 1, match))
    return found


def _resolution_candidates(text: str, rules: dict) -> list[Candidate]:
    spec = rules["resolution"]
    out = []
    for start, end, match in _compact_regex(text, spec["pattern"]):
        kind = spec["kinds"][match.group(2)]
        out.append(Candidate(start, end, "resolution", f"Resolution|number={match.group(1)}|kind={kind}",
                             "resolution.number"))
    return out


def _body_candidates(text: str, rules: dict) -> list[Candidate]:
    """Bare body words (``理事会``) that stand for a body of the document's main organisation."""
    pattern = "|".join(re.escape(word) for word in sorted(rules["body_words"], key=len, reverse=True))
    return [Candidate(start, end, "body", match.group(), "body.word")
            for start, end, match in _compact_regex(text, pattern)]


def _session_candidates(text: str, rules: dict) -> list[Candidate]:
    out = []
    for start, end, match in _compact_regex(text, rules["session"]["pattern"]):
        out.append(Candidate(start, end, "session", f"Meeting|ordinal={match.group(1)}|noun={match.group(2)}",
                             "session.ordinal"))
    return out


def _title_candidates(text: str, rules: dict) -> list[Candidate]:
    """Titles between title marks (《…》) and quoted titles after 题为: reports, programmes, declarations."""
    out = []
    for opening, closing in rules["title_marks"]:
        for match in re.finditer(re.escape(opening) + r"\s*([^" + re.escape(closing) + r"]{2,80}?)\s*" + re.escape(closing), text):
            title = "".join(match.group(1).split())
            out.append(Candidate(match.start(1), match.start(1) + len(match.group(1).rstrip()), "title",
                                 f"{_title_type(title, rules)}|title=1", "title.marks"))
    cues = "|".join(re.escape(cue).replace("\\ ", r"\s*") for cue in rules["quoted_title_cues"])
    for match in re.finditer(r"(?:" + cues + r")\s*[\"“]\s*([^\"”]{2,80}?)\s*[\"”]", text):
        title = "".join(match.group(1).split())
        out.append(Candidate(match.start(1), match.start(1) + len(match.group(1).rstrip()), "title",
                             f"{_title_type(title, rules)}|title=1", "title.quoted"))
    return out


def _title_type(title: str, rules: dict) -> str:
    for suffix, cls in rules["title_types"]:
        if title.endswith(suffix):
            return cls
    return "Report"


def _topic_candidates(text: str, rules: dict) -> list[Candidate]:
    out = []
    spec = rules["topic"]
    for name in ("about_pattern", "issue_pattern", "theme_pattern"):
        for start, end, match in _compact_regex(text, spec[name]):
            _, offsets = compact(text[start:end])
            for a, b in _topic_list_items(match.group(1), match.start(1) - match.start(), spec):
                first = offsets[a] + start
                last = offsets[b - 1] + start + 1
                out.append(Candidate(first, last, "topic", "Topic|phrase=1", f"topic.{name.split('_')[0]}"))
    return out


def _foreign_name_candidates(tokens: list[_Token], known: list[Candidate], rules: dict) -> list[Candidate]:
    """A Latin-script name standing between list connectors of a Chinese text (``住房权利中心 、 Hakijamii 、``)
    names an organisation the gazetteer does not know."""
    pattern = re.compile(rules["foreign_name_pattern"])
    neighbours = set(rules["foreign_name_neighbours"])
    spans = [(c.start, c.end) for c in known]
    out = []
    for i in range(1, len(tokens) - 1):
        token = tokens[i]
        if pattern.match(token.text) and tokens[i - 1].text in neighbours and tokens[i + 1].text in neighbours \
                and not _inside(token, spans):
            out.append(Candidate(token.start, token.end, "shape", "NGO|foreign=1", "shape.foreign-name"))
    return out


def _topic_list_items(phrase: str, offset: int, spec: dict) -> list[tuple[int, int]]:
    """``A、B和C`` is three topics; ``A和B`` alone stays one (``城市和气候变化``). Offsets in the compact match."""
    separators = "|".join(map(re.escape, spec["list_separators"]))
    parts = [(m.start() + offset, m.end() + offset) for m in re.finditer(r"[^" + "".join(spec["list_separators"]) + "]+", phrase)]
    if not separators or len(parts) < 2:
        return [(offset, offset + len(phrase))]
    a, b = parts[-1]
    last = phrase[a - offset:b - offset]
    for word in spec["list_last_separators"]:
        k = last.rfind(word)
        if k > 0:
            parts[-1:] = [(a, a + k), (a + k + len(word), b)]
            break
    return [(x, y) for x, y in parts if y - x >= 2]


def _shape_candidates(tokens: list[_Token], known: list[Candidate], rules: dict,
                      places: frozenset[str]) -> list[Candidate]:
    """Organisations and programmes that the gazetteer does not know, recognised by their last word
    (``… 研究所``, ``… 公司``) and extended leftwards over name-like words."""
    suffixes = sorted(rules["organization_suffixes"], key=lambda item: -len(item[0]))
    stops = set(rules["name_stop_tokens"])
    stop_pattern = re.compile(rules["name_stop_regex"])
    generic = set(rules["generic_name_heads"])
    max_tokens, min_chars = rules["name_max_tokens"], rules["name_min_chars"]
    inner = set(rules["name_inner_connectors"])
    # Names may contain places and topics ("第二 次 住房 和 城市 发展 问题 非洲 部长会议"), not other entities.
    blocked = [(c.start, c.end) for c in known if c.kind != "topic" and c.key not in places]
    out = []
    for j in range(len(tokens)):
        for suffix, cls in suffixes:
            if not _ends_with(tokens, j, suffix):
                continue
            i = j
            while i - 1 >= 0 and j - (i - 1) < max_tokens and not _inside(tokens[i - 1], blocked) \
                    and not stop_pattern.search(tokens[i - 1].text) and not _is_punct(tokens[i - 1].text):
                word = tokens[i - 1].text
                if word in inner and i - 2 >= 0 and tokens[i - 2].text not in stops \
                        and not _inside(tokens[i - 2], blocked) and not _is_punct(tokens[i - 2].text):
                    i -= 1
                    continue
                if word in stops:
                    break
                i -= 1
            if _inside(tokens[j], blocked):
                break
            name = "".join(t.text for t in tokens[i:j + 1])
            modifier = name[: len(name) - len(suffix)]
            if len(name) >= min_chars and modifier and modifier not in generic and not _inside(tokens[i], blocked):
                out.append(Candidate(tokens[i].start, tokens[j].end, "shape", f"{cls}|suffix={suffix}",
                                     f"shape.suffix.{cls}"))
            break
    return out


def _ends_with(tokens: list[_Token], j: int, suffix: str) -> bool:
    tail = ""
    k = j
    while k >= 0 and len(tail) < len(suffix):
        tail = tokens[k].text + tail
        k -= 1
    return tail.endswith(suffix) and tokens[j].text[-1] == suffix[-1] and len(tokens[j].text) <= len(suffix) + 6


def _inside(token: _Token, spans: list[tuple[int, int]]) -> bool:
    return any(start < token.end and token.start < end for start, end in spans)


def _is_punct(text: str) -> bool:
    return all(not ch.isalnum() for ch in text)


def _learn_aliases(document: Document, per_paragraph: list[list[Candidate]],
                   rules: dict) -> dict[str, tuple[Candidate, str]]:
    """Aliases the document defines: a name followed by a short form in brackets, ``NAME ( ALIAS )``."""
    aliases: dict[str, tuple[Candidate, str]] = {}
    brackets = rules["alias_brackets"]
    for paragraph, candidates in zip(document.paragraphs, per_paragraph):
        for candidate in _select(candidates):
            if candidate.kind == "topic":
                continue
            rest = paragraph.text[candidate.end:]
            for opening, closing in brackets:
                match = re.match(r"\s*" + re.escape(opening) + r"\s*([^" + re.escape(closing) + r"]{1,40}?)\s*"
                                 + re.escape(closing), rest)
                if not match:
                    continue
                alias = "".join(match.group(1).split())
                name = "".join(paragraph.text[candidate.start:candidate.end].split())
                if 2 <= len(alias) <= rules["alias_max_chars"] and len(alias) < len(name) and not alias.isdigit() \
                        and not re.fullmatch(r"[a-z]{1,3}|[ivx]+", alias):
                    aliases.setdefault(alias, (candidate, name))
    return aliases


def _alias_candidates(paragraph: Paragraph, aliases: dict[str, tuple[Candidate, str]]) -> list[Candidate]:
    """Every occurrence of a learned alias; it names what its definition named."""
    out = []
    squeezed, offsets = compact(paragraph.text)
    for alias, (target, name) in aliases.items():
        if target.kind == "gazetteer":
            kind, key = "gazetteer", target.key
        else:
            kind, key = "alias", f"{target.key.split('|')[0]}|alias_of={name}"
        for match in re.finditer(re.escape(alias), squeezed):
            out.append(Candidate(offsets[match.start()], offsets[match.end() - 1] + 1, kind, key, "alias.defined"))
    return out
