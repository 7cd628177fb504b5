"""The People page's drawing: the met/quoted graph (graph.py) laid out on the server and drawn as
SVG by the template (no script, works offline). The busiest entities are kept, placed by a seeded
spring layout, so the same dossier draws the same picture."""
from __future__ import annotations

from collections import Counter

WIDTH, HEIGHT, MARGIN_X, MARGIN_Y = 1000, 680, 110, 40
NODES_SHOWN = 40


def layout(graph, limit: int = NODES_SHOWN) -> dict:
    """Nodes (x, y, radius) and edges (end points, class) of the `limit` entities with the most
    links, and the edges among them."""
    import networkx as nx

    degree = Counter()
    for edge in graph.edges:
        degree[edge.source] += edge.weight
        degree[edge.target] += edge.weight
    busiest = [n for n, _ in sorted(degree.items(), key=lambda kv: (-kv[1], graph.nodes[kv[0]]["name"], kv[0]))[:limit]]
    g = nx.Graph()
    g.add_nodes_from(busiest)
    for e in graph.edges:
        if e.source in g and e.target in g:
            g.add_edge(e.source, e.target)
    # the largest connected group among them: a few loose pairs would squeeze the picture
    keep = max(nx.connected_components(g), key=lambda c: (len(c), sorted(c)), default=set())
    kept = [n for n in busiest if n in keep]
    edges = [e for e in graph.edges if e.source in keep and e.target in keep]
    positions = nx.kamada_kawai_layout(g.subgraph(kept)) if len(kept) > 1 else {n: (0.0, 0.0) for n in kept}
    xs = [p[0] for p in positions.values()] or [0]
    ys = [p[1] for p in positions.values()] or [0]

    def scale(value, lo, hi, size, margin):
        return margin + (value - lo) / ((hi - lo) or 1) * (size - 2 * margin)

    at = {n: (round(scale(p[0], min(xs), max(xs), WIDTH, MARGIN_X), 1),
              round(scale(p[1], min(ys), max(ys), HEIGHT, MARGIN_Y), 1))
          for n, p in positions.items()}
    top = max(degree.values(), default=1)
    nodes = [{"id": n, "name": graph.nodes[n]["name"], "type": graph.nodes[n]["type"], "x": at[n][0], "y": at[n][1],
              "r": round(5 + 13 * (degree[n] / top) ** 0.5, 1), "links": degree[n]} for n in kept]
    drawn = []
    for index, e in enumerate(edges):
        (x1, y1), (x2, y2) = at[e.source], at[e.target]
        width = 1 if e.weight == 1 else 2 if e.weight <= 3 else 3
        drawn.append({"index": index, "edge": e, "x1": x1, "y1": y1, "x2": x2, "y2": y2,
                      "cls": f"edge {e.kind} w{width}", "source_name": graph.nodes[e.source]["name"],
                      "target_name": graph.nodes[e.target]["name"]})
    return {"nodes": nodes, "edges": drawn, "width": WIDTH, "height": HEIGHT, "hidden": max(0, len(degree) - len(kept))}
