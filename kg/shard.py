"""One document's share of a build, rendered once and kept on disk: a *shard*.

A worker turns each document's graph into a shard file (JSON lines, see :data:`PARTS`): its TriG block, its
N-Triples for the store, its rows of ``triples.jsonl`` and ``triples.csv``, and the records of ``graph.ttl``
(:mod:`kg.rdfstream`). The build then merges the shards into the four outputs a document at a time, so no
process holds the corpus. Shards live in ``OUT/.kg-cache/`` named by a :func:`shard_key` of the file's bytes,
its name and a :func:`fingerprint` of the settings, ontology and code: an unchanged file is not extracted again.
"""
from __future__ import annotations

import hashlib
import json
import stat
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from kg.config import Settings
from kg.export import rows_to_csv, rows_to_jsonl, triple_rows, write_atomic
from kg.model import DocumentGraph, Entity
from kg.ontology import Ontology, default_ontology_dir
from kg.rdf import Triple, described_entities, document_triples, entity_triples, graph_iri
from kg.rdfstream import Record, TermWriter, graph_blocks

SHARD_FORMAT = 2
CACHE_DIR = ".kg-cache"
PARTS = ("header", "trig", "ntriples", "jsonl", "csv", "records")
CSV_HEADER = rows_to_csv([])
_CODE_DIR = Path(__file__).resolve().parent
_MEMO_LIMIT = 100_000  # entities and terms remembered by a ShardWriter, so memory stays bounded


@dataclass
class DocumentSummary:
    """What a worker reports on one input file: the shard it wrote (or found), or why the file failed."""

    path: str
    key: str = ""
    document: str = ""
    graph: str = ""
    shard: str = ""
    prefixes: list[str] = field(default_factory=list)
    entities: dict[str, str] = field(default_factory=dict)
    predicates: dict[str, int] = field(default_factory=dict)
    cached: bool = False
    error: str = ""
    result: DocumentGraph | None = None
    format: str = ""
    language: str = ""
    paragraphs: int = 0
    parts: list["DocumentSummary"] = field(default_factory=list)  # a streamed file's parts, one shard each

    @classmethod
    def from_header(cls, path: Path, shard: Path, header: dict[str, Any], *, cached: bool) -> "DocumentSummary":
        """The summary of a shard, from its header."""
        return cls(str(path), header["key"], header["document"], header["graph"], str(shard), header["prefixes"],
                   header["entities"], header["predicates"], cached, format=header["file_format"],
                   language=header["language"], paragraphs=header["paragraphs"])


