"""Turtle and TriG written one subject block at a time, byte for byte as rdflib's serializers write them.

rdflib serializes a graph held in memory; a corpus build cannot hold its merged graph. So each document's
triples become :data:`Record` tuples (the terms already rendered, plus the keys rdflib sorts by), one
document's records are rendered into its TriG block as soon as it is extracted, and the merged ``graph.ttl``
is an external merge sort of every document's records on disk: memory stays bounded whatever the corpus size.

rdflib's order, reproduced here: subjects by the number of triples that have them as object, then by IRI
(members of ``rdfs:Class`` first); in a subject, ``rdf:type`` then ``rdfs:label`` then the other predicates by
IRI; objects in RDF term order (IRIs before literals; literals by datatype, language, value). Documents have no
blank nodes, so the bracket and list syntax never arises.
"""
from __future__ import annotations

import heapq
import os
import pickle
import tempfile
from collections import Counter
from decimal import Decimal
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator, Sequence

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.plugins.serializers.turtle import OBJECT, SUBJECT, VERB, TurtleSerializer

from kg.rdf import PREFIXES, bind_prefixes

INDENT = "    "
# (subject IRI, predicate key, object key, subject text, predicate text, object text, object IRI or "")
Record = tuple
_PREDICATE_RANK = {RDF.type: 0, RDFS.label: 1}
_URI_RANK, _LITERAL_RANK = 30, 40  # rdflib's node order: blank nodes, variables, IRIs, literals
_MEMO_LIMIT = 200_000
# rdflib's namespace attributes are slow to look up: read them once.
_RDF_TYPE, _RDFS_CLASS, _XSD_STRING = str(RDF.type), str(RDFS.Class), str(XSD.string)


class TermWriter:
    """Renders terms as rdflib's Turtle serializer does (prefixed names for bound namespaces).

    Also reports the prefix each term needs, so that the ``@prefix`` lines of a merged file can be the union
    of the documents' prefixes. IRIs are memoised (entities and predicates repeat across documents).
    """

    def __init__(self) -> None:
        self._serializer = TurtleSerializer(bind_prefixes(Graph()))
        self._memo: dict[tuple[URIRef, bool], tuple[str, str | None]] = {}

    def render(self, node: Any, position: int) -> tuple[str, str | None]:
        """The text of ``node`` at ``position`` (SUBJECT, VERB or OBJECT) and the prefix it uses, if any."""
        if isinstance(node, Literal):
            # What TurtleSerializer.label does for a literal, without its slow check for rdf:nil.
            datatype = self.render(node.datatype, OBJECT) if node.datatype is not None else (None, None)
            return node._literal_n3(use_plain=True, qname_callback=lambda _: datatype[0]), datatype[1]
        key = (node, position == VERB)
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) > _MEMO_LIMIT:
                self._memo.clear()
            if position == VERB and node in self._serializer.keywords:
                found = (self._serializer.keywords[node], None)
            else:
                pname = self._serializer.get_pname(node, position == VERB)
                found = (pname, _prefix_of(pname)) if pname else (node.n3(), None)
            self._memo[key] = found
        return found

    def records(self, triples: Iterable[tuple[Any, Any, Any]]) -> tuple[list[Record], set[str]]:
        """Records of the distinct triples, sorted, and the prefixes they use."""
        records: set[Record] = set()
        prefixes: set[str] = set()
        for s, p, o in triples:
            s_text, s_prefix = self.render(s, SUBJECT)
            p_text, p_prefix = self.render(p, VERB)
            o_text, o_prefix = self.render(o, OBJECT)
            prefixes.update(x for x in (s_prefix, p_prefix, o_prefix) if x)
            records.add((str(s), (_PREDICATE_RANK.get(p, 2), str(p)), term_key(o), s_text, p_text, o_text,
                         str(o) if isinstance(o, URIRef) else ""))
        return sorted(records), prefixes

    def graph_name(self, iri: URIRef) -> str:
        """How rdflib's TriG serializer names a graph."""
        return self._serializer.get_pname(iri, False) or iri.n3()


def _prefix_of(pname: str | None) -> str | None:
    return pname.split(":", 1)[0] if pname else None


