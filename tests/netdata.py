"""A small hand-made RDF graph in unkg's model (independent of extraction quality) for the network tests."""
from __future__ import annotations

from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.rdf import PREFIXES, UNKG

ENT = "https://w3id.org/unkg/id/"
DOC = URIRef("https://w3id.org/unkg/doc/E%2F2009%2F100")
OTHER_DOC = URIRef("https://w3id.org/unkg/doc/A%2F1")
HABITAT, UNEP, NGO, RES, TOPIC, EVIL = (URIRef(ENT + n) for n in ("UN-Habitat", "UNEP", "Evil-NGO", "res-22-3",
                                                                    "water", "script"))
SCRIPT_LABEL = '<script>document.title="PWNED";document.body.setAttribute("data-pwned","1")</script>'


def tiny_rdf() -> Graph:
    """UN-Habitat partners-with UNEP (2 sentences), an NGO with a formula label supports UN-Habitat, a resolution
    concerning water adopted by nobody, and an entity whose label is a <script>."""
    g = Graph()
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace)
    entities = [(HABITAT, "UNEntity", "UN-Habitat", "人居署"), (UNEP, "UNEntity", "UNEP", "环境署"),
                (NGO, "NGO", "=HYPERLINK(\"http://x\")", "恶意组织"), (RES, "Resolution", "resolution 22/3", "第22/3号决议"),
                (TOPIC, "Topic", "water", "水"), (EVIL, "NGO", SCRIPT_LABEL, "脚本")]
    for node, kind, en, zh in entities:
        g.add((node, RDF.type, UNKG[kind]))
        g.add((node, SKOS.prefLabel, Literal(en, lang="en")))
        g.add((node, SKOS.prefLabel, Literal(zh, lang="zh")))
    g.add((HABITAT, SKOS.altLabel, Literal("United Nations Human Settlements Programme", lang="en")))
    for doc, ident in ((DOC, "E/2009/100"), (OTHER_DOC, "A/1")):
        g.add((doc, RDF.type, UNKG.Document))
        g.add((doc, DCTERMS.identifier, Literal(ident)))
    g.add((DOC, UNKG.mentions, HABITAT))
    relations = [(HABITAT, "partners-with", UNEP, DOC, 3, "人居署 与 环境署 合作 。"),
                 (UNEP, "partners-with", HABITAT, DOC, 7, "环境署 与 人居署 <b>共同</b> 合作 。"),
                 (NGO, "supports", HABITAT, DOC, 4, "=cmd|' /C calc'!A0 支持 人居署"),
                 (RES, "concerns", TOPIC, OTHER_DOC, 1, "决议 涉及 水 。"),
                 (EVIL, "supports", UNEP, OTHER_DOC, 2, "<script>alert(1)</script> 支持 环境署")]
    for number, (s, p, o, doc, paragraph, sentence) in enumerate(relations):
        g.add((s, UNKG[p], o))
        st = URIRef(f"https://w3id.org/unkg/statement/{number}")
        g.add((st, RDF.type, UNKG.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, UNKG[p]))
        g.add((st, RDF.object, o))
        g.add((st, PROV.wasDerivedFrom, doc))
        g.add((st, UNKG.paragraph, Literal(paragraph)))
        g.add((st, UNKG.sentence, Literal(sentence)))
        g.add((st, UNKG.confidence, Literal(0.9)))
    return g


def write_build_dir(folder: Path, graph: Graph | None = None) -> Path:
    """A folder like `kg build --out` writes (graph.ttl only)."""
    folder.mkdir(parents=True, exist_ok=True)
    (graph if graph is not None else tiny_rdf()).serialize(folder / "graph.ttl", format="turtle")
    return folder
