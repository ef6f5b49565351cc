"""Extract typed relations with their evidence from linked mentions, by the rules in
``ontology/rules/relations.<lang>.json``.

A sentence is seen as a sequence of items: words of the segmentation and linked entities. Each rule is one of
a few frames over that sequence (see the rule file); cue words come from the rule file and are matched on the
words with spaces removed, so a segmentation error (``协 作``) does not hide them. Coordinated lists
(``A 、 B 和 C``) expand to every member. A subject the sentence leaves out is the document's main organisation.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from typing import Callable, Container, Iterable, NamedTuple, Sequence

from kg.model import Document, Entity, Evidence, LinkedMention, Paragraph, Relation, Sentence
from kg.ontology import BODY_CLASSES, ORGANIZATION_CLASSES, SYMMETRIC_PREDICATES, Ontology

_MAX_CUE_WORDS = 8  # a cue is made of at most this many words of a segmentation
_ZERO_SUBJECT_FACTOR = 0.8
_ANAPHOR_FACTOR = 0.9
_JOINT_FACTOR = 0.9
_STATED_CONFIDENCE = 0.85


class _Item(NamedTuple):  # a tuple: made for every word of the corpus, a frozen dataclass costs thrice as much
    start: int
    end: int
    text: str
    entity: Entity | None = None
    anaphor: bool = False
    government: Entity | None = None  # the Government of a country, for when the country acts
    coerced: bool = False  # a country standing for its Government


@dataclass
class _Context:
    rules: dict
    main: Entity | None
    sentence: Sentence
    paragraph: Paragraph
    document: Document
    # every cue of the rules' frames that the sentence holds, with where it stands (:func:`_found_cues`): rules
    # look their cues up here, not along the sentence
    cues: dict[str, list[tuple[int, int]]]


def extract_relations(document: Document, linked: list[LinkedMention], ontology: Ontology, *,
                      main: Entity | None = None, anaphora: bool = True) -> list[Relation]:
    """All relations the document states, one per (subject, predicate, object, paragraph), sorted.

    :param document: the document.
    :param linked: its linked mentions, in document order.
    :param ontology: the loaded ontology (relation rules).
    :param main: the organisation that zero-subject sentences are about (None: leave them out).
    :param anaphora: resolve ``该 倡议`` (this initiative) to the last programme mentioned, and zero subjects.
    """
    rules = ontology.rule(f"relations.{document.language}")
    demonstratives = ontology.rule(f"mentions.{document.language}")["anaphora"]
    found: dict[tuple, Relation] = {}
    history: list[Entity] = []
    by_paragraph: dict[int, list[LinkedMention]] = {}
    for item in linked:
        by_paragraph.setdefault(item.mention.paragraph, []).append(item)
    for paragraph in document.paragraphs:
        mentions = by_paragraph.get(paragraph.number, [])
        paragraph_start = len(history)
        for sentence in paragraph.sentences:
            inside = [m for m in mentions if sentence.start <= m.mention.start and m.mention.end <= sentence.end]
            items = _items(paragraph.text, sentence, inside, rules["word_pattern"], ontology,
                           demonstratives if anaphora else None, history)
            if anaphora and "short_forms" in demonstratives:
                # only the paragraph's own names: a file of unrelated sentences has one per line
                short_forms = demonstratives["short_forms"]
                items = _resolve_references(items, history[paragraph_start:], _short_form(short_forms),
                                            short_forms["determiners"])
            context = _Context(rules, main if anaphora else None, sentence, paragraph, document,
                               _found_cues(items, _triggers(rules["rules"]).cues))
            stated = _apply_rules(items, context)
            for relation in stated + _joint_actions(stated, rules) + _stated_by_names(inside, context):
                key = _key(relation)
                if key not in found or found[key].evidence.confidence < relation.evidence.confidence:
                    found[key] = relation
            history.extend(m.entity for m in inside)
    return sorted(found.values(), key=lambda r: (r.evidence.paragraph, r.evidence.start, r.predicate,
                                                 r.subject.iri, r.object.iri))


def _stated_by_names(mentions: list[LinkedMention], context: _Context) -> list[Relation]:
    """The relations that names state (an authored title's author and topic)."""
    rule = {"id": "name.stated"}
    return [Relation(s, p, o, _evidence(context, rule, _STATED_CONFIDENCE)) for m in mentions for s, p, o in m.stated]


def _joint_actions(relations: list[Relation], rules: dict) -> list[Relation]:
    """Who works with a partner in a sentence acts with it: ``人居署 与 儿童基金会 密切 合作 ， 支持 尼泊尔 政府``, ``in
    cooperation with UNICEF, UN-Habitat supported …``: UNICEF supports the Government too. Only partnerships
    stated by the rules marked ``joint_action``, only the predicates ``joint_action_predicates`` names."""
    joint = {r["id"] for r in rules["rules"] if r.get("joint_action")}
    shared = set(rules.get("joint_action_predicates", ()))
    pairs = [(r.subject, r.object, r.evidence.confidence) for r in relations
             if r.predicate == "partners-with" and r.evidence.rule in joint]
    out = []
    for act in (r for r in relations if r.predicate in shared):
        for a, b, confidence in pairs:
            for actor, partner in ((a, b), (b, a)):
                if act.subject == actor and act.object != partner:
                    evidence = replace(act.evidence, rule=f"{act.evidence.rule}+joint",
                                       confidence=round(min(act.evidence.confidence, confidence) * _JOINT_FACTOR, 3))
                    out.append(Relation(partner, act.predicate, act.object, evidence))
    return out


def _key(relation: Relation) -> tuple:
    s, o = relation.subject.iri, relation.object.iri
    if relation.predicate in SYMMETRIC_PREDICATES and o < s:
        s, o = o, s
    return (s, relation.predicate, o, relation.evidence.paragraph)


def _items(text: str, sentence: Sentence, mentions: list[LinkedMention], word_pattern: str,
           ontology: Ontology, anaphora: dict | None, history: list[Entity]) -> list[_Item]:
    """The sentence as words and entities; ``该 倡议`` becomes the last programme mentioned before it."""
    items: list[_Item] = []
    position = sentence.start
    for linked in sorted(mentions, key=lambda m: (m.mention.start, -m.mention.end)):
        if linked.mention.start < position:  # inside a longer mention (a session covers its body's name)
            continue
        items += _words(text, position, linked.mention.start, word_pattern)
        items.append(_Item(linked.mention.start, linked.mention.end, "".join(linked.mention.text.split()),
                           linked.entity, government=ontology.government_of(linked.entity.iri)))
        position = linked.mention.end
    items += _words(text, position, sentence.end, word_pattern)
    return _resolve_references(items, history, _demonstrative(anaphora), anaphora["demonstratives"]) if anaphora \
        else items


def _words(text: str, start: int, end: int, pattern: str) -> list[_Item]:
    """The words between two mentions, in lower case (cue words are matched case-insensitively)."""
    return [_Item(start + m.start(), start + m.end(), m.group().lower()) for m in re.finditer(pattern, text[start:end])]


def _resolve_references(items: list[_Item], earlier: list[Entity],
                        refer: Callable[[list[_Item], int, list[Entity]], tuple[int, Entity] | None],
                        openers: Container[str]) -> list[_Item]:
    """Words that refer back to an entity become that entity: ``refer(items, i, seen)`` gives the end and the
    entity of a reference starting at ``i``, given the entities seen before it; only at one of the ``openers``."""
    if not any(item.entity is None and item.text in openers for item in items):
        return items  # most sentences: nothing to look up
    out: list[_Item] = []
    seen = list(earlier)
    i = 0
    while i < len(items):
        item = items[i]
        found = refer(items, i, seen) if item.entity is None and item.text in openers else None
        if found is not None:
            end, target = found
            out.append(_Item(item.start, items[end - 1].end, "".join(x.text for x in items[i:end]), target,
                             anaphor=True))
            i = end
            continue
        if item.entity is not None:
            seen.append(item.entity)
        out.append(item)
        i += 1
    return out


def _demonstrative(anaphora: dict) -> Callable[[list[_Item], int, list[Entity]], tuple[int, Entity] | None]:
    """``该 倡议`` (this initiative): the last programme mentioned."""
    def refer(items: list[_Item], i: int, seen: list[Entity]) -> tuple[int, Entity] | None:
        if items[i].text not in anaphora["demonstratives"] or i + 1 >= len(items) \
                or items[i + 1].entity is not None or items[i + 1].text not in anaphora["nouns"]:
            return None
        cls = anaphora["nouns"][items[i + 1].text]
        target = next((e for e in reversed(seen) if e.type == cls), None)
        return (i + 2, target) if target is not None else None
    return refer


def _short_form(spec: dict) -> Callable[[list[_Item], int, list[Entity]], tuple[int, Entity] | None]:
    """``the Council``: the last organisation or meeting seen whose name has that head word (``Security
    Council``); not before the words that make it a longer name (``the Council of Europe``)."""
    def refer(items: list[_Item], i: int, seen: list[Entity]) -> tuple[int, Entity] | None:
        end = _cue_at(items, i + 1, spec["heads"]) if items[i].text in spec["determiners"] else None
        if end is None or (end < len(items) and items[end].text in spec["not_before"]):
            return None
        head = " " + " ".join(x.text for x in items[i + 1:end]) + " "
        target = next((e for e in reversed(seen) if e.type in BODY_CLASSES
                       and any(head in f" {text.lower()} " for text, lang in e.labels if lang == spec["language"])),
                      None)
        return (end, target) if target is not None else None
    return refer


# ------------------------------------------------------------------ matching helpers

@dataclass(frozen=True)
class _Cues:
    """A rule's cue words without spaces and in lower case (``in cooperation with`` → ``incooperationwith``),
    so that they match the words of any segmentation; and every prefix of them, to stop looking early."""

    words: frozenset[str]
    prefixes: frozenset[str]

    @classmethod
    def of(cls, cues: Iterable[str]) -> _Cues:
        words = frozenset(cues)
        return cls(words, frozenset(w[:k] for w in words for k in range(1, len(w) + 1)))


_CUES: dict[int, tuple[list[str], _Cues]] = {}
_NO_CUES = _Cues(frozenset(), frozenset())


def _cues(cues: list[str]) -> _Cues:
    if not cues:  # a rule's missing option (``rule.get(name, [])``): a new list each time, which must not be kept
        return _NO_CUES
    cached = _CUES.get(id(cues))
    if cached is None or cached[0] is not cues:
        cached = (cues, _Cues.of("".join(cue.split()).lower() for cue in cues))
        _CUES[id(cues)] = cached
    return cached[1]


def _found_cues(items: list[_Item], cues: _Cues) -> dict[str, list[tuple[int, int]]]:
    """Each of the ``cues`` that the sentence's words make, with the (start, end) of every place it stands."""
    found: dict[str, list[tuple[int, int]]] = {}
    for i, item in enumerate(items):
        if not (_is_word(item) and item.text.lower() in cues.prefixes):
            continue  # most words start no cue
        joined = ""
        for j in range(i, min(len(items), i + _MAX_CUE_WORDS)):
            if not _is_word(items[j]):
                break
            joined += items[j].text.lower()
            if joined in cues.words:
                found.setdefault(joined, []).append((i, j + 1))
            if joined not in cues.prefixes:
                break
    return found


def _cue_positions(cue_list: list[str], found: dict[str, list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """(start, end) of every cue of the list in the sentence, the longest where several start at one word;
    ``found``: the sentence's cues (:func:`_found_cues`)."""
    ends: dict[int, int] = {}
    for word in _cues(cue_list).words.intersection(found):
        for start, end in found[word]:
            ends[start] = max(end, ends.get(start, end))
    return sorted(ends.items())


def _is_word(item: _Item) -> bool:
    """A plain word, or a topic that a longer cue may hold (``主管 并 获得 它们 的 支持``: 主管 is also a topic)."""
    return item.entity is None or item.entity.type == "Topic"


def _cue_at(items: list[_Item], i: int, cue_list: list[str]) -> int | None:
    """End index of the longest cue made of the words starting at ``i``, if any."""
    return _longest_cue(items, i, _cues(cue_list))


def _longest_cue(items: list[_Item], i: int, cues: _Cues) -> int | None:
    best = None
    joined = ""
    for j, item in enumerate(items[i:i + _MAX_CUE_WORDS], i + 1):
        if not _is_word(item):
            break
        joined += item.text.lower()
        if joined in cues.words:
            best = j
        if joined not in cues.prefixes:
            break
    return best


def _fit(members: list[_Item], classes: list[str]) -> list[_Item]:
    """The members that can fill a slot of these classes. A country fills an organisation's slot as its
    Government ("Norway supported …", "Syria calls on the Security Council …") where the rule lets it
    (its ``countries`` names the sides: see :func:`_emit`)."""
    return [member if _allowed(member.entity, classes)
            else member._replace(entity=member.government, government=None, coerced=True)
            for member in members if _fits(member, classes)]


def _fits(member: _Item, classes: list[str]) -> bool:
    """Whether the member can fill a slot of these classes, itself or as its Government (see :func:`_fit`)."""
    return _allowed(member.entity, classes) or (member.government is not None and _allowed(member.government, classes))


def _allowed(entity: Entity, classes: list[str]) -> bool:
    return entity.type in classes or ("ORG" in classes and entity.type in ORGANIZATION_CLASSES)


def _is_break(item: _Item, rules: dict) -> bool:
    return item.entity is None and item.text in rules["clause_breaks"]


def _list_forward(items: list[_Item], i: int, rules: dict, classes: list[str]) -> tuple[list[_Item], int]:
    """The coordinated list of entities starting at ``i``: (members of the wanted classes, index after it)."""
    members: list[_Item] = []
    j = i
    expecting = True
    closing = set(rules.get("last_connectors", ()))
    closed = False  # "A, B and C, D …": the member after "and" ends the list
    continuers = rules.get("list_continuers", [])
    continued = False
    modified = False  # a listed name left the list as the modifier of the next word; the list goes on
    while j < len(items):
        item = items[j]
        more = _cue_at(items, j + (item.text == ","), continuers) if continuers and members and item.entity is None \
            else None
        if more is not None:  # "A, B and C, as well as D and E": the list goes on
            j, expecting, closed, continued = more, True, False, True
            continue
        examples = _cue_at(items, j + 1, rules["list_examples"]) \
            if item.text in rules.get("list_example_heads", ()) and members and not expecting else None
        if examples is not None:  # "United Nations agencies such as FAO and IFAD": the examples, not the kind
            members.pop()
            j, expecting, closed = examples, True, False
            continue
        if item.entity is not None:
            if not expecting and members and (members[-1].entity.type == "Place" or (
                    item.entity.type in rules.get("issued_classes", ()) and items[j - 1] is members[-1])):
                # "尼日利亚 阿布贾": the more specific place; "非洲 联合国 水机制": a modifier; "安全 理事会 第 1267 ( 1999 )
                # 号 决议": the body issued what follows, it is not listed
                members[-1] = item
            elif not expecting and not (members and item.entity == members[-1].entity):
                break
            elif not members or item.entity != members[-1].entity:
                members.append(item)
            expecting = False
        elif item.text in rules["connectors"] and (members or modified):
            if closed and not expecting:
                break
            closed = closed or item.text in closing
            expecting = True
        elif item.text in rules["open_brackets"] and members:
            expecting = True
        elif item.text in rules["close_brackets"] and members:
            pass
        elif item.text in rules.get("modified_heads", ()) and members and not expecting and items[j - 1] is members[-1]:
            members.pop()  # "联合国 会员国", "联合国 其他 机构": the name says whose, it is not in the list
            modified = True
        elif item.text in rules["list_fillers"]:
            pass
        else:
            break
        j += 1
    while j > i and items[j - 1].entity is None and items[j - 1].text in rules["connectors"]:
        j -= 1
    if closing and not closed and not continued:
        # "With the support of X, Y implemented …": without a closing "and", a comma ends the list.
        members, j = members[:1], (next((k for k in range(i, j) if items[k] is members[0]), i) + 1 if members else j)
    return _fit(members, classes), j


def _joins_words(items: list[_Item], j: int, rules: dict) -> bool:
    """A connector between two plain words (``in regular and close cooperation with``), not between names."""
    return 0 < j < len(items) - 1 and all(
        items[k].entity is None and items[k].text not in rules["connectors"] and not _is_break(items[k], rules)
        for k in (j - 1, j + 1))


def _list_backward(items: list[_Item], i: int, rules: dict, classes: list[str], skip: int, *,
                   past_prepositions: bool = True) -> list[_Item]:
    """The coordinated list of entities ending before ``i``, after skipping up to ``skip`` adverbs; with
    ``past_prepositions``, a list that a preposition governs is passed over for the subject before it."""
    j = i - 1
    skipped = 0
    dates = re.compile(rules.get("date_word_pattern", "(?!)"))
    locatives = rules.get("locative_prepositions", ())
    while j >= 0:
        frame = _adverbial_before(items, j + 1, rules)
        if frame is not None:  # "安理会 在 其 第 2164 号 决议 中 ， 要求 …": the resolution says where, not who
            j = frame - 1
            continue
        if items[j].entity is not None:
            if items[j].entity.type != "Place" or j == 0 or items[j - 1].text not in locatives \
                    or items[j - 1].entity is not None:
                break
            j -= 2  # "人居署 在 肯尼亚 开展 …": the place after 在 says where, not who
            continue
        if dates.fullmatch(items[j].text):  # "大会 1994 年 12 月 9 日 通过": dates do not separate a subject
            j -= 1
            continue
        if items[j].text in rules["subject_skip_words"] or (skipped < skip and not _is_break(items[j], rules)
                                                             and (items[j].text not in rules["connectors"]
                                                                  or _joins_words(items, j, rules))):
            skipped += 1
            if skipped > skip + 2:
                return []
            j -= 1
        else:
            return []
    if j < 0:
        return []
    members = [items[j]]
    k = j - 1
    closing = set(rules.get("last_connectors", ()))
    while k >= 1:
        if items[k].entity is None and items[k].text in rules["list_fillers"]:
            k -= 1
        elif items[k].entity is None and items[k].text in rules["connectors"] \
                and items[k].text not in rules["prepositions"] \
                and not (closing and len(members) == 1 and items[k].text not in closing):
            # ("X, Y launched": without "and" before the last member, X is not part of the list)
            f = k - 1
            # "世界 卫生 组织 ( 卫生 组织 ) 和 …": a member may end with its short name in brackets
            while f >= 1 and items[f].entity is None \
                    and (items[f].text in rules["list_fillers"] or items[f].text in rules["close_brackets"]):
                f -= 1
            if items[f].entity is None:
                break
            members.append(items[f])
            k = f - 1
        elif items[k].entity is None and items[k].text in rules["open_brackets"] + rules["close_brackets"]:
            k -= 1
        elif items[k].entity is not None and items[k].entity == members[-1].entity:
            k -= 1
        else:
            break
    while k >= 0 and items[k].entity is None and items[k].text in rules["list_fillers"]:
        k -= 1
    if past_prepositions and k >= 0 and items[k].entity is None and items[k].text in rules["prepositions"]:
        # "UN-Habitat, in cooperation with UNEP, launched …": UNEP is the object of "with"; the subject is before.
        return _list_backward(items, k, rules, classes, skip)
    return _fit(list(reversed(members)), classes)


def _adverbial_before(items: list[_Item], end: int, rules: dict) -> int | None:
    """Where an adverbial that ends right before ``end`` starts, if one does: a name of the classes of one of the
    rules' ``adverbial_frames`` between its words (``在 其 第 2164 ( 2014 ) 号 决议 中 ，``, ``in its resolution
    2164 (2014),``), with a clause break or comma after it or not."""
    k = end - 1
    if k >= 0 and items[k].entity is None and (_is_break(items[k], rules) or items[k].text == ","):
        k -= 1
    for frame in rules.get("adverbial_frames", ()):
        close = k
        while close >= 0 and items[close].entity is None and items[close].text in frame["after"]:
            close -= 1
        if close < 1 or items[close].entity is None or items[close].entity.type not in frame["classes"] \
                or (frame["after"] and close == k):
            continue
        opened = ""
        for start in range(close - 1, max(close - 4, -1), -1):
            if items[start].entity is not None:
                break
            opened = items[start].text.lower() + opened
            if opened in frame["before"]:
                return start
    return None


def _evidence(context: _Context, rule: dict, confidence: float) -> Evidence:
    return Evidence(context.document.id, context.paragraph.number, context.sentence.text, context.sentence.start,
                    context.sentence.end, rule["id"], round(confidence, 3))


def _emit(rule: dict, subjects: list[_Item], objects: list[_Item], context: _Context,
          confidence: float, *, respectively: bool = False) -> list[Relation]:
    """The relations between every subject and every object, or, ``respectively``, between each subject and the
    object in the same place in its list (``分别 与 A 和 B 一起 编写 X 以及 Y``)."""
    out = []
    sides = rule.get("countries", ())
    subjects = [s for s in subjects if not s.coerced or "subject" in sides]
    objects = [o for o in objects if not o.coerced or "object" in sides]
    paired = respectively and len(subjects) > 1 and len(objects) > 1  # one on a side goes with all on the other
    for s, o in zip(subjects, objects) if paired else itertools.product(subjects, objects):
        a, b = (o, s) if rule.get("reverse") else (s, o)
        if a.entity == b.entity:
            continue
        factor = _ANAPHOR_FACTOR if (a.anaphor or b.anaphor) else 1.0
        out.append(Relation(a.entity, rule["predicate"], b.entity,
                            _evidence(context, rule, confidence * factor)))
    return out


def _zero_subject(context: _Context, classes: list[str], position: int, items: list[_Item],
                  nearest: Sequence[str] = ()) -> list[_Item]:
    """The subject a clause leaves out: the nearest earlier entity of the ``nearest`` classes (``… 的 项目 ， 由 X
    提供 资金``: the project is funded), else the entity that opens the sentence, else the document's main
    organisation."""
    earlier = next((item for item in reversed(items) if item.start < position and item.entity is not None
                    and item.entity.type in nearest), None)
    if earlier is not None:
        return [_Item(earlier.start, earlier.end, earlier.text, earlier.entity, anaphor=True)]
    opening = _opening(items, context.rules)
    if opening is not None and opening.entity is not None and opening.start < position \
            and _allowed(opening.entity, classes):
        return [_Item(opening.start, opening.end, opening.text, opening.entity, anaphor=True)]
    if context.main is not None and _allowed(context.main, classes):
        return [_Item(position, position, "", context.main, anaphor=True)]
    return []


def _opening(items: list[_Item], rules: dict) -> _Item | None:
    """The first word of the sentence after its paragraph number (``7 . 特使 …``, ``25.14 难民署 …``)."""
    number = re.compile(rules.get("item_number_pattern", "(?!)"))
    return next((item for item in items if not number.fullmatch(item.text)), None)


# ------------------------------------------------------------------ frames

def _apply_rules(items: list[_Item], context: _Context) -> list[Relation]:
    rules = context.rules["rules"]
    rules_of = _triggers(rules).rules_of
    # a rule none of whose cues the sentence holds finds nothing in it
    tried = set().union(*(rules_of[cue] for cue in context.cues))
    out: list[Relation] = []
    for k, rule in enumerate(rules):
        if rule["frame"] not in _CUE_FIELDS or k in tried:
            out += _FRAMES[rule["frame"]](rule, items, context)
        if "verb_in_name" in rule:  # the cue is in a name, whether or not it is among the words too
            out += _named_by_their_cue(rule, items, context)
    return out


class _Triggers(NamedTuple):
    """The cues of the rules' frames: for each, the rules (by index in ``rules``) it is a cue of; and all of them
    as one :class:`_Cues`, to find them in a sentence at once (:func:`_found_cues`)."""

    rules_of: dict[str, frozenset[int]]
    cues: _Cues


_TRIGGERS: dict[int, tuple[list[dict], _Triggers]] = {}


def _triggers(rules: list[dict]) -> _Triggers:
    cached = _TRIGGERS.get(id(rules))
    if cached is None or cached[0] is not rules:
        index: dict[str, set[int]] = {}
        for k, rule in enumerate(rules):
            if rule["frame"] in _CUE_FIELDS:
                for word in _cues(rule[_CUE_FIELDS[rule["frame"]]]).words:
                    index.setdefault(word, set()).add(k)
        cached = (rules, _Triggers({word: frozenset(ks) for word, ks in index.items()}, _Cues.of(index)))
        _TRIGGERS[id(rules)] = cached
    return cached[1]


def _past_modifier(items: list[_Item], i: int, rules: dict) -> int:
    """Where the name starts after a modifier clause (``为 [2008年 在 阿布贾 举行 的] 部长会议 提供 支持``): the
    index after the rules' ``modifier_particle`` when a named entity follows it, else ``i``."""
    particle = rules.get("modifier_particle")
    for j in range(i, min(len(items) - 1, i + rules.get("max_modifier_words", 0))):
        if _is_break(items[j], rules) or (items[j].entity is not None
                                          and items[j].entity.type not in ("Place", "Topic")):
            break
        if items[j].entity is None and items[j].text == particle and items[j + 1].entity is not None:
            return j + 1
    return i


def _with_modified_heads(rules: dict, rule: dict) -> dict:
    """The language's rules with the rule's own ``modified_heads`` added (``与 安全理事会 成员 合作``, ``要求 安全 理事会
    成员``: the Council's members, though 成员 closes member-of cues)."""
    if "modified_heads" not in rule:
        return rules
    return {**rules, "modified_heads": [*rules.get("modified_heads", ()), *rule["modified_heads"]]}


def _frame_prep(rule: dict, items: list[_Item], context: _Context) -> list[Relation]:
    rules, out = _with_modified_heads(context.rules, rule), []
    for i, prep_end in _cue_positions(rule["prep"], context.cues):
        role = "subject" if rule.get("object_after_verb") else "object"
        listed, k = _list_forward(items, prep_end, rules, rule[role])
        if not any(not m.coerced or role in rule.get("countries", ()) for m in listed):
            # "向 加纳 、 肯尼亚 的 妇女 信托社 提供 援助": countries that cannot be the object modify the name after them
            listed, k = _list_forward(items, _past_modifier(items, prep_end, rules), rules, rule[role])
        if not listed:
            continue
        # "根据 第21/10 号 决议 ， 人居署 …": the cue follows the last member that fits (or its short name in
        # brackets), not the names after it
        starts, iris = {m.start for m in listed}, {m.entity.iri for m in listed}
        k = 1 + max(m for m in range(prep_end, k) if items[m].start in starts
                    or (items[m].entity is not None and items[m].entity.iri in iris))
        verb_end = None
        for m in range(k, min(len(items), k + rule["max_gap"] + 1)):
            verb_end = _cue_at(items, m, rule["verb"])
            if verb_end is not None or (_is_break(items[m], rules) and items[m].text not in _cues(rule["verb"]).words):
                break
        if verb_end is None or _informs(items, m, listed, rule, rules):
            continue
        if verb_end < len(items) and items[verb_end].text in rule.get("not_followed_by", ()):
            continue  # "由 联合王国 管理 的 领土": a relative clause, read by the rule whose cue holds 的
        if k < m - 1 and items[k].text == rules.get("modifier_particle") and not rule.get("owner_counts"):
            continue  # "与 可持续 发展 网络 的 水事 支柱 合作": the partner is the network's pillar, not the network
        confidence = rule["confidence"]
        if rule.get("object_after_verb"):
            start = verb_end
            while start < len(items) and start - verb_end < rule.get("max_gap_after", 0) \
                    and items[start].entity is None and not _is_break(items[start], rules):
                start += 1  # "implementation by DPI of the ongoing … Programme"
            objects, _ = _list_forward(items, start, rules, rule["object"])
            out += _emit(rule, listed, objects, context, confidence)
            continue
        side = rule.get("subject_side", "before")
        before = _list_backward(items, i, rules, rule["subject"], skip=3)
        after = _list_forward(items, _skip_words(items, verb_end, rules), rules, rule["subject"])[0]
        if side == "after":
            subjects = after
        elif side == "after_or_before":
            subjects = after or before
        elif side == "before_or_after":
            # "委员会 将 在 执行局 的 协助 下 ， 继续 与 …": with ``clause_initial_after`` a cue inside its clause has its
            # subject before it, named or not
            opens = i == 0 or _is_break(items[i - 1], rules)
            subjects = before or (after if opens or not rule.get("clause_initial_after") else [])
        else:
            subjects = before
        if not subjects and side != "after" and rule.get("zero_subject"):
            subjects = _zero_subject(context, rule["subject"], items[i].start, items,
                                     rule.get("zero_subject_nearest", ()))
            confidence *= _ZERO_SUBJECT_FACTOR
        if subjects and _asked_to_act(items, subjects, i, rule.get("not_after", ())):
            continue
        respectively = i > 0 and items[i - 1].text in rules.get("respectively", ())
        out += _emit(rule, subjects, listed, context, confidence, respectively=respectively)
    return out


def _informs(items: list[_Item], verb: int, listed: list[_Item], rule: dict, rules: dict) -> bool:
    """What the cue at ``verb`` gives organisations is information, not support: a word of the rule's
    ``provided_excludes`` ends a word of the cue's clause from the cue on (``向 安全 理事会 提供 关于 … 的 资料``). Given
    to a report, information is its input (``为 《 世界 发展 报告 》 提供 资料``)."""
    excluded = tuple(rule.get("provided_excludes", ()))
    if not excluded or not all(m.entity.type in ORGANIZATION_CLASSES for m in listed):
        return False
    for item in items[verb:]:
        if _is_break(item, rules):
            return False
        if item.entity is None and item.text.endswith(excluded):
            return True
    return False


def _skip_words(items: list[_Item], i: int, rules: dict) -> int:
    """Step over a few words (``下 ，``, ``的``, a topic) to the next named entity of the clause."""
    j = i
    while j < len(items) and j - i < 3 and (items[j].entity is None or items[j].entity.type == "Topic") \
            and items[j].text not in rules["sentence_ends"]:
        j += 1
    return j


def _asked_to_act(items: list[_Item], subjects: list[_Item], i: int, words: list[str]) -> bool:
    """One of ``words`` right before the subject or between it and the cue at ``i``: the subject is asked or
    decides to act, it does not act (``建议 大会 于 2016 年 召开 …``, ``理事会 建议 … 召开``)."""
    first = min(subject.start for subject in subjects)
    before = [k for k in range(i) if items[k].start < first]
    return any(items[k].text in words for k in range(before[-1] if before else 0, i))


def _frame_svo(rule: dict, items: list[_Item], context: _Context) -> list[Relation]:
    rules, out = _with_modified_heads(context.rules, rule), []
    for i, verb_end in _cue_positions(rule["verb"], context.cues):
        if verb_end < len(items) and items[verb_end].text in rule.get("not_followed_by", ()):
            continue
        confidence = rule["confidence"]
        # a participle ("…, adopted by") qualifies the name before it even when a preposition governs that name
        subjects = _list_backward(items, i, rules, rule["subject"], skip=rule["max_gap_before"],
                                  past_prepositions=not rule.get("participle"))
        if len(subjects) < rule.get("min_subjects", 1):
            subjects = []
        if subjects and _asked_to_act(items, subjects, i, rule.get("not_after", ())):
            continue
        if not subjects and rule.get("zero_subject"):
            subjects = _zero_subject(context, rule["subject"], items[i].start, items,
                                     rule.get("zero_subject_nearest", ()))
            confidence *= _ZERO_SUBJECT_FACTOR
        start = _object_start(items, verb_end, rule, rules, over_topics=False)
        if "gap_requires" in rule and not any(items[k].text in rule["gap_requires"] for k in range(verb_end, start)):
            continue  # "provided assistance to X", not "provided X"
        if any(items[k].text in rule.get("gap_excludes", ()) for k in range(verb_end, start)):
            continue  # "provided support to X", not "provided information to X"
        objects, after_objects = _list_forward(items, start, rules, rule["object"])
        if not objects and "Topic" not in rule["object"]:  # "通过 了 关于 气候 变化 的 第63/221 号 决议"
            start = _object_start(items, verb_end, rule, rules, over_topics=True)
            objects, after_objects = _list_forward(items, start, rules, rule["object"])
        first = next((k for k in range(start, len(items)) if objects and items[k].start == objects[0].start), None)
        if first is not None and _members_meant(items, verb_end, first, rules):
            objects = objects[1:]
        if not objects and rule.get("objects_enumerated"):
            objects = _enumerated(items, verb_end, rule["object"], rules)
        if not subjects and objects and rule.get("subject_after") and _opens_clause(items, i, rules):
            # "In cooperation with UNEP, UN-Habitat launched …": the subject follows the cue's object.
            subjects = _list_forward(items, _skip_words(items, _past_coordinated_opener(items, after_objects, rules),
                                                        rules), rules, rule["subject"])[0]
        elif not subjects and objects and rule.get("subjects_enumerated"):
            # "two resolutions on sustainable urbanization: resolution 22/1 …; and resolution 22/3 …"
            subjects = _enumerated(items, after_objects, rule["subject"], rules)
        elif not subjects and objects and after_objects < len(items) \
                and items[after_objects].text in rule.get("subjects_listed_after", ()):
            # "appointed as members of the Credentials Committee: Bulgaria, Chile and Croatia"
            subjects = _list_forward(items, after_objects + 1, rules, rule["subject"])[0]
        if objects and subjects and items[i].text in rules["open_brackets"] \
                and objects[0].entity == subjects[-1].entity:
            continue  # "南部非洲 发展 共同体 ( 南共体 )": the brackets hold an alias, not a group
        if "object_followed_by" in rule and _cue_at(items, after_objects, rule["object_followed_by"]) is None:
            continue  # "成为 X 成员": X only with the word that closes the cue
        if _cue_at(items, after_objects, rule.get("object_not_followed_by", [])) is not None:
            continue  # "参加 X 主体 会议": X's meeting, not X
        if "object_suffixes" in rule:
            objects = [o for o in objects if any(o.text.endswith(s) for s in rule["object_suffixes"])
                       or (o.entity.known and o.entity.type == "UNEntity")]
        out += _emit(rule, subjects, objects, context, confidence)
    return out


def _members_meant(items: list[_Item], verb_end: int, first: int, rules: dict) -> bool:
    """Whether the words right before the cue's first object say that the body's members are meant, not the body
    (rules' ``members_before``: ``work with the members of the Security Council``, ``calls upon States Members of
    the United Nations``), as ``联合国 会员国`` says it in Chinese (``modified_heads``)."""
    phrases = _cues(rules.get("members_before", []))
    joined = ""
    for k in range(first - 1, verb_end - 1, -1):
        if items[k].entity is not None:
            break
        if not joined and items[k].text in rules["list_fillers"]:
            continue  # "members of the Security Council"
        joined = items[k].text.lower() + joined
        if joined in phrases.words:
            return True
        if joined not in {w[-len(joined):] for w in phrases.words}:
            break
    return False


def _named_by_their_cue(rule: dict, items: list[_Item], context: _Context) -> list[Relation]:
    """Objects named with the cue in their name (``就 … 问题 举行 专家组 会议``, rules' ``verb_in_name``): the
    subject before the name, or the left-out one, does what the name says."""
    pattern = rule.get("verb_in_name")
    out: list[Relation] = []
    if pattern is None:
        return out
    for i, item in enumerate(items):
        if item.entity is None or not _fit([item], rule["object"]) or not re.search(pattern, item.text):
            continue
        # a clause of its own (", 就 … 举行 会议"): its subject is the sentence's, named or left out
        subjects = _list_backward(items, i, context.rules, rule["subject"], skip=rule["max_gap_before"]) \
            or _zero_subject(context, rule["subject"], item.start, items, rule.get("zero_subject_nearest", ()))
        if subjects and not _asked_to_act(items, subjects, i, rule.get("not_after", ())):
            out += _emit(rule, subjects, _fit([item], rule["object"]), context, rule["confidence"])
    return out


def _enumerated(items: list[_Item], start: int, classes: list[str], rules: dict) -> list[_Item]:
    """The names a colon lists within the rules' ``enumeration`` gap after ``start``, one to an item between
    semicolons (``通过 两 项 决议 ： 第22/1 号 决议 ， 其中 … ； 以及 关于 … 的 第22/3 号 决议``): the first name of these
    classes in each item."""
    spec = rules.get("enumeration")
    if not spec:
        return []
    colon = next((k for k in range(start, min(len(items), start + spec["max_gap"] + 1))
                  if items[k].entity is None and (items[k].text in spec["open"] or _is_break(items[k], rules))), None)
    if colon is None or items[colon].text not in spec["open"]:
        return []
    listed: list[_Item] = []
    k = colon + 1
    while k < len(items):
        item_end = next((m for m in range(k, len(items)) if items[m].entity is None
                         and items[m].text in spec["separators"]), len(items))
        for m in range(k, min(item_end, k + spec["max_words"] + 1)):
            fit = _fit([items[m]], classes) if items[m].entity is not None else []
            if fit:
                listed += fit
                break
        k = item_end + 1
    return listed


def _object_start(items: list[_Item], verb_end: int, rule: dict, rules: dict, *, over_topics: bool) -> int:
    """Where the object of a cue starts: the next named entity within the rule's ``max_gap_after`` words (or
    topics too, when ``over_topics``), in the cue's clause unless the rule's list may follow a break."""
    start = verb_end
    while start < len(items) and (items[start].entity is None or over_topics and _is_word(items[start])) \
            and start - verb_end < rule["max_gap_after"] \
            and (rule.get("list_after") or not _is_break(items[start], rules)):
        start += 1
    if rule.get("past_nominals") and start < len(items) and items[start].entity is None:
        # "supported the development and dissemination of the Guidance Note": what is done to the object does not
        # part it from its cue (rules' object_nominal_phrase)
        end = next((k for k in range(start, len(items)) if items[k].entity is not None or _is_break(items[k], rules)),
                   len(items))
        if end < len(items) and items[end].entity is not None and re.fullmatch(
                rules["object_nominal_phrase"], " ".join(item.text for item in items[verb_end:end]), re.IGNORECASE):
            return end
    return start


def _opens_clause(items: list[_Item], i: int, rules: dict) -> bool:
    """Whether the cue at ``i`` opens its clause (``In cooperation with UNEP, …``), not continues one (``will
    continue its close cooperation with …``): only numbers and punctuation stand before it since the last break,
    or it is the second of two openers joined by "and" (``With the support of France and in cooperation with
    UCLG, …``)."""
    for k in range(i - 1, -1, -1):
        item = items[k]
        if item.entity is None and (_is_break(item, rules) or item.text == ","):
            return True
        if k == i - 1 and item.text in rules.get("last_connectors", ()) and _opener_before(items, k, rules):
            return True
        if item.entity is not None or any(ch.isalpha() for ch in item.text):
            return False
    return True


def _opener_before(items: list[_Item], k: int, rules: dict) -> bool:
    """Whether the clause before ``k`` begins with one of the rules' ``coordinated_openers`` (``With …``, ``In …``)."""
    start = next((m + 1 for m in range(k - 1, -1, -1)
                  if items[m].entity is None and (_is_break(items[m], rules) or items[m].text == ",")), 0)
    while start < k and _is_number_or_punct(items[start]):
        start += 1
    return start < k and items[start].text in rules.get("coordinated_openers", ())


def _is_number_or_punct(item: _Item) -> bool:
    return item.entity is None and not any(ch.isalpha() for ch in item.text)


def _past_coordinated_opener(items: list[_Item], j: int, rules: dict) -> int:
    """Where the subject after an opener's object may start: past a second opener joined by "and" (``With the
    support of France and in close cooperation with UCLG, UN-Habitat …``), at the comma that ends it."""
    if j + 1 < len(items) and items[j].text in rules.get("last_connectors", ()) \
            and items[j + 1].text in rules.get("coordinated_openers", ()):
        for m in range(j + 1, len(items)):
            if items[m].entity is None and items[m].text == ",":
                return m
            if _is_break(items[m], rules):
                break
    return j


def _frame_group(rule: dict, items: list[_Item], context: _Context) -> list[Relation]:
    rules, out = context.rules, []
    for i, cue_end in _cue_positions(rule["verb"], context.cues):
        if rule.get("members_after"):
            # "cooperation between UNDP and UNEP", "jointly organized by A, B and C"
            members = _list_forward(items, _skip_words(items, cue_end, rules), rules, rule["object"])[0]
            for a, b in itertools.combinations(members, 2):
                out += _emit(rule, [a], [b], context, rule["confidence"])
            continue
        j = i
        while j > 0 and i - j < rule["max_gap"] \
                and (items[j - 1].entity is None or items[j - 1].entity.type == "Place") \
                and items[j - 1].text not in rules["connectors"] and not _is_break(items[j - 1], rules) \
                and items[j - 1].text not in rules["prepositions"]:
            j -= 1
        members = _list_backward(items, j, rules, rule["object"], skip=0)
        if len(members) < 2:
            continue
        first = items.index(members[0])
        # the list's own phrase: back to the clause break, or to a comma (", and encourages A and B to cooperate")
        opening = next((k for k in range(first - 1, -1, -1)
                        if _is_break(items[k], rules) or (items[k].entity is None and items[k].text == ",")), -1)
        if any(items[k].text in rules["prepositions"] for k in range(opening + 1, first)):
            continue  # "与 A 、 B 合作": A and B are the partners of someone else, not of each other
        if "separators" in rule and not any(items[k].text in rule["separators"] for k in range(len(items))):
            continue
        for a, b in itertools.combinations(members, 2):
            out += _emit(rule, [a], [b], context, rule["confidence"])
    return out


def _frame_adjacent(rule: dict, items: list[_Item], context: _Context) -> list[Relation]:
    """A directly followed by B, or with only the rule's ``gap_words`` between (``resolution 68/1 of the
    General Assembly``)."""
    out = []
    gap = set(rule.get("gap_words", ()))
    # names that begin other names without owning them ("the United Nations Convention on the Law of the Sea")
    prefixes = {"".join(name.split()).lower() for name in rule.get("not_subject_names", ())}
    dates = re.compile(context.rules.get("date_word_pattern", "(?!)"))
    entities = [k for k, item in enumerate(items) if item.entity is not None]
    # (A, B, whether an about-phrase stands between them)
    pairs = [(i, j, False) for i, j in zip(entities, entities[1:])]
    if rule.get("gap_about_phrase"):
        pairs += [(i, j, True) for i in entities if (j := _past_about_phrase(items, i, context.rules)) is not None]
    for i, j, about in pairs:
        a, b = items[i], items[j]
        if a.anaphor or not (_fits(a, rule["subject"]) and _fits(b, rule["object"])):
            continue  # the cheap tests first: most pairs of names are not of the rule's classes
        if rule.get("gap_required") and j == i + 1:
            continue  # "UNHCR's project", not "UNICEF project"
        if a.text.lower() in prefixes and j == i + 1:
            continue
        if rule.get("gap_requires_date") and not any(dates.fullmatch(items[k].text) for k in range(i + 1, j)):
            continue  # "2009 年 实质性 会议 2009 年 7 月 6 日 至 31 日 ， 日内瓦", a first page's session and place
        if about or all(items[k].text in gap or dates.fullmatch(items[k].text) for k in range(i + 1, j)):
            out += _emit(rule, _fit([a], rule["subject"]), _fit([b], rule["object"]), context, rule["confidence"])
    return out


def _past_about_phrase(items: list[_Item], i: int, rules: dict) -> int | None:
    """The entity right after an about-phrase that follows item ``i`` (``安全 理事会 关于 南 苏丹 的 第 2206 号 决议``:
    the resolution): a modifier clause (:func:`_past_modifier`) opened by one of the rules' ``about_openers``."""
    if i + 1 >= len(items) or items[i + 1].text not in rules["about_openers"]:
        return None
    after = _past_modifier(items, i + 2, rules)
    return after if after > i + 2 else None


def _frame_about(rule: dict, items: list[_Item], context: _Context) -> list[Relation]:
    """TOPIC 的 ENTITY; with ``topic_after``, only a topic that one of its cues introduces, at most
    ``max_gap_before`` words before it in the same clause (``关于 战俘 待遇 的 《 日内瓦 第三 公约 》``, not ``寻求 庇护 者
    的 《 公约 》 权利``: 的 also makes possessives)."""
    out = []
    for i, item in enumerate(items):
        if item.entity is None or not _allowed(item.entity, rule["object"]):
            continue
        if "topic_after" in rule and not _introduced(items, i, rule):
            continue
        for j in range(i + 1, min(len(items), i + 2 + rule["max_gap"])):
            if items[j].entity is not None and _allowed(items[j].entity, rule["subject"]):
                if any(items[k].text == context.rules["about_particle"] for k in range(i + 1, j)):
                    out += _emit(rule, [items[j]], [item], context, rule["confidence"])
                break
            if _is_break(items[j], context.rules):
                if rule.get("subjects_enumerated") and items[i + 1].text == context.rules["about_particle"]:
                    # "两 项 关于 可持续 城市化 的 决议 ： 第22/1 号 决议 … ； 以及 … 第22/3 号 决议"
                    enumerated = _enumerated(items, i + 1, rule["subject"], context.rules)
                    out += _emit(rule, enumerated, [item], context, rule["confidence"])
                break
    return out


def _introduced(items: list[_Item], i: int, rule: dict) -> bool:
    """Whether one of the rule's ``topic_after`` cues ends at most ``max_gap_before`` words before item ``i``,
    with no other entity than a topic between."""
    cues = _cues(rule["topic_after"]).words
    for k in range(i - 1, max(-1, i - 2 - rule["max_gap_before"]), -1):
        if items[k].entity is not None and items[k].entity.type != "Topic":
            return False
        if items[k].text.lower() in cues:
            return True
    return False


# the field of each frame whose cues a rule of it is looked for at (see :func:`_apply_rules`)
_CUE_FIELDS = {"prep": "prep", "svo": "verb", "group": "verb"}
_FRAMES = {"prep": _frame_prep, "svo": _frame_svo, "group": _frame_group, "adjacent": _frame_adjacent,
           "about": _frame_about}
