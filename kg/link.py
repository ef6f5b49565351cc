"""Link mentions to canonical entities: the gazetteer's, UNBIS topics, or entities minted from the name.

Minted IRIs depend only on the entity's class and normalised name (or, for resolutions and sessions, on the
issuing body and the number), never on which file or run produced them.
"""
from __future__ import annotations

import re
from collections import Counter
from urllib.parse import quote

from kg.model import Document, Entity, LinkedMention, Mention
from kg.numbers import chinese_number, english_ordinal
from kg.ontology import ENTITY_BASE, ORGANIZATION_CLASSES, Ontology, normalize_label



def _gap(characters: list[str]) -> str:
    """A regex for a stretch of whitespace and the given characters only."""
    return r"[\s" + "".join(re.escape(c) for c in characters) + r"]*"


def _bracket_gap(rules: dict) -> re.Pattern:
    """Only spaces and brackets between a body and its resolution or session (``人居署 ) 理事会``)."""
    return re.compile("^" + _gap([c for pair in rules["alias_brackets"] for c in pair]) + "$")


def mint_iri(cls: str, name: str) -> str:
    """The IRI of an entity the ontology does not know: class and percent-encoded normalised name."""
    return f"{ENTITY_BASE}{cls.lower()}/{quote(normalize_label(name), safe='')}"


def main_organization(mentions: list[Mention], ontology: Ontology) -> str | None:
    """The organisation a document mentions most (the subject its sentences leave implicit)."""
    counts = Counter(m.key for m in mentions
                     if m.kind == "gazetteer" and ontology.entities[m.key].type in ORGANIZATION_CLASSES)
    return counts.most_common(1)[0][0] if counts else None


def link_mentions(document: Document, mentions: list[Mention], ontology: Ontology, *,
                  main: str | None) -> list[LinkedMention]:
    """Resolve each mention to one entity.

    :param document: the document the mentions come from.
    :param mentions: from :func:`kg.mentions.find_mentions`, in document order.
    :param ontology: the loaded ontology.
    :param main: the document's main organisation (:func:`main_organization`), owner of bare body words.
    :returns: linked mentions, in the same order; mentions that name nothing usable are dropped.
    """
    rules = ontology.rule(f"mentions.{document.language}")
    body_gap = _bracket_gap(rules)
    paragraphs = {p.number: p for p in document.paragraphs}
    linked: list[LinkedMention] = []
    for index, mention in enumerate(mentions):
        text = paragraphs[mention.paragraph].text
        entity = _link_one(mention, mentions[:index], ontology, rules, main, text)
        if entity is None:
            continue
        if mention.kind == "session" and linked and linked[-1].mention.paragraph == mention.paragraph \
                and body_gap.match(text[linked[-1].mention.end:mention.start]):
            # "世界 城市 论坛 第四 届 会议" is one meeting: the session absorbs its body's mention.
            body = linked.pop().mention
            mention = Mention(mention.document, mention.paragraph, body.start, mention.end,
                              text[body.start:mention.end], mention.kind, mention.key, mention.rule, mention.attrs)
        linked.append(LinkedMention(mention, entity))
    return _governments_of_listed_countries(linked, paragraphs, ontology, rules)


def _link_one(mention: Mention, before: list[Mention], ontology: Ontology, rules: dict, main: str | None,
              paragraph_text: str) -> Entity | None:
    name = "".join(mention.text.split())
    if mention.kind == "gazetteer":
        return ontology.entities[mention.key]
    if mention.kind == "topic":
        if mention.key in ontology.unbis:
            return ontology.unbis[mention.key]
        concept = ontology.unbis_concept(name)
        if concept:
            return ontology.unbis[concept]
        return Entity(mint_iri("Topic", name), "Topic", ((name, "zh"),), known=False)
    if mention.kind == "body":
        return _body_entity(mention.key, main, ontology, rules)
    if mention.kind == "resolution":
        return _resolution_entity(mention, before, ontology, rules, main, paragraph_text)
    if mention.kind == "session":
        return _session_entity(mention, before, ontology, rules, main, paragraph_text)
    cls = mention.key
    if mention.kind == "alias":
        name = mention.attr("alias_of") or name
    known = ontology.by_label.get(normalize_label(name))
    if known:
        return ontology.entities[known]
    return Entity(mint_iri(cls, name), cls, ((name, "zh"),), known=False)


def _body_entity(word: str, main: str | None, ontology: Ontology, rules: dict) -> Entity | None:
    """A bare body word (``理事会``) names that body of the document's main organisation."""
    english, cls = rules["body_words"][word]
    if main is None:
        return None
    for iri, parent in sorted(ontology.parents.items()):
        if parent == main and any(text.endswith(word) for text, lang in ontology.entities[iri].labels if lang == "zh"):
            return ontology.entities[iri]
    owner = ontology.entities[main]
    short_en = (ontology.abbreviations.get(main) or (owner.label("en"),))[0]
    short_zh = next((a for a in ontology.abbreviations.get(main, ()) if re.search(r"[\u4e00-\u9fff]", a)),
                    owner.label("zh"))
    return Entity(f"{main}-{english.replace(' ', '-')}", cls,
                  ((f"{english} of {short_en}", "en"), (f"{short_zh}{word}", "zh"), (word, "zh")))


