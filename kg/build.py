"""Run the stages in order: read → find mentions → link → extract relations → write RDF and the triples table.

A build streams: workers (:mod:`kg.parallel`) extract one document at a time and render it into a shard file
(:mod:`kg.shard`); this process writes each document to the store as its result arrives, in input order, gathers
its records for ``graph.ttl`` (sorted runs on disk) meanwhile, and merges the shards into the other outputs at the
end, a document at a time. Memory does not grow with the corpus, and the outputs are the same whatever the number
of workers or the engine.
"""
from __future__ import annotations

import gc
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import IO, TYPE_CHECKING, Callable, Iterable, Iterator

from kg.config import DEFAULT_SETTINGS, Settings
from kg.errors import DocumentError
from kg.export import row_order, rows_to_csv, rows_to_jsonl, write_atomic
from kg.model import Document, DocumentGraph
from kg.ontology import Ontology, default_ontology_dir, load_ontology
from kg.parallel import default_jobs, ordered_map
from kg.read import MAX_DOCUMENT_BYTES, PART_CHARS, STREAM_BYTES, read_document_parts
from kg.rdfstream import MergedGraph, graph_blocks, prefix_lines, write_merged_blocks
from kg.shard import (CACHE_DIR, CSV_HEADER, SHARD_SUFFIX, DocumentSummary, RepeatFilter, ShardWriter, fingerprint,
                      read_header, read_records, read_sections, read_text, shard_key, write_shard)

if TYPE_CHECKING:
    from spacy.language import Language

    from kg.segment import Segmenter

log = logging.getLogger(__name__)
INPUT_SUFFIXES = (".txt", ".pdf", ".docx", ".html", ".htm")
OUTPUTS = ("graph.trig", "graph.ttl", "triples.jsonl", "triples.csv")
_INDEX = "index.json"  # in the cache: each document id's shard keys at the last build, for new/changed/unchanged
_STORE_BATCH = 200  # documents per bulk load at most
_BATCH_BYTES = 32_000_000  # N-Triples per bulk load at most, so memory stays flat whatever the documents' size


@dataclass
class BuildResult:
    """What a build produced: counts, the files that failed, timing, and (unless streamed) each document's graph.

    ``graphs`` holds every document's graph when the build keeps them (``keep_graphs``, the default of
    :func:`build`); ``kg build`` streams and leaves it empty. The counts are kept either way.
    """

    graphs: list[DocumentGraph] = field(default_factory=list)
    failures: list[DocumentError] = field(default_factory=list)
    seconds: float = 0.0
    documents: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    entities: dict[str, str] = field(default_factory=dict)
    predicates: Counter = field(default_factory=Counter)

    def __post_init__(self) -> None:
        for graph in self.graphs:  # a result made from graphs (tests, benchmarks) counts them
            self.documents += 1
            self.entities.update((m.entity.iri, m.entity.type) for m in graph.mentions)
            self.predicates.update(r.predicate for r in graph.relations)

    def entity_counts(self) -> Counter:
        """Distinct entities by class."""
        return Counter(self.entities.values())

    def predicate_counts(self) -> Counter:
        """Relations by predicate."""
        return Counter(self.predicates)

    def add(self, summary: DocumentSummary, status: str) -> None:
        """Count one document built (``status``: new, changed or unchanged)."""
        self.documents += 1
        setattr(self, status, getattr(self, status) + 1)
        self.entities.update(summary.entities)
        self.predicates.update(summary.predicates)
        if summary.result is not None:
            self.graphs.append(summary.result)


# Longer paragraphs make matching slow (overlap checks grow with the mentions of a paragraph); real paragraphs are
# a few thousand characters.
MAX_PARAGRAPH_CHARS = 250_000


