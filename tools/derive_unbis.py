"""Derive ``ontology/unbis.ttl`` (SKOS) from the UNBIS Thesaurus JSON exports.

Inputs (read-only, relative to the project root)::

    ../shared/vocab/unbis-thesaurus.json   {"topics": [{"url", "identifier",
                                            "labels": {lang: label}, "related": [id]}]}
    ../shared/vocab/unbis-hierarchy.json   {"nodes": [{"key": "01" | "01.02.00",
                                            "attributes": {"type_", "label"}}]}

Output::

    ontology/unbis.ttl

Every concept is written as a ``skos:Concept`` in the scheme
``<http://metadata.un.org/thesaurus>``, with its English (upper case, as given)
and Chinese ``skos:prefLabel``; other languages are dropped.  In the thesaurus
JSON, ``related`` holds the ids of the BROADER concepts, written as
``skos:broader``.  Identifiers:

* 2 digits (``01`` .. ``18``): domains.  They are not in the thesaurus JSON;
  they come from the hierarchy file, English label only, and are
  ``skos:topConceptOf`` the scheme.
* 6 digits (``010200``): microthesauri, present in both files; each gets
  ``skos:broader`` its domain (the first two digits).
* 7 digits and ``c_xxxxxxxx``: descriptors.

Labels are stripped and internal runs of whitespace collapsed.  A Chinese label
written in another script (Cyrillic or Arabic, a known data error) is dropped
with a warning on stderr.

The Turtle is written deterministically (concepts sorted by kind then id,
values sorted), parsed back with rdflib as a check, and only then moved into
place through a temporary file in the same directory.

Usage, from the project root::

    .venv/bin/python tools/derive_unbis.py
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from pathlib import Path

import rdflib

ROOT = Path(__file__).resolve().parent.parent
VOCAB = ROOT.parent / "shared" / "vocab"
THESAURUS_JSON = VOCAB / "unbis-thesaurus.json"
HIERARCHY_JSON = VOCAB / "unbis-hierarchy.json"
OUTPUT = ROOT / "ontology" / "unbis.ttl"

BASE = "http://metadata.un.org/thesaurus/"
SCHEME = "http://metadata.un.org/thesaurus"
LANGS = ("en", "zh")
WRONG_SCRIPT_ZH = re.compile(r"[\u0400-\u04FF\u0600-\u06FF]")


def clean(label: str) -> str:
    return re.sub(r"\s+", " ", label).strip()


def kind(cid: str) -> int:
    """Sort rank: domains, microthesauri, numeric descriptors, c_ descriptors."""
    if cid.isdigit():
        return {2: 0, 6: 1}.get(len(cid), 2)
    return 3


def sort_key(cid: str) -> tuple:
    return (kind(cid), cid)


def literal(text: str, lang: str) -> str:
    esc = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )
    return f'"{esc}"@{lang}'


def load() -> dict[str, dict]:
    """Return {id: {"labels": {lang: text}, "broader": set(ids)}}."""
    with open(HIERARCHY_JSON, encoding="utf-8") as f:
        nodes = json.load(f)["nodes"]
    with open(THESAURUS_JSON, encoding="utf-8") as f:
        topics = json.load(f)["topics"]

    concepts: dict[str, dict] = {}
    hierarchy_labels: dict[str, str] = {}
    for node in nodes:
        cid = node["key"].replace(".", "")
        label = node["attributes"]["label"]
        _, _, name = label.partition(" - ")
        hierarchy_labels[cid] = clean(name or label)
    for cid, name in hierarchy_labels.items():
        if len(cid) == 2:
            concepts[cid] = {"labels": {"en": name}, "broader": set()}

    for topic in topics:
        cid = topic["identifier"]
        if topic["url"] != BASE + cid:
            raise SystemExit(f"unexpected URL {topic['url']} for {cid}")
        if cid in concepts:
            raise SystemExit(f"duplicate concept id {cid}")
        labels = {}
        for lang in LANGS:
            text = clean(topic["labels"].get(lang, ""))
            if not text:
                continue
            if lang == "zh" and WRONG_SCRIPT_ZH.search(text):
                print(f"warning: {cid}: dropped zh label {text!r} (wrong script)", file=sys.stderr)
                continue
            labels[lang] = text
        concepts[cid] = {"labels": labels, "broader": set(topic["related"])}

    for cid, c in concepts.items():
        if len(cid) == 6 and cid.isdigit():
            domain = cid[:2]
            if domain not in concepts:
                raise SystemExit(f"microthesaurus {cid}: no domain {domain}")
            c["broader"].add(domain)
            if cid not in hierarchy_labels:
                print(f"warning: microthesaurus {cid} not in hierarchy file", file=sys.stderr)
            if "en" not in c["labels"] and cid in hierarchy_labels:
                c["labels"]["en"] = hierarchy_labels[cid]
        missing = c["broader"] - concepts.keys()
        if missing:
            raise SystemExit(f"{cid}: unknown broader ids {sorted(missing)}")
        if cid in c["broader"]:
            raise SystemExit(f"{cid}: broader than itself")
        if "en" not in c["labels"]:
            raise SystemExit(f"{cid}: no English label")
    return concepts


def render(concepts: dict[str, dict]) -> str:
    out = [
        "# UNBIS Thesaurus as SKOS: English and Chinese labels, broader links.\n",
        "# GENERATED by tools/derive_unbis.py from shared/vocab/unbis-thesaurus.json\n",
        "# and shared/vocab/unbis-hierarchy.json. Do not edit by hand.\n",
        "\n",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n",
        "\n",
        f"<{SCHEME}> a skos:ConceptScheme ;\n",
        '    skos:prefLabel "UNBIS Thesaurus"@en .\n',
    ]
    for cid in sorted(concepts, key=sort_key):
        c = concepts[cid]
        props = [f"skos:inScheme <{SCHEME}>"]
        labels = [literal(c["labels"][lang], lang) for lang in LANGS if lang in c["labels"]]
        props.append("skos:prefLabel " + " , ".join(labels))
        if c["broader"]:
            props.append(
                "skos:broader "
                + " , ".join(f"<{BASE}{b}>" for b in sorted(c["broader"], key=sort_key))
            )
        if kind(cid) == 0:
            props.append(f"skos:topConceptOf <{SCHEME}>")
        out.append(f"\n<{BASE}{cid}> a skos:Concept ;\n    " + " ;\n    ".join(props) + " .\n")
    return "".join(out)


def check(path: Path, concepts: dict[str, dict]) -> int:
    graph = rdflib.Graph()
    graph.parse(path, format="turtle")
    skos = rdflib.namespace.SKOS
    found = set(graph.subjects(rdflib.RDF.type, skos.Concept))
    if len(found) != len(concepts):
        raise SystemExit(f"parsed {len(found)} concepts, expected {len(concepts)}")
    return len(graph)


def main() -> int:
    concepts = load()
    text = render(concepts)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".unbis-", suffix=".ttl", dir=OUTPUT.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        triples = check(Path(tmp), concepts)
        os.chmod(tmp, 0o644)
        os.replace(tmp, OUTPUT)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(concepts)} concepts, {triples} triples")
    return 0


if __name__ == "__main__":
    sys.exit(main())
