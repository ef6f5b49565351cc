"""Find mentions: spans of a document that name organisations, resolutions, meetings, programmes, reports,
places and topics.

Sources, all driven by ``ontology/``: the gazetteer matcher (spaCy component), name shapes from
``rules/mentions.<lang>.json`` (``… 公司``, ``《…》``, ``第22/3 号 决议``, ``第二十二 届 会议``, ``关于 … 的``),
and aliases the document defines itself (``联合国 人类 住区 规划署 ( 人居署 )``). Overlaps are resolved
longest-first, so ``世界 城市 论坛 第四 届 会议`` beats ``世界 城市 论坛``.
"""
from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from typing import NamedTuple

from spacy.attrs import IDX, LENGTH
from spacy.language import Language

from kg.components import Candidate, compact
from kg.model import Document, Mention, Paragraph
from kg.ontology import ORGANIZATION_CLASSES, Ontology

# Which candidate wins when two have the same length: lower rank wins.
_KIND_RANK = {"session": 0, "resolution": 0, "gazetteer": 1, "alias": 1, "self": 1, "body": 2, "title": 2,
              "authored": 2, "shape": 3, "topic": 4}


class _Token(NamedTuple):  # a tuple: made for every word of the corpus, a frozen dataclass costs thrice as much
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
    views = [_View.of(text, rules) for text in texts]
    for view, doc in zip(views, nlp.pipe(texts)):
        # the offsets from one array and the words sliced from the text: a Token object per word costs more
        tokens = [_Token(view.source[start:start + length], start, start + length)
                  for start, length in doc.to_array([IDX, LENGTH]).tolist()]
        candidates = _outside_compounds(list(doc._.unkg_candidates or []), tokens, view, rules)
        for name in rules["finders"]["patterns"]:
            candidates += _PATTERN_FINDERS[name](view, rules)
        # the names the final selection keeps: a topic phrase does not hide an organisation's name from the shapes
        organizations = _organizations(candidates, ontology)
        known = _select([c for c in candidates if not _phrase_over_name(c, organizations)])
        for name in rules["finders"]["shapes"]:
            candidates += _SHAPE_FINDERS[name](tokens, view, known, rules, ontology)
        per_paragraph.append(candidates)
    aliases = _learn_aliases(document, per_paragraph, rules)
    mentions: list[Mention] = []
    nested: list[Mention] = []
    for paragraph, view, candidates in zip(document.paragraphs, views, per_paragraph):
        candidates = candidates + _alias_candidates(view, aliases)
        organizations = _organizations(candidates, ontology)
        chosen = _select([c for c in candidates if not _phrase_over_name(c, organizations)])
        mentions += [_to_mention(document, paragraph, c) for c in chosen]
        nested += [_to_mention(document, paragraph, c) for c in _nested_names(chosen, organizations, view, rules)]
    # after the others: a nested name is no neighbour of a resolution or session (kg.link.body_index)
    return mentions + nested


def _outside_compounds(candidates: list[Candidate], tokens: list[_Token], view: _View,
                       rules: dict) -> list[Candidate]:
    """Short gazetteer names that the word before them makes the head of another body's name (rules'
    ``compound_heads``: ``审议 大会`` is a review conference, ``世界 大会`` a world conference, not the General
    Assembly) are not those names."""
    heads = rules.get("compound_heads", {})
    if not heads:
        return candidates
    out = []
    for candidate in candidates:
        before = heads.get(name_of(view.source[candidate.start:candidate.end], view.compact)) \
            if candidate.kind == "gazetteer" else None
        word = next((t.text for t in reversed(tokens) if t.end <= candidate.start), None) if before else None
        if word is None or word not in before:
            out.append(candidate)
    return out


def _organizations(candidates: list[Candidate], ontology: Ontology) -> list[Candidate]:
    """The candidates that name an organisation the gazetteer knows."""
    return [c for c in candidates if c.kind == "gazetteer" and ontology.entities[c.key].type in ORGANIZATION_CLASSES]


def _phrase_over_name(candidate: Candidate, organizations: list[Candidate]) -> bool:
    """A topic phrase (``关于 … 的``) that would swallow an organisation's name (``在 联合国国际贸易法委员会 中 轮任``);
    not an agenda item, a quoted title whose words may name anyone (``the item entitled "Reports of the
    Secretary-General on the Sudan and South Sudan"``)."""
    return candidate.kind == "topic" and candidate.key.startswith("Topic|") and candidate.rule != "topic.agenda_item" \
        and any(
        candidate.start <= o.start and o.end <= candidate.end for o in organizations)


