"""Measure how far the English and the Chinese of the same text give the same graph, line by line.

Inputs (read-only, relative to the project root)::

    ../shared/corpus/unpc-dev.en.txt   one English sentence a line
    ../shared/corpus/unpc-dev.zh.txt   its Chinese translation on the same line (word-segmented or not)

Both files are extracted with the project's own pipeline (:class:`kg.Extractor`), as ``kg build FILE --lang en|zh``
would, and each line (paragraph) is compared in its two languages:

- the relations, as ``(predicate, subject IRI, object IRI)`` (``partners-with`` unordered);
- the entities mentioned, as IRIs.

Printed: the Jaccard agreement of the (line, triple) pairs and of the (line, entity) pairs over the whole corpus
(intersection over union of the two languages' sets), and every triple stated in one language only, classed by
what the other language has on that line:

``other predicate``
    a relation between the same two entities, of another predicate or direction;
``other IRI``
    a relation of the same predicate sharing one side, whose other side has another IRI;
``cue missing``
    both entities mentioned, but no relation between them;
``entity missing (known|minted)``
    one side (or both) not mentioned at all; ``known`` when it is a gazetteer, UNBIS or document entity,
    ``minted`` when its IRI was made from one language's name.

With ``--show N``, the first N one-sided triples of each class are printed with their line, both sentences and
the entities the other language mentions. Output is sorted, so two runs on the same inputs print the same text.

Usage, from the project root::

    PYTHONPATH=. .venv/bin/python tools/agreement.py [--en PATH] [--zh PATH] [--show N] [--entities]
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kg import DocumentGraph, Entity, Extractor, read_document
from kg.ontology import ENTITY_BASE, SYMMETRIC_PREDICATES

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EN = ROOT.parent / "shared" / "corpus" / "unpc-dev.en.txt"
DEFAULT_ZH = ROOT.parent / "shared" / "corpus" / "unpc-dev.zh.txt"
LANGUAGES = ("en", "zh")

Triple = tuple[str, str, str]


@dataclass
class Side:
    """What one language gives: per line, its triples and mentioned entities, and every entity by IRI."""

    triples: dict[int, set[Triple]] = field(default_factory=lambda: defaultdict(set))
    entities: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    known: dict[str, Entity] = field(default_factory=dict)
    sentences: dict[int, str] = field(default_factory=dict)


def read_side(graph: DocumentGraph) -> Side:
    """The per-line triples and entities of one language's graph."""
    side = Side()
    for paragraph in graph.document.paragraphs:
        side.sentences[paragraph.number] = paragraph.text
    for item in graph.mentions:
        side.entities[item.mention.paragraph].add(item.entity.iri)
        side.known[item.entity.iri] = item.entity
    for relation in graph.relations:
        s, o = relation.subject.iri, relation.object.iri
        if relation.predicate in SYMMETRIC_PREDICATES:
            s, o = sorted((s, o))
        line = relation.evidence.paragraph
        side.triples[line].add((relation.predicate, s, o))
        side.entities[line] |= {relation.subject.iri, relation.object.iri}
        side.known.setdefault(relation.subject.iri, relation.subject)
        side.known.setdefault(relation.object.iri, relation.object)
    return side


def jaccard(a: dict[int, set], b: dict[int, set]) -> tuple[float, int, int]:
    """Intersection over union of the (line, item) pairs; also the sizes of both."""
    both = sum(len(a.get(k, set()) & b.get(k, set())) for k in set(a) | set(b))
    either = sum(len(a.get(k, set()) | b.get(k, set())) for k in set(a) | set(b))
    return (both / either if either else 1.0), both, either


def minted(iri: str) -> bool:
    """An IRI made from one language's name (``…/id/topic/<name>``: the name's own slashes are percent-encoded), not
    the ontology's, a document's, nor one built from other IRIs (resolutions, sessions, ``…/id/report/ACABQ/report``)."""
    local = iri[len(ENTITY_BASE):] if iri.startswith(ENTITY_BASE) else ""
    return local.count("/") == 1 and not local.startswith(("resolution/", "meeting/"))


