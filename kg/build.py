"""Run the stages in order: read → find mentions → link → extract relations → write RDF and the triples table."""
from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from spacy.language import Language

from kg.components import create_pipeline
from kg.config import DEFAULT_SETTINGS, Settings
from kg.errors import DocumentError
from kg.export import rows_to_csv, rows_to_jsonl, triple_rows, write_atomic
from kg.link import link_mentions, main_organization
from kg.mentions import find_mentions
from kg.model import Document, DocumentGraph
from kg.ontology import Ontology, load_ontology
from kg.rdf import flatten, to_dataset
from kg.read import read_document
from kg.relations import extract_relations

log = logging.getLogger(__name__)
INPUT_SUFFIXES = (".txt",)


@dataclass
class BuildResult:
    """What a build produced: one graph per document read, the files that failed, and timing."""

    graphs: list[DocumentGraph] = field(default_factory=list)
    failures: list[DocumentError] = field(default_factory=list)
    seconds: float = 0.0

    def entity_counts(self) -> Counter:
        """Distinct entities by class."""
        entities = {m.entity.iri: m.entity.type for g in self.graphs for m in g.mentions}
        return Counter(entities.values())

    def predicate_counts(self) -> Counter:
        return Counter(r.predicate for g in self.graphs for r in g.relations)


class Extractor:
    """Holds the ontology and one spaCy pipeline per language; turns documents into graphs."""

    def __init__(self, settings: Settings = DEFAULT_SETTINGS) -> None:
        self.settings = settings
        self.ontology: Ontology = load_ontology(settings.ontology_dir)
        self._pipelines: dict[str, Language] = {}

    def pipeline(self, language: str) -> Language:
        if language not in self._pipelines:
            self._pipelines[language] = create_pipeline(language, self.ontology)
        return self._pipelines[language]

    def extract(self, document: Document) -> DocumentGraph:
        """Mentions, links and relations of one document.

        :raises DocumentError: the ontology has no rules for the document's language.
        """
        for kind in ("mentions", "relations"):
            if f"{kind}.{document.language}" not in self.ontology.rules:
                raise DocumentError(document.source, f"no extraction rules for language {document.language!r} "
                                                     f"(ontology/rules/{kind}.{document.language}.json)")
        mentions = find_mentions(document, self.pipeline(document.language), self.ontology)
        main_iri = main_organization(mentions, self.ontology)
        linked = link_mentions(document, mentions, self.ontology, main=main_iri)
        main = self.ontology.entities[main_iri] if main_iri else None
        relations = extract_relations(document, linked, self.ontology, main=main, anaphora=self.settings.anaphora)
        relations = [r for r in relations if r.evidence.confidence >= self.settings.min_confidence]
        return DocumentGraph(document, linked, relations)


def input_files(inputs: Iterable[Path]) -> list[Path]:
    """Files named directly, and the ``.txt`` files under folders, in a stable order."""
    files: list[Path] = []
    for path in inputs:
        path = Path(path)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)
        else:
            files.append(path)
    return files


def build(inputs: Iterable[Path], out: Path | None = None, *, settings: Settings = DEFAULT_SETTINGS,
          progress: Callable[[Path], None] | None = None) -> BuildResult:
    """Build the knowledge graph of the input documents and, with ``out``, write it there.

    :param inputs: files or folders (folders: every ``.txt`` file under them).
    :param out: the output folder for ``graph.ttl``, ``graph.trig``, ``triples.jsonl`` and ``triples.csv``.
    :param settings: language, ontology folder, confidence threshold.
    :param progress: called with each file once it is done.
    :returns: the graphs and the files that could not be read (they do not stop the build).
    """
    started = time.perf_counter()
    extractor = Extractor(settings)
    result = BuildResult()
    for path in input_files(inputs):
        try:
            document = read_document(path, lang=settings.language)
            result.graphs.append(extractor.extract(document))
        except DocumentError as error:
            log.warning("%s", error)
            result.failures.append(error)
        if progress:
            progress(path)
    if out is not None and result.graphs:
        write_outputs(result, Path(out), extractor.ontology)
    result.seconds = time.perf_counter() - started
    return result


def write_outputs(result: BuildResult, out: Path, ontology: Ontology) -> None:
    """Write the four output files of a build, each atomically."""
    dataset = to_dataset(result.graphs, ontology)
    rows = triple_rows(result.graphs)
    rendered = {
        "graph.trig": dataset.serialize(format="trig"),
        "graph.ttl": flatten(dataset).serialize(format="turtle"),
        "triples.jsonl": rows_to_jsonl(rows),
        "triples.csv": rows_to_csv(rows),
    }
    for name, text in rendered.items():
        write_atomic(out / name, text)