def _nested_names(chosen: list[Candidate], organizations: list[Candidate], view: _View,
                  rules: dict) -> list[Candidate]:
    """Organisations named inside a longer name as its owner or partner (``联合国 和 阿拉伯国家联盟 叙利亚 问题 联合 特别
    代表 办公室``, ``UNICEF Executive Board``, ``Permanent Bureau of the Hague Conference``) are mentioned too: where
    the rules' ``nested_name_after`` allows, not as part of another name's words (``审议 大会``, ``Peace and Security
    Council``), and not the names that only begin others (``联合国 …``)."""
    after = re.compile(rules["nested_name_after"])
    prefixes = {"".join(p.split()) for p in rules.get("name_prefixes", ())}

    def inside(o: Candidate, c: Candidate) -> bool:
        return c.kind != "topic" and c.key != o.key and c.start <= o.start and o.end <= c.end \
            and (c.start, c.end) != (o.start, o.end) and bool(after.search(view.source[c.start:o.start]))

    return [Candidate(o.start, o.end, "nested", o.key, o.rule)
            for o in _select([o for o in organizations if "".join(view.source[o.start:o.end].split()) not in prefixes
                              and any(inside(o, c) for c in chosen)])]


def _to_mention(document: Document, paragraph: Paragraph, candidate: Candidate) -> Mention:
    text = paragraph.text[candidate.start:candidate.end]
    attrs: tuple[tuple[str, str], ...] = ()
    if "|" in candidate.key and candidate.kind in ("shape", "title", "resolution", "session", "alias", "authored"):
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


@dataclass(frozen=True)
class _View:
    """The text the patterns of a language run on: Chinese with its spaces removed (segmentation errors do not
    break a pattern), English as it is. ``span`` maps a match back to offsets in the paragraph."""

    source: str
    text: str
    offsets: tuple[int, ...]
    compact: bool

    @classmethod
    def of(cls, text: str, rules: dict) -> "_View":
        read, offsets = as_patterns_read(text, rules)
        return cls(text, read, tuple(offsets), rules["match_on"] == "compact")

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets[start], self.offsets[end - 1] + 1

    def finditer(self, pattern: str) -> list[tuple[int, int, re.Match]]:
        """Non-empty matches of ``pattern``, with their offsets in the paragraph."""
        return [(*self.span(m.start(), m.end()), m) for m in re.finditer(pattern, self.text) if m.end() > m.start()]

    def words(self, words: list[str]) -> str:
        """A pattern for any of the words, longest first; whole words only in English."""
        alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        return f"(?:{alternation})" if self.compact else rf"(?<!\w)(?:{alternation})(?!\w)"


def as_patterns_read(text: str, rules: dict) -> tuple[str, list[int] | range]:
    """The text as a language's patterns read it (Chinese without spaces), with each character's offset in it."""
    return compact(text) if rules["match_on"] == "compact" else (text, range(len(text)))


def resolution_attrs(match: re.Match, spec: dict) -> tuple[tuple[str, str], ...]:
    """What a match of the rules' resolution pattern says: number, kind, and the year or roman session if given."""
    attrs = (("number", match.group("number")), ("kind", spec["kinds"][match.group("kind").lower()]))
    return attrs + tuple((q, match.group(q)) for q in ("year", "roman") if match.groupdict().get(q))


def _resolution_candidates(view: _View, rules: dict) -> list[Candidate]:
    """Numbered resolutions and decisions, every one of a list (``resolutions 1373 (2001), 1540 (2004) and 1887
    (2009)``, ``第 1373 ( 2001 ) 、 1540 ( 2004 ) 和 1887 ( 2009 ) 号 决议``)."""
    spec = rules["resolution"]
    out = []
    for start, end, match in view.finditer(spec["pattern"]):
        attrs = resolution_attrs(match, spec)
        out.append(Candidate(start, end, "resolution", _resolution_key(attrs), "resolution.number"))
        for item in _listed_resolutions(view.text, match, spec):
            listed = (("number", item.group("number")), attrs[1]) + tuple(
                (q, item.group(q)) for q in ("year", "roman") if item.groupdict().get(q))
            out.append(Candidate(*view.span(item.start("item"), item.end("item")), "resolution",
                                 _resolution_key(listed), "resolution.listed"))
    return out


def _resolution_key(attrs: tuple[tuple[str, str], ...]) -> str:
    return "|".join(["Resolution", *(f"{k}={v}" for k, v in attrs)])