class Extractor:
    """Holds the ontology and one spaCy pipeline per language; turns documents into graphs."""

    def __init__(self, settings: Settings = DEFAULT_SETTINGS) -> None:
        self.settings = settings
        # Keyed as the gazetteer component loads it (kg.components.make_gazetteer), so that it is loaded once.
        self.ontology: Ontology = load_ontology(Path(settings.ontology_dir or default_ontology_dir()))
        self._pipelines: dict[str, Language] = {}
        self._segmenter: Segmenter | None = None

    def pipeline(self, language: str) -> Language:
        if language not in self._pipelines:
            # spaCy, jieba and the stages are imported by the processes that extract, not by the one that
            # only merges their shards (seconds of start-up for each process).
            from kg.components import create_pipeline

            self._pipelines[language] = create_pipeline(language, self.ontology)
        return self._pipelines[language]

    def extract(self, document: Document) -> DocumentGraph:
        """Mentions, links and relations of one document (Chinese without word spaces is segmented first).

        :raises DocumentError: the ontology has no rules for the document's language, or a paragraph is too long
            for the rules to read in reasonable time.
        """
        for kind in ("mentions", "relations"):
            if f"{kind}.{document.language}" not in self.ontology.rules:
                raise DocumentError(document.source, f"no extraction rules for language {document.language!r} "
                                                     f"(ontology/rules/{kind}.{document.language}.json)")
        longest = max((len(p.text) for p in document.paragraphs), default=0)
        if longest > MAX_PARAGRAPH_CHARS:
            raise DocumentError(document.source, f"a paragraph of {longest:,} characters is longer than "
                                                 f"{MAX_PARAGRAPH_CHARS:,}; split it into paragraphs")
        from kg.segment import Segmenter, is_segmented

        if document.language == "zh" and not is_segmented(document):
            if self._segmenter is None:
                self._segmenter = Segmenter(self.ontology)
            return self._segmenter.restore(self._extract(self._segmenter.segment(document)), document)
        return self._extract(document)

    def _extract(self, document: Document) -> DocumentGraph:
        from kg.link import link_mentions, main_organization
        from kg.mentions import find_mentions
        from kg.relations import extract_relations

        mentions = find_mentions(document, self.pipeline(document.language), self.ontology)
        # One mention is enough to own "理事会" in the same text; the subject sentences leave out takes several.
        owner_iri = main_organization(mentions, self.ontology, min_mentions=1)
        linked = link_mentions(document, mentions, self.ontology, main=owner_iri)
        main_iri = main_organization(mentions, self.ontology)
        main = self.ontology.entities[main_iri] if main_iri else None
        relations = extract_relations(document, linked, self.ontology, main=main, anaphora=self.settings.anaphora)
        relations = [r for r in relations if r.evidence.confidence >= self.settings.min_confidence]
        return DocumentGraph(document, linked, relations)


def input_files(inputs: Iterable[Path]) -> list[Path]:
    """Files named directly, and the readable files under folders (:data:`INPUT_SUFFIXES`), in a stable order."""
    files: list[Path] = []
    for path in inputs:
        path = Path(path)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)
        else:
            files.append(path)
    return files


# --- the worker side: one document in, one shard out ---------------------------------------------------------------

@dataclass(frozen=True)
class Job:
    """What every worker needs to process a document of this build."""

    settings: Settings
    cache: str
    fingerprint: str
    keep_graphs: bool = False
    max_file_bytes: int = MAX_DOCUMENT_BYTES  # PDF, Word and HTML files (read whole)
    stream_bytes: int = STREAM_BYTES  # text files over this are read and extracted a part at a time
    part_chars: int = PART_CHARS


_local = threading.local()  # per worker (process or Dask thread): the extractor and shard writer, built once


def _tools(job: Job) -> tuple[Extractor, ShardWriter]:
    tools = getattr(_local, "tools", None)
    if tools is None or tools[0] != job.fingerprint:
        tools = _local.tools = (job.fingerprint, Extractor(job.settings), ShardWriter())
    return tools[1], tools[2]


def _shard_path(job: Job, key: str) -> Path:
    return Path(job.cache) / f"{key}{SHARD_SUFFIX}"


def keyed_files(job: Job, files: Iterable[Path]) -> Iterator[tuple[Path, str]]:
    """Each file with its shard key, hashed once here for both the cache lookup and the worker."""
    for path in files:
        yield Path(path), shard_key(Path(path), job.fingerprint)


