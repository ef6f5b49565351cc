"""Run SPARQL over the store: SPARQL text, a ``.rq`` file or a saved query from ``kg/queries/`` by name.

The project's prefixes are predeclared. Parameters (``--param org=UN-Habitat``) are bound as plain string
literals with an inline ``VALUES`` block at the start of the ``WHERE`` clause, never pasted into the query
text, so a value cannot change the query. The default graph is the union of the named graphs.

A saved query names an entity by any of its labels with ``# @labelkey NAME``: the parameter is then bound as
its label key (:func:`kg.ontology.normalize_label`), which the query matches with ``?entity unkg:labelKey ?NAME``,
one index lookup instead of comparing every label in the store.
"""
from __future__ import annotations

import json
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Union

import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.ontology import normalize_label
from kg.rdf import PREFIXES
from kg.store import RemoteStore, Store, open_store

QUERY_DIR = Path(__file__).resolve().parent / "queries"
ALL_PREFIXES: dict[str, str] = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    **{name: str(namespace) for name, namespace in PREFIXES.items()},
}
FORMATS = ("table", "csv", "tsv", "json")
_PARAM_LINE = re.compile(r"^#\s*@param\s+(\w+)\s*(.*)$", re.MULTILINE)
_LABEL_KEY_LINE = re.compile(r"^#\s*@labelkey\s+(\w+)\s*$", re.MULTILINE)
_TOKEN = re.compile(r'''(?P<comment>\#[^\n]*)
    |(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    |(?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)
    |(?P<word>[A-Za-z_][A-Za-z0-9_]*)
    |(?P<brace>\{)
    |(?P<other>\S)''', re.VERBOSE | re.DOTALL)
_ERROR_POSITION = re.compile(r"error at (\d+):(\d+):?\s*(.*)", re.DOTALL)

Results = Union[ox.QuerySolutions, ox.QueryBoolean, ox.QueryTriples]


@dataclass
class SavedQuery:
    """A ``.rq`` file of ``kg/queries/``: its name, text, description, parameters and the parameters bound as
    label keys."""

    name: str
    text: str
    description: str = ""
    params: dict[str, str] = field(default_factory=dict)
    label_keys: frozenset[str] = frozenset()

    def bind(self, params: dict[str, str]) -> str:
        """The query text with its parameters bound (see :func:`bind_params`), label keys normalised."""
        return bind_params(self.text, {name: normalize_label(value) if name in self.label_keys else value
                                       for name, value in params.items()})


def saved_queries() -> dict[str, SavedQuery]:
    """Every saved query by name."""
    return {path.stem: _saved(path) for path in sorted(QUERY_DIR.glob("*.rq"))}


def _saved(path: Path) -> SavedQuery:
    text = path.read_text(encoding="utf-8")
    description = next((line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("#")), "")
    params = {m.group(1): m.group(2).strip() for m in _PARAM_LINE.finditer(text)}
    label_keys = frozenset(m.group(1) for m in _LABEL_KEY_LINE.finditer(text))
    return SavedQuery(path.stem, text, description, params, label_keys)


def resolve(query: str) -> SavedQuery:
    """The query given as SPARQL text, a ``.rq`` file or a saved query name."""
    candidate = query.strip()
    if candidate.endswith(".rq") and "\n" not in candidate:
        path = Path(candidate)
        if not path.is_file():
            raise QueryError(f"query file not found: {path}")
        return _saved(path)
    if re.fullmatch(r"[\w.-]+", candidate):
        saved = saved_queries()
        if candidate in saved:
            return saved[candidate]
        raise QueryError(f"no saved query named {candidate!r}; saved queries: {', '.join(saved)}")
    return SavedQuery("query", query)


def _tokens(text: str) -> Iterator[re.Match]:
    return _TOKEN.finditer(text)


def variables_in(text: str) -> set[str]:
    """The variable names used in a query (outside strings, IRIs and comments)."""
    return {m.group("var")[1:] for m in _tokens(text) if m.lastgroup == "var"}


