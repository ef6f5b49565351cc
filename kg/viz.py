"""Draw the projected graph as an interactive, self-contained, offline HTML page (pyvis / vis-network).

Nodes are coloured and shaped by type and sized by degree; edges are coloured and labelled by predicate, with
arrows for directed relations. Tooltips show both-language names and the evidence sentences. The page has a
search box and type/predicate filters. vis-network's JS and CSS are inlined from the pyvis package, and the page
uses its own template (no CDN, no Bootstrap). Every text from the graph reaches the page as JSON data (with
``<``, ``>`` and ``&`` escaped) and is put into the DOM with ``textContent`` only, so a label such as
``<script>`` shows as text. Above ``PHYSICS_LIMIT`` nodes, physics is off and positions are precomputed with
igraph's Fruchterman-Reingold; above ``max_nodes`` the page is refused.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import networkx as nx

from kg.errors import KgError
from kg.export import write_atomic
from kg.ontology import LABEL_LANGUAGES
from kg.project import ENTITY_TYPES, PREDICATES, display_label

PHYSICS_LIMIT = 1000
MAX_NODES = 5000
MAX_TOOLTIP_EVIDENCE = 5
TYPE_STYLE: dict[str, tuple[str, str]] = {
    "UNEntity": ("#1f77b4", "dot"), "IntergovernmentalOrganization": ("#17becf", "diamond"),
    "Government": ("#d62728", "square"), "NGO": ("#2ca02c", "triangle"), "Company": ("#8c564b", "triangleDown"),
    "Foundation": ("#e377c2", "star"), "Resolution": ("#ff7f0e", "hexagon"), "Meeting": ("#9467bd", "diamond"),
    "Report": ("#bcbd22", "square"), "Programme": ("#7f7f7f", "triangle"), "Place": ("#393b79", "star"),
    "Topic": ("#aec7e8", "dot"),
}
PREDICATE_COLOUR: dict[str, str] = {
    "partners-with": "#2ca02c", "supports": "#1f77b4", "concerns": "#aaaaaa", "adopts": "#ff7f0e",
    "held-in": "#9467bd", "member-of": "#17becf", "publishes": "#bcbd22", "requests": "#d62728",
}
_LIB = Path(__import__("pyvis").__file__).parent / "lib" / "vis-9.1.2"
_SLOT = re.compile(r"@@([A-Z]+)@@")


def render(graph: nx.MultiDiGraph, *, lang: str = "en", max_nodes: int = MAX_NODES,
           physics_limit: int = PHYSICS_LIMIT, title: str = "unkg network") -> str:
    """The HTML page of ``graph`` (from ``kg.project.project``); raises KgError above ``max_nodes`` nodes."""
    if lang not in LABEL_LANGUAGES:
        raise KgError(f"--lang must be {' or '.join(LABEL_LANGUAGES)}, not {lang!r}")
    count = graph.number_of_nodes()
    if count > max_nodes:
        raise KgError(f"{count} nodes is more than the page can draw (limit {max_nodes}): narrow it with --focus "
                      f"ENTITY --depth N, --min-degree N, --types or --predicates, or open the GEXF export "
                      f"(kg export --format gexf) in Gephi")
    nodes, edges = _elements(graph, lang=lang, physics_limit=physics_limit)
    static = count > physics_limit
    options = {
        "physics": {"enabled": not static, "solver": "forceAtlas2Based",
                    "stabilization": {"iterations": 200}},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": static},
        "edges": {"smooth": False if static else {"type": "dynamic"}, "font": {"size": 9, "align": "middle"}},
        "nodes": {"font": {"size": 12}},
    }
    data = {"nodes": nodes, "edges": edges, "options": options,
            "types": {t: {"color": TYPE_STYLE[t][0], "shape": TYPE_STYLE[t][1]} for t in ENTITY_TYPES},
            "predicates": {p: PREDICATE_COLOUR[p] for p in PREDICATES}}
    parts = {"CSS": _inline_css(), "TITLE": html.escape(title), "DATA": _script_json(data), "APP": _APP,
             "VIS": _inline_js()}
    # One pass over the template: a label reading "@@APP@@" stays text instead of pulling code into the data.
    return _SLOT.sub(lambda match: parts[match.group(1)], _TEMPLATE)


def write_viz(graph: nx.MultiDiGraph, out: Path, **options: object) -> int:
    """Write the page of ``graph`` to ``out`` atomically; returns the number of nodes drawn."""
    write_atomic(Path(out), render(graph, **options))  # type: ignore[arg-type]
    return graph.number_of_nodes()


def _elements(graph: nx.MultiDiGraph, *, lang: str = "en",
              physics_limit: int = PHYSICS_LIMIT) -> tuple[list[dict], list[dict]]:
    """The vis-network node and edge items of ``graph``."""
    positions = layout(graph) if graph.number_of_nodes() > physics_limit else {}
    top = max((d for _, d in graph.degree()), default=1) or 1
    nodes: list[dict] = []
    for node, data in graph.nodes(data=True):
        kind = data.get("type", "Topic")
        colour, shape = TYPE_STYLE.get(kind, TYPE_STYLE["Topic"])
        item = {"id": node, "label": display_label(data, lang), "group": kind,
                "shape": shape, "color": colour, "size": 8 + 30 * (data.get("degree", 0) / top) ** 0.5,
                "type": kind, "label_en": data.get("label_en", ""),
                "label_zh": data.get("label_zh", ""), "labels": data.get("labels", []),
                "degree": data.get("degree", 0)}
        if node in positions:
            item["x"], item["y"] = positions[node]
        nodes.append(item)
    labelled = graph.number_of_edges() <= 2 * physics_limit
    edges: list[dict] = []
    for number, (source, target, key, data) in enumerate(graph.edges(keys=True, data=True)):
        predicate = data.get("predicate", key)
        evidence = [{k: e.get(k) for k in ("sentence", "document", "paragraph")}
                    for e in data.get("evidence", [])[:MAX_TOOLTIP_EVIDENCE]]
        edges.append({"id": number, "from": source, "to": target, "predicate": predicate,
                      "label": predicate if labelled else "",
                      "color": PREDICATE_COLOUR.get(predicate, "#888888"),
                      "arrows": "to" if data.get("directed", True) else "",
                      "evidence": evidence, "evidence_count": data.get("evidence_count", len(evidence))})
    return nodes, edges


def layout(graph: nx.Graph, seed: int = 42) -> dict[str, tuple[float, float]]:
    """Fruchterman-Reingold positions from igraph (seeded), scaled to page pixels."""
    import random

    import igraph

    nodes = list(graph)
    index = {n: i for i, n in enumerate(nodes)}
    ig = igraph.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in graph.edges() if u != v])
    saved = random.getstate()  # python-igraph draws from Python's random module: seed it, then restore it
    random.seed(seed)
    try:
        coords = ig.layout_fruchterman_reingold(niter=500) if nodes else []
    finally:
        random.setstate(saved)
    scale = 40.0 * max(len(nodes), 1) ** 0.5
    xs = [c[0] for c in coords] or [0.0]
    ys = [c[1] for c in coords] or [0.0]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    return {n: (round((c[0] - min(xs)) / span * scale, 1), round((c[1] - min(ys)) / span * scale, 1))
            for n, c in zip(nodes, coords)}


def _script_json(value: object) -> str:
    """JSON safe inside a <script> element: no ``</script>``, ``<!--`` or line separators can break out."""
    text = json.dumps(value, ensure_ascii=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _inline_js() -> str:
    return (_LIB / "vis-network.min.js").read_text(encoding="utf-8").replace("</script", "<\\/script")


def _inline_css() -> str:
    return (_LIB / "vis-network.css").read_text(encoding="utf-8").replace("</style", "<\\/style")


_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>@@TITLE@@</title>
<style>@@CSS@@</style>
<style>
body { margin: 0; font-family: sans-serif; font-size: 13px; display: flex; height: 100vh; }
#side { width: 250px; padding: 8px; overflow-y: auto; border-right: 1px solid #ddd; box-sizing: border-box; }
#network { flex: 1; height: 100vh; }
#side h2 { font-size: 13px; margin: 12px 0 4px; }
#side label { display: block; white-space: nowrap; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; border-radius: 2px; }
#search { width: 100%; box-sizing: border-box; }
#matches { color: #555; margin-top: 4px; }
.tip { max-width: 420px; white-space: normal; font-size: 12px; }
.tip b { display: block; }
.tip p { margin: 4px 0; }
div.vis-tooltip { white-space: normal; }
</style>
</head>
<body>
<div id="side">
<input id="search" type="search" placeholder="Search a name (en / zh)">
<div id="matches"></div>
<h2>Types</h2><div id="types"></div>
<h2>Relations</h2><div id="predicates"></div>
<div id="stats"></div>
</div>
<div id="network"></div>
<script type="application/json" id="graph-data">@@DATA@@</script>
<script>@@VIS@@</script>
<script>@@APP@@</script>
</body>
</html>
"""