def cached_summary(job: Job, item: tuple[Path, str]) -> DocumentSummary | None:
    """The summary of the shard an earlier build left for this very file (and its key) and build, if any (a file
    big enough to be streamed is extracted again: its parts are not looked up)."""
    path, key = item
    try:
        if path.stat().st_size > job.stream_bytes:
            return None
    except OSError:
        return None
    shard = _shard_path(job, key)
    header = read_header(shard)
    return DocumentSummary.from_header(path, shard, header, cached=True) if header else None


def process_document(job: Job, item: tuple[Path, str]) -> DocumentSummary:
    """Extract one file (with its shard key, see :func:`keyed_files`) into its shard (run by the workers).

    A file that cannot be read comes back as a summary with ``error`` set; any other error propagates. A big
    text file is read and extracted a part at a time (:func:`kg.read.read_document_parts`), each part into a shard
    of its own; its summary adds them up and lists them in ``parts``.
    """
    path, key = Path(item[0]), item[1]
    shard = _shard_path(job, key)
    extractor, writer = _tools(job)
    parts: list[DocumentSummary] = []
    try:
        documents = read_document_parts(path, lang=job.settings.language, max_bytes=job.max_file_bytes,
                                        stream_bytes=job.stream_bytes, part_chars=job.part_chars)
        for number, document in enumerate(documents):
            graph = extractor.extract(document)
            part_shard = shard if number == 0 else shard.with_name(f"{key}-{number}{SHARD_SUFFIX}")
            header = write_shard(part_shard, key, graph, extractor.ontology, writer)
            parts.append(DocumentSummary.from_header(path, part_shard, header, cached=False))
            parts[-1].result = graph if job.keep_graphs else None
            if len(parts) > 1:  # one table of the file's entities, not one per part, so memory stays flat
                parts[0].entities.update(parts[-1].entities)
                parts[-1].entities = {}
    except DocumentError as error:  # sent back as text: DocumentError does not survive pickling
        return DocumentSummary(str(path), error=error.problem)
    return parts[0] if len(parts) == 1 else _whole(parts)


def _whole(parts: list[DocumentSummary]) -> DocumentSummary:
    """The summary of a streamed file from its parts' (the first holds the file's entities: see
    :func:`process_document`)."""
    first = parts[0]
    whole = DocumentSummary(first.path, first.key, first.document, first.graph, first.shard, entities=first.entities,
                            format=first.format, language=first.language, parts=parts)
    first.entities = {}
    predicates: Counter = Counter()
    prefixes: set[str] = set()
    for part in parts:
        predicates.update(part.predicates)
        prefixes.update(part.prefixes)
        whole.paragraphs += part.paragraphs
    whole.predicates, whole.prefixes = dict(predicates), sorted(prefixes)
    return whole


# --- this process: store writes, counts, outputs -------------------------------------------------------------------