def fingerprint(settings: Settings) -> str:
    """A hash of everything besides the file that shapes a document's graph: settings, ontology, rules, code."""
    digest = hashlib.sha256(repr((settings.language, settings.min_confidence, settings.anaphora)).encode())
    ontology_dir = Path(settings.ontology_dir) if settings.ontology_dir else default_ontology_dir()
    files = sorted(p for p in ontology_dir.rglob("*") if p.is_file()) + sorted(_CODE_DIR.glob("*.py"))
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def shard_key(path: Path, build_fingerprint: str) -> str:
    """The key of a file's shard: a hash of its bytes (read in blocks: files may be large), its name (the id and
    ``dcterms:source`` may come from it) and the build's fingerprint. An unreadable file gets a key all the same;
    a pipe or device is not opened (opening a pipe blocks until something writes to it)."""
    digest = hashlib.sha256(build_fingerprint.encode() + b"\0" + path.name.encode() + b"\0")
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return digest.hexdigest()
        with open(path, "rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    except OSError:
        pass  # read_document names the problem when the file is extracted
    return digest.hexdigest()


class ShardWriter:
    """Renders documents' graphs into shards (:func:`write_shard`), one per worker.

    The entities of a corpus recur in document after document: their descriptions (:func:`kg.rdf.entity_triples`)
    are rendered once per writer, not once per document, which is most of the cost of rendering a graph.
    """

    def __init__(self) -> None:
        self.terms = TermWriter()
        self._entities: dict[Entity, tuple[list[Record], list[str], set[str]]] = {}
        self._ntriples: dict[Any, str] = {}

    def render(self, result: DocumentGraph, ontology: Ontology) -> tuple[list[Record], str, set[str]]:
        """A document's graph as sorted :mod:`kg.rdfstream` records, N-Triples (for the store) and the prefixes
        the records use."""
        records, lines, prefixes = self._render(list(document_triples(result, ontology)))
        unique = set(records)
        for entity in dict.fromkeys(described_entities(result, ontology)):
            entity_records, entity_lines, entity_prefixes = self._entity(entity)
            unique.update(entity_records)
            lines += entity_lines
            prefixes |= entity_prefixes
        return sorted(unique), "".join(dict.fromkeys(lines)), prefixes

    def _entity(self, entity: Entity) -> tuple[list[Record], list[str], set[str]]:
        found = self._entities.get(entity)
        if found is None:
            if len(self._entities) > _MEMO_LIMIT:
                self._entities.clear()
            found = self._entities[entity] = self._render(entity_triples(entity))
        return found

    def _render(self, triples: list[Triple]) -> tuple[list[Record], list[str], set[str]]:
        records, prefixes = self.terms.records(triples)
        return records, [" ".join(map(self._ntriples_term, triple)) + " .\n" for triple in triples], prefixes

    def _ntriples_term(self, node: Any) -> str:
        """A term as N-Triples; pyoxigraph checks and escapes it."""
        found = self._ntriples.get(node)
        if found is None:
            if len(self._ntriples) > _MEMO_LIMIT:
                self._ntriples.clear()
            if isinstance(node, URIRef):
                term = ox.NamedNode(str(node))
            elif node.language:
                term = ox.Literal(str(node), language=node.language)
            else:
                term = ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)) if node.datatype else None)
            found = self._ntriples[node] = str(term)
        return found


def write_shard(path: Path, key: str, result: DocumentGraph, ontology: Ontology,
                writer: ShardWriter) -> dict[str, Any]:
    """Render one document's graph into the shard file at ``path``; returns its header."""
    document = result.document
    records, ntriples, prefixes = writer.render(result, ontology)
    iri = graph_iri(document.id, document.language)
    rows = triple_rows([result])
    header = {
        "format": SHARD_FORMAT, "key": key, "document": document.id, "graph": str(iri),
        "file_format": document.format, "language": document.language, "paragraphs": len(document.paragraphs),
        "prefixes": sorted(prefixes),
        "entities": {m.entity.iri: m.entity.type for m in result.mentions},
        "predicates": dict(Counter(r.predicate for r in result.relations)),
    }
    trig = "\n%s {" % writer.terms.graph_name(iri) + graph_blocks(records) + "}\n"
    parts = [header, trig, ntriples, rows_to_jsonl(rows), rows_to_csv(rows, header=False), records]
    write_atomic(path, "".join(json.dumps(part, ensure_ascii=False) + "\n" for part in parts))
    return header


def read_parts(path: str | Path, wanted: Any) -> dict[str, Any]:
    """The parts of a shard asked for (names from :data:`PARTS`), decoding only those and reading no further."""
    wanted = set(wanted)
    parts: dict[str, Any] = {}
    with open(path, encoding="utf-8") as handle:
        for name, line in zip(PARTS, handle):
            if name in wanted:
                parts[name] = json.loads(line)
                if len(parts) == len(wanted):
                    break
    return parts


def read_header(path: Path) -> dict[str, Any] | None:
    """The header of a shard written by this version, or None (missing, damaged, older format)."""
    try:
        header = read_parts(path, ("header",)).get("header")
    except (OSError, ValueError):
        return None
    return header if isinstance(header, dict) and header.get("format") == SHARD_FORMAT else None
