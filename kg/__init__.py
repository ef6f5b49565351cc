"""unkg: knowledge graphs of United Nations documents, in Chinese and English."""
from kg.build import BuildResult, Extractor, build
from kg.errors import DocumentError, KgError, LinkError, OntologyError, QueryError, StoreError
from kg.model import Document, DocumentGraph, Entity, Evidence, LinkedMention, Mention, Paragraph, Relation, Sentence
from kg.ontology import load_ontology
from kg.read import read_document

__all__ = [
    "BuildResult", "Document", "DocumentError", "DocumentGraph", "Entity", "Evidence", "Extractor", "KgError",
    "LinkError", "LinkedMention", "Mention", "OntologyError", "Paragraph", "QueryError", "Relation", "Sentence",
    "StoreError", "build", "load_ontology", "read_document",
]
