"""A read-only SPARQL 1.1 Protocol endpoint over the store (``kg serve``), with Starlette and uvicorn.

``GET /sparql?query=…`` and ``POST /sparql`` (form-encoded or ``application/sparql-query``) run a query over the
store opened read-only, so ``kg build --store`` may write it meanwhile. Results follow the ``Accept`` header:
SPARQL JSON, XML, CSV or TSV for SELECT/ASK; Turtle, N-Triples or JSON-LD for CONSTRUCT/DESCRIBE. Updates are
refused with 403, and so are federated queries (``SERVICE``: the server would fetch any URL a client names).
Queries run in worker processes; each has a time limit (503 past it, and its worker is killed and replaced, so
slow queries cannot jam the server; 503 too when every worker stayed busy that long), results are cut to a
maximum number of solutions or triples (header ``X-Unkg-Truncated: true``), and a query over ``max_request``
bytes is refused unread (413 in a body, 414 in a URL). The server listens on loopback unless told otherwise, and
warns when it does not.
"""
from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import itertools
import logging
import multiprocessing
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from kg.errors import QueryError, StoreError
from kg.query import ALL_PREFIXES, calls_service, json_results, query_errors
from kg.store import open_store

log = logging.getLogger(__name__)
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RESULTS = 10000
DEFAULT_MAX_REQUEST = 1_000_000  # bytes: SPARQL text that long is an attack or a mistake
DEFAULT_WORKERS = 4
_WORKER_START = 60.0  # seconds a new worker process may take to import and open the store
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


class RequestTooLarge(Exception):
    """A request carries more than ``max_request`` bytes of query."""


@dataclass(frozen=True)
class Answer:
    """A query's results, evaluated and cut to the maximum size, serialised to cross from a worker process."""

    kind: str  # select, ask or graph
    body: bytes  # SPARQL JSON results (select, ask) or N-Triples (graph)
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


def evaluate(store: ox.Store, query: str, max_results: int) -> Answer:
    """Run a query and collect at most ``max_results`` solutions or triples.

    :raises QueryError: a syntax error, an update, or a failed evaluation.
    """
    with query_errors():
        results = store.query(query, prefixes=ALL_PREFIXES, use_default_graph_as_union=True)
        if isinstance(results, ox.QueryBoolean):
            return Answer("ask", b'{"head":{},"boolean":%s}' % (b"true" if results else b"false"), False)
        items = list(itertools.islice(results, max_results + 1))
    truncated = len(items) > max_results
    items = items[:max_results]
    if isinstance(results, ox.QueryTriples):
        return Answer("graph", ox.serialize(items, format=ox.RdfFormat.N_TRIPLES) or b"", truncated)
    names = [v.value for v in results.variables]
    return Answer("select", json_results(names, [[s[n] for n in names] for s in items]), truncated)


def _work(conn: Connection, location: str, max_results: int) -> None:
    """A worker process: opens the store read-only, says it is ready, then answers each query sent to it."""
    try:
        store = open_store(location, read_only=True)
    except StoreError as e:
        conn.send(("failed", str(e)))
        return
    conn.send(("ready", ""))
    while True:
        try:
            query = conn.recv()
        except EOFError:  # the server is gone
            return
        try:
            conn.send(("answer", evaluate(store, query, max_results)))
        except QueryError as e:
            conn.send(("error", str(e)))


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(self, location: str, max_results: int) -> None:
        context = multiprocessing.get_context("spawn")  # fork is unsafe in a process with threads
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_work, args=(child, location, max_results), daemon=True,
                                       name="sparql-worker")
        self.process.start()
        child.close()
        try:
            status, detail = self.conn.recv() if self.conn.poll(_WORKER_START) else ("failed", "")
        except (EOFError, OSError):  # the worker died starting
            status, detail = "failed", ""
        if status != "ready":
            self.stop()
            raise StoreError(detail or f"{location}: a query worker could not open the store")

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


