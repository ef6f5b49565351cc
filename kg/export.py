"""Write build outputs atomically: ``graph.ttl``, ``graph.trig``, ``triples.jsonl`` and ``triples.csv``.

Each output is written to a temporary file in the same folder and renamed, so a failed run never leaves half
a file. The flat triples table has one row per relation and paragraph, and one ``mentions`` row per
(document, entity).
"""
from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KgError
from kg.model import DocumentGraph, Entity
from kg.rdf import PREFIXES, UNKG, bind_prefixes, document_iri

if TYPE_CHECKING:  # networkx is imported where a graph export runs, not on every build
    import networkx as nx

TRIPLE_FIELDS = ("subject", "subject_iri", "subject_type", "subject_labels", "predicate", "object", "object_iri",
                 "object_type", "object_labels", "document", "paragraph", "evidence", "confidence")
# What starts a formula in Excel or LibreOffice; a tab or carriage return before one is skipped (OWASP CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write text (UTF-8) or bytes to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes the file private; outputs are meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def triple_rows(graphs: list[DocumentGraph]) -> list[dict]:
    """The flat triples table: relations, then one ``mentions`` row per (document, entity), sorted."""
    rows: list[dict] = []
    for result in graphs:
        doc_id = result.document.id
        document = Entity(str(document_iri(doc_id)), "Document", ((doc_id, "en"),))
        for relation in result.relations:
            rows.append(_row(relation.subject, relation.predicate, relation.object, doc_id,
                             relation.evidence.paragraph, relation.evidence.sentence, relation.evidence.confidence))
        first: dict[str, tuple] = {}
        # the earliest mention in the text (mentions named inside longer names come last in the list)
        for linked in sorted(result.mentions, key=lambda m: (m.mention.paragraph, m.mention.start)):
            first.setdefault(linked.entity.iri, (linked.entity, linked.mention.paragraph, linked.mention.text))
        for entity, paragraph, text in first.values():
            rows.append(_row(document, "mentions", entity, doc_id, paragraph, text, 1.0))
    return sorted(rows, key=lambda row: (row["document"], *row_order(row)))


def row_order(row: dict) -> tuple:
    """The order of the rows of one document in :func:`triple_rows`: relations by paragraph, then mentions."""
    return (row["predicate"] == "mentions", row["paragraph"], row["predicate"], row["subject_iri"], row["object_iri"])


def _row(subject: Entity, predicate: str, obj: Entity, document: str, paragraph: int, evidence: str,
         confidence: float) -> dict:
    return {
        "subject": subject.label("en"), "subject_iri": subject.iri, "subject_type": subject.type,
        "subject_labels": subject.all_labels(), "predicate": predicate,
        "object": obj.label("en"), "object_iri": obj.iri, "object_type": obj.type,
        "object_labels": obj.all_labels(), "document": document, "paragraph": paragraph,
        "evidence": evidence, "confidence": confidence,
    }


def rows_to_jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n" for row in rows)


def rows_to_csv(rows: list[dict], *, header: bool = True) -> str:
    """CSV with labels joined by `` | ``; cells that a spreadsheet would run as a formula are neutralised.

    :param header: start with the header line (False: the rows only, to append to a file that has it).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")  # not a DictWriter: it checks every row's keys, slowly
    if header:
        writer.writerow(TRIPLE_FIELDS)
    writer.writerows([safe_cell(" | ".join(v) if isinstance(v, list) else v) for v in map(row.get, TRIPLE_FIELDS)]
                     for row in rows)
    return buffer.getvalue()


def safe_cell(value: object) -> object:
    """Prefix a quote to text starting with = + - @ (or a tab or carriage return) so spreadsheets show it instead of
    evaluating it."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


# --- graph exports: one registry of formats, all drawn from kg.project.project -----------------------------------

EXPORT_CSV_NODE_FIELDS = ("id", "label_en", "label_zh", "type", "degree")
EXPORT_CSV_EDGE_FIELDS = ("source", "source_label", "predicate", "target", "target_label", "evidence_count",
                          "documents", "evidence")


def flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with only scalar attributes (for GraphML/GEXF): labels, type, degree; predicate, evidence count."""
    import networkx as nx

    from kg.project import display_label

    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, label=display_label(data, "en"), label_en=data.get("label_en", ""),
                      label_zh=data.get("label_zh", ""), type=data.get("type", ""), degree=int(data.get("degree", 0)),
                      iri=data.get("iri", node))
    for number, (source, target, key, data) in enumerate(graph.edges(keys=True, data=True)):
        evidence = data.get("evidence", [])
        flat.add_edge(source, target, key=key, id=f"e{number}", label=data.get("predicate", key),
                      predicate=data.get("predicate", key), directed=bool(data.get("directed", True)),
                      evidence_count=int(data.get("evidence_count", len(evidence))),
                      weight=float(max(1, data.get("evidence_count", len(evidence)))),
                      documents=" | ".join(sorted({e["document"] for e in evidence})),
                      evidence=" | ".join(f"[{e['document']} ¶{e['paragraph']}] {e['sentence']}" for e in evidence))
    return flat


def _write_flat(graph, out: Path, rdf=None, *, fmt: str) -> list[Path]:
    """GraphML or GEXF (``fmt``) of :func:`flat_graph`."""
    import networkx as nx

    generate = nx.generate_graphml if fmt == "graphml" else nx.generate_gexf
    write_atomic(out, "\n".join(generate(flat_graph(graph))) + "\n")
    return [out]


def csv_nodes_path(out: Path) -> Path:
    """The nodes file written next to the edges file ``out``: ``NAME-nodes.csv`` for ``NAME.csv``."""
    return out.with_name(f"{out.stem}-nodes{out.suffix or '.csv'}")


def _write_csv(graph, out: Path, rdf=None) -> list[Path]:
    from kg.project import display_label

    nodes, edges = io.StringIO(), io.StringIO()
    writer = csv.DictWriter(nodes, fieldnames=EXPORT_CSV_NODE_FIELDS, lineterminator="\n")
    writer.writeheader()
    for node, data in graph.nodes(data=True):
        writer.writerow({"id": safe_cell(node), **{k: safe_cell(data.get(k, "")) for k in EXPORT_CSV_NODE_FIELDS[1:]}})
    writer = csv.DictWriter(edges, fieldnames=EXPORT_CSV_EDGE_FIELDS, lineterminator="\n")
    writer.writeheader()
    flat = flat_graph(graph)
    for source, target, data in flat.edges(data=True):
        row = {"source": source, "source_label": display_label(graph.nodes[source]), "target": target,
               "target_label": display_label(graph.nodes[target]), **{k: data[k] for k in
                                                                       ("predicate", "evidence_count", "documents",
                                                                        "evidence")}}
        writer.writerow({k: safe_cell(v) for k, v in row.items()})
    nodes_path = csv_nodes_path(out)
    write_atomic(out, edges.getvalue())
    write_atomic(nodes_path, nodes.getvalue())
    return [out, nodes_path]


def _write_json(graph, out: Path, rdf=None) -> list[Path]:
    import networkx as nx

    data = nx.node_link_data(graph, edges="edges")
    write_atomic(out, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    return [out]


def cytoscape_json(graph) -> dict:
    """Cytoscape.js elements: ``{"elements": {"nodes": [{"data": ...}], "edges": [{"data": ...}]}}``."""
    from kg.project import display_label

    flat = flat_graph(graph)
    nodes = [{"data": {"id": n, "label": display_label(d), "label_en": d["label_en"], "label_zh": d["label_zh"],
                       "type": d["type"], "degree": d["degree"]}} for n, d in flat.nodes(data=True)]
    edges = [{"data": {"id": d["id"], "source": s, "target": t, "label": d["predicate"], "predicate": d["predicate"],
                       "directed": d["directed"], "evidence_count": d["evidence_count"],
                       "evidence": graph.edges[s, t, k].get("evidence", [])}}
             for s, t, k, d in flat.edges(keys=True, data=True)]
    return {"data": {"name": "unkg"}, "directed": True, "elements": {"nodes": nodes, "edges": edges}}


def _write_cytoscape(graph, out: Path, rdf=None) -> list[Path]:
    write_atomic(out, json.dumps(cytoscape_json(graph), ensure_ascii=False, indent=1) + "\n")
    return [out]


def _write_jsonld(graph, out: Path, rdf=None) -> list[Path]:
    if rdf is None:
        raise KgError("the jsonld export needs the RDF graph (read with --in)")
    context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    write_atomic(out, rdf_subgraph(graph, rdf).serialize(format="json-ld", indent=1, context=context,
                                                          auto_compact=True))
    return [out]


def rdf_subgraph(graph, rdf):
    """The RDF triples behind the projection: its entities' types and labels, its relations and their statements."""
    from rdflib import RDF, Graph, URIRef
    from rdflib.namespace import SKOS

    sub = bind_prefixes(Graph())
    for node in graph:
        iri = URIRef(node)
        for prop in (RDF.type, SKOS.prefLabel, SKOS.altLabel):
            for value in rdf.objects(iri, prop):
                sub.add((iri, prop, value))
    for source, target, key in graph.edges(keys=True):
        pairs = [(URIRef(source), URIRef(target))]
        if not graph.edges[source, target, key].get("directed", True):
            pairs.append((URIRef(target), URIRef(source)))
        for s, o in pairs:
            if (s, UNKG[key], o) not in rdf:
                continue
            sub.add((s, UNKG[key], o))
            for statement in rdf.subjects(RDF.subject, s):
                if (statement, RDF.predicate, UNKG[key]) in rdf and (statement, RDF.object, o) in rdf:
                    for p, v in rdf.predicate_objects(statement):
                        sub.add((statement, p, v))
    return sub


def _write_figure(graph, out: Path, rdf=None, *, fmt: str) -> list[Path]:
    from kg.figure import figure_bytes

    write_atomic(out, figure_bytes(graph, fmt=fmt))
    return [out]


GRAPH_FORMATS: dict[str, tuple] = {
    "graphml": (partial(_write_flat, fmt="graphml"), "GraphML (Gephi, yEd, networkx): labels en/zh, type, degree; predicate, evidence count"),
    "gexf": (partial(_write_flat, fmt="gexf"), "GEXF for Gephi: labels en/zh, type, degree; predicate, evidence count"),
    "csv": (_write_csv, "CSV: FILE holds the edges, FILE-nodes.csv the nodes; formula cells neutralised"),
    "json": (_write_json, "networkx node-link JSON with evidence lists"),
    "jsonld": (_write_jsonld, "JSON-LD of the RDF triples and statements behind the selected graph"),
    "cytoscape": (_write_cytoscape, "Cytoscape.js elements JSON"),
    "png": (partial(_write_figure, fmt="png"), "static figure (matplotlib, seeded layout)"),
    "svg": (partial(_write_figure, fmt="svg"), "static figure (matplotlib, seeded layout)"),
}


def export_graph(graph, fmt: str, out: Path, rdf=None) -> list[Path]:
    """Write ``graph`` (from ``kg.project.project``) as ``fmt`` to ``out``; returns the files written."""
    if fmt not in GRAPH_FORMATS:
        raise KgError(f"unknown format {fmt!r} (choose from {', '.join(GRAPH_FORMATS)})")
    return GRAPH_FORMATS[fmt][0](graph, Path(out), rdf)
