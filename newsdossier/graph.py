"""Who met, quoted or was named with whom: the entity graph of a dossier, for the GraphML export
and the People page.

Nodes are entities (name, type, mentions, documents). Edges, each with a weight and its evidence:
- `met`: an asserted meeting-like event (MEETING_TYPES) with both entities among its participants
  (undirected; evidence: the events);
- `quoted`: a quote's speaker → an entity named inside what the quote says (a statement, act
  `say`: a direct quote's pieces, a mixed or indirect quote's clause; evidence: the quotes);
- `co-occur`: two entities named in one sentence (undirected; evidence: the sentences, as
  `doc:start-end`); only when the document texts are given.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Optional

MEETING_TYPES = ("CONSULT", "AGREE", "COOPERATE")  # met, talked, signed or worked together
KINDS = ("met", "quoted", "co-occur")
DIRECTED = {"quoted"}
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[^a-z])|\n")  # a lower-case word goes on the sentence


@dataclass
class Edge:
    source: str
    target: str
    kind: str
    evidence: list = field(default_factory=list)  # {id, doc, start, end}: each fact behind the edge

    @property
    def weight(self) -> int:
        return len({e["id"] for e in self.evidence})


@dataclass
class Graph:
    nodes: dict  # entity id → {name, type, mentions, documents}
    edges: list  # Edge, ordered by kind, source, target


def entity_graph(entities: list[dict], quotes: list[dict], events: list[dict],
                 texts: Optional[dict] = None, kinds=KINDS) -> Graph:
    """The graph of a dossier's lists (export records); `texts` (document id → text) for co-occur."""
    nodes = {e["id"]: {"name": e["name"], "type": e["type"], "mentions": len(e.get("mentions") or []),
                       "documents": len({m["doc"] for m in e.get("mentions") or []})} for e in entities}
    edges: dict[tuple, Edge] = {}

    def link(a: str, b: str, kind: str, evidence: dict) -> None:
        if a == b or a not in nodes or b not in nodes:
            return
        if kind not in DIRECTED:
            a, b = sorted((a, b))
        edge = edges.setdefault((kind, a, b), Edge(a, b, kind))
        edge.evidence.append(evidence)

    if "met" in kinds:
        for event in events:
            if event.get("type") not in MEETING_TYPES or event.get("modality", "asserted") != "asserted":
                continue
            people = sorted(set(event.get("actors") or []) | set(event.get("recipients") or []))
            spans = event.get("evidence") or [{}]
            first = spans[0]
            for a, b in combinations(people, 2):
                link(a, b, "met", {"id": event["id"], "doc": first.get("doc"), "start": first.get("start"),
                                   "end": first.get("end")})
    by_doc = _mentions_by_doc(entities)
    if "quoted" in kinds:
        for quote in quotes:
            if quote.get("act", "say") != "say":
                continue  # a belief or a finding is not a quote
            speaker = quote.get("speaker") or {}
            speakers = speaker.get("entities") or ([speaker["entity"]] if speaker.get("entity") else [])
            start, end = quote["content"]
            # what the speaker said: a direct statement's pieces (not the attribution between them)
            spans = quote.get("pieces") if quote.get("kind") == "direct" and quote.get("pieces") else [(start, end)]
            named = {entity for a, b in spans for s, e, entity in _within(by_doc.get(quote["doc"], []), a, b)}
            for who in speakers:
                for entity in sorted(named - set(speakers)):
                    link(who, entity, "quoted", {"id": quote["id"], "doc": quote["doc"], "start": start, "end": end})
    if "co-occur" in kinds and texts:
        for doc, mentions in sorted(by_doc.items()):
            text = texts.get(doc)
            if not text:
                continue
            for (s, e), named in _by_sentence(text, mentions).items():
                for a, b in combinations(sorted(named), 2):
                    link(a, b, "co-occur", {"id": f"{doc}:{s}-{e}", "doc": doc, "start": s, "end": e})
    ordered = sorted(edges.values(), key=lambda x: (KINDS.index(x.kind), x.source, x.target))
    return Graph(nodes, ordered)


def _mentions_by_doc(entities: list[dict]) -> dict[str, list[tuple]]:
    by_doc = defaultdict(list)
    for e in entities:
        for m in e.get("mentions") or []:
            by_doc[m["doc"]].append((m["start"], m["end"], e["id"]))
    for mentions in by_doc.values():
        mentions.sort()
    return by_doc


def _within(mentions: list[tuple], start: int, end: int) -> list[tuple]:
    i = bisect.bisect_left(mentions, (start,))
    found = []
    while i < len(mentions) and mentions[i][0] < end:
        if mentions[i][1] <= end:
            found.append(mentions[i])
        i += 1
    return found


def _by_sentence(text: str, mentions: list[tuple]) -> dict[tuple, set]:
    """The entities of each sentence (a span of `text` ended by . ! ? or a line break)."""
    inside = set()  # no sentence ends within a name ("the U.S. Army")
    for start, end, _ in mentions:
        inside.update(range(start + 1, end + 1))
    bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(text) if m.start() + 1 not in inside] + [len(text)]
    sentences = defaultdict(set)
    for start, end, entity in mentions:
        i = bisect.bisect_right(bounds, start) - 1
        s, e = bounds[i], bounds[min(i + 1, len(bounds) - 1)]
        while e > s and text[e - 1].isspace():
            e -= 1
        sentences[(s, e)].add(entity)
    return {span: named for span, named in sentences.items() if len(named) > 1}


def to_networkx(graph: Graph):
    """A networkx MultiDiGraph (undirected kinds once, source before target by id), attributes
    fit for GraphML: evidence ids space-separated."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for node, attrs in graph.nodes.items():
        g.add_node(node, **attrs)
    for edge in graph.edges:
        ids = list(dict.fromkeys(e["id"] for e in edge.evidence))
        g.add_edge(edge.source, edge.target, key=edge.kind, kind=edge.kind, weight=len(ids),
                   directed=edge.kind in DIRECTED, evidence=" ".join(ids))
    return g
