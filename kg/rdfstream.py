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
    handle.write(prefix_lines(prefixes))
    write_merged_blocks(handle, records, tmp, depth=0, run_size=run_size)
    handle.write("\n")


def write_merged_blocks(handle: IO[str], records: Iterable[Record], tmp: Path, *, depth: int,
                        run_size: int = 50_000) -> None:
    """Write the statements of the union of the records (any order, duplicates allowed) with bounded memory, as
    :func:`graph_blocks` writes them: a graph's Turtle, or (``depth`` 1) a TriG block too large for memory.

    Two external sorts: records by subject (to gather each subject's statement and count references), then
    statements in rdflib's subject order.
    """
    references: Counter = Counter()

    def blocks() -> Iterator[tuple[str, bool, str]]:
        for subject, group in _subjects(external_sort(_fewer_repeats(records, run_size), tmp, run_size=run_size)):
            for record in group:
                if record[6]:
                    references[record[6]] += 1
            yield subject, _is_class(group), subject_block(group, depth)

    spool = _Spool(tmp)
    for item in blocks():
        spool.append(item)
    statements = external_sort(spool.read(), tmp, key=lambda item: _order(item[0], item[1], references),
                               run_size=run_size)
    for _, _, text in statements:
        handle.write(text)


def _fewer_repeats(records: Iterable[Record], limit: int) -> Iterator[Record]:
    """The records without most repeats (every document describes the entities it names), remembering at most
    ``limit`` triples; the sort that follows drops the repeats left."""
    seen: set[tuple[str, str, str]] = set()
    for record in records:
        triple = (record[0], record[4], record[5])  # subject IRI, predicate and object as written: the triple
        if triple not in seen:
            if len(seen) >= limit:
                seen.clear()
            seen.add(triple)
            yield record


class _Spool:
    """Items pickled to a temporary file in order, read back once."""

    def __init__(self, tmp: Path) -> None:
        fd, name = tempfile.mkstemp(dir=tmp, suffix=".spool")
        self.path = Path(name)
        self._handle = os.fdopen(fd, "wb")
        self.count = 0

    def append(self, item: object) -> None:
        # One pickle per item: a shared Unpickler would keep every item read in its memo.
        pickle.dump(item, self._handle, protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def read(self) -> Iterator[Any]:
        """The items in the order written; the file is deleted once read."""
        self._handle.close()
        try:
            with open(self.path, "rb") as handle:
                for _ in range(self.count):
                    yield pickle.load(handle)
        finally:
            self.path.unlink(missing_ok=True)


def external_sort(items: Iterable[Any], tmp: Path, *, key: Callable[[Any], Any] | None = None,
                  run_size: int = 50_000) -> Iterator[Any]:
    """``sorted(items, key=key)`` holding at most ``run_size`` items in memory: sorted runs on disk, merged."""
    runs: list[_Spool] = []
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= run_size:
            runs.append(_sorted_run(chunk, tmp, key))
            chunk = []
    if not runs:
        yield from sorted(chunk, key=key)
        return
    if chunk:
        runs.append(_sorted_run(chunk, tmp, key))
    yield from heapq.merge(*(run.read() for run in runs), key=key)


def _sorted_run(chunk: list[Any], tmp: Path, key: Callable[[Any], Any] | None) -> _Spool:
    run = _Spool(tmp)
    for item in sorted(chunk, key=key):
        run.append(item)
    return run