def _listed_resolutions(text: str, head: re.Match, spec: dict) -> list[re.Match]:
    """The other numbers of the list a resolution's match begins (rules' ``list_item_after``: English names the
    kind first) or ends (``list_item_before``: Chinese names it last), each written like the match: with a year, a
    roman session or a slash if it has one (``resolution 68/1, 2013`` lists no resolution 2013)."""
    def shape(m: re.Match) -> tuple[bool, ...]:
        return "/" in m.group("number"), bool(m.groupdict().get("year")), bool(m.groupdict().get("roman"))

    items = []
    after = re.compile(spec.get("list_item_after", "(?!)"))
    item = after.match(text, head.end())
    while item is not None and shape(item) == shape(head):
        items.append(item)
        item = after.match(text, item.end())
    before = re.compile(spec.get("list_item_before", "(?!)") + "$")
    item = before.search(text, 0, head.start())
    while item is not None and shape(item) == shape(head):
        items.append(item)
        item = before.search(text, 0, item.start())
    return items


def _body_candidates(view: _View, rules: dict) -> list[Candidate]:
    """Bare body words (``理事会``, ``the Governing Council``) that stand for a body of the document's main
    organisation."""
    return [Candidate(start, end, "body", match.group(), "body.word")
            for start, end, match in view.finditer(view.words(list(rules["body_words"])))]


def _named_pattern_candidates(view: _View, rules: dict) -> list[Candidate]:
    """Names written to a pattern the rules give, such as the committees the Security Council establishes
    (``Committee established pursuant to resolution 1540 (2004)``, ``第1540(2004)号决议所设委员会``). A pattern
    marked ``antecedent`` names a short form (``the Special Envoy``) that the linker first reads as the paragraph's
    earlier, longer name."""
    out = []
    for spec in rules["named_patterns"]:
        key = f"{spec['class']}|suffix=pattern" + ("|antecedent=1" if spec.get("antecedent") else "")
        out += [Candidate(start, end, "shape", key, f"shape.pattern.{spec['class']}")
                for start, end, _ in view.finditer(spec["pattern"])]
    return out


def _self_reference_candidates(view: _View, rules: dict) -> list[Candidate]:
    """``本报告``, ``the present report``: the document itself."""
    return [Candidate(start, end, "self", "Document", "self.reference")
            for start, end, _ in view.finditer(rules["self_reference"])]


def _session_candidates(view: _View, rules: dict) -> list[Candidate]:
    out = []
    for start, end, match in view.finditer(rules["session"]["pattern"]):
        noun = rules["session"]["nouns"][match.group("noun").lower()]
        out.append(Candidate(start, end, "session", f"Meeting|ordinal={match.group('ordinal')}|noun={noun}",
                             "session.ordinal"))
    return out


def _title_candidates(view: _View, rules: dict) -> list[Candidate]:
    """Titles between title marks (《…》) and quoted titles after a cue (题为, entitled): reports, programmes,
    declarations."""
    out = []
    patterns = [(re.escape(opening) + r"\s*([^" + re.escape(closing) + r"]{2,120}?)\s*" + re.escape(closing), "marks")
                for opening, closing in rules["title_marks"]]
    cues = "|".join(re.escape(cue).replace("\\ ", r"\s*") for cue in rules["quoted_title_cues"])
    patterns.append((r"(?:" + cues + r")\s*[\"“]\s*([^\"”]{2,120}?)\s*[,.]?[\"”]", "quoted"))
    items = rules.get("agenda_items", {})
    generic = set(rules.get("generic_titles", ()))
    for pattern, how in patterns:
        for match in re.finditer(pattern, view.source):
            title = "".join(match.group(1).split())
            if title in generic:  # 《 条约 》: "the Treaty" of the text, no instrument of its own
                continue
            end = match.start(1) + len(match.group(1).rstrip())
            if how == "quoted" and (re.search(items.get("before", "(?!)"), view.source[:match.start()])
                                    or re.match(items.get("after", "(?!)"), view.source[match.end():])):
                # 'the item entitled "Threats to international peace …"': an agenda item names a topic
                out.append(Candidate(match.start(1), end, "topic", "Topic|phrase=1", "topic.agenda_item"))
                continue
            following = next((cls for word, cls in rules.get("title_types_after", ())
                              if re.match(r"^\s*的?\s*" + r"\s*".join(word), view.source[match.end():])), None)
            cls = following if how == "quoted" and following else _title_type(title, rules)
            out.append(Candidate(match.start(1), end, "title", f"{cls}|title=1", f"title.{how}"))
    return out


