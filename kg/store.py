"""The persistent store: an Oxigraph database on disk, or any SPARQL 1.1 server given by its URL.

Each document lives in its own named graph (:func:`kg.rdf.graph_iri`); loading a document again removes its
graph before loading the new one, so a rebuild leaves neither duplicates nor stale triples. The ontology, the UNBIS
thesaurus and the gazetteer live in the named graph :data:`ONTOLOGY_GRAPH`, reloaded only when their files change,
with a ``unkg:labelKey`` next to each of their labels as :mod:`kg.rdf` writes in the documents' graphs.

A build describes each of the ontology's entities once, in :data:`ENTITIES_GRAPH` (loaded with the ontology
graph), and leaves those descriptions out of the documents' graphs it writes: they were three quarters of a
document's quads. A document's graph in the store holds what the document says and the descriptions of the
entities the ontology lacks (titles, resolutions, meetings found in the text); ``graph.trig``, a file read on its
own, still describes every entity in the graph of each document naming it. Queries read the union of the graphs,
so they see the same triples, and for every UNBIS concept, named or not, that it is a ``unkg:Topic``.

A remote store (``http(s)://…``) is written through the SPARQL 1.1 Graph Store Protocol (one ``PUT`` per named
graph) and read through the SPARQL 1.1 Protocol. The endpoints default to Oxigraph server's layout (``/query``,
``/update``, ``/store`` under the given URL); the environment variables ``KG_SPARQL_QUERY``, ``KG_SPARQL_UPDATE``
and ``KG_SPARQL_GSP`` override them for Jena Fuseki, GraphDB or Virtuoso. Queries expect the default graph to be
the union of the named graphs (``oxigraph serve --union-default-graph``, Fuseki's ``unionDefaultGraph``).
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Union

import httpx
import pyoxigraph as ox
from rdflib import Dataset
from rdflib.namespace import SKOS

from kg.errors import StoreError
from kg.ontology import default_ontology_dir, load_ontology, normalize_label
from kg.rdf import GRAPH_BASE, UNKG, graph_iri, ontology_descriptions, oxigraph_term, to_dataset

DEFAULT_STORE = Path("output") / "store"
ONTOLOGY_GRAPH = GRAPH_BASE + "ontology"
ENTITIES_GRAPH = GRAPH_BASE + "entities"  # the ontology's entities as documents' graphs describe them
_DESCRIBING_CODE = (Path(__file__).with_name("ontology.py"), Path(__file__).with_name("rdf.py"))
_HASH_PREDICATE = str(UNKG.contentHash)
# On a document's graph, in that graph: the key of the build that wrote it (kg.shard.shard_key). A build skips
# documents whose key is unchanged; the bulk loader writes keys last, so a graph cut short is rebuilt.
BUILD_KEY = str(UNKG.buildKey)
LABEL_KEY = ox.NamedNode(str(UNKG.labelKey))
_LABEL_PREDICATES = frozenset(ox.NamedNode(str(p)) for p in (SKOS.prefLabel, SKOS.altLabel, UNKG.abbreviation))
_TIMEOUT = 60.0


@dataclass(frozen=True)
class RemoteStore:
    """The endpoints of a SPARQL server: query, update and Graph Store Protocol."""

    query_url: str
    update_url: str
    gsp_url: str

    @classmethod
    def from_url(cls, url: str) -> "RemoteStore":
        """Endpoints under ``url`` in Oxigraph server's layout, unless overridden by the environment."""
        base = url.rstrip("/")
        return cls(os.environ.get("KG_SPARQL_QUERY", base + "/query"),
                   os.environ.get("KG_SPARQL_UPDATE", base + "/update"),
                   os.environ.get("KG_SPARQL_GSP", base + "/store"))

    def request(self, method: str, url: str, **kwargs: object) -> httpx.Response:
        """One HTTP request; network failures and error statuses become :class:`StoreError`."""
        try:
            response = httpx.request(method, url, timeout=_TIMEOUT, **kwargs)  # type: ignore[arg-type]
        except httpx.HTTPError as e:
            raise StoreError(f"{url}: {e}") from None
        if response.status_code >= 400 and response.status_code != 404:
            raise StoreError(f"{method} {url}: HTTP {response.status_code} {response.text.strip()[:300]}")
        return response

    def put_graph(self, graph: str, ntriples: bytes) -> None:
        """Replace a named graph (Graph Store Protocol ``PUT``)."""
        self.request("PUT", self.gsp_url, params={"graph": graph}, content=ntriples,
                     headers={"Content-Type": "application/n-triples"})

    def post_graph(self, graph: str, ntriples: bytes) -> None:
        """Add triples to a named graph (Graph Store Protocol ``POST``)."""
        self.request("POST", self.gsp_url, params={"graph": graph}, content=ntriples,
                     headers={"Content-Type": "application/n-triples"})

    def delete_graph(self, graph: str) -> bool:
        """Delete a named graph; False if there was none."""
        return self.request("DELETE", self.gsp_url, params={"graph": graph}).status_code != 404

    def select(self, query: str) -> list[dict[str, str]]:
        """Run a SELECT query; each row maps variable names to term values."""
        response = self.request("POST", self.query_url, data={"query": query},
                                headers={"Accept": "application/sparql-results+json"})
        if response.status_code == 404:
            raise StoreError(f"{self.query_url}: no SPARQL endpoint here (HTTP 404)")
        rows = response.json()["results"]["bindings"]
        return [{name: value["value"] for name, value in row.items()} for row in rows]