def classify(triple: Triple, other_triples: set[Triple], other_entities: set[str]) -> str:
    """Why the other language lacks this triple on its line (see the module docstring)."""
    predicate, s, o = triple
    if any({t[1], t[2]} == {s, o} for t in other_triples):
        return "other predicate"
    if any(t[0] == predicate and (t[1] == s) != (t[2] == o) for t in other_triples):
        return "other IRI"
    missing = [iri for iri in (s, o) if iri not in other_entities]
    if not missing:
        return "cue missing"
    return "entity missing (minted)" if any(minted(iri) for iri in missing) else "entity missing (known)"


def compare(sides: dict[str, Side]) -> dict[str, list[tuple[int, str, Triple]]]:
    """The one-sided triples by class: (line, language that has it, triple)."""
    classes: dict[str, list[tuple[int, str, Triple]]] = defaultdict(list)
    for lang, other in ((LANGUAGES[0], LANGUAGES[1]), (LANGUAGES[1], LANGUAGES[0])):
        mine, theirs = sides[lang], sides[other]
        for line in sorted(mine.triples):
            for triple in sorted(mine.triples[line] - theirs.triples.get(line, set())):
                cls = classify(triple, theirs.triples.get(line, set()), theirs.entities.get(line, set()))
                classes[cls].append((line, lang, triple))
    return classes


def _label(sides: dict[str, Side], iri: str) -> str:
    """An entity's English label (else any) with the end of its IRI."""
    for side in sides.values():
        if iri in side.known:
            local = iri[len(ENTITY_BASE):] if iri.startswith(ENTITY_BASE) else iri.rsplit("/", 1)[-1]
            return f"{side.known[iri].label('en')} <{local}>"
    return iri


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--en", type=Path, default=DEFAULT_EN)
    parser.add_argument("--zh", type=Path, default=DEFAULT_ZH)
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print N one-sided triples of each class")
    parser.add_argument("--entities", action="store_true",
                        help="also print the entities mentioned in one language only, most frequent first")
    args = parser.parse_args(argv)
    extractor = Extractor()
    sides = {lang: read_side(extractor.extract(read_document(path, lang=lang)))
             for lang, path in (("en", args.en), ("zh", args.zh))}
    triples, both, either = jaccard(sides["en"].triples, sides["zh"].triples)
    entities, e_both, e_either = jaccard(sides["en"].entities, sides["zh"].entities)
    print(f"triples   agreement {triples:.3f}  ({both} in both of {either}; "
          f"en {sum(map(len, sides['en'].triples.values()))}, zh {sum(map(len, sides['zh'].triples.values()))})")
    print(f"entities  agreement {entities:.3f}  ({e_both} in both of {e_either})")
    classes = compare(sides)
    for cls in sorted(classes, key=lambda c: (-len(classes[c]), c)):
        by_lang = Counter(lang for _, lang, _ in classes[cls])
        print(f"  {cls:24} {len(classes[cls]):4}  (only en {by_lang['en']}, only zh {by_lang['zh']})")
    if args.show:
        for cls in sorted(classes):
            print(f"\n== {cls}")
            for line, lang, (p, s, o) in classes[cls][:args.show]:
                other = "zh" if lang == "en" else "en"
                print(f"[{line}] only {lang}: {_label(sides, s)} --{p}--> {_label(sides, o)}")
                for language in LANGUAGES:
                    print(f"    {language}: {sides[language].sentences.get(line, '')}")
                print(f"    {other} has: " + "; ".join(sorted(_label(sides, iri)
                                                            for iri in sides[other].entities.get(line, ()))))
    if args.entities:
        for lang, other in (("en", "zh"), ("zh", "en")):
            counts = Counter(iri for line, iris in sides[lang].entities.items()
                             for iri in iris - sides[other].entities.get(line, set()))
            print(f"\n== entities only in {lang}: {sum(counts.values())}")
            for iri, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:args.show or 40]:
                print(f"  {n:4}  {_label(sides, iri)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