def _title_type(title: str, rules: dict) -> str:
    for suffix, cls in rules["title_types"]:
        if title.lower().endswith(suffix.lower()):
            return cls
    return "Report"


def _topic_candidates(view: _View, rules: dict) -> list[Candidate]:
    out = []
    spec = rules["topic"]
    for name, pattern in spec["patterns"].items():
        for _, _, match in view.finditer(pattern):
            for a, b in _topic_list_items(match.group(1), match.start(1), spec):
                start, end = view.span(a, b)
                out.append(Candidate(start, end, "topic", "Topic|phrase=1", f"topic.{name}"))
    return out


def _foreign_name_candidates(tokens: list[_Token], view: _View, known: list[Candidate], rules: dict,
                             ontology: Ontology) -> list[Candidate]:
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
    """``A、B和C`` and ``A, B and C`` are three topics; ``A和B`` and ``peace and security`` alone stay one.
    Offsets in the view's text."""
    separators = spec["list_separators"]
    parts = [(m.start() + offset, m.end() + offset)
             for m in re.finditer("(?:(?!" + "|".join(map(re.escape, separators)) + ").)+", phrase)]
    if len(parts) < 2:
        return [(offset, offset + len(phrase))]
    a, b = parts[-1]
    last = phrase[a - offset:b - offset]
    for word in spec["list_last_separators"]:
        k = last.rfind(word)
        if k > 0:
            parts[-1:] = [(a, a + k), (a + k + len(word), b)]
            break
    items = []
    for x, y in parts:
        # Keep the offsets on the words: drop the spaces around English list items.
        text = phrase[x - offset:y - offset]
        x, y = x + len(text) - len(text.lstrip()), y - (len(text) - len(text.rstrip()))
        if y - x >= 2:
            items.append((x, y))
    return items


def _suffix_shape_candidates(tokens: list[_Token], view: _View, known: list[Candidate], rules: dict,
                             ontology: Ontology) -> list[Candidate]:
    """Organisations and programmes that the gazetteer does not know, recognised by their last word
    (``… 研究所``, ``… 公司``) and extended leftwards over name-like words."""
    suffixes = sorted(rules["organization_suffixes"], key=lambda item: -len(item[0]))
    stops = set(rules["name_stop_tokens"])
    stop_pattern = re.compile(rules["name_stop_regex"])
    generic = set(rules["generic_name_heads"])
    max_chars, min_chars = rules["name_max_chars"], rules["name_min_chars"]
    inner = set(rules["name_inner_connectors"])
    places = ontology.places
    # Names may contain places and topics ("第二 次 住房 和 城市 发展 问题 非洲 部长会议"), not other entities.
    blocked = [(c.start, c.end) for c in known if c.kind != "topic" and c.key not in places]
    owned_classes = set(rules.get("owned_name_classes", ()))
    name_prefixes = set(rules.get("name_prefixes", ()))
    listed_classes = set(rules.get("country_list_classes", ()))
    list_words = set(rules.get("country_list_words", ()))
    place_names = [c for c in known if c.key in places]
    known_names = [c for c in known if c.kind == "gazetteer" and c.key not in places]
    by_last_char: dict[str, list[tuple[str, str]]] = {}
    for suffix, cls in suffixes:
        by_last_char.setdefault(suffix[-1], []).append((suffix, cls))
    out = []
    false_words = set(rules.get("suffix_false_words", ()))  # "内部", "北部": not a ministry
    possessors = set(rules.get("possessor_demonstratives", ()))
    suffix_words = {suffix for suffix, _ in suffixes}
    for j in range(len(tokens)):
        for suffix, cls in by_last_char.get(tokens[j].text[-1], ()):
            if tokens[j].text in false_words or not _ends_with(tokens, j, suffix):
                continue
            i = j
            length = len(tokens[j].text)  # in characters, not words: segmentation errors ("可 再 生") split words
            while i - 1 >= 0 and length + len(tokens[i - 1].text) <= max_chars \
                    and not _inside(tokens[i - 1], blocked) and not stop_pattern.search(tokens[i - 1].text):
                word = tokens[i - 1].text
                if word in inner and i - 2 >= 0 and tokens[i - 2].text not in stops \
                        and not _inside(tokens[i - 2], blocked) and not _is_punct(tokens[i - 2].text):
                    i -= 1
                    length += len(word)
                    continue
                if word in stops or _is_punct(word):
                    break
                i -= 1
                length += len(word)
            if _inside(tokens[j], blocked):
                break
            if i + 1 < j and i > 0 and tokens[i - 1].text in possessors and tokens[i].text in suffix_words:
                i += 1  # "该 方案 多方 利益 攸关 方 咨询 委员会": the programme's committee, named after 方案
            name = "".join(t.text for t in tokens[i:j + 1])
            modifier = name[: len(name) - len(suffix)]
            if cls in listed_classes and len(tokens[j].text) - len(suffix) < 2 and all(
                    any(c.start <= t.start and t.end <= c.end for c in place_names) or t.text in list_words
                    for t in tokens[i:j] if t.end <= tokens[j].start):
                # "利比里亚 和 塞拉利昂 三国 政府": the Governments of listed countries, not one name; nor is "马里 北部";
                break  # a word of its own before the suffix makes one ("格鲁吉亚 外交部")
            # "区域 开发 银行": a kind of organisation the thesaurus names, not one organisation
            if len(name) >= min_chars and modifier and not _generic(modifier, generic, inner) \
                    and not _inside(tokens[i], blocked) and ontology.unbis_concept(name) is None:
                start, key = tokens[i].start, f"{cls}|suffix={suffix}"
                owner = next((c for c in known_names if cls in owned_classes and c.end <= tokens[i].start
                              and not view.source[c.end:tokens[i].start].strip()), None)
                if owner is not None and "".join(view.source[owner.start:owner.end].split()) in name_prefixes:
                    start = owner.start  # "联合国 住房 权利 方案": part of the name, not an owner
                elif owner is not None:  # "人居署 非洲 城市 用水 方案": a programme named with its owner first
                    start, key = owner.start, _owned_key(key, owner)
                out.append(Candidate(start, tokens[j].end, "shape", key, f"shape.suffix.{cls}"))
            break
    return out


