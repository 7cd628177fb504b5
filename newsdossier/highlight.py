"""The one text highlighter: a document's text as escaped HTML with its facts marked, used by the
HTML report and the web app alike. Nothing from a document is ever emitted as markup."""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Optional

from markupsafe import Markup, escape


class Layer:
    """A span of the text to mark: CSS class, optional anchor id (placed at its start), optional
    entity id and tooltip for entity mentions."""

    __slots__ = ("start", "end", "cls", "anchor", "entity", "title")

    def __init__(self, start: int, end: int, cls: str, anchor: Optional[str] = None,
                 entity: Optional[str] = None, title: Optional[str] = None):
        self.start, self.end, self.cls, self.anchor, self.entity, self.title = start, end, cls, anchor, entity, title


def render_text(text: str, layers: list[Layer]) -> Markup:
    """`text` as escaped HTML; each stretch wrapped in a span carrying the classes of the layers
    covering it. One sweep over the span boundaries, so long documents with many facts stay cheap."""
    n = len(text)
    layers = [l for l in layers if 0 <= l.start < l.end <= n or (0 <= l.start == l.end <= n and l.anchor)]
    opening, closing, anchors = defaultdict(list), defaultdict(list), defaultdict(list)
    points = {0, n}
    for l in layers:
        points.update((l.start, l.end))
        if l.anchor and l.anchor not in anchors[l.start]:  # the same evidence may back several items
            anchors[l.start].append(l.anchor)
        if l.end > l.start:
            opening[l.start].append(l)
            closing[l.end].append(l)
    ordered = sorted(points)
    active_classes: Counter = Counter()
    active_entities: list[Layer] = []
    out = []
    for a, b in zip(ordered, ordered[1:] + [None]):
        for l in closing.get(a, ()):
            active_classes[l.cls] -= 1
            if l.entity:
                active_entities.remove(l)
        for l in opening.get(a, ()):
            active_classes[l.cls] += 1
            if l.entity:
                active_entities.append(l)
        for anchor in anchors.get(a, ()):
            out.append(f'<a class="anchor" id="{escape(anchor)}"></a>')
        if b is None:
            break
        chunk = escape(text[a:b])
        classes = sorted(c for c, k in active_classes.items() if k > 0)
        if not classes:
            out.append(str(chunk))
            continue
        attrs = f' class="{escape(" ".join(classes))}"'
        if active_entities:
            ent = active_entities[-1]
            attrs += f' data-entity="{escape(ent.entity)}" title="{escape(ent.title or "")}"'
        out.append(f"<span{attrs}>{chunk}</span>")
    return Markup("".join(out))
