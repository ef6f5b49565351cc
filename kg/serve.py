"""A read-only SPARQL 1.1 Protocol endpoint over the store (``kg serve``), with Starlette and uvicorn.

``GET /sparql?query=…`` and ``POST /sparql`` (form-encoded or ``application/sparql-query``) run a query over the
store opened read-only, so ``kg build --store`` may write it meanwhile. Results follow the ``Accept`` header:
SPARQL JSON, XML, CSV or TSV for SELECT/ASK; Turtle, N-Triples or JSON-LD for CONSTRUCT/DESCRIBE. Updates are
refused with 403. Each query has a time limit (503 past it) and results are cut to a maximum number of
solutions or triples (header ``X-Unkg-Truncated: true``). The server listens on loopback unless told otherwise.
"""
from __future__ import annotations

import asyncio
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from kg.errors import QueryError
from kg.query import ALL_PREFIXES, _syntax_error, json_results
from kg.store import open_store

log = logging.getLogger(__name__)
LOOPBACK = ("127.0.0.1", "::1", "localhost")
RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
_CONTENT_TYPE = {ox.QueryResultsFormat.JSON: "application/sparql-results+json",
                 ox.QueryResultsFormat.XML: "application/sparql-results+xml",
                 ox.QueryResultsFormat.CSV: "text/csv; charset=utf-8",
                 ox.QueryResultsFormat.TSV: "text/tab-separated-values; charset=utf-8"}


class QueryTimeout(Exception):
    """A query ran past the time limit."""


@dataclass
class Answer:
    """A query's results, evaluated and cut to the maximum size."""

    kind: str  # select, ask or graph
    variables: list[str]
    solutions: list[list[object]]
    boolean: bool
    triples: list[ox.Triple]
    truncated: bool


def _negotiate(accept: str, offered: dict[str, object], default: str) -> str | None:
    """The offered media type the ``Accept`` header prefers (q-values honoured); None if none is acceptable."""
    choices: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if not media or q <= 0:
            continue
        if media in ("*/*", "application/*", "text/*"):
            prefix = media.split("/")[0]
            matched = default if media == "*/*" or default.startswith(prefix) else next(
                (m for m in offered if m.startswith(prefix)), None)
        else:
            matched = media if media in offered else None
        if matched:
            choices.append((-q, index, matched))
    if not accept.strip():
        return default
    return min(choices)[2] if choices else None


class Endpoint:
    """The store, the limits and the worker threads of one server."""

    def __init__(self, store: str | Path, *, timeout: float = 30.0, max_results: int = 10000, workers: int = 4):
        self.store = open_store(store, read_only=True)
        self.timeout = timeout
        self.max_results = max_results
        self.slots = threading.BoundedSemaphore(workers)

    def evaluate(self, query: str, deadline: float) -> Answer:
        """Run a query and collect at most ``max_results`` results, stopping at the deadline between results."""
        try:
            results = self.store.query(query, prefixes=ALL_PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as e:
            raise _syntax_error(e) from None
        except (ValueError, RuntimeError, OSError) as e:
            raise QueryError(f"query failed: {' '.join(str(e).split())}") from None
        if isinstance(results, ox.QueryBoolean):
            return Answer("ask", [], [], bool(results), [], False)
        items: list = []
        truncated = False
        for item in results:
            if time.monotonic() > deadline:
                raise QueryTimeout()
            if len(items) >= self.max_results:
                truncated = True
                break
            items.append(item)
        if isinstance(results, ox.QueryTriples):
            return Answer("graph", [], [], False, items, truncated)
        names = [v.value for v in results.variables]
        return Answer("select", names, [[s[n] for n in names] for s in items], False, [], truncated)

    async def run(self, query: str) -> Answer:
        """Evaluate in a daemon thread (at most ``workers`` at once), giving up after the time limit.

        A query past its limit cannot be interrupted inside Oxigraph: its thread keeps its slot until it ends
        or reaches the deadline between two results, and the server answers 503 meanwhile.
        """
        if not self.slots.acquire(blocking=False):
            raise QueryTimeout("all query workers are busy")
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Answer] = loop.create_future()
        deadline = time.monotonic() + self.timeout

        def work() -> None:
            try:
                answer = self.evaluate(query, deadline)
                loop.call_soon_threadsafe(_settle, future, answer, None)
            except BaseException as e:  # handed to the request
                loop.call_soon_threadsafe(_settle, future, None, e)
            finally:
                self.slots.release()

        threading.Thread(target=work, daemon=True, name="sparql-query").start()
        try:
            return await asyncio.wait_for(asyncio.shield(future), self.timeout)
        except asyncio.TimeoutError:
            raise QueryTimeout(f"the query ran past the {self.timeout:g} s limit") from None


