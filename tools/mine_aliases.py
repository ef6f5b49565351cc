"""Mine an aligned English/Chinese corpus for names the gazetteer lacks; print candidates for review.

Inputs (read-only, relative to the project root)::

    ../shared/corpus/unpc-dev.en.txt   one English sentence a line
    ../shared/corpus/unpc-dev.zh.txt   its Chinese translation on the same line, word-segmented with spaces
    ontology/                          the gazetteer (``gazetteer/*.ttl``), loaded by ``kg.ontology``

Three kinds of evidence are printed; nothing is written and the ontology is not edited:

``pairs``
    Lines where the English defines a name, ``Full Name (ACRONYM)``, and the Chinese defines one,
    ``中文全称 ( 简称 )``.  When a line has as many definitions in each language they are paired in order.  Each side
    is resolved against the gazetteer: the acronym or the full name in English; in Chinese the short form, or the
    longest tail of the words before the bracket that is a label (the full name's start is not marked in Chinese).
    Printed: for a resolved entity, the other language's forms that are not among its labels; for a pair where
    neither side resolves, a candidate new entity; for sides that resolve to different entities, a conflict.

``missing``
    Gazetteer entities (organisations, meetings, programmes) that the project's own matcher
    (:func:`kg.components.create_pipeline`) finds on one side of a line while none of their labels is found on the
    other side.  For an entity missed on two lines or more, the character strings of the other side shared by most
    of those lines and rare in the whole corpus are suggested as the missing form (in Chinese the text is read with
    its spaces removed, as the matcher reads it).

``unknown``
    English names the gazetteer lacks: runs of capitalised words with a head word at the end or at the start, as
    the project's own English shape rule reads them (``ontology/rules/mentions.en.json``, ``titlecase_names``),
    that no gazetteer label covers, with the Chinese strings shared by most of their aligned lines.  Candidates for
    new entities; most are parts of longer names or generic, so read the lines.

Every candidate is counted over lines and shown with example line numbers (1-based): read the aligned lines
before adding a label, since a candidate is only a string that co-occurs.  Output is sorted, so two runs on the
same inputs print the same text.

Usage, from the project root::

    PYTHONPATH=. .venv/bin/python tools/mine_aliases.py [--section pairs|missing|unknown|all] [--min-count N]
        [--examples N] [--show-lines] [--en PATH] [--zh PATH]
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from kg.components import compact, create_pipeline
from kg.ontology import ORGANIZATION_CLASSES, Ontology, load_ontology, normalize_label

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EN = ROOT.parent / "shared" / "corpus" / "unpc-dev.en.txt"
DEFAULT_ZH = ROOT.parent / "shared" / "corpus" / "unpc-dev.zh.txt"
MINED_TYPES = ORGANIZATION_CLASSES | {"Meeting", "Programme"}

# English: a run of capitalised words, with lower-case joining words inside it, then "(ACRONYM)". The acronym has
# two capitals or more (UNOPS, UN-Women, CEDAW), so "(a)" list markers and "(2015)" years are not taken.
_JOINING = r"(?:of|for|on|and|the|in|to|against|with|de|des|du|la|le|et|y|del|al)"
_CAPITALISED = r"[A-Z][\w'’.&-]*"
_ACRONYM = r"(?=[^)]*[A-Z][^)]*[A-Z])[A-Za-z][\w/&.-]*"
_EN_DEFINITION = re.compile(rf"({_CAPITALISED}(?:,?\s+(?:{_JOINING}\s+)*{_CAPITALISED})*)\s*\(\s*({_ACRONYM})\s*\)")
# Chinese: the words before a bracket, back to punctuation other than 、 (联合国教育、科学及文化组织), then a
# short form in the bracket (CJK, maybe with Latin letters or digits).
_CJK = r"\u3400-\u9fff"
_ZH_DEFINITION = re.compile(rf"((?:[{_CJK}A-Za-z0-9·－、-]+ +){{1,16}})[(（] *([{_CJK}][{_CJK}A-Za-z0-9 ]{{0,14}}?) *[)）]")
# Words that end a name's run on the left: the name starts after them.
# Not 和, 及 or 与: they join words inside names (欧洲安全与合作组织); a known name is found as a tail anyway.
_ZH_BREAKS = {"的", "在", "同", "由", "向", "对", "经", "据", "为", "是", "将", "并", "请", "即", "从", "于", "把",
              "被", "给", "让", "使", "其", "该", "各", "了", "也", "都", "又", "或", "关于", "通过", "根据", "派出",
              "包括"}


@dataclass
class Tally:
    """The lines (1-based, in corpus order) that support one candidate."""

    lines: list[int] = field(default_factory=list)

    def add(self, line: int) -> None:
        if line not in self.lines:
            self.lines.append(line)


def read_corpus(en_path: Path, zh_path: Path) -> tuple[list[str], list[str]]:
    """The aligned lines of both files.

    :raises ValueError: the files do not have as many lines.
    """
    en = en_path.read_text(encoding="utf-8").splitlines()
    zh = zh_path.read_text(encoding="utf-8").splitlines()
    if len(en) != len(zh):
        raise ValueError(f"{zh_path}: {len(zh)} lines, but {en_path} has {len(en)}: not aligned")
    return en, zh


def english_definitions(line: str) -> list[tuple[str, str]]:
    """``(full name, acronym)`` for each ``Full Name (ACRONYM)`` on the line, a leading "the" dropped."""
    out = []
    for match in _EN_DEFINITION.finditer(line):
        full = re.sub(r"^(?:The|the)\s+", "", match.group(1)).strip(" ,")
        if len(full.split()) >= 2:
            out.append((full, match.group(2)))
    return out


def chinese_definitions(line: str) -> list[tuple[list[str], str]]:
    """``(words before the bracket, short form)`` for each ``名称 ( 简称 )`` on the segmented line."""
    out = []
    for match in _ZH_DEFINITION.finditer(line):
        words = match.group(1).split()
        for i in range(len(words) - 1, -1, -1):
            if words[i] in _ZH_BREAKS:
                words = words[i + 1:]
                break
        short = "".join(match.group(2).split())
        if words and len(short) >= 2:
            out.append((words, short))
    return out


def resolve(ontology: Ontology, *names: str) -> str | None:
    """The gazetteer IRI one of ``names`` is a label of."""
    for name in names:
        iri = ontology.by_label.get(normalize_label(name))
        if iri:
            return iri
    return None


def resolve_tail(ontology: Ontology, words: list[str]) -> tuple[str | None, str]:
    """The longest tail of the Chinese words (as characters) that is a label, and that tail; else (None, all)."""
    text = "".join(words)
    for start in range(len(text) - 1):
        iri = ontology.by_label.get(normalize_label(text[start:]))
        if iri:
            return iri, text[start:]
    return None, text


def labels_of(ontology: Ontology, iri: str, lang: str) -> set[str]:
    """The normalised labels of an entity in one language."""
    return {normalize_label(text) for text, language in ontology.entities[iri].labels if language == lang}


def mine_pairs(ontology: Ontology, en: list[str], zh: list[str]) -> dict[tuple[str, ...], Tally]:
    """Candidates from lines that define a name in both languages; keys are (kind, entity, language, form)."""
    found: dict[tuple[str, ...], Tally] = defaultdict(Tally)
    for number, (en_line, zh_line) in enumerate(zip(en, zh), 1):
        english = [(full, acronym, resolve(ontology, acronym, full)) for full, acronym in english_definitions(en_line)]
        chinese = []
        for words, short in chinese_definitions(zh_line):
            iri, full = resolve_tail(ontology, words)
            chinese.append((full, short, resolve(ontology, short) or iri))
        for (full, acronym, en_iri), (zh_full, short, zh_iri) in _pair(english, chinese):
            if en_iri and zh_iri and en_iri != zh_iri:
                found[("conflict", f"{_short(en_iri)} / {_short(zh_iri)}", "", f"{acronym} / {short}")].add(number)
                continue
            if en_iri:
                known = labels_of(ontology, en_iri, "zh")
                for form in (short, zh_full):
                    if normalize_label(form) not in known:
                        found[("label", _short(en_iri), "zh", form)].add(number)
            if zh_iri:
                known = labels_of(ontology, zh_iri, "en")
                for form in (acronym, full):
                    if normalize_label(form) not in known:
                        found[("label", _short(zh_iri), "en", form)].add(number)
            if not en_iri and not zh_iri:
                found[("new", f"{full} ({acronym})", "zh", f"{zh_full} ( {short} )")].add(number)
    return found


def _pair(english: list[tuple], chinese: list[tuple]) -> list[tuple[tuple, tuple]]:
    """Definitions that resolve to the same entity pair up; the rest pair in order when as many are left."""
    pairs, left = [], list(chinese)
    rest = []
    for definition in english:
        match = next((c for c in left if definition[2] and c[2] == definition[2]), None)
        if match:
            pairs.append((definition, match))
            left.remove(match)
        else:
            rest.append(definition)
    if len(rest) == len(left):
        pairs += zip(rest, left)
    return pairs


def _short(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def mine_missing(ontology: Ontology, en: list[str], zh: list[str]) -> dict[tuple[str, str], list[int]]:
    """Lines where the matcher finds an entity in one language but not in the other: (entity, missing language)."""
    per_language = {}
    for language, lines in (("en", en), ("zh", zh)):
        nlp = create_pipeline(language, ontology)
        per_language[language] = [_found(doc._.unkg_candidates or (), ontology) for doc in nlp.pipe(lines)]
    missing: dict[tuple[str, str], list[int]] = defaultdict(list)
    for number, (en_keys, zh_keys) in enumerate(zip(per_language["en"], per_language["zh"]), 1):
        for iri in sorted(en_keys - zh_keys):
            missing[(iri, "zh")].append(number)
        for iri in sorted(zh_keys - en_keys):
            missing[(iri, "en")].append(number)
    return missing


def _found(candidates, ontology: Ontology) -> set[str]:
    """Gazetteer entities of the mined types, a name inside a longer name dropped as the matcher drops it."""
    names = [c for c in candidates if c.kind == "gazetteer"]
    outer = [c for c in names
             if not any(o.start <= c.start and c.end <= o.end and o.end - o.start > c.end - c.start for o in names)]
    return {c.key for c in outer if ontology.entities[c.key].type in MINED_TYPES}


def suggest(lines: list[str], corpus: list[str], language: str, *, limit: int = 3) -> list[str]:
    """Strings shared by most of ``lines`` and rare in ``corpus``, the most telling first.

    Chinese strings are runs of 2 to 12 characters; English ones runs of 1 to 6 words starting with a capital.
    """
    counts: Counter = Counter()
    for line in lines:
        counts.update(_grams(line, language))
    needed = max(2, math.ceil(len(lines) / 2))
    kept = {gram: n for gram, n in counts.items() if n >= needed}
    # A gram inside a longer kept gram found on as many lines says nothing more.
    kept = {g: n for g, n in kept.items() if not any(g != o and g in o and kept[o] == n for o in kept)}
    weight = {g: n * math.log(len(corpus) / sum(g in line for line in corpus)) for g, n in kept.items()}
    return sorted(weight, key=lambda g: (-weight[g], g))[:limit]


def _grams(line: str, language: str) -> set[str]:
    if language == "zh":
        return {line[i:i + n] for n in range(2, 13) for i in range(len(line) - n + 1)}
    words = [m.span() for m in re.finditer(r"[\w'’-]+", line)]
    return {line[words[i][0]:words[i + n - 1][1]] for n in range(1, 7) for i in range(len(words) - n + 1)
            if line[words[i][0]].isupper()}


def mine_unknown(ontology: Ontology, en: list[str]) -> dict[str, list[int]]:
    """Lines of each English shape-rule name (head word first or last) that is not inside a gazetteer name."""
    spec = ontology.rule("mentions.en")["titlecase_names"]
    heads = {word for word, _ in spec["last_words"]} | {word for word, _ in spec["first_words"]}
    openers = set(spec["not_first_words"])
    nlp = create_pipeline("en", ontology)
    found: dict[str, list[int]] = defaultdict(list)
    for number, (line, doc) in enumerate(zip(en, nlp.pipe(en)), 1):
        known = [(c.start, c.end) for c in doc._.unkg_candidates or () if c.kind == "gazetteer"]
        for match in re.finditer(spec["pattern"], line):
            words = [w for w in re.finditer(r"\S+", match.group())]
            while words and words[0].group() in openers:
                words = words[1:]
            if len(words) < 2 or not ({words[0].group(), words[-1].group()} & heads):
                continue
            start = match.start() + words[0].start()
            if any(s <= start and match.end() <= e for s, e in known):
                continue
            name = " ".join(w.group() for w in words)
            if number not in found[name]:
                found[name].append(number)
    return found


def print_pairs(found: dict[tuple[str, ...], Tally], *, min_count: int, examples: int, out: TextIO) -> None:
    """One line per candidate: kind, lines, entity, language and form, example line numbers."""
    print("# pairs: kind\tlines\tentity\tlang\tform\texample lines", file=out)
    rows = sorted(found.items(), key=lambda item: (item[0][0], -len(item[1].lines), item[0]))
    for (kind, entity, lang, form), tally in rows:
        if len(tally.lines) >= min_count:
            shown = ",".join(map(str, tally.lines[:examples]))
            print(f"{kind}\t{len(tally.lines)}\t{entity}\t{lang}\t{form}\t{shown}", file=out)


def print_missing(ontology: Ontology, missing: dict[tuple[str, str], list[int]], en: list[str], zh: list[str], *,
                  min_count: int, examples: int, show_lines: bool, out: TextIO) -> None:
    """One block per entity missed on ``min_count`` lines or more, with suggested forms."""
    print("# missing: entity\tmissing lang\tlines\tsuggested forms\texample lines", file=out)
    views = {"en": en, "zh": [compact(line)[0] for line in zh]}
    rows = sorted(missing.items(), key=lambda item: (-len(item[1]), item[0]))
    for (iri, language), numbers in rows:
        if len(numbers) < min_count:
            continue
        lines = [views[language][n - 1] for n in numbers]
        forms = suggest(lines, views[language], language) if len(lines) >= 2 else []
        name = ontology.entities[iri].label("en")
        shown = ",".join(map(str, numbers[:examples]))
        print(f"{_short(iri)} ({name})\t{language}\t{len(numbers)}\t{' | '.join(forms)}\t{shown}", file=out)
        if show_lines:
            for n in numbers[:examples]:
                print(f"    {n} en: {en[n - 1]}\n    {n} zh: {zh[n - 1]}", file=out)


def print_unknown(unknown: dict[str, list[int]], zh: list[str], *, min_count: int, examples: int, out: TextIO) -> None:
    """One line per unknown English name seen on ``min_count`` lines or more, with Chinese suggestions."""
    print("# unknown: lines\tEnglish name\tsuggested Chinese forms\texample lines", file=out)
    compacted = [compact(line)[0] for line in zh]
    for name, numbers in sorted(unknown.items(), key=lambda item: (-len(item[1]), item[0])):
        if len(numbers) < min_count:
            continue
        lines = [compacted[n - 1] for n in numbers]
        forms = suggest(lines, compacted, "zh") if len(lines) >= 2 else []
        shown = ",".join(map(str, numbers[:examples]))
        print(f"{len(numbers)}\t{name}\t{' | '.join(forms)}\t{shown}", file=out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--en", type=Path, default=DEFAULT_EN, help="English side of the corpus")
    ap.add_argument("--zh", type=Path, default=DEFAULT_ZH, help="Chinese side, line-aligned and segmented")
    ap.add_argument("--section", choices=("pairs", "missing", "unknown", "all"), default="all")
    ap.add_argument("--min-count", type=int, default=1, metavar="N", help="print candidates seen on N lines or more")
    ap.add_argument("--examples", type=int, default=5, metavar="N", help="example line numbers per candidate")
    ap.add_argument("--show-lines", action="store_true", help="print the example lines under each missing entity")
    args = ap.parse_args(argv)
    try:
        en, zh = read_corpus(args.en, args.zh)
    except (OSError, UnicodeDecodeError, ValueError) as e:
        print(f"mine_aliases: {e}", file=sys.stderr)
        return 1
    ontology = load_ontology()
    if args.section in ("pairs", "all"):
        print_pairs(mine_pairs(ontology, en, zh), min_count=args.min_count, examples=args.examples, out=sys.stdout)
    if args.section in ("missing", "all"):
        print_missing(ontology, mine_missing(ontology, en, zh), en, zh, min_count=args.min_count,
                      examples=args.examples, show_lines=args.show_lines, out=sys.stdout)
    if args.section in ("unknown", "all"):
        print_unknown(mine_unknown(ontology, en), zh, min_count=args.min_count, examples=args.examples,
                      out=sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