def calls_service(text: str) -> bool:
    """True when a query has a ``SERVICE`` clause (federated query: the engine would fetch another URL)."""
    for match in _tokens(text):
        if match.lastgroup == "word" and match.group().upper() == "SERVICE":
            around = text[match.start() - 1:match.start()] + text[match.end():match.end() + 1]
            if ":" not in around:  # not a prefixed name such as ex:service or service:x
                return True
    return False


def literal(value: str) -> str:
    """A SPARQL string literal for a value, escaped by Oxigraph."""
    return str(ox.Literal(value))


def bind_params(text: str, params: dict[str, str]) -> str:
    """Bind each parameter ``?name`` to a string literal with a ``VALUES`` block opening the WHERE clause.

    :raises QueryError: a parameter is not a variable of the query, or the query has no WHERE clause.
    """
    if not params:
        return text
    used = variables_in(text)
    for name in params:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"bad parameter name {name!r}")
        if name not in used:
            raise QueryError(f"the query has no variable ?{name} for --param {name}")
    previous = ""
    form = ""
    insert_at = -1
    for match in _tokens(text):
        kind = match.lastgroup
        if kind == "comment":
            continue
        if kind == "word" and not form and match.group().upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            form = match.group().upper()
        if kind == "brace" and (previous == "WHERE" or form in ("SELECT", "ASK")):
            insert_at = match.end()
            break
        previous = match.group().upper() if kind == "word" else ""
    if insert_at < 0:
        raise QueryError("parameters need a query with a WHERE clause")
    values = " ".join(f"VALUES ?{name} {{ {literal(value)} }}" for name, value in params.items())
    return f"{text[:insert_at]} {values} {text[insert_at:]}"


def prefix_header() -> str:
    """PREFIX declarations of the project's prefixes."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in ALL_PREFIXES.items())


def _syntax_error(error: Exception) -> QueryError:
    message = str(error)
    match = _ERROR_POSITION.search(message)
    if match:
        line, column, rest = match.groups()
        return QueryError(f"SPARQL syntax error at line {line}, column {column}: {' '.join(rest.split())}")
    return QueryError(f"SPARQL error: {' '.join(message.split())}")


@contextmanager
def query_errors() -> Iterator[None]:
    """Turn the errors Oxigraph raises parsing or evaluating a query into :class:`QueryError`."""
    try:
        yield
    except SyntaxError as e:
        raise _syntax_error(e) from None
    except (ValueError, RuntimeError, OSError) as e:
        raise QueryError(f"query failed: {' '.join(str(e).split())}") from None


def check(text: str) -> Results:
    """Parse a query (with the project's prefixes) on an empty store, to report syntax errors and know its form."""
    try:
        return ox.Store().query(text, prefixes=ALL_PREFIXES)
    except SyntaxError as e:
        raise _syntax_error(e) from None
    except (ValueError, RuntimeError, OSError) as e:
        raise QueryError(f"SPARQL error: {' '.join(str(e).split())}") from None


def run_query(location: str | Path | Store, query: str, params: dict[str, str] | None = None) -> Results:
    """Run a query (text, ``.rq`` file or saved name) with its parameters.

    :returns: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE), as pyoxigraph objects.
    :raises QueryError: syntax error, unknown saved query, missing or unknown parameter, failed evaluation.
    """
    saved = resolve(query)
    params = dict(params or {})
    missing = [name for name in saved.params if name not in params]
    if missing:
        raise QueryError(f"query {saved.name} needs --param " + " ".join(f"{name}=…" for name in missing))
    empty = check(saved.text)
    text = saved.bind(params)
    store = open_store(location, read_only=True)
    if isinstance(store, RemoteStore):
        return _remote(store, prefix_header() + text, empty)
    with query_errors():
        return store.query(text, prefixes=ALL_PREFIXES, use_default_graph_as_union=True)


def _remote(store: RemoteStore, text: str, form: Results) -> Results:
    graph = isinstance(form, ox.QueryTriples)
    accept = "application/n-triples" if graph else "application/sparql-results+json"
    try:
        response = store.request("POST", store.query_url, data={"query": text}, headers={"Accept": accept})
    except StoreError as e:
        raise QueryError(str(e)) from None
    if response.status_code == 404:
        raise QueryError(f"{store.query_url}: no SPARQL endpoint here (HTTP 404)")
    if graph:
        return _Triples(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
    return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)


class _Triples(list):
    """Triples of a remote CONSTRUCT/DESCRIBE, standing in for :class:`pyoxigraph.QueryTriples`."""


def is_graph(results: object) -> bool:
    """True for CONSTRUCT/DESCRIBE results."""
    return isinstance(results, (ox.QueryTriples, _Triples))


def term_value(term: object) -> str | None:
    """The lexical value of an RDF term (IRI, blank node id or literal), None if unbound."""
    if term is None:
        return None
    return getattr(term, "value", str(term))


def rows(results: Results) -> list[dict[str, str]]:
    """SELECT solutions as dicts of variable name → value (unbound variables left out)."""
    if not isinstance(results, ox.QuerySolutions):
        raise QueryError("not a SELECT query")
    names = [v.value for v in results.variables]
    return [{name: term_value(solution[name]) for name in names if solution[name] is not None}
            for solution in results]


def select(location: str | Path | Store, query: str, params: dict[str, str] | None = None) -> list[dict[str, str]]:
    """Run a SELECT query and return its rows as dicts."""
    return rows(run_query(location, query, params))


def compact(term: object) -> str:
    """A term for display: IRIs shortened with the project's prefixes, literals as their text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for name, iri in ALL_PREFIXES.items():
            if term.value.startswith(iri) and re.fullmatch(r"[\w.%-]*", term.value[len(iri):]):
                return f"{name}:{term.value[len(iri):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value + (f"@{term.language}" if term.language else "")
    return str(term)


def to_turtle(results: object) -> str:
    """CONSTRUCT/DESCRIBE results as Turtle with the project's prefixes."""
    data = ox.serialize(list(results), format=ox.RdfFormat.TURTLE, prefixes=ALL_PREFIXES)  # type: ignore[call-overload]
    return data.decode("utf-8")


def render(results: Results, fmt: str = "table") -> str | None:
    """Results as text in ``csv``/``tsv``/``json`` (SPARQL results formats) or Turtle for graphs.

    :returns: None for ``table``, which :func:`print_table` prints instead.
    """
    if fmt not in FORMATS:
        raise QueryError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if is_graph(results):
        if fmt == "json":
            data = ox.serialize(list(results), format=ox.RdfFormat.JSON_LD)  # type: ignore[call-overload]
            return data.decode("utf-8")
        return to_turtle(results)
    if fmt == "table":
        return None
    format_ = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
               "json": ox.QueryResultsFormat.JSON}[fmt]
    return results.serialize(format=format_).decode("utf-8")  # type: ignore[union-attr]


