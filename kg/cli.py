"""The ``kg`` command: each command parses options, calls one library function and prints the result."""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Optional

import typer

from kg.build import build as build_graph
from kg.build import input_files
from kg.config import Settings
from kg.errors import KgError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="unkg: build knowledge graphs of United Nations documents, query and draw them.")


def _fail(error: Exception) -> None:
    typer.echo(f"Error: {error}", err=True)
    raise typer.Exit(1)


@app.callback()
def main(verbose: bool = typer.Option(False, "-v", "--verbose", help="show debug logs")) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.ERROR, format="%(levelname)s %(name)s: %(message)s")


@app.command()
def build(
    inputs: list[Path] = typer.Argument(..., help="files or folders of UN documents (.txt)"),
    out: Path = typer.Option(Path("output"), "--out", help="output folder"),
    lang: Optional[str] = typer.Option(None, "--lang", help="zh or en (default: detected per file)"),
    quiet: bool = typer.Option(False, "--quiet", help="no progress bar"),
) -> None:
    """Build the knowledge graph of UN documents.

    Example: kg build data/E-2009-100.zh.txt --out output
    """
    if lang not in (None, "zh", "en"):
        _fail(KgError(f"--lang must be zh or en, not {lang!r}"))
    files = input_files(inputs)
    show = not quiet and sys.stderr.isatty() and len(files) > 1
    try:
        with typer.progressbar(length=len(files), label="Building", file=sys.stderr,
                               hidden=not show) as bar:
            result = build_graph(inputs, out, settings=Settings(language=lang), progress=lambda _: bar.update(1))
    except KgError as error:
        _fail(error)
    for failure in result.failures:
        typer.echo(f"Error: {failure}", err=True)
    if result.graphs:
        entities = ", ".join(f"{cls} {n}" for cls, n in sorted(result.entity_counts().items()))
        predicates = ", ".join(f"{p} {n}" for p, n in sorted(result.predicate_counts().items()))
        typer.echo(f"documents: {len(result.graphs)}  entities: {entities or 'none'}")
        typer.echo(f"triples: {predicates or 'none'}")
        typer.echo(f"written to {out} in {result.seconds:.2f} s")
    if result.failures:
        typer.echo(f"{len(result.failures)} of {len(files)} file(s) failed", err=True)
        raise typer.Exit(1)
