"""Cost of the entity stage and the mention resolver relative to the spaCy parse of the same texts.

    .venv/bin/python -m benchmarks.resolver_cost [--split dev|train] [--limit N]

Cleans the PolNeAR texts as `build` does and parses their bodies with spaCy (timed), then times,
each on its own over the parsed documents: `find_mentions` (mention finding and tidying plus
`resolve_names`, the document's cast) and building each document's `Resolver` (role map, genders:
what quote speakers, event participants and claim subjects are resolved with). Printed as shares
of the parse time.
"""
from __future__ import annotations

import sys
import time

from benchmarks.polnear_gate import cleaned_documents
from newsdossier.extract.entities import find_mentions
from newsdossier.extract.resolve import Resolver
from newsdossier.nlp import load_nlp, parse_many


def main(argv: list[str]) -> int:
    split, docs = cleaned_documents(argv)
    load_nlp()
    find_mentions("warm-up", next(parse_many([("Mr. Warm Up said so.", [(0, 20)])])))
    t0 = time.perf_counter()
    sdocs = list(parse_many([(d.text, d.body) for d in docs]))
    parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    mentions = [find_mentions(d.id, sd) for d, sd in zip(docs, sdocs)]
    entities = time.perf_counter() - t0
    t0 = time.perf_counter()
    for d, sd, ms in zip(docs, sdocs, mentions):
        Resolver(d.text, sd, ms, d.body)
    resolver = time.perf_counter() - t0
    print(f"command: .venv/bin/python -m benchmarks.resolver_cost {' '.join(argv)}".rstrip())
    print(f"PolNeAR {split}: {len(docs)} documents, {sum(map(len, mentions))} mentions")
    print(f"spaCy parse {parse:.2f}s; entities (find + resolve names) {entities:.2f}s = {entities / parse:.3f} "
          f"of the parse; resolver per document {resolver:.2f}s = {resolver / parse:.3f} of the parse")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