Store = Union[ox.Store, RemoteStore]


def documents_ntriples(location: str | Path | Store) -> bytes:
    """Every triple of the documents' named graphs, with the description of each entity they name (from the
    entities graph, as ``graph.trig`` has them), merged, as N-Triples: not the rest of the ontology."""
    store = open_store(location, read_only=True)
    documents = f"STRSTARTS(STR(?g), \"{GRAPH_BASE}\") && ?g NOT IN (<{ONTOLOGY_GRAPH}>, <{ENTITIES_GRAPH}>)"
    named = f"EXISTS {{ GRAPH ?g {{ ?x ?y ?s }} FILTER({documents}) }}"
    query = (f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({documents}) }} "
             f"UNION {{ GRAPH <{ENTITIES_GRAPH}> {{ ?s ?p ?o }} FILTER({named}) }} }}")
    if isinstance(store, RemoteStore):
        return store.request("POST", store.query_url, data={"query": query},
                             headers={"Accept": "application/n-triples"}).content
    return ox.serialize(store.query(query), format=ox.RdfFormat.N_TRIPLES) or b""


def is_remote(location: str | Path) -> bool:
    """True for an ``http://`` or ``https://`` URL."""
    return str(location).startswith(("http://", "https://"))


def open_store(location: str | Path = DEFAULT_STORE, *, read_only: bool = False) -> Store:
    """Open (creating it if needed) the store at a folder, or the SPARQL server at a URL.

    :param read_only: open a local store read-only, so that a build may write it meanwhile.
    :raises StoreError: the folder cannot be opened (missing when read-only, locked, not a store).
    """
    if isinstance(location, (ox.Store, RemoteStore)):
        return location
    if is_remote(location):
        return RemoteStore.from_url(str(location))
    path = Path(location)
    try:
        if read_only:
            if not path.is_dir():
                raise StoreError(f"{path}: no store here (build one with kg build … --store {path})")
            return ox.Store.read_only(str(path))
        path.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(path))
    except OSError as e:
        raise StoreError(f"{path}: cannot open the store: {e}") from None


def _dataset_of(source: object) -> Dataset:
    """An rdflib Dataset from a BuildResult, a list of DocumentGraph or a Dataset."""
    if isinstance(source, Dataset):
        return source
    graphs = getattr(source, "graphs", source)
    return to_dataset(list(graphs), load_ontology())  # type: ignore[arg-type]


def _ntriples(graph: object) -> bytes:
    """A graph's triples as N-Triples bytes."""
    data = graph.serialize(format="nt", encoding="utf-8")  # type: ignore[attr-defined]
    return data if isinstance(data, bytes) else data.encode()


def load_graphs(location: str | Path | Store, source: object, *, ontology: bool = True) -> list[str]:
    """Put each document's named graph into the store, replacing what was there, and refresh the ontology graph.

    :param location: a store folder, a SPARQL server URL or an open store.
    :param source: a :class:`kg.build.BuildResult`, a list of :class:`kg.model.DocumentGraph` or an rdflib Dataset.
    :param ontology: also (re)load the ontology graph when its files changed.
    :returns: the IRIs of the graphs written.
    """
    store = open_store(location)
    dataset = _dataset_of(source)
    written: list[str] = []
    for context in dataset.graphs():
        name = str(context.identifier)
        if not name.startswith(GRAPH_BASE):
            continue  # the default graph, empty in what kg.rdf writes
        data = _ntriples(context)
        if isinstance(store, RemoteStore):
            store.put_graph(name, data)
        else:
            _replace_local_graph(store, name, data)
        written.append(name)
    if ontology:
        load_ontology_graph(store)
    if isinstance(store, ox.Store):
        store.flush()
    return written