def _generic(modifier: str, generic: set[str], inner: set[str]) -> bool:
    """Whether the words before a name's last word only say what kind it is (``国际``, ``地方 和 国家``)."""
    parts = re.split("|".join(map(re.escape, sorted(inner))), modifier) if inner else [modifier]
    return all(part in generic for part in parts if part)  # "活动 和 项目": a kind, 和, then the last word


def _titlecase_shape_candidates(tokens: list[_Token], view: _View, known: list[Candidate], rules: dict,
                                ontology: Ontology) -> list[Candidate]:
    """English names the gazetteer does not know: a run of capitalised words (with ``of``, ``for``, ``and`` …
    inside) that ends with a head word (``… Foundation``, ``… Bank``, ``… Network``), starts with one
    (``Ministry of …``, ``Government of …``) or holds one before its complement (``Global Alliance for …``), or
    that the text follows with its acronym in brackets.

    A run may hold several names joined by ``and`` (``the Ministry of Health and the Asian Development Bank``):
    every stretch between two ``and`` is a candidate, and the longest that names something wins."""
    spec = rules["titlecase_names"]
    places = ontology.places
    # short names that a longer name may hold ("the Audit Advisory Committee" is not the Advisory Committee)
    extendable = set(spec.get("extendable_names", ()))
    blocked = [(c.start, c.end) for c in known if c.kind not in ("topic", "body") and c.key not in places
               and view.source[c.start:c.end] not in extendable]
    prefixes = set(rules.get("name_prefixes", ()))  # "United Nations …" begins a name it does not own
    owners = [c for c in known if c.kind == "gazetteer" and c.key not in places
              and view.source[c.start:c.end] not in prefixes]
    owned = set(rules.get("owned_name_classes", ()))
    place_ends = {c.start: c.end for c in known if c.key in places}
    out = []
    for match in re.finditer(spec["pattern"], view.source):
        words = [(match.start() + w.start(), match.start() + w.end(), w.group())
                 for w in re.finditer(r"\S+", match.group())]
        for run in _sentence_runs(words, spec):
            out += _titlecase_run(_past_leading_place(run, place_ends, spec), view, spec, blocked, owners, owned)
    return out


def _past_leading_place(words: list[tuple[int, int, str]], place_ends: dict[int, int],
                        spec: dict) -> list[tuple[int, int, str]]:
    """A run that begins with a place and ``in`` or ``at`` (``Kadugli in the Outstation Management Unit``): the place
    says where the name after it is, it is no part of it."""
    end = place_ends.get(words[0][0]) if words else None
    k = next((k for k, w in enumerate(words) if w[0] >= end), None) if end is not None else None
    return words[k + 1:] if k is not None and words[k][2] in spec["place_words"] else words


