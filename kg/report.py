"""A human-readable report of the graph, as offline HTML (figure embedded as base64 PNG) or Markdown (+ PNG file).

Sections: counts by type and predicate; the most connected organisations (degree and betweenness); the partners
of each top organisation with evidence; resolutions and their topics; communities (networkx greedy modularity,
deterministic); a static figure. Every text from the graph is escaped for the output format.
"""
from __future__ import annotations

import base64
import html
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import networkx as nx

from kg.errors import KgError
from kg.export import write_atomic
from kg.figure import figure_bytes
from kg.project import ORGANISATION_TYPES, display_label

TOP = 10
TOP_PARTNERS = 5
MAX_EVIDENCE = 3
COMMUNITY_PREVIEW = 12  # members named per community


@dataclass
class Report:
    """The report's content, independent of the output format."""

    nodes: int
    edges: int
    types: list[tuple[str, int]]
    predicates: list[tuple[str, int, int]]
    organisations: list[tuple[str, str, int, float]]
    partners: list[tuple[str, list[tuple[str, list[str]]]]]
    resolutions: list[tuple[str, list[str], list[str]]]
    communities: list[list[str]]
    figure: bytes = field(repr=False, default=b"")


def analyse(graph: nx.MultiDiGraph, *, lang: str = "en", figure: bool = True) -> Report:
    """The report of ``graph`` (from ``kg.project.project``)."""
    name = {n: display_label(d, lang) for n, d in graph.nodes(data=True)}
    types = Counter(t for _, t in graph.nodes(data="type"))
    predicates: Counter = Counter()
    evidence: Counter = Counter()
    for _, _, key, count in graph.edges(keys=True, data="evidence_count"):
        predicates[key] += 1
        evidence[key] += count or 0
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph))
    for source, target, count in sorted(graph.edges(data="evidence_count")):
        if source != target:
            weight = simple.get_edge_data(source, target, {}).get("weight", 0)
            simple.add_edge(source, target, weight=weight + max(count or 0, 1))
    betweenness = nx.betweenness_centrality(simple) if simple.number_of_edges() else {n: 0.0 for n in simple}
    organisations = sorted((n for n, t in graph.nodes(data="type") if t in ORGANISATION_TYPES and graph.degree(n)),
                           key=lambda n: (-graph.degree(n), -betweenness.get(n, 0.0), name[n]))[:TOP]
    partners = []
    for org in organisations[:TOP_PARTNERS]:
        found = []
        for source, target, key, data in chain(graph.out_edges(org, keys=True, data=True),
                                               graph.in_edges(org, keys=True, data=True)):
            if key != "partners-with":
                continue
            other = target if source == org else source
            found.append((name[other], [f"[{e['document']} ¶{e['paragraph']}] {e['sentence']}"
                                        for e in data.get("evidence", [])[:MAX_EVIDENCE]]))
        partners.append((name[org], sorted(found)))
    resolutions = []
    for node in sorted((n for n, t in graph.nodes(data="type") if t == "Resolution"), key=lambda n: name[n]):
        topics = sorted(name[t] for _, t, k in graph.out_edges(node, keys=True) if k == "concerns")
        adopters = sorted(name[s] for s, _, k in graph.in_edges(node, keys=True) if k == "adopts")
        resolutions.append((name[node], topics, adopters))
    communities = []
    if simple.number_of_edges():
        found = nx.community.greedy_modularity_communities(simple, weight="weight")
        for community in found:
            if len(community) > 1:
                members = sorted(community, key=lambda n: (-graph.degree(n), name[n]))
                communities.append([name[n] for n in members])
        communities.sort(key=lambda c: (-len(c), c))
    return Report(
        nodes=graph.number_of_nodes(), edges=graph.number_of_edges(), types=sorted(types.items()),
        predicates=[(p, predicates[p], evidence[p]) for p in sorted(predicates)],
        organisations=[(name[n], graph.nodes[n]["type"], graph.degree(n), round(betweenness.get(n, 0.0), 4))
                       for n in organisations],
        partners=partners, resolutions=resolutions, communities=communities,
        figure=figure_bytes(graph, fmt="png", lang=lang) if figure else b"")