def _replace_local_graph(store: ox.Store, name: str, ntriples: bytes, *, replace: bool = True) -> None:
    """Drop one named graph (unless adding to it), then load the triples into it in one transaction: a crash in
    between leaves the graph absent, never part-written."""
    graph = ox.NamedNode(name)
    try:
        if replace:
            store.remove_graph(graph)
        store.load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
    except (SyntaxError, OSError) as e:
        raise StoreError(f"cannot write graph {name}: {e}") from None


def _key_triple(graph: str, key: str) -> str:
    return f'<{graph}> <{BUILD_KEY}> "{key}" .\n'


def document_keys(location: str | Path | Store) -> dict[str, str]:
    """The build key of each document graph in the store (see :data:`BUILD_KEY`).

    A graph written by several documents of one build (two files with the same UN symbol) maps to all their keys
    joined, which matches no single document, so that each of them is written again.
    """
    store = open_store(location)
    query = f"SELECT ?g ?k WHERE {{ GRAPH ?g {{ ?g <{BUILD_KEY}> ?k }} }}"
    if isinstance(store, RemoteStore):
        rows = [(row["g"], row["k"]) for row in store.select(query)]
    else:
        rows = [(solution["g"].value, solution["k"].value) for solution in store.query(query)]
    keys: dict[str, list[str]] = {}
    for graph, key in rows:
        keys.setdefault(graph, []).append(key)
    return {graph: " ".join(sorted(found)) for graph, found in keys.items()}


def write_document(location: str | Path | Store, graph: str, ntriples: bytes, key: str, *,
                   replace: bool = True) -> None:
    """Write one document's graph and its build key: the old graph removed, then the new one loaded in one
    transaction (a killed build leaves it whole or absent, and absent it has no key: the next build writes it).

    :param ntriples: the graph's triples as N-Triples (UTF-8).
    :param replace: drop what the graph held; False adds to it (a second document with the same symbol).
    """
    store = open_store(location)
    data = ntriples + _key_triple(graph, key).encode("utf-8")
    if isinstance(store, RemoteStore):
        (store.put_graph if replace else store.post_graph)(graph, data)
    else:
        _replace_local_graph(store, graph, data, replace=replace)