def term_key(node: Any) -> tuple:
    """A sort key that orders terms as rdflib does (``Node.__lt__``, ``Literal.__gt__``) for IRIs and literals."""
    if not isinstance(node, Literal):
        return (_URI_RANK, str(node))
    value = node.value
    numeric = isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
    language = (1, node.language) if node.language else (0, "")
    return (_LITERAL_RANK, str(node.datatype or _XSD_STRING), language, float(value) if numeric else str(node),
            str(node))


def subject_block(records: Sequence[Record], depth: int) -> str:
    """One subject's statement, as rdflib's ``TurtleSerializer.statement`` writes it (records sorted)."""
    parts = ["\n", INDENT * depth, records[0][3]]
    for number, (_, group) in enumerate(groupby(records, key=itemgetter(1))):
        objects = list(group)
        parts += [" ", objects[0][4]] if number == 0 else [" ;\n", INDENT * (depth + 1), objects[0][4]]
        parts += [" ", objects[0][5]]
        for record in objects[1:]:
            parts += [",\n", INDENT * (depth + 2), record[5]]
    parts.append(" .\n")
    return "".join(parts)


def _subjects(records: Iterable[Record]) -> Iterator[tuple[str, list[Record]]]:
    """Sorted records grouped by subject, duplicates dropped."""
    for subject, group in groupby(records, key=itemgetter(0)):
        unique = [record for record, _ in groupby(group)]
        yield subject, unique


def _is_class(records: Sequence[Record]) -> bool:
    """rdflib writes the members of ``rdfs:Class`` first."""
    return any(r[1][1] == _RDF_TYPE and r[6] == _RDFS_CLASS for r in records)


def _order(subject: str, is_class: bool, references: Counter) -> tuple:
    return (0, 0, subject) if is_class else (1, references[subject], subject)


def graph_blocks(records: Sequence[Record], depth: int = 1) -> str:
    """The statements of one graph whose sorted records fit in memory (a document's TriG block)."""
    references = Counter(r[6] for r, _ in groupby(records) if r[6])
    blocks = [(_order(subject, _is_class(group), references), subject_block(group, depth))
              for subject, group in _subjects(records)]
    return "".join(text for _, text in sorted(blocks))


def prefix_lines(prefixes: Iterable[str]) -> str:
    """The ``@prefix`` lines rdflib writes for the prefixes used, sorted by prefix."""
    namespaces = dict(Graph(bind_namespaces="rdflib").namespaces())
    namespaces.update({prefix: URIRef(str(ns)) for prefix, ns in PREFIXES.items()})
    return "".join(f"@prefix {prefix}: <{namespaces[prefix]}> .\n" for prefix in sorted(set(prefixes)))


def write_merged_turtle(handle: IO[str], prefixes: Iterable[str], records: Iterable[Record], tmp: Path,
                        run_size: int = 50_000) -> None:
    """Write the Turtle of the union of the records (any order, duplicates allowed) with bounded memory."""
    merged = MergedGraph(tmp, run_size=run_size)
    merged.add(records)
    merged.write_turtle(handle, prefixes)


def write_merged_blocks(handle: IO[str], records: Iterable[Record], tmp: Path, *, depth: int,
                        run_size: int = 50_000) -> None:
    """Write the statements of the union of the records (any order, duplicates allowed) with bounded memory, as
    :func:`graph_blocks` writes them: a graph's Turtle, or (``depth`` 1) a TriG block too large for memory."""
    merged = MergedGraph(tmp, run_size=run_size)
    merged.add(records)
    merged.write(handle, depth=depth)