def _preceding_body(mention: Mention, before: list[Mention], ontology: Ontology, rules: dict, main: str | None,
                    paragraph_text: str) -> Entity | None:
    """The body named right before a resolution or session number (``大会 第63/221 号 决议``)."""
    for previous in reversed(before):
        if previous.paragraph != mention.paragraph:
            break
        if _bracket_gap(rules).match(paragraph_text[previous.end:mention.start]):
            if previous.kind == "gazetteer" and ontology.entities[previous.key].type in ORGANIZATION_CLASSES | {"Meeting"}:
                return ontology.entities[previous.key]
            if previous.kind == "body":
                return _body_entity(previous.key, main, ontology, rules)
            if previous.kind in ("shape", "alias") and previous.key in ORGANIZATION_CLASSES | {"Meeting"}:
                name = "".join(previous.text.split())
                return Entity(mint_iri(previous.key, name), previous.key, ((name, "zh"),), False)
        break
    return None


def _paragraph_body(mention: Mention, before: list[Mention], ontology: Ontology, rules: dict,
                    main: str | None) -> Entity | None:
    """A resolution cited without its body (``关于 … 的 第22/3 号 决议``) in a paragraph that names one body
    word (``理事会 第二十二 届 会议 通过 …``) is that body's."""
    words = {m.key for m in before if m.paragraph == mention.paragraph and m.kind == "body"}
    return _body_entity(words.pop(), main, ontology, rules) if len(words) == 1 else None


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _resolution_entity(mention: Mention, before: list[Mention], ontology: Ontology, rules: dict,
                       main: str | None, paragraph_text: str) -> Entity:
    number, kind = mention.attr("number"), mention.attr("kind")
    body = _preceding_body(mention, before, ontology, rules, main, paragraph_text) or _paragraph_body(mention, before, ontology, rules, main)
    surface = "".join(mention.text.split())
    prefix = rules["resolution"]["ordinal_prefix"]
    if not surface.startswith(prefix):
        surface = prefix + surface
    labels: list[tuple[str, str]] = []
    if body is not None:
        for body_en in (text for text, lang in body.labels if lang == "en" and not text.isupper()):
            labels += [(f"{body_en} {kind} {number}", "en"), (f"{body_en.split(' of ')[0]} {kind} {number}", "en")]
        labels += [(f"{text}{surface}", "zh") for text, lang in body.labels if lang == "zh"]
        iri = f"{ENTITY_BASE}resolution/{_local(body.iri)}-{number.replace('/', '-')}"
    else:
        labels.append((f"{kind} {number}", "en"))
        iri = f"{ENTITY_BASE}resolution/{number.replace('/', '-')}"
    labels.append((surface, "zh"))
    return Entity(iri, "Resolution", tuple(dict.fromkeys(labels)), known=False)


def _session_entity(mention: Mention, before: list[Mention], ontology: Ontology, rules: dict,
                    main: str | None, paragraph_text: str) -> Entity | None:
    n = chinese_number(mention.attr("ordinal"))
    body = _preceding_body(mention, before, ontology, rules, main, paragraph_text)
    if n is None or body is None:
        return None
    surface = "".join(mention.text.split())
    labels = [(f"{body.label('en')}, {english_ordinal(n)} session", "en")]
    labels += [(f"{text}{surface}", "zh") for text, lang in body.labels if lang == "zh"]
    return Entity(f"{ENTITY_BASE}meeting/{_local(body.iri)}-session-{n}", "Meeting", tuple(dict.fromkeys(labels)),
                  known=False)


def _governments_of_listed_countries(linked: list[LinkedMention], paragraphs: dict, ontology: Ontology,
                                     rules: dict) -> list[LinkedMention]:
    """``印度 和 挪威 政府``, ``东非 国家 ( 布隆迪 、 肯尼亚 ) 政府``: every listed country stands for its Government."""
    word = rules["government_word"]
    connectors = _gap(rules["government_list_connectors"])
    listable = set(ontology.governments) | set(ontology.governments.values())
    out = list(linked)
    i = 0
    while i < len(out):
        run = [i]
        while run[-1] + 1 < len(out):
            a, b = out[run[-1]].mention, out[run[-1] + 1].mention
            text = paragraphs[a.paragraph].text
            if b.paragraph == a.paragraph and out[run[-1] + 1].entity.iri in listable \
                    and re.fullmatch(connectors, text[a.end:b.start]):
                run.append(run[-1] + 1)
            else:
                break
        last = out[run[-1]].mention
        text = paragraphs[last.paragraph].text
        after = re.match(connectors + re.escape(word), text[last.end:])
        ends_with_government = out[run[-1]].entity.type == "Government" or after is not None
        if ends_with_government:
            for k in run:
                place = out[k].entity.iri
                if place in ontology.governments:
                    out[k] = LinkedMention(out[k].mention, ontology.entities[ontology.governments[place]])
        i = run[-1] + 1
    return out

