"""The ``kg`` command: each command parses options, calls one library function and prints the result."""
from __future__ import annotations

import logging
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Optional

import typer
from rich.console import Console

from kg.build import build as build_graph
from kg.build import input_files
from kg.config import Settings
from kg.errors import KgError
from kg.ontology import LABEL_LANGUAGES
from kg.read import MAX_DOCUMENT_BYTES, languages
from kg.shard import DocumentSummary

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="unkg: build knowledge graphs of United Nations documents, query and draw them.")


def _fail(error: Exception) -> None:
    typer.echo(f"Error: {error}", err=True)
    raise typer.Exit(1)


@app.callback()
def main(verbose: bool = typer.Option(False, "-v", "--verbose", help="show debug logs")) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    if not verbose:  # a file read with a loss (e.g. truncated mid-character) is said even without -v
        logging.getLogger("kg.read").setLevel(logging.WARNING)


@app.command()
def build(
    inputs: list[Path] = typer.Argument(..., help="files or folders of UN documents (text, PDF, Word .docx, HTML)"),
    out: Path = typer.Option(Path("output"), "--out", help="output folder"),
    lang: Optional[str] = typer.Option(None, "--lang", help="zh or en (default: detected per file)"),
    quiet: bool = typer.Option(False, "--quiet", help="no progress bar and no line per file read"),
    store: Optional[str] = typer.Option(None, "--store", help="also load into this store folder or SPARQL server URL"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="worker processes (default: all cores)"),
    engine: str = typer.Option("processes", "--engine", help="processes, or dask (pip install 'unkg[dask]')"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address (default: local)"),
    max_file_mb: float = typer.Option(MAX_DOCUMENT_BYTES / 1e6, "--max-file-mb", min=0.0,
                                      help="refuse PDF, Word and HTML files over this many MB (they are read whole; "
                                           "text files of any size are streamed)"),
) -> None:
    """Build the knowledge graph of UN documents; unchanged documents are not extracted again.

    Says per file what it read (path, format, language, document id, paragraphs) unless --quiet.

    Example: kg build data/ --out output --store output/store --jobs 2
    """
    if lang is not None and lang not in languages():
        _fail(KgError(f"--lang must be {' or '.join(languages())}, not {lang!r}"))
    files = input_files(inputs)
    bar = not quiet and sys.stderr.isatty() and len(files) > 1
    try:
        with _build_progress(len(files), bar, say=not quiet) as advance:
            result = build_graph(files, out, settings=Settings(language=lang), progress=advance, jobs=jobs,
                                 engine=engine, scheduler=scheduler, store=store, keep_graphs=False,
                                 max_file_bytes=int(max_file_mb * 1e6))
    except KgError as error:
        _fail(error)
    for failure in result.failures:
        typer.echo(f"Error: {failure}", err=True)
    if result.documents:
        entities = ", ".join(f"{cls} {n}" for cls, n in sorted(result.entity_counts().items()))
        predicates = ", ".join(f"{p} {n}" for p, n in sorted(result.predicate_counts().items()))
        typer.echo(f"documents: {result.documents} (new {result.new}, changed {result.changed}, "
                   f"unchanged {result.unchanged})  entities: {entities or 'none'}")
        typer.echo(f"triples: {predicates or 'none'}")
        typer.echo(f"written to {out} in {result.seconds:.2f} s "
                   f"({result.documents / max(result.seconds, 1e-9):.1f} documents/s)")
    if store and result.documents:
        from kg.store import quad_count

        try:
            typer.echo(f"loaded into {store}: {quad_count(store)} quads")
        except KgError as error:
            _fail(error)
    if result.failures:
        typer.echo(f"{len(result.failures)} of {len(files)} file(s) failed", err=True)
        raise typer.Exit(1)


@contextmanager
def _build_progress(total: int, show: bool, *, say: bool,
                    console: Console | None = None) -> Iterator[Callable[[DocumentSummary], None]]:
    """A progress bar on stderr with documents/s and the time left; yields the function to call per document.

    With ``say``, each file read gets a line on stderr, printed above the bar (through its console, so that the
    bar is redrawn below it rather than broken); files that failed are listed after the build.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("Building"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]} documents/s"), TimeRemainingColumn())
    with Progress(*columns, console=console or Console(stderr=True), disable=not show) as bar:
        task = bar.add_task("build", total=total, rate="-")

        def advance(summary: DocumentSummary) -> None:
            if say and not summary.error:
                bar.console.print(read_line(summary), markup=False, highlight=False, soft_wrap=True)
            bar.advance(task)
            speed = bar.tasks[0].speed
            bar.update(task, rate=f"{speed:.1f}" if speed else "-")

        yield advance


def read_line(summary: DocumentSummary) -> str:
    """What was read from a file: ``PATH: text, zh, document E/2009/100, 97 paragraphs``."""
    parts = f" in {len(summary.parts)} parts (streamed)" if summary.parts else ""
    unchanged = ", unchanged" if summary.cached else ""
    return (f"{summary.path}: {summary.format}, {summary.language}, document {summary.document}, "
            f"{summary.paragraphs} paragraph{'' if summary.paragraphs == 1 else 's'}{parts}{unchanged}")


@app.command()
def remove(
    document: str = typer.Argument(..., help="document id, e.g. E/2009/100"),
    store: str = typer.Option("output/store", "--store", help="store folder or SPARQL server URL"),
) -> None:
    """Remove a document's named graph from the store.

    Example: kg remove E/2009/100 --store output/store
    """
    from kg.store import remove_document

    try:
        if not remove_document(store, document):
            _fail(KgError(f"no document {document!r} in {store}"))
    except KgError as error:
        _fail(error)
    typer.echo(f"removed {document} from {store}")


def _params(values: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name:
            _fail(KgError(f"--param must be NAME=VALUE, not {value!r}"))
        params[name.strip()] = text
    return params


@app.command()
def query(
    query_text: str = typer.Argument(..., metavar="QUERY", help="SPARQL text, a .rq file or a saved query name"),
    param: list[str] = typer.Option([], "--param", help="NAME=VALUE, bound as a string literal (repeatable)"),
    store: str = typer.Option("output/store", "--store", help="store folder or SPARQL server URL"),
    fmt: str = typer.Option("table", "--format", help="table, csv, tsv or json"),
) -> None:
    """Run a SPARQL query over the store. SELECT/ASK print as a table, CONSTRUCT/DESCRIBE as Turtle.

    Example: kg query partners-of --param org=UN-Habitat
    """
    from kg.query import FORMATS, print_table, render, run_query

    if fmt not in FORMATS:
        _fail(KgError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}"))
    try:
        results = run_query(store, query_text, _params(param))
        text = render(results, fmt)
        if text is None:
            print_table(results)
        else:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
    except KgError as error:
        _fail(error)


@app.command()
def serve(
    store: str = typer.Option("output/store", "--store", help="store folder (opened read-only)"),
    host: str = typer.Option("127.0.0.1", "--host", help="address to listen on (loopback by default)"),
    port: int = typer.Option(7878, "--port", help="port"),
    timeout: float = typer.Option(30.0, "--timeout", help="query time limit in seconds"),
    max_results: int = typer.Option(10000, "--max-results", help="most solutions or triples returned"),
    max_request: int = typer.Option(1_000_000, "--max-request", min=1, help="most bytes of query in a request"),
) -> None:
    """Serve the store as a read-only SPARQL 1.1 endpoint at /sparql.

    Example: kg serve --store output/store --port 7878
    """
    from kg.serve import serve as run_server

    try:
        run_server(store, host=host, port=port, timeout=timeout, max_results=max_results, max_request=max_request)
    except KgError as error:
        _fail(error)


# --- networks: viz, export, report (kg.project → kg.viz / kg.export / kg.report) ---------------------------------

def _projected(source: Optional[Path], store: Optional[str], predicates: Optional[str], types: Optional[str],
               document: Optional[str], focus: Optional[str], depth: int, min_degree: int):
    """Read the RDF graph from a build folder or a store and project it with the filters; returns (rdf, networkx
    graph)."""
    from kg.project import load_graph, load_store_graph, project

    if (source is None) == (store is None):
        raise KgError("give either the build folder with --in DIR (the --out folder of `kg build`) or --store")
    rdf = load_graph(source) if source is not None else load_store_graph(store)
    split = (lambda text: [t for t in text.split(",") if t.strip()] if text else None)
    graph = project(rdf, predicates=split(predicates), types=split(types), document=document, focus=focus,
                    depth=depth, min_degree=min_degree)
    return rdf, graph


_IN = typer.Option(None, "--in", help="build folder (graph.trig or graph.ttl)")
_STORE = typer.Option(None, "--store", help="or a store folder or SPARQL server URL (kg build --store)")
_PREDICATES = typer.Option(None, "--predicates", help="comma-separated, e.g. partners-with,supports")
_TYPES = typer.Option(None, "--types", help="comma-separated entity classes, e.g. NGO,UNEntity")
_DOCUMENT = typer.Option(None, "--document", help="only relations from this document, e.g. E/2009/100")
_FOCUS = typer.Option(None, "--focus", help="an entity name in any language: keep its neighbourhood")
_DEPTH = typer.Option(1, "--depth", min=0, help="hops around --focus")


@app.command()
def viz(
    source: Optional[Path] = _IN, store: Optional[str] = _STORE,
    out: Path = typer.Option(..., "--out", help="the HTML page to write"),
    predicates: Optional[str] = _PREDICATES, types: Optional[str] = _TYPES, document: Optional[str] = _DOCUMENT,
    focus: Optional[str] = _FOCUS, depth: int = _DEPTH,
    min_degree: int = typer.Option(1, "--min-degree", min=0, help="hide entities with fewer relations (0: all)"),
    lang: str = typer.Option("en", "--lang", help="label language: en or zh"),
    max_nodes: int = typer.Option(5000, "--max-nodes", min=1, help="refuse to draw more nodes than this"),
) -> None:
    """Draw the network as an interactive, offline HTML page.

    Example: kg viz --in output --out network.html --predicates partners-with --focus UN-Habitat --depth 2
    """
    from kg.viz import write_viz

    try:
        _, graph = _projected(source, store, predicates, types, document, focus, depth, min_degree)
        count = write_viz(graph, out, lang=lang, max_nodes=max_nodes)
    except KgError as error:
        _fail(error)
    typer.echo(f"{count} nodes, {graph.number_of_edges()} edges written to {out}")


@app.command("export")
def export_network(
    source: Optional[Path] = _IN, store: Optional[str] = _STORE,
    fmt: str = typer.Option(..., "--format", help="graphml, gexf, csv, json, jsonld, cytoscape, png or svg"),
    out: Path = typer.Option(..., "--out", help="the file to write (csv: edges; nodes go to NAME-nodes.csv)"),
    predicates: Optional[str] = _PREDICATES, types: Optional[str] = _TYPES, document: Optional[str] = _DOCUMENT,
    focus: Optional[str] = _FOCUS, depth: int = _DEPTH,
    min_degree: int = typer.Option(0, "--min-degree", min=0, help="drop entities with fewer relations"),
) -> None:
    """Export the network for Gephi, spreadsheets, Cytoscape or a report figure.

    Example: kg export --in output --format gexf --out network.gexf
    """
    from kg.export import export_graph

    try:
        rdf, graph = _projected(source, store, predicates, types, document, focus, depth, min_degree)
        written = export_graph(graph, fmt, out, rdf)
    except KgError as error:
        _fail(error)
    typer.echo(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges written to "
               + ", ".join(str(p) for p in written))


@app.command()
def report(
    source: Optional[Path] = _IN, store: Optional[str] = _STORE,
    out: Path = typer.Option(..., "--out", help="report.html or report.md (with report.png next to it)"),
    predicates: Optional[str] = _PREDICATES, types: Optional[str] = _TYPES, document: Optional[str] = _DOCUMENT,
    lang: str = typer.Option("en", "--lang", help="name language: en or zh"),
) -> None:
    """Write a readable report: counts, central organisations, partners, resolutions, communities, a figure.

    Example: kg report --in output --out report.html
    """
    from kg.report import write_report

    if lang not in LABEL_LANGUAGES:
        _fail(KgError(f"--lang must be {' or '.join(LABEL_LANGUAGES)}, not {lang!r}"))
    try:
        _, graph = _projected(source, store, predicates, types, document, None, 1, 0)
        written = write_report(graph, out, lang=lang)
    except KgError as error:
        _fail(error)
    typer.echo("written to " + ", ".join(str(p) for p in written))