_APP = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var t0 = performance.now();
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }
  data.nodes.forEach(function (n) {
    var tip = el("div", undefined, "tip");
    tip.appendChild(el("b", n.label_en || "(no English name)"));
    tip.appendChild(el("b", n.label_zh || "(no Chinese name)"));
    tip.appendChild(el("p", n.type + " \u00b7 " + n.degree + " relation(s)"));
    n.title = tip;
  });
  data.edges.forEach(function (e) {
    var tip = el("div", undefined, "tip");
    tip.appendChild(el("b", e.predicate + " \u00b7 " + e.evidence_count + " evidence sentence(s)"));
    e.evidence.forEach(function (ev) {
      tip.appendChild(el("p", "[" + ev.document + " \u00b6" + ev.paragraph + "] " + ev.sentence));
    });
    if (e.evidence_count > e.evidence.length) {
      tip.appendChild(el("p", "\u2026 and " + (e.evidence_count - e.evidence.length) + " more"));
    }
    e.title = tip;
  });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var shownTypes = {}, shownPredicates = {};
  function legend(boxId, entries, shown, describe) {
    var box = document.getElementById(boxId);
    Object.keys(entries).forEach(function (name) {
      var count = describe(name);
      if (!count) { return; }
      shown[name] = true;
      var label = el("label");
      var check = document.createElement("input");
      check.type = "checkbox"; check.checked = true; check.value = name;
      check.addEventListener("change", function () { shown[name] = check.checked; refresh(); });
      var swatch = el("span", undefined, "swatch");
      swatch.style.background = typeof entries[name] === "string" ? entries[name] : entries[name].color;
      label.appendChild(check); label.appendChild(swatch);
      label.appendChild(document.createTextNode(name + " (" + count + ")"));
      box.appendChild(label);
    });
  }
  function countBy(items, field, value) {
    return items.filter(function (i) { return i[field] === value; }).length;
  }
  legend("types", data.types, shownTypes, function (t) { return countBy(data.nodes, "type", t); });
  legend("predicates", data.predicates, shownPredicates, function (p) { return countBy(data.edges, "predicate", p); });
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return shownTypes[n.type] !== false; } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return shownPredicates[e.predicate] !== false; } });
  function refresh() { nodeView.refresh(); edgeView.refresh(); }
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);
  window.unkgNetwork = network;
  document.getElementById("stats").textContent = data.nodes.length + " nodes, " + data.edges.length + " edges";
  var search = document.getElementById("search");
  search.addEventListener("input", function () {
    var q = search.value.trim().toLowerCase();
    var found = [];
    if (q) {
      data.nodes.forEach(function (n) {
        if (n.labels.concat([n.label]).some(function (l) { return l.toLowerCase().indexOf(q) >= 0; })) {
          found.push(n.id);
        }
      });
    }
    network.selectNodes(found.filter(function (id) { return nodeView.get(id); }));
    document.getElementById("matches").textContent = q ? found.length + " match(es)" : "";
    if (found.length) { network.fit({ nodes: found, animation: false }); }
  });
  network.once("afterDrawing", function () {
    document.body.setAttribute("data-drawn-ms", String(Math.round(performance.now())));
    document.body.setAttribute("data-app-ms", String(Math.round(performance.now() - t0)));
  });
})();
"""