def _owned_key(key: str, owner: Candidate) -> str:
    """A name's key that remembers its owner's name, written first (see :meth:`kg.link._Linker.owned`)."""
    return f"{key}|owner={owner.start}-{owner.end}|owner_key={owner.key}"


def _sentence_runs(words: list[tuple[int, int, str]], spec: dict) -> list[list[tuple[int, int, str]]]:
    """A run of capitalised words cut where a word ends a sentence ("… Initiative. The World Urban Forum")."""
    runs: list[list[tuple[int, int, str]]] = [[]]
    for word in words:
        runs[-1].append(word)
        if word[2].endswith(".") and word[2].lower() not in spec["dotted_last_words"] \
                and not re.fullmatch(r"(?:[A-Za-z]\.)+", word[2]):
            runs.append([])
    return [run for run in runs if run]


def _titlecase_run(words: list[tuple[int, int, str]], view: _View, spec: dict, blocked: list[tuple[int, int]],
                   owners: list[Candidate], owned: set[str]) -> list[Candidate]:
    """The names in one run of capitalised words (see :func:`_titlecase_shape_candidates`)."""
    lists = _titlecase_words(spec)
    holders, place_words, openers = lists.holders, lists.place_words, lists.first_words
    cuts = [0] + [k + 1 for k, w in enumerate(words) if w[2].lower() in lists.splitters] + [len(words) + 1]
    named: dict[tuple[int, int], Candidate] = {}
    for a, b in itertools.combinations(range(len(cuts)), 2):
        stretch = words[cuts[a]:cuts[b] - 1]
        owner = next((c for c in owners if stretch and c.start == stretch[0][0] and c.end < stretch[-1][0]), None)
        if owner is not None:  # "the UN-Habitat Water for African Cities Programme"
            stretch = [w for w in stretch if w[0] >= owner.end]
        # "the Shurat HaDin Law of War Conference in Jerusalem": the name may end before "in"
        shorter = [stretch[:k] for k in range(len(stretch) - 1, 1, -1) if stretch[k][2] in place_words]
        # "Statement of the Ministry of Foreign Affairs of Georgia": a name may start inside the run
        shorter += [stretch[k:] for k in range(1, len(stretch) - 1) if stretch[k][2].lower() in openers]
        candidate = next(filter(None, (_titlecase_name(x, view.source, spec) for x in [stretch, *shorter])), None)
        if candidate is None or (candidate.key.split("|")[0] not in holders
                                 and any(candidate.start < y and x < candidate.end for x, y in blocked)):
            continue
        if owner is not None and candidate.key.split("|")[0] in owned \
                and not view.source[owner.end:candidate.start].strip():  # not "UNHCR's …": adjacent rules
            candidate = Candidate(owner.start, candidate.end, candidate.kind, _owned_key(candidate.key, owner),
                                  candidate.rule)
        named[a, b] = candidate
    # "the Model Code of Conduct for … and the Guidance Code for …": where the words after a list word start a
    # name again (spec's names_restart_after: "the") and both sides name something, they are two names
    restart = set(spec.get("names_restart_after", ()))
    return [candidate for (a, b), candidate in named.items()
            if not any(cuts[c] < len(words) and words[cuts[c]][2].lower() in restart
                       and (a, c) in named and (c, b) in named for c in range(a + 1, b))]


def _titlecase_name(words: list[tuple[int, int, str]], text: str, spec: dict) -> Candidate | None:
    """The name a stretch of capitalised words makes, if its first or last word says what it names."""
    lists = _titlecase_words(spec)
    connectors, starters = lists.connectors, lists.not_first_words
    while words and (words[0][2].lower() in starters or words[0][2].lower() in connectors):
        words = words[1:]
    while words and words[-1][2].lower() in connectors:
        words = words[:-1]
    if len(words) < 2:
        return None
    start, end, last = words[0][0], words[-1][1], words[-1][2]
    if last.endswith(".") and last.lower() not in spec["dotted_last_words"]:
        end, last = end - 1, last[:-1]
    heads, openers = lists.heads, lists.openers
    cls = heads.get(last.lower()) or openers.get(words[0][2].lower())
    inner_head = next((w[2] for w, after in zip(words[1:-2], words[2:-1])
                       if w[2].lower() in heads and after[2].lower() in spec["head_complements"]), None)
    if cls is None and inner_head is not None:  # "Global Alliance for Clean Cookstoves"
        return Candidate(start, end, "shape", f"{heads[inner_head.lower()]}|suffix={inner_head}",
                         f"shape.titlecase.{heads[inner_head.lower()]}")
    acronym = re.match(spec["acronym_after"], text[end:])
    if cls is None and acronym and acronym.group(1)[0].upper() == words[0][2][0].upper():
        cls = spec["acronym_class"]
    if cls is None:
        return None
    modifier = " ".join(w[2].lower() for w in words[:-1] if w[2].lower() not in connectors)
    if last.lower() in heads and (not modifier or modifier in spec["generic_modifiers"]):
        return None
    return Candidate(start, end, "shape", f"{cls}|suffix={last}", f"shape.titlecase.{cls}")