def _settle(future: "asyncio.Future[Answer]", answer: Answer | None, error: BaseException | None) -> None:
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(answer)  # type: ignore[arg-type]


def _render(answer: Answer, accept: str) -> Response:
    if answer.kind == "graph":
        media = _negotiate(accept, GRAPH_TYPES, "text/turtle")
        if media is None:
            return PlainTextResponse("Not Acceptable: offered " + ", ".join(GRAPH_TYPES), 406)
        data = ox.serialize(answer.triples, format=GRAPH_TYPES[media])  # type: ignore[call-overload]
        response = Response(data, media_type=media + ("; charset=utf-8" if media.startswith("text/") else ""))
    else:
        media = _negotiate(accept, RESULT_TYPES, "application/sparql-results+json")
        if media is None:
            return PlainTextResponse("Not Acceptable: offered " + ", ".join(RESULT_TYPES), 406)
        if answer.kind == "ask":
            body = ('{"head":{},"boolean":%s}' % ("true" if answer.boolean else "false")).encode()
        else:
            body = json_results(answer.variables, answer.solutions)
        format_ = RESULT_TYPES[media]
        if format_ != ox.QueryResultsFormat.JSON:
            body = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(format=format_)
        response = Response(body, media_type=_CONTENT_TYPE[format_])
    if answer.truncated:
        response.headers["X-Unkg-Truncated"] = "true"
    return response


def create_app(store: str | Path, *, timeout: float = 30.0, max_results: int = 10000) -> Starlette:
    """The Starlette application serving ``/sparql`` over the store."""
    endpoint = Endpoint(store, timeout=timeout, max_results=max_results)

    async def sparql(request: Request) -> Response:
        if request.method == "GET":
            params = request.query_params
            if "update" in params:
                return PlainTextResponse("Forbidden: this endpoint is read-only", 403)
            query = params.get("query")
        else:
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type == "application/sparql-update":
                return PlainTextResponse("Forbidden: this endpoint is read-only", 403)
            if content_type == "application/sparql-query":
                query = (await request.body()).decode("utf-8")
            elif content_type == "application/x-www-form-urlencoded":
                form = parse_qs((await request.body()).decode("utf-8"))
                if "update" in form:
                    return PlainTextResponse("Forbidden: this endpoint is read-only", 403)
                query = form.get("query", [""])[0]
            else:
                return PlainTextResponse("Unsupported Media Type: use application/sparql-query or a form", 415)
        if not query:
            return PlainTextResponse("Bad Request: no query parameter", 400)
        try:
            answer = await endpoint.run(str(query))
        except QueryError as e:
            return PlainTextResponse(f"Bad Request: {e}", 400)
        except QueryTimeout as e:
            return PlainTextResponse(f"Service Unavailable: {e}", 503)
        return _render(answer, request.headers.get("accept", ""))

    async def index(request: Request) -> Response:
        return PlainTextResponse("unkg SPARQL endpoint: GET or POST /sparql?query=…\n")

    return Starlette(routes=[Route("/sparql", sparql, methods=["GET", "POST"]), Route("/", index)])


def serve(store: str | Path, *, host: str = "127.0.0.1", port: int = 7878, timeout: float = 30.0,
          max_results: int = 10000) -> None:
    """Run the endpoint until interrupted."""
    import uvicorn

    if host not in LOOPBACK:
        log.warning("listening on %s: the endpoint is reachable from other machines", host)
        print(f"Warning: listening on {host}, not loopback: other machines can query this store", flush=True)
    app = create_app(store, timeout=timeout, max_results=max_results)
    print(f"SPARQL endpoint at http://{host}:{port}/sparql (read-only, {timeout:g} s limit, "
          f"{max_results} results max)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
