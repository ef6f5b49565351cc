"""One document's share of a build, rendered once and kept on disk: a *shard*.

A worker turns each document's graph into a shard file: a JSON header line, then the raw UTF-8 sections of
:data:`SECTIONS` (their sizes in the header, so a reader seeks to the one it wants and decodes nothing else): its
TriG block, its N-Triples for the store, its rows of ``triples.jsonl`` and ``triples.csv``, and the records of
``graph.ttl`` (:mod:`kg.rdfstream`). The build then merges the shards into the four outputs a document at a time,
so no process holds the corpus. Shards live in ``OUT/.kg-cache/`` named by a :func:`shard_key` of the file's bytes,
its name and a :func:`fingerprint` of the settings, ontology and code: an unchanged file is not extracted again.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from kg.config import Settings
from kg.export import rows_to_csv, rows_to_jsonl, triple_rows, write_atomic
from kg.model import DocumentGraph, Entity
from kg.ontology import Ontology, default_ontology_dir
from kg.rdf import (Triple, described_by_ontology, described_entities, document_triples, entity_triples, graph_iri,
                    oxigraph_term)
from kg.rdfstream import Record, TermWriter, graph_blocks

SHARD_FORMAT = 3
CACHE_DIR = ".kg-cache"
SHARD_SUFFIX = ".shard"
SECTIONS = ("trig", "ntriples", "jsonl", "csv", "records")
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


@dataclass
class _Rendered:
    """Triples rendered for a shard: sorted records, N-Triples lines, the prefixes used, and the records as one
    JSON line."""

    records: list[Record]
    ntriples: list[str]
    prefixes: set[str]
    line: str


class ShardWriter:
    """Renders documents' graphs into shards (:func:`write_shard`), one per worker.

    The entities of a corpus recur in document after document: their descriptions (:func:`kg.rdf.entity_triples`)
    are rendered once per writer, not once per document, which is most of the cost of rendering a graph.
    """

    def __init__(self) -> None:
        self.terms = TermWriter()
        self._entities: dict[Entity, _Rendered] = {}
        self._ntriples: dict[Any, str] = {}

    def render(self, result: DocumentGraph, ontology: Ontology) -> tuple[list[Record], str, set[str], str]:
        """A document's graph as sorted :mod:`kg.rdfstream` records, N-Triples for the store, the prefixes the
        records use, and the records as JSON lines: the document's own triples, then a line per entity it
        describes, the same line in every shard that describes the entity (see :func:`read_records`).

        The N-Triples leave out the descriptions of the ontology's entities: a store has them once, in its
        entities graph (:func:`kg.store.load_ontology_graph`); most of a document's graph would otherwise be
        copies of them."""
        own = self._render(list(document_triples(result, ontology)))
        unique, lines, prefixes, record_lines = set(own.records), list(own.ntriples), set(own.prefixes), [own.line]
        for entity in dict.fromkeys(described_entities(result, ontology)):
            described = self._entity(entity)
            unique.update(described.records)
            if not described_by_ontology(entity, ontology):
                lines += described.ntriples
            prefixes |= described.prefixes
            record_lines.append(described.line)
        return sorted(unique), "".join(dict.fromkeys(lines)), prefixes, "".join(record_lines)

    def _entity(self, entity: Entity) -> _Rendered:
        found = self._entities.get(entity)
        if found is None:
            if len(self._entities) > _MEMO_LIMIT:
                self._entities.clear()
            found = self._entities[entity] = self._render(entity_triples(entity))
        return found

    def _render(self, triples: list[Triple]) -> _Rendered:
        records, prefixes = self.terms.records(triples)
        return _Rendered(records, [" ".join(map(self._ntriples_term, triple)) + " .\n" for triple in triples],
                         prefixes, json.dumps(records, ensure_ascii=False) + "\n")

    def _ntriples_term(self, node: Any) -> str:
        """A term as N-Triples; pyoxigraph checks and escapes it."""
        found = self._ntriples.get(node)
        if found is None:
            if len(self._ntriples) > _MEMO_LIMIT:
                self._ntriples.clear()
            found = self._ntriples[node] = str(oxigraph_term(node))
        return found


def write_shard(path: Path, key: str, result: DocumentGraph, ontology: Ontology,
                writer: ShardWriter) -> dict[str, Any]:
    """Render one document's graph into the shard file at ``path``; returns its header."""
    document = result.document
    records, ntriples, prefixes, record_lines = writer.render(result, ontology)
    iri = graph_iri(document.id, document.language)
    rows = triple_rows([result])
    trig = "\n%s {" % writer.terms.graph_name(iri) + graph_blocks(records) + "}\n"
    sections = [text.encode("utf-8") for text in (trig, ntriples, rows_to_jsonl(rows),
                                                  rows_to_csv(rows, header=False), record_lines)]
    header = {
        "format": SHARD_FORMAT, "key": key, "document": document.id, "graph": str(iri),
        "file_format": document.format, "language": document.language, "paragraphs": len(document.paragraphs),
        "prefixes": sorted(prefixes),
        "entities": {m.entity.iri: m.entity.type for m in result.mentions},
        "predicates": dict(Counter(r.predicate for r in result.relations)),
        "sizes": [len(section) for section in sections],
    }
    write_atomic(path, json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\n" + b"".join(sections))
    return header


def read_sections(path: str | Path, wanted: Iterable[str]) -> dict[str, bytes]:
    """The sections of a shard asked for (names from :data:`SECTIONS`), as UTF-8 bytes; the others are skipped
    unread."""
    wanted = set(wanted)
    found: dict[str, bytes] = {}
    with open(path, "rb") as handle:
        header = json.loads(handle.readline())
        offset = handle.tell()
        for name, size in zip(SECTIONS, header["sizes"]):
            if name in wanted:
                handle.seek(offset)
                found[name] = handle.read(size)
            offset += size
    return found


def read_text(path: str | Path, section: str) -> str:
    """One section of a shard as text."""
    return read_sections(path, (section,))[section].decode("utf-8")


class RepeatFilter:
    """Remembers up to ``limit`` lines (then forgets them all, so memory stays bounded): ``new(line)`` is False
    for a line given before."""

    def __init__(self, limit: int = 20_000) -> None:
        self.limit = limit
        self._seen: set[bytes] = set()

    def new(self, line: bytes) -> bool:
        if line in self._seen:
            return False
        if len(self._seen) >= self.limit:
            self._seen.clear()
        self._seen.add(line)
        return True


def read_records(path: str | Path, repeats: RepeatFilter | None = None) -> Iterator[Record]:
    """The records of a shard (as JSON gives them: lists, not tuples). With ``repeats``, the description of an
    entity that an earlier shard gave in the same words is skipped undecoded: in a corpus, most of a document's
    records describe entities other documents name too, and decoding them is most of the cost of a merge."""
    own, *described = read_sections(path, ("records",))["records"].splitlines()
    yield from json.loads(own)
    for line in described:
        if repeats is None or repeats.new(line):
            yield from json.loads(line)


def read_header(path: Path) -> dict[str, Any] | None:
    """The header of a whole shard written by this version, or None (missing, damaged, cut short, older format)."""
    try:
        with open(path, "rb") as handle:
            header = json.loads(handle.readline())
            if not (isinstance(header, dict) and header.get("format") == SHARD_FORMAT):
                return None
            whole = handle.tell() + sum(header["sizes"]) == os.fstat(handle.fileno()).st_size
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return header if whole else None
