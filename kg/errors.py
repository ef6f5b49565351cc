"""Errors raised by unkg. The CLI turns them into one-line messages; anything else is a bug.

    KgError
     ├── DocumentError   an input file cannot be read (missing, empty, binary, undecodable)
     ├── OntologyError   the ontology or a rule file is malformed
     ├── LinkError       a mention cannot be linked to an entity
     ├── QueryError      a SPARQL query is malformed or failed
     └── StoreError      the store cannot be opened or written
"""
from __future__ import annotations


class KgError(Exception):
    """Base class of every error unkg raises on purpose."""


class DocumentError(KgError):
    """An input document cannot be read; the message names the file and the problem."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class OntologyError(KgError):
    """The ontology, gazetteer or a rule file is malformed."""


class LinkError(KgError):
    """A mention cannot be linked to an entity."""


class QueryError(KgError):
    """A SPARQL query is malformed or failed."""


class StoreError(KgError):
    """The store cannot be opened, read or written."""
