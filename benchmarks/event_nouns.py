"""Issue 13 record: the share of event mentions that are noun phrases, in the export's evidence.

    .venv/bin/python -m benchmarks.event_nouns DB [DB ...]

For each built database: every evidence span of the exported events is traced to its event
mention (store `event_mentions`: same document, same span), and the mention's event word is parsed
again with the project's spaCy pipeline; a mention is a noun phrase when that word is a noun or a
proper noun. Run it on databases built by this code and by an older checkout (built with
`PYTHONPATH=OLD_CHECKOUT .venv/bin/newsdossier build ...`) to compare.
"""
from __future__ import annotations

import sys

from newsdossier import export
from newsdossier.nlp import parse_body
from newsdossier.store import Store


def noun_share(db: str) -> tuple[int, int, int, int]:
    """(noun-phrase evidence mentions, evidence mentions, events whose evidence is all noun phrases, events)"""
    store = Store(db, read_only=True)
    data = export.dossier(store)
    texts = {d["id"]: d["text"] for d in data["documents"]}
    triggers = {(m["doc"], m["span"][0], m["span"][1]): (m["trigger"], m.get("sentence"))
                for m in store.event_mentions()}
    store.close()
    nouns = total = noun_events = 0
    for e in data["events"]:
        kinds = []
        for ev in e["evidence"]:
            found = triggers.get((ev["doc"], ev["start"], ev["end"]))
            if found is None:
                continue
            (a, b), sentence = found
            text = texts[ev["doc"]]
            lo, hi = sentence or (max(0, a - 300), min(len(text), b + 300))
            sdoc = parse_body(text, [(lo, hi)])
            span = sdoc.char_span(a, b, alignment_mode="expand")
            total += 1
            kinds.append(span is not None and span.root.pos_ in ("NOUN", "PROPN"))
        nouns += sum(kinds)
        noun_events += bool(kinds) and all(kinds)
    return nouns, total, noun_events, len(data["events"])


def main(argv: list[str]) -> int:
    print(f"command: .venv/bin/python -m benchmarks.event_nouns {' '.join(argv)}")
    for db in argv:
        nouns, total, noun_events, events = noun_share(db)
        print(f"{db}: {nouns} of {total} evidence mentions are noun phrases ({nouns / max(total, 1):.1%});"
              f" {noun_events} of {events} events stand on noun phrases only ({noun_events / max(events, 1):.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