class _StoreWriter:
    """Writes documents to the store as they arrive, in bulk loads of a batch (see
    :func:`kg.store.bulk_load_documents`): transactions cost several times more per triple.

    A thread of its own loads the ontology graph (if changed), then the batches, one at a time, in order:
    pyoxigraph lets go of the GIL while it loads, so this process goes on starting the workers, taking their
    results, and merging the outputs at the end, meanwhile.
    """

    def __init__(self, location: str | Path, ontology_dir: Path | None) -> None:
        from kg.store import document_keys, load_ontology_graph, open_store

        # pyoxigraph objects must be dropped on the thread that made them: cyclic garbage holding one (a query's
        # results in an exception's frames, in a process that queried before) is collected here, not by a
        # collection that the loading thread would run, which would leak it and keep its store open.
        gc.collect()
        self.store = open_store(location)
        self.keys = document_keys(self.store)
        self.seen: set[str] = set()
        self.batch: list[tuple[str, bytes, str, bool]] = []
        self.batch_bytes = 0
        self._loader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-store")
        self._loading: Future | None = self._loader.submit(load_ontology_graph, self.store, ontology_dir)

    def __enter__(self) -> "_StoreWriter":
        return self

    def __exit__(self, *exc: object) -> None:
        self._loader.shutdown(wait=True, cancel_futures=True)

    def write(self, summary: DocumentSummary) -> str:
        """Write the document unless the store has it from the same file and build; returns its status."""
        previous = self.keys.get(summary.graph)
        replace = summary.graph not in self.seen  # a second file with the same symbol adds to the graph
        self.seen.add(summary.graph)
        if replace and previous == summary.key:
            return "unchanged"
        ntriples = read_sections(summary.shard, ("ntriples",))["ntriples"]
        self.batch.append((summary.graph, ntriples, summary.key, replace))
        self.batch_bytes += len(ntriples)
        if len(self.batch) >= _STORE_BATCH or self.batch_bytes >= _BATCH_BYTES:
            self.flush()
        return "new" if previous is None else "changed"

    def flush(self) -> None:
        """Hand the batch to the loading thread, once the one before is loaded (so memory holds two at most)."""
        from kg.store import bulk_load_documents

        if self.batch:
            self._wait()
            self._loading = self._loader.submit(bulk_load_documents, self.store, self.batch)
            self.batch, self.batch_bytes = [], 0

    def _wait(self) -> None:
        loading, self._loading = self._loading, None
        if loading is not None:
            loading.result()  # raises what the load raised

    def close(self) -> None:
        """Load what is left and wait for it.

        :raises StoreError: the ontology or a batch could not be loaded.
        """
        self.flush()
        self._wait()
        if hasattr(self.store, "flush"):
            self.store.flush()


def build(inputs: Iterable[Path], out: Path | None = None, *, settings: Settings = DEFAULT_SETTINGS,
          progress: Callable[[Path], None] | None = None, jobs: int | None = None, engine: str = "processes",
          scheduler: str | None = None, store: str | Path | None = None, keep_graphs: bool = True,
          max_file_bytes: int = MAX_DOCUMENT_BYTES, stream_bytes: int = STREAM_BYTES,
          part_chars: int = PART_CHARS) -> BuildResult:
    """Build the knowledge graph of the input documents; with ``out``, write it there; with ``store``, load it.

    :param inputs: files or folders (folders: every readable file under them, see :data:`INPUT_SUFFIXES`).
    :param out: the output folder for ``graph.ttl``, ``graph.trig``, ``triples.jsonl`` and ``triples.csv``;
        it also keeps each document's shard in ``.kg-cache/``, so that an unchanged file is not extracted again.
    :param settings: language, ontology folder, confidence threshold.
    :param progress: called with each file's summary once it is done, in input order (``error`` set if it
        failed; ``format``, ``language``, ``document`` and ``paragraphs`` say what was read).
    :param jobs: worker processes (default: all cores); one file, or ``jobs=1``, runs in this process.
    :param engine: ``processes`` or ``dask`` (extraction on a Dask cluster, bulk loads into the store).
    :param scheduler: the Dask scheduler's address (default: a local cluster of ``jobs`` workers).
    :param store: a store folder or SPARQL server URL: documents' graphs are written as they arrive, in bulk
        loads of a batch (:func:`kg.store.bulk_load_documents`), skipped when the store has them from the same
        file and build.
    :param keep_graphs: keep every document's graph in ``result.graphs`` (memory grows with the corpus); False
        streams, and reuses the shards of unchanged files.
    :param max_file_bytes: PDF, Word and HTML files over this are refused (they are read whole).
    :param stream_bytes: text files over this are read and extracted a part of ``part_chars`` characters at a
        time, and merged into one graph (the same as if read whole but for what extraction learns from the whole
        document: see :func:`kg.read.read_document_parts`).
    :returns: the counts (new, changed, unchanged), the graphs if kept, and the files that could not be read
        (they do not stop the build).
    """
    started = time.perf_counter()
    files = input_files(inputs)
    jobs = max(1, min(jobs or default_jobs(), len(files)))
    result = BuildResult()
    with ExitStack() as stack:
        if out is not None:
            cache = Path(out) / CACHE_DIR
            cache.mkdir(parents=True, exist_ok=True)
        else:
            cache = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kg-build-")))
        previous = _read_index(cache)
        writer = stack.enter_context(_StoreWriter(store, settings.ontology_dir)) if store is not None else None
        # graph.ttl's records are gathered as the documents arrive, while the workers extract the next ones
        merged, repeats = None, RepeatFilter()
        if out is not None:
            merged = MergedGraph(Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="sort-", dir=cache))))
        # How files are cut into parts shapes their shards: a change of it is a change of build.
        build_key = f"{fingerprint(settings)}:{stream_bytes}:{part_chars}"
        job = Job(settings, str(cache), build_key, keep_graphs, max_file_bytes, stream_bytes, part_chars)
        built: list[tuple[str, int, str, str]] = []  # (document id, input order, shard, key)
        prefixes: set[str] = set()
        shortcut = None if keep_graphs else partial(cached_summary, job)
        summaries = ordered_map(partial(process_document, job), keyed_files(job, files), jobs=jobs, engine=engine,
                                scheduler=scheduler, shortcut=shortcut)
        for order, summary in enumerate(summaries):
            if summary.error:
                error = DocumentError(summary.path, summary.error)
                log.warning("%s", error)
                result.failures.append(error)
            else:
                parts = summary.parts or [summary]
                status = writer.write(parts[0]) if writer else _status(summary, previous)
                for part in parts[1:]:
                    if writer and status != "unchanged":  # the store has all parts or none
                        writer.write(part)
                result.add(summary, status)
                result.graphs += [part.result for part in summary.parts if part.result is not None]
                built += [(part.document, order, part.shard, part.key) for part in parts]
                prefixes.update(summary.prefixes)
                if merged is not None:
                    for part in parts:
                        merged.add(read_records(part.shard, repeats))
            if progress:
                progress(summary)
        if out is not None and merged is not None and built:
            _write_outputs(built, prefixes, Path(out), merged)  # while the store loads the last batch
        if writer:
            writer.close()
        if out is not None and built:
            _write_index(cache, built)
    result.seconds = time.perf_counter() - started
    return result