@dataclass(frozen=True)
class _TitlecaseWords:
    """The word lists of the ``titlecase_names`` rules as sets (lower case where they are matched so)."""

    splitters: frozenset[str]
    holders: frozenset[str]
    place_words: frozenset[str]
    first_words: frozenset[str]
    connectors: frozenset[str]
    not_first_words: frozenset[str]
    heads: dict[str, str]
    openers: dict[str, str]


_TITLECASE_WORDS: dict[int, tuple[dict, _TitlecaseWords]] = {}


def _titlecase_words(spec: dict) -> _TitlecaseWords:
    """Made once per rule file, not for every run of capitalised words."""
    cached = _TITLECASE_WORDS.get(id(spec))
    if cached is None or cached[0] is not spec:
        words = _TitlecaseWords(
            frozenset(spec["list_words"]), frozenset(spec.get("may_hold_names", ())),
            frozenset(spec.get("place_words", ())), frozenset(word.lower() for word, _ in spec["first_words"]),
            frozenset(spec["connectors"]), frozenset(word.lower() for word in spec["not_first_words"]),
            {word.lower(): cls for word, cls in spec["last_words"]},
            {word.lower(): cls for word, cls in spec["first_words"]})
        cached = (spec, words)
        _TITLECASE_WORDS[id(spec)] = cached
    return cached[1]


def _authored_title_candidates(tokens: list[_Token], view: _View, known: list[Candidate], rules: dict,
                               ontology: Ontology) -> list[Candidate]:
    """Documents named by their author and topic: ``Report of the Secretary-General on world demographic
    trends``, ``paper submitted by Chile``, ``秘书长 关于 世界 人口 趋势 的 报告``. The mention covers the whole
    title; it remembers where its author and topic are, for the relations its name states."""
    spec = rules["authored_titles"]
    before_pattern = re.compile(spec["before"])
    barriers = [m.start() for m in re.finditer(spec["before_barrier"], view.source)] if "before_barrier" in spec \
        else []
    out = []
    for author in known:
        if author.kind not in ("gazetteer", "alias", "shape", "body"):
            continue
        # no match of 'before' spans a barrier: search after the last one (lookbehinds still see the text before it)
        last = bisect.bisect_left(barriers, author.start) - 1
        before = before_pattern.search(view.source, barriers[last] + 1 if last >= 0 else 0, author.start)
        after = re.match(spec["after"], view.source[author.end:])
        if not ((before and before.group("head")) or (after and after.groupdict().get("head"))):
            continue
        if re.search(spec.get("recipient_before", "(?!)"), view.source[:author.start]):
            continue  # "提交 大会 的 报告", "给 审议 大会 的 报告": a report to the Assembly, not of it
        start = before.start() if before else author.start
        end = author.end + (after.end() if after else 0)
        author_key = author.key.split("|")[0]
        head = before.group("head") if before and before.group("head") else after.group("head")
        key = f"Report|title=1|author={author.start}-{author.end}|author_kind={author.kind}|author_key={author_key}" \
              f"|genre={_document_genre(head, rules)}" + ("|author_antecedent=1" if "|antecedent=1" in author.key else "")
        # the topic may be written two ways (groups topic, topic_quoted …): the one that matched
        topic = next((name for name, value in (after.groupdict() if after else {}).items()
                      if name.startswith("topic") and value), None)
        if topic:
            key += f"|topic={author.end + after.start(topic)}-{author.end + after.end(topic)}"
        out.append(Candidate(start, end, "authored", key, "title.authored"))
    return out


def _document_genre(head: str, rules: dict) -> str:
    """What kind of document a title's document word names, in English whatever the language (``工作 文件`` and
    ``Working paper`` are both ``working paper``): that of the longest of the rules' ``genres`` the word ends with."""
    genres = rules["authored_titles"]["genres"]
    word = name_of(head, rules["match_on"] == "compact").lower()
    ending = max((g for g in genres if word.endswith(g)), key=len, default=None)
    return genres[ending] if ending is not None else word


