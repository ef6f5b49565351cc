"""Link mentions to canonical entities: the gazetteer's, UNBIS topics, or entities minted from the name.

Minted IRIs depend only on the entity's class and normalised name (or, for resolutions and sessions, on the
issuing body and the number), never on which file or run produced them.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from urllib.parse import quote

from kg.model import Document, Entity, LinkedMention, Mention
from kg.mentions import as_patterns_read, name_of, resolution_attrs
from kg.numbers import chinese_number, english_ordinal, english_ordinal_number
from kg.ontology import BODY_CLASSES, DOCUMENT_BASE, ENTITY_BASE, ORGANIZATION_CLASSES, Ontology, normalize_label
from kg.script import IDEOGRAPH



def mint_iri(cls: str, name: str) -> str:
    """The IRI of an entity the ontology does not know: class and percent-encoded normalised name."""
    key = quote(normalize_label(name), safe="")
    # "." and ".." would be dot segments, which IRI resolution removes
    return f"{ENTITY_BASE}{cls.lower()}/{key.replace('.', '%2E') if set(key) == {'.'} else key}"


def main_organization(mentions: list[Mention], ontology: Ontology, *, min_share: float = 0.3,
                      min_lead: float = 2.0, min_mentions: int = 3) -> str | None:
    """The organisation a document is about (the subject its sentences leave implicit): the one it mentions
    most, at least ``min_mentions`` times, if it holds ``min_share`` of the organisation mentions and ``min_lead``
    times the runner-up's. A file of unrelated sentences has none, nor has a sentence that names one organisation."""
    counts = Counter(m.key for m in mentions
                     if m.kind == "gazetteer" and ontology.entities[m.key].type in ORGANIZATION_CLASSES)
    ranked = counts.most_common(2)
    if not ranked:
        return None
    top, n = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return top if n >= max(min_mentions, min_share * sum(counts.values()), min_lead * runner_up) else None


def link_mentions(document: Document, mentions: list[Mention], ontology: Ontology, *,
                  main: str | None) -> list[LinkedMention]:
    """Resolve each mention to one entity.

    :param document: the document the mentions come from.
    :param mentions: from :func:`kg.mentions.find_mentions`, in document order.
    :param ontology: the loaded ontology.
    :param main: the document's main organisation (:func:`main_organization`), owner of bare body words.
    :returns: linked mentions, in the same order; mentions that name nothing usable are dropped.
    """
    linker = _Linker(document, mentions, ontology, main)
    linked: list[LinkedMention] = []
    for index, mention in enumerate(mentions):
        entity = linker.link(index)
        if entity is None:
            continue
        stated = linker.stated(mention, entity) if mention.kind == "authored" \
            else linker.owned(mention, entity) + linker.pattern_stated(mention) + linker.topic_stated(mention, entity)
        if mention.kind == "resolution":
            stated += linker.issued(index, entity)
        if mention.kind == "session":
            # "世界 城市 论坛 第四 届 会议", "fourth session of the World Urban Forum": one meeting whose mention
            # covers its body's. The body stays mentioned; relations read the longer, covering mention.
            body = linker.body_index(index)
            if body is not None and (body > index or (linked and linked[-1].mention is mentions[body])):
                mention = linker.widen(mention, mentions[body])
        elif mention.kind == "body" and (owner := linker.owner_index(index)) is not None:
            # "人居署 执行主任": the owner stays mentioned; relations read the body, whose mention covers it
            mention = linker.widen(mention, mentions[owner])
        linked.append(LinkedMention(mention, entity, stated))
    return _short_names(_governments_of_listed_countries(linked, linker.paragraphs, ontology, linker.rules),
                        document.language)