def bulk_load_documents(location: str | Path | Store, documents: list[tuple[str, bytes, str, bool]]) -> None:
    """Write many documents' graphs at once: ``(graph, ntriples, key, replace)`` each (N-Triples in UTF-8).

    Locally: the graphs replaced are removed, pyoxigraph's bulk loader loads the N-Quads (several times faster
    than transactions, but not documented as one), then one transaction adds the build keys, so a graph cut short
    by a crash has no key and is written again by the next build. A SPARQL server gets one Graph Store Protocol
    request per graph.
    """
    store = open_store(location)
    if isinstance(store, RemoteStore):
        for graph, ntriples, key, replace in documents:
            write_document(store, graph, ntriples, key, replace=replace)
        return
    # N-Triples escape line breaks in literals: " .\n" only ends a statement, where the graph name goes.
    quads = b"".join(ntriples.replace(b" .\n", f" <{graph}> .\n".encode("utf-8"))
                     for graph, ntriples, _, _ in documents)
    keys = "".join(_key_triple(graph, key)[:-2] + f"<{graph}> .\n" for graph, _, key, _ in documents)
    try:
        for graph, _, _, replace in documents:
            if replace:
                store.remove_graph(ox.NamedNode(graph))
        store.bulk_load(quads, format=ox.RdfFormat.N_QUADS)
        store.load(keys.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    except (SyntaxError, OSError) as e:
        raise StoreError(f"cannot load {len(documents)} document graph(s): {e}") from None


def ontology_files(directory: Path | None = None) -> list[Path]:
    """The Turtle files of the ontology graph: ``ontology/*.ttl`` and ``ontology/gazetteer/*.ttl``."""
    directory = Path(directory) if directory else default_ontology_dir()
    return sorted(directory.glob("*.ttl")) + sorted(directory.glob("gazetteer/*.ttl"))


def _ontology_hash(files: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    # The entities graph is made from the files by this code: a change of the code is a new version too.
    for path in (*files, *_DESCRIBING_CODE):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def label_keys(triples: Iterable[ox.Triple | ox.Quad]) -> list[ox.Triple]:
    """The ``unkg:labelKey`` triples of the labels among ``triples``, sorted (see :mod:`kg.rdf`)."""
    keys = {ox.Triple(t.subject, LABEL_KEY, ox.Literal(normalize_label(t.object.value))) for t in triples
            if t.predicate in _LABEL_PREDICATES and isinstance(t.object, ox.Literal)}
    return sorted(keys, key=str)


def load_ontology_graph(location: str | Path | Store, directory: Path | None = None, *, force: bool = False) -> bool:
    """Load the ontology and gazetteer into :data:`ONTOLOGY_GRAPH`, and the description of each of their entities
    into :data:`ENTITIES_GRAPH`, unless the store has this version already.

    A build leaves those descriptions out of the documents' graphs it writes to a store (see
    :meth:`kg.shard.ShardWriter.render`): the entities graph is what those graphs would otherwise repeat.

    :returns: True if the graphs were (re)loaded.
    """
    store = open_store(location)
    files = ontology_files(directory)
    version = _ontology_hash(files)
    marker = ox.Quad(ox.NamedNode(ONTOLOGY_GRAPH), ox.NamedNode(_HASH_PREDICATE), ox.Literal(version),
                     ox.NamedNode(ONTOLOGY_GRAPH))
    check = f"SELECT ?v WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ <{ONTOLOGY_GRAPH}> <{_HASH_PREDICATE}> ?v }} }}"
    if isinstance(store, RemoteStore):
        if not force and any(row.get("v") == version for row in store.select(check)):
            return False
    elif not force and marker in store:
        return False
    graph = ox.NamedNode(ONTOLOGY_GRAPH)
    try:
        triples = [t for path in files
                   for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, rename_blank_nodes=True)]
        triples += label_keys(triples)
        descriptions = {ox.Triple(*map(oxigraph_term, t)) for t in ontology_descriptions(load_ontology(directory))}
        if isinstance(store, RemoteStore):
            store.put_graph(ENTITIES_GRAPH, ox.serialize(descriptions, format=ox.RdfFormat.N_TRIPLES) or b"")
            triples.append(ox.Triple(marker.subject, marker.predicate, marker.object))
            store.put_graph(ONTOLOGY_GRAPH, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
        else:
            # The bulk loader (several times faster than a transaction); the version marker goes in last, so
            # graphs cut short by a crash are loaded again.
            entities = ox.NamedNode(ENTITIES_GRAPH)
            for name in (graph, entities):
                store.remove_graph(name)
            store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
            store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, entities) for t in descriptions)
            store.add(marker)
    except (SyntaxError, OSError) as e:
        raise StoreError(f"cannot load the ontology: {e}") from None
    return True


def remove_document(location: str | Path | Store, document_id: str) -> bool:
    """Delete a document's named graphs (one per language it was built in).

    :returns: False if the store has no graph for that document.
    """
    store = open_store(location)
    prefix = str(graph_iri(document_id, ""))
    names = [name for name in document_graphs(store) if name.startswith(prefix) and "/" not in name[len(prefix):]]
    for name in names:
        if isinstance(store, RemoteStore):
            store.delete_graph(name)
        else:
            store.update(f"DROP GRAPH <{name}>")
    if isinstance(store, ox.Store):
        store.flush()
    return bool(names)


def quad_count(location: str | Path | Store) -> int:
    """The number of quads in the store (in its named graphs, for a remote store)."""
    store = open_store(location)
    if isinstance(store, RemoteStore):
        rows = store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"]) if rows else 0
    return len(store)


def document_graphs(location: str | Path | Store) -> list[str]:
    """The IRIs of the documents' named graphs in the store."""
    store = open_store(location)
    if isinstance(store, RemoteStore):
        names = [row["g"] for row in store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")]
    else:
        names = [g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)]
    return sorted(n for n in names if n not in (ONTOLOGY_GRAPH, ENTITIES_GRAPH))