class Endpoint:
    """The store, the limits and the worker processes of one server.

    Queries run in ``workers`` processes that have the store open read-only. A query past the time limit has its
    process killed and replaced (Oxigraph cannot interrupt a query), so slow queries cannot hold the workers.
    """

    def __init__(self, store: str | Path, *, timeout: float = DEFAULT_TIMEOUT, max_results: int = DEFAULT_MAX_RESULTS,
                 workers: int = DEFAULT_WORKERS):
        open_store(store, read_only=True)  # a store that cannot be opened fails here, with its reason
        self.location = str(store)
        self.timeout = timeout
        self.max_results = max_results
        self.workers = workers
        self.idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._replacing: set[asyncio.Future] = set()

    async def start(self) -> None:
        """Start the worker processes (in parallel, off the event loop)."""
        loop = asyncio.get_running_loop()
        for worker in await asyncio.gather(*(loop.run_in_executor(None, self._spawn) for _ in range(self.workers))):
            self.idle.put_nowait(worker)

    def stop(self) -> None:
        """Stop the idle workers (busy ones are daemons: they end with the server)."""
        while not self.idle.empty():
            self.idle.get_nowait().stop()

    def _spawn(self) -> _Worker:
        return _Worker(self.location, self.max_results)

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        future = asyncio.get_running_loop().run_in_executor(None, self._spawn)
        self._replacing.add(future)
        future.add_done_callback(self._replaced)

    def _replaced(self, future: asyncio.Future) -> None:
        self._replacing.discard(future)
        if future.exception():
            log.error("a query worker could not be replaced: %s", future.exception())
        else:
            self.idle.put_nowait(future.result())

    async def run(self, query: str) -> Answer:
        """Evaluate in a free worker, waiting for one up to the time limit, then giving it the time limit to answer.

        :raises QueryTimeout: no worker was free in time, or the query ran past the limit (its worker is replaced).
        :raises QueryError: the query is malformed, an update, or failed.
        """
        try:
            worker = await asyncio.wait_for(self.idle.get(), self.timeout)
        except asyncio.TimeoutError:
            raise QueryTimeout(f"all {self.workers} query workers stayed busy for {self.timeout:g} s") from None
        loop = asyncio.get_running_loop()
        readable = loop.create_future()
        fd = worker.conn.fileno()
        loop.add_reader(fd, lambda: readable.done() or readable.set_result(None))
        healthy = False
        try:
            worker.conn.send(query)
            await asyncio.wait_for(readable, self.timeout)
            kind, detail = worker.conn.recv()
            healthy = True
        except asyncio.TimeoutError:
            raise QueryTimeout(f"the query ran past the {self.timeout:g} s limit") from None
        except (EOFError, OSError):
            raise QueryTimeout("the query worker stopped; it is being replaced") from None
        finally:
            loop.remove_reader(fd)
            # A worker is reused only after a whole answer: one still busy, or cut off, is killed and replaced.
            if healthy:
                self.idle.put_nowait(worker)
            else:
                self._replace(worker)
        if kind == "error":
            raise QueryError(detail)
        return detail


def _render(answer: Answer, accept: str) -> Response:
    if answer.kind == "graph":
        media = _negotiate(accept, GRAPH_TYPES, "text/turtle")
        if media is None:
            return PlainTextResponse("Not Acceptable: offered " + ", ".join(GRAPH_TYPES), 406)
        data = answer.body
        if GRAPH_TYPES[media] != ox.RdfFormat.N_TRIPLES:
            triples = list(ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES))
            data = ox.serialize(triples, format=GRAPH_TYPES[media]) or b""  # type: ignore[call-overload]
        response = Response(data, media_type=media + ("; charset=utf-8" if media.startswith("text/") else ""))
    else:
        media = _negotiate(accept, RESULT_TYPES, "application/sparql-results+json")
        if media is None:
            return PlainTextResponse("Not Acceptable: offered " + ", ".join(RESULT_TYPES), 406)
        body = answer.body
        format_ = RESULT_TYPES[media]
        if format_ != ox.QueryResultsFormat.JSON:
            body = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(format=format_)
        response = Response(body, media_type=_CONTENT_TYPE[format_])
    if answer.truncated:
        response.headers["X-Unkg-Truncated"] = "true"
    return response


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, refused as soon as it passes ``limit`` bytes (declared or received)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise RequestTooLarge()
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise RequestTooLarge()
    return bytes(body)