class MergedGraph:
    """The union of many graphs' records (any order, duplicates allowed), gathered as they come with bounded
    memory (sorted runs on disk), written at the end as one graph's statements (:meth:`write`).

    A build gathers each document's records as the document arrives, while the workers extract the others,
    rather than all of them once the last is in.
    """

    def __init__(self, tmp: Path, *, run_size: int = 50_000) -> None:
        self.tmp = tmp
        self.run_size = run_size
        self._sorter = _ExternalSort(tmp, run_size=run_size)
        self._seen: set[tuple[str, str, str]] = set()

    def add(self, records: Iterable[Record]) -> None:
        """Gather records. Most repeats (every document describes the entities it names) are dropped here,
        remembering at most ``run_size`` triples; the sort drops the repeats left."""
        seen, limit, sorter = self._seen, self.run_size, self._sorter
        for record in records:
            triple = (record[0], record[4], record[5])  # subject IRI, predicate and object as written: the triple
            if triple not in seen:
                if len(seen) >= limit:
                    seen.clear()
                seen.add(triple)
                sorter.add(record)

    def write(self, handle: IO[str], *, depth: int) -> None:
        """Write the statements as :func:`graph_blocks` does; once. Two external sorts: records by subject (to
        gather each subject's statement and count references), then statements in rdflib's subject order."""
        references: Counter = Counter()
        spool = _Spool(self.tmp)
        for subject, group in _subjects(self._sorter.sorted()):
            for record in group:
                if record[6]:
                    references[record[6]] += 1
            spool.append((subject, _is_class(group), subject_block(group, depth)))
        statements = external_sort(spool.read(), self.tmp, key=lambda item: _order(item[0], item[1], references),
                                   run_size=self.run_size)
        for _, _, text in statements:
            handle.write(text)

    def write_turtle(self, handle: IO[str], prefixes: Iterable[str]) -> None:
        """Write the union as a Turtle file, as rdflib writes it (``prefixes``: those the records use)."""
        handle.write(prefix_lines(prefixes))
        self.write(handle, depth=0)
        handle.write("\n")


class _Spool:
    """Items pickled to a temporary file in order, read back once."""

    _BLOCK = 1_000  # items per pickle: one pickle per item costs twice as much CPU, one for all would hold them all

    def __init__(self, tmp: Path) -> None:
        fd, name = tempfile.mkstemp(dir=tmp, suffix=".spool")
        self.path = Path(name)
        self._handle = os.fdopen(fd, "wb")
        self._block: list[object] = []
        self.blocks = 0

    def append(self, item: object) -> None:
        self._block.append(item)
        if len(self._block) >= self._BLOCK:
            self._dump()

    def _dump(self) -> None:
        # A pickle per block, not one Pickler for the file: an Unpickler keeps every item read in its memo.
        pickle.dump(self._block, self._handle, protocol=pickle.HIGHEST_PROTOCOL)
        self._block = []
        self.blocks += 1

    def read(self) -> Iterator[Any]:
        """The items in the order written; the file is deleted once read."""
        if self._block:
            self._dump()
        self._handle.close()
        try:
            with open(self.path, "rb") as handle:
                for _ in range(self.blocks):
                    yield from pickle.load(handle)
        finally:
            self.path.unlink(missing_ok=True)


class _ExternalSort:
    """``sorted()`` of the items added, holding at most ``run_size`` items in memory: sorted runs on disk, merged."""

    def __init__(self, tmp: Path, *, key: Callable[[Any], Any] | None = None, run_size: int = 50_000) -> None:
        self.tmp, self.key, self.run_size = tmp, key, run_size
        self._runs: list[_Spool] = []
        self._chunk: list[Any] = []

    def add(self, item: Any) -> None:
        self._chunk.append(item)
        if len(self._chunk) >= self.run_size:
            self._runs.append(_sorted_run(self._chunk, self.tmp, self.key))
            self._chunk = []

    def sorted(self) -> Iterator[Any]:
        """The items added, sorted; once."""
        if not self._runs:
            return iter(sorted(self._chunk, key=self.key))
        if self._chunk:
            self._runs.append(_sorted_run(self._chunk, self.tmp, self.key))
        return heapq.merge(*(run.read() for run in self._runs), key=self.key)


def external_sort(items: Iterable[Any], tmp: Path, *, key: Callable[[Any], Any] | None = None,
                  run_size: int = 50_000) -> Iterator[Any]:
    """``sorted(items, key=key)`` holding at most ``run_size`` items in memory: sorted runs on disk, merged."""
    sorter = _ExternalSort(tmp, key=key, run_size=run_size)
    for item in items:
        sorter.add(item)
    return sorter.sorted()


def _sorted_run(chunk: list[Any], tmp: Path, key: Callable[[Any], Any] | None) -> _Spool:
    run = _Spool(tmp)
    for item in sorted(chunk, key=key):
        run.append(item)
    return run
