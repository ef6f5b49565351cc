"""A static figure of the projected graph with matplotlib (Agg backend, seeded layout) for exports and the report.

Nodes are coloured by type (with a legend) and sized by degree; the best-connected nodes are labelled. Small
graphs use networkx's seeded spring layout, large ones igraph's Fruchterman-Reingold (``kg.viz.layout``).
"""
from __future__ import annotations

import io
import warnings

import networkx as nx

from kg.project import display_label

MAX_LABELS = 25
SPRING_LIMIT = 500


def figure_bytes(graph: nx.MultiDiGraph, *, fmt: str = "png", lang: str = "en", seed: int = 42,
                 title: str = "") -> bytes:
    """The figure of ``graph`` as PNG or SVG bytes (deterministic for a given graph and seed)."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from kg.viz import PREDICATE_COLOUR, TYPE_STYLE, layout

    if fmt not in ("png", "svg"):
        raise ValueError(f"figure format must be png or svg, not {fmt!r}")
    simple = nx.Graph(graph.to_undirected(as_view=True))
    if simple.number_of_nodes() <= SPRING_LIMIT:
        positions = nx.spring_layout(simple, seed=seed, k=None) if simple else {}
    else:
        positions = layout(simple, seed=seed)
    with plt.rc_context({"svg.hashsalt": "unkg", "font.family": _font_families()}):
        fig, ax = plt.subplots(figsize=(10, 7), dpi=100)
        try:
            ax.set_axis_off()
            top = max((d for _, d in graph.degree()), default=1) or 1
            nodes = list(graph)
            if nodes:
                for (source, target, key) in graph.edges(keys=True):
                    (x1, y1), (x2, y2) = positions[source], positions[target]
                    ax.plot([x1, x2], [y1, y2], color=PREDICATE_COLOUR.get(key, "#888888"), lw=0.7, alpha=0.6,
                            zorder=1)
                ax.scatter([positions[n][0] for n in nodes], [positions[n][1] for n in nodes],
                           s=[20 + 300 * (graph.degree(n) / top) for n in nodes],
                           c=[TYPE_STYLE.get(graph.nodes[n].get("type", "Topic"), TYPE_STYLE["Topic"])[0]
                              for n in nodes], edgecolors="white", linewidths=0.5, zorder=2)
                labelled = sorted(nodes, key=lambda n: (-graph.degree(n), n))[:MAX_LABELS]
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # glyphs missing when no CJK font is installed
                    for node in labelled:
                        x, y = positions[node]
                        ax.text(x, y, display_label(graph.nodes[node], lang)[:40], fontsize=7, zorder=3,
                                ha="center", va="bottom")
            present = sorted({graph.nodes[n].get("type", "Topic") for n in nodes})
            handles = [Line2D([], [], marker="o", ls="", color=TYPE_STYLE.get(t, TYPE_STYLE["Topic"])[0], label=t)
                       for t in present]
            handles += [Line2D([], [], color=PREDICATE_COLOUR.get(p, "#888888"), label=p)
                        for p in sorted({k for _, _, k in graph.edges(keys=True)})]
            if handles:
                ax.legend(handles=handles, loc="upper left", fontsize=7, frameon=False, bbox_to_anchor=(1, 1))
            if title:
                ax.set_title(title)
            buffer = io.BytesIO()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                fig.savefig(buffer, format=fmt, bbox_inches="tight",
                            metadata={"Date": None} if fmt == "svg" else {"Software": None})
            return buffer.getvalue()
        finally:
            plt.close(fig)


def _font_families() -> list[str]:
    """DejaVu Sans, with an installed CJK font as fallback for Chinese labels if there is one."""
    from matplotlib import font_manager

    names = sorted({f.name for f in font_manager.fontManager.ttflist})
    cjk = [n for n in names if any(k in n for k in ("CJK", "WenQuanYi", "Droid Sans Fallback", "AR PL"))]
    return ["DejaVu Sans", *cjk[:1]]