def _status(summary: DocumentSummary, previous: dict[str, list[str]]) -> str:
    """New, changed or unchanged since the last build into the same output folder (no store given)."""
    if summary.document not in previous:
        return "new"
    return "unchanged" if summary.key in previous[summary.document] else "changed"


def _read_index(cache: Path) -> dict[str, list[str]]:
    try:
        index = json.loads((cache / _INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return index if isinstance(index, dict) else {}


def _write_index(cache: Path, built: list[tuple[str, int, str, str]]) -> None:
    """Record this build's shards and delete the shards no longer used."""
    index: dict[str, list[str]] = {}
    for document, _, _, key in built:
        index.setdefault(document, []).append(key)
    write_atomic(cache / _INDEX, json.dumps(index, ensure_ascii=False, sort_keys=True))
    used = {Path(shard).name for _, _, shard, _ in built} | {_INDEX}
    for path in cache.iterdir():  # shards of files gone or changed, and what killed builds left
        if path.is_dir() and path.name.startswith("sort-"):
            shutil.rmtree(path, ignore_errors=True)
        elif path.name not in used and path.suffix in (SHARD_SUFFIX, ".json", ".tmp"):  # .json: format 2
            path.unlink(missing_ok=True)


def write_outputs(result: BuildResult, out: Path, ontology: Ontology) -> None:
    """Write the four output files of a build whose graphs are in memory, each atomically."""
    writer = ShardWriter()
    with tempfile.TemporaryDirectory(prefix="kg-build-") as tmp:
        built, prefixes = [], set()
        merged, repeats = MergedGraph(Path(tmp)), RepeatFilter()
        for order, graph in enumerate(result.graphs):
            shard = Path(tmp) / f"{order}{SHARD_SUFFIX}"
            header = write_shard(shard, "", graph, ontology, writer)
            built.append((graph.document.id, order, str(shard), ""))
            prefixes.update(header["prefixes"])
            merged.add(read_records(shard, repeats))
        _write_outputs(built, prefixes, Path(out), merged)


def _document_parts(shards: list[str]) -> tuple[str, str, str]:
    """TriG block, JSON lines and CSV lines of one document id; several files with that id are merged."""
    if len(shards) == 1:
        parts = read_sections(shards[0], ("trig", "jsonl", "csv"))
        return parts["trig"].decode("utf-8"), parts["jsonl"].decode("utf-8"), parts["csv"].decode("utf-8")
    records = sorted({tuple(map(_frozen, r)) for shard in shards for r in read_records(shard)})
    graph_line = read_text(shards[0], "trig").split(" {", 1)[0]
    rows = sorted((json.loads(line) for shard in shards
                   for line in read_sections(shard, ("jsonl",))["jsonl"].splitlines()), key=row_order)
    return graph_line + " {" + graph_blocks(records) + "}\n", rows_to_jsonl(rows), rows_to_csv(rows, header=False)


def _write_streamed_document(shards: list[str], files: dict[str, IO[str]], tmp: Path) -> None:
    """Write the parts of one streamed file as one document, reading a shard at a time: the same outputs as its
    graph in one shard would give. Its parts hold successive paragraphs, so the rows stay in order when the
    relations of every part come before the mentions; an entity's mention row is the first part's."""
    graph_line = read_text(shards[0], "trig").split(" {", 1)[0]
    files["graph.trig"].write(graph_line + " {")
    records = (record for shard in shards for record in read_records(shard))
    write_merged_blocks(files["graph.trig"], records, tmp, depth=1)
    files["graph.trig"].write("}\n")
    mentioned: set[str] = set()
    for mentions in (False, True):
        for shard in shards:
            rows = [row for line in read_sections(shard, ("jsonl",))["jsonl"].splitlines()
                    for row in [json.loads(line)] if (row["predicate"] == "mentions") == mentions]
            if mentions:
                rows = [row for row in rows if row["object_iri"] not in mentioned]
                mentioned.update(row["object_iri"] for row in rows)
            files["triples.jsonl"].write(rows_to_jsonl(rows))
            files["triples.csv"].write(rows_to_csv(rows, header=False))


def _frozen(value: object) -> object:
    """JSON lists back to tuples, so that records can be put in a set."""
    return tuple(_frozen(v) for v in value) if isinstance(value, list) else value


def _write_outputs(built: list[tuple[str, int, str, str]], prefixes: set[str], out: Path,
                   merged: MergedGraph) -> None:
    """Merge the shards into the four outputs, documents sorted by id; all four replace the old ones at the end.

    :param merged: the records of every shard, gathered for ``graph.ttl``.
    """
    built = sorted(built, key=itemgetter(0, 1))
    with _atomic_files(out, OUTPUTS) as files:
        files["graph.trig"].write(prefix_lines(prefixes))
        files["triples.csv"].write(CSV_HEADER)
        for _, group in groupby(built, key=itemgetter(0)):
            entries = list(group)
            shards = [shard for _, _, shard, _ in entries]
            if len(entries) > 1 and len({order for _, order, _, _ in entries}) == 1:
                _write_streamed_document(shards, files, merged.tmp)
            else:
                trig, jsonl, csv_lines = _document_parts(shards)
                files["graph.trig"].write(trig)
                files["triples.jsonl"].write(jsonl)
                files["triples.csv"].write(csv_lines)
        files["graph.trig"].write("\n")
        merged.write_turtle(files["graph.ttl"], prefixes)


@contextmanager
def _atomic_files(folder: Path, names: Iterable[str]) -> Iterator[dict[str, IO[str]]]:
    """Text files written under temporary names and renamed together once all are complete (else removed)."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, IO[str]] = {}
    temporary: dict[str, str] = {}
    try:
        for name in names:
            fd, temporary[name] = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
            files[name] = os.fdopen(fd, "w", encoding="utf-8", newline="")
        yield files
        for name, handle in files.items():
            handle.close()
            os.chmod(temporary[name], 0o644)  # mkstemp makes the file private; outputs are meant to be shared
        for name in names:
            os.replace(temporary[name], folder / name)
            for stale in folder.glob(f".{name}.*.tmp"):  # left by a killed build
                stale.unlink(missing_ok=True)
    finally:
        for name, handle in files.items():
            handle.close()
            Path(temporary[name]).unlink(missing_ok=True)
