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
from pathlib import Path

from kg.model import DocumentGraph, Entity
from kg.rdf import document_iri

TRIPLE_FIELDS = ("subject", "subject_iri", "subject_type", "subject_labels", "predicate", "object", "object_iri",
                 "object_type", "object_labels", "document", "paragraph", "evidence", "confidence")
_FORMULA_START = ("=", "+", "-", "@")


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
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
        for linked in result.mentions:
            first.setdefault(linked.entity.iri, (linked.entity, linked.mention.paragraph, linked.mention.text))
        for entity, paragraph, text in first.values():
            rows.append(_row(document, "mentions", entity, doc_id, paragraph, text, 1.0))
    return sorted(rows, key=lambda r: (r["document"], r["predicate"] == "mentions", r["paragraph"], r["predicate"],
                                       r["subject_iri"], r["object_iri"]))


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


def rows_to_csv(rows: list[dict]) -> str:
    """CSV with labels joined by `` | ``; cells that a spreadsheet would run as a formula are neutralised."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=TRIPLE_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: safe_cell(" | ".join(v) if isinstance(v, list) else v) for k, v in row.items()})
    return buffer.getvalue()


def safe_cell(value: object) -> object:
    """Prefix a quote to text starting with = + - @ so spreadsheets show it instead of evaluating it."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