def _short_names(linked: list[LinkedMention], language: str) -> list[LinkedMention]:
    """A name found by its shape that ends the name of an organisation the same paragraph names (``常设 委员会`` after
    ``机构 间 常设 委员会``, ``the Standing Committee`` after ``the Inter-Agency Standing Committee``) is that
    organisation's short name, not another one."""
    by_paragraph: dict[int, list[Entity]] = {}
    for item in linked:
        if item.entity.known and item.entity.type in ORGANIZATION_CLASSES:
            by_paragraph.setdefault(item.mention.paragraph, []).append(item.entity)
    out = []
    for item in linked:
        entity = item.entity
        if item.mention.kind == "shape" and not entity.known and entity.type in ORGANIZATION_CLASSES:
            short = normalize_label(entity.label(language))
            full = {e.iri: e for e in by_paragraph.get(item.mention.paragraph, ())
                    if any(normalize_label(text).endswith(short) and normalize_label(text) != short
                           for text, lang in e.labels if lang == language)}
            if len(full) == 1:
                item = LinkedMention(item.mention, next(iter(full.values())), item.stated)
        out.append(item)
    return out


class _Linker:
    """Links the mentions of one document; knows its language's rules and its paragraphs."""

    def __init__(self, document: Document, mentions: list[Mention], ontology: Ontology, main: str | None) -> None:
        self.mentions = mentions
        self.ontology = ontology
        self.main = main
        self.language = document.language
        self.rules = ontology.rule(f"mentions.{document.language}")
        self.compact_names = self.rules["match_on"] == "compact"
        self.paragraphs = {p.number: p for p in document.paragraphs}
        labels = [(document.id, document.language)] + ([(document.title, document.language)] if document.title else [])
        self.document = Entity(DOCUMENT_BASE + quote(document.id, safe=""), "Document", tuple(labels))

    def name(self, mention: Mention) -> str:
        name = name_of(mention.text, self.compact_names)
        return re.sub(self.rules["name_strip"], "", name) if self.rules.get("name_strip") else name

    def widen(self, mention: Mention, other: Mention) -> Mention:
        """The mention stretched over ``other`` too."""
        start, end = min(mention.start, other.start), max(mention.end, other.end)
        text = self.paragraphs[mention.paragraph].text[start:end]
        return Mention(mention.document, mention.paragraph, start, end, text, mention.kind, mention.key,
                       mention.rule, mention.attrs)

    def link(self, index: int) -> Entity | None:
        mention = self.mentions[index]
        if mention.kind == "self" or (mention.kind == "authored" and mention.paragraph == 0
                                      and mention.span_attr("topic") is None):
            # "本报告", "the present report"; "Report of the Secretary-General" on the first page
            return self.document
        if mention.kind == "authored" and mention.span_attr("topic") is None:
            return self.untitled_document(mention) or self.named(mention)
        if mention.attr("antecedent"):
            earlier = self.antecedent(index)
            if earlier is not None:
                return earlier
        if mention.kind == "body":
            return self.body_entity(mention.text, owner=self._owner_before(index))
        if mention.kind == "resolution":
            return self.resolution_entity(index)
        if mention.kind == "session":
            return self.session_entity(index)
        return self.named(mention)

    def antecedent(self, index: int) -> Entity | None:
        """The body an earlier name of the paragraph gives, whose name holds this short form's words
        (``the Special Committee`` after ``the Special Committee on Peacekeeping Operations``)."""
        mention = self.mentions[index]
        key = normalize_label(self.name(mention))
        for other in reversed(self.mentions[:index]):
            if other.paragraph != mention.paragraph:
                break
            entity = self.named(other) if other.kind in ("gazetteer", "alias", "shape") else None
            if entity is not None and entity.type in BODY_CLASSES and any(
                    key in normalize_label(text) for text, _ in entity.labels):
                return entity
        return None

    def named(self, mention: Mention) -> Entity | None:
        """The entity a name stands for: the gazetteer's, a UNBIS topic, a body of the main organisation, or one
        minted from the name's class and text."""
        if mention.kind in ("gazetteer", "nested"):
            return self.ontology.entities[mention.key]
        if mention.kind == "topic":
            return self.ontology.unbis.get(mention.key) or self.topic(self.name(mention))
        if mention.kind == "body":
            return self.body_entity(mention.text)
        cls = mention.key
        name = mention.attr("alias_of") or self.name(mention)
        main_title = re.split(self.rules["subtitle_separator"], name, maxsplit=1)[0] if mention.kind == "title" else name
        known = self._known(name, cls) or (self._known(main_title, cls) if main_title != name else None)
        if known:
            return self.ontology.entities[known]
        english = self.title_in_english(name) if mention.attr("antecedent") else None
        if english is not None:  # "秘书长 特使" and "my Special Envoy" are one office
            known = self.ontology.by_label.get(normalize_label(english))
            labels = [(english, "en")] + ([(name, self.language)] if name != english else [])
            return self.ontology.entities[known] if known else Entity(mint_iri(cls, english), cls, tuple(labels),
                                                                      known=False)
        labels = [(name, self.language)]
        owner = mention.span_attr("owner")
        if owner:  # "人居署非洲城市用水方案" is also "非洲城市用水方案"
            labels.append((name_of(self.paragraphs[mention.paragraph].text[owner[1]:mention.end], self.compact_names),
                           self.language))
        if main_title != name and len(main_title) >= 2:  # "Historic Districts for All: …" is cited by its main title
            labels.append((main_title, self.language))
        return Entity(mint_iri(cls, name), cls, tuple(labels), known=False)

    def _known(self, name: str, cls: str) -> str | None:
        """The gazetteer entity a name gives, also as an edition of a series (``2007 年 全球 人类 住区 报告``,
        ``State of the World's Cities 2008/2009``: the rules' ``edition_year`` of its class)."""
        known = self.ontology.by_label.get(normalize_label(name))
        edition = self.rules.get("edition_year", {})
        if known is None and cls in edition.get("classes", ()):
            known = self.ontology.by_label.get(normalize_label(re.sub(edition["pattern"], "", name)))
        return known

    def title_in_english(self, name: str) -> str | None:
        """An office or body named by its title alone, in English (rules' ``titles_in_english``): ``秘书长 特使`` and
        ``my Special Envoy`` are the ``Special Envoy of the Secretary-General``, ``论坛`` the ``Forum``. None for a
        title the rules do not translate."""
        spec = self.rules.get("titles_in_english")
        if not spec:
            return None
        owner = next((o for o in sorted(spec["owners"], key=len, reverse=True) if name.startswith(o)), "")
        title, titles = name[len(owner):], spec.get("titles")  # no titles: they are written in English
        if titles is not None and title not in titles:
            return None
        english = titles[title] if titles is not None else title
        return f"{english} of the {spec['owners'][owner]}" if owner else english

    def topic(self, name: str) -> Entity:
        """The UNBIS concept of that label, else a topic minted from it."""
        concept = self.ontology.unbis_concept(name)
        if concept:
            return self.ontology.unbis[concept]
        return Entity(mint_iri("Topic", name), "Topic", ((name, self.language),), known=False)

    def author(self, mention: Mention) -> Entity | None:
        """The author of an authored title; a country stands for its Government ("paper submitted by Chile")."""
        text = self.paragraphs[mention.paragraph].text
        a, b = mention.span_attr("author")
        attrs = (("antecedent", "1"),) if mention.attr("author_antecedent") else ()  # "秘书处 的 说明"
        author = self.named(Mention(mention.document, mention.paragraph, a, b, text[a:b],
                                    mention.attr("author_kind"), mention.attr("author_key"), attrs=attrs))
        return None if author is None else self.ontology.government_of(author.iri) or author

    def untitled_document(self, mention: Mention) -> Entity | None:
        """A document named by its author and genre alone (``report of the Advisory Committee``, ``行预咨委会 报告``,
        ``working paper submitted by France``, ``发展政策委员会 第十七届 会议 的 报告``): its IRI comes from the author's,
        the genre (in English) and the years and session numbers the title gives, so both languages give the same.
        None when the author's IRI is not an entity's."""
        author = self.author(mention)
        if author is None or not author.iri.startswith(ENTITY_BASE):
            return None
        a, b = mention.span_attr("author")
        text = self.paragraphs[mention.paragraph].text
        rest = text[mention.start:a] + " " + text[b:mention.end]
        written, _ = as_patterns_read(rest, self.rules)
        years = sorted(set(re.findall(r"(?<!\d)\d{4}(?!\d)", written)))
        sessions = sorted({n for n in (chinese_number(m.group("ordinal")) if self.language == "zh"
                                       else english_ordinal_number(m.group("ordinal"))
                                       for m in re.finditer(self.rules["session"]["pattern"], written)) if n})
        path = [author.iri[len(ENTITY_BASE):], quote(mention.attr("genre", "report").replace(" ", "-"), safe="")]
        if years:
            path.append("-".join(years))
        if sessions:
            path.append("session-" + "-".join(map(str, sessions)))
        return Entity(f"{ENTITY_BASE}report/{'/'.join(path)}", "Report", ((self.name(mention), self.language),),
                      known=False)

    def stated(self, mention: Mention, report: Entity) -> tuple[tuple[Entity, str, Entity], ...]:
        """What an authored title says: its author publishes it, and it concerns its topic."""
        text = self.paragraphs[mention.paragraph].text
        author = self.author(mention)
        out = [(author, "publishes", report)] if author is not None else []
        topic = mention.span_attr("topic")
        if topic:
            a, b = topic
            # "… 2015 年 7 月 1 日至 2016 年 6 月 30 日 期间 预算": the period a report covers is not its topic
            name = re.sub(self.rules.get("topic_strip", "(?!)"), "", name_of(text[a:b], self.compact_names))
            out.append((report, "concerns", self.topic(name)))
        return tuple(out)

    def pattern_stated(self, mention: Mention) -> tuple[tuple[Entity, str, Entity], ...]:
        """What a name written to one of the rules' named patterns says, however it was found: the resolution it
        cites (group ``resolution``) concerns its topic (group ``topic``) (``Committee established pursuant to
        resolution 1533 (2004) concerning the Democratic Republic of the Congo``)."""
        written, offsets = as_patterns_read(mention.text, self.rules)
        named = next((m for m in (re.fullmatch(pattern["pattern"], written)
                                  for pattern in self.rules.get("named_patterns", ())) if m), None)
        if named is None or not named.groupdict().get("resolution") or not named.groupdict().get("topic"):
            return ()
        cited, about = ((mention.start + offsets[named.start(group)],
                         mention.start + offsets[named.end(group) - 1] + 1) for group in ("resolution", "topic"))
        text = self.paragraphs[mention.paragraph].text
        spec = self.rules["resolution"]
        written, offsets = as_patterns_read(text[cited[0]:cited[1]], self.rules)
        match = re.search(spec["pattern"], written)
        if match is None:
            return ()
        attrs = resolution_attrs(match, spec)
        start, end = cited[0] + offsets[match.start()], cited[0] + offsets[match.end() - 1] + 1
        resolution = Mention(mention.document, mention.paragraph, start, end, text[start:end], "resolution",
                             "Resolution", mention.rule, attrs)
        return ((self._resolution(resolution, self._body_by_year(resolution)), "concerns",
                 self._named_topic(mention, *about)),)

    def topic_stated(self, mention: Mention, entity: Entity) -> tuple[tuple[Entity, str, Entity], ...]:
        """The topic a name states, by the rules' ``topic_names`` (``第一 次 非洲 可 再 生 能源 问题 国际 会议``,
        ``Conference on Fisheries``, ``关于 普及 基本 服务 的 指导 原则``): the entity concerns it. A proper name states
        it only where it is a known concept (a topic minted from a name is the name's, not the text's). A name the
        gazetteer knows states it by its English labels, whatever the language or form of the mention."""
        if mention.kind == "gazetteer":
            return self._label_topic(entity)
        spec = self.rules.get("topic_names")
        if not spec or entity.type not in spec["classes"]:
            return ()
        written, offsets = as_patterns_read(mention.text, self.rules)
        named, described = next(((m, p["described"]) for p in spec["patterns"]
                                 for m in [re.fullmatch(p["pattern"], written)] if m), (None, False))
        if named is None:
            return ()
        topic = self._named_topic(mention, mention.start + offsets[named.start("topic")],
                                  mention.start + offsets[named.end("topic") - 1] + 1)
        proper = mention.kind == "title"  # 《 关于 … 的 宣言 》: a title, as "Declaration on …" is in English
        return ((entity, "concerns", topic),) if (described and not proper) or topic.known else ()

    def _label_topic(self, entity: Entity) -> tuple[tuple[Entity, str, Entity], ...]:
        """The known topic that one of a gazetteer entity's English labels states by the English rules'
        ``topic_names`` (``World Conference on Indigenous Peoples``): one answer for ``世界 土著 人民 大会``, ``WCIP`` and
        the full name, so that both languages give the same triple."""
        spec = self.ontology.rule("mentions.en").get("topic_names")
        if not spec or entity.type not in spec["classes"]:
            return ()
        for text in (text for text, lang in entity.labels if lang == "en"):
            for pattern in spec["patterns"]:
                named = re.fullmatch(pattern["pattern"], text)
                if named is None:
                    continue
                name = named.group("topic")
                known = self.ontology.by_label.get(normalize_label(name)) or self.ontology.unbis_concept(name)
                if known is not None:
                    topic = self.ontology.entities.get(known) or self.ontology.unbis[known]
                    return ((entity, "concerns", topic),)
        return ()

    def _named_topic(self, mention: Mention, start: int, end: int) -> Entity:
        """The topic written at ``start:end`` of the mention's paragraph: a known entity, a UNBIS concept or minted."""
        text = self.paragraphs[mention.paragraph].text
        name = self.name(Mention(mention.document, mention.paragraph, start, end, text[start:end], "topic", "Topic"))
        known = self.ontology.by_label.get(normalize_label(name))
        return self.ontology.entities[known] if known else self.topic(name)

    def owned(self, mention: Mention, entity: Entity) -> tuple[tuple[Entity, str, Entity], ...]:
        """A programme named with its owner first is the owner's: the owner supports it."""
        owner = self.ontology.entities.get(mention.attr("owner_key", ""))
        return ((owner, "supports", entity),) if owner is not None and owner != entity else ()

    def _owner_before(self, index: int) -> str | None:
        owner = self.owner_index(index)
        return None if owner is None else self.named(self.mentions[owner]).iri

    def owner_index(self, index: int) -> int | None:
        """The mention of the known organisation written right before a body word (``人居署 执行主任``,
        ``UNICEF Executive Board``), or after it where the rules' ``body_owner_after`` joins them (``the Executive
        Director of UNEP``)."""
        mention = self.mentions[index]
        text = self.paragraphs[mention.paragraph].text
        for other, gap in ((index - 1, r"\s*"), (index + 1, self.rules.get("body_owner_after"))):
            owner = self.mentions[other] if gap and 0 <= other < len(self.mentions) else None
            if owner is None or owner.paragraph != mention.paragraph or owner.kind not in ("gazetteer", "alias") \
                    or not re.fullmatch(gap, text[owner.end:mention.start] if other < index else
                                        text[mention.end:owner.start]):
                continue
            entity = self.named(owner)
            if entity is not None and entity.known and entity.type in ORGANIZATION_CLASSES:
                return other
        return None

    def body_entity(self, word: str, owner: str | None = None) -> Entity | None:
        """A bare body word (``理事会``, ``Governing Council``) names that body of the organisation written right
        before it, else of the document's main organisation."""
        spec = self.rules["body_words"].get(word) or self.rules["body_words"].get(name_of(word, self.compact_names))
        if spec is None:
            return None
        main = owner or self.main
        if main is None:
            return self._unowned_body(spec, name_of(word, self.compact_names))
        ontology = self.ontology
        english, cls = spec["en"], spec["class"]
        key = normalize_label(english)
        for iri, parent in sorted(ontology.parents.items()):
            if parent != main:
                continue
            if any(normalize_label(text).startswith(key)
                   for text, lang in ontology.entities[iri].labels if lang == "en"):
                return ontology.entities[iri]
        owner = ontology.entities[main]
        short_en = (ontology.abbreviations.get(main) or (owner.label("en"),))[0]
        short_zh = next((a for a in ontology.abbreviations.get(main, ()) if IDEOGRAPH.search(a)),
                        owner.label("zh"))
        chinese = name_of(word, True) if self.language == "zh" else spec["zh"]
        labels = [(f"{english} of {short_en}", "en")] + ([(english, "en")] if self.language == "en" else [])
        labels += [(f"{short_zh}{chinese}", "zh"), (chinese, "zh")]
        return Entity(f"{main}-{english.replace(' ', '-')}", cls, tuple(labels))

    def _unowned_body(self, spec: dict, word: str) -> Entity | None:
        """A body word in a text about no one organisation (a file of unrelated sentences): a body named as
        written, where the rules allow it: all body words (``true``: ``the Executive Director``) or those listed
        (``执行主任``; ``理事会`` alone names too many councils). Its IRI comes from the English name, so both
        languages give the same body."""
        allowed = self.rules.get("unowned_body_words")
        if not allowed or (allowed is not True and word not in allowed):
            return None
        english, cls = spec["en"], spec["class"]
        labels = ((english, "en"),) + (((word, self.language),) if self.language != "en" else ())
        return Entity(mint_iri(cls, english), cls, labels, known=False)

    def body_index(self, index: int) -> int | None:
        """The mention of the body that issued a resolution or held a session: right before it
        (``大会 第63/221 号 决议``, ``General Assembly resolution 68/1``) or right after it
        (``sixty-eighth session of the General Assembly``)."""
        mention = self.mentions[index]
        spec = self.rules[mention.kind]
        text = self.paragraphs[mention.paragraph].text
        candidates = [(index - 1, spec.get("body_gap_before")), (index + 1, spec.get("body_gap_after"))]
        if self._possessive(index):
            candidates.append((index + 1, spec["body_after_possessive"]["gap"]))
        for other, gap in candidates:
            if gap is None or not 0 <= other < len(self.mentions):
                continue
            body = self.mentions[other]
            between = text[body.end:mention.start] if other < index else text[mention.end:body.start]
            if body.paragraph == mention.paragraph and re.search(gap, between) and self._is_body(body):
                return other
        return None

    def _possessive(self, index: int) -> bool:
        """Whether the mention follows the possessive that names its body next (``In its resolution 62/198, the
        General Assembly …``): the rules' ``body_after_possessive``."""
        mention = self.mentions[index]
        spec = self.rules[mention.kind].get("body_after_possessive")
        text = self.paragraphs[mention.paragraph].text
        return bool(spec and re.search(spec["before"], text[max(0, mention.start - 30):mention.start]))

    def issued(self, index: int, resolution: Entity) -> tuple[tuple[Entity, str, Entity], ...]:
        """A resolution cited by its body's possessive (``In its resolution 62/198, the General Assembly``) is that
        body's: the body adopts it."""
        # found after the resolution, the body is the one the possessive names (before it, it names the resolution)
        body = self.body_index(index) if self._possessive(index) else None
        entity = self.named(self.mentions[body]) if body == index + 1 else None
        return ((entity, "adopts", resolution),) if entity is not None else ()

    def _is_body(self, mention: Mention) -> bool:
        if mention.kind == "gazetteer":
            return self.ontology.entities[mention.key].type in BODY_CLASSES
        return mention.kind == "body" or (mention.kind in ("shape", "alias")
                                          and mention.key in BODY_CLASSES)

    def _body_of(self, index: int) -> Entity | None:
        other = self.body_index(index)
        return None if other is None else self.named(self.mentions[other])

    def _paragraph_body(self, index: int) -> Entity | None:
        """A resolution cited without its body (``关于 … 的 第22/3 号 决议``) in a paragraph that names one body
        word (``理事会 第二十二 届 会议 通过 …``) is that body's."""
        mention = self.mentions[index]
        words = {name_of(m.text, self.compact_names) for m in self.mentions[:index]
                 if m.paragraph == mention.paragraph and m.kind == "body"}
        return self.body_entity(words.pop()) if len(words) == 1 else None

    def _body_by_year(self, mention: Mention) -> Entity | None:
        """The body whose resolutions are cited with their year (``resolution 2206 (2015)``)."""
        name = self.rules["resolution"].get("body_when_year")
        iri = self.ontology.by_label.get(normalize_label(name)) if name and mention.attr("year") else None
        return self.ontology.entities[iri] if iri else None

    def resolution_entity(self, index: int) -> Entity:
        mention = self.mentions[index]
        # a number with its year is the Security Council's, whatever body word the paragraph has
        body = self._body_of(index) or self._body_by_year(mention) or self._paragraph_body(index)
        return self._resolution(mention, body)

    def _resolution(self, mention: Mention, body: Entity | None) -> Entity:
        number, kind = mention.attr("number"), mention.attr("kind")
        year = mention.attr("year") or mention.attr("roman")  # 1244 (1999), 1514 (XV)
        numbers = [number] + ([f"{number} ({year})"] if year else [])
        surface = self.name(mention)
        prefix = self.rules["resolution"].get("ordinal_prefix", "")
        if prefix and not surface.startswith(prefix):
            surface = prefix + surface
        ending = self.rules["resolution"].get("listed_ending", {}).get(kind, "")
        if mention.rule == "resolution.listed" and ending and not surface.endswith(ending):
            surface += ending  # "第 1373 ( 2001 ) 、 …": 第1373(2001)号决议
        labels: list[tuple[str, str]] = []
        if body is not None:
            for body_en in (text for text, lang in body.labels if lang == "en" and not text.isupper()):
                for n in reversed(numbers):
                    labels += [(f"{body_en} {kind} {n}", "en"), (f"{body_en.split(' of ')[0]} {kind} {n}", "en")]
            if self.language == "zh":
                labels += [(f"{text}{surface}", "zh") for text, lang in body.labels if lang == "zh"]
            iri = f"{ENTITY_BASE}resolution/{_local(body.iri)}-{number.replace('/', '-')}"
        else:
            labels += [(f"{kind} {n}", "en") for n in reversed(numbers)]
            iri = f"{ENTITY_BASE}resolution/{number.replace('/', '-')}"
        labels.append((surface, self.language))
        return Entity(iri, "Resolution", tuple(dict.fromkeys(labels)), known=False)

    def session_entity(self, index: int) -> Entity | None:
        mention = self.mentions[index]
        ordinal = mention.attr("ordinal")
        n = chinese_number(ordinal) if self.language == "zh" else english_ordinal_number(ordinal)
        other = self.body_index(index)
        if n is None or other is None:
            return None
        body = self.named(self.mentions[other])
        if body is None:
            return None
        noun = mention.attr("noun", "session")
        written = self.name(self.mentions[other])  # the body as written, which may be none of its labels
        labels = [(f"{body.label('en')}, {english_ordinal(n)} {noun}", "en")]
        if self.language == "en":
            labels += [(f"{english_ordinal(n)} {noun} of the {name}", "en") for name in (body.label("en"), written)]
        else:
            surface = self.name(mention)
            labels += [(f"{text}{surface}", "zh") for text, lang in body.labels if lang == "zh"]
            labels.append((f"{written}{surface}", "zh"))  # "理事会 第二十二 届 会议"
        return Entity(f"{ENTITY_BASE}meeting/{_local(body.iri)}-{noun}-{n}", "Meeting", tuple(dict.fromkeys(labels)),
                      known=False)


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _governments_of_listed_countries(linked: list[LinkedMention], paragraphs: dict, ontology: Ontology,
                                     rules: dict) -> list[LinkedMention]:
    """``印度 和 挪威 政府``, ``东非 国家 ( 布隆迪 、 肯尼亚 ) 政府``, ``the Governments of India and Norway``: every
    listed country stands for its Government."""
    spec = rules["government_lists"]
    listable = set(ontology.governments) | set(ontology.governments.values())
    out = list(linked)
    i = 0
    while i < len(out):
        run = [i]
        while run[-1] + 1 < len(out):
            a, b = out[run[-1]].mention, out[run[-1] + 1].mention
            text = paragraphs[a.paragraph].text
            if b.paragraph == a.paragraph and out[run[-1] + 1].entity.iri in listable \
                    and re.fullmatch(spec["gap"], text[a.end:b.start]):
                run.append(run[-1] + 1)
            else:
                break
        first, last = out[run[0]].mention, out[run[-1]].mention
        text = paragraphs[last.paragraph].text
        before = re.search(spec["before"], text[:first.start]) if spec.get("before") else None
        named = before is not None or bool(spec.get("after") and re.search(spec["after"], text[last.end:]))
        if out[run[-1]].entity.type == "Government" or named:
            for k in run:
                government = ontology.government_of(out[k].entity.iri)
                if government is not None:
                    out[k] = LinkedMention(out[k].mention, government)
            if before is not None:  # "the Governments of India and Norway": the words that say so open the list
                out[run[0]] = LinkedMention(replace(first, start=before.start(), text=text[before.start():first.end]),
                                            out[run[0]].entity, out[run[0]].stated)
        i = run[-1] + 1
    return out
