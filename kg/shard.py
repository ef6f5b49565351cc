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
from kg.model import DocumentGraph
from kg.ontology import Ontology, default_ontology_dir
from kg.rdf import add_document_graph, graph_iri
from kg.rdfstream import TermWriter, graph_blocks

SHARD_FORMAT = 2
CACHE_DIR = ".kg-cache"
PARTS = ("header", "trig", "ntriples", "jsonl", "csv", "records")
CSV_HEADER = rows_to_csv([])
_CODE_DIR = Path(__file__).resolve().parent


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


class _Triples(list):
    """Collects the triples :func:`kg.rdf.add_document_graph` adds, without an rdflib store's indexing cost."""

    def add(self, triple: tuple[Any, Any, Any]) -> None:
        self.append(triple)


def _ntriples(triples: list[tuple[Any, Any, Any]]) -> str:
    """N-Triples of rdflib triples (for the store); pyoxigraph checks and escapes the terms."""
    def term(node: Any) -> Any:
        if isinstance(node, URIRef):
            return ox.NamedNode(str(node))
        if node.language:
            return ox.Literal(str(node), language=node.language)
        return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)) if node.datatype else None)

    quads = [ox.Triple(term(s), term(p), term(o)) for s, p, o in dict.fromkeys(triples)]
    return ox.serialize(quads, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


def write_shard(path: Path, key: str, result: DocumentGraph, ontology: Ontology, writer: TermWriter) -> dict[str, Any]:
    """Render one document's graph into the shard file at ``path``; returns its header."""
    document = result.document
    triples = _Triples()
    add_document_graph(triples, result, ontology)  # type: ignore[arg-type]
    records, prefixes = writer.records(triples)
    iri = graph_iri(document.id, document.language)
    rows = triple_rows([result])
    header = {
        "format": SHARD_FORMAT, "key": key, "document": document.id, "graph": str(iri),
        "file_format": document.format, "language": document.language, "paragraphs": len(document.paragraphs),
        "prefixes": sorted(prefixes),
        "entities": {m.entity.iri: m.entity.type for m in result.mentions},
        "predicates": dict(Counter(r.predicate for r in result.relations)),
    }
    trig = "\n%s {" % writer.graph_name(iri) + graph_blocks(records) + "}\n"
    parts = [header, trig, _ntriples(triples), rows_to_jsonl(rows), rows_to_csv(rows, header=False), records]
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