def print_table(results: Results) -> int:
    """Print SELECT/ASK results as a rich table; returns the number of rows."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if isinstance(results, ox.QueryBoolean):
        console.print("yes" if bool(results) else "no")
        return 1
    names = [v.value for v in results.variables]  # type: ignore[union-attr]
    table = Table(*names, show_lines=False)
    count = 0
    for solution in results:  # type: ignore[union-attr]
        table.add_row(*(compact(solution[name]) for name in names))
        count += 1
    console.print(table)
    console.print(f"{count} row(s)", style="dim")
    return count


def json_results(variables: list[str], solutions: list[list[object]]) -> bytes:
    """SPARQL 1.1 JSON results of a list of solutions (for results cut to a maximum size)."""
    bindings = []
    for solution in solutions:
        row = {}
        for name, term in zip(variables, solution):
            if term is None:
                continue
            if isinstance(term, ox.NamedNode):
                row[name] = {"type": "uri", "value": term.value}
            elif isinstance(term, ox.BlankNode):
                row[name] = {"type": "bnode", "value": term.value}
            elif isinstance(term, ox.Literal):
                cell = {"type": "literal", "value": term.value}
                if term.language:
                    cell["xml:lang"] = term.language
                elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
                    cell["datatype"] = term.datatype.value
                row[name] = cell
        bindings.append(row)
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False).encode("utf-8")


__all__ = ["run_query", "select", "rows", "render", "print_table", "saved_queries", "resolve", "bind_params",
           "check", "literal", "calls_service", "ALL_PREFIXES", "FORMATS"]