def _national_branch_candidates(tokens: list[_Token], view: _View, known: list[Candidate], rules: dict,
                                ontology: Ontology) -> list[Candidate]:
    """A company named with a country right before or after it (``印度 可口可乐``, ``Coca-Cola India``) is its national
    company, a name of its own."""
    spec = rules["national_branches"]
    found = sorted(known, key=lambda c: c.start)
    out = []
    for left, right in zip(found, found[1:]):
        company, place = (right, left) if spec["place"] == "before" else (left, right)
        cls = ontology.entities[company.key].type if company.kind == "gazetteer" else None
        if cls in spec["classes"] and place.key in ontology.places and not view.source[left.end:right.start].strip():
            out.append(Candidate(left.start, right.end, "shape", f"{cls}|branch=1", f"shape.national-branch.{cls}"))
    return out


def _national_unit_candidates(tokens: list[_Token], view: _View, known: list[Candidate], rules: dict,
                              ontology: Ontology) -> list[Candidate]:
    """A State's forces or police named by its country and the unit's word (rules' ``national_units``: ``法国 部队``,
    ``索马里 警察部队``): the State acting through them, named as written, as ``French forces`` is in English."""
    spec = rules["national_units"]
    countries = [c for c in known if c.kind == "gazetteer" and c.key in ontology.governments]
    starts = [t.start for t in tokens] if countries else []
    out = []
    for country in countries:
        k = bisect.bisect_left(starts, country.end)
        word = tokens[k] if k < len(tokens) else None
        if word is not None and word.text in spec["words"] and not view.source[country.end:word.start].strip():
            out.append(Candidate(country.start, word.end, "shape", f"{spec['class']}|unit={word.text}",
                                 f"shape.national-unit.{spec['class']}"))
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


def name_of(text: str, compact_names: bool) -> str:
    """A mention's name: Chinese without the segmentation's spaces, English with single spaces."""
    return "".join(text.split()) if compact_names else " ".join(text.split())


def _learn_aliases(document: Document, per_paragraph: list[list[Candidate]],
                   rules: dict) -> dict[str, tuple[Candidate, str]]:
    """Aliases the document defines: a name followed by a short form in brackets, ``NAME ( ALIAS )``."""
    aliases: dict[str, tuple[Candidate, str]] = {}
    compact_names = rules["match_on"] == "compact"
    for paragraph, candidates in zip(document.paragraphs, per_paragraph):
        for candidate in _select(candidates):
            if candidate.kind == "topic":
                continue
            rest = paragraph.text[candidate.end:]
            for opening, closing in rules["alias_brackets"]:
                match = re.match(r"\s*" + re.escape(opening) + r"\s*([^" + re.escape(closing) + r"]{1,40}?)\s*"
                                 + re.escape(closing), rest)
                if not match:
                    continue
                alias = name_of(match.group(1), compact_names)
                name = name_of(paragraph.text[candidate.start:candidate.end], compact_names)
                if 2 <= len(alias) <= rules["alias_max_chars"] and len(alias) < len(name) \
                        and re.fullmatch(rules["alias_pattern"], alias):
                    aliases.setdefault(alias, (candidate, name))
    return aliases


def _alias_candidates(view: _View, aliases: dict[str, tuple[Candidate, str]]) -> list[Candidate]:
    """Every occurrence of a learned alias; it names what its definition named."""
    out = []
    for alias, (target, name) in aliases.items():
        if alias not in view.text:
            continue  # a long document defines many aliases; a paragraph holds few (the patterns cost more)
        if target.kind == "gazetteer":
            kind, key = "gazetteer", target.key
        else:
            kind, key = "alias", f"{target.key.split('|')[0]}|alias_of={name}"
        pattern = re.escape(alias) if view.compact else rf"(?<!\w){re.escape(alias)}(?!\w)"
        for start, end, _ in view.finditer(pattern):
            out.append(Candidate(start, end, kind, key, "alias.defined"))
    return out


_PATTERN_FINDERS = {"resolution": _resolution_candidates, "session": _session_candidates,
                    "title": _title_candidates, "topic": _topic_candidates, "body": _body_candidates,
                    "named": _named_pattern_candidates, "self_reference": _self_reference_candidates}
_SHAPE_FINDERS = {"suffix": _suffix_shape_candidates, "titlecase": _titlecase_shape_candidates,
                  "foreign_name": _foreign_name_candidates, "authored_title": _authored_title_candidates,
                  "national_branch": _national_branch_candidates, "national_unit": _national_unit_candidates}
