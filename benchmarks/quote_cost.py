"""Cost of quote extraction relative to the spaCy parse of the same documents (issue 14, RECORD 5).

    .venv/bin/python -m benchmarks.quote_cost [--split dev|train] [--limit N]

Cleans the PolNeAR texts as `build` does, parses their bodies with spaCy (timed), then runs entity
mentions + quote extraction on the parsed documents (quote extraction timed on its own: the rules,
the learned attributions and the statements).
Aim: quote time / parse time <= 0.10.
"""
from __future__ import annotations

import sys
import time

from benchmarks.polnear_gate import cleaned_documents
from newsdossier.extract.entities import find_mentions
from newsdossier.extract.quotes import find_quotes
from newsdossier.nlp import load_nlp, parse_many


def main(argv: list[str]) -> int:
    split, docs = cleaned_documents(argv)
    load_nlp()
    t0 = time.perf_counter()
    sdocs = list(parse_many([(d.text, d.body) for d in docs]))
    parse = time.perf_counter() - t0
    mentions = [find_mentions(d.id, sd) for d, sd in zip(docs, sdocs)]
    t0 = time.perf_counter()
    n = 0
    for d, sd, ms in zip(docs, sdocs, mentions):
        n += len(find_quotes(d.id, d.text, sd, ms, d.body))
    quotes = time.perf_counter() - t0
    print(f"command: .venv/bin/python -m benchmarks.quote_cost {' '.join(argv)}".rstrip())
    print(f"PolNeAR {split}: {len(docs)} documents, {n} quotes")
    print(f"spaCy parse {parse:.2f}s, quote extraction {quotes:.2f}s, ratio {quotes / parse:.3f} (aim <= 0.10)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