async def _query_of(request: Request, limit: int) -> str | Response:
    """The query text of a SPARQL Protocol request, or the response refusing it."""
    forbidden = PlainTextResponse("Forbidden: this endpoint is read-only", 403)
    if request.method == "GET":
        if len(request.url.query) > limit:
            return PlainTextResponse(f"URI Too Long: the query is over the {limit}-byte limit; POST it", 414)
        params = request.query_params
        return forbidden if "update" in params else params.get("query", "")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/sparql-update":
        return forbidden
    if content_type not in ("application/sparql-query", "application/x-www-form-urlencoded"):
        return PlainTextResponse("Unsupported Media Type: use application/sparql-query or a form", 415)
    try:
        text = (await _read_body(request, limit)).decode("utf-8")
    except RequestTooLarge:
        return PlainTextResponse(f"Payload Too Large: the query is over the {limit}-byte limit", 413)
    except UnicodeDecodeError:
        return PlainTextResponse("Bad Request: the request body is not UTF-8", 400)
    if content_type == "application/sparql-query":
        return text
    form = parse_qs(text)
    return forbidden if "update" in form else form.get("query", [""])[0]


def create_app(store: str | Path, *, timeout: float = DEFAULT_TIMEOUT, max_results: int = DEFAULT_MAX_RESULTS,
               max_request: int = DEFAULT_MAX_REQUEST, workers: int = DEFAULT_WORKERS) -> Starlette:
    """The Starlette application serving ``/sparql`` over the store.

    :param timeout: seconds a query may wait for a worker, and then run (503 past either).
    :param max_results: most solutions or triples returned (the rest cut, ``X-Unkg-Truncated: true``).
    :param max_request: most bytes of query in a URL (414 past it) or a body (413).
    :param workers: queries evaluated at once.
    """
    endpoint = Endpoint(store, timeout=timeout, max_results=max_results, workers=workers)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):  # type: ignore[no-untyped-def]
        await endpoint.start()
        yield
        endpoint.stop()

    async def sparql(request: Request) -> Response:
        query = await _query_of(request, max_request)
        if isinstance(query, Response):
            return query
        if not query:
            return PlainTextResponse("Bad Request: no query parameter", 400)
        if calls_service(query):
            return PlainTextResponse("Forbidden: federated queries (SERVICE) are not allowed here", 403)
        try:
            answer = await endpoint.run(query)
        except QueryError as e:
            return PlainTextResponse(f"Bad Request: {e}", 400)
        except QueryTimeout as e:
            return PlainTextResponse(f"Service Unavailable: {e}", 503)
        return _render(answer, request.headers.get("accept", ""))

    async def index(request: Request) -> Response:
        return PlainTextResponse("unkg SPARQL endpoint: GET or POST /sparql?query=…\n")

    return Starlette(routes=[Route("/sparql", sparql, methods=["GET", "POST"]), Route("/", index)], lifespan=lifespan)


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and every loopback address (127.0.0.0/8, ::1): only this machine can connect."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: it may resolve to any interface
        return False


def serve(store: str | Path, *, host: str = "127.0.0.1", port: int = 7878, timeout: float = DEFAULT_TIMEOUT,
          max_results: int = DEFAULT_MAX_RESULTS, max_request: int = DEFAULT_MAX_REQUEST) -> None:
    """Run the endpoint until interrupted; warns when ``host`` is not a loopback address."""
    import uvicorn

    if not is_loopback(host):
        log.warning("listening on %s: the endpoint is reachable from other machines", host)
        print(f"Warning: listening on {host}, not loopback: other machines can query this store", flush=True)
    app = create_app(store, timeout=timeout, max_results=max_results, max_request=max_request)
    print(f"SPARQL endpoint at http://{host}:{port}/sparql (read-only, {timeout:g} s limit, "
          f"{max_results} results max, {max_request} bytes of query max)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