def write_report(graph: nx.MultiDiGraph, out: Path, *, lang: str = "en") -> list[Path]:
    """Write the report as ``.html`` or ``.md`` (with ``NAME.png`` next to it); returns the files written."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".html", ".htm", ".md"):
        raise KgError(f"{out}: the report is written as .html or .md")
    report = analyse(graph, lang=lang)
    if suffix == ".md":
        image = out.with_suffix(".png")
        write_atomic(image, report.figure)
        write_atomic(out, to_markdown(report, image.name))
        return [out, image]
    write_atomic(out, to_html(report))
    return [out]


def to_markdown(report: Report, image: str = "") -> str:
    """The report as Markdown; graph text is escaped so it cannot add markup or HTML."""
    lines = ["# unkg report", "", f"{report.nodes} entities, {report.edges} relations.", ""]
    lines += ["## Entities by type", "", "| Type | Count |", "|---|---:|"]
    lines += [f"| {_md(t)} | {n} |" for t, n in report.types]
    lines += ["", "## Relations by predicate", "", "| Predicate | Relations | Evidence sentences |", "|---|---:|---:|"]
    lines += [f"| {_md(p)} | {n} | {e} |" for p, n, e in report.predicates]
    lines += ["", "## Most connected organisations", "", "| Organisation | Type | Degree | Betweenness |",
              "|---|---|---:|---:|"]
    lines += [f"| {_md(o)} | {_md(t)} | {d} | {b:.4f} |" for o, t, d, b in report.organisations]
    lines += ["", "## Partners of the top organisations", ""]
    for org, partners in report.partners:
        lines += [f"### {_md(org)}", ""]
        if not partners:
            lines += ["No partners-with relation.", ""]
        for partner, evidence in partners:
            lines.append(f"- **{_md(partner)}**")
            lines += [f"  - {_md(e)}" for e in evidence]
        lines.append("")
    lines += ["## Resolutions and their topics", ""]
    lines += [f"- **{_md(r)}**: topics {_md(', '.join(t)) or '—'}; adopted by {_md(', '.join(a)) or '—'}"
              for r, t, a in report.resolutions] or ["No resolution."]
    lines += ["", "## Communities", ""]
    lines += [f"{i}. ({len(c)}) {_md(_preview(c))}"
              for i, c in enumerate(report.communities, 1)] or ["No community."]
    if image:
        lines += ["", "## Figure", "", f"![network]({image})"]
    return "\n".join(lines) + "\n"


def to_html(report: Report) -> str:
    """The report as one offline HTML page, figure embedded as base64 PNG; graph text is HTML-escaped."""
    e = html.escape
    parts = [f"<p>{report.nodes} entities, {report.edges} relations.</p>",
             "<h2>Entities by type</h2>", _table(("Type", "Count"), report.types),
             "<h2>Relations by predicate</h2>",
             _table(("Predicate", "Relations", "Evidence sentences"), report.predicates),
             "<h2>Most connected organisations</h2>",
             _table(("Organisation", "Type", "Degree", "Betweenness"),
                    [(o, t, d, f"{b:.4f}") for o, t, d, b in report.organisations]),
             "<h2>Partners of the top organisations</h2>"]
    for org, partners in report.partners:
        parts.append(f"<h3>{e(org)}</h3>")
        if not partners:
            parts.append("<p>No partners-with relation.</p>")
            continue
        parts.append("<ul>" + "".join(
            f"<li><b>{e(p)}</b><ul>{''.join(f'<li>{e(s)}</li>' for s in ev)}</ul></li>" for p, ev in partners)
            + "</ul>")
    parts.append("<h2>Resolutions and their topics</h2>")
    parts.append(_table(("Resolution", "Topics", "Adopted by"),
                        [(r, ", ".join(t) or "—", ", ".join(a) or "—") for r, t, a in report.resolutions]))
    parts.append("<h2>Communities</h2><ol>" + "".join(
        f"<li>({len(c)}) {e(_preview(c))}</li>" for c in report.communities)
        + "</ol>")
    if report.figure:
        data = base64.b64encode(report.figure).decode("ascii")
        parts.append(f'<h2>Figure</h2><img alt="network" src="data:image/png;base64,{data}">')
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>unkg report</title><style>"
            "body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em}"
            "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}"
            "img{max-width:100%}</style></head><body><h1>unkg report</h1>\n" + "\n".join(parts) + "\n</body></html>\n")


def _preview(members: list[str]) -> str:
    """The first members of a community, "…" when there are more."""
    return ", ".join(members[:COMMUNITY_PREVIEW]) + (" …" if len(members) > COMMUNITY_PREVIEW else "")


def _table(header: tuple[str, ...], rows: list[tuple]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def _md(text: str) -> str:
    """Markdown-escape ``text``: HTML characters become entities, markup characters get a backslash."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")
    return _MD_SPECIAL.sub(r"\\\1", text)
